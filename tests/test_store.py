"""archive/store.py: schema, idempotent saves, ids, crawl runs and errors, FTS sync."""
import pytest
import sqlite_utils

from xxgk.archive.history import content_hash
from xxgk.archive.search import search_reports
from xxgk.archive.store import (
    attachment_id, close_abandoned_runs, ensure_db_shape, finish_crawl_run, report_id, save_crawl_error, save_report, save_site,
    start_crawl_run,
)
from support import new_archive

SITE = {
    "slug": "fuxin-swj", "agency": "阜新市商务局", "region": "阜新市", "region_code": "210900",
    "homepage": "http://swj.fuxin.gov.cn/", "columns": ["http://swj.fuxin.gov.cn/xxgk/ndbg/"],
    "platform": "fuxin", "fixture": True, "verified": False, "notes": "测试",
}
RECORD = {
    "url": "http://swj.fuxin.gov.cn/xxgk/ndbg/2024/01/a.html",
    "title": "阜新市商务局2023年政府信息公开工作年度报告",
    "published": "2024-01-20", "source": "阜新市商务局", "editor": "办公室", "views": 334,
    "report_year": 2023, "agency": "阜新市商务局",
    "attachments": [{"url": "http://swj.fuxin.gov.cn/files/a.pdf", "text": "年度报告.pdf"},
                    {"url": "http://swj.fuxin.gov.cn/downfile.jsp?filename=b.DOCX", "text": "附表"}],
    "is_report": True, "body": "本年度收到依申请公开申请5件，未发生行政复议案件。",
    "raw": {"published": "发布日期：2024-01-20", "views": "浏览次数：334"},
    "counter_url": None, "platform": "fuxin", "encoding": "utf-8",
}


def fetch(**changes):
    base = {"url": RECORD["url"], "fetched_at": "2024-02-01T08:00:00+08:00", "http_status": 200,
            "sha256": "ab" * 32, "crawl_run_id": None, "site_id": "fuxin-swj",
            "content_type": "text/html; charset=utf-8", "size": 12345}
    return {**base, **changes}


@pytest.fixture
def db():
    return new_archive()


EXPECTED_COLUMNS = {
    "sites": {"slug": str, "agency": str, "region": str, "region_code": str, "homepage": str,
              "columns": str, "platform": str, "fixture": int, "verified": int, "notes": str},
    "crawl_runs": {"id": int, "started_at": str, "finished_at": str, "sites": str, "args": str,
                   "requests": int, "items": int, "reports": int, "errors": int, "bytes": int,
                   "status": str, "finish_reason": str, "stats": str},
    "reports": {"id": str, "url": str, "canonical_url": str, "site_id": str, "title": str,
                "published": str, "report_year": int, "agency": str, "source": str, "editor": str,
                "views": int, "is_report": int, "region": str, "region_code": str, "body": str,
                "attachment_count": int, "platform": str, "counter_url": str, "encoding": str,
                "raw": str, "http_status": int, "fetched_at": str, "sha256": str,
                "content_type": str, "size": int, "crawl_run_id": int, "first_seen": str,
                "last_seen": str, "latest_version_id": int, "version_count": int,
                "last_changed": str, "removed_at": str, "removed_reason": str, "etag": str,
                "last_modified": str, "attachment_text": str, "extractor": str},
    "report_versions": {"id": int, "report_id": str, "version": int, "crawl_run_id": int,
                        "fetched_at": str, "http_status": int, "sha256": str,
                        "content_hash": str, "raw_gz": bytes, "record": str, "body": str,
                        "etag": str, "last_modified": str, "warc_file": str, "warc_offset": int, "extractor": str,
                        "warc_record_id": str, "captured_by": str, "proxy": str},
    "report_events": {"id": int, "report_id": str, "crawl_run_id": int, "at": str, "kind": str,
                      "reason": str, "version": int},
    "report_views": {"report_id": str, "crawl_run_id": int, "observed_at": str, "views": int,
                     "origin": str},
    "attachment_files": {"sha256": str, "mime": str, "size": int, "path": str, "text": str,
                         "text_status": str, "text_reason": str, "pages": int,
                         "first_seen": str, "reader": str, "method": str, "tables": str},
    "attachments": {"id": str, "report_id": str, "url": str, "text": str, "ext": str,
                    "sha256": str, "status": str, "error": str, "role": str},
    "report_aliases": {"canonical_url": str, "url": str, "report_id": str, "site_id": str,
                       "first_seen": str, "last_seen": str, "crawl_run_id": int},
    "capture_records": {"record_id": str, "file": str, "uri": str, "record_type": str,
                        "http_status": int, "content_type": str, "captured_at": str,
                        "software": str, "crawl_run_id": int, "outcome": str, "reason": str,
                        "report_id": str},
    "crawl_errors": {"id": int, "crawl_run_id": int, "site_id": str, "url": str, "status": int,
                     "kind": str, "reason": str, "referer": str, "occurred_at": str},
    "site_health": {"crawl_run_id": int, "site_id": str, "items": int, "reports": int,
                    "new_reports": int, "valid_date_rate": float, "valid_title_rate": float,
                    "errors": int, "errors_by_kind": str, "last_new_report_at": str,
                    "usual_cycle_days": float, "flags": str, "flagged": int,
                    "computed_at": str},
}


def test_schema_columns(db):
    for table, columns in EXPECTED_COLUMNS.items():
        assert db[table].columns_dict == columns, table
        assert list(db[table].columns_dict) == list(columns), table


def test_schema_keys_and_indexes(db):
    assert db["sites"].pks == ["slug"]
    assert db["reports"].pks == ["id"]
    assert db["crawl_runs"].pks == ["id"] and db["crawl_errors"].pks == ["id"]
    assert db["report_versions"].pks == ["id"] and db["report_events"].pks == ["id"]
    assert db["report_views"].pks == ["report_id", "crawl_run_id"]
    assert db["attachment_files"].pks == ["sha256"]
    assert db["site_health"].pks == ["crawl_run_id", "site_id"]
    fks = {(t, fk.column, fk.other_table, fk.other_column)
           for t in EXPECTED_COLUMNS for fk in db[t].foreign_keys}
    assert fks == {
        ("reports", "site_id", "sites", "slug"), ("reports", "crawl_run_id", "crawl_runs", "id"),
        ("reports", "latest_version_id", "report_versions", "id"),
        ("report_versions", "report_id", "reports", "id"),
        ("report_versions", "crawl_run_id", "crawl_runs", "id"),
        ("report_events", "report_id", "reports", "id"),
        ("report_events", "crawl_run_id", "crawl_runs", "id"),
        ("report_views", "report_id", "reports", "id"),
        ("report_views", "crawl_run_id", "crawl_runs", "id"),
        ("attachments", "report_id", "reports", "id"),
        ("attachments", "sha256", "attachment_files", "sha256"),
        ("report_aliases", "report_id", "reports", "id"),
        ("report_aliases", "site_id", "sites", "slug"),
        ("report_aliases", "crawl_run_id", "crawl_runs", "id"),
        ("crawl_errors", "crawl_run_id", "crawl_runs", "id"),
        ("crawl_errors", "site_id", "sites", "slug"),
        ("capture_records", "crawl_run_id", "crawl_runs", "id"),
        ("site_health", "crawl_run_id", "crawl_runs", "id"),
        ("site_health", "site_id", "sites", "slug"),
    }
    indexed = {(t, tuple(i.columns), i.unique) for t in EXPECTED_COLUMNS for i in db[t].indexes
               if not i.name.startswith("sqlite_autoindex")}
    assert indexed == {("reports", (c,), 0) for c in
                       ["site_id", "region_code", "report_year", "source", "published", "is_report",
                        "crawl_run_id"]
                       } | {("reports", ("site_id", "is_report"), 0),
                            ("report_versions", ("report_id", "version"), 1),
                            ("report_versions", ("content_hash",), 0),
                            ("report_versions", ("warc_record_id",), 0),
                            ("capture_records", ("crawl_run_id",), 0),
                            ("capture_records", ("uri",), 0),
                            ("report_aliases", ("report_id",), 0),
                            ("report_events", ("report_id",), 0),
                            ("report_events", ("crawl_run_id",), 0),
                            ("report_views", ("crawl_run_id",), 0),
                            ("attachments", ("report_id",), 0), ("attachments", ("sha256",), 0),
                            ("attachments", ("url",), 0),
                            ("crawl_errors", ("crawl_run_id",), 0),
                            ("site_health", ("site_id",), 0)}


def test_schema_fts(db):
    assert list(db["reports_fts"].columns_dict) == ["title", "body", "attachments"]
    assert "USING FTS5" in db["reports_fts"].schema and "tokenize" not in db["reports_fts"].schema


def test_ensure_db_shape_twice_is_a_no_op(db):
    before = db.execute("select type, name, sql from sqlite_master order by name").fetchall()
    ensure_db_shape(db)
    assert db.execute("select type, name, sql from sqlite_master order by name").fetchall() == before


def test_ensure_db_shape_adds_missing_columns():
    database = sqlite_utils.Database(memory=True)
    database["sites"].create({"slug": str, "agency": str}, pk="slug")
    ensure_db_shape(database)
    assert database["sites"].columns_dict == EXPECTED_COLUMNS["sites"]


def test_save_site(db):
    save_site(db, SITE)
    save_site(db, SITE)
    assert list(db["sites"].rows) == [{
        "slug": "fuxin-swj", "agency": "阜新市商务局", "region": "阜新市", "region_code": "210900",
        "homepage": "http://swj.fuxin.gov.cn/", "columns": '["http://swj.fuxin.gov.cn/xxgk/ndbg/"]',
        "platform": "fuxin", "fixture": 1, "verified": 0, "notes": "测试"}]


def test_save_report_row(db):
    save_site(db, SITE)
    rid = save_report(db, RECORD, fetch=fetch())
    assert rid == report_id(RECORD["url"])
    row = db["reports"].get(rid)
    assert row["title"] == RECORD["title"] and row["published"] == "2024-01-20"
    assert (row["source"], row["editor"], row["views"], row["report_year"]) == (
        "阜新市商务局", "办公室", 334, 2023)
    assert row["is_report"] == 1 and row["attachment_count"] == 2
    assert (row["region"], row["region_code"], row["site_id"]) == ("阜新市", "210900", "fuxin-swj")
    assert row["raw"] == '{"published": "发布日期：2024-01-20", "views": "浏览次数：334"}'
    assert row["first_seen"] == row["last_seen"] == row["fetched_at"] == "2024-02-01T08:00:00+08:00"
    assert (row["http_status"], row["size"], row["sha256"]) == (200, 12345, "ab" * 32)
    exts = {a["url"]: a["ext"] for a in db["attachments"].rows}
    assert exts == {"http://swj.fuxin.gov.cn/files/a.pdf": "pdf",
                    "http://swj.fuxin.gov.cn/downfile.jsp?filename=b.DOCX": "docx"}


def test_save_report_twice_same_rows_first_seen_kept(db):
    save_site(db, SITE)
    run1 = start_crawl_run(db, sites=["fuxin-swj"], args={})
    rid = save_report(db, RECORD, fetch=fetch(crawl_run_id=run1))
    first = db["reports"].get(rid)
    rowid = db.execute("select rowid from reports").fetchone()[0]
    attachments = list(db["attachments"].rows)
    run2 = start_crawl_run(db, sites=["fuxin-swj"], args={})
    save_report(db, RECORD, fetch=fetch(crawl_run_id=run2, fetched_at="2024-03-01T08:00:00+08:00"))
    second = db["reports"].get(rid)
    assert db["reports"].count == 1
    assert db.execute("select rowid from reports").fetchone()[0] == rowid
    changed = {k for k in first if first[k] != second[k]}
    assert changed == {"last_seen", "fetched_at", "crawl_run_id"}
    assert second["first_seen"] == "2024-02-01T08:00:00+08:00"
    assert second["last_seen"] == "2024-03-01T08:00:00+08:00"
    assert list(db["attachments"].rows) == attachments


def test_attachments_replaced(db):
    rid = save_report(db, RECORD, fetch=fetch())
    new = {**RECORD, "attachments": [RECORD["attachments"][0],
                                      {"url": "http://swj.fuxin.gov.cn/files/c.xls", "text": "表"}]}
    save_report(db, new, fetch=fetch())
    assert {a["url"] for a in db["attachments"].rows} == {
        "http://swj.fuxin.gov.cn/files/a.pdf", "http://swj.fuxin.gov.cn/files/c.xls"}
    assert db["reports"].get(rid)["attachment_count"] == 2
    save_report(db, {**RECORD, "attachments": []}, fetch=fetch())
    assert db["attachments"].count == 0


def test_page_images_are_kept_beside_the_attachments_with_their_role(db):
    pictures = [{"url": "http://swj.fuxin.gov.cn/files/p1.jpg", "text": "第一页"},
                {"url": "http://swj.fuxin.gov.cn/files/p2.jpg", "text": "第二页"}]
    rid = save_report(db, {**RECORD, "page_images": pictures}, fetch=fetch())
    rows = {a["url"]: a for a in db["attachments"].rows}
    assert {u: (a["role"], a["status"]) for u, a in rows.items()} == {
        **{a["url"]: (None, "pending") for a in RECORD["attachments"]},
        **{p["url"]: ("page_image", "pending") for p in pictures}}
    assert db["reports"].get(rid)["attachment_count"] == len(RECORD["attachments"])
    save_report(db, {**RECORD, "page_images": pictures[:1]}, fetch=fetch())
    assert "http://swj.fuxin.gov.cn/files/p2.jpg" not in {a["url"] for a in db["attachments"].rows}
    assert db["report_versions"].count == 1  # the pictures are no content field


def test_report_id_deterministic_and_canonical():
    rid = report_id("http://example.gov.cn/a/b.html?x=1&y=2")
    assert len(rid) == 16 and all(c in "0123456789abcdef" for c in rid)
    assert report_id("http://example.gov.cn/a/b.html?x=1&y=2") == rid
    assert report_id("http://example.gov.cn/a/b.html?y=2&x=1") == rid
    assert report_id("http://example.gov.cn/a/b.html?x=1&y=2#top") == rid
    assert report_id("http://EXAMPLE.gov.cn:80/a/b.html?x=1&y=2") == rid
    assert report_id("https://example.gov.cn:443/a.html") == report_id("https://example.gov.cn/a.html")
    assert report_id("http://example.gov.cn:8080/a/b.html?x=1&y=2") != rid
    assert report_id("http://example.gov.cn/a/c.html?x=1&y=2") != rid


def test_crawl_run_lifecycle(db):
    run = start_crawl_run(db, sites=["fuxin-swj", "fuxin-mzj"], args={"max_pages": 10})
    row = db["crawl_runs"].get(run)
    assert row["status"] == "running" and row["finished_at"] is None
    assert row["sites"] == '["fuxin-swj", "fuxin-mzj"]' and row["args"] == '{"max_pages": 10}'
    assert row["started_at"].endswith("+00:00")
    stats = {"downloader/request_count": 12, "item_scraped_count": 5, "reports": 4,
             "log_count/ERROR": 1, "downloader/response_bytes": 9000, "finish_reason": "finished"}
    finish_crawl_run(db, run, stats=stats, status="finished")
    row = db["crawl_runs"].get(run)
    assert (row["requests"], row["items"], row["reports"], row["errors"], row["bytes"]) == (
        12, 5, 4, 1, 9000)
    assert row["status"] == "finished" and row["finish_reason"] == "finished"
    assert row["finished_at"].endswith("+00:00") and '"item_scraped_count": 5' in row["stats"]
    with pytest.raises(ValueError):
        finish_crawl_run(db, run, stats={}, status="done")


def test_finish_crawl_run_with_nested_scrapy_stats(db):
    run = start_crawl_run(db, sites=[], args={})
    finish_crawl_run(db, run, status="interrupted", stats={
        "requests": 3, "items": 2, "reports": 2, "errors": 0, "bytes": 10,
        "finish_reason": "shutdown", "stats": {"downloader/request_count": 3}})
    row = db["crawl_runs"].get(run)
    assert (row["status"], row["finish_reason"], row["errors"]) == ("interrupted", "shutdown", 0)
    assert row["stats"] == '{"downloader/request_count": 3}'


def test_close_abandoned_runs(db):
    killed = start_crawl_run(db, sites=[], args={})
    done = start_crawl_run(db, sites=[], args={})
    finish_crawl_run(db, done, stats={}, status="finished")
    assert close_abandoned_runs(db, at="2024-02-01T00:00:00+00:00") == 1
    row = db["crawl_runs"].get(killed)
    assert (row["status"], row["finish_reason"], row["finished_at"]) == (
        "interrupted", "abandoned", "2024-02-01T00:00:00+00:00")
    assert db["crawl_runs"].get(done)["status"] == "finished"
    assert close_abandoned_runs(db) == 0


def test_crawl_error_stored(db):
    run = start_crawl_run(db, sites=["fuxin-swj"], args={})
    save_crawl_error(db, crawl_run_id=run, url="http://x.gov.cn/a", kind="http", reason="HTTP 500",
                     status=500, site_id="fuxin-swj", referer="http://x.gov.cn/")
    save_crawl_error(db, crawl_run_id=run, url="http://x.gov.cn/b", kind="weird", reason="boom")
    rows = list(db["crawl_errors"].rows)
    assert rows[0] | {"occurred_at": None} == {
        "id": 1, "crawl_run_id": run, "site_id": "fuxin-swj", "url": "http://x.gov.cn/a",
        "status": 500, "kind": "http", "reason": "HTTP 500", "referer": "http://x.gov.cn/",
        "occurred_at": None}
    assert rows[0]["occurred_at"].endswith("+00:00")
    assert (rows[1]["kind"], rows[1]["reason"]) == ("other", "[weird] boom")


def test_fts_row_kept_in_sync(db):
    rid = save_report(db, RECORD, fetch=fetch())
    other = save_report(db, {**RECORD, "url": "http://x.gov.cn/mzj.html", "title": "民政局通知",
                             "body": "通知全文", "attachments": []}, fetch=fetch())
    assert db.execute("select count(*) from reports_fts").fetchone()[0] == 2
    assert [r["id"] for r in search_reports(db, "商务")] == [rid]
    assert [r["id"] for r in search_reports(db, "复议")] == [rid]
    save_report(db, {**RECORD, "body": "本年度未收到申请。"}, fetch=fetch())
    assert db.execute("select count(*) from reports_fts").fetchone()[0] == 2
    assert search_reports(db, "复议") == []
    assert [r["id"] for r in search_reports(db, "通知")] == [other]
    fts_rowids = {r[0] for r in db.execute("select rowid from reports_fts")}
    assert fts_rowids == {r[0] for r in db.execute("select rowid from reports")}


def test_save_report_is_atomic(db, monkeypatch):
    import xxgk.archive.store as store

    def boom(*args, **kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(store, "segment_for_index", boom)
    with pytest.raises(RuntimeError):
        save_report(db, RECORD, fetch=fetch())
    assert db["reports"].count == 0 and db["attachments"].count == 0


# The archive shape before "Keep every version" (archive/store.py at 0950ee5)
OLD_TABLES = {
    "sites": (EXPECTED_COLUMNS["sites"], "slug", []),
    "crawl_runs": (EXPECTED_COLUMNS["crawl_runs"], "id", []),
    "reports": (dict(list(EXPECTED_COLUMNS["reports"].items())[:28]), "id",
                [("site_id", "sites", "slug"), ("crawl_run_id", "crawl_runs", "id")]),
    "attachments": ({"id": str, "report_id": str, "url": str, "text": str, "ext": str}, "id",
                    [("report_id", "reports", "id")]),
    "crawl_errors": (EXPECTED_COLUMNS["crawl_errors"], "id",
                     [("crawl_run_id", "crawl_runs", "id"), ("site_id", "sites", "slug")]),
}


def old_archive():
    """An archive written by the previous code: one report with an attachment, 2-column FTS."""
    from xxgk.archive.search import segment_for_index

    database = sqlite_utils.Database(memory=True)
    for name, (columns, pk, fks) in OLD_TABLES.items():
        database[name].create(columns, pk=pk, foreign_keys=fks)
    database.execute("CREATE VIRTUAL TABLE IF NOT EXISTS [reports_fts] USING FTS5 ([title], [body])")
    database["sites"].insert({"slug": "fuxin-swj", "agency": "阜新市商务局"})
    database["crawl_runs"].insert({"id": 1, "started_at": "2024-02-01T00:00:00+00:00",
                                   "status": "finished"})
    rid = report_id(RECORD["url"])
    database["reports"].insert({
        "id": rid, "url": RECORD["url"], "site_id": "fuxin-swj", "title": RECORD["title"],
        "published": "2024-01-20", "report_year": 2023, "agency": RECORD["agency"],
        "source": RECORD["source"], "editor": RECORD["editor"], "views": 334, "is_report": 1,
        "body": RECORD["body"], "raw": '{"views": "浏览次数：334"}', "platform": "fuxin",
        "encoding": "utf-8", "http_status": 200, "fetched_at": "2024-02-01T08:00:00+08:00",
        "sha256": "ab" * 32, "crawl_run_id": 1, "first_seen": "2024-01-25T08:00:00+08:00",
        "last_seen": "2024-02-01T08:00:00+08:00"})
    for attachment in RECORD["attachments"]:
        database["attachments"].insert({"id": attachment_id(rid, attachment["url"]),
                                        "report_id": rid, "url": attachment["url"],
                                        "text": attachment["text"]})
    database.execute("INSERT INTO reports_fts (rowid, title, body) VALUES (1, ?, ?)",
                     [segment_for_index(RECORD["title"]), segment_for_index(RECORD["body"])])
    return database, rid


def shape(database):
    return {t: (database[t].columns_dict, sorted(database[t].foreign_keys), database[t].pks)
            for t in database.table_names() if not t.startswith("reports_fts")}


def test_migration_from_the_previous_archive(db):
    old, rid = old_archive()
    ensure_db_shape(old)
    assert shape(old) == shape(db)
    for table, columns in EXPECTED_COLUMNS.items():
        assert list(old[table].columns_dict) == list(columns), table
    assert list(old["reports_fts"].columns_dict) == ["title", "body", "attachments"]
    assert [r["id"] for r in search_reports(old, "复议")] == [rid]
    assert sorted(old.execute("select name from sqlite_master where type = 'view'").fetchall()) == [
        ("report_audit_summary",), ("report_stats_wide",), ("site_status",)]
    # version 1 rebuilt from the row, so re-crawling the unchanged page adds nothing
    [version] = old.query("select * from report_versions")
    assert (version["version"], version["crawl_run_id"], version["fetched_at"],
            version["raw_gz"]) == (1, 1, "2024-02-01T08:00:00+08:00", None)
    assert version["content_hash"] == content_hash(RECORD)
    assert [(e["kind"], e["at"], e["reason"], e["version"]) for e in old.query(
        "select * from report_events")] == [("new", "2024-01-25T08:00:00+08:00", "migrated", 1)]
    assert [(v["crawl_run_id"], v["views"]) for v in old["report_views"].rows] == [(1, 334)]
    row = old["reports"].get(rid)
    assert (row["latest_version_id"], row["version_count"], row["last_changed"]) == (
        1, 1, "2024-02-01T08:00:00+08:00")
    save_report(old, RECORD, fetch=fetch(crawl_run_id=1, fetched_at="2024-03-01T08:00:00+08:00"))
    assert old["report_versions"].count == 1 and old["report_events"].count == 1
    assert [r["id"] for r in search_reports(old, "复议")] == [rid]
    before = old.execute("select type, name, sql from sqlite_master order by name").fetchall()
    ensure_db_shape(old)
    assert old.execute("select type, name, sql from sqlite_master order by name").fetchall() == before


def test_search_index_is_rebuilt_when_the_dictionary_changes(db, monkeypatch):
    import xxgk.archive.schema as schema

    ensure_db_shape(db)
    save_report(db, {"url": "http://www.example.gov.cn/x.html", "title": "行政复议情况",
                     "body": "", "is_report": True}, fetch={})
    db.execute("DELETE FROM reports_fts")  # as if segmented with another dictionary
    monkeypatch.setattr(schema, "dictionary_fingerprint", lambda: "another-dictionary")
    ensure_db_shape(db)
    assert [r["title"] for r in search_reports(db, "复议")] == ["行政复议情况"]
    ensure_db_shape(db)  # same fingerprint: nothing to do
    assert db.execute("select value from search_index_state").fetchone()[0] == "another-dictionary"
