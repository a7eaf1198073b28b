"""Serve an archive database with Datasette: immutable, read-only, with our metadata and plugin."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import yaml

from xxgk.archive.opening import ArchiveError, ArchiveNotFound, open_archive  # noqa: F401 - re-export

METADATA = Path(__file__).resolve().parent / "metadata.yml"
SETTINGS = {
    "sql_time_limit_ms": 3000,
    "default_page_size": 50,
    "truncate_cells_html": 300,  # report bodies are long: keep the table page readable
    "facet_time_limit_ms": 1000,
    # each request holds an SQL thread until its query ends (up to the 3 s limit): with Datasette's
    # default of 3, three heavy queries left a plain page waiting for them (tests/test_freeze.py)
    "num_sql_threads": 8,
}


def _check(db_path) -> Path:
    """``db_path`` if it is a sound archive; ``ArchiveError`` (``ArchiveNotFound`` when there is
    no file) otherwise — a corrupt archive is refused, never served."""
    open_archive(db_path, write=False).close()
    return Path(db_path)


def checkpoint_wal(db_path) -> bool:
    """Fold a left-over ``-wal`` file into the database file; True if there was one to fold.

    The crawler writes in WAL mode. Datasette's immutable mode reads only the main file, so pages
    still in the ``-wal`` file (a crawl that was killed, or is running) would be invisible.
    """
    wal = Path(f"{db_path}-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return False
    import sqlite3

    conn = sqlite3.connect(str(db_path), timeout=5)
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.Error as exc:
        raise ArchiveError(f"{db_path}: cannot fold {wal.name} into the archive ({exc}); stop "
                           "the crawl writing to it, or make the folder writable") from None
    finally:
        conn.close()
    if busy:  # a crawl is writing: serve what the main file holds (as before), and say so
        print(f"note: a crawl is writing to {db_path}; pages it has not checkpointed yet are "
              "not served until it ends", file=sys.stderr)
    return not busy


def load_metadata(db_path, metadata=METADATA) -> dict:
    """metadata.yml with its ``archive`` database section applied to ``db_path``'s own name.

    Datasette names a database after its file's stem, so an archive kept as ``demo.db`` would
    otherwise be served without its descriptions, facets, sort order, search settings, canned
    queries and dashboards.
    """
    data = yaml.safe_load(Path(metadata).read_text(encoding="utf-8")) or {}
    databases = data.get("databases") or {}
    name = Path(db_path).stem
    if "archive" in databases and name != "archive":
        databases[name] = databases.pop("archive")
        for board in ((data.get("plugins") or {}).get("datasette-dashboards") or {}).values():
            for chart in (board.get("charts") or {}).values():
                if chart.get("db") == "archive":
                    chart["db"] = name
    return data


def _metadata_file(db_path, metadata) -> str:
    """A metadata file for ``db_path`` (metadata.yml itself when the archive is ``archive.db``)."""
    if Path(db_path).stem == "archive":
        return str(metadata)
    import json
    import tempfile

    handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8")
    with handle:
        json.dump(load_metadata(db_path, metadata), handle, ensure_ascii=False)
    return handle.name


def datasette_args(db_path, host="127.0.0.1", port=8001, metadata=METADATA) -> list[str]:
    """The ``datasette serve`` arguments (without the program name)."""
    args = ["serve", "-i", str(db_path), "--metadata", _metadata_file(db_path, metadata),
            "--host", host,
            "--port", str(port)]
    for name, value in SETTINGS.items():
        args += ["--setting", name, str(value)]
    return args


def workers() -> int:
    """Server processes: ``XXGK_SERVE_WORKERS``, else one per core (at most 4). Each answers
    requests with its own Datasette over the same immutable file, so searches (whose Python work
    holds one process's interpreter lock: segmentation, passages, templates) use every core."""
    import os

    value = os.environ.get("XXGK_SERVE_WORKERS", "").strip()
    if value:
        if not value.isdigit() or not 1 <= int(value) <= 64:
            raise ArchiveError(f"XXGK_SERVE_WORKERS={value!r}: give a whole number from 1 to 64")
        return int(value)
    return max(1, min(os.cpu_count() or 1, 4))


def worker_app():
    """The ASGI app of one server process (``uvicorn --factory``): ``make_datasette`` over
    ``XXGK_SERVE_DB`` with the metadata file ``XXGK_SERVE_METADATA``."""
    import os

    return make_datasette(os.environ["XXGK_SERVE_DB"], os.environ["XXGK_SERVE_METADATA"]).app()


def _run_workers(db_path, host, port, metadata, count: int) -> None:
    import os
    import signal

    import uvicorn
    from uvicorn.supervisors.multiprocess import Multiprocess

    os.environ["XXGK_SERVE_DB"] = str(Path(db_path).resolve())
    os.environ["XXGK_SERVE_METADATA"] = str(Path(metadata).resolve())
    config = uvicorn.Config("xxgk.serve.server:worker_app", factory=True, host=host, port=port,
                            workers=count, log_level="info", lifespan="on")
    stops = (signal.SIGINT, signal.SIGTERM)
    received: list[int] = []

    class Supervisor(Multiprocess):
        def handle_signals(self) -> None:
            received.extend(s for s in self.signal_queue if s in stops)
            super().handle_signals()

    previous = {sig: signal.getsignal(sig) for sig in stops}
    Supervisor(config, sockets=[config.bind_socket()]).run()
    # the supervisor replaced the stop handlers: put back the caller's and hand it the stop, as
    # one uvicorn process does (``xxgk demo`` then exits 128+N and stops what it started)
    for sig, handler in previous.items():
        signal.signal(sig, handler)
    if received:
        signal.raise_signal(received[0])


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8001, metadata=METADATA) -> NoReturn:
    """Run Datasette on ``db_path`` until interrupted, in ``workers()`` processes; exits with one
    line if the archive is missing, corrupt or unreadable."""
    try:
        _check(db_path)
        folded = checkpoint_wal(db_path)
    except ArchiveError as error:
        sys.exit(f"Error: {error}")
    if folded:
        print(f"note: folded {db_path}-wal into {db_path} (a crawl was killed or is running)",
              file=sys.stderr)
    try:
        count = workers()
    except ArchiveError as error:
        sys.exit(f"Error: {error}")
    print(f"http://{host}:{port}/", flush=True)
    if count > 1:
        _run_workers(db_path, host, port, metadata, count)
        sys.exit(0)
    from datasette.cli import cli

    cli.main(args=datasette_args(db_path, host, port, metadata), prog_name="datasette")
    sys.exit(0)  # cli.main exits by itself; this keeps the NoReturn promise


def make_datasette(db_path, metadata=METADATA):
    """An in-process Datasette over ``db_path`` configured like ``serve`` (used by tests)."""
    from datasette.app import Datasette

    path = _check(db_path)
    checkpoint_wal(path)
    return Datasette(
        immutables=[str(path)],
        metadata=load_metadata(path, metadata),
        settings=dict(SETTINGS),
    )
