"""End to end: a real `scrapy crawl` subprocess against the fixture web, into a temporary SQLite
file; assertions on the stored rows against the hand-written expected records."""
import json
import shutil
import subprocess
import sys
from datetime import date
from urllib.parse import urljoin

import pytest
import sqlite_utils

from xxgk.fixtureweb import catalog
from support import crawl_fixture_web

FIELDS = ["title", "published", "source", "editor", "views", "report_year", "agency"]


def crawl(db_path, **kwargs):
    crawl_fixture_web(db_path, **kwargs)
    return sqlite_utils.Database(db_path)


@pytest.fixture(scope="module")
def crawled(fixture_web, fixture_archive, tmp_path_factory):
    """All registry fixture sites crawled once (a copy of the session's fixture archive), then
    crawled again into the same file."""
    folder = tmp_path_factory.mktemp("crawl") / "archive"
    path = shutil.copytree(fixture_archive.parent, folder) / fixture_archive.name
    first = {r["id"]: r for r in sqlite_utils.Database(path).query("select * from reports")}
    db = crawl(path, fixture_url=fixture_web)
    return fixture_web, db, first


def registered_expected():
    registered = set(catalog.fixture_columns()) & set(_registry_fixture_slugs())
    return [e for e in catalog.expected_reports()
            if e["url"].split("/")[1] in registered and e.get("fetchable", True)]


def _registry_fixture_slugs():
    from xxgk import registry

    return [s.slug for s in registry.load_sites() if s.fixture]


def stored_by_url(db, base):
    return {r["url"]: r for r in db.query("select * from reports")}


@pytest.mark.parametrize("expected", registered_expected(), ids=lambda e: e["url"])
def test_stored_report_equals_expected_record(crawled, expected):
    base, db, _ = crawled
    rows = stored_by_url(db, base)
    url = base + expected["url"]
    assert url in rows, f"{url} was not stored"
    row = rows[url]
    for field in FIELDS:
        assert row[field] == expected[field], field
    assert bool(row["is_report"]) == expected["is_report"]
    stored = {a["url"] for a in db.query(
        "select url from attachments where report_id = ?", [row["id"]])}
    assert stored == {urljoin(base, a["url"]) for a in expected["attachments"]}
    for snippet in expected.get("body_contains", []):
        assert snippet in row["body"]


def test_every_expected_report_stored_once_and_nothing_else(crawled):
    base, db, _ = crawled
    urls = [r["url"] for r in db.query("select url from reports")]
    assert len(urls) == len(set(urls))
    assert sorted(urls) == sorted(base + e["url"] for e in registered_expected())


def test_second_crawl_leaves_the_same_rows(crawled):
    _, db, first = crawled
    volatile = {"last_seen", "fetched_at", "crawl_run_id"}
    second = {r["id"]: r for r in db.query("select * from reports")}
    assert second.keys() == first.keys()
    for rid, row in second.items():
        assert {k: v for k, v in row.items() if k not in volatile} == \
               {k: v for k, v in first[rid].items() if k not in volatile}
    runs = list(db.query("select * from crawl_runs order by id"))
    assert [r["status"] for r in runs] == ["finished", "finished"]
    # the second run asked conditionally: unchanged pages answered 304 and were not re-saved
    assert json.loads(runs[1]["stats"]).get("downloader/response_status_count/304", 0) >= 10
    assert db.execute("select count(*) from report_versions").fetchone()[0] == len(second)


def test_failures_are_recorded_with_reasons(crawled):
    _, db, _ = crawled
    errors = list(db.query("select * from crawl_errors where crawl_run_id = 1"))
    kinds = {e["kind"] for e in errors}
    assert {"http", "robots", "not_html", "too_large"} <= kinds, errors
    assert any(e["status"] == 404 for e in errors)
    assert all(e["reason"] and e["url"] for e in errors)
    # the page that fails with 500 once was retried and stored, not recorded as an error
    assert not any(e["status"] == 500 for e in errors)


def test_crawl_by_url_finds_every_report_of_an_unregistered_column(fixture_web, tmp_path):
    unregistered = [s for s in catalog.fixture_columns() if s not in _registry_fixture_slugs()]
    assert unregistered, "the fixture web needs a site that is in no registry"
    slug = unregistered[0]
    column = fixture_web + catalog.fixture_columns()[slug][0]
    db = crawl(tmp_path / "archive.db", url=column)
    stored = {r["url"]: r for r in db.query("select * from reports where is_report = 1")}
    expected = {fixture_web + e["url"]: e for e in catalog.expected_reports()
                if e["url"].startswith(f"/{slug}/") and e["is_report"]
                and e.get("fetchable", True)}
    assert expected and set(stored) == set(expected)
    for url, e in expected.items():
        assert stored[url]["title"] == e["title"]
        assert stored[url]["published"] == e["published"]


def test_cli_extract_on_the_seed_page():
    seed = next(f for f in catalog.article_fixtures() if f.expected.get("views") == 334)
    out = subprocess.run(
        [sys.executable, "-m", "xxgk", "extract", str(seed.path),
         "--url", "http://127.0.0.1:8731" + seed.url_path],
        capture_output=True, text=True, check=True).stdout
    record = json.loads(out)
    assert (record["published"], record["views"], record["source"], record["editor"]) == \
           ("2018-03-28", 334, "阜新市商务局", "潘建渊")
    assert {"url", "title", "report_year", "agency", "attachments", "is_report", "body"} <= set(record)


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\xff\xfe" * 50, b"%PDF-1.4\n%\xe2\xe3"])
def test_cli_extract_rejects_bad_input_with_one_line(tmp_path, content):
    bad = tmp_path / "bad.html"
    bad.write_bytes(content)
    result = subprocess.run([sys.executable, "-m", "xxgk", "extract", str(bad)],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert str(bad) in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_status_prints_each_sites_health(crawled):
    _, db, _ = crawled
    path = db.conn.execute("pragma database_list").fetchone()[2]
    out = subprocess.run([sys.executable, "-m", "xxgk", "status", "--db", path],
                         capture_output=True, text=True, check=True).stdout
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert set(lines) == set(_registry_fixture_slugs())
    # the fixture web's newest reports are for 2019-2023, older than the newest year whose
    # deadline has passed: each site is flagged with its own newest year
    from xxgk.archive.health import last_due_year  # itself tested on fixed dates (test_health)

    for slug, line in lines.items():
        agency = db.execute("select agency from sites where slug = ?", [slug]).fetchone()[0]
        due = last_due_year(agency, date.today())
        newest = db.execute("select max(report_year) from reports where site_id = ? and "
                            "is_report = 1", [slug]).fetchone()[0]
        if newest >= due:
            assert line.rstrip().endswith("ok"), (slug, newest, out)
        else:
            assert line.rstrip().endswith(
                f"stale: newest report is for {newest}, reports through {due} were due"), out
