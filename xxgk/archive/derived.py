"""What the archive computes from what it stored (issue 12): agencies as entities, then the
tables built on them. Rebuilt after every crawl and every re-extraction, from stored rows only
(never a fetch), so improving a rule reaches an existing archive with ``xxgk reextract``.

The views (``report_indicators``, ``indicator_continuity``) need no refresh: schema.py creates them.
"""
from __future__ import annotations

from xxgk.archive.agencies import refresh_agencies


def refresh_derived(db) -> dict[str, int]:
    """Rebuild every derived table, in dependency order; returns rows written per table."""
    return {"agencies": refresh_agencies(db)}
