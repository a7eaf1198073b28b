"""Page rules of issue 10 (part 5), each a general rule shown by its own replica page.

Every page under tests/data/page_rules/ is an invented site (青岚市, 云溪县, 柏川区, 明湖生态实验区)
showing one pattern seen on real report pages; what the extractor must give is asserted here on
the record of ``extract_report`` (docs/field-rules.md states each rule).
"""
from __future__ import annotations

import functools
from pathlib import Path

import pytest

from xxgk.extract import extract_report
from xxgk.extract.report import parse_is_report, parse_report_year, title_org_prefix
from xxgk.extract.stats import parse_stats_prose

DATA = Path(__file__).parent / "data" / "page_rules"
URL = "http://www.example.gov.cn/zwgk/ndbg/201903/t20190320_{}.html"
REPORT = dict(is_report=True)

CASES = {
    # title: markup a template left in <meta ArticleTitle>/<title> is stripped, its text kept
    "01-articletitle-markup": dict(REPORT, title="柏川区审计局2018年政府信息公开工作年度报告——柏川区审计局",
                                   report_year=2018, agency="柏川区审计局", source="柏川区审计局",
                                   published="2019-03-12"),
    "02-articletitle-markup-heading": dict(REPORT, title="云溪县司法局2019年政府信息公开工作年度报告——云溪县司法局",
                                           report_year=2019, agency="云溪县司法局", views=57),
    # source: the site's copyright block (文章来源：XX网站) is never the article's source
    "03-footer-source-block": dict(REPORT, source=None, views=88, agency="青岚市水务局", published="2019-02-20"),
    "04-footer-source-with-info": dict(REPORT, source="青岚市交通运输局", editor="周航"),
    "05-footer-source-line": dict(REPORT, source=None, published="2020-01-21", agency="云溪县农业农村局"),
    "25-footer-source-table": dict(REPORT, source=None, published="2020-01-16", agency="青岚市林业局"),
    # agency: the zone named by the title, not its 管委会办公室 that compiled and signed the report
    "06-zone-office-source": dict(REPORT, agency="明湖生态实验区", source="明湖生态实验区管委会办公室",
                                  report_year=2018),
    # title: a <title> holding only the body's name is no title reference; the heading is the title
    "07-title-tag-agency-name": dict(REPORT, title="2019年政府信息公开工作年度报告", report_year=2019,
                                     agency="云溪县林业局"),
    # agency: on a repost the document's own head names the issuing body, not 发布机构
    "08-repost-document-head": dict(REPORT, agency="青岚市生态环境局", source="青岚市人民政府办公室",
                                    report_year=2018),
    "17-document-head-name-line": dict(REPORT, agency="青岚市自然资源局", report_year=2018),
    "24-subtitle-names-issuer": dict(REPORT, agency="青岚市水务局", source="青岚市人民政府办公室"),
    # report titles outside the usual pattern; the 落款 before 来源
    "09-about-report-signed": dict(REPORT, title="关于2016年度政府信息公开工作情况的报告", report_year=2016,
                                   agency="青岚市统计局"),
    "13-picture-version": dict(REPORT, report_year=2019, agency="云溪县民政局"),
    "14-hyperlink-version": dict(REPORT, report_year=2019, agency="云溪县民政局"),
    "15-annual-nianbao": dict(REPORT, report_year=2017, agency="柏川区档案局"),
    # agency: null when no issuing body is named; a body named in the text or a table is not one
    "10-no-issuer": dict(REPORT, agency=None, source=None, report_year=2019),
    "26-bare-title-site-source": dict(REPORT, agency=None, source="本站"),
    "18-zone-committee-signed": dict(REPORT, agency="明湖生态实验区管理委员会"),
    "19-sentence-not-signature": dict(REPORT, agency="青岚市水务局"),
    "20-government-office-signed": dict(REPORT, agency="云溪县人民政府", source="云溪县人民政府办公室"),
    # a place title with only its government's office printed: the government, never the office
    "27-place-title-office-only": dict(REPORT, agency="云溪县人民政府", source="云溪县人民政府办公室",
                                       report_year=2019),
    # agency of other pages: never a title prefix cut inside a word or a sentence
    "11-news-title-prefix": dict(is_report=False, report_year=None, agency="青岚市商务局"),
    "12-notice-title-prefix": dict(is_report=False, agency="青岚市教育局"),
    "22-news-title-word-cut": dict(is_report=False, agency="青岚市市场监督管理局"),
    "23-news-title-word-cut-meeting": dict(is_report=False, agency="青岚市人民政府"),
    # prose statistics: "no fees" recorded as 0 元
    "16-prose-no-fees": dict(REPORT, report_year=2016, fees=0),
    "21-prose-fee-heading-answer": dict(REPORT, report_year=2015, fees=0),
}


@functools.lru_cache(maxsize=None)
def record(name):
    return extract_report((DATA / f"{name}.html").read_bytes(), URL.format(name[:2]))


def test_every_page_has_a_case():
    assert sorted(p.stem for p in DATA.glob("*.html")) == sorted(CASES)


@pytest.mark.parametrize("name,field", [(n, f) for n, exp in CASES.items() for f in exp])
def test_page_rule(name, field):
    got = record(name)
    if field == "fees":
        fees = [c["value"] for c in got["stats"] if c["section"] == "fees" and c["row_code"] == "fees_charged"]
        assert fees == [CASES[name]["fees"]]
    else:
        assert got[field] == CASES[name][field]


@pytest.mark.parametrize("title,year", [
    ("关于2016年度政府信息公开工作情况的报告", 2016),
    ("青岚市人民政府关于2016年度政府信息公开工作情况的报告", 2016),
    ("关于2016年度政务公开工作情况的报告", 2016),
    ("柏川区档案局2017年度政务公开年报", 2017),
    ("2017年度政府信息公开工作年报", 2017),
    ("云溪县民政局2019年政府信息公开工作年度报告（图片版）", 2019),
    ("云溪县民政局2019年政府信息公开工作年度报告(超链版)", 2019),
    ("云溪县民政局2019年政府信息公开工作年度报告图片版", 2019),
    ("云溪县民政局2019年政府信息公开工作年度报告——超链接版", 2019),
])
def test_report_titles_outside_the_usual_pattern(title, year):
    assert parse_is_report(title) and parse_report_year(title) == year


@pytest.mark.parametrize("title", [
    "关于报送2016年度政府信息公开工作情况报告的通知", "关于2017年上半年政府信息公开工作情况的报告",
    "政府信息公开工作情况的报告",      # no year: not one year's report
])
def test_titles_that_stay_non_reports(title):
    assert not parse_is_report(title)


@pytest.mark.parametrize("title,org", [
    ("青岚市商务局召开外贸企业座谈会", "青岚市商务局"),
    ("青岚市食品经营许可延续部分事项调整", None),     # 部|分: a cut inside a word
    ("青岚市农产品展交会议程公布", None),            # 会|议
    ("关于准予青岚市明德学校等单位办学许可延续的公告", None),
    ("青岚市组织企业参加第十届农产品交易会议", None),
])
def test_title_org_prefix_ends_at_a_name_boundary(title, org):
    assert title_org_prefix(title) == org


@pytest.mark.parametrize("text", [
    "本年度未收取任何信息检索、复制费用。", "本年度未发生收费和减免情况。", "全年未收取信息处理费。",
    "没有收取任何费用。", "不存在收费情况。", "未产生信息处理费。", "收费和减免情况：无。",
    "本年度未发生因依申请公开政府信息而收取费用的情况。", "本年度收取检索、复制、邮寄等费用为零。",
    "全年零收费。", "政府信息均免费提供。", "政府信息公开收费0元。",
    "三、政府信息公开的收费及减免情况\n无。", "（五）收费及减免情况\n本年度未发生。",
])
def test_prose_no_fee_phrasings(text):
    fees = [(c.value, c.unit) for c in parse_stats_prose(text) if c.row_code == "fees_charged"]
    assert fees == [(0, "元")]


@pytest.mark.parametrize("text", [
    "行政事业性收费 0",                      # a table row of section 二, not a fee charged
    "三、依申请公开情况\n无。",                # a bare 无 under another heading
    "收费标准为每页0.5元。",
    "申请人逾期未缴纳信息处理费的，视为放弃申请。",   # a fee not paid, not a fee not charged
    "行政事业性收费\n无",
])
def test_prose_fee_decoys(text):
    assert not [c for c in parse_stats_prose(text) if c.row_code == "fees_charged"]
