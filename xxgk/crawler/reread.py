"""Re-reading stored pages with today's extractor (``xxgk reextract``, and the pipeline before
it compares a fresh fetch with a version an older extractor read).

Each report's latest stored version (its response bytes, ``report_versions.raw_gz``) is read
again with ``extract_report``; the statistics of its downloaded attachments are parsed again
from their text. What changed is written in place (``store.update_extraction``): no version, no
event, because the page did not change. One transaction per report, and reports already read by
the running extractor are skipped, so an interrupted run resumes where it stopped and a second
run finds nothing to do. No network.

Before the pages, ``xxgk reextract`` reads the stored attachment files (their bytes under the
blob root, ``attachment_files.path``) again with today's document reader, when an older reader
read them (``attachment_files.reader``, ``READER_VERSION``): their text, and so the reports'
attachment text, search index and attachment statistics, follow a reader fix too. A file whose
bytes are not there is listed with the reason and keeps its text; so does one the reader now
fails on while an older reading succeeded.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from xxgk.archive import blobs, store
from xxgk.archive.db import fetch_dicts
from xxgk.archive.derived import refresh_derived
from xxgk.archive.history import normalised_content, read_raw
from xxgk.extract import EXTRACTOR_VERSION, ExtractionError, extract_report
from xxgk.extract.model import Report, column_fields, content_fields, reread_fields
from xxgk.extract.platforms import NAMES as PLATFORM_NAMES
from xxgk.extract.bounded import read_attachment
from xxgk.extract.stats import parse_stats_reading
from xxgk.extract.urls import file_name
from xxgk.extract.version import READER_VERSION

# what is compared to count changes, per field (the record's content and ``reread`` fields:
# xxgk/extract/model.py), and the statistics cells of the page and of its attachments
FIELDS = (*content_fields(), *reread_fields(), "stats", "attachment_stats")
_FILE_COLUMNS = ("mime", "text", "text_status", "text_reason", "pages", "method", "tables")


_SELECT = ("SELECT r.id, r.url, r.content_type, r.extractor, r.latest_version_id AS version_id,"
           " s.platform AS site_platform"
           " FROM reports AS r JOIN report_versions AS v ON v.id = r.latest_version_id"
           " LEFT JOIN sites AS s ON s.slug = r.site_id"
           " WHERE v.raw_gz IS NOT NULL")


def pending(db, site: str | None = None, everything: bool = False) -> list[dict]:
    """The reports to re-read: those with stored bytes whose extractor is not the running one
    (every one with ``everything``)."""
    sql = _SELECT
    args: list = []
    if site:
        sql += " AND r.site_id = ?"
        args.append(site)
    if not everything:
        sql += " AND coalesce(r.extractor, '') != ?"
        args.append(EXTRACTOR_VERSION)
    return fetch_dicts(db, sql + " ORDER BY r.rowid", args)


def _stats_rows(db, rid: str) -> tuple[list, list]:
    """The report's statistics cells: (from the page, from its attachments)."""
    rows = db.execute("SELECT source, section, row_code, col_code, value, raw, method FROM"
                      " report_stats WHERE report_id = ? ORDER BY 1, 2, 3, 4", [rid]).fetchall()
    return [r for r in rows if r[0] == "page"], [r for r in rows if r[0] != "page"]


def _read(raw_gz: bytes, url: str, headers, platform: str | None) -> Report:
    record = extract_report(read_raw(raw_gz), url, headers, platform=platform)
    record.rejected_links = []  # a stored page's bad links were recorded when it was fetched
    return record


# the content fields that are report columns (compared as versions compare them), then the rest
_CONTENT = tuple(f for f in content_fields() if f in column_fields())
_COMPARED = (*_CONTENT, *reread_fields())


def reextract_report(db, item: dict) -> list[str]:
    """Re-read one report (its latest version, and every earlier one with stored bytes);
    returns the names of the report's fields that changed."""
    headers = {"Content-Type": item["content_type"]} if item["content_type"] else None
    versions = db.execute("SELECT id, raw_gz FROM report_versions WHERE report_id = ? AND"
                          " raw_gz IS NOT NULL", [item["id"]]).fetchall()
    latest = next(raw for vid, raw in versions if vid == item["version_id"])
    platform = item.get("site_platform")  # the site profile's, as the crawl read it
    platform = platform if platform in PLATFORM_NAMES else None
    record = _read(latest, item["url"], headers, platform)
    older = [(vid, _read(raw, item["url"], headers, platform)) for vid, raw in versions
             if vid != item["version_id"]]
    before = dict(zip(_COMPARED, db.execute(
        f"SELECT {', '.join(_COMPARED)} FROM reports WHERE id = ?", [item["id"]]).fetchone()))
    old_links = sorted(u for (u,) in db.execute(
        "SELECT url FROM attachments WHERE report_id = ?", [item["id"]]))
    old_stats = _stats_rows(db, item["id"])
    texts = db.execute(
        "SELECT a.url, f.text, f.method, f.tables FROM attachments AS a JOIN attachment_files"
        " AS f ON f.sha256 = a.sha256"
        " WHERE a.report_id = ? AND a.status = 'downloaded' AND f.text_status = 'ok'",
        [item["id"]]).fetchall()
    attachment_stats = [(url, _attachment_cells(text, method, tables, record.report_year))
                        for url, text, method, tables in texts]
    store.update_extraction(db, item["id"], item["version_id"], record, attachment_stats, older)
    old, new = normalised_content(before), normalised_content(record)
    changed = [f for f in _CONTENT if old[f] != new[f]]  # compared as versions compare them
    changed += [f for f in reread_fields() if before[f] != getattr(record, f)]
    if old_links != sorted(a["url"] for a in [*(record.attachments or []),
                                             *(record.page_images or [])]):
        changed.append("attachments")
    new_stats = _stats_rows(db, item["id"])
    changed += [name for name, a, b in zip(("stats", "attachment_stats"), old_stats, new_stats)
                if a != b]
    return changed


def _attachment_cells(text: str | None, method: str | None, tables: str | None,
                      report_year: int | None) -> list:
    """An attachment's statistics from its stored reading (text, method, tables JSON)."""
    try:
        stored = json.loads(tables) if tables else {}
    except ValueError:
        stored = {}
    stored = stored if isinstance(stored, dict) else {}
    return parse_stats_reading(text, report_year, method, stored.get("tables"),
                               stored.get("confidences"))


def reread_if_stale(db, report_id: str) -> bool:
    """Before a fresh fetch of a report is compared with its latest version: when an older
    extractor read that version, read its stored bytes again first, so that the comparison is
    between two readings by the same extractor and an extractor change never makes a version.
    Returns True when the report was re-read."""
    rows = fetch_dicts(db, _SELECT + " AND r.id = ? AND coalesce(r.extractor, '') != ?",
                       [report_id, EXTRACTOR_VERSION])
    if not rows:
        return False
    try:
        reextract_report(db, rows[0])
    except ExtractionError:
        return False  # the stored bytes no longer parse: the fetch is compared as it was
    return True


def pending_files(db, site: str | None = None, everything: bool = False) -> list[dict]:
    """The stored attachment files to read again: those an older reader read (every one with
    ``everything``), each with one link's URL (the name the reader is given)."""
    sql = ("SELECT f.sha256, f.path, f.mime, f.text, f.text_status, f.text_reason, f.pages,"
           " f.method, f.tables,"
           " (SELECT a.url FROM attachments AS a WHERE a.sha256 = f.sha256 ORDER BY a.rowid"
           "  LIMIT 1) AS url FROM attachment_files AS f WHERE f.path IS NOT NULL")
    args: list = []
    if site:
        sql += (" AND f.sha256 IN (SELECT a.sha256 FROM attachments AS a JOIN reports AS r"
                " ON r.id = a.report_id WHERE r.site_id = ?)")
        args.append(site)
    if not everything:
        sql += " AND coalesce(f.reader, '') != ?"
        args.append(READER_VERSION)
    return fetch_dicts(db, sql + " ORDER BY f.rowid", args)


def _read_file(files_dir: Path, item: dict):
    """(DocumentText, None), or (None, why the stored bytes could not be had)."""
    try:
        data = blobs.read_blob(files_dir, item["path"])
    except FileNotFoundError:
        return None, f"no file at {Path(files_dir) / item['path']}"
    except OSError as exc:
        return None, f"cannot read {Path(files_dir) / item['path']}: {exc.strerror or exc}"
    return read_attachment(data, file_name(item["url"] or ""), item["mime"]), None


def reread_files(db, files_dir: Path, *, site: str | None = None, everything: bool = False,
                 workers: int | None = None, progress=None) -> dict:
    """Read the pending stored attachment files again from their bytes, several at once (each
    in its own bounded child process). Returns {"files", "changed", "missing", "failed",
    "reports"}: files read, files whose text changed, files whose bytes are gone, files the
    reader now fails on (kept as they were), and the reports linking a changed file."""
    items = pending_files(db, site, everything)
    workers = workers or min(8, os.cpu_count() or 1)
    changed, missing, failed, touched = 0, [], [], set()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        readings = pool.map(lambda item: _read_file(files_dir, item), items)
        for n, (item, (doc, why)) in enumerate(zip(items, readings), 1):
            if doc is None:
                missing.append({"sha256": item["sha256"], "url": item["url"], "reason": why})
            elif doc.status != "ok" and item["text_status"] == "ok":
                failed.append({"sha256": item["sha256"], "url": item["url"],
                               "reason": f"{doc.status}: {doc.reason} (earlier text kept)"})
            else:
                new = dict(zip(_FILE_COLUMNS, (doc.mime, doc.text, doc.status, doc.reason,
                                               doc.pages, doc.method,
                                               store.tables_json(doc.tables, doc.confidences))))
                linked = store.update_attachment_reading(db, item["sha256"], reader=READER_VERSION,
                                                         **new)
                if any(item[c] != new[c] for c in _FILE_COLUMNS):
                    changed += 1
                    touched.update(linked)
            if progress is not None:
                progress(n, len(items))
    return {"files": len(items), "changed": changed, "missing": missing, "failed": failed,
            "reports": touched}


def reextract(db, *, site: str | None = None, everything: bool = False,
              files_dir: Path | None = None, progress=None, file_progress=None) -> dict:
    """Re-read every pending attachment file (when ``files_dir``, the blob root, is given), then
    every pending report, and every report linking a file whose text changed. Returns
    {"reports", "changed": {field: rows}, "failed", "files", "extractor", "reader"}."""
    files = None
    if files_dir is not None:
        files = reread_files(db, files_dir, site=site, everything=everything,
                             progress=file_progress)
    items = pending(db, site, everything)
    if files and files["reports"]:
        queued = {item["id"] for item in items}
        extra = sorted(files["reports"] - queued)
        for start in range(0, len(extra), 500):
            chunk = extra[start:start + 500]
            items += fetch_dicts(db, _SELECT + f" AND r.id IN ({', '.join('?' * len(chunk))})",
                                 chunk)
    changed: Counter = Counter()
    failed = []
    for n, item in enumerate(items, 1):
        try:
            changed.update(reextract_report(db, item))
        except ExtractionError as exc:
            failed.append({"url": item["url"], "reason": str(exc)})
        if progress is not None:
            progress(n, len(items))
    if files is not None:
        files = {**files, "reports": sorted(files["reports"])}
    derived = refresh_derived(db)  # agencies, peers and audit follow the re-read fields
    return {"reports": len(items), "changed": {f: changed.get(f, 0) for f in FIELDS},
            "failed": failed, "extractor": EXTRACTOR_VERSION, "files": files,
            "reader": READER_VERSION, "derived": derived}


def summary_lines(result: dict, shown: int = 20) -> list[str]:
    lines = []
    files = result.get("files")
    if files is not None:
        lines.append(f"re-read {files['files']} stored attachment files with reader"
                     f" {result['reader']}")
        lines.append(f"  {'attachment_text':18} {files['changed']:6} files changed")
        for kind in ("missing", "failed"):
            lines += [f"  {kind}: {f['url'] or f['sha256']}: {f['reason']}"
                      for f in files[kind][:shown]]
            if len(files[kind]) > shown:
                lines.append(f"  {kind}: … and {len(files[kind]) - shown} more")
    lines.append(f"re-read {result['reports']} stored report pages with extractor"
                 f" {result['extractor']}")
    lines += [f"  {field:18} {count:6} rows changed" for field, count in result["changed"].items()]
    lines += [f"  failed: {f['url']}: {f['reason']}" for f in result["failed"]]
    return lines


def as_json(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False)
