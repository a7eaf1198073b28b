"""Child processes the CLI and the tests run: the fixture web and a Scrapy crawl.

``xxgk crawl`` runs Scrapy as a child in its own process group (``run_child``): a Ctrl-C at the
terminal, a ``kill`` (SIGTERM) or a hang-up reaches the CLI only, which passes it on to the child
once, waits for the child to save its frontier and close its run, and kills it after
``STOP_GRACE`` seconds. So no crawl is left running when ``xxgk crawl`` has ended.
"""
import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the directory holding the xxgk package
STOP_GRACE = float(os.environ.get("XXGK_STOP_GRACE", 45))  # seconds; over DOWNLOAD_TIMEOUT (30)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(Exception):
    """A stop signal (SIGINT, SIGTERM, SIGHUP) arrived while no child was running."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def stoppable():
    """Turn a stop signal into ``Stopped`` in the block, so ``finally`` clauses (the fixture
    web, the lock) run on a ``kill`` as they do on Ctrl-C."""
    def stop_here(signum, _frame):
        raise Stopped(signum)

    previous = {sig: signal.signal(sig, stop_here) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@dataclass
class ChildResult:
    returncode: int
    pid: int
    signum: int | None  # the first stop signal passed on to the child, if any

    def how(self) -> str:
        """How the child ended, e.g. "was stopped by SIGTERM", "exited with status 1"."""
        if self.signum:
            return f"was stopped by {signal.Signals(self.signum).name}"
        if self.returncode < 0:
            return f"was killed by {signal.Signals(-self.returncode).name}"
        return f"exited with status {self.returncode}"

    def failure_code(self) -> int:
        """The exit status for a crawl that did not finish: 128+N after signal N, else the
        child's own status, at least 1."""
        if self.signum:
            return 128 + self.signum
        return self.returncode if self.returncode > 0 else 1


def run_child(cmd: list[str], *, pass_fds=(), grace: float | None = None,
              on_start=None) -> ChildResult:
    """Run ``cmd`` from the project root in its own process group until it ends. A stop signal
    to this process is passed on to the child (each time: a second Ctrl-C makes Scrapy stop at
    once); ``grace`` seconds after the first one the child's group is killed."""
    grace = STOP_GRACE if grace is None else grace
    received: list[int] = []
    proc = None

    def forward(signum, _frame):
        received.append(signum)
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signum)

    previous = {sig: signal.signal(sig, forward) for sig in STOP_SIGNALS}
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "xxgk.crawler.settings"}
    try:
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, pass_fds=tuple(pass_fds),
                                process_group=0)
        if received:  # a signal came while the child was being started
            os.kill(proc.pid, received[0])
        if on_start is not None:
            on_start(proc.pid)
        deadline = None
        while True:
            try:
                code = proc.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                pass
            if received and deadline is None:
                deadline = time.monotonic() + grace
            if deadline is not None and time.monotonic() > deadline:
                print(f"the crawl did not stop within {grace:.0f} s: killing it", file=sys.stderr)
                _kill_group(proc)
        return ChildResult(code, proc.pid, received[0] if received else None)
    finally:
        if proc is not None and proc.poll() is None:  # this process is failing: no orphans
            _kill_group(proc)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


class FixtureWebError(RuntimeError):
    """The bundled fixture web could not be started."""


@contextlib.contextmanager
def running_fixture_web(port: int = 0, generated: int = 0):
    """Start the bundled fixture web on 127.0.0.1 and yield its base URL; stop it afterwards."""
    cmd = [sys.executable, "-m", "xxgk.fixtureweb", "--port", str(port)]
    if generated:
        cmd += ["--generated", str(generated)]
    # its own process group: a Ctrl-C meant for `xxgk crawl --fixtures` must not stop the web
    # under the crawl before the crawl has stopped
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT,
                            process_group=0)
    try:
        base = proc.stdout.readline().strip()
        if not base.startswith("http://127.0.0.1:"):
            raise FixtureWebError(
                f"the fixture web did not start (port {port} in use?): got {base!r}")
        yield base
    finally:
        stop(proc)


def port_in_use(host: str, port: int) -> bool:
    """True when ``host:port`` cannot be bound now (another server listens there); port 0
    (any free port) is never in use."""
    import socket

    if not port:
        return False
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def stop(proc: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate a child process; kill it if it has not gone after ``timeout`` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def scrapy_crawl_command(db: str | Path, *, sites: list[str] = (), url: str | None = None,
                         fixture_url: str | None = None, settings: dict | None = None,
                         log_level: str = "INFO", full: bool = False) -> list[str]:
    """The ``scrapy crawl reports …`` command line for one crawl run into ``db``."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "reports",
           "-s", f"XXGK_DB={Path(db).resolve()}", "-s", f"LOG_LEVEL={log_level}"]
    if sites:
        cmd += ["-a", f"sites={','.join(sites)}"]
    if url:
        cmd += ["-a", f"url={url}"]
    if fixture_url:
        cmd += ["-a", f"fixture_url={fixture_url}"]
    if full:
        cmd += ["-a", "full=1"]
    for key, value in (settings or {}).items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


def run_crawl(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a crawl command from the project root, where scrapy.cfg is (tests and benchmarks;
    ``xxgk crawl`` uses ``run_child``)."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "xxgk.crawler.settings"}
    return subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, **kwargs)


def job_dir(db: str | Path, *, sites=(), url: str | None = None, full: bool = False) -> Path:
    """Where Scrapy keeps the frontier (JOBDIR) of a crawl of ``db`` with these arguments, so the
    same command after an interruption finds it again."""
    import hashlib

    key = hashlib.sha1(repr((sorted(sites), url, full)).encode()).hexdigest()[:12]
    db = Path(db).resolve()
    return db.parent / "jobs" / f"{db.stem}-{key}"


# --- the outcome of one crawl run, as ``xxgk crawl`` reports it ------------------------------

RUN_OUTCOMES = ("finished", "interrupted", "failed")


def read_run_status(path: str | Path) -> dict | None:
    """What the crawl's pipeline wrote to ``XXGK_RUN_STATUS_FILE``: ``{"run_id": int | None,
    "status": "finished" | "interrupted" | "failed", "reason": str}``; None if it wrote nothing
    (the child died before it opened the archive). "running" (a run the child opened and never
    closed: it was killed) reads as "interrupted" with no reason."""
    import json

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    if not text.strip():
        return None
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("status") not in (*RUN_OUTCOMES, "running") or not (
            data.get("run_id") is None or isinstance(data["run_id"], int)):
        return {"run_id": None, "status": "failed",
                "reason": f"the crawl wrote an unreadable status file: {text[:100]!r}"}
    reason = " ".join(str(data.get("reason") or "").split())
    if data["status"] == "running":  # the run was opened, and never closed: the child was killed
        return {"run_id": data.get("run_id"), "status": "interrupted", "reason": ""}
    return {"run_id": data.get("run_id"), "status": data["status"], "reason": reason}


def crawl_outcome(status_file, db_path, child: ChildResult, before: int) -> dict | None:
    """This run's outcome: the status file, or else (a child killed before it wrote one, or a
    pipeline that writes none) the run the child recorded with its pid after run ``before``;
    None if it recorded no run."""
    outcome = read_run_status(status_file)
    if outcome is not None:
        return outcome
    try:
        with _reading(db_path) as db:
            run = next(db.query(
                "SELECT * FROM crawl_runs WHERE id > ? AND json_extract(args, '$.pid') = ? "
                "ORDER BY id DESC LIMIT 1", [before, child.pid]), None)
    except Exception:  # noqa: BLE001 - an unreadable archive: no run to report
        return None
    if run is None:
        return None
    if run["status"] == "running":
        return {"run_id": run["id"], "status": "interrupted",
                "reason": f"the crawl process {child.how()} before it closed run {run['id']}"}
    status = run["status"] if run["status"] in ("finished", "failed") else "interrupted"
    return {"run_id": run["id"], "status": status, "reason": run.get("finish_reason") or ""}


def last_run_id(db_path) -> int:
    """The newest crawl run in the archive (0 for a new one)."""
    try:
        with _reading(db_path) as db:
            return db.execute("SELECT max(id) FROM crawl_runs").fetchone()[0] or 0
    except Exception:  # noqa: BLE001 - a new or empty archive
        return 0


def start_page_error(db_path, run_id: int, url: str) -> str | None:
    """Why run ``run_id`` could not fetch its start page ``url`` (the error it recorded for that
    URL in ``crawl_errors``: connection refused, DNS failure, timeout, an HTTP error, robots.txt),
    or None when it recorded none."""
    with _reading(db_path) as db:
        row = db.execute("SELECT kind, status, reason FROM crawl_errors WHERE crawl_run_id = ? "
                         "AND url = ? ORDER BY id LIMIT 1", [run_id, url]).fetchone()
    if row is None:
        return None
    kind, status, reason = row
    reason = " ".join(str(reason or "").split())
    return f"{reason} ({kind})" if reason else f"{kind} {status or ''}".strip()


def run_summary(db_path, run_id: int) -> tuple[dict | None, list[dict]]:
    """Crawl run ``run_id`` and its errors counted by kind (``ArchiveError`` if unreadable)."""
    with _reading(db_path) as db:
        run = next(db.query("SELECT * FROM crawl_runs WHERE id = ?", [run_id]), None)
        errors = list(db.query("SELECT kind, count(*) n FROM crawl_errors WHERE crawl_run_id = ? "
                               "GROUP BY kind ORDER BY kind", [run_id]))
    return run, errors


@contextlib.contextmanager
def _reading(db_path):
    from xxgk.archive.opening import open_archive

    db = open_archive(db_path, write=False)
    try:
        yield db
    finally:
        db.close()
