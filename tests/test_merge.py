"""Shard archives merge into one archive (xxgk/archive/merge.py, docs/scaling.md).

The fixture web's sites are crawled in two shares into two shard archives, and merged: the
result must hold what a one-machine crawl of the same sites holds, compared by deterministic
ids and content (never by autoincrement ids). Merging twice equals merging once, a shard whose
run was interrupted merges safely, and the history of a second, changed crawl comes along.
"""
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from xxgk.archive.blobs import read_blob
from xxgk.archive.merge import merge_shards
from xxgk.archive.search import segment_for_index
from support import crawl_fixture_web, mutate_fixture_web, reset_fixture_web

SITES = ["fuxin-swj", "hedong-mzj", "longgang-gov", "nanxian-gov", "qingshui-gov", "yiwu-swj-fx"]
SHARES = {"node-a": SITES[:3], "node-b": SITES[3:]}


def _digest(value) -> str | None:
    if value is None:
        return None
    data = value if isinstance(value, bytes) else str(value).encode()
    return hashlib.sha256(data).hexdigest()[:16]


SNAPSHOT_SQL = {
    "reports": "SELECT id, url, canonical_url, site_id, title, published, report_year, agency,"
               " source, views, is_report, region_code, body, attachment_count, http_status, sha256,"
               " attachment_text, version_count, removed_at IS NOT NULL, removed_reason, extractor"
               " FROM reports",
    "versions": "SELECT report_id, version, content_hash, sha256, http_status, record, body,"
                " length(raw_gz) FROM report_versions",
    "events": "SELECT report_id, kind, version, reason FROM report_events",
    "views": "SELECT report_id, views, origin FROM report_views",
    "attachments": "SELECT id, report_id, url, text, ext, sha256, status, role FROM attachments",
    "files": "SELECT sha256, mime, size, path, text, text_status, pages, method, tables"
             " FROM attachment_files",
    "stats": "SELECT report_id, source, section, row_code, col_code, report_year, value, unit, raw,"
             " method FROM report_stats",
    "checks": "SELECT report_id, source, check_code, ok, expected, actual, status FROM report_stat_checks",
    "aliases": "SELECT canonical_url, report_id, site_id FROM report_aliases",
    "errors": "SELECT site_id, url, status, kind, reason FROM crawl_errors",
    "health": "SELECT site_id, items, reports, new_reports, valid_date_rate, errors FROM site_health",
    "agencies": "SELECT id, name, level, region_code, sites FROM agencies",
    "report_agencies": "SELECT report_id, agency_id FROM report_agencies",
    "indicators": "SELECT * FROM report_indicators",
    "audit": "SELECT * FROM report_audit",
}


def archive_snapshot(path) -> dict:
    """What an archive holds, by deterministic ids and content: one sorted list of rows per
    table (long texts as digests), the blobs on disk, and what its search index finds."""
    db = sqlite_utils.Database(path)
    # which build of the extractor read a page is code provenance, not content: an egg built
    # from the same tree digests its files differently
    builds = [r[0] for r in db.execute("SELECT extractor FROM reports UNION"
                                       " SELECT extractor FROM report_versions") if r[0]]

    def value(v):
        if isinstance(v, str):
            for build in builds:
                v = v.replace(build, "<extractor>")
        return _digest(v) if isinstance(v, (bytes, str)) and len(v) > 200 else v

    snap = {}
    for name, sql in SNAPSHOT_SQL.items():
        snap[name] = sorted((tuple(value(v) for v in row) for row in db.execute(sql)), key=repr)
    files = Path(path).parent / "files"
    snap["blobs"] = sorted(_digest(read_blob(files, p)) for (p,) in db.execute(
        "SELECT path FROM attachment_files WHERE path IS NOT NULL"))
    snap["search"] = {word: sorted(r[0] for r in db.execute(
        "SELECT r.id FROM reports_fts JOIN reports AS r ON r.rowid = reports_fts.rowid"
        " WHERE reports_fts MATCH ?", [segment_for_index(word)]))
        for word in ("年度报告", "政府信息公开", "行政复议", "商务")}
    snap["fts_rows"] = db.execute("SELECT count(*) FROM reports_fts").fetchone()[0]
    db.close()
    return snap


def table_dump(path) -> dict:
    """Every row of every table, autoincrement ids included (merge twice = merge once)."""
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'reports_fts%'")]
        return {n: sorted(conn.execute(f"SELECT * FROM [{n}]").fetchall(), key=repr) for n in names}


def merge_into(target: Path, shards) -> list[dict]:
    db = sqlite_utils.Database(target)
    try:
        return merge_shards(db, shards)
    finally:
        db.close()


@pytest.fixture(scope="module")
def shards(fixture_web, tmp_path_factory):
    """``{node: shard archive path}``: each share of the fixture sites crawled on its own."""
    paths = {}
    for node, sites in SHARES.items():
        path = tmp_path_factory.mktemp(node) / f"{node}.db"
        reset_fixture_web(fixture_web)
        crawl_fixture_web(path, fixture_url=fixture_web, sites=sites)
        paths[node] = path
    return paths


@pytest.fixture(scope="module")
def merged(shards, tmp_path_factory):
    target = tmp_path_factory.mktemp("merged") / "archive.db"
    summaries = merge_into(target, list(shards.values()))
    return target, summaries


def test_merged_shards_hold_what_one_machine_crawl_holds(fixture_archive, shards, merged):
    target, summaries = merged
    assert [s["runs"] for s in summaries] == [1, 1]
    whole, union = archive_snapshot(fixture_archive), archive_snapshot(target)
    assert union["reports"] and union["versions"] and union["stats"] and union["files"]
    for table in whole:
        assert union[table] == whole[table], table
    assert union["fts_rows"] == len(union["reports"])


def test_merge_keeps_the_provenance_of_each_run(shards, merged):
    target, _ = merged
    db = sqlite_utils.Database(target)
    runs = {r["shard"]: r for r in db.query(
        "SELECT m.shard, m.shard_run_id, c.id, c.status, c.sites, c.reports FROM merged_runs AS m"
        " JOIN crawl_runs AS c ON c.id = m.crawl_run_id")}
    assert set(runs) == {f"{p.parent.name}/{p.name}" for p in shards.values()}
    assert {r["id"] for r in runs.values()} == {1, 2}
    for name, run in runs.items():
        node = name.split("/")[1].removesuffix(".db")
        assert run["shard_run_id"] == 1 and run["status"] == "finished"
        assert set(SHARES[node]) == set(sqlite_utils.Database(shards[node]).execute(
            "SELECT sites FROM crawl_runs").fetchone()[0].strip("[]").replace('"', "").split(", "))
        # every row of that shard's run points to the run's new id
        site_reports = db.execute("SELECT count(*) FROM reports WHERE crawl_run_id = ?",
                                  [run["id"]]).fetchone()[0]
        assert site_reports == run["reports"]


def test_merging_twice_equals_merging_once(shards, merged, tmp_path):
    target, _ = merged
    copy = tmp_path / "archive.db"
    shutil.copy(target, copy)
    shutil.copytree(target.parent / "files", tmp_path / "files")
    once = table_dump(copy)
    summaries = merge_into(copy, list(shards.values()) + [shards["node-a"]])
    assert all(s["runs"] == 0 and s["reports"] == 0 and s["blobs"] == 0 for s in summaries)
    assert table_dump(copy) == once
    assert archive_snapshot(copy) == archive_snapshot(target)


def test_merge_copies_attachment_blobs(merged):
    target, summaries = merged
    db = sqlite_utils.Database(target)
    files = list(db.query("SELECT sha256, path FROM attachment_files WHERE path IS NOT NULL"))
    assert files and sum(s["blobs"] for s in summaries) == len(files)
    for f in files:
        assert hashlib.sha256(read_blob(target.parent / "files", f["path"])).hexdigest() == f["sha256"]
    assert any((target.parent / "warc").glob("*.warc.gz"))


def test_an_interrupted_shard_merges_and_its_next_run_completes_it(fixture_web, tmp_path):
    shard = tmp_path / "node" / "shard.db"
    reset_fixture_web(fixture_web)
    _crawl(shard, fixture_web, SITES[:2], CLOSESPIDER_ITEMCOUNT=4)
    assert _run_statuses(shard) == ["interrupted"]
    killed = tmp_path / "killed" / "shard.db"  # the same shard copied while its run was running
    killed.parent.mkdir()
    shutil.copy(shard, killed)
    conn = sqlite3.connect(killed)
    with conn:
        conn.execute("UPDATE crawl_runs SET status = 'running', finished_at = NULL")
    conn.close()
    target = tmp_path / "archive" / "archive.db"
    target.parent.mkdir()
    merge_into(target, [killed])
    assert _run_statuses(target) == ["running"]
    merge_into(target, [shard])
    assert _run_statuses(target) == ["interrupted"]
    partial = archive_snapshot(target)
    assert partial["reports"] == archive_snapshot(shard)["reports"]
    _crawl(shard, fixture_web, SITES[:2])  # the next run on that node completes the shard
    merge_into(target, [shard])
    assert _run_statuses(target) == ["interrupted", "finished"]
    assert archive_snapshot(target) == archive_snapshot(shard)
    assert len(partial["reports"]) < len(archive_snapshot(target)["reports"])


def _crawl(path, base, sites, **settings):
    from xxgk.cli.processes import run_crawl, scrapy_crawl_command
    from xxgk.crawler.settings import FIXTURE_WEB_SETTINGS

    cmd = scrapy_crawl_command(path, sites=sites, fixture_url=base, log_level="WARNING",
                               settings={**FIXTURE_WEB_SETTINGS, **settings})
    result = run_crawl(cmd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]


def _run_statuses(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT status FROM crawl_runs ORDER BY id")]
    finally:
        conn.close()


def test_history_of_changed_sites_merges_like_one_machine(fixture_web, tmp_path):
    """Crawl, change the fixture web (edits, removals, views), crawl again: versions, events
    and view counts of two shards merged equal those of one archive."""
    whole = tmp_path / "whole" / "archive.db"
    nodes = {node: tmp_path / node / f"{node}.db" for node in SHARES}
    reset_fixture_web(fixture_web)
    crawl_fixture_web(whole, fixture_url=fixture_web)
    for node, path in nodes.items():
        crawl_fixture_web(path, fixture_url=fixture_web, sites=SHARES[node])
    mutate_fixture_web(fixture_web, "all")
    crawl_fixture_web(whole, fixture_url=fixture_web, full=True)
    for node, path in nodes.items():
        crawl_fixture_web(path, fixture_url=fixture_web, sites=SHARES[node], full=True)
    reset_fixture_web(fixture_web)
    target = tmp_path / "merged" / "archive.db"
    target.parent.mkdir()
    merge_into(target, list(nodes.values()))
    one, union = archive_snapshot(whole), archive_snapshot(target)
    assert any(kind == "changed" for _, kind, _, _ in union["events"])
    assert any(kind == "removed" for _, kind, _, _ in union["events"])
    assert len(union["views"]) > len(union["reports"]) // 4
    for table in ("reports", "versions", "events", "views", "attachments", "files", "stats",
                  "checks", "errors", "agencies", "indicators", "audit", "search"):
        assert union[table] == one[table], table
