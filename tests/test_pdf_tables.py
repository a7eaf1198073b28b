"""Issue 10 part 1: the standard tables of PDF reports read by layout (``extract/pdf_layout.py``).

The PDFs are generated (``xxgk/fixtureweb/authoring/report_pdfs.py``) with the layouts that
defeat text lines: close columns, wrapped labels with the numbers on the first, last or a line
of their own, side labels one character per line, a label glued to its number, typos, letter-
spaced header labels split over lines, ruled and unruled tables, tables over two pages.
``tests/data/pdf_holdout/`` holds eight more, written from the same list by an engineer who
never saw the reader."""
import pytest

from bench.pdf_tables import CASES, HELD_OUT, READERS, cases, cell_values, pdf_bytes, score_case
from xxgk.extract.bounded import read_attachment
from xxgk.extract.documents import extract_document_text
from xxgk.extract.pdf_layout import pdf_tables
from xxgk.extract.stats import check_stats, parse_stats_reading, parse_stats_tables
from xxgk.fixtureweb.authoring import report_pdfs

# the generated PDFs, then the held-out ones written blind (tests/data/pdf_holdout/README.md says
# which patterns each shows; h04 draws each row's numbers as one right-aligned string)
CASE_LIST = cases() + cases(HELD_OUT)
IDS = [name for name, _ in CASE_LIST]


def _cells(case):
    doc = extract_document_text(pdf_bytes(case), case["file"], "application/pdf")
    assert doc.status == "ok"
    assert doc.method == "pdf_layout"
    return parse_stats_reading(doc.text, case["report_year"], doc.method, doc.tables)


@pytest.mark.parametrize("name,case", CASE_LIST, ids=IDS)
def test_cells_exact(name, case):
    cells = _cells(case)
    assert {c.method for c in cells} == {"pdf_layout"}
    assert {c.format for c in cells} == {case["format"]}
    assert cell_values(cells) == case["cells"]


@pytest.mark.parametrize("name,case", CASE_LIST, ids=IDS)
def test_checks(name, case):
    checks = check_stats(_cells(case))
    assert sorted(c.code for c in checks if c.ok is False) == case["failed_checks"]
    assert [c.code for c in checks if c.ok is None] == []  # no check short of a cell


def test_inconsistent_total_is_flagged():
    case = dict(CASE_LIST)["inconsistent_review_2021"]
    check = next(c for c in check_stats(_cells(case)) if c.code == "review_total:reconsideration")
    assert not check.ok and check.expected == 4 and check.actual == 0


def test_rows_are_clean():
    """One row per standard row: wrapped parts joined, side-label characters gone, header there."""
    tables = pdf_tables(pdf_bytes(dict(CASE_LIST)["ruled_typos_own_2021"]))
    apps = next(t for t in tables if t[0] == ["三、收到和处理政府信息公开申请情况"])
    assert apps[1][1:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    labels = [row[0] for row in apps[2:]]
    assert len(labels) == 25  # the 2021 form: 23 rows of 2019, （六） in three
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in labels
    assert "2.其他法律行政止公开" in labels  # the typo kept as printed
    # printed as boxes (glyphs missing): the one place the standard row order leaves, its own label
    assert labels[labels.index("1.本机关不拿握相关政府信息") + 1] == "（四）无法提供 2.没有现成信息需要另行制作"
    assert all(len(row) == 8 for row in apps[2:])
    assert not any(label.startswith(("三", "（", "）")) and "本年度" in label for label in labels)


def test_glued_label_split():
    tables = pdf_tables(pdf_bytes(dict(CASE_LIST)["unruled_last_2019"]))
    apps = next(t for t in tables if t[0] == ["三、收到和处理政府信息公开申请情况"])
    row = next(r for r in apps if "重新出具" in r[0])
    assert row[0] == "5.要求行政机关确认或重新出具已获取信息" and row[1] == "0"


def test_no_standard_table_gives_none():
    from reportlab.pdfgen import canvas
    import io

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.drawString(72, 720, "Nothing to see here 12 34 56")
    c.save()
    assert pdf_tables(buf.getvalue()) is None
    assert pdf_tables(b"not a pdf") is None


def test_tables_through_the_bounded_reader():
    case = dict(CASE_LIST)["ruled_close_2019"]
    doc = read_attachment(pdf_bytes(case), case["file"], "application/pdf")
    assert doc.status == "ok" and doc.method == "pdf_layout"
    cells = parse_stats_tables(doc.tables, case["report_year"], doc.method, text=doc.text)
    assert cell_values(cells) == case["cells"]


def test_generator_reproduces_committed_files(tmp_path):
    written = report_pdfs.write_all(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in CASES.iterdir())
    for path in written:
        assert path.read_bytes() == (CASES / path.name).read_bytes(), path.name


def test_accuracy_text_lines_vs_layout():
    """Measured, printed (timings are not asserted): the layout reader gets every cell."""
    totals = {}
    for reader in READERS:
        right = total = 0
        seconds = 0.0
        for _name, case in CASE_LIST:
            r, t, s, _pages = score_case(reader, case)
            right, total, seconds = right + r, total + t, seconds + s
        totals[reader] = (right, total)
        print(f"{reader}: {right}/{total} cells right, {seconds * 1000:.0f} ms")
    assert totals["layout"][0] == totals["layout"][1]
    assert totals["text lines"][0] < totals["layout"][0]
