"""Where the crawler touches the archive: items in, SQLite rows out (through the archive writer,
crawler/writer.py, in a process of its own)."""
import json
import os
import sqlite3
from pathlib import Path

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro

from xxgk.archive import store
from xxgk.archive.lock import CrawlLock
from xxgk.archive.opening import ArchiveError, open_archive
from xxgk.crawler.items import ArchiveState, CrawlErrorItem
from xxgk.crawler.replay import STORED
from xxgk.crawler.writer import WriterProcess, one_line
from xxgk.extract.urls import url_key

_STAT_COLUMNS = {
    "requests": "downloader/request_count",
    "bytes": "downloader/response_bytes",
    "items": "item_scraped_count",
}


class ArchivePipeline:
    """Opens a crawl run, hands what the spider yields to the archive writer (a process of its
    own: crawler/writer.py) as it comes, and closes the run: the writer marks missing reports of
    fully walked sites removed and records the run's health; the run's outcome is written for
    ``xxgk crawl`` (``XXGK_RUN_STATUS_FILE``). What the archive already holds is looked up per
    request (``KnownArchive``), never held in memory."""

    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.db_path = Path(settings.get("XXGK_DB"))
        self.files_dir = Path(settings.get("XXGK_FILES_DIR") or self.db_path.parent / "files")
        self.lock = None if settings.getbool("XXGK_LOCK_HELD") else CrawlLock(self.db_path)
        self.status_file = settings.get("XXGK_RUN_STATUS_FILE")
        self.known = None  # read-only lookups for the spider
        self.writer = None
        self.run_id = None
        self.failure = None  # the fatal archive error that ended the run, if any
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        try:
            self._open(self.crawler.spider)
        except (ArchiveError, sqlite3.Error, OSError) as exc:
            self.failure = one_line(exc)
            self._write_status("failed", self.failure)
            raise

    def _open(self, spider):
        if self.lock is not None:
            self.lock.acquire()  # ArchiveBusy: another crawl is writing to this archive
        db = open_archive(self.db_path, write=True)
        try:
            store.ensure_db_shape(db)
            store.close_abandoned_runs(db)
            for site in spider.sites.values():
                store.save_site(db, site.as_row())
            self.run_id = store.start_crawl_run(
                db, sites=sorted(spider.sites), args={**spider.run_args(), "pid": os.getpid()})
            pending = store.pending_attachments(db)
            walk_everything = store.last_run_was_cut_short(db, self.run_id)
        finally:
            db.close()
        self.writer = WriterProcess(self.db_path, self.files_dir, self.run_id)
        self.known = KnownArchive(open_archive(self.db_path, write=False), self.run_id)
        self._write_status("running", "crawling")
        spider.archive_opened(ArchiveState(
            known_report=self.known.report, known_attachment=self.known.attachment,
            pending_attachments=pending, walk_everything=walk_everything,
            known_record=self.known.record))

    def process_item(self, item):
        if self.failure is not None or self.writer is None:
            return item  # the archive can no longer be written; the run is closing
        if self.writer.poll_failure():
            self.fail(self.writer.failure)
            return item
        self.writer.put(item)
        return item

    def fail(self, message: str) -> None:
        """A fatal write error (disk full, file gone read-only …) ends the run."""
        self.failure = message
        self.crawler.spider.logger.error(self.failure)
        self._write_status("failed", self.failure)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive_error"))

    def request_dropped(self, request, spider=None):
        """A redirect back to a URL already requested (A → B → A) is dropped by the duplicate
        filter without reaching any callback: record it as the redirect loop it is."""
        hops = request.meta.get("redirect_urls")
        if not hops or self.writer is None or self.failure is not None:
            return
        self.process_item(CrawlErrorItem(
            url=hops[0], kind="redirect", site_id=request.meta.get("site_id"),
            reason="redirect loop: " + " → ".join([*hops, request.url])[:480],
            attachment_of=request.meta.get("attachment_of"),
            attachment_url=request.meta.get("attachment_url")))

    def spider_closed(self, spider, reason):
        if self.known is not None:
            self.known.close()
        if self.writer is None:  # the archive never opened: status written
            if self.lock is not None:
                self.lock.release()
            return
        for item in spider.closing_items(reason):  # an import's record ledger
            self.process_item(item)
        try:
            self.failure = self.writer.finish(reason, self._listed(spider, reason),
                                              self._summary()) or self.failure
        finally:
            if self.lock is not None:
                self.lock.release()
        if self.failure:
            self._write_status("failed", self.failure)
        else:
            self._write_status("finished" if reason == "finished" else "interrupted", reason)
        _mark_clean_stop(self.crawler.settings.get("JOBDIR"), reason)

    def _listed(self, spider, reason) -> dict[str, set[str]]:
        """Canonical URLs listed by each fully walked site (its missing reports are removed)."""
        if reason != "finished" or self.failure is not None:
            return {}
        # an import: a column the capture walked to its end lists what was there when it was
        # captured; the writer removes only reports last seen before that (writer.finish)
        return {site_id: set(spider.walk.listed[site_id]) for site_id in spider.sites
                if spider.fully_walked(site_id)}

    def _summary(self) -> dict:
        stats = self.crawler.stats.get_stats()
        summary = {col: stats.get(key, 0) for col, key in _STAT_COLUMNS.items()}
        summary["stats"] = {k: _plain(v) for k, v in stats.items()}
        capture = getattr(self.crawler.spider, "capture", None)
        if capture is not None:
            summary["captured"] = capture.span()
        return summary

    def _write_status(self, status: str, reason: str) -> None:
        """This run's outcome, for the ``xxgk crawl`` that started it (one JSON object)."""
        if not self.status_file:
            return
        data = {"run_id": self.run_id, "status": status, "reason": reason, "db": str(self.db_path)}
        try:
            Path(self.status_file).write_text(json.dumps(data, ensure_ascii=False))
        except OSError:
            pass  # the CLI then says that the crawl ended without reporting


class KnownArchive:
    """What the archive held when this run began, asked one URL at a time (indexed lookups on
    a read-only connection), so the crawler's memory does not grow with the archive."""

    def __init__(self, db, run_id: int):
        self.db, self.run_id = db, run_id

    def report(self, key: str) -> dict | None:
        """The validators of the report at canonical URL ``key`` (or at an alias of it), and
        when it was last seen, if the archive held it before this run; else None."""
        row = self.db.execute(
            "SELECT etag, last_modified, removed_at, sha256, last_seen FROM reports WHERE id = ?"
            + _before_this_run("reports"), [store.report_id(key), self.run_id]).fetchone()
        if row is None:
            row = self.db.execute(
                "SELECT r.etag, r.last_modified, r.removed_at, r.sha256, r.last_seen"
                " FROM report_aliases AS a"
                " JOIN reports AS r ON r.id = a.report_id WHERE a.canonical_url = ?"
                " AND coalesce(a.crawl_run_id, -1) != ?" + _before_this_run("r"),
                [key, self.run_id, self.run_id]).fetchone()
        if row is None:
            return None
        return dict(zip(("etag", "last_modified", "removed_at", "sha256", "last_seen"), row))

    def record(self, record_id: str) -> bool:
        """True when the WARC record ``record_id`` was imported before, or is the record a
        stored version was read from (a crawl's own WARC imported into its own archive)."""
        return self.db.execute(
            f"SELECT 1 FROM capture_records WHERE record_id = ? AND outcome IN {STORED!r}"
            " UNION ALL"
            " SELECT 1 FROM report_versions WHERE warc_record_id = ? LIMIT 1",
            [record_id, record_id]).fetchone() is not None

    def attachment(self, url: str) -> bool:
        """True when an attachment at ``url`` (as listed, or in canonical form) is downloaded."""
        return self.db.execute(
            "SELECT 1 FROM attachments WHERE url IN (?, ?) AND status = 'downloaded' LIMIT 1",
            [url, url_key(url)]).fetchone() is not None

    def close(self):
        self.db.close()


def _before_this_run(reports: str) -> str:
    """SQL condition: the report (``reports``: its table's name or alias in the query) was in
    the archive when the run began, i.e. its first version is not from this run (``?``)."""
    return (" AND NOT EXISTS (SELECT 1 FROM report_versions AS v WHERE v.report_id ="
            f" {reports}.id AND v.version = 1 AND v.crawl_run_id = ?)")


def _mark_clean_stop(jobdir: str | None, reason: str) -> None:
    """Scrapy has persisted the frontier in JOBDIR by now; say that it can be trusted.

    A crawl killed with SIGKILL never gets here, so its JOBDIR has no marker and ``xxgk crawl``
    starts the walk afresh instead of resuming a frontier that may be half written."""
    if jobdir and reason != "finished":
        try:
            Path(jobdir, "xxgk-clean-stop").write_text(f"{reason} pid {os.getpid()}\n")
        except OSError:
            pass


_SCALARS = (int, float, str, bool, type(None))


def _plain(value):
    if isinstance(value, (list, tuple)) and all(isinstance(v, _SCALARS) for v in value):
        return list(value)  # e.g. an import's problems with its files
    return value if isinstance(value, _SCALARS) else str(value)
