from common import *

def L(url, title, date, rep):
    return {"url": url, "title": title, "date": date, "is_report": rep}

# ---------- listing-01 TRS: subdomain + parent-government links, createPageHTML ----------
site = "桐溪县人民政府"; dom = "tx.jiangcen.gov.cn"
rows = [
 ("./202303/t20230328_90121.html", "http://tx.jiangcen.gov.cn/zwgk/ndbg/202303/t20230328_90121.html", "桐溪县人民政府2022年政府信息公开工作年度报告", "2023-03-28", True),
 ("http://jyj.tx.jiangcen.gov.cn/xxgk/ndbg/202301/t20230130_5512.html", None, "桐溪县教育局2022年政府信息公开工作年度报告", "2023-01-30", True),
 ("http://www.jiangcen.gov.cn/info/1107/4412.htm", None, "2022年政府信息公开工作年度报告（桐溪县）", "2023-03-28", True),
 ("http://www.tongxi-news.com/2023/0331/8812.html", None, "桐溪县晒出2022年政务公开成绩单", "2023-03-31", False),
 ("http://www.qinglan.gov.cn/zwgk/xxgknb/202301/t20230115_1234567.html", None, "2022年度政府信息公开工作年度报告——青岚县民政局", "2023-01-15", True),
 ("./202302/t20230203_90044.html", "http://tx.jiangcen.gov.cn/zwgk/ndbg/202302/t20230203_90044.html", "一图读懂｜桐溪县2022年政府信息公开工作年度报告", "2023-02-03", False),
 ("http://sfj.tx.jiangcen.gov.cn/zwgk/ndbg/202201/t20220126_3301.html", None, "桐溪县司法局2021年度政府信息公开工作年度报告（图片版）", "2022-01-26", True),
 ("../tzgg/202112/t20211208_80112.html", "http://tx.jiangcen.gov.cn/zwgk/tzgg/202112/t20211208_80112.html", "关于做好2021年度政府信息公开工作年度报告编制发布工作的通知", "2021-12-08", False),
]
lis = "\n".join(f'<li><a href="{h}" target="_blank" title="{t}">{t}</a><span class="date">{d}</span></li>' for h, a, t, d, r in rows)
main = f"""<div class="list-box"><div class="list-title"><h3>年度报告</h3></div>
<ul class="list-ul">
{lis}
</ul>
<div class="page"><script type="text/javascript">createPageHTML(5, 0, "index", "shtml");</script></div>
</div>"""
side = trs_side("政务公开", [("../zcwj/", "政策文件"), ("../ndbg/", "年度报告"), ("http://www.jiangcen.gov.cn/xxgk/", "江岑市政府信息公开")]) + """
<div class="side-box"><h3>最新公开</h3><ul><li><a href="./202303/t20230328_90121.html">桐溪县人民政府2022年政府信息公开工作年度报告</a></li></ul></div>"""
html = trs("utf-8", site, dom, "年度报告_桐溪县人民政府", '<meta name="ColumnName" content="年度报告">', '<a href="/">首页</a> &gt; <a href="../">政务公开</a> &gt; 年度报告', main, side, "某ICP备07002219号-5", "4211250001", "桐溪县人民政府办公室")
links = [L(a or h, t, d, r) for h, a, t, d, r in rows if (a or h).split("/")[2].endswith("jiangcen.gov.cn")]
add("listing-01-trs-sibling-parent-createpage", "http://tx.jiangcen.gov.cn/zwgk/ndbg/index.shtml", html, dict(
    links=links, next_page="http://tx.jiangcen.gov.cn/zwgk/ndbg/index_1.shtml",
    note="TRS column, first page (index.shtml), createPageHTML(5, 0, \"index\", \"shtml\") -> index_1.shtml. Host tx.jiangcen.gov.cn: rows on jyj.tx./sfj.tx.jiangcen.gov.cn (department subdomains) and www.jiangcen.gov.cn (the parent city's site, same registrable domain jiangcen.gov.cn) are links; rows on www.tongxi-news.com (non-gov) and www.qinglan.gov.cn (another government) are dropped. ./ and ../ rows resolved against the column directory. 一图读懂 and the 编制 notice are not reports; （图片版） and the city-reposted （桐溪县） report are. Sidebar 最新公开 repeat and 江岑市政府信息公开 nav link are chrome."))

# ---------- listing-02 DedeCMS GBK: 下一页 ----------
rows = [
 ("/a/xxgk/ndbg/2021/0127/1641.html", "2020年度政府信息公开工作年度报告——望川县水利局", "2021-01-27", True),
 ("/a/xxgk/ndbg/2021/0126/1640.html", "望川县交通运输局2020年政府信息公开工作年度报告", "2021-01-26", True),
 ("/a/xxgk/ndbg/2021/0125/1633.html", "望川县2020年政府网站工作年度报表", "2021-01-25", False),
 ("/a/xxgk/ndbg/2021/0122/1630.html", "解读：望川县2020年政府信息公开工作年度报告", "2021-01-22", False),
 ("/a/xxgk/ndbg/2021/0120/1622.html", "望川县审计局2020年政府信息公开年报", "2021-01-20", True),
]
lis = "\n".join(f'<li><a href="{h}" class="title">{t}</a><span class="info"><small>日期：</small>{d.replace("-", "年", 1).replace("-", "月") + "日"}<small>点击：</small>{100+i}</span></li>' for i, (h, t, d, r) in enumerate(rows))
main = f"""<div class="listbox"><ul class="e2">
{lis}
</ul></div>
<div class="dede_pages"><ul class="pagelist">
<li><a href='list_15_1.html'>首页</a></li>
<li><a href='list_15_1.html'>上一页</a></li>
<li><a href='list_15_1.html'>1</a></li>
<li class="thisclass">2</li>
<li><a href='list_15_3.html'>3</a></li>
<li><a href='list_15_3.html'>下一页</a></li>
<li><a href='list_15_3.html'>末页</a></li>
<li><span class="pageinfo">共 <strong>3</strong>页<strong>27</strong>条记录</span></li>
</ul></div>"""
side = dede_side([("/a/zwdt/2021/0302/1633.html", "县政府召开2021年政务公开工作推进会")])
html = dede("gbk", "望川县人民政府", "年度报告_望川县人民政府", "", '<a href="/">主页</a> &gt; <a href="/a/xxgk/">信息公开</a> &gt; <a href="/a/xxgk/ndbg/">年度报告</a> &gt;', main, side, "某ICP备05017788号").replace('<body class="articleview">', '<body class="listview">').replace('<div class="viewbox">', '<div class="listbox-wrap">')
# dede() puts main inside .viewbox; acceptable for a list page
add("listing-02-dede-xiayiye-gbk", "http://www.wangchuan.gov.cn/a/xxgk/ndbg/list_15_2.html", html, dict(
    links=[L("http://www.wangchuan.gov.cn" + h, t, d, r) for h, t, d, r in rows],
    next_page="http://www.wangchuan.gov.cn/a/xxgk/ndbg/list_15_3.html",
    note="DedeCMS list page 2 of 3, GBK. Pager 下一页 -> list_15_3.html. Dates printed as YYYY年MM月DD日 after 日期：. 网站工作年度报表 and 解读 are not reports; 年报 is. Sidebar 热点文章 is chrome."), charset="gbk")

# ---------- listing-03 home-grown: ?page= ----------
rows = [
 ("show.asp?id=3312", "石门县教育局2021年政府信息公开工作年度报告（超链版）", "2022.01.27", "2022-01-27", True),
 ("show.asp?id=3301", "石门县财政局2021年政府信息公开工作年度报告", "2022.01.24", "2022-01-24", True),
 ("show.asp?id=3290", "石门县2021年第四季度政府信息公开工作统计", "2022.01.10", "2022-01-10", False),
 ("show.asp?id=2279", "关于2016年度政府信息公开工作情况的报告", "2017.03.28", "2017-03-28", True),
 ("http://www.shimen.gov.cn.example-mirror.com/show.asp?id=9", "石门县2015年政府信息公开工作年度报告", "2016.03.30", None, True),
]
trs_rows = "\n".join(f'<tr><td class="t"><a href="{h}" title="{t}">{t if len(t) < 24 else t[:22] + "…"}</a></td><td class="d">{dd}</td></tr>' for h, t, dd, d, r in rows)
main = f"""<div class="listhead">年度报告</div>
<table class="list" width="100%">
{trs_rows}
</table>
<div class="pages">共 4 页　<a href="xxgk.asp?cid=15&amp;page=1">首页</a> <a href="xxgk.asp?cid=15&amp;page=1">上一页</a> <b>2</b> <a href="xxgk.asp?cid=15&amp;page=3">3</a> <a href="xxgk.asp?cid=15&amp;page=4">4</a> <a href="xxgk.asp?cid=15&amp;page=3">下一页</a> <a href="xxgk.asp?cid=15&amp;page=4">尾页</a></div>"""
hside = """<div class="lbox"><h3>信息公开</h3><ul><li><a href="/xxgk.asp?cid=11">政府文件</a></li><li><a href="/xxgk.asp?cid=15">年度报告</a></li></ul></div>"""
foot = """<p>主办：石门县人民政府办公室</p><p>某ICP备06003321号</p>"""
html = home("utf-8", "石门县人民政府", "年度报告-石门县人民政府", "", '您的位置：<a href="/index.asp">首页</a> &gt; 年度报告', main, hside, foot)
add("listing-03-home-query-page", "http://www.shimen.gov.cn/xxgk.asp?cid=15&page=2", html, dict(
    links=[L("http://www.shimen.gov.cn/" + h, t, d, r) for h, t, dd, d, r in rows if h.startswith("show")],
    next_page="http://www.shimen.gov.cn/xxgk.asp?cid=15&page=3",
    note="Home-grown ASP column, ?page= paging: page 2 -> xxgk.asp?cid=15&page=3. Truncated row texts (…) take the title attribute. Dates 2022.01.27 form. The www.shimen.gov.cn.example-mirror.com row is off-site (not a gov.cn sibling) -> dropped. Quarterly statistics is not a report; 关于2016年度…情况的报告 is."))

# ---------- listing-04 VSB: JS gopage ----------
rows = [
 ("../../info/1022/5521.htm", "http://www.lanxiqu.gov.cn/info/1022/5521.htm", "澜溪区卫生健康局2021年政府信息公开工作年度报告", "01-28", True),
 ("../../info/1022/5520.htm", "http://www.lanxiqu.gov.cn/info/1022/5520.htm", "澜溪区退役军人事务局2021年政府信息公开工作年度报告", "01-27", True),
 ("http://fzb.lanxiqu.gov.cn/info/1201/331.htm", None, "澜溪区2021年法治政府建设年度报告", "01-26", False),
 ("../../info/1022/5511.htm", "http://www.lanxiqu.gov.cn/info/1022/5511.htm", "图解：澜溪区教育局2021年政府信息公开工作年度报告", "01-25", False),
]
lis = "\n".join(f'<li id="line_u8_{i}"><a href="{h}" target="_blank" title="{t}">{t}</a><span>{d}</span></li>' for i, (h, a, t, d, r) in enumerate(rows))
main = f"""<div class="list"><ul>
{lis}
</ul></div>
<script type="text/javascript">
function gopage(p) {{ window.location.href = "/zfxxgk/zfxxgknb/list_" + p + ".htm"; }}
</script>
<div class="pb_sys_common">共42条　2/5　<a href="javascript:gopage(1)">首页</a> <a href="javascript:gopage(1)">上页</a> <a href="javascript:gopage(3)">下页</a> <a href="javascript:gopage(5)">尾页</a></div>"""
vside = """<div class="side-tit">政府信息公开</div><ul class="side-list"><li class="on"><a href="../zfxxgknb.htm">政府信息公开年报</a></li></ul>"""
html = vsb("utf-8", "澜溪区人民政府", "政府信息公开年报-澜溪区人民政府", "", '<a href="../../index.htm">首页</a> &gt;&gt; 政府信息公开年报', main, vside, "某ICP备12004567号-2", "3311020009")
add("listing-04-vsb-js-gopage-mmdd", "http://www.lanxiqu.gov.cn/zfxxgk/zfxxgknb/list_2.htm", html, dict(
    links=[L(a or h, t, d, r) for h, a, t, d, r in rows],
    next_page="http://www.lanxiqu.gov.cn/zfxxgk/zfxxgknb/list_3.htm",
    note="VSB-style column page 2 of 5 with JS gopage(p) building /zfxxgk/zfxxgknb/list_<p>.htm: 下页 is gopage(3) -> list_3.htm. Rows show only MM-DD -> date \"MM-DD\". fzb.lanxiqu.gov.cn is a sibling host -> kept. 法治政府建设 and 图解 are not reports."))

# ---------- listing-05 TRS GBK: last page via countPage/currentPage ----------
site = "云岫县人民政府"; dom = "www.yunxiu.gov.cn"
rows = [
 ("./201903/t20190325_300112.html", "云岫县2018年政府信息公开工作年度报告", "2019-03-25", True),
 ("./201803/t20180329_250021.html", "云岫县2017年政府信息公开工作年报", "2018-03-29", True),
 ("./201703/t20170330_200345.html", "关于2016年度政府信息公开工作情况的报告", "2017-03-30", True),
]
lis = "\n".join(f'<tr><td><a href="{h}" target="_blank">{t}</a></td><td>[{d}]</td></tr>' for h, t, d, r in rows)
main = f"""<div class="list-box"><table class="list-table" width="100%">
{lis}
</table>
<div class="page"><script type="text/javascript">
var countPage = 3;
var currentPage = 2;
createPageHTML(countPage, currentPage, "index", "html");
</script></div></div>"""
side = trs_side("政务公开", [("../zfxxgknb/", "政府信息公开年报"), ("../wzgznb/", "网站年报")])
html = trs("gbk", site, dom, "政府信息公开年报_云岫县人民政府", "", '<a href="/">首页</a> &gt; 政府信息公开年报', main, side, "某ICP备11020033号-3", "5227310001", "云岫县人民政府办公室")
add("listing-05-trs-last-page-countpage-gbk", "http://www.yunxiu.gov.cn/zwgk/zfxxgknb/index_2.html", html, dict(
    links=[L("http://www.yunxiu.gov.cn/zwgk/zfxxgknb/" + h[2:], t, d, r) for h, t, d, r in rows],
    next_page=None,
    note="TRS, GBK, last page: countPage 3, currentPage 2 (0-based) -> index_2.html is the last page, next_page null. [YYYY-MM-DD] dates. 年报 and 关于2016年度…情况的报告 are reports."), charset="gbk")

# ---------- listing-06 PowerEasy GBK: tooltip titles, 下一页, gxq subdomain ----------
rows = [
 ("/Item/31005.aspx", "http://www.chenghu.gov.cn/Item/31005.aspx", "澄湖高新区2020年政府信息公开工作年度报告", "佚名", "2021-1-29", "2021-01-29", True),
 ("http://gxq.chenghu.gov.cn/Item/1203.aspx", None, "澄湖高新技术产业开发区管理委员会2020年政府信息公开工作年度报告（图片版）", "管委会办公室", "2021-1-28", "2021-01-28", True),
 ("/Item/31003.aspx", "http://www.chenghu.gov.cn/Item/31003.aspx", "澄湖市2020年政务公开工作要点", "佚名", "2021-1-25", "2021-01-25", False),
 ("http://www.lugang.gov.cn/gkmlpt/content/3/3417/post_1234567.html", None, "鹭港经济技术开发区2022年政府信息公开工作年度报告", "佚名", "2023-1-20", "2023-01-20", True),
 ("/Item/30990.aspx", "http://www.chenghu.gov.cn/Item/30990.aspx", "澄湖市商务局关于2019年度政府信息公开工作情况的报告", "商务局", "2020-3-27", "2020-03-27", True),
]
def short(t):
    return t if len(t) <= 20 else t[:18] + "..."
lis = "\n".join(f'<li><span class="date">{dd}</span><a href="{h}" title="文章标题：{t}&#13;&#10;作者：{au}&#13;&#10;更新时间：{dd}" target="_blank">{short(t)}</a></li>' for h, a, t, au, dd, d, r in rows)
main = f"""<div class="list_box"><div class="list_title">年度报告</div>
<ul class="list_ul">
{lis}
</ul>
<div class="showpage">共 <b>34</b> 篇文章　首页 上一页 <a href="/Category_123/Index.aspx">1</a> <span class="current">2</span> <a href="/Category_123/Index_3.aspx">3</a> <a href="/Category_123/Index_3.aspx">下一页</a> <a href="/Category_123/Index_4.aspx">尾页</a>　页次：2/4页</div>
</div>"""
pside = """<div class="left_box"><div class="left_title">信息公开</div><ul><li><a href="/Category_121/Index.aspx">机构概况</a></li><li><a href="/Category_123/Index.aspx">年度报告</a></li></ul></div>"""
html = powereasy("gbk", "澄湖市人民政府", "年度报告 - 澄湖市人民政府", "", '<a href="/">网站首页</a> &gt;&gt; <a href="/Category_12/Index.aspx">政府信息公开</a> &gt;&gt; 年度报告', main, pside, "某ICP备09004411号", logo_h1=False)
add("listing-06-powereasy-tooltip-xiayiye-gbk", "http://www.chenghu.gov.cn/Category_123/Index_2.aspx", html, dict(
    links=[L(a or h, t, d, r) for h, a, t, au, dd, d, r in rows if "chenghu.gov.cn" in (a or h)],
    next_page="http://www.chenghu.gov.cn/Category_123/Index_3.aspx",
    note="PowerEasy column page 2 of 4, GBK. Row texts truncated with ...; the labelled tooltip's 文章标题 value is the title. Unpadded dates 2021-1-29 -> 2021-01-29. gxq.chenghu.gov.cn (zone subdomain, same registrable domain) is a link; www.lugang.gov.cn (another government) is dropped. 工作要点 is not a report; 关于2019年度…情况的报告 is. 下一页 -> Index_3.aspx."), charset="gbk")
