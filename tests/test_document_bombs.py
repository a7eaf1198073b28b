"""Attachment bombs: budgets of extract.documents (cells present, XML bytes) and of
extract.bounded (time, memory, a child that dies). Every bomb is built here, at test time."""
import io
import os
import re
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import openpyxl
import pytest

from xxgk.extract import bounded
from xxgk.extract.bounded import memory_reason, read_attachment
from xxgk.extract.documents import (DOCX, MAX_XML_BYTES, XLS, XLSX, Reading, _finish,
                                     extract_document_text)

DATA = Path(__file__).parent / "data" / "documents"
MB = 1 << 20
A_MINUTE = 60  # "the bombs end within a minute": the only timed assertion, and a generous one


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def rezip(source: bytes, part: str, chunks) -> bytes:
    """``source`` (a zip) with ``part`` replaced by the concatenated ``chunks``, streamed in."""
    old, out = zipfile.ZipFile(io.BytesIO(source)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != part:
                new.writestr(info.filename, old.read(info.filename))
        with new.open(part, "w", force_zip64=True) as target:
            for chunk in chunks:
                target.write(chunk)
    return out.getvalue()


def docx_body(*chunks, paragraphs: int = 0, paragraph: bytes = b"") -> bytes:
    """report.docx whose body is ``chunks`` then ``paragraph`` repeated ``paragraphs`` times."""
    xml = zipfile.ZipFile(DATA / "report.docx").read("word/document.xml")
    head, tail = xml.split(b"<w:body>")
    block = paragraph * 10_000

    def body():
        yield head + b"<w:body>"
        yield from chunks
        for _ in range(paragraphs // 10_000):
            yield block
        yield b"<w:p><w:r><w:t>\xe7\xbb\x93\xe6\x9d\x9f</w:t></w:r></w:p>" + tail  # 结束
    return rezip(sample("report.docx"), "word/document.xml", body())


def xlsx_with_sheet(cells: dict, sheet_xml=None) -> bytes:
    """A one-sheet workbook with ``cells``; ``sheet_xml`` rewrites the sheet's XML."""
    book = openpyxl.Workbook()
    book.active.title = "主动公开"
    for ref, value in cells.items():
        book.active[ref] = value
    out = io.BytesIO()
    book.save(out)
    if sheet_xml is None:
        return out.getvalue()
    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")
    return rezip(out.getvalue(), "xl/worksheets/sheet1.xml", [sheet_xml(xml)])


def children() -> set[int]:
    """Live child processes of this process (Linux /proc)."""
    found = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found |= {int(pid) for pid in (task / "children").read_text().split()}
    return found


# Spreadsheets: cells present, never the declared dimension ---------------------------------

def declared_dimension_bomb() -> bytes:
    """A few real cells (the last in row 1,048,576) in a sheet declaring A1:XFD1048576: read by
    the declared dimension that is 17 billion cells (the tester measured ~16 min a sheet)."""
    cells = {"A1": "项目", "B1": "数量", "A2": "收到申请", "B2": 12, "A1048576": "末行"}
    return xlsx_with_sheet(cells, lambda xml: re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml))


def test_declared_dimension_is_not_read_only_the_cells_present():
    data = declared_dimension_bomb()
    assert len(data) < 10_000 and b"XFD1048576" in zipfile.ZipFile(io.BytesIO(data)).read(
        "xl/worksheets/sheet1.xml")
    started = time.monotonic()
    doc = extract_document_text(data, "bomb.xlsx")
    assert (doc.status, doc.mime, doc.reason) == ("ok", XLSX, None)
    assert doc.text == "主动公开\n项目\t数量\n收到申请\t12\n末行"
    assert read_attachment(data, "bomb.xlsx") == doc
    assert time.monotonic() - started < A_MINUTE


def test_cells_far_right_are_not_padded_cell_by_cell():
    # 200,000 rows, each with one empty cell in column XFD (16,384): no padding per row
    rows = b"".join(b'<row r="%d"><c r="XFD%d"/></row>' % (r, r) for r in range(2, 200_001))
    data = xlsx_with_sheet({"A1": "合计"}, lambda xml: xml.replace(b"</row>", b"</row>" + rows))
    doc = read_attachment(data, "far.xlsx")
    assert (doc.status, doc.text) == ("ok", "主动公开\n合计")


def test_more_cells_present_than_the_cell_budget():
    cells = {f"{column}{row}": row for column in "ABC" for row in range(1, 501)}  # 1,500 cells
    data = xlsx_with_sheet(cells)
    over = extract_document_text(data, "big.xlsx", max_cells=1000)
    assert (over.status, over.text, over.mime) == ("too_large", "", XLSX)
    assert over.reason == "more than 1,000 cells (cell budget)"
    assert read_attachment(data, "big.xlsx", max_cells=1000) == over
    under = extract_document_text(data, "big.xlsx", max_cells=1500)
    assert under.status == "ok" and under.text.endswith("\n500\t500\t500")


def test_xls_cells_count_against_the_budget_too():
    doc = extract_document_text(sample("report.xls"), "report.xls", max_cells=5)
    assert (doc.status, doc.mime) == ("too_large", XLS)
    assert doc.reason == "more than 5 cells (cell budget)"
    assert extract_document_text(sample("report.xls"), "report.xls", max_cells=6).status == "ok"


def test_a_styles_part_read_whole_has_its_own_budget():
    xfs = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * 400_000  # ~21 MB
    book = sample("report.xlsx")
    styles = zipfile.ZipFile(io.BytesIO(book)).read("xl/styles.xml")
    bomb = rezip(book, "xl/styles.xml", [re.sub(rb"(<cellXfs[^>]*>)", rb"\1" + xfs, styles)])
    doc = extract_document_text(bomb, "styles.xlsx")
    assert doc.status == "too_large"
    assert re.fullmatch(r"xl/styles\.xml is [\d,]+ bytes, over the 16,777,216-byte budget for an "
                        r"XML part read whole", doc.reason)


# DOCX: the XML budget, and document.xml streamed ----------------------------------------------

def test_docx_with_150_mb_of_xml_is_refused_before_parsing():
    data = docx_body(paragraphs=4_500_000, paragraph=b"<w:p><w:r><w:t>x</w:t></w:r></w:p>")
    assert len(data) < 1_000_000  # 150 MB of XML in a small file
    started = time.monotonic()
    doc = read_attachment(data, "bomb.docx", memory_bytes=512 * MB)
    assert (doc.status, doc.mime, doc.text) == ("too_large", DOCX, "")
    assert re.fullmatch(rf"[\d,]+ bytes of XML is over the {MAX_XML_BYTES:,}-byte XML budget",
                        doc.reason)
    assert extract_document_text(data, "bomb.docx") == doc
    assert time.monotonic() - started < A_MINUTE


def test_docx_under_the_xml_budget_is_streamed_in_flat_memory():
    # ~35 MB of XML, 1M paragraphs: python-docx builds a tree of it several times that size;
    # streamed, it reads in a child allowed 256 MB
    data = docx_body(paragraphs=1_000_000, paragraph=b"<w:p><w:r><w:t>xy</w:t></w:r></w:p>")
    doc = read_attachment(data, "long.docx", memory_bytes=256 * MB, max_chars=5_000_000)
    assert (doc.status, doc.reason) == ("ok", None)
    assert doc.text.startswith("xy\nxy\n") and "xy\n结束\n阜新市商务局" in doc.text
    assert doc.text.count("xy") == 1_000_000


def test_media_do_not_count_against_the_xml_budget():
    image = os.urandom(2 * MB)
    data = rezip(sample("report.docx"), "word/media/image1.png", [image])
    doc = extract_document_text(data, "report.docx", max_xml_bytes=1 * MB)
    assert doc.status == "ok" and doc.text.startswith("阜新市商务局")


def python_docx_text(data: bytes) -> str:
    """The text python-docx gives (the reader before streaming), as the oracle."""
    lines = []
    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(" ".join(p.text for p in cell.paragraphs))
                lines.append("\t".join(cells))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def test_streamed_docx_reads_as_python_docx_does():
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    run = document.add_paragraph("一、总体情况").add_run("（续）")
    run.add_break()
    run.add_tab()
    run.add_break(WD_BREAK.PAGE)
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"格{r}{c}"
    table.cell(0, 0).merge(table.cell(1, 0))   # vertical merge
    table.cell(2, 1).merge(table.cell(2, 2))   # horizontal merge
    table.cell(1, 1).add_paragraph("第二段")
    table.cell(1, 2).add_table(1, 1).cell(0, 0).text = "嵌套"
    document.add_paragraph("")
    document.add_paragraph("本报告")
    out = io.BytesIO()
    document.save(out)
    doc = extract_document_text(out.getvalue(), "merged.docx")
    assert doc.status == "ok"
    assert doc.text == _finish(Reading(python_docx_text(out.getvalue())), DOCX, 10**6).text
    assert "格00 格10\t格11 第二段\t格12" in doc.text and "格20\t格21 格22" in doc.text


# Time, memory, a child that dies ----------------------------------------------------------------

def test_a_reader_that_runs_too_long_is_stopped():
    # ~40 MB of empty paragraphs: legal, under every byte budget, seconds to read
    data = docx_body(paragraphs=7_000_000, paragraph=b"<w:p/>")
    before = children()
    started = time.monotonic()
    doc = read_attachment(data, "slow.docx", timeout=0.5)
    assert (doc.status, doc.mime, doc.text) == ("too_large", DOCX, "")
    assert doc.reason == "reader stopped after 0.5 s (time budget)"
    assert time.monotonic() - started < A_MINUTE
    assert children() <= before  # killed and reaped


def test_a_reader_over_its_memory_budget():
    xfs = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * 150_000  # 8 MB, ~250 MB read
    book = sample("report.xlsx")
    styles = zipfile.ZipFile(io.BytesIO(book)).read("xl/styles.xml")
    bomb = rezip(book, "xl/styles.xml", [re.sub(rb"(<cellXfs[^>]*>)", rb"\1" + xfs, styles)])
    doc = read_attachment(bomb, "styles.xlsx", memory_bytes=150 * MB)
    assert (doc.status, doc.mime, doc.text) == ("too_large", XLSX, "")
    assert doc.reason == memory_reason(150 * MB)
    assert doc.reason == "reader ran out of memory (over the 157,286,400-byte memory budget)"
    assert read_attachment(bomb, "styles.xlsx").status == "ok"  # fits the default 1 GB


def test_a_child_that_dies(monkeypatch):
    die = "import os, signal, sys; sys.stdin.buffer.read(); os.kill(os.getpid(), signal.SIGKILL)"
    monkeypatch.setattr(bounded, "_CHILD", [sys.executable, "-c", die])
    doc = read_attachment(sample("report.pdf"), "report.pdf")
    assert (doc.status, doc.mime, doc.text) == ("error", "application/pdf", "")
    assert doc.reason == "reader died with SIGKILL; its memory budget was 1,073,741,824 bytes"


def test_a_child_that_fails_says_how(monkeypatch):
    fail = ("import sys; sys.stdin.buffer.read(); print('{\"mime\": \"application/pdf\"}'); "
            "sys.exit('reader broke')")
    monkeypatch.setattr(bounded, "_CHILD", [sys.executable, "-c", fail])
    doc = read_attachment(sample("report.docx"), "a.docx", memory_bytes=512 * MB)
    assert (doc.status, doc.mime) == ("error", "application/pdf")  # the child's word for it
    assert doc.reason == ("reader failed with exit code 1 (reader broke); its memory budget was "
                          "536,870,912 bytes")


def test_a_child_with_too_little_memory_to_start():
    doc = read_attachment(sample("report.pdf"), "report.pdf", memory_bytes=16 * MB)
    assert (doc.status, doc.reason) == ("too_large", memory_reason(16 * MB))


# Ordinary attachments: the same through the child as in-process ----------------------------

@pytest.mark.parametrize("name", ["report.pdf", "encrypted.pdf", "scanned.pdf", "report.docx",
                                  "report.xlsx", "report.xls", "legacy.doc"])
def test_samples_read_the_same_through_the_child(name):
    assert read_attachment(sample(name), name) == extract_document_text(sample(name), name)


def test_empty_and_truncated_input_through_the_child():
    assert read_attachment(b"", "a.pdf") == extract_document_text(b"", "a.pdf")
    cut = sample("report.docx")[:2000]
    assert read_attachment(cut, "a.docx") == extract_document_text(cut, "a.docx")


def test_several_readers_at_once_from_threads():
    names = ["report.pdf", "report.docx", "report.xlsx", "report.xls"] * 2
    with ThreadPoolExecutor(max_workers=8) as pool:
        docs = list(pool.map(lambda n: read_attachment(sample(n), n), names))
    assert docs == [extract_document_text(sample(n), n) for n in names]


def test_unknown_reader_limits_are_a_programming_error():
    with pytest.raises(TypeError, match="max_pages"):
        read_attachment(b"%PDF-1.4", "a.pdf", max_pages=3)
