"""bench/listings.py scores what it says: precision, recall, report flags and next pages of
column pages against their expected records (a page with a planted wrong expectation)."""
import json

from bench import listings

PAGE = """<html><head><meta charset="utf-8"><title>年度报告</title></head><body>
<ul class="list">
<li><a href="/art/2022/1/20/art_1_101.html">某县民政局2021年政府信息公开工作年度报告</a><span>2022-01-20</span></li>
<li><a href="/art/2022/1/21/art_1_102.html">某县财政局2021年政府信息公开工作年度报告</a><span>2022-01-21</span></li>
<li><a href="/art/2022/1/22/art_1_103.html">一图读懂某县2021年政府信息公开工作年度报告</a><span>2022-01-22</span></li>
</ul><a href="index_1.html">下一页</a></body></html>"""


def test_score_counts_misses_and_extras(tmp_path):
    body = tmp_path / "01-case.html"
    body.write_text(PAGE, encoding="utf-8")
    base = "http://www.example.gov.cn/col/col1/"
    expected = {"url": base + "index.html", "next_page": base + "index_1.html", "links": [
        {"url": "http://www.example.gov.cn/art/2022/1/20/art_1_101.html", "is_report": True},
        {"url": "http://www.example.gov.cn/art/2022/1/22/art_1_103.html", "is_report": True},
        {"url": "http://www.example.gov.cn/art/2022/1/30/art_1_999.html", "is_report": True}]}
    m = listings.score([(body, expected)])
    assert (m["got"], m["want"], m["right"]) == (3, 3, 2)
    assert (m["flags"], m["flags_right"]) == (2, 1)  # 一图读懂 is no report
    assert m["next_right"] == 1
    assert listings.score([(body, {**expected, "next_page": None})])["next_right"] == 0


def test_next_page_alternatives():
    expected = {"next_page": "http://h.gov.cn/module/jpage/dataproxy.jsp?startrecord=16",
                "next_page_match": {"mode": "params", "alternatives": [
                    {"url": "http://h.gov.cn/module/jpage/dataproxy.jsp",
                     "params": {"startrecord": "16", "columnid": "3"}}]}}
    assert listings.next_page_right(
        "http://h.gov.cn/module/jpage/dataproxy.jsp?columnid=3&perpage=15&startrecord=16", expected)
    assert not listings.next_page_right(
        "http://h.gov.cn/module/jpage/dataproxy.jsp?columnid=3&startrecord=31", expected)


def test_every_set_is_read():
    counts = {name: len(listings.pages(name)) for name in listings.SETS}
    assert counts["holdout_listings"] >= 16 and counts["holdout3"] >= 4
    body, expected = listings.pages("holdout_listings")[0]
    assert json.dumps(expected) and body.exists()
