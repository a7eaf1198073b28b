"""Every version of every report, its removals and its view counts over time.

``store.save_report`` calls :func:`record_fetch` inside its transaction; the crawler calls
:func:`mark_removed` (a 404/410, or a URL gone from a fully walked listing), :func:`mark_not_modified`
(a 304 answer to a conditional request) and :func:`known_reports` (validators for those requests).
Nothing is ever deleted: a removal is a ``removed_at`` stamp plus an event, undone by a later fetch.

A new version is added only when the report's *content* changes: :func:`content_hash` covers what
the page says (title, dates, agency, body, attachment links), not when or how it was fetched and not
its view count, so a re-crawl of an unchanged page adds no version whatever its bytes.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import zlib

from xxgk.archive.db import fetch_dicts, now, to_json, transaction
from xxgk.archive.ids import report_id, url_key
from xxgk.extract.model import (Report, as_report, column_fields, content_fields, field_meta,
                                field_names, version_fields)

CONTENT_FIELDS = content_fields()  # declared in xxgk/extract/model.py (``content``)
EVENT_KINDS = {"new", "changed", "removed", "restored"}
VIEW_ORIGINS = {"page", "counter"}


def _text(value):
    return None if value is None else " ".join(str(value).split()) or None


def _links(attachments):
    # one URL, one identity: a link written raw (附件/2019年 报告.pdf) or percent-encoded is one link
    return sorted({url_key(a["url"]) for a in attachments or []})


# how a content field is compared (its ``compare`` in xxgk/extract/model.py)
_NORMALISE = {"text": _text, "bool": bool, "links": _links, None: lambda value: value}


def normalised_content(record: Report | dict) -> dict:
    """The part of an extracted record that makes a version (its content fields): text fields
    with whitespace runs collapsed (layout-only edits are not new versions), ``is_report`` as a
    bool, attachment URLs sorted. A field the record lacks counts as its default."""
    report = as_report(record)
    kind = type(report)
    return {name: _NORMALISE[field_meta(name, kind)["compare"]](getattr(report, name))
            for name in content_fields(kind)}


def version_record(record: Report | dict) -> dict:
    """What ``report_versions.record`` keeps of a record: all of it but what is stored elsewhere
    (statistics cells, rejected links); a dict as given, less those."""
    data = record.to_dict() if isinstance(record, Report) else record
    return {k: v for k, v in data.items() if k not in _NOT_KEPT}


_NOT_KEPT = frozenset(field_names()) - frozenset(version_fields())  # stats, rejected_links


def content_hash(record: Report | dict) -> str:
    """SHA-256 (hex) of :func:`normalised_content` as canonical JSON."""
    canonical = json.dumps(normalised_content(record), ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def compress(data: bytes | None) -> bytes | None:
    """Raw response bytes -> gzip (mtime 0, so the same bytes give the same blob)."""
    return None if data is None else gzip.compress(data, mtime=0)


def read_raw(blob: bytes | None) -> bytes | None:
    """``report_versions.raw_gz`` -> the raw response bytes (gzip or zlib)."""
    if blob is None:
        return None
    return gzip.decompress(blob) if blob[:2] == b"\x1f\x8b" else zlib.decompress(blob)


def add_event(db, *, report_id: str, crawl_run_id, at: str, kind: str, reason=None,
              version=None) -> None:
    if kind not in EVENT_KINDS:
        raise ValueError(f"event kind must be one of {sorted(EVENT_KINDS)}, not {kind!r}")
    db.execute(
        "INSERT INTO report_events (report_id, crawl_run_id, at, kind, reason, version)"
        " VALUES (?, ?, ?, ?, ?, ?)", [report_id, crawl_run_id, at, kind, reason, version])


def save_report_views(db, *, report_id: str, crawl_run_id, observed_at: str, views: int,
                      origin: str = "page") -> None:
    """One view count per report and crawl run (a re-save in the same run replaces it).
    Outside a crawl run (``crawl_run_id`` None) the report keeps a single run-less row."""
    if origin not in VIEW_ORIGINS:
        raise ValueError(f"view origin must be one of {sorted(VIEW_ORIGINS)}, not {origin!r}")
    if crawl_run_id is None:
        db.execute("DELETE FROM report_views WHERE report_id = ? AND crawl_run_id IS NULL",
                   [report_id])
    db.execute(
        "INSERT INTO report_views (report_id, crawl_run_id, observed_at, views, origin)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (report_id, crawl_run_id) DO UPDATE SET"
        " observed_at = excluded.observed_at, views = excluded.views, origin = excluded.origin",
        [report_id, crawl_run_id, observed_at, views, origin])


def _changed_fields(db, rid: str, old_version_id: int, record: Report | dict) -> str:
    old = db.execute("SELECT record FROM report_versions WHERE id = ?", [old_version_id]).fetchone()
    before = normalised_content(json.loads(old[0] or "{}"))
    after = normalised_content(record)
    return ", ".join(f for f in CONTENT_FIELDS if before.get(f) != after.get(f))


def _same_as_stored(db, version_id: int, chash: str) -> bool:
    """The stored version, hashed as this code normalises content, has hash ``chash``: a
    change in how content is normalised (not in the page) never makes a version."""
    row = db.execute("SELECT record FROM report_versions WHERE id = ?", [version_id]).fetchone()
    return bool(row and row[0]) and content_hash(json.loads(row[0])) == chash


def record_fetch(db, rid: str, record: Report | dict, fetch: dict, *, seen: str,
                 was_removed: bool) -> int | None:
    """Versions, events and views for one stored page (run inside ``save_report``'s transaction).
    Returns the number of the version added, or None when the content was unchanged."""
    report = as_report(record)
    run, status = fetch.get("crawl_run_id"), fetch.get("http_status")
    if was_removed:
        db.execute("UPDATE reports SET removed_at = NULL, removed_reason = NULL WHERE id = ?", [rid])
        add_event(db, report_id=rid, crawl_run_id=run, at=seen, kind="restored",
                  reason=None if status is None else f"HTTP {status}")
    if report.views is not None:
        save_report_views(db, report_id=rid, crawl_run_id=run, observed_at=seen,
                          views=report.views)
    latest = db.execute(
        "SELECT id, version, content_hash FROM report_versions WHERE report_id = ?"
        " ORDER BY version DESC LIMIT 1", [rid]).fetchone()
    chash = content_hash(report)
    if latest is not None and (latest[2] == chash or _same_as_stored(db, latest[0], chash)):
        return None
    version = 1 if latest is None else latest[1] + 1
    data = fetch.get("body_bytes")
    sha = fetch.get("sha256") or (hashlib.sha256(data).hexdigest() if data is not None else None)
    cursor = db.execute(
        "INSERT INTO report_versions (report_id, version, crawl_run_id, fetched_at, http_status,"
        " sha256, content_hash, raw_gz, record, body, etag, last_modified, warc_file, warc_offset,"
        " extractor, warc_record_id, captured_by, proxy)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [rid, version, run, seen, status, sha, chash, compress(data),
         # the statistics cells live in report_stats; the raw bytes can re-derive them
         to_json(version_record(record)),
         report.body, fetch.get("etag"), fetch.get("last_modified"),
         fetch.get("warc_file"), fetch.get("warc_offset"), report.extractor,
         fetch.get("warc_record_id"), fetch.get("captured_by"), fetch.get("proxy")])
    db.execute("UPDATE reports SET latest_version_id = ?, version_count = ?, last_changed = ?"
               " WHERE id = ?", [cursor.lastrowid, version, seen, rid])
    add_event(db, report_id=rid, crawl_run_id=run, at=seen,
              kind="new" if latest is None else "changed", version=version,
              reason=None if latest is None else _changed_fields(db, rid, latest[0], report))
    return version


def mark_removed(db, *, url: str, reason: str, crawl_run_id, at: str | None = None) -> bool:
    """A known report is gone (``reason`` e.g. "HTTP 404", "missing from fully walked listing"):
    stamp ``removed_at``/``removed_reason`` and add a "removed" event. Its rows all stay.
    False, and nothing written, for an unknown URL or a report already marked removed."""
    rid, at = report_id(url), at or now()
    with transaction(db):
        row = db.execute("SELECT removed_at FROM reports WHERE id = ?", [rid]).fetchone()
        if row is None or row[0] is not None:
            return False
        db.execute("UPDATE reports SET removed_at = ?, removed_reason = ? WHERE id = ?",
                   [at, reason, rid])
        add_event(db, report_id=rid, crawl_run_id=crawl_run_id, at=at, kind="removed",
                  reason=reason)
    return True


def mark_not_modified(db, *, url: str, crawl_run_id, fetched_at: str) -> bool:
    """A 304 answer: the report is still there, unchanged. Updates ``last_seen`` and
    ``crawl_run_id`` only (a removed report is restored, with a "restored" event).
    False for an unknown URL."""
    rid = report_id(url)
    with transaction(db):
        row = db.execute("SELECT removed_at FROM reports WHERE id = ?", [rid]).fetchone()
        if row is None:
            return False
        db.execute("UPDATE reports SET last_seen = ?, crawl_run_id = ? WHERE id = ?",
                   [fetched_at, crawl_run_id, rid])
        if row[0] is not None:
            db.execute("UPDATE reports SET removed_at = NULL, removed_reason = NULL WHERE id = ?",
                       [rid])
            add_event(db, report_id=rid, crawl_run_id=crawl_run_id, at=fetched_at,
                      kind="restored", reason="HTTP 304")
    return True


def known_reports(db, site_id: str | None = None) -> dict[str, dict]:
    """``{url: {"etag", "last_modified", "removed_at", "sha256"}}`` of the archived reports (of
    one site if given): validators for conditional requests, and which URLs are new."""
    sql = "SELECT url, etag, last_modified, removed_at, sha256 FROM reports"
    rows = fetch_dicts(db, sql + (" WHERE site_id = ?" if site_id else ""),
                       [site_id] if site_id else [])
    return {row.pop("url"): row for row in rows}


def backfill_versions(db) -> int:
    """Version 1 (and a "new" event, reason "migrated") for reports saved before versioning,
    rebuilt from the reports row and its attachments; raw bytes were not kept (raw_gz NULL).
    The view count of the last fetch becomes a report_views row. Returns the number backfilled."""
    rows = fetch_dicts(db, "SELECT * FROM reports WHERE latest_version_id IS NULL")
    for row in rows:
        links = db.execute("SELECT url, text FROM attachments WHERE report_id = ? AND role IS NULL"
                           " ORDER BY rowid",
                           [row["id"]]).fetchall()
        report = Report.from_dict({name: row[name] for name in column_fields()})
        report.attachments = [{"url": u, "text": t} for u, t in links]
        report.is_report, report.raw = bool(row["is_report"]), json.loads(row["raw"] or "{}")
        # rows saved before versioning predate the extractor column: their record has none
        record = {k: v for k, v in version_record(report).items() if k != "extractor"}
        seen = row["fetched_at"] or row["last_seen"] or now()
        cursor = db.execute(
            "INSERT INTO report_versions (report_id, version, crawl_run_id, fetched_at,"
            " http_status, sha256, content_hash, record, body) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)",
            [row["id"], row["crawl_run_id"], seen, row["http_status"], row["sha256"],
             content_hash(record), to_json(record), row["body"]])
        db.execute("UPDATE reports SET latest_version_id = ?, version_count = 1, last_changed = ?"
                   " WHERE id = ?", [cursor.lastrowid, seen, row["id"]])
        add_event(db, report_id=row["id"], crawl_run_id=None, at=row["first_seen"] or seen,
                  kind="new", reason="migrated", version=1)
        if row["views"] is not None and row["crawl_run_id"] is not None:
            save_report_views(db, report_id=row["id"], crawl_run_id=row["crawl_run_id"],
                              observed_at=seen, views=row["views"])
    return len(rows)

