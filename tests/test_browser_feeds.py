"""Feeds and downloads as a reader finds them: in Debian's Chromium (Selenium), against ``xxgk
serve`` on the archive crawled from the fixture web. A story page and a table search page each
show an Atom link and a "CSV for Excel" link beside Datasette's CSV link; the bytes behind them,
fetched over HTTP, are a valid Atom feed and a UTF-8 CSV with a byte-order mark and no ⟦⟧.

Screenshots go to the test's tmp_path and tests/output/browser/ (git-ignored)."""
from __future__ import annotations

import csv
import io
import urllib.parse
import urllib.request

import pytest

from browser_support import (missing_browser, serving_archive)
from test_feeds import NS, validate_atom

_why_not = missing_browser()
if _why_not:
    pytest.skip(f"browser tests need Debian's Chromium: {_why_not}", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WORD = "商务"
EXCEL = "CSV for Excel (UTF-8 with BOM)"


@pytest.fixture(scope="module")
def site(fixture_archive, tmp_path_factory):
    """Base URL of ``xxgk serve --db archive.db --port <free>`` running in a subprocess."""
    with serving_archive(fixture_archive, tmp_path_factory.mktemp("browser") / "serve.log") as base:
        yield base


def fetch(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=60) as response:
        assert response.status == 200
        return response.read(), response.headers.get("content-type", "")


def export_links(browser) -> tuple[str, str, str]:
    """The export paragraph's text and the Atom and "CSV for Excel" links' absolute addresses."""
    WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "p.export-links a.xxgk-csv-bom"))
    paragraph = browser.find_element(By.CSS_SELECTOR, "p.export-links")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", paragraph)
    atom = paragraph.find_element(By.XPATH, ".//a[normalize-space(.)='atom']")
    excel = paragraph.find_element(By.CSS_SELECTOR, "a.xxgk-csv-bom")
    return paragraph.text, atom.get_attribute("href"), excel.get_attribute("href")


def check_excel_csv(url: str, first_column: str) -> list[list[str]]:
    body, kind = fetch(url)
    assert kind.startswith("text/csv")  # _dl=1: a file to save
    assert body.startswith(b"\xef\xbb\xbf") and b"\xef\xbb\xbf" not in body[3:]
    assert "⟦".encode() not in body and "⟧".encode() not in body
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == first_column and len(rows) > 1
    return rows


def check_feed(url: str, page: str) -> list:
    body, kind = fetch(url)
    assert kind.startswith("application/xml")
    root = validate_atom(body)
    assert root.find("a:link[@rel='alternate']", NS).get("href") == page
    return root.findall("a:entry", NS)


def test_story_page_links_its_feed_and_excel_csv(browser, site, shot):
    page = f"{site}/archive/search?{urllib.parse.urlencode({'q': WORD})}"
    browser.get(page)
    text, atom, excel = export_links(browser)
    assert f"CSV, {EXCEL}" in text
    shot("story_feed_links")
    assert urllib.parse.urlsplit(atom).path == "/archive/search.atom"
    entries = check_feed(atom, page)
    titles = [e.findtext("a:title", namespaces=NS) for e in entries]
    assert titles and all(t for t in titles)
    assert any(WORD in t for t in titles)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(excel).query)
    assert query["_bom"] == ["1"] and query["q"] == [WORD]
    rows = check_excel_csv(excel, "report_id")
    assert sorted(r[1] for r in rows[1:]) == sorted(titles)  # the same reports as the feed
    link = browser.find_element(By.XPATH, "//p[@class='export-links']//a[normalize-space(.)='atom']")
    link.click()  # followed in the browser: Chromium shows the feed's XML, not an error page
    WebDriverWait(browser, 20).until(lambda d: urllib.parse.urlsplit(d.current_url).path
                                     == "/archive/search.atom")
    assert titles[0] in browser.find_element(By.TAG_NAME, "body").text


def test_table_search_links_its_feed_and_excel_csv(browser, site, shot):
    page = f"{site}/archive/reports?{urllib.parse.urlencode({'_search': WORD})}"
    browser.get(page)
    text, atom, excel = export_links(browser)
    assert f"CSV, {EXCEL}" in text
    shot("table_search_feed_links")
    assert urllib.parse.urlsplit(atom).path == "/archive/reports.atom"
    entries = check_feed(atom, page)
    assert entries
    for entry in entries:
        related = entry.find("a:link[@rel='related']", NS).get("href")
        assert related.startswith(f"{site}/archive/-/report/")
    box = browser.find_element(By.CSS_SELECTOR, "form[action$='.csv'] input[name=_bom]")
    assert box.get_attribute("value") == "1"  # the advanced export form offers it too
    rows = check_excel_csv(excel, "id")
    ids = {e.findtext("a:id", namespaces=NS).rsplit(":", 1)[1] for e in entries}
    assert ids <= {r[0] for r in rows[1:]}
