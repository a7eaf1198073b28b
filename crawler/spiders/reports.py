"""The one spider: walks report columns (年报栏目) of registry sites, or of one column given by URL.

Which links to follow and how to page through a column is decided by ``extract.extract_listing``
(pure, per-platform); what a page says is decided by ``extract.extract_report``. This module
schedules requests (conditional ones for reports the archive already holds), stays on the site,
downloads attachments, and turns every failure into a recorded crawl error.
"""
import hashlib
import re
from datetime import datetime, timezone
from urllib.parse import unquote, urlsplit

import scrapy
from scrapy.http import TextResponse

import registry
from crawler.errors import classify_failure
from crawler.items import (AttachmentItem, CrawlErrorItem, NotModifiedItem, RemovedItem,
                           ReportItem)
from crawler.walk import ColumnWalk
from extract import ExtractionError, extract_listing, extract_report
from extract.documents import extract_document_text

_PAGE_TYPES = re.compile(r"\s*(text/|application/(xhtml\+)?xml|application/json)", re.I)
_GONE = (404, 410)


def adhoc_site(url: str) -> registry.Site:
    """A site for a column URL that is in no registry: the crawl stays on the column's host."""
    parts = urlsplit(url)
    slug = re.sub(r"[^a-z0-9]+", "-", parts.netloc.lower()).strip("-")
    return registry.Site(
        slug=f"adhoc-{slug}", agency=None, region=None, region_code=None,
        homepage=f"{parts.scheme}://{parts.netloc}/", columns=(url,), platform=None,
        fixture=False, verified=False, notes="crawled by URL; not in the registry",
    )


class ReportsSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, sites: str | None = None, url: str | None = None,
                 fixture_url: str | None = None, full: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self._site_arg, self._url_arg, self._fixture_arg = sites, url, fixture_url
        self.full = str(full or "").lower() in ("1", "true", "yes")
        self.sites: dict[str, registry.Site] = {}
        self.walk = ColumnWalk()
        self.resumed = False
        # Filled by the archive pipeline when it opens: what the archive already holds.
        self.known: dict[str, dict] = {}
        self.known_attachments: set[str] = set()
        self.pending_attachments: list[dict] = []

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        fixture_base = spider._fixture_arg or crawler.settings.get("XXGK_FIXTURE_URL")
        spider.sites = {s.slug: s for s in spider.select_sites(fixture_base)}
        spider.max_list_pages = crawler.settings.getint("XXGK_MAX_LIST_PAGES", 500)
        spider.attachment_maxsize = crawler.settings.getint("XXGK_ATTACHMENT_MAXSIZE")
        return spider

    def select_sites(self, fixture_base: str | None) -> list[registry.Site]:
        """The sites this run crawls: ``-a url=…``, ``-a sites=a,b``, or every site it can reach."""
        if self._url_arg:
            return [adhoc_site(self._url_arg)]
        if self._site_arg:
            chosen = [registry.get_site(s.strip()) for s in self._site_arg.split(",") if s.strip()]
        else:
            chosen = [s for s in registry.load_sites() if s.fixture == bool(fixture_base)]
        return [s.resolve(fixture_base) for s in chosen]

    async def start(self):
        # With a JOBDIR, Scrapy keeps ``self.state`` across a clean stop: a resumed run sees only
        # part of each listing, so it must not infer removals from what it did not list.
        state = getattr(self, "state", None)
        self.resumed = bool(state and state.get("started"))
        if state is not None:
            state["started"] = True
        for site in self.sites.values():
            for column in site.columns:
                self.walk.start(site.slug, column)
                yield self.listing_request(column, site.slug, column, page=1)
        for pending in self.pending_attachments:  # left over by a crawl that was cut short
            if pending["site_id"] in self.sites and self.on_site(pending["url"], pending["site_id"]):
                yield self.attachment_request(pending["url"], pending["report_url"],
                                              pending["site_id"])

    # Listings ------------------------------------------------------------------------------

    def listing_request(self, url: str, site_id: str, column: str, page: int) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_listing, errback=self.on_error, dont_filter=page == 1,
            cb_kwargs={"site_id": site_id, "page": page, "listing_url": url, "column": column},
            meta={"site_id": site_id, "column": column},
        )

    def fully_walked(self, site_id: str) -> bool:
        """Every column of the site walked to its last page in this run (not a resumed one)."""
        return not self.resumed and self.walk.fully_walked(site_id)

    def on_site(self, url: str, site_id: str) -> bool:
        """Offsite links are never followed: a URL must stay under the site's root (http and
        https, with or without ``www.``, count as the same site)."""
        return _scheme_free(url).startswith(_scheme_free(self.sites[site_id].root_url))

    def parse_listing(self, response, site_id: str, page: int, listing_url: str, column: str):
        # A column URL's fragment can carry data the page needs (gkmlpt: #<category id>); HTTP
        # drops it, so the extractor is given the URL as requested when the response is that page.
        url = listing_url if listing_url.split("#")[0] == response.url else response.url
        try:
            listing = extract_listing(response.body, url, _headers(response))
        except ExtractionError as exc:
            self.walk.end(site_id, column, "failed")
            yield self.error_item(response.url, "parse", f"listing: {exc}", response.status, site_id)
            return
        links = [link for link in listing["links"] if self._keep_link(link, site_id)]
        self.walk.saw(site_id, (link["url"] for link in links))
        for link in links:
            yield self.report_request(link, site_id)
        next_page = listing.get("next_page")
        if not next_page or not self.on_site(next_page, site_id):
            self.walk.end(site_id, column, "complete")
        elif page >= self.max_list_pages:
            self.walk.end(site_id, column, "stopped")
        elif not self.full and links and all(link["url"] in self.known for link in links):
            self.walk.end(site_id, column, "stopped")  # nothing new here: older pages are known
        else:
            yield self.listing_request(next_page, site_id, column, page + 1)

    def _keep_link(self, link: dict, site_id: str) -> bool:
        if self.on_site(link["url"], site_id):
            return True
        self.crawler.stats.inc_value("xxgk/offsite_links_skipped")
        return False

    # Reports -------------------------------------------------------------------------------

    def report_request(self, link: dict, site_id: str) -> scrapy.Request:
        """A GET for a listed page; conditional when the archive holds validators for it."""
        known = self.known.get(link["url"]) or {}
        headers = {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        return scrapy.Request(
            link["url"], callback=self.parse_report, errback=self.on_error, headers=headers,
            cb_kwargs={"site_id": site_id},
            meta={"site_id": site_id, "listing": link, "handle_httpstatus_list": [304, *_GONE]},
        )

    def parse_report(self, response, site_id: str):
        if response.status == 304:
            yield NotModifiedItem(url=response.url, site_id=site_id, fetched_at=_now())
            return
        if response.status in _GONE:
            yield self.error_item(response.url, "http", f"HTTP {response.status}",
                                  response.status, site_id)
            if response.url in self.known:
                yield RemovedItem(url=response.url, reason=f"HTTP {response.status}")
            return
        content_type = _headers(response).get("Content-Type", "")
        if not isinstance(response, TextResponse) or not _PAGE_TYPES.match(content_type or "text/"):
            yield self.error_item(response.url, "not_html",
                                  f"not a page: {content_type or 'no content type'}, "
                                  f"{len(response.body)} bytes", response.status, site_id)
            return
        try:
            record = extract_report(response.body, response.url, _headers(response))
        except ExtractionError as exc:
            yield self.error_item(response.url, "parse", str(exc), response.status, site_id)
            return
        yield ReportItem(record=record, fetch=_fetch(response, site_id))
        for attachment in record["attachments"]:
            if attachment["url"] not in self.known_attachments and \
                    self.on_site(attachment["url"], site_id):
                yield self.attachment_request(attachment["url"], response.url, site_id)

    # Attachments ---------------------------------------------------------------------------

    def attachment_request(self, url: str, report_url: str, site_id: str) -> scrapy.Request:
        meta = {"site_id": site_id, "attachment_of": report_url}
        if self.attachment_maxsize:
            meta["download_maxsize"] = self.attachment_maxsize
        return scrapy.Request(url, callback=self.parse_attachment, errback=self.on_error,
                              cb_kwargs={"report_url": report_url}, meta=meta)

    def parse_attachment(self, response, report_url: str):
        filename = unquote(urlsplit(response.url).path.rsplit("/", 1)[-1] + "?"
                           + urlsplit(response.url).query)
        doc = extract_document_text(response.body, filename,
                                    _headers(response).get("Content-Type"))
        yield AttachmentItem(report_url=report_url, url=response.url, data=response.body,
                             mime=doc.mime, text=doc.text, text_status=doc.status,
                             text_reason=doc.reason, pages=doc.pages)

    # Failures ------------------------------------------------------------------------------

    def on_error(self, failure):
        request = failure.request
        kind, reason, status = classify_failure(failure)
        self.logger.warning("%s %s: %s", kind, request.url, reason)
        if request.callback == self.parse_listing:
            self.walk.end(request.meta["site_id"], request.meta["column"], "failed")
        yield self.error_item(request.url, kind, reason, status, request.meta.get("site_id"),
                              request.headers.get("Referer"), request.meta.get("attachment_of"))

    def error_item(self, url, kind, reason, status=None, site_id=None, referer=None,
                   attachment_of=None):
        self.crawler.stats.inc_value(f"xxgk/errors/{kind}")
        if isinstance(referer, bytes):
            referer = referer.decode("latin-1")
        return CrawlErrorItem(url=url, kind=kind, reason=reason, status=status,
                              site_id=site_id, referer=referer, attachment_of=attachment_of)


def _fetch(response, site_id: str) -> dict:
    headers = _headers(response)
    warc = response.meta.get("warc") or {}
    return {
        "url": response.url,
        "fetched_at": _now(),
        "http_status": response.status,
        "sha256": hashlib.sha256(response.body).hexdigest(),
        "site_id": site_id,
        "content_type": headers.get("Content-Type"),
        "size": len(response.body),
        "body_bytes": response.body,
        "etag": headers.get("ETag"),
        "last_modified": headers.get("Last-Modified"),
        "warc_file": warc.get("file"),
        "warc_offset": warc.get("offset"),
    }


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _scheme_free(url: str) -> str:
    rest = url.split("://", 1)[-1].lower()
    return rest[4:] if rest.startswith("www.") else rest


def _headers(response):
    """The response headers as a case-insensitive dict of strings."""
    return response.headers.to_unicode_dict()
