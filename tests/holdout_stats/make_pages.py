"""Builds the held-out statistics pages (``NN-*.html`` / ``NN-*.txt``) and their expected
``NN-*.json`` from the per-page data below, so that what is printed and what is expected come
from one place. Written from docs/field-rules.md (Statistics tables) and extract/stats/codes.py only,
without reading the parser or its own test data.

    .venv/bin/python tests/holdout_stats/make_pages.py

Expected-value conventions (my reading of the notes / codes.py, not of the parser):

* every data cell of a standard table is one expected cell, empty ones (``&nbsp;``, ``/``,
  ``——``) with ``value: null``;
* the unit is the one printed with the number (``3405820元``, ``3件``), else the header's
  (``本年收费金额（单位：万元）``), else the column's default unit in codes.COLS (None for
  ``amount``); an empty cell has no unit either (value null, unit null). My first version gave
  empty cells the column's unit; the parser gives None, and nothing in the notes says otherwise,
  so I changed the expectation: a unit without a number carries no information;
* ``增加5`` -> 5, ``减少3`` -> -3, ``+1`` -> 1, ``-2`` -> -2;
* prose quantities: see the prose pages' notes.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))
from xxgk.extract.stats.codes import COLS  # noqa: E402  (labels and default units only)

APPLICANT = ["natural_person", "business", "research", "public_interest", "legal_services", "other_org", "total"]
REVIEW_ROWS = ["reconsideration", "lawsuit_direct", "lawsuit_after_reconsideration"]
REVIEW_COLS = ["upheld", "corrected", "other_result", "pending", "total"]

# ---------------------------------------------------------------------------------------------
# values as printed -> expected (value, unit)
EMPTY = {"", "&nbsp;", "&#160;", "\u00a0", "/", "——", "—", "-", "－", "／"}


def expect(raw: str, col: str, unit_hint: str | None = None):
    s = str(raw).replace("&nbsp;", "").replace("\u00a0", "").replace("\u3000", "").strip()
    default = unit_hint if unit_hint is not None else COLS[col][2]
    if s in EMPTY:
        return None, None
    m = re.fullmatch(r"(增加|减少|\+|-)?\s*(\d+(?:\.\d+)?)\s*(万元|元|件|项|条)?", s)
    if not m:
        raise ValueError(f"unplanned raw value {raw!r}")
    sign, num, unit = m.groups()
    value = float(num) if "." in num else int(num)
    if sign in ("减少", "-"):
        value = -value
    return value, unit or default


class Page:
    def __init__(self, nn, name, kind, fmt, note):
        self.nn, self.name, self.kind, self.fmt, self.note = nn, name, kind, fmt, note
        self.cells: dict[tuple, tuple] = {}
        self.checks: list[dict] = []

    def add(self, section, row, col, raw, unit_hint=None):
        key = (section, row, col)
        assert key not in self.cells, key
        self.cells[key] = expect(raw, col, unit_hint)

    def add_value(self, section, row, col, value, unit):
        self.cells[(section, row, col)] = (value, unit)

    def check(self, code, ok):
        self.checks.append({"code": code, "ok": ok})

    def write(self, body: str):
        stem = f"{self.nn:02d}-{self.name}"
        ext = ".txt" if self.kind == "text" else ".html"
        (HERE / (stem + ext)).write_text(body, encoding="utf-8")
        cells = [{"section": s, "row_code": r, "col_code": c, "value": v, "unit": u}
                 for (s, r, c), (v, u) in self.cells.items()]
        doc = {"kind": self.kind, "format": self.fmt, "cells": cells, "checks": self.checks, "note": self.note}
        (HERE / (stem + ".json")).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# section 三 data: rows -> 7 raw strings (6 applicant columns + 总计)
ROWS_2019 = [
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "（一）予以公开"),
    ("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied_state_secret", "1.属于国家秘密"),
    ("denied_law", "2.其他法律行政法规禁止公开"),
    ("denied_three_safety", "3.危及“三安全一稳定”"),
    ("denied_third_party", "4.保护第三方合法权益"),
    ("denied_internal", "5.属于三类内部事务信息"),
    ("denied_process", "6.属于四类过程性信息"),
    ("denied_enforcement_file", "7.属于行政执法案卷"),
    ("denied_inquiry", "8.属于行政查询事项"),
    ("unable_not_held", "1.本机关不掌握相关政府信息"),
    ("unable_need_create", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "3.补正后申请内容仍不明确"),
    ("not_processed_petition", "1.信访举报投诉类申请"),
    ("not_processed_repeat", "2.重复申请"),
    ("not_processed_publication", "3.要求提供公开出版物"),
    ("not_processed_massive", "4.无正当理由大量反复申请"),
    ("not_processed_confirm", "5.要求行政机关确认或重新出具已获取信息"),
    ("other", "（六）其他处理"),
    ("total", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
]
OTHER_2021 = [
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "3.其他"),
]
ROWS_2021 = [r for r in ROWS_2019 if r[0] != "other"]
ROWS_2021 = ROWS_2021[:20] + OTHER_2021 + ROWS_2021[20:]
OUTCOME = {"2019": [r for r, _ in ROWS_2019[2:21]], "2021": [r for r, _ in ROWS_2021[2:23]]}


def app_rows(fmt, new, carried, outcomes, total_override=None, forward_override=None, blank_zero=False):
    """Numbers per row (6 applicant columns); totals computed so that every check holds unless an
    override plants a failure. Returns row -> list of 7 ints."""
    rows = {}
    z = [0] * 6
    rows["new"] = new
    rows["carried_over"] = carried
    for r in OUTCOME[fmt]:
        rows[r] = outcomes.get(r, z)
    tot = [sum(rows[r][i] for r in OUTCOME[fmt]) for i in range(6)]
    rows["total"] = total_override or tot
    rows["carried_forward"] = forward_override or [new[i] + carried[i] - rows["total"][i] for i in range(6)]
    return {r: v + [sum(v)] for r, v in rows.items()}


def app_expect(page, rows, render):
    """render(row, col_index, number) -> raw string printed; expected from the raw."""
    out = {}
    for r, vals in rows.items():
        out[r] = []
        for i, n in enumerate(vals):
            raw = render(r, i, n)
            page.add("applications", r, APPLICANT[i], raw)
            out[r].append(raw)
    return out


# ---------------------------------------------------------------------------------------------
# HTML helpers
def td(text, rs=1, cs=1, attrs="", tag="td"):
    a = ""
    if rs > 1:
        a += f' rowspan="{rs}"'
    if cs > 1:
        a += f' colspan="{cs}"'
    return f"<{tag}{a}{attrs}>{text}</{tag}>"


def word(text):
    """A cell's content as pasted from Word."""
    return (f'<p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;'
            f'font-family:宋体;mso-bidi-font-family:宋体">{text}<span lang="EN-US"><o:p></o:p></span></span></p>')


def spaced(label, sep=" "):
    return sep.join(label)


def vertical(label, how="br"):
    if how == "br":
        return "<br/>".join(label)
    return "".join(f"<p>{ch}</p>" for ch in label)


SEC = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}


def apps_layout(fmt):
    """(row code, [A, B, C]) label columns of the section 三 table (gov-pages.md §8.3)."""
    rows = ROWS_2019 if fmt == "2019" else ROWS_2021
    group = {}
    for r, _ in rows[4:12]:
        group[r] = "（三）不予公开"
    for r, _ in rows[12:15]:
        group[r] = "（四）无法提供"
    for r, _ in rows[15:20]:
        group[r] = "（五）不予处理"
    if fmt == "2021":
        for r, _ in OTHER_2021:
            group[r] = "（六）其他处理"
    out = []
    for code, text in rows:
        if code in ("new", "carried_over", "carried_forward"):
            out.append((code, [text, text, text]))
        elif code in group:
            out.append((code, ["三、本年度办理结果", group[code], text]))
        else:
            out.append((code, ["三、本年度办理结果", text, text]))
    return out


def apps_head(L, C):
    return ["<tr>" + td(C(L("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")), 3, 3)
            + td(C(L("申请人情况")), 1, 7) + "</tr>",
            "<tr>" + td(C(L("自然人")), 2) + td(C(L("法人或其他组织")), 1, 5) + td(C(L("总计")), 2) + "</tr>",
            "<tr>" + "".join(td(C(L(x))) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))
            + "</tr>"]


def apps_table_rows(fmt, vals, label=lambda s: s, cell=lambda s: s, head=None, chunks=None, cont="blank"):
    """<tr> lists (one per <table>) of the standard section 三 table. ``vals`` row -> 7 raw
    strings. ``chunks``: row codes that start a new <table> (a table split at page breaks: the
    continuation tables carry the spanning label columns as blank cells, or repeat them)."""
    L, C = label, cell
    layout = apps_layout(fmt)
    starts = set(chunks or [])
    pieces, cur = [], []
    for code, labs in layout:
        if code in starts and cur:
            pieces.append(cur)
            cur = []
        cur.append((code, labs))
    pieces.append(cur)
    tables = []
    prev_last = None
    for n, piece in enumerate(pieces):
        trs = list(head if head is not None else apps_head(L, C)) if n == 0 else []
        spans = {}  # (row index, col) -> rowspan of the cell that starts there
        for col in (0, 1):
            i = 0
            while i < len(piece):
                j = i
                while j + 1 < len(piece) and piece[j + 1][1][col] == piece[i][1][col] and piece[i][1][col] != piece[i][1][2]:
                    j += 1
                spans[(i, col)] = j - i + 1
                i = j + 1
        for i, (code, (a, b, c)) in enumerate(piece):
            cells = []
            def text(col, t):
                continued = i == 0 and prev_last is not None and prev_last[col] == t and t != prev_last[2]
                return "&nbsp;" if continued and cont == "blank" else C(L(t))
            if a == b == c:
                cells.append(td(text(0, a), 1, 3))
            else:
                if (i, 0) in spans:
                    cells.append(td(text(0, a), spans[(i, 0)]))
                if b == c:
                    cells.append(td(C(L(b)), 1, 2))
                else:
                    if (i, 1) in spans:
                        cells.append(td(text(1, b), spans[(i, 1)]))
                    cells.append(td(C(L(c))))
            cells += [td(C(v)) for v in vals[code]]
            trs.append("<tr>" + "".join(cells) + "</tr>")
        prev_last = piece[-1][1]
        tables.append(trs)
    return tables if chunks else tables[0]


def review_rows(vals, label=lambda s: s, cell=lambda s: s, top="行政复议"):
    L, C = label, cell
    five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    trs = ["<tr>" + td(C(L(top)), 1, 5) + td(C(L("行政诉讼")), 1, 10) + "</tr>",
           "<tr>" + "".join(td(C(L(x)), 2) for x in five) + td(C(L("未经复议直接起诉")), 1, 5)
           + td(C(L("复议后起诉")), 1, 5) + "</tr>",
           "<tr>" + "".join(td(C(L(x))) for x in five * 2) + "</tr>",
           "<tr>" + "".join(td(C(v)) for v in vals) + "</tr>"]
    return trs


def review_expect(page, raws):
    i = 0
    for r in REVIEW_ROWS:
        for c in REVIEW_COLS:
            page.add("review", r, c, raws[i])
            i += 1


def review_raw(rows):
    """rows: 3 lists of 4 numbers (维持, 纠正, 其他, 尚未审结); 总计 appended."""
    out = []
    for r in rows:
        out += [str(x) for x in r] + [str(sum(r))]
    return out


def table(trs, attrs=' border="1" cellspacing="0" cellpadding="0" width="100%"'):
    return f"<table{attrs}>\n<tbody>\n" + "\n".join(trs) + "\n</tbody>\n</table>"


def para(text, cls=""):
    return f"<p{cls}>{text}</p>"


def body_wrap(title, parts, extra_head=""):
    return ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n{extra_head}</head>\n<body>\n<div class=\"article\">\n"
            f"<h1>{title}</h1>\n<div id=\"zoom\" class=\"TRS_Editor\">\n" + "\n".join(parts)
            + "\n</div>\n</div>\n</body>\n</html>\n")


def active_2019(page, data, label=lambda s: s, cell=lambda s: s, split_tables=False, hdr_br=True):
    """data: row -> list of raw strings in the standard column order (gov-pages.md §8.2, 2019)."""
    L, C = label, cell
    br = (lambda a, b: a + "<br/>" + b) if hdr_br else (lambda a, b: a + b)
    blocks = [
        ("第二十条第（一）项", ["信息内容", br("本年新", "制作数量"), br("本年新", "公开数量"), br("对外公开", "总数量")],
         [("regulations", "规章"), ("normative_docs", "规范性文件")], ["made", "published", "disclosed_total"]),
        ("第二十条第（五）项", ["信息内容", br("上一年", "项目数量"), "本年增/减", br("处理决定", "数量")],
         [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")], ["prev_items", "change", "decisions"]),
        ("第二十条第（六）项", ["信息内容", br("上一年", "项目数量"), "本年增/减", br("处理决定", "数量")],
         [("penalties", "行政处罚"), ("enforcement", "行政强制")], ["prev_items", "change", "decisions"]),
        ("第二十条第（八）项", ["信息内容", br("上一年", "项目数量"), "本年增/减", "&nbsp;"],
         [("fees", "行政事业性收费")], ["prev_items", "change"]),
        ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额", "&nbsp;"],
         [("procurement", "政府集中采购")], ["items", "amount"]),
    ]
    tables = []
    trs = []
    for title, header, rows, cols in blocks:
        trs.append("<tr>" + td(C(L(title)), 1, 4) + "</tr>")
        trs.append("<tr>" + "".join(td(C(L(h) if "<br" not in h else h)) for h in header) + "</tr>")
        for code, text in rows:
            raws = data[code]
            cells = [td(C(L(text)))] + [td(C(v)) for v in raws]
            cells += [td(C("&nbsp;"))] * (3 - len(raws))
            trs.append("<tr>" + "".join(cells) + "</tr>")
            for col, raw in zip(cols, raws):
                page.add("active", code, col, raw)
        if split_tables:
            tables.append(table(trs))
            trs = []
    if trs:
        tables.append(table(trs))
    return tables


def active_2021(page, data, label=lambda s: s, cell=lambda s: s):
    L, C = label, cell
    trs = ["<tr>" + td(C(L("第二十条第（一）项")), 1, 4) + "</tr>",
           "<tr>" + "".join(td(C(L(h))) for h in ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")) + "</tr>"]
    for code, text in (("regulations", "规章"), ("normative_docs", "行政规范性文件")):
        trs.append("<tr>" + td(C(L(text))) + "".join(td(C(v)) for v in data[code]) + "</tr>")
        for col, raw in zip(["issued", "repealed", "in_force"], data[code]):
            page.add("active", code, col, raw)
    for title, rows, hdr, col, unit in (
            ("第二十条第（五）项", [("licensing", "行政许可")], "本年处理决定数量", "decisions", None),
            ("第二十条第（六）项", [("penalties", "行政处罚"), ("enforcement", "行政强制")], "本年处理决定数量", "decisions", None),
            ("第二十条第（八）项", [("fees", "行政事业性收费")], "本年收费金额（单位：万元）", "amount", "万元")):
        trs.append("<tr>" + td(C(L(title)), 1, 4) + "</tr>")
        trs.append("<tr>" + td(C(L("信息内容"))) + td(C(L(hdr)), 1, 3) + "</tr>")
        for code, text in rows:
            trs.append("<tr>" + td(C(L(text))) + td(C(data[code]), 1, 3) + "</tr>")
            page.add("active", code, col, data[code], unit)
    return [table(trs)]


INTRO = {
    "sh": ("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由{org}编制。全文包括总体情况、主动公开政府信息情况、"
           "收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
           "本报告所列数据的统计期限为{y}年1月1日至12月31日。本报告电子版可在“{site}”下载。如对本报告有疑问，请与{org}联系"
           "（地址：{addr}，邮编：{zip}，电话：{tel}）。"),
}


def closing(org, y, extra=""):
    return [para(f"<strong>{SEC['五']}</strong>"),
            para(f"{y}年，{org}政府信息公开工作虽然取得了一定成效，但也存在一些不足：一是主动公开的深度和广度有待进一步拓展；"
                 "二是政策解读的形式还不够丰富。下一步，我们将进一步加强工作人员业务培训，提升依申请公开答复质量。"),
            para(f"<strong>{SEC['六']}</strong>"),
            para("本年度无其他需要报告的事项。" + extra),
            para(org, ' style="text-align:right"'),
            para(f"{y + 1}年1月{15 + y % 10}日", ' style="text-align:right"')]


# =============================================================================================
# pages
def page01():
    p = Page(1, "xuhui-2019-nbsp", "html", "2019",
             "上海 2019 layout: one <table> per section, <br>-split headers, '/' for 规章 (a district office "
             "makes none), 增加5 / +1 / -2, 3405820元, section 三 zeros printed as &nbsp; (expected null).")
    org, y = "上海市徐汇区人民政府办公室", 2019
    act = active_2019(p, {
        "regulations": ["/", "/", "/"], "normative_docs": ["5", "5", "37"],
        "licensing": ["126", "增加5", "3286"], "other_services": ["18", "+1", "452"],
        "penalties": ["43", "-2", "1205"], "enforcement": ["&nbsp;", "&nbsp;", "&nbsp;"],
        "fees": ["3", "0"], "procurement": ["27", "3405820元"]})
    rows = app_rows("2019", [45, 6, 0, 0, 2, 1], [3, 0, 0, 0, 0, 0], {
        "granted": [20, 3, 0, 0, 1, 0], "partly_granted": [5, 1, 0, 0, 0, 0],
        "denied_third_party": [1, 0, 0, 0, 0, 0], "denied_process": [2, 0, 0, 0, 0, 0],
        "unable_not_held": [10, 1, 0, 0, 1, 1], "unable_unclear": [1, 0, 0, 0, 0, 0],
        "not_processed_petition": [3, 0, 0, 0, 0, 0], "not_processed_repeat": [2, 0, 0, 0, 0, 0],
        "other": [1, 0, 0, 0, 0, 0]})
    vals = app_expect(p, rows, lambda r, i, n: "&nbsp;" if n == 0 else str(n))
    rv = review_raw([[1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]])
    review_expect(p, rv)
    for c in ("natural_person", "business", "total"):
        p.check(f"identity:{c}", True)
        p.check(f"sum:{c}", True)
    p.check("row_total:new", True)
    p.check("row_total:total", True)
    p.check("review_total:reconsideration", True)
    p.check("review_total:lawsuit_direct", True)
    parts = [para(INTRO["sh"].format(org=org, y=y, site="上海徐汇”门户网站（www.xuhui.gov.cn）", addr="漕溪北路336号",
                                     zip="200030", tel="021-64872222")),
             para(f"<strong>{SEC['一']}</strong>"),
             para(f"{y}年，区政府办公室坚持以公开为常态、不公开为例外，全年主动公开政府信息2356条，较2018年增长12.4%。"),
             para(f"<strong>{SEC['二']}</strong>"), *act,
             para(f"<strong>{SEC['三']}</strong>"),
             table(apps_table_rows("2019", vals)),
             para(f"<strong>{SEC['四']}</strong>"),
             table(review_rows(rv)),
             *closing(org, y)]
    p.write(body_wrap(f"{org}{y}年政府信息公开工作年度报告", parts))


def page02():
    p = Page(2, "longgang-2021-spaced", "html", "2021",
             "龙岗-style 2021 revision: rowspan 22, (六) split in three; letter-spaced labels (自 然 人 with spaces, "
             "结 果 维 持 with &nbsp;, 法人或其他组织 with U+3000); fees 12.5 under 本年收费金额（单位：万元）; '/' for 规章; "
             "section 四 heading variant 因政府信息公开工作被申请行政复议、提起行政诉讼情况.")
    org, y = "深圳市龙岗区发展和改革局", 2021

    def L(s):
        if s in ("自然人", "总计", "其他", "规章"):
            return spaced(s)
        if s in ("结果维持", "结果纠正", "其他结果", "尚未审结", "行政复议", "行政诉讼"):
            return spaced(s, "&nbsp;")
        if s == "法人或其他组织":
            return spaced(s, "\u3000")
        return s
    act = active_2021(p, {"regulations": ["/", "/", "/"], "normative_docs": ["4", "1", "23"],
                          "licensing": "1862", "penalties": "57", "enforcement": "0", "fees": "12.5"}, label=L)
    rows = app_rows("2021", [88, 11, 2, 0, 3, 1], [6, 1, 0, 0, 0, 0], {
        "granted": [31, 4, 1, 0, 1, 0], "partly_granted": [9, 2, 0, 0, 1, 0],
        "denied_state_secret": [1, 0, 0, 0, 0, 0], "denied_internal": [2, 0, 0, 0, 0, 0],
        "denied_process": [3, 1, 0, 0, 0, 0], "denied_inquiry": [1, 0, 0, 0, 0, 0],
        "unable_not_held": [25, 3, 1, 0, 1, 1], "unable_need_create": [2, 0, 0, 0, 0, 0],
        "unable_unclear": [4, 0, 0, 0, 0, 0], "not_processed_petition": [5, 0, 0, 0, 0, 0],
        "not_processed_repeat": [3, 1, 0, 0, 0, 0], "not_processed_massive": [1, 0, 0, 0, 0, 0],
        "other_no_correction": [4, 0, 0, 0, 0, 0], "other_other": [1, 0, 0, 0, 0, 0]})
    vals = app_expect(p, rows, lambda r, i, n: str(n))
    rv = review_raw([[2, 1, 0, 1], [1, 0, 0, 2], [0, 0, 0, 1]])
    review_expect(p, rv)
    for c in ("natural_person", "business", "total"):
        p.check(f"identity:{c}", True)
        p.check(f"sum:{c}", True)
    for r in ("new", "total", "carried_forward"):
        p.check(f"row_total:{r}", True)
    for r in REVIEW_ROWS:
        p.check(f"review_total:{r}", True)
    parts = [para(f"本年度报告根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息"
                  f"公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"),
             para(f"<strong>{SEC['一']}</strong>"),
             para("（一）主动公开。全年在区政府门户网站发布各类信息1,203条，召开新闻发布会4场。"),
             para("（二）依申请公开。全年共收到政府信息公开申请107件，均在法定期限内答复。"),
             para(f"<strong>{SEC['二']}</strong>"), *act,
             para(f"<strong>{SEC['三']}</strong>"),
             table(apps_table_rows("2021", vals, label=L)),
             para("<strong>四、因政府信息公开工作被申请行政复议、提起行政诉讼情况</strong>"),
             table(review_rows(rv, label=L)),
             *closing(org, y, "本机关未收取信息处理费。")]
    p.write(body_wrap(f"深圳市龙岗区发展和改革局{y}年政府信息公开工作年度报告", parts))



def page03():
    p = Page(3, "beibei-2019-split", "html", "2019",
             "2019 format as pasted page by page: section 二 as five small tables (one per 第二十条 item), section 三 "
             "split into three <table>s at page breaks (header only in the first; the continuation tables carry the "
             "spanning 三、本年度办理结果 / （三）不予公开 / （五）不予处理 columns as blank cells); 减少3, -2, '——'.")
    org, y = "重庆市北碚区民政局", 2020
    act = active_2019(p, {
        "regulations": ["——", "——", "——"], "normative_docs": ["2", "2", "11"],
        "licensing": ["9", "减少3", "147"], "other_services": ["12", "0", "3051"],
        "penalties": ["4", "-2", "6"], "enforcement": ["0", "0", "0"],
        "fees": ["——", "——"], "procurement": ["6", "1286000元"]}, split_tables=True)
    rows = app_rows("2019", [14, 1, 0, 1, 0, 0], [1, 0, 0, 0, 0, 0], {
        "granted": [6, 1, 0, 0, 0, 0], "partly_granted": [1, 0, 0, 0, 0, 0],
        "denied_internal": [1, 0, 0, 0, 0, 0], "denied_process": [1, 0, 0, 0, 0, 0],
        "unable_not_held": [3, 0, 0, 1, 0, 0], "unable_need_create": [1, 0, 0, 0, 0, 0],
        "not_processed_repeat": [1, 0, 0, 0, 0, 0], "other": [0, 0, 0, 0, 0, 0]})
    vals = app_expect(p, rows, lambda r, i, n: str(n))
    t1, t2, t3 = apps_table_rows("2019", vals, chunks=["denied_internal", "not_processed_repeat"])
    rv = review_raw([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    review_expect(p, rv)
    for c in ("natural_person", "public_interest", "total"):
        p.check(f"identity:{c}", True)
        p.check(f"sum:{c}", True)
    p.check("row_total:new", True)
    p.check("row_total:carried_forward", True)
    parts = [para(f"本报告由北碚区民政局根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限为{y}年1月1日起至{y}年12月31日止。"
                  "如对本报告有疑问，请联系北碚区民政局办公室（电话：023-68862516）。"),
             para(f"<strong>{SEC['一']}</strong>"),
             para(f"{y}年，区民政局认真贯彻落实《条例》，及时公开社会救助、养老服务等领域信息，全年主动公开政府信息312条。"),
             para(f"<strong>{SEC['二']}</strong>"), *act,
             para(f"<strong>{SEC['三']}</strong>"),
             table(t1), "<p>&nbsp;</p>", table(t2), '<p style="page-break-before:always">&nbsp;</p>', table(t3),
             para(f"<strong>{SEC['四']}</strong>"),
             table(review_rows(rv)),
             *closing(org, y)]
    p.write(body_wrap(f"重庆市北碚区民政局{y}年政府信息公开工作年度报告", parts))


def page04():
    p = Page(4, "hangzhou-2021-identity-fail", "html", "2021",
             "2021 revision with a <thead> of <th>: 申请人情况 spans the seven applicant columns, the five organisation "
             "headers split by <br> (商业<br>企业). Planted: 自然人 new 25 + carried 2 = 27 but （七）总计 24 + "
             "结转下年度 4 = 28, so identity fails for natural_person and (through the row sums) for total.")
    org, y = "杭州市西湖区教育局", 2022
    act = active_2021(p, {"regulations": ["0", "0", "0"], "normative_docs": ["3", "2", "19"],
                          "licensing": "214", "penalties": "8", "enforcement": "0", "fees": "0"})
    rows = app_rows("2021", [25, 1, 0, 0, 0, 2], [2, 0, 0, 0, 0, 0], {
        "granted": [9, 1, 0, 0, 0, 1], "partly_granted": [2, 0, 0, 0, 0, 0],
        "denied_third_party": [1, 0, 0, 0, 0, 0],
        "unable_not_held": [8, 0, 0, 0, 0, 1], "unable_unclear": [1, 0, 0, 0, 0, 0],
        "not_processed_petition": [2, 0, 0, 0, 0, 0], "other_no_correction": [1, 0, 0, 0, 0, 0]},
        forward_override=[4, 0, 0, 0, 0, 0])
    vals = app_expect(p, rows, lambda r, i, n: str(n))
    head = ['<tr><th rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>'
            '<th colspan="7">申请人情况</th></tr>',
            '<tr><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>',
            '<tr><th>商业<br>企业</th><th>科研<br>机构</th><th>社会公<br>益组织</th><th>法律服<br>务机构</th><th>其他</th></tr>']
    trs = apps_table_rows("2021", vals, head=[])
    apps_html = ('<table class="xxgk-table" border="1">\n<thead>\n' + "\n".join(head) + "\n</thead>\n<tbody>\n"
                 + "\n".join(trs) + "\n</tbody>\n</table>")
    rv = review_raw([[0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    review_expect(p, rv)
    p.check("identity:natural_person", False)
    p.check("identity:total", False)
    p.check("identity:business", True)
    p.check("identity:other_org", True)
    p.check("sum:natural_person", True)
    p.check("sum:total", True)
    p.check("row_total:carried_forward", True)
    p.check("review_total:reconsideration", True)
    parts = [para(f"根据《中华人民共和国政府信息公开条例》规定，现公布{y}年度西湖区教育局政府信息公开工作年度报告。"),
             para(f"<strong>{SEC['一']}</strong>"),
             para(f"{y}年，我局通过区政府门户网站主动公开各类信息568条，较上年增长6%。"),
             para(f"<strong>{SEC['二']}</strong>"), *act,
             para(f"<strong>{SEC['三']}</strong>"), apps_html,
             para(f"<strong>{SEC['四']}</strong>"), table(review_rows(rv)),
             *closing(org, y)]
    p.write(body_wrap(f"杭州市西湖区教育局{y}年政府信息公开工作年度报告", parts))


def upper_tags(html):
    return re.sub(r"</?(table|tbody|tr|td)\b", lambda m: m.group(0).upper(), html)


def page05():
    p = Page(5, "sheshong-2019-sum-fail", "html", "2019",
             "2019 format pasted from Word (MsoNormal paragraphs, spans, <o:p>), upper-case TABLE/TR/TD tags. "
             "Planted: （七）总计 for 自然人 printed 17 while its outcome rows add to 16 (结转 computed from the "
             "printed 17, so the 勾稽 identity holds); the 总计 column's （七）总计 is then 19 vs 18.")
    org, y = "四川省射洪市民政局", 2020
    W = word
    act = active_2019(p, {
        "regulations": ["0", "0", "0"], "normative_docs": ["1", "1", "6"],
        "licensing": ["5", "0", "87"], "other_services": ["7", "增加2", "1290"],
        "penalties": ["1", "0", "2"], "enforcement": ["0", "0", "0"],
        "fees": ["0", "0"], "procurement": ["3", "56.8万元"]}, cell=W)
    outcomes = {"granted": [7, 1, 0, 0, 0, 0], "partly_granted": [2, 0, 0, 0, 0, 0],
                "unable_not_held": [5, 1, 0, 0, 0, 0], "not_processed_repeat": [1, 0, 0, 0, 0, 0],
                "other": [1, 0, 0, 0, 0, 0]}
    rows = app_rows("2019", [17, 2, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], outcomes,
                    total_override=[17, 2, 0, 0, 0, 0])
    vals = app_expect(p, rows, lambda r, i, n: str(n))
    rv = review_raw([[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    review_expect(p, rv)
    p.check("sum:natural_person", False)
    p.check("sum:total", False)
    p.check("sum:business", True)
    p.check("identity:natural_person", True)
    p.check("identity:total", True)
    p.check("row_total:total", True)
    p.check("row_total:new", True)
    attrs = ' class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;border:none"'
    parts = [para(f"根据《中华人民共和国政府信息公开条例》（国务院令第711号）规定，特向社会公布{y}年度政府信息公开工作年度报告。"),
             para(f"<b>{SEC['一']}</b>", ' class="MsoNormal"'),
             para(f"{y}年，我局主动公开政府信息193条，其中规范性文件1件。", ' class="MsoNormal"'),
             para(f"<b>{SEC['二']}</b>", ' class="MsoNormal"'),
             *[upper_tags(t.replace("<table", "<table" + attrs, 1).replace(' border="1" cellspacing="0" cellpadding="0" width="100%"', "", 1))
               for t in act],
             para(f"<b>{SEC['三']}</b>", ' class="MsoNormal"'),
             upper_tags(table(apps_table_rows("2019", vals, cell=W), attrs)),
             para(f"<b>{SEC['四']}</b>", ' class="MsoNormal"'),
             upper_tags(table(review_rows(rv, cell=W), attrs)),
             *closing(org, y)]
    p.write(body_wrap(f"射洪市民政局{y}年政府信息公开工作年度报告", parts))


def page06():
    p = Page(6, "weihai-2021-pdf2html", "html", "2021",
             "PDF-to-HTML conversion (威海 flipbook style): narrow header and group-label cells broken one character "
             "per line (<br/> between characters, or one <p> per character), numbers wrapped in <p><span>.")
    org, y = "威海市环翠区人民政府", 2021
    def L(s):
        if s in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "自然人", "其他"):
            return vertical(s, "br")
        if s in ("三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理",
                 "商业企业", "科研机构", "社会公益组织", "法律服务机构", "信息内容"):
            return vertical(s, "p")
        return s
    C = lambda s: s if "<p>" in s else f'<p style="text-align:center"><span style="font-family:仿宋_GB2312">{s}</span></p>'
    act = active_2021(p, {"regulations": ["0", "0", "1"], "normative_docs": ["6", "3", "41"],
                          "licensing": "4215", "penalties": "196", "enforcement": "12", "fees": "236.08"},
                      label=L, cell=lambda s: s)
    rows = app_rows("2021", [131, 17, 3, 1, 6, 2], [8, 0, 0, 0, 1, 0], {
        "granted": [52, 6, 1, 0, 2, 1], "partly_granted": [14, 3, 1, 0, 1, 0],
        "denied_law": [1, 0, 0, 0, 0, 0], "denied_three_safety": [2, 0, 0, 0, 0, 0],
        "denied_process": [4, 1, 0, 0, 0, 0], "denied_enforcement_file": [2, 0, 0, 0, 0, 0],
        "unable_not_held": [38, 4, 1, 1, 2, 1], "unable_need_create": [3, 1, 0, 0, 0, 0],
        "unable_unclear": [5, 0, 0, 0, 1, 0], "not_processed_petition": [6, 1, 0, 0, 0, 0],
        "not_processed_publication": [1, 0, 0, 0, 0, 0], "not_processed_confirm": [2, 0, 0, 0, 0, 0],
        "other_no_correction": [3, 0, 0, 0, 0, 0], "other_no_fee": [1, 0, 0, 0, 0, 0],
        "other_other": [2, 1, 0, 0, 0, 0]})
    vals = app_expect(p, rows, lambda r, i, n: str(n))
    rv = review_raw([[3, 1, 0, 2], [2, 0, 1, 1], [1, 0, 0, 0]])
    review_expect(p, rv)
    for c in ("natural_person", "legal_services", "total"):
        p.check(f"identity:{c}", True)
        p.check(f"sum:{c}", True)
    for r in ("new", "granted", "total"):
        p.check(f"row_total:{r}", True)
    for r in REVIEW_ROWS:
        p.check(f"review_total:{r}", True)
    parts = [para(f"本报告由威海市环翠区人民政府办公室根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室印发的"
                  f"《中华人民共和国政府信息公开工作年度报告格式》编制。报告中所列数据统计期限自{y}年1月1日起至{y}年12月31日止。"),
             para(f"<strong>{SEC['一']}</strong>"),
             para(f"{y}年，环翠区坚持以公开促落实、以公开促规范，全区主动公开政府信息12,586条。"),
             para(f"<strong>{SEC['二']}</strong>"), *act,
             para(f"<strong>{SEC['三']}</strong>"),
             table(apps_table_rows("2021", vals, label=L, cell=C)),
             para(f"<strong>{SEC['四']}</strong>"),
             table(review_rows(rv, label=L, cell=C)),
             *closing(org, y)]
    p.write(body_wrap(f"威海市环翠区{y}年政府信息公开工作年度报告", parts))


def page07():
    p = Page(7, "township-2019-zeros", "html", "2019",
             "A township: every number 0 (no applications, no review), 政府集中采购 amount printed bare 0 (unit None "
             "by the codes' default), plus a decoy contact table and a decoy 2018 comparison table in 一、总体情况 "
             "that must yield no cells.")
    org, y = "浙江省义乌市佛堂镇人民政府", 2019
    act = active_2019(p, {
        "regulations": ["0", "0", "0"], "normative_docs": ["0", "0", "0"],
        "licensing": ["0", "0", "0"], "other_services": ["0", "0", "0"],
        "penalties": ["0", "0", "0"], "enforcement": ["0", "0", "0"],
        "fees": ["0", "0"], "procurement": ["0", "0"]}, hdr_br=False)
    z = [0] * 6
    rows = app_rows("2019", z, z, {})
    vals = app_expect(p, rows, lambda r, i, n: "0")
    rv = review_raw([[0, 0, 0, 0]] * 3)
    review_expect(p, rv)
    p.check("identity:natural_person", True)
    p.check("sum:total", True)
    p.check("review_total:reconsideration", True)
    decoy1 = table(["<tr><td>类别</td><td>2018年（条）</td><td>2019年（条）</td><td>增减</td></tr>",
                    "<tr><td>机构职能</td><td>3</td><td>4</td><td>+1</td></tr>",
                    "<tr><td>规范性文件</td><td>2</td><td>0</td><td>-2</td></tr>",
                    "<tr><td>财政预决算</td><td>4</td><td>4</td><td>0</td></tr>",
                    "<tr><td>合计</td><td>9</td><td>8</td><td>-1</td></tr>"])
    decoy2 = table(["<tr><td>联系单位</td><td>佛堂镇党政办公室</td></tr>",
                    "<tr><td>地址</td><td>义乌市佛堂镇新华路68号</td></tr>",
                    "<tr><td>邮编</td><td>322002</td></tr>", "<tr><td>电话</td><td>0579-85721234</td></tr>"])
    parts = [para(f"本报告中所列数据的统计期限为{y}年1月1日至12月31日。"),
             para(f"<strong>{SEC['一']}</strong>"),
             para(f"{y}年，佛堂镇在镇政府信息公开网站主动公开各类信息8条，分类情况如下表："), decoy1,
             para(f"<strong>{SEC['二']}</strong>"), *act,
             para(f"<strong>{SEC['三']}</strong>"), para(f"{y}年度，我镇未收到政府信息公开申请。"),
             table(apps_table_rows("2019", vals)),
             para(f"<strong>{SEC['四']}</strong>"), table(review_rows(rv)),
             *closing(org, y), para("联系方式："), decoy2]
    p.write(body_wrap(f"佛堂镇{y}年政府信息公开工作年度报告", parts))


def page08():
    p = Page(8, "suzhou-2021-units-decoy", "html", "2021",
             "2021 revision with a decoy 主动公开 breakdown table (规范性文件 / 行政许可 rows!) before section 二, "
             "values printed with their unit (3件, 0件), fees '——', and a section 四 row whose 总计 is wrong "
             "(未经复议直接起诉: 1+0+0+1 but 总计 3) -> review_total:lawsuit_direct fails.")
    org, y = "苏州市吴中区市场监督管理局", 2023
    act = active_2021(p, {"regulations": ["——", "——", "——"], "normative_docs": ["3件", "0件", "7件"],
                          "licensing": "9582", "penalties": "413", "enforcement": "27", "fees": "——"})
    rows = app_rows("2021", [52, 31, 0, 0, 4, 3], [2, 1, 0, 0, 0, 0], {
        "granted": [10, 6, 0, 0, 1, 0], "partly_granted": [3, 2, 0, 0, 0, 0],
        "denied_third_party": [2, 1, 0, 0, 0, 0], "denied_inquiry": [4, 0, 0, 0, 0, 0],
        "unable_not_held": [18, 14, 0, 0, 2, 2], "unable_unclear": [2, 1, 0, 0, 0, 0],
        "not_processed_petition": [9, 4, 0, 0, 0, 0], "not_processed_massive": [1, 0, 0, 0, 0, 0],
        "other_no_correction": [2, 1, 0, 0, 0, 0], "other_other": [1, 1, 0, 0, 1, 1]})
    vals = app_expect(p, rows, lambda r, i, n: str(n))
    rv = ["2", "1", "0", "0", "3", "1", "0", "0", "1", "3", "0", "0", "0", "1", "1"]
    review_expect(p, rv)
    p.check("review_total:lawsuit_direct", False)
    p.check("review_total:reconsideration", True)
    p.check("review_total:lawsuit_after_reconsideration", True)
    for c in ("natural_person", "business", "total"):
        p.check(f"identity:{c}", True)
        p.check(f"sum:{c}", True)
    decoy = table(["<tr><td>序号</td><td>公开类别</td><td>公开数量（条）</td></tr>",
                   "<tr><td>1</td><td>规范性文件</td><td>3</td></tr>",
                   "<tr><td>2</td><td>行政许可</td><td>9582</td></tr>",
                   "<tr><td>3</td><td>行政处罚</td><td>413</td></tr>",
                   "<tr><td>4</td><td>食品安全抽检信息</td><td>126</td></tr>",
                   "<tr><td>5</td><td>合计</td><td>10124</td></tr>"])
    parts = [para(f"本报告根据《中华人民共和国政府信息公开条例》编制，数据统计期限为{y}年1月1日至{y}年12月31日。"),
             para(f"<strong>{SEC['一']}</strong>"),
             para("（一）主动公开情况。全年主动公开政府信息10124条，具体如下："), decoy,
             para(f"<strong>{SEC['二']}</strong>"), *act,
             para(f"<strong>{SEC['三']}</strong>"), table(apps_table_rows("2021", vals)),
             para(f"<strong>{SEC['四']}</strong>"), table(review_rows(rv)),
             *closing(org, y)]
    p.write(body_wrap(f"吴中区市场监督管理局{y}年政府信息公开工作年度报告", parts))



def page09():
    p = Page(9, "yiwu-2019-text-tabs", "text", "2019",
             "A DOCX's extracted text: one table row per line, cells joined by tabs, a merged cell printed once "
             "(so rows inside the rowspan groups start with the sub-row label), empty trailing cells kept as a "
             "trailing tab; +1, 减少3, 213.6万元.")
    y = 2020
    T = "\t".join
    lines = [f"义乌市自然资源和规划局{y}年政府信息公开工作年度报告", "",
             f"本报告由义乌市自然资源和规划局根据《中华人民共和国政府信息公开条例》要求编制，报告中所列数据的统计期限为{y}年1月1日至{y}年12月31日。",
             SEC["一"], f"{y}年，我局共主动公开政府信息1,125条，较2019年增长8.7%。", SEC["二"]]
    A = {"regulations": ["0", "0", "0"], "normative_docs": ["3", "3", "25"],
         "licensing": ["32", "+1", "1536"], "other_services": ["5", "0", "218"],
         "penalties": ["20", "减少3", "97"], "enforcement": ["3", "0", "5"],
         "fees": ["2", "0"], "procurement": ["11", "213.6万元"]}
    blocks = [("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
               [("regulations", "规章"), ("normative_docs", "规范性文件")], ["made", "published", "disclosed_total"]),
              ("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
               [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")], ["prev_items", "change", "decisions"]),
              ("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
               [("penalties", "行政处罚"), ("enforcement", "行政强制")], ["prev_items", "change", "decisions"]),
              ("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减", ""], [("fees", "行政事业性收费")], ["prev_items", "change"]),
              ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额", ""], [("procurement", "政府集中采购")], ["items", "amount"])]
    for title, hdr, rows_, cols in blocks:
        lines.append(title)
        lines.append(T(hdr))
        for code, text in rows_:
            raws = A[code]
            lines.append(T([text] + raws + [""] * (3 - len(raws))))
            for c, r in zip(cols, raws):
                p.add("active", code, c, r)
    lines.append(SEC["三"])
    rows = app_rows("2019", [21, 4, 0, 0, 1, 0], [2, 0, 0, 0, 0, 0], {
        "granted": [8, 2, 0, 0, 0, 0], "partly_granted": [3, 0, 0, 0, 1, 0],
        "denied_third_party": [1, 0, 0, 0, 0, 0], "unable_not_held": [6, 1, 0, 0, 0, 0],
        "unable_need_create": [1, 0, 0, 0, 0, 0], "not_processed_petition": [2, 0, 0, 0, 0, 0],
        "other": [1, 0, 0, 0, 0, 0]})
    vals = app_expect(p, rows, lambda r, i, n: str(n))
    lines += ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况",
              "自然人\t法人或其他组织\t总计", "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他"]
    seen = set()
    for code, (a, b, c) in apps_layout("2019"):
        lead = []
        if a == b == c:
            lead = [a]
        else:
            if a not in seen:
                lead.append(a)
                seen.add(a)
            if b == c:
                lead.append(b)
            else:
                if b not in seen:
                    lead.append(b)
                    seen.add(b)
                lead.append(c)
        lines.append(T(lead + vals[code]))
    lines.append(SEC["四"])
    rv = review_raw([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0]])
    review_expect(p, rv)
    five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    lines += ["行政复议\t行政诉讼", T(five + ["未经复议直接起诉", "复议后起诉"]), T(five + five), T(rv)]
    lines += [SEC["五"], "一是信息公开平台建设有待加强；二是依申请公开答复的规范性需进一步提升。", SEC["六"],
              "本年度无其他需要报告的事项。", "义乌市自然资源和规划局", f"{y + 1}年1月20日", ""]
    for c in ("natural_person", "business", "total"):
        p.check(f"identity:{c}", True)
        p.check(f"sum:{c}", True)
    p.check("row_total:new", True)
    p.check("review_total:reconsideration", True)
    p.check("review_total:lawsuit_direct", True)
    p.write("\n".join(lines))


def pad(label, width=34):
    w = sum(2 if ord(ch) > 0x2e80 else 1 for ch in label)
    return label + " " * max(2, width - w)


def page10():
    p = Page(10, "jinhua-2021-text-layout", "text", "2021",
             "A PDF's text in layout mode (pdftotext -layout): one table row per line, cells separated by runs of "
             "spaces, the spanning labels (三、本年度办理结果, （三）不予公开 …) printed once on the first row of their "
             "span, section 四 header labels letter-spaced (结 果 维 持 / 行 政 复 议), 106.75 under "
             "本年收费金额（单位：万元）. No label wrapped over two lines (one table row per line, as briefed).")
    y = 2022
    lines = [f"金华市婺城区人民政府{y}年政府信息公开工作年度报告", "",
             f"    本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限为{y}年1月1日至12月31日。"
             "如对本报告有疑问，请与婺城区人民政府办公室联系（电话：0579-82469057）。", "",
             SEC["一"], f"    {y}年，婺城区主动公开政府信息4,871条，较上年增长11.2%；受理政府信息公开申请64件。", "", SEC["二"], ""]
    A = {"regulations": ["0", "0", "0"], "normative_docs": ["2", "5", "38"], "licensing": "3120",
         "penalties": "845", "enforcement": "31", "fees": "106.75"}
    lines += ["                               第二十条第（一）项",
              pad("     信息内容", 26) + "本年制发件数        本年废止件数        现行有效件数",
              pad("       规章", 26) + "     0                   0                    0",
              pad("  行政规范性文件", 26) + "     2                   5                   38",
              "                               第二十条第（五）项",
              pad("     信息内容", 26) + "                 本年处理决定数量",
              pad("     行政许可", 26) + "                       3120",
              "                               第二十条第（六）项",
              pad("     信息内容", 26) + "                 本年处理决定数量",
              pad("     行政处罚", 26) + "                        845",
              pad("     行政强制", 26) + "                         31",
              "                               第二十条第（八）项",
              pad("     信息内容", 26) + "            本年收费金额（单位：万元）",
              pad("  行政事业性收费", 26) + "                      106.75", ""]
    for code, cols in (("regulations", ["issued", "repealed", "in_force"]), ("normative_docs", ["issued", "repealed", "in_force"])):
        for c, r in zip(cols, A[code]):
            p.add("active", code, c, r)
    for code in ("licensing", "penalties", "enforcement"):
        p.add("active", code, "decisions", A[code])
    p.add("active", "fees", "amount", A["fees"], "万元")
    lines += [SEC["三"], ""]
    rows = app_rows("2021", [55, 7, 0, 0, 2, 0], [3, 0, 0, 0, 0, 0], {
        "granted": [19, 2, 0, 0, 1, 0], "partly_granted": [6, 1, 0, 0, 0, 0],
        "denied_law": [1, 0, 0, 0, 0, 0], "denied_third_party": [2, 0, 0, 0, 0, 0],
        "denied_process": [1, 1, 0, 0, 0, 0], "unable_not_held": [17, 2, 0, 0, 1, 0],
        "unable_unclear": [2, 0, 0, 0, 0, 0], "not_processed_petition": [4, 0, 0, 0, 0, 0],
        "not_processed_repeat": [2, 1, 0, 0, 0, 0], "other_no_correction": [1, 0, 0, 0, 0, 0],
        "other_other": [1, 0, 0, 0, 0, 0]})
    vals = app_expect(p, rows, lambda r, i, n: str(n))
    nums = lambda code: "".join(f"{v:>7}" for v in vals[code])
    lines += ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）        申请人情况",
              "                                                  自然人        法人或其他组织            总计",
              "                                                      商业企业  科研机构  社会公益组织  法律服务机构  其他"]
    seen = set()
    for code, (a, b, c) in apps_layout("2021"):
        if a == b == c:
            lead = a
        else:
            lead = ""
            if a not in seen:
                lead += a + "   "
                seen.add(a)
            else:
                lead += " " * 10
            if b == c:
                lead += b
            elif b not in seen:
                lead += b + "  " + c
                seen.add(b)
            else:
                lead += " " * 9 + c
        lines.append(pad(lead, 60) + nums(code))
    lines.append("")
    rv = review_raw([[2, 0, 0, 1], [1, 1, 0, 1], [0, 0, 0, 0]])
    review_expect(p, rv)
    five = "  ".join(spaced(x) for x in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
    lines += [SEC["四"], "",
              "           行 政 复 议                                          行 政 诉 讼",
              "                                            未经复议直接起诉                        复议后起诉",
              five + "   " + five + "   " + five,
              "".join(f"{v:>8}" for v in rv), "",
              SEC["五"], "    一是部分单位对政策解读重视不够；二是基层政务公开标准化规范化建设有待深化。", "",
              SEC["六"], f"    {y}年，我区未收取信息处理费。", "", "                                         金华市婺城区人民政府办公室",
              f"                                              {y + 1}年1月16日", ""]
    for c in ("natural_person", "business", "legal_services", "total"):
        p.check(f"identity:{c}", True)
        p.check(f"sum:{c}", True)
    p.check("row_total:new", True)
    p.check("row_total:total", True)
    for r in REVIEW_ROWS:
        p.check(f"review_total:{r}", True)
    p.write("\n".join(lines))



PROSE_NOTE = ("Prose conventions (mine): applications quantities in col 'total' (all applicants), 信息不存在 -> "
              "row 'unable' (the prose total of （四）无法提供, its old-regime name); review quantities in col 'total' "
              "(行政诉讼 -> row 'lawsuit', the prose total); fees in (fees, fees_charged, amount, 元); training in col "
              "'count' with units 次 / 人次; 未发生/未收取/未接到 -> 0. ")


def prose_page(p, title, paras):
    p.write(body_wrap(title, [para(x) for x in paras]))


def page11():
    p = Page(11, "prose-2012-county", "prose", "prose", PROSE_NOTE +
             "The brief's example sentences, with decoys: the statistics period, 较2011年增长, a phone number, "
             "document numbers (〔2012〕15号) and the signature date.")
    org = "湖北省宜都市人民政府办公室"
    paras = [
        "本报告是根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由宜都市人民政府办公室编制。全文包括概述、主动公开政府信息情况、"
        "依申请公开政府信息情况、政府信息公开的收费及减免情况、因政府信息公开申请行政复议和提起行政诉讼的情况、存在的主要问题和改进措施等。"
        "本报告中所列数据的统计期限自2012年1月1日起至2012年12月31日止。本报告的电子版可在宜都市人民政府门户网站下载。",
        "<strong>一、概述</strong>",
        "2012年，市政府办公室按照《湖北省人民政府办公厅关于做好2012年政府信息公开工作的通知》（鄂政办发〔2012〕15号）要求，进一步健全工作机制。"
        "全年开展培训3次，培训120人次，全市政府信息公开工作人员的业务水平明显提升。",
        "<strong>二、主动公开政府信息情况</strong>",
        "2012年，全市主动公开政府信息共计759条，较2011年增长23%，其中市政府及市政府办公室制发规范性文件5件。"
        "公开的信息主要包括机构职能、政策法规、规划计划、财政预决算等内容。",
        "<strong>三、依申请公开政府信息情况</strong>",
        "全年共受理政府信息公开申请12件，其中同意公开8件、部分公开2件、不予公开1件、信息不存在1件。所有申请均在法定期限内予以答复。",
        "<strong>四、政府信息公开的收费及减免情况</strong>",
        "2012年，我市在政府信息公开工作中未收取任何费用。",
        "<strong>五、因政府信息公开申请行政复议和提起行政诉讼的情况</strong>",
        "2012年，全市未发生因政府信息公开申请引起的行政复议和行政诉讼。",
        "<strong>六、存在的主要问题和改进措施</strong>",
        "一是部分单位对政府信息公开工作重视不够；二是公开内容不够全面。2013年，我们将进一步加强培训，完善制度。"
        "联系电话：0717-4822345。",
        "宜都市人民政府办公室",
        "2013年3月28日"]
    for row, col, v, u in (("proactive_items", "count", 759, "条"), ("normative_docs", "count", 5, "件")):
        p.add_value("active", row, col, v, u)
    for row, v in (("new", 12), ("granted", 8), ("partly_granted", 2), ("denied", 1), ("unable", 1)):
        p.add_value("applications", row, "total", v, "件")
    p.add_value("review", "reconsideration", "total", 0, "件")
    p.add_value("review", "lawsuit", "total", 0, "件")
    p.add_value("fees", "fees_charged", "amount", 0, "元")
    p.add_value("training", "trainings", "count", 3, "次")
    p.add_value("training", "trainees", "count", 120, "人次")
    prose_page(p, f"{org}2012年政府信息公开工作年度报告", paras)


def page12():
    p = Page(12, "prose-2015-chinese-numeral", "prose", "prose", PROSE_NOTE +
             "培训两次 is written in Chinese numerals: expected trainings = 2 (a reader of the report sees 2); the "
             "parser's docstring says only digits followed by a unit are read, so this cell tests a known gap. "
             "Also 1,024条 with a thousands comma, 行政复议1件 (维持), 未发生行政诉讼 -> 0, decoys 较2014年增长18%, "
             "phone, postcode, 杭政办函〔2015〕36号.")
    org = "杭州市国土资源局"
    paras = [
        "根据《中华人民共和国政府信息公开条例》和《杭州市政府信息公开规定》要求，现公布杭州市国土资源局2015年度政府信息公开工作年度报告。"
        "本报告中所列数据的统计期限为2015年1月1日至2015年12月31日。",
        "<strong>一、概述</strong>",
        "2015年，我局根据《杭州市人民政府办公厅关于印发2015年杭州市政务公开工作要点的通知》（杭政办函〔2015〕36号），"
        "组织全局信息公开工作人员业务培训两次，参训人员共计85人次。",
        "<strong>二、主动公开政府信息情况</strong>",
        "2015年，我局通过门户网站、政务微博等渠道主动公开政府信息1,024条，较2014年增长18%。主要包括土地出让、征地公告、矿业权审批等信息。",
        "<strong>三、依申请公开政府信息情况</strong>",
        "全年共收到政府信息公开申请5件，其中同意公开3件，部分公开1件，信息不存在1件，均在规定时限内办结。",
        "<strong>四、政府信息公开的收费及减免情况</strong>",
        "2015年，我局未收取政府信息公开相关费用。",
        "<strong>五、因政府信息公开申请行政复议、提起行政诉讼的情况</strong>",
        "本年度因政府信息公开申请被申请行政复议1件，复议结果为维持原答复；未发生因政府信息公开申请提起的行政诉讼。",
        "<strong>六、存在的主要问题和改进措施</strong>",
        "主要问题是信息公开的及时性有待提高。下一步，我局将完善信息发布审核机制。联系地址：杭州市解放东路18号，邮编：310016，电话：0571-85252000。",
        "杭州市国土资源局",
        "2016年3月21日"]
    p.add_value("active", "proactive_items", "count", 1024, "条")
    for row, v in (("new", 5), ("granted", 3), ("partly_granted", 1), ("unable", 1)):
        p.add_value("applications", row, "total", v, "件")
    p.add_value("review", "reconsideration", "total", 1, "件")
    p.add_value("review", "lawsuit", "total", 0, "件")
    p.add_value("fees", "fees_charged", "amount", 0, "元")
    p.add_value("training", "trainings", "count", 2, "次")
    p.add_value("training", "trainees", "count", 85, "人次")
    prose_page(p, f"{org}2015年政府信息公开工作年度报告", paras)


def page13():
    p = Page(13, "prose-2017-justice-bureau", "prose", "prose", PROSE_NOTE +
             "A justice bureau: its own 行政复议/行政应诉 caseload (23件 / 9件) is a decoy, the disclosure ones are "
             "未发生 -> 0; 全年未接到政府信息公开申请 -> new 0; 没有收取任何费用 -> 0; 较2016年增加56条 decoy.")
    org = "南京市玄武区司法局"
    paras = [
        "本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限为2017年1月1日至12月31日。",
        "<strong>一、概述</strong>",
        "2017年，我局共办理行政复议案件23件，办理行政应诉案件9件，人民调解组织调处矛盾纠纷1,356起。"
        "我局高度重视政务公开工作，开展政务公开培训4次，参训150人次。",
        "<strong>二、主动公开政府信息情况</strong>",
        "2017年，我局主动公开政府信息386条，较2016年增加56条，其中规范性文件2件。",
        "<strong>三、依申请公开政府信息情况</strong>",
        "2017年，我局全年未接到政府信息公开申请。",
        "<strong>四、政府信息公开的收费及减免情况</strong>",
        "本年度没有收取任何费用。",
        "<strong>五、因政府信息公开申请行政复议、提起行政诉讼的情况</strong>",
        "2017年，我局未发生因政府信息公开申请引起的行政复议、行政诉讼案件。",
        "<strong>六、存在的主要问题和改进措施</strong>",
        "信息公开的主动性有待加强。2018年，我局将按照区政府统一部署，进一步做好政务公开工作。咨询电话：025-84556721。",
        "南京市玄武区司法局",
        "2018年3月12日"]
    p.add_value("active", "proactive_items", "count", 386, "条")
    p.add_value("active", "normative_docs", "count", 2, "件")
    p.add_value("applications", "new", "total", 0, "件")
    p.add_value("review", "reconsideration", "total", 0, "件")
    p.add_value("review", "lawsuit", "total", 0, "件")
    p.add_value("fees", "fees_charged", "amount", 0, "元")
    p.add_value("training", "trainings", "count", 4, "次")
    p.add_value("training", "trainees", "count", 150, "人次")
    prose_page(p, f"{org}2017年政府信息公开工作年度报告", paras)



def page14():
    p = Page(14, "one-table-2019", "html", "2019",
             "All three standard tables pasted as ONE <table> (sections 二, 三 and 四 one after another, their "
             "headings as full-width rows inside the table, rows of different widths), 2019 format; 本年增/减 as "
             "增加12 / 减少1, amounts 0元; section 三 empties as '/'.")
    org, y = "江苏省宿迁市宿城区卫生健康委员会", 2020
    act = active_2019(p, {
        "regulations": ["0", "0", "0"], "normative_docs": ["4", "4", "16"],
        "licensing": ["63", "增加12", "2451"], "other_services": ["9", "减少1", "330"],
        "penalties": ["31", "+4", "178"], "enforcement": ["2", "0", "3"],
        "fees": ["1", "0"], "procurement": ["0", "0元"]})
    rows = app_rows("2019", [19, 3, 0, 1, 0, 0], [0, 0, 0, 0, 0, 0], {
        "granted": [7, 2, 0, 1, 0, 0], "partly_granted": [2, 0, 0, 0, 0, 0],
        "denied_third_party": [1, 0, 0, 0, 0, 0], "unable_not_held": [6, 1, 0, 0, 0, 0],
        "not_processed_petition": [2, 0, 0, 0, 0, 0], "other": [1, 0, 0, 0, 0, 0]})
    vals = app_expect(p, rows, lambda r, i, n: "/" if n == 0 and i in (2, 4, 5) else str(n))
    rv = review_raw([[0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]])
    review_expect(p, rv)
    inner = lambda t: t.split("<tbody>\n", 1)[1].rsplit("\n</tbody>", 1)[0]
    big = ["<tr>" + td("<strong>" + SEC["二"] + "</strong>", 1, 15) + "</tr>"]
    big += [inner(t) for t in act]
    big += ["<tr>" + td("<strong>" + SEC["三"] + "</strong>", 1, 15) + "</tr>"]
    big += apps_table_rows("2019", vals)
    big += ["<tr>" + td("<strong>" + SEC["四"] + "</strong>", 1, 15) + "</tr>"]
    big += review_rows(rv)
    for c in ("natural_person", "business", "public_interest", "total"):
        p.check(f"identity:{c}", True)
        p.check(f"sum:{c}", True)
    p.check("row_total:new", True)
    p.check("review_total:reconsideration", True)
    parts = [para(f"本报告根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限为{y}年1月1日至{y}年12月31日。"),
             para(f"<strong>{SEC['一']}</strong>"),
             para(f"{y}年，区卫健委主动公开政府信息742条，其中疫情防控信息318条。"),
             para("政府信息公开情况统计如下："), table(big),
             *closing(org, y)]
    p.write(body_wrap(f"宿城区卫生健康委员会{y}年政府信息公开工作年度报告", parts))


if __name__ == "__main__":
    for name, fn in sorted(globals().items()):
        if re.fullmatch(r"page\d\d", name):
            fn()
