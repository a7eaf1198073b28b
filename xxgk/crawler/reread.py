"""Re-reading stored pages with today's extractor (``xxgk reextract``, and the pipeline before
it compares a fresh fetch with a version an older extractor read).

Each report's latest stored version (its response bytes, ``report_versions.raw_gz``) is read
again with ``extract_report``; the statistics of its downloaded attachments are parsed again
from their stored text. What changed is written in place (``store.update_extraction``): no
version, no event, because the page did not change. One transaction per report, and reports
already read by the running extractor are skipped, so an interrupted run resumes where it
stopped and a second run finds nothing to do. No network.
"""
from __future__ import annotations

import json
from collections import Counter

from xxgk.archive import store
from xxgk.archive.db import fetch_dicts
from xxgk.archive.history import normalised_content, read_raw
from xxgk.extract import EXTRACTOR_VERSION, ExtractionError, extract_report
from xxgk.extract.model import Report, column_fields, content_fields, reread_fields
from xxgk.extract.platforms import NAMES as PLATFORM_NAMES
from xxgk.extract.stats import parse_stats_text

# what is compared to count changes, per field (the record's content and ``reread`` fields:
# xxgk/extract/model.py), and the statistics cells of the page and of its attachments
FIELDS = (*content_fields(), *reread_fields(), "stats", "attachment_stats")


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
        "SELECT a.url, f.text FROM attachments AS a JOIN attachment_files AS f ON f.sha256 = a.sha256"
        " WHERE a.report_id = ? AND a.status = 'downloaded' AND f.text_status = 'ok'",
        [item["id"]]).fetchall()
    attachment_stats = [(url, parse_stats_text(text or "", record.report_year))
                        for url, text in texts]
    store.update_extraction(db, item["id"], item["version_id"], record, attachment_stats, older)
    old, new = normalised_content(before), normalised_content(record)
    changed = [f for f in _CONTENT if old[f] != new[f]]  # compared as versions compare them
    changed += [f for f in reread_fields() if before[f] != getattr(record, f)]
    if old_links != sorted(a["url"] for a in record.attachments or []):
        changed.append("attachments")
    new_stats = _stats_rows(db, item["id"])
    changed += [name for name, a, b in zip(("stats", "attachment_stats"), old_stats, new_stats)
                if a != b]
    return changed


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


def reextract(db, *, site: str | None = None, everything: bool = False, progress=None) -> dict:
    """Re-read every pending report. Returns {"reports", "changed": {field: rows}, "failed"}."""
    items = pending(db, site, everything)
    changed: Counter = Counter()
    failed = []
    for n, item in enumerate(items, 1):
        try:
            changed.update(reextract_report(db, item))
        except ExtractionError as exc:
            failed.append({"url": item["url"], "reason": str(exc)})
        if progress is not None:
            progress(n, len(items))
    return {"reports": len(items), "changed": {f: changed.get(f, 0) for f in FIELDS},
            "failed": failed, "extractor": EXTRACTOR_VERSION}


def summary_lines(result: dict) -> list[str]:
    lines = [f"re-read {result['reports']} stored report pages with extractor {result['extractor']}"]
    lines += [f"  {field:18} {count:6} rows changed" for field, count in result["changed"].items()]
    lines += [f"  failed: {f['url']}: {f['reason']}" for f in result["failed"]]
    return lines


def as_json(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False)
