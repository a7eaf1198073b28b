"""Crawl benchmark: a real `scrapy crawl` of the generated fixture site, timed, with peak memory."""
import os
import subprocess
import tempfile
import time
from pathlib import Path

import sqlite_utils

from xxgk.cli.processes import PROJECT_ROOT, running_fixture_web, scrapy_crawl_command
from xxgk.crawler.settings import FIXTURE_WEB_SETTINGS

GENERATED_COLUMN = "/gen/xxgk/ndbg/index.html"


def crawl_generated_site(pages: int = 5600) -> dict:
    """Crawl a generated TRS-style site of ``pages`` article pages (nine in ten are reports, the
    rest notices); return the measurements."""
    from xxgk.fixtureweb import generated

    expected_reports = sum(generated.article(i)["is_report"] for i in range(pages))
    with running_fixture_web(generated=pages) as base, tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "archive.db"
        cmd = scrapy_crawl_command(db_path, url=base + GENERATED_COLUMN,
                                   settings=FIXTURE_WEB_SETTINGS, log_level="WARNING")
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "xxgk.crawler.settings"}
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        db = sqlite_utils.Database(db_path)
        run = next(db.query("select * from crawl_runs order by id desc limit 1"))
        stored = db.execute("select count(*) from reports").fetchone()[0]
        reports = db.execute("select count(*) from reports where is_report = 1").fetchone()[0]
    return {
        "pages_generated": pages,
        "reports_generated": expected_reports,
        "pages_stored": stored,
        "reports_stored": reports,
        "requests": run["requests"],
        "seconds": elapsed,
        "pages_per_second": run["requests"] / elapsed,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "exit_code": proc.returncode,
    }
