import json, os, re
OUT = os.path.dirname(os.path.abspath(__file__))  # this folder
PAGES = []

def add(name, url, html, exp, charset="utf-8"):
    PAGES.append((name, url, html, exp, charset))

def write_all():
    for name, url, html, exp, charset in PAGES:
        data = html.encode(charset)
        with open(os.path.join(OUT, name + ".html"), "wb") as f:
            f.write(data)
        rec = {"url": url}
        rec.update(exp)
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(rec, f, ensure_ascii=False, indent=2)
            f.write("\n")

def meta_charset(cs):
    return {"utf-8": '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
            "gbk": '<meta http-equiv="Content-Type" content="text/html; charset=gbk">',
            "gb2312": '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'}[cs]

# ---------------- TRS WCM -----------------
def trs(cs, site, dom, head_title, metas, crumb, main, side, icp, bsid, host_office):
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
{meta_charset(cs)}
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{head_title}</title>
<meta name="SiteName" content="{site}">
<meta name="SiteDomain" content="{dom}">
<meta name="SiteIDCode" content="{bsid}">
{metas}
<link href="/images/common.css" rel="stylesheet" type="text/css">
<script type="text/javascript" src="/images/jquery-1.11.3.min.js"></script>
<script type="text/javascript" src="/images/common.js"></script>
</head>
<body>
<div class="top-bar">
  <div class="w1200">
    <span class="today"><script>var d=new Date();var w=["日","一","二","三","四","五","六"];document.write(d.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日 星期"+w[d.getDay()]);</script></span>
    <span class="links"><a href="javascript:void(0)" onclick="wza()">无障碍</a> | <a href="/wap/">手机版</a> | <a href="http://{dom}/jianti/">繁體</a></span>
  </div>
</div>
<div class="header"><div class="w1200"><a href="/" class="logo"><img src="/images/logo.png" alt="{site}"></a>
<form class="search" action="/was5/web/search" method="get" target="_blank"><input type="text" name="searchword" placeholder="请输入关键字"><input type="submit" value="搜索"></form></div></div>
<div class="nav"><div class="w1200"><ul>
<li><a href="/">首页</a></li><li><a href="/zwdt/">政务动态</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zmhd/">政民互动</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/zjjc/">走进{site[:3]}</a></li>
</ul></div></div>
<div class="w1200 position">当前位置：{crumb}</div>
<div class="w1200 clearfix">
<div class="left-side">
{side}
</div>
<div class="main-right">
{main}
</div>
</div>
<div class="footer"><div class="w1200">
<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/sybz/">使用帮助</a></p>
<p>主办：{host_office}　版权所有：{site}</p>
<p>{icp}　网站标识码：{bsid}</p>
<p><script type="text/javascript">document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E"));</script></p>
</div></div>
</body>
</html>
"""

def trs_side(col, items):
    lis = "\n".join(f'<li><a href="{u}" title="{t}">{t}</a></li>' for u, t in items)
    return f"""<div class="side-box"><h3>{col}</h3><ul class="side-menu">
{lis}
</ul></div>"""

# ---------------- Hanweb -----------------
def hanweb(cs, site, head_title, metas, crumb, main, icp, bsid, extra_foot="", colid="1", webid="1"):
    return f"""<!DOCTYPE html>
<html>
<head>
{meta_charset(cs)}
<meta name="Generator" content="大汉版通">
<meta name="Author" content="大汉网络">
<title>{head_title}</title>
{metas}
<link rel="stylesheet" href="/images/{webid}/style.css">
<script language="javascript" src="/module/jslib/jquery/jquery.js"></script>
<script language="javascript" src="/module/jslib/urite/urite.min.js"></script>
<script language="javascript" src="/script/{webid}/common.js"></script>
</head>
<body>
<table width="1200" border="0" align="center" cellpadding="0" cellspacing="0" class="topbg">
<tr><td><img src="/images/{webid}/banner.jpg" alt="{site}"></td></tr>
</table>
<table width="1200" border="0" align="center" cellpadding="0" cellspacing="0" class="navbg">
<tr><td><a href="/">首页</a>　<a href="/col/col{colid}01/index.html">新闻中心</a>　<a href="/col/col{colid}02/index.html">信息公开</a>　<a href="/col/col{colid}03/index.html">网上办事</a>　<a href="/col/col{colid}04/index.html">互动交流</a></td></tr>
</table>
<table width="1200" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td class="bt_link">您当前所在位置：{crumb}</td></tr>
</table>
<table width="1200" border="0" align="center" cellpadding="0" cellspacing="0" class="bk">
<tr><td valign="top" style="padding:20px 40px">
{main}
</td></tr>
</table>
<table width="1200" border="0" align="center" cellpadding="0" cellspacing="0" class="footbg">
<tr><td align="center">
<p>主办单位：{site}办公室　承办：{site}大数据中心</p>
{extra_foot}
<p>{icp}　网站标识码：{bsid}</p>
<p>技术支持：大汉网络</p>
</td></tr></table>
</body>
</html>
"""

# ---------------- VSB -----------------
def vsb(cs, site, head_title, metas, crumb, main, side, icp, bsid, footer_extra=""):
    return f"""<!DOCTYPE html>
<html>
<head>
{meta_charset(cs)}
<title>{head_title}</title>
<meta name="pageType" content="3">
{metas}
<link rel="stylesheet" href="../../style/style.css" type="text/css">
<script type="text/javascript" src="/system/resource/js/counter.js"></script>
<script type="text/javascript" src="/system/resource/js/dynclicks.js"></script>
<script type="text/javascript" src="/system/resource/js/openlink.js"></script>
</head>
<body>
<div class="head"><div class="wrap"><img src="../../images/logo.png" alt="{site}"><div class="sch"><form name="form_search" action="../../search.jsp?wbtreeid=1001" method="post"><input name="keyword" type="text"><input type="submit" value="检索"></form></div></div></div>
<div class="nav"><div class="wrap"><a href="../../index.htm">首页</a><a href="../../xwzx.htm">新闻中心</a><a href="../../zwgk.htm">政务公开</a><a href="../../bsfw.htm">办事服务</a><a href="../../hdjl.htm">互动交流</a></div></div>
<div class="wrap clearfix">
<div class="sidebar">
{side}
</div>
<div class="content">
<div class="curpos">当前位置: {crumb}</div>
{main}
</div>
</div>
<div class="foot"><div class="wrap">
{footer_extra}
<p>版权所有：{site}　地址：{site[:3]}政务中心大楼　邮编：{bsid[-6:]}</p>
<p>{icp}　网站标识码：{bsid}</p>
</div></div>
</body>
</html>
"""

# ---------------- DedeCMS -----------------
def dede(cs, site, head_title, metas, crumb, main, side, icp, footer_extra=""):
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
{meta_charset(cs)}
<title>{head_title}</title>
<meta name="keywords" content="{site},政府信息公开">
{metas}
<link href="/templets/default/style/dedecms.css" rel="stylesheet" media="screen" type="text/css">
<script language="javascript" type="text/javascript" src="/include/dedeajax2.js"></script>
</head>
<body class="articleview">
<div class="header"><div class="top w960 center"><div class="title"><h1><a href="/"><img src="/templets/default/images/logo.gif" alt="{site}"></a></h1></div></div>
<div class="module blue mT10 wrapper w963"><div id="navMenu"><ul>
<li><a href="/"><span>主页</span></a></li><li><a href="/a/zwdt/"><span>政务动态</span></a></li><li><a href="/a/xxgk/"><span>信息公开</span></a></li><li><a href="/a/bmdt/"><span>部门动态</span></a></li><li><a href="/a/xzzc/"><span>乡镇之窗</span></a></li>
</ul></div></div></div>
<div class="w960 center clear mt1">
<div class="pleft">
<div class="place"><strong>当前位置:</strong> {crumb}</div>
<div class="viewbox">
{main}
</div>
</div>
<div class="pright">
{side}
</div>
</div>
<div class="footer w960 center mt1 clear">
<div class="footer_body">
{footer_extra}
<p class="powered">Copyright &copy; {site} 版权所有　{icp}</p>
</div></div>
</body>
</html>
"""

def dede_side(items, head="热点文章"):
    lis = "\n".join(f'<li><a href="{u}">{t}</a></li>' for u, t in items)
    return f"""<div class="commend mt1"><dl class="tbox light"><dt class="light"><strong>{head}</strong></dt><dd class="light"><ul class="c1 ico2">
{lis}
</ul></dd></dl></div>"""

# ---------------- PowerEasy -----------------
def powereasy(cs, site, head_title, metas, crumb, main, side, icp, footer_extra="", logo_h1=True):
    logo = f'<h1 class="logo">{site}</h1>' if logo_h1 else f'<div class="logo"><img src="/Skin/gov/logo.png" alt="{site}"></div>'
    return f"""<!DOCTYPE html>
<html>
<head>
{meta_charset(cs)}
<title>{head_title}</title>
<meta name="generator" content="PowerEasy SiteFactory">
{metas}
<link href="/Skin/gov/default.css" rel="stylesheet" type="text/css">
<script type="text/javascript" src="/js/jquery.pack.js"></script>
<script type="text/javascript" src="/js/Common.js"></script>
</head>
<body>
<div id="top">{logo}<div class="toplink"><a href="/">设为首页</a> <a href="/">加入收藏</a></div></div>
<div id="menu"><a href="/">网站首页</a><a href="/Category_11/Index.aspx">新闻中心</a><a href="/Category_12/Index.aspx">政府信息公开</a><a href="/Category_13/Index.aspx">公共服务</a><a href="/Category_14/Index.aspx">互动交流</a></div>
<div id="main">
<div class="location">您现在的位置：{crumb}</div>
<div class="main_left">
{side}
</div>
<div class="main_right">
{main}
</div>
</div>
<div id="bottom">
{footer_extra}
<p>{site} 主办　{icp}</p>
<p>建议使用1024×768分辨率浏览本站</p>
</div>
</body>
</html>
"""

# ---------------- gkmlpt -----------------
def gkmlpt(cs, site, head_title, metas, crumb, table_rows, main, icp, bsid):
    cells = ""
    for i in range(0, len(table_rows), 2):
        pair = table_rows[i:i+2]
        cells += "<tr>" + "".join(f'<td class="first">{k}</td><td class="td-value" {"colspan=3" if len(pair)==1 else ""}>{v}</td>' for k, v in pair) + "</tr>\n"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{meta_charset(cs)}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{head_title}</title>
{metas}
<link rel="stylesheet" href="/gkmlpt/static/css/content.css">
<script src="/gkmlpt/static/js/jquery.min.js"></script>
<script>var _CONFIG = {{"SID": "755053", "SITE_NAME": "{site}"}};</script>
</head>
<body>
<div class="header"><div class="container"><a class="logo" href="/"><img src="/img/logo.png" alt="{site}"></a></div></div>
<div class="nav"><div class="container"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/gkmlpt/index">政府信息公开</a><a href="/hdjl/">互动交流</a></div></div>
<div class="container">
<div class="crumb">{crumb}</div>
<div class="content-container">
<div class="classify">
<table class="table-classify">
{cells}</table>
</div>
{main}
</div>
</div>
<div class="footer"><div class="container">
<p>主办：{site}办公室　承办：{site}政务服务数据管理局</p>
<p>{icp}　网站标识码：{bsid}</p>
</div></div>
</body>
</html>
"""

# ---------------- home-grown -----------------
def home(cs, site, head_title, metas, crumb, main, side, footer_html):
    return f"""<!DOCTYPE html>
<html>
<head>
{meta_charset(cs)}
<title>{head_title}</title>
{metas}
<link rel="stylesheet" type="text/css" href="/css/main.css">
<script type="text/javascript" src="/js/jquery-1.8.3.min.js"></script>
<script type="text/javascript" src="/js/menu.js"></script>
</head>
<body>
<div id="header"><div class="banner"><img src="/images/banner.jpg" alt="{site}"></div>
<ul id="menu"><li><a href="/index.asp">首 页</a></li><li><a href="/news.asp?cid=1">要闻动态</a></li><li><a href="/xxgk.asp">信息公开</a></li><li><a href="/bsdt.asp">办事大厅</a></li><li><a href="/gzcy.asp">公众参与</a></li></ul></div>
<div id="container">
<div id="crumb">{crumb}</div>
<div id="leftbar">
{side}
</div>
<div id="article">
{main}
</div>
</div>
<div id="footer">
{footer_html}
</div>
</body>
</html>
"""

def stats_2021(active_gz=(0,0,0), gf=(2,1,9), xk=156, cf=38, qz=4, fee="0", new=(6,0,0,0,0,0,6), done=None):
    done = done or new
    return f"""<p style="text-align:center"><strong>二、主动公开政府信息情况</strong></p>
<table border="1" cellspacing="0" cellpadding="0" width="600" align="center">
<tbody>
<tr><td colspan="4" style="text-align:center">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>{active_gz[0]}</td><td>{active_gz[1]}</td><td>{active_gz[2]}</td></tr>
<tr><td>行政规范性文件</td><td>{gf[0]}</td><td>{gf[1]}</td><td>{gf[2]}</td></tr>
<tr><td colspan="4" style="text-align:center">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">{xk}</td></tr>
<tr><td colspan="4" style="text-align:center">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="3">{cf}</td></tr>
<tr><td>行政强制</td><td colspan="3">{qz}</td></tr>
<tr><td colspan="4" style="text-align:center">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">{fee}</td></tr>
</tbody></table>
<p style="text-align:center"><strong>三、收到和处理政府信息公开申请情况</strong></p>
<table border="1" cellspacing="0" cellpadding="0" width="600" align="center">
<tbody>
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>{''.join(f'<td>{x}</td>' for x in new)}</tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>{''.join(f'<td>{x}</td>' for x in done)}</tr>
<tr><td colspan="2">（七）总计</td>{''.join(f'<td>{x}</td>' for x in new)}</tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</tbody></table>"""
