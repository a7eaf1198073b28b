"""Build the 桐川县 holdout site (a TRS WCM replica of a 政府信息公开年度报告 column).

Run with .venv/bin/python tests/holdout_site/make_site.py (from the checkout)
Writes tests/holdout_site/www/ (served by SimpleHTTPRequestHandler) and
tests/holdout_site/expected.json.  Deterministic: no clock, no randomness.
All links are relative or root-relative.
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
WWW = os.path.join(HERE, "www")
COL = "/xxgk/ndbg/"
COUNTY = "桐川县"
GOV = "桐川县人民政府"
PER_PAGE = 8

# kind: html | pdf | img | missing | nonreport
# fields: id, url_date (YYYYMMDD, for the path), published (printed), title, agency,
# report_year, source, kind, enc, extra
ITEMS = []


def add(url_date, aid, published, title, agency, year, source, kind="html", enc="utf-8", **extra):
    ITEMS.append(dict(url_date=url_date, aid=aid, published=published, title=title, agency=agency,
                      report_year=year, source=source, kind=kind, enc=enc, extra=extra))


# ---- items in listing order (newest first) -------------------------------------------------
add("20260128", 381204, "2026-01-28", "桐川县人民政府2025年政府信息公开工作年度报告", GOV, 2025,
    "桐川县人民政府办公室", sign=GOV)
add("20260120", 380977, "2026-01-20", "桐川县民政局2025年政府信息公开工作年度报告", "桐川县民政局", 2025,
    "桐川县民政局", sign="桐川县民政局")
add("20250124", 366310, "2025-01-24", "桐川县人民政府2024年政府信息公开工作年度报告", GOV, 2024,
    "桐川县人民政府办公室", sign=GOV)
add("20250121", 366025, "2025-01-21", "桐川县财政局2024年政府信息公开工作年度报告", "桐川县财政局", 2024,
    "桐川县财政局", enc="gbk", sign="桐川县财政局")
add("20250116", 365731, "2025-01-16", "桐川县教育局2024年政府信息公开工作年度报告", "桐川县教育局", 2024,
    "桐川县教育局", kind="pdf")
add("20240318", 352006, "2024-03-18", "《桐川县2023年政府信息公开工作年度报告》解读", None, None,
    "桐川县人民政府办公室", kind="nonreport", sub="jiedu")
add("20240126", 351288, "2024-01-26", "桐川县人民政府2023年政府信息公开工作年度报告", GOV, 2023,
    "桐川县人民政府办公室", sign=GOV)
add("20240122", 351044, "2024-01-22", "桐川县卫生健康局2023年政府信息公开工作年度报告", "桐川县卫生健康局", 2023,
    "桐川县卫生健康局", sign="桐川县卫生健康局")
add("20240119", 350912, "2024-01-19", "桐川县市场监督管理局2023年政府信息公开工作年度报告",
    "桐川县市场监督管理局", 2023, "本站", enc="gbk", sign="桐川县市场监督管理局")
add("20231115", 344520, "2023-11-15", "关于做好2023年度政府信息公开工作年度报告编制发布工作的通知", None, None,
    "桐川县人民政府办公室", kind="nonreport", sub="notice")
add("20230130", 331875, "2023-01-30", "桐川县人民政府2022年政府信息公开工作年度报告", GOV, 2022,
    "桐川县人民政府办公室", sign=GOV)
add("20230129", 331802, "2023-01-29", "桐川县人力资源和社会保障局2022年政府信息公开工作年度报告",
    "桐川县人力资源和社会保障局", 2022, "桐川县人力资源和社会保障局", kind="pdf")
# URL date differs from the printed date: the printed one wins.
add("20230125", 331544, "2023-01-18", "桐川县民政局2022年政府信息公开工作年度报告", "桐川县民政局", 2022,
    "桐川县民政局", sign="桐川县民政局")
add("20230116", 331020, "2023-01-16", "桐川县人民政府门户网站2022年网站工作年度报表", None, None,
    "桐川县人民政府办公室", kind="nonreport", sub="wzbb")
add("20220315", 318736, "2022-03-15", "桐川县2021年法治政府建设年度报告", None, None,
    "桐川县司法局", kind="nonreport", sub="fzzf")
add("20220308", 318410, "2022-03-08", "一图读懂｜桐川县2021年政府信息公开工作年度报告", None, None,
    "桐川县人民政府办公室", kind="nonreport", sub="ytdd")
add("20220127", 317290, "2022-01-27", "桐川县人民政府2021年政府信息公开工作年度报告", GOV, 2021,
    "桐川县人民政府办公室", enc="gbk", sign=GOV)
add("20220125", 317115, "2022-01-25", "桐川县民政局2021年政府信息公开工作年度报告", "桐川县民政局", 2021,
    "桐川县民政局", sign="桐川县民政局")
# Listed but never created: answers 404.
add("20220121", 316988, "2022-01-21", "桐川县教育局2021年政府信息公开工作年度报告", "桐川县教育局", 2021,
    "桐川县教育局", kind="missing")
add("20210305", 304020, "2021-03-05", "图解：桐川县民政局2020年政府信息公开工作年度报告", None, None,
    "桐川县民政局", kind="nonreport", sub="tujie")
add("20210129", 302664, "2021-01-29", "桐川县人民政府2020年政府信息公开工作年度报告", GOV, 2020,
    "桐川县人民政府办公室", sign=GOV)
add("20210126", 302391, "2021-01-26", "桐川县卫生健康局2020年政府信息公开工作年度报告（图片版）",
    "桐川县卫生健康局", 2020, "桐川县卫生健康局", kind="img")
add("20210122", 302157, "2021-01-22", "桐川县自然资源局2020年政府信息公开工作年度报告", "桐川县自然资源局", 2020,
    "桐川县自然资源局", enc="gbk", sign="桐川县自然资源局")
add("20200131", 289410, "2020-01-31", "桐川县人民政府2019年政府信息公开工作年度报告", GOV, 2019,
    "桐川县人民政府办公室", sign=GOV)
# Short name in the title, full name in the 落款: the 落款's form is the agency.
add("20200117", 288733, "2020-01-17", "桐川县交通局2019年政府信息公开年报", "桐川县交通运输局", 2019,
    "本站", sign="桐川县交通运输局")
# Place title, only the government office printed: agency is the government.
add("20190308", 276105, "2019-03-08", "桐川县2018年政府信息公开工作年度报告", GOV, 2018,
    "桐川县人民政府办公室", sign=None)
add("20190128", 275230, "2019-01-28", "桐川县财政局2018年政府信息公开工作年度报告", "桐川县财政局", 2018,
    "桐川县财政局", kind="pdf")
add("20180320", 261884, "2018-03-20", "桐川县人民政府2017年政府信息公开工作年度报告", GOV, 2017,
    "桐川县人民政府办公室", enc="gbk", sign=GOV)
# Title names no body: the 落款 does.
add("20170315", 248870, "2017-03-15", "关于2016年度政府信息公开工作情况的报告", GOV, 2016,
    "本站", sign=GOV)
add("20160325", 236512, "2016-03-25", "桐川县人民政府2015年度政府信息公开工作年度报告", GOV, 2015,
    "桐川县人民政府办公室", sign=GOV)
# Published late: the URL/printed date is 2015-07-27.
add("20150727", 224318, "2015-07-27", "桐川县人民政府2014年政府信息公开工作年度报告", GOV, 2014,
    "桐川县人民政府办公室", enc="gbk", sign=GOV)


def path_of(it):
    d = it["url_date"]
    return f"{COL}{d[:6]}/t{d}_{it['aid']}.html"


def cn_date(iso):
    y, m, d = iso.split("-")
    return f"{y}年{int(m)}月{int(d)}日"


def charset_meta(enc):
    return '<meta charset="gbk">' if enc == "gbk" else '<meta charset="utf-8">'


NAV = """<div class="top"><div class="logo"><a href="/index.html"><img src="/images/logo.png" alt="桐川县人民政府" width="420" height="80"></a></div>
<div class="today">2026年12月4日 星期五</div></div>
<div class="nav"><ul><li><a href="/index.html">首页</a></li><li><a href="/xwzx/index.html">新闻中心</a></li>
<li><a href="/xxgk/index.html">政府信息公开</a></li><li><a href="/xxgk/ndbg/index.html">年度报告</a></li>
<li><a href="/hdjl/index.html">互动交流</a></li><li><a href="/bsfw/index.html">办事服务</a></li></ul></div>"""

FOOTER = """<div class="footer"><p>主办：桐川县人民政府办公室　承办：桐川县大数据中心</p>
<p>版权所有：桐川县人民政府　ICP备：云ICP备12003456号-1　网站标识码：5399000012</p>
<p>文章来源：桐川县人民政府网站　技术支持：TRS WCM</p></div>"""


def sidebar():
    # 热点 box repeats a couple of items of the column.
    hot = [ITEMS[0], ITEMS[5], ITEMS[10]]
    lis = "".join(f'<li><a href="{path_of(h)}" title="{h["title"]}">{h["title"]}</a></li>' for h in hot)
    return f'<div class="sidebar"><div class="hot"><h3>热点信息</h3><ul>{lis}</ul></div>' \
           '<div class="sqb"><a href="/xxgk/sqb/P020190101000001.doc">政府信息公开申请表.doc</a></div></div>'


def page(title, body, enc="utf-8", head_extra=""):
    return f"""<!DOCTYPE html>
<html><head>{charset_meta(enc)}
<meta name="generator" content="TRS WCM">
{head_extra}<title>{title}_桐川县人民政府</title>
<link rel="stylesheet" href="/css/style.css"></head>
<body>
{NAV}
<div class="main">
{body}
</div>
{FOOTER}
</body></html>
"""


def write(rel, text, enc="utf-8"):
    full = os.path.join(WWW, rel.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(text.encode(enc))


def write_bytes(rel, data):
    full = os.path.join(WWW, rel.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


# ---- report bodies ------------------------------------------------------------------------

def stats_body(it):
    y = it["report_year"]
    body_name = it["extra"].get("sign") or GOV
    n = it["aid"] % 97
    if it["title"].startswith(COUNTY + str(y)):
        opener = f"本报告由{COUNTY}人民政府办公室根据《中华人民共和国政府信息公开条例》编制。"
    elif it["title"].startswith("关于"):
        opener = f"根据《中华人民共和国政府信息公开条例》规定，现将{y}年度政府信息公开工作情况报告如下。"
    else:
        opener = f"本报告根据《中华人民共和国政府信息公开条例》和上级有关要求编制，全文包括总体情况、主动公开政府信息情况等内容。"
    ps = [opener]
    if y >= 2019:
        ps += [
            "一、总体情况",
            f"{y}年，我单位坚持以公开为常态、不公开为例外，全年主动公开政府信息{120 + n}条。",
            "二、主动公开政府信息情况",
            f'<table border="1"><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>'
            f'<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>'
            f'<tr><td>行政规范性文件</td><td>{n % 7}</td><td>0</td><td>{n % 7 + 3}</td></tr></table>',
            "三、收到和处理政府信息公开申请情况",
            f"本年度共收到政府信息公开申请{n % 13}件，均已按期答复。",
            "四、政府信息公开行政复议、行政诉讼情况",
            "本年度未发生因政府信息公开引起的行政复议、行政诉讼。",
            "五、存在的主要问题及改进情况",
            "公开内容的及时性有待提高。下一步将加强培训，规范发布流程。",
            "六、其他需要报告的事项",
            "本年度未收取信息处理费。",
        ]
    else:
        ps += [
            "一、概述",
            f"{y}年，全县政府信息公开工作稳步推进，主动公开政府信息{300 + n}条。",
            "二、主动公开政府信息情况",
            f"通过政府门户网站公开信息{250 + n}条，通过公开栏公开{n}条。",
            "三、依申请公开政府信息情况",
            f"全年共受理政府信息公开申请{n % 9}件，全部按时答复。",
            "四、收费及减免情况",
            "未收取任何费用。",
            "五、行政复议和行政诉讼情况",
            "未发生政府信息公开行政复议和行政诉讼案件。",
            "六、存在的主要问题和改进措施",
            "部分单位信息更新不够及时，将进一步加强督促检查。",
        ]
    html = "".join(p if p.startswith("<table") else f"<p>{p}</p>" for p in ps)
    sign = it["extra"].get("sign")
    if sign:
        html += f'<p style="text-align:right">{sign}</p><p style="text-align:right">{cn_date(it["published"])}</p>'
    return html


def article(it, content, views=None):
    p = it["published"]
    views = views if views is not None else 100 + it["aid"] % 900
    head_extra = (f'<meta name="ArticleTitle" content="{it["title"]}">\n'
                  f'<meta name="PubDate" content="{p} 09:30">\n'
                  f'<meta name="ContentSource" content="{it["source"]}">\n')
    body = f"""<div class="crumb">当前位置：<a href="/index.html">首页</a> &gt; <a href="/xxgk/index.html">政府信息公开</a> &gt; <a href="/xxgk/ndbg/index.html">年度报告</a></div>
<div class="article">
<h1 class="title">{it["title"]}</h1>
<div class="info">发布时间：{p} 09:30　来源：{it["source"]}　浏览次数：{views}</div>
<div class="TRS_Editor">{content}</div>
<div class="tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</div>
{sidebar()}"""
    return page(it["title"], body, it["enc"], head_extra)


def make_pdf(rel, it):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    import io
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(it["title"])
    c.setFont("STSong-Light", 16)
    c.drawString(60, 780, it["title"])
    c.setFont("STSong-Light", 11)
    y = 740
    for line in ["一、总体情况", f"{it['report_year']}年，本单位主动公开政府信息{80 + it['aid'] % 50}条。",
                 "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                 f"本年度收到政府信息公开申请{it['aid'] % 11}件。",
                 "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                 "六、其他需要报告的事项", "", it["agency"], cn_date(it["published"])]:
        c.drawString(60, y, line)
        y -= 22
    c.showPage()
    c.save()
    write_bytes(rel, buf.getvalue())


def find_font():
    for f in ["/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"]:
        if os.path.exists(f):
            return f
    return None


def make_png(rel, lines, size=(800, 1100)):
    from PIL import Image, ImageDraw, ImageFont
    import io
    img = Image.new("RGB", size, "white")
    d = ImageDraw.Draw(img)
    fp = find_font()
    font = ImageFont.truetype(fp, 26) if fp else ImageFont.load_default()
    y = 60
    for ln in lines:
        d.text((50, y), ln, fill="black", font=font)
        y += 48
    d.rectangle([40, y + 10, size[0] - 40, y + 300], outline="black", width=2)
    for i in range(1, 5):
        d.line([40, y + 10 + i * 58, size[0] - 40, y + 10 + i * 58], fill="black", width=1)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=False)
    write_bytes(rel, buf.getvalue())


def nonreport_content(it):
    sub = it["extra"]["sub"]
    d = os.path.dirname(path_of(it))
    if sub == "jiedu":
        return ("<p>近日，《桐川县2023年政府信息公开工作年度报告》正式发布。为便于公众理解，现对报告主要内容解读如下。</p>"
                "<p>一、主动公开情况：全年主动公开政府信息较上年有所增加。</p><p>二、依申请公开情况：申请量保持平稳。</p>"
                '<p style="text-align:right">桐川县人民政府办公室</p>')
    if sub == "notice":
        return ("<p>各乡镇人民政府，县政府各部门：</p><p>根据《中华人民共和国政府信息公开条例》规定，现就做好2023年度政府信息公开工作年度报告编制发布工作通知如下：</p>"
                "<p>一、各单位应于2024年1月31日前在本单位网站公布年度报告。</p><p>二、严格按照国办公开办函〔2021〕30号规定的格式编制。</p>"
                '<p style="text-align:right">桐川县人民政府办公室</p><p style="text-align:right">2023年11月15日</p>')
    if sub == "wzbb":
        return ('<table border="1"><tr><td>网站名称</td><td>桐川县人民政府门户网站</td></tr>'
                "<tr><td>首页网址</td><td>/index.html</td></tr><tr><td>独立用户访问总量（单位：个）</td><td>55591</td></tr>"
                "<tr><td>发布信息总数（单位：条）</td><td>3216</td></tr></table>"
                '<p style="text-align:right">桐川县人民政府办公室</p>')
    if sub == "fzzf":
        return ("<p>2021年，桐川县深入推进法治政府建设，现将有关情况报告如下。</p><p>一、主要举措和成效</p><p>二、存在的不足</p>"
                '<p style="text-align:right">桐川县人民政府</p><p style="text-align:right">2022年3月10日</p>')
    if sub == "ytdd":
        rel = f"{d}/W020220308318410_1.png"
        make_png(rel, ["一图读懂", "桐川县2021年政府信息公开工作年度报告", "主动公开  1,286条", "依申请公开  23件"],
                 (750, 1200))
        return f'<p><img src="./W020220308318410_1.png" alt="一图读懂" width="750" height="1200"></p><p>制图：桐川县人民政府办公室</p>'
    if sub == "tujie":
        rel = f"{d}/W020210305304020_1.png"
        make_png(rel, ["图解", "桐川县民政局2020年政府信息公开工作年度报告", "主动公开 236条"], (700, 1000))
        return f'<p><img src="./W020210305304020_1.png" alt="图解" width="700" height="1000"></p>'
    raise ValueError(sub)


def build_items():
    for it in ITEMS:
        p = path_of(it)
        d = os.path.dirname(p)
        kind = it["kind"]
        if kind == "missing":
            continue
        if kind == "html":
            write(p, article(it, stats_body(it)), it["enc"])
        elif kind == "pdf":
            name = f"P0{it['url_date']}{it['aid']}.pdf"
            make_pdf(f"{d}/{name}", it)
            content = f'<p>附件：<a href="./{name}">{it["title"]}.pdf</a></p>'
            write(p, article(it, content), it["enc"])
        elif kind == "img":
            imgs = []
            for i in (1, 2):
                name = f"W0{it['url_date']}{it['aid']}_{i}.png"
                make_png(f"{d}/{name}", [it["title"][:22], it["title"][22:], f"第{i}页",
                                         "一、总体情况" if i == 1 else "四、政府信息公开行政复议、行政诉讼情况"])
                imgs.append(f'<p style="text-align:center"><img src="./{name}" alt="{name}" width="800" height="1100"></p>')
            write(p, article(it, "".join(imgs)), it["enc"])
        elif kind == "nonreport":
            write(p, article(it, nonreport_content(it)), it["enc"])


PAGER_JS = """<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var _nCurrIndex = _nCurrIndex || 0;
  if(_nCurrIndex == 0) document.write("<span>首页</span> ");
  else document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">首页</a> ");
  if(_nCurrIndex > 0){
    var prev = (_nCurrIndex == 1) ? _sPageName+"."+_sPageExt : _sPageName+"_"+(_nCurrIndex-1)+"."+_sPageExt;
    document.write("<a href=\\""+prev+"\\">上一页</a> ");
  }
  if(_nCurrIndex + 1 < _nPageCount){
    document.write("<a href=\\""+_sPageName+"_"+(_nCurrIndex+1)+"."+_sPageExt+"\\">下一页</a> ");
    document.write("<a href=\\""+_sPageName+"_"+(_nPageCount-1)+"."+_sPageExt+"\\">尾页</a>");
  }
}
</script>"""


def build_listing():
    pages = [ITEMS[i:i + PER_PAGE] for i in range(0, len(ITEMS), PER_PAGE)]
    total = len(pages)
    for n, rows in enumerate(pages):
        name = "index.html" if n == 0 else f"index_{n}.html"
        lis = "\n".join(
            f'<li><a href=".{path_of(it)[len(COL) - 1:]}" target="_blank" title="{it["title"]}">{it["title"]}</a>'
            f'<span class="date">{it["published"]}</span></li>' for it in rows)
        body = f"""<div class="crumb">当前位置：<a href="/index.html">首页</a> &gt; <a href="/xxgk/index.html">政府信息公开</a> &gt; <span>年度报告</span></div>
<div class="list">
<h2>年度报告</h2>
<ul class="list-ul">
{lis}
</ul>
<div class="page"><script type="text/javascript" src="/js/page.js"></script>
<script type="text/javascript">createPageHTML({total}, {n}, "index", "html");</script></div>
</div>
{sidebar()}"""
        write(COL + name, page("年度报告", body))
    js = PAGER_JS.replace('<script type="text/javascript">\n', "").replace("</script>", "")
    write("/js/page.js", js)
    return total


def build_home():
    body = """<div class="banner"><img src="/images/banner.jpg" alt="桐川县" width="1200" height="200"></div>
<div class="box"><h2>政府信息公开</h2><ul>
<li><a href="/xxgk/ndbg/index.html">政府信息公开年度报告</a></li>
<li><a href="/xxgk/zcwj/index.html">政策文件</a></li></ul></div>
<div class="box"><h2>县情概况</h2><p>桐川县位于云州市东部，总面积1862平方公里。</p></div>"""
    write("/index.html", page("首页", body))
    write("/robots.txt", "User-agent: *\nAllow: /\n")
    write("/css/style.css", "body{font-family:SimSun,serif}.sidebar{float:right;width:260px}\n")
    for rel, t in [("/xwzx/index.html", "新闻中心"), ("/xxgk/index.html", "政府信息公开"),
                   ("/hdjl/index.html", "互动交流"), ("/bsfw/index.html", "办事服务"),
                   ("/xxgk/zcwj/index.html", "政策文件")]:
        write(rel, page(t, f'<div class="list"><h2>{t}</h2><p>栏目建设中。</p></div>'))
    from PIL import Image
    import io
    for rel, size, fmt in [("/images/logo.png", (420, 80), "PNG"), ("/images/banner.jpg", (1200, 200), "JPEG")]:
        buf = io.BytesIO()
        Image.new("RGB", size, (180, 20, 20)).save(buf, fmt)
        write_bytes(rel, buf.getvalue())
    write_bytes("/xxgk/sqb/P020190101000001.doc", "政府信息公开申请表".encode("utf-8"))


def main():
    if os.path.exists(WWW):
        shutil.rmtree(WWW)
    os.makedirs(WWW)
    build_home()
    build_items()
    npages = build_listing()
    reports = [it for it in ITEMS if it["report_year"] is not None and it["kind"] != "missing"]
    nonrep = [it for it in ITEMS if it["kind"] == "nonreport"]
    missing = [it for it in ITEMS if it["kind"] == "missing"]
    expected = {
        "entry": COL + "index.html",
        "reports": [dict(path=path_of(it), title=it["title"], published=it["published"],
                         agency=it["agency"], report_year=it["report_year"]) for it in reports],
        "not_reports": [path_of(it) for it in nonrep],
        "missing": [path_of(it) for it in missing],
        "note": ("桐川县 TRS WCM replica, %d listing pages (index.html..index_%d.html, createPageHTML 0-based), "
                 "%d reports (3 PDF-only, 1 图片版), %d non-reports, 1 listed report that answers 404. "
                 "Some pages are GBK. Sidebar 热点 box repeats listing items. Footer carries a site 文章来源 line. "
                 "t20230125_331544 prints 2023-01-18 (printed date wins). 桐川县交通局 title is signed "
                 "桐川县交通运输局 (落款 form is the agency). 桐川县2018年 report: only 桐川县人民政府办公室 "
                 "printed -> agency 桐川县人民政府. 关于2016年度… report: agency from 落款 桐川县人民政府. "
                 "PDF-only and 图片版 reports have no 落款; agency from title.")
                % (npages, npages - 1, len(reports), len(nonrep)),
    }
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")
    # checks: every listed path exists except the missing one
    for it in ITEMS:
        full = os.path.join(WWW, path_of(it).lstrip("/"))
        if it["kind"] == "missing":
            assert not os.path.exists(full), full
        else:
            assert os.path.isfile(full), full
    paths = [path_of(it) for it in ITEMS]
    assert len(set(paths)) == len(paths)
    for it in ITEMS:  # every page decodes in its declared charset and shows its title
        if it["kind"] == "missing":
            continue
        raw = open(os.path.join(WWW, path_of(it).lstrip("/")), "rb").read()
        assert it["title"] in raw.decode(it["enc"]), it["title"]
        assert (b'charset="gbk"' in raw) == (it["enc"] == "gbk")
    assert os.path.isfile(os.path.join(WWW, "xxgk/ndbg/index_%d.html" % (npages - 1)))
    print("pages", npages, "reports", len(reports), "not_reports", len(nonrep), "missing", len(missing))


if __name__ == "__main__":
    main()
