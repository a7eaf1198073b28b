"""Plain helpers the test modules share (the fixtures built on them are in conftest.py): a crawl
of the fixture web into an archive, the fixture web's control endpoints, a new archive with the
schema and its sites, a free port."""
from __future__ import annotations

import json
import socket
import subprocess
import threading
import urllib.request
from pathlib import Path

import sqlite_utils

from xxgk.archive.store import ensure_db_shape, save_site
from xxgk.cli.processes import run_crawl, scrapy_crawl_command
from xxgk.crawler.settings import FIXTURE_WEB_SETTINGS


def crawl_fixture_web(db_path: str | Path, **kwargs) -> subprocess.CompletedProcess:
    """One ``scrapy crawl`` run into ``db_path`` with the fixture-web settings; ``kwargs`` go to
    ``scrapy_crawl_command`` (``fixture_url``, ``sites``, ``url``, ``full``). It must succeed."""
    cmd = scrapy_crawl_command(db_path, settings=FIXTURE_WEB_SETTINGS, log_level="WARNING",
                               **kwargs)
    result = run_crawl(cmd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def post_fixture(base: str, path: str, body=None) -> None:
    """POST to a control endpoint of the fixture web at ``base`` (a JSON body when one is given)."""
    data = json.dumps(body).encode() if body is not None else b""
    request = urllib.request.Request(base + path, data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request).read()


def reset_fixture_web(base: str) -> None:
    """The pristine web again: fail-once pages re-armed, mutations undone, validators on."""
    post_fixture(base, "/__fixture/reset")


def mutate_fixture_web(base: str, scenario: str) -> None:
    """Apply one scenario of ``xxgk.fixtureweb.mutations`` (``restore`` undoes them)."""
    post_fixture(base, "/__fixture/mutate", {"scenario": scenario})


def new_archive(path: str | Path | None = None, sites=()) -> sqlite_utils.Database:
    """An archive with the schema (in memory when no ``path``) and ``sites`` saved."""
    db = sqlite_utils.Database(path) if path is not None else sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    for site in sites:
        save_site(db, site)
    return db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pages_fetched(db_path: str | Path) -> int:
    """Responses a running crawl into ``db_path`` has received so far, counted in the WARC files
    beside it (written as each response arrives; the archive writer commits a moment later).
    Tests that interrupt a crawl while it fetches wait on this."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    for warc in Path(db_path).parent.glob("warc/*.warc.gz"):
        try:
            with open(warc, "rb") as stream:
                count += sum(r.rec_type == "response" for r in ArchiveIterator(stream))
        except (ArchiveLoadFailed, EOFError, OSError, ValueError):
            pass  # a record being written: the next look counts it
    return count


class ThreadedServer:
    """A test server (an ``http.server`` instance) served from a thread of the test process,
    with a log of what it saw; a context manager. Subclasses build ``server`` and log with
    ``note``."""

    def __init__(self, server):
        self.requests: list = []
        self._lock = threading.Lock()
        self._server = server
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def note(self, seen) -> None:
        with self._lock:
            self.requests.append(seen)

    def seen(self) -> list:
        with self._lock:
            return list(self.requests)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
