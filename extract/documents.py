"""Attachment text: the bytes of a report attachment (附件: PDF, DOCX, XLSX, XLS …) -> plain text.

Pure: no network, no Scrapy. Never raises on bad input; every outcome is a ``DocumentText``::

    from extract.documents import extract_document_text
    doc = extract_document_text(body, filename="2017年报.pdf", content_type="application/pdf")
    doc.status   # "ok" | "empty" | "unsupported" | "error" | "too_large"
    doc.text     # paragraphs and table rows as lines; table cells separated by tabs
    doc.mime     # what the bytes are (magic bytes first, then file extension, then Content-Type)
    doc.pages    # PDF page count; None for other formats
    doc.reason   # one line saying why, when status is not "ok" (or that the text was truncated)

Readers: PDF with pypdf (layout mode keeps table rows on one line; permissions-only encrypted
PDFs open), DOCX with python-docx (paragraphs and table rows in document order), XLSX with
openpyxl (read-only; a line with the sheet name, then each row), XLS with xlrd. Legacy Word
(.doc), WPS, PowerPoint, OFD, archives and images are recognised and reported "unsupported".
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

MAX_BYTES = 50 * 1024 * 1024          # larger input is not parsed at all
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # DOCX/XLSX parts, uncompressed (zip bombs)
MAX_CHARS = 1_000_000                 # text beyond this is cut off (status stays "ok")

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC, XLS, PPT = "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"
WPS = "application/wps-office.wps"    # Kingsoft WPS Writer (金山 WPS 文字)
OFD = "application/ofd"               # GB/T 33190 版式文档
ZIP, RAR, SEVEN_Z = "application/zip", "application/vnd.rar", "application/x-7z-compressed"
OCTET = "application/octet-stream"

EXTENSIONS = {
    "pdf": PDF, "docx": DOCX, "xlsx": XLSX, "pptx": PPTX, "doc": DOC, "xls": XLS, "ppt": PPT,
    "wps": WPS, "et": XLS, "ofd": OFD, "zip": ZIP, "rar": RAR, "7z": SEVEN_Z,
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
    "tif": "image/tiff", "tiff": "image/tiff", "html": "text/html", "htm": "text/html",
}
FORMAT_NAMES = {
    DOC: "legacy Word .doc (OLE2)", WPS: "Kingsoft WPS .wps", PPT: "legacy PowerPoint .ppt",
    PPTX: "PowerPoint .pptx", OFD: "OFD (GB/T 33190)", ZIP: "zip archive", RAR: "rar archive",
    SEVEN_Z: "7z archive", "text/html": "an HTML page, not a document",
}
_MAGIC = [  # (prefix, mime); PDF, zip and OLE2 need a closer look and are handled in sniff_mime
    (b"Rar!\x1a\x07", RAR), (b"7z\xbc\xaf\x27\x1c", SEVEN_Z), (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF8", "image/gif"), (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
]
_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
_SPACE_RUN = re.compile(r"[ \u3000\xa0]{2,}")
_BLANK_RUN = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class DocumentText:
    status: str               # "ok" | "empty" | "unsupported" | "error" | "too_large"
    text: str
    mime: str
    pages: int | None = None
    reason: str | None = None


class _TooLarge(Exception):
    pass


def extract_document_text(data: bytes, filename: str | None = None,
                          content_type: str | None = None, *, max_chars: int = MAX_CHARS,
                          max_bytes: int = MAX_BYTES) -> DocumentText:
    """Plain text of an attachment. Never raises: bad input gives status "error" and a reason.

    >>> extract_document_text(b"", "a.pdf").status
    'empty'
    """
    mime = sniff_mime(data, filename, content_type)
    if not data:
        return DocumentText("empty", "", mime, reason="no bytes")
    if len(data) > max_bytes:
        return DocumentText("too_large", "", mime,
                            reason=f"{len(data):,} bytes is over the {max_bytes:,}-byte limit")
    reader = _READERS.get(mime)
    if reader is None:
        name = FORMAT_NAMES.get(mime, mime)
        return DocumentText("unsupported", "", mime, reason=f"unsupported format: {name}")
    try:
        text, pages = reader(data, max_chars)
    except _TooLarge as exc:
        return DocumentText("too_large", "", mime, reason=str(exc))
    except Exception as exc:  # a broken file must never stop a crawl
        return DocumentText("error", "", mime, reason=_one_line(f"unreadable {_short(mime)}", exc))
    return _finish(text, mime, pages, max_chars)


def sniff_mime(data: bytes, filename: str | None = None, content_type: str | None = None) -> str:
    """What the bytes are: magic bytes first, then the file extension, then the Content-Type."""
    head = data[:1024]
    declared = _declared_mime(filename, content_type)
    if b"%PDF-" in head:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data) or (declared if declared in (DOCX, XLSX, PPTX, OFD) else ZIP)
    if head.startswith(_OLE2):
        return _ole2_kind(data, declared)
    for prefix, mime in _MAGIC:
        if head.startswith(prefix):
            return mime
    if head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "text/html"
    return declared or OCTET


def _declared_mime(filename: str | None, content_type: str | None) -> str | None:
    if filename:
        ext = filename.rsplit("?", 1)[0].rsplit(".", 1)[-1].lower() if "." in filename else ""
        if ext in EXTENSIONS:
            return EXTENSIONS[ext]
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    if ctype and ctype not in (OCTET, "binary/octet-stream", "application/x-download"):
        return {"application/x-pdf": PDF, "application/kswps": WPS}.get(ctype, ctype)
    return None


def _zip_kind(data: bytes) -> str | None:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except Exception:  # truncated: the central directory is at the end
        return None
    for prefix, mime in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
        if "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names):
            return mime
    return OFD if "OFD.xml" in names else ZIP


def _ole2_kind(data: bytes, declared: str | None) -> str:
    """Legacy Office files are OLE2 compound files; the stream names in their directory say
    which program wrote them."""
    if _ole2_has_stream(data, "Workbook") or _ole2_has_stream(data, "Book"):
        return XLS
    if _ole2_has_stream(data, "PowerPoint Document"):
        return PPT
    if declared == WPS:
        return WPS
    if _ole2_has_stream(data, "WordDocument"):
        return DOC
    return declared if declared in (DOC, XLS, PPT, WPS) else DOC


def _ole2_has_stream(data: bytes, name: str) -> bool:
    """A directory entry (128 bytes, sector-aligned after the 512-byte header) whose UTF-16LE
    name is ``name``: the name field is followed at byte 64 by its length including the NUL."""
    needle = name.encode("utf-16-le") + b"\0\0"
    at = data.find(needle, 512)
    while at != -1:
        if (at - 512) % 128 == 0 and int.from_bytes(data[at + 64:at + 66], "little") == len(needle):
            return True
        at = data.find(needle, at + 1)
    return False


def read_pdf(data: bytes, max_chars: int) -> tuple[str, int]:
    """Text of each page (pypdf layout mode: a table row stays on one line), pages apart."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("encrypted, needs a password")
    pages, size = [], 0
    for page in reader.pages:
        try:
            text = page.extract_text(extraction_mode="layout")
        except Exception:  # layout mode trips on some fonts; plain mode rarely does
            text = page.extract_text()
        pages.append(text)
        size += len(text)
        if size > max_chars:
            break
    return "\n\n".join(pages), len(reader.pages)


def read_docx(data: bytes, max_chars: int) -> tuple[str, None]:
    """Paragraphs and table rows (cells joined by tabs), in document order."""
    import docx

    _check_unzipped_size(data)
    lines, size = [], 0
    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        new = [_docx_row(row) for row in block.rows] if hasattr(block, "rows") else [block.text]
        lines += new
        size += sum(map(len, new))
        if size > max_chars:
            break
    return "\n".join(lines), None


def _docx_row(row) -> str:
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:  # a merged cell appears once per grid column it spans
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text for p in cell.paragraphs))
    return "\t".join(cells)


def read_xlsx(data: bytes, max_chars: int) -> tuple[str, None]:
    """Each sheet: its name on a line, then its non-empty rows, cells joined by tabs."""
    import openpyxl

    _check_unzipped_size(data)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = [(ws.title, ws.iter_rows(values_only=True)) for ws in book.worksheets]
        return _sheets_text(sheets, max_chars), None
    finally:
        book.close()


def read_xls(data: bytes, max_chars: int) -> tuple[str, None]:
    """Legacy Excel (BIFF) via xlrd, laid out like ``read_xlsx``."""
    import xlrd

    book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    try:
        sheets = []
        for sheet in book.sheets():
            rows = ([_xls_value(c, book.datemode) for c in sheet.row(r)] for r in range(sheet.nrows))
            sheets.append((sheet.name, rows))
        return _sheets_text(sheets, max_chars), None
    finally:
        book.release_resources()


def _xls_value(cell, datemode):
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate_as_datetime(cell.value, datemode)
    return None if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) else cell.value


def _sheets_text(sheets, max_chars: int) -> str:
    blocks, size = [], 0
    for title, rows in sheets:
        lines = [title]
        for row in rows:
            cells = [_cell_text(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                lines.append("\t".join(cells))
                size += len(lines[-1])
            if size > max_chars:
                break
        blocks.append("\n".join(lines))
        if size > max_chars:
            break
    return "\n\n".join(blocks)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).replace("\n", " ").strip()


def _check_unzipped_size(data: bytes) -> None:
    total = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    if total > MAX_UNZIPPED_BYTES:
        raise _TooLarge(f"{total:,} bytes unzipped is over the {MAX_UNZIPPED_BYTES:,}-byte limit")


def _finish(text: str, mime: str, pages: int | None, max_chars: int) -> DocumentText:
    lines = (_SPACE_RUN.sub("\t", line.strip(" \u3000\xa0")) for line in text.splitlines())
    text = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()
    if not text:
        reason = "no text layer (scanned?)" if mime == PDF else "no text"
        return DocumentText("empty", "", mime, pages, reason)
    if len(text) > max_chars:
        return DocumentText("ok", text[:max_chars], mime, pages,
                            f"text truncated at {max_chars:,} characters")
    return DocumentText("ok", text, mime, pages)


def _short(mime: str) -> str:
    return {PDF: "PDF", DOCX: "DOCX", XLSX: "XLSX", XLS: "XLS"}.get(mime, mime)


def _one_line(prefix: str, exc: Exception) -> str:
    message = " ".join(str(exc).split()) or type(exc).__name__
    return f"{prefix}: {type(exc).__name__}: {message}"[:300]


_READERS = {PDF: read_pdf, DOCX: read_docx, XLSX: read_xlsx, XLS: read_xls}
