"""extract.ocr: image-only reports (图片版, scanned PDFs) read by OCR, on the pages that
xxgk/fixtureweb/authoring/report_images.py draws (tests/data/ocr, committed with expected.json).

rapidocr-onnxruntime is a dependency: without it these tests fail, they do not skip."""
import io
import json
import random
from pathlib import Path

import pytest
from PIL import Image

from xxgk.extract import ocr
from xxgk.extract import extract_report
from xxgk.extract.bounded import read_attachment
from xxgk.extract.documents import PDF, extract_document_text
from xxgk.extract.stats import parse_stats_reading

DATA = Path(__file__).parent / "data" / "ocr"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
IMAGES = {"page1_active.png": "image/png", "page2_applications.jpg": "image/jpeg",
          "page3_review.png": "image/png"}
WORDS = {"page1_active.png": ["某某县市场监督管理局", "主动公开政府信息情况", "行政规范性文件", "行政事业性收费"],
         "page2_applications.jpg": ["收到和处理政府信息公开申请情况", "本年新收政府信息公开申请数量",
                                    "保护第三方合法权益", "结转下年度继续办理"],
         "page3_review.png": ["行政复议", "未经复议直接起诉", "存在的主要问题及改进情况"]}


def cells(doc) -> dict:
    found = parse_stats_reading(doc.text, 2021, doc.method, doc.tables, doc.confidences)
    return {f"{c.section},{c.row_code},{c.col_code}": c for c in found}


def values(found: dict) -> dict:
    return {key: cell.value for key, cell in found.items()}


def test_the_engine_is_installed_and_loads_once():
    assert ocr.engine() is not None, "rapidocr-onnxruntime>=1.4,<2 is a dependency"
    assert ocr.engine() is ocr.engine()


@pytest.fixture(scope="module")
def image_docs():
    return {name: extract_document_text((DATA / name).read_bytes(), name) for name in IMAGES}


@pytest.mark.parametrize("name", list(IMAGES))
def test_image_text_is_found(image_docs, name):
    doc = image_docs[name]
    assert (doc.status, doc.mime, doc.method, doc.reason) == ("ok", IMAGES[name], "ocr", None)
    assert [w for w in WORDS[name] if w not in doc.text] == []


@pytest.mark.parametrize("name", list(IMAGES))
def test_image_table_cells(image_docs, name):
    # every cell of the generated tables is read right today (200 of 200); the bar is 97 %,
    # and no cell may come out that the table does not have
    found = values(cells(image_docs[name]))
    expected = EXPECTED[name]
    right = {k for k, v in expected.items() if found.get(k) == v}
    assert len(right) >= 0.97 * len(expected)
    assert right == set(expected)
    assert set(found) <= set(expected)


def test_rows_come_out_as_label_then_values(image_docs):
    rows = image_docs["page2_applications.jpg"].tables[0]
    assert ["一、本年新收政府信息公开申请数量", "45", "6", "0", "1", "2", "0", "54"] in rows
    wrapped = next(r for r in rows if "部分公开" in r[0])  # a label wrapped over two lines
    assert wrapped[0].startswith("（二）部分公开（区分处理的") and "不计其他情形" in wrapped[0]
    assert wrapped[1:] == ["6", "1", "0", "0", "0", "0", "7"]


@pytest.mark.parametrize("name", list(IMAGES))
def test_every_ocr_cell_has_its_confidence(image_docs, name):
    doc = image_docs[name]
    assert [len(r) for t in doc.tables for r in t] == [len(r) for t in doc.confidences for r in t]
    found = cells(doc)
    assert found and all(c.method == "ocr" for c in found.values())
    assert all(c.confidence is not None and 0 < c.confidence <= 1 for c in found.values())


def test_a_cell_merged_from_boxes_keeps_the_lowest_score():
    boxes = [ocr.Box(0, 0, 100, 20, "（二）部分公开", 0.9), ocr.Box(0, 24, 80, 44, "不计其他", 0.6),
             ocr.Box(300, 12, 320, 32, "6", 0.99), ocr.Box(400, 12, 420, 32, "o", 0.55)]
    rows = ocr.page_rows(boxes)
    assert rows == [[("（二）部分公开不计其他", 0.6), ("6", 0.99), ("0", 0.55)]]


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("what", ["blank", "noise"])
def test_blank_or_garbage_image_is_empty_with_reason(what):
    rng = random.Random(7)
    image = Image.new("L", (800, 600), 255) if what == "blank" else Image.frombytes(
        "L", (600, 400), bytes(rng.randrange(256) for _ in range(600 * 400)))
    doc = extract_document_text(_png(image), f"{what}.png")
    assert (doc.status, doc.text, doc.method, doc.reason) == ("empty", "", "ocr", "OCR found no text")


def test_scanned_pdf_through_the_bounded_reader():
    doc = read_attachment((DATA / "scanned.pdf").read_bytes(), "2021年报（扫描件）.pdf")
    assert (doc.status, doc.mime, doc.method, doc.pages) == ("ok", PDF, "ocr", 3)
    assert all(w in doc.text for words in WORDS.values() for w in words)
    found = cells(doc)
    expected = EXPECTED["scanned.pdf"]
    right = {k for k, v in expected.items() if k in found and found[k].value == v}
    assert len(right) == len(expected) == 200
    assert all(c.confidence is not None for c in found.values())


def test_image_through_the_bounded_reader():
    doc = read_attachment((DATA / "page3_review.png").read_bytes(), "W0202201256.png", "image/png")
    assert (doc.status, doc.method) == ("ok", "ocr")
    assert values(cells(doc)) == EXPECTED["page3_review.png"]


def test_ocr_memory_budget_is_named_when_spent():
    doc = read_attachment((DATA / "page1_active.png").read_bytes(), "a.png",
                          memory_bytes=512 << 20, ocr_memory_bytes=600 << 20)
    assert doc.status == "too_large"
    assert doc.reason == "reader ran out of memory (over the 629,145,600-byte memory budget)"


PICTURE_PAGE = """<html><head><title>{title}</title></head><body>
<div class="logo"><img src="/images/logo.png"></div>
<div class="nav"><a href="/">首页</a><img src="/images/banner_2021.jpg"></div>
<h1>{title}</h1>
<div class="TRS_Editor">
<p><img src="./W020220125612345678901.jpg" alt="年度报告（一）" width="800"></p>
<p><img src="./W020220125612345678902.png"></p>
<p><img src="/images/icon_print.png"><img src="./small.jpg" width="32" height="32">
<img src="data:image/png;base64,iVBORw0KGgo="><img src="./anim.gif"></p>
<p>{text}</p>
</div>
<div class="footer"><img src="/images/conac.png">版权所有</div>
</body></html>"""
URL = "http://sfj.example.gov.cn/zwgk/ndbg/202201/t20220125_812345.html"


def _read(title: str, text: str = "", extra: str = ""):
    page = PICTURE_PAGE.format(title=title, text=text).replace("</div>\n<div class=\"footer\"",
                                                                extra + "</div>\n<div class=\"footer\"")
    return extract_report(page.encode(), URL)


def _page_images(title: str, text: str = "", extra: str = "") -> list[str]:
    return [a["url"] for a in _read(title, text, extra).page_images]


PAGES = ["http://sfj.example.gov.cn/zwgk/ndbg/202201/W020220125612345678901.jpg",
         "http://sfj.example.gov.cn/zwgk/ndbg/202201/W020220125612345678902.png"]


def test_picture_version_page_lists_its_body_images_as_page_images():
    record = _read("某市司法局2021年政府信息公开工作年度报告（图片版）")
    assert [a["url"] for a in record.page_images] == PAGES
    assert record.page_images[0]["text"] == "年度报告（一）"
    assert record.attachments == []  # its pictures are its pages, not attachments
    # a report whose body is only pictures, without the 图片版 note
    assert _page_images("某市司法局2021年政府信息公开工作年度报告") == PAGES


def test_pictures_of_a_page_with_text_or_documents_or_not_a_report_are_no_pages():
    long_text = "本年度，我局认真贯彻落实政府信息公开条例，" * 20
    assert _page_images("某市司法局2021年政府信息公开工作年度报告", long_text) == []
    assert _page_images("某市司法局开展普法宣传活动") == []
    # a short-bodied report with a document attached is read from the document
    pdf = '<p><a href="./P020220125.pdf">年度报告.pdf</a></p>'
    record = _read("某市司法局2021年政府信息公开工作年度报告", extra=pdf)
    assert [a["url"] for a in record.attachments] == [
        "http://sfj.example.gov.cn/zwgk/ndbg/202201/P020220125.pdf"]
    assert record.page_images == []
    # ... unless its title says the report is the pictures
    assert _page_images("某市司法局2021年政府信息公开工作年度报告（图片版）", extra=pdf) == PAGES
