"""Records -> SQLite, the sqlite-utils way: one ``ensure_db_shape`` plus ``save_*`` functions.

Never imports Scrapy. Every ``save_*`` call is one transaction, so a killed crawler never leaves
half a report (a report without its attachments, versions or search-index row). If the caller
already holds a transaction (e.g. to batch many saves), the writes join it instead.

Schema: archive/schema.py. Versions, removals, view counts: archive/history.py. Crawl-run
health: archive/health.py. Attachment files on disk: archive/blobs.py.
"""
from __future__ import annotations

import json

from xxgk.archive.db import now, to_bool as _bool, to_json as _json, transaction as _transaction
from xxgk.archive.db import upsert as _upsert
from xxgk.archive import aliases
from xxgk.archive.aliases import alias_keys, resolve_report_id  # noqa: F401  (re-exported)
from xxgk.archive.history import (  # noqa: F401  (re-exported: the crawler's one import)
    content_hash, known_reports, mark_not_modified, mark_removed, read_raw, record_fetch,
    version_record,
)
from xxgk.archive.ids import (attachment_ext, attachment_id, canonical_url, report_id,  # noqa: F401
                         url_key)
from xxgk.archive.schema import ensure_db_shape, fill_search_index  # noqa: F401
from xxgk.archive.search import segment_for_index
from xxgk.archive import stats as _stats
from xxgk.extract.model import Report, as_report, column_fields

ERROR_KINDS = {"http", "timeout", "dns", "connection", "robots", "too_large", "not_html", "parse",
               "offsite", "redirect", "bad_link", "limit", "callback", "archive", "not_captured",
               "other"}
RUN_STATUSES = {"running", "finished", "failed", "interrupted"}
ATTACHMENT_STATUSES = {"pending", "downloaded", "failed", "too_large"}
TEXT_STATUSES = {"ok", "empty", "unsupported", "error", "too_large"}


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


def close_abandoned_runs(db, *, at: str | None = None) -> int:
    """Runs still "running" when a new crawl holds the archive's lock died without finishing
    (killed, power cut): mark them interrupted (finish_reason "abandoned"). Returns how many."""
    with _transaction(db):
        cursor = db.execute(
            "UPDATE crawl_runs SET status = 'interrupted', finish_reason = 'abandoned',"
            " finished_at = coalesce(finished_at, ?) WHERE status = 'running'", [at or now()])
        return cursor.rowcount


def save_capture_record(db, *, crawl_run_id: int, **row) -> bool:
    """One record of an imported capture and its outcome. A record already listed keeps its
    outcome, unless it was skipped and is now used (importing a file twice changes nothing;
    importing it with ``--site`` can use what was skipped). True when the row was written."""
    row = {**row, "crawl_run_id": crawl_run_id}
    updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != "record_id")
    cursor = db.execute(
        f"INSERT INTO capture_records ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"
        f" ON CONFLICT (record_id) DO UPDATE SET {updates} WHERE capture_records.outcome ="
        " 'skipped' AND excluded.outcome NOT IN ('skipped', 'already imported')",
        list(row.values()))
    return cursor.rowcount > 0


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


def _report_row(db, report: Report, fetch: dict) -> dict:
    site_id = fetch.get("site_id")
    site = db.execute("SELECT region, region_code FROM sites WHERE slug = ?", [site_id]).fetchone()
    seen = fetch.get("fetched_at") or now()
    row = {
        "id": report_id(report.url),
        "canonical_url": url_key(report.url),
        "site_id": site_id,
        **{name: getattr(report, name) for name in column_fields()},  # the record's own columns
        "region": site[0] if site else None,
        "region_code": site[1] if site else None,
        "attachment_count": len(report.attachments or []),
        "http_status": fetch.get("http_status"),
        "fetched_at": seen,
        "sha256": fetch.get("sha256"),
        "content_type": fetch.get("content_type"),
        "size": fetch.get("size"),
        "crawl_run_id": fetch.get("crawl_run_id"),
        "first_seen": seen,
        "last_seen": seen,
    }
    row.update(is_report=_bool(report.is_report), raw=_json(report.raw or {}))
    if fetch.get("http_status") in (None, 200):  # validators of the latest 200 fetch
        row.update(etag=fetch.get("etag"), last_modified=fetch.get("last_modified"))
    return row


def save_report(db, record: Report | dict, *, fetch: dict) -> str:
    """Save an extracted report with its provenance, attachments, version history and
    search-index row.

    Re-saving updates the row in place (same id, same rowid, ``first_seen`` kept) and replaces
    the attachment set. A version is added only when the content changed (``history``); a
    report marked removed is restored. ``fetch`` keys: url, fetched_at, http_status, sha256,
    crawl_run_id, site_id, content_type, size, and optionally body_bytes (raw response bytes,
    kept gzipped in the version), etag, last_modified, warc_file, warc_offset, warc_record_id,
    captured_by (the capturing software of an imported capture), proxy.
    ``record``: a ``Report``, or its dict (stored in the version as given, less its statistics).
    Returns the report id.
    """
    report = as_report(record)
    row = _report_row(db, report, fetch)
    rid = row["id"]
    if not db.execute("SELECT 1 FROM reports WHERE id = ?", [rid]).fetchone():
        target = aliases.same_content_report(db, site_id=row["site_id"], record=report,
                                             chash=content_hash(report))
        if target:  # the same page under another URL of the site: one report, one more alias
            with _transaction(db):
                aliases.save_alias(db, url=report.url, target_id=target, seen=row["last_seen"],
                                   site_id=row["site_id"], crawl_run_id=row["crawl_run_id"])
            return target
    with _transaction(db):
        old = db.execute("SELECT title, body, attachment_text, removed_at FROM reports"
                         " WHERE id = ?", [rid]).fetchone()
        _upsert(db, "reports", row, "id", keep=("first_seen",))
        _save_links(db, rid, report)
        text = _attachment_text(db, rid)
        if old is None or text != old[2]:
            db.execute("UPDATE reports SET attachment_text = ? WHERE id = ?", [text, rid])
        record_fetch(db, rid, record, fetch, seen=row["fetched_at"],
                     was_removed=old is not None and old[3] is not None)
        changed = old is None or tuple(old[:3]) != (row["title"], row["body"], text)
        _sync_fts(db, rid, changed=changed)
        _stats.save_report_stats(db, rid, row["report_year"], report.stats, source="page")
    return rid


PAGE_IMAGE = "page_image"  # attachments.role of a picture that is a page of the report


def _save_links(db, rid: str, report: Report) -> None:
    """The report's attachment links and page images become the record's (a downloaded one
    keeps its status); page images have role ``page_image``."""
    attachments = {}
    for role, links in ((None, report.attachments), (PAGE_IMAGE, report.page_images)):
        for attachment in links or []:
            aid = attachment_id(rid, attachment["url"])
            attachments.setdefault(aid, {
                "id": aid, "report_id": rid, "url": attachment["url"],
                "text": attachment.get("text"), "ext": attachment_ext(attachment["url"]),
                "status": "pending", "role": role})
    db.execute(
        "DELETE FROM attachments WHERE report_id = ? AND id NOT IN (SELECT value FROM json_each(?))",
        [rid, json.dumps(list(attachments))],
    )
    for attachment in attachments.values():
        _upsert(db, "attachments", attachment, "id", keep=("status",))
    _link_downloaded_files(db, rid)


# the report columns that page extraction gives: the record's columns but its URL (the key)
# and views (they belong to the last fetch), and the number of its attachments
EXTRACTED_COLUMNS = (*(c for c in column_fields() if c not in ("url", "views")),
                     "attachment_count")


def update_version_extraction(db, version_id: int, record: Report | dict) -> None:
    """A stored version read again: its record, body, content hash and extractor, in place."""
    report = as_report(record)
    db.execute("UPDATE report_versions SET record = ?, body = ?, content_hash = ?, extractor = ?"
               " WHERE id = ?", [_json(version_record(record)), report.body,
                                 content_hash(report), report.extractor, version_id])


def update_extraction(db, rid: str, version_id: int, record: Report | dict, attachment_stats=(),
                      older_versions=()) -> None:
    """Re-extraction of a stored page: the report row, its attachment links, search row and
    statistics, and its latest version's record and content hash, all replaced in place with
    what ``record`` (read again from that version's stored bytes) says; ``older_versions``
    ((version id, record) pairs) are the earlier versions read again, so that no two versions
    differ only by the extractor that read them. No version, no event: the pages did not
    change, the extractor did. ``attachment_stats``: (url, cells) pairs."""
    report = as_report(record)
    row = _report_row(db, report, {})
    fields = {c: row[c] for c in EXTRACTED_COLUMNS}
    with _transaction(db):
        old = db.execute("SELECT title, body, attachment_text FROM reports WHERE id = ?",
                         [rid]).fetchone()
        db.execute(f"UPDATE reports SET {', '.join(c + ' = ?' for c in fields)} WHERE id = ?",
                   [*fields.values(), rid])
        _save_links(db, rid, report)
        text = _attachment_text(db, rid)
        if text != old[2]:
            db.execute("UPDATE reports SET attachment_text = ? WHERE id = ?", [text, rid])
        update_version_extraction(db, version_id, record)
        for older_id, older in older_versions:
            update_version_extraction(db, older_id, older)
        _sync_fts(db, rid, changed=tuple(old) != (fields["title"], fields["body"], text))
        _stats.save_report_stats(db, rid, fields["report_year"], report.stats, source="page")
        for url, cells in attachment_stats:
            _stats.save_attachment_stats(db, rid, url, cells)


def _sync_fts(db, rid: str, *, changed: bool) -> None:
    rowid, title, body, text = db.execute(
        "SELECT rowid, title, body, attachment_text FROM reports WHERE id = ?", [rid]).fetchone()
    if not changed and db.execute("SELECT 1 FROM reports_fts WHERE rowid = ?", [rowid]).fetchone():
        return  # same title, body and attachment text: the segmented text would be identical
    db.execute("DELETE FROM reports_fts WHERE rowid = ?", [rowid])
    db.execute(
        "INSERT INTO reports_fts (rowid, title, body, attachments) VALUES (?, ?, ?, ?)",
        [rowid, segment_for_index(title), segment_for_index(body), segment_for_index(text)],
    )


def _link_downloaded_files(db, rid: str) -> None:
    """A pending link to a URL already downloaded for another report shares that file (the
    crawler does not download a known attachment URL twice)."""
    db.execute(
        "UPDATE attachments SET status = 'downloaded', sha256 = (SELECT b.sha256 FROM attachments"
        " AS b WHERE b.url = attachments.url AND b.status = 'downloaded' ORDER BY b.rowid DESC"
        " LIMIT 1) WHERE report_id = ? AND status = 'pending' AND EXISTS (SELECT 1 FROM"
        " attachments AS b WHERE b.url = attachments.url AND b.status = 'downloaded')", [rid])


def downloaded_attachment_urls(db) -> set[str]:
    """URLs of the attachments already downloaded (for any report): the crawler skips them."""
    return {r[0] for r in db.execute(
        "SELECT DISTINCT url FROM attachments WHERE status = 'downloaded'")}


def pending_attachments(db) -> list[dict]:
    """Attachments listed on a stored report but never downloaded (a crawl was cut short):
    ``report_url``, ``url``, ``site_id``, ``report_year`` for the crawler to fetch on its next run."""
    return list(db.query(
        "SELECT r.url AS report_url, a.url, r.site_id, r.report_year FROM attachments AS a"
        " JOIN reports AS r ON r.id = a.report_id"
        " WHERE coalesce(a.status, 'pending') = 'pending' ORDER BY a.rowid"))


def last_run_was_cut_short(db, before_run_id: int) -> bool:
    """True when the run before ``before_run_id`` did not finish: its walk may have stopped
    anywhere, so the next one must walk every listing page rather than stop at known reports."""
    row = db.execute("SELECT status FROM crawl_runs WHERE id < ? ORDER BY id DESC LIMIT 1",
                     [before_run_id]).fetchone()
    return row is not None and row[0] != "finished"


def _attachment_text(db, rid: str) -> str | None:
    """The extracted texts of a report's downloaded attachments, in page order."""
    texts = [r[0] for r in db.execute(
        "SELECT f.text FROM attachments AS a JOIN attachment_files AS f ON f.sha256 = a.sha256"
        " WHERE a.report_id = ? AND f.text_status = 'ok' AND coalesce(f.text, '') != ''"
        " ORDER BY a.rowid", [rid])]
    return "\n\n".join(texts) or None


def _refresh_attachment_text(db, rid: str) -> None:
    old = db.execute("SELECT attachment_text FROM reports WHERE id = ?", [rid]).fetchone()
    if old is None:
        return  # the report itself is not archived (yet)
    text = _attachment_text(db, rid)
    if text != old[0]:
        db.execute("UPDATE reports SET attachment_text = ? WHERE id = ?", [text, rid])
        _sync_fts(db, rid, changed=True)


def save_attachment_file(db, *, report_id: str, url: str, sha256: str, mime: str | None,
                         size: int | None, path: str | None, text: str | None, text_status: str,
                         text_reason: str | None = None, pages: int | None = None,
                         at: str | None = None, stats=None, reader: str | None = None,
                         method: str | None = None, tables: list | None = None,
                         confidences: list | None = None) -> str:
    """A downloaded attachment: its content-addressed file (``attachment_files``, one row per
    SHA-256, ``path`` from ``blobs.store_blob``) and its link row (status "downloaded").
    The text becomes searchable with the report (``reports.attachment_text`` and the
    ``attachments`` column of ``reports_fts``). ``stats``: the statistics cells the crawler
    parsed from its text (stored as source ``attachment:<url>``); ``reader``: the version of the
    attachment reader that read the text (``READER_VERSION``); ``method``, ``tables`` and
    ``confidences``: how it was read and the tables it read as tables (``DocumentText``).
    Returns the attachment id."""
    if text_status not in TEXT_STATUSES:
        raise ValueError(f"text_status must be one of {sorted(TEXT_STATUSES)}, not {text_status!r}")
    aid = attachment_id(report_id, url)
    file_row = {"sha256": sha256, "mime": mime, "size": size, "path": path, "text": text,
                "text_status": text_status, "text_reason": text_reason, "pages": pages,
                "first_seen": at or now(), "reader": reader, "method": method,
                "tables": tables_json(tables, confidences)}
    with _transaction(db):
        _upsert(db, "attachment_files", file_row, "sha256", keep=("first_seen",))
        _upsert(db, "attachments", {"id": aid, "report_id": report_id, "url": url,
                                    "ext": attachment_ext(url), "sha256": sha256,
                                    "status": "downloaded", "error": None}, "id")
        for (rid,) in db.execute("SELECT DISTINCT report_id FROM attachments WHERE sha256 = ?",
                                 [sha256]).fetchall():
            _refresh_attachment_text(db, rid)
        _stats.save_attachment_stats(db, report_id, url, stats)
    return aid


def tables_json(tables: list | None, confidences: list | None = None) -> str | None:
    """``attachment_files.tables``: a file's tables (and OCR confidences) as JSON, or None."""
    if not tables:
        return None
    value = {"tables": tables}
    if confidences:
        value["confidences"] = confidences
    return json.dumps(value, ensure_ascii=False)


def update_attachment_reading(db, sha256: str, *, mime: str | None, text: str | None,
                              text_status: str, text_reason: str | None, pages: int | None,
                              reader: str, method: str | None = None,
                              tables: str | None = None) -> list[str]:
    """A stored file read again from its bytes (``xxgk reextract``): its text, status and
    reader replaced in place, and the attachment text of every report linking it refreshed.
    ``tables``: as ``tables_json`` gives it. Returns the ids of those reports."""
    if text_status not in TEXT_STATUSES:
        raise ValueError(f"text_status must be one of {sorted(TEXT_STATUSES)}, not {text_status!r}")
    with _transaction(db):
        db.execute("UPDATE attachment_files SET mime = ?, text = ?, text_status = ?,"
                   " text_reason = ?, pages = ?, reader = ?, method = ?, tables = ?"
                   " WHERE sha256 = ?",
                   [mime, text, text_status, text_reason, pages, reader, method, tables, sha256])
        linked = [rid for (rid,) in db.execute(
            "SELECT DISTINCT report_id FROM attachments WHERE sha256 = ?", [sha256])]
        for rid in linked:
            _refresh_attachment_text(db, rid)
    return linked


def mark_attachment_failed(db, *, report_id: str, url: str, status: str, error: str) -> str:
    """An attachment that could not be downloaded ("failed") or was over the size limit
    ("too_large"). A file downloaded earlier stays linked (``sha256`` kept). Returns its id."""
    if status not in ATTACHMENT_STATUSES - {"pending", "downloaded"}:
        raise ValueError(f"status must be 'failed' or 'too_large', not {status!r}")
    aid = attachment_id(report_id, url)
    with _transaction(db):
        _upsert(db, "attachments", {"id": aid, "report_id": report_id, "url": url,
                                    "ext": attachment_ext(url), "status": status,
                                    "error": error}, "id")
    return aid


def rebuild_search_index(db) -> int:
    """Re-segment every report into ``reports_fts`` (after a dictionary change, or a VACUUM,
    which may renumber the rowids of a table with a text primary key). Returns the row count."""
    with _transaction(db):
        db.execute("DELETE FROM reports_fts")
        return fill_search_index(db)
