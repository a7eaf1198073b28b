"""PDF tables benchmark: the standard statistics tables of the generated report PDFs in
tests/data/pdf_tables/ (xxgk/fixtureweb/authoring/report_pdfs.py) and of the held-out set in
tests/data/pdf_holdout/ (its own make_pdfs.py, written blind), read two ways:

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


# written blind (by an engineer who never saw the reader) from the same list of real patterns
HELD_OUT = ROOT / "tests" / "data" / "pdf_holdout"


def cases(folder: Path = CASES) -> list[tuple[str, dict]]:
    return [(p.stem, {**json.loads(p.read_text(encoding="utf-8")), "dir": str(folder)})
            for p in sorted(folder.glob("*.json"))]


def pdf_bytes(case: dict) -> bytes:
    return (Path(case.get("dir", CASES)) / case["file"]).read_bytes()


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


def check_counts(reader: str, case: dict) -> tuple[int, int]:
    """(false check failures, printed inconsistencies flagged) of one case by one reader."""
    from xxgk.extract.stats import check_stats

    cells, _ = read_cells(reader, pdf_bytes(case), case["report_year"])
    failed = {c.code for c in check_stats(cells) if c.ok is False}
    want = set(case["failed_checks"])
    return len(failed - want), len(failed & want)


def pdf_tables_table() -> list[str]:
    sets = [("generated", cases()), ("held out", cases(HELD_OUT))]
    lines = [f"Standard tables in {len(sets[0][1])} generated report PDFs (`tests/data/pdf_tables/`) "
             f"and {len(sets[1][1])} written blind by an engineer who never saw the reader "
             "(`tests/data/pdf_holdout/`), both showing what real report PDFs do: close columns "
             "(numbers one space apart, or a row's numbers drawn as one string), wrapped labels, "
             "one-character-per-line side labels, glued labels, typos, letter-spaced headers, "
             "ruled and unruled, tables over two pages, a printed inconsistency to flag. Time per "
             "page on one core, text extraction included.", "",
             "| PDFs | reader | cells right | cells expected | accuracy | false check failures "
             "| printed inconsistencies flagged | ms per page |",
             "|---|---|---|---|---|---|---|---|"]
    for label, set_cases in sets:
        if not set_cases:
            continue
        planted = sum(len(case["failed_checks"]) for _, case in set_cases)
        for reader in READERS:
            right = total = pages = false = flagged = 0
            seconds = 0.0
            for _name, case in set_cases:
                r, t, s, p = score_case(reader, case)
                f, g = check_counts(reader, case)
                right, total, seconds, pages = right + r, total + t, seconds + s, pages + p
                false, flagged = false + f, flagged + g
            lines.append(f"| {label} ({len(set_cases)}) | {reader} | {right:,} | {total:,} | "
                         f"{right / max(total, 1):.1%} | {false} | {flagged} / {planted} | "
                         f"{1000 * seconds / max(pages, 1):,.0f} |")
    return lines


if __name__ == "__main__":
    print("\n".join(pdf_tables_table()))
