"""Attachment text: the bytes of a report attachment (附件: PDF, DOCX, XLSX, XLS …) -> plain text.

Pure: no network, no Scrapy. Never raises on bad input; every outcome is a ``DocumentText``::

    from xxgk.extract.documents import extract_document_text
    doc = extract_document_text(body, filename="2017年报.pdf", content_type="application/pdf")
    doc.status   # "ok" | "empty" | "unsupported" | "error" | "too_large"
    doc.text     # paragraphs and table rows as lines; table cells separated by tabs
    doc.mime     # what the bytes are (magic bytes first, then file extension, then Content-Type)
    doc.pages    # PDF page count; None for other formats
    doc.reason   # one line saying why, when status is not "ok" (or that the text was truncated)
    doc.method   # how the text was read: "pdf_layout" | "pdf_text" | "ocr" | "docx" | "xlsx" | "xls"
    doc.tables   # the tables read as tables: [[row cells…] rows…] per table, in document order
    doc.confidences  # OCR only: each table cell's recognition confidence (0..1), same shape

Readers: PDF with pypdf (layout mode keeps table rows on one line; permissions-only encrypted
PDFs open), DOCX by streaming word/document.xml with lxml (paragraphs and table rows in document
order, as python-docx reads them), XLSX with openpyxl's streaming sheet parser (a line with the
sheet name, then each row), XLS with xlrd; a PDF with no text layer and PNG/JPEG/TIFF images by OCR
(``extract/ocr.py``). Legacy Word (.doc), WPS, PowerPoint, OFD, archives and GIFs are recognised
and reported "unsupported".

Budgets (docs/limits.md): input bytes, unzipped bytes, XML bytes parsed, spreadsheet cells present
(never the declared dimension) and characters kept. Time and memory are bounded by running this
in a child process: ``extract.bounded.read_attachment``.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

MAX_BYTES = 50 * 1024 * 1024          # larger input is not parsed at all
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # DOCX/XLSX parts, uncompressed (zip bombs)
MAX_XML_BYTES = 64 * 1024 * 1024      # uncompressed XML a reader parses; media do not count
MAX_XML_TREE_BYTES = 16 * 1024 * 1024  # one XML part parsed whole into a tree (styles.xml …)
MAX_CELLS = 2_000_000                 # spreadsheet cells present in the file, whole workbook
MAX_CHARS = 1_000_000                 # text beyond this is cut off (status stays "ok")
OUT_OF_MEMORY = "ran out of memory"   # the reason when a reader hits MemoryError

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
    method: str | None = None  # how it was read (METHODS); None when nothing was read
    tables: list | None = None  # tables read as tables: a list of rows of cell texts each
    confidences: list | None = None  # OCR: per table cell, the recogniser's confidence


# how a document's text and tables were read (also StatCell.method of the cells parsed from them)
METHODS = ("pdf_layout", "pdf_text", "ocr", "docx", "xlsx", "xls")


@dataclass
class Reading:
    """What a format reader gives back: the text, and where it has them its tables."""
    text: str
    pages: int | None = None
    method: str | None = None
    tables: list | None = None
    confidences: list | None = None
    note: str | None = None  # what the reader left out of a readable document (OCR page limit)


@dataclass(frozen=True)
class Budget:
    """What reading one attachment may cost: characters kept, cells, XML and unzipped bytes."""
    chars: int = MAX_CHARS
    cells: int = MAX_CELLS
    xml_bytes: int = MAX_XML_BYTES
    unzipped_bytes: int = MAX_UNZIPPED_BYTES
    tree_bytes: int = MAX_XML_TREE_BYTES


class _TooLarge(Exception):
    pass


def extract_document_text(data: bytes, filename: str | None = None,
                          content_type: str | None = None, *, max_chars: int = MAX_CHARS,
                          max_bytes: int = MAX_BYTES, max_cells: int = MAX_CELLS,
                          max_xml_bytes: int = MAX_XML_BYTES) -> DocumentText:
    """Plain text of an attachment. Never raises: bad input gives status "error" and a reason;
    a budget exceeded gives "too_large" and a reason naming the budget.

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
        reading = reader(data, Budget(max_chars, max_cells, max_xml_bytes))
    except _TooLarge as exc:
        return DocumentText("too_large", "", mime, reason=str(exc))
    except MemoryError:
        return DocumentText("too_large", "", mime, reason=OUT_OF_MEMORY)
    except Exception as exc:  # a broken file must never stop a crawl
        return DocumentText("error", "", mime, reason=_one_line(f"unreadable {_short(mime)}", exc))
    return _finish(reading, mime, max_chars)


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


def read_pdf(data: bytes, budget: Budget) -> Reading:
    """Text of each page (pypdf layout mode: a table row stays on one line), pages apart; the
    standard tables rebuilt from the words' positions (``pdf_layout``) when it finds them, and
    OCR (``ocr``) for a PDF with no text layer (scanned)."""
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
        if size > budget.chars:
            break
    text, count = "\n\n".join(pages), len(reader.pages)
    if not text.strip():
        return _scanned_pdf(data, count, budget)
    tables = _pdf_tables(data, budget)
    if tables:
        return Reading(text, count, "pdf_layout", tables)
    return Reading(text, count, "pdf_text")


def _pdf_tables(data: bytes, budget: Budget) -> list | None:
    """The tables of a PDF with a text layer, rebuilt from its words' positions; None when the
    layout reader finds none (the text lines are then parsed as they are)."""
    from xxgk.extract import pdf_layout

    return pdf_layout.pdf_tables(data, max_chars=budget.chars) or None


def _scanned_pdf(data: bytes, count: int, budget: Budget) -> Reading:
    """A PDF with no text layer: its pages rendered and read by OCR (``extract/ocr.py``)."""
    from xxgk.extract import ocr

    result = ocr.ocr_pdf(data, max_chars=budget.chars)
    if result is None:  # no OCR engine installed: the status says "no text layer"
        return Reading("", count)
    note = (f"OCR read the first {ocr.MAX_PAGES} of {count} pages" if count > ocr.MAX_PAGES
            else None)
    return Reading(result.text, count, "ocr", result.tables, result.confidences, note)


def read_image(data: bytes, budget: Budget) -> Reading:
    """A report posted as an image (图片版, a scanned page): its text and tables by OCR."""
    from xxgk.extract import ocr

    result = ocr.ocr_image(data, max_chars=budget.chars)
    if result is None:
        raise ValueError("no OCR engine installed (rapidocr-onnxruntime)")
    return Reading(result.text, None, "ocr", result.tables, result.confidences)


def read_docx(data: bytes, budget: Budget) -> Reading:
    """Paragraphs and table rows (cells joined by tabs), in document order. The main document
    part is streamed (each element dropped once read), so memory stays flat however long it is."""
    from lxml import etree

    book = _open_zip(data, budget)
    main = _docx_main_part(book, budget)
    lines = _DocxLines(budget.chars)
    with book.open(main) as source:
        for _, element in etree.iterparse(source, events=("end",), resolve_entities=False,
                                          no_network=True, huge_tree=False):
            if lines.end(element):
                break
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    return Reading("\n".join(lines.lines + ["".join(lines.para)]), None, "docx",
                   [t for t in lines.tables if t] or None)


def _docx_main_part(book: zipfile.ZipFile, budget: Budget) -> str:
    """Name of the main document part: the package's officeDocument relationship, else the
    usual word/document.xml. Raises _TooLarge if it (with the relationships) is over budget."""
    from lxml import etree

    main = "word/document.xml"
    if "_rels/.rels" in book.namelist():
        _check_tree(book, ["_rels/.rels"], budget)
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        for rel in etree.fromstring(book.read("_rels/.rels"), parser):
            if str(rel.get("Type", "")).endswith("/officeDocument") and rel.get("Target"):
                main = rel.get("Target").lstrip("/")
    _check_xml(book, ["_rels/.rels", main], budget)
    return main


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _P, _TBL, _TR, _TC, _R, _HYPERLINK = (
    _W + tag for tag in ("body", "p", "tbl", "tr", "tc", "r", "hyperlink"))
_RUN_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


class _DocxLines:
    """Lines of a WordprocessingML body, read element by element as each one ends: a line per
    body paragraph, a line per row of a body table (cell texts joined by tabs, a cell's paragraphs
    by spaces, a vertically merged cell repeating its first cell's text) -- what python-docx
    reads. Text in nested tables, text boxes and tracked insertions is not read, as there."""

    def __init__(self, max_chars: int):
        self.max_chars, self.lines, self.size = max_chars, [], 0  # size: text kept so far
        self.para, self.cell, self.row, self.above = [], [], [], {}
        self.span, self.merge, self.grid = 1, None, 0
        self.tables: list[list[list[str]]] = [[]]  # each body table's rows, as read

    def end(self, el) -> bool:
        """Take in an element that has just ended; True once there is enough text."""
        tag = el.tag
        if tag == _W + "t" or tag == _W + "br" or tag in _RUN_TEXT:
            if _read_run(el.getparent()):
                self.para.append(_run_piece(el))
                self.size += len(self.para[-1])
        elif tag == _P and _read_paragraph(el):
            (self._line if el.getparent().tag == _BODY else self.cell.append)("".join(self.para))
            self.para = []
        elif tag == _TC and _body_cell(el):
            self._cell_end()
        elif tag == _TR and _body_row(el):
            self._line("\t".join(self.row))
            if any(self.row):
                self.tables[-1].append(self.row)
            self.row, self.grid = [], 0
        elif tag == _TBL and el.getparent().tag == _BODY:
            self.above = {}
            self.tables.append([])
        elif el.getparent() is not None and el.getparent().tag in (_W + "tcPr", _W + "trPr"):
            self._property(el)
        return self.size > self.max_chars

    def _line(self, text: str) -> None:
        if text or not self.lines or self.lines[-1]:  # blank lines collapse later anyway
            self.lines.append(text)

    def _cell_end(self) -> None:
        text = " ".join(self.cell)
        if self.merge == "continue":
            text = self.above.get(self.grid, "")
            self.size += len(text)
        else:
            self.above[self.grid] = text
        self.row.append(text)
        self.grid += self.span
        self.cell, self.span, self.merge = [], 1, None

    def _property(self, el) -> None:
        """gridSpan and vMerge of a body-table cell, gridBefore of a body-table row."""
        owner, val = el.getparent().getparent(), el.get(_W + "val")
        if el.tag == _W + "gridSpan" and _body_cell(owner):
            self.span = max(int(val or 1), 1)
        elif el.tag == _W + "vMerge" and _body_cell(owner):
            self.merge = val or "continue"
        elif el.tag == _W + "gridBefore" and _body_row(owner):
            self.grid = max(int(val or 0), 0)


def _run_piece(el) -> str:
    if el.tag == _W + "t":
        return el.text or ""
    if el.tag == _W + "br":
        return "\n" if el.get(_W + "type", "textWrapping") == "textWrapping" else ""
    return _RUN_TEXT[el.tag]


def _read_run(r) -> bool:
    parent = r.getparent() if r is not None and r.tag == _R else None
    if parent is not None and parent.tag == _HYPERLINK:
        parent = parent.getparent()
    return parent is not None and parent.tag == _P and _read_paragraph(parent)


def _read_paragraph(p) -> bool:
    parent = p.getparent()
    return parent is not None and (parent.tag == _BODY or parent.tag == _TC and _body_cell(parent))


def _body_cell(tc) -> bool:
    row = tc.getparent() if tc is not None and tc.tag == _TC else None
    return row is not None and row.tag == _TR and _body_row(row)


def _body_row(tr) -> bool:
    table = tr.getparent() if tr is not None and tr.tag == _TR else None
    return (table is not None and table.tag == _TBL
            and getattr(table.getparent(), "tag", "") == _BODY)


def read_xlsx(data: bytes, budget: Budget) -> Reading:
    """Each sheet: its name on a line, then its non-empty rows, cells joined by tabs. Only the
    cells present in the sheet XML are read (streamed); the declared dimension is ignored."""
    import openpyxl

    zipped = _open_zip(data, budget)
    xml = [n for n in zipped.namelist() if n.endswith((".xml", ".rels"))]
    _check_xml(zipped, xml, budget)
    _check_tree(zipped, [n for n in xml if not _streamed_xlsx_part(n)], budget)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = [(ws.title, _xlsx_rows(ws)) for ws in book.worksheets]
        return _sheets_reading(sheets, budget, "xlsx")
    finally:
        book.close()


def _streamed_xlsx_part(name: str) -> bool:
    """Sheets and the shared strings are read streamed; other XML parts are built as trees."""
    return name == "xl/sharedStrings.xml" or (name.startswith("xl/worksheets/")
                                              and "/_rels/" not in name)


def _xlsx_rows(ws):
    """Rows of a read-only sheet as lists of (column, value), one pair per cell present. Uses
    openpyxl's own streaming parser, without the padding to the declared dimension."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book = ws.parent
    with ws._get_source() as source:
        parser = WorkSheetParser(source, ws._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats,
                                 timedelta_formats=book._timedelta_formats)
        for _, cells in parser.parse():
            yield [(cell["column"], cell["value"]) for cell in cells]


def read_xls(data: bytes, budget: Budget) -> Reading:
    """Legacy Excel (BIFF) via xlrd, laid out like ``read_xlsx``; rows end at their last cell."""
    import xlrd

    book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True,
                              logfile=io.StringIO())
    try:
        sheets = [(name, _xls_rows(book, i)) for i, name in enumerate(book.sheet_names())]
        return _sheets_reading(sheets, budget, "xls")
    finally:
        book.release_resources()


def _xls_rows(book, index: int):
    sheet = book.sheet_by_index(index)
    for r in range(sheet.nrows):
        yield [(c + 1, _xls_value(cell, book.datemode)) for c, cell in enumerate(sheet.row(r))]
    book.unload_sheet(index)


def _xls_value(cell, datemode):
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate_as_datetime(cell.value, datemode)
    return None if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) else cell.value


def _sheets_reading(sheets, budget: Budget, method: str) -> Reading:
    """Sheets as (name, rows) -> text (the sheet name, then a line per row) and one table per
    sheet; raises _TooLarge past the cell budget."""
    blocks, tables, size, cells = [], [], 0, 0
    for title, rows in sheets:
        lines, table = [title], []
        for row in rows:
            cells += len(row)
            if cells > budget.cells:
                raise _TooLarge(f"more than {budget.cells:,} cells (cell budget)")
            line = _row_line(row)
            if line:
                lines.append(line)
                table.append(line.split("\t"))
                size += len(line)
            if size > budget.chars:
                break
        blocks.append("\n".join(lines))
        if table:
            tables.append(table)
        if size > budget.chars:
            break
    return Reading("\n\n".join(blocks), None, method, tables or None)


def _row_line(row) -> str:
    """Cells (column, value) as one line, tab-separated from column A to the last non-empty
    cell; "" when none has text."""
    texts = {column: text for column, value in row if (text := _cell_text(value))}
    return "\t".join(texts.get(c, "") for c in range(1, max(texts) + 1)) if texts else ""


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


def _open_zip(data: bytes, budget: Budget) -> zipfile.ZipFile:
    """The zip container; raises _TooLarge if its parts unzip past the budget (zip bombs)."""
    book = zipfile.ZipFile(io.BytesIO(data))
    total = sum(i.file_size for i in book.infolist())
    if total > budget.unzipped_bytes:
        raise _TooLarge(f"{total:,} bytes unzipped is over the {budget.unzipped_bytes:,}-byte "
                        "limit")
    return book


def _check_xml(book: zipfile.ZipFile, names, budget: Budget) -> None:
    """Raises _TooLarge if the named XML parts, uncompressed, are over the XML budget."""
    sizes = {i.filename: i.file_size for i in book.infolist()}
    total = sum(sizes.get(name, 0) for name in set(names))
    if total > budget.xml_bytes:
        raise _TooLarge(f"{total:,} bytes of XML is over the {budget.xml_bytes:,}-byte XML budget")


def _finish(reading: Reading, mime: str, max_chars: int) -> DocumentText:
    lines = (_SPACE_RUN.sub("\t", line.strip(" \u3000\xa0")) for line in reading.text.splitlines())
    text = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()
    pages, extra = reading.pages, (reading.method, reading.tables or None,
                                   reading.confidences or None)
    if not text:
        reason = "no text layer (scanned?)" if mime == PDF else "no text"
        if reading.method == "ocr":
            reason = "OCR found no text"
        return DocumentText("empty", "", mime, pages, reason, reading.method)
    if len(text) > max_chars:
        return DocumentText("ok", text[:max_chars], mime, pages,
                            f"text truncated at {max_chars:,} characters", *extra)
    return DocumentText("ok", text, mime, pages, reading.note, *extra)


def _short(mime: str) -> str:
    return {PDF: "PDF", DOCX: "DOCX", XLSX: "XLSX", XLS: "XLS"}.get(mime, mime)


def _one_line(prefix: str, exc: Exception) -> str:
    message = " ".join(str(exc).split()) or type(exc).__name__
    return f"{prefix}: {type(exc).__name__}: {message}"[:300]


def _check_tree(book: zipfile.ZipFile, names, budget: Budget) -> None:
    """Raises _TooLarge if one of the named XML parts, parsed whole, is over the tree budget."""
    names = set(names)
    for info in book.infolist():
        if info.filename in names and info.file_size > budget.tree_bytes:
            raise _TooLarge(f"{info.filename} is {info.file_size:,} bytes, over the "
                            f"{budget.tree_bytes:,}-byte budget for an XML part read whole")


_READERS = {PDF: read_pdf, DOCX: read_docx, XLSX: read_xlsx, XLS: read_xls,
            **{mime: read_image for mime in ("image/png", "image/jpeg", "image/tiff")}}
