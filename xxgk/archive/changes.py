"""What changed since the derived tables were last built (issue 13 part 5): ``derived_dirty``.

The derived tables (agencies, indicators, peers, audit: archive/derived.py) are computed from
the reports' fields, their statistics cells, their attachments' text and the registry's sites.
Triggers on those tables note the key of whatever a write really changed, so any writer (a
crawl, an import, a merge, a test writing rows by hand) leaves the list behind and the next
refresh rebuilds only what depends on it:

* a report id, when the report is inserted or deleted, or one of ``WATCHED`` changes;
* a report id, when one of its statistics cells or attachments is written or removed, or the
  text or reading method of one of its attachment files changes;
* ``site:<slug>`` when a site is added, ``site-changed:<slug>`` when its agency, region or
  columns change or it is deleted (a changed site rebuilds everything: it renames the agency of
  every report without one of its own).

A write that stores the same values (a re-crawl of an unchanged page) notes nothing.
"""
from __future__ import annotations

from xxgk.archive.db import ensure_object

DIRTY_TABLE = "derived_dirty"
SITE_ADDED = "site:"
SITE_CHANGED = "site-changed:"
# the report columns the derived tables read
WATCHED = ("agency", "region", "region_code", "site_id", "report_year", "is_report", "title",
           "body", "attachment_text", "published")
_CHANGED = " OR ".join(f"old.[{c}] IS NOT new.[{c}]" for c in WATCHED) + \
    " OR (old.removed_at IS NULL) != (new.removed_at IS NULL) OR old.id IS NOT new.id"


def _note(key: str) -> str:
    """Note ``key`` unless it is noted. Not ``INSERT OR IGNORE``: inside a trigger the firing
    statement's conflict policy replaces the trigger's own (an upsert's is ABORT)."""
    return (f"INSERT INTO {DIRTY_TABLE} (key) SELECT {key} WHERE NOT EXISTS"
            f" (SELECT 1 FROM {DIRTY_TABLE} WHERE key = {key});")

TRIGGERS = {
    "derived_dirty_report_insert": f"""CREATE TRIGGER [derived_dirty_report_insert]
AFTER INSERT ON reports BEGIN {_note('new.id')} END""",
    "derived_dirty_report_update": f"""CREATE TRIGGER [derived_dirty_report_update]
AFTER UPDATE ON reports WHEN {_CHANGED}
BEGIN {_note('new.id')} {_note('old.id')} END""",
    "derived_dirty_report_delete": f"""CREATE TRIGGER [derived_dirty_report_delete]
AFTER DELETE ON reports BEGIN {_note('old.id')} END""",
    "derived_dirty_stats_insert": f"""CREATE TRIGGER [derived_dirty_stats_insert]
AFTER INSERT ON report_stats BEGIN {_note('new.report_id')} END""",
    "derived_dirty_stats_update": f"""CREATE TRIGGER [derived_dirty_stats_update]
AFTER UPDATE ON report_stats BEGIN {_note('new.report_id')} {_note('old.report_id')} END""",
    "derived_dirty_stats_delete": f"""CREATE TRIGGER [derived_dirty_stats_delete]
AFTER DELETE ON report_stats BEGIN {_note('old.report_id')} END""",
    "derived_dirty_attachment_insert": f"""CREATE TRIGGER [derived_dirty_attachment_insert]
AFTER INSERT ON attachments BEGIN {_note('new.report_id')} END""",
    "derived_dirty_attachment_update": f"""CREATE TRIGGER [derived_dirty_attachment_update]
AFTER UPDATE ON attachments WHEN old.sha256 IS NOT new.sha256 OR old.role IS NOT new.role
  OR old.report_id IS NOT new.report_id
BEGIN {_note('new.report_id')} {_note('old.report_id')} END""",
    "derived_dirty_attachment_delete": f"""CREATE TRIGGER [derived_dirty_attachment_delete]
AFTER DELETE ON attachments BEGIN {_note('old.report_id')} END""",
    "derived_dirty_file_update": f"""CREATE TRIGGER [derived_dirty_file_update]
AFTER UPDATE ON attachment_files WHEN old.text IS NOT new.text OR old.method IS NOT new.method
BEGIN INSERT INTO {DIRTY_TABLE} (key) SELECT DISTINCT report_id FROM attachments
  WHERE sha256 = new.sha256 AND report_id NOT IN (SELECT key FROM {DIRTY_TABLE}); END""",
    "derived_dirty_site_insert": f"""CREATE TRIGGER [derived_dirty_site_insert]
AFTER INSERT ON sites BEGIN {_note(f"'{SITE_ADDED}' || new.slug")} END""",
    "derived_dirty_site_update": f"""CREATE TRIGGER [derived_dirty_site_update]
AFTER UPDATE ON sites WHEN old.agency IS NOT new.agency OR old.region IS NOT new.region
  OR old.region_code IS NOT new.region_code OR old.columns IS NOT new.columns
  OR old.slug IS NOT new.slug
BEGIN {_note(f"'{SITE_CHANGED}' || old.slug")} END""",
    "derived_dirty_site_delete": f"""CREATE TRIGGER [derived_dirty_site_delete]
AFTER DELETE ON sites BEGIN {_note(f"'{SITE_CHANGED}' || old.slug")} END""",
}


def ensure_change_tracking(db) -> None:
    """The ``derived_dirty`` table and its triggers, each as defined here (an older definition
    is replaced). Call once the watched tables exist."""
    db.execute(f"CREATE TABLE IF NOT EXISTS {DIRTY_TABLE} (key TEXT PRIMARY KEY)")
    for name, sql in TRIGGERS.items():
        ensure_object(db, "trigger", name, sql)


def dirty_keys(db) -> set[str]:
    """Every key noted since the last :func:`forget`."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [DIRTY_TABLE]).fetchone():
        return set()
    return {key for (key,) in db.execute(f"SELECT key FROM {DIRTY_TABLE} WHERE key IS NOT NULL")}


def forget(db, keys) -> None:
    """Drop ``keys`` from the list (the ones a refresh has dealt with; any noted meanwhile stay)."""
    db.conn.executemany(f"DELETE FROM {DIRTY_TABLE} WHERE key = ?", [(k,) for k in keys])
    db.execute(f"DELETE FROM {DIRTY_TABLE} WHERE key IS NULL")  # a row without its report id
