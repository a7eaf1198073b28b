"""The one place where the crawler touches the archive: items in, SQLite rows out."""
import os
from pathlib import Path

import sqlite_utils
from scrapy import signals

from archive import blobs, health, store
from archive.lock import CrawlLock
from crawler.items import (AttachmentItem, CrawlErrorItem, NotModifiedItem, RemovedItem,
                           ReportItem)

_STAT_COLUMNS = {
    "requests": "downloader/request_count",
    "bytes": "downloader/response_bytes",
    "items": "item_scraped_count",
}


class ArchivePipeline:
    """Opens a crawl run, saves what the spider yields as it comes, and closes the run: missing
    reports of fully walked sites are marked removed, the run's health is recorded."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.db_path = Path(crawler.settings.get("XXGK_DB"))
        self.files_dir = Path(crawler.settings.get("XXGK_FILES_DIR")
                              or self.db_path.parent / "files")
        self.lock = CrawlLock(self.db_path)
        self.db = None
        self.run_id = None
        self.counts = {"reports": 0, "errors": 0}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        spider = self.crawler.spider
        self.lock.acquire()  # ArchiveBusy: another crawl is writing to this archive
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(self.db_path)
        self.db.execute("PRAGMA journal_mode=WAL")
        store.ensure_db_shape(self.db)
        store.close_abandoned_runs(self.db)
        for site in spider.sites.values():
            store.save_site(self.db, site.as_row())
        self.run_id = store.start_crawl_run(
            self.db, sites=sorted(spider.sites), args=_spider_args(spider))
        spider.crawl_run_id = self.run_id
        spider.known = store.known_reports(self.db)
        spider.known_attachments = store.downloaded_attachment_urls(self.db)
        spider.pending_attachments = store.pending_attachments(self.db)
        if not spider.full and store.last_run_was_cut_short(self.db, self.run_id):
            spider.logger.info("the previous crawl did not finish: walking every listing page")
            spider.full = True

    def process_item(self, item):
        save = _SAVERS[type(item)]
        save(self, item)
        return item

    def save_report(self, item: ReportItem):
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
            self.db, report_id=store.report_id(item.report_url), url=item.url, sha256=sha256,
            mime=item.mime, size=len(item.data), path=path, text=item.text,
            text_status=item.text_status, text_reason=item.text_reason, pages=item.pages)
        item.data = b""

    def save_error(self, item: CrawlErrorItem):
        store.save_crawl_error(
            self.db, crawl_run_id=self.run_id, url=item.url, kind=item.kind, reason=item.reason,
            status=item.status, site_id=item.site_id, referer=item.referer)
        if item.attachment_of:
            store.mark_attachment_failed(
                self.db, report_id=store.report_id(item.attachment_of), url=item.url,
                status="too_large" if item.kind == "too_large" else "failed", error=item.reason)
        self.counts["errors"] += 1

    def spider_closed(self, spider, reason):
        if self.db is None:
            return
        if reason == "finished":
            self.mark_missing_as_removed(spider)
        stats = self.crawler.stats.get_stats()
        summary = {col: stats.get(key, 0) for col, key in _STAT_COLUMNS.items()}
        summary.update(self.counts)
        summary["finish_reason"] = reason
        summary["stats"] = {k: _plain(v) for k, v in stats.items()}
        status = "finished" if reason == "finished" else "interrupted"
        store.finish_crawl_run(self.db, self.run_id, stats=summary, status=status)
        health.record_run_health(self.db, self.run_id)
        self.db.close()
        self.db = None
        self.lock.release()
        _mark_clean_stop(self.crawler.settings.get("JOBDIR"), reason)

    def mark_missing_as_removed(self, spider):
        """A known report that a fully walked site no longer lists is gone from that site."""
        for site_id in spider.sites:
            if not spider.fully_walked(site_id):
                continue
            listed = spider.walk.listed[site_id]
            for url, info in store.known_reports(self.db, site_id).items():
                if url not in listed and not info.get("removed_at"):
                    store.mark_removed(self.db, url=url, crawl_run_id=self.run_id,
                                       reason="missing from fully walked listing")


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
        Path(jobdir, "xxgk-clean-stop").write_text(f"{reason} pid {os.getpid()}\n")


def _spider_args(spider) -> dict:
    args = {k: v for k, v in (("sites", spider._site_arg), ("url", spider._url_arg),
                              ("fixture_url", spider._fixture_arg)) if v}
    return {**args, "full": spider.full, "pid": os.getpid()}


def _plain(value):
    return value if isinstance(value, (int, float, str, bool, type(None))) else str(value)
