"""The standard tables of a PDF report rebuilt from the positions of its words (pdfplumber).

    pdf_tables(data, max_chars=...) -> list of tables (each a list of rows of cell texts) | None

A PDF's text lines lose cells: numbers one space apart merge, wrapped row labels leave their
numbers on another line, side labels printed one character per line (三、本年度办理结果, （三）不予公开)
interleave with the rows. Here the words keep their boxes:

1. words and ruling lines of every page, pages stacked top to bottom (a table may continue on the
   next page); running headers and footers dropped;
2. the sections (二、三、四) cut at their headings, section 二 again at each 第二十条 item;
3. value columns from the numbers' boxes (or the vertical rules between them); a label glued to its
   first number is cut where the number's column starts;
4. side-label characters (a vertical run of single characters in the label area) taken out;
5. rows: a new row at each horizontal rule across the values, at each row mark (``（二）``, ``3.``,
   ``一、``) and, in an unruled table, at a gap wider than the line spacing; a wrapped label is joined
   to the one line of numbers of its row (first, last or a line of its own);
6. row codes from the labels, matched tolerantly (``codes.application_row``), with the fixed order
   of the standard form filling a row whose label says nothing.

Each table comes back as rows ``[label, v1, v2, …]`` (header rows first, with the column labels),
so ``stats.parse_stats_tables`` reads them like a DOCX table. See docs/field-rules.md, PDF tables.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from xxgk.extract.stats import codes
from xxgk.extract.stats.tables import ACTIVE_DEFAULTS, SECTION_HEADINGS, detect_format
from xxgk.extract.stats.values import is_value

MAX_PAGES = 60
MARK = re.compile(r"^([（(][一二三四五六七八九十][)）]|\d{1,2}[.、．]\D|[一二三四五六][、.])")
GLUED = re.compile(r"^(.*\D)(\d[\d,]*(?:\.\d+)?)$")


@dataclass
class Tok:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    glued: bool = False  # digits cut off a label they were glued to

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Page:
    tokens: list
    hrules: list   # (y, x0, x1)
    vrules: list   # (x, top, bottom)


def pdf_tables(data: bytes, max_chars: int = 1_000_000) -> list | None:
    """Tables found by layout; None when there are none."""
    try:
        page = read_words(data, max_chars)
    except Exception:  # a PDF pdfplumber cannot read: the text lines are parsed instead
        return None
    lines = make_lines(page.tokens)
    text = codes.norm_label("".join(t.text for t in page.tokens))
    fmt = detect_format(text)
    tables = []
    for kind, section in split_sections(lines):
        reader = {"active": read_active, "applications": read_applications, "review": read_review}[kind]
        table = reader(section, page, fmt)
        if table:
            tables.append(table)
    return tables or None


def read_words(data: bytes, max_chars: int) -> Page:
    """Every page's words (ruling lines too), pages stacked: page k starts below page k-1."""
    import pdfplumber

    tokens, hrules, vrules, offset, chars = [], [], [], 0.0, 0
    seen, page_start = "", 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages[:MAX_PAGES]:
            height = float(page.height)
            for w in page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False):
                if w["top"] > height * 0.95 or w["bottom"] < height * 0.035:
                    continue  # running header or footer (第1页, — 2 —)
                tokens.append(Tok(w["x0"], w["x1"], w["top"] + offset, w["bottom"] + offset, w["text"]))
                chars += len(w["text"])
            for e in page.edges:
                if e["orientation"] == "h":
                    hrules.append((e["top"] + offset, e["x0"], e["x1"]))
                else:
                    vrules.append((e["x0"], e["top"] + offset, e["bottom"] + offset))
            offset += height + 10
            page.flush_cache()
            seen += codes.norm_label("".join(t.text for t in tokens[page_start:]))
            page_start = len(tokens)
            if chars > max_chars or ("行政复议" in seen and _after_tables(seen)):
                break  # the tables are behind us (五、存在的主要问题 …): the rest is prose
    return Page(tokens, hrules, vrules)


def _after_tables(text: str) -> bool:
    """The text (NFKC, no spaces) has reached 五、…存在… after the section 四 table."""
    review = text.rfind("行政复议")
    return re.search(r"[五5][、.][^、.]{0,12}存在", text[review:]) is not None


def make_lines(tokens: list) -> list[list]:
    """Tokens grouped into lines (by vertical centre), each sorted left to right."""
    lines: list[list] = []
    for t in sorted(tokens, key=lambda t: (t.cy, t.x0)):
        h = t.bottom - t.top
        if lines and abs(t.cy - _cy(lines[-1])) <= 0.45 * h:
            lines[-1].append(t)
        else:
            lines.append([t])
    return [sorted(line, key=lambda t: t.x0) for line in lines]


def _cy(line: list) -> float:
    return sum(t.cy for t in line) / len(line)


def _text(line: list) -> str:
    return codes.norm_label("".join(t.text for t in line))


def split_sections(lines: list[list]) -> list[tuple[str, list]]:
    out: list[tuple[str | None, list]] = []
    for line in lines:
        label = _text(line)
        kind = next((s for rx, s in SECTION_HEADINGS if rx.match(label)), "keep")
        if kind != "keep":
            out.append((kind, []))
        elif out:
            out[-1][1].append(line)
    return [(k, ls) for k, ls in out if k]


# one table block: columns, header, rows ----------------------------------------------------------

@dataclass
class Block:
    columns: list        # (left, right) of each value column, left to right
    headers: list        # the column labels as printed (joined), one per column
    corner: str          # the header text over the label column
    rows: list           # (label, [cell text per column])


def read_block(lines: list[list], page: Page, min_values: int, marks: bool) -> Block | None:
    data = [ln for ln in lines if sum(_number(t.text) for t in ln) >= min_values]
    if not data:
        return None
    columns = _columns(data, page)
    if not columns:
        return None
    by_order = _ordinal_columns(data, columns)
    if by_order:
        columns = by_order
    lines = [_unglue(ln, columns) for ln in lines]
    glued = [t.x0 for ln in lines for t in ln if t.glued]
    columns[0] = (min([columns[0][0]] + glued), columns[0][1])
    left = columns[0][0]
    side = _side_chars(lines, left)
    lines = [[t for t in ln if id(t) not in side] for ln in lines]
    lines = [ln for ln in lines if ln]
    first = next(i for i, ln in enumerate(lines) if _n_values(ln, left) >= min_values)
    label_end = max((t.x1 for ln in lines[first:] for t in ln if t.cx < left), default=left - 40) + 1
    head_end = max([i for i in range(first) if any(t.cx >= left for t in lines[i])], default=-1) + 1
    headers = [_join(t for ln in lines[:head_end] for t in ln
                     if lo <= t.cx <= hi and t.x1 - t.x0 <= (hi - lo) * 1.3 + 2)
               for lo, hi in _bands(columns, label_end)]
    corner = _join(t for ln in lines[:head_end] for t in ln if t.cx < left)
    rows = []
    for seg in _segments(lines[head_end:], page, left, marks):
        rows += _rows_of(seg, left, columns, bool(by_order))
    return Block(columns, headers, corner, rows)


def _ordinal_columns(data: list[list], columns: list) -> list | None:
    """Columns by order when positions cannot tell them: each row's numbers printed as one
    string (right-aligned, single spaces), so that rows shift against each other and the boxes
    of neighbouring columns overlap into fewer columns than a full row has numbers. Then the
    j-th number of a full row is column j; the columns' extents are the j-th numbers' median
    boxes (the first from the leftmost row's start), for the header bands."""
    rows = [sorted((t for t in ln if _number(t.text)), key=lambda t: t.x0) for ln in data]
    counts = Counter(len(row) for row in rows)
    width, seen = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    if width < 2 or len(columns) >= width or seen < 3:
        return None
    full = [row for row in rows if len(row) == width]
    mid = len(full) // 2
    out = [(sorted(r[j].x0 for r in full)[mid], sorted(r[j].x1 for r in full)[mid])
           for j in range(width)]
    out[0] = (min(r[0].x0 for r in full), out[0][1])  # the values start where any row's do
    return out


def _bands(columns: list, label_end: float) -> list[tuple[float, float]]:
    """Each value column widened to the midpoints with its neighbours (an unruled table's header
    label is wider than its numbers), the outer ones as far out again (a lone column: from the
    end of the row labels on)."""
    mids = [(a[1] + b[0]) / 2 for a, b in zip(columns, columns[1:])]
    if not mids:
        return [((label_end + columns[0][0]) / 2, float("inf"))]
    first = max(label_end, columns[0][0] - (mids[0] - columns[0][1]))
    last = columns[-1][1] + (columns[-1][0] - mids[-1])
    return list(zip([first] + mids, mids + [last]))


def _n_values(line: list, left: float) -> int:
    return sum(1 for t in line if t.cx >= left and _number(t.text))


def _number(text: str) -> bool:
    """A printed number (``0``, ``1,530``, ``增加5``, ``56.8万元``), not an empty mark or ``无``."""
    return is_value(text) and any(ch.isdigit() for ch in text)


def _join(tokens) -> str:
    return "".join(t.text for t in tokens)


def _columns(data: list[list], page: Page) -> list[tuple[float, float]]:
    """Value columns: the bands between vertical rules that hold numbers, or, unruled, the
    numbers' boxes merged where they overlap."""
    values = [t for ln in data for t in ln if _number(t.text)]
    ys = [t.cy for t in values]
    xs = sorted({round(x, 1) for x, top, bottom in page.vrules
                 if any(top - 1 <= y <= bottom + 1 for y in ys)})
    merged = []
    for x in xs:
        if not merged or x - merged[-1] > 2:
            merged.append(x)
    bands = [(a, b) for a, b in zip(merged, merged[1:])
             if any(a <= t.cx <= b for t in values) and b - a < 200]
    if len(bands) >= 1 and all(any(a <= t.cx <= b for a, b in bands) for t in values):
        return bands
    spans: list[list[float]] = []
    for t in sorted(values, key=lambda t: t.x0):
        if spans and t.x0 <= spans[-1][1] + 0.5:
            spans[-1][1] = max(spans[-1][1], t.x1)
        else:
            spans.append([t.x0, t.x1])
    return [(a, b) for a, b in spans]


def _unglue(line: list, columns) -> list:
    """A label glued to its first number (``…已获取信息0``): a label ending in digits that reach
    into the first value column (or stop just short of it) is cut before the digits."""
    out, (lo, hi) = [], columns[0]
    pitch = (columns[1][0] + columns[1][1]) / 2 - (lo + hi) / 2 if len(columns) > 1 else hi - lo
    for t in line:
        m = GLUED.match(t.text)
        w = (t.bottom - t.top) * 0.5 * len(m.group(2)) if m else 0
        if m and not is_value(t.text) and t.x0 < lo and abs(t.x1 - w / 2 - (lo + hi) / 2) <= 0.75 * pitch:
            out += [Tok(t.x0, t.x1 - w, t.top, t.bottom, m.group(1)),
                    Tok(t.x1 - w, t.x1, t.top, t.bottom, m.group(2), glued=True)]
        else:
            out.append(t)
    return out


def _side_chars(lines: list[list], left: float) -> set:
    """Side labels printed one character per line: single characters in the label area standing
    in a vertical run (same centre, consecutive lines) of three or more."""
    singles = sorted((t for ln in lines for t in ln if len(t.text.strip()) == 1 and t.cx < left
                      and not t.text.isdigit()), key=lambda t: (round(t.cx), t.cy))
    out: set = set()
    runs: list[list] = []
    for t in sorted(singles, key=lambda t: t.cy):
        h = t.bottom - t.top
        run = next((r for r in runs if abs(r[-1].cx - t.cx) <= 2.5 and t.cy - r[-1].cy <= 1.7 * h), None)
        if run is None:
            runs.append([t])
        else:
            run.append(t)
    for run in runs:
        if len(run) >= 3:
            out.update(id(t) for t in run)
    return out


def _segments(lines: list[list], page: Page, left: float, marks: bool) -> list[list]:
    """Lines cut into rows: at a horizontal rule across the values, at a row mark, and (no rules)
    at a gap wider than the line spacing."""
    if not lines:
        return []
    top, bottom = lines[0][0].top, lines[-1][0].bottom
    rules = [y for y, x0, x1 in page.hrules if x0 <= left + 2 and x1 >= left + 8 and top - 2 <= y <= bottom + 2]
    segs = [[lines[0]]]
    for prev, line in zip(lines, lines[1:]):
        p_bottom, l_top = max(t.bottom for t in prev), min(t.top for t in line)
        h = max(t.bottom - t.top for t in line)
        label = [t for t in line if t.cx < left]
        cut = _header_line(prev, left) or _header_line(line, left)  # a header repeated on a new page
        cut = cut or any(p_bottom - 1 <= y <= l_top + 1 for y in rules)
        cut = cut or (marks and bool(label) and bool(MARK.match(label[0].text)))
        cut = cut or (not rules and l_top - p_bottom > 0.6 * h)
        if cut:
            segs.append([line])
        else:
            segs[-1].append(line)
    return segs


def _header_line(line: list, left: float) -> bool:
    """Words over the value columns and none of them a value: a header line (自然人 商业企业 …)."""
    over = [t for t in line if t.cx >= left]
    return bool(over) and not any(is_value(t.text) for t in over)


def _rows_of(seg: list[list], left: float, columns, by_order: bool = False) -> list[tuple[str, list]]:
    """One row per line of numbers in a segment; label lines go to the numbers after them (the
    last row takes what follows its numbers). ``by_order``: a line with a number for every
    column gives them in order (see ``_ordinal_columns``)."""
    value_lines = [i for i, ln in enumerate(seg) if any(t.cx >= left and is_value(t.text) for t in ln)]
    if not value_lines:
        return []
    owner = {}
    for i in range(len(seg)):
        owner[i] = next((v for v in value_lines if v >= i), value_lines[-1])
    rows = []
    for v in value_lines:
        label = _join(t for i, ln in enumerate(seg) if owner[i] == v for t in ln if t.cx < left)
        values = sorted((t for t in seg[v] if t.cx >= left and is_value(t.text)), key=lambda t: t.x0)
        if by_order and len(values) == len(columns):
            rows.append((label, [t.text for t in values]))
            continue
        cells = []
        for lo, hi in columns:
            cells.append(_join(t for t in seg[v] if t.cx >= left and lo - 1 <= t.cx <= hi + 1))
        rows.append((label, cells))
    return rows


# the three sections ------------------------------------------------------------------------------

def read_active(lines: list[list], page: Page, fmt: str) -> list | None:
    items, out = [], [["二、主动公开政府信息情况"]]
    for line in lines:
        if "第二十条" in _text(line):
            items.append((_join(line), []))
        elif items:
            items[-1][1].append(line)
    for title, item_lines in items:
        block = read_block(item_lines, page, 1, False)
        rows = [(label, cells) for label, cells in (block.rows if block else [])
                if codes.first_match(codes.norm_label(label), codes.ACTIVE_ROWS)]
        if not rows:
            continue
        out.append([title])
        out.append(["信息内容"] + active_headers(block.headers, rows, fmt))
        out += [[label] + cells for label, cells in rows]
    return out if len(out) > 1 else None


def active_headers(headers: list[str], rows: list, fmt: str) -> list[str]:
    """The item's column labels as printed; one that names no column (lost to the layout) is
    the standard form's label at that place when the item has the standard number of columns."""
    code = codes.first_match(codes.norm_label(rows[0][0]), codes.ACTIVE_ROWS)
    order = ACTIVE_DEFAULTS[fmt].get(code) or (["prev_items", "change", "decisions"]
                                               if fmt == "2019" else ["decisions"])
    if len(order) != len(headers):
        return headers
    return [h if codes.first_match(codes.norm_label(h), codes.ACTIVE_COLS) == c
            else _standard_column(c, fmt) for h, c in zip(headers, order)]


def _standard_column(col: str, fmt: str) -> str:
    if col == "amount":
        return "本年收费金额" if fmt == "2021" else "采购总金额"
    return re.sub(r"（.*?）", "", codes.COLS[col][0])


def standard_rows(fmt: str) -> list[str]:
    rows = [r for r, (s, _, _) in codes.ROWS.items() if s == "applications" and r not in ("denied", "unable")]
    other = ["other"] if fmt == "2019" else ["other_no_correction", "other_no_fee", "other_other"]
    rows = [r for r in rows if not r.startswith("other")]
    i = rows.index("total")
    return rows[:i] + other + rows[i:]


def read_applications(lines: list[list], page: Page, fmt: str) -> list | None:
    block = read_block(lines, page, 3, True)
    if block is None:
        return None
    order = standard_rows(fmt)
    found = []
    for label, cells in block.rows:
        code = codes.application_row(codes.norm_label(label))
        if code == "other" and fmt == "2021" and re.search(r"3[.、．]", label):
            code = "other_other"
        found.append([code if code in order else None, label, cells])
    for k, row in enumerate(found):  # a row whose label says nothing: the standard order's gap
        if row[0] is None:
            before = next((order.index(r[0]) for r in reversed(found[:k]) if r[0]), -1)
            after = next((order.index(r[0]) for r in found[k + 1:] if r[0]), len(order))
            if after - before == 2:
                row[0] = order[before + 1]
    cols = applicant_columns(block.headers)
    out = [["三、收到和处理政府信息公开申请情况"], [block.corner or "申请人情况"] + [lab for _, lab in cols]]
    for code, label, cells in found:
        if code is None:
            continue
        if codes.application_row(codes.norm_label(label)) != code:
            label = codes.ROWS[code][1].replace("（2019）", "").replace("（2021）", "")
        out.append([label] + _ordered(cells, cols))
    return out if len(out) > 2 else None


def applicant_columns(headers: list[str]) -> list[tuple[int, str]]:
    """(index of the block column, printed or standard label) in the standard column order."""
    order = codes.APPLICANT_ORDER
    found = {}
    for j, head in enumerate(headers):
        code = codes.first_match(codes.norm_label(head), codes.APPLICANT_COLS)
        if code and code not in found and "法人" not in head:
            found[code] = (j, head)
    if len(found) < len(order):
        if len(headers) == len(order):  # the standard order when the labels do not all say it
            return [(j, found.get(c, (j, codes.COLS[c][0].split("：")[-1]))[1]) for j, c in enumerate(order)]
    return [found[c] if c in found else (-1, codes.COLS[c][0].split("：")[-1]) for c in order]


def _ordered(cells: list, cols: list) -> list:
    return [cells[j] if 0 <= j < len(cells) else "" for j, _ in cols]


def read_review(lines: list[list], page: Page, fmt: str) -> list | None:
    block = read_block(lines, page, 5, False)
    if block is None:
        return None
    row = next((cells for _, cells in block.rows if sum(is_value(c) for c in cells) >= 5), None)
    if row is None or len(row) != 15:
        return None
    groups = ["行政复议"] * 5 + ["行政诉讼"] * 10
    kinds = [""] * 5 + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    return [["四、政府信息公开行政复议、行政诉讼情况"], [""] + groups, [""] + kinds, [""] + leaves, [""] + row]
