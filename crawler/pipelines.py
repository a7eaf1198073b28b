"""The one place where the crawler touches the archive: items in, SQLite rows out."""
from pathlib import Path

import sqlite_utils
from scrapy import signals

from archive import store
from crawler.items import CrawlErrorItem, ReportItem

_STAT_COLUMNS = {
    "requests": "downloader/request_count",
    "bytes": "downloader/response_bytes",
    "items": "item_scraped_count",
}


class ArchivePipeline:
    """Opens a crawl run, saves reports and crawl errors as they come, closes the run with its stats."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.db_path = Path(crawler.settings.get("XXGK_DB"))
        self.db = None
        self.run_id = None
        self.counts = {"reports": 0, "errors": 0}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        spider = self.crawler.spider
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(self.db_path)
        self.db.execute("PRAGMA journal_mode=WAL")
        store.ensure_db_shape(self.db)
        for site in spider.sites.values():
            store.save_site(self.db, site.as_row())
        self.run_id = store.start_crawl_run(
            self.db, sites=sorted(spider.sites), args=_spider_args(spider))
        spider.crawl_run_id = self.run_id

    def process_item(self, item):
        if isinstance(item, ReportItem):
            store.save_report(self.db, item.record,
                              fetch={**item.fetch, "crawl_run_id": self.run_id})
            self.counts["reports"] += 1
        elif isinstance(item, CrawlErrorItem):
            store.save_crawl_error(
                self.db, crawl_run_id=self.run_id, url=item.url, kind=item.kind,
                reason=item.reason, status=item.status, site_id=item.site_id,
                referer=item.referer)
            self.counts["errors"] += 1
        return item

    def spider_closed(self, spider, reason):
        if self.db is None:
            return
        stats = self.crawler.stats.get_stats()
        summary = {col: stats.get(key, 0) for col, key in _STAT_COLUMNS.items()}
        summary.update(self.counts)
        summary["finish_reason"] = reason
        summary["stats"] = {k: _plain(v) for k, v in stats.items()}
        status = "finished" if reason == "finished" else "interrupted"
        store.finish_crawl_run(self.db, self.run_id, stats=summary, status=status)
        self.db.close()
        self.db = None


def _spider_args(spider) -> dict:
    return {k: v for k, v in (("sites", spider._site_arg), ("url", spider._url_arg),
                              ("fixture_url", spider._fixture_arg)) if v}


def _plain(value):
    return value if isinstance(value, (int, float, str, bool, type(None))) else str(value)
