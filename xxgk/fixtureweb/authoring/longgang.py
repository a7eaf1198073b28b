"""深圳市龙岗区司法局 (longgang-gov): Guangdong 政府信息公开目录管理平台 (gkmlpt), UTF-8.

The column ``gkmlpt/index#2915`` is a JavaScript shell carrying ``window._CONFIG = {SID: …}``;
records come from ``gkmlpt/api/all/2915?page=N&sid=…`` (JSON, 4 a page, 2 pages); articles are
``content/post_<id>.html`` with the 信息公开 header (索引号/分类/发布机构/成文日期/名称/文号/发布日期,
letter-spaced on one page). Reports in the 2019 and 2021 standard formats with full tables, and one
published only as a PDF inside a pdf.js viewer iframe (``file=`` URL-encoded, no plain link).
"""
from __future__ import annotations

from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from xxgk.fixtureweb.authoring import Site, att, emit_articles, files, link_rows, messy, texts, unfetchable

SLUG = "longgang-gov"
AGENCY = "深圳市龙岗区司法局"
SID, CAT = "755031", "2915"
ORG = "11440307MB2D03127K"
LEGAL_AID = "深圳市龙岗区法律援助处"
FURNITURE = ["上一篇", "下一篇", "打印", "关闭", "扫一扫在手机打开当前页", "粤ICP备", "政府信息公开指南"]


def chrome(title: str, main: str, metas: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<meta name="SiteName" content="深圳市龙岗区人民政府">
<meta name="SiteDomain" content="www.lg.gov.cn">
<meta name="SiteIDCode" content="4403070001">
<meta name="ColumnName" content="政府信息公开年报">
{metas}<link rel="stylesheet" href="/{SLUG}/gkmlpt/static/css/app.css">
</head>
<body>
<div class="gkmlpt-header"><div class="w1200"><a class="logo" href="/{SLUG}/">深圳市龙岗区人民政府</a>
<span class="sub">政府信息公开</span></div></div>
<div class="gkmlpt-nav w1200"><a href="/{SLUG}/gkmlpt/index">政府信息公开目录</a> <a href="/{SLUG}/gkmlpt/guide">政府信息公开指南</a>
<a href="/{SLUG}/gkmlpt/policy">政府信息公开制度</a> <a href="/{SLUG}/gkmlpt/annualreport">政府信息公开年报</a></div>
<div class="w1200 main">
{main}
</div>
<div class="footer"><p>主办：深圳市龙岗区人民政府办公室　承办：深圳市龙岗区政务服务数据管理局</p>
<p>网站标识码：4403070001　<a href="https://beian.miit.gov.cn/">粤ICP备10218946号</a>　粤公网安备 44030702000112号</p>
<div class="qr"><img src="/{SLUG}/images/qr.png" alt=""><p>扫一扫在手机打开当前页</p></div></div>
</body></html>
"""


def header(a: dict, spaced: bool) -> str:
    lab = (lambda s: " ".join(s)) if spaced else (lambda s: s)  # noqa: E731
    return f"""<div class="introduce"><table class="xxgk-table">
<tr><td class="first">{lab('索引号')}：</td><td class="second">{ORG}/{a['idx']}</td><td class="first">{lab('分类')}：</td><td class="second">{a.get('cls', '政府信息公开年报')}</td></tr>
<tr><td class="first">{lab('发布机构')}：</td><td class="second">{a.get('org', AGENCY)}</td><td class="first">{lab('成文日期')}：</td><td class="second">{a['made']}</td></tr>
<tr><td class="first">{lab('名称')}：</td><td class="second" colspan="3">{a['title']}</td></tr>
<tr><td class="first">{lab('文号')}：</td><td class="second">{a.get('docno', '')}</td><td class="first">{lab('发布日期')}：</td><td class="second">{a['date']}</td></tr>
</table></div>"""


def std(year: int, fmt: int, n: int, extra: str) -> str:
    single = 0 if fmt == 2021 else [0, 0, 0]  # the 2021 table has one 本年处理决定数量 column
    return texts.standard_report(
        AGENCY, year, fmt,
        overview=f"{year}年，深圳市龙岗区司法局坚持以公开为常态，全年通过区政府门户网站主动公开政府信息{n}条。{extra}",
        active={"规章": [0, 0, 0], "规范性文件": [1, 1, 3], "行政规范性文件": [1, 0, 3], "行政许可": single,
                "行政处罚": single, "行政强制": 0, "行政事业性收费": 0, "政府集中采购": [9, "2386.4万元"]},
        apply=(21, 2, 12, 4, 5), problems="一是政务公开的主动性有待加强；二是政策解读的形式有待丰富。")


def articles() -> list[dict]:
    pdf = f"/{SLUG}/attachment/0/412/412873/8456012.pdf"
    return [
        dict(id=9530101, title="图解：深圳市龙岗区司法局2021年政府信息公开工作年度报告", date="2022-01-24", made="2022-01-24",
             idx="2022-000042", cls="政策解读",
             body=f'<p style="text-align:center;"><img src="/{SLUG}/attachment/1/1005/1005311/9530101.jpg" alt=""></p>'
                  + texts.paras("图解来源：深圳市龙岗区司法局2021年政府信息公开工作年度报告（全文见相关链接）。"),
             exp=dict(source=AGENCY, editor=None, views=None, report_year=None, agency=AGENCY, attachments=[],
                      is_report=False, body_contains=["图解来源：深圳市龙岗区司法局2021年政府信息公开工作年度报告"])),
        dict(id=9528733, title="深圳市龙岗区司法局2021年政府信息公开工作年度报告", date="2022-01-21", made="2022-01-20",
             idx="2022-000037", spaced=True,
             body=std(2021, 2021, 1422, "全年办理行政复议案件326件。") + texts.signature(AGENCY, "2022年1月20日"),
             exp=dict(source=AGENCY, editor=None, views=None, report_year=2021, agency=AGENCY, attachments=[],
                      is_report=True, body_contains=["全年办理行政复议案件326件", "本年制发件数", "3.其他"])),
        dict(id=8612345, title="深圳市龙岗区法律援助处2020年政府信息公开工作年度报告", date="2021-03-16", made="2021-03-15",
             idx="2021-000064", org=LEGAL_AID,
             body=messy.report(LEGAL_AID, "2020年，区法律援助处通过区政府门户网站主动公开政府信息318条，全年受理法律援助案件2146件。"),
             exp=dict(source=LEGAL_AID, editor=None, views=None, report_year=2020, agency=LEGAL_AID, attachments=[],
                      is_report=True, body_contains=["主动公开政府信息318条", "3405820元", "增加5"])),
        dict(id=8456012, title="深圳市龙岗区司法局2020年政府信息公开工作年度报告", date="2021-01-22", made="2021-01-22",
             idx="2021-000019",
             body="<p>详见附件。</p>\n" + f'<iframe src="/{SLUG}/pdfjs/web/viewer.html?file={quote(pdf, safe="")}" '
                  f'title="深圳市龙岗区司法局2020年政府信息公开工作年度报告" width="100%" height="800" frameborder="0"></iframe>',
             exp=dict(source=AGENCY, editor=None, views=None, report_year=2020, agency=AGENCY,
                      attachments=[att(pdf, "深圳市龙岗区司法局2020年政府信息公开工作年度报告")], is_report=True,
                      body_contains=["详见附件"])),
        dict(id=7012345, title="深圳市龙岗区司法局2019年政府信息公开工作年度报告", date="2020-01-17", made="2020-01-16",
             idx="2020-000015", src="龙岗区司法局",
             body=std(2019, 2019, 1187, "全年组织开展“谁执法谁普法”宣传活动214场。") + texts.signature(AGENCY, "2020年1月16日"),
             exp=dict(source="龙岗区司法局", editor=None, views=None, report_year=2019, agency=AGENCY, attachments=[],
                      is_report=True, body_contains=["宣传活动214场", "政府集中采购", "2386.4万元"])),
        dict(id=7001122, title="关于做好2019年政府信息公开工作年度报告编制发布工作的通知", date="2019-12-20", made="2019-12-19",
             idx="2019-000311", org="深圳市龙岗区人民政府办公室", cls="通知公告", docno="深龙府办函〔2019〕187号",
             body=texts.paras("区直各单位，各街道办事处：",
                              "请各单位于2020年1月31日前在区政府门户网站政府信息公开专栏发布2019年政府信息公开工作年度报告。")
             + texts.signature("深圳市龙岗区人民政府办公室", "2019年12月19日"),
             exp=dict(source="深圳市龙岗区人民政府办公室", editor=None, views=None, report_year=None,
                      agency="深圳市龙岗区人民政府办公室", attachments=[], is_report=False,
                      body_contains=["在区政府门户网站政府信息公开专栏发布2019年政府信息公开工作年度报告"])),
        dict(id=6903311, title="龙岗区司法局开展“宪法宣传周”活动", date="2019-12-05", made="2019-12-05",
             idx="2019-000298", cls="工作动态",
             body=texts.paras("12月4日是第六个国家宪法日，龙岗区司法局在龙城广场开展“宪法宣传周”集中宣传活动，发放宣传资料3000余份。"),
             exp=dict(source=AGENCY, editor=None, views=None, report_year=None, agency=AGENCY, attachments=[],
                      is_report=False, body_contains=["发放宣传资料3000余份"])),
        dict(id=5876543, title="深圳市龙岗区司法局2017年政府信息公开工作年度报告", date="2018-03-20", made="2018-03-19",
             idx="2018-000021", body=PROSE_2017 + texts.signature(AGENCY, "2018年3月19日"),
             exp=dict(source=AGENCY, editor=None, views=None, report_year=2017, agency=AGENCY, attachments=[],
                      is_report=True, body_contains=["主动公开政府信息共计632条", "参训干部120人次"])),
    ]


# every number of this prose report is in tests/data/stats/longgang_prose_2017.expected.json
PROSE_2017 = texts.prose_report(
    AGENCY, 2017,
    opening="现将深圳市龙岗区司法局2017年政府信息公开工作情况报告如下。",
    active="2017年，我局通过区政府门户网站主动公开政府信息共计632条，较2016年增长12.5%，其中规范性文件4件、工作动态417条。",
    apply="全年共受理政府信息公开申请9件，其中同意公开6件，部分公开1件，不予公开1件，信息不存在1件，均在法定期限内答复。",
    problems="全年组织政府信息公开业务培训3次，参训干部120人次。公开内容的深度和广度有待提高。",
    contact="如对本报告有疑问，请与局办公室联系，电话：0755-28949999。")


DEAD = dict(id=6800001, title="深圳市龙岗区司法局2018年政府信息公开工作年度报告", date="2019-01-30",
            is_report=True, report_year=2018, failure="not_found")


def article_page(a: dict, prev, nxt) -> str:
    pn = lambda lab, x: (f'<p>{lab}：<a href="/{SLUG}/content/post_{x["id"]}.html">{x["title"]}</a></p>' if x  # noqa: E731
                         else f"<p>{lab}：无</p>")
    src = f'<span>来源：{a["src"]}</span> ' if a.get("src") else ""
    metas = (f'<meta name="ArticleTitle" content="{a["title"]}">\n<meta name="PubDate" content="{a["date"]} 09:32">\n'
             f'<meta name="ContentSource" content="{a.get("org", AGENCY)}">\n')
    main = f"""{header(a, a.get('spaced', False))}
<div class="article">
<h1 class="title">{a['title']}</h1>
<div class="info">{src}<span>字号：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a></span></div>
<div class="article-content">{a['body']}</div>
<div class="tools"><a href="javascript:window.print()">打印</a> <a href="javascript:window.close()">关闭</a></div>
<div class="pre-next">{pn('上一篇', prev)}{pn('下一篇', nxt)}</div>
</div>"""
    return chrome(a["title"], main, metas)


def epoch(day: str) -> int:
    return int(datetime.fromisoformat(f"{day}T09:32:00").replace(tzinfo=ZoneInfo("Asia/Shanghai")).timestamp())


def build() -> None:
    site = Site(SLUG)
    arts = articles()
    for a in arts + [DEAD]:
        a["rel"] = f"content/post_{a['id']}.html"
    emit_articles(site, arts, article_page, FURNITURE, after=DEAD)
    rows = arts[:6] + [DEAD] + arts[6:]
    records = [{"id": r["id"], "title": r["title"], "url": site.url(r["rel"]), "first_publish_time": epoch(r["date"]),
                "publisher": r.get("org", AGENCY), "date": r["date"],
                "identifier": f"{ORG}/{r.get('idx', '2019-000020')}"} for r in rows]
    size = 4
    site.data("gkmlpt.json", {"sid": SID, "page_size": size,
                              "categories": {CAT: {"name": "政府信息公开年报", "articles": records}}})
    index = f"""<div id="app"><div class="gkml-tree"><ul><li><a href="#2911">机构职能</a></li><li><a href="#2913">政策文件</a></li>
<li><a class="active" href="#{CAT}">政府信息公开年报</a></li></ul></div><div class="gkml-list"><noscript>请开启浏览器的JavaScript功能。</noscript></div></div>
<script>
window._CONFIG = {{SID: '{SID}', TPL: 'lg', ROOT: '/{SLUG}/gkmlpt', API: '/{SLUG}/gkmlpt/api', SITE_NAME: '深圳市龙岗区人民政府', IS_DEPT: true}};
</script>
<script src="/{SLUG}/gkmlpt/static/js/app.js"></script>"""
    site.listing("gkmlpt/index", chrome("政府信息公开目录", index),
                 {"url": site.url("gkmlpt/index"), "links": [], "next_page": None})
    pages = [rows[i:i + size] for i in range(0, len(rows), size)]
    api = lambda p: f"/{SLUG}/gkmlpt/api/all/{CAT}?page={p}&sid={SID}"  # noqa: E731
    for p, chunk in enumerate(pages, 1):
        site.expected_extra(f"gkmlpt_api_{CAT}_page{p}.json", {
            "request": {"method": "GET", "url": api(p)}, "url": api(p), "links": link_rows(site, chunk),
            "next_page": api(p + 1) if p < len(pages) else None})
    site.raw("attachment/0/412/412873/8456012.pdf", files.pdf(["Longgang District Justice Bureau", "2020 annual report"]))
    site.page("pdfjs/web/viewer.html", '<!DOCTYPE html><html><head><meta charset="utf-8"><title>PDF.js viewer</title>'
              f'<script src="/{SLUG}/pdfjs/build/pdf.js"></script></head><body><div id="viewerContainer"></div></body></html>')
    site.page("index.html", chrome("深圳市龙岗区人民政府", f'<a href="/{SLUG}/gkmlpt/index#{CAT}">政府信息公开年报</a>'))
    unfetchable(site, [DEAD])
    site.site_yml(name=AGENCY, platform="gkmlpt", registered=True, encoding="utf-8",
                  content_type="text/html; charset=utf-8", columns=[site.url(f"gkmlpt/index#{CAT}")],
                  robots_disallow=["gkmlpt/search/"], fail_once=["content/post_8456012.html"])
