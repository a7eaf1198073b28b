"""The one place where the crawler touches the archive: items in, SQLite rows out."""
import json
import os
import sqlite3
from pathlib import Path

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro

from xxgk.archive import blobs, health, store
from xxgk.archive.derived import refresh_derived
from xxgk.archive.lock import CrawlLock
from xxgk.archive.opening import ArchiveError, open_archive
from xxgk.crawler.items import (ArchiveState, AttachmentItem, CrawlErrorItem, NotModifiedItem, RemovedItem,
                           ReportItem)
from xxgk.crawler.reread import reread_if_stale
from xxgk.extract.urls import url_key
from xxgk.extract.version import READER_VERSION

_STAT_COLUMNS = {
    "requests": "downloader/request_count",
    "bytes": "downloader/response_bytes",
    "items": "item_scraped_count",
}
# SQLite errors after which nothing more can be written: the run ends, recorded as failed
_FATAL = ("disk is full", "disk i/o error", "readonly", "read-only", "malformed", "not a database",
          "unable to open", "locked")


class ArchivePipeline:
    """Opens a crawl run, saves what the spider yields as it comes, and closes the run: missing
    reports of fully walked sites are marked removed, the run's health is recorded, and the
    run's outcome is written for ``xxgk crawl`` (``XXGK_RUN_STATUS_FILE``)."""

    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.db_path = Path(settings.get("XXGK_DB"))
        self.files_dir = Path(settings.get("XXGK_FILES_DIR") or self.db_path.parent / "files")
        self.lock = None if settings.getbool("XXGK_LOCK_HELD") else CrawlLock(self.db_path)
        self.status_file = settings.get("XXGK_RUN_STATUS_FILE")
        self.db = None
        self.run_id = None
        self.failure = None  # the fatal archive error that ended the run, if any
        self.counts = {"reports": 0, "errors": 0}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        try:
            self._open(self.crawler.spider)
        except (ArchiveError, sqlite3.Error, OSError) as exc:
            self.failure = _one_line(exc)
            self._write_status("failed", self.failure)
            raise

    def _open(self, spider):
        if self.lock is not None:
            self.lock.acquire()  # ArchiveBusy: another crawl is writing to this archive
        self.db = open_archive(self.db_path, write=True)
        store.ensure_db_shape(self.db)
        store.close_abandoned_runs(self.db)
        for site in spider.sites.values():
            store.save_site(self.db, site.as_row())
        self.run_id = store.start_crawl_run(
            self.db, sites=sorted(spider.sites), args={**spider.run_args(), "pid": os.getpid()})
        self._write_status("running", "crawling")
        spider.archive_opened(ArchiveState(
            known=known_by_key(self.db),
            known_attachments={url_key(u) for u in store.downloaded_attachment_urls(self.db)},
            pending_attachments=store.pending_attachments(self.db),
            walk_everything=store.last_run_was_cut_short(self.db, self.run_id)))

    def process_item(self, item):
        if self.failure is not None:
            return item  # the archive can no longer be written; the run is closing
        try:
            _SAVERS[type(item)](self, item)
        except sqlite3.Error as exc:
            self.archive_error(item, exc)
        return item

    def archive_error(self, item, exc: sqlite3.Error):
        """A fatal write error (disk full, file gone read-only …) ends the run; any other error
        saving one item is recorded for its URL and the crawl goes on."""
        message = _one_line(exc)
        if any(marker in message.lower() for marker in _FATAL):
            self.failure = f"cannot write to the archive {self.db_path}: {message}"
            self.crawler.spider.logger.error(self.failure)
            self._write_status("failed", self.failure)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive_error"))
            return
        record = getattr(item, "record", None)
        url = getattr(item, "url", None) or (record.url if record is not None else None)
        store.save_crawl_error(self.db, crawl_run_id=self.run_id, url=url, kind="archive",
                               reason=f"could not be saved: {message}")
        self.counts["errors"] += 1

    def save_report(self, item: ReportItem):
        reread_if_stale(self.db, store.report_id(item.record.url))
        store.save_report(self.db, item.record, fetch={**item.fetch, "crawl_run_id": self.run_id})
        self.counts["reports"] += 1
        item.fetch.pop("body_bytes", None)  # keep the raw bytes out of Scrapy's memory

    def save_not_modified(self, item: NotModifiedItem):
        store.mark_not_modified(self.db, url=item.url, crawl_run_id=self.run_id,
                                fetched_at=item.fetched_at)

    def save_removed(self, item: RemovedItem):
        store.mark_removed(self.db, url=item.url, reason=item.reason, crawl_run_id=self.run_id)

    def save_attachment(self, item: AttachmentItem):
        sha256, path = blobs.store_blob(self.files_dir, item.data)
        store.save_attachment_file(
            self.db, report_id=store.resolve_report_id(self.db, item.report_url), url=item.url,
            sha256=sha256, mime=item.mime, size=len(item.data), path=path, text=item.text,
            text_status=item.text_status, text_reason=item.text_reason, pages=item.pages,
            stats=item.stats, reader=READER_VERSION, method=item.method, tables=item.tables,
            confidences=item.confidences)
        item.data = b""

    def save_error(self, item: CrawlErrorItem):
        store.save_crawl_error(
            self.db, crawl_run_id=self.run_id, url=item.url, kind=item.kind, reason=item.reason,
            status=item.status, site_id=item.site_id, referer=item.referer)
        if item.attachment_of:
            store.mark_attachment_failed(
                self.db, report_id=store.resolve_report_id(self.db, item.attachment_of),
                url=item.attachment_url or item.url,
                status="too_large" if item.kind == "too_large" else "failed", error=item.reason)
        self.counts["errors"] += 1

    def request_dropped(self, request, spider=None):
        """A redirect back to a URL already requested (A → B → A) is dropped by the duplicate
        filter without reaching any callback: record it as the redirect loop it is."""
        hops = request.meta.get("redirect_urls")
        if not hops or self.db is None or self.failure is not None:
            return
        self.process_item(CrawlErrorItem(
            url=hops[0], kind="redirect", site_id=request.meta.get("site_id"),
            reason="redirect loop: " + " → ".join([*hops, request.url])[:480],
            attachment_of=request.meta.get("attachment_of"),
            attachment_url=request.meta.get("attachment_url")))

    def spider_closed(self, spider, reason):
        if self.db is None or self.run_id is None:  # the archive never opened: status written
            if self.db is not None:
                self.db.close()
                self.db = None
            if self.lock is not None:
                self.lock.release()
            return
        try:
            self._close(spider, reason)
        except sqlite3.Error as exc:
            self.failure = self.failure or f"cannot write to the archive {self.db_path}: " \
                                           f"{_one_line(exc)}"
        finally:
            self.db.close()
            self.db = None
            if self.lock is not None:
                self.lock.release()
        if self.failure:
            self._write_status("failed", self.failure)
        else:
            self._write_status("finished" if reason == "finished" else "interrupted", reason)
        _mark_clean_stop(self.crawler.settings.get("JOBDIR"), reason)

    def _close(self, spider, reason):
        if reason == "finished" and self.failure is None:
            self.mark_missing_as_removed(spider)
        stats = self.crawler.stats.get_stats()
        summary = {col: stats.get(key, 0) for col, key in _STAT_COLUMNS.items()}
        summary.update(self.counts)
        summary["finish_reason"] = reason
        summary["stats"] = {k: _plain(v) for k, v in stats.items()}
        status = ("failed" if self.failure else
                  "finished" if reason == "finished" else "interrupted")
        store.finish_crawl_run(self.db, self.run_id, stats=summary, status=status)
        health.record_run_health(self.db, self.run_id)
        refresh_derived(self.db)  # agencies and what is built on them, from what was stored

    def mark_missing_as_removed(self, spider):
        """A known report that a fully walked site no longer lists, under its URL or any of its
        aliases (compared in canonical form), is gone from that site."""
        for site_id in spider.sites:
            if not spider.fully_walked(site_id):
                continue
            listed = set(spider.walk.listed[site_id])
            listed |= {report for alias, report in store.alias_keys(self.db, site_id).items()
                       if alias in listed}
            for url, info in store.known_reports(self.db, site_id).items():
                if url_key(url) not in listed and not info.get("removed_at"):
                    store.mark_removed(self.db, url=url, crawl_run_id=self.run_id,
                                       reason="missing from fully walked listing")

    def _write_status(self, status: str, reason: str) -> None:
        """This run's outcome, for the ``xxgk crawl`` that started it (one JSON object)."""
        if not self.status_file:
            return
        data = {"run_id": self.run_id, "status": status, "reason": reason, "db": str(self.db_path)}
        try:
            Path(self.status_file).write_text(json.dumps(data, ensure_ascii=False))
        except OSError:
            pass  # the CLI then says that the crawl ended without reporting


def known_by_key(db) -> dict[str, dict]:
    """What the archive holds, keyed by canonical URL; an alias URL names its report's entry."""
    known = {url_key(url): info for url, info in store.known_reports(db).items()}
    for alias, report in store.alias_keys(db).items():
        if report in known:
            known.setdefault(alias, known[report])
    return known


_SAVERS = {
    ReportItem: ArchivePipeline.save_report,
    NotModifiedItem: ArchivePipeline.save_not_modified,
    RemovedItem: ArchivePipeline.save_removed,
    AttachmentItem: ArchivePipeline.save_attachment,
    CrawlErrorItem: ArchivePipeline.save_error,
}


def _mark_clean_stop(jobdir: str | None, reason: str) -> None:
    """Scrapy has persisted the frontier in JOBDIR by now; say that it can be trusted.

    A crawl killed with SIGKILL never gets here, so its JOBDIR has no marker and ``xxgk crawl``
    starts the walk afresh instead of resuming a frontier that may be half written."""
    if jobdir and reason != "finished":
        try:
            Path(jobdir, "xxgk-clean-stop").write_text(f"{reason} pid {os.getpid()}\n")
        except OSError:
            pass


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _plain(value):
    return value if isinstance(value, (int, float, str, bool, type(None))) else str(value)
