"""The archive tested as a person uses it: in Debian's Chromium (driven by Selenium), against
``xxgk serve`` on an archive crawled from the fixture web.

Each test opens a page, does what a reader would (type into the search box, click a link, fill a
query's form), asserts on what the browser shows, and saves a screenshot both under the test's own
``tmp_path`` and in ``tests/output/browser/<step>.png`` (git-ignored) for a person to look at.

Chromium and ChromeDriver are Debian's packages, installed by ``scripts/install-system-deps.sh``
(``make test`` runs it first). The module is skipped, with the reason, only when they are missing.
"""
from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

import pytest
import sqlite_utils

from xxgk.serve.server import load_metadata
from xxgk.fixtureweb import catalog
from browser_support import (WINDOW, missing_browser,
                             serving_archive)

_why_not = missing_browser()
if _why_not:
    pytest.skip(f"browser tests need Debian's Chromium: {_why_not}", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

TITLE = "政府信息公开年度报告档案 xxgk-archive"  # metadata.yml
SEED_URL = "/fuxin-swj/html/SWJ/201803/0152180328150334.html"
SEED = {"title": "阜新市商务局2017年政府信息公开工作年度报告", "published": "2018-03-28",
        "source": "阜新市商务局"}
WORD = "商务"  # two characters: the case plain trigram search misses
COMMERCE_SITES = {"fuxin-swj", "yiwu-swj-fx"}  # the two 商务局 sites of the fixture web
FACET = ("region", "天津市河东区")


# --- fixtures -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def archive_db(fixture_archive):
    """Every registry fixture site crawled into ``archive.db``, as ``xxgk crawl --fixtures`` does
    (the session's fixture archive: read only)."""
    return fixture_archive


@pytest.fixture(scope="module")
def site(archive_db, tmp_path_factory):
    """Base URL of ``xxgk serve --db archive.db --port <free>`` running in a subprocess."""
    with serving_archive(archive_db, tmp_path_factory.mktemp("browser") / "serve.log") as base:
        yield base


# --- helpers --------------------------------------------------------------------------------

def wait(driver, timeout=20):
    return WebDriverWait(driver, timeout)


def texts(driver, css: str) -> list[str]:
    return [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, css)]


def query_params(url: str) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)


def row_count(driver) -> int:
    """The count Datasette prints above a table ("13 rows where search matches …")."""
    heading = driver.find_element(By.CSS_SELECTOR, "h3").text
    match = re.match(r"([\d,]+) rows?", heading)
    assert match, f"no row count in {heading!r}"
    return int(match.group(1).replace(",", ""))


def show(driver, css: str = "", xpath: str = "") -> None:
    """Scroll so that the first element matching ``css`` (or ``xpath``) is at the top of the
    window (table pages open with a long list of column descriptions, canned queries with their
    SQL)."""
    element = driver.find_element(By.XPATH, xpath) if xpath else \
        driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def fuxin_titles() -> set[str]:
    """Titles of the Fuxin 商务局 pages, from the hand-written expected records."""
    return {e["title"] for e in catalog.expected_reports()
            if e["url"].startswith("/fuxin-swj/") and e.get("fetchable", True)}


def database(archive_db):
    return sqlite_utils.Database(archive_db)


# --- 1. home --------------------------------------------------------------------------------

def test_01_home_shows_the_archive(browser, site, shot):
    browser.get(site + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == TITLE
    assert TITLE in browser.title
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "政府信息公开工作年度报告" in page  # the description
    # the reading room: the archived annual reports, each linking to its page
    titles = texts(browser, "table.xxgk-list td.title a")
    assert SEED["title"] in titles
    assert all(link.get_attribute("href").split("/-/report/")[0].endswith("/archive")
               for link in browser.find_elements(By.CSS_SELECTOR, "table.xxgk-list td.title a"))
    # the database (every table and story) one click away
    assert browser.find_elements(By.CSS_SELECTOR, ".xxgk-start a[href$='/archive']")
    shot("01-home")


# --- 2. search for a two-character word -----------------------------------------------------

def test_02_search_for_a_two_character_word(browser, site, shot):
    browser.get(site + "/")
    # home (the reports list) -> the database (its page lists every table) -> reports
    browser.find_element(By.CSS_SELECTOR, ".xxgk-start a[href$='/archive']").click()
    wait(browser).until(EC.url_matches(r"/archive$"))
    browser.find_element(By.LINK_TEXT, "reports").click()
    wait(browser).until(EC.url_matches(r"/archive/reports$"))
    box = browser.find_element(By.ID, "_search")
    box.send_keys(WORD)
    box.send_keys(Keys.ENTER)
    wait(browser).until(lambda d: query_params(d.current_url).get("_search") == [WORD])

    heading = browser.find_element(By.CSS_SELECTOR, "h3").text
    assert f"search matches \"{WORD}\"" in heading or f"search matches {WORD}" in heading, heading
    assert browser.find_element(By.ID, "_search").get_attribute("value") == WORD
    titles = texts(browser, "table.rows-and-columns td.col-title")
    sites = texts(browser, "table.rows-and-columns td.col-site_id")
    assert row_count(browser) == len(titles) > 0
    # every Fuxin 商务局 page is found, and nothing from the sites that are not 商务局
    missing = fuxin_titles() - set(titles)
    assert not missing, f"not found by {WORD}: {missing}"
    assert SEED["title"] in titles
    # the site_id cell shows the site's label (its agency) with the slug in the link
    site_links = [a.get_attribute("href") for a in browser.find_elements(
        By.CSS_SELECTOR, "table.rows-and-columns td.col-site_id a")]
    slugs = {urllib.parse.unquote(h.rstrip("/").rsplit("/", 1)[-1]) for h in site_links}
    assert slugs and slugs <= COMMERCE_SITES, slugs
    assert all("商务局" in s for s in sites), sites
    for unrelated in ("民政局", "司法局", "南县", "清水县"):
        assert not any(unrelated in t for t in titles), (unrelated, titles)
    show(browser, "h3")  # the count, the search box with the word, the facets, the first rows
    shot("02-search-shangwu")


# --- 3. open a report -----------------------------------------------------------------------

def test_03_open_a_report_from_the_results(browser, site, shot):
    browser.get(site + "/archive/reports?" + urllib.parse.urlencode({"_search": WORD}))
    row = browser.find_element(
        By.XPATH, f"//table[contains(@class,'rows-and-columns')]//tr"
                  f"[td[contains(@class,'col-title')][normalize-space()='{SEED['title']}']]")
    report_id = row.find_element(By.CSS_SELECTOR, "td.col-id a").text.strip()
    # the title opens the report read as a document
    row.find_element(By.CSS_SELECTOR, "td.col-title a").click()
    wait(browser).until(EC.url_contains(f"/archive/-/report/{report_id}"))
    assert browser.find_element(By.TAG_NAME, "h1").text == SEED["title"]
    page = browser.find_element(By.TAG_NAME, "body").text
    for value in (SEED["published"], SEED["source"], "潘建渊", "334"):
        assert value in page, value
    # the id opens the raw row, which links back to the document
    browser.get(site + f"/archive/reports/{report_id}")
    assert browser.find_element(By.TAG_NAME, "h1").text.endswith(report_id)
    cell = {name: browser.find_element(By.CSS_SELECTOR, f"table.rows-and-columns td.col-{name}")
            .text.strip() for name in ("published", "source", "url", "site_id")}
    assert cell["published"] == SEED["published"]
    assert cell["source"] == SEED["source"]
    assert cell["url"].endswith(SEED_URL)
    assert cell["site_id"] == "fuxin-swj"
    read = browser.find_element(By.CSS_SELECTOR, "p.xxgk-read-report a")
    read.click()
    wait(browser).until(EC.url_contains(f"/archive/-/report/{report_id}"))
    assert browser.find_element(By.TAG_NAME, "h1").text == SEED["title"]
    browser.back()
    shot("03-report")


# --- 4. follow a facet ----------------------------------------------------------------------

def test_04_follow_a_facet(browser, site, archive_db, shot):
    column, value = FACET
    browser.get(site + "/archive/reports")
    facet = browser.find_element(By.CSS_SELECTOR, f"#facet-{column}")
    item = facet.find_element(By.XPATH, f".//li[a[normalize-space()='{value}']]")
    shown_count = int(item.text.strip().rsplit(" ", 1)[-1].replace(",", ""))
    item.find_element(By.TAG_NAME, "a").click()
    wait(browser).until(lambda d: query_params(d.current_url).get(column) == [value])

    cells = texts(browser, f"table.rows-and-columns td.col-{column}")
    expected = database(archive_db).execute(
        f"select count(*) from reports where [{column}] = ?", [value]).fetchone()[0]
    assert cells and all(c == value for c in cells), cells
    assert row_count(browser) == len(cells) == shown_count == expected
    heading = browser.find_element(By.CSS_SELECTOR, "h3").text
    assert value in heading  # "7 rows where region = 天津市河东区"
    # the chosen facet is now shown as selected, with a link to remove it
    selected = browser.find_element(By.CSS_SELECTOR, f"#facet-{column}")
    assert value in selected.text
    assert selected.find_elements(By.CSS_SELECTOR, "li a.cross"), "no link to remove the facet"
    show(browser, "h3")
    shot("04-facet-region")


# --- 5. a canned query with a parameter -----------------------------------------------------

def canned_queries(archive_db) -> dict[str, dict]:
    """The canned queries ``xxgk serve`` offers (metadata.yml)."""
    meta = load_metadata(archive_db)
    queries = ((meta.get("databases") or {}).get(archive_db.stem) or {}).get("queries") or {}
    return {name: ({"sql": q} if isinstance(q, str) else q) for name, q in queries.items()}


PARAMETERS = "//form[contains(@class,'sql')]//h3[contains(., 'Query parameters')]"


def run_canned_query(browser, site, archive_db, name, values) -> list[dict]:
    """Open the query's page, type ``values`` into its form as a reader would (leaving the other
    boxes empty), run it, and check that the table on the screen holds the rows the query returns.
    Returns those rows."""
    queries = canned_queries(archive_db)
    if name not in queries:
        pytest.skip(f"no canned query {name!r} in metadata.yml (has: {sorted(queries)})")
    query = queries[name]
    browser.get(f"{site}/archive/{name}")
    if query.get("title"):
        assert browser.find_element(By.TAG_NAME, "h1").text == query["title"]
    for param, value in values.items():
        box = browser.find_element(By.CSS_SELECTOR, f"form.sql input[name='{param}']")
        box.clear()
        box.send_keys(value)
    browser.find_element(By.CSS_SELECTOR, "form.sql input[type=submit]").click()
    wait(browser).until(lambda d: all(query_params(d.current_url).get(p) == [v]
                                      for p, v in values.items()))
    errors = texts(browser, ".message-error, .error")
    assert not errors, f"{name}: {errors}"

    filled = {p: values.get(p, "") for p in query.get("params") or values}
    api = get_json(f"{site}/archive/{name}.json?"
                   + urllib.parse.urlencode({**filled, "_shape": "objects"}))
    rows = api["rows"]
    assert rows, f"{name} with {values} returned no rows"
    columns = list(rows[0])
    table = browser.find_element(By.CSS_SELECTOR, "table.rows-and-columns")
    headers = [th.text.strip() for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    # the atom_* columns feed the story's Atom feed: in the page, not shown
    assert [h for h in headers if h] == [c for c in columns if not c.startswith("atom_")]
    assert all(not th.is_displayed() for th in table.find_elements(
        By.CSS_SELECTOR, "thead th[class*='col-atom_']"))
    shown = [{c: td.text.strip() for c, td in zip(columns, tr.find_elements(By.TAG_NAME, "td"))}
             for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert len(shown) == len(rows)
    return shown


def test_05_canned_query_search_for_a_word(browser, site, archive_db, shot):
    shown = run_canned_query(browser, site, archive_db, "search", {"q": WORD})
    titles = [r["title"] for r in shown]
    # the Fuxin 商务局 annual reports (not its other pages: the query searches reports only)
    reports = {e["title"] for e in catalog.expected_reports()
               if e["url"].startswith("/fuxin-swj/") and e["is_report"]
               and e.get("fetchable", True)}
    assert reports and reports <= set(titles), reports - set(titles)
    assert all("商务" in t for t in titles), titles
    # each result shows the passage that matched, with the word in it
    assert all(WORD in r["passage"] for r in shown), [r["passage"] for r in shown]
    show(browser, xpath=PARAMETERS)
    shot("05-query-search")


def test_05_canned_query_missing_reports_of_a_year(browser, site, archive_db, shot):
    year = 2018
    shown = run_canned_query(browser, site, archive_db, "missing_reports", {"year": str(year)})
    # exactly the sites whose agency has no annual report for that year in the archive
    db = database(archive_db)
    expected = {slug for (slug,) in db.execute(
        "select slug from sites as s where not exists (select 1 from reports as r "
        "where (r.site_id = s.slug or r.agency = s.agency) and r.is_report = 1 "
        "and r.report_year = ?)", [year])}
    having = {slug for (slug,) in db.execute("select slug from sites")} - expected
    assert expected and having, "the fixture archive should have both kinds of site for the year"
    assert {r["site"] for r in shown} == expected
    assert all(r["year"] == str(year) for r in shown)
    show(browser, xpath=PARAMETERS)
    shot("05-query-missing-reports")


# --- 6. the dashboard -----------------------------------------------------------------------

def dashboards(archive_db) -> dict[str, dict]:
    return (load_metadata(archive_db).get("plugins") or {}).get("datasette-dashboards") or {}


RENDERED = {  # what each chart library leaves in its container once drawn
    "vega": "canvas, svg", "vega-lite": "canvas, svg", "metric": "p", "table": "table",
    "markdown": "*", "map": ".leaflet-container",
}

# Pixels drawn on a chart's canvas that are not transparent (a blank canvas has none).
INKED_PIXELS = """
const canvas = arguments[0];
const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let inked = 0;
for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) inked++; }
return inked;
"""


def test_06_dashboard(browser, site, archive_db, shot):
    boards = dashboards(archive_db)
    if not boards:
        pytest.skip("no datasette-dashboards configuration in metadata.yml")
    db = database(archive_db)
    reports = db.execute("select count(*) from reports where is_report = 1").fetchone()[0]
    for slug, board in boards.items():
        browser.get(f"{site}/-/dashboards/{slug}")
        metrics = check_dashboard(browser, site, archive_db, board, {})
        if "reports_count" in metrics:  # the count of annual reports, as the reports table has it
            assert metrics["reports_count"] == str(reports)
        shot(f"06-dashboard-{slug}")

    # a reader narrows a dashboard to one region by typing part of its name into the filter
    with_region = [(s, b) for s, b in boards.items() if "region" in (b.get("filters") or {})]
    if not with_region:
        return
    slug, board = with_region[0]
    browser.get(f"{site}/-/dashboards/{slug}")
    box = browser.find_element(By.CSS_SELECTOR, ".dashboard-filters input#region")
    box.send_keys("阜新")
    browser.find_element(By.CSS_SELECTOR, ".dashboard-filters input[type=submit]").click()
    wait(browser).until(lambda d: query_params(d.current_url).get("region") == ["阜新"])
    metrics = check_dashboard(browser, site, archive_db, board, {"region": "阜新"})
    fuxin = db.execute("select count(*) from reports where is_report = 1 "
                       "and instr(region, '阜新') > 0").fetchone()[0]
    assert 0 < fuxin < reports
    if "reports_count" in metrics:
        assert metrics["reports_count"] == str(fuxin)
    shot(f"06-dashboard-{slug}-region")


def check_dashboard(browser, site, archive_db, board, filters) -> dict[str, str]:
    """The dashboard open in the browser shows its title and every chart's title, and every
    chart has drawn its data (with ``filters`` applied). Returns the text of the metric cards."""
    assert browser.find_element(By.TAG_NAME, "h1").text == board["title"]
    charts = board.get("charts") or {}
    assert charts, f"dashboard {board['title']} has no charts"
    params = {key: filters.get(key, "") for key in (board.get("filters") or {})}
    metrics = {}
    for key, chart in charts.items():
        library = chart.get("library", "vega")
        card = browser.find_element(By.ID, f"card-{key}")
        if library != "markdown":
            title = card.find_element(By.CSS_SELECTOR, ".dashboard-card-title").text
            assert chart["title"] in title, (key, title)
        rows = []
        if chart.get("query"):
            db = chart.get("db", archive_db.stem)
            rows = get_json(f"{site}/{db}.json?" + urllib.parse.urlencode(
                {"sql": chart["query"], **params, "_shape": "objects"}))["rows"]
            assert rows, f"chart {key} ({chart['title']}) has no data with {filters}"
        container = f"#chart-{key}"
        drawn = wait(browser, 30).until(lambda d: d.find_elements(
            By.CSS_SELECTOR, ", ".join(f"{container} {s}" for s in
                                       RENDERED.get(library, "*").split(", "))))
        element = drawn[0]
        if library in ("vega", "vega-lite"):
            assert element.size["width"] > 50 and element.size["height"] > 20, (key, element.size)
            if element.tag_name == "canvas":  # drawn, not just placed: wait for the ink
                wait(browser).until(lambda d: d.execute_script(INKED_PIXELS, element) > 100,
                                    f"chart {key} stays blank")
        elif library == "metric":
            value = rows[0][chart["display"]["field"]]
            metrics[key] = element.text.strip()
            assert str(value) in metrics[key], (key, metrics[key], value)
        elif library == "table":
            shown = element.find_elements(By.CSS_SELECTOR, "tbody tr")
            assert len(shown) == len(rows), key
        elif library == "markdown":
            assert card.text.strip(), f"chart {key} shows no text"
    return metrics


# --- 7. the reports list a journalist sees first --------------------------------------------

def test_07_reports_list_is_readable_and_narrows_by_year(browser, site, archive_db, shot):
    browser.set_window_size(1400, 1400)
    try:
        browser.get(site + "/")
        rows = browser.find_elements(By.CSS_SELECTOR, "table.xxgk-list tbody tr")
        assert len(rows) >= 10
        # ten reports fit one 1,400 px screen: rows are a line or two, not a wrapped column
        tenth = rows[9].rect
        first = rows[0].rect
        assert tenth["y"] + tenth["height"] - first["y"] < 1000, (first, tenth)
        title = rows[0].find_element(By.CSS_SELECTOR, "td.title")
        assert title.size["width"] >= 200, title.size  # titles are not 4 characters wide
        # the table fits the window: no column is pushed off screen
        table = browser.find_element(By.CSS_SELECTOR, "table.xxgk-list")
        assert table.rect["x"] + table.rect["width"] <= 1400
        shot("07-reports-list")

        # the year facet, in calendar order; a click narrows the list to that year
        years = [a.text.split()[0] for a in browser.find_elements(
            By.CSS_SELECTOR, ".xxgk-facet[data-facet='year'] a")]
        assert years == sorted(years) and len(years) > 2
        year = years[-1]
        browser.find_element(By.XPATH, f"//div[@data-facet='year']//a[starts-with(normalize-space(), "
                                       f"'{year} ')]").click()
        wait(browser).until(lambda d: query_params(d.current_url).get("year") == [year])
        shown = texts(browser, "table.xxgk-list tbody td.num:nth-child(4)")
        expected = database(archive_db).execute(
            "select count(*) from reports where is_report = 1 and report_year = ?",
            [int(year)]).fetchone()[0]
        assert shown == [year] * expected
        shot("07-reports-list-year")
    finally:
        browser.set_window_size(*WINDOW)
