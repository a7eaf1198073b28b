"""The story pages say what they mean (xxgk/serve/storypages.py and the stories in metadata.yml),
run through an in-process Datasette: over the fixture archive (every fixture site crawled once),
and over a small hand-made archive with view counts read at known times, served as demo.db."""
import asyncio
import re

import pytest
import sqlite_utils
from markupsafe import escape

from xxgk.archive.history import save_report_views
from xxgk.archive.store import save_report, start_crawl_run
from xxgk.serve import stories, storypages
from xxgk.serve.server import make_datasette
from support import new_archive

TODAY = "2024-02-15"
# parameters a story needs to show rows (the others run with none)
PARAMS = {"search": {"q": "信息公开"}, "reports_by_agency": {"agency": "局"},
          "stats_year_over_year": {"agency": "司法局"}}


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture(scope="module")
def ds(fixture_archive):
    return make_datasette(fixture_archive)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr(stories, "today", lambda: TODAY)


def story_names(ds):
    return list(ds.metadata(database="archive")["queries"])


def get(ds, path, **params):
    return run(ds.client.get(path, params=params))


def rows(ds, story, **params):
    response = get(ds, f"/archive/{story}.json", _shape="array", **params)
    assert response.status_code == 200, response.text
    return response.json()


def table_headers(html: str) -> list[str]:
    head = re.search(r'<table class="rows-and-columns">\s*<thead>(.*?)</thead>', html, re.S)
    assert head, "no results table"
    return re.findall(r'<th class="col-([^"]+)" scope="col">', head.group(1))


# --- the SQL is one click away, the feed columns out of sight ------------------------------------

def test_every_story_hides_its_sql_and_keeps_the_link(ds):
    names = story_names(ds)
    assert len(names) >= 10
    for name in names:
        assert ds.metadata(database="archive")["queries"][name].get("hide_sql") is True, name
        html = get(ds, f"/archive/{name}", **PARAMS.get(name, {})).text
        assert 'id="sql-query"' not in html and "<textarea" not in html, name
        assert "_show_sql=1" in html, name  # Datasette's "(show)" link
        assert 'id="sql-query"' in get(ds, f"/archive/{name}", _show_sql="1",
                                       **PARAMS.get(name, {})).text, name
        title = ds.metadata(database="archive")["queries"][name]["title"]
        assert f"document.title = {storypages._js_json(title)}" in html, name  # not the SQL


def test_feed_columns_are_hidden_on_the_page_and_kept_in_json(ds):
    css = get(ds, storypages.CSS_PATH)
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert 'td[class^="col-atom_"]' in css.text and "display: none" in css.text
    for name in story_names(ds):
        html = get(ds, f"/archive/{name}", **PARAMS.get(name, {})).text
        assert f'href="{storypages.CSS_PATH}"' in html, name
        data = get(ds, f"/archive/{name}.json", **PARAMS.get(name, {})).json()
        if "atom_id" in data["columns"]:  # a feed (every story but the statistics table)
            assert {"atom_title", "atom_updated", "atom_author"} <= set(data["columns"]), name
        if data["rows"]:  # each atom_ header carries the class the stylesheet hides
            headers = table_headers(html)
            assert [h for h in headers if h.startswith("atom_")] == [
                c for c in data["columns"] if c.startswith("atom_")], name
    # other pages are left alone
    assert storypages.CSS_PATH not in get(ds, "/archive/reports").text
    assert storypages.CSS_PATH not in get(ds, "/archive").text


def test_search_shows_a_relevance_never_minus_zero(ds):
    data = get(ds, "/archive/search.json", q="信息公开", _shape="array")
    found = data.json()
    assert found and all("rank" not in r for r in found)
    assert all(r["relevance"] >= 0 for r in found) and "-0.0" not in data.text
    assert [r["relevance"] for r in found] == sorted((r["relevance"] for r in found),
                                                     reverse=True)


# --- parameters -------------------------------------------------------------------------------

@pytest.mark.parametrize("story, params, message", [
    ("late_reports", {"year": "abc"}, "year must be a year such as 2023, not 'abc' "
                                      "(from 2008 to 2025)"),
    ("missing_reports", {"year": "1999"}, "year must be a year such as 2023"),
    ("most_viewed", {"year": "2019x"}, "not '2019x'"),
    ("fastest_growing_views", {"year": "2026"}, "from 2008 to 2025"),
    ("search", {"q": "x" * 201}, "q must be at most 200 characters, not 201"),
    ("changed_reports", {"kind": "edited"}, "kind must be one of changed, removed (or empty), "
                                            "not 'edited'"),
    ("search", {"q": "复议", "sort": "oldest"}, "sort must be one of newest"),
    ("reports_by_agency", {"agency": "局" * 101}, "agency must be at most 100 characters"),
])
def test_a_bad_parameter_gets_a_400_that_says_why(ds, story, params, message):
    html = get(ds, f"/archive/{story}", **params)
    assert html.status_code == 400 and escape(message) in html.text
    assert f'<a href="/archive/{story}">重新填写 Start again</a>' in html.text
    assert "border: 3px solid red" in html.text  # Datasette's own error template
    title = ds.metadata(database="archive")["queries"][story]["title"]
    assert f"<h1>{title}: 参数有误 bad parameter</h1>" in html.text
    data = get(ds, f"/archive/{story}.json", **params)
    assert data.status_code == 400 and data.json()["ok"] is False
    assert message in data.json()["error"]
    for extension in (".csv", ".atom"):
        other = get(ds, f"/archive/{story}{extension}", **params)
        assert other.status_code == 400 and message in other.text, extension


def test_a_bad_value_is_shown_escaped_and_cut(ds):
    response = get(ds, "/archive/late_reports", year="<script>alert(1)</script>")
    assert response.status_code == 400
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;" in response.text
    long = get(ds, "/archive/late_reports", year="9" * 5000)
    assert long.status_code == 400 and "9" * 100 not in long.text


def test_empty_and_good_values_run_as_before(ds):
    for name in story_names(ds):
        params = {p: "" for p in ds.metadata(database="archive")["queries"][name].get("params", [])}
        params.update(PARAMS.get(name, {}))
        assert get(ds, f"/archive/{name}.json", **params).status_code == 200, name
    assert get(ds, "/archive/late_reports", year=" 2019 ").status_code == 200
    assert get(ds, "/archive/changed_reports", kind="removed").status_code == 200
    assert get(ds, "/archive/late_reports", unrelated="abc").status_code == 200  # not a parameter


@pytest.mark.parametrize("kind, good, bad", [
    ("year", ["2008", "2025"], ["2007", "2026", "20199", "１９９９", "-2019"]),
    ({"kind": "integer", "max": 365}, ["0", "365"], ["366", "-1", "1.5", "ten"]),
    ("date", ["2024-02-29"], ["2023-02-29", "2024-2-1", "2024-02-01T00:00"]),
    ({"kind": "text", "max": 3}, ["abc", "  abc  "], ["abcd"]),
    ({"kind": "choice", "values": ["a", "b"]}, ["a"], ["c"]),
])
def test_check_parameter(kind, good, bad):
    for value in good:
        assert storypages.check_parameter("p", value, kind, today="2024-02-15") == value.strip()
    for value in bad:
        with pytest.raises(storypages.BadParameter, match="^p must be"):
            storypages.check_parameter("p", value, kind, today="2024-02-15")
    assert storypages.check_parameter("p", "", kind) == ""
    assert storypages.check_parameter("p", None, kind) == ""


def test_every_story_parameter_has_a_declared_kind(ds):
    kinds = storypages.parameter_kinds(ds)
    for name in story_names(ds):
        for param in ds.metadata(database="archive")["queries"][name].get("params", []):
            assert param in kinds, (name, param)


# --- agencies ---------------------------------------------------------------------------------

def sql_rows(ds, sql):
    response = get(ds, "/archive.json", _shape="array", sql=sql)
    assert response.status_code == 200, response.text
    return response.json()


def all_reports(ds):
    """Every annual report with its agency as the stories name it."""
    return sql_rows(ds, "select r.id, coalesce(nullif(r.agency, ''), s.agency) as agency, "
                        "r.report_year as year from reports as r "
                        "left join sites as s on s.slug = r.site_id where r.is_report = 1")


@pytest.mark.parametrize("query", ["商务局", "司法局", "人民政府"])
def test_agencies_are_matched_the_same_way_in_every_story(ds, query):
    reports = all_reports(ds)
    expected = {r["id"] for r in reports if stories.agency_match(r["agency"], query)}
    assert expected, query
    variants = [query, f" {query[:2]} {query[2:]} ", query.replace("局", " 局")]
    for variant in variants:
        by_agency = {r["report_id"] for r in rows(ds, "reports_by_agency", agency=variant)}
        assert by_agency == expected, variant
        found = rows(ds, "search", q="信息公开", agency=variant)
        everywhere = rows(ds, "search", q="信息公开")
        assert {r["report_id"] for r in found} == {
            r["report_id"] for r in everywhere if r["report_id"] in expected}, variant
        for story in ("late_reports", "missing_reports"):
            shown = rows(ds, story, agency=variant)
            assert all(stories.agency_match(r["agency"], query) for r in shown), (story, variant)
            assert shown == rows(ds, story, agency=query), (story, variant)
        assert rows(ds, "stats_year_over_year", agency=variant) == rows(
            ds, "stats_year_over_year", agency=query)


def test_agency_match():
    assert stories.agency_match("阜新市商务局", "") == 1 and stories.agency_match(None, None) == 1
    assert stories.agency_match("阜新市 商务局", "市商务") == 1
    assert stories.agency_match("ＸＸ市商务局（挂牌）", "xx市商务局(挂牌)") == 1  # full width
    assert stories.agency_match("阜新市商务局", "民政局") == 0
    assert stories.agency_match(None, "局") == 0
    assert stories.agency_key("　阜新市　商务局 ") == "阜新市商务局"  # ideographic spaces


def test_agency_boxes_offer_the_archives_agencies(ds):
    names = {r["agency"] for r in all_reports(ds) if r["agency"]}
    for story in ("reports_by_agency", "search", "late_reports", "missing_reports",
                  "stats_year_over_year"):
        html = get(ds, f"/archive/{story}").text
        assert "xxgk-agencies" in html and "setAttribute('list'" in html, story
        script = html[html.index("var names = "):]
        listed = set(re.findall(r'"([^"]+)"', script[:script.index(", list =")]))
        assert names <= listed, (story, names - listed)
    assert "xxgk-agencies" not in get(ds, "/archive/most_viewed").text  # no agency box there
    assert "xxgk-agencies" not in get(ds, "/archive/late_reports.json").text


def test_agency_list_is_script_safe():
    assert storypages._js_json(["</script><b>", "\u2028"]) == (
        '["\\u003c/script>\\u003cb>", "\\u2028"]')


# --- missing reports --------------------------------------------------------------------------

def test_missing_reports_through_the_last_passed_deadline(ds, monkeypatch):
    reports = all_reports(ds)
    years = {}
    for r in reports:
        if r["year"] is not None and 2008 <= r["year"] <= 2100:
            years.setdefault(stories.agency_key(r["agency"]), set()).add(r["year"])
    assert reports and years
    for today in ("2024-02-15", "2024-04-01", "2024-01-20"):
        monkeypatch.setattr(stories, "today", lambda today=today: today)
        got = rows(ds, "missing_reports")
        assert got and {r["status"] for r in got} == {"overdue"}, today
        for row in got:
            key = stories.agency_key(row["agency"])
            assert row["year"] not in years.get(key, set())
            assert row["deadline"] == stories.report_deadline(row["year"], row["agency"])
            assert row["deadline"] < today
        for key, have in years.items():  # every gap from the first report to the last due year
            agency = next(r["agency"] for r in got + reports if stories.agency_key(r["agency"]) == key)
            due = int(today[:4]) - (1 if stories.report_deadline(int(today[:4]) - 1, agency)
                                    < today else 2)
            wanted = set(range(max(2008, min(have)), due + 1)) - have
            shown = {r["year"] for r in got if stories.agency_key(r["agency"]) == key}
            assert shown == wanted, (today, agency)
    monkeypatch.setattr(stories, "today", lambda: "2024-02-15")
    asked = rows(ds, "missing_reports", year="2023")
    status = {(stories.is_local_government(r["agency"]), r["status"]) for r in asked}
    assert (False, "overdue") in status and (True, "not yet due") in status
    assert (True, "overdue") not in status  # governments' 2023 reports are due on 31 March


# --- year over year ---------------------------------------------------------------------------

def test_year_over_year_names_the_year_compared_with_and_the_gaps(ds):
    got = rows(ds, "stats_year_over_year", agency="龙岗区司法局")
    assert [r["report_year"] for r in got] == [2017, 2019, 2021]
    assert [(r["compared_with_year"], r["gap_years"]) for r in got] == [
        (None, None), (2017, 1), (2019, 1)]
    assert got[0]["note"] == "first report in the archive"
    assert got[1]["note"] == "change over 2 years: no report for 2018"
    assert got[1]["applications_new_change"] == got[1]["applications_new"] - got[0][
        "applications_new"]
    assert rows(ds, "stats_year_over_year", agency="") == []  # the agency is required


# --- view counts over real time ---------------------------------------------------------------

SITE = {"slug": "demo-swj", "agency": "示例市商务局", "region": "示例省示例市",
        "homepage": "http://demo-swj.example.gov.cn/"}
READINGS = {  # report year -> [(observed at, views)]
    2019: [("2024-05-01T08:00:00+00:00", 100), ("2024-05-03T20:00:00+00:00", 160)],  # 2.5 days
    2020: [("2024-05-01T08:00:00+00:00", 10), ("2024-05-01T10:00:00+00:00", 40)],  # 2 hours
    2021: [("2024-05-01T08:00:00+00:00", 5), ("2024-05-01T08:15:00+00:00", 38)],  # 15 minutes
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """demo.db (Datasette calls its database "demo"): three reports, two view readings each."""
    path = tmp_path_factory.mktemp("views") / "demo.db"
    db = new_archive(path, [SITE])
    for year, readings in READINGS.items():
        url = f"http://demo-swj.example.gov.cn/ndbg/{year}.html"
        record = {"url": url, "title": f"示例市商务局{year}年政府信息公开工作年度报告",
                  "published": f"{year + 1}-01-20", "report_year": year, "agency": "示例市商务局",
                  "is_report": True, "attachments": [], "views": None, "body": "主动公开。"}
        for observed_at, views in readings:
            run_id = start_crawl_run(db, sites=["demo-swj"], args={})
            rid = save_report(db, record, fetch={"url": url, "fetched_at": observed_at,
                                                 "http_status": 200, "crawl_run_id": run_id,
                                                 "site_id": "demo-swj"})
            save_report_views(db, report_id=rid, crawl_run_id=run_id, observed_at=observed_at,
                              views=views)
    db.close()
    assert sqlite_utils.Database(path)["report_views"].count == 6
    return make_datasette(path)


def test_views_per_day_over_the_real_time_between_readings(demo):
    response = run(demo.client.get("/demo/fastest_growing_views.json",
                                   params={"_shape": "array"}))
    assert response.status_code == 200, response.text
    got = [(r["report_year"], r["gained"], r["span"], r["views_per_day"])
           for r in response.json()]
    assert got == [
        (2020, 30, "2.0 h", 360.0),  # 30 views in 2 hours: 360 a day
        (2019, 60, "2.5 days", 24.0),
        (2021, 33, "15 min", None),  # under an hour apart: no rate, listed after the rated
    ]
    titles = [r["atom_title"] for r in response.json()]
    assert titles[1].endswith("（每天+24.0 24.0 views/day）")
    assert titles[2].endswith("（15 min内+33 +33 views in 15 min）")


def test_stories_of_an_archive_of_another_name(demo):
    bad = run(demo.client.get("/demo/late_reports", params={"year": "abc"}))
    assert bad.status_code == 400 and "year must be a year such as 2023" in bad.text
    page = run(demo.client.get("/demo/reports_by_agency", params={"agency": "商务 局"})).text
    assert storypages.CSS_PATH in page and "示例市商务局" in page and "xxgk-agencies" in page
    assert run(demo.client.get("/demo/most_viewed.json")).status_code == 200


def test_span_text():
    assert [stories.span_text(d) for d in (0, 0.5 / 1440, 15 / 1440, 2 / 24, 2.5, -1, None,
                                          "1", True)] == [
        "<1 min", "<1 min", "15 min", "2.0 h", "2.5 days", None, None, None, None]
