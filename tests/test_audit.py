"""report_audit on hand-written archives: realistic 2019+ report texts (heading variants, thin
section 五, fee contradictions, a repeat of last year), image-only pages, a 图解 page and the same
report on two sites; each check flags what the text shows and leaves a clean report alone."""
from __future__ import annotations

import json

import pytest
from support import new_archive

from xxgk.archive.agencies import refresh_agencies
from xxgk.archive.audit import (CHECKS, find_sections, refresh_audit, report_text,
                                section_six_fee, sentence_set)

HEADINGS = {  # style -> the six headings as printed
    "cn": ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
           "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"],
    "paren": ["（一）总体情况", "（二）主动公开政府信息情况", "（三）收到和处理政府信息公开申请情况",
              "（四）政府信息公开行政复议、行政诉讼情况", "（五）存在的主要问题及改进情况", "（六）其他需要报告的事项"],
    "part": ["第一部分 总体情况", "第二部分 主动公开政府信息", "第三部分 收到和处理政府信息公开申请",
             "第四部分 政府信息公开行政复议、行政诉讼", "第五部分 存在的主要问题及改进", "第六部分 其他需要报告的事项"],
    "spaced": ["一 、总 体 情 况", "二．主动公开政府信息", "三．收到和处理政府信息公开申请",
               "四．政府信息公开行政复议、行政诉讼", "五．存在的主要问题及改进情况", "六．其他需要报告的事项"],
}
OVERVIEW = {
    "a": ("{y}年，{ag}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署。\n"
          "（一）主动公开。围绕重点领域信息公开，及时发布政策文件、财政预决算、重大项目建设等信息，通过政府网站发布信息{n}条。\n"
          "（二）依申请公开。严格按照《条例》规定的程序和时限办理政府信息公开申请，全年共受理依申请公开{n}件，均在法定期限内答复。\n"
          "（三）政府信息管理。建立健全政府信息公开审查机制，落实“先审查、后公开”和“一事一审”制度。\n"
          "（四）平台建设。优化政府门户网站政府信息公开专栏，规范栏目设置，完善检索功能。\n"
          "（五）监督保障。将政务公开工作纳入年度目标考核，开展业务培训{n}次。"),
    "b": ("{y}年，{ag}聚焦优化营商环境，把政务公开作为转变政府职能的重要抓手。\n"
          "（一）主动公开。新开设“惠企政策直通车”专题，集中发布减税降费、稳岗就业等政策解读材料{n}篇。\n"
          "（二）依申请公开。修订依申请公开办理规程，引入法律顾问参与答复审核，办理质量明显提高。\n"
          "（三）政府信息管理。完成现行有效规范性文件清理，对失效文件逐件标注效力状态。\n"
          "（四）平台建设。推进政务新媒体矩阵建设，关停整合僵尸账号{n}个。\n"
          "（五）监督保障。邀请人大代表和企业代表担任政务公开监督员，开展社会评议。"),
}
PROBLEMS = ("一是政策解读形式较为单一，图解、视频等多元化解读比例不高；二是基层政务公开标准化规范化"
            "建设还不平衡。下一步，我们将丰富解读形式，加强业务培训，推动基层政务公开提质增效。")
TABLES = ("第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n规范性文件 3 1 25\n"
          "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况\n"
          "一、本年新收政府信息公开申请数量 12 0 0 0 0 0 12\n四、结转下年度继续办理 0 0 0 0 0 0 0\n")


def report_body(agency, year, style="cn", overview="a", problems=PROBLEMS,
                other="本年度未收取信息处理费。", skip=(), n=7):
    parts = [f"本报告由{agency}根据《中华人民共和国政府信息公开条例》要求编制。"]
    texts = [OVERVIEW[overview].format(y=year, ag=agency, n=n), TABLES.split("（本列")[0],
             "（本列" + TABLES.split("（本列")[1], "行政复议 行政诉讼\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
             problems, other]
    for i, (heading, text) in enumerate(zip(HEADINGS[style], texts)):
        if i not in skip:
            parts += [heading, text]
    return "\n".join(parts)


def _site(db, slug, agency="某市人民政府"):
    db["sites"].insert({"slug": slug, "agency": agency, "region": "某市", "region_code": "330900"},
                       pk="slug")


def _report(db, rid, site, agency, year, body, **extra):
    row = {"id": rid, "url": f"http://x/{site}/{rid}", "site_id": site, "agency": agency,
           "report_year": year, "region": "某市", "region_code": "330900", "is_report": 1,
           "title": f"{agency}{year}年政府信息公开工作年度报告", "body": body, "latest_version_id": 0}
    row.update(extra)
    db["reports"].insert(row, alter=True)


def _cells(db, rid, cells, source="page"):
    """cells: (section, row, col, value, raw, method, sentence)."""
    db["report_stats"].insert_all(
        [{"report_id": rid, "source": source, "section": s, "row_code": r, "col_code": c,
          "value": v, "raw": raw, "method": m, "sentence": sent, "unit": "元" if r == "fees_charged"
          else "件", "format": "prose" if m == "prose" else "2021"}
         for s, r, c, v, raw, m, sent in cells])


FULL_TABLE = [("applications", r, "total", v, str(v), "table", None) for r, v in (
    ("new", 12), ("carried_over", 0), ("granted", 8), ("partly_granted", 1), ("denied_state_secret", 1),
    ("denied_process", 2), ("total", 12), ("carried_forward", 0))] + [
    ("review", r, "total", 0, "0", "table", None)
    for r in ("reconsideration", "lawsuit_direct", "lawsuit_after_reconsideration")]


def audit(db, rid) -> dict:
    return {r["check_code"]: r for r in db.query("SELECT * FROM report_audit WHERE report_id = ?", [rid])}


@pytest.fixture
def db(tmp_path):
    db = new_archive(tmp_path / "a.db")
    for slug in ("city", "dept", "mirror"):
        _site(db, slug)
    return db


@pytest.fixture
def archive(db):
    """A clean report with last year's, a 图解 and consistent numbers; a county government that
    repeats last year; thin section 五; fee contradictions both ways; an image-only page; the
    same report on two sites; a pre-2019 report."""
    _report(db, "clean22", "dept", "某市商务局", 2022, report_body("某市商务局", 2022, overview="a"))
    _report(db, "clean23", "dept", "某市商务局", 2023, report_body("某市商务局", 2023, overview="b"))
    _cells(db, "clean23", FULL_TABLE + [
        ("applications", "denied", "total", 3, "不予公开3件", "prose", "不予公开3件。"),
        ("fees", "fees_charged", "amount", 0, "未收取", "prose", "办理申请过程中未收取任何费用。")])
    _report(db, "tujie", "dept", "某市商务局", None, "一图读懂……", is_report=0,
            title="一图读懂｜某市商务局2023年政府信息公开工作年度报告")
    _report(db, "policy", "dept", "某市商务局", 2023, "……", is_report=0, title="《某市促进消费若干措施》政策解读")
    gov = "某市人民政府"
    _report(db, "gov22", "city", gov, 2022, report_body(gov, 2022, n=5))
    _report(db, "gov23", "city", gov, 2023, report_body(gov, 2023, n=9))
    _report(db, "gov23m", "mirror", gov, 2023, report_body(gov, 2023, n=9), url="http://m/gov23")
    _report(db, "thin", "dept", "某市教育局", 2023, report_body("某市教育局", 2023, style="spaced",
                                                                   problems="无。"))
    _report(db, "fee1", "dept", "某市财政局", 2023, report_body("某市财政局", 2023, style="paren"))
    _cells(db, "fee1", [("fees", "fees_charged", "amount", 200, "收取信息处理费200元", "prose",
                         "依申请公开过程中收取信息处理费200元。")])
    _report(db, "fee2", "dept", "某市自然资源局", 2023, report_body(
        "某市自然资源局", 2023, style="part", other="本年度共收取信息处理费150元，均按标准执行。"))
    _cells(db, "fee2", [("fees", "fees_charged", "amount", 0, "未收取", "prose", "本年度不收取任何费用。")])
    _report(db, "scan", "dept", "某市水利局", 2023, "详见附件。")
    db["attachments"].insert_all([{"id": f"p{k}", "report_id": "scan", "url": f"http://x/{k}.jpg",
                                   "role": "page_image"} for k in range(3)])
    _report(db, "old", "dept", "某市商务局", 2017, "2017年，我局认真贯彻落实《条例》……" * 20)
    refresh_agencies(db)
    assert refresh_audit(db) == 10
    return db


def test_clean_report_not_flagged(archive):
    rows = audit(archive, "clean23")
    assert set(rows) == set(CHECKS)
    assert {c: r["ok"] for c, r in rows.items()} == {c: 1 for c in CHECKS}
    assert json.loads(rows["explainer"]["evidence"])["ids"] == ["tujie"]  # not the 政策解读
    assert rows["repeats_last_year"]["value"] < 0.5
    assert json.loads(rows["repeats_last_year"]["evidence"])["previous_ids"] == ["clean22"]
    assert json.loads(rows["prose_vs_table"]["evidence"])["compared"] == 1  # 3 = 1 + 2
    summary = next(archive.query("SELECT * FROM report_audit_summary WHERE report_id = 'clean23'"))
    assert summary["flags"] == 0 and summary["agency"] == "某市商务局" and summary["sections"] == 1


def test_repeats_last_year(archive):
    row = audit(archive, "gov23")["repeats_last_year"]
    assert row["ok"] == 0 and row["value"] > 0.5  # only the numbers changed
    assert json.loads(row["evidence"])["previous_ids"] == ["gov22"]
    assert audit(archive, "gov22")["repeats_last_year"]["ok"] is None  # no 2021 report


def test_duplicate_across_sites(archive):
    row = audit(archive, "gov23")["duplicate_across_sites"]
    evidence = json.loads(row["evidence"])
    assert row["ok"] == 0 and row["value"] == 1.0 and evidence["duplicates"] == ["gov23m"]
    assert audit(archive, "gov23m")["duplicate_across_sites"]["ok"] == 0
    assert audit(archive, "gov22")["duplicate_across_sites"]["ok"] == 1


def test_thin_problems_section(archive):
    rows = audit(archive, "thin")
    assert rows["problems_substance"]["ok"] == 0 and rows["problems_substance"]["value"] == 2
    assert rows["sections"]["ok"] == 1  # 一 、总 体 情 况 / 二．… without 情况


def test_fees_contradictions(archive):
    fee1 = audit(archive, "fee1")["fees_consistent"]
    assert fee1["ok"] == 0 and fee1["value"] == 200
    assert json.loads(fee1["evidence"])["section_6"] == 0
    fee2 = audit(archive, "fee2")["fees_consistent"]
    assert fee2["ok"] == 0 and json.loads(fee2["evidence"])["section_6"] == 150
    assert audit(archive, "gov23")["fees_consistent"]["ok"] is None  # 六 only: nothing to compare


def test_image_only(archive):
    rows = audit(archive, "scan")
    assert rows["readable_text"]["ok"] == 0
    assert json.loads(rows["readable_text"]["evidence"])["page_images"] == 3
    assert rows["sections"]["ok"] is None  # no text: unknown, not "all missing"


def test_ocr_attachment_is_image_only(db):
    _report(db, "pdf", "dept", "某市卫健委", 2023, "")
    text = report_body("某市卫健委", 2023)
    db["attachment_files"].insert({"sha256": "f1", "text": text, "text_status": "ok", "method": "ocr"})
    db["attachments"].insert({"id": "a1", "report_id": "pdf", "url": "http://x/a.pdf", "sha256": "f1"})
    db.execute("UPDATE reports SET attachment_text = ? WHERE id = 'pdf'", [text])
    refresh_audit(db)
    rows = audit(db, "pdf")
    assert rows["readable_text"]["ok"] == 0
    assert rows["sections"]["ok"] == 1  # the attachment's text is audited


def test_missing_sections_and_old_format(archive, db):
    _report(db, "gap", "dept", "某市民政局", 2023, report_body("某市民政局", 2023, skip=(3, 5)))
    refresh_audit(db)
    row = audit(db, "gap")["sections"]
    assert row["ok"] == 0 and row["value"] == 4
    assert json.loads(row["evidence"])["missing"] == ["政府信息公开行政复议、行政诉讼情况", "其他需要报告的事项"]
    old = audit(db, "old")
    assert old["sections"]["ok"] is None and old["problems_substance"]["ok"] is None


def test_blank_cells_and_prose_mismatch(db):
    _report(db, "b", "dept", "某市交通局", 2023, report_body("某市交通局", 2023))
    cells = [c for c in FULL_TABLE if c[1] not in ("granted", "carried_forward")]
    _cells(db, "b", cells + [("applications", "granted", "total", None, "/", "table", None),
                             ("applications", "partly_granted", "natural_person", None, "", "table", None)],
           source="attachment:http://x/b.pdf")
    _cells(db, "b", [("applications", "new", "total", 15, "收到申请15件", "prose", "全年收到申请15件。")])
    refresh_audit(db)
    rows = audit(db, "b")
    blank = json.loads(rows["blank_cells"]["evidence"])
    assert rows["blank_cells"]["ok"] == 0 and rows["blank_cells"]["value"] == 2
    assert blank["raw"] == {"": 1, "/": 1} and blank["missing_required"] == ["applications/carried_forward/total"]
    mismatch = json.loads(rows["prose_vs_table"]["evidence"])["mismatches"]
    assert rows["prose_vs_table"]["ok"] == 0
    assert mismatch == [{"cell": "applications/new/total", "prose": 15, "table": 12,
                         "sentence": "全年收到申请15件。"}]


def test_no_report_agencies_falls_back_to_name(db):
    db.execute("DELETE FROM report_agencies")  # reports no agency rebuild has linked yet
    _report(db, "x22", "dept", " 某市审计局 ", 2022, report_body("某市审计局", 2022))
    _report(db, "x23", "dept", "某市审计局", 2023, report_body("某市审计局", 2023))
    refresh_audit(db)
    assert audit(db, "x23")["repeats_last_year"]["ok"] == 0


def test_refresh_twice_same_rows(archive):
    before = list(archive.query("SELECT * FROM report_audit ORDER BY report_id, check_code"))
    refresh_audit(archive)
    assert list(archive.query("SELECT * FROM report_audit ORDER BY report_id, check_code")) == before
    assert archive.execute("SELECT count(*) FROM report_audit_summary").fetchone()[0] == 10


@pytest.mark.parametrize("style", sorted(HEADINGS))
def test_find_sections_heading_styles(style):
    assert sorted(find_sections(report_text(report_body("某局", 2023, style=style), None))) == [0, 1, 2, 3, 4, 5]


def test_subsections_do_not_stand_in_for_missing_sections():
    # （一）主动公开 / （二）依申请公开 under 一、总体情况 are not sections 二 and 三
    assert sorted(find_sections(report_text(report_body("某局", 2023, skip=(1, 2)), None))) == [0, 3, 4, 5]


def test_section_six_fee_and_sentences():
    assert section_six_fee("本年度未收取信息处理费。")[0] == 0
    assert section_six_fee("无。")[0] == 0
    assert section_six_fee("共收取信息处理费1.2万元。")[0] == 12000
    assert section_six_fee("本机关按要求做好政务公开专区建设。")[0] is None
    assert sentence_set("2023年，我局扎实推进政务公开工作。\n一、总体情况") == {"年我局扎实推进政务公开工作"}


def test_refresh_for_some_reports(archive):
    gov = "某市人民政府"
    archive["reports"].update("gov23", {"body": report_body(gov, 2023, overview="b", n=9)})
    # gov23 and its mirror gov23m (the agency-year, and 2024 has none); gov22 is only read
    assert refresh_audit(archive, ["gov23"]) == 2
    rows = audit(archive, "gov23")
    assert rows["repeats_last_year"]["ok"] == 1
    assert rows["duplicate_across_sites"]["ok"] == 1  # the mirror now holds a different text
    assert rows["duplicate_across_sites"]["value"] < 0.8
    assert archive["report_audit"].count == 10 * len(CHECKS)  # the others' rows stay


def test_explainer_of_another_agency_on_the_same_site(db):
    _report(db, "audit23", "city", "某市审计局", 2023, report_body("某市审计局", 2023))
    _report(db, "gov23", "city", "某市人民政府", 2023, report_body("某市人民政府", 2023))
    _report(db, "tu", "city", "某市人民政府", None, "图解", is_report=0,
            title="图解：某市人民政府2023年度政府信息公开工作年度报告")
    refresh_agencies(db)
    refresh_audit(db)
    assert audit(db, "gov23")["explainer"]["ok"] == 1
    assert audit(db, "audit23")["explainer"]["ok"] == 0


def test_report_without_agency(db):
    _report(db, "na", "dept", None, 2023, report_body("某局", 2023))
    _report(db, "nb", "mirror", None, 2023, report_body("某局", 2023))
    refresh_audit(db)
    assert audit(db, "na")["duplicate_across_sites"]["ok"] is None
    assert audit(db, "na")["repeats_last_year"]["ok"] is None


def test_pdf_attachment_text_is_audited(db):
    _report(db, "pdf", "dept", "某市统计局", 2023, "详见附件。")
    text = report_body("某市统计局", 2023, problems="暂无。")
    db["attachment_files"].insert({"sha256": "f2", "text": text, "text_status": "ok",
                                   "method": "pdf_layout"})
    db["attachments"].insert({"id": "a2", "report_id": "pdf", "url": "http://x/b.pdf", "sha256": "f2"})
    db.execute("UPDATE reports SET attachment_text = ? WHERE id = 'pdf'", [text])
    refresh_audit(db)
    rows = audit(db, "pdf")
    assert rows["readable_text"]["ok"] == 1 and rows["sections"]["ok"] == 1
    assert rows["problems_substance"]["ok"] == 0


def test_agency_year_shared_by_too_many_is_not_compared(db, monkeypatch):
    monkeypatch.setattr("xxgk.archive.audit.MAX_BUCKET", 1)
    _report(db, "s1", "dept", "某市商务局", 2023, report_body("某市商务局", 2023))
    _report(db, "s2", "mirror", "某市商务局", 2023, report_body("某市商务局", 2023))
    refresh_audit(db)
    assert audit(db, "s1")["duplicate_across_sites"]["ok"] is None
