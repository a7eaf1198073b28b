"""Checks that don't lie (docs/field-rules.md, Statistics tables, Checks): a check that needs a cell
the parser did not read is unknown, not failed; a printed inconsistency is still failed; cells
printed empty count as 0; the stored rows carry the status, and an older archive gets the column."""
import json

import pytest
import sqlite_utils

from bench.stats import cases, parse_case
from xxgk.archive.stats import CHECK_COLUMNS, CHECKS_PK, ensure_stats_shape, save_report_stats
from xxgk.extract.stats import check_stats, parse_stats_html, parse_stats_text
from xxgk.extract.stats.model import Check, StatCell
from support import new_archive

# section 三 as a PDF's text lines give it: (row label, 自然人 = 总计; the five 法人 columns 0)
ROWS = [("一、本年新收政府信息公开申请数量", 5), ("二、上年结转政府信息公开申请数量", 1),
        ("三、本年度办理结果 （一）予以公开", 2), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
        ("（三）不予公开 1.属于国家秘密", 1), ("2.其他法律行政法规禁止公开", 0), ("3.危及“三安全一稳定”", 0),
        ("4.保护第三方合法权益", 0), ("5.属于三类内部事务信息", 0), ("6.属于四类过程性信息", 0),
        ("7.属于行政执法案卷", 0), ("8.属于行政查询事项", 0),
        ("（四）无法提供 1.本机关不掌握相关政府信息", 1), ("2.没有现成信息需要另行制作", 0), ("3.补正后申请内容仍不明确", 0),
        ("（五）不予处理 1.信访举报投诉类申请", 0), ("2.重复申请", 0), ("3.要求提供公开出版物", 0),
        ("4.无正当理由大量反复申请", 0), ("5.要求行政机关确认或重新出具已获取信息", 0),
        ("（六）其他处理", 0), ("（七）总计", 5), ("四、结转下年度继续办理", 1)]
REVIEW = "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n{}"


def _text(rows, review="1 1 0 0 2 0 0 0 1 1 0 0 0 0 0"):
    lines = "\n".join(f"{label} {n} 0 0 0 0 0 {n}" for label, n in rows)
    return f"三、收到和处理政府信息公开申请情况\n{lines}\n" + (REVIEW.format(review) if review else "")


def _by_code(checks):
    return {k.code: k for k in checks}


def _status(checks):
    return {k.code: k.status for k in checks}


def test_the_complete_table_passes_every_check():
    checks = check_stats(parse_stats_text(_text(ROWS), 2020))
    assert len(checks) == 7 * 2 + 23 + 3 and {k.status for k in checks} == {"ok"}
    assert all(k.ok is True and "missing" not in k.detail for k in checks)


def test_a_dropped_row_makes_the_checks_that_need_it_unknown_not_failed():
    rows = [r for r in ROWS if not r[0].startswith("（二）部分公开")]  # the PDF reader lost this line
    cells = parse_stats_text(_text(rows), 2020)
    assert cells and all(c.method == "text" for c in cells)
    checks = _by_code(check_stats(cells))
    assert not [k.code for k in checks.values() if k.status == "failed"]
    for col in ("natural_person", "business", "total"):
        k = checks[f"sum:{col}"]
        assert (k.status, k.ok, k.expected, k.actual) == ("unknown", None, None, None)
        assert k.detail["missing"] == [f"partly_granted:{col}"]
        assert k.detail["actual_from"] == {"total": 5 if col != "business" else 0}
    assert checks["identity:total"].status == "ok"  # needs no cell of that row
    assert "row_total:partly_granted" not in checks  # nothing of the row to check
    assert checks["review_total:reconsideration"].status == "ok"


def test_a_dropped_total_row_and_a_dropped_column():
    rows = [r for r in ROWS if r[0] != "（七）总计"]
    checks = _by_code(check_stats(parse_stats_text(_text(rows), 2020)))
    assert checks["identity:total"].detail["missing"] == ["total:total"]
    assert checks["sum:total"].detail["missing"] == ["total:total"]
    assert {s for c, s in _status(checks.values()).items() if c.startswith(("identity:", "sum:"))} == {"unknown"}
    assert checks["row_total:granted"].status == "ok"

    full = parse_stats_text(_text(ROWS), 2020)
    no_research = [c for c in full if c.col_code != "research"]  # a column the reader lost
    checks = _by_code(check_stats(no_research))
    assert checks["row_total:new"].status == "unknown"
    assert checks["row_total:new"].detail["missing"] == ["new:research"]
    assert "identity:research" not in checks and checks["identity:total"].status == "ok"


def test_a_dropped_review_group_is_unknown_only_for_that_group():
    cells = [c for c in parse_stats_text(_text(ROWS), 2020)
             if (c.section, c.row_code) != ("review", "lawsuit_after_reconsideration")]
    checks = _by_code(check_stats(cells))
    k = checks["review_total:lawsuit_after_reconsideration"]
    assert k.status == "unknown" and k.detail["missing"] == [
        "lawsuit_after_reconsideration:upheld", "lawsuit_after_reconsideration:corrected",
        "lawsuit_after_reconsideration:other_result", "lawsuit_after_reconsideration:pending",
        "lawsuit_after_reconsideration:total"]
    assert checks["review_total:reconsideration"].status == "ok"
    assert checks["review_total:lawsuit_direct"].status == "ok"


def test_printed_inconsistencies_still_fail():
    # section 四: 行政复议 总计 printed 0 beside 维持 1 + 纠正 1 + 尚未审结 1
    checks = _by_code(check_stats(parse_stats_text(_text(ROWS, "1 1 0 1 0 0 0 0 0 0 0 0 0 0 0"), 2020)))
    k = checks["review_total:reconsideration"]
    assert (k.status, k.ok, k.expected, k.actual) == ("failed", False, 3, 0)
    assert k.detail["actual_from"] == {"total": 0} and "missing" not in k.detail
    # section 三: 5 new + 1 carried over, but 5 handled + 2 carried forward, every cell printed
    rows = [(label, 2 if label.startswith("四、") else n) for label, n in ROWS]
    k = _by_code(check_stats(parse_stats_text(_text(rows), 2020)))["identity:total"]
    assert (k.status, k.ok, k.expected, k.actual) == ("failed", False, 6, 7)


def test_cells_printed_empty_count_as_zero():
    rows = [(label, "/" if n == 0 else n) for label, n in ROWS]
    text = "三、收到和处理政府信息公开申请情况\n" + "\n".join(
        f"{label}\t{n}\t\t\t/\t\t\t{n}" for label, n in rows)
    cells = parse_stats_text(text, 2020)
    assert [c for c in cells if c.value is None and c.raw == "/"]
    assert {k.status for k in check_stats(cells)} == {"ok"}


@pytest.mark.parametrize("every_row", [False, True])
def test_a_position_covered_by_an_empty_span_counts_as_zero(every_row):
    head = ("<tr><td colspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td>自然人</td>"
            "<td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>")
    spans = "<td colspan=5>&nbsp;</td>"  # 商业企业 … 其他 as one empty cell, as real tables print them
    full = "<td>0</td>" * 5 if not every_row else spans  # else one row (予以公开) prints every column
    body = "".join(f"<tr><td colspan=3>{label}</td><td>{n}</td>{full if n == 2 else spans}"
                   f"<td>{n}</td></tr>" for label, n in ROWS)
    cells = parse_stats_html(f"<p>三、收到和处理政府信息公开申请情况</p><table>{head}{body}</table>")
    assert [c.row_code for c in cells if c.col_code == "research"] == ([] if every_row else ["granted"])
    checks = check_stats(cells)
    assert checks and {k.status for k in checks} == {"ok"}


def _cells(fmt, other_rows):
    rows = {"new": 3, "carried_over": 0, "granted": 2, **other_rows, "total": 3, "carried_forward": 0}
    rows.update({r: 0 for r in ("partly_granted", "denied_state_secret", "denied_law", "denied_three_safety",
                                "denied_third_party", "denied_internal", "denied_process",
                                "denied_enforcement_file", "denied_inquiry", "unable_not_held",
                                "unable_need_create", "unable_unclear", "not_processed_petition",
                                "not_processed_repeat", "not_processed_publication", "not_processed_massive",
                                "not_processed_confirm")})
    return [StatCell("applications", r, c, n if c in ("natural_person", "total") else 0, "件", str(n),
                     format=fmt)
            for r, n in rows.items() for c in ("natural_person", "business", "research", "public_interest",
                                                "legal_services", "other_org", "total")]


@pytest.mark.parametrize("fmt,other,status", [
    ("2019", {"other": 1}, "ok"),
    ("2021", {"other_no_correction": 1, "other_no_fee": 0, "other_other": 0}, "ok"),
    ("2021", {"other": 1}, "ok"),  # （六） printed as one row in a 2021 table: the row it printed
    ("2019", {}, "unknown"),
    ("2021", {"other_no_correction": 1, "other_no_fee": 0}, "unknown"),
])
def test_the_other_handling_rows_as_the_table_prints_them(fmt, other, status):
    k = _by_code(check_stats(_cells(fmt, other)))["sum:total"]
    assert k.status == status, k
    if fmt == "2021" and status == "unknown":
        assert k.detail["missing"] == ["other_other:total"]


def test_complete_bench_tables_have_no_unknown_checks():
    for name, case in cases():
        assert "unknown" not in {k.status for k in check_stats(parse_case(case))}, name


def test_check_status_follows_ok():
    assert [Check("x", ok, None, None).status for ok in (True, False, None)] == ["ok", "failed", "unknown"]
    assert Check("x", None, None, None, {}, "unknown").as_dict()["status"] == "unknown"
    with pytest.raises(ValueError):
        Check("x", True, 1, 1, {}, "unknown")


def test_stored_check_rows_carry_the_status(tmp_path):
    db = new_archive(tmp_path / "archive.db")
    db["reports"].insert({"id": "r1", "url": "http://a.gov.cn/1.html"}, alter=True)
    rows = [r for r in ROWS if not r[0].startswith("（二）部分公开")]
    cells = parse_stats_text(_text(rows, "1 1 0 1 0 0 0 0 0 0 0 0 0 0 0"), 2020)
    assert save_report_stats(db, "r1", 2020, cells) == len(cells)
    stored = {r["check_code"]: r for r in db.query("select * from report_stat_checks where report_id = 'r1'")}
    unknown = stored["sum:total"]
    assert (unknown["status"], unknown["ok"], unknown["expected"], unknown["actual"]) == ("unknown", None, None, None)
    assert json.loads(unknown["detail"])["missing"] == ["partly_granted:total"]
    failed = stored["review_total:reconsideration"]
    assert (failed["status"], failed["ok"], failed["expected"], failed["actual"]) == ("failed", 0, 3, 0)
    assert (stored["identity:total"]["status"], stored["identity:total"]["ok"]) == ("ok", 1)
    assert {r["status"] for r in stored.values()} == {"ok", "failed", "unknown"}
    wide = next(db.query("select * from report_stats_wide where report_id = 'r1'"))
    assert (wide["checks_failed"], wide["checks_unknown"], wide["methods"]) == (1, 7, "text")
    save_report_stats(db, "r1", 2020, cells)  # saving twice gives the same rows
    assert db["report_stat_checks"].count == len(stored)


def test_an_older_archive_gets_the_status_column(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.db")
    old = {k: v for k, v in CHECK_COLUMNS.items() if k != "status"}
    db["report_stat_checks"].insert_all([
        {"report_id": "r1", "source": "page", "check_code": "identity:total", "ok": 1, "expected": 3,
         "actual": 3, "detail": "{}"},
        {"report_id": "r1", "source": "page", "check_code": "sum:total", "ok": 0, "expected": 3,
         "actual": 2, "detail": "{}"}], pk=CHECKS_PK, columns=old)
    db["reports"].insert({"id": "r1"}, pk="id")
    ensure_stats_shape(db)
    assert db["report_stat_checks"].columns_dict["status"] is str
    assert {r["check_code"]: r["status"] for r in db["report_stat_checks"].rows} == {
        "identity:total": "ok", "sum:total": "failed"}
    assert ["status"] in [i.columns for i in db["report_stat_checks"].indexes]
    ensure_stats_shape(db)  # idempotent
    assert db["report_stat_checks"].count == 2


def _pdf_cases():
    try:
        from bench import pdf_tables
    except ImportError:  # the PDF tables benchmark is not in this checkout
        return []
    return [(name, case, reader) for name, case in pdf_tables.cases() for reader in pdf_tables.READERS]


@pytest.mark.parametrize("name,case,reader", _pdf_cases(), ids=[f"{n}:{r}" for n, _, r in _pdf_cases()])
def test_pdf_readings_fail_only_the_printed_inconsistencies(name, case, reader):
    """The generated report PDFs (tests/data/pdf_tables): the text-lines reader drops rows, which
    leaves checks unknown, never failed; the layout reader reads every cell, so exactly the planted
    inconsistency fails."""
    from bench.pdf_tables import pdf_bytes, read_cells

    cells, _ = read_cells(reader, pdf_bytes(case), case["report_year"])
    checks = check_stats(cells)
    failed = [k.code for k in checks if k.status == "failed"]
    assert set(failed) <= set(case["failed_checks"]), failed
    if reader == "layout":
        assert failed == case["failed_checks"] and "unknown" not in {k.status for k in checks}
