"""Child processes the CLI and the tests run: the fixture web and a Scrapy crawl."""
import contextlib
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class FixtureWebError(RuntimeError):
    """The bundled fixture web could not be started."""


@contextlib.contextmanager
def running_fixture_web(port: int = 0, generated: int = 0):
    """Start the bundled fixture web on 127.0.0.1 and yield its base URL; stop it afterwards."""
    cmd = [sys.executable, "-m", "fixtureweb", "--port", str(port)]
    if generated:
        cmd += ["--generated", str(generated)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT)
    try:
        base = proc.stdout.readline().strip()
        if not base.startswith("http://127.0.0.1:"):
            raise FixtureWebError(
                f"the fixture web did not start (port {port} in use?): got {base!r}")
        yield base
    finally:
        stop(proc)


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
    """Run a crawl command from the project root, where scrapy.cfg is."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings"}
    return subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, **kwargs)


def job_dir(db: str | Path, *, sites=(), url: str | None = None, full: bool = False) -> Path:
    """Where Scrapy keeps the frontier (JOBDIR) of a crawl of ``db`` with these arguments, so the
    same command after an interruption finds it again."""
    import hashlib

    key = hashlib.sha1(repr((sorted(sites), url, full)).encode()).hexdigest()[:12]
    db = Path(db).resolve()
    return db.parent / "jobs" / f"{db.stem}-{key}"
