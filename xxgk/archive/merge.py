"""Shard archives -> one archive: ``xxgk merge SHARD.db … --into ARCHIVE.db`` (docs/scaling.md).

Each Scrapyd node crawls its share of the sites into a shard archive of its own; merging folds
the shards into the served archive. Deterministic ids make it a union: merging a shard twice
adds nothing, and a shard whose run was interrupted merges like any other (what it stored is
carried; what it had not stored yet comes with the next merge).

Natural keys, since the autoincrement ids of a shard mean nothing in the target:

* ``crawl_runs``: (started_at, sites, args), the run's "run key". A shard's run gets a new local
  id; ``merged_runs`` keeps where it came from (shard name, the shard's own run id).
* ``report_versions``: an observation (report, fetched_at, content_hash). A version whose content
  equals the version before it is no version (as ``history.record_fetch`` decides); versions of
  one report from two shards are numbered again in fetch order.
* ``report_events``: a version's event goes with its version; the others by (kind, at, reason).
* everything else by its primary key or (run, url, kind, time) for ``crawl_errors``.

A report in both archives takes its row from the one that saw it last. Attachment blobs
(``files/``) and WARC files (``warc/``) beside the shard are copied when missing. Afterwards the
search index rows of the touched reports are rewritten and ``derived.refresh_derived`` runs.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from xxgk.archive.blobs import store_blob
from xxgk.archive.db import fetch_dicts, now, transaction
from xxgk.archive.derived import refresh_derived
from xxgk.archive.schema import ensure_db_shape, fts_row

MERGED_RUNS_SQL = """CREATE TABLE IF NOT EXISTS [merged_runs] (
   [crawl_run_id] INTEGER PRIMARY KEY REFERENCES [crawl_runs]([id]),
   [run_key] TEXT UNIQUE, [shard] TEXT, [shard_run_id] INTEGER, [merged_at] TEXT)"""
RUN_RESULT_COLUMNS = ("finished_at", "requests", "items", "reports", "errors", "bytes", "status",
                      "finish_reason", "stats")
KEEP_ON_UPDATE = {"id", "first_seen", "latest_version_id", "version_count", "last_changed"}
# table -> the columns that say whether a shard row is already in the target
ROW_KEYS = {
    "report_views": ("report_id", "crawl_run_id"),
    "site_health": ("crawl_run_id", "site_id"),
    "crawl_errors": ("crawl_run_id", "url", "kind", "occurred_at", "reason"),
    "report_aliases": ("canonical_url",),
    "attachment_files": ("sha256",),
    "capture_records": ("record_id",),
}


class MergeError(RuntimeError):
    """A shard that cannot be merged; ``str()`` is one line naming the file."""


def run_key(started_at, sites, args) -> str:
    """The identity of a crawl run in every archive it is merged into."""
    return hashlib.sha1(json.dumps([started_at, sites, args]).encode()).hexdigest()[:16]


def merge_shards(db, shards, *, files_dir=None, progress=None) -> list[dict]:
    """Merge every shard path into ``db`` (the target archive, opened for writing), then
    rebuild the derived tables once. Returns one count summary per shard."""
    ensure_db_shape(db)
    db.execute(MERGED_RUNS_SQL)
    summaries = []
    for shard in shards:
        summaries.append(merge_shard(db, shard, files_dir=files_dir))
        if progress:
            progress(summaries[-1])
    with transaction(db):
        refresh_derived(db)
    return summaries


def merge_shard(db, shard, *, files_dir=None, name=None) -> dict:
    """Fold one shard archive into ``db``. ``files_dir``: the target's blob folder (default
    ``files/`` beside it). Derived tables are not refreshed here (``merge_shards`` does)."""
    shard = Path(shard)
    if not shard.is_file():
        raise MergeError(f"{shard}: no shard archive there; pass the path of a shard's .db file")
    target_dir = Path(db.execute("PRAGMA database_list").fetchone()[2] or ".").parent
    files_dir = Path(files_dir) if files_dir else target_dir / "files"
    db.execute(MERGED_RUNS_SQL)
    if db.conn.in_transaction:
        db.conn.commit()  # ATTACH is refused inside a transaction
    db.execute("ATTACH DATABASE ? AS shard", [str(shard)])
    try:
        missing = {"reports", "crawl_runs"} - _tables(db, "shard")
        if missing:
            raise MergeError(f"{shard}: not an archive (no {', '.join(sorted(missing))} table)")
        with transaction(db):
            summary = _merge_attached(db, name or shard_name(shard), shard.parent, files_dir)
    finally:
        db.execute("DETACH DATABASE shard")
    summary["warc_files"] = copy_warc_files(shard.parent / "warc", target_dir / "warc")
    return summary


def shard_name(path: Path) -> str:
    """How ``merged_runs.shard`` names a shard: its folder and file name (``a/shard.db``)."""
    return f"{path.parent.name}/{path.name}"


def _merge_attached(db, name, shard_dir, files_dir) -> dict:
    summary = {"shard": name, "runs": _merge_runs(db, name)}
    _copy_rows(db, "sites", ("slug",))
    summary["files"] = _copy_rows(db, "attachment_files", ROW_KEYS["attachment_files"])
    summary["blobs"], summary["missing_blobs"] = copy_blobs(db, shard_dir / "files", files_dir)
    touched = 0
    for row in fetch_dicts(db, "SELECT * FROM shard.reports ORDER BY rowid"):
        touched += merge_report(db, row)
    summary["reports"] = touched
    for table in ("report_aliases", "crawl_errors", "site_health", "capture_records"):
        if table in _tables(db, "shard"):
            summary[table] = _copy_rows(db, table, ROW_KEYS[table])
    return summary


def _tables(db, schema: str) -> set[str]:
    return {r[0] for r in db.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")}


def _columns(db, table: str) -> list[str]:
    """Columns of ``table`` in both the target and the shard (a shard may be older)."""
    mine = [r[1] for r in db.execute(f"PRAGMA main.table_info([{table}])")]
    theirs = {r[1] for r in db.execute(f"PRAGMA shard.table_info([{table}])")}
    return [c for c in mine if c in theirs]


def _merge_runs(db, name: str) -> int:
    """Give each shard run its target id (matched by run key, else new) in ``temp.run_map``;
    a run already merged gets the shard's latest result (a run merged while still running).
    Returns the number of runs new to the target."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS run_map (shard_id INTEGER PRIMARY KEY, target_id INTEGER)")
    db.execute("DELETE FROM temp.run_map")
    known = {run_key(r[1], r[2], r[3]): r[0] for r in db.execute(
        "SELECT id, started_at, sites, args FROM main.crawl_runs")}
    columns = [c for c in _columns(db, "crawl_runs") if c != "id"]
    added = 0
    for run in fetch_dicts(db, "SELECT * FROM shard.crawl_runs ORDER BY id"):
        key = run_key(run["started_at"], run["sites"], run["args"])
        target = known.get(key)
        if target is None:
            target = db.execute(
                f"INSERT INTO main.crawl_runs ({', '.join(columns)}) VALUES "
                f"({', '.join('?' for _ in columns)})", [run[c] for c in columns]).lastrowid
            known[key], added = target, added + 1
        elif run["finished_at"] and run["status"] != "running":
            result = [c for c in RUN_RESULT_COLUMNS if c in columns]
            db.execute(f"UPDATE main.crawl_runs SET {', '.join(c + ' = ?' for c in result)}"
                       " WHERE id = ? AND (finished_at IS NULL OR finished_at <= ?)",
                       [*(run[c] for c in result), target, run["finished_at"]])
        db.execute("INSERT INTO temp.run_map VALUES (?, ?)", [run["id"], target])
        db.execute("INSERT OR IGNORE INTO main.merged_runs VALUES (?, ?, ?, ?, ?)",
                   [target, key, name, run["id"], now()])
    return added


def _copy_rows(db, table: str, key: tuple, where: str = "1", params=()) -> int:
    """Insert the shard's rows of ``table`` that the target lacks (by ``key``), with crawl run
    ids mapped and autoincrement ids left to the target. Returns the number inserted."""
    columns = [c for c in _columns(db, table)
               if not (c == "id" and table in ("crawl_errors", "report_events", "report_versions"))]

    def value(c):
        return "m.target_id" if c == "crawl_run_id" else f"s.[{c}]"

    match = " AND ".join(f"t.[{k}] IS {value(k)}" for k in key)
    cursor = db.execute(
        f"INSERT INTO main.[{table}] ({', '.join(f'[{c}]' for c in columns)})"
        f" SELECT {', '.join(value(c) for c in columns)} FROM shard.[{table}] AS s"
        f" LEFT JOIN temp.run_map AS m ON m.shard_id = "
        f"{'s.crawl_run_id' if 'crawl_run_id' in columns else 'NULL'}"
        f" WHERE ({where}) AND NOT EXISTS (SELECT 1 FROM main.[{table}] AS t WHERE {match})"
        " ORDER BY s.rowid", list(params))
    return cursor.rowcount


def copy_blobs(db, source: Path, target: Path) -> tuple[int, int]:
    """Copy the attachment files the target's blob folder lacks; a blob whose bytes do not hash
    to its name is not copied. Returns (copied, missing or damaged in the shard)."""
    copied = missing = 0
    for sha, path in db.execute("SELECT sha256, path FROM shard.attachment_files WHERE path IS NOT NULL"):
        if (target / path).exists():
            continue
        try:
            data = (source / path).read_bytes()
        except OSError:
            missing += 1
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            missing += 1
            continue
        store_blob(target, data)
        copied += 1
    return copied, missing


def copy_warc_files(source: Path, target: Path) -> int:
    """Copy the shard's WARC files the target lacks (or holds shorter: a run still writing)."""
    if not source.is_dir():
        return 0
    copied = 0
    for path in sorted(source.glob("*.warc*")):
        dest = target / path.name
        if dest.exists() and dest.stat().st_size >= path.stat().st_size:
            continue
        target.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.tmp")
        shutil.copyfile(path, tmp)
        tmp.replace(dest)
        copied += 1
    return copied


def merge_report(db, row: dict) -> int:
    """One shard report with its versions, events, views, attachments and statistics.
    Returns 1 when the target changed, else 0."""
    rid = row["id"]
    old = db.execute("SELECT rowid, last_seen, first_seen, title, body, attachment_text"
                     " FROM main.reports WHERE id = ?", [rid]).fetchone()
    shard_wins = old is None or (row["last_seen"] or "") > (old[1] or "")
    before = db.conn.total_changes
    if old is None:
        _insert_report(db, row)
    elif shard_wins:
        _update_report(db, row, first_seen=min(filter(None, [old[2], row["first_seen"]]), default=None))
    versions = merge_versions(db, rid)
    _merge_events(db, rid, versions)
    _copy_rows(db, "report_views", ROW_KEYS["report_views"], "s.report_id = ?", [rid])
    _merge_attachments(db, rid, replace=shard_wins)
    _merge_stats(db, rid, replace=shard_wins)
    _refresh_text(db, rid, old)
    return int(db.conn.total_changes != before)


def _insert_report(db, row: dict) -> None:
    columns = _columns(db, "reports")
    values = [_mapped_run(db, row[c]) if c == "crawl_run_id" else row[c] for c in columns]
    db.execute(f"INSERT INTO main.reports ({', '.join(f'[{c}]' for c in columns)}) VALUES"
               f" ({', '.join('?' for _ in columns)})", values)


def _update_report(db, row: dict, first_seen) -> None:
    columns = [c for c in _columns(db, "reports") if c not in KEEP_ON_UPDATE]
    values = [_mapped_run(db, row[c]) if c == "crawl_run_id" else row[c] for c in columns]
    db.execute(f"UPDATE main.reports SET {', '.join(f'[{c}] = ?' for c in columns)},"
               " first_seen = ? WHERE id = ?", [*values, first_seen, row["id"]])


def _mapped_run(db, shard_run_id):
    row = db.execute("SELECT target_id FROM temp.run_map WHERE shard_id = ?", [shard_run_id]).fetchone()
    return row[0] if row else None


def merge_versions(db, rid: str) -> dict[int, tuple[int, bool]]:
    """The shard's versions of ``rid`` folded into the target's timeline. Returns
    ``{shard version number: (target version number, added)}``."""
    timeline = fetch_dicts(db, "SELECT id, fetched_at, content_hash FROM main.report_versions"
                               " WHERE report_id = ? ORDER BY fetched_at, id", [rid])
    columns = [c for c in _columns(db, "report_versions") if c not in ("id", "version")]
    mapping, added, reorder = {}, {}, False
    for v in fetch_dicts(db, "SELECT * FROM shard.report_versions WHERE report_id = ?"
                             " ORDER BY version", [rid]):
        at = v["fetched_at"] or ""
        before = [t for t in timeline if (t["fetched_at"] or "") <= at]
        after = [t for t in timeline if (t["fetched_at"] or "") > at]
        same = next((t for t in before if t["fetched_at"] == v["fetched_at"]
                     and t["content_hash"] == v["content_hash"]), None)
        if same is None and before and before[-1]["content_hash"] == v["content_hash"]:
            same = before[-1]  # the same content seen again: no version
        if same is None and after and after[0]["content_hash"] == v["content_hash"]:
            same = after[0]  # an earlier sighting of the target's next version
        if same is not None:
            mapping[v["version"]] = same["id"]
            continue
        values = [_mapped_run(db, v[c]) if c == "crawl_run_id" else v[c] for c in columns]
        new_id = db.execute(
            f"INSERT INTO main.report_versions (version, {', '.join(columns)}) VALUES"
            f" ((SELECT coalesce(max(version), 0) + 1 FROM main.report_versions WHERE"
            f" report_id = ?), {', '.join('?' for _ in columns)})", [rid, *values]).lastrowid
        mapping[v["version"]], added[new_id] = new_id, True
        reorder = reorder or bool(after)
        timeline = sorted(timeline + [{"id": new_id, "fetched_at": v["fetched_at"],
                                       "content_hash": v["content_hash"]}],
                          key=lambda t: (t["fetched_at"] or "", t["id"]))
    if reorder:
        _renumber_versions(db, rid, [t["id"] for t in timeline])
    if added:
        _set_latest_version(db, rid)
    numbers = dict(db.execute("SELECT id, version FROM main.report_versions WHERE report_id = ?",
                              [rid]).fetchall())
    return {sv: (numbers[vid], vid in added) for sv, vid in mapping.items()}


def _renumber_versions(db, rid: str, ids_in_order: list[int]) -> None:
    """Version numbers in fetch order; the target's events follow their versions."""
    old = dict(db.execute("SELECT id, version FROM main.report_versions WHERE report_id = ?", [rid]))
    for number, vid in enumerate(ids_in_order, 1):  # negative first: (report_id, version) is unique
        db.execute("UPDATE main.report_versions SET version = ? WHERE id = ?", [-number, vid])
    db.execute("UPDATE main.report_versions SET version = -version WHERE report_id = ?", [rid])
    renumbered = {old[vid]: n for n, vid in enumerate(ids_in_order, 1) if vid in old}
    if renumbered:
        db.execute("UPDATE main.report_events SET version = (SELECT value FROM json_each(?) WHERE"
                   " key = CAST(report_events.version AS TEXT)) WHERE report_id = ? AND version"
                   " IS NOT NULL", [json.dumps({str(k): v for k, v in renumbered.items()}), rid])
    _fix_event_kinds(db, rid)


def _set_latest_version(db, rid: str) -> None:
    db.execute("UPDATE main.reports SET (latest_version_id, version_count, last_changed) ="
               " (SELECT id, version, fetched_at FROM main.report_versions WHERE report_id = ?"
               " ORDER BY version DESC LIMIT 1) WHERE id = ?", [rid, rid])


def _fix_event_kinds(db, rid: str) -> None:
    """Version 1's event is "new", every later version's "changed"."""
    db.execute("UPDATE main.report_events SET kind = CASE WHEN version = 1 THEN 'new' ELSE"
               " 'changed' END WHERE report_id = ? AND version IS NOT NULL AND"
               " ((kind = 'new' AND version != 1) OR (kind = 'changed' AND version = 1))", [rid])


def _merge_events(db, rid: str, versions: dict) -> None:
    """Events of added versions (renumbered); other events when the target lacks them."""
    for e in fetch_dicts(db, "SELECT * FROM shard.report_events WHERE report_id = ? ORDER BY id", [rid]):
        run = _mapped_run(db, e["crawl_run_id"])
        if e["version"] is not None and e["kind"] in ("new", "changed"):
            number, added = versions.get(e["version"], (None, False))
            if not added:
                continue  # its version was already in the target (with its event)
            e["version"] = number
        elif db.execute("SELECT 1 FROM main.report_events WHERE report_id = ? AND kind = ? AND"
                        " at IS ? AND reason IS ?", [rid, e["kind"], e["at"], e["reason"]]).fetchone():
            continue
        db.execute("INSERT INTO main.report_events (report_id, crawl_run_id, at, kind, reason,"
                   " version) VALUES (?, ?, ?, ?, ?, ?)",
                   [rid, run, e["at"], e["kind"], e["reason"], e["version"]])
    _fix_event_kinds(db, rid)


def _merge_attachments(db, rid: str, *, replace: bool) -> None:
    """The shard's attachment links when its fetch is the latest (the target keeps a file it
    downloaded for a link still there); else only the downloads the target lacks."""
    if replace:
        db.execute("DELETE FROM main.attachments WHERE report_id = ? AND id NOT IN"
                   " (SELECT id FROM shard.attachments WHERE report_id = ?)", [rid, rid])
        _copy_rows(db, "attachments", ("id",), "s.report_id = ?", [rid])
    db.execute("UPDATE main.attachments SET (status, sha256, error) = (SELECT s.status, s.sha256,"
               " s.error FROM shard.attachments AS s WHERE s.id = attachments.id) WHERE report_id = ?"
               " AND coalesce(status, 'pending') != 'downloaded' AND EXISTS (SELECT 1 FROM"
               " shard.attachments AS s WHERE s.id = attachments.id AND s.status = 'downloaded')",
               [rid])


def _merge_stats(db, rid: str, *, replace: bool) -> None:
    """Statistics cells and checks: the shard's when its fetch is the latest; else only the
    sources (attachments) the target has no cells of."""
    for table in ("report_stats", "report_stat_checks"):
        if table not in _tables(db, "shard"):
            continue
        if replace:
            db.execute(f"DELETE FROM main.[{table}] WHERE report_id = ?", [rid])
            where = "s.report_id = ?"
        else:
            where = (f"s.report_id = ? AND s.source NOT IN (SELECT source FROM main.[{table}]"
                     " WHERE report_id = s.report_id)")
        pk = [r[1] for r in db.execute(f"PRAGMA main.table_info([{table}])") if r[5]]
        _copy_rows(db, table, tuple(pk), where, [rid])


def _refresh_text(db, rid: str, old) -> None:
    """The report's attachment text from its downloaded files, and its search index row."""
    texts = [r[0] for r in db.execute(
        "SELECT f.text FROM main.attachments AS a JOIN main.attachment_files AS f ON"
        " f.sha256 = a.sha256 WHERE a.report_id = ? AND f.text_status = 'ok' AND"
        " coalesce(f.text, '') != '' ORDER BY a.rowid", [rid])]
    db.execute("UPDATE main.reports SET attachment_text = ? WHERE id = ? AND attachment_text IS"
               " NOT ?", ["\n\n".join(texts) or None, rid, "\n\n".join(texts) or None])
    rowid, title, body, text = db.execute("SELECT rowid, title, body, attachment_text FROM"
                                          " main.reports WHERE id = ?", [rid]).fetchone()
    indexed = db.execute("SELECT 1 FROM main.reports_fts WHERE rowid = ?", [rowid]).fetchone()
    if indexed and old is not None and tuple(old[3:]) == (title, body, text):
        return
    db.execute("DELETE FROM main.reports_fts WHERE rowid = ?", [rowid])
    db.execute("INSERT INTO main.reports_fts (rowid, title, body, attachments) VALUES (?, ?, ?, ?)",
               [rowid, *fts_row(title, body, text)])
