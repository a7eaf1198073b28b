"""Statistics served and crawled: the metadata documents every code, the canned query compares an
agency's years, and a real crawl of the fixture web stores the standard-format reports' cells."""
import asyncio

import pytest
import sqlite_utils
import yaml

from xxgk.serve.server import METADATA, load_metadata, make_datasette
from xxgk.archive.stats import WIDE_COLUMNS
from xxgk.archive.store import save_report
from bench.stats import case_input, cases, expected_cells
from xxgk.extract import extract_report
from xxgk.extract.stats import codes
from support import crawl_fixture_web, new_archive

CASES = dict(cases())
LONGGANG = ["longgang_2019", "longgang_messy_2020", "longgang_2021", "longgang_prose_2017"]


def test_stats_yml_documents_every_code_and_wide_column():
    meta = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["archive"]
    html = meta["tables"]["report_stats"]["description_html"]
    for code, (_section, zh, en) in codes.ROWS.items():
        assert f"<td><code>{code}</code></td>" in html and zh in html and en in html, code
    for code, (zh, en, _unit) in codes.COLS.items():
        assert f"<td><code>{code}</code></td>" in html and zh in html and en in html, code
    assert set(meta["tables"]["report_stats_wide"]["columns"]) >= set(WIDE_COLUMNS)
    query = meta["queries"]["stats_year_over_year"]
    assert query["params"] == ["agency"] and "<dt>agency " in query["description_html"]


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("stats") / "archive.db"
    db = new_archive(path)
    for name in LONGGANG:
        case = CASES[name]
        record = extract_report(case_input(case), "http://127.0.0.1/" + case["page"])
        save_report(db, record, fetch={"url": record["url"], "http_status": 200})
    db.conn.close()
    return path


def test_year_over_year_query(archive_path):
    ds = make_datasette(archive_path)
    assert "stats_year_over_year" in load_metadata(archive_path)["databases"]["archive"]["queries"]
    response = asyncio.run(ds.client.get(
        "/archive/stats_year_over_year.json?agency=深圳市龙岗区司法局&_shape=array"))
    assert response.status_code == 200, response.text
    rows = response.json()
    assert [(r["report_year"], r["format"], r["applications_new"], r["proactive_items"]) for r in rows] == [
        (2017, "prose", 9, 632), (2019, "2019", 21, 1187), (2021, "2021", 21, 1422)]
    assert [r["applications_new_change"] for r in rows] == [None, 12, 0]


def test_wide_view_and_tables_browse(archive_path):
    ds = make_datasette(archive_path)
    for path in ("/archive/report_stats_wide.json", "/archive/report_stats.json?row_code=new",
                 "/archive/report_stat_checks.json?ok=0"):
        assert asyncio.run(ds.client.get(path)).status_code == 200, path
    page = asyncio.run(ds.client.get("/archive/report_stats")).text
    assert "denied_state_secret" in page  # the code table is on the table page


def test_crawl_stores_the_standard_format_reports_cells(fixture_web, tmp_path):
    path = tmp_path / "archive.db"
    crawl_fixture_web(path, sites=["longgang-gov"], fixture_url=fixture_web)
    db = sqlite_utils.Database(path)
    for name in LONGGANG:
        case = CASES[name]
        url = fixture_web + "/" + case["page"].split("/sites/", 1)[1]
        rid = db.execute("select id from reports where url = ?", [url]).fetchone()[0]
        stored = {(r["section"], r["row_code"], r["col_code"]): (r["value"], r["unit"]) for r in db.query(
            "select * from report_stats where report_id = ? and source = 'page'", [rid])}
        assert stored == expected_cells(case), name
    failed = [(r["check_code"], r["expected"], r["actual"]) for r in db.query(
        "select * from report_stat_checks where ok = 0")]
    assert failed == [("identity:total", 37, 36), ("row_total:carried_forward", 3, 2)]
    years = [r["report_year"] for r in db.query(
        "select report_year from report_stats_wide where agency = '深圳市龙岗区司法局' order by report_year")]
    assert years == [2017, 2019, 2021]
