"""The CLI teaches itself: every command has help with an example and is in the README."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from xxgk.cli.main import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_help_with_example_and_is_documented(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"xxgk {name}" in README


def test_extract_names_a_missing_file(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "nope.html")])
    assert result.exit_code != 0
    assert "nope.html" in result.output


def test_serve_refuses_a_missing_archive(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0
    assert "none.db" in result.output


def test_sites_lists_the_registry():
    result = CliRunner().invoke(cli, ["sites"])
    assert result.exit_code == 0
    assert "not verified" in result.output


def test_export_writes_a_dataset(tmp_path):
    import json

    import sqlite_utils

    from xxgk.archive.store import ensure_db_shape, save_report

    db_path = tmp_path / "archive.db"
    db = sqlite_utils.Database(db_path)
    ensure_db_shape(db)
    save_report(db, {"url": "http://www.example.gov.cn/a.html", "title": "商务局2019年年度报告",
                     "published": "2020-01-20", "is_report": True, "body": "正文"}, fetch={})
    db.close()
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "--format", "jsonl", "--out", str(out),
                                      "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (out / "reports.jsonl").read_text().splitlines()]
    assert [r["title"] for r in rows] == ["商务局2019年年度报告"]
    assert "reports" in {r["name"] for r in json.loads(
        (out / "datapackage.json").read_text())["resources"]}


def test_crawl_names_an_unknown_site():
    result = CliRunner().invoke(cli, ["crawl", "--site", "no-such-site", "--db", "/tmp/unused.db"])
    assert result.exit_code != 0
    assert "no-such-site" in result.output and "Traceback" not in result.output


# --- the real CLI in a subprocess: one-line errors, exit codes, ports, signals -------------

import os  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import date, datetime  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from xxgk.cli.processes import PROJECT_ROOT, port_in_use  # noqa: E402
from support import free_port, new_archive  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")


def xxgk(*args, timeout=120, **kwargs) -> subprocess.CompletedProcess:
    """``python -m xxgk ARGS`` as a user runs it (from another folder)."""
    return subprocess.run([sys.executable, "-m", "xxgk", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd=kwargs.pop("cwd", "/"), **kwargs)


def one_line_error(result, code: int, *needles: str) -> str:
    """The run failed with ``code`` and said why on one ``Error:`` line (its last line on
    stderr), naming every needle, with no traceback anywhere."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    assert result.returncode == code, output[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: ") and "\n" not in last
    for needle in needles:
        assert needle in last, last
    return last


@pytest.fixture
def small_archive(tmp_path):
    """An archive of one department whose newest report is for 2019, health recorded."""
    from xxgk.archive.health import record_run_health
    from xxgk.archive.store import finish_crawl_run, save_report, start_crawl_run

    path = tmp_path / "small.db"
    db = new_archive(path, sites=[{"slug": "old-swj", "agency": "示例市商务局"}])
    run = start_crawl_run(db, sites=["old-swj"], args={})
    save_report(db, {"url": "http://www.example.gov.cn/2019.html", "title": "示例市商务局2019年"
                     "政府信息公开工作年度报告", "published": "2020-01-20", "report_year": 2019,
                     "agency": "示例市商务局", "is_report": True, "body": "正文"},
                fetch={"url": "http://www.example.gov.cn/2019.html", "http_status": 200,
                       "fetched_at": "2020-02-01T08:00:00+08:00", "crawl_run_id": run,
                       "site_id": "old-swj", "sha256": "0" * 64})
    finish_crawl_run(db, run, stats={}, status="finished")
    record_run_health(db, run, now=datetime(2020, 2, 1, tzinfo=SHANGHAI))
    db.close()
    return path


def bad_dbs(tmp_path) -> dict:
    text = tmp_path / "README.md"
    text.write_text("# not a database\n", encoding="utf-8")
    empty_name = tmp_path / "folder"
    empty_name.mkdir()
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    return {"text": (text, "not an SQLite database"), "folder": (empty_name, "is a folder"),
            "fifo": (fifo, "not a regular file"),
            "missing": (tmp_path / "none.db", "none.db")}


READERS = {  # commands that read an existing archive: the extra arguments they need
    "status": [], "serve": ["--port", "1"], "export": ["--out", "OUT"], "reextract": []}


@pytest.mark.parametrize("command", sorted(READERS))
def test_every_reading_command_refuses_a_bad_db_in_one_line(command, tmp_path):
    for name, (path, said) in bad_dbs(tmp_path).items():
        args = [a.replace("OUT", str(tmp_path / "out")) for a in READERS[command]]
        one_line_error(xxgk(command, "--db", path, *args), 1, said, str(path.name))


@pytest.mark.parametrize("command", ["crawl", "demo"])
def test_writing_commands_refuse_a_bad_db_in_one_line(command, tmp_path):
    extra = ["--url", "http://127.0.0.1:9/col/index.html"] if command == "crawl" else [
        "--no-serve"]
    for name, (path, said) in bad_dbs(tmp_path).items():
        if name == "missing":  # a new archive: nothing wrong
            continue
        one_line_error(xxgk(command, "--db", path, *extra), 1, said)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_db_is_refused_in_one_line(small_archive):
    small_archive.chmod(0)
    one_line_error(xxgk("status", "--db", small_archive), 1, "cannot read")


@pytest.mark.parametrize("args, said", [
    (["crawl", "--url", "not-a-url"], "--url 'not-a-url': not an http(s) URL"),
    (["crawl", "--url", "http://"], "not an http(s) URL with a host"),
    (["crawl", "--url", "http://host:99999/"], "not a URL"),
    (["crawl", "--url", "ftp://www.example.gov.cn/a"], "not an http(s) URL"),
    (["serve", "--port", "abc"], "'abc' is not a valid port number"),
    (["serve", "--port", "0"], "0 is not in the range"),
    (["demo", "--fixture-port", "-1"], "--fixture-port"),
    (["status", "--no-such-option"], "No such option '--no-such-option'. (see `xxgk status --help`)"),
    (["no-such-command"], "No such command"),
])
def test_bad_arguments_exit_2_in_one_line(args, said, tmp_path):
    one_line_error(xxgk(*args, "--db", tmp_path / "a.db") if args[0] != "no-such-command"
                   else xxgk(*args), 2, said)
    assert not (tmp_path / "a.db").exists()  # nothing was started


def recorded_errors(db_path):
    import sqlite_utils

    return [(r["url"], r["kind"], r["status"]) for r in sqlite_utils.Database(db_path).query(
        "select url, kind, status from crawl_errors")]


def test_crawl_of_a_refused_connection_fails_and_records_why(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/col/index.html"
    result = xxgk("crawl", "--url", url, "--db", tmp_path / "a.db", "--log-level", "CRITICAL")
    one_line_error(result, 1, url, "could not be fetched", "Connection", "refused")
    assert recorded_errors(tmp_path / "a.db") == [(url, "robots", None)]


def test_crawl_of_an_unknown_host_fails_and_records_why(tmp_path):
    url = "http://no-such-host.invalid/col/index.html"
    result = xxgk("crawl", "--url", url, "--db", tmp_path / "a.db", "--log-level", "CRITICAL")
    one_line_error(result, 1, url, "could not be fetched")
    assert [(u, kind) for u, kind, _ in recorded_errors(tmp_path / "a.db")] == [(url, "robots")]


def test_crawl_of_a_start_page_answering_404_fails_and_records_why(fixture_web, tmp_path):
    url = f"{fixture_web}/fuxin-swj/no-such-column/index.html"
    result = xxgk("crawl", "--url", url, "--db", tmp_path / "a.db")
    one_line_error(result, 1, url, "could not be fetched", "HTTP 404")
    assert recorded_errors(tmp_path / "a.db") == [(url, "http", 404)]


def test_crawl_of_a_good_column_with_a_broken_link_still_succeeds(fixture_web, tmp_path):
    url = f"{fixture_web}/fuxin-swj/zwgk/gknb/index.html"
    result = xxgk("crawl", "--url", url, "--db", tmp_path / "a.db", "--log-level", "WARNING")
    assert result.returncode == 0, result.stderr[-3000:]
    errors = recorded_errors(tmp_path / "a.db")
    assert errors and url not in [u for u, _, _ in errors]  # the planted 404 is not the start


def last_due_year(today: date) -> int:
    """A department's (31 January) last report year due by ``today``."""
    return today.year - 1 if today > date(today.year, 1, 31) else today.year - 2


def test_status_flags_a_site_whose_newest_report_is_overdue(small_archive):
    result = xxgk("status", "--db", small_archive)
    assert result.returncode == 0, result.stderr
    due = last_due_year(datetime.now(SHANGHAI).date())
    [row] = [line for line in result.stdout.splitlines() if line.startswith("old-swj")]
    assert row.endswith(f"stale: newest report is for 2019, reports through {due} were due")


def test_status_of_an_up_to_date_site_is_ok(small_archive):
    import sqlite_utils

    db = sqlite_utils.Database(small_archive)
    year = last_due_year(datetime.now(SHANGHAI).date())
    db.execute("update reports set report_year = ?", [year])
    db.conn.commit()
    db.close()
    result = xxgk("status", "--db", small_archive)
    [row] = [line for line in result.stdout.splitlines() if line.startswith("old-swj")]
    assert row.endswith("  ok"), row


@pytest.fixture
def busy_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_serve_on_a_busy_port_says_so(small_archive, busy_port):
    result = xxgk("serve", "--db", small_archive, "--port", busy_port, timeout=30)
    one_line_error(result, 1, f"port {busy_port} is in use: choose another with --port")


def test_demo_on_a_busy_port_says_so_before_crawling(tmp_path, busy_port):
    result = xxgk("demo", "--db", tmp_path / "demo.db", "--port", busy_port,
                  "--fixture-port", free_port(), timeout=30)
    one_line_error(result, 1, f"port {busy_port} is in use: choose another with --port")
    assert "fixture web at" not in result.stdout  # nothing was started
    result = xxgk("demo", "--db", tmp_path / "demo.db", "--no-serve", "--fixture-port",
                  busy_port, timeout=30)
    one_line_error(result, 1, f"port {busy_port} is in use: choose another with --fixture-port")


def test_makefile_demo_takes_port_and_fixture_port():
    result = subprocess.run(["make", "-n", "demo", "PORT=8123", "FIXTURE_PORT=8124",
                             "DB=x/demo.db"], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    assert "xxgk demo --db x/demo.db --port 8123 --fixture-port 8124" in result.stdout


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                         text=True).stdout
    return [int(p) for p in out.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_to_a_serving_demo_stops_everything_it_started(tmp_path, signum):
    port, fixture_port = free_port(), free_port()
    proc = subprocess.Popen([sys.executable, "-m", "xxgk", "demo", "--db", tmp_path / "demo.db",
                             "--port", str(port), "--fixture-port", str(fixture_port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, cwd=tmp_path)
    try:
        wait_for(lambda: port_in_use("127.0.0.1", port) or proc.poll() is not None, 180,
                 "the demo's Datasette")
        assert proc.poll() is None, proc.stderr.read()[-3000:]
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json") as answer:
            assert b"datasette" in answer.read()
        kids = children(proc.pid)
        assert kids and port_in_use("127.0.0.1", fixture_port)  # the fixture web still serves
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 128 + signum, err[-3000:]
    assert f"Error: xxgk demo was stopped by {signal.Signals(signum).name}" in err
    assert "Traceback" not in err
    # the server's worker processes are gone; multiprocessing's resource tracker, a child too,
    # exits when it sees its parent's end of the pipe close, a moment later
    wait_for(lambda: not [pid for pid in kids if alive(pid)], 10, "the demo's processes to end")
    assert not port_in_use("127.0.0.1", port) and not port_in_use("127.0.0.1", fixture_port)
    wait_for(lambda: not group_alive(proc.pid), 10, "the demo's process group to empty")


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def run_recorded(db_path) -> bool:
    import sqlite3

    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=0.1) as conn:
            return bool(conn.execute("select count(*) from crawl_runs").fetchone()[0])
    except sqlite3.Error:
        return False


def test_sigterm_to_a_crawling_demo_stops_the_crawl_and_the_fixture_web(tmp_path):
    fixture_port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "xxgk", "demo", "--no-serve", "--db",
                             tmp_path / "demo.db", "--fixture-port", str(fixture_port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, cwd=tmp_path)
    try:
        wait_for(lambda: run_recorded(tmp_path / "demo.db") or proc.poll() is not None, 60,
                 "the crawl's run")
        kids = children(proc.pid)
        assert len(kids) == 2 and proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 128 + signal.SIGTERM, err[-3000:]
    assert "Traceback" not in err and "the crawl was stopped" in err
    assert not [pid for pid in kids if alive(pid)]
    assert not port_in_use("127.0.0.1", fixture_port)
    import sqlite_utils

    runs = list(sqlite_utils.Database(tmp_path / "demo.db").query("select status from crawl_runs"))
    assert runs == [{"status": "interrupted"}]  # closed as stopped, not left "running"
