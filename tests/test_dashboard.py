"""The dashboard (metadata.yml plugins: datasette-dashboards): its pages render, and its chart
queries give the numbers the fixture web's expected records imply, over an archive crawled twice
with the view counts changed in between."""
import asyncio
from collections import Counter
from datetime import date
from urllib.parse import quote, urlencode

import pytest
import yaml

from xxgk import registry
from xxgk.cli.processes import running_fixture_web
from xxgk.serve.server import METADATA, make_datasette
from xxgk.fixtureweb import catalog
from xxgk.fixtureweb.mutations import SCENARIOS, expected_views
from support import crawl_fixture_web, mutate_fixture_web

pytest.importorskip("datasette_dashboards")

CONFIG = {"plugins": yaml.safe_load(METADATA.read_text(encoding="utf-8"))["plugins"]}
DASHBOARD = CONFIG["plugins"]["datasette-dashboards"]["xxgk"]
CHARTS = DASHBOARD["charts"]
SEED = "/fuxin-swj/html/SWJ/201803/0152180328150334.html"


def run(coroutine):
    return asyncio.run(coroutine)


def crawl(path, base):
    crawl_fixture_web(path, fixture_url=base, full=True)  # full: every page re-read


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Every registered fixture site crawled, the `views` scenario applied, crawled again."""
    path = tmp_path_factory.mktemp("dashboard") / "archive.db"
    with running_fixture_web() as base:
        crawl(path, base)
        mutate_fixture_web(base, "views")
        crawl(path, base)
    return base, path


@pytest.fixture(scope="module")
def ds(archive):
    return make_datasette(archive[1])


def chart_rows(ds, slug, **params):
    """The rows the browser gets: the chart's SQL through /archive.json, as dashboards.js asks."""
    values = {"region": "", "report": "", "indicator": "", **params}
    query_string = urlencode({k: v for k, v in params.items()})
    response = run(ds.client.get(f"/archive.json?sql={quote(CHARTS[slug]['query'])}"
                                 f"&{query_string}&_shape=objects"))
    assert response.status_code == 200, response.text[:500]
    rows = response.json()["rows"]
    direct = run(ds.execute("archive", CHARTS[slug]["query"], values)).rows
    assert [dict(r) for r in direct] == rows
    return rows


def expected_reports():
    """Expected records of the annual reports a correct crawl stores."""
    return [e for e in catalog.expected_reports()
            if e["registered"] and e["fetchable"] and e["is_report"]]


def sites():
    return {s.slug: s for s in registry.load_sites() if s.fixture}


def deadline(report_year: int, agency: str) -> date:
    """The legal deadline (brief): 31 March up to report year 2018; then 31 January for
    departments and 31 March for bodies whose name ends with 人民政府."""
    if report_year <= 2018 or agency.endswith("人民政府"):
        return date(report_year + 1, 3, 31)
    return date(report_year + 1, 1, 31)


def test_dashboard_pages_render(ds):
    listing = run(ds.client.get("/-/dashboards"))
    assert listing.status_code == 200 and "/-/dashboards/xxgk" in listing.text
    first = run(ds.client.get("/-/dashboards/xxgk"))  # the plugin fills in the select's default
    assert first.status_code == 302
    assert first.headers["location"] == "/-/dashboards/xxgk?indicator=disclosure_rate"
    page = run(ds.client.get(first.headers["location"]))
    assert page.status_code == 200
    assert DASHBOARD["title"].split()[0] in page.text
    for slug in CHARTS:
        assert f"renderChart('{slug}'" in page.text
        assert f'id="chart-{slug}"' in page.text
        chart = run(ds.client.get(f"/-/dashboards/xxgk/{slug}"))
        assert chart.status_code == 200, slug
    assert {"region", "report"} <= set(DASHBOARD["filters"])
    assert 'name="region"' in page.text and 'name="report"' in page.text


def test_every_chart_query_runs_and_names_the_fields_it_plots(ds):
    for slug, chart in CHARTS.items():
        rows = chart_rows(ds, slug)
        assert rows, slug
        if chart["library"] == "metric":
            assert chart["display"]["field"] in rows[0]
            continue
        assert chart["library"] == "vega-lite"
        for channel in chart["display"]["encoding"].values():
            if "field" in channel:
                assert channel["field"] in rows[0], (slug, channel["field"])


def test_metric_cards(ds, archive):
    regions = {s.region for s in sites().values()}
    assert chart_rows(ds, "reports_count") == [{"n": len(expected_reports())}]
    assert chart_rows(ds, "sites_count") == [{"n": len(sites())}]
    assert chart_rows(ds, "regions_count") == [{"n": len(regions)}]
    last = run(ds.execute("archive", "select max(started_at) from crawl_runs")).first()[0]
    assert chart_rows(ds, "latest_crawl") == [{"day": last[:10]}]
    fuxin = [e for e in expected_reports() if e["slug"] == "fuxin-swj"]
    assert chart_rows(ds, "reports_count", region="阜新") == [{"n": len(fuxin)}]


def test_reports_per_year_by_region(ds):
    region_of = {slug: s.region for slug, s in sites().items()}
    want = Counter((e["report_year"], region_of[e["slug"]]) for e in expected_reports())
    got = {(r["report_year"], r["region"]): r["reports"] for r in chart_rows(ds, "reports_per_year")}
    assert got == dict(want)
    assert len({region for _, region in got}) >= 5 and len({year for year, _ in got}) >= 8
    only = chart_rows(ds, "reports_per_year", region="河东区")
    assert {r["region"] for r in only} == {"天津市河东区"}


def test_timeliness_days_before_or_after_the_deadline(ds, archive):
    base, _ = archive
    ids = {r["url"]: r["id"] for r in run(ds.execute("archive", "select id, url from reports")).rows}
    site_agency = {slug: s.agency for slug, s in sites().items()}
    want = {}
    for e in expected_reports():
        if e["published"] is None:
            continue
        due = deadline(e["report_year"], e["agency"] or site_agency[e["slug"]])
        want[ids[base + e["url"]]] = (date.fromisoformat(e["published"]) - due).days
    rows = chart_rows(ds, "timeliness")
    assert {r["id"]: r["days"] for r in rows} == want
    for row in rows:
        assert row["timeliness"] == ("按时 on time" if row["days"] <= 0 else "逾期 late")
    assert [r["days"] for r in rows] == sorted(r["days"] for r in rows)
    assert min(want.values()) < 0 < max(want.values()), "both early and late reports"


def test_views_over_time_for_one_report(ds):
    seed_id = run(ds.execute("archive", "select id from reports where url like ?",
                             ["%" + SEED])).first()[0]
    old, new = SCENARIOS["views"]["views"][SEED]
    for needle in (seed_id, "商务局2017年"):
        rows = chart_rows(ds, "views_over_time", report=needle)
        assert [r["views"] for r in rows] == [old, expected_views(SEED, 1)] == [old, new]
        assert {r["report_id"] for r in rows} == {seed_id}
        assert rows[0]["observed_at"] < rows[1]["observed_at"]


def test_views_over_time_defaults_to_the_most_viewed(ds):
    rows = chart_rows(ds, "views_over_time")
    reports = {r["report_id"] for r in rows}
    assert 1 <= len(reports) <= 10
    counted = run(ds.execute("archive", "select count(distinct report_id) from report_views "
                             "where views is not null")).first()[0]
    assert len(reports) == min(10, counted)
    assert len(rows) == 2 * len(reports)  # one count per crawl run
