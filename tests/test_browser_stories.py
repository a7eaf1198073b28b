"""The stories as a reader sees them, in Debian's Chromium against ``xxgk serve`` on the fixture
archive: each opens with what it shows (its SQL one click away), no feed (atom_*) column in the
table, an agency box that offers the archive's agencies, and a bad year answered with what was
wrong. Screenshots: tests/output/browser/story_*.png (git-ignored)."""
from __future__ import annotations

import pytest
import sqlite_utils

from xxgk.serve.server import load_metadata
from browser_support import (console_errors, missing_browser, serving_archive)

_why_not = missing_browser()
if _why_not:
    pytest.skip(f"browser tests need Debian's Chromium: {_why_not}", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def site(fixture_archive, tmp_path_factory):
    with serving_archive(fixture_archive, tmp_path_factory.mktemp("stories") / "serve.log") as base:
        yield base


def story(fixture_archive, name) -> dict:
    return load_metadata(fixture_archive)["databases"]["archive"]["queries"][name]


def visible_headers(browser) -> list[str]:
    return [th.text.strip() for th in browser.find_elements(
        By.CSS_SELECTOR, "table.rows-and-columns thead th") if th.is_displayed()]


def assert_reads_as_a_story(browser, query: dict) -> None:
    assert browser.find_element(By.TAG_NAME, "h1").text == query["title"]
    assert browser.title == query["title"]  # the tab names the story, not its SQL
    assert not [e for e in browser.find_elements(By.CSS_SELECTOR, "#sql-query, textarea")
                if e.is_displayed()], "the SQL is shown before it is asked for"
    assert browser.find_element(By.CSS_SELECTOR, ".show-hide-sql a").text == "show"
    headers = visible_headers(browser)
    assert headers and not [h for h in headers if h.startswith("atom_")], headers
    hidden = browser.find_elements(By.CSS_SELECTOR, "th[class^='col-atom_']")
    assert hidden and not any(th.is_displayed() for th in hidden)


def test_late_reports(browser, site, fixture_archive, shot):
    query = story(fixture_archive, "late_reports")
    browser.get(f"{site}/archive/late_reports")
    assert_reads_as_a_story(browser, query)
    assert {"report_id", "agency", "deadline", "days_late"} <= set(visible_headers(browser))
    box = browser.find_element(By.CSS_SELECTOR, "form.sql input[name='agency']")
    assert box.get_attribute("list") == "xxgk-agencies"
    db = sqlite_utils.Database(fixture_archive)
    agencies = {a for (a,) in db.execute("select agency from sites where agency != ''")}
    offered = set(browser.execute_script(
        "return Array.from(document.querySelectorAll('#xxgk-agencies option'), o => o.value)"))
    assert agencies and agencies <= offered, agencies - offered
    browser.find_element(By.CSS_SELECTOR, ".show-hide-sql a").click()  # the SQL, when asked for
    WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#sql-query"))
    assert "xxgk_deadline" in browser.find_element(By.CSS_SELECTOR, "#sql-query").text
    browser.get(f"{site}/archive/late_reports")
    shot("story_late_reports")


def test_missing_reports(browser, site, fixture_archive, shot):
    query = story(fixture_archive, "missing_reports")
    browser.get(f"{site}/archive/missing_reports")
    assert_reads_as_a_story(browser, query)
    headers = visible_headers(browser)
    assert {"agency", "year", "deadline", "status"} <= set(headers)
    cells = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns td.col-status")
    assert cells and {c.text for c in cells} == {"overdue"}  # only years past their deadline
    shot("story_missing_reports")


def test_an_agency_picked_from_the_list(browser, site, fixture_archive, shot):
    browser.get(f"{site}/archive/reports_by_agency")
    box = browser.find_element(By.CSS_SELECTOR, "form.sql input[name='agency']")
    assert box.get_attribute("list") == "xxgk-agencies"
    box.send_keys("商务 局")  # a space typed in the middle matches all the same
    browser.find_element(By.CSS_SELECTOR, "form.sql input[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda d: "agency=" in d.current_url)
    agencies = {td.text for td in browser.find_elements(
        By.CSS_SELECTOR, "table.rows-and-columns td.col-agency")}
    assert agencies and all("商务局" in a for a in agencies), agencies


def test_a_bad_year_says_what_was_wrong(browser, site, fixture_archive, shot):
    browser.get(f"{site}/archive/late_reports")
    box = browser.find_element(By.CSS_SELECTOR, "form.sql input[name='year']")
    box.send_keys("abc")
    browser.find_element(By.CSS_SELECTOR, "form.sql input[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda d: "year=abc" in d.current_url)
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading == story(fixture_archive, "late_reports")["title"] + ": 参数有误 bad parameter"
    message = browser.find_element(By.CSS_SELECTOR, "div[style*='solid red']").text
    assert message.startswith("year must be a year such as 2023, not 'abc'"), message
    assert "Traceback" not in browser.page_source
    link = browser.find_element(By.LINK_TEXT, "重新填写 Start again")
    assert link.get_attribute("href") == f"{site}/archive/late_reports"
    console_errors(browser)  # the 400 itself is logged as a failed load: expected here
    shot("story_bad_year")
