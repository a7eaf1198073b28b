"""Turn a Scrapy/Twisted failure into a crawl-error kind and a one-line reason."""
import re

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.core.downloader.handlers.http11 import TunnelError
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError

from xxgk.crawler.replay import NotCaptured
from xxgk.crawler.scope import OutOfScope
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)

_KINDS = (
    (HttpError, "http"),
    ((DownloadTimeoutError, TimeoutError, TCPTimedOutError), "timeout"),
    ((CannotResolveHostError, DNSLookupError), "dns"),
    ((DownloadConnectionRefusedError, ConnectionRefusedError, ResponseDataLossError,
      DownloadFailedError), "connection"),
)


_TUNNEL_STATUS = re.compile(r"'status':\s*(\d{3})")  # Scrapy's message: [{'status': 407, …}]


def classify_failure(failure) -> tuple[str, str, int | None]:
    """Return ``(kind, reason, http_status)`` for an errback failure."""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return "http", f"HTTP {status}", status
    if isinstance(exc, OutOfScope):
        return "offsite", str(exc), None
    if isinstance(exc, TunnelError):  # the proxy refused to CONNECT to an https site
        found = _TUNNEL_STATUS.search(str(exc))
        if found:
            status = int(found.group(1))
            return "http", f"HTTP {status} from the proxy to CONNECT: {exc}", status
        return "connection", f"TunnelError: {exc}", None
    if isinstance(exc, NotCaptured):
        return "not_captured", str(exc), None
    if isinstance(exc, IgnoreRequest):
        reason = str(exc) or "request ignored"
        if "robots.txt" in reason:
            return "robots", reason, None
        if "redirection" in reason:  # RedirectMiddleware: REDIRECT_MAX_TIMES hops
            return "redirect", f"redirect chain too long ({reason})", None
        return "other", reason, None
    if isinstance(exc, (DownloadCancelledError, CancelledError)):
        # Scrapy cancels a download that grows past DOWNLOAD_MAXSIZE (or announces it will)
        return "too_large", str(exc) or "download cancelled: larger than DOWNLOAD_MAXSIZE", None
    for types, kind in _KINDS:
        if isinstance(exc, types):
            return kind, f"{type(exc).__name__}: {exc}".strip(": "), None
    return "other", f"{type(exc).__name__}: {exc}", None


class RecordCallbackErrors:
    """Spider middleware: an exception raised by a callback becomes a crawl error (kind
    ``callback``) for the page it was parsing, and the items and requests the callback yielded
    before it stay. Nothing a callback does can lose a page without a record."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_exception(self, response, exception, spider=None):
        from xxgk.crawler.items import CrawlErrorItem

        self.crawler.stats.inc_value("xxgk/errors/callback")
        meta = response.meta if response.request is not None else {}
        message = " ".join(str(exception).split()) or type(exception).__name__
        return [CrawlErrorItem(
            url=response.url, kind="callback", status=response.status,
            reason=f"{type(exception).__name__} while reading the page: {message}"[:500],
            site_id=meta.get("site_id"), attachment_of=meta.get("attachment_of"),
            attachment_url=meta.get("attachment_url"))]
