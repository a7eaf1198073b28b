"""The wheel stands alone: built from the checkout, installed into a new virtual environment and
run from a directory outside the checkout, ``xxgk`` crawls a fixture column by URL, serves the
archive (metadata, stories, dashboard, search), exports it and runs the demo.

The new venv gets the wheel only (``--no-deps``); the third-party libraries come from the test
venv's site-packages through a ``.pth`` line, which adds that folder to ``sys.path`` without
running its ``.pth`` files, so the editable install of the checkout is *not* visible: every
``xxgk`` module and data file is the wheel's own (checked through ``xxgk.__file__``).
"""
from __future__ import annotations

import hashlib
import json
import shutil
import site
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

from xxgk.cli.processes import stop
from support import free_port
from xxgk import registry
from xxgk.fixtureweb import catalog

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from the files git would commit, copied out: a ``build/`` folder left in the
    checkout by an earlier build would otherwise ship modules that no longer exist."""
    out, src = tmp_path_factory.mktemp("wheel"), tmp_path_factory.mktemp("src")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name, follow_symlinks=False)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(out), str(src)], check=True, capture_output=True)
    (path,) = out.glob("xxgk_archive-*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A new venv holding the wheel; returns its ``bin`` folder."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    Path(purelib, "test-deps.pth").write_text("\n".join(deps) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps",
                    "-q", str(wheel)], check=True, capture_output=True)
    return venv / "bin"


def test_wheel_holds_only_the_package_and_its_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.startswith("xxgk_archive-")}
    assert tops == {"xxgk"}, tops  # one top-level name: nothing shadows another distribution
    for needed in ("xxgk/serve/metadata.yml", "xxgk/serve/templates/xxgk_search.html",
                   "xxgk/archive/jieba_dict.txt", "xxgk/registry/sites/fixture/fuxin-swj.yml",
                   "xxgk/fixtureweb/sites/fuxin-swj/index.html"):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "bench/")) for n in names)
    stale = [n for n in names if n.endswith(".py") and not (ROOT / n).is_file()]
    assert not stale, stale  # every module shipped is one the checkout has


def run(bin_dir: Path, cwd: Path, *args, timeout=600) -> subprocess.CompletedProcess:
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run([str(bin_dir / "xxgk"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def test_installed_xxgk_crawls_serves_and_exports_outside_the_checkout(installed, tmp_path,
                                                                       fixture_web):
    origin = subprocess.run([str(installed / "python"), "-c", "import xxgk; print(xxgk.__file__)"],
                            cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert str(installed.parent) in origin and str(ROOT) not in origin, origin

    column = fixture_web + catalog.fixture_columns()["fuxin-swj"][0]
    db = tmp_path / "reports.db"
    crawled = run(installed, tmp_path, "crawl", "--url", column, "--db", str(db))
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        titles = [r[0] for r in conn.execute("SELECT title FROM reports WHERE is_report")]
    assert any("政府信息公开" in t for t in titles), titles

    port = free_port()
    env = {"PATH": f"{installed}:/usr/bin:/bin", "HOME": str(tmp_path)}
    server = subprocess.Popen([str(installed / "xxgk"), "serve", "--db", str(db), "--port", str(port)],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                if get(base + "/-/metadata.json")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        status, meta = get(base + "/-/metadata.json")
        assert status == 200 and "missing_reports" in meta  # our metadata, stories included
        status, story = get(base + "/reports/missing_reports.json?_shape=array")
        assert status == 200, story[:500]
        status, board = get(base + "/-/dashboards/xxgk")
        assert status == 200 and "年度报告一览" in board
        status, found = get(base + "/-/search?q=" + urllib.parse.quote("政府信息公开"))
        assert status == 200 and any(t in found for t in titles)
        # the reading room, from the wheel's own templates and plugins (issue 11)
        with sqlite3.connect(db) as conn:
            report_id, title, version_id, sha = conn.execute(
                "SELECT r.id, r.title, v.id, v.sha256 FROM reports r JOIN report_versions v "
                "ON v.report_id = r.id WHERE r.is_report ORDER BY r.id LIMIT 1").fetchone()
        status, home = get(base + "/")
        assert status == 200 and "xxgk-list" in home and title in home
        status, page = get(f"{base}/reports/-/report/{report_id}")
        assert status == 200 and f"<h1>{title}</h1>" in page, page[:500]
        assert f"/reports/-/page/{version_id}" in page
        with urllib.request.urlopen(f"{base}/reports/-/page/{version_id}", timeout=30) as answer:
            assert hashlib.sha256(answer.read()).hexdigest() == sha
        status, feed = get(base + "/reports/reports.atom?_search=" + urllib.parse.quote("政府信息公开"))
        assert status == 200 and "<author>" in feed and 'rel="alternate"' in feed
        with urllib.request.urlopen(base + "/reports/reports.csv?_bom=1", timeout=30) as answer:
            assert answer.read(3) == b"\xef\xbb\xbf"
        # agencies, indicators, peers and the audit, rebuilt by the crawl (issue 12)
        with sqlite3.connect(db) as conn:
            agency_id, name = conn.execute("SELECT id, name FROM agencies WHERE id IN"
                                           " (SELECT agency_id FROM report_agencies)").fetchone()
            assert conn.execute("SELECT count(*) FROM report_audit").fetchone()[0] > 0
        status, brief = get(f"{base}/reports/-/agency/{agency_id}")
        assert status == 200 and name in brief and "Reports by year" in brief, brief[:500]
        status, index = get(base + "/reports/-/agencies")
        assert status == 200 and f"/reports/-/agency/{agency_id}" in index
        for story in ("peer_ranking", "indicator_anomalies"):
            status, answer = get(f"{base}/reports/{story}.json?_shape=array")
            assert status == 200, (story, answer[:500])
    finally:
        stop(server)

    out = tmp_path / "dataset"
    exported = run(installed, tmp_path, "export", "--db", str(db), "--out", str(out))
    assert exported.returncode == 0, exported.stderr[-2000:]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for name in ("reports", "agencies", "report_indicators", "indicator_peers", "report_audit"):
        resource = next(r for r in package["resources"] if r["name"] == name)
        assert all(not f["description"].endswith("(no description in metadata.yml)")
                   for f in resource["schema"]["fields"]), name

    # issue 14: the crawl's WARC into an empty archive, and the WARC out again as a WACZ
    warcs = sorted(str(p) for p in (tmp_path / "warc").glob("*.warc.gz"))
    assert warcs
    imported = run(installed, tmp_path, "import-warc", *warcs, "--db", str(tmp_path / "in.db"))
    assert imported.returncode == 0, imported.stderr[-3000:]
    report_sql = "SELECT url, title, published, agency, report_year FROM reports ORDER BY url"
    with sqlite3.connect(db) as a, sqlite3.connect(tmp_path / "in.db") as b:
        assert a.execute(report_sql).fetchall() == b.execute(report_sql).fetchall()
    wacz = run(installed, tmp_path, "export", "--format", "wacz", "--db", str(db), "--out",
               str(tmp_path / "archive.wacz"))
    assert wacz.returncode == 0, wacz.stderr[-2000:]
    with zipfile.ZipFile(tmp_path / "archive.wacz") as package:
        assert {"datapackage.json", "pages/pages.jsonl"} <= set(package.namelist())

    demo = run(installed, tmp_path, "demo", "--db", str(tmp_path / "demo.db"), "--no-serve",
               "--fixture-port", "0")
    assert demo.returncode == 0, demo.stderr[-3000:]
    with sqlite3.connect(tmp_path / "demo.db") as conn:
        sites = {r[0] for r in conn.execute("SELECT DISTINCT site_id FROM reports")}
    assert sites == {s.slug for s in registry.load_sites() if s.fixture}
