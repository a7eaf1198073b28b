<html>
<head>
<title>首页--定西市安定区司法局</title>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<meta name="keywords" content="安定区司法局,司法行政,政府信息公开">
<link href="/anding-sfj/Skin/DefaultSkin.css" rel="stylesheet" type="text/css">
<script language="JavaScript" type="text/JavaScript" src="/anding-sfj/js/menu.js"></script>
</head>
<body leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0" class="top_tdbgall">
<tr><td class="top_top"><a href="/anding-sfj/Index.asp">网站首页</a> | <a href="/anding-sfj/Article/Index.asp">文章中心</a> | <a href="/anding-sfj/GuestBook/Index.asp">留言板</a></td></tr>
<tr><td><img src="/anding-sfj/Images/top_banner.jpg" width="960" height="120" alt="定西市安定区司法局"></td></tr>
<tr><td class="menu_s"><a class="Channel" href="/anding-sfj/Index.asp">首页</a> | <a class="Channel" href="/anding-sfj/Article/ShowClass.asp?ClassID=1">工作动态</a> | <a class="Channel" href="/anding-sfj/Article/ShowClass.asp?ClassID=5">政府信息公开</a> | <a class="Channel" href="/anding-sfj/Article/ShowClass.asp?ClassID=8">法律服务</a></td></tr>
</table>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td width="220" valign="top" class="left_tdbgall"><div class="left_title">相关文章</div>
<ul><li><a href="/anding-sfj/Article/ShowArticle.asp?ArticleID=1170">安定区召开2021年全区司法行政工作会议</a></li>
<li><a href="/anding-sfj/Article/ShowArticle.asp?ArticleID=1121">安定区人民调解员培训班开班</a></li></ul></td>
<td valign="top" class="main_tdbgall">
<div class="main_title">您现在的位置：&nbsp;<a href="/anding-sfj/Index.asp">定西市安定区司法局</a>&nbsp;&gt;&gt;&nbsp;<a href="/anding-sfj/Article/Index.asp">文章中心</a>&nbsp;&gt;&gt;&nbsp;<a href="/anding-sfj/Article/ShowClass.asp?ClassID=5">政府信息公开</a></div>
<a href="/anding-sfj/Article/ShowClass.asp?ClassID=5">政府信息公开</a>
</td></tr></table>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0" class="Bottom_tdbgall"><tr><td class="Bottom_Copyright">
版权所有：定西市安定区司法局　地址：定西市安定区中华路12号　陇ICP备09001234号<br>技术支持：动易网络</td></tr></table>
</body>
</html>
