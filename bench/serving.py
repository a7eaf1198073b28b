"""Reading-room latency (`serving_table()` -> docs/benchmarks.md lines).

The demo archive (``xxgk demo --no-serve``: the fixture web crawled twice, with history) is served
by ``xxgk serve`` in its own process, as a user runs it, and each page is fetched over loopback
``ROUNDS`` times one after another (median and 95th percentile, milliseconds). The machine's
limit, in the same run: Datasette's own table page of the small ``sites`` table and its
``/-/versions.json`` (no SQL at all). The peer: Datasette's own row page of a report, which is what
a report's page was before the reading room. Then the same plain page while three heavy requests
run (a project SQL function 100,000 times from a recursive CTE, a function on a 5 MB string, a
3,000-word search), repeated for as long as they run: what a reader of a public instance sees
while someone tries to freeze it, and how long the heavy requests take to be refused.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import sqlite_utils

ROUNDS = 60
HEAVY = {
    "a function 100,000 times": "/{db}.json?" + urllib.parse.urlencode({"sql": (
        "with recursive n(i) as (select 1 union all select i + 1 from n limit 100000) "
        "select count(jieba_segment('商务局行政复议' || i)) from n")}),
    "a function on 5 MB": "/{db}.json?" + urllib.parse.urlencode(
        {"sql": "select jieba_segment(printf('%.*c', 5000000, '商'))"}),
    "a 3,000-word search": "/-/search?" + urllib.parse.urlencode({"q": " ".join(["商务"] * 3000)}),
}


def _get(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return status, (time.perf_counter() - started) * 1000


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(db_path: Path):
    port = _free_port()
    # one server process, no response cache: each page's own work, every time (load with
    # several processes and the cache: bench/load.py)
    env = {**os.environ, "XXGK_SERVE_WORKERS": "1", "XXGK_RESPONSE_CACHE": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "xxgk", "serve", "--db", str(db_path),
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if _get(base + "/-/versions.json")[0] == 200:
                return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("xxgk serve did not answer")


def _times(url: str, rounds: int = ROUNDS) -> tuple[list[float], set[int]]:
    _get(url)  # warm
    results = [_get(url) for _ in range(rounds)]
    return [ms for _, ms in results], {status for status, _ in results}


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def serving_rows() -> tuple[list[tuple[str, str, list[float]]], dict]:
    folder = Path(tempfile.mkdtemp(prefix="xxgk-bench-serve-"))
    db_path = folder / "demo.db"
    subprocess.run([sys.executable, "-m", "xxgk", "demo", "--no-serve", "--db", str(db_path),
                    "--fixture-port", str(_free_port())], check=True, capture_output=True)
    db = sqlite_utils.Database(db_path)
    report = db.execute("select id from reports where is_report = 1 and version_count > 1 "
                        "order by id limit 1").fetchone()[0]
    version = db.execute("select id from report_versions where report_id = ? order by id "
                         "limit 1", [report]).fetchone()[0]
    name = db_path.stem
    pages = [
        ("machine limit", "`/-/versions.json` (Datasette, no SQL)", "/-/versions.json"),
        ("machine limit", "`sites` table page (Datasette)", f"/{name}/sites"),
        ("peer", "a report's row page (Datasette)", f"/{name}/reports/{report}"),
        ("xxgk", "reports list (home page)", "/"),
        ("xxgk", "a report's page", f"/{name}/-/report/{report}"),
        ("xxgk", "its archived page (stored bytes)", f"/{name}/-/page/{version}"),
        ("xxgk", "/-/search, a common word", "/-/search?" + urllib.parse.urlencode(
            {"q": "政府信息公开"})),
        ("xxgk", "a story (late reports)", f"/{name}/late_reports"),
        ("xxgk", "a story's Atom feed", f"/{name}/late_reports.atom"),
        ("xxgk", "table search feed", f"/{name}/reports.atom?" + urllib.parse.urlencode(
            {"_search": "政府信息公开"})),
    ]
    proc, base = _serve(db_path)
    try:
        rows = []
        for kind, label, path in pages:
            times, statuses = _times(base + path)
            assert statuses == {200}, (path, statuses)
            rows.append((kind, label, times))
        heavy_times: dict[str, float] = {}
        plain: list[float] = []

        def run(label, path):
            heavy_times[label] = _get(base + path.format(db=name))[1]

        threads = [threading.Thread(target=run, args=item) for item in HEAVY.items()]
        for thread in threads:
            thread.start()
        time.sleep(0.2)
        while any(t.is_alive() for t in threads) or len(plain) < 5:
            plain.append(_get(base + f"/{name}/sites")[1])
        for thread in threads:
            thread.join()
        rows.append(("under load", "`sites` table page beside the 3 heavy requests", plain))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return rows, heavy_times


def serving_table() -> list[str]:
    rows, heavy = serving_rows()
    limit = statistics.median(next(t for k, label, t in rows if label.startswith("`sites`")))
    lines = [f"Pages of the demo archive served by `xxgk serve` (one process, response cache "
             f"off), fetched one after another over loopback, {ROUNDS} times each after one "
             "warm-up (milliseconds; "
             "× = median over the median of Datasette's own `sites` table page in the same run, "
             "the machine's limit for a page with SQL).", "",
             "| | page | median ms | p95 ms | × plain Datasette page |", "|---|---|---|---|---|"]
    for kind, label, times in rows:
        median = statistics.median(times)
        lines.append(f"| {kind} | {label} | {median:.1f} | {_p95(times):.1f} | "
                     f"{median / limit:.2f} |")
    lines += ["", "The three heavy requests, run at once beside the plain page above, each end as "
              "a 400 with a message: " + "; ".join(f"{label} {ms / 1000:.2f} s"
                                                  for label, ms in heavy.items())
              + " (Datasette's time limit is 3 s)."]
    return lines


if __name__ == "__main__":
    print("\n".join(serving_table()))
