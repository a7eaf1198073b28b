"""Report body building blocks shared by the site modules.

Old-regime (2008–2018) reports are prose; 2019+ reports follow the standard format with the
section 二/三/四 tables (2019 format or the 2021 revision), laid out as real sites do: rowspan and
colspan, headers split with ``<br>``, empty cells as ``&nbsp;``.
"""
from __future__ import annotations


def paras(*texts: str, indent: bool = True) -> str:
    style = ' style="text-indent:2em;"' if indent else ""
    return "\n".join(f"<p{style}>{t}</p>" for t in texts)


def signature(agency: str, date_cn: str) -> str:
    """The 落款 block at the end of the body (a date decoy)."""
    return (f'<p style="text-align:right;">{agency}</p>\n'
            f'<p style="text-align:right;">{date_cn}</p>')


def _row(cells, tag="td") -> str:
    return "<tr>" + "".join(c if c.startswith("<t") else f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _v(x) -> str:
    return "&nbsp;" if x in (None, "") else str(x)


def table_active(fmt: int, n: dict) -> str:
    """Section 二 (主动公开) table; ``n`` maps row labels to value lists."""
    t = ['<table border="1" cellspacing="0" cellpadding="0" width="600">']
    if fmt == 2019:
        t.append(_row(['<td colspan="4" style="text-align:center;">第二十条第（一）项</td>']))
        t.append(_row(["信息内容", "本年新<br>制作数量", "本年新<br>公开数量", "对外公开<br>总数量"]))
        for label in ("规章", "规范性文件"):
            t.append(_row([label] + [_v(x) for x in n.get(label, [None] * 3)]))
        for item, rows, heads in [("（五）", ["行政许可", "其他对外管理服务事项"], ["上一年<br>项目数量", "本年增/减", "处理决定数量"]),
                                  ("（六）", ["行政处罚", "行政强制"], ["上一年<br>项目数量", "本年增/减", "处理决定数量"]),
                                  ("（八）", ["行政事业性收费"], ["上一年<br>项目数量", "本年增/减", "&nbsp;"])]:
            t.append(_row([f'<td colspan="4" style="text-align:center;">第二十条第{item}项</td>']))
            t.append(_row(["信息内容"] + heads))
            for label in rows:
                vals = n.get(label, [None] * 3)
                vals = vals if isinstance(vals, list) else [None, None, vals]
                t.append(_row([label] + [_v(x) for x in vals]))
        t.append(_row(['<td colspan="4" style="text-align:center;">第二十条第（九）项</td>']))
        t.append(_row(["信息内容", "采购项目数量", '<td colspan="2">采购总金额</td>']))
        p = n.get("政府集中采购", [None, None])
        t.append(_row(["政府集中采购", _v(p[0]), f'<td colspan="2">{_v(p[1])}</td>']))
    else:
        t.append(_row(['<td colspan="4" style="text-align:center;">第二十条第（一）项</td>']))
        t.append(_row(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]))
        for label in ("规章", "行政规范性文件"):
            t.append(_row([label] + [_v(x) for x in n.get(label, [None] * 3)]))
        for item, rows, head in [("（五）", ["行政许可"], "本年处理决定数量"),
                                 ("（六）", ["行政处罚", "行政强制"], "本年处理决定数量"),
                                 ("（八）", ["行政事业性收费"], "本年收费金额（单位：万元）")]:
            t.append(_row([f'<td colspan="4" style="text-align:center;">第二十条第{item}项</td>']))
            t.append(_row(["信息内容", f'<td colspan="3">{head}</td>']))
            for label in rows:
                t.append(_row([label, f'<td colspan="3">{_v(n.get(label))}</td>']))
    t.append("</table>")
    return "\n".join(t)


APPLY_ROWS_2019 = [
    ("（一）予以公开", None), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("（三）不予公开", ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                    "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                    "7.属于行政执法案卷", "8.属于行政查询事项"]),
    ("（四）无法提供", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]),
    ("（五）不予处理", ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                    "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"]),
]
OTHER_2021 = ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
              "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]


def table_applications(fmt: int, new: int, carried: int, public: int, partial: int,
                       none_held: int) -> str:
    """Section 三 table. Only the 自然人 and 总计 columns get numbers; the rest stay ``&nbsp;``."""
    def vals(x):
        x = _v(x if x else None)
        return [f"<td>{x}</td>"] + ["<td>&nbsp;</td>"] * 5 + [f"<td>{x}</td>"]

    groups = list(APPLY_ROWS_2019)
    groups.append(("（六）其他处理", OTHER_2021 if fmt == 2021 else None))
    span = 2 + sum(len(s) if s else 1 for _, s in groups)  # + 总计 row
    t = ['<table border="1" cellspacing="0" cellpadding="0" width="600">',
         '<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
         '<td colspan="7">申请人情况</td></tr>',
         '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
         "<tr><td>商业<br>企业</td><td>科研<br>机构</td><td>社会公益<br>组织</td><td>法律服务<br>机构</td><td>其他</td></tr>",
         '<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>' + "".join(vals(new)) + "</tr>",
         '<tr><td colspan="3">二、上年结转政府信息公开申请数量</td>' + "".join(vals(carried)) + "</tr>"]
    first = True
    numbers = {"（一）予以公开": public, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": partial,
               "1.本机关不掌握相关政府信息": none_held}
    for label, subs in groups:
        lead = f'<td rowspan="{span}">三、本年度办理结果</td>' if first else ""
        first = False
        if not subs:
            t.append(f'<tr>{lead}<td colspan="2">{label}</td>' + "".join(vals(numbers.get(label))) + "</tr>")
            continue
        for k, sub in enumerate(subs):
            head = f'<td rowspan="{len(subs)}">{label}</td>' if k == 0 else ""
            t.append(f"<tr>{lead if k == 0 else ''}{head}<td>{sub}</td>" + "".join(vals(numbers.get(sub))) + "</tr>")
    total = public + partial + none_held
    t.append('<tr><td colspan="2">（七）总计</td>' + "".join(vals(total)) + "</tr>")
    t.append('<tr><td colspan="3">四、结转下年度继续办理</td>' + "".join(vals(new + carried - total)) + "</tr>")
    t.append("</table>")
    return "\n".join(t)


def table_review(review: list, suits: list) -> str:
    """Section 四 table: 行政复议 (5) | 行政诉讼 未经复议直接起诉 (5) + 复议后起诉 (5)."""
    heads = "".join(f"<td>{h}</td>" for h in ["结果<br>维持", "结果<br>纠正", "其他<br>结果", "尚未<br>审结", "总计"])
    cells = "".join(f"<td>{_v(x)}</td>" for x in review + suits)
    return ('<table border="1" cellspacing="0" cellpadding="0" width="600">\n'
            '<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>\n'
            '<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td>'
            '<td rowspan="2">尚未审结</td><td rowspan="2">总计</td>'
            '<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>\n'
            f"<tr>{heads}{heads}</tr>\n<tr>{cells}</tr>\n</table>")


def standard_report(agency: str, year: int, fmt: int, *, overview: str, active: dict,
                    apply: tuple, problems: str, other: str = "无。") -> str:
    """A full 2019/2021-format report body (six sections) as HTML."""
    section4 = ("四、政府信息公开行政复议、行政诉讼情况" if fmt == 2019
                else "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况")
    return "\n".join([
        paras(f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室"
              f"有关要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
              f"政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
              f"本报告所列数据的统计期限为{year}年1月1日至12月31日。"),
        "<p><strong>一、总体情况</strong></p>", paras(overview),
        "<p><strong>二、主动公开政府信息情况</strong></p>", table_active(fmt, active),
        "<p><strong>三、收到和处理政府信息公开申请情况</strong></p>", table_applications(fmt, *apply),
        f"<p><strong>{section4}</strong></p>", table_review([0, 0, 0, 0, 0], [0] * 10),
        "<p><strong>五、存在的主要问题及改进情况</strong></p>", paras(problems),
        "<p><strong>六、其他需要报告的事项</strong></p>", paras(other),
    ])


def prose_report(agency: str, year: int, *, opening: str, active: str, apply: str,
                 problems: str, contact: str = "") -> str:
    """An old-regime (条例 492号) prose report body as HTML."""
    parts = [paras(opening),
             "<p><strong>一、概述</strong></p>",
             paras(f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持“以公开为原则、不公开为例外”，"
                   f"调整充实了政府信息公开工作领导小组，明确分管领导和工作人员，推动政府信息公开工作规范化、制度化。"
                   f"本报告中所列数据的统计期限为{year}年1月1日至{year}年12月31日。"),
             "<p><strong>二、主动公开政府信息情况</strong></p>", paras(active),
             "<p><strong>三、依申请公开政府信息情况</strong></p>", paras(apply),
             "<p><strong>四、政府信息公开的收费及减免情况</strong></p>",
             paras(f"{year}年，{agency}在政府信息公开工作中未收取任何费用。"),
             "<p><strong>五、因政府信息公开申请行政复议、提起行政诉讼的情况</strong></p>",
             paras(f"{year}年，未发生针对{agency}政府信息公开事务的行政复议和行政诉讼案件。"),
             "<p><strong>六、政府信息公开工作存在的主要问题及改进情况</strong></p>", paras(problems)]
    if contact:
        parts += ["<p><strong>七、其他需要报告的事项</strong></p>", paras(contact)]
    return "\n".join(parts)
