"""Shared test fixtures: the fixture web, started once per test session, and the archive crawled
from it once per session; and the test net, which refuses every non-loopback connection in this
process and in every child it starts. Plain helpers are in support.py."""
import os
import sys
from pathlib import Path

import pytest

_NETGUARD = Path(__file__).resolve().parent / "netguard"
sys.path.insert(0, str(_NETGUARD))
import netguard  # noqa: E402

netguard.install()
os.environ["XXGK_NETGUARD"] = "1"
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(_NETGUARD), os.environ.get("PYTHONPATH")) if p)

import sqlite_utils  # noqa: E402

from xxgk.cli.processes import running_fixture_web  # noqa: E402
from support import crawl_fixture_web, reset_fixture_web  # noqa: E402


@pytest.fixture(scope="session")
def fixture_web():
    """Base URL (``http://127.0.0.1:PORT``) of the fixture web, served by a subprocess on port 0."""
    with running_fixture_web(port=0) as base:
        yield base


@pytest.fixture(scope="session")
def fixture_archive(fixture_web, tmp_path_factory):
    """``archive.db`` (in a folder of its own, ``warc/`` beside it): every registry fixture site
    crawled once from the pristine fixture web, as ``xxgk crawl --fixtures`` does. Shared by the
    whole session, so read it only: to change it, copy its folder first."""
    path = tmp_path_factory.mktemp("fixture-archive") / "archive.db"
    reset_fixture_web(fixture_web)
    result = crawl_fixture_web(path, fixture_url=fixture_web)
    db = sqlite_utils.Database(path)
    assert db["reports"].count > 0, "the crawl stored nothing:\n" + result.stderr[-3000:]
    db.close()
    return path


# --- the browser tests (tests/test_browser*.py) --------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """A headless Debian Chromium for one test module (browser_support.chromium)."""
    from browser_support import chromium, missing_chinese_font

    # without a CJK font Chromium draws every Chinese character as an empty box
    no_font = missing_chinese_font()
    assert not no_font, no_font
    with chromium() as driver:
        yield driver


@pytest.fixture
def shot(browser, tmp_path, request):
    """``shot(name)`` saves what the browser shows now as ``name.png`` in the test's tmp_path and
    in tests/output/browser/, and returns the first path; the JavaScript console must hold no
    errors but those containing one of ``allowed`` (e.g. the 400 of a page that says why)."""
    from browser_support import console_errors, screenshot

    shared = request.config.rootpath / "tests" / "output" / "browser"
    console_errors(browser)  # drop what earlier tests left in the log

    def take(name: str, allowed: tuple[str, ...] = ()):
        paths = screenshot(browser, [tmp_path, shared], name)
        errors = [e for e in console_errors(browser) if not any(a in e for a in allowed)]
        assert not errors, f"JavaScript errors on {browser.current_url}: {errors}"
        return paths[0]

    return take
