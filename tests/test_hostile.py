"""Black-box crawl tests against a hostile loopback web (tests/hostile/server.py).

Written from the crawl specification only, never from crawler/ or extract/: every test runs a
real ``xxgk crawl --url … --db <tmp>`` and asserts on the rows stored and on what the servers
were asked for. One server process (several listeners, one request log) serves the module; each
scenario group is crawled once (module-scoped fixtures) and several tests read its result.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVER_PY = Path(__file__).resolve().parent / "hostile" / "server.py"
_spec = importlib.util.spec_from_file_location("hostile_server", SERVER_PY)
hs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hs)

XXGK = Path(sys.executable).with_name("xxgk")
if not XXGK.exists():  # pragma: no cover - run outside the venv
    XXGK = ROOT / ".venv" / "bin" / "xxgk"
# HOSTILE_XXGK="python -m archive" (with PYTHONPATH) runs the tests against another checkout
XXGK_CMD = os.environ.get("HOSTILE_XXGK", "").split() or [str(XXGK)]
CRAWL_TIMEOUT = 300
GiB = 1024 ** 3


# ------------------------------------------------------------------ the hostile web
class Web:
    def __init__(self, proc: subprocess.Popen, bases: dict):
        self.proc = proc
        self.bases = bases

    def base(self, role: str = "main") -> str:
        return self.bases[role]

    @property
    def foreign_netloc(self) -> str:
        return urlsplit(self.bases["foreign"]).netloc

    def log(self, since: int = 0) -> list[dict]:
        with urllib.request.urlopen(f"{self.bases['main']}/__log?since={since}", timeout=30) as r:
            return json.loads(r.read().decode("utf-8"))

    def mark(self) -> int:
        return len(self.log())


@pytest.fixture(scope="module")
def web():
    proc = subprocess.Popen([sys.executable, str(SERVER_PY)], cwd=str(ROOT), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    bases: dict = {}
    deadline = time.time() + 180
    try:
        first = proc.stdout.readline().strip()
        assert first.startswith("http://"), f"hostile server did not start: {first!r}"
        while time.time() < deadline:
            line = proc.stdout.readline().strip()
            if not line:
                raise AssertionError("hostile server exited before READY")
            if line == "READY":
                break
            role, _, value = line.partition(" ")
            bases[role] = value
        assert bases.get("main") == first
        yield Web(proc, bases)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


# ------------------------------------------------------------------ running a crawl
@dataclass
class Run:
    rc: int
    output: str = field(repr=False)
    seconds: float
    db: Path
    log: list = field(default_factory=list, repr=False)  # requests the servers got during the run
    peak_rss: int = 0                              # bytes: max over samples of the tree's VmRSS sum
    peak_single_rss: int = 0                       # bytes: max VmRSS of one process of the tree
    timed_out: bool = False

    def q(self, sql: str, params=()) -> list[tuple]:
        return query(self.db, sql, params)


def query(db: Path, sql: str, params=()) -> list[tuple]:
    if not db.exists():
        return []
    con = sqlite3.connect(str(db), timeout=30)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode("latin-1")
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _tree(pid: int) -> list[int]:
    kids = _children_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def crawl(web: Web, url: str, workdir: Path, db: Path | None = None, args=(),
          sample_rss: bool = False, timeout: float = CRAWL_TIMEOUT) -> Run:
    workdir.mkdir(parents=True, exist_ok=True)
    db = db or workdir / "archive.db"
    mark = web.mark()
    cmd = [*XXGK_CMD, "crawl", "--url", url, "--db", str(db), *args]
    t0 = time.time()
    proc = subprocess.Popen(cmd, cwd=str(workdir), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    peaks = {"sum": 0, "single": 0}
    stop = threading.Event()

    def sampler():
        while not stop.is_set():
            values = [_rss(p) for p in _tree(proc.pid)]
            peaks["sum"] = max(peaks["sum"], sum(values))
            peaks["single"] = max(peaks["single"], max(values, default=0))
            stop.wait(0.1)

    thread = threading.Thread(target=sampler, daemon=True) if sample_rss else None
    if thread:
        thread.start()
    timed_out = False
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)  # only the crawl this test started, and its children
        out, _ = proc.communicate()
    seconds = time.time() - t0
    stop.set()
    if thread:
        thread.join(5)
    return Run(rc=proc.returncode, output=out.decode("utf-8", "replace"), seconds=seconds, db=db,
               log=web.log(mark), peak_rss=peaks["sum"], peak_single_rss=peaks["single"],
               timed_out=timed_out)


# ------------------------------------------------------------------ row helpers
def norm_path(url: str) -> str:
    """Decoded path of ``url`` without ;params (for matching a stored URL to a served page)."""
    return unquote(urlsplit(url).path).split(";", 1)[0]


def reports_at(run: Run, path: str) -> list[tuple]:
    """Report rows (id, url, title, removed_at, body) whose URL is the page at ``path``."""
    rows = run.q("SELECT id, url, title, removed_at, body FROM reports")
    return [r for r in rows if norm_path(r[1] or "") == path]


def errors(run: Run) -> list[tuple]:
    return run.q("SELECT url, kind, reason FROM crawl_errors")


def errors_mentioning(run: Run, *needles: str) -> list[tuple]:
    """crawl_errors rows whose url or reason holds any needle (compared decoded too)."""
    out = []
    for url, kind, reason in errors(run):
        hay = " ".join(str(x) for x in (url, reason) if x)
        hay = hay + " " + unquote(hay)
        if any(n in hay for n in needles):
            out.append((url, kind, reason))
    return out


def assert_recorded(rec: list[tuple], what: str):
    assert rec, what
    assert all(kind and reason for _url, kind, reason in rec), f"{what}: a row without kind/reason {rec}"


def hits(run: Run, role: str, path_prefix: str = "", statuses=None) -> list[dict]:
    return [e for e in run.log if e["role"] == role and e["upath"].startswith(path_prefix)
            and (statuses is None or e["status"] in statuses)]


def summary(run: Run) -> str:
    reps = run.q("SELECT url, removed_at FROM reports")
    return (f"rc={run.rc} {run.seconds:.1f}s reports={len(reps)} errors={errors(run)[:12]} "
            f"output tail={run.output[-600:]!r}")


def assert_crawled(run: Run):
    """The crawl itself worked (it finished, stored something): else every other check is moot."""
    assert not run.timed_out, f"crawl did not end within {CRAWL_TIMEOUT}s: {summary(run)}"
    assert run.q("SELECT count(*) FROM reports")[0][0] > 0, f"nothing stored: {summary(run)}"


# ================================================================== 1. scope
@pytest.fixture(scope="module")
def scope_run(web, tmp_path_factory):
    return crawl(web, web.base() + "/scope/list.html", tmp_path_factory.mktemp("scope"))


def _assert_no_foreign(run: Run, web: Web):
    got = hits(run, "foreign")
    assert not got, f"the foreign host was asked for {[e['upath'] for e in got]}"
    stored = [u for (u,) in run.q("SELECT url FROM reports") if web.foreign_netloc in (u or "")]
    assert not stored, f"reports stored from the foreign host: {stored}"


def test_scope_good_reports_stored(scope_run):
    """Sanity: the on-site reports of the scope column are stored."""
    assert_crawled(scope_run)
    for p in ("/scope/good1.html", "/scope/good2.html"):
        assert len(reports_at(scope_run, p)) == 1, f"{p} not stored: {summary(scope_run)}"


def test_scope_report_302_offsite(scope_run, web):
    assert_crawled(scope_run)
    _assert_no_foreign(scope_run, web)
    assert not hits(scope_run, "foreign", "/scope/stolen-report.html")
    rec = errors_mentioning(scope_run, "stolen-report.html", "/scope/jump.html")
    assert_recorded(rec, f"no crawl_errors row for the off-site 302 of /scope/jump.html: {summary(scope_run)}")


def test_scope_meta_refresh_offsite(scope_run, web):
    assert_crawled(scope_run)
    _assert_no_foreign(scope_run, web)
    rec = errors_mentioning(scope_run, "meta-target.html")
    assert_recorded(rec, f"no crawl_errors row for the off-site meta refresh: {summary(scope_run)}")
    assert not any(web.foreign_netloc in (u or "") for (u,) in scope_run.q(
        "SELECT url FROM reports")), "a report stored under the meta-refresh target"


def test_scope_attachment_redirect_offsite(scope_run, web):
    assert_crawled(scope_run)
    assert not hits(scope_run, "foreign"), "the foreign host was contacted"
    rows = scope_run.q("SELECT a.url, a.status, a.error FROM attachments a JOIN reports r "
                       "ON r.id = a.report_id")
    good2 = [r for r in rows if "年报全文" in unquote(r[0] or "") or "stolen" in (r[0] or "")]
    assert good2, f"the attachment of good2 is not recorded at all: {rows}"
    for url, status, error in good2:
        assert status != "downloaded", f"off-site attachment ended downloaded: {url}"
        assert status != "pending", f"off-site attachment left pending: {url}"
    rec = errors_mentioning(scope_run, "stolen-attachment.pdf", "年报全文.pdf")
    assert rec, (f"no crawl_errors row for the off-site attachment redirect: {errors(scope_run)} "
                 f"(attachment rows: {good2})")


def test_scope_listing_link_offsite(scope_run, web):
    assert_crawled(scope_run)
    _assert_no_foreign(scope_run, web)
    rec = errors_mentioning(scope_run, "offsite-report.html")
    assert_recorded(rec, f"the listing's off-site link is not recorded in crawl_errors: {errors(scope_run)}")


@pytest.mark.parametrize("ip,page", [("10.0.0.1", "/scope/to-10.html"),
                                     ("169.254.169.254", "/scope/to-metadata.html"),
                                     ("192.168.1.1", "/scope/to-192.html")])
def test_scope_redirect_to_private_address(scope_run, ip, page):
    assert_crawled(scope_run)
    rec = errors_mentioning(scope_run, ip)
    assert_recorded(rec, f"no crawl_errors row for the redirect to {ip}: {errors(scope_run)}")
    stored = [u for (u,) in scope_run.q("SELECT url FROM reports UNION ALL SELECT url FROM attachments")
              if ip in (u or "")]
    assert not stored, f"stored under {ip}: {stored}"
    assert not reports_at(scope_run, page), f"{page} (a redirect to {ip}) stored as a report"
    assert scope_run.seconds < 30, f"the crawl took {scope_run.seconds:.1f}s (waited on {ip}?)"


@pytest.mark.parametrize("scheme", ["ftp", "file", "javascript"])
def test_scope_non_http_links_not_fetched(scope_run, web, scheme):
    assert_crawled(scope_run)
    if scheme == "ftp":
        assert not hits(scope_run, "trap"), "the ftp:// link was fetched (the trap port was connected)"
    urls = [u or "" for (u,) in scope_run.q(
        "SELECT url FROM reports UNION ALL SELECT url FROM attachments")]
    assert not [u for u in urls if u.lower().startswith(scheme + ":")], f"{scheme}: URL stored"
    bodies = scope_run.q("SELECT count(*) FROM reports WHERE body LIKE '%root:x:0:0%'")[0][0]
    assert bodies == 0, "/etc/passwd ended up in a report body"


# ================================================================== 2. identity
@pytest.fixture(scope="module")
def identity_runs(web, tmp_path_factory):
    work = tmp_path_factory.mktemp("identity")
    db = work / "archive.db"
    first = crawl(web, web.base() + "/identity/list.html", work / "one", db=db)
    after_first = {
        "attachments": first.q("SELECT url, status, error FROM attachments"),
        "reports": first.q("SELECT id, url, removed_at FROM reports"),
    }
    second = crawl(web, web.base() + "/identity/list.html", work / "two", db=db)
    return first, after_first, second


IDENTITY_PAGES = {"chinese": "/identity/年报/2019年度报告.html", "space": "/identity/art 2.html"}
PDF_PATH = "/identity/附件/2019年 报告.pdf"


@pytest.mark.parametrize("case", ["chinese", "space"])
def test_identity_odd_url_not_removed(identity_runs, case):
    first, after_first, second = identity_runs
    assert_crawled(first)
    assert not second.timed_out
    path = IDENTITY_PAGES[case]
    rows = reports_at(second, path)
    assert len(rows) == 1, f"{path}: {len(rows)} report rows after two crawls: {summary(second)}"
    first_rows = [r for r in after_first["reports"] if norm_path(r[1] or "") == path]
    assert first_rows and first_rows[0][2] is None, \
        f"{path} marked removed in the crawl that stored it: {first_rows}"
    report_id, _url, _t, removed_at, _b = rows[0]
    assert removed_at is None, f"{path} marked removed after the second crawl: {removed_at}"
    removed = second.q("SELECT kind, reason FROM report_events WHERE report_id = ? AND kind = 'removed'",
                       [report_id])
    assert not removed, f"{path} has 'removed' events: {removed}"
    total = second.q("SELECT count(*) FROM reports")[0][0]
    assert total == 3, f"expected 3 reports of the identity column, found {total}"


def test_identity_attachment_downloaded_once(identity_runs):
    first, after_first, second = identity_runs
    assert_crawled(first)
    atts = [a for a in after_first["attachments"] if "2019年 报告.pdf" in unquote(a[0] or "")
            or "2019年+报告.pdf" in unquote(a[0] or "")]
    assert len(atts) == 1, f"the attachment row of {PDF_PATH}: {after_first['attachments']}"
    assert atts[0][1] == "downloaded", f"after one crawl the attachment is {atts[0][1]}: {atts[0]}"
    served = hits(first, "main", PDF_PATH, {200}) + hits(second, "main", PDF_PATH, {200})
    assert len(served) == 1, (f"the PDF was downloaded {len(served)} times over two crawls "
                              f"(first: {len(hits(first, 'main', PDF_PATH))} requests, second: "
                              f"{len(hits(second, 'main', PDF_PATH))})")
    atts2 = [a for a in second.q("SELECT url, status FROM attachments")
             if "报告.pdf" in unquote(a[0] or "")]
    assert len(atts2) == 1 and atts2[0][1] == "downloaded", f"after the second crawl: {atts2}"


def test_identity_attachment_text_searchable(identity_runs):
    first, _after, second = identity_runs
    assert_crawled(first)
    in_files = second.q("SELECT count(*) FROM attachment_files WHERE text LIKE ?",
                        [f"%{hs.PDF_WORD}%"])[0][0]
    in_reports = second.q("SELECT count(*) FROM reports WHERE attachment_text LIKE ?",
                          [f"%{hs.PDF_WORD}%"])[0][0]
    assert in_files or in_reports, (
        f"{hs.PDF_WORD!r} (text of the PDF) is in neither attachment_files.text nor "
        f"reports.attachment_text: {second.q('SELECT sha256, text_status, text_reason FROM attachment_files')}")


@pytest.fixture(scope="module")
def session_run(web, tmp_path_factory):
    return crawl(web, web.base() + "/identity/session/list.html", tmp_path_factory.mktemp("session"))


@pytest.mark.parametrize("path,kind", [("/identity/session/art.html", "?sessionid="),
                                       ("/identity/session/jart.html", ";jsessionid=")])
def test_identity_session_ids_one_report(session_run, path, kind):
    assert_crawled(session_run)
    rows = reports_at(session_run, path)
    assert len(rows) == 1, (f"{path} under {hs.SESSION_LINKS if kind[0] == '?' else hs.JSESSION_LINKS}"
                            f" {kind}<random> URLs: {len(rows)} report rows")
    assert session_run.q("SELECT count(*) FROM reports")[0][0] == 2


@pytest.fixture(scope="module")
def variants_run(web, tmp_path_factory):
    return crawl(web, web.base("port80") + "/identity/variants/list.html",
                 tmp_path_factory.mktemp("variants"))


@pytest.mark.parametrize("case,path", [("fragment", "/identity/variants/a.html"),
                                       ("default-port", "/identity/variants/b.html"),
                                       ("percent-case", "/identity/variants/年报.html")])
def test_identity_url_variants_one_report(variants_run, web, case, path):
    if case == "default-port":
        assert urlsplit(web.base("port80")).port is None, \
            "test set-up: could not bind a loopback address on port 80"
    assert_crawled(variants_run)
    rows = reports_at(variants_run, path)
    assert len(rows) == 1, f"{case}: {len(rows)} report rows for {path}: {[r[1] for r in rows]}"


# ================================================================== 3. nothing lost
@pytest.fixture(scope="module")
def lost_run(web, tmp_path_factory):
    return crawl(web, web.base() + "/lost/list.html", tmp_path_factory.mktemp("lost"))


def test_lost_malformed_listing_link(lost_run):
    assert_crawled(lost_run)
    for p in ("/lost/good1.html", "/lost/good2.html", "/lost/good3.html", "/lost/bad-attach.html"):
        assert len(reports_at(lost_run, p)) == 1, f"{p} not stored: {summary(lost_run)}"
    rec = errors_mentioning(lost_run, "[::1")
    assert len(rec) == 1, f"expected one crawl_errors row for http://[::1/x.html, got {rec}"


def test_lost_malformed_attachment_link_keeps_report(lost_run):
    assert_crawled(lost_run)
    rows = reports_at(lost_run, "/lost/bad-attach.html")
    assert len(rows) == 1, f"the report with a malformed attachment link was lost: {summary(lost_run)}"
    assert "一、总体情况" in (rows[0][4] or ""), "its body was not kept"


def test_lost_redirect_loop_recorded(lost_run):
    assert_crawled(lost_run)
    assert hits(lost_run, "main", "/lost/loop-"), "the loop page was never requested"
    rec = errors_mentioning(lost_run, "/lost/loop-a.html", "/lost/loop-b.html")
    assert rec, f"the redirect loop A→B→A is not in crawl_errors: {errors(lost_run)}"


def test_lost_304_to_unconditional_request_recorded(lost_run):
    assert_crawled(lost_run)
    got = hits(lost_run, "main", "/lost/not-modified.html")
    assert got, "the 304 page was never requested"
    assert not got[0]["conditional"], "test set-up: the first request was already conditional"
    rec = errors_mentioning(lost_run, "/lost/not-modified.html")
    assert rec, f"a 304 to an unconditional request is not recorded: {errors(lost_run)}"


def test_lost_deep_nesting_keeps_last_sentence(lost_run):
    assert_crawled(lost_run)
    rows = reports_at(lost_run, "/lost/deep.html")
    assert len(rows) == 1, f"the deeply nested page was not stored: {errors_mentioning(lost_run, 'deep')}"
    assert hs.DEEP_MARKER in (rows[0][4] or ""), \
        f"the last sentence after {hs.DEEP_FONTS} unclosed <font> is not in reports.body " \
        f"(body ends {(rows[0][4] or '')[-200:]!r})"


def test_lost_big_text_node_keeps_text_after(lost_run):
    """The spec's 12 MB node would exceed the 10 MB page limit: the page is ~9 MB in all."""
    assert_crawled(lost_run)
    rows = reports_at(lost_run, "/lost/big.html")
    assert len(rows) == 1, f"the ~9 MB page was not stored: {errors_mentioning(lost_run, 'big.html')}"
    assert hs.BIG_MARKER in (rows[0][4] or ""), \
        f"text after the ~9 MB text node is not in reports.body (body ends {(rows[0][4] or '')[-200:]!r})"


@pytest.fixture(scope="module")
def pager_run(web, tmp_path_factory):
    return crawl(web, web.base() + "/pager/list_1.html", tmp_path_factory.mktemp("pager"))


def test_lost_listing_page_cap_recorded(pager_run):
    assert_crawled(pager_run)
    pages = {e["upath"] for e in hits(pager_run, "main", "/pager/list_")}
    assert len(pages) <= 502, f"{len(pages)} of {hs.PAGER_PAGES} listing pages fetched: no cap of 500"
    cap = re.compile(r"cap|limit|max|500|too many|上限", re.I)
    rec = [e for e in errors(pager_run) if cap.search(f"{e[1]} {e[2]}")
           and "/pager/" in unquote(e[0] or "") + (e[2] or "")]
    runs = pager_run.q("SELECT finish_reason, stats FROM crawl_runs")
    in_run = [r for r in runs if cap.search(str(r[0] or "")) and "page" in str(r[0] or "").lower()]
    assert rec or in_run, (f"the listing-page cap ({len(pages)} pages walked of {hs.PAGER_PAGES}) "
                           f"is not recorded: errors={errors(pager_run)[:5]} runs={[r[0] for r in runs]}")


# ================================================================== 4. bounded work
@pytest.fixture(scope="module")
def bounded_run(web, tmp_path_factory):
    return crawl(web, web.base() + "/bounded/list.html", tmp_path_factory.mktemp("bounded"),
                 sample_rss=True, timeout=240)


def _assert_bounded(run: Run):
    assert run.peak_rss > 0, "test set-up: the RSS sampler saw no process"
    assert not run.timed_out and run.seconds < 120, f"the crawl took {run.seconds:.0f}s (> 2 min)"
    assert run.peak_rss < GiB, (f"the crawl's processes reached {run.peak_rss / 2**20:.0f} MiB "
                                f"(largest one {run.peak_single_rss / 2**20:.0f} MiB)")
    for p in ("/bounded/good1.html", "/bounded/good2.html"):
        assert len(reports_at(run, p)) == 1, f"{p} not stored: {summary(run)}"


@pytest.mark.parametrize("case,page,name", [
    ("xlsx-dimension", "/bounded/xlsx-report.html", "统计表.xlsx"),
    ("docx-150MB-xml", "/bounded/docx-report.html", "报告全文.docx")])
def test_bounded_attachment_bomb(bounded_run, case, page, name):
    run = bounded_run
    _assert_bounded(run)
    rows = reports_at(run, page)
    assert len(rows) == 1, f"the report carrying the {case} attachment was not stored"
    atts = [a for a in run.q("SELECT url, status, error, sha256 FROM attachments WHERE report_id = ?",
                             [rows[0][0]]) if name in unquote(a[0] or "")]
    assert len(atts) == 1, f"the {name} attachment row: {atts}"
    url, status, error, sha = atts[0]
    assert status in ("downloaded", "failed", "too_large"), f"{name} ended {status!r}"
    if status == "downloaded":
        f = run.q("SELECT text_status, text_reason FROM attachment_files WHERE sha256 = ?", [sha])
        assert f and f[0][0], f"{name} downloaded but its text extraction has no recorded status: {f}"
    else:
        assert error, f"{name} ended {status} with no reason"


@pytest.fixture(scope="module")
def links_run(web, tmp_path_factory):
    return crawl(web, web.base() + "/bounded/links/list.html", tmp_path_factory.mktemp("links"),
                 timeout=240)


def test_bounded_6000_bare_links(links_run):
    run = links_run
    assert_crawled(run)
    bare = len(hits(run, "main", "/bounded/links/n"))
    assert run.seconds < 60, f"the crawl of a listing of {hs.BARE_LINKS} bare links took " \
                             f"{run.seconds:.0f}s ({bare} bare links fetched)"
    for i in range(1, 4):
        assert len(reports_at(run, f"/bounded/links/r{i}.html")) == 1, f"r{i} not stored: {summary(run)}"


# ================================================================== 5. robots.txt
@pytest.fixture(scope="module")
def robots500_run(web, tmp_path_factory):
    return crawl(web, web.base("robots500") + "/robots/list.html", tmp_path_factory.mktemp("r500"))


@pytest.fixture(scope="module")
def robots404_run(web, tmp_path_factory):
    return crawl(web, web.base("robots404") + "/robots/list.html", tmp_path_factory.mktemp("r404"))


def test_robots_500_fetches_nothing_else(robots500_run):
    run = robots500_run
    assert not run.timed_out
    got = hits(run, "robots500")
    assert got, "robots.txt was never requested"
    other = [e["upath"] for e in got if e["upath"] != "/robots.txt"]
    assert not other, f"fetched despite robots.txt answering 500: {other}"
    assert run.q("SELECT count(*) FROM reports")[0][0] == 0
    rec = [e for e in errors(run) if "robots" in f"{e[1]} {e[2]}".lower()]
    assert rec, f"no crawl_errors row mentions robots: {errors(run)}"


def test_robots_404_allows_crawl(robots404_run):
    run = robots404_run
    assert not run.timed_out
    for i in range(1, 4):
        assert len(reports_at(run, f"/robots/r{i}.html")) == 1, \
            f"robots.txt 404 should allow the crawl: {summary(run)}"


# ================================================================== 6. operations (CLI)
def _cli(web: Web, tmp_path: Path, url: str, timeout: float = 60) -> tuple[int, str, float, list]:
    mark = web.mark()
    t0 = time.time()
    proc = subprocess.Popen([*XXGK_CMD, "crawl", "--url", url, "--db", str(tmp_path / "a.db")],
                            cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        raise AssertionError(f"xxgk crawl --url {url!r} still running after {timeout}s "
                             f"(output: {out.decode('utf-8', 'replace')[-400:]!r})")
    return proc.returncode, out.decode("utf-8", "replace"), time.time() - t0, web.log(mark)


def _error_lines(out: str) -> list[str]:
    """Non-empty output lines, without click's usage framing (Usage: …, Try '… --help')."""
    return [ln for ln in out.splitlines() if ln.strip()
            and not ln.startswith("Usage:") and not ln.startswith("Try '")]


def test_cli_empty_url(web, tmp_path):
    rc, out, _secs, log = _cli(web, tmp_path, "")
    assert rc != 0, f"--url '' exited 0: {out[-400:]!r}"
    assert "Traceback" not in out
    lines = _error_lines(out)
    assert len(lines) == 1, f"expected a one-line error, got {lines[:10]}"
    assert not log, f"requests made: {log}"


def test_cli_ftp_url(web, tmp_path):
    trap = web.bases["trap_port"]
    rc, out, secs, log = _cli(web, tmp_path, f"ftp://127.0.0.1:{trap}/x", timeout=30)
    assert rc != 0, f"--url ftp://… exited 0: {out[-400:]!r}"
    assert secs < 15, f"took {secs:.1f}s"
    assert "Traceback" not in out
    assert not [e for e in log if e["role"] == "trap"], "the ftp:// URL was connected to"


def test_cli_not_a_url(web, tmp_path):
    rc, out, _secs, log = _cli(web, tmp_path, "not a url")
    assert rc != 0, f"--url 'not a url' exited 0: {out[-400:]!r}"
    assert "Traceback" not in out, out[-1500:]
    assert _error_lines(out), "no error message"
    assert not log, f"requests made: {log}"


def test_cli_malformed_url(web, tmp_path):
    """Not in the issue's list, but the same rule: a malformed --url is an error, not a crash."""
    rc, out, _secs, log = _cli(web, tmp_path, "http://[::1")
    assert rc != 0, f"--url 'http://[::1' exited 0: {out[-400:]!r}"
    assert "Traceback" not in out, out[-1500:]
    assert len(_error_lines(out)) == 1, f"expected a one-line error, got {_error_lines(out)[:10]}"
    assert not log, f"requests made: {log}"
