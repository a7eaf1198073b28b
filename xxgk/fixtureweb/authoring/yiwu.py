"""义乌市商务局 (yiwu-swj-fx): Hanweb JCMS (大汉), Zhejiang 信息公开 style, UTF-8.

Quirks: column page with the first records inline in ``<script type="text/xml"><datastore>``
and the rest from ``dataproxy.jsp`` (3 pages of 3); ``Generator=大汉版通``/``Author=大汉网络``
(vendor) and a later ``Maketime``; 信息公开 header with 成文日期 a day before 发布时间; empty
``访问次数:``; hidden visit.jsp counter iframe; ``#zoom`` with ZJEG_RSS markers;
``downfile.jsp?…filename=<32hex>.pdf`` attachments (also in ``<meta name="Image">``).
"""
from __future__ import annotations

from xxgk.fixtureweb.authoring import Site, att, emit_articles, files, link_rows, texts, unfetchable
from xxgk.fixtureweb.dynamic import jpage_query, render_datastore

SLUG = "yiwu-swj-fx"
AGENCY = "义乌市商务局"
COLID, WEBID, UNITID, PERPAGE = "1229134035", "3261", "7452891", 3
COLUMN = f"col/col{COLID}/index.html"
ORG = "11330782002609743X"
FURNITURE = ["上一篇", "下一篇", "【打印本页】", "【关闭窗口】", "点击关闭详细目录信息", "信息索引号", "浙ICP备", "相关链接"]


def down(hexname: str) -> str:
    return f"/{SLUG}/module/download/downfile.jsp?classid=0&filename={hexname}"


def chrome(title: str, main: str, metas: str = "") -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title}</title>
<meta name='Generator' content='大汉版通'>
<meta name='Author' content='大汉网络'>
{metas}<meta name="SiteName" content="义乌市人民政府">
<meta name="SiteDomain" content="www.yw.gov.cn">
<meta name="SiteIDCode" content="3307820001">
<meta name="ColumnName" content="政府信息公开年报">
<link rel="stylesheet" type="text/css" href="/{SLUG}/images/{WEBID}/style.css" />
<script type="text/javascript" src="/{SLUG}/module/jslib/jquery/jquery.js"></script>
</head>
<body>
<div class="top"><div class="w1200"><a href="/{SLUG}/">义乌市人民政府</a> | <a href="/{SLUG}/col/col1229130001/index.html">义乌市商务局</a>
<span class="fr"><a href="/{SLUG}/jrobot/search.do?webid={WEBID}">站内搜索</a> <a href="/{SLUG}/wza/">无障碍</a></span></div></div>
<div class="banner"><img src="/{SLUG}/picture/0/s2101151023045631.jpg" alt="义乌市商务局"></div>
<div class="nav"><a href="/{SLUG}/">首页</a><a href="/{SLUG}/col/col1229130002/index.html">机构概况</a>
<a href="/{SLUG}/col/col1229130003/index.html">政务公开</a><a href="/{SLUG}/col/col1229130004/index.html">商务动态</a>
<a href="/{SLUG}/col/col1229130005/index.html">办事服务</a></div>
<div class="w1200 main">
<div class="bread">当前位置：<a href="/{SLUG}/">首页</a> &gt; <a href="/{SLUG}/col/col1229130003/index.html">政务公开</a> &gt; <a href="/{SLUG}/{COLUMN}">政府信息公开年报</a></div>
{main}
<div class="xglj"><h4>相关链接</h4><a href="/{SLUG}/col/col1229130010/index.html">政府信息公开指南</a>
<a href="/{SLUG}/col/col1229130011/index.html">依申请公开</a></div>
</div>
<div class="footer"><p>主办：义乌市商务局　承办：义乌市大数据发展中心</p>
<p>网站标识码：3307820001　<a href="https://beian.miit.gov.cn/">浙ICP备05029871号</a>　浙公网安备 33078202000871号</p></div>
<!-- visitcount Begin --><iframe src='/{SLUG}/module/visitcount/visit.jsp?type=1&amp;i_webid={WEBID}&amp;i_columnid={COLID}' style="display:none" frameborder="0" scrolling="no" width="0" height="0"></iframe><!-- visitcount End -->
</body></html>
"""


def std(year: int, fmt: int, n: int, extra: str) -> str:
    return texts.standard_report(
        AGENCY, year, fmt,
        overview=f"{year}年，义乌市商务局深入贯彻《条例》，围绕国际贸易综合改革试验区建设，全年主动公开政府信息{n}条。{extra}",
        active={"规章": [0, 0, 0], "行政规范性文件": [1, 0, 4], "规范性文件": [1, 1, 4], "行政许可": 37,
                "行政处罚": 12, "行政强制": 0, "行政事业性收费": 0},
        apply=(5, 1, 3, 1, 1),
        problems="一是政策解读的针对性不强；二是部分栏目更新不及时。下一步，将健全信息发布协调机制，提升解读质量。")


def articles() -> list[dict]:
    h23, h21, h20 = ("5f2c9e0a7b1d4c3e8a6f0b2d9c4e7a1f.pdf", "a81e3c5d7f9b2e4a6c8d0f1b3e5a7c9d.pdf",
                     "0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a.pdf")
    return [
        dict(rel="art/2024/1/23/art_1229134035_4131207.html", title="义乌市商务局2023年政府信息公开工作年度报告",
             date="2024-01-23", made="2024-01-22", idx=f"{ORG}/2024-547912", org=AGENCY, maketime="2024-01-29 17:44:35",
             body=std(2023, 2021, 836, "本报告电子版可在义乌市人民政府门户网站（www.yw.gov.cn）查阅或下载。"),
             attach=[(h23, "义乌市商务局2023年政府信息公开工作年度报告.pdf")],
             exp=dict(source=AGENCY, editor=None, views=None, report_year=2023, agency=AGENCY,
                      attachments=[att(down(h23), "义乌市商务局2023年政府信息公开工作年度报告.pdf")], is_report=True,
                      body_contains=["全年主动公开政府信息836条", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"])),
        dict(rel="art/2023/12/5/art_1229134035_4120455.html", title="关于做好2023年度政府信息公开工作年度报告编制发布工作的通知",
             date="2023-12-05", made="2023-12-04", idx="113307820025703588/2023-398120", org="义乌市人民政府办公室",
             maketime="2023-12-05 09:12:40",
             body=texts.paras("各镇人民政府、街道办事处，市政府各部门：",
                              "根据《中华人民共和国政府信息公开条例》第四十九条规定，请各单位于2024年1月31日前通过门户网站发布本单位2023年政府信息公开工作年度报告，"
                              "并同步报送市政务公开办备案。")
             + texts.signature("义乌市人民政府办公室", "2023年12月4日"),
             exp=dict(source="义乌市人民政府办公室", editor=None, views=None, report_year=None, agency="义乌市人民政府办公室",
                      attachments=[], is_report=False, body_contains=["并同步报送市政务公开办备案"])),
        dict(rel="art/2023/2/8/art_1229134035_4060318.html", title="图解：义乌市商务局2022年政府信息公开工作年度报告",
             date="2023-02-08", made="2023-02-08", idx=f"{ORG}/2023-412006", org=AGENCY, maketime="2023-02-08 15:30:02",
             body=f'<p style="text-align:center;"><img src="/{SLUG}/picture/0/2302081530021187.jpg" alt="图解"></p>'
                  + texts.paras("一图看懂义乌市商务局2022年政府信息公开工作年度报告。"),
             exp=dict(source=AGENCY, editor=None, views=None, report_year=None, agency=AGENCY, attachments=[],
                      is_report=False, body_contains=["一图看懂义乌市商务局2022年政府信息公开工作年度报告"])),
        dict(rel="art/2023/1/18/art_1229134035_4051720.html", title="义乌市商务局2022年政府信息公开工作年度报告",
             date="2023-01-18", made="2023-01-17", idx=f"{ORG}/2023-401877", org=AGENCY, maketime="2023-01-18 16:02:11",
             body=std(2022, 2021, 791, "本报告所列数据的统计期限为202211日至1231日。"),
             exp=dict(source=AGENCY, editor=None, views=None, report_year=2022, agency=AGENCY, attachments=[],
                      is_report=True, body_contains=["全年主动公开政府信息791条", "202211日至1231日"])),
        dict(rel="art/2022/6/14/art_1229134035_3990146.html", title="义乌市商务局召开外贸稳增长工作推进会",
             date="2022-06-14", made="2022-06-14", idx=f"{ORG}/2022-300544", org=AGENCY, maketime="2022-06-14 18:20:00",
             body=texts.paras("6月13日，义乌市商务局召开外贸稳增长工作推进会，分析1—5月全市外贸运行形势，部署下一阶段重点工作。",
                              "会议要求，各科室要深入企业开展服务，帮助市场采购贸易主体解决通关、物流等难题。"),
             exp=dict(source=AGENCY, editor=None, views=None, report_year=None, agency=AGENCY, attachments=[],
                      is_report=False, body_contains=["分析1—5月全市外贸运行形势"])),
        dict(rel="art/2022/1/25/art_1229134035_3941822.html", title="义乌市商务局2021年政府信息公开工作年度报告",
             date="2022-01-25", made="2022-01-24", idx=f"{ORG}/2022-288301", org=AGENCY, maketime="2022-01-25 11:08:53",
             src="市商务局", body=std(2021, 2021, 754, "设立政府信息公开查阅点1个。"),
             attach=[(h21, "2021年年报.pdf")],
             exp=dict(source="市商务局", editor=None, views=None, report_year=2021, agency=AGENCY,
                      attachments=[att(down(h21), "2021年年报.pdf")], is_report=True,
                      body_contains=["全年主动公开政府信息754条", "设立政府信息公开查阅点1个"])),
        dict(rel="art/2021/1/28/art_1229134035_3850009.html", title="义乌市商务局2020年政府信息公开工作年度报告",
             date="2021-01-28", made="2021-01-27", idx=f"{ORG}/2021-201455", org=AGENCY, maketime="2021-02-01 08:30:00",
             body=std(2020, 2019, 702, "疫情期间及时发布外贸企业复工复产政策。"),
             attach=[(h20, "义乌市商务局2020年政府信息公开工作年度报告.pdf")],
             exp=dict(source=AGENCY, editor=None, views=None, report_year=2020, agency=AGENCY,
                      attachments=[att(down(h20), "义乌市商务局2020年政府信息公开工作年度报告.pdf")], is_report=True,
                      body_contains=["疫情期间及时发布外贸企业复工复产政策", "其他对外管理服务事项"])),
    ]


DEAD = dict(rel="art/2020/1/20/art_1229134035_3780015.html", title="义乌市商务局2019年政府信息公开工作年度报告",
            date="2020-01-20", is_report=True, report_year=2019, failure="not_found")


def article_page(a: dict, prev, nxt) -> str:
    fj = ""
    if a.get("attach"):
        fj = "<div class=\"fj\"><p>附件：</p>" + "".join(
            f'<p><img src="/{SLUG}/module/jslib/icons/acrobat.png" /><a href="{down(h).replace("&", "&amp;")}" target="_blank">{t}</a></p>'
            for h, t in a["attach"]) + "</div>"
    image = f'<meta name="Image" content="{down(a["attach"][0][0]).replace("&", "&amp;")}">\n' if a.get("attach") else ""
    metas = (f"<meta name='Maketime' content='{a['maketime']}'>\n<meta name=\"ArticleTitle\" content=\"{a['title']}\">\n"
             f"<meta name=\"PubDate\" content=\"{a['date']} 10:05\">\n<meta name=\"ContentSource\" content=\"{a['org']}\">\n{image}")
    src = a.get("src", "")
    src_html = f"<!--<$[信息来源]>begin-->来源：{src}<!--<$[信息来源]>end-->" if src else "<!--<$[信息来源]>begin--><!--<$[信息来源]>end-->"
    aid = a["rel"].rsplit("_", 1)[-1][:-5]
    pn = lambda lab, x: (f'<p>{lab}：<a href="/{SLUG}/{x["rel"]}" title="{x["title"]}">{x["title"]}</a><span>{x["date"]}</span></p>'  # noqa: E731
                         if x else f"<p>{lab}：无</p>")
    main = f"""<div class="xxgk_box"><ul class="xxgk_list">
<li><b>信息索引号:</b><span>{a['idx']}</span></li>
<li><b>文件名称:</b><span>{a['title']}</span></li>
<li><b>信息名称:</b><span>{a['title']}</span></li>
<li><b>发布机构:</b><span>{a['org']}</span></li>
<li><b>成文日期:</b><span>{a['made']}</span></li>
<li><b>公开方式:</b><span>主动公开</span></li>
<li><b>登记号:</b><span></span></li>
</ul><a href="javascript:void(0)" class="xxgk_close">点击关闭详细目录信息</a></div>
<div class="art_title">{a['title']}</div>
<div class="art_info"><span>发布时间:{a['date']}</span> <span>{src_html}</span> <span>访问次数:<span id="c_hits"></span></span> <span>字体大小:<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a></span></div>
<div id="zoom">{a['body']}</div>
{fj}
<div class="art_btn">分享到：<a class="bds_weixin">微信</a> <a class="bds_tsina">微博</a>　<a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="pn">{pn("上一篇", prev)}{pn("下一篇", nxt)}</div>
<iframe src='/{SLUG}/module/visitcount/visit.jsp?type=3&amp;i_webid={WEBID}&amp;i_columnid={COLID}&amp;i_articleid={aid}' style="display:none" width="0" height="0"></iframe>"""
    return chrome(a["title"], main, metas)


def zoom(body: str) -> str:
    return ("<!--<$[信息内容]>begin--><!--ZJEG_RSS.content.begin--><META name=ContentStart>"
            f"{body}<META name=ContentEnd><!--ZJEG_RSS.content.end--><!--<$[信息内容]>end-->")


def build() -> None:
    site = Site(SLUG)
    arts = articles()
    for a in arts:
        a["body"] = zoom(a["body"])
    emit_articles(site, arts, article_page, FURNITURE, after=DEAD)
    rows = arts + [DEAD]
    data = {"columnid": COLID, "unitid": UNITID, "webid": WEBID, "perpage": PERPAGE,
            "records": [{"url": site.url(r["rel"]), "title": r["title"], "date": r["date"]} for r in rows]}
    site.data("jpage.json", data)
    inline = render_datastore(data, SLUG, 1, PERPAGE, declaration=False)
    main = f"""<div class="list_box"><div class="list_tit">政府信息公开年报</div>
<div id="{UNITID}"><script type="text/xml">{inline}</script>
<script language="javascript" src="/{SLUG}/module/web/jpage/jpage.js"></script>
<script>
$(document).ready(function(){{
  new JPage({{ target: '{UNITID}', url: '/{SLUG}/module/web/jpage/dataproxy.jsp', appid: 1, webid: '{WEBID}',
    columnid: '{COLID}', unitid: '{UNITID}', perpage: {PERPAGE}, totalRecord: {len(rows)}, permissiontype: 0,
    dataStore: 'xml', showType: 'li' }}).init();
}});
</script></div></div>"""
    pages = [rows[i:i + PERPAGE] for i in range(0, len(rows), PERPAGE)]
    next_of = lambda p: jpage_query(data, SLUG, p + 1) if p < len(pages) else None  # noqa: E731
    site.listing(COLUMN, chrome("政府信息公开年报", main),
                 {"url": site.url(COLUMN), "links": link_rows(site, pages[0]), "next_page": next_of(1)})
    for p in range(1, len(pages) + 1):
        site.expected_extra(f"dataproxy_page{p}.json", {
            "request": {"method": "GET", "url": jpage_query(data, SLUG, p)},
            "url": jpage_query(data, SLUG, p), "links": link_rows(site, pages[p - 1]), "next_page": next_of(p)})
    post = f"/{SLUG}/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=9&perpage={PERPAGE}"
    site.expected_extra("dataproxy_post_1_9.json", {
        "request": {"method": "POST", "url": post, "form": {"col": "1", "appid": "1", "webid": WEBID,
                    "path": "/", "columnid": COLID, "unitid": UNITID, "permissiontype": "0"}},
        "url": post, "links": link_rows(site, rows[:9]), "next_page": None})
    for a in arts:
        for h, t in a.get("attach", []):
            site.raw(f"_files/{h}", files.pdf(["Yiwu Commerce Bureau annual report", a["date"]]))
    site.page("index.html", chrome("义乌市商务局", f'<a href="/{SLUG}/{COLUMN}">政府信息公开年报</a>'))
    unfetchable(site, [DEAD])
    site.site_yml(name=AGENCY, platform="hanweb", registered=True, encoding="utf-8",
                  content_type="text/html; charset=utf-8", columns=[site.url(COLUMN)],
                  robots_disallow=["module/visitcount/", "jrobot/"],
                  fail_once=["art/2023/1/18/art_1229134035_4051720.html"],
                  slow=["art/2021/1/28/art_1229134035_3850009.html"])
