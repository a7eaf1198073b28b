"""Re-crawl benchmark: requests and bytes of a first crawl and of re-crawls of a generated site,
unchanged and with 1% of its reports changed (conditional requests + content hashes)."""
import json
import tempfile
import urllib.request
from pathlib import Path

import sqlite_utils

from xxgk.cli.processes import run_crawl, running_fixture_web, scrapy_crawl_command
from xxgk.crawler.settings import FIXTURE_WEB_SETTINGS

COLUMN = "/gen/xxgk/ndbg/index.html"


def _crawl(db_path: Path, base: str, full: bool) -> dict:
    cmd = scrapy_crawl_command(db_path, url=base + COLUMN, full=full,
                               settings=FIXTURE_WEB_SETTINGS, log_level="WARNING")
    run_crawl(cmd, check=True)
    db = sqlite_utils.Database(db_path)
    run = next(db.query("select * from crawl_runs order by id desc limit 1"))
    stats = json.loads(run["stats"])
    versions = db.execute("select count(*) from report_versions where crawl_run_id = ?",
                          [run["id"]]).fetchone()[0]
    return {"requests": stats.get("downloader/request_count", 0),
            "bytes": stats.get("downloader/response_bytes", 0),
            "ok": stats.get("downloader/response_status_count/200", 0),
            "not_modified": stats.get("downloader/response_status_count/304", 0),
            "versions": versions}


def _mutate(base: str, percent: float) -> None:
    body = json.dumps({"scenario": "gen-change", "percent": percent}).encode()
    request = urllib.request.Request(base + "/__fixture/mutate", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request).read()


def recrawl_rows(pages: int = 1111) -> list[tuple[str, dict]]:
    """The runs, in order, on one archive: first crawl, unchanged re-crawls, 1% changed."""
    with running_fixture_web(generated=pages) as base, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "archive.db"
        rows = [("first crawl", _crawl(db, base, full=True)),
                ("unchanged, incremental", _crawl(db, base, full=False)),
                ("unchanged, --full", _crawl(db, base, full=True))]
        _mutate(base, 1)
        rows.append(("1% of reports changed, --full", _crawl(db, base, full=True)))
    return rows
