"""What the archive computes from what it stored (issue 12): agencies as entities, then the
tables built on them. Refreshed after every crawl, import, merge and re-extraction, from stored
rows only (never a fetch), so improving a rule reaches an existing archive with ``xxgk reextract``.

Order matters: indicators and continuity use the agency ids; peers and the audit use both.

A refresh rebuilds only what the writes since the last one can change (issue 13 part 5: a
nightly crawl of a million-report archive should not recompute a million reports): the triggers
of archive/changes.py list the reports (and sites) whose stored fields, statistics or
attachments changed; each step rebuilds the rows of those reports and of what depends on them
(the continuity and repeat checks of their agency's year and the year after, the peer groups
they rank in, the reports a 图解 page among them refers to; every report of an agency whose
name, place or level changed), and passes the grown scope on. Everything is rebuilt in full when a site changed, when
this code differs from the code that built the tables (``fingerprint``), when most of the
archive changed, or on request (``full=True``). A scoped refresh gives the same rows as a full
one (tests/test_derived_incremental.py).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.archive import changes
from xxgk.archive.db import transaction
from xxgk.archive.agencies import refresh_agencies
from xxgk.archive.audit import refresh_audit
from xxgk.archive.indicators import refresh_indicators
from xxgk.archive.peers import refresh_peers
from xxgk.archive.search import refresh_search_top

FULL_SHARE = 0.2  # a refresh of more than this share of the reports rebuilds everything


@dataclass
class Scope:
    """What a scoped refresh rebuilds: report ids (pages too), to which the agencies step adds
    the pages it relinked and the reports of agencies it renamed, moved or re-levelled; each
    later step rebuilds what those reports can change (their agency-years, peer groups, the
    year after)."""
    reports: set[str] = field(default_factory=set)
    sites: set[str] = field(default_factory=set)  # sites added since the last refresh


def _audit(db, scope=None) -> int:
    if scope is None:
        return refresh_audit(db)
    return refresh_audit(db, scope.reports)


def _search_top(db, scope=None) -> int:
    return refresh_search_top(db)


# (table, rebuild(db, scope=None) -> rows), in dependency order
STEPS = [("agencies", refresh_agencies), ("report_indicators", refresh_indicators),
         ("indicator_peers", refresh_peers), ("report_audit", _audit),
         # last: the first result pages of frequent search terms, ranked on the final index
         ("search_top", _search_top)]
_MODULES = ("derived", "changes", "agencies", "indicators", "peers", "audit", "stats")
STATE_KEY = "derived_code"


def fingerprint() -> str:
    """A hash of the code that computes the derived tables: a new rule rebuilds them in full."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _MODULES:
        digest.update((here / f"{name}.py").read_bytes())
    return digest.hexdigest()[:16]


def _stored_fingerprint(db) -> str | None:
    if not db["search_index_state"].exists():
        return None
    row = db.execute("SELECT value FROM search_index_state WHERE key = ?", [STATE_KEY]).fetchone()
    return row[0] if row else None


# derived table -> a table it is built from: a derived table that is missing, or empty while its
# source is not (dropped or replaced by a new shape), is rebuilt in full
SOURCES = {"agencies": "reports", "report_agencies": "reports", "report_indicators": "report_stats",
           "indicator_peers": "report_indicators", "report_audit": "reports WHERE is_report = 1",
           "audit_report_keys": "reports WHERE is_report = 1"}


def _built(db) -> bool:
    def has_rows(source):
        return db.execute(f"SELECT 1 FROM {source} LIMIT 1").fetchone() is not None
    return all(db[table].exists() and (has_rows(table) or not has_rows(source))
               for table, source in SOURCES.items())


def plan(db, full: bool = False) -> tuple[Scope | None, set[str]]:
    """(the scope of the next refresh, None for a full one; the dirty keys it deals with)."""
    keys = changes.dirty_keys(db)
    if full or _stored_fingerprint(db) != fingerprint() or not _built(db) or any(
            k.startswith(changes.SITE_CHANGED) for k in keys):
        return None, keys
    scope = Scope(sites={k.removeprefix(changes.SITE_ADDED) for k in keys
                         if k.startswith(changes.SITE_ADDED)})
    scope.reports = {k for k in keys if not k.startswith((changes.SITE_ADDED, changes.SITE_CHANGED))}
    total = db.execute("SELECT count(*) FROM reports").fetchone()[0]
    if len(scope.reports) > FULL_SHARE * max(total, 1):
        return None, keys
    return scope, keys


def refresh_derived(db, full: bool = False) -> dict[str, int]:
    """Bring every derived table up to date with the stored rows, in dependency order: in full,
    or (the usual case) only what changed since the last refresh. Returns rows written per
    table; a table with nothing to do is left out."""
    scope, keys = plan(db, full)
    if scope is not None and not scope.reports and not scope.sites:
        done = {}
    else:
        done = {name: rebuild(db, scope) if scope is not None else rebuild(db)
                for name, rebuild in STEPS if name != "search_top"}
    if scope is None or not _search_top_current(db):
        done["search_top"] = refresh_search_top(db)
    mark_built(db, keys)
    return done


def mark_built(db, keys=None) -> None:
    """Record that the derived tables are up to date with ``keys`` (every noted change when
    None) and were built by this code (a caller that ran the STEPS itself, in full)."""
    with transaction(db):
        changes.forget(db, changes.dirty_keys(db) if keys is None else keys)
        db.execute("CREATE TABLE IF NOT EXISTS search_index_state (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT OR REPLACE INTO search_index_state (key, value) VALUES (?, ?)",
                   [STATE_KEY, fingerprint()])


def _search_top_current(db) -> bool:
    """search_top was ranked on the search index as it is (no write to it since)."""
    from xxgk.archive import search

    if not db["search_top"].exists():
        return False
    row = db.execute(f"SELECT {search._INDEX_STATE} = (SELECT value FROM search_index_state"
                     " WHERE key = 'search_top_index')").fetchone()
    return bool(row and row[0])
