"""Records -> SQLite, the sqlite-utils way: one ``ensure_db_shape`` plus ``save_*`` functions.

Never imports Scrapy. Every ``save_*`` call is one transaction, so a killed crawler never leaves
half a report (a report without its attachments or its search-index row). If the caller already
holds a transaction (e.g. to batch many saves), the writes join it instead.
"""
from __future__ import annotations

import hashlib
import json
import posixpath
from contextlib import contextmanager
from datetime import datetime, timezone
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import sqlite_utils
from w3lib.url import canonicalize_url

from archive.search import segment_for_index

ERROR_KINDS = {"http", "timeout", "dns", "connection", "robots", "too_large", "not_html", "parse", "other"}
RUN_STATUSES = {"running", "finished", "failed", "interrupted"}

# table -> (columns in order, pk, foreign keys)
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
         "last_seen": str},
        "id", [("site_id", "sites", "slug"), ("crawl_run_id", "crawl_runs", "id")],
    ),
    "attachments": (
        {"id": str, "report_id": str, "url": str, "text": str, "ext": str},
        "id", [("report_id", "reports", "id")],
    ),
    "crawl_errors": (
        {"id": int, "crawl_run_id": int, "site_id": str, "url": str, "status": int,
         "kind": str, "reason": str, "referer": str, "occurred_at": str},
        "id", [("crawl_run_id", "crawl_runs", "id"), ("site_id", "sites", "slug")],
    ),
}
INDEXES = {
    "reports": [["site_id"], ["region_code"], ["report_year"], ["source"], ["published"],
                ["is_report"]],
    "attachments": [["report_id"]],
    "crawl_errors": [["crawl_run_id"]],
}
# Standalone FTS5 table of jieba-segmented text; rowid = reports.rowid (see archive/search.py)
FTS_SQL = "CREATE VIRTUAL TABLE IF NOT EXISTS [reports_fts] USING FTS5 ([title], [body])"


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Create (or complete) every table, index and the FTS table. Safe to call on every open."""
    for name, (columns, pk, foreign_keys) in TABLES.items():
        table = db[name]
        if not table.exists():
            table.create(columns, pk=pk, foreign_keys=foreign_keys)
        else:  # migration: add columns introduced since the file was created
            for column, type_ in columns.items():
                if column not in table.columns_dict:
                    table.add_column(column, type_)
    for name, indexes in INDEXES.items():
        for columns in indexes:
            db[name].create_index(columns, if_not_exists=True)
    db.execute(FTS_SQL)


def now() -> str:
    """The current time, timezone-aware ISO 8601 (UTC)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def _transaction(db):
    conn = db.conn
    if conn.in_transaction:  # the caller batches several saves: join its transaction
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _upsert(db, table: str, row: dict, pk: str, keep: tuple = ()) -> None:
    """Insert ``row`` or update it in place (the rowid, and the ``keep`` columns, stay)."""
    columns = list(row)
    updates = [c for c in columns if c != pk and c not in keep]
    sql = "INSERT INTO [{t}] ({cols}) VALUES ({vals}) ON CONFLICT([{pk}]) DO {action}".format(
        t=table,
        cols=", ".join(f"[{c}]" for c in columns),
        vals=", ".join(f":{c}" for c in columns),
        pk=pk,
        action="UPDATE SET " + ", ".join(f"[{c}] = excluded.[{c}]" for c in updates)
        if updates else "NOTHING",
    )
    db.execute(sql, row)


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _bool(value) -> int | None:
    return None if value is None else int(bool(value))


def canonical_url(url: str) -> str:
    """w3lib's canonical form (sorted query, normalised escapes, no fragment), minus default ports."""
    canon = canonicalize_url(url, keep_fragments=False)
    parts = urlsplit(canon)
    default_port = {"http": 80, "https": 443}.get(parts.scheme)
    if parts.port is not None and parts.port == default_port:
        parts = parts._replace(netloc=parts.netloc.rsplit(":", 1)[0])
    return urlunsplit(parts)


def report_id(url: str) -> str:
    """Deterministic report id: first 16 hex digits of sha1(canonical URL)."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def attachment_id(report_id_: str, url: str) -> str:
    return hashlib.sha1((report_id_ + url).encode("utf-8")).hexdigest()[:16]


def attachment_ext(url: str) -> str | None:
    """File type of an attachment link: from ``filename=``-style query values, else the path."""
    parts = urlsplit(url)
    candidates = [v for k, v in parse_qsl(parts.query) if k.lower() in {"filename", "file", "name", "fn"}]
    candidates.append(unquote(parts.path))
    for candidate in candidates:
        ext = posixpath.splitext(candidate.rstrip("/"))[1].lstrip(".").lower()
        if ext and ext.isalnum() and len(ext) <= 5:
            return ext
    return None


def save_site(db, site: dict) -> None:
    """A registry entry -> its ``sites`` row (replaced in place on re-save)."""
    row = {
        "slug": site["slug"],
        "agency": site.get("agency"),
        "region": site.get("region"),
        "region_code": None if site.get("region_code") is None else str(site["region_code"]),
        "homepage": site.get("homepage"),
        "columns": _json(site.get("columns") or []),
        "platform": site.get("platform"),
        "fixture": _bool(site.get("fixture", False)),
        "verified": _bool(site.get("verified", False)),
        "notes": site.get("notes"),
    }
    with _transaction(db):
        _upsert(db, "sites", row, "slug")


def start_crawl_run(db, *, sites: list[str], args: dict) -> int:
    """Record the start of a crawl; returns the new ``crawl_runs.id``."""
    with _transaction(db):
        cursor = db.execute(
            "INSERT INTO crawl_runs (started_at, sites, args, status) VALUES (?, ?, ?, 'running')",
            [now(), _json(list(sites)), _json(args)],
        )
        return cursor.lastrowid


def finish_crawl_run(db, run_id: int, *, stats: dict, status: str) -> None:
    """Record the end of a crawl. ``stats`` may use our keys (requests, items, reports, errors,
    bytes) or Scrapy's own (downloader/request_count, item_scraped_count, …). The full Scrapy
    stats go to the ``stats`` column: ``stats["stats"]`` if the caller nested them there, else
    ``stats`` itself."""
    if status not in RUN_STATUSES:
        raise ValueError(f"crawl run status must be one of {sorted(RUN_STATUSES)}, not {status!r}")

    def pick(*keys):
        return next((stats[k] for k in keys if stats.get(k) is not None), None)

    row = {
        "id": run_id,
        "finished_at": now(),
        "requests": pick("requests", "downloader/request_count"),
        "items": pick("items", "item_scraped_count"),
        "reports": pick("reports"),
        "errors": pick("errors", "log_count/ERROR"),
        "bytes": pick("bytes", "downloader/response_bytes"),
        "status": status,
        "finish_reason": pick("finish_reason") or status,
        "stats": _json(stats["stats"] if isinstance(stats.get("stats"), dict) else stats),
    }
    with _transaction(db):
        db.execute(
            "UPDATE crawl_runs SET " + ", ".join(f"[{c}] = :{c}" for c in row if c != "id")
            + " WHERE id = :id",
            row,
        )


def save_crawl_error(db, *, crawl_run_id, url, kind, reason, status=None, site_id=None,
                     referer=None) -> None:
    """One failed request. An unknown ``kind`` is stored as ``other`` (its name kept in reason)."""
    if kind not in ERROR_KINDS:
        reason, kind = f"[{kind}] {reason}", "other"
    with _transaction(db):
        db.execute(
            "INSERT INTO crawl_errors (crawl_run_id, site_id, url, status, kind, reason, referer,"
            " occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [crawl_run_id, site_id, url, status, kind, reason, referer, now()],
        )


def _report_row(db, record: dict, fetch: dict) -> dict:
    site_id = fetch.get("site_id")
    site = db.execute("SELECT region, region_code FROM sites WHERE slug = ?", [site_id]).fetchone()
    seen = fetch.get("fetched_at") or now()
    return {
        "id": report_id(record["url"]),
        "url": record["url"],
        "canonical_url": canonical_url(record["url"]),
        "site_id": site_id,
        "title": record.get("title"),
        "published": record.get("published"),
        "report_year": record.get("report_year"),
        "agency": record.get("agency"),
        "source": record.get("source"),
        "editor": record.get("editor"),
        "views": record.get("views"),
        "is_report": _bool(record.get("is_report", False)),
        "region": site[0] if site else None,
        "region_code": site[1] if site else None,
        "body": record.get("body"),
        "attachment_count": len(record.get("attachments") or []),
        "platform": record.get("platform"),
        "counter_url": record.get("counter_url"),
        "encoding": record.get("encoding"),
        "raw": _json(record.get("raw") or {}),
        "http_status": fetch.get("http_status"),
        "fetched_at": seen,
        "sha256": fetch.get("sha256"),
        "content_type": fetch.get("content_type"),
        "size": fetch.get("size"),
        "crawl_run_id": fetch.get("crawl_run_id"),
        "first_seen": seen,
        "last_seen": seen,
    }


def save_report(db, record: dict, *, fetch: dict) -> str:
    """Save an extracted report with its provenance, attachments and search-index row.

    Re-saving updates the row in place (same id, same rowid, ``first_seen`` kept) and replaces
    the attachment set. Returns the report id.
    """
    row = _report_row(db, record, fetch)
    rid = row["id"]
    attachments = {}
    for attachment in record.get("attachments") or []:
        aid = attachment_id(rid, attachment["url"])
        attachments[aid] = {"id": aid, "report_id": rid, "url": attachment["url"],
                            "text": attachment.get("text"), "ext": attachment_ext(attachment["url"])}
    with _transaction(db):
        old = db.execute("SELECT title, body FROM reports WHERE id = ?", [rid]).fetchone()
        _upsert(db, "reports", row, "id", keep=("first_seen",))
        db.execute(
            "DELETE FROM attachments WHERE report_id = ? AND id NOT IN (SELECT value FROM json_each(?))",
            [rid, json.dumps(list(attachments))],
        )
        for attachment in attachments.values():
            _upsert(db, "attachments", attachment, "id")
        _sync_fts(db, rid, row, changed=old is None or tuple(old) != (row["title"], row["body"]))
    return rid


def _sync_fts(db, rid: str, row: dict, *, changed: bool) -> None:
    rowid = db.execute("SELECT rowid FROM reports WHERE id = ?", [rid]).fetchone()[0]
    if not changed and db.execute("SELECT 1 FROM reports_fts WHERE rowid = ?", [rowid]).fetchone():
        return  # same title and body: the segmented text would be identical
    db.execute("DELETE FROM reports_fts WHERE rowid = ?", [rowid])
    db.execute(
        "INSERT INTO reports_fts (rowid, title, body) VALUES (?, ?, ?)",
        [rowid, segment_for_index(row["title"]), segment_for_index(row["body"])],
    )


def rebuild_search_index(db) -> int:
    """Re-segment every report into ``reports_fts`` (after a dictionary change, or a VACUUM,
    which may renumber the rowids of a table with a text primary key). Returns the row count."""
    with _transaction(db):
        db.execute("DELETE FROM reports_fts")
        rows = db.execute("SELECT rowid, title, body FROM reports").fetchall()
        db.conn.executemany(
            "INSERT INTO reports_fts (rowid, title, body) VALUES (?, ?, ?)",
            ((r[0], segment_for_index(r[1]), segment_for_index(r[2])) for r in rows),
        )
    return len(rows)
