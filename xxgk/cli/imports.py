"""``xxgk import-warc FILE… [--db PATH] [--site SLUG]``: bring captures made elsewhere into the
archive (crawler/replay.py does the reading).

Each file is one capture and one run, oldest capture first, so the versions of a page captured
in several files follow each other in time as a crawl's would. A run is the crawler itself, in
a child process as ``xxgk crawl`` runs it, with the network replaced by the file.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import click

from xxgk.cli.processes import crawl_outcome, last_run_id, run_child, scrapy_crawl_command

# what an import changes in the crawl's settings: no network, so no politeness to keep
IMPORT_SETTINGS = {
    "DOWNLOAD_HANDLERS": json.dumps({"http": "xxgk.crawler.replay.ReplayDownloadHandler",
                                     "https": "xxgk.crawler.replay.ReplayDownloadHandler"}),
    "XXGK_WARC": False,  # the capture is the record; nothing is fetched
    "ROBOTSTXT_OBEY": False,  # robots.txt was the capturer's to obey
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "RETRY_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "XXGK_ALLOW_PRIVATE_ADDRESSES": True,  # no address is resolved or connected to
}


def import_captures(db, files, site: str | None, log_level: str, lock) -> int:
    """One run per file, oldest first; prints each run's summary. Returns the exit status."""
    from xxgk.crawler.replay import first_capture_time

    order = sorted((Path(f) for f in files), key=lambda p: (first_capture_time(p), str(p)))
    worst = 0
    for path in order:
        click.echo(f"importing {path}")
        worst = max(worst, _import_one(db, path, site, log_level, lock))
    return worst


def _import_one(db, path: Path, site, log_level, lock) -> int:
    run_dir = Path(tempfile.mkdtemp(prefix="xxgk-import-"))
    try:
        job = run_dir / "capture.json"
        job.write_text(json.dumps({"files": [str(path.resolve())]}))
        status_file = run_dir / "status.json"
        settings = {**IMPORT_SETTINGS, "XXGK_LOCK_HELD": 1, "XXGK_RUN_STATUS_FILE": status_file}
        cmd = scrapy_crawl_command(db, sites=[site] if site else [], settings=settings,
                                   log_level=log_level)
        cmd += ["-a", f"capture={job}"]
        before = last_run_id(db)
        child = run_child(cmd, pass_fds=[lock.fileno()], on_start=lock.note_holder)
        outcome = crawl_outcome(status_file, db, child, before)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    if outcome is None or outcome.get("run_id") is None:
        click.echo(f"Error: {path}: the import {child.how()} before it recorded a run; see its"
                   " log above", err=True)
        return child.failure_code()
    print_import_summary(db, outcome["run_id"])
    if outcome["status"] == "failed":
        click.echo(f"Error: {path}: {outcome['reason'] or 'the import failed'}", err=True)
        return child.failure_code()
    if outcome["status"] == "interrupted":
        click.echo(f"Error: the import of {path} was stopped; run the same command again (what"
                   " was imported is kept and not imported twice)", err=True)
        return child.failure_code()
    return 0


def print_import_summary(db, run_id: int, shown: int = 12) -> None:
    """What run ``run_id`` made of its capture: records by outcome, the reasons records were
    skipped, the reports stored, and the URLs the capture lacked."""
    from xxgk.archive.opening import open_archive

    archive = open_archive(db, write=False)
    try:
        outcomes = Counter(dict(archive.execute(
            "SELECT outcome, count(*) FROM capture_records WHERE crawl_run_id = ? GROUP BY 1",
            [run_id]).fetchall()))
        skipped = archive.execute(
            "SELECT reason, count(*), min(uri) FROM capture_records WHERE crawl_run_id = ? AND"
            " outcome = 'skipped' GROUP BY 1 ORDER BY 2 DESC", [run_id]).fetchall()
        run = archive.execute("SELECT args, stats FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
        new = archive.execute("SELECT count(*) FROM report_events WHERE crawl_run_id = ? AND"
                              " kind = 'new'", [run_id]).fetchone()[0]
        changed = archive.execute("SELECT count(*) FROM report_events WHERE crawl_run_id = ?"
                                  " AND kind = 'changed'", [run_id]).fetchone()[0]
        missing = archive.execute("SELECT count(*) FROM crawl_errors WHERE crawl_run_id = ? AND"
                                  " kind = 'not_captured'", [run_id]).fetchone()[0]
        errors = archive.execute("SELECT kind, count(*) FROM crawl_errors WHERE crawl_run_id = ?"
                                 " AND kind != 'not_captured' GROUP BY 1", [run_id]).fetchall()
    finally:
        archive.close()
    args, stats = json.loads(run[0] or "{}"), json.loads(run[1] or "{}")
    before = stats.get("xxgk/capture/already imported")
    click.echo(f"run {run_id}: captured {' to '.join(d for d in args.get('captured') or [] if d)}"
               f" by {', '.join(args.get('software') or ['unknown software'])}")
    click.echo(f"  {new} new reports, {changed} changed; records: "
               + ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())) if outcomes else
               f"  {new} new reports, {changed} changed; no records used")
    for problem in stats.get("xxgk/capture/problems") or []:
        click.echo(f"  problem: {problem}")
    if before:
        click.echo(f"  {before} records were imported before (capture_records): left as they are")
    for reason, count, example in skipped[:shown]:
        click.echo(f"  skipped {count}: {reason} (e.g. {example})")
    if missing:
        click.echo(f"  {missing} URLs the walk asked for are not in the capture (crawl_errors,"
                   " kind not_captured)")
    for kind, count in errors:
        click.echo(f"  {count} {kind} errors (crawl_errors)")
