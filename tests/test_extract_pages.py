"""Whole pages in the styles gov-pages.md documents (TRS, Hanweb 信息公开, gkmlpt, Jiangsu, Shanghai)."""
from __future__ import annotations

from pathlib import Path

import pytest

from xxgk.extract import extract_report

DATA = Path(__file__).parent / "data" / "extract_pages"
CASES = {
    "shulan.html": ("http://122.137.242.24:8080/pub/slsxxgkw/gzbm/ndbg/201708/t20170809_257176.html", dict(
        title="舒兰市市场监督管理局2016年度政府信息公开工作报告", published="2017-02-23", source=None,
        editor=None, views=None, report_year=2016, agency="舒兰市市场监督管理局", is_report=True,
        attachments={"http://122.137.242.24:8080/pub/slsxxgkw/gzbm/ndbg/201708/P020170809359745287654.doc"},
        platform="trs_wcm")),
    "yiwu.html": ("http://www.yw.gov.cn/art/2024/1/23/art_1229134035_4130999.html", dict(
        title="义乌市商务局2023年政府信息公开工作年度报告", published="2024-01-23", source="义乌市商务局",
        editor=None, views=None, report_year=2023, agency="义乌市商务局", is_report=True,
        attachments={"http://www.yw.gov.cn/module/download/downfile.jsp?classid=0&filename=0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a.pdf"},
        platform="hanweb")),
    "gkmlpt.html": ("http://www.lg.gov.cn/xxgk/xxgknb/qzfgzbm/content/post_11956962.html", dict(
        title="深圳市龙岗区司法局2024年政府信息公开工作年度报告", published="2025-01-21",
        source="深圳市龙岗区司法局", editor=None, views=None, report_year=2024, agency="深圳市龙岗区司法局",
        is_report=True, attachments={"http://www.lg.gov.cn/attachment/0/123/123456/11956962.pdf"},
        platform="gkmlpt")),
    "jiangsu.html": ("http://www.taizhou.gov.cn/art/2018/2/28/art_46355_1634538.html", dict(
        title="泰州市人民政府2017年政府信息公开工作年度报告", published="2018-02-28", source="市政府办",
        editor=None, views=None, report_year=2017, agency="泰州市人民政府", is_report=True, attachments=set())),
    "shanghai.html": ("https://www.shanghai.gov.cn/nw12344/20230331/4a03b5fa47ae4c73b7ec42801de6be66.html", dict(
        title="上海市人民政府办公厅2022年政府信息公开工作年度报告", published=None, source=None, editor=None,
        views=None, report_year=2022, agency="上海市人民政府办公厅", is_report=True, attachments=set())),
}


@pytest.mark.parametrize("name,field", [(n, f) for n, (_u, exp) in CASES.items() for f in exp])
def test_page_field(name, field):
    url, expected = CASES[name]
    record = extract_report((DATA / name).read_bytes(), url)
    got = {a["url"] for a in record["attachments"]} if field == "attachments" else record[field]
    assert got == expected[field]
