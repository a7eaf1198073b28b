"""定西市安定区司法局 (anding-sfj): 动易 PowerEasy (ASP), GBK bytes served as ``charset=gb2312``.

NOT in the registry: used to test crawling an unknown column given only its URL. Pages are
query-string routed (``Article/ShowClass.asp?ClassID=5&page=2``, ``ShowArticle.asp?ArticleID=N``;
stored as ``ShowArticle.asp@ArticleID=N.html``). The HTTP header says gb2312 but names use
GBK-only characters (玥 珺), so a strict gb2312 decoder fails. Metadata spans
``文章来源：本站原创 作者：佚名 发布时间：2020年07月16日 点击数：<script src=…GetHits…>次``; one page
prints a literal count.
"""
from __future__ import annotations

from xxgk.fixtureweb.authoring import Site, emit_articles, link_rows, texts, unfetchable

SLUG = "anding-sfj"
AGENCY = "定西市安定区司法局"
FURNITURE = ["上一篇文章", "下一篇文章", "告诉好友", "打印此文", "关闭窗口", "相关文章", "陇ICP备"]


def show(aid: int) -> str:
    return f"Article/ShowArticle.asp?ArticleID={aid}"


def chrome(title: str, main: str) -> str:
    return f"""<html>
<head>
<title>{title}--定西市安定区司法局</title>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<meta name="keywords" content="安定区司法局,司法行政,政府信息公开">
<link href="/{SLUG}/Skin/DefaultSkin.css" rel="stylesheet" type="text/css">
<script language="JavaScript" type="text/JavaScript" src="/{SLUG}/js/menu.js"></script>
</head>
<body leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0" class="top_tdbgall">
<tr><td class="top_top"><a href="/{SLUG}/Index.asp">网站首页</a> | <a href="/{SLUG}/Article/Index.asp">文章中心</a> | <a href="/{SLUG}/GuestBook/Index.asp">留言板</a></td></tr>
<tr><td><img src="/{SLUG}/Images/top_banner.jpg" width="960" height="120" alt="定西市安定区司法局"></td></tr>
<tr><td class="menu_s"><a class="Channel" href="/{SLUG}/Index.asp">首页</a> | <a class="Channel" href="/{SLUG}/Article/ShowClass.asp?ClassID=1">工作动态</a> | <a class="Channel" href="/{SLUG}/Article/ShowClass.asp?ClassID=5">政府信息公开</a> | <a class="Channel" href="/{SLUG}/Article/ShowClass.asp?ClassID=8">法律服务</a></td></tr>
</table>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td width="220" valign="top" class="left_tdbgall"><div class="left_title">相关文章</div>
<ul><li><a href="/{SLUG}/Article/ShowArticle.asp?ArticleID=1170">安定区召开2021年全区司法行政工作会议</a></li>
<li><a href="/{SLUG}/Article/ShowArticle.asp?ArticleID=1121">安定区人民调解员培训班开班</a></li></ul></td>
<td valign="top" class="main_tdbgall">
<div class="main_title">您现在的位置：&nbsp;<a href="/{SLUG}/Index.asp">定西市安定区司法局</a>&nbsp;&gt;&gt;&nbsp;<a href="/{SLUG}/Article/Index.asp">文章中心</a>&nbsp;&gt;&gt;&nbsp;<a href="/{SLUG}/Article/ShowClass.asp?ClassID=5">政府信息公开</a></div>
{main}
</td></tr></table>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0" class="Bottom_tdbgall"><tr><td class="Bottom_Copyright">
版权所有：定西市安定区司法局　地址：定西市安定区中华路12号　陇ICP备09001234号<br>技术支持：动易网络</td></tr></table>
</body>
</html>
"""


def meta(src: str, author: str, date_cn: str, hits: str) -> str:
    return (f'<span>文章来源：{src}</span> <span>作者：{author}</span> <span>发布时间：{date_cn}</span> '
            f'<span>点击数：{hits}次</span>')


def hits_script(aid: int) -> str:
    return f'<script language="javascript" src="/{SLUG}/Article/GetHits.asp?ArticleID={aid}"></script>'


def articles() -> list[dict]:
    return [
        dict(rel=show(1186), title="定西市安定区司法局2020年政府信息公开工作年度报告", date="2021-01-26", list_date="2021-1-26",
             info=meta("安定区司法局", "王玥", "2021年01月26日", "86"),
             body=texts.standard_report(
                 AGENCY, 2020, 2019,
                 overview="2020年，定西市安定区司法局认真落实《条例》要求，全年主动公开政府信息318条，其中法律援助信息74条。",
                 active={"规章": [0, 0, 0], "规范性文件": [0, 0, 0], "行政许可": [2, 0, 11], "行政处罚": [0, 0, 0]},
                 apply=(1, 0, 1, 0, 0), problems="公开形式较为单一，下一步将运用政务新媒体扩大公开覆盖面。")
             + texts.signature(AGENCY, "2021年1月25日"),
             exp=dict(source="安定区司法局", editor="王玥", views=86, report_year=2020, agency=AGENCY, attachments=[],
                      is_report=True, body_contains=["其中法律援助信息74条", "运用政务新媒体扩大公开覆盖面"])),
        dict(rel=show(1102), title="安定区司法局开展“民法典”宣传进社区活动", date="2020-07-16", list_date="2020-7-16",
             info=meta("本站原创", "佚名", "2020年07月16日", hits_script(1102)),
             body=texts.paras("7月15日，定西市安定区司法局组织普法志愿者走进永定路社区，开展《中华人民共和国民法典》宣传活动，发放宣传手册500余册。"),
             exp=dict(source="本站原创", editor="佚名", views=None, report_year=None, agency=AGENCY, attachments=[],
                      is_report=False, body_contains=["发放宣传手册500余册"])),
        dict(rel=show(1057), title="定西市安定区司法局2019年政府信息公开工作年度报告", date="2020-01-16", list_date="2020-1-16",
             info=meta("本站原创", "赵珺", "2020年01月16日", hits_script(1057)),
             body=texts.standard_report(
                 AGENCY, 2019, 2019,
                 overview="2019年，安定区司法局主动公开政府信息276条，办理法律援助案件412件。",
                 active={"规章": [0, 0, 0], "规范性文件": [0, 0, 0], "行政许可": [2, 0, 9]},
                 apply=(0, 0, 0, 0, 0), problems="信息公开专栏内容更新不够及时。")
             + texts.signature(AGENCY, "2020年1月15日"),
             exp=dict(source="本站原创", editor="赵珺", views=None, report_year=2019, agency=AGENCY, attachments=[],
                      is_report=True, body_contains=["办理法律援助案件412件"])),
        dict(rel=show(1033), title="关于做好2019年度政府信息公开工作年度报告编制工作的通知", date="2019-12-11", list_date="2019-12-11",
             info=meta("安定区政府办", "佚名", "2019年12月11日", hits_script(1033)),
             body=texts.paras("区直各部门：", "请于2020年1月20日前将本部门2019年度政府信息公开工作年度报告报区政府办公室审核后发布。")
             + texts.signature("定西市安定区人民政府办公室", "2019年12月10日"),
             exp=dict(source="安定区政府办", editor="佚名", views=None, report_year=None, agency="定西市安定区人民政府办公室",
                      attachments=[], is_report=False, body_contains=["报区政府办公室审核后发布"])),
        dict(rel=show(902), title="安定区司法局2018年政府信息公开工作年度报告", date="2019-03-12", list_date="2019-3-12",
             info=meta("本站原创", "赵珺", "2019年03月12日", hits_script(902)),
             body=texts.prose_report(
                 "定西市安定区司法局", 2018,
                 opening="按照区政府统一部署，现将我局2018年政府信息公开工作情况报告如下。",
                 active="2018年共主动公开政府信息231条，其中人民调解工作信息58条。",
                 apply="2018年未收到政府信息公开申请。",
                 problems="公开内容不够丰富。2019年将进一步完善公开目录。"),
             exp=dict(source="本站原创", editor="赵珺", views=None, report_year=2018, agency=AGENCY, attachments=[],
                      is_report=True, body_contains=["其中人民调解工作信息58条"])),
    ]


DEAD = dict(rel=show(777), title="安定区司法局2017年政府信息公开工作年度报告", date="2018-03-15", list_date="2018-3-15",
            is_report=True, report_year=2017, failure="not_found")


def article_page(a: dict, prev, nxt) -> str:
    pn = lambda lab, x: (f'{lab}： <a class="LinkPrevArticle" href="/{SLUG}/{x["rel"]}">{x["title"]}</a>' if x  # noqa: E731
                         else f"{lab}：没有了")
    aid = a["rel"].rsplit("=", 1)[-1]
    main = f"""<table width="100%" border="0" cellpadding="0" cellspacing="0" class="border2">
<tr><td class="main_ArticleTitle">{a['title']}</td></tr>
<tr><td class="Article_tdbgall" align="center">{a['info']} 【字体：<a href="javascript:fontZoomA();">小</a> <a href="javascript:fontZoomB();">大</a>】</td></tr>
<tr><td><div id="fontzoom" class="main_ArticleContent">{a['body']}</div></td></tr>
<tr><td align="right">【<a href="/{SLUG}/Article/SendMail.asp?ArticleID={aid}">告诉好友</a>】【<a href="/{SLUG}/Article/Print.asp?ArticleID={aid}">打印此文</a>】【<a href="javascript:window.close();">关闭窗口</a>】</td></tr>
<tr><td>{pn('上一篇文章', prev)}<br>{pn('下一篇文章', nxt)}</td></tr>
</table>"""
    return chrome(a["title"], main)


def listing_page(rows, p: int, pages: int, total: int) -> str:
    items = "\n".join(f'<tr><td class="listbg"><a href="ShowArticle.asp?ArticleID={r["rel"].rsplit("=", 1)[-1]}" title="文章标题：{r["title"]}" target="_blank">{r["title"]}</a></td>'
                      f'<td width="90" align="right">{r["list_date"]}</td></tr>' for r in rows)
    url = lambda n: "ShowClass.asp?ClassID=5" if n == 1 else f"ShowClass.asp?ClassID=5&page={n}"  # noqa: E731
    prev = f"<a href='{url(p - 1)}'>上一页</a>" if p > 1 else "上一页"
    nxt = f"<a href='{url(p + 1)}'>下一页</a>" if p < pages else "下一页"
    main = f"""<table width="100%" border="0" cellpadding="0" cellspacing="0">
{items}
</table>
<div class="show_page">共 <b>{total}</b> 篇文章&nbsp;&nbsp;<a href='{url(1)}'>首页</a> {prev}&nbsp;{nxt}&nbsp;<a href='{url(pages)}'>尾页</a>&nbsp;页次：<strong><font color=red>{p}</font>/{pages}</strong>页&nbsp;<b>20</b>篇文章/页</div>"""
    return chrome("政府信息公开", main)


def build() -> None:
    site = Site(SLUG, encoding="gbk")
    arts = articles()
    emit_articles(site, arts, article_page, FURNITURE, after=DEAD)
    rows = arts + [DEAD]
    pages = [rows[:4], rows[4:]]
    col = lambda n: "Article/ShowClass.asp?ClassID=5" + ("" if n == 1 else f"&page={n}")  # noqa: E731
    for a in rows:
        a["list_title"] = a["title"]
    for p, chunk in enumerate(pages, 1):
        exp_links = [dict(link, date=r["date"]) for link, r in zip(link_rows(site, chunk), chunk)]
        site.listing(col(p), listing_page(chunk, p, len(pages), len(rows)),
                     {"url": site.url(col(p)), "links": exp_links,
                      "next_page": site.url(col(p + 1)) if p < len(pages) else None})
    for home in ("Index.asp", "index.html"):
        site.page(home, chrome("首页", f'<a href="/{SLUG}/{col(1)}">政府信息公开</a>'))
    unfetchable(site, [DEAD])
    site.site_yml(name=AGENCY, platform="powereasy", registered=False, encoding="gbk",
                  content_type="text/html; charset=gb2312", columns=[site.url(col(1))],
                  robots_disallow=["Admin/", "User/"], fail_once=[show(1057)])
