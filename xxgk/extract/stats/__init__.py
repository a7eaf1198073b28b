"""Statistics inside annual reports, as numbers (pure: no network, no database).

    parse_stats_html(body, report_year=None) -> list[StatCell]   # HTML tables, both standard formats
    parse_stats_text(text, report_year=None) -> list[StatCell]   # table rows as text lines (PDF/DOCX)
    parse_stats_tables(tables, report_year, method, confidences)  # tables read as tables
    parse_stats_reading(text, report_year, method, tables, confidences)  # an attachment's reading
    parse_stats_prose(text) -> list[StatCell]                    # pre-2019 prose, with the sentence
    check_stats(cells) -> list[Check]                            # identity, totals, section 四 总计
    extract_stats(root, body_text, report_year) -> list[dict]    # what extract_report stores

Codes: extract/stats/codes.py (Chinese + English labels). Rules: docs/field-rules.md, Statistics tables.
"""
from __future__ import annotations

from .checks import check_stats
from .html import parse_stats_html
from .model import Check, StatCell
from .prose import parse_stats_prose
from .text import parse_stats_reading, parse_stats_tables, parse_stats_text

__all__ = ["parse_stats_html", "parse_stats_text", "parse_stats_tables", "parse_stats_reading",
           "parse_stats_prose", "check_stats",
           "extract_stats", "combine", "StatCell", "Check"]

# a page whose text has none of these has no standard table: the table parser is skipped
TABLE_CUES = ("本年新收", "第二十条", "申请人情况", "结果维持", "行政复议")


def combine(table_cells: list[StatCell], prose_cells: list[StatCell]) -> list[StatCell]:
    """Table cells, then the prose quantities no table cell already gives."""
    have = {(c.section, c.row_code, c.col_code) for c in table_cells}
    return table_cells + [c for c in prose_cells if (c.section, c.row_code, c.col_code) not in have]


def extract_stats(root, body_text: str | None, report_year: int | None = None) -> list[dict]:
    """All statistics of a report page as dicts: its HTML tables (or table lines in a text
    page), then prose quantities. The table parser runs only when the text has a cue."""
    text = body_text or ""
    cells: list[StatCell] = []
    if any(cue in text for cue in TABLE_CUES):
        cells = parse_stats_html(root, report_year) or parse_stats_text(text, report_year)
    return [c.as_dict() for c in combine(cells, parse_stats_prose(text))]
