"""Crawl benchmark: real `scrapy crawl` runs of the generated fixture site, timed as whole
processes, beside the peers that bound them on the same pages in the same run: a bare Scrapy
spider (the machine's limit for fetching these pages) and the same bare spider running our
extractor (bench/bare_spider.py)."""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

from xxgk.cli.processes import PROJECT_ROOT, running_fixture_web, scrapy_crawl_command
from xxgk.crawler.settings import FIXTURE_WEB_SETTINGS

GENERATED_COLUMN = "/gen/xxgk/ndbg/index.html"
BARE_SPIDER = Path(__file__).with_name("bare_spider.py")
# the peers run with Scrapy's defaults plus the same fetch settings our fixture crawl uses
PEER_SETTINGS = {**FIXTURE_WEB_SETTINGS, "ROBOTSTXT_OBEY": False, "LOG_LEVEL": "WARNING",
                 "TELNETCONSOLE_ENABLED": False}


def timed(cmd: list[str], env: dict | None = None, cwd=PROJECT_ROOT) -> dict:
    """Run ``cmd`` to its end: wall seconds, CPU seconds (user + system, its children included)
    and peak RSS of the process and its children together (sampled from /proc every 0.1 s:
    ``ru_maxrss`` would count the benchmark's own memory, which a forked child holds until it
    runs the command)."""
    import threading

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    peak, done = [0], threading.Event()

    def sample():
        while not done.wait(0.1):
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    return {"seconds": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": peak[0] / 1024, "exit_code": os.waitstatus_to_exitcode(status)}


def _tree_rss_kb(pid: int) -> int:
    """Resident memory (kB) of ``pid`` and its descendants now; 0 for a process gone."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, ValueError):
        return total
    return total + sum(_tree_rss_kb(int(child)) for child in children)


def fetched_pages(db_path: Path, out: Path) -> int:
    """``kind<TAB>url`` of every page our crawl into ``db_path`` fetched (its WARC's responses,
    robots.txt aside), for the peers; returns how many."""
    from warcio.archiveiterator import ArchiveIterator

    db = sqlite_utils.Database(db_path)
    reports = {r[0] for r in db.execute("select url from reports")}
    db.close()
    lines = []
    for warc in sorted(db_path.with_name("warc").glob("*.warc.gz")):
        with open(warc, "rb") as stream:
            for record in ArchiveIterator(stream):
                url = record.rec_headers.get_header("WARC-Target-URI")
                if record.rec_type == "response" and not url.endswith("/robots.txt"):
                    lines.append(f"{'report' if url in reports else 'listing'}\t{url}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def bare_command(urls_file: Path, extract: bool) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(BARE_SPIDER), "-a",
           f"urls={urls_file}"]
    if extract:
        cmd += ["-a", "extract=1"]
    for key, value in PEER_SETTINGS.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


def peer_env() -> dict:
    """No project settings for the peers: they run outside the project (no scrapy.cfg)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    return env


def our_crawl(column_url: str, tmp: Path, n: int) -> dict:
    tmp.mkdir()
    db_path = tmp / f"archive-{n}.db"
    cmd = scrapy_crawl_command(db_path, url=column_url, settings=FIXTURE_WEB_SETTINGS,
                               log_level="WARNING")
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "xxgk.crawler.settings"}
    m = timed(cmd, env)
    db = sqlite_utils.Database(db_path)
    run = next(db.query("select * from crawl_runs order by id desc limit 1"))
    m.update(requests=run["requests"],
             pages_stored=db.execute("select count(*) from reports").fetchone()[0],
             reports_stored=db.execute("select count(*) from reports where is_report = 1")
             .fetchone()[0])
    db.close()
    return m


def compare_crawls(column_url: str, runs: int = 2) -> dict:
    """Our crawl, the bare spider and the bare spider with our extractor, in turn, ``runs``
    times each on the same served pages; medians of each, and ratios of the medians."""
    rows = {"bare": [], "bare+extract": [], "xxgk": []}
    with tempfile.TemporaryDirectory() as tmp:
        urls = Path(tmp) / "pages.tsv"
        for n in range(runs):
            rows["xxgk"].append(our_crawl(column_url, Path(tmp) / str(n), n))
            if n == 0:
                pages = fetched_pages(Path(tmp) / "0" / "archive-0.db", urls)
            rows["bare"].append(timed(bare_command(urls, False), peer_env(), tmp))
            rows["bare+extract"].append(timed(bare_command(urls, True), peer_env(), tmp))
    ours = rows["xxgk"][-1]
    out = {}
    for name, ms in rows.items():
        seconds = statistics.median(m["seconds"] for m in ms)
        out[name] = {"seconds": seconds, "pages_per_second": pages / seconds,
                     "cpu_ms_per_page": 1000 * statistics.median(m["cpu"] for m in ms) / pages,
                     "peak_rss_mb": max(m["peak_rss_mb"] for m in ms),
                     "exit_codes": sorted({m["exit_code"] for m in ms})}
    out["pages"] = pages  # fetched by every spider (ours also asks for robots.txt)
    out["requests"] = ours["requests"]
    out["pages_stored"] = ours["pages_stored"]
    out["reports_stored"] = ours["reports_stored"]
    return out


def crawl_generated_site(pages: int = 2000, runs: int = 2) -> dict:
    """The comparison on a generated TRS-style site of ``pages`` article pages (nine in ten
    are reports, the rest notices)."""
    from xxgk.fixtureweb import generated

    with running_fixture_web(generated=pages) as base:
        m = compare_crawls(base + GENERATED_COLUMN, runs)
    m["pages_generated"] = pages
    m["reports_generated"] = sum(generated.article(i)["is_report"] for i in range(pages))
    return m


if __name__ == "__main__":  # python -m bench.crawl [PAGES]: the comparison alone
    import json

    print(json.dumps(crawl_generated_site(int(sys.argv[1]) if len(sys.argv) > 1 else 2000),
                     indent=2))
