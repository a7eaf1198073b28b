"""南县人民政府 (nanxian-gov): legacy DedeCMS, stored as GBK, declared ``charset=gb2312``.

The server sends plain ``text/html`` (no charset): clients must read the ``<meta>`` and decode
"gb2312" as GBK/GB18030, because names use GBK-only characters (镕 堃 喆). Quirks: both the old
bracket line ``【发布时间：2018年03月28日】【来源：…】【作者：…】`` and the DedeCMS line
``[ 时间:… 来源:… 作者:… 点击:<script src=…count.php…>次 ]``; an unpadded ``2013-3-26``; a ``0``
placeholder ``浏览次数：<span id="hits">0</span>`` overwritten by AJAX; an editor only in the
news footer ``（责任编辑：陈堃）``; the county government's report signed by its 办公室.
"""
from __future__ import annotations

from xxgk.fixtureweb.authoring import Site, emit_articles, link_rows, texts, unfetchable

SLUG = "nanxian-gov"
AGENCY = "南县人民政府"
COL = "a/zwgk/ndbg/"
FURNITURE = ["上一篇", "下一篇", "收藏", "挑错", "推荐", "------分隔线----------------------------", "热点关注"]
HOT = [("a/zwdt/2019/1108/2301.html", "南县2019年秋冬季农业生产工作会议召开", "2019-11-08"),
       ("a/zwdt/2019/1021/2287.html", "县人民政府召开第37次常务会议", "2019-10-21")]


def count(aid: int) -> str:
    return f'<script src="/{SLUG}/plus/count.php?view=yes&aid={aid}&mid=0" type=\'text/javascript\' language="javascript"></script>'


def chrome(title: str, main: str) -> str:
    hot = "".join(f'<li><a href="/{SLUG}/{u}">{t}</a> <span>{d}</span></li>' for u, t, d in HOT)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{title}_南县人民政府</title>
<meta name="keywords" content="南县,政府信息公开,年度报告" />
<meta name="description" content="{title}" />
<link href="/{SLUG}/templets/default/style/dedecms.css" rel="stylesheet" media="screen" type="text/css" />
<script language="javascript" type="text/javascript" src="/{SLUG}/include/dedeajax2.js"></script>
</head>
<body class="articleview">
<div class="header"><div class="top w960 center"><div class="title"><h2><a href="/{SLUG}/">南县人民政府</a></h2></div>
<div class="banner"><img src="/{SLUG}/templets/default/images/banner.jpg" /></div></div>
<div class="module blue mT10 wrapper w963"><div id="navMenu"><ul>
<li><a href='/{SLUG}/'><span>主页</span></a></li><li><a href='/{SLUG}/a/zwdt/'><span>政务动态</span></a></li>
<li><a href='/{SLUG}/a/zwgk/'><span>政务公开</span></a></li><li><a href='/{SLUG}/a/bsfw/'><span>办事服务</span></a></li>
<li><a href='/{SLUG}/a/gzhd/'><span>公众互动</span></a></li></ul></div></div></div>
<div class="w960 center clear mt1">
<div class="pleft">
<div class="place"><strong>当前位置:</strong> <a href='/{SLUG}/'>主页</a> &gt; <a href='/{SLUG}/a/zwgk/'>政务公开</a> &gt; <a href='/{SLUG}/{COL}'>政府信息公开年报</a> &gt;</div>
{main}
</div>
<div class="pright"><div class="commend"><dl class="tbox"><dt><strong>热点关注</strong></dt><dd><ul class="d4">{hot}</ul></dd></dl></div></div>
</div>
<div class="footer w960 center mt1 clear"><div class="footer_body">
<p class="powered">主办单位：南县人民政府办公室　地址：南县南洲镇兴盛大道88号　湘ICP备05001234号</p>
<div class="copyright">Copyright &copy; 2008-2020 南县人民政府 版权所有</div></div></div>
</body>
</html>
"""


def articles() -> list[dict]:
    return [
        dict(rel=f"{COL}2020/0320/2417.html", title="南县人民政府2019年政府信息公开工作年度报告", date="2020-03-20",
             info='<div class="info"><small>[ 时间:</small>2020-03-20 16:40<small> 来源:</small>南县人民政府办公室'
                  '<small> 作者:</small>政务公开办 <small>浏览次数：</small><span id="hits">0</span>次 ]</div>'
                  f'<script type="text/javascript">$.get("/{SLUG}/plus/count.php?aid=2417&mid=0&view=yes", function(d){{ $("#hits").html(d); }});</script>',
             body=texts.standard_report(
                 AGENCY, 2019, 2019,
                 overview="2019年，南县人民政府认真贯彻落实新修订的《条例》，围绕“放管服”改革、脱贫攻坚、洞庭湖生态环境治理等重点领域，"
                          "在县政府门户网站主动公开政府信息2136条。",
                 active={"规章": [0, 0, 0], "规范性文件": [6, 6, 41], "行政许可": [214, "+12", 5320],
                         "行政处罚": [37, "-3", 412], "行政事业性收费": [18, "0", None], "政府集中采购": [63, "4127.5万元"]},
                 apply=(14, 0, 9, 3, 2),
                 problems="一是乡镇政务公开工作发展不平衡；二是部分单位信息更新滞后。下一步将加强督查考核。")
             + texts.signature("南县人民政府办公室", "2020年3月18日"),
             exp=dict(source="南县人民政府办公室", editor="政务公开办", views=None, report_year=2019, agency=AGENCY,
                      attachments=[], is_report=True,
                      body_contains=["在县政府门户网站主动公开政府信息2136条", "4127.5万元"])),
        dict(rel=f"{COL}2019/0515/2203.html", title="南县召开2019年政务公开工作推进会", date="2019-05-15",
             info='<div class="info">【发布时间：2019年05月15日】【来源：南县人民政府】</div>',
             body=texts.paras("5月14日，南县召开2019年政务公开工作推进会，县政府副县长出席会议并讲话。",
                              "会议要求，各乡镇、各部门要认真对照新修订的《政府信息公开条例》，自2019年5月15日起施行的各项规定要逐条落实到位。"),
             footer="<p style=\"text-align:right;\">（责任编辑：陈堃）</p>",
             exp=dict(source="南县人民政府", editor="陈堃", views=None, report_year=None, agency=AGENCY, attachments=[],
                      is_report=False, body_contains=["南县召开2019年政务公开工作推进会，县政府副县长出席会议并讲话"])),
        dict(rel=f"{COL}2019/0306/2088.html", title="南县人民政府2018年政府信息公开工作年度报告", date="2019-03-06",
             info=f'<div class="info"><small>[ 时间:</small>2019-03-06 10:15<small> 来源:</small>南县政务公开办<small> 作者:</small>周堃'
                  f'<small> 点击:</small>{count(2088)}次 ]</div>',
             body=texts.prose_report(
                 AGENCY, 2018,
                 opening="根据《中华人民共和国政府信息公开条例》规定，现发布南县人民政府2018年政府信息公开工作年度报告。",
                 active="全年通过县政府门户网站主动公开政府信息1875条，其中政策文件96条，财政预决算信息312条。",
                 apply="全年共受理依申请公开11件，均已按时办结。",
                 problems="部分乡镇公开意识不强。2019年将加强业务培训，开展政务公开第三方评估。")
             + texts.signature("南县人民政府办公室", "2019年3月5日"),
             exp=dict(source="南县政务公开办", editor="周堃", views=None, report_year=2018, agency=AGENCY, attachments=[],
                      is_report=True, body_contains=["财政预决算信息312条", "开展政务公开第三方评估"])),
        dict(rel=f"{COL}2018/1220/1990.html", title="关于做好2018年政府信息公开工作年度报告编制工作的通知", date="2018-12-20",
             info=f'<div class="info"><small>[ 时间:</small>2018-12-20 09:00<small> 来源:</small>县政府办<small> 作者:</small>admin'
                  f'<small> 点击:</small>{count(1990)}次 ]</div>',
             body=texts.paras("各乡镇人民政府，县直各单位：",
                              "为做好2018年政府信息公开工作年度报告编制工作，请各单位于2019年1月20日前将年度报告报县政务公开办审核。")
             + texts.signature("南县人民政府办公室", "2018年12月19日"),
             exp=dict(source="县政府办", editor="admin", views=None, report_year=None, agency="南县人民政府办公室",
                      attachments=[], is_report=False, body_contains=["请各单位于2019年1月20日前将年度报告报县政务公开办审核"])),
        dict(rel=f"{COL}2018/0328/1869.html", title="南县人民政府2017年政府信息公开工作年度报告", date="2018-03-28",
             info='<div class="info">【发布时间：2018年03月28日】【来源：南县人民政府办公室】【作者：刘镕】</div>',
             body=texts.prose_report(
                 AGENCY, 2017,
                 opening="本报告根据《中华人民共和国政府信息公开条例》要求，由南县人民政府办公室编制。",
                 active="2017年，全县主动公开政府信息1520条。",
                 apply="2017年共受理政府信息公开申请6件。",
                 problems="公开平台建设相对滞后，2018年将完成县政府门户网站改版。")
             + texts.signature("南县人民政府办公室", "2018年3月26日"),
             exp=dict(source="南县人民政府办公室", editor="刘镕", views=None, report_year=2017, agency=AGENCY,
                      attachments=[], is_report=True, body_contains=["2017年，全县主动公开政府信息1520条"])),
        dict(rel=f"{COL}2013/0326/311.html", title="南县人民政府2012年政府信息公开工作年度报告", date="2013-3-26",
             info=f'<div class="info"><small>[ 时间:</small>2013-3-26<small> 来源:</small>县政府办<small> 作者:</small>张喆'
                  f'<small> 点击:</small>{count(311)}次 ]</div>',
             body=texts.prose_report(
                 AGENCY, 2012,
                 opening="现将南县人民政府2012年政府信息公开工作情况报告如下。",
                 active="2012年共主动公开政府信息986条。",
                 apply="2012年未收到政府信息公开申请。",
                 problems="公开内容有待进一步丰富。") + texts.signature("南县人民政府办公室", "二〇一三年三月二十五日"),
             exp=dict(source="县政府办", editor="张喆", views=None, report_year=2012, agency=AGENCY, attachments=[],
                      published="2013-03-26", is_report=True, body_contains=["2012年共主动公开政府信息986条"])),
    ]


DEAD = dict(rel=f"{COL}2017/0330/1702.html", title="南县人民政府2016年政府信息公开工作年度报告", date="2017-03-30",
            is_report=True, report_year=2016, failure="not_found")


def article_page(a: dict, prev, nxt) -> str:
    pn = lambda lab, x: (f"<li>{lab}：<a href='/{SLUG}/{x['rel']}'>{x['title']}</a></li>" if x  # noqa: E731
                         else f"<li>{lab}：没有了 </li>")
    aid = a["rel"].rsplit("/", 1)[-1][:-5]
    main = f"""<div class="viewbox">
<div class="title"><h2>{a['title']}</h2></div>
{a['info']}
<div class="content"><table width='100%'><tr><td>
<div id="contentMidPicAD" style="float:right; clear:both; top:0; vertical-align:top;"></div>
{a['body']}
{a.get('footer', '')}
</td></tr></table></div>
<div class="boxoff"><strong>------分隔线----------------------------</strong></div>
<div class="handle"><div class="context"><ul>{pn('上一篇', prev)}{pn('下一篇', nxt)}</ul></div>
<div class="actbox"><ul><li id="act-fav"><a href="/{SLUG}/plus/stow.php?aid={aid}" target="_blank">收藏</a></li>
<li id="act-err"><a href="/{SLUG}/plus/erraddsave.php?aid={aid}" target="_blank">挑错</a></li>
<li id="act-pus"><a href="/{SLUG}/plus/recommend.php?aid={aid}" target="_blank">推荐</a></li>
<li id="act-pnt"><a href="#" onClick="window.print();">打印</a></li></ul></div></div>
</div>"""
    return chrome(a["title"], main)


def listing_page(rows: list[dict], page: int, pages: int, total: int) -> str:
    items = "\n".join(f'<li><span class="date">{r.get("list_date", r["date"])}</span><a href="/{SLUG}/{r["rel"]}" class="title">{r["title"]}</a></li>'
                      for r in rows)
    links = "".join(f"<li class=\"thisclass\">{p}</li>" if p == page else f"<li><a href='list_12_{p}.html'>{p}</a></li>"
                    for p in range(1, pages + 1))
    nxt = f"<li><a href='list_12_{page + 1}.html'>下一页</a></li>" if page < pages else ""
    prv = f"<li><a href='list_12_{page - 1}.html'>上一页</a></li>" if page > 1 else ""
    main = f"""<div class="listbox"><ul class="e2">
{items}
</ul></div>
<div class="dede_pages"><ul class="pagelist"><li><a href='list_12_1.html'>首页</a></li>{prv}{links}{nxt}<li><a href='list_12_{pages}.html'>末页</a></li>
<span class="pageinfo">共 <strong>{pages}</strong>页<strong>{total}</strong>条</span></ul></div>"""
    return chrome("政府信息公开年报", main)


def build() -> None:
    site = Site(SLUG, encoding="gbk")
    arts = articles()
    emit_articles(site, arts, article_page, FURNITURE)
    for a in arts:
        a["list_date"] = a["exp"].get("published", a["date"])
    rows = arts[:5] + [DEAD] + arts[5:]
    pages = [rows[:4], rows[4:]]
    for p, chunk in enumerate(pages, 1):
        rel = f"{COL}list_12_{p}.html"
        nxt = f"/{SLUG}/{COL}list_12_{p + 1}.html" if p < len(pages) else None
        site.listing(rel, listing_page(chunk, p, len(pages), len(rows)),
                     {"url": site.url(rel), "links": link_rows(site, chunk), "next_page": nxt})
    site.page("index.html", chrome("首页", f"<a href='/{SLUG}/{COL}list_12_1.html'>政府信息公开年报</a>"))
    unfetchable(site, [DEAD])
    site.site_yml(name=AGENCY, platform="dedecms", registered=True, encoding="gbk",
                  content_type="text/html", columns=[site.url(f"{COL}list_12_1.html")],
                  robots_disallow=["plus/", "dede/", "member/"],
                  fail_once=[f"{COL}2019/0306/2088.html"],
                  validators=False)  # like many legacy sites: no ETag/Last-Modified, no 304
