from common import *

# ---------- 06 gkmlpt: 经济技术开发区 report, 发布机构 = 管委会办公室 ----------
LG = dict(site="鹭港市人民政府", icp="某ICP备05011223号", bsid="4407000021")
rows = [("索引号", "11440700MB2C1234X5/2023-00012"), ("分类", "年度报告"),
        ("发布机构", "鹭港经济技术开发区管委会办公室"), ("成文日期", "2023-01-18"),
        ("名称", "鹭港经济技术开发区2022年政府信息公开工作年度报告"), ("文号", ""),
        ("发布日期", "2023-01-20"), ("主题词", "")]
main = """<div class="article">
<h1 class="content-title">鹭港经济技术开发区2022年政府信息公开工作年度报告</h1>
<div class="content-info"><span>浏览次数：<span class="read-count" id="readNum"></span></span><span class="share">分享：<a href="javascript:;" class="wx">微信</a></span></div>
<div class="article-content" id="zoom">
<p>　　本报告由鹭港经济技术开发区管委会办公室根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号文件要求编制。本报告中使用数据统计期限为2022年1月1日至2022年12月31日。</p>
<p>　　<strong>一、总体情况</strong></p>
<p>　　2022年，开发区持续推进重点领域信息公开，全年主动公开各类信息275条，更新招商引资政策、企业服务事项等专栏内容。</p>
""" + stats_2021(gf=(1,0,4), xk=88, cf=12, qz=1, new=(4,1,0,0,0,0,5)) + """
<p>　　<strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>
<table border="1" cellspacing="0"><tr><td>单位</td><td>复议件数</td></tr><tr><td>鹭港市商务局转办</td><td>0</td></tr></table>
<p>　　本年度未发生政府信息公开行政复议、行政诉讼案件。</p>
<p>　　<strong>五、存在的主要问题及改进情况</strong></p>
<p>　　政策解读的形式还不够丰富，下一步将加强图解、视频解读。</p>
<p>　　<strong>六、其他需要报告的事项</strong></p>
<p>　　本年度未收取信息处理费。</p>
<p style="text-align:right">鹭港经济技术开发区管委会办公室</p>
<p style="text-align:right">2023年1月18日</p>
</div>
<div class="content-foot"><a href="javascript:window.print();">【打印】</a><a href="javascript:window.close();">【关闭】</a></div>
<div class="related"><h4>相关信息</h4><ul><li><a href="../post_1100234.html">鹭港经济技术开发区2021年政府信息公开工作年度报告</a><span>2022-01-21</span></li></ul></div>
</div>
<script>$.getJSON("/gkmlpt/api/visit?id=1234567", function(d){ $("#readNum").text(d.count); });</script>"""
metas = """<meta name="ArticleTitle" content="鹭港经济技术开发区2022年政府信息公开工作年度报告">
<meta name="PubDate" content="2023-01-20 09:00">
<meta name="ContentSource" content="鹭港经济技术开发区管委会办公室">"""
crumb = '<a href="/">首页</a> &gt; <a href="/gkmlpt/index">政府信息公开</a> &gt; <span>年度报告</span>'
html = gkmlpt("utf-8", LG["site"], "鹭港经济技术开发区2022年政府信息公开工作年度报告-鹭港市人民政府门户网站", metas, crumb, rows, main, LG["icp"], LG["bsid"])
add("06-gkmlpt-jingkaiqu-office-fabujigou", "http://www.lugang.gov.cn/gkmlpt/content/3/3417/post_1234567.html", html, dict(
    note="gkmlpt. Patterns: 经济技术开发区 report whose 发布机构 (header table) and 落款 are the 管委会办公室 that compiled it -> agency is the zone named at the start of the title (鹭港经济技术开发区), never the office. No 来源 printed -> source is the 发布机构 value (literal). Header table has 成文日期 2023-01-18 and 发布日期 2023-01-20 -> 发布日期 wins. 浏览次数 filled by AJAX -> null. 鹭港市商务局 named only in a table row is not the agency. Related 2021 report is chrome.",
    title="鹭港经济技术开发区2022年政府信息公开工作年度报告", published="2023-01-20", source="鹭港经济技术开发区管委会办公室",
    editor=None, views=None, report_year=2022, agency="鹭港经济技术开发区", is_report=True, attachments=[],
    body_contains=["本报告由鹭港经济技术开发区管委会办公室根据", "全年主动公开各类信息275条"],
    body_excludes=["鹭港经济技术开发区2021年政府信息公开工作年度报告", "某ICP备05011223号", "11440700MB2C1234X5/2023-00012"]))

# ---------- 07 PowerEasy GBK: 高新区 short form in title, 管委会 full form in 落款 ----------
CH = dict(site="澄湖市人民政府", icp="某ICP备09004411号")
pside = """<div class="left_box"><div class="left_title">信息公开</div><ul>
<li><a href="/Category_121/Index.aspx">机构概况</a></li><li><a href="/Category_122/Index.aspx">政策文件</a></li><li><a href="/Category_123/Index.aspx">年度报告</a></li></ul></div>
<div class="left_box"><div class="left_title">热门文章</div><ul><li><a href="/Item/30211.aspx">澄湖高新区2019年政府信息公开工作年度报告</a></li></ul></div>"""
main = """<div class="article_box">
<div class="title">澄湖高新区2020年政府信息公开工作年度报告</div>
<div class="property">作者：佚名　文章来源：澄湖高新区管委会办公室　点击数：1,208　更新时间：2021/1/29　【<a href="javascript:;" onclick="fontZoom(16)">字体：大</a> <a href="javascript:;" onclick="fontZoom(12)">小</a>】</div>
<div class="content" id="fontzoom">
<p>　　根据《中华人民共和国政府信息公开条例》要求，高新区管委会编制了2020年度政府信息公开工作年度报告。报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。</p>
<p>　　一、总体情况</p>
<p>　　2020年，高新区围绕优化营商环境、疫情防控和复工复产等工作，主动公开政府信息312条，其中企业扶持政策68条。</p>
<p>　　二、主动公开政府信息情况</p>
<p>　　本年新制作并公开规范性文件2件，行政许可处理决定41件。</p>
<p>　　三、收到和处理政府信息公开申请情况</p>
<p>　　全年共收到政府信息公开申请3件，均在法定期限内答复。</p>
<p>　　四、政府信息公开行政复议、行政诉讼情况</p>
<p>　　未发生政府信息公开行政复议、行政诉讼。</p>
<p>　　五、存在的主要问题及改进情况</p>
<p>　　公开栏目分类有待细化。</p>
<p>　　六、其他需要报告的事项</p>
<p>　　无。</p>
<p style="text-align:right">澄湖高新技术产业开发区管理委员会</p>
<p style="text-align:right">2021年1月28日</p>
</div>
<div class="article_foot">【<a href="javascript:window.print()">打印此文</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="pre_next">上一篇：<a href="/Item/31002.aspx">澄湖高新区召开企业服务座谈会</a><br>下一篇：<a href="/Item/31010.aspx">澄湖高新区2020年法治政府建设工作报告</a></div>
</div>"""
html = powereasy("gbk", CH["site"], "澄湖高新区2020年政府信息公开工作年度报告 - 澄湖市人民政府", '<meta name="keywords" content="年度报告">', '<a href="/">网站首页</a> &gt;&gt; <a href="/Category_12/Index.aspx">政府信息公开</a> &gt;&gt; <a href="/Category_123/Index.aspx">年度报告</a> &gt;&gt; 正文', main, pside, CH["icp"], logo_h1=True)
add("07-powereasy-gaoxinqu-luokuan-full-gbk", "http://www.chenghu.gov.cn/Item/31005.aspx", html, dict(
    note="PowerEasy, GBK. The only <h1> is the site logo (澄湖市人民政府) -> title is div.title above the property line. Agency: title short form 澄湖高新区 is an abbreviation of the 落款's 澄湖高新技术产业开发区管理委员会 (rule: 落款 form taken); 文章来源 管委会办公室 is the compiling office, kept literally as source only. 点击数 printed statically 1,208 -> 1208. 更新时间 2021/1/29. 作者 佚名 is the editor. Prev/next (incl. 法治政府建设 report) are chrome.",
    title="澄湖高新区2020年政府信息公开工作年度报告", published="2021-01-29", source="澄湖高新区管委会办公室",
    editor="佚名", views=1208, report_year=2020, agency="澄湖高新技术产业开发区管理委员会", is_report=True, attachments=[],
    body_contains=["高新区管委会编制了2020年度政府信息公开工作年度报告", "主动公开政府信息312条"],
    body_excludes=["澄湖高新区召开企业服务座谈会", "澄湖高新区2019年政府信息公开工作年度报告", "某ICP备09004411号"]), charset="gbk")

# ---------- 08 TRS: county report, 来源 = 县人民政府办公室 ----------
YX = dict(site="云岫县人民政府", dom="www.yunxiu.gov.cn", icp="某ICP备11020033号-3", bsid="5227310001")
side = trs_side("政府信息公开年报", [("../202201/t20220124_720011.html", "云岫县人民政府办公室2021年政府信息公开工作年度报告"), ("../202103/t20210326_610234.html", "云岫县2020年政府信息公开工作年度报告")])
main = """<div class="detail">
<h2 class="detail-title">云岫县2021年政府信息公开工作年度报告</h2>
<div class="detail-info">来源：云岫县人民政府办公室　　发布时间：2022-03-25 16:30:12　　访问量：【<span id="fwl">0</span>】　　【字号：<a href="javascript:;" onclick="setFont(18)">大</a> <a href="javascript:;" onclick="setFont(14)">小</a>】</div>
<script type="text/javascript">$(function(){ $.post("/trs/count.jsp", {docid: "730512"}, function(n){ document.getElementById("fwl").innerHTML = n; }); });</script>
<div class="TRS_Editor">
<p>　　本报告依据《中华人民共和国政府信息公开条例》编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。</p>
<p>　　<strong>一、总体情况</strong></p>
<p>　　2021年，全县各级各部门共主动公开政府信息12683条，县政府门户网站发布政策解读材料96篇，召开新闻发布会14场。</p>
""" + stats_2021(gf=(8,2,41), xk=2264, cf=1381, qz=57, fee="12.6", new=(37,4,0,0,2,1,44)) + """
<p>　　<strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>
<p>　　全年因政府信息公开被申请行政复议2件（县自然资源局1件、县公安局1件），结果均为维持。</p>
<p>　　<strong>五、存在的主要问题及改进情况</strong></p>
<p>　　乡镇政务公开标准化规范化建设进度不均衡，下一步将加强督促指导。</p>
<p>　　<strong>六、其他需要报告的事项</strong></p>
<p>　　本年度未收取信息处理费。</p>
</div>
<div class="detail-foot"><span>责任编辑：刘洋</span><a href="javascript:window.print()">打印本页</a></div>
</div>"""
metas = """<meta name="ColumnName" content="政府信息公开年报">
<meta name="ArticleTitle" content="云岫县2021年政府信息公开工作年度报告">
<meta name="PubDate" content="2022-03-25 16:30">
<meta name="ContentSource" content="云岫县人民政府办公室">"""
html = trs("utf-8", YX["site"], YX["dom"], "云岫县2021年政府信息公开工作年度报告_云岫县人民政府", metas, '<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zfxxgknb/">政府信息公开年报</a>', main, side, YX["icp"], YX["bsid"], "云岫县人民政府办公室")
add("08-trs-county-office-source-gov-agency", "http://www.yunxiu.gov.cn/zwgk/zfxxgknb/202203/t20220325_730512.html", html, dict(
    note="TRS WCM. Patterns: place title (云岫县2021年…) with 来源：云岫县人民政府办公室 and no 落款 -> agency is the government the office's name holds, 云岫县人民政府 (rule in agency). Bodies named in the body (县自然资源局, 县公安局) are not the agency. 访问量 placeholder 0 overwritten by count.jsp -> null. Sidebar office report is chrome.",
    title="云岫县2021年政府信息公开工作年度报告", published="2022-03-25", source="云岫县人民政府办公室",
    editor="刘洋", views=None, report_year=2021, agency="云岫县人民政府", is_report=True, attachments=[],
    body_contains=["全县各级各部门共主动公开政府信息12683条", "县自然资源局1件、县公安局1件"],
    body_excludes=["云岫县人民政府办公室2021年政府信息公开工作年度报告", "某ICP备11020033号-3"]))

# ---------- 09 home-grown GBK: 关于2016年度…情况的报告, pre-2019 prose ----------
SM = dict(site="石门县人民政府")
hside = """<div class="lbox"><h3>信息公开</h3><ul><li><a href="/xxgk.asp?cid=11">政府文件</a></li><li><a href="/xxgk.asp?cid=15">年度报告</a></li><li><a href="/xxgk.asp?cid=16">公开指南</a></li></ul></div>
<div class="lbox"><h3>最新文章</h3><ul><li><a href="/news.asp?id=2281">石门县2017年春耕生产现场会召开</a> 2017-03-29</li></ul></div>"""
main = """<h1 class="atitle">关于2016年度政府信息公开工作情况的报告</h1>
<div class="ainfo">发布日期：2017年03月28日　来源：石门县人民政府办公室　浏览次数：356次</div>
<div class="acontent">
<p>　　根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，现将2016年度我县政府信息公开工作情况报告如下。本报告中所列数据的统计期限自2016年1月1日起至2016年12月31日止。</p>
<p>　　一、概述</p>
<p>　　2016年，县政府高度重视政府信息公开工作，成立了以常务副县长为组长的政务公开领导小组，各乡镇、各部门明确了分管领导和工作人员。</p>
<p>　　二、主动公开政府信息情况</p>
<p>　　全年通过县政府门户网站主动公开政府信息2316条，其中规范性文件19件，财政预决算信息142条。</p>
<p>　　三、依申请公开政府信息情况</p>
<p>　　全年共受理政府信息公开申请21件，已全部按期答复。</p>
<p>　　四、政府信息公开的收费及减免情况</p>
<p>　　2016年度我县政府信息公开工作中不存在收费情况。</p>
<p>　　五、因政府信息公开申请行政复议、提起行政诉讼的情况</p>
<p>　　全年发生因政府信息公开申请行政复议1件，未发生行政诉讼。</p>
<p>　　六、存在的主要问题及改进措施</p>
<p>　　部分单位对信息公开工作重视不够，信息更新不及时。2017年，我县将进一步完善考核机制。</p>
<p align="right">石门县人民政府</p>
<p align="right">2017年3月27日</p>
</div>
<div class="abottom"><a href="javascript:window.print()">打印本页</a> | <a href="javascript:window.close()">关闭窗口</a></div>"""
foot = """<p>主办：石门县人民政府办公室　承办：石门县信息中心</p><p>某ICP备06003321号　地址：石门县人民路1号</p>"""
html = home("gbk", SM["site"], "石门县人民政府", "", '您的位置：<a href="/index.asp">首页</a> &gt; <a href="/xxgk.asp">信息公开</a> &gt; 年度报告', main, hside, foot)
add("09-home-guanyu-2016-qingkuang-gbk", "http://www.shimen.gov.cn/show.asp?id=2279", html, dict(
    note="Home-grown ASP site, GBK. Patterns: report titled 关于2016年度政府信息公开工作情况的报告 (report, year 2016); <title> is only the site/government's name. Title names no body -> agency from the 落款 石门县人民政府 (来源 is the compiling 人民政府办公室). Static 浏览次数 356次 -> 356. Date 2017年03月28日 (落款 date 3月27日 never read). Pre-2019 prose, no-fee phrasing 不存在收费情况.",
    title="关于2016年度政府信息公开工作情况的报告", published="2017-03-28", source="石门县人民政府办公室",
    editor=None, views=356, report_year=2016, agency="石门县人民政府", is_report=True, attachments=[],
    body_contains=["现将2016年度我县政府信息公开工作情况报告如下", "不存在收费情况"],
    body_excludes=["石门县2017年春耕生产现场会召开", "某ICP备06003321号"]), charset="gbk")

# ---------- 10 Hanweb: 关于2017年度…情况的报告, body named in line under heading ----------
NP = dict(site="南屏市人民政府", icp="某ICP备13001288号", bsid="3507000007")
main = """<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="title" align="center">关于2017年度政府信息公开工作情况的报告</td></tr>
<tr><td align="center" class="info">发布日期：2018-03-30 11:05　信息来源：市住建局　访问次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid=5012&artid=660123"></script></td></tr>
<tr><td class="bt_content" id="zoom">
<!--ZJEG_RSS.content.begin--><meta name="ContentStart">
<p style="text-align:center">南屏市住房和城乡建设局</p>
<p>　　根据《中华人民共和国政府信息公开条例》和省、市有关要求，我局认真做好政府信息公开工作，现将2017年度有关情况报告如下：</p>
<p>　　一、概述</p>
<p>　　2017年，我局进一步健全政府信息公开工作机制，将信息公开与房地产市场监管、保障性住房分配等业务工作同步推进。</p>
<p>　　二、主动公开政府信息情况</p>
<p>　　全年主动公开政府信息457条，其中保障性住房分配信息86条，建设工程招投标信息203条。</p>
<p>　　三、依申请公开政府信息情况</p>
<p>　　全年共受理依申请公开5件，其中同意公开4件，信息不存在1件。</p>
<p>　　四、政府信息公开的收费及减免情况</p>
<p>　　本年度未发生。</p>
<p>　　五、因政府信息公开申请行政复议、提起行政诉讼的情况</p>
<p>　　无。</p>
<p>　　六、存在的主要问题及改进措施</p>
<p>　　信息公开的及时性有待提高，我局将加强信息员队伍建设。</p>
<meta name="ContentEnd"><!--ZJEG_RSS.content.end-->
</td></tr>
<tr><td align="right" class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
</table>"""
metas = """<meta name="ArticleTitle" content="关于2017年度政府信息公开工作情况的报告">
<meta name="PubDate" content="2018-03-30 11:05">
<meta name="ContentSource" content="市住建局">
<meta name="Maketime" content="2019-06-11 09:12:40">"""
html = hanweb("utf-8", NP["site"], "关于2017年度政府信息公开工作情况的报告 南屏市人民政府", metas, '<a href="/">首页</a> &gt; <a href="/col/col502/index.html">信息公开</a> &gt; <a href="/col/col5012/index.html">年度报告</a>', main, NP["icp"], NP["bsid"], colid="50", webid="5")
add("10-hanweb-guanyu-2017-head-line-body", "http://www.nanping-demo.gov.cn/art/2018/3/30/art_5012_660123.html", html, dict(
    note="Hanweb. Patterns: 关于2017年度政府信息公开工作情况的报告 (report, 2017). Title names no body; the document's own head line under the heading (centered first paragraph) names 南屏市住房和城乡建设局 -> agency (fuller than 信息来源 市住建局, which is kept literally as source). No 落款. Maketime (2019) is build time. articlehits.jsp counter -> null. Fee heading answered by bare 本年度未发生。 (fee 0).",
    title="关于2017年度政府信息公开工作情况的报告", published="2018-03-30", source="市住建局",
    editor=None, views=None, report_year=2017, agency="南屏市住房和城乡建设局", is_report=True, attachments=[],
    body_contains=["现将2017年度有关情况报告如下", "全年主动公开政府信息457条"],
    body_excludes=["某ICP备13001288号", "打印本页"]))
