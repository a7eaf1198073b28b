"""Issue 10 part 3: DOCX and spreadsheet tables are read as tables (``DocumentText.tables``,
method "docx" / "xlsx"), and their statistics come from those tables with the method saying so;
the same through the bounded child process, and stored with the attachment for re-reading."""
import io
import json

import pytest

from bench.stats import CASES as CASE_DIR
from bench.stats import expected_cells, parsed_cells
from xxgk.extract.bounded import read_attachment
from xxgk.extract.documents import extract_document_text
from xxgk.extract.stats import parse_stats_reading

CASE = json.loads((CASE_DIR / "docx_2021.expected.json").read_text(encoding="utf-8"))
LINES = (CASE_DIR / CASE["file"]).read_text(encoding="utf-8").splitlines()


def _blocks():
    """The case's lines as paragraphs and tables: runs of tab-separated lines are tables."""
    blocks = []
    for line in LINES:
        if "\t" in line:
            if not blocks or not isinstance(blocks[-1], list):
                blocks.append([])
            blocks[-1].append(line.split("\t"))
        else:
            blocks.append(line)
    return blocks


def make_docx() -> bytes:
    import docx

    document = docx.Document()
    for block in _blocks():
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = max(len(row) for row in block)
        table = document.add_table(rows=len(block), cols=width)
        for r, row in enumerate(block):
            if len(row) < width:  # a short row ends in a cell spanning the rest (gridSpan)
                table.cell(r, len(row) - 1).merge(table.cell(r, width - 1))
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "年报"
    for block in _blocks():
        for row in ([[block]] if isinstance(block, str) else block):
            sheet.append([int(v) if v.isdigit() else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("make, name, method", [(make_docx, "report.docx", "docx"),
                                                (make_xlsx, "report.xlsx", "xlsx")])
def test_tables_read_as_tables_give_every_cell(make, name, method):
    doc = extract_document_text(make(), name)
    assert doc.status == "ok" and doc.method == method
    assert doc.tables and all(isinstance(row, list) for table in doc.tables for row in table)
    assert ["规章", "0", "0", "2"] in [row[:4] for table in doc.tables for row in table]
    cells = parse_stats_reading(doc.text, CASE["report_year"], doc.method, doc.tables)
    tables = [c for c in cells if c.method != "prose"]
    assert tables and {c.method for c in tables} == {method}
    want = {k: v for k, v in expected_cells(CASE).items()}
    got = parsed_cells(cells)
    assert {k: got.get(k) for k in want} == want


def test_docx_tables_through_the_child_process():
    doc = read_attachment(make_docx(), "report.docx")
    assert (doc.status, doc.method) == ("ok", "docx")
    assert doc.tables == extract_document_text(make_docx(), "report.docx").tables


def test_a_pdf_without_tables_is_read_as_text_lines():
    from test_documents import sample  # the committed sample PDF (pypdf text, no layout tables)

    doc = extract_document_text(sample("report.pdf"), "report.pdf")
    assert doc.method in ("pdf_text", "pdf_layout") and doc.status == "ok"


def test_stored_reading_gives_the_same_cells_again(tmp_path):
    """What the crawl stores of a file (method, tables) is what ``xxgk reextract`` parses."""
    from support import new_archive
    from xxgk.archive.store import save_attachment_file, save_report
    from xxgk.crawler.reread import _attachment_cells

    db = new_archive(tmp_path / "a.db")
    url = "http://127.0.0.1/r.html"
    save_report(db, {"url": url, "title": "2021年政府信息公开工作年度报告", "report_year": 2021,
                     "is_report": True, "body": "详见附件"},
                fetch={"url": url, "fetched_at": "2022-01-20T08:00:00+08:00", "http_status": 200,
                       "sha256": "ab" * 32, "content_type": "text/html", "size": 100})
    rid = db.execute("SELECT id FROM reports").fetchone()[0]
    doc = extract_document_text(make_docx(), "report.docx")
    cells = parse_stats_reading(doc.text, 2021, doc.method, doc.tables)
    save_attachment_file(db, report_id=rid, url=url + ".docx", sha256="cd" * 32, mime=doc.mime,
                         size=1, path=None, text=doc.text, text_status="ok", stats=cells,
                         method=doc.method, tables=doc.tables)
    text, method, tables = db.execute("SELECT text, method, tables FROM attachment_files").fetchone()
    assert method == "docx" and json.loads(tables)["tables"] == doc.tables
    assert _attachment_cells(text, method, tables, 2021) == cells
    stored = db.execute("SELECT DISTINCT method FROM report_stats WHERE source LIKE 'attachment:%'"
                        " AND method != 'prose'").fetchall()
    assert stored == [("docx",)]


def test_a_crawled_report_pdf_gives_its_tables_by_layout(fixture_archive):
    """End to end: the hedong 2019 report's PDF (the standard tables drawn as real PDFs print
    them) is downloaded, read by layout in the child process, and its cells stored."""
    import sqlite3

    from bench.pdf_tables import CASES as PDF_CASES

    want = json.loads((PDF_CASES / "ruled_close_2019.json").read_text(encoding="utf-8"))
    with sqlite3.connect(fixture_archive) as conn:
        (method,) = conn.execute(
            "SELECT f.method FROM attachment_files AS f JOIN attachments AS a USING (sha256)"
            " WHERE a.url LIKE '%/P020201216551274936107.pdf'").fetchone()
        rows = conn.execute(
            "SELECT section, row_code, col_code, value, method FROM report_stats"
            " WHERE source LIKE 'attachment:%P020201216551274936107.pdf'").fetchall()
        checks = conn.execute(
            "SELECT status, count(*) FROM report_stat_checks WHERE source LIKE"
            " 'attachment:%P020201216551274936107.pdf' GROUP BY 1").fetchall()
    assert method == "pdf_layout"
    got = {f"{s},{r},{c}": v for s, r, c, v, _ in rows}
    assert {k: got.get(k) for k in want["cells"]} == want["cells"]
    assert {m for *_, m in rows} == {"pdf_layout"}
    assert dict(checks).get("failed", 0) == 0 and dict(checks).get("ok", 0) > 0
