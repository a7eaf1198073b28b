"""The standard tables of a PDF report rebuilt from the positions of its words (pdfplumber).

    pdf_tables(data, max_chars=...) -> list of tables (each a list of rows of cell texts) | None

Being written for issue 10 part 1; until then no PDF gives tables here and its text lines are
parsed as they are (method "pdf_text").
"""
from __future__ import annotations


def pdf_tables(data: bytes, max_chars: int = 1_000_000) -> list | None:
    """Tables found by layout; None when there are none."""
    return None
