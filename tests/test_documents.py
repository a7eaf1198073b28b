"""extract.documents: attachment bytes -> text, on tiny samples made by
tests/data/documents/make_samples.py (committed; reportlab/xlwt are needed only to remake them)."""
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.extract.documents import (DOC, DOCX, PDF, XLS, XLSX, DocumentText, extract_document_text,
                               sniff_mime)

DATA = Path(__file__).parent / "data" / "documents"
TITLE = "阜新市商务局2017年政府信息公开工作年度报告"
PARAGRAPH = "本报告由阜新市商务局根据《中华人民共和国政府信息公开条例》编制。"
TABLE_LINES = "项目\t数量\n主动公开政府信息\t128\n收到申请\t12"
PDF_TEXT = f"{TITLE}\n\n{PARAGRAPH}\n\n{TABLE_LINES}"


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.mark.parametrize("name", ["report.pdf", "encrypted.pdf"])
def test_pdf_chinese_text_and_table_rows(name):
    # encrypted.pdf: permissions-only encryption (empty user password) must still open
    doc = extract_document_text(sample(name), name, "application/pdf")
    assert doc == DocumentText("ok", PDF_TEXT, PDF, pages=2, reason=None,
                              method="pdf_text")


def test_docx_paragraphs_and_table_rows_in_document_order():
    doc = extract_document_text(sample("report.docx"), "report.docx")
    assert doc.status == "ok" and doc.mime == DOCX and doc.pages is None
    assert doc.text == f"{TITLE}\n一、总体情况\n{TABLE_LINES}\n{PARAGRAPH}"


def test_xlsx_sheet_names_then_rows():
    doc = extract_document_text(sample("report.xlsx"), "report.xlsx")
    assert (doc.status, doc.mime) == ("ok", XLSX)
    # empty rows are skipped, empty cells inside a row keep their tab, 3.0 prints as 3
    assert doc.text == f"主动公开\n{TABLE_LINES}\n\n行政复议\n行政复议\t\t维持\n合计\t3\t1.5"


def test_xls_read_with_xlrd():
    doc = extract_document_text(sample("report.xls"), "report.xls")
    assert (doc.status, doc.mime, doc.text) == ("ok", XLS, f"主动公开\n{TABLE_LINES}")


def test_pdf_without_text_layer_is_read_by_ocr():
    # a blank scanned page: OCR (extract/ocr.py, tests/test_ocr.py) runs and finds nothing
    doc = extract_document_text(sample("scanned.pdf"), "scanned.pdf")
    assert doc == DocumentText("empty", "", PDF, pages=1, reason="OCR found no text", method="ocr")


@pytest.mark.parametrize("name", ["page.png", "page.jpg", "page.tif"])
def test_images_are_read_by_ocr_not_unsupported(name):
    from PIL import Image

    from xxgk.extract.documents import sniff_mime

    buf = io.BytesIO()
    Image.new("L", (400, 300), 255).save(buf, {"png": "PNG", "jpg": "JPEG", "tif": "TIFF"}[name[-3:]])
    doc = extract_document_text(buf.getvalue(), name)
    assert doc.mime == sniff_mime(buf.getvalue()) and doc.mime.startswith("image/")
    assert (doc.status, doc.method, doc.reason) == ("empty", "ocr", "OCR found no text")


def test_gif_is_still_unsupported():
    doc = extract_document_text(b"GIF89a" + bytes(20), "a.gif")
    assert (doc.status, doc.reason) == ("unsupported", "unsupported format: image/gif")


def test_legacy_doc_is_unsupported_and_says_which_format():
    doc = extract_document_text(sample("legacy.doc"), "2017年报.doc")
    assert (doc.status, doc.mime, doc.text) == ("unsupported", DOC, "")
    assert doc.reason == "unsupported format: legacy Word .doc (OLE2)"


@pytest.mark.parametrize("name, filename, content_type, mime", [
    ("report.pdf", "report.doc", "application/msword", PDF),
    ("report.docx", "report.xls", "application/pdf", DOCX),
    ("report.xlsx", "download.do", "application/octet-stream", XLSX),
    ("report.xlsx", None, None, XLSX),
    ("report.xls", "report.doc", None, XLS),   # an OLE2 file with a Workbook stream
    ("legacy.doc", "report.xls", None, DOC),   # an OLE2 file with a WordDocument stream
])
def test_magic_bytes_win_over_extension_and_content_type(name, filename, content_type, mime):
    doc = extract_document_text(sample(name), filename, content_type)
    assert doc.mime == mime
    assert doc.status == ("unsupported" if mime == DOC else "ok")


def test_extension_then_content_type_when_bytes_say_nothing():
    assert sniff_mime(b"\x00\x01", "附件1.WPS") == "application/wps-office.wps"
    assert sniff_mime(b"\x00\x01", None, "application/pdf; charset=binary") == PDF
    assert sniff_mime(b"\x00\x01", None, "application/octet-stream") == "application/octet-stream"


@pytest.mark.parametrize("name, cut, fmt", [
    ("report.pdf", 0.5, "PDF"), ("report.docx", 0.5, "DOCX"), ("report.xlsx", 0.5, "XLSX"),
    ("report.xls", 0.5, "XLS"),
])
def test_truncated_files_are_errors_with_one_line_reason(name, cut, fmt):
    data = sample(name)
    doc = extract_document_text(data[: int(len(data) * cut)], name)
    assert (doc.status, doc.text) == ("error", "")
    assert doc.reason.startswith(f"unreadable {fmt}: ") and "\n" not in doc.reason


def test_corrupt_pdf_body():
    doc = extract_document_text(b"%PDF-1.7\n" + bytes(range(256)) * 4, "a.pdf")
    assert doc.status == "error" and doc.mime == PDF


def test_empty_input_and_size_caps():
    assert extract_document_text(b"", "a.pdf") == DocumentText("empty", "", PDF, reason="no bytes")
    big = extract_document_text(sample("report.pdf"), max_bytes=1000)
    assert (big.status, big.text) == ("too_large", "")
    assert big.reason == "3,055 bytes is over the 1,000-byte limit"
    cut = extract_document_text(sample("report.pdf"), max_chars=10)
    assert (cut.status, cut.text) == ("ok", TITLE[:10])
    assert cut.reason == "text truncated at 10 characters"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048), st.sampled_from([None, "a.pdf", "a.docx", "a.xlsx", "a.xls"]))
def test_never_raises(data, filename):
    for prefix in (b"", b"%PDF-1.4\n", b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1")):
        doc = extract_document_text(prefix + data, filename)
        assert doc.status in {"ok", "empty", "unsupported", "error", "too_large"}
