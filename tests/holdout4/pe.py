from common import *

# ---------- 23 TRS: 解读 page, 来源 = office ----------
JC = dict(site="霁川市人民政府", dom="www.jichuan.gov.cn", icp="某ICP备10023456号-1", bsid="5309000012")
side = trs_side("政策解读", [("../202303/t20230320_1950001.html", "霁川市2022年政府信息公开工作年度报告")])
main = """<div class="article">
<h1 class="art-title">解读《霁川市2022年政府信息公开工作年度报告》</h1>
<div class="art-info"><span>发布时间：2023-03-21 10:00</span><span>信息来源：霁川市人民政府办公室</span><span>浏览次数：<em>642</em></span></div>
<div class="TRS_Editor"><div class="Custom_UnionStyle">
<p>　　近日，《霁川市2022年政府信息公开工作年度报告》正式发布。报告显示，全市共主动公开政府信息5.6万条。下面从三个方面进行解读。</p>
<p>　　一是公开数量稳步增长；二是依申请公开办理规范；三是平台建设持续加强。</p>
</div></div>
<div class="art-bottom"><a href="javascript:window.print()">打印本页</a></div>
</div>"""
metas = """<meta name="ArticleTitle" content="解读《霁川市2022年政府信息公开工作年度报告》">
<meta name="PubDate" content="2023-03-21 10:00">
<meta name="ContentSource" content="霁川市人民政府办公室">"""
html = trs("utf-8", JC["site"], JC["dom"], "解读《霁川市2022年政府信息公开工作年度报告》_霁川市人民政府", metas, '<a href="/">首页</a> &gt; <a href="/zwgk/zcjd/">政策解读</a>', main, side, JC["icp"], JC["bsid"], "霁川市人民政府办公室")
add("23-trs-jiedu-not-report", "http://www.jichuan.gov.cn/zwgk/zcjd/202303/t20230321_1950120.html", html, dict(
    note="TRS. 解读 companion page: is_report false, report_year null. No 落款, no 发布机构 -> agency is the 信息来源 value 霁川市人民政府办公室 (non-report rule). 浏览次数 printed in a plain <em> with no script -> 642.",
    title="解读《霁川市2022年政府信息公开工作年度报告》", published="2023-03-21", source="霁川市人民政府办公室",
    editor=None, views=642, report_year=None, agency="霁川市人民政府办公室", is_report=False, attachments=[],
    body_contains=["下面从三个方面进行解读"], body_excludes=["某ICP备10023456号-1"]))

# ---------- 24 PowerEasy GBK: 解读, portal 来源, agency from title after prefix ----------
CH = dict(site="澄湖市人民政府", icp="某ICP备09004411号")
pside = """<div class="left_box"><div class="left_title">政策解读</div><ul><li><a href="/Category_125/Index.aspx">文件解读</a></li></ul></div>"""
main = """<div class="article_box">
<div class="title">解读：澄湖市交通运输局2021年度政府信息公开工作年度报告</div>
<div class="property">作者：佚名　来源：本站　点击数：<script language="javascript" src="/Common/GetHits.aspx?ID=32011"></script>　更新时间：2022-02-09</div>
<div class="content" id="fontzoom">
<p>　　2021年，市交通运输局主动公开信息共计418条，较上年增长12%。本文对报告的主要内容进行解读。</p>
</div>
<div class="pre_next">上一篇：<a href="/Item/32010.aspx">澄湖市交通运输局2021年度政府信息公开工作年度报告</a><br>下一篇：没有了</div>
</div>"""
html = powereasy("gbk", CH["site"], "解读：澄湖市交通运输局2021年度政府信息公开工作年度报告 - 澄湖市人民政府", "", '<a href="/">网站首页</a> &gt;&gt; 政策解读', main, pside, CH["icp"], logo_h1=False)
add("24-powereasy-jiedu-title-body-gbk", "http://www.chenghu.gov.cn/Item/32011.aspx", html, dict(
    note="PowerEasy, GBK. 解读 companion (not a report). No 落款, no 发布机构, 来源 本站 names no body -> agency is the body the title opens with after the companion prefix 解读：, i.e. 澄湖市交通运输局. GetHits.aspx -> null.",
    title="解读：澄湖市交通运输局2021年度政府信息公开工作年度报告", published="2022-02-09", source="本站",
    editor="佚名", views=None, report_year=None, agency="澄湖市交通运输局", is_report=False, attachments=[],
    body_contains=["本文对报告的主要内容进行解读"], body_excludes=["某ICP备09004411号"]), charset="gbk")

# ---------- 25 Hanweb: 图解 ----------
PY = dict(site="蓬源县人民政府", icp="某ICP备08031122号", bsid="4305250003")
main = """<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="title" align="center">图解：蓬源县2022年政府信息公开工作年度报告</td></tr>
<tr><td align="center" class="info">发布日期：2023-03-31　信息来源：蓬源县人民政府办公室　访问次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid=20211&artid=4100321"></script></td></tr>
<tr><td class="bt_content" id="zoom">
<!--ZJEG_RSS.content.begin--><meta name="ContentStart">
<p align="center"><img src="/picture/12/2303311012001.jpg" width="750" height="4200" border="0"></p>
<p align="right">制图：蓬源县政务公开办</p>
<meta name="ContentEnd"><!--ZJEG_RSS.content.end-->
</td></tr></table>"""
metas = """<meta name="ArticleTitle" content="图解：蓬源县2022年政府信息公开工作年度报告">
<meta name="PubDate" content="2023-03-31 17:00">
<meta name="ContentSource" content="蓬源县人民政府办公室">"""
html = hanweb("utf-8", PY["site"], "图解：蓬源县2022年政府信息公开工作年度报告 蓬源县人民政府", metas, '<a href="/">首页</a> &gt; <a href="/col/col20212/index.html">政策图解</a>', main, PY["icp"], PY["bsid"], colid="12", webid="12")
add("25-hanweb-tujie-not-report", "http://www.pengyuan.gov.cn/art/2023/3/31/art_20212_4100321.html", html, dict(
    note="Hanweb. 图解 companion: not a report. No 落款 (the 制图 caption is a credit line, decision: not a 落款) and no 发布机构 -> agency is the 信息来源 value 蓬源县人民政府办公室. articlehits.jsp -> null. Body is the image plus caption.",
    title="图解：蓬源县2022年政府信息公开工作年度报告", published="2023-03-31", source="蓬源县人民政府办公室",
    editor=None, views=None, report_year=None, agency="蓬源县人民政府办公室", is_report=False, attachments=[],
    body_contains=["制图：蓬源县政务公开办"], body_excludes=["技术支持：大汉网络"]))

# ---------- 26 gkmlpt: 一图读懂｜ ----------
LG = dict(site="鹭港市人民政府", icp="某ICP备05011223号", bsid="4407000021")
rows = [("索引号", "007335877/2023-00007"), ("分类", "政策解读"), ("发布机构", "鹭港市司法局"), ("成文日期", ""),
        ("名称", "一图读懂｜鹭港市司法局2022年度政府信息公开工作年度报告"), ("文号", ""), ("发布日期", "2023-02-02"), ("主题词", "")]
main = """<div class="article">
<h1 class="content-title">一图读懂｜鹭港市司法局2022年度政府信息公开工作年度报告</h1>
<div class="article-content" id="zoom">
<p style="text-align:center"><img src="/attachment/0/520/520110/1240011.png" width="750" height="5200"></p>
</div></div>"""
html = gkmlpt("utf-8", LG["site"], "一图读懂｜鹭港市司法局2022年度政府信息公开工作年度报告-鹭港市人民政府门户网站", "", '<a href="/">首页</a> &gt; <span>政策解读</span>', rows, main, LG["icp"], LG["bsid"])
add("26-gkmlpt-yitududong-not-report", "http://www.lugang.gov.cn/gkmlpt/content/3/3600/post_1240011.html", html, dict(
    note="gkmlpt. 一图读懂｜ companion: not a report, year null. Agency: non-report with no 落款 -> 发布机构 鹭港市司法局. Source = 发布机构 value (no 来源). Image is not an attachment.",
    title="一图读懂｜鹭港市司法局2022年度政府信息公开工作年度报告", published="2023-02-02", source="鹭港市司法局",
    editor=None, views=None, report_year=None, agency="鹭港市司法局", is_report=False, attachments=[],
    body_contains=[], body_excludes=["007335877/2023-00007"]))

# ---------- 27 VSB: compiling notice ----------
LX = dict(site="澜溪区人民政府", icp="某ICP备12004567号-2", bsid="3311020009")
vside = """<div class="side-tit">通知公告</div><ul class="side-list"><li><a href="../../tzgg.htm">通知公告</a></li></ul>"""
main = """<form name="_newscontent_fromname">
<div class="arti-title" align="center"><h1>关于做好2021年度政府信息公开工作年度报告编制和发布工作的通知</h1></div>
<div class="arti-meta">发布时间：2021年12月10日 09:30　来源：区政务公开办　点击数：<script>_showDynClicks("wbnews", 1623441987, 5390)</script></div>
<div id="vsb_content"><div class="v_news_content">
<p>各街道办事处，区政府各部门：</p>
<p>　　为做好2021年度政府信息公开工作年度报告编制和发布工作，现将有关事项通知如下：各单位应于2022年1月31日前在区政府门户网站发布本单位年度报告。</p>
<p style="text-align:right">澜溪区人民政府办公室</p>
<p style="text-align:right">2021年12月9日</p>
</div></div>
</form>"""
html = vsb("utf-8", LX["site"], "关于做好2021年度政府信息公开工作年度报告编制和发布工作的通知-澜溪区人民政府", "", '<a href="../../index.htm">首页</a> &gt;&gt; 通知公告', main, vside, LX["icp"], LX["bsid"])
add("27-vsb-compiling-notice", "http://www.lanxiqu.gov.cn/info/1031/5390.htm", html, dict(
    note="VSB. Notice about compiling reports: not a report. Agency = the 落款 澜溪区人民政府办公室 (non-report rule), not the 来源 区政务公开办. Date 2021年12月10日 09:30 (落款 12月9日 not read).",
    title="关于做好2021年度政府信息公开工作年度报告编制和发布工作的通知", published="2021-12-10", source="区政务公开办",
    editor=None, views=None, report_year=None, agency="澜溪区人民政府办公室", is_report=False, attachments=[],
    body_contains=["各单位应于2022年1月31日前在区政府门户网站发布本单位年度报告"], body_excludes=["某ICP备12004567号-2"]))

# ---------- 28 Dede GB2312: 报送 notice ----------
WC = dict(site="望川县人民政府", icp="某ICP备05017788号")
side = dede_side([("/a/xxgk/ndbg/2020/0120/1502.html", "望川县林业局2019年度政府信息公开工作年度报告")])
main = """<div class="title"><h2>关于报送2019年政府信息公开工作年度报告的通知</h2></div>
<div class="info"><small>时间:</small>2020-01-06 11:20<small>来源:</small>县政务服务中心<small>点击:</small><script src="/plus/count.php?view=yes&aid=1490&mid=1" type='text/javascript' language="javascript"></script>次</div>
<div class="content"><table width="100%"><tr><td>
<p>各乡镇人民政府，县直各单位：</p>
<p>　　请于2020年1月20日前将本单位2019年政府信息公开工作年度报告报送县政务服务中心，逾期未报送的将予以通报。</p>
<p align="right">望川县政务服务中心</p>
<p align="right">2020年1月6日</p>
</td></tr></table></div>"""
html = dede("gb2312", WC["site"], "关于报送2019年政府信息公开工作年度报告的通知_望川县人民政府", "", '<a href="/">主页</a> &gt; <a href="/a/tzgg/">通知公告</a> &gt;', main, side, WC["icp"])
add("28-dede-baosong-notice-gb2312", "http://www.wangchuan.gov.cn/a/tzgg/2020/0106/1490.html", html, dict(
    note="DedeCMS, GB2312. Notice about submitting reports: not a report. Agency from the 落款 望川县政务服务中心 (fuller than 来源 县政务服务中心).",
    title="关于报送2019年政府信息公开工作年度报告的通知", published="2020-01-06", source="县政务服务中心",
    editor=None, views=None, report_year=None, agency="望川县政务服务中心", is_report=False, attachments=[],
    body_contains=["逾期未报送的将予以通报"], body_excludes=["望川县林业局2019年度政府信息公开工作年度报告"]), charset="gb2312")

# ---------- 29 TRS GBK: 网站工作年度报表, body statistics 访问量 ----------
YX = dict(site="云岫县人民政府", dom="www.yunxiu.gov.cn", icp="某ICP备11020033号-3", bsid="5227310001")
side = trs_side("网站年报", [("../202201/t20220120_720001.html", "云岫县人民政府门户网站2021年度工作报表")])
main = """<div class="detail">
<h2 class="detail-title">云岫县人民政府门户网站2022年度工作报表</h2>
<div class="detail-info">来源：云岫县大数据发展中心　　发布时间：2023-01-13　　浏览量：205</div>
<div class="TRS_Editor">
<table border="1" cellspacing="0">
<tr><td>网站名称</td><td colspan="2">云岫县人民政府</td></tr>
<tr><td>网站标识码</td><td colspan="2">5227310001</td></tr>
<tr><td>独立用户访问总量（单位：个）</td><td colspan="2">55591</td></tr>
<tr><td>网站总访问量（单位：次）</td><td colspan="2">418803</td></tr>
<tr><td>信息发布（单位：条）</td><td>总数</td><td>12683</td></tr>
</table>
<p style="text-align:right">云岫县大数据发展中心</p>
</div></div>"""
metas = """<meta name="ArticleTitle" content="云岫县人民政府门户网站2022年度工作报表">
<meta name="PubDate" content="2023-01-13 09:00">
<meta name="ContentSource" content="云岫县大数据发展中心">"""
html = trs("gbk", YX["site"], YX["dom"], "云岫县人民政府门户网站2022年度工作报表_云岫县人民政府", metas, '<a href="/">首页</a> &gt; <a href="/zwgk/wzgznb/">网站年报</a>', main, side, YX["icp"], YX["bsid"], "云岫县人民政府办公室")
add("29-trs-wangzhan-nianbiao-gbk", "http://www.yunxiu.gov.cn/zwgk/wzgznb/202301/t20230113_801004.html", html, dict(
    note="TRS, GBK. 网站工作年度报表 is not an information-disclosure report. Static 浏览量 205 is the page counter; 网站总访问量 418803 / 55591 in the body table are not views. Agency = 落款 云岫县大数据发展中心.",
    title="云岫县人民政府门户网站2022年度工作报表", published="2023-01-13", source="云岫县大数据发展中心",
    editor=None, views=205, report_year=None, agency="云岫县大数据发展中心", is_report=False, attachments=[],
    body_contains=["独立用户访问总量"], body_excludes=["云岫县人民政府门户网站2021年度工作报表", "某ICP备11020033号-3"]), charset="gbk")

# ---------- 30 Hanweb: 政府网站工作年度报表 ----------
NP = dict(site="南屏市人民政府", icp="某ICP备13001288号", bsid="3507000007")
main = """<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="title" align="center">南屏市交通运输局政府网站工作年度报表（2022年度）</td></tr>
<tr><td align="center" class="info">发布日期：2023-01-18　信息来源：南屏市交通运输局</td></tr>
<tr><td class="bt_content" id="zoom">
<!--ZJEG_RSS.content.begin--><meta name="ContentStart">
<table border="1"><tr><td>网站名称</td><td>南屏市交通运输局</td></tr><tr><td>网站总访问量（单位：次）</td><td>96321</td></tr></table>
<meta name="ContentEnd"><!--ZJEG_RSS.content.end-->
</td></tr></table>"""
metas = """<meta name="ArticleTitle" content="南屏市交通运输局政府网站工作年度报表（2022年度）">
<meta name="PubDate" content="2023-01-18 10:00">
<meta name="ContentSource" content="南屏市交通运输局">"""
html = hanweb("utf-8", NP["site"], "南屏市交通运输局政府网站工作年度报表（2022年度） 南屏市人民政府", metas, '<a href="/">首页</a> &gt; 网站年报', main, NP["icp"], NP["bsid"], colid="50", webid="5")
add("30-hanweb-wangzhan-nianbiao", "http://www.nanping-demo.gov.cn/art/2023/1/18/art_5019_700111.html", html, dict(
    note="Hanweb. 政府网站工作年度报表（2022年度） is not an information-disclosure report despite 年度 in brackets. Agency: no 落款/发布机构 -> 信息来源 南屏市交通运输局. No page counter -> views null (the 96321 figure is body data).",
    title="南屏市交通运输局政府网站工作年度报表（2022年度）", published="2023-01-18", source="南屏市交通运输局",
    editor=None, views=None, report_year=None, agency="南屏市交通运输局", is_report=False, attachments=[],
    body_contains=["网站总访问量（单位：次）"], body_excludes=["技术支持：大汉网络"]))

# ---------- 31 VSB GBK: 法治政府建设年度报告 ----------
JQ = dict(site="江岑市人民政府", icp="某ICP备07002219号-1", bsid="4211000015")
vside = """<div class="side-tit">法治政府</div><ul class="side-list"><li><a href="../../fzzf.htm">法治政府建设</a></li></ul>"""
main = """<form name="_newscontent_fromname">
<div class="arti-title" align="center"><h1>江岑市司法局2022年法治政府建设年度报告</h1></div>
<div class="arti-meta">发布时间：2023-02-24　来源：市司法局　责编：罗刚</div>
<div id="vsb_content"><div class="v_news_content">
<p>　　2022年，市司法局深入推进法治政府建设，现将有关情况报告如下。</p>
<p style="text-align:right">江岑市司法局</p><p style="text-align:right">2023年2月23日</p>
</div></div>
</form>"""
html = vsb("gbk", JQ["site"], "江岑市司法局2022年法治政府建设年度报告-江岑市人民政府", "", '<a href="../../index.htm">首页</a> &gt;&gt; 法治政府', main, vside, JQ["icp"], JQ["bsid"])
add("31-vsb-fazhi-zhengfu-gbk", "http://www.jiangcen.gov.cn/info/1120/4501.htm", html, dict(
    note="VSB, GBK. 法治政府建设年度报告 is not an information-disclosure report -> is_report false, year null. 责编 gives the editor. Agency from 落款.",
    title="江岑市司法局2022年法治政府建设年度报告", published="2023-02-24", source="市司法局",
    editor="罗刚", views=None, report_year=None, agency="江岑市司法局", is_report=False, attachments=[],
    body_contains=["深入推进法治政府建设"], body_excludes=["某ICP备07002219号-1"]), charset="gbk")

# ---------- 32 home-grown GBK: quarterly statistics ----------
main = """<h1 class="atitle">石门县2023年第一季度政府信息公开工作统计</h1>
<div class="ainfo">发布日期：2023年04月07日　来源：石门县人民政府办公室　浏览次数：48次</div>
<div class="acontent">
<table border="1" cellspacing="0"><tr><td>统计指标</td><td>数量</td></tr><tr><td>主动公开政府信息（条）</td><td>2108</td></tr><tr><td>受理依申请公开（件）</td><td>6</td></tr></table>
<p>　　统计期限：2023年1月1日至2023年3月31日。</p>
</div>"""
hside = """<div class="lbox"><h3>信息公开</h3><ul><li><a href="/xxgk.asp?cid=15">年度报告</a></li><li><a href="/xxgk.asp?cid=17">统计数据</a></li></ul></div>"""
foot = """<p>主办：石门县人民政府办公室　承办：石门县信息中心</p><p>某ICP备06003321号</p>"""
html = home("gbk", "石门县人民政府", "石门县2023年第一季度政府信息公开工作统计", "", '您的位置：<a href="/index.asp">首页</a> &gt; 统计数据', main, hside, foot)
add("32-home-quarterly-stats-gbk", "http://www.shimen.gov.cn/show.asp?id=3560", html, dict(
    note="Home-grown, GBK. Quarterly statistics: not a report. Non-report with no 落款 and no 发布机构 -> agency = 来源 石门县人民政府办公室. Static 浏览次数 48次 -> 48.",
    title="石门县2023年第一季度政府信息公开工作统计", published="2023-04-07", source="石门县人民政府办公室",
    editor=None, views=48, report_year=None, agency="石门县人民政府办公室", is_report=False, attachments=[],
    body_contains=["统计期限：2023年1月1日至2023年3月31日"], body_excludes=["某ICP备06003321号"]), charset="gbk")
