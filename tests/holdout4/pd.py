from common import *

# ---------- 17 PowerEasy: <title> only the body's name, logo h1 = body's name ----------
QC = dict(site="青川县林业局", icp="某ICP备12006677号")
pside = """<div class="left_box"><div class="left_title">栏目导航</div><ul><li><a href="/Category_31/Index.aspx">机构设置</a></li><li><a href="/Category_33/Index.aspx">信息公开年报</a></li></ul></div>"""
main = """<div class="article_box">
<div class="title">2022年度政府信息公开工作年度报告</div>
<div class="property">作者：办公室　来源：本站原创　点击数：<script language="javascript" src="/Common/GetHits.aspx?ID=4410"></script>　更新时间：2023-1-31</div>
<div class="content" id="fontzoom">
<p>　　青川县林业局2022年度政府信息公开工作年度报告依据《中华人民共和国政府信息公开条例》编制。</p>
""" + stats_2021(gf=(0,0,0), xk=37, cf=15, qz=0, new=(2,0,0,0,0,0,2)) + """
<p>　　四、政府信息公开行政复议、行政诉讼情况：无。</p>
<p>　　五、存在的主要问题及改进情况：林长制信息公开还需细化。</p>
<p>　　六、其他需要报告的事项：无。</p>
<p style="text-align:right">青川县林业局</p><p style="text-align:right">2023年1月31日</p>
</div>
<div class="pre_next">上一篇：<a href="/Item/4402.aspx">2021年度政府信息公开工作年度报告</a><br>下一篇：没有了</div>
</div>"""
html = powereasy("utf-8", QC["site"], "青川县林业局", '<meta name="ArticleTitle" content="青川县林业局">', '<a href="/">网站首页</a> &gt;&gt; <a href="/Category_33/Index.aspx">信息公开年报</a> &gt;&gt; 正文', main, pside, QC["icp"], logo_h1=True)
add("17-powereasy-title-el-body-name-only", "http://www.qclyj.gov.cn/Item/4410.aspx", html, dict(
    note="PowerEasy department site. Patterns: <title> and ArticleTitle are only the body's name (青川县林业局) and the only <h1> is the logo with the same name -> title is div.title. Source 本站原创 kept literally. 作者 办公室 is the editor. GetHits.aspx counter -> null. Date 2023-1-31 unpadded. Agency from the 落款 / opening sentence: 青川县林业局.",
    title="2022年度政府信息公开工作年度报告", published="2023-01-31", source="本站原创",
    editor="办公室", views=None, report_year=2022, agency="青川县林业局", is_report=True, attachments=[],
    body_contains=["青川县林业局2022年度政府信息公开工作年度报告依据", "林长制信息公开还需细化"],
    body_excludes=["2021年度政府信息公开工作年度报告", "某ICP备12006677号"]))

# ---------- 18 TRS: <title> only agency, banner h2 with body name ----------
WT = dict(site="梧桐区教育局", dom="jyj.wutong.gov.cn", icp="某ICP备14002288号", bsid="3301060022")
side = trs_side("信息公开", [("../../tzgg/", "通知公告"), ("../", "年度报告")])
main = """<div class="dept-banner"><h2>梧桐区教育局</h2></div>
<div class="detail">
<h1 class="detail-title">梧桐区教育局2020年政府信息公开工作年度报告</h1>
<div class="detail-info">发布时间：2021-01-22　来源：梧桐区教育局　编辑：沈佳</div>
<div class="TRS_Editor">
<p>　　现将梧桐区教育局2020年政府信息公开工作年度报告公布如下。</p>
""" + """<p>　　<strong>一、总体情况</strong></p><p>　　2020年，我局主动公开学校招生、教育收费、疫情防控等信息341条。</p>
<p>　　<strong>二、主动公开政府信息情况</strong></p><p>　　本年新制作规范性文件1件。</p>
<p>　　<strong>三、收到和处理政府信息公开申请情况</strong></p><p>　　收到申请6件，均已答复。</p>
<p>　　<strong>四、政府信息公开行政复议、行政诉讼情况</strong></p><p>　　无。</p>
<p>　　<strong>五、存在的主要问题及改进情况</strong></p><p>　　部分学校信息更新不及时。</p>
<p>　　<strong>六、其他需要报告的事项</strong></p><p>　　无。</p>
</div></div>"""
metas = """<meta name="ArticleTitle" content="梧桐区教育局">
<meta name="PubDate" content="2021-01-22 15:00">
<meta name="ContentSource" content="梧桐区教育局">"""
html = trs("utf-8", WT["site"], WT["dom"], "梧桐区教育局", metas, '<a href="/">首页</a> &gt; <a href="../">年度报告</a>', main, side, WT["icp"], WT["bsid"], "梧桐区教育局")
add("18-trs-title-el-agency-banner-h2", "http://jyj.wutong.gov.cn/zwgk/ndbg/202101/t20210122_88102.html", html, dict(
    note="TRS department subdomain. Patterns: <title> and ArticleTitle hold only the body's name (梧桐区教育局) and a banner <h2> above the article repeats it -> title is the h1 report title, never the banner. 编辑 沈佳 is the editor. No counter -> views null.",
    title="梧桐区教育局2020年政府信息公开工作年度报告", published="2021-01-22", source="梧桐区教育局",
    editor="沈佳", views=None, report_year=2020, agency="梧桐区教育局", is_report=True, attachments=[],
    body_contains=["现将梧桐区教育局2020年政府信息公开工作年度报告公布如下", "疫情防控等信息341条"],
    body_excludes=["某ICP备14002288号"]))

# ---------- 19 TRS GBK repost: 发布机构 = district government, head line names the 街道 ----------
BS = dict(site="白沙区人民政府", dom="www.baisha-qu.gov.cn", icp="某ICP备03001199号", bsid="4301020031")
side = trs_side("年度报告", [("../202201/t20220127_310022.html", "白沙区人民政府2021年政府信息公开工作年度报告")])
main = """<table class="xxgk-head" width="100%" border="1" cellspacing="0">
<tr><td>索引号：</td><td>000014348/2022-01102</td><td>分　　类：</td><td>年度报告</td></tr>
<tr><td>发布机构：</td><td>白沙区人民政府</td><td>发文日期：</td><td>2022年01月26日</td></tr>
<tr><td>名　　称：</td><td colspan="3">2021年度政府信息公开工作年度报告</td></tr>
<tr><td>文　　号：</td><td></td><td>上载日期：</td><td>2022年02月08日</td></tr>
</table>
<div class="detail">
<h1 class="detail-title">2021年度政府信息公开工作年度报告</h1>
<div class="TRS_Editor">
<p style="text-align:center"><strong>白沙区临江街道办事处2021年度政府信息公开工作年度报告</strong></p>
<p>　　根据《中华人民共和国政府信息公开条例》要求，临江街道编制本报告。</p>
""" + stats_2021(gf=(0,0,0), xk=12, cf=0, qz=0, new=(3,0,0,0,0,0,3)) + """
<p>　　<strong>四、政府信息公开行政复议、行政诉讼情况</strong></p><p>　　无。</p>
<p>　　<strong>五、存在的主要问题及改进情况</strong></p><p>　　社区公开栏更新不及时。</p>
<p>　　<strong>六、其他需要报告的事项</strong></p><p>　　无。</p>
</div></div>"""
metas = """<meta name="ArticleTitle" content="2021年度政府信息公开工作年度报告">
<meta name="PubDate" content="2022-02-08 10:00">
<meta name="ContentSource" content="白沙区人民政府">"""
html = trs("gbk", BS["site"], BS["dom"], "2021年度政府信息公开工作年度报告_白沙区人民政府", metas, '<a href="/">首页</a> &gt; <a href="/xxgk/ndbg/">年度报告</a>', main, side, BS["icp"], BS["bsid"], "白沙区人民政府办公室")
add("19-trs-repost-jiedao-head-line-gbk", "http://www.baisha-qu.gov.cn/xxgk/ndbg/202202/t20220208_310544.html", html, dict(
    note="TRS WCM, GBK, 信息公开 header table. Patterns: repost - 发布机构 is the district site (白沙区人民政府), the heading names no body, the document's own head line names 白沙区临江街道办事处 -> agency. Source: no 来源 printed -> 发布机构 value. Dates: 发文日期 2022年01月26日 vs 上载日期 2022年02月08日 -> 上载日期 wins. Sidebar district report is chrome.",
    title="2021年度政府信息公开工作年度报告", published="2022-02-08", source="白沙区人民政府",
    editor=None, views=None, report_year=2021, agency="白沙区临江街道办事处", is_report=True, attachments=[],
    body_contains=["白沙区临江街道办事处2021年度政府信息公开工作年度报告", "临江街道编制本报告"],
    body_excludes=["白沙区人民政府2021年政府信息公开工作年度报告", "000014348/2022-01102"]), charset="gbk")

# ---------- 20 VSB repost: city site reposts a county report ----------
JQ = dict(site="江岑市人民政府", icp="某ICP备07002219号-1", bsid="4211000015")
vside = """<div class="side-tit">县市区年报</div><ul class="side-list"><li><a href="../../xsq/ndbg.htm">县市区年报</a></li></ul>"""
main = """<form name="_newscontent_fromname">
<table class="gk-table" width="100%" border="1"><tr><th>发布机构</th><td>江岑市人民政府</td><th>发布日期</th><td>2023-03-28</td></tr></table>
<div class="arti-title" align="center"><h1>2022年政府信息公开工作年度报告</h1></div>
<div class="arti-meta">点击数：<span id="dynclicks_wbnews_1107_4412"></span><script>_showDynClicks("wbnews", 1700000012, 4412)</script></div>
<div id="vsb_content"><div class="v_news_content">
<p>　　桐溪县人民政府2022年政府信息公开工作年度报告</p>
<p>　　本报告由桐溪县人民政府办公室编制，数据统计期限为2022年1月1日至12月31日。</p>
""" + stats_2021(gf=(5,1,30), xk=1502, cf=811, qz=40, new=(19,2,0,0,1,0,22)) + """
<p>　　<b>四、政府信息公开行政复议、行政诉讼情况</b></p><p>　　行政复议1件，结果维持。</p>
<p>　　<b>五、存在的主要问题及改进情况</b></p><p>　　基层政务公开标准目录落实不够。</p>
<p>　　<b>六、其他需要报告的事项</b></p><p>　　无。</p>
<p style="text-align:right">桐溪县人民政府办公室</p><p style="text-align:right">2023年3月27日</p>
</div></div>
</form>"""
html = vsb("utf-8", JQ["site"], "2022年政府信息公开工作年度报告-江岑市人民政府", "", '<a href="../../index.htm">首页</a> &gt;&gt; <a href="../../xsq.htm">县市区</a> &gt;&gt; 正文', main, vside, JQ["icp"], JQ["bsid"],
           footer_extra="<p>文章来源：江岑市人民政府网站</p>")
add("20-vsb-repost-county-head-line", "http://www.jiangcen.gov.cn/info/1107/4412.htm", html, dict(
    note="VSB, city portal reposting a county report. Patterns: 发布机构 江岑市人民政府 is the reposting site; the body's opening line names 桐溪县人民政府 -> agency (the 落款 is the compiling 人民政府办公室, never the agency). Footer 文章来源：江岑市人民政府网站 is the site's -> source is the 发布机构 value 江岑市人民政府 (printed in the article's header table). _showDynClicks counter -> null.",
    title="2022年政府信息公开工作年度报告", published="2023-03-28", source="江岑市人民政府",
    editor=None, views=None, report_year=2022, agency="桐溪县人民政府", is_report=True, attachments=[],
    body_contains=["桐溪县人民政府2022年政府信息公开工作年度报告", "本报告由桐溪县人民政府办公室编制"],
    body_excludes=["文章来源：江岑市人民政府网站", "某ICP备07002219号-1"]))

# ---------- 21 home-grown: no issuing body -> agency null ----------
main = """<h1 class="atitle">2019年政府信息公开工作年度报告</h1>
<div class="ainfo">发布日期：2020-01-21　来源：本站　浏览量：1,337</div>
<div class="acontent">
<p>　　一、总体情况</p>
<p>　　2019年，主动公开政府信息1120条，新公开规范性文件4件。</p>
<table border="1" cellspacing="0"><tr><td>部门</td><td>公开数量</td></tr><tr><td>县财政局</td><td>211</td></tr><tr><td>县卫生健康局</td><td>187</td></tr></table>
<p>　　二、主动公开政府信息情况：见上表。</p>
<p>　　三、收到和处理政府信息公开申请情况：全年收到申请9件。</p>
<p>　　四、政府信息公开行政复议、行政诉讼情况：无。</p>
<p>　　五、存在的主要问题及改进情况：公开质量有待提高。</p>
<p>　　六、其他需要报告的事项：无。</p>
</div>
<div class="abottom"><a href="javascript:window.print()">打印本页</a></div>"""
hside = """<div class="lbox"><h3>年度报告</h3><ul><li><a href="/show.asp?id=1802">双河县2018年政府信息公开工作年度报告</a></li></ul></div>"""
foot = """<p>主办：双河县人民政府办公室　技术支持：双河县信息中心</p><p>某ICP备08004455号</p>"""
html = home("utf-8", "双河县人民政府", "2019年政府信息公开工作年度报告-双河县人民政府", "", '您的位置：<a href="/index.asp">首页</a> &gt; 年度报告', main, hside, foot)
add("21-home-no-issuing-body-benzhan", "http://www.shuanghe-demo.gov.cn/show.asp?id=2011", html, dict(
    note="Home-grown. Patterns: bare 2019年政府信息公开工作年度报告 with 来源：本站 and no 落款; bodies named only in a table (县财政局, 县卫生健康局) and the footer/sidebar are no evidence -> agency null. Static 浏览量 1,337 -> 1337.",
    title="2019年政府信息公开工作年度报告", published="2020-01-21", source="本站",
    editor=None, views=1337, report_year=2019, agency=None, is_report=True, attachments=[],
    body_contains=["主动公开政府信息1120条", "全年收到申请9件"],
    body_excludes=["双河县2018年政府信息公开工作年度报告", "某ICP备08004455号"]))

# ---------- 22 Dede GBK: no issuing body, 来源 本网 ----------
side = dede_side([("/a/xxgk/2021/0301/771.html", "我镇召开春耕备耕工作会")])
main = """<div class="title"><h2>2020年度政府信息公开工作年度报告</h2></div>
<div class="info"><small>时间:</small>2021-03-30 08:12<small>来源:</small>本网<small>作者:</small>佚名<small>点击:</small><script src="/plus/count.php?view=yes&aid=775&mid=1" type='text/javascript' language="javascript"></script>次</div>
<div class="content"><table width="100%"><tr><td>
<p>　　本年度主动公开信息216条，受理政府信息公开申请0件。如对本报告有疑问，请与镇党政办公室联系。</p>
<p>　　一、总体情况：按要求推进政务公开。</p>
<p>　　二至六：详见统计表，未发生行政复议和行政诉讼。</p>
</td></tr></table></div>
<div class="handle"><div class="context"><ul><li>上一篇：<a href="/a/xxgk/2021/0329/774.html">柳营镇2021年工作要点</a></li><li>下一篇：没有了</li></ul></div></div>"""
html = dede("gbk", "柳营镇人民政府", "2020年度政府信息公开工作年度报告_柳营镇人民政府", "", '<a href="/">主页</a> &gt; <a href="/a/xxgk/">信息公开</a> &gt;', main, side, "某ICP备16001122号",
            footer_extra="<p>文章来源：柳营镇人民政府网站</p>")
add("22-dede-no-issuing-body-benwang-gbk", "http://www.liuying-demo.gov.cn/a/xxgk/2021/0330/775.html", html, dict(
    note="DedeCMS, GBK. Patterns: no issuing body printed in title, head or 落款; 来源 本网 (portal value) and the footer 文章来源：柳营镇人民政府网站 / site name in chrome are no evidence; the contact sentence naming 镇党政办公室 is not a 落款 -> agency null (decision: the site owner is not read as the issuer). 作者 佚名 as editor. count.php -> null.",
    title="2020年度政府信息公开工作年度报告", published="2021-03-30", source="本网",
    editor="佚名", views=None, report_year=2020, agency=None, is_report=True, attachments=[],
    body_contains=["本年度主动公开信息216条"], body_excludes=["柳营镇2021年工作要点", "文章来源：柳营镇人民政府网站"]), charset="gbk")
