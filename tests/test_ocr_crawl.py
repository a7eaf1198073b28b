"""Image-only reports end to end, as a user meets them: ``xxgk crawl --url`` of a column on an
unregistered loopback site whose reports are a 图片版 page (its body is three pictures of the
standard tables) and a page whose only attachment is a scanned PDF. The pictures are the pages
drawn by xxgk/fixtureweb/authoring/report_images.py (tests/data/ocr, with expected.json).

What was stored is checked: the pictures as the report's page images (not attachments), each read
by OCR; statistics cells marked ``ocr`` with their confidence, equal to the drawn numbers; the OCR
text in the search index."""
from __future__ import annotations

import asyncio
import io
import json
import shutil
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlite_utils
from PIL import Image

from support import crawl_fixture_web
from xxgk.archive.search import fts_match
from xxgk.serve.server import make_datasette

DATA = Path(__file__).parent / "data" / "ocr"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
IMAGES = ["page1_active.png", "page2_applications.jpg", "page3_review.png"]

LISTING = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>年度报告 - 青岚县司法局</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div>
<div class="column"><h2>政府信息公开年度报告</h2><ul class="list">
<li><a href="./202201/t20220125_7001.html">青岚县司法局2021年政府信息公开工作年度报告（图片版）</a><span>2022-01-25</span></li>
<li><a href="./202201/t20220126_7002.html">青岚县市场监督管理局2021年政府信息公开工作年度报告</a><span>2022-01-26</span></li>
<li><a href="./202201/t20220127_7003.html">青岚县档案馆2021年政府信息公开工作年度报告（图片版）</a><span>2022-01-27</span></li>
</ul></div><div class="footer">青岚县人民政府 版权所有</div></body></html>"""

PICTURE_REPORT = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>青岚县司法局2021年政府信息公开工作年度报告（图片版）</title></head><body>
<div class="header"><img src="/images/logo.png" alt="青岚县人民政府"></div>
<h1>青岚县司法局2021年政府信息公开工作年度报告（图片版）</h1>
<div class="info">发布日期：2022-01-25 来源：青岚县司法局</div>
<div class="TRS_Editor">
<p><img src="./W020220125700101.png" alt="年度报告（一）" width="1000"></p>
<p><img src="./W020220125700102.jpg" alt="年度报告（二）" width="1000"></p>
<p><img src="./W020220125700103.png" alt="年度报告（三）" width="1000"></p>
</div>
<div class="footer"><img src="/images/conac.png">青岚县人民政府 版权所有</div></body></html>"""

BLANK_REPORT = PICTURE_REPORT.replace("青岚县司法局", "青岚县档案馆").replace(
    "2022-01-25", "2022-01-27").split('<p><img src="./W020220125700102.jpg"')[0].replace(
    "W020220125700101.png", "W020220127700301.png") + "</div></body></html>"

SCANNED_REPORT = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>青岚县市场监督管理局2021年政府信息公开工作年度报告</title></head><body>
<h1>青岚县市场监督管理局2021年政府信息公开工作年度报告</h1>
<div class="info">发布日期：2022-01-26 来源：青岚县市场监督管理局</div>
<div class="TRS_Editor"><p>详见附件。</p>
<p>附件：<a href="./P020220126700201.pdf">青岚县市场监督管理局2021年政府信息公开工作年度报告.pdf</a></p>
</div><div class="footer">青岚县人民政府 版权所有</div></body></html>"""


@pytest.fixture(scope="module")
def image_site(tmp_path_factory):
    """A loopback site serving the column, the two reports and their files."""
    root = tmp_path_factory.mktemp("image-site")
    column = root / "zwgk" / "ndbg"
    (column / "202201").mkdir(parents=True)
    (column / "index.html").write_text(LISTING, encoding="utf-8")
    (column / "202201" / "t20220125_7001.html").write_text(PICTURE_REPORT, encoding="utf-8")
    (column / "202201" / "t20220126_7002.html").write_text(SCANNED_REPORT, encoding="utf-8")
    for n, name in enumerate(IMAGES, 1):
        ext = name.rsplit(".", 1)[1]
        (column / "202201" / f"W02022012570010{n}.{ext}").write_bytes((DATA / name).read_bytes())
    (column / "202201" / "P020220126700201.pdf").write_bytes((DATA / "scanned.pdf").read_bytes())
    (column / "202201" / "t20220127_7003.html").write_text(BLANK_REPORT, encoding="utf-8")
    blank = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(blank, "PNG")  # a page scanned blank
    (column / "202201" / "W020220127700301.png").write_bytes(blank.getvalue())
    handler = partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def archive(image_site, tmp_path_factory):
    path = tmp_path_factory.mktemp("image-archive") / "archive.db"
    crawl_fixture_web(path, url=image_site + "/zwgk/ndbg/index.html")
    return sqlite_utils.Database(path), image_site


def _report(db, base, name):
    return next(db.query("SELECT * FROM reports WHERE url = ?",
                         [f"{base}/zwgk/ndbg/202201/{name}"]))


def _cells(db, report_id) -> dict:
    return {f"{r['section']},{r['row_code']},{r['col_code']}": r for r in db.query(
        "SELECT * FROM report_stats WHERE report_id = ?", [report_id])}


def test_picture_report_stores_its_pictures_as_page_images_read_by_ocr(archive):
    db, base = archive
    report = _report(db, base, "t20220125_7001.html")
    assert (report["is_report"], report["report_year"], report["attachment_count"]) == (1, 2021, 0)
    rows = list(db.query(
        "SELECT a.url, a.role, a.status, f.method, f.text_status, f.text FROM attachments AS a"
        " LEFT JOIN attachment_files AS f ON f.sha256 = a.sha256 WHERE a.report_id = ?"
        " ORDER BY a.rowid", [report["id"]]))
    assert [r["url"].rsplit("/", 1)[1] for r in rows] == [
        "W020220125700101.png", "W020220125700102.jpg", "W020220125700103.png"]
    assert {(r["role"], r["status"], r["method"], r["text_status"]) for r in rows} == {
        ("page_image", "downloaded", "ocr", "ok")}
    assert "收到和处理政府信息公开申请情况" in rows[1]["text"]
    assert "收到和处理政府信息公开申请情况" in report["attachment_text"]


def test_picture_report_statistics_are_the_drawn_numbers_with_confidences(archive):
    db, base = archive
    cells = _cells(db, _report(db, base, "t20220125_7001.html")["id"])
    expected = {key: value for name in IMAGES for key, value in EXPECTED[name].items()}
    got = {key: cells[key]["value"] for key in expected if key in cells}
    right = sum(got.get(key) == value for key, value in expected.items())
    assert right >= 0.98 * len(expected), {k: (got.get(k), v) for k, v in expected.items()
                                           if got.get(k) != v}
    read = [cells[key] for key in expected if key in cells]
    assert {c["method"] for c in read} == {"ocr"}
    assert all(0 < c["confidence"] <= 1 for c in read)


def test_scanned_pdf_attachment_is_read_by_ocr(archive):
    db, base = archive
    report = _report(db, base, "t20220126_7002.html")
    assert report["attachment_count"] == 1
    (row,) = db.query("SELECT a.role, f.method, f.text_status, f.pages FROM attachments AS a"
                      " JOIN attachment_files AS f ON f.sha256 = a.sha256 WHERE a.report_id = ?",
                      [report["id"]])
    assert (row["role"], row["method"], row["text_status"], row["pages"]) == (None, "ocr", "ok", 3)
    cells = _cells(db, report["id"])
    expected = EXPECTED["scanned.pdf"]
    right = sum(cells.get(k, {}).get("value") == v for k, v in expected.items())
    assert right >= 0.98 * len(expected)
    assert {cells[k]["method"] for k in expected if k in cells} == {"ocr"}


def test_ocr_text_is_searchable(archive):
    db, base = archive
    hits = {r["url"].rsplit("/", 1)[1] for r in db.query(
        "SELECT r.url FROM reports_fts JOIN reports AS r ON r.rowid = reports_fts.rowid"
        " WHERE reports_fts MATCH ?", [fts_match("保护第三方合法权益")])}
    assert hits == {"t20220125_7001.html", "t20220126_7002.html"}


def test_an_older_archive_gets_its_page_images_by_reextract_then_the_next_crawl(
        archive, tmp_path):
    """An archive saved before page images were read: ``xxgk reextract`` lists them from the
    stored page (pending, no version), the next crawl downloads and reads them."""
    db, base = archive
    source = Path(db.conn.execute("pragma database_list").fetchone()[2]).parent
    copy = shutil.copytree(source, tmp_path / "older") / "archive.db"
    older = sqlite_utils.Database(copy)
    rid = _report(older, base, "t20220125_7001.html")["id"]
    with older.conn:
        older.execute("DELETE FROM report_stats WHERE report_id = ?", [rid])
        older.execute("DELETE FROM attachments WHERE report_id = ?", [rid])
        older.execute("UPDATE reports SET extractor = 'before-page-images', attachment_text = NULL"
                      " WHERE id = ?", [rid])
    versions = older["report_versions"].count
    older.close()
    subprocess.run([sys.executable, "-m", "xxgk", "reextract", "--db", str(copy)], check=True,
                   capture_output=True, text=True)
    older = sqlite_utils.Database(copy)
    assert [r["status"] for r in older.query(
        "SELECT status FROM attachments WHERE report_id = ? AND role = 'page_image'", [rid])] \
        == ["pending"] * 3
    assert older["report_versions"].count == versions
    older.close()
    crawl_fixture_web(copy, url=base + "/zwgk/ndbg/index.html")
    older = sqlite_utils.Database(copy)
    assert [r["status"] for r in older.query(
        "SELECT status FROM attachments WHERE report_id = ? AND role = 'page_image'", [rid])] \
        == ["downloaded"] * 3
    cells = _cells(older, rid)
    assert cells["applications,new,total"]["value"] == 54
    assert cells["applications,new,total"]["method"] == "ocr"
    assert older["report_versions"].count == versions


def test_a_report_whose_pictures_hold_no_text_is_listed_with_the_reason(archive):
    db, base = archive
    report = _report(db, base, "t20220127_7003.html")
    (row,) = db.query("SELECT a.role, f.method, f.text_status, f.text_reason FROM attachments AS a"
                      " JOIN attachment_files AS f ON f.sha256 = a.sha256 WHERE a.report_id = ?",
                      [report["id"]])
    assert tuple(row.values()) == ("page_image", "ocr", "empty", "OCR found no text")
    path = db.conn.execute("pragma database_list").fetchone()[2]
    response = asyncio.run(make_datasette(path).client.get(
        "/archive/unreadable_reports.json", params={"_shape": "array"}))
    assert response.status_code == 200, response.text
    listed = [(r["title"], r["file"], r["status"], r["reason"]) for r in response.json()]
    assert listed == [("青岚县档案馆2021年政府信息公开工作年度报告（图片版）", "报告图片 page picture", "empty",
                       "OCR found no text")]
