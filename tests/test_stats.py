"""Statistics as numbers: every cell of every expected file in tests/data/stats/, the value
grammar, the layouts (rowspan/colspan/<br>/letter spacing/&nbsp;), text lines, prose with its
sentence, the checks, and the archive tables and wide view."""
import json

import pytest

from xxgk.archive.stats import save_report_stats
from xxgk.archive.store import ensure_db_shape, save_attachment_file, save_report
from bench.stats import CASES as CASE_DIR
from bench.stats import case_input, cases, expected_cells, parse_case, parsed_cells
from xxgk.extract import extract_report
from xxgk.extract.stats import check_stats, codes, parse_stats_html, parse_stats_prose, parse_stats_text
from xxgk.extract.stats.values import chinese_number, parse_value
from support import new_archive

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
    failed = [[k.code, k.expected, k.actual] for k in checks if k.status == "failed"]
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


# --- tables cut across <table>s, sections sharing one <table> ---------------------------------

APPLICANT_HEAD = """<tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
<td colspan="7">申请人情况</td></tr><tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"""
# (label cells, natural-person count); every other applicant column is 0, 总计 equals 自然人
APPLICATION_ROWS = [
    ('<td colspan="3">一、本年新收政府信息公开申请数量</td>', 5, "new"),
    ('<td colspan="3">二、上年结转政府信息公开申请数量</td>', 1, "carried_over"),
    ('<td rowspan="4">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>', 2, "granted"),
    ('<td rowspan="3">（三）不予公开</td><td>1.属于国家秘密</td>', 0, "denied_state_secret"),
    ("<td>5.属于三类内部事务信息</td>", 1, "denied_internal"),
    ("<td>6.属于四类过程性信息</td>", 1, "denied_process"),
    # --- a new <table> starts here in the split layout: label columns left blank, no header
    ('<td>&nbsp;</td><td rowspan="2">（四）无法提供</td><td>1.本机关不掌握相关政府信息</td>', 1, "unable_not_held"),
    ("<td>&nbsp;</td><td>3.补正后申请内容仍不明确</td>", 0, "unable_unclear"),
    ('<td>&nbsp;</td><td colspan="2">（六）其他处理</td>', 0, "other"),
    ('<td>&nbsp;</td><td colspan="2">（七）总计</td>', 5, "total"),
    ('<td colspan="3">四、结转下年度继续办理</td>', 1, "carried_forward"),
]


def _app_rows(rows):
    return "".join(f"<tr>{labels}<td>{n}</td>" + "<td>0</td>" * 5 + f"<td>{n}</td></tr>" for labels, n, _ in rows)


def _app_cells(cells):
    return {c.row_code: (c.value, c.col_label) for c in cells
            if c.section == "applications" and c.col_code == "natural_person"}


def test_headerless_continuation_table_reads_with_the_previous_tables_columns():
    cut = 6
    head = APPLICANT_HEAD.replace("自然人", "自&nbsp;然&nbsp;人")
    html = (f"<table>{head}{_app_rows(APPLICATION_ROWS[:cut])}</table><p>（续表）</p>"
            f"<table>{_app_rows(APPLICATION_ROWS[cut:])}</table>")
    cells = parse_stats_html(html)
    got = _app_cells(cells)
    assert {row: v for row, (v, _) in got.items()} == {code: n for _, n, code in APPLICATION_ROWS}
    assert got["unable_not_held"][1] == "自 然 人"  # the first table's header, not the standard order
    assert len([c for c in cells if c.row_code == "unable_not_held"]) == 7
    checks = check_stats(cells)
    assert all(k.ok for k in checks if k.code.startswith("identity:"))
    # the test table leaves out rows of the form (（二）部分公开, （五）不予处理 …): sums unknown, not failed
    assert {k.status for k in checks if k.code.startswith("sum:")} == {"unknown"}


def test_table_cut_in_three_carries_columns_and_row_groups():
    rows = APPLICATION_ROWS
    html = "".join(f"<table>{APPLICANT_HEAD if k == 0 else ''}{_app_rows(rows[a:b])}</table>"
                   for k, (a, b) in enumerate([(0, 4), (4, 8), (8, len(rows))]))
    got = _app_cells(parse_stats_html(html))
    assert {row: v for row, (v, _) in got.items()} == {code: n for _, n, code in rows}


def test_2021_other_handling_group_continues_in_the_next_table():
    first = [('<td colspan="3">一、本年新收政府信息公开申请数量</td>', 2, "new"),
             ('<td rowspan="2">三、本年度办理结果</td><td rowspan="2">（六）其他处理</td>'
              "<td>1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请</td>", 1, "other_no_correction")]
    rest = [("<td></td><td></td><td>2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请</td>", 0,
             "other_no_fee"), ("<td></td><td></td><td>3.其他</td>", 1, "other_other"),
            ('<td></td><td colspan="2">（七）总计</td>', 2, "total")]
    html = f"<table>{APPLICANT_HEAD}{_app_rows(first)}</table><table>{_app_rows(rest)}</table>"
    got = _app_cells(parse_stats_html(html, 2021))
    assert {row: v for row, (v, _) in got.items()} == {code: n for _, n, code in first + rest}
    assert {c.format for c in parse_stats_html(html, 2021)} == {"2021"}


def test_continuation_needs_a_table_just_before_and_no_header_of_its_own():
    tail = f"<table>{_app_rows(APPLICATION_ROWS[6:])}</table>"
    between = f"<table>{APPLICANT_HEAD}{_app_rows(APPLICATION_ROWS[:6])}</table><table><tr><td>联系电话</td></tr></table>"
    got = _app_cells(parse_stats_html(between + tail))
    assert "denied_internal" in got
    # the tail still reads (its own 总计/结转 rows classify it) but in the standard column order
    assert got["total"] == (5, codes.COLS["natural_person"][0])
    # a second full table (its own header) is not glued onto the first: the first printing wins
    twice = f"<table>{APPLICANT_HEAD}{_app_rows(APPLICATION_ROWS)}</table>" * 2
    assert len(parse_stats_html(twice)) == len(parse_stats_html(twice[: len(twice) // 2]))


def test_review_header_and_numbers_in_two_tables():
    head = ("<table><tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr><tr>"
            + "".join(f"<td rowspan=2>{h}</td>" for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
            + "<td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr><tr>"
            + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>" * 2 + "</tr></table>")
    data = "<table><tr>" + "".join(f"<td>{v}</td>" for v in "1 0 0 1 2 0 0 0 0 0 0 1 0 0 1".split()) + "</tr></table>"
    cells = {(c.row_code, c.col_code): c.value for c in parse_stats_html(head + data)}
    assert len(cells) == 15 and cells[("reconsideration", "total")] == 2
    assert cells[("lawsuit_after_reconsideration", "corrected")] == 1


def test_sections_two_three_and_four_in_one_table():
    html = ('<table><tr><td colspan="10"><b>二、主动公开政府信息情况</b></td></tr>'
            '<tr><td colspan="4">第二十条第（一）项</td></tr>'
            "<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>"
            "<tr><td>规范性文件</td><td>4</td><td>3</td><td>20</td></tr>"
            '<tr><td colspan="4">第二十条第（九）项</td></tr>'
            "<tr><td>信息内容</td><td>采购项目数量</td><td>采购总金额</td><td></td></tr>"
            "<tr><td>政府集中采购</td><td>2</td><td>5000元</td><td></td></tr>"
            '<tr><td colspan="10"><b>三、收到和处理政府信息公开申请情况</b></td></tr>'
            f"{APPLICANT_HEAD}{_app_rows(APPLICATION_ROWS)}"
            '<tr><td colspan="15">四、政府信息公开行政复议、行政诉讼情况</td></tr>'
            "<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr><tr>"
            + "".join(f"<td rowspan=2>{h}</td>" for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
            + "<td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr><tr>"
            + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>" * 2 + "</tr><tr>"
            + "".join(f"<td>{v}</td>" for v in "0 1 0 0 1 2 0 0 0 2 0 0 0 0 0".split()) + "</tr>"
            '<tr><td colspan="15">五、存在的主要问题及改进情况</td></tr><tr><td colspan="15">人员不足。</td></tr></table>')
    cells = parse_stats_html(html)
    value = {(c.section, c.row_code, c.col_code): c.value for c in cells}
    assert value[("active", "normative_docs", "disclosed_total")] == 20
    assert value[("active", "procurement", "amount")] == 5000
    assert _app_cells(cells)["unable_not_held"] == (1, "自然人")
    assert value[("review", "lawsuit_direct", "total")] == 2 and value[("review", "reconsideration", "corrected")] == 1
    assert {c.section for c in cells} == {"active", "applications", "review"}
    assert len([c for c in cells if c.section == "review"]) == 15
    checks = check_stats(cells)
    assert all(k.ok for k in checks if not k.code.startswith("sum:"))
    assert {k.status for k in checks if k.code.startswith("sum:")} == {"unknown"}  # rows left out


def test_section_boundaries_by_header_rows_without_headings():
    html = ("<table><tr><td colspan=4>第二十条第（一）项</td></tr>"
            "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
            "<tr><td>规章</td><td>1</td><td>0</td><td>7</td></tr>"
            f"{APPLICANT_HEAD}{_app_rows(APPLICATION_ROWS[:2])}</table>")
    value = {(c.section, c.row_code, c.col_code): c.value for c in parse_stats_html(html)}
    assert value[("active", "regulations", "in_force")] == 7
    assert value[("applications", "carried_over", "natural_person")] == 1
    assert value[("applications", "new", "total")] == 5


# --- Chinese numerals and zero statements in prose ----------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("零", 0), ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十五", 25), ("两百", 200),
    ("一百零五", 105), ("一百一十", 110), ("一千零二十四", 1024), ("一千零五十", 1050), ("九千九百九十九", 9999),
    ("十万", 100000), ("三万五千", 35000), ("五万零三百", 50300), ("十二万三千四百五十六", 123456),
    ("一百万", 1000000),
    ("", None), (None, None), ("万", None), ("百", None), ("十十", None), ("十百", None), ("一百十", None),
    ("二〇一五", None), ("两三", None), ("一零", None), ("一百五", None), ("三万五", None), ("五件", None),
    ("12", None)])
def test_chinese_number(text, value):
    assert chinese_number(text) == value


def _prose(text):
    return {(c.row_code): (c.value, c.unit) for c in parse_stats_prose(text)}


@pytest.mark.parametrize("text,row,value,unit", [
    ("组织业务培训两次，参训人员八十五人次。", "trainings", 2, "次"),
    ("组织业务培训两次，参训人员八十五人次。", "trainees", 85, "人次"),
    ("全年开展十二次信息公开培训。", "trainings", 12, "次"),
    ("全年共收到政府信息公开申请一百零五件。", "new", 105, "件"),
    ("主动公开政府信息一千零二十四条。", "proactive_items", 1024, "条"),
    ("本年度被申请行政复议一件，未发生因政府信息公开提起的行政诉讼。", "reconsideration", 1, "件"),
    ("收取信息公开费用五千元。", "fees_charged", 5000, "元"),
])
def test_prose_quantities_in_chinese_numerals(text, row, value, unit):
    assert _prose(text)[row] == (value, unit)


@pytest.mark.parametrize("text,row", [
    ("第一次信息公开培训在三月举行。", "trainings"),         # an ordinal
    ("培训中推行一次性告知制度。", "trainings"),              # 一次性 is not a count
    ("收到和处理政府信息公开申请情况等六个部分。", "new"),      # the report's own structure
    ("主动公开政府信息二〇一五条。", "proactive_items"),      # not a number with place units
])
def test_prose_words_that_are_not_quantities(text, row):
    assert row not in _prose(text)


@pytest.mark.parametrize("text", [
    "我局未收取政府信息公开相关费用。", "未收取任何费用。", "没有收取信息公开费用。", "本年度无信息公开收费。",
    "无收费情况。", "依申请公开不收取费用。", "未收取信息处理费。", "全年均未收费。", "依法免收相关费用。"])
def test_prose_zero_fee_phrasings(text):
    assert _prose(text)["fees_charged"] == (0, "元")


@pytest.mark.parametrize("text", [
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "未来将进一步规范收费行为。", "无论是否收费，均依法答复。"])
def test_prose_fee_words_that_are_not_zero_fees(text):
    assert "fees_charged" not in _prose(text)


# --- archive -----------------------------------------------------------------------------------

@pytest.fixture
def db():
    return new_archive()


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
    year = db.execute("select report_year from reports where id = ?", [rid]).fetchone()[0]
    save_attachment_file(db, report_id=rid, url="http://127.0.0.1/a.docx", sha256="ab" * 32, mime=None,
                         size=1, path=None, text=text, text_status="ok",
                         stats=parse_stats_text(text, year))
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


def test_a_table_of_disclosure_fees_collected_gives_the_amount():
    from xxgk.extract.stats import parse_stats_html
    page = ("<table><tr><td colspan=3>信息处理费收取情况</td></tr><tr><td>发出收费通知书（件）</td>"
            "<td>实际收取金额（万元）</td><td>减免金额</td></tr><tr><td>2</td><td>0.12</td><td>0</td>"
            "</tr></table>")
    fees = [c for c in parse_stats_html(page) if c.section == "fees"]
    assert [(c.row_code, c.value, c.unit, c.raw) for c in fees] == [("fees_charged", 0.12, "万元", "0.12")]
    administrative = page.replace("信息处理费收取情况", "行政事业性收费")
    assert not [c for c in parse_stats_html(administrative) if c.section == "fees"]
