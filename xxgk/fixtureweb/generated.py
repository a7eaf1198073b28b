"""The generated TRS-style site at ``/gen/`` for benchmarks (``python -m fixtureweb --generated N``).

Everything is derived from the article number with SHA-256, so every run serves the same bytes.
Column ``/gen/xxgk/ndbg/index.html`` pages 0-based (``index_1.html`` …), 20 links a page;
articles ``/gen/xxgk/ndbg/YYYYMM/tYYYYMMDD_<id>.html``. Every tenth article is not a report.

Re-crawl benchmark: ``changed_ids(n, percent)`` names the articles the ``gen-change`` mutation
revises (every k-th id); ``render_article(i, revision)`` is article ``i`` after ``revision``
revisions (the first paragraph's 全年累计发布各类信息N条 grows by 7 per revision; nothing else moves,
the listing pages never change).
"""
from __future__ import annotations

import hashlib
import math
import re
from datetime import date
from fractions import Fraction
from html import escape
from typing import Mapping

PER_PAGE = 20
FIRST_ID = 100000
COLUMN = "/gen/xxgk/ndbg/"
CITIES = ["临江市", "青川市", "白河市", "安平市", "云岭市", "东湖市", "北塘市", "南屿市"]
DISTRICTS = ["", "东城区", "西城区", "新河区", "高新区", "清源县", "丰乐县"]
DEPTS = ["人民政府", "商务局", "民政局", "司法局", "财政局", "教育局", "卫生健康委员会",
         "生态环境局", "交通运输局", "市场监督管理局", "自然资源局", "农业农村局", "水务局",
         "住房和城乡建设局", "人力资源和社会保障局", "统计局", "审计局", "应急管理局"]
EDITORS = ["王立新", "李晓红", "张明", "刘洋", "陈静", "杨帆", "赵磊", "周婷", "吴昊", "孙丽"]
ARTICLE_RE = re.compile(r"^/gen/xxgk/ndbg/(\d{6})/t(\d{8})_(\d+)\.html$")
INDEX_RE = re.compile(r"^/gen/xxgk/ndbg/(?:index(?:_(\d+))?\.html)?$")


def _h(n: int, salt: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{n}:{salt}".encode()).digest()[:8], "big")


def article(i: int) -> dict:
    """The facts of generated article ``i`` (0-based); also its expected record."""
    aid = FIRST_ID + i
    agency = CITIES[_h(i, "c") % len(CITIES)] + DISTRICTS[_h(i, "d") % len(DISTRICTS)] \
        + DEPTS[_h(i, "p") % len(DEPTS)]
    year = 2008 + _h(i, "y") % 16
    pub = date(year + 1, 1 + _h(i, "m") % 3, 1 + _h(i, "day") % 28)
    is_report = i % 10 != 9
    if is_report:
        title = f"{agency}{year}年政府信息公开工作年度报告"
    else:
        title = f"关于做好{year}年度政府信息公开工作年度报告编制发布工作的通知"
    views = 100 + _h(i, "v") % 5000 if _h(i, "vv") % 3 == 0 else None
    url = f"{COLUMN}{pub:%Y%m}/t{pub:%Y%m%d}_{aid}.html"
    return {"url": url, "title": title, "published": pub.isoformat(), "source": agency,
            "editor": EDITORS[_h(i, "e") % len(EDITORS)], "views": views,
            "report_year": year if is_report else None, "agency": agency,
            "attachments": [], "is_report": is_report}


def _chrome_top(title: str, column: str) -> str:
    nav = "".join(f'<li><a href="/gen/{p}/">{t}</a></li>' for p, t in
                  [("", "首页"), ("zwdt", "政务动态"), ("xxgk", "信息公开"), ("zwfw", "政务服务"),
                   ("hdjl", "互动交流"), ("ztzl", "专题专栏"), ("sjfb", "数据发布")])
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{escape(title)}_政府信息公开_临江市人民政府</title>
<meta name="SiteName" content="临江市人民政府"><meta name="SiteDomain" content="www.linjiang.gov.cn">
<meta name="SiteIDCode" content="9900000001"><meta name="ColumnName" content="{column}">
<meta name="ColumnType" content="政府信息公开年报">
<style>.TRS_Editor P{{margin-top:0;}} body{{font-size:14px}} .nav li{{float:left}}</style>
<script src="/gen/js/jquery.min.js"></script></head><body>
<div class="top"><span>临江市人民政府</span> <span id="today">2023年11月8日星期三</span>
<a href="/gen/wza/">无障碍</a> <a href="/gen/en/">English</a></div>
<div class="head"><h1 class="logo">临江市人民政府</h1><form action="/gen/search/"><input name="q"></form></div>
<ul class="nav">{nav}</ul>"""


def _chrome_bottom(i: int) -> str:
    links = []
    for k in range(1, 9):
        j = (i + k * 37) % max(i + 9, 50)
        a = article(j)
        links.append(f'<li><a href="{a["url"]}">{escape(a["title"])}</a><span>{a["published"]}</span></li>')
    return f"""<div class="side"><h3>相关信息</h3><ul>{''.join(links)}</ul>
<h3>友情链接</h3><ul>{''.join(f'<li><a href="http://www.{c}.gov.cn/">{CITIES[c % len(CITIES)]}{DEPTS[c % len(DEPTS)]}</a></li>' for c in range(60))}</ul>
<h3>下载专区</h3><a href="/gen/xxgk/sqb.doc">政府信息公开申请表.doc</a></div>
<div class="foot"><p>主办：临江市人民政府办公室　承办：临江市大数据中心</p>
<p>网站标识码：9900000001　备案号：临ICP备00000001号　公安机关备案号：99000002000001</p>
<p>地址：临江市人民路1号　邮编：999000　联系电话：0999-1234567</p></div></body></html>"""


def _table(i: int, year: int) -> str:
    rows = ["规章", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制",
            "行政事业性收费", "政府集中采购"]
    body = "".join(f"<tr><td>{r}</td><td>{_h(i, r) % 40}</td><td>{_h(i, r + 'b') % 40}</td>"
                   f"<td>{_h(i, r + 'c') % 300}</td></tr>" for r in rows)
    apply_rows = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
                  "（一）予以公开", "（二）部分公开", "（三）不予公开", "（四）无法提供",
                  "（五）不予处理", "（六）其他处理", "（七）总计", "四、结转下年度继续办理"]
    apply = "".join("<tr><td>{}</td>{}</tr>".format(
        r, "".join(f"<td>{_h(i, r + str(c)) % 9 if c % 3 else '&nbsp;'}</td>" for c in range(7)))
        for r in apply_rows)
    return f"""<p><strong>二、主动公开政府信息情况</strong></p>
<table border="1" cellspacing="0"><tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新<br>制作数量</td><td>本年新<br>公开数量</td><td>对外公开<br>总数量</td></tr>{body}</table>
<p><strong>三、收到和处理政府信息公开申请情况</strong></p>
<table border="1" cellspacing="0"><tr><td rowspan="2">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
<td colspan="7">申请人情况</td></tr><tr><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>
<td>法律服务机构</td><td>其他</td><td>总计</td></tr>{apply}</table>"""


def changed_ids(n: int, percent) -> list[int]:
    """The ``ceil(n * percent / 100)`` article numbers a ``gen-change`` revises: every k-th id
    from 0, with ``k = n // count`` (so they are spread over the whole column)."""
    share = Fraction(str(percent))
    if n <= 0 or not 0 < share <= 100:
        raise ValueError(f"percent must be in (0, 100] and the site non-empty: {percent!r}, n={n}")
    count = min(n, math.ceil(share * n / 100))
    step = n // count
    return [j * step for j in range(count)]


def article_index(path: str, n: int) -> int | None:
    """The article number served at ``path`` on a site of ``n`` articles, or None."""
    m = ARTICLE_RE.match(path)
    if m:
        i = int(m.group(3)) - FIRST_ID
        if 0 <= i < n and article(i)["url"] == path:
            return i
    return None


def render_article(i: int, revision: int = 0) -> bytes:
    a = article(i)
    year = a["report_year"] or int(a["published"][:4]) - 1
    views = "" if a["views"] is None else str(a["views"])
    paras = [f"根据《中华人民共和国政府信息公开条例》规定，现公布{a['agency']}{year}年政府信息公开工作年度报告。"
             f"本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。"]
    topics = ["主动公开", "依申请公开", "政策解读", "平台建设", "监督保障", "基层政务公开", "公开目录", "政务新媒体"]
    for k in range(26 + _h(i, 'np') % 22):
        t = topics[(i + k) % len(topics)]
        n1, n2, n3 = _h(i, f"a{k}") % 900 + 10, _h(i, f"b{k}") % 90 + 1, _h(i, f"c{k}") % 30 + 1
        if k == 0:
            n1 += 7 * revision
        paras.append(f"（{k + 1}）{t}工作。{year}年，{a['agency']}围绕{t}工作要求，全年累计发布各类信息{n1}条，"
                     f"其中政策文件{n2}件、解读材料{n3}篇，较上年有所增长。持续完善工作机制，明确责任科室和"
                     f"工作流程，做到应公开尽公开，按时更新栏目内容，及时回应社会关切，切实保障人民群众的知情权、参与权和监督权。")
    body = "".join(f"<p>{p}</p>" for p in paras) + _table(i, year) + \
        f"<p style=\"text-align:right\">{a['agency']}</p><p style=\"text-align:right\">{year + 1}年1月{1 + i % 28}日</p>"
    html = _chrome_top(a["title"], "政府信息公开年报") + f"""
<meta name="ArticleTitle" content="{escape(a['title'])}"><meta name="PubDate" content="{a['published']} 09:30">
<meta name="ContentSource" content="{a['source']}">
<div class="crumb">当前位置：<a href="/gen/">首页</a> &gt; <a href="/gen/xxgk/">信息公开</a> &gt; <a href="{COLUMN}">政府信息公开年报</a></div>
<div class="main"><h2 class="title">{escape(a['title'])}</h2>
<div class="info">发布日期：{a['published']} 09:30　来源：{a['source']}　责任编辑：{a['editor']}　浏览次数：{views}
　【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="TRS_Editor">{body}</div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></div>
</div>""" + _chrome_bottom(i)
    return html.encode("utf-8")


def render_index(page: int, n: int) -> bytes:
    pages = max(1, math.ceil(n / PER_PAGE))
    items = []
    for i in range(page * PER_PAGE, min(n, (page + 1) * PER_PAGE)):
        a = article(i)
        items.append(f'<li><a href="{a["url"]}" target="_blank" title="{escape(a["title"])}">'
                     f'{escape(a["title"])}</a><span>{a["published"]}</span></li>')
    html = _chrome_top("政府信息公开年报", "政府信息公开年报") + f"""
<div class="crumb">当前位置：<a href="/gen/">首页</a> &gt; <a href="/gen/xxgk/">信息公开</a> &gt; 政府信息公开年报</div>
<div class="list"><ul>{''.join(items)}</ul>
<div class="page"><script>var currentPage = {page};//所在页从0开始
var countPage = {pages}//共多少页
createPageHTML({pages}, {page}, "index", "html");</script></div></div>""" + _chrome_bottom(page)
    return html.encode("utf-8")


def render(path: str, n: int, revisions: Mapping[int, int] | None = None) -> bytes | None:
    """Bytes for ``path`` on a generated site of ``n`` reports, or None (404).

    ``revisions`` maps article numbers to how often ``gen-change`` revised them."""
    if path in ("/gen/", "/gen/index.html"):
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>临江市人民政府</title></head>'
                f'<body><a href="{COLUMN}index.html">政府信息公开年报</a></body></html>').encode()
    m = INDEX_RE.match(path)
    if m:
        page = int(m.group(1) or 0)
        if page == 0 or page < math.ceil(n / PER_PAGE):
            return render_index(page, n)
        return None
    i = article_index(path, n)
    if i is not None:
        return render_article(i, (revisions or {}).get(i, 0))
    return None
