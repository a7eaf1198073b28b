"""Many sites at once, politely: a real ``scrapy crawl`` of N small virtual sites (issue 13).

The fixture web serves N virtual sites by Host header (``python -m xxgk.fixtureweb --many N``,
``xxgk/fixtureweb/many.py``): ``s0001.sites.test`` … each with robots.txt, one report-column
listing page and 2–4 TRS-like article pages. The bench writes N registry profiles (plain
``http://s0001.sites.test:PORT/…`` URLs, ``fixture: false``) into a temporary folder read through
``XXGK_SITES_DIR`` and crawls them all in one run with

* the polite per-site settings of ``xxgk/crawler/settings.py``: ``DOWNLOAD_DELAY`` per site (the
  bench's ``delay``, with the project's ±50 % jitter), ``CONCURRENT_REQUESTS_PER_DOMAIN`` = 2 and
  AutoThrottle (target concurrency 1, starting at ``delay``, as the settings start at theirs);
* Scrapy's broad-crawl settings: ``SCHEDULER_PRIORITY_QUEUE`` =
  ``scrapy.pqueues.DownloaderAwarePriorityQueue``, a high global ``CONCURRENT_REQUESTS`` (1024),
  ``DNSCACHE_ENABLED``, ``REACTOR_THREADPOOL_MAXSIZE`` = 20;
* a resolver that maps ``*.sites.test`` to 127.0.0.1 and refuses every other name
  (``bench/many_dns.py``), and ``XXGK_ALLOW_PRIVATE_ADDRESSES`` so the scope middleware lets the
  loopback address through: only loopback is ever contacted.

The politeness floor is the least time a crawl that keeps these rules can take::

    floor = max(per_site, global)
    per_site = (most requests made to one site) × delay    # sites run in parallel, each one
                                                           # request per delay (on average)
    global   = total requests ÷ (CONCURRENT_REQUESTS / delay)
                                                           # a request holds one of the
                                                           # CONCURRENT_REQUESTS global slots
                                                           # while it waits out its site's delay

Requests are counted by the fixture web (its access record of the virtual hosts: robots.txt,
listing pages and report pages). The ratio elapsed / floor says how close the crawl comes to the
floor. The whole ``scrapy crawl`` process is timed, so the excess holds its start-up (registry,
archive) and its close (the archive writer process saving its queue, then the derived tables
rebuilt), the jitter's tail (the slowest of 1,000 sites draws long delays), and AutoThrottle
raising a site's delay above ``delay`` when the latency it measures grows: the crawl's own work
(extraction, segmentation, SQLite in the writer process) on a 2-core machine it shares with the
fixture web keeps the reactor busy. The table gives the sites' median and longest spans (first
request to last) and the start-up and close to tell these apart; docs/benchmarks.md has the
measured figures. ``delay`` = 10 s is chosen so that 1,000 sites take a few minutes at most on
a 2-core machine, and CONCURRENT_REQUESTS = 1024 brings the global term under the per-site one
(with 512, the global term was the floor).

``python -m bench.many_sites [--sites 1000] [--delay 10] [--concurrent 1024]`` prints the table.
"""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import sqlite_utils

from bench.send_times import send_gaps
from xxgk.cli.processes import PROJECT_ROOT, scrapy_crawl_command, stop
from xxgk.fixtureweb import many

DELAY = 10.0
CONCURRENT_REQUESTS = 1024  # ≥ the sites: every site can have a request waiting out its delay
PER_DOMAIN = 2  # as xxgk/crawler/settings.py


def crawl_settings(delay: float = DELAY, concurrent: int = CONCURRENT_REQUESTS) -> dict:
    """The ``-s`` overrides of a polite broad crawl of the virtual sites."""
    return {
        # polite, per site (xxgk/crawler/settings.py, with the bench's delay)
        "DOWNLOAD_DELAY": delay,
        "DOWNLOAD_DELAY_JITTER": 0.5,
        "CONCURRENT_REQUESTS_PER_DOMAIN": PER_DOMAIN,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": delay,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        # broad crawl (Scrapy docs, "Broad Crawls")
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
        "CONCURRENT_REQUESTS": concurrent,
        "DNSCACHE_ENABLED": True,
        "REACTOR_THREADPOOL_MAXSIZE": 20,
        # loopback only: *.sites.test -> 127.0.0.1, nothing else resolves
        "TWISTED_DNS_RESOLVER": "bench.many_dns.LoopbackSitesResolver",
        "XXGK_ALLOW_PRIVATE_ADDRESSES": True,
    }


@contextlib.contextmanager
def running_many_web(sites: int):
    """Start ``python -m xxgk.fixtureweb --many N`` on 127.0.0.1; yield its base URL."""
    cmd = [sys.executable, "-m", "xxgk.fixtureweb", "--port", "0", "--many", str(sites)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT,
                            process_group=0)
    try:
        base = proc.stdout.readline().strip()
        if not base.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"the fixture web did not start: got {base!r}")
        yield base
    finally:
        stop(proc)


def access_record(base: str) -> dict:
    """The fixture web's record of the requests to its virtual sites."""
    with urllib.request.urlopen(base + "/__fixture/many-access", timeout=30) as answer:
        return json.load(answer)


def politeness(record: dict) -> dict:
    """Per-host figures from an access record: requests per host, the smallest gap between two
    request arrivals at one host, and the most requests one host had in flight at once.

    Arrival times are the server's: a request that waits to be read (a new connection, a busy
    machine) arrives late, so a gap at the server can be shorter than the gap at which the
    crawler sent the two requests; the mean gap of a host is much less affected."""
    by_host: dict[str, list[float]] = {}
    for host, _path, start, _end in record["records"]:
        by_host.setdefault(host, []).append(start)
    for starts in by_host.values():
        starts.sort()
    gaps = [b - a for starts in by_host.values() for a, b in zip(starts, starts[1:])]
    spans = sorted(s[-1] - s[0] for s in by_host.values())
    firsts = sorted(s[0] for s in by_host.values())
    return {"hosts": len(by_host),
            # a site's span: its first request to its last; the first requests' spread: how
            # long after the first site the last site was first asked
            "site_span_median": spans[len(spans) // 2] if spans else None,
            "site_span_max": spans[-1] if spans else None,
            "first_request_spread": (firsts[-1] - firsts[0]) if firsts else None,
            "requests": sum(len(s) for s in by_host.values()),
            "max_per_host": max((len(s) for s in by_host.values()), default=0),
            "min_gap": min(gaps, default=None),
            # the smallest mean gap of a host: (last - first) / (requests - 1)
            "min_mean_gap": min(((s[-1] - s[0]) / (len(s) - 1) for s in by_host.values()
                                 if len(s) > 1), default=None),
            "max_in_flight": max(record["max_in_flight"].values(), default=0)}


def crawl_many(sites: int = 1000, delay: float = DELAY, concurrent: int = CONCURRENT_REQUESTS,
               log_level: str = "WARNING") -> dict:
    """Serve ``sites`` virtual sites, crawl them all in one ``scrapy crawl`` run; return the
    measurements, the stored-vs-expected check and the access record's politeness figures."""
    settings = crawl_settings(delay, concurrent)
    with running_many_web(sites) as base, tempfile.TemporaryDirectory() as tmp:
        port = int(base.rsplit(":", 1)[1])
        registry_dir = Path(tmp) / "sites"
        many.write_registry(registry_dir, sites, port)
        db_path = Path(tmp) / "archive.db"
        sends_path = Path(tmp) / "send-times.json"
        cmd = scrapy_crawl_command(db_path, settings={
            **settings, "EXTENSIONS": json.dumps({"bench.send_times.SendTimes": 0}),
            "XXGK_SEND_TIMES": str(sends_path)}, log_level=log_level)
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "xxgk.crawler.settings",
               "XXGK_SITES_DIR": str(registry_dir)}
        start = time.monotonic()  # the fixture web's access record uses the same clock
        proc = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, check=False)
        end = time.monotonic()
        elapsed = end - start
        record = access_record(base)
        db = sqlite_utils.Database(db_path)
        stored = {row["url"]: row for row in db.query("select url, title, is_report from reports")}
        run = next(db.query("select * from crawl_runs order by id desc limit 1"), {})
        db.close()
        sends = send_gaps(json.loads(sends_path.read_text(encoding="utf-8"))
                          if sends_path.exists() else [])
    expected = [page | {"site": many.slug(k)}
                for k in range(1, sites + 1)
                for page in many.expected_pages(k, f"http://{many.host(k)}:{port}")]
    missing = [p["url"] for p in expected if p["url"] not in stored]
    wrong_title = [p["url"] for p in expected
                   if p["url"] in stored and stored[p["url"]]["title"] != p["title"]]
    polite = politeness(record)
    starts = [r[2] for r in record["records"]]
    ends = [r[3] for r in record["records"] if r[3] is not None]
    per_site = polite["max_per_host"] * delay
    global_floor = polite["requests"] / (concurrent / delay)
    floor = max(per_site, global_floor)
    return {
        "sites": sites, "delay": delay, "concurrent_requests": concurrent,
        "per_domain": PER_DOMAIN, "exit_code": proc.returncode,
        "requests": polite["requests"], "crawl_requests": run.get("requests"),
        "hosts": polite["hosts"], "max_requests_per_site": polite["max_per_host"],
        "seconds": elapsed, "floor_per_site": per_site, "floor_global": global_floor,
        "floor": floor, "ratio": elapsed / floor if floor else None,
        "pages_per_second": polite["requests"] / elapsed,
        "expected": len(expected), "stored": sum(p["url"] in stored for p in expected),
        "stored_total": len(stored), "missing": missing, "wrong_title": wrong_title,
        "min_gap": polite["min_gap"], "min_mean_gap": polite["min_mean_gap"],
        # the crawler's own spacing (bench/send_times.py): the smallest gap between two
        # downloads it began from one host, and how many it noted
        "min_send_gap": sends["min_send_gap"], "sent": sends["sent"],
        "max_in_flight": polite["max_in_flight"],
        "site_span_median": polite["site_span_median"], "site_span_max": polite["site_span_max"],
        "first_request_spread": polite["first_request_spread"],
        # the process's time before its first request and after its last response
        "startup": (min(starts) - start) if starts else None,
        "wind_down": (end - max(ends)) if ends else None,
        "expected_pages": expected, "stored_pages": stored,
    }


def many_sites_table(sites: int = 1000, delay: float = DELAY,
                     concurrent: int = CONCURRENT_REQUESTS, figures: dict | None = None) -> list[str]:
    """The bench table (markdown lines) of one crawl of ``sites`` virtual sites, printed too."""
    m = crawl_many(sites, delay, concurrent)
    if figures is not None:
        figures["many"] = {k: m[k] for k in ("sites", "seconds", "floor", "stored", "expected")}
    gap = "—" if m["min_gap"] is None else f"{m['min_gap']:.2f}"
    sent = "—" if m["min_send_gap"] is None else f"{m['min_send_gap']:.2f}"
    lines = [
        f"One `scrapy crawl` of {m['sites']:,} virtual sites served on loopback by the fixture web "
        f"(`--many`, routed by Host header; 2–4 report pages each), polite per site "
        f"(DOWNLOAD_DELAY {m['delay']:g} s ±50 %, {m['per_domain']} per domain, AutoThrottle) "
        f"with Scrapy's broad-crawl settings (DownloaderAwarePriorityQueue, "
        f"CONCURRENT_REQUESTS {m['concurrent_requests']}, DNS cache). Floor = max(most requests "
        f"to one site × delay, requests ÷ (CONCURRENT_REQUESTS / delay)) = max("
        f"{m['floor_per_site']:.1f} s, {m['floor_global']:.1f} s). Of the time, "
        f"{m['startup']:.1f} s pass before the first request and {m['wind_down']:.1f} s after "
        "the last response (the run's close); one site's requests span "
        f"{m['site_span_median']:.1f} s (median, {m['site_span_max']:.1f} s at most), and the "
        f"last site got its first request {m['first_request_spread']:.1f} s after the first.",
        "", "| sites | requests | seconds | floor (s) | × floor | pages/s | reports stored "
        "| min gap per host at the server (s) | min gap per host as sent (s) "
        "| max in flight per host |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {m['sites']:,} | {m['requests']:,} | {m['seconds']:.1f} | {m['floor']:.1f} | "
        f"{m['ratio']:.2f} | {m['pages_per_second']:.1f} | {m['stored']:,} / {m['expected']:,} | "
        f"{gap} | {sent} | {m['max_in_flight']} |"]
    print("\n".join(lines))
    if m["missing"] or m["wrong_title"] or m["exit_code"]:
        print(f"exit code {m['exit_code']}; missing {len(m['missing'])}: {m['missing'][:5]}; "
              f"wrong title {len(m['wrong_title'])}: {m['wrong_title'][:5]}")
    return lines


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.many_sites", description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--delay", type=float, default=DELAY)
    parser.add_argument("--concurrent", type=int, default=CONCURRENT_REQUESTS)
    args = parser.parse_args()
    many_sites_table(args.sites, args.delay, args.concurrent)
