"""Write every HTTP exchange of a crawl run to a WARC file (warcio), so any page can be replayed
with standard web-archive tools; each response's place in the file goes into ``response.meta``.

Scrapy hands us the body already decoded (gzip/deflate undone), so the stored response carries
the decoded body with Content-Encoding/Transfer-Encoding dropped and Content-Length corrected.
"""
import io
from datetime import datetime, timezone
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

_DROP = {b"content-encoding", b"transfer-encoding", b"content-length"}


class WarcWriterExtension:
    """On unless XXGK_WARC is false; files go to XXGK_WARC_DIR, by default ``warc/`` beside the
    archive database."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        self.path = directory / f"xxgk-{stamp}.warc.gz"
        self.file = open(self.path, "ab")
        self.writer = WARCWriter(self.file, gzip=True)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("XXGK_WARC", True):
            raise NotConfigured("XXGK_WARC is off")
        directory = (crawler.settings.get("XXGK_WARC_DIR")
                     or Path(crawler.settings.get("XXGK_DB")).parent / "warc")
        ext = cls(Path(directory))
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def response_received(self, response, request, spider):
        offset = self.file.tell()
        self.writer.write_record(self._response_record(response))
        self.writer.write_record(self._request_record(request))
        self.file.flush()
        request.meta["warc"] = {"file": self.path.name, "offset": offset}

    def _response_record(self, response):
        headers = [(k.decode("latin-1"), v.decode("latin-1"))
                   for k, values in response.headers.items() if k.lower() not in _DROP
                   for v in values]
        headers.append(("Content-Length", str(len(response.body))))
        status = f"{response.status} {_reason(response.status)}"
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        return self.writer.create_warc_record(
            response.url, "response", payload=io.BytesIO(response.body),
            length=len(response.body), http_headers=http)

    def _request_record(self, request):
        path = request.url.split("://", 1)[-1].partition("/")[2]
        headers = [(k.decode("latin-1"), v.decode("latin-1"))
                   for k, values in request.headers.items() for v in values]
        http = StatusAndHeaders(f"{request.method} /{path} HTTP/1.1", headers,
                                is_http_request=True)
        return self.writer.create_warc_record(
            request.url, "request", payload=io.BytesIO(request.body or b""),
            length=len(request.body or b""), http_headers=http)

    def spider_closed(self, spider):
        self.file.close()


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
