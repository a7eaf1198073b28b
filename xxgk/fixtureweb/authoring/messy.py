"""A messy 2019-format statistics section, as real sites publish it (longgang-gov 2020 report of
the 法律援助处): letter-spaced and ``<br>``-split labels, merged (colspan=5) empty 法人 cells,
``&nbsp;`` and ``/`` for empty cells, ``增加5``, ``+1``, ``减少2``, ``1,024``, ``3405820元``, and a
typo in 四、结转下年度继续办理 (总计 2 instead of 3) so that the table's own identity fails.
Every number is written down in tests/data/stats/longgang_messy_2020.expected.json."""
from __future__ import annotations

NB = "&nbsp;"
TABLE = '<table border="1" cellspacing="0" cellpadding="0" style="width:600px;border-collapse:collapse;">'


def _tr(*cells: str) -> str:
    return "<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in cells) + "</tr>"


def active() -> str:
    head = lambda item, *h: (_tr(f'<td colspan="4" style="text-align:center;">第二十条第{item}项</td>')  # noqa: E731
                             + _tr("信息内容", *h))
    return "\n".join([
        TABLE, head("（一）", "本年新<br>制作数量", "本年新<br>公开数量", "对外公开<br>总数量"),
        _tr("规　　章", "0", "0", "/"), _tr("规范性文件", "2", "2", "15"),
        head("（五）", "上一年<br>项目数量", "本年增/减", "处理决定<br>数量"),
        _tr("行政许可", "12", "增加5", "1,024"), _tr("其他对外管理服务事项", "3", "+1", "36"),
        head("（六）", "上一年<br>项目数量", "本年增/减", "处理决定<br>数量"),
        _tr("行政处罚", "8", "减少2", "41"), _tr("行政强制", "2", "0", "3"),
        head("（八）", "上一年<br>项目数量", "本年增/减", NB),
        _tr("行政事业性收费", "4", NB, NB),
        _tr('<td colspan="4" style="text-align:center;">第二十条第（九）项</td>'),
        _tr("信息内容", "采购项目数量", '<td colspan="2">采购总金额</td>'),
        _tr("政府集中采购", "6", '<td colspan="2">3405820元</td>'), "</table>"])


MERGED = f'<td colspan="5">{NB}</td>'
# label cells, then natural person, the five 法人 columns (or one merged cell), total
ROWS = [
    ('<td colspan="3">一、本年新收政府信息公开申请数量</td>', ["30", "4", NB, NB, NB, NB, "34"]),
    ('<td colspan="3">二、上年结转政府信息公开申请数量</td>', ["3", MERGED, "3"]),
    ('<td rowspan="20">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>', ["18", "2", "0", "0", "0", "0", "20"]),
    ('<td colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td>', ["5", MERGED, "5"]),
    ('<td rowspan="8">（三）不予公开</td><td>1.属于国家秘密</td>', [NB, MERGED, NB]),
    ("<td>2.其他法律行政法规禁止公开</td>", [NB, MERGED, NB]),
    ("<td>3.危及“三安全一稳定”</td>", [NB, MERGED, NB]),
    ("<td>4.保护第三方合法权益</td>", ["1", MERGED, "1"]),
    ("<td>5.属于三类内部事务信息</td>", ["/", MERGED, "/"]),
    ("<td>6.属于四类过程性信息</td>", [NB, MERGED, NB]),
    ("<td>7.属于行政执法案卷</td>", [NB, MERGED, NB]),
    ("<td>8.属于行政查询事项</td>", [NB, MERGED, NB]),
    ('<td rowspan="3">（四）无法提供</td><td>1.本机关不掌握相关政府信息</td>', ["4", MERGED, "4"]),
    ("<td>2.没有现成信息需要另行制作</td>", [NB, "1", NB, NB, NB, NB, "1"]),
    ("<td>3.补正后申请内容仍不明确</td>", [NB, MERGED, NB]),
    ('<td rowspan="5">（五）不予处理</td><td>1.信访举报投诉类申请</td>', [NB, MERGED, NB]),
    ("<td>2.重复申请</td>", ["2", MERGED, "2"]),
    ("<td>3.要求提供公开出版物</td>", [NB, MERGED, NB]),
    ("<td>4.无正当理由大量反复申请</td>", [NB, MERGED, NB]),
    ("<td>5.要求行政机关确认或重新出具已获取信息</td>", [NB, MERGED, NB]),
    ('<td colspan="2">（六）其他处理</td>', ["1", MERGED, "1"]),
    ('<td colspan="2">（七）总　计</td>', ["31", "3", NB, NB, NB, NB, "34"]),
    ('<td colspan="3">四、结转下年度继续办理</td>', ["2", "1", NB, NB, NB, NB, "2"]),
]


def applications() -> str:
    out = [TABLE,
           '<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，<br>等于第三项加第四项之和）</td>'
           '<td colspan="7">申请人情况</td></tr>',
           '<tr><td rowspan="2">自 然 人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总&nbsp;&nbsp;计</td></tr>',
           "<tr><td>商业<br>企业</td><td>科研<br>机构</td><td>社会公益<br>组织</td><td>法律服务<br>机构</td><td>其他</td></tr>"]
    for labels, values in ROWS:
        out.append("<tr>" + labels + "".join(v if v.startswith("<td") else f"<td>{v}</td>" for v in values) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def review() -> str:
    spaced = lambda s: "<br>".join(s)  # noqa: E731  one character per line (PDF-to-HTML)
    heads = "".join(f"<td>{spaced(h)}</td>" for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
    values = ["1", "0", "0", "1", "2", "0", "0", "0", "1", "1"] + [NB] * 5
    return "\n".join([
        TABLE, '<tr><td colspan="5">行 政 复 议</td><td colspan="10">行 政 诉 讼</td></tr>',
        '<tr><td rowspan="2">结果<br>维持</td><td rowspan="2">结果<br>纠正</td><td rowspan="2">其他<br>结果</td>'
        '<td rowspan="2">尚未<br>审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td>'
        '<td colspan="5">复议后起诉</td></tr>',
        f"<tr>{heads}{heads}</tr>", "<tr>" + "".join(f"<td>{v}</td>" for v in values) + "</tr>", "</table>"])


def report(agency: str, overview: str) -> str:
    p = lambda t: f'<p style="text-indent:2em;">{t}</p>'  # noqa: E731
    return "\n".join([
        p("本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限为2020年1月1日至12月31日。"),
        "<p><strong>一、总体情况</strong></p>", p(overview),
        "<p><strong>二、主动公开政府信息情况</strong></p>", active(),
        "<p><strong>三、收到和处理政府信息公开申请情况</strong></p>", applications(),
        "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>", review(),
        "<p><strong>五、存在的主要问题及改进情况</strong></p>", p("统计口径有待统一，个别数据填报有误。"),
        "<p><strong>六、其他需要报告的事项</strong></p>", p("无。"),
        f'<p style="text-align:right;">{agency}</p>', '<p style="text-align:right;">2021年3月15日</p>'])
