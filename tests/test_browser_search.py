"""/-/search as a reader uses it, in Debian's Chromium against ``xxgk serve`` on the fixture
archive: search a word, page to the next page, include the other pages, mistype a query (on
/-/search and on the table page). Screenshots in tests/output/browser/ (search_paged,
search_all_pages, search_bad_query, table_bad_query)."""
from __future__ import annotations

import re
import sqlite3

import pytest

from browser_support import (missing_browser, serving_archive)

_why_not = missing_browser()
if _why_not:
    pytest.skip(f"browser tests need Debian's Chromium: {_why_not}", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WORD = "公开"  # in more annual reports than one page holds


@pytest.fixture(scope="module")
def counts(fixture_archive):
    """(annual reports, every page) whose index holds WORD, read off the stored index text."""
    conn = sqlite3.connect(fixture_archive)
    rows = conn.execute("select r.is_report, f.title || ' ' || f.body || ' ' || f.attachments"
                        " from reports as r join reports_fts as f on f.rowid = r.rowid").fetchall()
    conn.close()
    hits = [is_report for is_report, tokens in rows if WORD in tokens.split()]
    return sum(1 for h in hits if h == 1), len(hits)


@pytest.fixture(scope="module")
def site(fixture_archive, tmp_path_factory):
    log = tmp_path_factory.mktemp("browser-search") / "serve.log"
    with serving_archive(fixture_archive, log) as base:
        yield base


def wait(driver, timeout=20):
    return WebDriverWait(driver, timeout)


def showing(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, ".xxgk-showing").text


def result_links(driver) -> list[str]:
    return [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR,
                                                                  ".xxgk-results a.xxgk-report")]


def search_for(driver, site, q):
    driver.get(site + "/-/search")
    box = driver.find_element(By.ID, "xxgk-search-q")
    box.send_keys(q)
    box.send_keys(Keys.ENTER)
    wait(driver).until(lambda d: "q=" in d.current_url)


def test_search_a_word_and_page_to_the_next_page(browser, site, shot, counts):
    reports, _ = counts
    search_for(browser, site, WORD)
    assert showing(browser) == f"matches 1–20 of {reports} · page 1 of {-(-reports // 20)}"
    first = result_links(browser)
    assert len(first) == 20 and all(re.search(r"/archive/-/report/[0-9a-f]{16}$", h) for h in first)
    browser.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    wait(browser).until(lambda d: "page=2" in d.current_url)
    assert showing(browser).startswith(f"matches 21–{min(40, reports)} of {reports}")
    second = result_links(browser)
    assert second and not set(second) & set(first)
    assert browser.find_elements(By.CSS_SELECTOR, "a[rel=prev]")
    browser.execute_script("document.querySelector('.xxgk-showing').scrollIntoView()")
    shot("search_paged")


def test_switch_to_every_page(browser, site, shot, counts):
    reports, every = counts
    search_for(browser, site, WORD)
    assert not browser.find_element(By.ID, "xxgk-search-all").is_selected()
    browser.find_element(By.ID, "xxgk-search-all").click()
    browser.find_element(By.ID, "xxgk-search-q").send_keys(Keys.ENTER)
    wait(browser).until(lambda d: "all=1" in d.current_url)
    assert browser.find_element(By.ID, "xxgk-search-all").is_selected()
    assert showing(browser).startswith(f"matches 1–20 of {every}")
    text = browser.find_element(By.TAG_NAME, "body").text
    assert f"{reports} annual reports" in text and f"{every - reports} other pages" in text
    browser.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    wait(browser).until(lambda d: "page=2" in d.current_url and "all=1" in d.current_url)
    assert browser.find_elements(By.CSS_SELECTOR, ".xxgk-results .kind")  # other pages marked
    shot("search_all_pages")
    browser.find_element(By.CSS_SELECTOR, "a.xxgk-switch").click()  # back to reports only
    wait(browser).until(lambda d: "all=1" not in d.current_url)
    assert showing(browser).startswith(f"matches 1–20 of {reports}")


def test_a_query_that_cannot_be_read_says_why(browser, site, shot):
    search_for(browser, site, '"商务')
    message = browser.find_element(By.CSS_SELECTOR, ".xxgk-query-error").text
    assert "cannot be read" in message and 'quotation mark " is not closed' in message
    assert not browser.find_elements(By.CSS_SELECTOR, ".xxgk-results")
    assert browser.find_element(By.ID, "xxgk-search-q").get_attribute("value") == '"商务'
    shot("search_bad_query", allowed=("the server responded with a status of 400",))


def test_the_table_page_says_why_too(browser, site, shot):
    browser.get(site + "/archive/reports")
    box = browser.find_element(By.ID, "_search")
    box.send_keys("商务 OR")
    box.send_keys(Keys.ENTER)
    wait(browser).until(lambda d: "_search=" in d.current_url)
    message = browser.find_element(By.CSS_SELECTOR, ".xxgk-query-error").text
    assert "cannot be read" in message and "OR needs a word or phrase on each side" in message
    browser.execute_script("window.scrollTo(0, 0)")
    # datasette-vega 0.6.2 throws on every table page without rows (no table to put its chart
    # above): not ours, and the same for a search that reads but finds nothing
    shot("table_bad_query", allowed=("datasette_vega",))
