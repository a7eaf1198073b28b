"""Versions, removals and view history, end to end: crawl the fixture web, change it, crawl again,
and check the exact rows the archive gained."""
import json

import pytest
import sqlite_utils
from warcio.archiveiterator import ArchiveIterator

from xxgk.cli.processes import running_fixture_web
from xxgk.fixtureweb.mutations import SCENARIOS
from support import crawl_fixture_web, post_fixture as post

SITES = ["fuxin-swj", "hedong-mzj", "nanxian-gov"]
SEED = "/fuxin-swj/html/SWJ/201803/0152180328150334.html"


def crawl(db_path, base, *, full=True):
    crawl_fixture_web(db_path, sites=SITES, fixture_url=base, full=full)
    db = sqlite_utils.Database(db_path)
    return db, next(db.query("select * from crawl_runs order by id desc limit 1"))


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Four runs: first crawl; unchanged; after the `all` scenario; after `restore`."""
    path = tmp_path_factory.mktemp("history") / "archive.db"
    with running_fixture_web() as base:
        runs = [crawl(path, base)[1], crawl(path, base)[1]]
        post(base, "/__fixture/mutate", {"scenario": "all"})
        runs.append(crawl(path, base)[1])
        post(base, "/__fixture/mutate", {"scenario": "restore"})
        db, last = crawl(path, base)
        runs.append(last)
        yield base, db, [r["id"] for r in runs], runs


def report(db, base, path):
    rows = list(db.query("select * from reports where url = ?", [base + path]))
    assert rows, f"{path} not in the archive"
    return rows[0]


def versions(db, base, path):
    return list(db.query(
        "select v.* from report_versions v join reports r on r.id = v.report_id "
        "where r.url = ? order by v.version", [base + path]))


def events(db, base, path):
    return [(e["kind"], e["crawl_run_id"]) for e in db.query(
        "select e.* from report_events e join reports r on r.id = e.report_id "
        "where r.url = ? order by e.id", [base + path])]


def test_unchanged_recrawl_adds_nothing_and_uses_conditional_requests(history):
    base, db, (r1, r2, r3, r4), runs = history
    stats = json.loads(runs[1]["stats"])
    assert stats.get("downloader/response_status_count/304", 0) >= 10
    added_in_r2 = db.execute("select count(*) from report_versions where crawl_run_id = ?",
                             [r2]).fetchone()[0]
    assert added_in_r2 == 0
    # nanxian-gov sends no validators: fetched again in full, compared by hash, no new version
    nanxian = db.execute("select count(*) from report_versions v join reports r on "
                         "r.id = v.report_id where r.site_id = 'nanxian-gov'").fetchone()[0]
    assert nanxian == db.execute("select count(*) from reports where site_id = 'nanxian-gov'"
                                 ).fetchone()[0]


def test_edited_reports_get_a_second_version(history):
    base, db, (r1, r2, r3, r4), _ = history
    for path, edit in SCENARIOS["edit"]["edits"].items():
        rows = versions(db, base, path)
        assert [(v["version"], v["crawl_run_id"]) for v in rows] == [(1, r1), (2, r3)]
        assert edit["before"] in rows[0]["body"] and edit["after"] in rows[1]["body"]
        row = report(db, base, path)
        assert row["latest_version_id"] == rows[1]["id"] and row["version_count"] == 2
        assert row["last_changed"] == rows[1]["fetched_at"]
        assert events(db, base, path) == [("new", r1), ("changed", r3)]


def test_view_counts_are_a_time_series_without_new_versions(history):
    base, db, (r1, r2, r3, r4), _ = history
    for path, (old, new) in SCENARIOS["views"]["views"].items():
        series = [(v["crawl_run_id"], v["views"]) for v in db.query(
            "select v.* from report_views v join reports r on r.id = v.report_id "
            "where r.url = ? order by v.crawl_run_id", [base + path])]
        assert series == [(r1, old), (r3, new)]
        if path not in SCENARIOS["edit"]["edits"]:
            assert len(versions(db, base, path)) == 1
    assert report(db, base, SEED)["views"] == 351


def test_removed_reports_are_kept_marked_and_restored(history):
    base, db, (r1, r2, r3, r4), _ = history
    gone_404 = SCENARIOS["delete"]["gone_404"][0]
    gone_410 = SCENARIOS["delete"]["gone_410_unlisted"][0]
    assert events(db, base, gone_404) == [("new", r1), ("removed", r3), ("restored", r4)]
    assert events(db, base, gone_410) == [("new", r1), ("removed", r3), ("restored", r4)]
    reasons = {e["reason"] for e in db.query(
        "select reason from report_events where kind = 'removed'")}
    assert reasons == {"HTTP 404", "missing from fully walked listing"}
    for path in (gone_404, gone_410):
        row = report(db, base, path)
        assert row["removed_at"] is None and len(versions(db, base, path)) == 1


def test_added_report_appears_once(history):
    base, db, (r1, r2, r3, r4), _ = history
    added = SCENARIOS["add"]["added"][0]
    row = report(db, base, added["url"])
    assert row["title"] == added["record"]["title"]
    assert row["first_seen"] and row["version_count"] == 1
    assert events(db, base, added["url"]) == [("new", r3)]


def test_versions_point_to_their_warc_records(history, tmp_path_factory):
    base, db, _, _ = history
    rows = versions(db, base, SEED)
    warc_dir = db.conn.execute("pragma database_list").fetchone()[2].rsplit("/", 1)[0] + "/warc"
    for row in rows:
        with open(f"{warc_dir}/{row['warc_file']}", "rb") as f:
            f.seek(row["warc_offset"])
            record = next(iter(ArchiveIterator(f)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == base + SEED
            assert record.http_headers.get_statuscode() == "200"


def test_first_crawl_only_walks_what_is_new(tmp_path):
    with running_fixture_web() as base:
        path = tmp_path / "archive.db"
        crawl(path, base, full=False)
        db, run = crawl(path, base, full=False)
        listings = json.loads(run["stats"]).get("downloader/request_count")
        db_full, run_full = crawl(path, base, full=True)
        assert listings < json.loads(run_full["stats"])["downloader/request_count"]
