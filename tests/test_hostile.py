"""A hostile loopback site (tests/hostile/server.py), crawled for real with ``xxgk crawl --url``:
the crawler stays on the site, history never lies, nothing is lost without a record, no file or
listing can hang it, and robots.txt is read by the standard. Every test asserts on what was
stored in the archive and on what the servers were asked."""
import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from archive.processes import PROJECT_ROOT, stop

XXGK = [sys.executable, "-m", "archive"]


@pytest.fixture(scope="module")
def hostile():
    proc = subprocess.Popen([sys.executable, "-m", "tests.hostile.server"], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, text=True)
    roles = {}
    for line in proc.stdout:
        if line.strip() == "READY":
            break
        parts = line.split()
        if len(parts) == 2:
            roles[parts[0]] = parts[1]
    yield roles
    stop(proc)


def log(roles, role=None):
    with urllib.request.urlopen(roles["main"] + "/__log", timeout=10) as response:
        entries = json.load(response)
    return [e for e in entries if role is None or e["role"] == role]


def crawl(url, db, timeout=240):
    started = time.monotonic()
    out = subprocess.run([*XXGK, "crawl", "--url", url, "--db", str(db), "--log-level", "ERROR"],
                         capture_output=True, text=True, timeout=timeout, cwd=PROJECT_ROOT)
    return out, time.monotonic() - started


def rows(db, sql, params=()):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_scope_no_foreign_or_private_request_and_nothing_foreign_stored(hostile, tmp_path):
    db = tmp_path / "a.db"
    out, took = crawl(hostile["main"] + "/scope/list.html", db)
    assert out.returncode == 0, out.stderr
    assert log(hostile, "foreign") == []  # the off-site host was never asked anything
    assert took < 60  # no 3 x timeout against 10.0.0.1 / 169.254.169.254 / 192.168.1.1
    titles = [t for (t,) in rows(db, "select url from reports")]
    assert sorted(u.rsplit("/", 1)[-1] for u in titles) == ["good1.html", "good2.html"]
    errors = dict(rows(db, "select url, reason from crawl_errors where kind = 'offsite'"))
    for target in ("http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/",
                   "http://192.168.1.1/"):
        assert target in errors and "redirected from" in errors[target]
    assert any("stolen-report" in u for u in errors) and any("meta-target" in u for u in errors)
    assert any("stolen-attachment" in u for u in errors)
    assert rows(db, "select status from attachments where url like '%年报全文.pdf'") == [("failed",)]
    assert log(hostile, "trap") == []  # the ftp:// link was never connected to


def test_unicode_urls_are_never_falsely_removed_and_attachments_link(hostile, tmp_path):
    db = tmp_path / "a.db"
    for _ in range(2):
        out, _took = crawl(hostile["main"] + "/identity/list.html", db)
        assert out.returncode == 0, out.stderr
    assert rows(db, "select count(*) from reports where removed_at is not null") == [(0,)]
    assert rows(db, "select count(*) from report_events where kind = 'removed'") == [(0,)]
    assert len(rows(db, "select id from reports")) == 3
    assert rows(db, "select url, status from attachments") == [
        (hostile["main"] + "/identity/附件/2019年 报告.pdf", "downloaded")]
    pdf_hits = [e for e in log(hostile, "main") if e["upath"].endswith("2019年 报告.pdf")]
    assert len(pdf_hits) == 1  # not downloaded again by the second crawl
    assert rows(db, "select count(*) from reports where attachment_text is not null") == [(1,)]


def test_one_page_under_many_session_ids_is_one_report(hostile, tmp_path):
    db = tmp_path / "a.db"
    out, _took = crawl(hostile["main"] + "/identity/session/list.html", db)
    assert out.returncode == 0, out.stderr
    urls = [u for (u,) in rows(db, "select url from reports")]
    assert len(urls) == 2 and {u.split("?")[0].split(";")[0].rsplit("/", 1)[-1] for u in urls} \
        == {"art.html", "jart.html"}
    fetched = [e for e in log(hostile, "main") if "/identity/session/" in e["upath"]
               and "art.html" in e["upath"]]
    assert len(fetched) <= 4  # not 1,300 fetches of two pages


def test_nothing_lost_without_a_record(hostile, tmp_path):
    db = tmp_path / "a.db"
    out, _took = crawl(hostile["main"] + "/lost/list.html", db)
    assert out.returncode == 0, out.stderr
    kinds = rows(db, "select kind, url from crawl_errors order by id")
    assert kinds.count(("bad_link", "http://[::1/x.html")) == 1  # one malformed link, one error
    assert any(k == "bad_link" and "fe80" in u for k, u in kinds)  # the attachment link
    assert any(k == "redirect" and "loop-a" in u for k, u in kinds)
    assert any(k == "http" and "not-modified" in u for k, u in kinds)
    stored = {u.rsplit("/", 1)[-1]: body for u, body in rows(db, "select url, body from reports")}
    assert {"good1.html", "good2.html", "good3.html", "bad-attach.html"} <= set(stored)
    assert stored["deep.html"].endswith("本年度未收取信息处理费。") and "深层嵌套标记词" in stored["deep.html"]
    assert "本节点之后的结尾标记词" in stored["big.html"]


def test_the_paging_cap_is_recorded(hostile, tmp_path):
    db = tmp_path / "a.db"
    out, _took = crawl(hostile["main"] + "/pager/list_1.html", db)
    assert out.returncode == 0, out.stderr
    limit = rows(db, "select url, reason from crawl_errors where kind = 'limit'")
    assert len(limit) == 1 and limit[0][0].endswith("list_501.html") and "500" in limit[0][1]


def _rss_kb(pids):
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += int(next((line.split()[1] for line in status.splitlines()
                           if line.startswith("VmRSS:")), 0))
    return total


def _tree(pid):
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            children = []
        todo += [int(c) for c in children]
    return found


def test_resource_bombs_end_quickly_under_a_gigabyte(hostile, tmp_path):
    db = tmp_path / "a.db"
    proc = subprocess.Popen([*XXGK, "crawl", "--url", hostile["main"] + "/bounded/list.html",
                             "--db", str(db), "--log-level", "ERROR"], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    started, peak = time.monotonic(), 0
    while proc.poll() is None and time.monotonic() - started < 120:
        peak = max(peak, _rss_kb(_tree(proc.pid)))
        time.sleep(0.1)
    assert proc.poll() is not None, "the crawl did not end within 2 minutes"
    assert peak < 1024 * 1024, f"peak RSS {peak} kB"
    files = dict(rows(db, "select a.url, f.text_status from attachments a join attachment_files f"
                          " on f.sha256 = a.sha256"))
    assert any(u.endswith(".docx") and s == "too_large" for u, s in files.items())
    assert any(u.endswith(".xlsx") and s == "ok" for u, s in files.items())
    assert rows(db, "select count(*) from reports")[0][0] >= 2


def test_six_thousand_bare_links_read_in_seconds(hostile, tmp_path):
    db = tmp_path / "a.db"
    out, took = crawl(hostile["main"] + "/bounded/links/list.html", db)
    assert out.returncode == 0 and took < 60
    assert rows(db, "select count(*) from reports")[0][0] == 3


def test_robots_5xx_stops_the_crawl_and_4xx_allows_it(hostile, tmp_path):
    out, _took = crawl(hostile["robots500"] + "/robots/list.html", tmp_path / "a.db")
    asked = {e["path"] for e in log(hostile) if e["host"].endswith(
        hostile["robots500"].rsplit(":", 1)[-1])}
    assert asked == {"/robots.txt"}
    assert rows(tmp_path / "a.db", "select count(*) from reports") == [(0,)]
    reasons = [r for (r,) in rows(tmp_path / "a.db",
                                  "select reason from crawl_errors where kind = 'robots'")]
    assert reasons and "HTTP 500" in reasons[0]
    out, _took = crawl(hostile["robots404"] + "/robots/list.html", tmp_path / "b.db")
    assert rows(tmp_path / "b.db", "select count(*) from reports")[0][0] >= 1


@pytest.mark.parametrize("url", ["", "ftp://127.0.0.1:1/x", "not a url", "http://[::1"])
def test_bad_urls_are_one_line_errors(url, tmp_path):
    out = subprocess.run([*XXGK, "crawl", "--url", url, "--db", str(tmp_path / "a.db")],
                         capture_output=True, text=True, timeout=60, cwd=PROJECT_ROOT,
                         env={**os.environ})
    assert out.returncode != 0 and "Traceback" not in out.stderr + out.stdout
    assert len(out.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "a.db").exists()
