"""One report, several URLs: the same content served by one site under other addresses.

Session ids are dropped by the canonical URL itself (``extract.urls``); what remains are pages
a site serves twice — ``/art/2019/1/1/art_12_3.html`` and ``/col/col12/art_3.html``, a ``?from=``
or ``?page=`` variant, a mirror folder. When a page at a URL the archive does not know has
exactly the content (``history.content_hash``) of a report of the same site, it is recorded as
that report's alias, not as a second report: searches, counts and stories see one report, and
the alias is kept with when it was seen. A page needs a title and a body to be matched: empty
pages (error pages served with 200) never merge into each other.
"""
from __future__ import annotations

from xxgk.archive.db import now
from xxgk.archive.ids import report_id, url_key


def same_content_report(db, *, site_id: str | None, chash: str, record: dict) -> str | None:
    """The id of another report of ``site_id`` whose latest version has content ``chash``."""
    if not site_id or not (record.get("title") and record.get("body")):
        return None
    # the versions with this content first (their index), then each one's report by id: with
    # a plain JOIN SQLite walked every report of the site, for every page saved
    row = db.execute(
        "SELECT r.id FROM report_versions AS v CROSS JOIN reports AS r ON r.id = v.report_id"
        " WHERE v.content_hash = ? AND r.latest_version_id = v.id AND r.site_id = ?"
        " AND r.id != ? ORDER BY r.rowid LIMIT 1",
        [chash, site_id, report_id(record["url"])]).fetchone()
    return row[0] if row else None


def save_alias(db, *, url: str, target_id: str, site_id: str | None, crawl_run_id,
               seen: str | None = None) -> None:
    """Record (or see again) ``url`` as an address of report ``target_id``."""
    seen = seen or now()
    db.execute(
        "INSERT INTO report_aliases (url, canonical_url, report_id, site_id, first_seen,"
        " last_seen, crawl_run_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (canonical_url)"
        " DO UPDATE SET report_id = excluded.report_id, last_seen = excluded.last_seen,"
        " crawl_run_id = excluded.crawl_run_id",
        [url, url_key(url), target_id, site_id, seen, seen, crawl_run_id])
    db.execute("UPDATE reports SET last_seen = ?, crawl_run_id = coalesce(?, crawl_run_id)"
               " WHERE id = ?", [seen, crawl_run_id, target_id])


def resolve_report_id(db, url: str) -> str:
    """The report a URL names: its own id, or the report it is an alias of."""
    rid = report_id(url)
    if db.execute("SELECT 1 FROM reports WHERE id = ?", [rid]).fetchone():
        return rid
    row = db.execute("SELECT report_id FROM report_aliases WHERE canonical_url = ?",
                     [url_key(url)]).fetchone()
    return row[0] if row else rid


def alias_keys(db, site_id: str | None = None) -> dict[str, str]:
    """``{canonical alias URL: canonical URL of its report}`` (of one site if given)."""
    sql = ("SELECT a.canonical_url, r.url FROM report_aliases AS a JOIN reports AS r"
           " ON r.id = a.report_id")
    rows = db.execute(sql + (" WHERE a.site_id = ?" if site_id else ""),
                      [site_id] if site_id else []).fetchall()
    return {alias: url_key(url) for alias, url in rows}
