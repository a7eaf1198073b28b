"""``xxgk demo`` as a newcomer meets it, in Debian's Chromium (Selenium): the real command crawls
the fixture web twice with its edits, removals and growing view counts in between, then serves.
The home page says the archive is a demo whose errors are planted; the history stories
(changed and removed reports, fastest-growing views) have rows on the screen; the crawl errors
page says why each kind of error is there; a removed report's page carries its banner.
Screenshots: demo_home, demo_changed_reports, demo_fastest_growing_views, demo_crawl_errors,
demo_removed_report (tests/output/browser/)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
import sqlite_utils

from xxgk.cli import demo as demo_flow
from xxgk.fixtureweb import mutations
from xxgk.fixtureweb.mutations import SCENARIOS
from browser_support import (missing_browser, wait_until_answers)
from support import free_port

_why_not = missing_browser()
if _why_not:
    pytest.skip(f"browser tests need Debian's Chromium: {_why_not}", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """``xxgk demo --db demo.db --port P --fixture-port Q``, serving; (base URL, db name, db)."""
    folder = tmp_path_factory.mktemp("browser-demo")
    path, port = folder / "demo.db", free_port()
    log = open(folder / "demo.log", "w+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "xxgk", "demo", "--db", str(path), "--port",
                             str(port), "--fixture-port", str(free_port())],
                            stdout=log, stderr=subprocess.STDOUT, text=True, cwd=folder,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_answers(base + "/-/versions.json", proc, timeout=240)
        except Exception as error:
            log.seek(0)
            raise RuntimeError(f"{error}\n--- xxgk demo ---\n{log.read()[-4000:]}") from None
        yield base, path.stem, sqlite_utils.Database(path)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


def table_rows(browser) -> list[dict]:
    """The rows of the page's Datasette table, as {column: text} (hidden atom_* columns out)."""
    table = browser.find_element(By.CSS_SELECTOR, "table.rows-and-columns")
    columns = [th.get_attribute("class") for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    names = [next((c[4:] for c in (cls or "").split() if c.startswith("col-")), "")
             for cls in columns]
    return [{n: td.text.strip() for n, td in zip(names, tr.find_elements(By.TAG_NAME, "td"))}
            for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]


def paths(rows, column="url") -> list[str]:
    from urllib.parse import urlsplit

    return sorted(urlsplit(row[column]).path for row in rows)


def changed_core(before: str, after: str) -> tuple[str, str]:
    """``before`` and ``after`` without the text they begin and end with in common."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return before[start:len(before) - end], after[start:len(after) - end]


def test_home_says_it_is_a_demo_with_planted_errors(demo, browser, shot):
    base, name, _ = demo
    browser.get(base + "/")
    notice = browser.find_element(By.CSS_SELECTOR, ".xxgk-notice")
    assert notice.is_displayed()
    assert "演示档案 Demo archive" in notice.text and "planted on purpose" in notice.text
    link = notice.find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href") == f"{base}/{name}/crawl_errors"
    # the reports list itself is there under the notice
    assert browser.find_elements(By.CSS_SELECTOR, "table.xxgk-list tbody tr")
    shot("demo_home")


def test_changed_and_removed_reports_are_on_the_screen(demo, browser, shot):
    base, name, _ = demo
    browser.get(f"{base}/{name}/changed_reports")
    rows = table_rows(browser)
    edits, gone = SCENARIOS["edit"]["edits"], SCENARIOS["delete"]
    assert paths([r for r in rows if r["kind"] == "changed"]) == sorted(edits)
    assert paths([r for r in rows if r["kind"] == "removed"]) == sorted(
        gone["gone_404"] + gone["gone_410_unlisted"])
    for row in rows:
        if row["kind"] == "changed":  # the edit itself is shown: what it took out, what it put in
            edit = edits[paths([row])[0]]
            before, after = changed_core(edit["before"], edit["after"])
            assert before in row["diff"] and after in row["diff"], (row["diff"], before, after)
    shot("demo_changed_reports")


def test_fastest_growing_views_are_on_the_screen(demo, browser, shot):
    base, name, db = demo
    browser.get(f"{base}/{name}/fastest_growing_views")
    rows = table_rows(browser)
    reports = {r[0] for r in db.execute("select url from reports where is_report = 1")}
    assert paths(rows) == sorted(set(mutations.VIEWS) & set(paths([{"url": u} for u in reports])))
    assert all(int(r["gained"].replace(",", "")) > 0 for r in rows)
    shot("demo_fastest_growing_views")


def test_crawl_errors_page_says_why_they_are_there(demo, browser, shot):
    base, name, db = demo
    browser.get(f"{base}/{name}/crawl_errors")
    text = browser.find_element(By.TAG_NAME, "body").text
    kinds = {r[0] for r in db.execute("select distinct kind from crawl_errors")}
    assert kinds
    for kind in kinds & set(demo_flow.FAILURE_WHY):
        assert demo_flow.FAILURE_WHY[kind] in text, kind
    shot("demo_crawl_errors")


def test_a_removed_report_page_has_its_banner(demo, browser, shot):
    base, name, db = demo
    report = next(db.query("select id, title, removed_reason from reports "
                           "where removed_at is not null and is_report = 1 order by url"))
    browser.get(f"{base}/{name}/-/report/{report['id']}")
    assert browser.find_element(By.TAG_NAME, "h1").text == report["title"]
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "removed" in body.lower() or "删除" in body
    shot("demo_removed_report")
