"""``xxgk demo``: the real command builds an archive with history (edits, removals, growing view
counts) whose stories all have rows, and explains that its crawl errors are planted."""
import asyncio
import json
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from xxgk.cli import demo as demo_flow
from xxgk.fixtureweb import mutations
from xxgk.fixtureweb.catalog import expected_reports
from xxgk.fixtureweb.mutations import SCENARIOS
from support import free_port


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """``xxgk demo --no-serve`` into ``demo.db`` (not archive.db: names must not matter)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "xxgk", "demo", "--no-serve", "--db", str(path),
                             "--fixture-port", str(free_port())], capture_output=True, text=True,
                            timeout=300, cwd=path.parent)
    print(f"xxgk demo --no-serve took {time.monotonic() - started:.1f} s")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stdout + result.stderr
    return path, result.stdout, sqlite_utils.Database(path)


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_two_crawls_with_the_fixture_web_changed_in_between(demo):
    _, _, db = demo
    runs = list(db.query("select id, status, args from crawl_runs order by id"))
    assert [(r["id"], r["status"]) for r in runs] == [(1, "finished"), (2, "finished")]
    assert [json.loads(r["args"])["full"] for r in runs] == [False, True]


def test_edited_reports_have_two_versions_holding_the_edit(demo):
    _, _, db = demo
    rows = list(db.query("select id, url, version_count from reports where version_count > 1"))
    assert sorted(path_of(r["url"]) for r in rows) == sorted(SCENARIOS["edit"]["edits"])
    for row in rows:
        edit = SCENARIOS["edit"]["edits"][path_of(row["url"])]
        bodies = [v["body"] for v in db.query(
            "select body from report_versions where report_id = ? order by version", [row["id"]])]
        assert len(bodies) == row["version_count"] == 2
        assert edit["before"] in bodies[0] and edit["after"] in bodies[1]


def test_removed_reports_carry_when_and_why(demo):
    _, _, db = demo
    rows = {path_of(r["url"]): r for r in db.query(
        "select url, removed_at, removed_reason from reports where removed_at is not null")}
    gone = SCENARIOS["delete"]
    assert sorted(rows) == sorted(gone["gone_404"] + gone["gone_410_unlisted"])
    assert "404" in rows[gone["gone_404"][0]]["removed_reason"]
    assert "listing" in rows[gone["gone_410_unlisted"][0]]["removed_reason"]
    second_run = db.execute("select started_at from crawl_runs where id = 2").fetchone()[0]
    assert all(r["removed_at"] >= second_run for r in rows.values())


def test_view_counts_grew_between_the_two_crawls(demo):
    _, _, db = demo
    readings = {}
    for row in db.query("select r.url, v.views, v.observed_at, v.crawl_run_id from report_views v "
                        "join reports r on r.id = v.report_id order by v.crawl_run_id"):
        readings.setdefault(path_of(row["url"]), []).append(row)
    assert set(mutations.VIEWS) <= set(readings)
    assert all(len(readings[p]) == 1 for p in set(readings) - set(mutations.VIEWS))  # added
    for path, (old, new) in mutations.VIEWS.items():
        first, second = readings[path]
        assert (first["views"], second["views"]) == (old, mutations.expected_views(path, 1))
        assert first["observed_at"] < second["observed_at"]  # real time passed between them


def story_rows(path, name: str) -> list[dict]:
    from xxgk.serve.server import make_datasette

    ds = make_datasette(path)
    response = asyncio.run(ds.client.get(f"/{path.stem}/{name}.json?_shape=array"))
    assert response.status_code == 200, response.text[:2000]
    return response.json()


def test_every_history_story_has_rows_in_datasette(demo):
    path, _, db = demo
    changed = story_rows(path, "changed_reports")
    assert sorted((row["kind"], path_of(row["url"])) for row in changed) == sorted(
        [("changed", p) for p in SCENARIOS["edit"]["edits"]]
        + [("removed", p) for p in SCENARIOS["delete"]["gone_404"]
           + SCENARIOS["delete"]["gone_410_unlisted"]])
    assert all(row["diff"] for row in changed if row["kind"] == "changed")
    growing = story_rows(path, "fastest_growing_views")
    reports = {path_of(r[0]) for r in db.execute("select url from reports where is_report = 1")}
    assert sorted(path_of(row["url"]) for row in growing) == sorted(set(mutations.VIEWS)
                                                                    & reports)
    assert len(growing) >= 4
    assert all(row["gained"] > 0 for row in growing)
    late = story_rows(path, "late_reports")
    assert late and all(row["days_late"] > 0 for row in late)
    missing = story_rows(path, "missing_reports")
    assert missing and all(row["status"] for row in missing)


def test_the_summary_counts_what_the_archive_holds(demo):
    _, out, db = demo
    reports = db.execute("select count(*) from reports where is_report = 1").fetchone()[0]
    versions = db.execute("select count(*) from report_versions").fetchone()[0]
    assert (f"demo archive: {reports} reports archived, {versions} versions (2 reports with more "
            "than one), 2 changes, 2 removals, 7 reports whose view count grew") in out


def test_the_planted_errors_are_explained_from_the_fixture_webs_catalog(demo):
    _, out, db = demo
    errors = list(db.query("select url from crawl_errors"))
    assert f"{len(errors)} crawl errors recorded; all planted by the fixture web" in out
    crawled = {r[0] for r in db.execute("select distinct site_id from reports")}
    kinds = {r["failure"] for r in expected_reports() if r.get("failure") and r["slug"] in crawled}
    assert kinds == {"not_found", "robots", "binary", "too_large"}
    for kind in kinds:
        assert demo_flow.FAILURE_WHY[kind] in out
    assert demo_flow.REMOVED_WHY in out  # the 404 of the report removed between the crawls
    assert "NOT planted" not in out
    planted = demo_flow.planted_errors()
    assert all(path_of(e["url"]) in planted for e in errors)


def test_the_explanation_is_in_the_archive_and_on_the_served_pages(demo, tmp_path):
    from xxgk.serve.server import METADATA, make_datasette

    path, out, db = demo
    notes = [json.loads(r[0]).get("demo_note") for r in db.execute("select args from crawl_runs")]
    assert notes[0] == notes[1] and notes[0] in out
    meta = tmp_path / "demo-metadata.json"
    meta.write_text(json.dumps(demo_flow.demo_metadata(notes[0], METADATA, path.stem)),
                    encoding="utf-8")
    ds = make_datasette(path, metadata=meta)
    page = asyncio.run(ds.client.get(f"/{path.stem}/crawl_errors")).text
    assert demo_flow.FAILURE_WHY["too_large"] in page and "演示档案 Demo archive" in page
    page = asyncio.run(ds.client.get(f"/{path.stem}")).text
    assert f'href="/{path.stem}/crawl_errors"' in page and "planted on purpose" in page
