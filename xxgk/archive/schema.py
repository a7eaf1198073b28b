"""The archive's shape: tables, indexes, the FTS table and views, and the one idempotent
``ensure_db_shape(db)`` that creates them or migrates an older archive to them.

Migrations only ever add: missing tables, columns (``ALTER TABLE … ADD COLUMN``, foreign keys
included, so no table is rebuilt and every rowid stays), indexes and views. Two steps need more:

* ``reports_fts`` gained the ``attachments`` column; FTS5 tables cannot be altered, so an FTS
  table with other columns is dropped, recreated and refilled from ``reports`` (re-segmenting every
  report once, about 1 ms each).
* reports saved before versioning get version 1 rebuilt from their row (``history.backfill_versions``),
  so that the next crawl of an unchanged page adds no version.
"""
from __future__ import annotations

from sqlite_utils.db import COLUMN_TYPE_MAPPING

from xxgk.archive.db import ensure_object, transaction
from xxgk.archive.changes import ensure_change_tracking
from xxgk.archive.history import backfill_versions
from xxgk.archive.search import dictionary_fingerprint, segment_for_index
from xxgk.archive.audit import ensure_audit_shape
from xxgk.archive.indicators import ensure_indicators_shape, refresh_indicators
from xxgk.archive.stats import ensure_stats_shape

# table -> (columns in order, pk, foreign keys). Referenced tables come first where possible;
# a column whose referenced table does not exist yet is added once it does (reports ->
# report_versions is circular), so a new archive and a migrated one end with the same columns.
TABLES = {
    "sites": (
        {"slug": str, "agency": str, "region": str, "region_code": str, "homepage": str,
         "columns": str, "platform": str, "fixture": int, "verified": int, "notes": str},
        "slug", [],
    ),
    "crawl_runs": (
        {"id": int, "started_at": str, "finished_at": str, "sites": str, "args": str,
         "requests": int, "items": int, "reports": int, "errors": int, "bytes": int,
         "status": str, "finish_reason": str, "stats": str},
        "id", [],
    ),
    "reports": (
        {"id": str, "url": str, "canonical_url": str, "site_id": str, "title": str,
         "published": str, "report_year": int, "agency": str, "source": str, "editor": str,
         "views": int, "is_report": int, "region": str, "region_code": str, "body": str,
         "attachment_count": int, "platform": str, "counter_url": str, "encoding": str,
         "raw": str, "http_status": int, "fetched_at": str, "sha256": str,
         "content_type": str, "size": int, "crawl_run_id": int, "first_seen": str,
         "last_seen": str,
         # since "Keep every version"
         "latest_version_id": int, "version_count": int, "last_changed": str,
         "removed_at": str, "removed_reason": str, "etag": str, "last_modified": str,
         "attachment_text": str,
         # since "A house that grows"
         "extractor": str},
        "id", [("site_id", "sites", "slug"), ("crawl_run_id", "crawl_runs", "id"),
               ("latest_version_id", "report_versions", "id")],
    ),
    "report_versions": (
        {"id": int, "report_id": str, "version": int, "crawl_run_id": int, "fetched_at": str,
         "http_status": int, "sha256": str, "content_hash": str, "raw_gz": bytes, "record": str,
         "body": str, "etag": str, "last_modified": str, "warc_file": str, "warc_offset": int,
         "extractor": str,
         # since issue 14: the WARC record a version was read from (a crawl's own, or a
         # capture imported with ``xxgk import-warc``), the software that captured it, and the
         # proxy the fetch went through (its URL without credentials)
         "warc_record_id": str, "captured_by": str, "proxy": str},
        "id", [("report_id", "reports", "id"), ("crawl_run_id", "crawl_runs", "id")],
    ),
    "report_events": (
        {"id": int, "report_id": str, "crawl_run_id": int, "at": str, "kind": str,
         "reason": str, "version": int},
        "id", [("report_id", "reports", "id"), ("crawl_run_id", "crawl_runs", "id")],
    ),
    "report_views": (
        {"report_id": str, "crawl_run_id": int, "observed_at": str, "views": int, "origin": str},
        ("report_id", "crawl_run_id"),
        [("report_id", "reports", "id"), ("crawl_run_id", "crawl_runs", "id")],
    ),
    "attachment_files": (
        {"sha256": str, "mime": str, "size": int, "path": str, "text": str, "text_status": str,
         "text_reason": str, "pages": int, "first_seen": str,
         # since "A house that grows": the attachment reader that read ``text``
         "reader": str,
         # since "Right on real reports": how it was read, and its tables read as tables
         # (JSON {"tables": [[[cell…]…]…], "confidences": … (OCR)}), parsed for statistics
         "method": str, "tables": str},
        "sha256", [],
    ),
    "attachments": (
        {"id": str, "report_id": str, "url": str, "text": str, "ext": str,
         "sha256": str, "status": str, "error": str,
         # since issue 10: NULL for a linked file, "page_image" for a picture that is a page
         # of an image-only report (the record's page_images)
         "role": str},
        "id", [("report_id", "reports", "id"), ("sha256", "attachment_files", "sha256")],
    ),
    "report_aliases": (
        {"canonical_url": str, "url": str, "report_id": str, "site_id": str, "first_seen": str,
         "last_seen": str, "crawl_run_id": int},
        "canonical_url", [("report_id", "reports", "id"), ("site_id", "sites", "slug"),
                          ("crawl_run_id", "crawl_runs", "id")],
    ),
    # since issue 14: every record of a capture imported with ``xxgk import-warc`` and what
    # became of it (archive/captures.py): used as a listing, report, attachment or redirect, or
    # skipped with the reason; a record already here is never imported again
    "capture_records": (
        {"record_id": str, "file": str, "uri": str, "record_type": str, "http_status": int,
         "content_type": str, "captured_at": str, "software": str, "crawl_run_id": int,
         "outcome": str, "reason": str, "report_id": str},
        "record_id", [("crawl_run_id", "crawl_runs", "id")],
    ),
    "crawl_errors": (
        {"id": int, "crawl_run_id": int, "site_id": str, "url": str, "status": int,
         "kind": str, "reason": str, "referer": str, "occurred_at": str},
        "id", [("crawl_run_id", "crawl_runs", "id"), ("site_id", "sites", "slug")],
    ),
    "site_health": (
        {"crawl_run_id": int, "site_id": str, "items": int, "reports": int, "new_reports": int,
         "valid_date_rate": float, "valid_title_rate": float, "errors": int,
         "errors_by_kind": str, "last_new_report_at": str, "usual_cycle_days": float,
         "flags": str, "flagged": int, "computed_at": str},
        ("crawl_run_id", "site_id"),
        [("crawl_run_id", "crawl_runs", "id"), ("site_id", "sites", "slug")],
    ),
    # since issue 12: agencies as entities, rebuilt from reports and sites (archive/agencies.py)
    "agencies": (
        {"id": str, "name": str, "aliases": str, "level": str, "government_level": str,
         "region": str, "region_code": str, "parent_id": str, "sites": str, "columns": str,
         "first_report_year": int, "last_report_year": int},
        "id", [],
    ),
    "report_agencies": (
        {"report_id": str, "agency_id": str},
        "report_id", [("report_id", "reports", "id"), ("agency_id", "agencies", "id")],
    ),
}
INDEXES = {  # table -> [(columns, unique)]
    "reports": [(["site_id"], False), (["region_code"], False), (["report_year"], False),
                (["source"], False), (["published"], False), (["is_report"], False),
                (["crawl_run_id"], False),
                (["site_id", "is_report"], False)],  # a site's reports (health, per site)
    "report_versions": [(["report_id", "version"], True), (["content_hash"], False),
                        (["warc_record_id"], False)],
    "report_aliases": [(["report_id"], False)],
    "report_events": [(["report_id"], False), (["crawl_run_id"], False)],
    "report_views": [(["crawl_run_id"], False)],
    "attachments": [(["report_id"], False), (["sha256"], False), (["url"], False)],
    "crawl_errors": [(["crawl_run_id"], False)],
    "capture_records": [(["crawl_run_id"], False), (["uri"], False)],
    "site_health": [(["site_id"], False)],
    "report_agencies": [(["agency_id"], False)],
}
# Standalone FTS5 table of jieba-segmented text; rowid = reports.rowid (see archive/search.py)
FTS_COLUMNS = ["title", "body", "attachments"]
FTS_SQL = "CREATE VIRTUAL TABLE [reports_fts] USING FTS5 ([title], [body], [attachments])"
VIEWS = {
    # the latest health row of each site, for `xxgk status` and Datasette
    "site_status": """CREATE VIEW [site_status] AS
SELECT sites.slug, sites.agency, h.crawl_run_id AS last_run_id,
       crawl_runs.started_at AS last_run_at, crawl_runs.status AS last_run_status,
       h.items, h.reports, h.new_reports, h.valid_date_rate, h.valid_title_rate, h.errors,
       h.errors_by_kind, h.last_new_report_at, h.usual_cycle_days, h.flags, h.flagged
FROM site_health AS h
JOIN sites ON sites.slug = h.site_id
LEFT JOIN crawl_runs ON crawl_runs.id = h.crawl_run_id
WHERE h.crawl_run_id = (SELECT max(crawl_run_id) FROM site_health WHERE site_id = h.site_id)
ORDER BY h.flagged DESC, sites.slug""",
}


def ensure_db_shape(db) -> None:
    """Create (or complete) every table, index, the FTS table and the views; migrate an older
    archive. Safe to call on every open: a second call changes nothing."""
    for name, (columns, pk, foreign_keys) in TABLES.items():
        if not db[name].exists():
            _create(db, name, columns, pk, foreign_keys)
    for name, (columns, _pk, foreign_keys) in TABLES.items():
        _add_missing_columns(db, name, columns, foreign_keys)
    for name, indexes in INDEXES.items():
        for columns, unique in indexes:
            db[name].create_index(columns, unique=unique, if_not_exists=True)
    _ensure_fts(db)
    for name, sql in VIEWS.items():
        ensure_object(db, "view", name, sql)
    ensure_stats_shape(db)  # report_stats, report_stat_checks, report_stats_wide
    if ensure_indicators_shape(db):  # report_indicators, indicator_continuity: a new shape
        refresh_indicators(db)  # is filled at once from the stored cells
    ensure_audit_shape(db)  # report_audit, report_audit_summary
    ensure_change_tracking(db)  # derived_dirty: what the next derived refresh rebuilds
    if db.execute("SELECT 1 FROM reports WHERE latest_version_id IS NULL LIMIT 1").fetchone():
        with transaction(db):
            backfill_versions(db)


def _create(db, name, columns, pk, foreign_keys) -> None:
    """Create with the leading columns whose referenced tables exist; the rest are added later."""
    pending = {c for c, other, _ in foreign_keys if other != name and not db[other].exists()}
    initial = {}
    for column, type_ in columns.items():
        if column in pending:
            break
        initial[column] = type_
    db[name].create(initial, pk=pk,
                    foreign_keys=[fk for fk in foreign_keys if fk[0] in initial])


def _add_missing_columns(db, name, columns, foreign_keys) -> None:
    references = {c: (other, other_column) for c, other, other_column in foreign_keys}
    existing = db[name].columns_dict
    for column, type_ in columns.items():
        if column in existing:
            continue
        sql = f'ALTER TABLE "{name}" ADD COLUMN "{column}" {COLUMN_TYPE_MAPPING[type_]}'
        if column in references:
            sql += ' REFERENCES "{}"("{}")'.format(*references[column])
        db.execute(sql)


def _ensure_fts(db) -> None:
    """The search index exists with the current columns and was segmented with the current
    dictionary (user dictionary, registry names, index format); otherwise it is rebuilt, so index
    and queries never segment differently."""
    fingerprint = dictionary_fingerprint()
    db.execute("CREATE TABLE IF NOT EXISTS search_index_state (key TEXT PRIMARY KEY, value TEXT)")
    table = db["reports_fts"]
    current = table.exists() and list(table.columns_dict) == FTS_COLUMNS
    stored = db.execute("SELECT value FROM search_index_state WHERE key = 'fingerprint'").fetchone()
    if current and stored and stored[0] == fingerprint:
        return
    with transaction(db):
        if current:
            db.execute("DELETE FROM reports_fts")
        else:
            db.execute("DROP TABLE IF EXISTS [reports_fts]")
            db.execute(FTS_SQL)
        fill_search_index(db)
        db.execute("INSERT OR REPLACE INTO search_index_state (key, value) "
                   "VALUES ('fingerprint', ?)", [fingerprint])


def fts_row(title, body, attachment_text) -> list[str]:
    """The segmented FTS values of one report (title, body, attachment texts)."""
    return [segment_for_index(title), segment_for_index(body), segment_for_index(attachment_text)]


def fill_search_index(db) -> int:
    """Segment every report into an empty ``reports_fts``. Returns the row count."""
    rows = db.execute("SELECT rowid, title, body, attachment_text FROM reports").fetchall()
    db.conn.executemany(
        "INSERT INTO reports_fts (rowid, title, body, attachments) VALUES (?, ?, ?, ?)",
        ((r[0], *fts_row(r[1], r[2], r[3])) for r in rows))
    return len(rows)
