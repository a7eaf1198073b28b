"""One small page per label / punctuation / date variant and per conflict rule of field-rules.md."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given, settings, strategies as st

from xxgk.extract import ExtractionError, extract_listing, extract_report
from xxgk.extract.dates import parse_date, parse_month_day, parse_url_date
from xxgk.extract.labels import clean_name, find_labels
from xxgk.extract.report import parse_is_report, parse_report_year
from xxgk.extract.text import squeeze, tidy_heading
from xxgk.fixtureweb.authoring.fuxin import SEED  # the project seed page, kept in the repository

URL = "http://www.example.gov.cn/zwgk/ndbg/202001/t20200120_123456.html"
TITLE = "阜新市商务局2019年政府信息公开工作年度报告"
BODY = ("<p>根据《中华人民共和国政府信息公开条例》要求，现将本局2019年政府信息公开工作情况报告如下。</p>"
        "<p>一、总体情况。2019年，全年主动公开政府信息120条。</p>")


def page(meta: str, *, title: str = TITLE, head: str = "", body: str = BODY, after: str = "",
         heading: str | None = None, charset: str = "utf-8") -> bytes:
    heading = f"<h1>{title}</h1>" if heading is None else heading
    html = (f"<html><head><meta charset='{charset}'><title>{title}_阜新市人民政府</title>{head}</head><body>"
            "<div class='top'>阜新市人民政府 2019年12月3日星期二</div>"
            "<div class='nav'><a href='/'>首页</a><a href='/zwgk/'>政务公开</a></div>"
            f"<div class='main'>{heading}<div class='info'>{meta}</div>"
            f"<div id='zoom'>{body}</div>{after}</div>"
            "<div class='side'><a href='/xz/sqb.doc'>政府信息公开申请表.doc</a>"
            "<ul><li><a href='/a/1.html'>其他文章</a><span>2021-05-06</span></li></ul></div>"
            "<div class='footer'>主办：阜新市人民政府办公室 访问量：998877</div></body></html>")
    return html.encode(charset if charset != "gb2312" else "gb18030")


def rec(meta: str = "", url: str = URL, **kw) -> dict:
    return extract_report(page(meta, **kw), url)


# --- the seed page ---------------------------------------------------------------------------

def test_seed_text_page():
    with open(SEED, "rb") as fh:
        r = extract_report(fh.read(), "http://www.fuxin.gov.cn/html/SWJ/201803/0152180328150334.html")
    assert (r["published"], r["views"], r["source"], r["editor"]) == ("2018-03-28", 334, "阜新市商务局", "潘建渊")
    assert (r["report_year"], r["agency"], r["is_report"]) == (2017, "阜新市商务局", True)
    assert r["title"] == "市商务局2017年政府信息公开工作年度报告"
    assert "打印" not in r["body"] and "总体公开情况" in r["body"]


# --- published ---------------------------------------------------------------------------------

@pytest.mark.parametrize("meta,want", [
    ("日期: 2018-03-28 浏览量:334 来源:阜新市商务局", "2018-03-28"),
    ("发布日期:2017-02-23&nbsp;&nbsp;&nbsp;&nbsp;点击数:", "2017-02-23"),
    ("来源:天津市河东区民政局 发布时间:2020-01-20 08:00", "2020-01-20"),
    ("日期:2019年03月04日&nbsp;&nbsp;&nbsp;信息来源:市政府办公厅", "2019-03-04"),
    ("<span>发布时间：</span><span>2013-3-26</span>", "2013-03-26"),
    ("发布时间：2018/3/28", "2018-03-28"),
    ("发布时间：2018.03.28", "2018-03-28"),
    ("发布时间　：　2024-01-23 10:05:00", "2024-01-23"),
    ("归档时间:2023-06-15", "2023-06-15"),
    ("来源:吕梁市 更新时间:2021-11-16", "2021-11-16"),
    ("時間: 2019-12-27 14:35 來源: 江蘇省人民政府網站 訪問量:", "2019-12-27"),
    ("發布時間：2015-07-27", "2015-07-27"),
    ("【发布时间：2019-01-02】【来源：市商务局】【字号：大 中 小】", "2019-01-02"),
    ("[ 时间:2018-11-06 23:27 来源:本站 作者:admin 点击:<script src='/plus/count.php?view=yes&aid=1&mid=0'></script>次 ]", "2018-11-06"),
    ("<div>2020-01-21</div>", "2020-01-21"),
    ("2020-01-21 来源：阜新市商务局", "2020-01-21"),
])
def test_published_variants(meta, want):
    assert rec(meta)["published"] == want


def test_publication_date_beats_document_date():
    meta = ("<ul><li>信息索引号：11330782002609848P/2024-547405</li><li>发布机构：义乌市商务局</li>"
            "<li>成文日期：2024-01-22</li><li>公开方式：主动公开</li></ul>"
            "<div>发布时间：2024-01-23 访问次数： 字体大小：</div>")
    r = rec(meta)
    assert (r["published"], r["source"], r["views"]) == ("2024-01-23", "义乌市商务局", None)


def test_upload_date_beats_issue_date_letter_spaced():
    meta = ("<table><tr><td>发 布 机 构</td><td>市人民政府办公室</td><td>发 文 日 期</td><td>2019-11-29</td></tr>"
            "<tr><td>文 号</td><td>齐政办发〔2019〕29号</td><td>上 载 日 期</td><td>2019-12-02</td></tr></table>"
            "<div>信息来源: 市人民政府办公室</div>")
    r = rec(meta)
    assert (r["published"], r["source"]) == ("2019-12-02", "市人民政府办公室")


def test_document_date_used_when_no_publication_date_and_index_number_ignored():
    meta = ("<table><tr><td>索 引 号</td><td>014416330/2018-04736</td><td>分 类</td><td>政府信息公开年报</td></tr>"
            "<tr><td>发布机构</td><td>市政府办</td><td>发文日期</td><td>2018-02-28</td></tr>"
            "<tr><td>文 号</td><td></td><td>有 效 性</td><td></td></tr></table>")
    r = rec(meta, url="http://www.taizhou.gov.cn/art/2018/3/1/art_1_2.html")
    assert (r["published"], r["source"]) == ("2018-02-28", "市政府办")


def test_header_table_above_heading():
    table = ("<table class='xxgk'><tr><th>索引号</th><td>11341702486344515H/202110-00013</td>"
             "<th>发布机构</th><td>宁国市商务局</td></tr><tr><th>发文日期</th><td>2021-10-08 15:47</td>"
             "<th>信息来源</th><td>宁国市商务局</td></tr></table>")
    r = extract_report(page("", heading=table + f"<h1>{TITLE}</h1>"), URL)
    assert (r["published"], r["source"]) == ("2021-10-08", "宁国市商务局")


@pytest.mark.parametrize("meta", [
    "字号：大 中 小",
    "<span>（2017年2月23日）</span>",
    "索 引 号 014416330/2018-04736",
])
def test_no_publication_date(meta):
    r = rec(meta, url="http://www.shanghai.gov.cn/nw12344/20230331/4a03b5fa47ae4c73b7ec42801de6be66.html",
            body="<p>本报告统计期限为2017年1月1日至12月31日。</p><p>阜新市商务局</p><p>2018年3月12日</p>")
    assert r["published"] is None


def test_meta_pubdate_used_but_not_maketime():
    head = "<meta name='PubDate' content='2022-04-17 14:46:00'><meta name='Maketime' content='2018-03-20 17:44:35'>"
    assert rec("", head=head)["published"] == "2022-04-17"
    head = "<meta name='Maketime' content='2018-03-20 17:44:35'>"
    assert rec("", head=head)["published"] is None


def test_sidebar_and_prev_next_dates_ignored():
    after = ("<div class='pn'>上一篇：<a href='/a/2.html'>X</a> 2017-01-01</div>")
    assert rec("", after=after)["published"] is None


# --- source / editor ---------------------------------------------------------------------------

@pytest.mark.parametrize("meta,source,editor", [
    ("<span>文章来源：本站原创</span> <span>作者：佚名</span> <span>发布时间：2020年07月16日</span>",
     "本站原创", "佚名"),
    ("来源：司法部官网 发布时间：2020-09-29 16:03", "司法部官网", None),
    ("来源：<a href='/'>阜新市商务局</a>&nbsp;&nbsp;责任编辑：潘建渊 文字大小：", "阜新市商务局", "潘建渊"),
    ("信息来源：县政府办 编辑：杨洋 审核：李四", "县政府办", "杨洋"),
    ("发布人：王五 发布机构：市商务局", "市商务局", "王五"),
    ("责编：赵六 作者：钱七 来源：本网", "本网", "赵六"),
    ("來自：江蘇省人民政府網站", "江蘇省人民政府網站", None),
    ("发布单位：下管镇 公开日期：2015-07-27 16:32", "下管镇", None),
    ("来源： 发布时间：2020-01-01", None, None),
    ("校对：孙八 审核人：周九", None, None),
])
def test_source_and_editor(meta, source, editor):
    r = rec(meta)
    assert (r["source"], r["editor"]) == (source, editor)


def test_editor_footer_after_body():
    r = rec("发布时间：2020-01-01", body=BODY + "<p>（责任编辑：潘建渊）</p>")
    assert r["editor"] == "潘建渊" and "责任编辑" not in r["body"]


def test_editor_on_a_line_with_jiaodui_after_body():
    r = rec("发布时间：2022-01-24　来源：区卫健委　审核：赵刚", body=BODY + "<p>校对：陈敏　编辑：王琳</p>")
    assert r["editor"] == "王琳" and "校对" not in r["body"] and "一、总体情况" in r["body"]
    r = rec("发布时间：2022-01-24　审核：赵刚", after="<div class='zw-foot'>校对：陈敏 编辑：王琳</div>")
    assert r["editor"] == "王琳"
    r = rec("发布时间：2022-01-24", body=BODY + "<p>校对：陈敏　审核：赵刚</p>")
    assert r["editor"] is None


def test_hanweb_vendor_author_meta_is_not_editor():
    head = "<meta name='Author' content='大汉网络'><meta name='Generator' content='大汉版通'>"
    assert rec("发布时间：2020-01-01", head=head)["editor"] is None


# --- views ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("meta,want", [
    ("浏览量:334", 334),
    ("浏览次数：1,024次", 1024),
    ("点击数：56 次", 56),
    ("阅读：--", None),
    ("点击数:", None),
    ("点击数：<script src='/Common/GetHits.aspx?id=11667'></script>次", None),
    ("浏览次数：<span id='hits'>0</span><script>$.get('/hits?id=1',function(d){$('#hits').html(d)})</script>", None),
    ("浏览次数：<span id='browse_cnt'>128</span><script>document.getElementById('browse_cnt').innerHTML=n</script>", None),
])
def test_views(meta, want):
    assert rec(meta)["views"] == want


def test_body_statistics_are_not_views():
    body = BODY + "<table><tr><td>网站访问量</td><td>55591</td></tr></table>"
    assert rec("发布时间：2020-01-01", body=body)["views"] is None


@pytest.mark.parametrize("script,counter", [
    ("<script>_showDynClicks(\"wbnews\", 1768654345, 28935)</script>",
     "http://www.example.gov.cn/system/resource/code/news/click/dynclicks.jsp?clickid=28935&owner=1768654345&clicktype=wbnews"),
    ("<script src='/plus/count.php?view=yes&amp;aid=1869&amp;mid=0'></script>",
     "http://www.example.gov.cn/plus/count.php?view=yes&aid=1869&mid=0"),
    ("<script src='/Common/GetHits.aspx?id=11667'></script>", "http://www.example.gov.cn/Common/GetHits.aspx?id=11667"),
    ("<iframe src='./module/visitcount/visit.jsp?type=3&i_webid=59&i_columnid=42568&i_articleid=2158414'></iframe>",
     "http://www.example.gov.cn/zwgk/ndbg/202001/module/visitcount/visit.jsp?type=3&i_webid=59&i_columnid=42568&i_articleid=2158414"),
])
def test_counter_url(script, counter):
    r = rec("点击数：" + script)
    assert r["counter_url"] == counter and r["views"] is None


# --- title ---------------------------------------------------------------------------------------

def test_title_not_title_tag_and_no_metadata_span():
    heading = f"<h1>{TITLE}<span class='date'>发布时间：2020-01-20</span></h1>"
    r = rec("", heading=heading)
    assert r["title"] == TITLE and r["published"] == "2020-01-20"


def test_title_joined_across_br():
    heading = "<h2 class='title'>阜新市商务局2019年<br/>  政府信息公开工作年度报告</h2>"
    assert rec("", heading=heading)["title"] == TITLE


def test_site_name_h1_is_not_the_title():
    heading = f"<h1 class='logo'>阜新市人民政府</h1><div class='title'>{TITLE}</div>"
    assert rec("发布时间：2020-01-20", heading=heading)["title"] == TITLE


def test_meta_article_title_when_no_heading():
    head = f"<meta name='ArticleTitle' content='{TITLE}'>"
    assert rec("发布时间：2020-01-20", heading="", head=head)["title"] == TITLE


# --- attachments ------------------------------------------------------------------------------

def test_attachments_variants():
    body = ("<p>详见附件。</p><p>附件：<a href='./P020190114624769074502.xls'>统计表.xls</a></p>"
            "<p><a href='/module/download/downfile.jsp?classid=0&amp;filename=2a1b.pdf'>年报.pdf</a></p>"
            "<iframe src='/pdfjs/web/viewer.html?file=%2Fuploads%2Freport.pdf'></iframe>"
            "<embed src='/uploads/embedded.pdf'><img src='/uploads/chart.png'>"
            "<span onclick=\"window.open('/uploads/open.docx')\">打开</span>"
            "<script>document.write('<a href=\"./W020190114.ofd\">OFD版</a>');</script>")
    r = rec("发布时间：2020-01-20", body=body)
    urls = {a["url"] for a in r["attachments"]}
    base = "http://www.example.gov.cn"
    assert urls == {base + "/zwgk/ndbg/202001/P020190114624769074502.xls",
                    base + "/module/download/downfile.jsp?classid=0&filename=2a1b.pdf",
                    base + "/uploads/report.pdf", base + "/uploads/embedded.pdf",
                    base + "/uploads/open.docx", base + "/zwgk/ndbg/202001/W020190114.ofd"}
    assert r["is_report"] and r["report_year"] == 2019


def test_sidebar_downloads_are_not_attachments():
    assert rec("发布时间：2020-01-20")["attachments"] == []


# --- report fields -------------------------------------------------------------------------

@pytest.mark.parametrize("title,is_report,year", [
    ("阜新市商务局2017年政府信息公开工作年度报告", True, 2017),
    ("阜新市商务局政府信息公开工作年度报告（2017年度）", True, 2017),
    ("2018年度阜新市商务局政府信息公开工作报告", True, 2018),
    ("XX区2019年政府信息公开年报", True, 2019),
    ("二〇一七年度政府信息公开工作年度报告", True, 2017),
    ("关于做好2018年政府信息公开工作年度报告编制工作的通知", False, None),
    ("关于报送2019年度政府信息公开工作年度报告的通知", False, None),
    ("《天津市河东区民政局2019年政府信息公开工作年度报告》解读", False, None),
    ("图解：阜新市商务局2018年政府信息公开工作年度报告", False, None),
    ("一图读懂2020年政府信息公开工作年度报告", False, None),
    ("2020年第一季度政府信息公开工作情况统计", False, None),
    ("2020年政务公开工作要点", False, None),
    # the report phrase must be the title's head noun, not followed by a predicate
    ("吉安市2011年度政府信息公开工作报告编制工作部署会召开", False, None),
    ("东台市召开2020年度政府信息公开工作年度报告编制工作培训会", False, None),
    ("2019年政府信息公开工作年度报告发布", False, None),
    ("鹤壁市自然资源和规划局政府信息公开工作年度报告（2020年）", True, 2020),
    ("XX区2019年政府信息公开工作年度报告（全文）附件", True, 2019),
    ("XX区2019年政府信息公开工作年度报告.pdf", True, 2019),
    ("2019年政府信息公开工作年度报告——阜新市商务局", True, 2019),
])
def test_report_title_rules(title, is_report, year):
    assert parse_is_report(title) is is_report
    if is_report:
        assert parse_report_year(title) == year


def test_agency_expanded_from_source_and_not_the_compiling_office():
    r = rec("来源：天津市河东区民政局", title="区民政局2018年政府信息公开工作年度报告")
    assert r["agency"] == "天津市河东区民政局"
    body = BODY + "<p>本报告由南县人民政府办公室编制。</p><p style='text-align:right'>南县人民政府办公室</p><p>2020年3月20日</p>"
    r = rec("来源：南县人民政府办公室", title="南县人民政府2019年政府信息公开工作年度报告", body=body)
    assert r["agency"] == "南县人民政府"


def test_agency_town_expanded_to_fullest_government_name():
    title = "澄潭镇2009年政府信息公开工作年度报告"
    body = ("<p>现公布澄潭镇人民政府2009年度政府信息公开工作年度报告。</p><p>一、概述</p>"
            "<p style='text-align:right'>新昌县澄潭镇人民政府</p><p>二〇一〇年三月二十五日</p>")
    assert rec("发布单位：澄潭镇", title=title, body=body)["agency"] == "新昌县澄潭镇人民政府"
    office = "<p>一、概述</p><p>澄潭镇人民政府办公室</p><p>2010年3月25日</p>"
    assert rec("发布单位：澄潭镇", title=title, body=office)["agency"] == "澄潭镇"


def test_agency_place_title_expands_to_its_government_over_source():
    title = "安陆市2020年政府信息公开工作年度报告"
    body = ("<p>本报告由安陆市人民政府根据《条例》要求编制。</p><p>一、总体情况</p>"
            "<p style='text-align:right'>安陆市人民政府</p><p>2021年3月22日</p>")
    assert rec("来源：市政府办", title=title, body=body)["agency"] == "安陆市人民政府"
    office = "<p>一、总体情况</p><p>安陆市人民政府办公室</p><p>2021年3月22日</p>"
    assert rec("来源：市政府办", title=title, body=office)["agency"] == "市政府办"


def test_traditional_script_report_title_and_agency_kept_as_printed():
    title = "蘇州市吳江區民政局2019年政府信息公開工作年度報告"
    assert parse_is_report(title) and parse_report_year(title) == 2019
    assert not parse_is_report("圖解：吳江區民政局2019年政府信息公開工作年度報告")
    body = "<p>本報告由蘇州市吳江區民政局編制。</p><p>一、總體情況</p><p>蘇州市吳江區民政局</p><p>2020年1月16日</p>"
    r = rec("發布時間：2020-01-17 來源：吳江區人民政府網站", title=title, body=body)
    assert (r["is_report"], r["report_year"], r["agency"]) == (True, 2019, "蘇州市吳江區民政局")
    assert (r["published"], r["source"]) == ("2020-01-17", "吳江區人民政府網站")
    r = rec("", title="黃水鎮2019年政府信息公開工作年度報告",
            body="<p>一、總體情況</p><p>石柱土家族自治縣黃水鎮人民政府</p><p>2020年1月17日</p>")
    assert r["agency"] == "石柱土家族自治縣黃水鎮人民政府"


def test_agency_town_of_autonomous_county_keeps_whole_prefix():
    title = "黄水镇2019年政府信息公开工作年度报告"
    body = ("<p>现公布黄水镇人民政府2019年政府信息公开工作年度报告。</p><p>一、总体情况</p>"
            "<p>石柱土家族自治县黄水镇人民政府</p><p>2020年1月17日</p>")
    assert rec("来源：本站原创", title=title, body=body)["agency"] == "石柱土家族自治县黄水镇人民政府"
    body = "<p>一、总体情况</p><p>恩施土家族苗族自治州鹤峰县走马镇人民政府</p><p>2020年1月17日</p>"
    assert rec("", title="走马镇2019年政府信息公开工作年度报告", body=body)["agency"] == \
        "恩施土家族苗族自治州鹤峰县走马镇人民政府"
    body = "<p>本报告由石柱土家族自治县民政局编制。</p><p>一、总体情况</p>"
    assert rec("", title="县民政局2019年政府信息公开工作年度报告", body=body)["agency"] == "石柱土家族自治县民政局"


@pytest.mark.parametrize("short,signed", [
    ("滁州经开区管委会", "滁州经济技术开发区管理委员会"),
    ("合肥高新区管委会", "合肥高新技术产业开发区管理委员会"),
    ("阜新市人社局", "阜新市人力资源和社会保障局"),
    ("阜新市住建局", "阜新市住房和城乡建设局"),
    ("阜新市发改委", "阜新市发展和改革委员会"),
    ("阜新市市场监管局", "阜新市市场监督管理局"),
], ids=["jingkaiqu", "gaoxinqu", "renshe", "zhujian", "fagai", "shijian"])
def test_agency_abbreviated_title_expanded_to_printed_long_form(short, signed):
    body = (f"<p>本报告由{short[:2]}经济技术开发区党政办公室编制。</p><p>一、总体情况</p>"
            f"<p>{signed}</p><p>2023年1月29日</p>")
    assert rec("来源：党政办", title=f"{short}2022年政府信息公开工作年度报告", body=body)["agency"] == signed
    # the compiling office is another body: never the long form of the short name
    office = f"<p>一、总体情况</p><p>{short[:2]}经济技术开发区党政办公室</p><p>2023年1月29日</p>"
    assert rec("来源：党政办", title=f"{short}2022年政府信息公开工作年度报告", body=office)["agency"] == short


def test_agency_street_office_full_name_inserts_district_government():
    title = "金牛区抚琴街道办事处2020年政府信息公开工作年度报告"
    body = ("<p>根据成都市金牛区人民政府办公室要求，现公布抚琴街道办事处2020年政府信息公开工作年度报告。"
            "配合成都市金牛区卫生健康局公开信息。</p><p>一、总体情况</p>"
            "<p>成都市金牛区人民政府抚琴街道办事处</p><p>2021年1月29日</p>")
    assert rec("来源：抚琴街道", title=title, body=body)["agency"] == "成都市金牛区人民政府抚琴街道办事处"
    assert rec("来源：抚琴街道", title="抚琴街道2020年政府信息公开工作年度报告", body=body)["agency"] == \
        "成都市金牛区人民政府抚琴街道办事处"
    other = "<p>一、总体情况</p><p>成都市金牛区人民政府西安路街道办事处</p><p>2021年1月29日</p>"
    assert rec("来源：抚琴街道", title=title, body=other)["agency"] == "金牛区抚琴街道办事处"
    office = "<p>一、总体情况</p><p>成都市金牛区人民政府办公室</p><p>2021年1月29日</p>"
    assert rec("来源：抚琴街道", title=title, body=office)["agency"] == "金牛区抚琴街道办事处"


def test_agency_of_notice_is_signatory():
    body = "<p>各单位：</p><p>请按时报送。</p><p>阜新市人民政府办公室</p><p>2019年1月8日</p>"
    r = rec("来源：阜新市商务局", title="关于做好2018年政府信息公开工作年度报告编制工作的通知", body=body)
    assert (r["agency"], r["is_report"], r["report_year"]) == ("阜新市人民政府办公室", False, None)


# --- decoding and errors ---------------------------------------------------------------------

def test_gb2312_declared_page_with_gbk_only_character():
    r = extract_report(page("来源：阜新市商务局 责任编辑：王喆", charset="gb2312"), URL)
    assert r["editor"] == "王喆" and r["encoding"] == "gb18030"


def test_http_charset_wins():
    body = page("来源：阜新市商务局", charset="utf-8").replace(b"charset='utf-8'", b"")
    gbk = body.decode("utf-8").encode("gb18030")
    r = extract_report(gbk, URL, {"Content-Type": "text/html; charset=GBK"})
    assert r["source"] == "阜新市商务局"


@pytest.mark.parametrize("body", [b"", b"   \n", b"%PDF-1.7\n...", b"PK\x03\x04rest", b"\x00\x01\x02abc" * 10,
                                  bytes(range(1, 32)) * 20])
def test_not_a_page(body):
    with pytest.raises(ExtractionError):
        extract_report(body, URL)


# --- parsers: examples and properties --------------------------------------------------------

@pytest.mark.parametrize("text,want", [
    ("2018-03-28", "2018-03-28"), ("2018-03-28 08:00", "2018-03-28"), ("2019年03月04日", "2019-03-04"),
    ("2013-3-26", "2013-03-26"), ("2018/3/28", "2018-03-28"), ("2018.03.28", "2018-03-28"),
    ("014416330/2018-04736", None), ("2018-13-01", None), ("二〇一八年三月二十八日", "2018-03-28"), ("", None),
])
def test_parse_date(text, want):
    assert parse_date(text) == want


def test_parse_url_and_month_day():
    assert parse_url_date("/art/2018/2/28/art_46355_1634538.html") == "2018-02-28"
    assert parse_url_date("/201901/t20190130_2702145.html") == "2019-01-30"
    assert parse_url_date("/cms/html/npszf/2013-01-25/1779102018.html") == "2013-01-25"
    assert parse_month_day("03-16") == "03-16"


def test_letter_spaced_and_traditional_labels():
    assert [h.label for h in find_labels("发 布 机 构 市政府 發布時間：2019-01-01")] == ["发布机构", "发布时间"]
    assert clean_name("：阜新市商务局　打印") == "阜新市商务局"


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_parse_date_never_raises_and_is_idempotent(text):
    value = parse_date(text)
    assert value is None or parse_date(value) == value


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_normalisers_idempotent(text):
    assert squeeze(squeeze(text)) == squeeze(text)
    assert tidy_heading(tidy_heading(text)) == tidy_heading(text)
    once = clean_name(text)
    assert once is None or clean_name(once) == once


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_extract_report_never_crashes_on_text(text):
    try:
        record = extract_report(text.encode("utf-8"), URL)
    except ExtractionError:
        return
    assert set(record) >= {"title", "published", "views", "attachments", "raw", "encoding"}


# --- listing -----------------------------------------------------------------------------------

def test_listing_trs_pager_and_truncated_titles():
    html = ("<html><body><div class='nav'><ul><li><a href='/a/1.html'>导航一</a></li></ul></div>"
            "<ul class='list'>"
            "<li><a href='./202001/t20200120_1.html' title='阜新市商务局2019年政府信息公开工作年度报告'>阜新市商务局2019年政府信息…</a><span>2020-01-20</span></li>"
            "<li><a href='./201912/t20191210_2.html'>关于做好2019年度政府信息公开工作年度报告编制工作的通知</a><span>[2019-12-10]</span></li>"
            "<li><a href='http://other.example.com/x.html'>外站链接文章标题</a><span>2019-12-01</span></li>"
            "</ul><script>createPageHTML(3, 0, \"index\", \"html\");</script></body></html>").encode()
    out = extract_listing(html, "http://www.example.gov.cn/zwgk/ndbg/index.html")
    assert [(l["title"], l["date"], l["is_report"]) for l in out["links"]] == [
        ("阜新市商务局2019年政府信息公开工作年度报告", "2020-01-20", True),
        ("关于做好2019年度政府信息公开工作年度报告编制工作的通知", "2019-12-10", False)]
    assert out["next_page"] == "http://www.example.gov.cn/zwgk/ndbg/index_1.html"
    last = html.replace(b"createPageHTML(3, 0", b"createPageHTML(3, 2")
    assert extract_listing(last, "http://www.example.gov.cn/zwgk/ndbg/index_2.html")["next_page"] is None


def test_listing_month_day_dates_use_url_year_only_when_it_agrees():
    html = ("<html><body><ul class='list'>"
            "<li><a href='/art/2022/3/16/art_1_2.html'>义乌市商务局2021年政府信息公开工作年度报告</a><span>03-16</span></li>"
            "<li><a href='/art/2022/3/1/art_1_3.html'>义乌市商务局召开外贸工作会议通知</a><span>03-17</span></li>"
            "</ul><a href='?page=2'>下一页</a></body></html>").encode()
    out = extract_listing(html, "http://www.yw.gov.cn/col/col1/index.html")
    assert [l["date"] for l in out["links"]] == ["2022-03-16", "03-17"]
    assert out["next_page"] == "http://www.yw.gov.cn/col/col1/index.html?page=2"


def test_heading_followed_by_metadata_beats_column_box():
    heading = "<div class='title'>政府信息公开年报</div><h2>阜新市商务局2019年政府信息公开工作年度报告</h2>"
    body = page("发布时间：2020-01-20 来源：阜新市商务局", heading=heading).replace(
        f"<title>{TITLE}_阜新市人民政府</title>".encode(), "<title>阜新市人民政府</title>".encode())
    assert extract_report(body, URL)["title"] == TITLE


def test_listing_hanweb_datastore_last_page_has_no_next():
    def store(total, pages, nxt="/module/web/jpage/dataproxy.jsp?page=2&columnid=1"):
        rows = "".join(f"<record><![CDATA[<li><a href='/art/2024/3/{i}/art_1_{i}.html'>阜新市商务局{2010 + i}年"
                       f"政府信息公开工作年度报告</a><span>2024-03-0{i}</span></li>]]></record>" for i in (1, 2))
        return ("<html><body><div id='5873921'><script type='text/xml'><datastore>"
                f"<nextgroup><![CDATA[<a href='{nxt}'></a>]]></nextgroup><recordset>{rows}</recordset>"
                f"<totalrecord>{total}</totalrecord><totalpage>{pages}</totalpage></datastore></script></div>"
                "</body></html>").encode()
    col = "http://www.yw.gov.cn/col/col1/index.html"
    assert extract_listing(store(2, 1, nxt="/module/web/jpage/dataproxy.jsp?page=1&columnid=1"), col)["next_page"] is None
    out = extract_listing(store(5, 3), col)
    assert len(out["links"]) == 2
    assert out["next_page"] == "http://www.yw.gov.cn/module/web/jpage/dataproxy.jsp?page=2&columnid=1"
    proxy = store(5, 3, nxt="/module/web/jpage/dataproxy.jsp?page=4&columnid=1").replace(
        b"<html><body><div id='5873921'><script type='text/xml'>", b"").replace(b"</script></div></body></html>", b"")
    assert extract_listing(proxy, "http://www.yw.gov.cn/module/web/jpage/dataproxy.jsp?page=3&columnid=1")[
        "next_page"] is None


def test_listing_row_prefers_article_link_over_category_tag():
    rows = "".join(f"<li><a href='../{tag}/index.shtml'>[{name}]</a> <a href='./2019{m:02d}/t2019{m:02d}01_{m}.shtml' "
                   f"title='阜新市第{m}号政府信息公开工作年度报告'>阜新市第{m}号政府信息公开工作年度报告</a>"
                   f"<span>2019-{m:02d}-01</span></li>"
                   for m, (tag, name) in enumerate([("tzgg", "通知公告"), ("zcjd", "政策解读"), ("tzgg", "通知公告"),
                                                    ("ndbg", "年度报告")], 1))
    html = f"<html><body><ul class='list'>{rows}</ul></body></html>".encode()
    out = extract_listing(html, "http://www.example.gov.cn/zwgk/ndbg/index.shtml")
    assert [l["url"].rsplit("/", 1)[-1] for l in out["links"]] == [
        "t20190101_1.shtml", "t20190201_2.shtml", "t20190301_3.shtml", "t20190401_4.shtml"]
    assert all(not l["title"].startswith("[") for l in out["links"])


def test_listing_empty_column_ignores_recommendation_sidebar():
    side = "".join(f"<li><a href='/zwgk/ndbg/bm{i}/202001/t2020012{i}_{i}.html'>某某局{i}2019年政府信息公开工作年度报告"
                   f"</a><span>2020-01-2{i}</span></li>" for i in range(3))
    html = ("<html><body><div class='main'><div class='main-r'><div class='lm-tit'>市司法局</div>"
            "<ul class='list'></ul><div class='no-data'>暂无信息</div></div>"
            f"<div class='main-side'><div class='box'><div class='box-hd'><h3>年报推荐</h3></div><ul>{side}</ul>"
            "</div></div></div></body></html>").encode()
    assert extract_listing(html, "http://www.example.gov.cn/zwgk/ndbg/sfj/index.html")["links"] == []
    # a box headed 热点/推荐 is a sidebar even without a telling class
    html = html.replace(b"main-side", b"col3")
    assert extract_listing(html, "http://www.example.gov.cn/zwgk/ndbg/sfj/index.html")["links"] == []


def test_listing_undated_hanweb_rows_beat_nav_and_footer_column_links():
    rows = "".join(f"<div class='default_pgContainer_item'><a href='/art/2019/3/{d}/art_8732_{d}001.html' "
                   f"title='某局{2010 + d}年政府信息公开工作年度报告'>某局{2010 + d}年政府信息公开工作年度报告</a></div>"
                   for d in (1, 2, 3))
    nav = "".join(f"<a href='/col/col87{i}0/index.html'>栏目名称{i}</a>" for i in range(5))
    html = (f"<html><body><div class='nav'>{nav}</div><div class='right'><div class='default_pgContainer'>{rows}</div>"
            "</div><div class='foot'><a href='/col/col8790/index.html'>网站地图</a>"
            "<a href='/col/col8791/index.html'>联系我们</a></div></body></html>").encode()
    out = extract_listing(html, "http://kjj.example.gov.cn/col/col8732/index.html")
    assert [l["url"] for l in out["links"]] == [
        f"http://kjj.example.gov.cn/art/2019/3/{d}/art_8732_{d}001.html" for d in (1, 2, 3)]
    assert all(l["date"] is None for l in out["links"])


def test_listing_hanweb_nextgroup_pointing_back_is_not_the_next_page():
    rows = "".join(f"<record><![CDATA[<li><a href='/art/2020/3/{i}/art_30518_{i}.html'>东台市某局{2010 + i}年政府信息公开"
                   f"工作年度报告</a><span>2020-03-0{i}</span></li>]]></record>" for i in (1, 2, 3))
    nextgroup = ("<nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1&webid=49&path=/&columnid=30518"
                 "&unitid=32978&permissiontype=0\"></a>]]></nextgroup>")
    html = (f"<html><body><div id='32978'><script type='text/xml'><datastore>{nextgroup}<recordset>{rows}"
            "</recordset></datastore></script></div><script>$('#32978').jpage({perPage: 3, totalRecord: 9, "
            "proxyUrl: '/module/web/jpage/dataproxy.jsp', ajaxParam: {col:1,appid:1,webid:49,path:'/',"
            "columnid:30518,unitid:32978,permissiontype:0}});</script></body></html>").encode()
    out = extract_listing(html, "http://www.dongtai.gov.cn/col/col30518/index.html")
    assert len(out["links"]) == 3
    nxt = urlsplit(out["next_page"])
    query = dict(parse_qsl(nxt.query))
    assert nxt.path == "/module/web/jpage/dataproxy.jsp"
    assert (query.get("page") == "2" or (query.get("startrecord"), query.get("endrecord")) == ("4", "6"))
    assert (query["columnid"], query["unitid"], query["webid"]) == ("30518", "32978", "49")
    # a dataproxy answer for page 2 whose nextgroup still says page=2: the next page is 3
    proxy = (f"<datastore>{nextgroup.replace('page=1', 'page=2')}<recordset>{rows}</recordset>"
             "<totalrecord>9</totalrecord><totalpage>3</totalpage></datastore>").encode()
    out = extract_listing(proxy, "http://www.dongtai.gov.cn/module/web/jpage/dataproxy.jsp?page=2&columnid=30518")
    assert out["next_page"] == "http://www.dongtai.gov.cn/module/web/jpage/dataproxy.jsp?page=3&columnid=30518"


@pytest.mark.parametrize("script,expected", [
    ('var pageUrl = "list_{page}.html"; function goPage(p){ location.href = pageUrl.replace("{page}", p); }',
     "http://www.example.gov.cn/zwgk/ndbg/list_3.html"),
    ('function toPage(n){ window.location = "index_{0}.shtml".replace("{0}", n); }',
     "http://www.example.gov.cn/zwgk/ndbg/index_3.shtml"),
    ('function gotoPage(page){ location.href = "list_" + page + ".html"; }',
     "http://www.example.gov.cn/zwgk/ndbg/list_3.html"),
    ('function goPage(page){ submitForm(page); }', None),
])
def test_listing_js_pager_call_resolved_with_the_page_template(script, expected):
    call = re.search(r"(goPage|toPage|gotoPage)", script).group(1)
    rows = "".join(f"<li><a href='/zwgk/ndbg/2020/0120/{i}001.html'>某县某局{2010 + i}年政府信息公开工作年度报告</a>"
                   f"<span>01-2{i}</span></li>" for i in range(3))
    html = (f"<html><body><ul class='list'>{rows}</ul><script>{script}</script><div class='pager'>"
            f"<a href='javascript:{call}(1)'>上一页</a><a href='javascript:{call}(3)'>下一页</a></div>"
            "</body></html>").encode()
    assert extract_listing(html, "http://www.example.gov.cn/zwgk/ndbg/list_2.html")["next_page"] == expected


@pytest.mark.parametrize("meta, head, want", [
    ("发布日期：2020-01-20", '<meta name="ContentSource" content="阜新市商务局">', "阜新市商务局"),
    ("发布日期：2020-01-20 来源：本网", '<meta name="ContentSource" content="阜新市商务局">', "本网"),
    ("发布日期：2020-01-20", '<meta name="ContentSource" content="&lt;b&gt;阜新市商务局&lt;/b&gt;">',
     "阜新市商务局"),
    ("发布日期：2020-01-20", '<meta name="ContentSource" content="">', None),
    ("发布日期：2020-01-20", '<meta name="ContentSource" content="--">', None),
])
def test_content_source_meta_only_when_nothing_is_printed(meta, head, want):
    assert extract_report(page(meta, head=head), URL)["source"] == want


@pytest.mark.parametrize("meta, want", [
    ("发布日期：2022-01-30 信息来源：白石市政务公开办", "白石市政务公开办"),  # the publishing body
    ("发布日期：2022-01-30 来源：本站", "白石市人民政府"),  # a portal value names no body: the title's
    ("发布日期：2022-01-30", "白石市人民政府"),
])
def test_companion_page_agency_is_its_publisher_before_the_title_body(meta, want):
    title = "图解：白石市人民政府2021年政府信息公开工作年度报告"
    got = extract_report(page(meta, title=title, body="<p><img src='tujie.png'></p><p>图解内容。</p>"), URL)
    assert (got["is_report"], got["agency"]) == (False, want)
