"""The project deploys to a real Scrapyd and its scheduled crawls store reports (docs/scheduling.md).

A temporary copy of the project is packed into an egg with scrapyd-client's ``scrapyd-deploy``
(the standard tool), uploaded to a Scrapyd started on 127.0.0.1 in a temporary directory, and two
jobs are scheduled through ``/schedule.json`` against the fixture web: one column by URL, one
registry site by slug. The tests assert on the rows each job stored in its SQLite file (a crawl
that stores nothing still "finishes"), and that the code which ran was imported from the egg.
"""
import configparser
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from xxgk.cli.processes import stop
from support import free_port


PROJECT_ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("xxgk.crawler", "xxgk.extract", "xxgk.registry", "xxgk.archive")  # what the spider imports
PROJECT = "xxgk"
VERSION = "r1"
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "RANDOMIZE_DOWNLOAD_DELAY=False"]
SEE_DOCS = "see docs/scheduling.md, 'What the egg needs'"

# Scrapyd's own runner, plus a note of where the project's packages were imported from.
ORIGIN_RUNNER = '''
import atexit, json, sys
from pathlib import Path

def _record():
    job = next((a[5:] for a in sys.argv if a.startswith("_job=")), None)
    if job:
        origins = {n: getattr(sys.modules.get(n), "__file__", None) for n in %r}
        Path(f"origins-{job}.json").write_text(json.dumps(origins))

atexit.register(_record)
from scrapyd.runner import main
main()
''' % (PACKAGES,)


def api(base: str, endpoint: str, **params) -> dict:
    """GET (no params) or POST a Scrapyd JSON endpoint; list values become repeated fields."""
    fields = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    data = urllib.parse.urlencode(fields).encode() if fields else None
    with urllib.request.urlopen(f"{base}/{endpoint}", data=data, timeout=10) as resp:
        return json.load(resp)


def clean_env() -> dict:
    """No PYTHONPATH or SCRAPY_* from the caller: jobs must import the project from the egg."""
    return {k: v for k, v in os.environ.items()
            if k != "PYTHONPATH" and not k.startswith(("SCRAPY_", "SCRAPYD_"))}


def copy_project(dest: Path) -> Path:
    """The files an egg is built from, copied so the build's setup.py/build/ stay out of the repo."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    dest.mkdir()
    for name in ("pyproject.toml", "scrapy.cfg", "README.md"):
        shutil.copy2(PROJECT_ROOT / name, dest / name)
    shutil.copytree(PROJECT_ROOT / "xxgk", dest / "xxgk", ignore=ignore)
    return dest


def deploy(project_dir: Path, *args: str) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("scrapyd-deploy")
    cmd = ([str(script)] if script.exists()
           else [sys.executable, "-c", "from scrapyd_client.deploy import main; main()"])
    return subprocess.run(cmd + list(args), cwd=project_dir, env=clean_env(),
                          capture_output=True, text=True, timeout=60)


@contextmanager
def scrapyd_daemon(home: Path, max_proc: int = 1, extra: str = ""):
    """A Scrapyd on a free 127.0.0.1 port with its files in ``home`` (``extra``: more lines of
    its config); yields its base URL, stops it afterwards."""
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\n"
        f"poll_interval = 0.2\nmax_proc = {max_proc}\n{extra}")
    log = open(home / "scrapyd.out", "w")
    proc = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=home, env=clean_env(),
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if api(base, "daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Scrapyd did not start:\n{(home / 'scrapyd.out').read_text()[-3000:]}")
            time.sleep(0.1)
        yield base
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory):
    """A Scrapyd on a free 127.0.0.1 port, with eggs, logs and dbs in a temporary directory."""
    home = tmp_path_factory.mktemp("scrapyd")
    (home / "origin_runner.py").write_text(ORIGIN_RUNNER)
    with scrapyd_daemon(home, 2, "runner = origin_runner\n") as base:
        yield base, home


@pytest.fixture(scope="module")
def egg(tmp_path_factory, scrapyd):
    """The project egg as ``scrapyd-deploy --build-egg`` makes it, from a copy of the project
    whose scrapy.cfg has a ``[deploy:test]`` target pointing at the test Scrapyd."""
    base, _ = scrapyd
    work = tmp_path_factory.mktemp("deploy")
    project_dir = copy_project(work / "project")
    cfg = configparser.ConfigParser()
    cfg.read(project_dir / "scrapy.cfg")
    cfg["deploy:test"] = {"url": f"{base}/", "project": PROJECT}
    with open(project_dir / "scrapy.cfg", "w") as f:
        cfg.write(f)
    egg_path = work / "xxgk.egg"
    built = deploy(project_dir, "--build-egg", str(egg_path))
    assert built.returncode == 0 and egg_path.exists(), built.stderr[-3000:]
    return project_dir, egg_path


def test_egg_has_settings_entry_point_and_package_data(egg):
    _, egg_path = egg
    with zipfile.ZipFile(egg_path) as z:
        names = set(z.namelist())
        entry_points = z.read("EGG-INFO/entry_points.txt").decode()
    # Scrapyd finds the settings module through this entry point; without it no job starts.
    assert "[scrapy]" in entry_points and "settings = xxgk.crawler.settings" in entry_points, (
        f"the egg has no scrapy settings entry point ({SEE_DOCS}):\n{entry_points}")
    assert "xxgk/crawler/spiders/reports.py" in names
    assert "xxgk/archive/jieba_dict.txt" in names, f"jieba user dictionary missing ({SEE_DOCS})"
    assert "xxgk/serve/metadata.yml" in names, f"Datasette metadata missing ({SEE_DOCS})"
    site_files = {n for n in names if n.startswith("xxgk/registry/sites/") and n.endswith(".yml")}
    assert "xxgk/registry/sites/fixture/fuxin-swj.yml" in site_files, (
        f"registry YAML profiles missing from the egg ({SEE_DOCS})")
    assert len(site_files) == len(list((PROJECT_ROOT / "xxgk" / "registry" / "sites").rglob("*.yml")))


@pytest.fixture(scope="module")
def jobs(scrapyd, egg, fixture_web, tmp_path_factory):
    """Upload the egg with scrapyd-deploy, schedule two crawls, wait until both finish.

    Returns ``{name: (job id, archive.db path)}`` for ``by_url`` (``-a url=<column>``) and
    ``by_site`` (``-a sites=fuxin-swj -a fixture_url=<base>``: profiles read from the egg).
    """
    base, _ = scrapyd
    project_dir, egg_path = egg
    uploaded = deploy(project_dir, "test", "-p", PROJECT, "-v", VERSION, "--egg", str(egg_path))
    assert '"status": "ok"' in uploaded.stdout + uploaded.stderr, (
        f"upload failed:\n{uploaded.stdout}\n{uploaded.stderr[-3000:]}")
    assert api(base, f"listspiders.json?project={PROJECT}")["spiders"] == ["reports"]

    dbs = tmp_path_factory.mktemp("archives")
    requests = {
        "by_url": {"url": f"{fixture_web}/fuxin-swj/zwgk/gknb/index.html"},
        "by_site": {"sites": "fuxin-swj", "fixture_url": fixture_web},
    }
    scheduled = {}
    for name, spider_args in requests.items():
        db = dbs / f"{name}.db"
        answer = api(base, "schedule.json", project=PROJECT, spider="reports",
                     setting=[f"XXGK_DB={db}", *FAST], **spider_args)
        assert answer["status"] == "ok", answer
        scheduled[name] = (answer["jobid"], db)

    deadline = time.monotonic() + 50
    wanted = {job for job, _ in scheduled.values()}
    while time.monotonic() < deadline:
        finished = {j["id"] for j in api(base, f"listjobs.json?project={PROJECT}")["finished"]}
        if wanted <= finished:
            return scheduled
        time.sleep(0.2)
    pytest.fail(f"jobs not finished after 50 s: {api(base, f'listjobs.json?project={PROJECT}')}")


def job_log(scrapyd, job: str) -> str:
    _, home = scrapyd
    path = home / "logs" / PROJECT / "reports" / f"{job}.log"
    return path.read_text(errors="replace") if path.exists() else "(no log)"


@pytest.mark.parametrize("name", ["by_url", "by_site"])
def test_scheduled_crawl_stores_reports(scrapyd, jobs, name):
    job, db = jobs[name]
    failure = f"job {name} stored no reports; its log ends:\n{job_log(scrapyd, job)[-4000:]}"
    assert db.exists(), failure
    with sqlite3.connect(db) as conn:
        reports = conn.execute("select title, is_report, report_year from reports").fetchall()
        runs = conn.execute("select status, reports, sites from crawl_runs").fetchall()
    assert reports, failure
    assert all(title and title.strip() for title, _, _ in reports)
    assert any(is_report and year for _, is_report, year in reports), reports
    assert len(runs) == 1 and runs[0][0] == "finished" and runs[0][1] == len(reports), runs
    if name == "by_site":
        assert json.loads(runs[0][2]) == ["fuxin-swj"]


def test_jobs_ran_the_project_code_from_the_egg(scrapyd, jobs):
    _, home = scrapyd
    egg_dir = home / "eggs" / PROJECT
    for name, (job, _) in jobs.items():
        origins = json.loads((home / f"origins-{job}.json").read_text())
        for package, origin in origins.items():
            assert origin and Path(origin).is_relative_to(egg_dir), (name, package, origin)
