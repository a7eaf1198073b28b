"""When the crawl sent each request, as the crawler itself saw it (bench/many_sites.py and
tests/test_many_sites.py).

A Scrapy extension, enabled with ``-s EXTENSIONS={"bench.send_times.SendTimes": 0}`` and
``-s XXGK_SEND_TIMES=PATH``: for every response it notes the host and the moment its download
began (the response's arrival less Scrapy's ``download_latency``, which its HTTP handler measures
from the start of the download, after the site's delay was waited out), on the crawl process's
monotonic clock; when the spider closes it writes them to PATH as JSON ``[[host, url, sent], …]``.

The fixture web's access record times a request when the server reads it, and a request that
waits to be read on a busy machine arrives late, so two requests sent a delay apart can arrive
almost together; the gaps between send times are the crawler's spacing itself.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured


class SendTimes:
    def __init__(self, path: str):
        self.path = Path(path)
        self.rows: list[list] = []

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("XXGK_SEND_TIMES")
        if not path:
            raise NotConfigured("XXGK_SEND_TIMES is not set")
        extension = cls(path)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def response_received(self, response, request, spider=None):
        latency = request.meta.get("download_latency")
        if latency is not None:
            self.rows.append([urlsplit(request.url).netloc, request.url, time.monotonic() - latency])

    def spider_closed(self, spider=None, reason=None):
        self.path.write_text(json.dumps(self.rows), encoding="utf-8")


def send_gaps(rows: list[list]) -> dict:
    """The smallest gap between two sends to one host, and how many sends were noted."""
    by_host: dict[str, list[float]] = {}
    for host, _url, sent in rows:
        by_host.setdefault(host, []).append(sent)
    gaps = [b - a for sends in map(sorted, by_host.values()) for a, b in zip(sends, sends[1:])]
    return {"sent": len(rows), "min_send_gap": min(gaps, default=None)}
