"""Searching under load (`load_table()` -> docs/benchmarks.md lines).

A generated archive (bench/search.py's generator, ``REPORTS`` reports, ``search_top`` refreshed
as after a crawl) served by ``xxgk serve`` in its own process, as a user runs it; ``CLIENTS``
clients on loopback, each one keep-alive connection, send searches one after another for
``SECONDS`` seconds: half ranked searches (``/-/search?q=``), half table-page searches
(``/archive/reports?_search=``), the queries drawn from bench/search.py's mix of seven kinds.
Requests per second over the run, latency median and 95th percentile, and errors (any answer
but 200, or no answer within ``TIMEOUT`` seconds). The clients share the machine's cores with
the server. Bounded: the archive builds in seconds and the run stops at ``SECONDS``.

    .venv/bin/python -m bench.load --clients 50 --seconds 20
"""
from __future__ import annotations

import argparse
import http.client
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPORTS, CLIENTS, SECONDS, TIMEOUT = 3_000, 50, 20.0, 30.0


def search_paths(db_name: str, n: int = 200, seed: int = 11) -> list[str]:
    """``n`` request paths: ranked and table-page searches alternating, over the query mix."""
    from bench.search import _place_names, _vocabulary, generated_queries
    from xxgk.archive.search import _get_tokenizer

    tokenizer = _get_tokenizer()
    words, _ = _vocabulary(tokenizer, 60_000, random.Random(seed))
    queries = generated_queries(words, _place_names(tokenizer), n, seed=seed)
    return [("/-/search?" + urllib.parse.urlencode({"q": q}) if i % 2 else
             f"/{db_name}/reports?" + urllib.parse.urlencode({"_search": q}))
            for i, (_, q) in enumerate(queries)]


def build_archive(path: Path, reports: int = REPORTS) -> None:
    import sqlite3

    from bench.search import build_generated_archive
    from xxgk.archive.search import refresh_search_top

    build_generated_archive(path, reports)
    conn = sqlite3.connect(path)
    refresh_search_top(conn)
    conn.close()


def _client(port: int, paths: list[str], stop: float, results: list, seed: int) -> None:
    rng = random.Random(seed)
    conn = None
    while time.perf_counter() < stop:
        path = rng.choice(paths)
        started = time.perf_counter()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            conn.request("GET", path)
            answer = conn.getresponse()
            answer.read()
            status = answer.status
            if answer.getheader("connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException):
            status = None
            if conn is not None:
                conn.close()
            conn = None
        results.append((status, (time.perf_counter() - started) * 1000))
    if conn is not None:
        conn.close()


def run_load(base_port: int, paths: list[str], clients: int = CLIENTS,
             seconds: float = SECONDS) -> dict:
    """Run ``clients`` clients for ``seconds``; requests/s, median and p95 ms, errors."""
    results: list = []
    stop = time.perf_counter() + seconds
    threads = [threading.Thread(target=_client, args=(base_port, paths, stop, results, i))
               for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    times = sorted(ms for _, ms in results)
    return {"requests": len(results), "seconds": elapsed, "per_second": len(results) / elapsed,
            "p50": statistics.median(times) if times else 0.0,
            "p95": times[max(0, int(len(times) * 0.95) - 1)] if times else 0.0,
            "errors": sum(status != 200 for status, _ in results)}


def serving(db_path: Path, cache: bool):
    """``xxgk serve`` on ``db_path`` in its own process, as a user runs it (with or without
    its response cache); yields its port once it answers."""
    import contextlib
    import os

    from bench.serving import _free_port, _get

    @contextlib.contextmanager
    def server():
        port = _free_port()
        env = {**os.environ, "XXGK_RESPONSE_CACHE": "1" if cache else "0"}
        proc = subprocess.Popen([sys.executable, "-m", "xxgk", "serve", "--db", str(db_path),
                                 "--port", str(port)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env)
        try:
            for _ in range(300):
                try:
                    if _get(f"http://127.0.0.1:{port}/-/versions.json")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            yield port
        finally:
            proc.terminate()
            proc.wait(timeout=30)

    return server()


def load_rows(reports: int = REPORTS, clients: int = CLIENTS, seconds: float = SECONDS):
    """(response cache, clients, measurements): one client, then ``clients`` clients, with the
    server's response cache off (every search ranked) and on (as ``xxgk serve`` runs)."""
    from bench.serving import _get

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "archive.db"
        build_archive(db_path, reports)
        paths = search_paths(db_path.stem)
        for cache in (False, True):
            with serving(db_path, cache) as port:
                for path in paths[:4]:  # warm: dictionaries, page cache
                    _get(f"http://127.0.0.1:{port}{path}")
                rows.append((cache, 1, run_load(port, paths, 1, min(seconds, 5.0))))
                rows.append((cache, clients, run_load(port, paths, clients, seconds)))
    return rows


def load_table(reports: int = REPORTS, clients: int = CLIENTS,
               seconds: float = SECONDS, figures: dict | None = None) -> list[str]:
    rows = load_rows(reports, clients, seconds)
    if figures is not None:  # judged without the cache: every search ranked
        cache, clients_, m = rows[1]
        figures["load"] = {"clients": clients_, **m}
    lines = [f"Searches under load: a generated archive of {reports:,} reports served by "
             "`xxgk serve`; clients on loopback, each with one keep-alive connection, sending "
             "searches back to back (half `/-/search?q=`, half the reports table's "
             "`?_search=`, 200 queries of bench/search.py's seven kinds), clients and server "
             f"on the same {_cores()} cores. Errors: any answer but 200, or none within "
             f"{TIMEOUT:.0f} s. With the response cache off every search is ranked; with it on "
             "(as `xxgk serve` runs) a search asked before is answered from memory, and the "
             "200 queries repeat within the run.", "",
             "| response cache | clients | seconds | requests | requests/s | median ms | p95 ms "
             "| errors |", "|---|---|---|---|---|---|---|---|"]
    for cache, clients_, m in rows:
        lines.append(f"| {'on' if cache else 'off'} | {clients_} | {m['seconds']:.1f} | "
                     f"{m['requests']:,} | {m['per_second']:.1f} | {m['p50']:.0f} | "
                     f"{m['p95']:.0f} | {m['errors']} |")
    return lines


def _cores():
    import os

    return os.cpu_count()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=REPORTS)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    args = parser.parse_args()
    print("\n".join(load_table(args.reports, args.clients, args.seconds)))


if __name__ == "__main__":
    main()
