"""阜新市商务局 (fuxin-swj): the home-grown platform of the seed report, UTF-8.

Metadata line ``日期: … 浏览量:N 来源:… 责任编辑:… 文字大小:``, footer ``打印 分享 返回列表``,
list pages ``index.html`` → ``index_2.html`` (1-based) via a ``下一页`` link.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from xxgk.fixtureweb.authoring import Site, art, att, files, texts

SLUG = "fuxin-swj"
AGENCY = "阜新市商务局"
COLUMN = "zwgk/gknb/index.html"
SEED = Path(__file__).with_name("seed_000_15c8a3cdb9749e18.txt")  # copy of the project seed
FURNITURE = ["上一篇", "下一篇", "返回列表", "政府信息公开申请表", "主办单位：阜新市商务局", "商务动态"]

NAV = [("index.html", "首页"), ("jggk/index.html", "机构概况"), ("zwgk/index.html", "政务公开"),
       ("swdt/index.html", "商务动态"), ("zcfg/index.html", "政策法规"), ("bsfw/index.html", "办事服务"),
       ("hdjl/index.html", "互动交流")]
SIDE_NEWS = [("html/SWJ/201912/0152191203110245.html", "全市商务系统安全生产工作会议召开", "2019-12-03"),
             ("html/SWJ/201911/0152191126084512.html", "我市组织企业参加第二届进博会", "2019-11-26"),
             ("html/SWJ/201910/0152191015150003.html", "阜新市2019年前三季度商务运行情况", "2019-10-15")]


def seed_body() -> str:
    lines = [ln.strip() for ln in SEED.read_text(encoding="utf-8").splitlines()]
    body = [ln for ln in lines[3:] if ln and ln not in ("打印", "分享", "返回列表")]
    return "\n".join(f"<p>{escape(ln, quote=False)}</p>" for ln in body)


def chrome(title: str, crumb: str, main: str) -> str:
    nav = "".join(f'<li><a href="/{SLUG}/{u}">{t}</a></li>' for u, t in NAV)
    side = "".join(f'<li><a href="/{SLUG}/{u}" title="{t}">{t}</a><span>{d}</span></li>'
                   for u, t, d in SIDE_NEWS)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title} - 阜新市商务局</title>
<meta name="keywords" content="阜新市商务局,阜新商务,政务公开" />
<link href="/{SLUG}/css/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/{SLUG}/js/jquery-1.8.3.min.js"></script>
<script type="text/javascript" src="/{SLUG}/js/common.js"></script>
</head>
<body>
<div class="topbar"><div class="w1000"><span class="today"><script type="text/javascript">document.write(showDate());</script></span>
<span class="toplink"><a href="/{SLUG}/index.html">设为首页</a> | <a href="javascript:addFav();">加入收藏</a></span></div></div>
<div class="header"><div class="w1000"><img src="/{SLUG}/images/logo.png" alt="阜新市商务局" /></div></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="w1000 main">
<div class="left">
<div class="lbox"><h3>政务公开</h3><ul>
<li><a href="/{SLUG}/zwgk/gkzn/index.html">政府信息公开指南</a></li>
<li><a href="/{SLUG}/zwgk/gkzd/index.html">政府信息公开制度</a></li>
<li><a href="/{SLUG}/zwgk/gkml/index.html">政府信息公开目录</a></li>
<li><a href="/{SLUG}/{COLUMN}">政府信息公开年报</a></li>
<li><a href="/{SLUG}/zwgk/ysqgk/index.html">依申请公开</a></li></ul></div>
<div class="lbox"><h3>商务动态</h3><ul>{side}</ul></div>
<div class="lbox"><h3>下载中心</h3><ul><li><a href="/{SLUG}/uploadfiles/xz/xxgksqb.doc">政府信息公开申请表</a></li></ul></div>
</div>
<div class="right">
<div class="position">当前位置：<a href="/{SLUG}/index.html">首页</a> &gt; <a href="/{SLUG}/zwgk/index.html">政务公开</a> &gt; {crumb}</div>
{main}
</div>
</div>
<div class="footer"><div class="w1000">
<p>主办单位：阜新市商务局　地址：阜新市细河区中华路49号　邮编：123000</p>
<p>联系电话：0418-2822345　辽ICP备05012345号　网站标识码：2109000021</p>
<p><a href="/{SLUG}/wzdt.html">网站地图</a> | <a href="/{SLUG}/lxwm.html">联系我们</a></p>
</div></div>
</body>
</html>
"""


# (file, title, date, views text, editor label+value, body html, expected extras)
def articles() -> list[dict]:
    pdf_url = f"/{SLUG}/uploadfiles/201903/20190320101522781.pdf"
    return [
        dict(rel="html/SWJ/202001/0152200121093012.html", title="阜新市商务局2019年政府信息公开工作年度报告",
             date="2020-01-21", views="412", who="作者:综合调研科 责任编辑:王喆",
             body=texts.standard_report(
                 AGENCY, 2019, 2019,
                 overview="2019年，阜新市商务局以新修订的《条例》施行为契机，调整政务公开工作领导小组，"
                          "在局门户网站开设“法定主动公开内容”专栏，全年主动公开各类信息612条。",
                 active={"规章": [0, 0, 0], "规范性文件": [2, 2, 7], "行政许可": [3, "-1", 46],
                         "行政处罚": [0, 0, 0], "政府集中采购": [2, "186000元"]},
                 apply=(3, 0, 2, 1, 0),
                 problems="一是信息更新不够及时；二是政策解读形式较为单一。2020年，我局将加强与市政务公开办的沟通衔接，"
                          "丰富图解、音视频等解读形式。") + texts.signature(AGENCY, "2020年1月20日"),
             exp=dict(source=AGENCY, editor="王喆", views=412, report_year=2019, agency=AGENCY,
                      attachments=[], is_report=True,
                      body_contains=["全年主动公开各类信息612条", "三、收到和处理政府信息公开申请情况",
                                     "丰富图解、音视频等解读形式"])),
        dict(rel="html/SWJ/201906/0152190618142207.html", title="阜新市商务局召开2019年外贸企业座谈会",
             date="2019-06-18", views="158", who="责任编辑:于海洋",
             body=texts.paras("2019年6月17日上午，阜新市商务局在局三楼会议室召开全市外贸企业座谈会，"
                              "全市32家重点外贸企业负责人参加会议。",
                              "会上，企业代表围绕出口退税、汇率风险、国际市场开拓等问题进行了交流发言。"
                              "局主要负责同志表示，将积极协调海关、税务等部门，帮助企业稳订单、拓市场。"),
             exp=dict(source=AGENCY, editor="于海洋", views=158, report_year=None, agency=AGENCY,
                      attachments=[], is_report=False,
                      body_contains=["全市32家重点外贸企业负责人参加会议", "帮助企业稳订单、拓市场"])),
        dict(rel="html/SWJ/201903/0152190322160118.html", title="图解：阜新市商务局2018年政府信息公开工作年度报告",
             date="2019-03-22", views="211", who="责任编辑:潘建渊",
             body=f'<p style="text-align:center;"><img src="/{SLUG}/uploadfiles/201903/tj2018_01.jpg" alt="图解年报" /></p>\n'
                  + texts.paras("一图读懂阜新市商务局2018年政府信息公开工作年度报告：全年主动公开政府信息703条，"
                                "未收到政府信息公开申请，未发生行政复议和行政诉讼。"),
             exp=dict(source=AGENCY, editor="潘建渊", views=211, report_year=None, agency=AGENCY,
                      attachments=[], is_report=False,
                      body_contains=["一图读懂阜新市商务局2018年政府信息公开工作年度报告"])),
        dict(rel="html/SWJ/201903/0152190320101522.html", title="阜新市商务局2018年政府信息公开工作年度报告",
             date="2019-03-20", views="1,024", who="责任编辑:潘建渊",
             body=texts.prose_report(
                 AGENCY, 2018,
                 opening="根据《中华人民共和国政府信息公开条例》和《辽宁省政府信息公开规定》要求，现公布阜新市商务局2018年政府信息公开工作年度报告。",
                 active="2018年，我局通过门户网站、政务微博和微信公众号主动公开政府信息703条，其中规范性文件3件，"
                        "财政预决算信息6条，“放管服”改革信息41条。",
                 apply="2018年，我局未收到政府信息公开申请。",
                 problems="信息公开的及时性和规范性有待提高。下一步，我局将完善信息发布审核机制，确保公开信息准确、及时。",
                 contact="本报告电子版可在阜新市商务局网站下载。如对本报告有疑问，请与局综合调研科联系，电话：0418-2822345。")
             + f'\n<p>附件：<a href="{pdf_url}" target="_blank">阜新市商务局2018年政府信息公开工作年度报告统计表.pdf</a></p>\n'
             + texts.signature(AGENCY, "2019年3月18日"),
             exp=dict(source=AGENCY, editor="潘建渊", views=1024, report_year=2018, agency=AGENCY,
                      attachments=[att(pdf_url, "阜新市商务局2018年政府信息公开工作年度报告统计表.pdf")],
                      is_report=True,
                      body_contains=["主动公开政府信息703条", "请与局综合调研科联系"])),
        dict(rel="html/SWJ/201901/0152190108090314.html", title="关于做好2018年政府信息公开工作年度报告编制工作的通知",
             date="2019-01-08", views="96", who="责任编辑:潘建渊",
             body=texts.paras("局机关各科室、各直属单位：",
                              "根据《阜新市人民政府办公室关于做好2018年政府信息公开工作年度报告编制工作的通知》要求，"
                              "请各科室于2019年1月25日前将本科室2018年政府信息公开工作情况及相关数据报送局综合调研科。",
                              "联系人：李婧，电话：0418-2822345。") + texts.signature("阜新市商务局办公室", "2019年1月7日"),
             exp=dict(source=AGENCY, editor="潘建渊", views=96, report_year=None, agency="阜新市商务局办公室",
                      attachments=[], is_report=False,
                      body_contains=["请各科室于2019年1月25日前将本科室2018年政府信息公开工作情况"])),
        dict(rel="html/SWJ/201803/0152180328150334.html", title="阜新市商务局2017年政府信息公开工作年度报告",
             date="2018-03-28", views="334", who="责任编辑:潘建渊", body=seed_body(),
             exp=dict(source=AGENCY, editor="潘建渊", views=334, report_year=2017, agency=AGENCY,
                      attachments=[], is_report=True,
                      body_contains=["按照通知要求,现将阜新市商务局2017年政府信息公开工作报告如下。",
                                     "主动公开政府信息共计759条", "九是开展培训学习1次,共培训20人。"])),
        dict(rel="html/SWJ/201703/0152170330112741.html", title="阜新市商务局2016年政府信息公开工作年度报告",
             date="2017-03-30", views="587", who="责任编辑:于海洋",
             body=texts.prose_report(
                 AGENCY, 2016,
                 opening="现将阜新市商务局2016年政府信息公开工作情况报告如下。",
                 active="全年主动公开政府信息528条，其中机构职能类12条、政策法规类37条、工作动态类479条。",
                 apply="全年共受理政府信息公开申请1件，已按时答复。",
                 problems="主要问题是公开内容不够全面。2017年我局将进一步规范公开目录，及时更新公开内容。")
             + texts.signature(AGENCY, "2017年3月27日"),
             exp=dict(source=AGENCY, editor="于海洋", views=587, report_year=2016, agency=AGENCY,
                      attachments=[], is_report=True,
                      body_contains=["全年主动公开政府信息528条", "全年共受理政府信息公开申请1件"])),
    ]


# Published only by the ``add`` mutation (fixtureweb/mutations.py): stored under _mutations/,
# shown at the top of index.html once the scenario is applied.
ADDED = dict(rel="html/SWJ/202101/0152210125093015.html", title="阜新市商务局2020年政府信息公开工作年度报告",
             date="2021-01-25", views="23", who="作者:综合调研科 责任编辑:王喆",
             body=texts.standard_report(
                 AGENCY, 2020, 2019,
                 overview="2020年，阜新市商务局统筹做好疫情防控和稳外贸稳外资信息发布，及时公开惠企政策和复工复产措施，"
                          "全年主动公开各类信息655条，其中疫情防控相关信息87条。",
                 active={"规章": [0, 0, 0], "规范性文件": [1, 1, 8], "行政许可": [3, 0, 52],
                         "行政处罚": [0, 0, 0], "政府集中采购": [1, "96000元"]},
                 apply=(2, 0, 1, 1, 0),
                 problems="一是部分栏目更新频次不够均衡；二是解读材料的针对性有待加强。2021年，我局将健全信息发布审核机制，"
                          "围绕稳外贸、促消费政策开展多形式解读。") + texts.signature(AGENCY, "2021年1月22日"),
             exp=dict(source=AGENCY, editor="王喆", views=23, report_year=2020, agency=AGENCY,
                      attachments=[], is_report=True,
                      body_contains=["全年主动公开各类信息655条", "其中疫情防控相关信息87条",
                                     "围绕稳外贸、促消费政策开展多形式解读"]))

DEAD = dict(rel="html/SWJ/201603/0152160325094410.html", title="阜新市商务局2015年政府信息公开工作年度报告",
            date="2016-03-25")


def article_page(a: dict, prev: dict | None, nxt: dict | None) -> str:
    def pn(label, x):
        if x is None:
            return f"<p>{label}：没有了</p>"
        return f'<p>{label}：<a href="/{SLUG}/{x["rel"]}">{x["title"]}</a> <span>({x["date"]})</span></p>'
    main = f"""<div class="article">
<div class="art-title"><h2>{a['title']}</h2></div>
<div class="art-info">日期: {a['date']} 浏览量:{a['views']} 来源:{AGENCY} {a['who']} 文字大小:<a href="javascript:fontZoom(16)"><img src="/{SLUG}/images/f_big.gif" alt="" /></a><a href="javascript:fontZoom(14)"><img src="/{SLUG}/images/f_mid.gif" alt="" /></a></div>
<div class="art-content" id="fontzoom">
{a['body']}
</div>
<div class="art-tools"><a href="javascript:window.print();">打印</a> <a href="javascript:void(0);" class="bdsharebuttonbox">分享</a> <a href="/{SLUG}/{COLUMN}">返回列表</a></div>
<div class="prevnext">{pn('上一篇', prev)}{pn('下一篇', nxt)}</div>
</div>"""
    return chrome(a["title"], f'<a href="/{SLUG}/{COLUMN}">政府信息公开年报</a> &gt; 正文', main)


def listing_page(rows: list[dict], page: int, pages: int, total: int) -> tuple[str, str | None]:
    items = "\n".join(f'<li><a href="/{SLUG}/{r["rel"]}" title="{r["title"]}" target="_blank">{r["title"]}</a>'
                      f'<span class="date">{r["date"]}</span></li>' for r in rows)
    name = lambda p: "index.html" if p == 1 else f"index_{p}.html"  # noqa: E731
    prev = f'<a href="{name(page - 1)}">上一页</a>' if page > 1 else "<span>上一页</span>"
    nxt = f'<a href="{name(page + 1)}">下一页</a>' if page < pages else "<span>下一页</span>"
    pager = (f'<div class="pager">共{total}条记录 第{page}/{pages}页 <a href="index.html">首页</a> {prev} {nxt} '
             f'<a href="{name(pages)}">尾页</a></div>')
    main = f'<div class="listbox"><h3>政府信息公开年报</h3><ul class="newslist">\n{items}\n</ul>{pager}</div>'
    return chrome("政府信息公开年报", "政府信息公开年报", main), (
        f"/{SLUG}/zwgk/gknb/{name(page + 1)}" if page < pages else None)


def build() -> None:
    site = Site(SLUG)
    arts = articles()
    for k, a in enumerate(arts):
        html = article_page(a, arts[k - 1] if k else None, arts[k + 1] if k + 1 < len(arts) else DEAD)
        e = a["exp"]
        site.article(a["rel"], html, a["body"], art(
            site.url(a["rel"]), a["title"], a["date"], e["source"], e["editor"], e["views"],
            e["report_year"], e["agency"], e["attachments"], e["is_report"], e["body_contains"],
            FURNITURE))
    rows = arts + [DEAD]
    pages = [rows[:5], rows[5:]]
    for p, chunk in enumerate(pages, 1):
        rel = "zwgk/gknb/index.html" if p == 1 else f"zwgk/gknb/index_{p}.html"
        html, nxt = listing_page(chunk, p, len(pages), len(rows))
        site.listing(rel, html, {"url": site.url(rel), "links": [
            {"url": site.url(r["rel"]), "title": r["title"], "date": r["date"],
             "is_report": r.get("exp", {}).get("is_report", True)}
            for r in chunk], "next_page": nxt})
    e = ADDED["exp"]
    site.article(ADDED["rel"], article_page(ADDED, None, arts[0]), ADDED["body"], art(
        site.url(ADDED["rel"]), ADDED["title"], ADDED["date"], e["source"], e["editor"], e["views"],
        e["report_year"], e["agency"], e["attachments"], e["is_report"], e["body_contains"],
        FURNITURE), store_under="_mutations/")
    site.raw("uploadfiles/201903/20190320101522781.pdf", files.pdf(
        ["Fuxin Commerce Bureau 2018 government information disclosure", "Statistics table", "2019-03-18"]))
    site.raw("uploadfiles/xz/xxgksqb.doc", files.rtf_doc("政府信息公开申请表"))
    site.page("index.html", chrome("首页", "首页", f'<ul><li><a href="/{SLUG}/{COLUMN}">政府信息公开年报</a></li></ul>'))
    site.expected_extra("unfetchable.json", [
        {"url": site.url(DEAD["rel"]), "title": DEAD["title"], "is_report": True, "report_year": 2015,
         "failure": "not_found"}])
    site.site_yml(name=AGENCY, platform="fuxin", registered=True, encoding="utf-8",
                  content_type="text/html; charset=utf-8", columns=[site.url(COLUMN)],
                  robots_disallow=["admin/", "uploadfiles/tmp/"],
                  fail_once=["html/SWJ/201703/0152170330112741.html"],
                  slow=["html/SWJ/201906/0152190618142207.html"])
