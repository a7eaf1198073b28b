"""Write every HTTP exchange of a crawl run to a WARC file (warcio), so any page can be replayed
with standard web-archive tools (and imported again: ``xxgk import-warc``, crawler/replay.py);
each response's place in the file goes into ``request.meta["warc"]``.

A downloader middleware that sits next to the network, before Scrapy's redirect, decompression
and meta-refresh middlewares: so the file holds what the server sent — 3xx answers and
``<meta http-equiv=refresh>`` pages included, the body as it came (compressed, with its
``Content-Encoding``) — and a replay through the same middlewares walks the same way. Only the
transfer framing is gone (Scrapy has undone chunking): ``Transfer-Encoding`` is dropped and
``Content-Length`` corrected.

The file begins with a ``warcinfo`` record naming the software and, under ``xxgk-site``, each
site of the run as its profile (JSON, URLs resolved), so an import knows the sites and their
columns exactly as the crawl did.
"""
import io
import json
import socket
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

_DROP = {b"transfer-encoding", b"content-length"}
SITE_FIELD = "xxgk-site"  # warcinfo field: one site profile of the run, as JSON
PROXY_FIELD = "XXGK-Proxy"  # response record header: the proxy the response came through


def software() -> str:
    """This crawler's name and version, and the libraries that fetched and wrote, for warcinfo."""
    from importlib.metadata import PackageNotFoundError, version

    def of(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return "unknown"

    return (f"xxgk-archive/{of('xxgk-archive')} (Scrapy {of('scrapy')}; warcio"
            f" {of('warcio')})")


class WarcRecorder:
    """Downloader middleware; on unless XXGK_WARC is false. Files go to XXGK_WARC_DIR, by
    default ``warc/`` beside the archive database; the file's name is the run's stat
    ``xxgk/warc_file`` (kept in ``crawl_runs.stats``)."""

    def __init__(self, crawler, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        self.crawler = crawler
        self.path = directory / f"xxgk-{stamp}.warc.gz"
        self.file = open(self.path, "ab")
        self.writer = WARCWriter(self.file, gzip=True, warc_version="1.1")
        crawler.stats.set_value("xxgk/warc_file", self.path.name)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("XXGK_WARC", True):
            raise NotConfigured  # XXGK_WARC is off (an import: the capture is the record)
        directory = (crawler.settings.get("XXGK_WARC_DIR")
                     or Path(crawler.settings.get("XXGK_DB")).parent / "warc")
        recorder = cls(crawler, Path(directory))
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_opened(self, spider):
        fields = {"software": software(), "format": "WARC File Format 1.1",
                  "hostname": socket.gethostname(),
                  "robots": "obey" if self.crawler.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                  "http-header-user-agent": self.crawler.settings.get("USER_AGENT") or ""}
        lines = [f"{name}: {value}" for name, value in fields.items()]
        # one line per site: warcinfo is "name: value" lines, and a name may repeat
        lines += [f"{SITE_FIELD}: {site_json(site)}" for site in getattr(spider, "sites", {}).values()]
        body = "".join(line.replace("\r", " ").replace("\n", " ") + "\r\n" for line in lines).encode()
        record = self.writer.create_warc_record(
            "", "warcinfo", payload=io.BytesIO(body), length=len(body),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Filename": self.path.name})
        self.writer.write_record(record)
        self.file.flush()

    def process_response(self, request, response, spider=None):
        offset = self.file.tell()
        record = self._response_record(response, request.meta.get("xxgk_proxy"))
        self.writer.write_record(record)
        self.writer.write_record(self._request_record(request))
        self.file.flush()
        request.meta["warc"] = {"file": self.path.name, "offset": offset,
                                "record_id": record.rec_headers.get_header("WARC-Record-ID")}
        return response

    def _response_record(self, response, proxy: str | None = None):
        headers = [(k.decode("latin-1"), v.decode("latin-1"))
                   for k, values in response.headers.items() if k.lower() not in _DROP
                   for v in values]
        headers.append(("Content-Length", str(len(response.body))))
        status = f"{response.status} {_reason(response.status)}"
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        # the proxy it came through (crawler/proxy.py; no credentials), for an import to record
        extra = {PROXY_FIELD: proxy} if proxy else None
        return self.writer.create_warc_record(
            response.url, "response", payload=io.BytesIO(response.body),
            length=len(response.body), http_headers=http, warc_headers_dict=extra)

    def _request_record(self, request):
        path = request.url.split("://", 1)[-1].partition("/")[2].partition("#")[0]
        headers = [(k.decode("latin-1"), v.decode("latin-1"))
                   for k, values in request.headers.items() for v in values]
        http = StatusAndHeaders(f"{request.method} /{path} HTTP/1.1", headers,
                                is_http_request=True)
        return self.writer.create_warc_record(
            request.url, "request", payload=io.BytesIO(request.body or b""),
            length=len(request.body or b""), http_headers=http)

    def spider_closed(self, spider):
        self.file.close()


def site_json(site) -> str:
    """A site profile (registry.Site) as one line of JSON."""
    return json.dumps(asdict(site), ensure_ascii=False, separators=(",", ":"))


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
