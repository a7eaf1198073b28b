"""Turn a Scrapy/Twisted failure into a crawl-error kind and a one-line reason."""
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
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


def classify_failure(failure) -> tuple[str, str, int | None]:
    """Return ``(kind, reason, http_status)`` for an errback failure."""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return "http", f"HTTP {status}", status
    if isinstance(exc, IgnoreRequest):
        reason = str(exc) or "request ignored"
        return ("robots" if "robots.txt" in reason else "ignored"), reason, None
    if isinstance(exc, (DownloadCancelledError, CancelledError)):
        # Scrapy cancels a download that grows past DOWNLOAD_MAXSIZE (or announces it will)
        return "too_large", str(exc) or "download cancelled: larger than DOWNLOAD_MAXSIZE", None
    for types, kind in _KINDS:
        if isinstance(exc, types):
            return kind, f"{type(exc).__name__}: {exc}".strip(": "), None
    return "other", f"{type(exc).__name__}: {exc}", None
