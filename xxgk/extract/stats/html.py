"""HTML tables -> grids (rowspan/colspan expanded, ``<br>`` joined, letter spacing and
``&nbsp;`` dropped from labels) -> the standard tables' cells.

One ``<table>`` may hold several sections (二, 三 and 四 in one grid: cut at their heading or
header rows, tables.split_sections), and one section may run over several ``<table>``s (a
header-less ``<table>`` that starts with data rows of the section the previous ``<table>`` ended
in is read as its continuation, with that table's columns and row groups)."""
from __future__ import annotations

import itertools
import re

import lxml.html

from . import codes
from .model import Field, StatCell
from .tables import PARSERS, classify, continues, detect_format, split_sections
from .values import parse_value

MAX_SPAN = 60


def _root(body):
    if isinstance(body, (bytes, str)):
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        return lxml.html.fromstring(text) if text.strip() else None
    return body.getroot() if hasattr(body, "getroot") else body


def _span(cell, name: str) -> int:
    value = cell.get(name)
    if not value:
        return 1
    try:
        return max(1, min(MAX_SPAN, int(value.strip())))
    except ValueError:
        return 1


def table_grid(table, keys=None) -> list[list[Field | None]]:
    """The table as a grid: every position a ``Field``; positions covered by a span repeat the
    cell with ``first=False``. ``keys`` (an iterator of ints) numbers the physical cells, so the
    grids of one page never share a key."""
    rows = [tr for tr in table.iter("tr") if _owner(tr) is table]
    grid: list[list[Field | None]] = []
    taken: dict[tuple[int, int], Field] = {}
    widths: dict[int, int] = {}  # row -> one past its last taken column
    keys = keys if keys is not None else itertools.count(1)
    for i, tr in enumerate(rows):
        j = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (i, j) in taken:
                j += 1
            raw = cell.text_content() if len(cell) else cell.text or ""  # no children: its own text
            key = next(keys)  # not id(cell): lxml proxies are recycled
            label, rows_, cols_ = codes.norm_label(raw), _span(cell, "rowspan"), _span(cell, "colspan")
            for di in range(1, rows_):  # this row's own width is j once its cells are placed
                widths[i + di] = max(widths.get(i + di, 0), j + cols_)
            for di in range(rows_):
                for dj in range(cols_):
                    taken[(i + di, j + dj)] = Field(raw, label, di == 0 and dj == 0, key)
            j += cols_
        width = max(j, widths.pop(i, 0))
        grid.append([taken.pop((i, c), None) for c in range(width)])
    return grid


def _owner(tr):
    node = tr.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def parse_stats_html(body, report_year: int | None = None) -> list[StatCell]:
    """Cells of the standard tables (sections 二/三/四) in a page or fragment: ``body`` is bytes,
    str or an lxml tree/element. Pages without them give []."""
    root = _root(body)
    if root is None:
        return []
    found: list[list] = []  # [section, rows, text]: one standard table, maybe from several <table>s
    keys = itertools.count(1)
    last_open = False  # the previous <table> ended inside a standard table
    fees: list[StatCell] = []
    for table in root.iter("table"):
        if table.find(".//table") is not None:
            continue  # a layout table around the real ones
        grid = table_grid(table, keys)
        text = "".join(f.label for row in grid for f in row if f is not None and f.first)
        parts = split_sections(grid, text)
        last_open = _collect(found, parts, text, last_open)
        if classify(text) is None:  # not one of the standard tables
            fees += fee_table(grid, text)
    if not found and not fees:
        return []
    fmt = detect_format("".join(t for _, _, t in found), report_year)
    cells = []
    for kind, grid, _ in found:
        cells += PARSERS[kind](grid, fmt, "table")
    return _unique(cells + [StatCell(**{**c.as_dict(), "format": fmt}) for c in fees[:1]])


_FEE_TABLE = re.compile(r"信息处理费|收费")
_FEE_AMOUNT = re.compile(r"(?:实际)?(?:收取|收费)(?:的)?(?:金额|费用|数额)|收费金额")


def fee_table(grid, text: str) -> list[StatCell]:
    """The amount a table of fees collected (信息处理费收取情况: 发出收费通知 / 实际收取金额（元）
    / 减免金额, a pattern some reports print in section 六) says was charged: the cell under the
    header naming the amount collected, in its printed unit (元 unless 万元)."""
    if not _FEE_TABLE.search(text) or "行政事业性收费" in text:
        return []  # administrative fees (section 二) are not disclosure fees
    for i, row in enumerate(grid[:-1]):
        for j, head in enumerate(row):
            if head is None or not head.first or not _FEE_AMOUNT.search(head.label):
                continue
            below = grid[i + 1][j] if j < len(grid[i + 1]) else None
            value, unit = parse_value(below.raw) if below is not None else (None, None)
            if value is None:
                return []
            unit = unit or ("万元" if "万元" in head.label else "元")
            return [StatCell("fees", "fees_charged", "amount", value, unit, below.raw.strip(),
                             row_label=head.raw.strip(), col_label=head.raw.strip())]
    return []


def _collect(found: list[list], parts, text: str, last_open: bool) -> bool:
    """Add one <table>'s parts (split_sections) to ``found``. A first part with no header of its
    own that carries on the standard table the previous <table> ended in (a table cut in several
    <table>s) is appended to it, so it reads with that table's columns and row groups. ``text``:
    the whole <table>'s labels. True when the <table> ends inside a standard table."""
    open_ = False
    for n, (kind, rows) in enumerate(parts):
        if len(parts) > 1:
            text = "".join(f.label for row in rows for f in row if f is not None and f.first)
        kind = kind or classify(text)
        prev = found[-1][0] if found else None
        if n == 0 and last_open and kind in (None, prev) and continues(prev, rows):
            found[-1][1] = found[-1][1] + rows
            found[-1][2] += text
            open_ = True
        elif kind:
            found.append([kind, rows, text])
            open_ = True
        else:
            open_ = False
    return open_


def _unique(cells: list[StatCell]) -> list[StatCell]:
    """The first cell of each (section, row, col): a table printed twice counts once."""
    seen, out = set(), []
    for c in cells:
        key = (c.section, c.row_code, c.col_code)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
