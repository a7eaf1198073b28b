"""The report page read in Debian's Chromium (Selenium) against ``xxgk serve``: the heading and
paragraphs are visible and read at a normal line width, the archived copy and an attachment open
from it, and a changed report's diff shows the change. Screenshots (report_page,
report_archived_copy, report_attachment, report_diff) go to tests/output/browser/ as in
tests/test_browser.py."""
from __future__ import annotations

import hashlib
import urllib.request

import pytest
import sqlite_utils

from xxgk.cli.processes import running_fixture_web
from xxgk.fixtureweb.mutations import EDITS, FUXIN_SEED
from browser_support import (missing_browser, serving_archive)
from support import crawl_fixture_web, post_fixture

_why_not = missing_browser()
if _why_not:
    pytest.skip(f"browser tests need Debian's Chromium: {_why_not}", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SEED_TITLE = "阜新市商务局2017年政府信息公开工作年度报告"


@pytest.fixture(scope="module")
def site(fixture_archive, tmp_path_factory):
    with serving_archive(fixture_archive, tmp_path_factory.mktemp("browser-report") /
                         "serve.log") as base:
        yield base


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory):
    """fuxin-swj crawled, its seed report edited on the fixture web, crawled again; served."""
    folder = tmp_path_factory.mktemp("browser-report-changed")
    path = folder / "changed.db"
    with running_fixture_web() as base:
        crawl_fixture_web(path, sites=["fuxin-swj"], fixture_url=base, full=True)
        post_fixture(base, "/__fixture/mutate", {"scenario": "edit"})
        crawl_fixture_web(path, sites=["fuxin-swj"], fixture_url=base, full=True)
        seed_url = base + FUXIN_SEED
    with serving_archive(path, folder / "serve.log") as served:
        yield served, sqlite_utils.Database(path), seed_url


def wait(driver, timeout=20):
    return WebDriverWait(driver, timeout)


def report_id(db_path, where: str, params=()) -> str:
    db = sqlite_utils.Database(db_path)
    row = db.execute(f"select id from reports where {where} limit 1", list(params)).fetchone()
    assert row, where
    return row[0]


def test_report_page_reads_as_a_document(browser, site, fixture_archive, shot):
    rid = report_id(fixture_archive, "title = ?", [SEED_TITLE])
    browser.get(f"{site}/archive/-/report/{rid}")
    heading = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "h1")))
    assert heading.text == SEED_TITLE
    paragraphs = [p for p in browser.find_elements(By.CSS_SELECTOR, "#body p") if p.is_displayed()]
    assert len(paragraphs) >= 5
    assert "759条" in " ".join(p.text for p in paragraphs)
    body = browser.find_element(By.CSS_SELECTOR, "#body")
    assert body.size["width"] >= 500, body.size
    # a paragraph's first line holds many characters, not seven: its height is a few lines
    first = paragraphs[2]
    line_height = browser.execute_script(
        "return parseFloat(getComputedStyle(arguments[0]).lineHeight)", first)
    lines = first.size["height"] / line_height
    assert len(first.text) / max(lines, 1) > 25, (len(first.text), lines)
    meta = browser.find_element(By.CSS_SELECTOR, "dl.xxgk-meta").text
    for value in ("2018-03-28", "阜新市商务局", "潘建渊", "334"):
        assert value in meta
    shot("report_page")


def test_archived_copy_opens_in_a_sandbox(browser, site, fixture_archive, shot):
    rid = report_id(fixture_archive, "title = ?", [SEED_TITLE])
    db = sqlite_utils.Database(fixture_archive)
    sha = db.execute("select v.sha256 from report_versions v join reports r on "
                     "r.latest_version_id = v.id where r.id = ?", [rid]).fetchone()[0]
    browser.get(f"{site}/archive/-/report/{rid}")
    browser.find_element(By.CSS_SELECTOR, "a.xxgk-archived").click()
    banner = wait(browser).until(EC.visibility_of_element_located(
        (By.CSS_SELECTOR, "#archived-banner")))
    assert "Archived copy" in banner.text and FUXIN_SEED in banner.text
    frame = browser.find_element(By.CSS_SELECTOR, "iframe.xxgk-frame")
    assert frame.get_attribute("sandbox") == "" and frame.size["height"] > 300
    src = frame.get_attribute("src")
    with urllib.request.urlopen(src, timeout=30) as response:
        assert hashlib.sha256(response.read()).hexdigest() == sha
        assert response.headers["Content-Security-Policy"].startswith("sandbox")
    browser.switch_to.frame(frame)
    try:
        assert SEED_TITLE in browser.find_element(By.TAG_NAME, "body").text
    finally:
        browser.switch_to.default_content()
    shot("report_archived_copy")


def test_attachment_opens_from_the_archive(browser, site, fixture_archive, shot):
    db = sqlite_utils.Database(fixture_archive)
    rid, sha = db.execute("select a.report_id, a.sha256 from attachments a join attachment_files "
                          "f on f.sha256 = a.sha256 where f.mime = 'application/pdf' and "
                          "a.text not like '%<%' order by f.size desc limit 1").fetchone()
    browser.get(f"{site}/archive/-/report/{rid}")
    link = browser.find_element(By.CSS_SELECTOR, "a.xxgk-file")
    href = link.get_attribute("href")
    assert href == f"{site}/archive/-/file/{sha}"
    link.click()
    wait(browser).until(EC.url_to_be(href))
    with urllib.request.urlopen(href, timeout=30) as response:
        assert hashlib.sha256(response.read()).hexdigest() == sha
        assert response.headers["Content-Type"] == "application/pdf"
    # Chromium's PDF viewer draws the pages a moment after the URL changes (under the
    # sandbox CSP too): wait until the window holds a page, not only the viewer's grey
    wait(browser).until(lambda d: colours(d.get_screenshot_as_png()) > 16)
    shot("report_attachment")


def colours(png: bytes) -> int:
    from io import BytesIO

    from PIL import Image

    return len(Image.open(BytesIO(png)).convert("L").histogram()) - \
        Image.open(BytesIO(png)).convert("L").histogram().count(0)


def test_changed_report_diff(browser, changed_site, shot):
    base, db, seed_url = changed_site
    before, after = EDITS[FUXIN_SEED]
    rid = db.execute("select id from reports where url = ?", [seed_url]).fetchone()[0]
    browser.get(f"{base}/changed/-/report/{rid}")
    banner = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#changed")))
    assert "2 versions" in banner.text
    banner.find_element(By.TAG_NAME, "a").click()
    wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "table.xxgk-diff")))
    deleted = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "tr.change del")]
    inserted = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "tr.change ins")]
    assert "759" in deleted and "768" in inserted
    assert all(e.is_displayed() for e in browser.find_elements(By.CSS_SELECTOR, "tr.change"))
    shot("report_diff")
