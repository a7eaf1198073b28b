"""``xxgk import-warc``: a crawl's own WARC imported into an empty archive gives the archive the
crawl made (reports, versions, events, attachments, statistics, search index); importing again
changes nothing; captures made by other tools (no listing, chunked and gzipped bodies,
revisits, redirects, other hosts, a truncated tail, WACZ) are read, and what cannot be used is
listed with the reason."""
import gzip
import io
import json
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from support import crawl_fixture_web, mutate_fixture_web, reset_fixture_web

from xxgk.archive.search import search_reports
from xxgk.cli.processes import running_fixture_web

HISTORY_SITES = ["fuxin-swj", "hedong-mzj", "nanxian-gov"]
SEED = "/fuxin-swj/html/SWJ/201803/0152180328150334.html"


def xxgk(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "xxgk", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd="/")


def import_warc(db, *files, site=None):
    result = xxgk("import-warc", *files, "--db", db, *(["--site", site] if site else []))
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def warc_files(db_path) -> list[Path]:
    return sorted(Path(db_path).parent.glob("warc/*.warc.gz"))


def rows(db_path, sql, args=()):
    with sqlite3.connect(db_path) as conn:
        return sorted(conn.execute(sql, args).fetchall(), key=repr)


# what "the same archive" means: every stored fact a crawl produces except its clock times
REPORTS = ("SELECT url, title, published, agency, report_year, source, editor, views, is_report,"
           " site_id, body, attachment_text, sha256, version_count, removed_at IS NULL,"
           " attachment_count, region_code, platform FROM reports")
VERSIONS = ("SELECT r.url, v.version, v.content_hash, v.sha256, v.http_status, v.body FROM"
            " report_versions AS v JOIN reports AS r ON r.id = v.report_id")
EVENTS = ("SELECT r.url, e.kind, e.version, e.reason FROM report_events AS e JOIN reports AS r"
          " ON r.id = e.report_id")
ATTACHMENTS = ("SELECT r.url, a.url, a.text, a.status, a.sha256, a.role, f.text_status, f.text,"
               " f.pages FROM attachments AS a JOIN reports AS r ON r.id = a.report_id LEFT JOIN"
               " attachment_files AS f ON f.sha256 = a.sha256")
STATS = ("SELECT r.url, s.source, s.section, s.row_code, s.col_code, s.value, s.method FROM"
         " report_stats AS s JOIN reports AS r ON r.id = s.report_id")
VIEWS = ("SELECT r.url, v.views FROM report_views AS v JOIN reports AS r ON r.id = v.report_id")
ALIASES = "SELECT canonical_url, url, report_id FROM report_aliases"
AGENCIES = "SELECT id, name, level, region_code, parent_id FROM agencies"


def archive_facts(db_path) -> dict:
    return {name: rows(db_path, sql) for name, sql in (
        ("reports", REPORTS), ("versions", VERSIONS), ("events", EVENTS),
        ("attachments", ATTACHMENTS), ("stats", STATS), ("views", VIEWS), ("aliases", ALIASES),
        ("agencies", AGENCIES))}


def assert_same_archive(crawled, imported):
    a, b = archive_facts(crawled), archive_facts(imported)
    assert a["reports"], "the crawl stored nothing"
    for name in a:
        missing = [r for r in a[name] if r not in b[name]]
        extra = [r for r in b[name] if r not in a[name]]
        assert not missing and not extra, (name, missing[:3], extra[:3])


def snapshot(db_path) -> dict:
    """Every row of every table but the run log (crawl_runs, site_health, crawl_errors)."""
    with sqlite3.connect(db_path) as conn:
        tables = [t for (t,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT IN ('crawl_runs', 'site_health', 'crawl_errors')")]
        return {t: sorted(map(repr, conn.execute(f"SELECT * FROM [{t}]"))) for t in tables}


# --- a crawl's own WARC ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def round_trip(fixture_archive, tmp_path_factory):
    """The whole fixture web as the session crawled it, imported from its WARC into an empty
    archive."""
    target = tmp_path_factory.mktemp("imported") / "archive.db"
    result = import_warc(target, fixture_archive.parent / "warc")  # the folder: its files
    return fixture_archive, target, result


def test_a_crawls_warc_imported_gives_the_same_archive(round_trip):
    crawled, imported, _ = round_trip
    assert_same_archive(crawled, imported)
    assert rows(crawled, "SELECT slug, agency, homepage, columns FROM sites") == rows(
        imported, "SELECT slug, agency, homepage, columns FROM sites")


def test_the_search_index_is_the_same(round_trip):
    import sqlite_utils

    crawled, imported, _ = round_trip
    a, b = sqlite_utils.Database(crawled), sqlite_utils.Database(imported)
    for query in ("信息公开", "行政复议", "年度报告", "依申请公开"):
        # the same matches (equal scores may come in another order: rowids differ)
        assert sorted(r["url"] for r in search_reports(a, query)) == sorted(
            r["url"] for r in search_reports(b, query)), query
    assert a["reports_fts"].count == b["reports_fts"].count > 0


def test_versions_name_the_capture_they_came_from(round_trip):
    crawled, imported, _ = round_trip
    [(run_id, args)] = rows(imported, "SELECT id, args FROM crawl_runs")
    args = json.loads(args)
    assert args["import"] == [f.name for f in warc_files(crawled)]
    assert args["software"][0].startswith("xxgk-archive/")
    crawl_ids = dict(rows(crawled, "SELECT r.url, v.warc_record_id FROM report_versions AS v"
                                   " JOIN reports AS r ON r.id = v.report_id"))
    imported_rows = rows(imported, "SELECT r.url, v.warc_record_id, v.warc_file, v.captured_by,"
                                   " v.fetched_at, c.captured_at, c.outcome FROM"
                                   " report_versions AS v JOIN reports AS r ON r.id = v.report_id"
                                   " JOIN capture_records AS c ON c.record_id = v.warc_record_id")
    assert len(imported_rows) == len(crawl_ids)
    for url, record_id, warc_file, software, fetched_at, captured_at, outcome in imported_rows:
        assert record_id == crawl_ids[url]  # the very record the crawl wrote for that page
        assert warc_file.startswith("xxgk-") and software.startswith("xxgk-archive/")
        assert fetched_at[:19] == captured_at[:19]  # the capture's time, not the import's
        assert outcome in ("report", "page")


def test_every_record_is_accounted_for(round_trip):
    crawled, imported, result = round_trip
    from warcio.archiveiterator import ArchiveIterator

    ids = set()
    for path in warc_files(crawled):
        with open(path, "rb") as stream:
            ids |= {r.rec_headers.get_header("WARC-Record-ID") for r in ArchiveIterator(stream)
                    if r.rec_type == "response"}
    ledger = dict(rows(imported, "SELECT record_id, outcome FROM capture_records"))
    assert set(ledger) == ids
    skipped = rows(imported, "SELECT uri, reason FROM capture_records WHERE outcome = 'skipped'")
    assert all(reason for _, reason in skipped)
    assert {o for o in ledger.values()} >= {"listing", "report", "attachment"}
    assert "new reports" in result.stdout


def test_importing_again_changes_nothing(round_trip, tmp_path):
    _, imported, _ = round_trip
    copy = tmp_path / "archive.db"
    shutil.copy(imported, copy)
    shutil.copytree(imported.parent / "files", tmp_path / "files")
    before = snapshot(copy)
    result = import_warc(copy, *warc_files(round_trip[0]))
    assert snapshot(copy) == before
    assert "imported before" in result.stdout


def test_a_crawls_warc_into_its_own_archive_adds_no_version(fixture_archive, tmp_path):
    copy = tmp_path / "archive.db"
    shutil.copy(fixture_archive, copy)
    shutil.copytree(fixture_archive.parent / "files", tmp_path / "files")
    before = {k: v for k, v in snapshot(copy).items() if k not in ("capture_records",)}
    import_warc(copy, *warc_files(fixture_archive))
    after = {k: v for k, v in snapshot(copy).items() if k not in ("capture_records",)}
    assert after["report_versions"] == before["report_versions"]
    assert after["report_events"] == before["report_events"]


# --- history: several crawls, several WARCs ---------------------------------------------------

@pytest.fixture(scope="module")
def history_warcs(tmp_path_factory):
    """Three crawls of three sites (pristine, after every mutation, restored): three WARCs."""
    path = tmp_path_factory.mktemp("history") / "archive.db"
    with running_fixture_web() as base:
        crawl_fixture_web(path, sites=HISTORY_SITES, fixture_url=base, full=True)
        mutate_fixture_web(base, "all")
        crawl_fixture_web(path, sites=HISTORY_SITES, fixture_url=base, full=True)
        mutate_fixture_web(base, "restore")
        crawl_fixture_web(path, sites=HISTORY_SITES, fixture_url=base, full=True)
        reset_fixture_web(base)
    return path


def test_several_crawls_warcs_replay_the_history(history_warcs, tmp_path):
    files = warc_files(history_warcs)
    assert len(files) == 3
    target = tmp_path / "archive.db"
    import_warc(target, *reversed(files))  # in any order: imported oldest capture first
    assert_same_archive(history_warcs, target)
    kinds = {k for (k,) in rows(target, "SELECT DISTINCT kind FROM report_events")}
    assert {"new", "changed", "removed", "restored"} <= kinds


# --- captures made elsewhere -------------------------------------------------------------------

def _response(writer, url, body, *, ctype="text/html; charset=utf-8", status="200 OK",
              headers=(), date=None, chunked=False, gzipped=False):
    payload = body
    extra = list(headers)
    if gzipped:
        payload = gzip.compress(payload)
        extra.append(("Content-Encoding", "gzip"))
    if chunked:
        payload = b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload)
        extra.append(("Transfer-Encoding", "chunked"))
    else:
        extra.append(("Content-Length", str(len(payload))))
    http = StatusAndHeaders(status, [("Content-Type", ctype), *extra], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                       length=len(payload), http_headers=http,
                                       warc_headers_dict={"WARC-Date": date} if date else None)
    writer.write_record(record)
    return record


def foreign_capture(path: Path, base: str, pages: dict[str, bytes], pdf: tuple[str, bytes]):
    """A capture as wget --warc-file would write it: warcinfo, no listing, chunked and
    gzipped bodies, a revisit, a redirect, a page of another host, and a truncated tail."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        info = writer.create_warcinfo_record(path.name, {"software": "Wget/1.21.3 (linux-gnu)",
                                                         "format": "WARC File Format 1.0"})
        writer.write_record(info)
        items = list(pages.items())
        first_url, first_body = items[0]
        original = _response(writer, base + first_url, first_body, chunked=True, gzipped=True,
                             date="2024-03-01T10:00:00Z")
        for url, body in items[1:]:
            _response(writer, base + url, body, date="2024-03-01T10:01:00Z")
        _response(writer, base + pdf[0], pdf[1], ctype="application/pdf",
                  date="2024-03-01T10:02:00Z")
        revisit = writer.create_revisit_record(
            base + first_url, digest=original.rec_headers.get_header("WARC-Payload-Digest"),
            refers_to_uri=base + first_url, refers_to_date="2024-03-01T10:00:00Z",
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                          protocol="HTTP/1.1"))
        revisit.rec_headers.replace_header("WARC-Date", "2024-03-02T10:00:00Z")
        writer.write_record(revisit)
        _response(writer, base + "/fuxin-swj/old-address.html", b"", status="301 Moved Permanently",
                  headers=[("Location", base + first_url)], date="2024-03-01T10:03:00Z")
        _response(writer, "http://www.unrelated.example/news.html", b"<html><title>x</title></html>",
                  date="2024-03-01T10:04:00Z")
        orphan = writer.create_revisit_record(
            base + "/fuxin-swj/never.html", digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            refers_to_uri=base + "/fuxin-swj/never.html", refers_to_date="2020-01-01T00:00:00Z")
        writer.write_record(orphan)
    with open(path, "ab") as out:  # a capture cut off mid-record
        out.write(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n")[:40])


@pytest.fixture(scope="module")
def foreign(fixture_archive, tmp_path_factory):
    """Three report pages of one fixture site and one attachment, as another tool captured
    them, imported with --site."""
    rows_ = rows(fixture_archive, "SELECT r.url, v.raw_gz FROM reports AS r JOIN report_versions"
                                  " AS v ON v.id = r.latest_version_id WHERE r.site_id ="
                                  " 'fuxin-swj' AND r.is_report = 1 ORDER BY r.url LIMIT 3")
    base = rows_[0][0].split("/fuxin-swj/")[0]
    pages = {url[len(base):]: gzip.decompress(raw) for url, raw in rows_}
    pdf_url = rows(fixture_archive, "SELECT a.url FROM attachments AS a WHERE a.status ="
                                    " 'downloaded' AND a.url LIKE '%.pdf' LIMIT 1")
    folder = tmp_path_factory.mktemp("foreign")
    capture = folder / "wget-capture.warc.gz"
    pdf = ("/fuxin-swj/upload/unlinked.pdf", b"%PDF-1.4 not linked from any page")
    foreign_capture(capture, base, pages, pdf)
    target = folder / "archive.db"
    result = import_warc(target, capture, site="fuxin-swj")
    return fixture_archive, target, result, base, pages, pdf_url


def test_a_capture_without_the_column_still_gives_its_reports(foreign):
    crawled, target, result, base, pages, _ = foreign
    got = rows(target, "SELECT url, title, published, agency, report_year FROM reports")
    want = rows(crawled, "SELECT url, title, published, agency, report_year FROM reports WHERE"
                         f" url IN ({', '.join('?' * len(pages))})", [base + p for p in pages])
    assert got == want and len(got) == len(pages)
    provenance = rows(target, "SELECT captured_by, fetched_at, warc_file FROM report_versions")
    assert {p[0] for p in provenance} == {"Wget/1.21.3 (linux-gnu)"}
    assert all(p[1].startswith("2024-03-0") for p in provenance)  # capture time, not now
    assert {p[2] for p in provenance} == {"wget-capture.warc.gz"}
    # the revisit of 2 March is the newest capture of the first page: its time is the version's
    first = base + next(iter(pages))
    assert rows(target, "SELECT fetched_at FROM reports WHERE url = ?", [first]) == [
        ("2024-03-02T10:00:00+00:00",)]


def test_what_a_capture_cannot_give_is_listed_with_the_reason(foreign):
    _, target, result, base, _, _ = foreign
    skipped = dict(rows(target, "SELECT uri, reason FROM capture_records WHERE outcome ="
                                " 'skipped'"))
    assert "not on any site" in skipped["http://www.unrelated.example/news.html"]
    assert "not linked from any imported report page" in skipped[
        base + "/fuxin-swj/upload/unlinked.pdf"]
    assert "original record is not in the files given" in skipped[
        base + "/fuxin-swj/never.html"]
    assert any("superseded" in reason for reason in skipped.values())  # the first capture
    assert "problem: wget-capture.warc.gz: unreadable after" in result.stdout  # the cut tail
    [(stats,)] = rows(target, "SELECT stats FROM crawl_runs")
    assert "unreadable after" in json.loads(stats)["xxgk/capture/problems"][0]


def test_a_wacz_is_read_like_its_warc(fixture_archive, tmp_path):
    files = warc_files(fixture_archive)
    wacz = tmp_path / "capture.wacz"
    with zipfile.ZipFile(wacz, "w") as package:
        for path in files:
            package.write(path, f"archive/{path.name}", compress_type=zipfile.ZIP_STORED)
        package.writestr("datapackage.json", json.dumps({"profile": "data-package",
                                                         "wacz_version": "1.1.1"}))
    target = tmp_path / "archive.db"
    import_warc(target, wacz)
    want = rows(fixture_archive, "SELECT url, title, published, agency, report_year FROM reports")
    assert rows(target, "SELECT url, title, published, agency, report_year FROM reports") == want
    files_named = {f for (f,) in rows(target, "SELECT DISTINCT warc_file FROM report_versions")}
    assert files_named == {f"capture.wacz#archive/{p.name}" for p in files}


def test_a_partial_capture_never_marks_anything_removed(fixture_archive, tmp_path):
    """A capture of one report page of a site whose column it did not walk: the archive's
    other reports of that site stay."""
    copy = tmp_path / "archive.db"
    shutil.copy(fixture_archive, copy)
    [(url, raw)] = rows(copy, "SELECT r.url, v.raw_gz FROM reports AS r JOIN report_versions AS v"
                              " ON v.id = r.latest_version_id WHERE r.url LIKE ? LIMIT 1",
                        ["%" + SEED])
    capture = tmp_path / "one-page.warc.gz"
    with open(capture, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        _response(writer, url, gzip.decompress(raw) + b"<!-- edited -->",
                  date="2099-01-01T00:00:00Z")
    before = rows(copy, "SELECT count(*) FROM reports WHERE removed_at IS NOT NULL")
    import_warc(copy, capture, site="fuxin-swj")
    assert rows(copy, "SELECT count(*) FROM reports WHERE removed_at IS NOT NULL") == before


def test_bad_files_are_one_line_errors(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a capture")
    result = xxgk("import-warc", text, "--db", tmp_path / "a.db")
    assert result.returncode == 2 and "not a WARC or WACZ file" in result.stderr
    assert "Traceback" not in result.stderr
    (tmp_path / "empty").mkdir()
    result = xxgk("import-warc", tmp_path / "empty", "--db", tmp_path / "a.db")
    assert result.returncode == 2 and "no .warc, .warc.gz or .wacz file" in result.stderr
    result = xxgk("import-warc", tmp_path / "missing.warc.gz", "--db", tmp_path / "a.db")
    assert result.returncode == 2 and "does not exist" in result.stderr
    capture = tmp_path / "c.warc.gz"
    capture.write_bytes(gzip.compress(b""))
    result = xxgk("import-warc", capture, "--site", "no-such-site", "--db", tmp_path / "a.db")
    assert result.returncode == 2 and "no-such-site" in result.stderr


def test_the_report_page_names_the_capture(foreign, tmp_path):
    """The reading room's provenance says which tool captured the page, when, and the record."""
    import urllib.request
    from html import escape

    from browser_support import serving_archive

    _, target, _, base, pages, _ = foreign
    report_id, record_id = rows(target, "SELECT r.id, v.warc_record_id FROM reports AS r JOIN"
                                        " report_versions AS v ON v.id = r.latest_version_id"
                                        " LIMIT 1")[0]
    with serving_archive(target, tmp_path / "serve.log") as site:
        with urllib.request.urlopen(f"{site}/archive/-/report/{report_id}", timeout=30) as page:
            html = page.read().decode("utf-8")
    assert "captured by" in html and "Wget/1.21.3 (linux-gnu)" in html
    assert "wget-capture.warc.gz" in html and escape(record_id) in html


def test_an_older_capture_does_not_rewrite_history(fixture_archive, tmp_path):
    """A page captured before the archive last saw its report is listed, not made its newest
    version: versions follow time."""
    copy = tmp_path / "archive.db"
    shutil.copy(fixture_archive, copy)
    [(url, raw, count)] = rows(copy, "SELECT r.url, v.raw_gz, r.version_count FROM reports AS r"
                                     " JOIN report_versions AS v ON v.id = r.latest_version_id"
                                     " WHERE r.url LIKE ? LIMIT 1", ["%" + SEED])
    capture = tmp_path / "old.warc.gz"
    with open(capture, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        _response(writer, url, gzip.decompress(raw).replace("2017".encode(), "2016".encode()),
                  date="2000-01-01T00:00:00Z")
    result = import_warc(copy, capture, site="fuxin-swj")
    assert rows(copy, "SELECT version_count FROM reports WHERE url = ?", [url]) == [(count,)]
    [(outcome, reason)] = rows(copy, "SELECT outcome, reason FROM capture_records")
    assert outcome == "skipped" and "older capture does not rewrite" in reason
    assert "older capture does not rewrite" in result.stdout


def test_a_stopped_import_lists_only_what_it_used(tmp_path):
    """The ledger of an import that did not finish leaves out the records it never reached,
    so running the import again still reads them."""
    from xxgk.crawler.replay import Capture

    capture = tmp_path / "c.warc.gz"
    with open(capture, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        used = _response(writer, "http://www.example.gov.cn/a.html", b"<html>a</html>")
        _response(writer, "http://www.example.gov.cn/b.html", b"<html>b</html>")
    index = Capture.of_files([capture])
    index.note(used.rec_headers.get_header("WARC-Record-ID"), "report")
    assert [r["uri"] for r in index.ledger(complete=False)] == ["http://www.example.gov.cn/a.html"]
    assert len(index.ledger()) == 2


def test_the_latest_answer_counts_and_a_server_error_never_hides_one(tmp_path):
    from xxgk.crawler.replay import Capture

    capture = tmp_path / "c.warc.gz"
    with open(capture, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        _response(writer, "http://x.gov.cn/a.html", b"ok", date="2024-01-01T00:00:00Z")
        _response(writer, "http://x.gov.cn/a.html", b"", status="500 Internal Server Error",
                  date="2024-01-02T00:00:00Z")
        _response(writer, "http://x.gov.cn/b.html", b"", status="503 Service Unavailable",
                  date="2024-01-01T00:00:00Z")
        _response(writer, "http://x.gov.cn/b.html", b"retried", date="2024-01-02T00:00:00Z")
        _response(writer, "http://x.gov.cn/c.html", b"new", date="2024-01-03T00:00:00Z")
        _response(writer, "http://x.gov.cn/c.html", b"old", date="2024-01-01T00:00:00Z")
    index = Capture.of_files([capture])
    served = {u: index.read(index.find(f"http://x.gov.cn/{u}.html"))[2] for u in "abc"}
    assert served == {"a": b"ok", "b": b"retried", "c": b"new"}
    superseded = sorted(r["uri"] for r in index.ledger()
                        if (r["reason"] or "").startswith("superseded by the capture of"))
    assert superseded == ["http://x.gov.cn/a.html", "http://x.gov.cn/b.html",
                          "http://x.gov.cn/c.html"]


# --- an import stopped half-way ---------------------------------------------------------------

@pytest.fixture(scope="module")
def generated_crawl(tmp_path_factory):
    """A crawl of a generated site of 500 article pages: a WARC big enough to stop an import
    of it half-way."""
    path = tmp_path_factory.mktemp("generated") / "archive.db"
    with running_fixture_web(generated=500) as base:
        crawl_fixture_web(path, url=base + "/gen/xxgk/ndbg/index.html")
    return path


def test_an_import_stopped_half_way_finishes_when_run_again(generated_crawl, tmp_path):
    import os
    import signal
    import time

    target = tmp_path / "archive.db"
    cmd = [sys.executable, "-m", "xxgk", "import-warc", str(generated_crawl.parent / "warc"),
           "--db", str(target)]
    proc = subprocess.Popen(cmd, cwd="/", text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)

    def stored():
        try:
            with sqlite3.connect(f"file:{target}?mode=ro", uri=True, timeout=1) as conn:
                return conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        except sqlite3.Error:
            return 0

    deadline = time.monotonic() + 120
    while stored() < 30 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the import ended before it could be stopped"
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C at the terminal
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGINT, err[-2000:]
    assert "Traceback" not in err and "run the same command again" in err
    half = rows(target, "SELECT count(*) FROM reports")[0][0]
    total = rows(generated_crawl, "SELECT count(*) FROM reports")[0][0]
    assert 0 < half < total
    ledger = rows(target, "SELECT outcome, count(*) FROM capture_records GROUP BY 1")
    assert "skipped" not in dict(ledger)  # what it never reached is not written off

    again = subprocess.run(cmd, cwd="/", capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    assert_same_archive(generated_crawl, target)
    assert "imported before" in again.stdout
