"""清水县人民政府 (qingshui-gov): VSB/博达站群, UTF-8.

Quirks: static list ``xxgk/ndbg.htm`` whose following pages are numbered downwards
(``ndbg/2.htm`` then ``ndbg/1.htm``) and reached by ``下页``; body ``#vsb_content
.v_news_content``; ``点击数: <script>_showDynClicks(…)</script>`` (views null); ``审核``/``校对``
next to ``编辑`` (and one page with only ``审核``: editor null); a line with full-width colons,
U+3000 and ``&nbsp;`` and a ``2019年03月04日`` date; attachments through
``system/_content/download.jsp?…&wbfileid=N`` (extension only in the link text).
"""
from __future__ import annotations

from html import escape

from xxgk.fixtureweb.authoring import Site, att, emit_articles, files, link_rows, texts, unfetchable

SLUG = "qingshui-gov"
AGENCY = "清水县人民政府"
OWNER = "1768654345"
FURNITURE = ["上一条", "下一条", "【打印此页】", "【关闭窗口】", "甘ICP备", "政府信息公开申请表"]


def dl(fileid: int) -> str:
    return f"/{SLUG}/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner={OWNER}&wbfileid={fileid}"


def chrome(title: str, main: str) -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<title>{escape(title)}-清水县人民政府</title>
<META Name="keywords" Content="清水县人民政府,{escape(title)}" />
<link type="text/css" href="/{SLUG}/style/style.css" rel="stylesheet" />
<script type="text/javascript" src="/{SLUG}/system/resource/js/jquery/jquery-latest.min.js"></script>
<!--Announced by Visual SiteBuilder 9-->
<link rel="stylesheet" type="text/css" href="/{SLUG}/_sitegray/_sitegray_d.css" />
<script language="javascript" src="/{SLUG}/_sitegray/_sitegray.js"></script>
<script type="text/javascript" src="/{SLUG}/system/resource/js/counter.js"></script>
<script type="text/javascript">_jsq_(1082,'/content.jsp',-1,{OWNER})</script>
</head>
<body>
<div class="top"><div class="wrap"><span>欢迎访问清水县人民政府网站</span><a href="/{SLUG}/index.htm">首页</a></div></div>
<div class="header"><div class="wrap"><img src="/{SLUG}/images/logo.png" alt="清水县人民政府" /></div></div>
<div class="nav"><ul><li><a href="/{SLUG}/index.htm">网站首页</a></li><li><a href="/{SLUG}/zwdt.htm">政务动态</a></li>
<li><a href="/{SLUG}/xxgk.htm">信息公开</a></li><li><a href="/{SLUG}/zwfw.htm">政务服务</a></li><li><a href="/{SLUG}/hdjl.htm">互动交流</a></li></ul></div>
<div class="wrap main">
<div class="left"><div class="lm_name">信息公开</div><ul>
<li><a href="/{SLUG}/xxgk/xxgkzn.htm">政府信息公开指南</a></li><li><a href="/{SLUG}/xxgk/ndbg.htm">政府信息公开年报</a></li>
<li><a href="/{SLUG}/xxgk/ysqgk.htm">依申请公开</a></li></ul>
<div class="xz"><a href="/{SLUG}/docs/2019-01/sqb.docx">政府信息公开申请表</a></div></div>
<div class="right"><div class="location">当前位置: <a href="/{SLUG}/index.htm">首页</a>&gt;&gt;<a href="/{SLUG}/xxgk.htm">信息公开</a>&gt;&gt;<a href="/{SLUG}/xxgk/ndbg.htm">政府信息公开年报</a></div>
{main}
</div></div>
<div class="footer"><p>版权所有：清水县人民政府　主办：清水县人民政府办公室</p><p>甘ICP备05001122号　网站标识码：6205210001</p></div>
</body></html>
"""


def info(date: str, src: str, extra: str, aid: int, sep: str = " ") -> str:
    return (f'<div class="info">日期：{sep}{date}{sep}信息来源：{sep}{src}{sep}{extra}'
            f'点击数: <script>_showDynClicks("wbnews", {OWNER}, {aid})</script></div>')


def std(year: int, fmt: int, n: int, extra: str) -> str:
    return texts.standard_report(
        AGENCY, year, fmt,
        overview=f"{year}年，清水县人民政府坚持以公开为常态、不公开为例外，全年在县政府门户网站主动公开政府信息{n}条。{extra}",
        active={"规章": [0, 0, 0], "规范性文件": [4, 4, 19], "行政规范性文件": [3, 1, 21], "行政许可": 1260,
                "行政处罚": 88, "行政强制": 2, "行政事业性收费": 0},
        apply=(7, 0, 5, 1, 1), problems="公开质量有待提高，政策解读形式单一。下一步将加强培训，规范公开流程。")


# Script payloads as plain text in every field (title, 信息来源, 编辑, 日期 line, body, attachment
# link text and URL), escaped in the page source as a careful site would: the extracted values
# carry the payload TEXT, and the archive must show it without running it (tests/test_safety.py).
# The body also holds live markup (an onerror image, javascript: links) that never reaches it.
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SVG = '"><svg onload=alert(1)>'
XSS_JS = "javascript:alert(document.cookie)"
# a metadata value ends at a space or trailing bracket (来源：X 编辑：Y), so these payloads are
# spelled without spaces and followed by a name
XSS_IMG_META = "<img/src=x/onerror=alert(1)>县政府办"
XSS_SVG_META = '"><svg/onload=alert(1)>马晓东'
XSS_FILE = 5600001
# the crawler stores URLs percent-encoded (<>" and spaces), so the URL carries a javascript: payload
XSS_ATTACH_URL = dl(XSS_FILE) + "&name=" + XSS_JS
XSS_ATTACH_TEXT = XSS_IMG + "2022年统计表.pdf"


def xss_article() -> dict:
    e = lambda text: escape(text, quote=False)  # noqa: E731
    return dict(
        rel="info/1082/19901.htm", title="清水县人民政府2022年政府信息公开工作年度报告" + XSS_SCRIPT, date="2023-01-18",
        info=info("2023-01-18", e(XSS_IMG_META), f"编辑：{e(XSS_SVG_META)} 审核：王军 ", 19901),
        body=texts.paras(f"现将清水县人民政府2022年政府信息公开工作年度报告公布如下。{e(XSS_SCRIPT)}",
                         f"全年主动公开政府信息3568条。{e(XSS_IMG)}",
                         f"网站检测发现恶意链接{e(XSS_JS)}已删除。{e(XSS_SVG)}")
        + '\n<p><a href="javascript:alert(1)">点击查看图解</a><img src="x" onerror="alert(1)" /></p>\n'
        + texts.signature("清水县人民政府办公室", "2023年1月17日"),
        attach=[(XSS_FILE, XSS_ATTACH_TEXT)], attach_href={XSS_FILE: XSS_ATTACH_URL},
        exp=dict(source=XSS_IMG_META, editor=XSS_SVG_META, views=None, report_year=2022, agency=AGENCY,
                 attachments=[att(XSS_ATTACH_URL, XSS_ATTACH_TEXT)], is_report=True,
                 body_contains=[XSS_SCRIPT, XSS_IMG, XSS_JS, XSS_SVG]))


def articles() -> list[dict]:
    return [
        xss_article(),
        dict(rel="info/1082/18756.htm", title="清水县人民政府2021年政府信息公开工作年度报告", date="2022-01-20",
             info=info("2022-01-20", "清水县人民政府办公室", "编辑：马晓东 审核：王军 校对：李娜 ", 18756),
             body=std(2021, 2021, 3312, "全年组织政务公开专题培训3次。") + texts.signature("清水县人民政府办公室", "2022年1月19日"),
             attach=[(5482213, "清水县人民政府2021年政府信息公开工作年度报告.pdf")],
             exp=dict(source="清水县人民政府办公室", editor="马晓东", views=None, report_year=2021, agency=AGENCY,
                      attachments=[att(dl(5482213), "清水县人民政府2021年政府信息公开工作年度报告.pdf")], is_report=True,
                      body_contains=["全年在县政府门户网站主动公开政府信息3312条", "全年组织政务公开专题培训3次"])),
        dict(rel="info/1082/17630.htm", title="清水县人民政府2020年政府信息公开工作年度报告", date="2021-01-29",
             info=info("2021-01-29", "县政府办", "审核：王军 ", 17630),
             body=std(2020, 2019, 2987, "及时发布新冠肺炎疫情防控信息426条。"),
             exp=dict(source="县政府办", editor=None, views=None, report_year=2020, agency=AGENCY, attachments=[],
                      is_report=True, body_contains=["及时发布新冠肺炎疫情防控信息426条"])),
        dict(rel="info/1082/17211.htm", title="清水县开展政务公开“进社区”活动", date="2020-11-10",
             info=info("2020-11-10", "清水县人民政府办公室", "编辑：杨洋 ", 17211),
             body=texts.paras("11月9日，清水县人民政府办公室联合永清镇在东关社区开展政务公开“进社区”活动，现场发放宣传资料600余份。"),
             exp=dict(source="清水县人民政府办公室", editor="杨洋", views=None, report_year=None,
                      agency="清水县人民政府办公室", attachments=[],
                      is_report=False, body_contains=["现场发放宣传资料600余份"])),
        dict(rel="info/1082/16404.htm", title="清水县人民政府2019年政府信息公开工作年度报告", date="2020-01-16",
             info=info("2020-01-16", "清水县人民政府办公室", "编辑：马晓东 审核：王军 ", 16404),
             body=std(2019, 2019, 2544, "开设“政府信息公开”专栏，设置法定主动公开内容子栏目18个。"),
             exp=dict(source="清水县人民政府办公室", editor="马晓东", views=None, report_year=2019, agency=AGENCY,
                      attachments=[], is_report=True, body_contains=["设置法定主动公开内容子栏目18个"])),
        dict(rel="info/1082/16190.htm", title="关于做好2019年度政府信息公开工作年度报告编制发布工作的通知", date="2019-12-02",
             info=info("2019-12-02", "县政府办", "编辑：马晓东 ", 16190),
             body=texts.paras("各乡镇人民政府，县政府各部门：",
                              "请各单位于2020年1月31日前在县政府门户网站发布本单位2019年政府信息公开工作年度报告。")
             + texts.signature("清水县人民政府办公室", "2019年11月29日"),
             exp=dict(source="县政府办", editor="马晓东", views=None, report_year=None, agency="清水县人民政府办公室",
                      attachments=[], is_report=False, body_contains=["请各单位于2020年1月31日前在县政府门户网站发布"])),
        dict(rel="info/1082/14890.htm", title="《清水县人民政府2018年政府信息公开工作年度报告》政策解读", date="2019-03-06",
             info=info("2019-03-06", "县政府办", "编辑：赵亮 ", 14890),
             body=texts.paras("为便于公众理解，现对《清水县人民政府2018年政府信息公开工作年度报告》主要内容解读如下。",
                              "2018年，全县主动公开政府信息2103条，比上年增长12%。")
             + texts.signature("清水县人民政府办公室", "2019年3月6日"),
             exp=dict(source="县政府办", editor="赵亮", views=None, report_year=None, agency="清水县人民政府办公室",
                      attachments=[],
                      is_report=False, body_contains=["主要内容解读如下", "比上年增长12%"])),
        dict(rel="info/1082/14877.htm", title="清水县人民政府2018年政府信息公开工作年度报告", date="2019年03月04日",
             info='<div class="info">日期：　2019年03月04日&nbsp;&nbsp;&nbsp;信息来源：　县政府办　&nbsp;编&nbsp;辑：赵亮　'
                  f'点击数：<script>_showDynClicks("wbnews", {OWNER}, 14877)</script></div>',
             body=texts.prose_report(
                 AGENCY, 2018,
                 opening="根据《中华人民共和国政府信息公开条例》要求，现将清水县人民政府2018年度政府信息公开工作情况报告如下。",
                 active="2018年，全县主动公开政府信息2103条，其中县政府门户网站发布1688条。",
                 apply="2018年共收到政府信息公开申请3件，均已依法答复。",
                 problems="个别部门公开不及时。下一步将加强考核通报。")
             + texts.signature("清水县人民政府办公室", "2019年3月1日"),
             attach=[(4912008, "附表：2018年政府信息公开情况统计表.xls")],
             exp=dict(source="县政府办", editor="赵亮", views=None, report_year=2018, agency=AGENCY, published="2019-03-04",
                      attachments=[att(dl(4912008), "附表：2018年政府信息公开情况统计表.xls")], is_report=True,
                      body_contains=["其中县政府门户网站发布1688条", "均已依法答复"])),
    ]


DEAD = dict(rel="info/1082/13001.htm", title="清水县人民政府2017年政府信息公开工作年度报告", date="2018-03-20",
            is_report=True, report_year=2017, failure="not_found")


def href(a: dict, fid: int) -> str:
    """The attachment's href: download.jsp, or the XSS page's own URL (attribute-escaped)."""
    return escape(a["attach_href"][fid]) if fid in a.get("attach_href", {}) else dl(fid)


def article_page(a: dict, prev, nxt) -> str:
    pn = lambda lab, x: (f'<div>{lab}：<a href="{x["rel"].rsplit("/", 1)[-1]}">{escape(x["title"])}</a></div>' if x  # noqa: E731
                         else f"<div>{lab}：没有了</div>")
    fj = "".join(f'<li>附件【<a href="{href(a, fid)}" target="_blank">{escape(t)}</a>】已下载<span id="nattach{fid}">'
                 f'<script language="javascript">getClickTimes({fid},{a["rel"].split("/")[-1][:-4]},"wbnewsfile","attach")</script></span>次</li>'
                 for fid, t in a.get("attach", []))
    main = f"""<form name="_newscontent_fromname">
<div class="content-title"><h3>{escape(a['title'])}</h3></div>
{a['info']}
<div id="vsb_content"><div class="v_news_content">
{a['body']}
</div></div>
<div id="div_vote_id"></div>
<ul style="list-style-type:none;">{fj}</ul>
<div class="print"><a href="javascript:window.print()">【打印此页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="pn">{pn('上一条', prev)}{pn('下一条', nxt)}</div>
</form>"""
    return chrome(a["title"], main)


def list_name(p: int, pages: int) -> str:
    """Page p (1-based) of a VSB static list: ndbg.htm, then ndbg/<pages-1>.htm … ndbg/1.htm."""
    return "xxgk/ndbg.htm" if p == 1 else f"xxgk/ndbg/{pages - p + 1}.htm"


def listing_page(rows, p: int, pages: int, total: int) -> str:
    up = "../" if p > 1 else ""
    rel = lambda target: (target[len("xxgk/"):] if p == 1 else  # noqa: E731
                          ("../ndbg.htm" if target == "xxgk/ndbg.htm" else target.rsplit("/", 1)[-1]))
    items = "\n".join(f'<li id="line_u8_{k}"><a href="{up}../{r["rel"]}" target="_blank" title="{escape(r["title"])}">{escape(r["title"])}</a>'
                      f'<span>{r.get("list_date", r["date"])}</span></li>' for k, r in enumerate(rows))
    prev = f'<a href="{rel(list_name(p - 1, pages))}">上页</a>' if p > 1 else '<span class="p_prev_d">上页</span>'
    nxt = f'<a href="{rel(list_name(p + 1, pages))}">下页</a>' if p < pages else '<span class="p_next_d">下页</span>'
    main = f"""<div class="list"><ul>
{items}
</ul>
<div class="pb_sys_common"><span class="p_t">共{total}条</span> <span class="p_pages"><a href="{rel(list_name(1, pages))}">首页</a> {prev} <span class="p_no_d">{p}</span>/{pages} {nxt} <a href="{rel(list_name(pages, pages))}">尾页</a></span></div>
</div>"""
    return chrome("政府信息公开年报", main)


def build() -> None:
    site = Site(SLUG)
    arts = articles()
    emit_articles(site, arts, article_page, FURNITURE, after=DEAD)
    for a in arts:
        a["list_date"] = a["exp"].get("published", a["date"])
    rows = arts + [DEAD]
    pages = [rows[0:3], rows[3:6], rows[6:]]
    for p, chunk in enumerate(pages, 1):
        rel = list_name(p, len(pages))
        nxt = site.url(list_name(p + 1, len(pages))) if p < len(pages) else None
        site.listing(rel, listing_page(chunk, p, len(pages), len(rows)),
                     {"url": site.url(rel), "links": link_rows(site, chunk), "next_page": nxt})
    for a in arts:
        for fid, text in a.get("attach", []):
            if text.endswith(".xls"):
                site.raw(f"_files/{fid}.xls", files.xls_xml(text, [["主动公开政府信息", "条", 2103]]))
            else:
                site.raw(f"_files/{fid}.pdf", files.pdf(["Qingshui County annual report", a["date"]]))
    site.raw("docs/2019-01/sqb.docx", files.docx(["清水县政府信息公开申请表", "申请人姓名：", "联系电话："]))
    site.page("index.htm", chrome("首页", f'<a href="/{SLUG}/xxgk/ndbg.htm">政府信息公开年报</a>'))
    unfetchable(site, [DEAD])
    site.site_yml(name=AGENCY, platform="vsb", registered=True, encoding="utf-8",
                  content_type="text/html; charset=UTF-8", columns=[site.url("xxgk/ndbg.htm")],
                  robots_disallow=["system/resource/code/", "_sitegray/"],
                  fail_once=["info/1082/16404.htm"])
