"""Standard tables that arrive as text lines (a PDF's or DOCX's extracted text: cells joined by
tabs, or by runs of spaces in PDF layout mode)."""
from __future__ import annotations

from dataclasses import replace

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


def parse_stats_text(text: str, report_year: int | None = None,
                     method: str = "text") -> list[StatCell]:
    """Cells of the standard tables found in plain text (method "text"). [] when there are none."""
    lines = [(line, line_fields(line)) for line in (text or "").splitlines()]
    return _parse_lines(lines, text or "", report_year, method)


def parse_stats_tables(tables: list, report_year: int | None = None, method: str = "table",
                       confidences: list | None = None, text: str | None = None
                       ) -> list[StatCell]:
    """Cells of the standard tables among tables read as tables (a DOCX's or a spreadsheet's,
    rows rebuilt from a PDF's layout or from OCR boxes): each table a list of rows of cell texts,
    ``confidences`` the same shape (OCR). The same as ``parse_stats_text`` over the rows as
    tab-separated lines, with each cell's confidence kept. ``text``: the document's whole text,
    for the format (2019 or 2021 form) when the tables alone do not tell."""
    lines = []
    for t, table in enumerate(tables or []):
        for r, row in enumerate(table):
            cells = [str(c if c is not None else "").strip() for c in row]
            sure = _shape(confidences, t, r)
            fields = [Field(c, codes.norm_label(c), True, k,
                            sure[k] if k < len(sure) else None) for k, c in enumerate(cells)]
            lines.append(("\t".join(cells), fields))
        lines.append(("", []))  # a table ends
    whole = "\n".join(line for line, _ in lines)
    return _parse_lines(lines, f"{text or ''}\n{whole}", report_year, method)


def _shape(confidences, t: int, r: int) -> list:
    try:
        return [c if isinstance(c, (int, float)) else None for c in confidences[t][r]]
    except (TypeError, IndexError, KeyError):
        return []


def _parse_lines(lines: list[tuple[str, list[Field]]], text: str, report_year: int | None,
                 method: str) -> list[StatCell]:
    blocks: list[tuple[str, list]] = []
    section = None
    for line, fields in lines:
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
        blocks[-1][1].append(fields)
    if not blocks:
        return []
    fmt = detect_format(codes.norm_label(text), report_year)
    cells, seen = [], set()
    for section, rows in blocks:
        # lines of cells are read as text lines are (the standard column order, no grid header);
        # the cell then says which reader gave the line
        for cell in PARSERS[section](rows, fmt, "text"):
            key = (cell.section, cell.row_code, cell.col_code)
            if key not in seen:
                seen.add(key)
                cells.append(cell if method == "text" else replace(cell, method=method))
    return cells


def parse_stats_reading(text: str | None, report_year: int | None = None,
                        method: str | None = None, tables: list | None = None,
                        confidences: list | None = None) -> list[StatCell]:
    """The statistics of an attachment as its reader gave it (``DocumentText``: text, method,
    tables): from its tables when it has some with the standard rows, else from its text lines.
    A DOCX's or a spreadsheet's text already is its paragraphs and table rows in document order
    (each row's cells from the table itself), headings between tables included: those lines are
    parsed, with the reader's method. Rows rebuilt from a PDF's layout or from OCR boxes carry
    their headings as rows of their own."""
    if method in ("docx", "xlsx", "xls"):
        return parse_stats_text(text or "", report_year, method)
    # the text lines: from pypdf ("text"), or the recognised lines of an image ("ocr")
    lines = parse_stats_text(text or "", report_year, "ocr" if method == "ocr" else "text")
    if not tables:
        return lines
    cells = parse_stats_tables(tables, report_year, method or "table", confidences, text)
    # a section the tables do not have (the layout reader found only part of them) comes from
    # the text lines, so a partial reading never loses what the text lines had
    have = {c.section for c in cells}
    return cells + [c for c in lines if c.section not in have]
