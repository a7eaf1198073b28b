"""Operating the archive: every bad input is one line on stderr and a non-zero exit, never a
traceback, never a wrong summary, never a crawl of the wrong thing or a change to a bad archive.

Real processes throughout (``.venv/bin/xxgk``); the outcome handling of ``xxgk crawl`` is also
tested in-process with a fake crawl child that writes the run status file, as the pipeline does.
Full disk is a 2 MB tmpfs and read-only files are ``chattr +i`` when the tests run as root
(skipped where that is not possible); otherwise ``chmod``.
"""
import asyncio
import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from xxgk.cli.main import cli
from xxgk.archive.lock import ArchiveBusy, CrawlLock
from xxgk.archive.opening import ArchiveError, open_archive
from xxgk.cli.processes import PROJECT_ROOT, job_dir
from xxgk.archive.store import finish_crawl_run, start_crawl_run
from support import free_port, new_archive, pages_fetched

XXGK = str(Path(sys.executable).parent / "xxgk")


def xxgk(*args, timeout=60, **kwargs):
    return subprocess.run([XXGK, *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def one_line_error(result):
    """The command failed with exactly one line on stderr, and no traceback."""
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def archive_with_runs(path, runs=1):
    db = new_archive(path)
    for _ in range(runs):
        run = start_crawl_run(db, sites=["fuxin-swj"], args={})
        finish_crawl_run(db, run, stats={"reports": 3, "requests": 7}, status="finished")
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()
    return path


# --- arguments -----------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["--url", ""], ["--url", "not a url"], ["--url", "http://"], ["--url", "http://[::1"],
    ["--url", "javascript:x"], ["--url", "ftp://host/x"], ["--url", "http://host:99999/"],
    ["--url", "http://exa mple.gov.cn/"], ["--site", ""], ["--site", " "], ["--site", ","],
    ["--fixture-web", ""], ["--fixture-web", "127.0.0.1:8731"], ["--db", ""],
    ["--site", "no-such-site"], ["--log-level", "LOUD"],
])
def test_bad_crawl_arguments_are_one_line_and_crawl_nothing(tmp_path, args):
    db = tmp_path / "archive.db"
    result = xxgk("crawl", "--db", str(db), *args, timeout=30)
    line = one_line_error(result)
    assert args[0] in line or "no-such-site" in line or "LOUD" in line
    assert list(tmp_path.iterdir()) == []  # no archive, no lock file, no JOBDIR


# --- bad archives ----------------------------------------------------------------------------

def _random_bytes(path):
    path.write_bytes(os.urandom(64 * 1024))


def _text(path):
    path.write_text("id,title\n1,not a database\n")


def _truncated(path):
    archive_with_runs(path)
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _overwritten(path):
    archive_with_runs(path)
    size = path.stat().st_size
    with open(path, "r+b") as handle:  # a run of garbage over b-tree pages, the header intact
        handle.seek(size // 3)
        handle.write(os.urandom(16 * 1024))


def _other_database(path):
    db = sqlite_utils.Database(path)
    db["customers"].insert({"name": "x"})
    db.close()


BAD_ARCHIVES = {"random bytes": (_random_bytes, "not an SQLite database"),
                "text file": (_text, "not an SQLite database"),
                "truncated": (_truncated, "corrupt"),
                "overwritten": (_overwritten, "corrupt"),
                "someone else's database": (_other_database, "something else")}
COMMANDS = {"crawl": ["crawl", "--fixture-web", "http://127.0.0.1:9"],
            "status": ["status"], "serve": ["serve", "--port", str(free_port())],
            "export": ["export", "--format", "csv", "--out", "{tmp}/out"]}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", sorted(BAD_ARCHIVES))
def test_a_bad_archive_is_refused_and_left_alone(tmp_path, kind, command):
    make, expected = BAD_ARCHIVES[kind]
    db = tmp_path / "archive.db"
    make(db)
    before = sha(db)
    args = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]]
    line = one_line_error(xxgk(*args, "--db", str(db)))
    assert str(db) in line and expected in line
    assert sha(db) == before
    assert not (tmp_path / "jobs").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_folder_as_db_is_refused(tmp_path, command):
    folder = tmp_path / "archive.db"
    folder.mkdir()
    args = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]]
    line = one_line_error(xxgk(*args, "--db", str(folder)))
    assert "is a folder" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.db"]


@pytest.mark.parametrize("command", ["status", "serve", "export"])
def test_reading_a_missing_or_empty_archive_is_refused(tmp_path, command):
    args = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]]
    assert "No archive database" in one_line_error(xxgk(*args, "--db", str(tmp_path / "no.db")))
    (tmp_path / "empty.db").write_bytes(b"")
    assert "no archive tables" in one_line_error(
        xxgk(*args, "--db", str(tmp_path / "empty.db")))


@contextlib.contextmanager
def write_transaction(db):
    """Another process holding a write transaction on ``db``."""
    code = ("import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        yield
    finally:
        proc.kill()
        proc.wait()


def test_a_locked_archive_is_refused_after_a_short_wait(tmp_path):
    db = archive_with_runs(tmp_path / "archive.db")
    before = sha(db)
    with write_transaction(db):
        started = time.monotonic()
        line = one_line_error(xxgk("crawl", "--fixture-web", "http://127.0.0.1:9", "--db", str(db)))
        assert time.monotonic() - started < 30
        assert "locked by another process" in line
        with pytest.raises(ArchiveError, match="locked"):
            open_archive(db, write=True, busy_timeout=0.1)
        assert xxgk("status", "--db", str(db)).returncode == 0  # reading still works
    assert sha(db) == before
    assert not (tmp_path / "jobs").exists()


@contextlib.contextmanager
def read_only(path: Path):
    """``path`` (a file or a folder) made read-only, for root too (``chattr +i``)."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("chattr +i is not possible here")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


def test_a_read_only_archive_file_is_refused(tmp_path):
    db = archive_with_runs(tmp_path / "archive.db")
    before = sha(db)
    with read_only(db):
        line = one_line_error(xxgk("crawl", "--fixture-web", "http://127.0.0.1:9", "--db", str(db)))
        assert "cannot write to the archive" in line and str(db) in line
        assert xxgk("status", "--db", str(db)).returncode == 0
    assert sha(db) == before


@pytest.mark.parametrize("exists", [True, False])
def test_a_read_only_folder_is_refused(tmp_path, exists):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "archive.db"
    if exists:
        archive_with_runs(db)
    with read_only(folder):
        line = one_line_error(xxgk("crawl", "--fixture-web", "http://127.0.0.1:9", "--db", str(db)))
        assert str(db) in line and ("lock file" in line or "cannot write" in line)
    assert sorted(p.name for p in folder.iterdir()) == (["archive.db"] if exists else [])


# --- the crawl's outcome, with a fake crawl child ------------------------------------------

FAKE_CHILD = """
import json, sys
from xxgk.archive.lock import ArchiveBusy, CrawlLock
args = dict(a.split("=", 1) for a in sys.argv[1:])
status = {status!r}
held = False
try:
    CrawlLock(args["XXGK_DB"]).acquire()
except ArchiveBusy:
    held = True
if status is not None:
    status = dict(status, lock_held=held and args.get("XXGK_LOCK_HELD") == "1")
    open(args["XXGK_RUN_STATUS_FILE"], "w").write(json.dumps(status))
sys.exit({code})
"""


@pytest.fixture
def fake_child(monkeypatch):
    """``xxgk crawl`` with a child that writes ``status`` (None: nothing) and exits ``code``."""
    def install(status, code=0):
        def command(db, *, settings, **_):
            values = {"XXGK_DB": Path(db).resolve(), **settings}
            return [sys.executable, "-c", FAKE_CHILD.format(status=status, code=code),
                    *(f"{k}={v}" for k, v in values.items())]
        monkeypatch.setattr("xxgk.cli.main.scrapy_crawl_command", command)
    return install


def crawl_in_process(db):
    result = CliRunner().invoke(cli, ["crawl", "--fixture-web", "http://127.0.0.1:9",
                                      "--db", str(db)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_the_summary_is_of_this_run_only(tmp_path, fake_child):
    db = archive_with_runs(tmp_path / "archive.db", runs=2)
    fake_child({"run_id": None, "status": "failed", "reason": "spider exploded"}, code=1)
    result = crawl_in_process(db)
    assert result.exit_code == 1
    assert "crawl run" not in result.stdout
    assert result.stderr.strip() == "Error: spider exploded"


def test_a_child_that_reports_nothing_fails_with_one_line(tmp_path, fake_child):
    db = archive_with_runs(tmp_path / "archive.db")
    fake_child(None, code=0)
    result = crawl_in_process(db)
    assert result.exit_code != 0 and "crawl run" not in result.stdout
    assert "before it recorded a run" in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_finished_run_is_summarised_and_exits_0(tmp_path, fake_child):
    db = archive_with_runs(tmp_path / "archive.db", runs=2)
    fake_child({"run_id": 1, "status": "finished", "reason": "finished"})
    result = crawl_in_process(db)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("crawl run 1 (finished): 3 pages stored")
    assert not job_dir(db).exists()


@pytest.mark.parametrize("status, code", [("interrupted", 0), ("finished", 3)])
def test_an_unfinished_run_or_a_failing_child_exits_non_zero(tmp_path, fake_child, status, code):
    db = archive_with_runs(tmp_path / "archive.db")
    fake_child({"run_id": 1, "status": status, "reason": "shutdown"}, code=code)
    result = crawl_in_process(db)
    assert result.exit_code != 0
    assert "crawl run 1" in result.stdout and len(result.stderr.splitlines()) == 1


def test_the_child_runs_under_the_cli_lock(tmp_path, fake_child, monkeypatch):
    db = archive_with_runs(tmp_path / "archive.db")
    seen = tmp_path / "seen.json"
    original = json.loads

    def spy(text, *args, **kwargs):
        data = original(text, *args, **kwargs)
        if isinstance(data, dict) and "lock_held" in data:
            seen.write_text(text)
        return data
    monkeypatch.setattr(json, "loads", spy)
    fake_child({"run_id": 1, "status": "finished", "reason": "finished"})
    assert crawl_in_process(db).exit_code == 0
    assert original(seen.read_text())["lock_held"] is True
    CrawlLock(db).acquire().release()  # and released afterwards


# --- real crawls of the fixture web ---------------------------------------------------------

def crawl_cmd(db, base, *extra):
    return [XXGK, "crawl", "--fixture-web", base, "--db", str(db), "--log-level", "ERROR", *extra]


def processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line contains ``text`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = next(line for line in (entry / "status").read_text().splitlines()
                         if line.startswith("State:"))
        except (OSError, StopIteration):
            continue
        if text in cmdline and "zombie" not in state:
            found.append(int(entry.name))
    return found


def children_of(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def alive(pid: int) -> bool:
    try:
        state = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                     if line.startswith("State:"))
    except (OSError, StopIteration):
        return False
    return "zombie" not in state


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_second_crawl_leaves_the_running_crawls_jobdir_alone(fixture_web, tmp_path):
    db = tmp_path / "archive.db"
    first = subprocess.Popen(crawl_cmd(db, fixture_web), cwd=PROJECT_ROOT, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(0.3)  # under a second apart: the first may not have started Scrapy yet
        early = xxgk(*crawl_cmd(db, fixture_web)[1:])
        assert "another crawl" in one_line_error(early)
        jobs = tmp_path / "jobs"
        assert wait_for(lambda: jobs.exists() and any(jobs.iterdir()) and pages_fetched(db) > 0)
        frontier = next(jobs.iterdir())
        late = xxgk(*crawl_cmd(db, fixture_web)[1:])
        assert "another crawl" in one_line_error(late)
        assert frontier.exists()
        out, err = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, err[-2000:]
    assert "(finished)" in out


def test_sigterm_stops_the_crawl_child_and_exits_non_zero(fixture_web, tmp_path):
    db = tmp_path / "archive.db"
    proc = subprocess.Popen(crawl_cmd(db, fixture_web), cwd=PROJECT_ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert wait_for(lambda: pages_fetched(db) > 0 or proc.poll() is not None)
    assert proc.poll() is None, "the crawl ended before it could be stopped"
    assert processes_mentioning(f"XXGK_DB={db}")
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=90)
    assert proc.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("Error: the crawl was stopped")
    assert "(interrupted)" in out
    assert processes_mentioning(f"XXGK_DB={db}") == []
    rerun = subprocess.run(crawl_cmd(db, fixture_web), cwd=PROJECT_ROOT, capture_output=True,
                           text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert "resuming" in rerun.stdout


def test_ctrl_c_at_the_terminal_stops_the_crawl_once_and_cleanly(tmp_path):
    """SIGINT to the whole foreground process group, as a terminal sends it: the child gets it
    once (from the CLI), so Scrapy stops cleanly and saves its frontier; the fixture web that
    ``--fixtures`` started is gone too."""
    db = tmp_path / "archive.db"
    proc = subprocess.Popen([XXGK, "crawl", "--fixtures", "--fixture-port", "0", "--db", str(db),
                             "--log-level", "ERROR"], cwd=PROJECT_ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    # fetching under way: the first responses are in the run's WARC (the archive writer
    # commits its first batch a moment later, in its own process)
    assert wait_for(lambda: pages_fetched(db) > 0 or proc.poll() is not None)
    assert proc.poll() is None
    children = children_of(proc.pid)
    assert len(children) == 2  # the fixture web and the crawl
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=90)
    assert proc.returncode == 128 + signal.SIGINT, err[-2000:]
    assert [pid for pid in children if alive(pid)] == []
    marker = [p for p in (tmp_path / "jobs").glob("*/xxgk-clean-stop")]
    assert marker, "Scrapy was not allowed to stop cleanly"


def test_the_lock_stays_held_by_the_child_when_the_cli_dies(fixture_web, tmp_path):
    db = tmp_path / "archive.db"
    proc = subprocess.Popen(crawl_cmd(db, fixture_web), cwd=PROJECT_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert wait_for(lambda: pages_fetched(db) > 0 or proc.poll() is not None)
    children = processes_mentioning(f"XXGK_DB={db}")
    assert proc.poll() is None and children
    run_dir = next(Path(a.split("=", 1)[1]).parent for a in Path(
        f"/proc/{children[0]}/cmdline").read_bytes().decode().split("\0")
        if a.startswith("XXGK_RUN_STATUS_FILE="))
    proc.kill()
    proc.wait()
    try:
        if processes_mentioning(f"XXGK_DB={db}"):
            with pytest.raises(ArchiveBusy):
                CrawlLock(db).acquire()
    finally:
        assert wait_for(lambda: not processes_mentioning(f"XXGK_DB={db}"), timeout=300)
        shutil.rmtree(run_dir, ignore_errors=True)
    assert wait_for(lambda: lock_is_free(db), timeout=10)  # the child's exit released it


def lock_is_free(db) -> bool:
    try:
        CrawlLock(db).acquire().release()
        return True
    except ArchiveBusy:
        return False


@pytest.fixture
def full_disk():
    folder = Path(tempfile.mkdtemp(prefix="xxgk-full-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
                             capture_output=True).returncode == 0
    if not mounted:
        folder.rmdir()
        pytest.skip("cannot mount a tmpfs here (not root?)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()


def test_a_full_disk_ends_the_crawl_with_one_line(fixture_web, full_disk):
    db = full_disk / "archive.db"
    result = subprocess.run(crawl_cmd(db, fixture_web), cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: ") and "full" in last, result.stderr[-2000:]
    assert processes_mentioning(f"XXGK_DB={db}") == []


# --- Datasette: one query cannot take the server's memory ----------------------------------

BOMBS = [
    "select length(group_concat(x)) from (with recursive r(i) as (select 1 union all "
    "select i + 1 from r limit 100000000) select printf('%.100c', 'y') x from r)",
    "select length(zeroblob(1e9))",
    "select length(printf('%.*c', 1000000000, 'x'))",
    "select length(randomblob(1e9))",
    "select hex(randomblob(200000000))",
    "with recursive r(i) as (select 1 union all select i + 1 from r limit 1000) "
    "select zeroblob(30000000) from r",
    "select " + ", ".join(["zeroblob(30000000)"] * 20),
]
MEMORY_BUDGET = 400 * 1024 * 1024  # peak RSS over the baseline, per query


def peak_rss_reset() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM (Linux)
        return True
    except OSError:
        return False


def peak_rss() -> int:
    line = next(line for line in Path("/proc/self/status").read_text().splitlines()
                if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from xxgk.serve.server import make_datasette

    path = archive_with_runs(tmp_path_factory.mktemp("bombs") / "archive.db")
    return make_datasette(path)


@pytest.mark.parametrize("sql", BOMBS)
def test_a_memory_bomb_query_fails_and_the_server_goes_on(served, sql):
    if not peak_rss_reset():
        pytest.skip("cannot reset the peak RSS here")
    asyncio.run(served.client.get("/archive/crawl_runs.json"))
    peak_rss_reset()
    baseline = peak_rss()
    response = asyncio.run(served.client.get("/archive.json?sql=" + urllib.parse.quote(sql)))
    grown = peak_rss() - baseline
    assert grown < MEMORY_BUDGET, f"{grown >> 20} MB"
    if response.status_code == 200:  # printf gives NULL past the length limit
        assert response.json()["rows"] in ([[None]], [])
    normal = asyncio.run(served.client.get("/archive/crawl_runs.json"))
    assert normal.status_code == 200 and len(normal.json()["rows"]) == 1


def test_normal_queries_still_return_big_results(served):
    sql = ("with recursive r(i) as (select 1 union all select i + 1 from r limit 1000) "
           "select i, printf('%.5000c', 'x') from r")
    response = asyncio.run(served.client.get("/archive.json?sql=" + urllib.parse.quote(sql)))
    assert response.status_code == 200 and len(response.json()["rows"]) == 1000
