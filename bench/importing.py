"""Import benchmark (issue 14): a crawl of the generated fixture site writes its WARC; that WARC
is imported into an empty archive with ``xxgk import-warc`` (the crawl's own code, answered
from the file), and imported again (every record already there). Whole processes, timed beside
the crawl that wrote the file, in the same run; the imported archive is checked against the
crawl's (the same reports, by url, title, published, agency and report year)."""
import os
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

from bench.crawl import GENERATED_COLUMN, our_crawl, timed
from xxgk.cli.processes import running_fixture_web

REPORT_SQL = "SELECT url, title, published, agency, report_year FROM reports ORDER BY url"


def _import(warc_dir: Path, db: Path) -> dict:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "xxgk.crawler.settings"}
    return timed([sys.executable, "-m", "xxgk", "import-warc", str(warc_dir), "--db", str(db)], env)


def import_generated_site(pages: int = 2000, runs: int = 2) -> dict:
    with tempfile.TemporaryDirectory() as tmp, running_fixture_web(generated=pages) as base:
        tmp = Path(tmp)
        crawls, first, again = [], [], []
        for n in range(runs):
            crawls.append(our_crawl(base + GENERATED_COLUMN, tmp / f"crawl{n}", n))
            target = tmp / f"import{n}" / "archive.db"
            target.parent.mkdir()
            first.append(_import(tmp / f"crawl{n}" / "warc", target))
            again.append(_import(tmp / f"crawl{n}" / "warc", target))
        crawled = tmp / f"crawl{runs - 1}" / f"archive-{runs - 1}.db"
        with sqlite3.connect(crawled) as a, sqlite3.connect(target) as b:
            same = a.execute(REPORT_SQL).fetchall() == b.execute(REPORT_SQL).fetchall()
            stored = b.execute("SELECT count(*) FROM reports").fetchone()[0]
            records = b.execute("SELECT count(*) FROM capture_records").fetchone()[0]
    med = {name: statistics.median(m["seconds"] for m in ms)
           for name, ms in (("crawl", crawls), ("import", first), ("again", again))}
    return {"pages": crawls[-1]["requests"], "stored": stored, "records": records, "same": same,
            "seconds": med, "cpu": {name: statistics.median(m["cpu"] for m in ms) for name, ms in
                                    (("crawl", crawls), ("import", first), ("again", again))},
            "rss": {name: max(m["peak_rss_mb"] for m in ms) for name, ms in
                    (("crawl", crawls), ("import", first), ("again", again))},
            "exit_codes": sorted({m["exit_code"] for m in first + again})}


def import_table(pages: int = 2000) -> list[str]:
    m = import_generated_site(pages)
    crawl = m["seconds"]["crawl"]
    lines = [f"`xxgk import-warc` of the WARC a crawl of the generated site ({pages:,} article "
             f"pages, {m['pages']:,} requests) wrote, into an empty archive, then again into the "
             "same archive; whole processes (the import's Scrapy child and archive writer "
             "included), medians of two runs, beside the crawl that wrote the file in the same "
             "run (fixture-web settings: no delay).", "",
             "| run | seconds | × the crawl | pages/s | CPU s | peak RSS (MB) |",
             "|---|---|---|---|---|---|"]
    for name, label in (("crawl", "crawl (writes the WARC)"), ("import", "import into an empty archive"),
                        ("again", "the same import again")):
        s = m["seconds"][name]
        lines.append(f"| {label} | {s:.1f} | {s / crawl:.2f} | {m['pages'] / s:.0f} | "
                     f"{m['cpu'][name]:.1f} | {m['rss'][name]:.0f} |")
    lines += ["", f"The import stored {m['stored']:,} pages and listed {m['records']:,} records "
              f"in capture_records; its reports {'equal' if m['same'] else '**differ from**'} the "
              f"crawl's (url, title, published, agency, report year). Exit codes "
              f"{m['exit_codes']}."]
    return lines


if __name__ == "__main__":  # python -m bench.importing [PAGES]
    print("\n".join(import_table(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)))
