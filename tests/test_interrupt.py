"""Interruptions: a crawl killed with SIGKILL at several points, then the same command again,
leaves the same archive as an uninterrupted crawl; a second crawl on the same archive is refused."""
import os
import signal
import subprocess
import sys
import time

import pytest
import sqlite_utils

from xxgk.cli.processes import PROJECT_ROOT, running_fixture_web
from support import pages_fetched

VOLATILE = {"last_seen", "fetched_at", "crawl_run_id", "first_seen", "last_changed",
            "latest_version_id"}


def xxgk_crawl(db_path, base):
    return [sys.executable, "-m", "xxgk", "crawl", "--fixture-web", base,
            "--db", str(db_path), "--log-level", "WARNING"]


def snapshot(db_path):
    db = sqlite_utils.Database(db_path)
    reports = {r["url"]: {k: v for k, v in r.items() if k not in VOLATILE}
               for r in db.query("select * from reports")}
    versions = sorted((r["url"], v["version"], v["content_hash"]) for r, v in (
        (r, v) for r in db.query("select id, url from reports")
        for v in db.query("select version, content_hash from report_versions where report_id = ?",
                          [r["id"]])))
    attachments = sorted((a["report_id"], a["url"], a["sha256"]) for a in
                         db.query("select report_id, url, sha256 from attachments"))
    integrity = db.execute("pragma integrity_check").fetchone()[0]
    return reports, versions, attachments, integrity


@pytest.fixture(scope="module")
def web():
    with running_fixture_web() as base:
        yield base


@pytest.fixture(scope="module")
def uninterrupted(web, tmp_path_factory):
    path = tmp_path_factory.mktemp("whole") / "archive.db"
    subprocess.run(xxgk_crawl(path, web), cwd=PROJECT_ROOT, check=True, capture_output=True)
    return snapshot(path)


def scrapy_child(parent_pid):
    """The `scrapy crawl` process that `xxgk crawl` started."""
    out = subprocess.run(["pgrep", "-P", str(parent_pid)], capture_output=True, text=True).stdout
    return int(out.split()[0]) if out.strip() else None


def stored(db_path):
    try:
        db = sqlite_utils.Database(db_path)
        return db.execute("select count(*) from reports").fetchone()[0]
    except Exception:
        return 0


@pytest.mark.parametrize("kill_after", [0, 5, 20])
def test_kill_9_then_same_command_gives_the_same_archive(web, uninterrupted, tmp_path, kill_after):
    path = tmp_path / "archive.db"
    proc = subprocess.Popen(xxgk_crawl(path, web), cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    child = None
    while time.time() < deadline and proc.poll() is None:
        child = child or scrapy_child(proc.pid)
        if child and stored(path) >= kill_after:
            break
        time.sleep(0.05)
    assert child, "the crawl finished before it could be killed"
    os.kill(child, signal.SIGKILL)
    proc.wait(timeout=60)
    rerun = subprocess.run(xxgk_crawl(path, web), cwd=PROJECT_ROOT, capture_output=True,
                           text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    reports, versions, attachments, integrity = snapshot(path)
    assert integrity == "ok"
    assert reports == uninterrupted[0]
    assert versions == uninterrupted[1]
    assert attachments == uninterrupted[2]
    runs = [r["status"] for r in sqlite_utils.Database(path).query(
        "select status from crawl_runs order by id")]
    assert runs[-1] == "finished" and "running" not in runs


def test_ctrl_c_then_same_command_resumes_from_the_jobdir(web, uninterrupted, tmp_path):
    path = tmp_path / "archive.db"
    proc = subprocess.Popen(xxgk_crawl(path, web), cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    child = None
    while time.time() < deadline and not (child and pages_fetched(path) >= 5):
        child = child or scrapy_child(proc.pid)
        time.sleep(0.05)
    os.kill(child, signal.SIGINT)
    proc.wait(timeout=60)
    rerun = subprocess.run(xxgk_crawl(path, web), cwd=PROJECT_ROOT, capture_output=True,
                           text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert "resuming" in rerun.stdout
    assert snapshot(path)[:3] == uninterrupted[:3]


def lock_holder(db_path):
    try:
        return open(f"{db_path}.lock").read()
    except OSError:
        return ""


def test_a_second_crawl_on_the_same_archive_is_refused(web, tmp_path):
    path = tmp_path / "archive.db"
    first = subprocess.Popen(xxgk_crawl(path, web), cwd=PROJECT_ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    paused = False
    try:
        deadline = time.time() + 60
        while time.time() < deadline and "started by" not in lock_holder(path):
            time.sleep(0.02)
        # The first crawl is paused while it holds the lock, so it cannot finish (and free the
        # archive) before the second one starts, however fast the machine.
        os.kill(first.pid, signal.SIGSTOP)
        paused = True
        assert first.poll() is None, "the first crawl ended before it could be paused"
        second = subprocess.run(xxgk_crawl(path, web), cwd=PROJECT_ROOT, capture_output=True,
                                text=True, timeout=60)
        assert second.returncode != 0
        assert "another crawl" in second.stderr and str(path) in second.stderr
    finally:
        if paused:
            os.kill(first.pid, signal.SIGCONT)
        first.wait(timeout=300)
    assert first.returncode == 0, first.stderr.read().decode()[-2000:]
    assert stored(path) > 0
