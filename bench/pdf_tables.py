"""PDF tables benchmark: the standard statistics tables of the generated report PDFs in
tests/data/pdf_tables/ (xxgk/fixtureweb/authoring/report_pdfs.py), read two ways:

* text lines: pypdf's layout-mode text (what ``documents.read_pdf`` keeps as the text) through
  ``stats.parse_stats_text``;
* layout: ``pdf_layout.pdf_tables`` (words with their boxes, pdfplumber) through
  ``stats.parse_stats_tables``.

A cell is right when its value equals the expected file's. ``score_case`` is what the tests use.
"""
from __future__ import annotations

import io
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "pdf_tables"
READERS = ("text lines", "layout")


def cases() -> list[tuple[str, dict]]:
    return [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(CASES.glob("*.json"))]


def pdf_bytes(case: dict) -> bytes:
    return (CASES / case["file"]).read_bytes()


def read_cells(reader: str, data: bytes, report_year: int) -> tuple[list, int]:
    """(StatCells, pages) of one PDF by one reader."""
    import pypdf

    from xxgk.extract.pdf_layout import pdf_tables
    from xxgk.extract.stats import parse_stats_tables, parse_stats_text

    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    if reader == "text lines":
        text = "\n\n".join(p.extract_text(extraction_mode="layout") for p in pages)
        return parse_stats_text(text, report_year), len(pages)
    return parse_stats_tables(pdf_tables(data) or [], report_year, "pdf_layout"), len(pages)


def cell_values(cells) -> dict:
    return {f"{c.section},{c.row_code},{c.col_code}": c.value for c in cells}


def score_case(reader: str, case: dict) -> tuple[int, int, float, int]:
    """(cells right, cells expected, seconds, pages) of one case by one reader."""
    start = time.perf_counter()
    cells, pages = read_cells(reader, pdf_bytes(case), case["report_year"])
    seconds = time.perf_counter() - start
    got = cell_values(cells)
    right = sum(1 for k, v in case["cells"].items() if k in got and got[k] == v)
    return right, len(case["cells"]), seconds, pages


def pdf_tables_table() -> list[str]:
    all_cases = cases()
    lines = [f"Standard tables in {len(all_cases)} generated report PDFs (`tests/data/pdf_tables/`: close "
             "columns, wrapped labels, one-character-per-line side labels, glued labels, typos, "
             "letter-spaced headers, ruled and unruled, tables over two pages). Time per page on one "
             "core, text extraction included.", "",
             "| reader | cells right | cells expected | accuracy | ms per page |",
             "|---|---|---|---|---|"]
    for reader in READERS:
        right = total = pages = 0
        seconds = 0.0
        for _name, case in all_cases:
            r, t, s, p = score_case(reader, case)
            right, total, seconds, pages = right + r, total + t, seconds + s, pages + p
        lines.append(f"| {reader} | {right:,} | {total:,} | {right / max(total, 1):.1%} | "
                     f"{1000 * seconds / max(pages, 1):,.0f} |")
    return lines


if __name__ == "__main__":
    print("\n".join(pdf_tables_table()))
