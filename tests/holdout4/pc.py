from common import *

def prose_2019(org, n):
    return f"""<p>　　<strong>一、总体情况</strong></p>
<p>　　本年度，{org}坚持以公开为常态、不公开为例外，主动公开政府信息{n}条，及时更新机构职能、政策文件、财政资金等栏目。</p>
<p>　　<strong>二、主动公开政府信息情况</strong></p>
<p>　　本年新制作规范性文件0件，行政许可处理决定12件，行政处罚处理决定3件。</p>
<p>　　<strong>三、收到和处理政府信息公开申请情况</strong></p>
<p>　　本年度共收到政府信息公开申请1件，已按期答复。</p>
<p>　　<strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>
<p>　　本年度无政府信息公开行政复议、行政诉讼情况。</p>
<p>　　<strong>五、存在的主要问题及改进情况</strong></p>
<p>　　信息公开的主动性仍需增强，下一步将加强人员培训。</p>
<p>　　<strong>六、其他需要报告的事项</strong></p>
<p>　　无。</p>"""

# ---------- 11 VSB GBK: …政府信息公开年报, static 阅读 ----------
JQ = dict(site="江岑市人民政府", icp="某ICP备07002219号-1", bsid="4211000015")
vside = """<div class="side-tit">信息公开年报</div><ul class="side-list"><li><a href="../../xxgk/ndbg.htm">年度报告</a></li><li><a href="../../xxgk/gkzn.htm">公开指南</a></li></ul>"""
main = """<form name="_newscontent_fromname">
<div class="arti-title" align="center"><h1>江岑市审计局2022年政府信息公开年报</h1></div>
<div class="arti-meta">日期：2023-01-16 10:20　来源：江岑市审计局　阅读：87次</div>
<div id="vsb_content"><div class="v_news_content">
<p>　　按照《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求，江岑市审计局编制本年报。</p>
""" + stats_2021(gf=(0,0,1), xk=0, cf=2, qz=0, new=(1,0,0,0,0,0,1)) + """
<p>　　<b>四、政府信息公开行政复议、行政诉讼情况</b></p><p>　　无。</p>
<p>　　<b>五、存在的主要问题及改进情况</b></p><p>　　审计结果公告的解读还不够通俗。</p>
<p>　　<b>六、其他需要报告的事项</b></p><p>　　本年度未收取信息处理费。</p>
<p style="text-align:right">江岑市审计局</p><p style="text-align:right">2023年1月16日</p>
</div></div>
<div class="arti-bottom">【<a href="javascript:window.print()">打印此页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="prevnext"><p>上一条：<a href="1105/3301.htm">江岑市审计局2021年政府信息公开年报</a></p><p>下一条：没有了</p></div>
</form>"""
html = vsb("gbk", JQ["site"], "江岑市审计局2022年政府信息公开年报-江岑市人民政府", "", '<a href="../../index.htm">首页</a> &gt;&gt; <a href="../../xxgk.htm">信息公开</a> &gt;&gt; 正文', main, vside, JQ["icp"], JQ["bsid"])
add("11-vsb-nianbao-static-yuedu-gbk", "http://www.jiangcen.gov.cn/info/1105/3388.htm", html, dict(
    note="VSB, GBK. Patterns: title ending …政府信息公开年报 is a report (year 2022). Label 日期 gives published. 阅读：87次 printed statically -> 87. Prev link to the 2021 年报 is chrome.",
    title="江岑市审计局2022年政府信息公开年报", published="2023-01-16", source="江岑市审计局",
    editor=None, views=87, report_year=2022, agency="江岑市审计局", is_report=True, attachments=[],
    body_contains=["江岑市审计局编制本年报", "审计结果公告的解读还不够通俗"],
    body_excludes=["江岑市审计局2021年政府信息公开年报", "某ICP备07002219号-1"]), charset="gbk")

# ---------- 12 DedeCMS: 政务公开年报, 作者 vs footer 责任编辑 ----------
XY = dict(site="汐阳县人民政府", icp="某ICP备10007765号")
side = dede_side([("/a/xxgk/ndbg/2020/0115/901.html", "汐阳县财政局2019年度政务公开年报")])
main = """<div class="title"><h2>汐阳县交通运输局2019年度政务公开年报</h2></div>
<div class="info"><small>时间:</small>2020-01-19<small>来源:</small>县交通运输局<small>作者:</small>张敏<small>点击:</small>532次</div>
<div class="content"><table width="100%"><tr><td>
<p>　　根据《中华人民共和国政府信息公开条例》规定，汐阳县交通运输局编制2019年度政务公开年报。</p>
""" + prose_2019("县交通运输局", 204) + """
<p>　　（责任编辑：何平）</p>
</td></tr></table></div>
<div class="handle"><div class="context"><ul><li>上一篇：<a href="/a/xxgk/ndbg/2020/0118/905.html">汐阳县水利局2019年度政务公开年报</a></li><li>下一篇：没有了</li></ul></div></div>"""
html = dede("utf-8", XY["site"], "汐阳县交通运输局2019年度政务公开年报_汐阳县人民政府", "", '<a href="/">主页</a> &gt; <a href="/a/xxgk/">信息公开</a> &gt;', main, side, XY["icp"])
add("12-dede-zhengwu-gongkai-nianbao", "http://www.xiyang.gov.cn/a/xxgk/ndbg/2020/0119/906.html", html, dict(
    note="DedeCMS. Patterns: …政务公开年报 is a report (2019). 点击:532次 printed statically -> 532. Editor: 责任编辑 in the （责任编辑：何平） footer wins over 作者 张敏. Source 县交通运输局 literal; agency the fuller title form.",
    title="汐阳县交通运输局2019年度政务公开年报", published="2020-01-19", source="县交通运输局",
    editor="何平", views=532, report_year=2019, agency="汐阳县交通运输局", is_report=True, attachments=[],
    body_contains=["汐阳县交通运输局编制2019年度政务公开年报", "主动公开政府信息204条"],
    body_excludes=["汐阳县水利局2019年度政务公开年报", "汐阳县财政局2019年度政务公开年报"]))

# ---------- 13 TRS GBK: 图片版 ----------
LZ = dict(site="临泽区人民政府", dom="www.linze-qu.gov.cn", icp="某ICP备15003344号", bsid="6207230002")
side = trs_side("年度报告", [("../202101/t20210125_500101.html", "临泽区司法局2020年度政府信息公开工作年度报告")])
main = """<div class="detail">
<h1 class="detail-title">临泽区司法局2021年度政府信息公开工作年度报告（图片版）</h1>
<div class="detail-info"><span>发布日期：2022年01月25日</span><span>来源：区司法局</span><span>浏览次数：<script>document.write(getHits('600212'));</script></span></div>
<div class="TRS_Editor">
<p>（共3页，点击图片可查看大图）</p>
<p style="text-align:center"><img src="./W020220125391201.jpg" width="800" height="1131" alt="" OLDSRC="W020220125391201.jpg"></p>
<p style="text-align:center"><img src="./W020220125391202.jpg" width="800" height="1131" alt="" OLDSRC="W020220125391202.jpg"></p>
<p style="text-align:center"><img src="./W020220125391203.jpg" width="800" height="1131" alt="" OLDSRC="W020220125391203.jpg"></p>
</div>
<div class="share">分享到：<a href="javascript:;">微信</a> <a href="javascript:;">微博</a></div>
</div>"""
metas = """<meta name="ArticleTitle" content="临泽区司法局2021年度政府信息公开工作年度报告（图片版）">
<meta name="PubDate" content="2022-01-25 17:02">
<meta name="ContentSource" content="区司法局">"""
html = trs("gbk", LZ["site"], LZ["dom"], "临泽区司法局2021年度政府信息公开工作年度报告（图片版）_临泽区人民政府", metas, '<a href="/">首页</a> &gt; <a href="/zwgk/ndbg/">年度报告</a>', main, side, LZ["icp"], LZ["bsid"], "临泽区人民政府办公室")
add("13-trs-tupianban-gbk", "http://www.linze-qu.gov.cn/zwgk/ndbg/202201/t20220125_600212.html", html, dict(
    note="TRS WCM, GBK. Patterns: （图片版） report: is_report true, year 2021; body is three scans (page images, not attachments) -> attachments []. 浏览次数 written by document.write(getHits) -> null. Date 2022年01月25日.",
    title="临泽区司法局2021年度政府信息公开工作年度报告（图片版）", published="2022-01-25", source="区司法局",
    editor=None, views=None, report_year=2021, agency="临泽区司法局", is_report=True, attachments=[],
    body_contains=["共3页，点击图片可查看大图"], body_excludes=["临泽区司法局2020年度政府信息公开工作年度报告", "分享到"]), charset="gbk")

# ---------- 14 Hanweb: 年度报告图片版 (no brackets), town ----------
HP = dict(site="霞浦县人民政府", icp="某ICP备04009911号", bsid="3509210004")
main = """<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="title" align="center">沙埕镇人民政府2020年政府信息公开工作年度报告图片版</td></tr>
<tr><td align="center" class="info">发布日期：2021-03-19　信息来源：沙埕镇　浏览次数：<span id="hits"></span></td></tr>
<tr><td class="bt_content" id="zoom">
<!--ZJEG_RSS.content.begin--><meta name="ContentStart">
<p align="center"><img src="/picture/0/2103191530271.jpg" width="900" height="1273" border="0"></p>
<p align="center"><img src="/picture/0/2103191530272.jpg" width="900" height="1273" border="0"></p>
<meta name="ContentEnd"><!--ZJEG_RSS.content.end-->
</td></tr></table>
<script>$.ajax({url:"/module/visitcount/visit.jsp",data:{type:3,i_webid:9,i_columnid:9121,i_articleid:412233},success:function(n){$("#hits").html(n);}});</script>"""
metas = """<meta name="ArticleTitle" content="沙埕镇人民政府2020年政府信息公开工作年度报告图片版">
<meta name="PubDate" content="2021-03-19 15:30">
<meta name="ContentSource" content="沙埕镇">
<meta name="Maketime" content="2021-03-22 08:00:00">"""
html = hanweb("utf-8", HP["site"], "沙埕镇人民政府2020年政府信息公开工作年度报告图片版 霞浦县人民政府", metas, '<a href="/">首页</a> &gt; <a href="/col/col9121/index.html">乡镇年报</a>', main, HP["icp"], HP["bsid"], colid="91", webid="9")
add("14-hanweb-tupianban-no-bracket-town", "http://www.xiapu-demo.gov.cn/art/2021/3/19/art_9121_412233.html", html, dict(
    note="Hanweb. Patterns: …年度报告图片版 (version note without brackets) is a report, year 2020; body is two scans. Agency 沙埕镇人民政府 from the title (fuller than 信息来源 沙埕镇). Views via visit.jsp AJAX -> null. Maketime ignored.",
    title="沙埕镇人民政府2020年政府信息公开工作年度报告图片版", published="2021-03-19", source="沙埕镇",
    editor=None, views=None, report_year=2020, agency="沙埕镇人民政府", is_report=True, attachments=[],
    body_contains=[], body_excludes=["技术支持：大汉网络", "某ICP备04009911号"]))

# ---------- 15 gkmlpt: （超链版） with PDF attachment ----------
LG = dict(site="鹭港市人民政府", icp="某ICP备05011223号", bsid="4407000021")
rows = [("索引号", "007335912/2023-00031"), ("分类", "年度报告"), ("发布机构", "鹭港市医疗保障局"), ("成文日期", "2023-01-29"),
        ("名称", "鹭港市医疗保障局2022年政府信息公开工作年度报告（超链版）"), ("文号", ""), ("发布日期", "2023-01-30"), ("主题词", "")]
main = """<div class="article">
<h1 class="content-title">鹭港市医疗保障局2022年政府信息公开工作年度报告（超链版）</h1>
<div class="article-content" id="zoom">
<p>　　<strong>一、总体情况</strong></p>
<p>　　2022年，我局主动公开<a href="/gkmlpt/content/3/3500/post_1200012.html">医保基金监管</a>、<a href="/gkmlpt/content/3/3500/post_1200015.html">医药价格和招采</a>等信息196条，发布<a href="/gkmlpt/content/3/3501/post_1200101.html">政策解读</a>11篇。</p>
<p>　　<strong>二至六部分</strong>详见附件。</p>
<p>附件：<a href="/attachment/0/512/512330/1234890.pdf">鹭港市医疗保障局2022年政府信息公开工作年度报告.pdf</a></p>
</div>
<div class="content-foot"><a href="javascript:window.print();">【打印】</a></div>
</div>"""
html = gkmlpt("utf-8", LG["site"], "鹭港市医疗保障局2022年政府信息公开工作年度报告（超链版）-鹭港市人民政府门户网站", "", '<a href="/">首页</a> &gt; <span>年度报告</span>', rows, main, LG["icp"], LG["bsid"])
add("15-gkmlpt-chaolianban-pdf", "http://www.lugang.gov.cn/gkmlpt/content/3/3502/post_1234890.html", html, dict(
    note="gkmlpt. Patterns: （超链版） report, year 2022. In-body hyperlinks to html articles are not attachments; the root-relative PDF is. No 来源 -> source is 发布机构. No view counter -> null.",
    title="鹭港市医疗保障局2022年政府信息公开工作年度报告（超链版）", published="2023-01-30", source="鹭港市医疗保障局",
    editor=None, views=None, report_year=2022, agency="鹭港市医疗保障局", is_report=True,
    attachments=[{"url": "http://www.lugang.gov.cn/attachment/0/512/512330/1234890.pdf", "text": "鹭港市医疗保障局2022年政府信息公开工作年度报告.pdf"}],
    body_contains=["等信息196条", "详见附件"], body_excludes=["007335912/2023-00031", "某ICP备05011223号"]))

# ---------- 16 home-grown: （超链版）, relative docx, 2018/3/28-style date ----------
main = """<h1 class="atitle">石门县教育局2021年政府信息公开工作年度报告（超链版）</h1>
<div class="ainfo">发布时间：2022/1/27 9:40:00　信息来源：县教育局　发布人：教育局信息员　点击次数：<span id="hit"></span></div>
<script src="/inc/hits.asp?id=3312&act=write"></script>
<div class="acontent">
<p>　　一、总体情况。2021年，县教育局通过<a href="/xxgk.asp?cid=21">教育信息公开专栏</a>主动公开招生入学、教育收费等信息233条。</p>
<p>　　二至六部分见附件：<a href="./upload/2022/01/P020220127334455.docx">石门县教育局2021年政府信息公开工作年度报告.docx</a></p>
</div>
<div class="abottom"><a href="javascript:window.print()">打印本页</a> | <a href="/upload/sqb.doc">政府信息公开申请表.doc</a></div>"""
hside = """<div class="lbox"><h3>信息公开</h3><ul><li><a href="/xxgk.asp?cid=15">年度报告</a></li></ul></div>"""
foot = """<p>主办：石门县人民政府办公室　承办：石门县信息中心</p><p>某ICP备06003321号</p>"""
html = home("utf-8", "石门县人民政府", "石门县教育局2021年政府信息公开工作年度报告（超链版）", "", '您的位置：<a href="/index.asp">首页</a> &gt; 年度报告', main, hside, foot)
add("16-home-chaolianban-docx", "http://www.shimen.gov.cn/show.asp?id=3312", html, dict(
    note="Home-grown. Patterns: （超链版） report, 2021. Date 2022/1/27 with time -> 2022-01-27. 点击次数 (read as the 点击 label) is an empty span filled by the hits.asp script -> null. 发布人 gives the editor (no 责任编辑). Attachment: relative ./upload/… docx resolved against the article's directory; the 申请表.doc in the bottom bar is site-wide -> excluded.",
    title="石门县教育局2021年政府信息公开工作年度报告（超链版）", published="2022-01-27", source="县教育局",
    editor="教育局信息员", views=None, report_year=2021, agency="石门县教育局", is_report=True,
    attachments=[{"url": "http://www.shimen.gov.cn/upload/2022/01/P020220127334455.docx", "text": "石门县教育局2021年政府信息公开工作年度报告.docx"}],
    body_contains=["主动公开招生入学、教育收费等信息233条"], body_excludes=["政府信息公开申请表.doc", "某ICP备06003321号"]))
