"""HTML tables -> grids (rowspan/colspan expanded, ``<br>`` joined, letter spacing and
``&nbsp;`` dropped from labels) -> the standard tables' cells."""
from __future__ import annotations

import lxml.html

from . import codes
from .model import Field, StatCell
from .tables import PARSERS, classify, detect_format

MAX_SPAN = 60


def _root(body):
    if isinstance(body, (bytes, str)):
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        return lxml.html.fromstring(text) if text.strip() else None
    return body.getroot() if hasattr(body, "getroot") else body


def _span(cell, name: str) -> int:
    try:
        return max(1, min(MAX_SPAN, int((cell.get(name) or "1").strip())))
    except ValueError:
        return 1


def table_grid(table) -> list[list[Field | None]]:
    """The table as a grid: every position a ``Field``; positions covered by a span repeat the
    cell with ``first=False``."""
    rows = [tr for tr in table.iter("tr") if _owner(tr) is table]
    grid: list[list[Field | None]] = []
    taken: dict[tuple[int, int], Field] = {}
    widths: dict[int, int] = {}  # row -> one past its last taken column
    key = 0
    for i, tr in enumerate(rows):
        j = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (i, j) in taken:
                j += 1
            raw = cell.text_content()
            key += 1  # not id(cell): lxml proxies are recycled
            label, rows_, cols_ = codes.norm_label(raw), _span(cell, "rowspan"), _span(cell, "colspan")
            for di in range(rows_):
                widths[i + di] = max(widths.get(i + di, 0), j + cols_)
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
    found = []
    for table in root.iter("table"):
        if table.find(".//table") is not None:
            continue  # a layout table around the real ones
        grid = table_grid(table)
        text = "".join(f.label for row in grid for f in row if f is not None and f.first)
        kind = classify(text)
        if kind:
            found.append((kind, grid, text))
    if not found:
        return []
    fmt = detect_format("".join(t for _, _, t in found), report_year)
    cells = []
    for kind, grid, _ in found:
        cells += PARSERS[kind](grid, fmt, "table")
    return _unique(cells)


def _unique(cells: list[StatCell]) -> list[StatCell]:
    """The first cell of each (section, row, col): a table printed twice counts once."""
    seen, out = set(), []
    for c in cells:
        key = (c.section, c.row_code, c.col_code)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
