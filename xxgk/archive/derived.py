"""What the archive computes from what it stored (issue 12): agencies as entities, then the
tables built on them. Rebuilt after every crawl and every re-extraction, from stored rows only
(never a fetch), so improving a rule reaches an existing archive with ``xxgk reextract``.

Order matters: indicators and continuity use the agency ids; peers and the audit use both.
"""
from __future__ import annotations

from xxgk.archive.agencies import refresh_agencies
from xxgk.archive.audit import refresh_audit
from xxgk.archive.indicators import refresh_indicators
from xxgk.archive.peers import refresh_peers
from xxgk.archive.search import refresh_search_top

# (table, rebuild(db) -> rows), in dependency order
STEPS = [("agencies", refresh_agencies), ("report_indicators", refresh_indicators),
         ("indicator_peers", refresh_peers), ("report_audit", refresh_audit),
         # last: the first result pages of frequent search terms, ranked on the final index
         ("search_top", refresh_search_top)]


def refresh_derived(db) -> dict[str, int]:
    """Rebuild every derived table, in dependency order; returns rows written per table."""
    return {name: rebuild(db) for name, rebuild in STEPS}
