"""Statistics as numbers: every cell of every expected file in tests/data/stats/, the value
grammar, the layouts (rowspan/colspan/<br>/letter spacing/&nbsp;), text lines, prose with its
sentence, the checks, and the archive tables and wide view."""
import json

import pytest
import sqlite_utils

from archive.stats import save_report_stats
from archive.store import ensure_db_shape, save_attachment_file, save_report
from bench.stats import CASES as CASE_DIR
from bench.stats import case_input, cases, expected_cells, parse_case, parsed_cells
from extract import extract_report
from extract.stats import check_stats, codes, parse_stats_html, parse_stats_prose, parse_stats_text
from extract.stats.values import parse_value

CASES = cases()


@pytest.mark.parametrize("name,case", CASES, ids=[n for n, _ in CASES])
def test_every_expected_cell(name, case):
    cells = parse_case(case)
    want, got = expected_cells(case), parsed_cells(cells)
    assert len(got) == len(cells), "one cell per (section, row, col)"
    assert sorted(got) == sorted(want)
    for key, value in want.items():
        assert got[key] == value, key
    formats = {c.format for c in cells if c.method != "prose"} or {"prose"}
    assert formats == {case["format"]}


@pytest.mark.parametrize("name,case", CASES, ids=[n for n, _ in CASES])
def test_every_prose_number_keeps_its_sentence(name, case):
    cells = {(c.section, c.row_code, c.col_code): c for c in parse_case(case)}
    for section, row, col, _value, _unit, words in case["prose"]:
        cell = cells[(section, row, col)]
        assert cell.method == "prose" and cell.format == "prose"
        assert words in cell.sentence


@pytest.mark.parametrize("name,case", CASES, ids=[n for n, _ in CASES])
def test_checks_fail_exactly_where_expected_with_their_numbers(name, case):
    checks = check_stats(parse_case(case))
    failed = [[k.code, k.expected, k.actual] for k in checks if not k.ok]
    assert failed == case["failed_checks"]
    if case["format"] != "prose":
        assert any(k.code == "identity:total" for k in checks)


def test_failed_identity_keeps_every_number():
    case = dict(CASES)["longgang_messy_2020"]
    check = next(k for k in check_stats(parse_case(case)) if k.code == "identity:total")
    assert not check.ok and (check.expected, check.actual) == (37, 36)
    assert check.detail["expected_from"] == {"new": 34, "carried_over": 3}
    assert check.detail["actual_from"] == {"total": 34, "carried_forward": 2}


@pytest.mark.parametrize("raw,value,unit", [
    ("12", 12, None), ("1,024", 1024, None), ("增加5", 5, None), ("减少2", -2, None), ("+1", 1, None),
    ("-3", -3, None), ("3405820元", 3405820, "元"), ("2386.4万元", 2386.4, "万元"), ("１２", 12, None),
    ("/", None, None), ("\xa0", None, None), ("", None, None), ("—", None, None), ("无", 0, None),
    (" 7 件", 7, "件"), ("见附件", None, None)])
def test_value_grammar(raw, value, unit):
    assert parse_value(raw) == (value, unit)


def test_layout_quirks_in_one_table():
    html = """<table><tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
    <td colspan="7">申请人情况</td></tr><tr><td rowspan="2">自&nbsp;然&nbsp;人</td><td colspan="5">法人或其他组织</td>
    <td rowspan="2">总　计</td></tr><tr><td>商业<br>企业</td><td>科研<br/>机构</td><td>社会公益<br>组织</td>
    <td>法律服务<br>机构</td><td>其 他</td></tr>
    <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>3</td><td colspan="5">&nbsp;</td><td>3</td></tr></table>"""
    cells = {c.col_code: c for c in parse_stats_html(html)}
    assert list(cells) == ["natural_person", "business", "total"]  # the merged cell counts once
    assert (cells["natural_person"].value, cells["business"].value, cells["total"].value) == (3, None, 3)
    assert cells["business"].raw == "" and cells["natural_person"].col_label == "自 然 人"
    assert cells["total"].row_label == "一、本年新收政府信息公开申请数量"


def test_overlong_rowspan_does_not_shift_the_last_row():
    case = dict(CASES)["longgang_2019"]  # the fixture's 三、本年度办理结果 rowspan covers 四、 too
    cells = parsed_cells(parse_case(case))
    assert cells[("applications", "carried_forward", "natural_person")] == (2, "件")
    assert cells[("applications", "carried_forward", "business")] == (None, None)


def test_text_lines_letter_spaced_review_header():
    text = "四、政府信息公开行政复议、行政诉讼情况\n行 政 复 议 行 政 诉 讼\n" + " ".join("3 0 1 0 4 0 0 0 0 0 1 0 0 0 1".split())
    cells = {(c.row_code, c.col_code): c.value for c in parse_stats_text(text, 2020)}
    assert cells[("reconsideration", "total")] == 4 and cells[("lawsuit_after_reconsideration", "upheld")] == 1
    assert all(c.method == "text" for c in parse_stats_text(text, 2020))


def test_prose_zero_statements_and_decoys():
    text = ("2016年，本局未收到政府信息公开申请。本报告所列数据的统计期限为2016年1月1日至12月31日。"
            "较2015年增长12.5%。联系电话：0418-2822345。全年办理行政复议案件326件。")
    cells = {(c.row_code): c for c in parse_stats_prose(text)}
    assert set(cells) == {"new"} and cells["new"].value == 0
    assert cells["new"].sentence == "2016年，本局未收到政府信息公开申请。"


def test_codes_documented_in_both_languages():
    for code, (section, zh, en) in codes.ROWS.items():
        assert section in codes.SECTIONS and zh and en
    for code, (zh, en, _unit) in codes.COLS.items():
        assert zh and en


def test_non_report_page_and_plain_page_have_no_stats():
    assert parse_stats_html("<html><body><p>你好</p><table><tr><td>a</td></tr></table></body></html>") == []
    assert parse_stats_html(b"") == []
    assert parse_stats_text("") == [] and parse_stats_prose("") == []


# --- archive -----------------------------------------------------------------------------------

@pytest.fixture
def db():
    database = sqlite_utils.Database(memory=True)
    ensure_db_shape(database)
    return database


def _save(db, case_name):
    case = dict(CASES)[case_name]
    record = extract_report(case_input(case), "http://127.0.0.1/" + case["page"])
    return save_report(db, record, fetch={"url": record["url"], "http_status": 200})


def test_saved_cells_checks_and_wide_view(db):
    rid = _save(db, "longgang_messy_2020")
    _save(db, "longgang_messy_2020")  # saving twice gives the same rows
    rows = list(db.query("select * from report_stats where report_id = ?", [rid]))
    assert len(rows) == 127 and {r["source"] for r in rows} == {"page"}
    cell = next(r for r in rows if (r["row_code"], r["col_code"]) == ("procurement", "amount"))
    assert (cell["value"], cell["unit"], cell["raw"], cell["method"], cell["format"], cell["report_year"]) == (
        3405820, "元", "3405820元", "table", "2019", 2020)
    failed = list(db.query("select * from report_stat_checks where report_id = ? and ok = 0", [rid]))
    assert [(r["check_code"], r["expected"], r["actual"]) for r in failed] == [
        ("identity:total", 37, 36), ("row_total:carried_forward", 3, 2)]
    assert json.loads(failed[0]["detail"])["actual_from"] == {"total": 34, "carried_forward": 2}
    wide = next(db.query("select * from report_stats_wide where report_id = ?", [rid]))
    assert (wide["agency"], wide["report_year"], wide["format"]) == ("深圳市龙岗区法律援助处", 2020, "2019")
    assert (wide["applications_new"], wide["granted"], wide["denied"], wide["unable"], wide["applications_total"],
            wide["carried_forward"], wide["reconsiderations"], wide["lawsuits"], wide["proactive_items"],
            wide["checks_failed"]) == (34, 20, 1, 5, 34, 2, 2, 1, 318, 2)


def test_prose_report_in_wide_view(db):
    rid = _save(db, "longgang_prose_2017")
    wide = next(db.query("select * from report_stats_wide where report_id = ?", [rid]))
    assert (wide["format"], wide["proactive_items"], wide["applications_new"], wide["denied"],
            wide["fees_yuan"], wide["trainings"]) == ("prose", 632, 9, 1, 0, 3)
    sentence = db.execute("select sentence from report_stats where report_id = ? and row_code = 'granted'",
                          [rid]).fetchone()[0]
    assert "同意公开6件" in sentence


def test_attachment_text_tables_stored_with_their_source(db):
    rid = _save(db, "longgang_prose_2017")
    text = (CASE_DIR / "docx_2021.txt").read_text(encoding="utf-8")
    save_attachment_file(db, report_id=rid, url="http://127.0.0.1/a.docx", sha256="ab" * 32, mime=None,
                         size=1, path=None, text=text, text_status="ok")
    source = "attachment:http://127.0.0.1/a.docx"
    assert db.execute("select count(*) from report_stats where source = ?", [source]).fetchone()[0] == 200
    wide = next(db.query("select * from report_stats_wide where report_id = ?", [rid]))
    assert (wide["format"], wide["applications_new"], wide["proactive_items"]) == ("2021", 54, 632)


def test_save_report_stats_none_keeps_rows_and_shape_is_idempotent(db):
    rid = _save(db, "longgang_2021")
    before = db["report_stats"].count
    assert save_report_stats(db, rid, 2021, None) == 0 and db["report_stats"].count == before
    ensure_db_shape(db)
    assert db["report_stats"].count == before and "report_stats_wide" in db.view_names()
