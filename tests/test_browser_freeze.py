"""Nobody can freeze it, as seen in Debian's Chromium (Selenium) against ``xxgk serve``: while
three heavy SQL-function requests run, a plain page opens with its table; the heavy requests
themselves end on a page that says why in words (an input bound, the time limit, a query too
long), never a raw 500. Screenshots: freeze_plain_page, freeze_input_bound, freeze_time_limit,
freeze_long_search (tests/output/browser/). The timings themselves are tests/test_freeze.py's."""
from __future__ import annotations

import concurrent.futures
import urllib.error
import urllib.parse
import urllib.request

import pytest

from browser_support import (missing_browser, serving_archive)

_why_not = missing_browser()
if _why_not:
    pytest.skip(f"browser tests need Debian's Chromium: {_why_not}", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402

# a million calls: past the 3 s time limit on any machine (100,000 short ones took 2.9 s on CI)
LOOP = "with recursive n(i) as (select 1 union all select i + 1 from n limit 1000000) "
HUGE = "select jieba_segment(printf('%.*c', 5000000, '商'))"
MANY = LOOP + "select count(jieba_segment('商务局行政复议' || i)) from n"
WORDS = " ".join(["商务"] * 3000)  # 57 kB of URL: under uvicorn's request limit


@pytest.fixture(scope="module")
def site(fixture_archive, tmp_path_factory):
    with serving_archive(fixture_archive, tmp_path_factory.mktemp("browser-freeze") /
                         "serve.log") as base:
        yield base


def sql_url(site: str, sql: str) -> str:
    return f"{site}/archive?" + urllib.parse.urlencode({"sql": sql})


def fetch_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_plain_page_opens_while_heavy_requests_run(site, browser, shot):
    heavy = [sql_url(site, HUGE), sql_url(site, MANY),
             f"{site}/-/search?" + urllib.parse.urlencode({"q": WORDS})]
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        running = [pool.submit(fetch_status, url) for url in heavy]
        browser.get(site + "/archive/sites")
        table = browser.find_element(By.CSS_SELECTOR, "table.rows-and-columns")
        assert "fuxin-swj" in table.text
        shot("freeze_plain_page")
        statuses = [future.result() for future in running]
    assert statuses == [400, 400, 400]


@pytest.mark.parametrize("name, url, message", [
    ("freeze_input_bound", lambda site: sql_url(site, HUGE),
     "jieba_segment: input over 3,000 characters"),
    ("freeze_time_limit", lambda site: sql_url(site, MANY), "SQL query took too long"),
    ("freeze_long_search", lambda site: f"{site}/-/search?" + urllib.parse.urlencode(
        {"q": WORDS}), "query too long"),
])
def test_a_heavy_request_ends_on_a_page_that_says_why(site, browser, shot, name, url, message):
    browser.get(url(site))
    text = browser.find_element(By.TAG_NAME, "body").text
    assert message in text, text[:1000]
    assert "Traceback" not in text and "Internal Server Error" not in text
    shot(name, allowed=("status of 400",))
