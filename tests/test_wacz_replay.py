"""The WACZ that `xxgk export --format wacz` writes replays in ReplayWeb.page, offline: a small
crawl of one fixture site is packaged, the fixture web is stopped, and a self-hosted
ReplayWeb.page (the pinned npm package's ui.js and sw.js, scripts/install-replayweb.sh) embedded
in a page on 127.0.0.1 shows the archived report pages in headless Chromium, their titles in the
replayed document.

The page is laid out as docs/wacz.md ("Self-hosted") says: ``index.html`` with ui.js and
``<replay-web-page source=… url=…>``, the service worker at ``replay/sw.js`` (ReplayWeb.page's
default ``replayBase`` is ``./replay/``), the .wacz beside it, from a static server that answers
range requests (wabac.js reads the ZIP by ranges). ``replay/index.html`` (with ``replay/ui.js``)
is what the service worker itself serves there: without it, a replay iframe that loads before the
new service worker controls it (its three quick reloads can lose that race on a busy machine) gets
the server's answer for ``replay/`` and the embed stays empty.

Skipped, with the reason, only when Chromium/ChromeDriver or npm (needed once, to fetch
ReplayWeb.page) are missing.
"""
from __future__ import annotations

import functools
import html
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
import sqlite_utils

from browser_support import missing_browser
from support import crawl_fixture_web
from xxgk.cli.processes import PROJECT_ROOT, running_fixture_web

_why_not = missing_browser()
if _why_not:
    pytest.skip(f"the replay test needs Debian's Chromium: {_why_not}", allow_module_level=True)

SITE = "fuxin-swj"
INSTALL = PROJECT_ROOT / "scripts" / "install-replayweb.sh"
# where scripts/install-replayweb.sh puts ReplayWeb.page (XXGK_REPLAYWEB_DIR: another folder)
REPLAYWEB = Path(os.environ.get("XXGK_REPLAYWEB_DIR") or PROJECT_ROOT / ".cache" / "replaywebpage")
REPLAY_TIMEOUT = 45.0  # seconds for one page to show in the embed (1-4 s on a 2-core machine)

# Every document reachable from the top page: through open shadow roots and same-origin iframes
# (the replay frame is same-origin: ReplayWeb.page serves it from replay/w/… by its worker).
FRAMES_JS = r"""
const out = [];
function walk(root, depth) {
  if (depth > 12) return;
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) walk(el.shadowRoot, depth + 1);
    if (el.tagName === 'IFRAME') {
      let doc = null;
      try { doc = el.contentDocument; } catch (e) { doc = null; }
      out.push({src: el.getAttribute('src') || '', title: doc ? doc.title : null,
                text: doc && doc.body ? doc.body.innerText : null});
      if (doc) walk(doc, depth + 1);
    }
  }
}
walk(document, 0);
return out;
"""


class _RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with single byte-range requests (python's http.server answers none)."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self):
        self._remaining = None
        path = self.translate_path(self.path)
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range") or "")
        if not match or not os.path.isfile(path) or match.groups() == ("", ""):
            return super().send_head()
        size = os.path.getsize(path)
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        else:
            start, end = max(0, size - int(last)), size - 1
        if start > end:
            self.send_error(416)
            return None
        source = open(path, "rb")
        source.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self._remaining = end - start + 1
        return source

    def copyfile(self, source, outputfile):
        if self._remaining is None:
            return super().copyfile(source, outputfile)
        outputfile.write(source.read(self._remaining))


@pytest.fixture(scope="module")
def replayweb() -> Path:
    """ReplayWeb.page's folder (ui.js, sw.js), installed by scripts/install-replayweb.sh."""
    ready = (REPLAYWEB / "ui.js").is_file() and (REPLAYWEB / "sw.js").is_file()
    if not ready and not shutil.which("npm"):
        pytest.skip("npm not found: it is needed once to fetch ReplayWeb.page "
                    "(scripts/install-replayweb.sh; Debian: apt-get install npm)")
    result = subprocess.run(["sh", str(INSTALL), str(REPLAYWEB)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, f"{INSTALL.name} failed:\n{result.stdout}{result.stderr}"
    return REPLAYWEB


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """(the .wacz of one crawl of SITE, {report url: title} of its annual reports); the fixture
    web is stopped before the export, so nothing but the WACZ can answer for those URLs."""
    folder = tmp_path_factory.mktemp("wacz-replay")
    db_path = folder / "archive.db"
    with running_fixture_web() as base:
        crawl_fixture_web(db_path, sites=[SITE], fixture_url=base)
    db = sqlite_utils.Database(db_path)
    reports = dict(db.execute("SELECT url, title FROM reports WHERE is_report = 1"
                              " ORDER BY report_year DESC").fetchall())
    db.close()
    assert len(reports) >= 2, f"the crawl of {SITE} stored {len(reports)} annual reports"
    wacz = folder / "reports.wacz"
    result = subprocess.run([sys.executable, "-m", "xxgk", "export", "--format", "wacz",
                             "--db", str(db_path), "--out", str(wacz)],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and wacz.is_file(), result.stdout + result.stderr
    return wacz, reports


@pytest.fixture(scope="module")
def replay_site(replayweb, exported, tmp_path_factory):
    """Base URL of the self-hosted player on 127.0.0.1, with one page per report: p<n>.html."""
    wacz, reports = exported
    root = tmp_path_factory.mktemp("replay-site")
    (root / "replay").mkdir()
    shutil.copy(replayweb / "ui.js", root / "ui.js")
    shutil.copy(replayweb / "ui.js", root / "replay" / "ui.js")
    shutil.copy(replayweb / "sw.js", root / "replay" / "sw.js")
    (root / "replay" / "index.html").write_text(
        '<!doctype html>\n<html><head><script src="./ui.js"></script></head>\n'
        "<body><replay-app-main></replay-app-main></body></html>\n", encoding="utf-8")
    shutil.copy(wacz, root / "reports.wacz")
    for n, url in enumerate(reports):
        (root / f"p{n}.html").write_text(
            '<!doctype html>\n<html><head><meta charset="utf-8"><title>replay</title>\n'
            '<script src="./ui.js"></script></head>\n<body>\n'
            f'<replay-web-page style="display:block;height:1400px" source="reports.wacz"'
            f' url="{html.escape(url)}"></replay-web-page>\n</body></html>\n', encoding="utf-8")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_RangeHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def replayed(driver, url: str, timeout: float = REPLAY_TIMEOUT) -> dict | None:
    """The replay frame of archived ``url`` once its document has a title and text, or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in driver.execute_script(FRAMES_JS):
            if frame["src"].endswith("mp_/" + url) and frame["title"] and frame["text"]:
                return frame
        time.sleep(0.25)
    return None


def test_reports_replay_offline(browser, replay_site, exported):
    _wacz, reports = exported
    host = urllib.parse.urlsplit(next(iter(reports)))
    with socket.socket() as sock:  # the archived site is gone: only the WACZ can answer
        assert sock.connect_ex((host.hostname, host.port)) != 0, f"{host.netloc} still answers"

    for n, (url, title) in enumerate(list(reports.items())[:2]):
        started = time.monotonic()
        browser.get(f"{replay_site}/p{n}.html")
        frame = replayed(browser, url)
        frames = [] if frame else browser.execute_script(FRAMES_JS)
        assert frame, (f"{url} did not replay within {REPLAY_TIMEOUT:.0f} s; frames: "
                       f"{[(f['src'][:120], f['title']) for f in frames]}; console: "
                       f"{[e['message'][:200] for e in browser.get_log('browser')]}")
        assert title in frame["title"], (title, frame["title"])
        assert title in frame["text"], frame["text"][:500]
        print(f"{url} replayed in {time.monotonic() - started:.1f} s")
