"""archive/history.py and friends: every version, removals, views, validators, attachment files."""
import gzip
import json

import pytest

from xxgk.archive.blobs import blob_relpath, read_blob, store_blob
from xxgk.archive.history import content_hash
from xxgk.archive.search import search_reports
from xxgk.archive.store import (
    downloaded_attachment_urls, known_reports, mark_attachment_failed, mark_not_modified, mark_removed,
    read_raw, report_id, save_attachment_file, save_report, start_crawl_run,
)
from support import new_archive

SITE = {"slug": "fuxin-swj", "agency": "阜新市商务局", "region": "阜新市", "region_code": "210900",
        "homepage": "http://swj.fuxin.gov.cn/", "columns": [], "platform": "fuxin"}
URL = "http://swj.fuxin.gov.cn/xxgk/ndbg/2024/01/a.html"
PDF = "http://swj.fuxin.gov.cn/files/a.pdf"
RECORD = {
    "url": URL, "title": "阜新市商务局2023年政府信息公开工作年度报告", "published": "2024-01-20",
    "source": "阜新市商务局", "editor": "办公室", "views": 334, "report_year": 2023,
    "agency": "阜新市商务局", "attachments": [{"url": PDF, "text": "年度报告.pdf"}],
    "is_report": True, "body": "本年度收到依申请公开申请5件。",
    "raw": {"views": "浏览次数：334"}, "counter_url": None, "platform": "fuxin", "encoding": "utf-8",
}
T1, T2, T3 = "2024-02-01T08:00:00+08:00", "2024-03-01T08:00:00+08:00", "2024-04-01T08:00:00+08:00"
RID = report_id(URL)


@pytest.fixture
def db():
    return new_archive(sites=[SITE])


@pytest.fixture
def runs(db):
    return [start_crawl_run(db, sites=["fuxin-swj"], args={}) for _ in range(4)]


def fetch(run, at, **extra):
    return {"url": URL, "fetched_at": at, "http_status": 200, "sha256": "ab" * 32,
            "crawl_run_id": run, "site_id": "fuxin-swj", "content_type": "text/html",
            "size": 100, **extra}


def events(db):
    return [(e["kind"], e["crawl_run_id"], e["at"], e["reason"], e["version"])
            for e in db.query("select * from report_events order by id")]


def versions(db):
    return [(v["version"], v["crawl_run_id"], v["fetched_at"])
            for v in db.query("select * from report_versions order by id")]


def test_first_save_is_version_1_and_a_new_event(db, runs):
    save_report(db, RECORD, fetch=fetch(runs[0], T1, body_bytes=b"<html>a</html>", etag='"e1"',
                                        last_modified="Thu, 01 Feb 2024 00:00:00 GMT",
                                        warc_file="crawl-1.warc.gz", warc_offset=1234))
    [version] = db.query("select * from report_versions")
    assert version == {
        "id": 1, "report_id": RID, "version": 1, "crawl_run_id": runs[0], "fetched_at": T1,
        "http_status": 200, "sha256": "ab" * 32, "content_hash": content_hash(RECORD),
        "raw_gz": version["raw_gz"], "record": json.dumps(RECORD, ensure_ascii=False),
        "body": RECORD["body"], "etag": '"e1"', "last_modified": "Thu, 01 Feb 2024 00:00:00 GMT",
        "warc_file": "crawl-1.warc.gz", "warc_offset": 1234, "extractor": None,
        "warc_record_id": None, "captured_by": None, "proxy": None}
    assert gzip.decompress(version["raw_gz"]) == b"<html>a</html>"
    assert read_raw(version["raw_gz"]) == b"<html>a</html>"
    assert events(db) == [("new", runs[0], T1, None, 1)]
    report = db["reports"].get(RID)
    assert (report["latest_version_id"], report["version_count"], report["last_changed"]) == (
        1, 1, T1)
    assert (report["etag"], report["removed_at"]) == ('"e1"', None)
    assert list(db["report_views"].rows) == [
        {"report_id": RID, "crawl_run_id": runs[0], "observed_at": T1, "views": 334,
         "origin": "page"}]


def test_same_content_adds_no_version(db, runs):
    save_report(db, RECORD, fetch=fetch(runs[0], T1))
    save_report(db, RECORD, fetch=fetch(runs[0], T1))  # same run again
    save_report(db, RECORD, fetch=fetch(runs[1], T2, sha256="cd" * 32))  # other bytes, same text
    assert versions(db) == [(1, runs[0], T1)]
    assert events(db) == [("new", runs[0], T1, None, 1)]
    report = db["reports"].get(RID)
    assert (report["last_seen"], report["last_changed"], report["first_seen"]) == (T2, T1, T1)
    assert report["crawl_run_id"] == runs[1] and report["version_count"] == 1


def test_whitespace_only_edit_is_not_a_version(db, runs):
    save_report(db, RECORD, fetch=fetch(runs[0], T1))
    save_report(db, {**RECORD, "body": "  本年度收到依申请公开申请5件。\n"}, fetch=fetch(runs[1], T2))
    assert versions(db) == [(1, runs[0], T1)]


def test_changed_body_is_version_2(db, runs):
    save_report(db, RECORD, fetch=fetch(runs[0], T1))
    changed = {**RECORD, "body": "本年度收到依申请公开申请6件。",
               "attachments": [{"url": "http://swj.fuxin.gov.cn/files/b.pdf", "text": "b"}]}
    save_report(db, changed, fetch=fetch(runs[1], T2, body_bytes=b"v2"))
    assert versions(db) == [(1, runs[0], T1), (2, runs[1], T2)]
    assert events(db) == [("new", runs[0], T1, None, 1),
                          ("changed", runs[1], T2, "body, attachments", 2)]
    report = db["reports"].get(RID)
    assert (report["latest_version_id"], report["version_count"], report["last_changed"]) == (
        2, 2, T2)
    assert report["body"] == "本年度收到依申请公开申请6件。"
    assert db["report_versions"].get(1)["body"] == RECORD["body"]  # the old text is kept
    assert read_raw(db["report_versions"].get(2)["raw_gz"]) == b"v2"
    assert db["report_versions"].get(1)["raw_gz"] is None  # no bytes were passed


def test_only_views_changed_adds_a_views_row_not_a_version(db, runs):
    save_report(db, RECORD, fetch=fetch(runs[0], T1))
    save_report(db, {**RECORD, "views": 400}, fetch=fetch(runs[1], T2))
    save_report(db, {**RECORD, "views": 401}, fetch=fetch(runs[1], T2))  # same run: replaced
    save_report(db, {**RECORD, "views": None}, fetch=fetch(runs[2], T3))  # no count: no row
    assert versions(db) == [(1, runs[0], T1)]
    assert [(v["crawl_run_id"], v["views"], v["observed_at"]) for v in db["report_views"].rows] == [
        (runs[0], 334, T1), (runs[1], 401, T2)]
    assert db["reports"].get(RID)["views"] is None  # the latest fetch's count


def test_views_without_a_crawl_run_stay_one_row(db):
    save_report(db, RECORD, fetch=fetch(None, T1))
    save_report(db, {**RECORD, "views": 335}, fetch=fetch(None, T2))
    assert [(v["crawl_run_id"], v["views"]) for v in db["report_views"].rows] == [(None, 335)]


def test_mark_removed_then_restored(db, runs):
    assert mark_removed(db, url=URL, reason="HTTP 404", crawl_run_id=runs[0]) is False  # unknown
    save_report(db, RECORD, fetch=fetch(runs[0], T1))
    assert mark_removed(db, url=URL, reason="HTTP 404", crawl_run_id=runs[1], at=T2) is True
    assert mark_removed(db, url=URL, reason="HTTP 410", crawl_run_id=runs[1], at=T2) is False
    report = db["reports"].get(RID)
    assert (report["removed_at"], report["removed_reason"]) == (T2, "HTTP 404")
    assert report["last_seen"] == T1 and db["reports"].count == 1
    save_report(db, RECORD, fetch=fetch(runs[2], T3))
    report = db["reports"].get(RID)
    assert (report["removed_at"], report["removed_reason"], report["last_seen"]) == (None, None, T3)
    assert events(db) == [("new", runs[0], T1, None, 1),
                          ("removed", runs[1], T2, "HTTP 404", None),
                          ("restored", runs[2], T3, "HTTP 200", None)]
    assert versions(db) == [(1, runs[0], T1)]


def test_restored_with_new_content(db, runs):
    save_report(db, RECORD, fetch=fetch(runs[0], T1))
    mark_removed(db, url=URL, reason="missing from fully walked listing", crawl_run_id=runs[1],
                 at=T2)
    save_report(db, {**RECORD, "title": "更正：" + RECORD["title"]}, fetch=fetch(runs[2], T3))
    assert [e[0] for e in events(db)] == ["new", "removed", "restored", "changed"]
    assert events(db)[-1] == ("changed", runs[2], T3, "title", 2)


def test_mark_not_modified(db, runs):
    assert mark_not_modified(db, url=URL, crawl_run_id=runs[0], fetched_at=T1) is False
    save_report(db, RECORD, fetch=fetch(runs[0], T1, etag='"e1"'))
    before = db["reports"].get(RID)
    assert mark_not_modified(db, url=URL, crawl_run_id=runs[1], fetched_at=T2) is True
    after = db["reports"].get(RID)
    assert {k for k in before if before[k] != after[k]} == {"last_seen", "crawl_run_id"}
    assert (after["last_seen"], after["crawl_run_id"]) == (T2, runs[1])
    mark_removed(db, url=URL, reason="HTTP 404", crawl_run_id=runs[2], at=T2)
    assert mark_not_modified(db, url=URL, crawl_run_id=runs[3], fetched_at=T3) is True
    assert db["reports"].get(RID)["removed_at"] is None
    assert events(db)[-1] == ("restored", runs[3], T3, "HTTP 304", None)
    assert versions(db) == [(1, runs[0], T1)] and db["report_views"].count == 1


def test_validators_follow_the_latest_200_fetch(db, runs):
    save_report(db, RECORD, fetch=fetch(runs[0], T1, etag='"e1"', last_modified="LM1"))
    save_report(db, RECORD, fetch=fetch(runs[1], T2, http_status=203, etag='"x"'))
    assert (db["reports"].get(RID)["etag"], db["reports"].get(RID)["last_modified"]) == (
        '"e1"', "LM1")
    save_report(db, RECORD, fetch=fetch(runs[2], T3))  # a 200 without validators
    assert (db["reports"].get(RID)["etag"], db["reports"].get(RID)["last_modified"]) == (None, None)


def test_known_reports(db, runs):
    other = "http://mzj.fuxin.gov.cn/a.html"
    save_report(db, RECORD, fetch=fetch(runs[0], T1, etag='"e1"', last_modified="LM1"))
    save_report(db, {**RECORD, "url": other}, fetch={**fetch(runs[0], T1), "url": other,
                                                     "site_id": None})
    mark_removed(db, url=other, reason="HTTP 410", crawl_run_id=runs[1], at=T2)
    assert known_reports(db, "fuxin-swj") == {
        URL: {"etag": '"e1"', "last_modified": "LM1", "removed_at": None, "sha256": "ab" * 32}}
    assert known_reports(db)[other] == {"etag": None, "last_modified": None, "removed_at": T2,
                                        "sha256": "ab" * 32}
    assert known_reports(db, "nobody") == {}


def test_blobs_are_content_addressed_and_idempotent(tmp_path):
    sha, relpath = store_blob(tmp_path, b"%PDF-1.4 report")
    assert relpath == f"{sha[:2]}/{sha[2:4]}/{sha}" == blob_relpath(sha)
    assert (tmp_path / relpath).read_bytes() == b"%PDF-1.4 report"
    mtime = (tmp_path / relpath).stat().st_mtime_ns
    assert store_blob(tmp_path, b"%PDF-1.4 report") == (sha, relpath)
    assert (tmp_path / relpath).stat().st_mtime_ns == mtime
    assert read_blob(tmp_path, relpath) == b"%PDF-1.4 report"
    assert store_blob(tmp_path, b"other")[0] != sha
    assert not list(tmp_path.rglob("*.tmp"))


def test_attachment_text_is_searchable(db, runs, tmp_path):
    save_report(db, {**RECORD, "body": "详见附件"}, fetch=fetch(runs[0], T1))
    assert db["attachments"].get(attachment_row_id(db))["status"] == "pending"
    assert search_reports(db, "复议") == []
    sha, path = store_blob(tmp_path, b"%PDF")
    save_attachment_file(db, report_id=RID, url=PDF, sha256=sha, mime="application/pdf", size=4,
                         path=path, text="因政府信息公开申请引发行政复议1件。", text_status="ok",
                         text_reason=None, pages=3, at=T2)
    assert [r["id"] for r in search_reports(db, "复议")] == [RID]
    assert db["reports"].get(RID)["attachment_text"] == "因政府信息公开申请引发行政复议1件。"
    assert db["reports"].get(RID)["body"] == "详见附件"
    assert list(db["attachment_files"].rows) == [{
        "sha256": sha, "mime": "application/pdf", "size": 4, "path": path,
        "text": "因政府信息公开申请引发行政复议1件。", "text_status": "ok", "text_reason": None,
        "pages": 3, "first_seen": T2, "reader": None, "method": None, "tables": None}]
    link = db["attachments"].get(attachment_row_id(db))
    assert (link["sha256"], link["status"], link["error"], link["text"]) == (
        sha, "downloaded", None, "年度报告.pdf")
    # a re-crawl of the page keeps the download and the searchable text
    save_report(db, {**RECORD, "body": "详见附件"}, fetch=fetch(runs[1], T3))
    assert db["attachments"].get(attachment_row_id(db))["status"] == "downloaded"
    assert [r["id"] for r in search_reports(db, "复议")] == [RID]
    # the attachment dropped from the page: its text leaves the index
    save_report(db, {**RECORD, "body": "详见附件", "attachments": []}, fetch=fetch(runs[2], T3))
    assert search_reports(db, "复议") == [] and db["attachment_files"].count == 1


def test_mark_attachment_failed(db, runs):
    save_report(db, RECORD, fetch=fetch(runs[0], T1))
    mark_attachment_failed(db, report_id=RID, url=PDF, status="too_large", error="52 MB > 20 MB")
    link = db["attachments"].get(attachment_row_id(db))
    assert (link["status"], link["error"], link["sha256"]) == ("too_large", "52 MB > 20 MB", None)
    with pytest.raises(ValueError):
        mark_attachment_failed(db, report_id=RID, url=PDF, status="weird", error="x")


def attachment_row_id(db):
    return db.execute("select id from attachments").fetchone()[0]


def test_a_url_downloaded_for_one_report_is_shared_by_another(db, runs, tmp_path):
    save_report(db, RECORD, fetch=fetch(runs[0], T1))
    assert downloaded_attachment_urls(db) == set()
    sha, path = store_blob(tmp_path, b"%PDF")
    save_attachment_file(db, report_id=RID, url=PDF, sha256=sha, mime="application/pdf", size=4,
                         path=path, text="行政复议", text_status="ok", text_reason=None, pages=1)
    assert downloaded_attachment_urls(db) == {PDF}
    other = "http://swj.fuxin.gov.cn/xxgk/ndbg/2024/01/b.html"
    save_report(db, {**RECORD, "url": other, "body": "详见附件"},
                fetch={**fetch(runs[1], T2), "url": other})
    link = db.execute("select sha256, status from attachments where report_id = ?",
                      [report_id(other)]).fetchone()
    assert link == (sha, "downloaded")
    assert db["reports"].get(report_id(other))["attachment_text"] == "行政复议"
