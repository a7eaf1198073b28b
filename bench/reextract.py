"""Re-extraction benchmark: ``xxgk reextract --all`` over an archive of a crawled generated site,
paired (farm-bench, whole processes, same archive, same run) with its floor: a process that only
reads the same stored bytes and runs ``extract_report`` on them, writing nothing.

    python -m bench.reextract --floor ARCHIVE.db   # the floor process itself
"""
from __future__ import annotations

import argparse
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from xxgk.cli.processes import run_crawl, running_fixture_web, scrapy_crawl_command
from xxgk.crawler.settings import FIXTURE_WEB_SETTINGS

COLUMN = "/gen/xxgk/ndbg/index.html"
ROOT = Path(__file__).resolve().parents[1]


def floor(db_path: str) -> int:
    """Read every stored version's bytes and extract them; no writes. Returns pages read."""
    import sqlite3

    from xxgk.archive.history import read_raw
    from xxgk.extract import extract_report

    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    rows = db.execute("SELECT r.url, r.content_type, v.raw_gz FROM report_versions AS v JOIN reports"
                      " AS r ON r.id = v.report_id WHERE v.raw_gz IS NOT NULL")
    count = 0
    for url, content_type, raw in rows:
        extract_report(read_raw(raw), url, {"Content-Type": content_type} if content_type else None)
        count += 1
    return count


def _medians(output: str) -> dict:
    """{"A wall s": median, ...} from farm-bench's table."""
    found = {}
    for line in output.splitlines():
        match = re.match(r"^(A|B|A/B) ([A-Za-z ]+?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$", line)
        if match:
            found[f"{match.group(1)} {match.group(2).strip().lower()}"] = float(match.group(4))
    return found


def reextract_rows(pages: int = 1111, runs: int = 3) -> dict:
    xxgk = shutil.which("xxgk", path=str(Path(sys.executable).parent)) or "xxgk"
    tmp = tempfile.mkdtemp(prefix="xxgk-bench-reextract-")
    db = Path(tmp) / "archive.db"
    with running_fixture_web(generated=pages) as base:
        start = time.perf_counter()
        run_crawl(scrapy_crawl_command(db, url=base + COLUMN, full=True, settings=FIXTURE_WEB_SETTINGS,
                                       log_level="WARNING"), check=True)
        crawl_seconds = time.perf_counter() - start
    import sqlite3

    con = sqlite3.connect(db)
    reports = con.execute("SELECT count(*) FROM reports AS r JOIN report_versions AS v"
                          " ON v.id = r.latest_version_id WHERE v.raw_gz IS NOT NULL").fetchone()[0]
    con.close()
    command_a = f"{shlex.quote(xxgk)} reextract --all --db {shlex.quote(str(db))}"
    command_b = f"{shlex.quote(sys.executable)} -m bench.reextract --floor {shlex.quote(str(db))}"
    out = subprocess.run(["farm-bench", "-n", str(runs), "--warmup", "1", "--timeout", "1800",
                          "--vs", command_b, "--", "sh", "-c", command_a],
                         cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"farm-bench failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    medians = _medians(out.stdout + out.stderr)
    shutil.rmtree(tmp, ignore_errors=True)
    return {"reports": reports, "crawl_seconds": crawl_seconds, "pages": pages, "runs": runs,
            "reextract_wall": medians["A wall s"], "reextract_cpu": medians["A cpu s"],
            "floor_wall": medians["B wall s"], "floor_cpu": medians["B cpu s"],
            "ratio_wall": medians["A/B wall"], "peak_mib": medians.get("A peak mib")}


def reextract_table(pages: int = 1111) -> list[str]:
    m = reextract_rows(pages)
    per_s = m["reports"] / m["reextract_wall"]
    return [f"`xxgk reextract --all` on the archive of one crawl of a generated site ({m['pages']:,} "
            f"article pages; {m['reports']:,} stored pages re-read), timed by farm-bench as whole "
            f"processes (median of {m['runs']}, one warm-up), paired in the same run with its floor: "
            "a process that reads the same stored bytes and runs `extract_report` on each, writing "
            "nothing. The extractor is unchanged, so no row changes (the run still reads, compares "
            "and rewrites each report in place).", "",
            "| process | wall s | cpu s | reports/s | × floor (wall) | peak MiB |",
            "|---|---|---|---|---|---|",
            f"| xxgk reextract --all | {m['reextract_wall']:.2f} | {m['reextract_cpu']:.2f} | "
            f"{per_s:,.0f} | {m['ratio_wall']:.2f} | {m['peak_mib'] or 0:.0f} |",
            f"| floor: extract_report only | {m['floor_wall']:.2f} | {m['floor_cpu']:.2f} | "
            f"{m['reports'] / m['floor_wall']:,.0f} | 1.00 | |",
            f"| for scale: the crawl that built the archive | {m['crawl_seconds']:.2f} | | "
            f"{m['reports'] / m['crawl_seconds']:,.0f} | | |",
            "", f"At {per_s:,.0f} reports/s, a 1M-report archive is re-read in about "
            f"{1_000_000 / per_s / 3600:.1f} hours, once per extractor release, with no request "
            "to any site."]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--floor", metavar="DB", help="run the floor process on DB")
    parser.add_argument("--pages", type=int, default=1111)
    args = parser.parse_args()
    if args.floor:
        print(floor(args.floor))
    else:
        print("\n".join(reextract_table(args.pages)))
