"""天津市河东区民政局 (hedong-mzj): TRS WCM, UTF-8.

Quirks: the only ``<h1>`` is the site name (heading is ``div.xl_tit``); source before date
(``来源:… 发布时间:2020-01-20 08:00``); chrome "today" ``2019年12月3日星期二``; empty ``点击数:``;
URL date ≠ displayed date (re-published 2019 report); tables as images; relative ``./P0….pdf``
attachments and ``./`` list links; 0-based ``index_1.html`` known only from ``createPageHTML``;
a column link into robots-disallowed ``zwgk/tmp/``; binary-garbage and 12 MB links; a 404 link.
"""
from __future__ import annotations

from xxgk.fixtureweb.authoring import (Site, att, emit_articles, files, link_rows, report_pdfs, texts,
                                       unfetchable)

# the 2019 report's PDF holds the standard tables, drawn with close columns and one-character side
# labels (report_pdfs "ruled_close_2019"; its cells: tests/data/pdf_tables/ruled_close_2019.json)
STATS_PDF = "P020201216551274936107.pdf"

SLUG = "hedong-mzj"
AGENCY = "天津市河东区民政局"
COL = "zwgk/zfxxgknb/"
FURNITURE = ["上一篇", "下一篇", "【打印本页】", "【关闭窗口】", "相关文章", "政府信息公开申请表", "2019年12月3日星期二"]
SIDE = [("zwgk/zfxxgkzn/201902/t20190215_2712001.html", "天津市河东区民政局政府信息公开指南", "2019-02-15"),
        ("zwgk/zfxxgkzd/201807/t20180702_2588810.html", "天津市河东区民政局政府信息公开制度", "2018-07-02")]


def chrome(title: str, column: str, main: str, metas: str = "") -> str:
    side = "".join(f'<li><a href="/{SLUG}/{u}" target="_blank">{t}</a><span>{d}</span></li>' for u, t, d in SIDE)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{title}_天津市河东区人民政府</title>
<meta name="SiteName" content="天津市河东区人民政府">
<meta name="SiteDomain" content="www.tjhd.gov.cn">
<meta name="SiteIDCode" content="1201020001">
<meta name="ColumnName" content="{column}">
<meta name="ColumnType" content="政府信息公开年报">
{metas}<link rel="stylesheet" href="/{SLUG}/images/public.css">
<script src="/{SLUG}/images/jquery.min.js"></script>
<script src="/{SLUG}/images/page.js"></script>
</head>
<body>
<div class="top"><div class="w1200"><span class="fl">天津市河东区人民政府 2019年12月3日星期二</span>
<span class="fr"><a href="/{SLUG}/wza/">无障碍浏览</a> <a href="javascript:;">简</a>/<a href="javascript:;">繁</a></span></div></div>
<div class="head"><div class="w1200"><h1 class="logo"><a href="/{SLUG}/">天津市河东区人民政府</a></h1>
<form action="/{SLUG}/was5/web/search" method="get"><input type="text" name="searchword"><input type="submit" value="搜索"></form></div></div>
<div class="nav"><ul><li><a href="/{SLUG}/">首页</a></li><li><a href="/{SLUG}/zwgk/">政务公开</a></li>
<li><a href="/{SLUG}/zwfw/">政务服务</a></li><li><a href="/{SLUG}/hdjl/">互动交流</a></li><li><a href="/{SLUG}/zjhd/">走进河东</a></li></ul></div>
<div class="w1200 content">
<div class="crumb">您当前所在位置：<a href="/{SLUG}/">首页</a> &gt; <a href="/{SLUG}/zwgk/">政务公开</a> &gt; <a href="/{SLUG}/{COL}index.html">政府信息公开年报</a></div>
{main}
<div class="side"><div class="side-tit">相关文章</div><ul>{side}</ul>
<div class="side-tit">下载专区</div><ul><li><a href="/{SLUG}/zwgk/xgxz/P020190101356231476801.doc">政府信息公开申请表</a></li></ul></div>
</div>
<div class="foot"><p>主办：天津市河东区人民政府办公室　承办：天津市河东区政务服务办公室</p>
<p>网站标识码：1201020001　<a href="https://beian.miit.gov.cn/">津ICP备05004321号-1</a>　津公网安备 12010202000123号</p></div>
<script>var _trsPageInfo = {{siteId: 112, channelId: 4521}};</script>
</body>
</html>
"""


def pdf_link(ym: str, name: str, text: str) -> str:
    return f'<a href="./{name}" target="_blank" oldsrc="{name}">{text}</a>'


def articles() -> list[dict]:
    p19 = "P020201216551274936107.pdf"
    return [
        dict(rel=f"{COL}202001/t20200122_2961204.html", title="《天津市河东区民政局2019年政府信息公开工作年度报告》解读",
             date="2020-01-22 10:30", who="<span>责任编辑:宋佳</span>",
             body=texts.paras("近日，《天津市河东区民政局2019年政府信息公开工作年度报告》正式发布。现就报告主要内容解读如下：",
                              "一是主动公开情况。2019年，区民政局通过区政府网站公开社会救助、养老服务等信息186条。",
                              "二是依申请公开情况。全年收到政府信息公开申请4件，均已按期答复。"),
             exp=dict(source=AGENCY, editor="宋佳", views=None, report_year=None, agency=AGENCY,
                      attachments=[], is_report=False, body_contains=["现就报告主要内容解读如下", "均已按期答复"])),
        dict(rel=f"{COL}202012/t20201216_3021456.html", title="天津市河东区民政局2019年政府信息公开工作年度报告",
             date="2020-01-20 08:00", who="",
             body=texts.paras("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，特向社会公布2019年度天津市河东区民政局政府信息公开工作年度报告。"
                              "本报告所列数据的统计期限为2019年1月1日至12月31日。",
                              "一、总体情况",
                              "2019年，区民政局认真贯彻落实新修订的《条例》，围绕社会救助、养老服务、社会事务等重点领域，全年主动公开政府信息186条。",
                              "二、主动公开政府信息情况")
             + '\n<p style="text-align:center;"><img src="./W020201216552013478922.png" oldsrc="W020201216552013478922.png" alt=""></p>\n'
             + texts.paras("三、收到和处理政府信息公开申请情况")
             + '\n<p style="text-align:center;"><img src="./W020201216552013479833.png" oldsrc="W020201216552013479833.png" alt=""></p>\n'
             + texts.paras("四、政府信息公开行政复议、行政诉讼情况", "2019年，本机关未发生政府信息公开行政复议、行政诉讼案件。",
                           "五、存在的主要问题及改进情况", "主要问题是基层社区政务公开标准化建设推进较慢，2020年将继续推进基层政务公开标准化规范化。",
                           "六、其他需要报告的事项", "无。")
             + texts.signature(AGENCY, "2020年1月17日"),
             attach=[(p19, "天津市河东区民政局2019年政府信息公开工作年度报告.pdf")],
             exp=dict(source=AGENCY, editor=None, views=None, report_year=2019, agency=AGENCY,
                      attachments=[att(f"/{SLUG}/{COL}202012/{p19}", "天津市河东区民政局2019年政府信息公开工作年度报告.pdf")],
                      is_report=True, body_contains=["全年主动公开政府信息186条", "推进基层政务公开标准化规范化"])),
        dict(rel=f"{COL}201912/t20191210_2890311.html", title="关于做好2019年度政府信息公开工作年度报告编制和发布工作的通知",
             date="2019-12-10 15:20", who="", source="天津市河东区人民政府办公室",
             body=texts.paras("区政府各委、办、局，各街道办事处：",
                              "根据《中华人民共和国政府信息公开条例》第四十九条规定，各部门应于2020年1月31日前向社会公布本部门2019年政府信息公开工作年度报告。"
                              "请严格按照国务院办公厅政府信息与政务公开办公室制定的格式模板编制年度报告。")
             + texts.signature("天津市河东区人民政府办公室", "2019年12月9日"),
             exp=dict(source="天津市河东区人民政府办公室", editor=None, views=None, report_year=None,
                      agency="天津市河东区人民政府办公室", attachments=[], is_report=False,
                      body_contains=["各部门应于2020年1月31日前向社会公布本部门2019年政府信息公开工作年度报告"])),
        dict(rel="zwgk/tmp/201903/t20190315_2750001.html", title="天津市河东区民政局2018年政府信息公开工作年度报告（预览）",
             date="2019-03-15 09:00", who="",
             body=texts.paras("【预览稿，请勿转载】根据《中华人民共和国政府信息公开条例》要求，现公布天津市河东区民政局2018年政府信息公开工作年度报告。",
                              "2018年，区民政局主动公开政府信息152条。") + texts.signature(AGENCY, "2019年3月14日"),
             exp=dict(source=AGENCY, editor=None, views=None, report_year=2018, agency=AGENCY, attachments=[],
                      is_report=True, body_contains=["【预览稿，请勿转载】"])),
        dict(rel=f"{COL}201901/t20190130_2702145.html", title="区民政局2018年政府信息公开工作年度报告",
             date="2019-01-30 09:30", who="", source="河东区民政局",
             body=texts.prose_report(
                 "区民政局", 2018,
                 opening="根据《中华人民共和国政府信息公开条例》要求，现公布区民政局2018年政府信息公开工作年度报告。",
                 active="2018年，区民政局主动公开政府信息152条，其中低保、特困供养等社会救助信息96条，养老服务信息31条。",
                 apply="2018年，区民政局共受理政府信息公开申请2件，均在法定期限内予以答复。",
                 problems="公开信息的可读性有待增强。下一步将加强政策解读，提高公开实效。")
             + texts.signature(AGENCY, "2019年1月28日"),
             exp=dict(source="河东区民政局", editor=None, views=None, report_year=2018, agency=AGENCY, attachments=[],
                      is_report=True, body_contains=["社会救助信息96条", "均在法定期限内予以答复"])),
        dict(rel=f"{COL}201809/t20180912_2611877.html", title="河东区民政局开展“政府开放日”活动",
             date="2018-09-12 14:10", who="",
             body=texts.paras("9月11日，河东区民政局举办“政府开放日”活动，邀请20余名社区居民代表走进区民政局婚姻登记处和社会救助服务大厅。",
                              "活动中，工作人员介绍了最低生活保障申请流程，并现场解答居民提问。"),
             exp=dict(source=AGENCY, editor=None, views=None, report_year=None, agency=AGENCY, attachments=[],
                      is_report=False, body_contains=["邀请20余名社区居民代表", "最低生活保障申请流程"])),
        dict(rel=f"{COL}201803/t20180328_2530416.html", title="天津市河东区民政局2017年政府信息公开工作年度报告",
             date="2018-03-28 16:05", who="",
             body=texts.prose_report(
                 AGENCY, 2017,
                 opening="本报告由天津市河东区民政局根据《中华人民共和国政府信息公开条例》要求编制。",
                 active="2017年，我局主动公开政府信息131条，通过政务微博发布民政服务信息58条。",
                 apply="2017年，我局未收到政府信息公开申请。",
                 problems="公开内容的及时性有待提高，2018年将健全信息发布协调机制。",
                 contact="联系地址：天津市河东区十一经路78号，邮编：300171，电话：022-24123456。")
             + texts.signature(AGENCY, "2018年3月26日"),
             exp=dict(source=AGENCY, editor=None, views=None, report_year=2017, agency=AGENCY, attachments=[],
                      is_report=True, body_contains=["通过政务微博发布民政服务信息58条", "联系地址：天津市河东区十一经路78号"])),
        dict(rel=f"{COL}201503/t20150330_1800562.html", title="天津市河东区民政局2014年政府信息公开工作年度报告",
             date="2015-03-30 11:00", who="",
             body=texts.prose_report(
                 AGENCY, 2014,
                 opening="现将天津市河东区民政局2014年政府信息公开工作情况报告如下。",
                 active="2014年共主动公开政府信息87条。",
                 apply="2014年未收到政府信息公开申请。",
                 problems="下一步将进一步拓宽公开渠道。") + texts.signature(AGENCY, "2015年3月25日"),
             attach=[("P020150330381162540117.xls", "2014年政府信息公开情况统计表.xls")],
             exp=dict(source=AGENCY, editor=None, views=None, report_year=2014, agency=AGENCY,
                      attachments=[att(f"/{SLUG}/{COL}201503/P020150330381162540117.xls", "2014年政府信息公开情况统计表.xls")],
                      is_report=True, body_contains=["2014年共主动公开政府信息87条"])),
    ]


UNFETCHABLE = [
    dict(rel=f"{COL}201901/t20190125_2700388.html", title="天津市河东区民政局2018年政府信息公开工作年度报告（附表）",
         date="2019-01-25", is_report=True, report_year=2018, failure="binary"),
    dict(rel=f"{COL}201701/t20170120_2300125.html", title="天津市河东区民政局2016年政府信息公开工作年度报告",
         date="2017-01-20", is_report=True, report_year=2016, failure="too_large"),
    dict(rel=f"{COL}201601/t20160125_2100093.html", title="天津市河东区民政局2015年政府信息公开工作年度报告",
         date="2016-01-25", is_report=True, report_year=2015, failure="not_found"),
]


def article_page(a: dict, prev: dict | None, nxt: dict | None) -> str:
    src = a.get("source", AGENCY)
    pn = lambda lab, x: (f'<p>{lab}：<a href="/{SLUG}/{x["rel"]}">{x["title"]}</a></p>' if x  # noqa: E731
                         else f"<p>{lab}：没有了</p>")
    fj = ""
    if a.get("attach"):
        fj = '<div class="fj">附件：' + "<br>".join(pdf_link("", n, t) for n, t in a["attach"]) + "</div>"
    metas = (f'<meta name="ArticleTitle" content="{a["title"]}">\n<meta name="PubDate" content="{a["date"]}">\n'
             f'<meta name="ContentSource" content="{src}">\n<meta name="Keywords" content="">\n<meta name="Author" content="">\n'
             f'<meta name="Description" content="">\n<meta name="Url" content="http://www.tjhd.gov.cn/{a["rel"]}">\n')
    main = f"""<div class="main">
<div class="xl_tit">{a['title']}</div>
<div class="xl_info"><span>来源:{src}</span> <span>发布时间:{a['date']}</span> {a['who']} <span>点击数:</span>
<span class="zh">【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span></div>
<div class="xl_con"><div class="TRS_Editor"><style type="text/css">
.TRS_Editor P{{margin-top:0;margin-bottom:12px;line-height:1.8;font-family:宋体;font-size:12pt;}}.TRS_Editor TD,.TRS_Editor TH{{font-size:12pt;}}</style>{a['body']}</div></div>
{fj}
<div class="xl_btn"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="xl_pn">{pn('上一篇', prev)}{pn('下一篇', nxt)}</div>
</div>"""
    return chrome(a["title"], "政府信息公开年报", main, metas)


def listing_page(rows: list[dict], page: int, pages: int) -> str:
    def href(r):
        return "./" + r["rel"][len(COL):] if r["rel"].startswith(COL) else "../" + r["rel"][len("zwgk/"):]
    items = "\n".join(f'<li><a href="{href(r)}" target="_blank" title="{r["title"]}">{r["title"]}</a>'
                      f'<span>{r["date"][:10]}</span></li>' for r in rows)
    main = f"""<div class="main"><div class="list-tit">政府信息公开年报</div>
<ul class="list">
{items}
</ul>
<div class="page"><script language="JavaScript">
var currentPage = {page};//所在页从0开始
var countPage = {pages}//共多少页
createPageHTML(countPage, currentPage, "index", "html");
</script></div></div>"""
    return chrome("政府信息公开年报", "政府信息公开年报", main)


def build() -> None:
    site = Site(SLUG)
    arts = articles()
    emit_articles(site, arts, article_page, FURNITURE)
    rows = arts[:3] + [arts[3], arts[4], UNFETCHABLE[0]] + arts[5:7] + UNFETCHABLE[1:] + arts[7:]
    pages = [rows[:6], rows[6:]]
    for p, chunk in enumerate(pages):
        rel = f"{COL}index.html" if p == 0 else f"{COL}index_{p}.html"
        nxt = f"/{SLUG}/{COL}index_{p + 1}.html" if p + 1 < len(pages) else None
        site.listing(rel, listing_page(chunk, p, len(pages)),
                     {"url": site.url(rel), "links": link_rows(site, chunk), "next_page": nxt})
    for a in arts:
        for name, text in a.get("attach", []):
            folder = a["rel"].rsplit("/", 1)[0]
            if name.endswith(".xls"):
                data = files.xls_xml(text, [["主动公开信息数", "条", 87], ["申请总数", "件", 0]])
            elif name == STATS_PDF:  # the report's tables as a real report PDF prints them
                data = report_pdfs.render(report_pdfs.VARIANTS[0])
            else:
                data = files.pdf(["Hedong District Civil Affairs Bureau", "Annual report", a["date"]])
            site.raw(f"{folder}/{name}", data)
    site.raw("zwgk/xgxz/P020190101356231476801.doc", files.rtf_doc("政府信息公开申请表"))
    site.page("index.html", chrome("首页", "首页", f'<div class="main"><a href="/{SLUG}/{COL}index.html">政府信息公开年报</a></div>'))
    unfetchable(site, UNFETCHABLE)
    site.site_yml(name=AGENCY, platform="trs_wcm", registered=True, encoding="utf-8",
                  content_type="text/html; charset=utf-8", columns=[site.url(f"{COL}index.html")],
                  robots_disallow=["zwgk/tmp/", "was5/"],
                  fail_once=[f"{COL}201901/t20190130_2702145.html"],
                  binary=[UNFETCHABLE[0]["rel"]], huge=[UNFETCHABLE[1]["rel"]],
                  huge_title=UNFETCHABLE[1]["title"])
