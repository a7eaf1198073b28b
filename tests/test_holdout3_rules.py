"""Rules found by the third held-out set (tests/holdout3), each shown on its own small replica page
(invented sites 柏川区, 云溪县, 明湖市; docs/field-rules.md states each rule)."""
from __future__ import annotations

import pytest

from xxgk.extract import extract_listing, extract_report
from xxgk.extract.report import is_org_name, signed_full_form

URL = "http://www.yunxi.gov.cn/art/2024/2/1/art_7_8.html"


def _page(head: str, body: str, title: str = "云溪县民政局2023年政府信息公开工作年度报告",
          before: str = "", script: str = "") -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title>{script}</head><body>"
            "<div class='nav'><a href='/'>首页</a><a href='/zwgk/'>政务公开</a></div>"
            f"{before}<div class='main'><h1>{title}</h1>{head}{body}</div>"
            "<div class='footer'>版权所有：云溪县人民政府 ICP备00000000号</div></body></html>").encode()


_TEXT = ("<div id='zoom'><p>一、总体情况。本年度主动公开政府信息86条，收到政府信息公开申请3件，均按期答复。</p>"
         "<p>二、存在的主要问题。公开栏更新不及时，将纳入考核。</p>{sign}</div>")


# published: a header table runs over all its labelled rows; 发布日期 beats 生成日期 and the 落款 date
def test_header_table_fabu_riqi_beats_shengcheng_riqi():
    table = ("<div class='gk'><ul><li>索引号：YX-0001</li><li>发布机构：云溪县民政局</li>"
             "<li>生成日期：2024-01-20</li><li>发布日期：2024-01-22</li></ul></div>")
    sign = "<p style='text-align:right'>云溪县民政局</p><p style='text-align:right'>2024年1月20日</p>"
    record = extract_report(_page("", _TEXT.format(sign=sign), before=table), URL)
    assert record["published"] == "2024-01-22"


# views: a printed 0 beside a known counter script (no id/class) is a placeholder
@pytest.mark.parametrize("counter, expected", [
    ("<script>_showDynClicks(\"wbnews\", 1234567, 89)</script>", None),
    ("<script src='/plus/count.php?aid=12&mid=1'></script>", None),
    ("", 0),                                  # no script at all: a printed 0 is a count of 0
])
def test_views_placeholder_beside_counter_script(counter, expected):
    head = f"<div class='sj'>发布时间：2024-01-22　访问量：<span>0</span>{counter}</div>"
    record = extract_report(_page(head, _TEXT.format(sign="")), URL)
    assert record["views"] == expected


def test_views_static_count_without_counter_script():
    head = "<div class='sj'>发布时间：2024-01-22　访问量：<span>57</span></div>"
    assert extract_report(_page(head, _TEXT.format(sign="")), URL)["views"] == 57


# body: an image-heavy page's generic content container is still the body; the info line is not
def test_picture_page_body_and_info_line():
    title = "一图读懂丨云溪县民政局2023年度政府信息公开工作年度报告"
    page = (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            "<div class='nav'><a href='/'>首页</a><a href='/zwgk/'>政务公开</a></div>"
            f"<div class='box'><div class='title'><h2>{title}</h2></div>"
            "<div class='info'><small>时间:</small>2024-02-01 09:00<small>来源:</small>本站原创 "
            "<small>作者:</small>办公室 <small>点击:</small>42次</div>"
            "<div class='content'><table><tr><td><p><img src='/uploads/2024/tu.jpg' alt='图'></p>"
            "<p>制图：云溪县民政局办公室</p></td></tr></table></div></div>"
            "<div class='footer'>版权所有：云溪县人民政府</div></body></html>").encode()
    record = extract_report(page, URL)
    assert (record["published"], record["source"], record["editor"], record["views"]) == \
        ("2024-02-01", "本站原创", "办公室", 42)
    assert "制图：云溪县民政局办公室" in record["body"]
    assert "本站原创" not in record["body"]
    assert record["agency"] == "云溪县民政局"


@pytest.mark.parametrize("name", ["｜云溪县民政局", "|云溪县民政局", "：云溪县民政局", "》云溪县民政局"])
def test_leading_punctuation_is_no_body_name(name):
    assert not is_org_name(name)
    assert is_org_name(name[1:])


# agency: the 落款's longer name of the body the title abbreviates is its fullest printed form
@pytest.mark.parametrize("short, signed, full", [
    ("明湖经开区", ["明湖经济技术开发区管理委员会"], "明湖经济技术开发区管理委员会"),
    ("明湖高新区", ["明湖高新技术产业开发区管委会"], "明湖高新技术产业开发区管委会"),
    ("云溪县林业局", ["云溪县林业和草原局"], "云溪县林业和草原局"),
    ("明湖高新区", ["明湖高新区管委会办公室"], "明湖高新区"),        # an office is another body
    ("云溪县人民政府", ["云溪县人民政府研究室"], "云溪县人民政府"),  # a sub-body, not a longer form
    ("云溪县民政局", ["柏川区民政局"], "云溪县民政局"),              # another body
])
def test_signed_full_form(short, signed, full):
    assert signed_full_form(short, signed) == full


def test_zone_title_short_form_takes_signed_full_name():
    title = "明湖经开区2023年政府信息公开工作年度报告"
    head = "<div class='info'>发布时间：2024-01-30　来源：经开区管委会办公室</div>"
    sign = ("<p style='text-align:right'>明湖经济技术开发区管理委员会</p>"
            "<p style='text-align:right'>2024年1月29日</p>")
    record = extract_report(_page(head, _TEXT.format(sign=sign), title=title), URL)
    assert record["agency"] == "明湖经济技术开发区管理委员会"


# listing: rows on a sibling host of the same government (<name>.gov.cn) are the column's links
def test_listing_links_on_sibling_hosts():
    rows = [("http://mzj.yunxi.gov.cn/art/2024/1/15/art_1_2.html", "云溪县民政局2023年政府信息公开工作年度报告"),
            ("/zwgk/ndbg/202403/t20240330_3.html", "云溪县人民政府2023年政府信息公开工作年度报告"),
            ("http://www.bochuan.gov.cn/art/2024/1/9/art_4_5.html", "柏川区民政局2023年政府信息公开工作年度报告"),
            ("http://jyj.yunxi.gov.cn.example.com/a/6.html", "云溪县教育局2023年政府信息公开工作年度报告")]
    items = "".join(f"<li><a href='{u}'>{t}</a><span>2024-01-15</span></li>" for u, t in rows)
    page = f"<html><body><h2>年度报告</h2><ul class='list'>{items}</ul></body></html>".encode()
    listing = extract_listing(page, "http://www.yunxi.gov.cn/zwgk/ndbg/index.html")
    assert [link["url"] for link in listing["links"]] == [
        "http://mzj.yunxi.gov.cn/art/2024/1/15/art_1_2.html",
        "http://www.yunxi.gov.cn/zwgk/ndbg/202403/t20240330_3.html"]
    assert [link["url"] for link in listing["offsite"]] == [rows[2][0], rows[3][0]]
