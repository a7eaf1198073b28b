"""Standard tables that arrive as text lines (a PDF's or DOCX's extracted text: cells joined by
tabs, or by runs of spaces in PDF layout mode)."""
from __future__ import annotations

from . import codes
from .model import Field, StatCell
from .tables import KEEP, PARSERS, classify, detect_format, section_heading
from .values import is_value


def line_fields(line: str) -> list[Field]:
    """Tab-separated cells as they are (empty cells kept); otherwise space-separated tokens with
    consecutive label words joined back into one label (letter-spaced ``结 果 维 持``)."""
    if "\t" in line:
        parts = [p.strip() for p in line.split("\t")]
    else:
        parts = []
        for token in line.split():
            if parts and not is_value(token) and not is_value(parts[-1]):
                parts[-1] += " " + token
            else:
                parts.append(token)
    return [Field(p, codes.norm_label(p), True, k) for k, p in enumerate(parts)]


def parse_stats_text(text: str, report_year: int | None = None) -> list[StatCell]:
    """Cells of the standard tables found in plain text (method "text"). [] when there are none."""
    blocks: list[tuple[str, list]] = []
    section = None
    for line in (text or "").splitlines():
        label = codes.norm_label(line)
        if not label:
            continue
        heading = section_heading(label)
        if heading != KEEP:
            section = heading
            continue
        kind = classify(label)
        if kind and kind != section and not (section == "applications" and kind == "active"):
            section = kind
        if section is None:
            continue
        if not blocks or blocks[-1][0] != section:
            blocks.append((section, []))
        blocks[-1][1].append(line_fields(line))
    if not blocks:
        return []
    fmt = detect_format(codes.norm_label(text), report_year)
    cells, seen = [], set()
    for section, rows in blocks:
        for cell in PARSERS[section](rows, fmt, "text"):
            key = (cell.section, cell.row_code, cell.col_code)
            if key not in seen:
                seen.add(key)
                cells.append(cell)
    return cells
