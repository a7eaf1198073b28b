"""A crawl reads a report's statistics beside the reactor, in its statistics reader (issue 13):
``extract_report(..., stats=False)`` leaves them unread and ``read_report_stats`` reads from
the same bytes exactly the cells the whole extraction gives; the writer stores them, and a page
whose statistics cannot be read is archived without them, with the reason recorded."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from xxgk.archive import store
from xxgk.archive.opening import open_archive
from xxgk.archive.schema import ensure_db_shape
from xxgk.crawler import writer as writer_module
from xxgk.crawler.items import ReportItem
from xxgk.crawler.writer import ArchiveWriter
from xxgk.extract import extract_report, read_report_stats
from xxgk.fixtureweb import catalog, generated

BASE = "http://127.0.0.1:8731"
HOLDOUT = Path(__file__).with_name("holdout_stats")


def _pages():
    for fixture in catalog.article_fixtures():
        if fixture.path is not None:
            yield pytest.param(fixture.path.read_bytes(), urljoin(BASE, fixture.url_path),
                               id=fixture.url_path)
    for path in sorted(HOLDOUT.glob("*.html")):
        yield pytest.param(path.read_bytes(), f"{BASE}/holdout/{path.name}", id=path.name)
    for i in (0, 1, 7, 9, 10, 33):  # the generated site: reports and notices
        yield pytest.param(generated.render_article(i), f"{BASE}/gen/{i}.html", id=f"generated-{i}")


@pytest.mark.parametrize(("body", "url"), list(_pages()))
def test_statistics_read_later_are_the_ones_read_with_the_record(body, url):
    whole = extract_report(body, url)
    later = extract_report(body, url, stats=False)
    if whole.is_report:
        assert later.stats is None
    else:
        assert later.stats == whole.stats == []
    assert read_report_stats(body, {"Content-Type": "text/html"}, later) == whole.stats
    later.stats = whole.stats
    assert later == whole  # nothing else of the record depends on reading them


def test_some_pages_have_statistics():
    """The comparison above means something: most fixture reports have cells."""
    with_cells = [p for p in _pages() if extract_report(*p.values).stats]
    assert len(with_cells) >= 40


def _report_page() -> tuple[bytes, str]:
    i = next(i for i in range(50) if generated.article(i)["is_report"])
    return generated.render_article(i), f"{BASE}/gen/xxgk/{i}.html"


def _writer(tmp_path) -> ArchiveWriter:
    tmp_path.mkdir(parents=True, exist_ok=True)
    db = open_archive(tmp_path / "a.db", write=True)
    ensure_db_shape(db)
    run_id = store.start_crawl_run(db, sites=["gen"], args={})
    db.close()
    return ArchiveWriter(tmp_path / "a.db", tmp_path / "files", run_id)


def _item(body: bytes, url: str) -> ReportItem:
    record = extract_report(body, url, {"Content-Type": "text/html; charset=utf-8"}, stats=False)
    fetch = {"url": url, "fetched_at": "2026-12-08T00:00:00Z", "http_status": 200,
             "sha256": "0" * 64, "site_id": "gen", "content_type": "text/html; charset=utf-8",
             "size": len(body), "body_bytes": body}
    return ReportItem(record=record, fetch=fetch, stats_unread=True)


def _stored_cells(w: ArchiveWriter) -> list[tuple]:
    return [tuple(r) for r in w.db.execute(
        "SELECT section, row_code, col_code, value FROM report_stats ORDER BY 1, 2, 3")]


def test_the_writer_stores_the_cells_it_reads(tmp_path):
    body, url = _report_page()
    w = _writer(tmp_path)
    w.db.conn.execute("BEGIN")
    w.save(_item(body, url))
    w.db.conn.commit()
    expected = sorted((c["section"], c["row_code"], c["col_code"], c["value"])
                      for c in extract_report(body, url).stats)
    assert expected and _stored_cells(w) == expected
    assert w.db.execute("SELECT count(*) FROM crawl_errors").fetchone()[0] == 0
    w.db.close()


def test_statistics_that_cannot_be_read_lose_nothing_else(tmp_path, monkeypatch):
    body, url = _report_page()

    def broken(*_args):
        raise RuntimeError("table parser fell over")

    monkeypatch.setattr(writer_module, "read_report_stats", broken)
    w = _writer(tmp_path)
    w.db.conn.execute("BEGIN")
    w.save(_item(body, url))
    w.db.conn.commit()
    report = w.db.execute("SELECT title, body FROM reports WHERE url = ?", [url]).fetchone()
    assert report is not None and report[1]  # the page is archived, text and all
    assert _stored_cells(w) == []
    errors = [tuple(r) for r in w.db.execute("SELECT url, kind, reason FROM crawl_errors")]
    assert errors == [(url, "parse", "statistics not read: table parser fell over")]
    assert w.counts == {"reports": 1, "errors": 1}
    w.db.close()


def test_a_statistics_reader_that_dies_fails_the_run(tmp_path):
    """Items go crawl -> reader -> writer: a reader killed mid-run is the run's failure, said in
    one line, and the writer still ends cleanly with what it had."""
    from xxgk.crawler.writer import WriterProcess

    w = _writer(tmp_path)
    w.db.close()
    process = WriterProcess(w.db_path, w.files_dir, w.run_id)
    process.reader.kill()
    process.reader.wait()
    process.put(_item(*_report_page()))
    failure = process.finish("finished", {}, {})
    assert failure is not None and failure.startswith("the statistics reader died (exit code -9)")
    assert process.process.returncode == 0  # the writer saw the end of its items and stopped
    db = open_archive(w.db_path, write=False)
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == 0
    db.close()
