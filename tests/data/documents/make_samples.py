"""Writes the tiny attachment samples that tests/test_documents.py reads (run once, commit output).

    pip install reportlab xlwt        # generators only; the extractor needs neither
    python tests/data/documents/make_samples.py

Every sample says a little of a real annual report (政府信息公开工作年度报告) in Chinese, so the tests
can assert the exact text. PDFs use reportlab's built-in CID font STSong-Light (not embedded: the
text layer is UniGB-UCS2-H codes, as in many real government PDFs).
"""
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).parent
TITLE = "阜新市商务局2017年政府信息公开工作年度报告"
TABLE = [("项目", "数量"), ("主动公开政府信息", "128"), ("收到申请", "12")]
PARAGRAPH = "本报告由阜新市商务局根据《中华人民共和国政府信息公开条例》编制。"


def write_pdfs() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def report(path: Path, encrypt=None) -> None:
        c = canvas.Canvas(str(path), invariant=1, encrypt=encrypt)
        c.setFont("STSong-Light", 14)
        c.drawString(72, 760, TITLE)
        c.setFont("STSong-Light", 11)
        c.drawString(72, 730, PARAGRAPH)
        c.showPage()
        c.setFont("STSong-Light", 11)
        for i, (item, count) in enumerate(TABLE):  # a table: cells at fixed x, one row per y
            c.drawString(72, 760 - 20 * i, item)
            c.drawString(300, 760 - 20 * i, count)
        c.showPage()
        c.save()

    report(HERE / "report.pdf")
    # Permissions-only encryption (empty user password), common on government sites.
    report(HERE / "encrypted.pdf", StandardEncryption("", ownerPassword="owner", canPrint=1))
    c = canvas.Canvas(str(HERE / "scanned.pdf"), invariant=1)  # a page with no text layer
    c.rect(72, 500, 300, 200, fill=1)
    c.showPage()
    c.save()


def write_docx() -> None:
    import docx

    d = docx.Document()
    d.add_heading(TITLE, level=1)
    d.add_paragraph("一、总体情况")
    table = d.add_table(rows=0, cols=2)
    for item, count in TABLE:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = item, count
    d.add_paragraph(PARAGRAPH)
    d.core_properties.created = d.core_properties.modified = datetime(2018, 3, 28)
    d.save(HERE / "report.docx")


def write_xlsx() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主动公开"
    for row in TABLE:
        ws.append([row[0], int(row[1]) if row[1].isdigit() else row[1]])
    ws2 = wb.create_sheet("行政复议")
    ws2.append(["行政复议", None, "维持"])
    ws2.append([None, None, None])
    ws2.append(["合计", 3, 1.5])
    wb.save(HERE / "report.xlsx")


def write_xls() -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("主动公开")
    for r, (item, count) in enumerate(TABLE):
        ws.write(r, 0, item)
        ws.write(r, 1, int(count) if count.isdigit() else count)
    wb.save(str(HERE / "report.xls"))


def write_doc() -> None:
    """Not a real Word file: an OLE2 header plus a directory entry named WordDocument, which is
    all the sniffer looks at (the extractor does not read legacy .doc)."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    name = "WordDocument".encode("utf-16-le") + bytes(2)
    entry = name.ljust(64, b"\0") + len(name).to_bytes(2, "little") + b"\x02"  # 2: a stream
    (HERE / "legacy.doc").write_bytes(header + entry.ljust(128, b"\0") + bytes(384))


if __name__ == "__main__":
    write_pdfs()
    write_docx()
    write_xlsx()
    write_xls()
    write_doc()
    for path in sorted(HERE.iterdir()):
        if path.suffix != ".py":
            print(f"{path.stat().st_size:7,d}  {path.name}")
