from common import *

JC = dict(site="霁川市人民政府", dom="www.jichuan.gov.cn", icp="某ICP备10023456号-1", bsid="5309000012")

# 01 TRS, ArticleTitle entity-escaped div, <br> heading, short 信息来源
side = trs_side("政府信息公开年报", [("/zwgk/xxgknb/202301/t20230118_881201.html", "霁川市财政局2022年度政府信息公开工作年度报告"),
                             ("/zwgk/xxgknb/202201/t20220120_770112.html", "2021年度政府信息公开工作年度报告——霁川市自然资源和规划局")])
main = """<div class="article">
<h1 class="art-title">2022年度政府信息公开工作年度报告<br>——霁川市自然资源和规划局</h1>
<div class="art-info">
<span>发布时间：2023-01-19 09:30</span>
<span>信息来源：市自然资源和规划局</span>
<span>浏览次数：<em id="readcount"></em></span>
<span class="fontsize">字号：[<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>]</span>
</div>
<script>$.get("/interface/hits?docid=1930412", function(n){ $("#readcount").text(n); });</script>
<div class="TRS_Editor"><div class="Custom_UnionStyle">
<p>　　本报告由霁川市自然资源和规划局依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据统计期限自2022年1月1日起至2022年12月31日止。</p>
<p><strong>　　一、总体情况</strong></p>
<p>　　2022年，我局坚持以公开为常态、不公开为例外，全年通过门户网站主动公开国土空间规划、土地征收、矿业权出让等政府信息1342条，其中征地信息公开专栏更新批前告知、征收公告等信息215条。</p>
""" + stats_2021(gf=(3,0,14), xk=412, cf=27, qz=0, new=(21,3,0,0,1,0,25)) + """
<p><strong>　　四、政府信息公开行政复议、行政诉讼情况</strong></p>
<p>　　本年度因政府信息公开引发行政复议1件，结果维持；未发生行政诉讼。</p>
<p><strong>　　五、存在的主要问题及改进情况</strong></p>
<p>　　一是征地信息公开的及时性有待提高；二是政策解读形式较为单一。下一步，我局将完善征地信息公开流程，丰富图表、视频等解读形式。</p>
<p><strong>　　六、其他需要报告的事项</strong></p>
<p>　　本年度未收取信息处理费。</p>
<p style="text-align:right">霁川市自然资源和规划局</p>
<p style="text-align:right">2023年1月19日</p>
</div></div>
<div class="art-bottom"><p>（责任编辑：陈晓）</p><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
<div class="prev-next"><p>上一篇：<a href="./t20230117_1930002.html">霁川市自然资源和规划局关于2023年度耕地保护工作的通知</a></p><p>下一篇：无</p></div>
</div>"""
metas = """<meta name="ColumnName" content="政府信息公开年报">
<meta name="ArticleTitle" content="2022年度政府信息公开工作年度报告&lt;div&gt;——霁川市自然资源和规划局&lt;/div&gt;">
<meta name="PubDate" content="2023-01-19 09:30">
<meta name="ContentSource" content="市自然资源和规划局">"""
crumb = '<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/xxgknb/">政府信息公开年报</a>'
html = trs("utf-8", JC["site"], JC["dom"], "2022年度政府信息公开工作年度报告<div>——霁川市自然资源和规划局</div>_霁川市人民政府", metas, crumb, main, side, JC["icp"], JC["bsid"], "霁川市人民政府办公室")
add("01-trs-articletitle-escaped-div-br", "http://www.jichuan.gov.cn/zwgk/xxgknb/202301/t20230119_1930412.html", html, dict(
    note="TRS WCM, UTF-8. Patterns: ArticleTitle holds entity-escaped &lt;div&gt;——…&lt;/div&gt; markup and <title> holds raw <div> markup; the heading h1 splits the same text with <br> -> title is the joined text. Agency: title does not start with a body; the body named at the end of the title / in the 落款 is 霁川市自然资源和规划局 (fullest form; 信息来源 short form 市自然资源和规划局 is kept literally as source). 浏览次数 filled by AJAX -> null. Editor from （责任编辑：…） footer. Sidebar 2021 report link is chrome.",
    title="2022年度政府信息公开工作年度报告——霁川市自然资源和规划局", published="2023-01-19", source="市自然资源和规划局",
    editor="陈晓", views=None, report_year=2022, agency="霁川市自然资源和规划局", is_report=True, attachments=[],
    body_contains=["本报告由霁川市自然资源和规划局依据", "全年通过门户网站主动公开国土空间规划"],
    body_excludes=["2021年度政府信息公开工作年度报告——霁川市自然资源和规划局", "某ICP备10023456号-1", "霁川市自然资源和规划局关于2023年度耕地保护工作的通知"]))

# 02 Hanweb JCMS, raw <div> in ArticleTitle and heading
PY = dict(site="蓬源县人民政府", icp="某ICP备08031122号", bsid="4305250003")
main = """<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="title" align="center">2021年政府信息公开工作年度报告<div class="sub">——蓬源县应急管理局</div></td></tr>
<tr><td align="center" class="info" style="border-bottom:1px dashed #ccc">发布日期：2022-01-26　信息来源：蓬源县应急管理局　访问次数：<span id="c_count"></span><script language="javascript" src="/module/visitcount/articlehits.jsp?colid=20211&artid=3845120"></script>　字体：[ <a href="javascript:fontZoomA();">大</a> <a href="javascript:fontZoomB();">小</a> ]</td></tr>
<tr><td class="bt_content" id="zoom">
<!--ZJEG_RSS.content.begin--><meta name="ContentStart">
<p>　　根据《中华人民共和国政府信息公开条例》规定，现公布蓬源县应急管理局2021年政府信息公开工作年度报告。本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。如对本报告有任何疑问，请与蓬源县应急管理局办公室联系（地址：蓬源县建设路18号，电话：0735-5521190）。</p>
<p>　　<strong>一、总体情况</strong></p>
<p>　　2021年，我局围绕安全生产、防灾减灾、应急救援等重点领域，在县政府门户网站主动公开各类信息286条，发布安全生产预警提示37期，公开行政处罚决定42件。</p>
""" + stats_2021(gf=(1,0,3), xk=65, cf=42, qz=6, new=(2,0,0,0,0,0,2)) + """
<p>　　<strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>
<p>　　2021年度未发生政府信息公开行政复议、行政诉讼案件。</p>
<p>　　<strong>五、存在的主要问题及改进情况</strong></p>
<p>　　信息公开的深度和广度还需拓展，下一步将加强业务培训。</p>
<p>　　<strong>六、其他需要报告的事项</strong></p>
<p>　　无。</p>
<meta name="ContentEnd"><!--ZJEG_RSS.content.end-->
</td></tr>
<tr><td align="right" class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
</table>
<iframe src="/module/visitcount/visit.jsp?type=3&i_webid=12&i_columnid=20211&i_articleid=3845120" width="0" height="0" style="display:none"></iframe>"""
metas = """<meta name="ArticleTitle" content="2021年政府信息公开工作年度报告<div>——蓬源县应急管理局</div>">
<meta name="PubDate" content="2022-01-26 10:12">
<meta name="ContentSource" content="蓬源县应急管理局">
<meta name="Maketime" content="2022-02-08 16:40:11">"""
crumb = '<a href="/">首页</a> &gt; <a href="/col/col1202/index.html">信息公开</a> &gt; <a href="/col/col20211/index.html">政府信息公开年报</a>'
html = hanweb("utf-8", PY["site"], "2021年政府信息公开工作年度报告——蓬源县应急管理局 蓬源县人民政府", metas, crumb, main, PY["icp"], PY["bsid"], colid="12", webid="12")
add("02-hanweb-articletitle-raw-div", "http://www.pengyuan.gov.cn/art/2022/1/26/art_20211_3845120.html", html, dict(
    note="Hanweb JCMS. Patterns: ArticleTitle meta holds raw <div>——…</div> markup, and the heading td renders the same text with a nested <div class=\"sub\"> line -> title is the text with tags removed, lines joined. Maketime (build time 2022-02-08) is not the date; 发布日期 2022-01-26. Author=大汉网络 is the vendor -> editor null. 访问次数 written by articlehits.jsp/visit.jsp -> null. The 办公室 named in the body (contact sentence) is not the agency.",
    title="2021年政府信息公开工作年度报告——蓬源县应急管理局", published="2022-01-26", source="蓬源县应急管理局",
    editor=None, views=None, report_year=2021, agency="蓬源县应急管理局", is_report=True, attachments=[],
    body_contains=["现公布蓬源县应急管理局2021年政府信息公开工作年度报告", "发布安全生产预警提示37期"],
    body_excludes=["某ICP备08031122号", "技术支持：大汉网络", "打印本页"]))

# 03 DedeCMS GBK, <title> and ArticleTitle with escaped div, heading plain
WC = dict(site="望川县人民政府", icp="某ICP备05017788号")
side = dede_side([("/a/xxgk/ndbg/2020/0120/1502.html", "望川县林业局2019年度政府信息公开工作年度报告"),
                  ("/a/zwdt/2021/0302/1633.html", "县政府召开2021年政务公开工作推进会")])
main = """<div class="title"><h2>2020年度政府信息公开工作年度报告——望川县水利局</h2></div>
<div class="info"><small>时间:</small>2021-01-27 15:06:21<small>来源:</small>望川县水利局<small>作者:</small>县水利局办公室<small>点击:</small><script src="/plus/count.php?view=yes&aid=1641&mid=1" type='text/javascript' language="javascript"></script>次</div>
<div class="content"><table width="100%"><tr><td>
<p>　　根据《中华人民共和国政府信息公开条例》的规定，特向社会公布2020年度望川县水利局政府信息公开工作年度报告。</p>
<p>　　<strong>一、总体情况</strong></p>
<p>　　2020年，县水利局主动公开河湖长制、水利工程建设、防汛抗旱等政府信息173条，其中通过县政府门户网站公开121条，通过“望川水利”微信公众号公开52条。</p>
<p>　　<strong>二、主动公开政府信息情况</strong></p>
<p>　　本年新制作规范性文件0件，行政许可处理决定27件，行政处罚处理决定9件。</p>
<p>　　<strong>三、收到和处理政府信息公开申请情况</strong></p>
<p>　　全年收到政府信息公开申请3件，均已按期答复。</p>
<p>　　<strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>
<p>　　无。</p>
<p>　　<strong>五、存在的主要问题及改进情况</strong></p>
<p>　　部分栏目更新不够及时，将进一步落实专人负责。</p>
<p>　　<strong>六、其他需要报告的事项</strong></p>
<p>　　无。</p>
<p align="right">望川县水利局</p>
<p align="right">2021年1月27日</p>
</td></tr></table></div>
<div class="boxoff"><strong>------分隔线----------------------------</strong></div>
<div class="handle"><div class="context"><ul><li>上一篇：<a href="/a/xxgk/ndbg/2021/0126/1640.html">望川县交通运输局2020年政府信息公开工作年度报告</a></li><li>下一篇：<a href="/a/xxgk/ndbg/2021/0128/1642.html">望川县审计局2020年政府信息公开工作年度报告</a></li></ul></div></div>"""
metas = """<meta name="ArticleTitle" content="2020年度政府信息公开工作年度报告&lt;div&gt;——望川县水利局&lt;/div&gt;">
<meta name="description" content="根据《中华人民共和国政府信息公开条例》的规定，特向社会公布2020年度望川县水利局政府信息公开工作年度报告。">"""
crumb = '<a href="http://www.wangchuan.gov.cn/">主页</a> &gt; <a href="/a/xxgk/">信息公开</a> &gt; <a href="/a/xxgk/ndbg/">年度报告</a> &gt;'
html = dede("gbk", WC["site"], "2020年度政府信息公开工作年度报告&lt;div&gt;——望川县水利局&lt;/div&gt;_望川县人民政府", metas, crumb, main, side, WC["icp"])
add("03-dede-title-escaped-div-gbk", "http://www.wangchuan.gov.cn/a/xxgk/ndbg/2021/0127/1641.html", html, dict(
    note="DedeCMS, GBK (charset=gbk meta). Patterns: <title> and ArticleTitle carry entity-escaped &lt;div&gt;——望川县水利局&lt;/div&gt; markup; the heading h2 shows the plain text -> title from the heading, no markup. count.php script counter -> null. 作者 县水利局办公室 is the editor (no 责任编辑). Agency from the 落款/title end (水利局; the 办公室 author is another body). Prev/next links and the sidebar 2019 林业局 report are chrome.",
    title="2020年度政府信息公开工作年度报告——望川县水利局", published="2021-01-27", source="望川县水利局",
    editor="县水利局办公室", views=None, report_year=2020, agency="望川县水利局", is_report=True, attachments=[],
    body_contains=["特向社会公布2020年度望川县水利局政府信息公开工作年度报告", "主动公开河湖长制、水利工程建设、防汛抗旱等政府信息173条"],
    body_excludes=["望川县交通运输局2020年政府信息公开工作年度报告", "某ICP备05017788号", "县政府召开2021年政务公开工作推进会"]), charset="gbk")

# 04 VSB, footer 文章来源 + real 来源, 2022年01月28日, _showDynClicks
LX = dict(site="澜溪区人民政府", icp="某ICP备12004567号-2", bsid="3311020009")
vside = """<div class="side-tit">政府信息公开</div>
<ul class="side-list">
<li><a href="../../zfxxgk/zfxxgkzd.htm">政府信息公开制度</a></li>
<li><a href="../../zfxxgk/fdzdgknr.htm">法定主动公开内容</a></li>
<li class="on"><a href="../../zfxxgk/zfxxgknb.htm">政府信息公开年报</a></li>
<li><a href="../../zfxxgk/ysqgk.htm">依申请公开</a></li>
</ul>"""
main = """<form name="_newscontent_fromname">
<div class="arti-title" align="center"><h1>澜溪区卫生健康局2021年政府信息公开工作年度报告</h1></div>
<div class="arti-meta">发布时间：2022年01月28日　来源：澜溪区卫生健康局　点击数：<script>_showDynClicks("wbnews", 1623441987, 5521)</script>　编辑：周敏　审核：李强　校对：吴芳</div>
<div id="vsb_content"><div class="v_news_content">
<p>　　本报告根据《中华人民共和国政府信息公开条例》要求，由澜溪区卫生健康局编制。报告内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。</p>
<p>　　<b>一、总体情况</b></p>
<p>　　2021年，区卫生健康局围绕新冠肺炎疫情防控、医疗卫生服务、公共卫生等群众关注的领域，累计主动公开信息418条，发布疫情防控通告56期。</p>
""" + stats_2021(gf=(0,0,2), xk=231, cf=64, qz=0, new=(9,0,0,0,0,0,9)) + """
<p>　　<b>四、政府信息公开行政复议、行政诉讼情况</b></p>
<p>　　本年度未发生因政府信息公开引起的行政复议和行政诉讼。</p>
<p>　　<b>五、存在的主要问题及改进情况</b></p>
<p>　　公开内容的规范性仍需加强，下一步将细化公开目录。</p>
<p>　　<b>六、其他需要报告的事项</b></p>
<p>　　无。</p>
</div></div>
<div id="div_vote_id"></div>
<div class="arti-bottom">【<a href="javascript:window.print()">打印此页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="prevnext"><p>上一条：<a href="1022/5520.htm">澜溪区退役军人事务局2021年政府信息公开工作年度报告</a></p><p>下一条：<a href="1022/5523.htm">澜溪区教育局2021年政府信息公开工作年度报告</a></p></div>
</form>"""
crumb = '<a href="../../index.htm">首页</a> &gt;&gt; <a href="../../zfxxgk.htm">政府信息公开</a> &gt;&gt; <a href="../../zfxxgk/zfxxgknb.htm">政府信息公开年报</a> &gt;&gt; 正文'
html = vsb("utf-8", LX["site"], "澜溪区卫生健康局2021年政府信息公开工作年度报告-澜溪区人民政府", '<meta name="description" content="本报告根据《中华人民共和国政府信息公开条例》要求，由澜溪区卫生健康局编制。">', crumb, main, vside, LX["icp"], LX["bsid"],
           footer_extra="<p>文章来源：澜溪区人民政府网站　未经授权不得转载</p>")
add("04-vsb-footer-wenzhang-laiyuan-real-source", "http://www.lanxiqu.gov.cn/info/1022/5521.htm", html, dict(
    note="VSB. Patterns: footer copyright block prints 文章来源：澜溪区人民政府网站 beside the article's real 来源 澜溪区卫生健康局 in the info line -> source is the info-line value. Date 2022年01月28日 (padded Chinese form). 点击数 written by _showDynClicks -> null. 编辑 周敏 is the editor; 审核/校对 are not.",
    title="澜溪区卫生健康局2021年政府信息公开工作年度报告", published="2022-01-28", source="澜溪区卫生健康局",
    editor="周敏", views=None, report_year=2021, agency="澜溪区卫生健康局", is_report=True, attachments=[],
    body_contains=["由澜溪区卫生健康局编制", "累计主动公开信息418条"],
    body_excludes=["文章来源：澜溪区人民政府网站", "澜溪区退役军人事务局2021年政府信息公开工作年度报告", "政府信息公开制度"]))

# 05 DedeCMS gb2312, footer 来源：XX县人民政府网站, no article source, prose 2018 with 免收
side = dede_side([("/a/xxgk/ndbg/2019/0320/1101.html", "望川县教育局2018年政府信息公开工作年度报告"), ("/a/zwdt/2019/0321/1108.html", "我县召开春季农业生产工作会")])
main = """<div class="title"><h2>望川县统计局2018年政府信息公开工作年度报告</h2></div>
<div class="info">【发布时间：2019-3-22】【作者：admin】【点击：<script src="/plus/count.php?view=yes&aid=1105&mid=1" type='text/javascript' language="javascript"></script>次】【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</div>
<div class="content"><table width="100%"><tr><td>
<p>　　本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由望川县统计局编制。全文包括概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息公开的收费及减免情况、因政府信息公开申请行政复议和提起行政诉讼的情况、存在的主要问题及改进措施等。本报告中所列数据的统计期限自2018年1月1日起至2018年12月31日止。</p>
<p>　　一、概述</p>
<p>　　2018年，我局按照县委、县政府的统一部署，认真贯彻落实《条例》，及时公开统计公报、统计月报等信息。</p>
<p>　　二、主动公开政府信息情况</p>
<p>　　全年主动公开政府信息96条，其中统计数据发布48条，统计分析26条，工作动态22条。</p>
<p>　　三、依申请公开政府信息情况</p>
<p>　　本年度共受理政府信息公开申请2件，均按时答复。</p>
<p>　　四、政府信息公开的收费及减免情况</p>
<p>　　我局对依申请公开的信息一律免收检索、复制、邮寄等费用。</p>
<p>　　五、因政府信息公开申请行政复议、提起行政诉讼的情况</p>
<p>　　本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。</p>
<p>　　六、存在的主要问题及改进措施</p>
<p>　　主要问题是统计信息解读不够深入。下一步，我局将加强统计数据解读，提高公开质量。</p>
<p align="right">望川县统计局</p>
<p align="right">2019年3月22日</p>
</td></tr></table></div>
<div class="handle"><div class="context"><ul><li>上一篇：<a href="/a/xxgk/ndbg/2019/0322/1104.html">望川县审计局2018年政府信息公开工作年度报告</a></li><li>下一篇：没有了</li></ul></div></div>"""
crumb = '<a href="http://www.wangchuan.gov.cn/">主页</a> &gt; <a href="/a/xxgk/">信息公开</a> &gt; <a href="/a/xxgk/ndbg/">年度报告</a> &gt;'
html = dede("gb2312", WC["site"], "望川县统计局2018年政府信息公开工作年度报告_望川县人民政府", "", crumb, main, side, WC["icp"],
            footer_extra="<p>来源：望川县人民政府网站　主办：望川县人民政府办公室　技术支持：望川县信息中心</p>")
add("05-dede-footer-laiyuan-no-source-gb2312", "http://www.wangchuan.gov.cn/a/xxgk/ndbg/2019/0322/1105.html", html, dict(
    note="DedeCMS, GB2312. Patterns: the only 来源 on the page is the footer copyright line 来源：望川县人民政府网站 (beside 主办/技术支持) and no ContentSource meta -> source null. Unpadded date 2019-3-22. 作者 admin kept as editor. count.php script -> views null. Pre-2019 prose report; no-fees phrasing 一律免收…费用 (fees 0). Agency from the title start.",
    title="望川县统计局2018年政府信息公开工作年度报告", published="2019-03-22", source=None,
    editor="admin", views=None, report_year=2018, agency="望川县统计局", is_report=True, attachments=[],
    body_contains=["由望川县统计局编制", "一律免收检索、复制、邮寄等费用"],
    body_excludes=["来源：望川县人民政府网站", "望川县审计局2018年政府信息公开工作年度报告", "我县召开春季农业生产工作会"]), charset="gb2312")
