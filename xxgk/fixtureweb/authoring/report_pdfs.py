"""Report PDFs of the standard statistics tables (2019 form and 2021 revision), drawn the ways real
report PDFs print them, with the cells each one holds: tests/data/pdf_tables/<name>.pdf + .json.

Each variant shows the layouts that defeat reading the PDF's text lines: columns so close that
neighbouring numbers are one space apart, row labels wrapped with the numbers on the first, the
last or a line of their own, side labels (三、本年度办理结果, （三）不予公开 …) printed one character per
line, a label glued to its first number, typos in the printed labels, letter-spaced header labels
split over lines, ruled and unruled tables, a table continuing onto the next page, and one report
whose section 四 prints a 总计 of 0 beside non-zero parts (its check must fail).

    python -m xxgk.fixtureweb.authoring.report_pdfs [OUT_DIR]

reportlab with the built-in CID font STSong-Light (no font file) and ``invariant=1``, so the
output is the same bytes on every run.
"""
from __future__ import annotations

import io
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parents[3] / "tests" / "data" / "pdf_tables"
FONT = "STSong-Light"
PAGE_W, PAGE_H, MARGIN = 595.0, 842.0, 40.0
APPLICANTS = ["natural_person", "business", "research", "public_interest", "legal_services",
              "other_org", "total"]
REVIEW = [(r, c) for r in ("reconsideration", "lawsuit_direct", "lawsuit_after_reconsideration")
          for c in ("upheld", "corrected", "other_result", "pending", "total")]

# (row code, printed label, side-label group): None = the label spans the side columns,
# "result" = under 三、本年度办理结果 only, other groups under a second side label too
APP_ROWS = [
    ("new", "一、本年新收政府信息公开申请数量", None),
    ("carried_over", "二、上年结转政府信息公开申请数量", None),
    ("granted", "（一）予以公开", "result"),
    ("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "result"),
    ("denied_state_secret", "1.属于国家秘密", "denied"),
    ("denied_law", "2.其他法律行政法规禁止公开", "denied"),
    ("denied_three_safety", "3.危及“三安全一稳定”", "denied"),
    ("denied_third_party", "4.保护第三方合法权益", "denied"),
    ("denied_internal", "5.属于三类内部事务信息", "denied"),
    ("denied_process", "6.属于四类过程性信息", "denied"),
    ("denied_enforcement_file", "7.属于行政执法案卷", "denied"),
    ("denied_inquiry", "8.属于行政查询事项", "denied"),
    ("unable_not_held", "1.本机关不掌握相关政府信息", "unable"),
    ("unable_need_create", "2.没有现成信息需要另行制作", "unable"),
    ("unable_unclear", "3.补正后申请内容仍不明确", "unable"),
    ("not_processed_petition", "1.信访举报投诉类申请", "not_processed"),
    ("not_processed_repeat", "2.重复申请", "not_processed"),
    ("not_processed_publication", "3.要求提供公开出版物", "not_processed"),
    ("not_processed_massive", "4.无正当理由大量反复申请", "not_processed"),
    ("not_processed_confirm", "5.要求行政机关确认或重新出具已获取信息", "not_processed"),
    ("other", "（六）其他处理", "result"),
    ("total", "（七）总计", "result"),
    ("carried_forward", "四、结转下年度继续办理", None),
]
OTHER_2021 = [
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other"),
    ("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other"),
    ("other_other", "3.其他", "other"),
]
SIDE = {"result": "三、本年度办理结果", "denied": "（三）不予公开", "unable": "（四）无法提供",
        "not_processed": "（五）不予处理", "other": "（六）其他处理"}
ACTIVE = {  # item -> (columns (label, code), rows (label, code))
    "2019": [("（一）", [("本年新制作数量", "made"), ("本年新公开数量", "published"), ("对外公开总数量", "disclosed_total")],
              [("规章", "regulations"), ("规范性文件", "normative_docs")]),
             ("（五）", [("上一年项目数量", "prev_items"), ("本年增/减", "change"), ("处理决定数量", "decisions")],
              [("行政许可", "licensing"), ("其他对外管理服务事项", "other_services")]),
             ("（六）", [("上一年项目数量", "prev_items"), ("本年增/减", "change"), ("处理决定数量", "decisions")],
              [("行政处罚", "penalties"), ("行政强制", "enforcement")]),
             ("（八）", [("上一年项目数量", "prev_items"), ("本年增/减", "change")], [("行政事业性收费", "fees")]),
             ("（九）", [("采购项目数量", "items"), ("采购总金额", "amount")], [("政府集中采购", "procurement")])],
    "2021": [("（一）", [("本年制发件数", "issued"), ("本年废止件数", "repealed"), ("现行有效件数", "in_force")],
              [("规章", "regulations"), ("行政规范性文件", "normative_docs")]),
             ("（五）", [("本年处理决定数量", "decisions")], [("行政许可", "licensing")]),
             ("（六）", [("本年处理决定数量", "decisions")], [("行政处罚", "penalties"), ("行政强制", "enforcement")]),
             ("（八）", [("本年收费金额（单位：万元）", "amount")], [("行政事业性收费", "fees")])],
}


@dataclass
class Variant:
    name: str
    fmt: str                 # "2019" | "2021"
    seed: int
    ruled: bool = True
    close: bool = False      # value columns just wider than their numbers (one space apart)
    label_w: float = 150.0   # width of the row-label column (narrower: more wrapping)
    numbers: str = "first"   # where a wrapped row's numbers go: first | last | middle (own line)
    vertical: bool = True    # side labels one character per line
    glued: bool = False      # 5.要求行政机关确认…已获取信息 touching its first number
    typos: dict = field(default_factory=dict)   # row code -> printed label
    spaced: bool = False     # header labels letter-spaced and wrapped
    page_break: int | None = None   # a new page before this section 三 row index
    repeat_header: bool = False     # the section 三 header drawn again on the new page
    dashes: bool = False            # 上年结转 printed as — (nothing carried over)
    inconsistent: bool = False      # section 四 reconsideration 总计 printed 0


VARIANTS = [
    Variant("ruled_close_2019", "2019", 1, ruled=True, close=True, numbers="first"),
    Variant("unruled_last_2019", "2019", 2, ruled=False, numbers="last", spaced=True, glued=True,
            label_w=120.0),
    Variant("ruled_typos_own_2021", "2021", 3, ruled=True, numbers="middle", spaced=True,
            typos={"denied_law": "2.其他法律行政止公开", "unable_not_held": "1.本机关不拿握相关政府信息",
                   "not_processed_massive": "4.无正当理由大量反夏申请",
                   "unable_need_create": "2.□□□□□□□□□□□"}),  # glyphs missing: only the row order tells
    Variant("unruled_pages_2021", "2021", 4, ruled=False, close=True, numbers="first", vertical=False,
            glued=True, page_break=9, label_w=170.0, dashes=True, repeat_header=True),
    Variant("ruled_pages_last_2019", "2019", 5, ruled=True, numbers="last", vertical=False, spaced=True,
            page_break=14, label_w=110.0, typos={"denied_law": "2.其他法律行政止公开"},
            repeat_header=True),
    Variant("inconsistent_review_2021", "2021", 6, ruled=True, close=True, numbers="middle",
            label_w=130.0, inconsistent=True),
]


# the numbers ---------------------------------------------------------------------------------

def app_rows(fmt: str) -> list[tuple[str, str, str | None]]:
    if fmt == "2019":
        return APP_ROWS
    i = [r[0] for r in APP_ROWS].index("other")
    return APP_ROWS[:i] + OTHER_2021 + APP_ROWS[i + 1:]


def numbers(v: Variant) -> tuple[dict, dict, dict]:
    """(active {(row, col): value}, applications {row: [7 values]}, review [15 values]), every
    table's own arithmetic holding (but for the inconsistent variant's section 四)."""
    rnd = random.Random(v.seed)
    active = {}
    for _item, cols, rows in ACTIVE[v.fmt]:
        for _label, row in rows:
            for _c, col in cols:
                value = rnd.choice([0, 0, 1, 3, 12, 86, 447, 1530])
                if col == "amount":
                    value = 56.8 if v.fmt == "2021" else 3405820
                if col == "change":
                    value = rnd.choice([0, 2, -2])
                active[(row, col)] = value
    outcomes = [r for r, _, g in app_rows(v.fmt) if g and r != "total"]
    apps = {}
    for row in outcomes:
        apps[row] = [rnd.choice([0, 0, 0, 1, 2, 7, 95]) if k == 0 else rnd.choice([0, 0, 0, 0, 1, 3])
                     for k in range(6)]
    apps["total"] = [sum(apps[r][k] for r in outcomes) for k in range(6)]
    apps["carried_over"] = [0 if v.dashes else min(t, rnd.choice([0, 1, 2])) for t in apps["total"]]
    apps["carried_forward"] = [rnd.choice([0, 0, 1]) for _ in range(6)]
    apps["new"] = [t + f - c for t, f, c in zip(apps["total"], apps["carried_forward"], apps["carried_over"])]
    for row in apps:
        apps[row] = apps[row] + [sum(apps[row])]
    review = []
    for _group in range(3):
        parts = [rnd.choice([0, 0, 1, 2, 5]) for _ in range(4)]
        review += parts + [sum(parts)]
    if v.inconsistent:
        review[:5] = [2, 1, 0, 1, 0]
    return active, apps, review


def expected(v: Variant) -> dict:
    active, apps, review = numbers(v)
    cells = {f"active,{r},{c}": value for (r, c), value in active.items()}
    if v.dashes:
        apps["carried_over"] = [None] * 7  # printed —: no value (counted as 0 by the checks)
    for row, values in apps.items():
        cells.update({f"applications,{row},{c}": x for c, x in zip(APPLICANTS, values)})
    cells.update({f"review,{r},{c}": x for (r, c), x in zip(REVIEW, review)})
    failed = ["review_total:reconsideration"] if v.inconsistent else []
    return {"file": f"{v.name}.pdf", "report_year": int(v.fmt), "format": v.fmt,
            "cells": dict(sorted(cells.items())), "failed_checks": failed}


# drawing -------------------------------------------------------------------------------------

class Pen:
    """A canvas with a y cursor that starts a new page when a block does not fit."""

    def __init__(self, title: str):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
        self.c.setTitle(title)
        self.y = PAGE_H - MARGIN
        self.page = 1

    def text(self, x: float, y: float, s: str, size: float = 9.0) -> None:
        self.c.setFont(FONT, size)
        self.c.drawString(x, y, s)

    def width(self, s: str, size: float = 9.0) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(s, FONT, size)

    def para(self, s: str, size: float = 11.0) -> None:
        self.need(size * 1.8)
        self.text(MARGIN, self.y - size, s, size)
        self.y -= size * 1.8

    def need(self, h: float) -> None:
        if self.y - h < MARGIN + 20:
            self.new_page()

    def new_page(self) -> None:
        self.text(PAGE_W / 2 - 20, MARGIN - 10, f"第{self.page}页", 8)
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN

    def finish(self) -> bytes:
        self.text(PAGE_W / 2 - 20, MARGIN - 10, f"第{self.page}页", 8)
        self.c.save()
        return self.buf.getvalue()


def wrap(pen: Pen, s: str, width: float, size: float, spacing: float = 0.0) -> list[str]:
    lines, cur = [], ""
    for ch in s:
        if cur and pen.width(cur + ch, size) + spacing * len(cur) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + [cur] if cur else lines


@dataclass
class Cell:
    col: int                 # first column
    span: int                # columns spanned
    text: str
    align: str = "left"      # left | center | right
    glue: bool = False       # drawn ending exactly at the cell's right edge (no padding)


@dataclass
class TRow:
    cells: list
    values: list             # (col, text): numbers, placed by the variant's rule
    size: float = 9.0
    spaced: bool = False     # letter-spaced header cells
    rule_from: int = 0       # the row's top rule starts at this column


def draw_table(pen: Pen, v: Variant, xs: list[float], rows: list[TRow], vspans=(),
               breaks=(), repeat: int = 0) -> None:
    """Rows of cells on column boundaries ``xs``; ``vspans``: (col, first row, last row, text)
    side labels over several rows; ``breaks``: row indexes that start on a new page, where the
    first ``repeat`` rows (the header) are drawn again."""
    lead, pad = 1.3, 3.0
    y_top = {}
    start = pen.y

    def height(row: TRow) -> tuple[list, int, float]:
        lines = [wrap(pen, c.text, xs[c.col + c.span] - xs[c.col] - 2 * pad, row.size,
                      row.size * 0.6 if row.spaced else 0.0) for c in row.cells]
        n = max([len(x) for x in lines] + [1])
        return lines, n, n * row.size * lead + 2 * pad + (row.size * 0.6 if v.numbers == "middle" and n > 1 else 0)

    def draw(row: TRow) -> None:
        lines, n, h = height(row)
        _draw_row(pen, v, xs, row, lines, n, pad, lead)
        if v.ruled:
            pen.c.setLineWidth(0.5)
            pen.c.line(xs[row.rule_from], pen.y, xs[-1], pen.y)
        pen.y -= h

    for i, row in enumerate(rows):
        if i in breaks or pen.y - height(row)[2] < MARGIN + 20:
            _rules(pen, v, xs, start)
            pen.new_page()
            start = pen.y
            for head in rows[:repeat]:
                draw(head)
        y_top[i] = pen.y
        draw(row)
    _rules(pen, v, xs, start)
    for col, first, last, text in vspans:
        top = y_top[first]
        bottom = y_top[last + 1] if last + 1 in y_top else pen.y
        step = min(11.0, (top - bottom - 4) / len(text))
        y = (top + bottom) / 2 + step * len(text) / 2 - 9
        cx = (xs[col] + xs[col + 1]) / 2
        for ch in text:
            pen.text(cx - pen.width(ch) / 2, y, ch)
            y -= step
    pen.y -= 8


def _rules(pen: Pen, v: Variant, xs, top: float) -> None:
    """The bottom rule and the column rules of the table's part on this page."""
    if v.ruled:
        pen.c.line(xs[0], pen.y, xs[-1], pen.y)
        for x in xs:
            pen.c.line(x, top, x, pen.y)


def _draw_row(pen: Pen, v: Variant, xs, row: TRow, lines, n: int, pad: float, lead: float) -> None:
    size = row.size
    base = pen.y - pad - size
    for cell, cell_lines in zip(row.cells, lines):
        left, right = xs[cell.col] + pad, xs[cell.col + cell.span] - pad
        for k, line in enumerate(cell_lines):
            y = base - k * size * lead - (size * 0.6 if v.numbers == "middle" and k and n > 1 else 0)
            if row.spaced:
                x = (left + right) / 2 - (pen.width(line, size) + size * 0.6 * (len(line) - 1)) / 2
                for ch in line:
                    pen.text(x, y, ch, size)
                    x += pen.width(ch, size) + size * 0.6
                continue
            w = pen.width(line, size)
            x = {"left": left, "center": (left + right - w) / 2, "right": right - w}[cell.align]
            if cell.glue and k == len(cell_lines) - 1:
                x = xs[cell.col + cell.span] - w
            pen.text(x, y, line, size)
    if n == 1 or v.numbers == "first":
        y = base
    elif v.numbers == "last":
        y = base - (n - 1) * size * lead - 0
    else:  # a line of its own between the label's lines
        y = base - ((n - 1) * size * lead + size * 0.6) / 2
    for col, text in row.values:
        left, right = xs[col] + (0.6 if v.close else pad), xs[col + 1] - (0.6 if v.close else pad)
        w = pen.width(text, size)
        x = (left + right - w) / 2 if not v.close else left
        if any(c.glue for c in row.cells) and col == row.cells[-1].col + row.cells[-1].span:
            x = xs[col]  # touching the label's last character
        pen.text(x, y, text, size)


def fmt_value(x) -> str:
    return str(x)


def draw_active(pen: Pen, v: Variant, active: dict) -> None:
    pen.para("二、主动公开政府信息情况")
    xs0 = [MARGIN, MARGIN + 170]
    for item, cols, rows in ACTIVE[v.fmt]:
        width = (PAGE_W - 2 * MARGIN - 170) / len(cols)
        xs = xs0 + [xs0[1] + width * (k + 1) for k in range(len(cols))]
        trows = [TRow([Cell(0, len(cols) + 1, f"第二十条第{item}项", "center")], []),
                 TRow([Cell(0, 1, "信息内容", "center")] + [Cell(k + 1, 1, lab, "center")
                                                        for k, (lab, _) in enumerate(cols)], [],
                      size=8.0, spaced=v.spaced)]
        for label, code in rows:
            trows.append(TRow([Cell(0, 1, label)],
                              [(k + 1, fmt_value(active[(code, c)])) for k, (_, c) in enumerate(cols)]))
        pen.need(20 * len(trows))
        draw_table(pen, v, xs, trows)


def draw_applications(pen: Pen, v: Variant, apps: dict) -> None:
    pen.para("三、收到和处理政府信息公开申请情况")
    sides = (16.0, 16.0) if v.vertical else (88.0, 70.0)
    xs = [MARGIN, MARGIN + sides[0], MARGIN + sum(sides), MARGIN + sum(sides) + v.label_w]
    vw = 16.0 if v.close else (PAGE_W - MARGIN - xs[-1]) / 7
    xs += [xs[-1] + vw * (k + 1) for k in range(7)]
    head = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    heads = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    trows = [TRow([Cell(0, 3, head), Cell(3, 7, "申请人情况", "center")], [], size=8.0),
             TRow([Cell(4, 5, "法人或其他组织", "center")], [], size=8.0, rule_from=4),
             TRow([Cell(3 + k, 1, h, "center") for k, h in enumerate(heads)], [], size=8.0,
                  spaced=v.spaced, rule_from=3)]
    rows = app_rows(v.fmt)
    first_data = len(trows)
    spans: dict[str, list[int]] = {}
    prev = None
    for i, (code, label, group) in enumerate(rows):
        label = v.typos.get(code, label)
        start = 0 if group is None else (1 if group == "result" else 2)
        cells = [Cell(start, 3 - start, label)]
        if not v.vertical and group == "result" and prev != "result" and "result" not in spans:
            cells = [Cell(0, 1, SIDE["result"]), Cell(1, 2, label)]
        elif not v.vertical and group not in (None, "result") and prev != group:
            cells = [Cell(1, 1, SIDE[group]), Cell(2, 1, label)]
        if v.glued and code == "not_processed_confirm":
            cells[-1].glue = True
        if group:
            spans.setdefault(group, []).append(first_data + i)
            spans.setdefault("result", []).append(first_data + i)
        prev = group
        printed = ["—" if v.dashes and code == "carried_over" else fmt_value(x) for x in apps[code]]
        trows.append(TRow(cells, [(3 + k, x) for k, x in enumerate(printed)],
                          rule_from=cells[0].col))
    vspans = [(0 if g == "result" else 1, idx[0], idx[-1], SIDE[g]) for g, idx in spans.items()]
    breaks = () if v.page_break is None else (first_data + v.page_break,)
    if not v.vertical:
        vspans = []
    draw_table(pen, v, xs, trows, vspans, breaks, repeat=first_data if v.repeat_header else 0)


def draw_review(pen: Pen, v: Variant, review: list) -> None:
    pen.para("四、政府信息公开行政复议、行政诉讼情况")
    w = 16.0 if v.close else (PAGE_W - 2 * MARGIN) / 15
    xs = [MARGIN + w * k for k in range(16)]
    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    trows = [TRow([Cell(0, 5, "行政复议", "center"), Cell(5, 10, "行政诉讼", "center")], [], size=8.0),
             TRow([Cell(5, 5, "未经复议直接起诉", "center"), Cell(10, 5, "复议后起诉", "center")], [],
                  size=8.0, rule_from=5),
             TRow([Cell(k, 1, leaves[k % 5], "center") for k in range(15)], [], size=8.0,
                  spaced=v.spaced),
             TRow([], [(k, fmt_value(x)) for k, x in enumerate(review)])]
    pen.need(120)
    draw_table(pen, v, xs, trows)


def render(v: Variant) -> bytes:
    active, apps, review = numbers(v)
    pen = Pen(f"{v.name} 政府信息公开工作年度报告")
    pen.para(f"某某区某某局{v.fmt}年政府信息公开工作年度报告", 13)
    pen.para("一、总体情况")
    pen.para("本机关坚持以公开为常态、不公开为例外，全面推进政务公开。", 9)
    draw_active(pen, v, active)
    if v.page_break is None:
        pen.new_page()  # the whole section 三 table on one page (its side labels span it)
    draw_applications(pen, v, apps)
    draw_review(pen, v, review)
    pen.para("五、存在的主要问题及改进情况")
    pen.para("信息公开的及时性有待提高。", 9)
    pen.para("六、其他需要报告的事项")
    pen.para("无。", 9)
    return pen.finish()


def write_all(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for v in VARIANTS:
        pdf, exp = out / f"{v.name}.pdf", out / f"{v.name}.json"
        pdf.write_bytes(render(v))
        exp.write_text(json.dumps(expected(v), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written += [pdf, exp]
    return written


if __name__ == "__main__":
    for p in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(p)
