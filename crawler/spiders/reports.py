"""The one spider: walks report columns (年报栏目) of registry sites, or of one column given by URL.

Which links to follow and how to page through a column is decided by ``extract.extract_listing``
(pure, per-platform); what a page says is decided by ``extract.extract_report``. This module only
schedules requests, stays on the site, and turns every failure into a recorded crawl error.
"""
import hashlib
import re
from datetime import datetime, timezone
from urllib.parse import urlsplit

import scrapy
from scrapy.http import TextResponse

import registry
from crawler.errors import classify_failure
from crawler.items import CrawlErrorItem, ReportItem
from extract import ExtractionError, extract_listing, extract_report


_PAGE_TYPES = re.compile(r"\s*(text/|application/(xhtml\+)?xml|application/json)", re.I)


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
                 fixture_url: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self._site_arg, self._url_arg, self._fixture_arg = sites, url, fixture_url
        self.sites: dict[str, registry.Site] = {}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        fixture_base = spider._fixture_arg or crawler.settings.get("XXGK_FIXTURE_URL")
        spider.sites = {s.slug: s for s in spider.select_sites(fixture_base)}
        spider.max_list_pages = crawler.settings.getint("XXGK_MAX_LIST_PAGES", 500)
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
        for site in self.sites.values():
            for column in site.columns:
                yield self.listing_request(column, site.slug, page=1)

    def listing_request(self, url: str, site_id: str, page: int) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_listing, errback=self.on_error,
            cb_kwargs={"site_id": site_id, "page": page, "listing_url": url},
            meta={"site_id": site_id},
        )

    def on_site(self, url: str, site_id: str) -> bool:
        """Offsite links are never followed: a URL must stay under the site's root (http and
        https, with or without ``www.``, count as the same site)."""
        return _scheme_free(url).startswith(_scheme_free(self.sites[site_id].root_url))

    def parse_listing(self, response, site_id: str, page: int, listing_url: str):
        # A column URL's fragment can carry data the page needs (gkmlpt: #<category id>); HTTP
        # drops it, so the extractor is given the URL as requested when the response is that page.
        url = listing_url if listing_url.split("#")[0] == response.url else response.url
        try:
            listing = extract_listing(response.body, url, _headers(response))
        except ExtractionError as exc:
            yield self.error_item(response.url, "parse", f"listing: {exc}", response.status, site_id)
            return
        for link in listing["links"]:
            if not self.on_site(link["url"], site_id):
                self.crawler.stats.inc_value("xxgk/offsite_links_skipped")
                continue
            yield scrapy.Request(
                link["url"], callback=self.parse_report, errback=self.on_error,
                cb_kwargs={"site_id": site_id}, meta={"site_id": site_id, "listing": link},
            )
        next_page = listing.get("next_page")
        if next_page and self.on_site(next_page, site_id) and page < self.max_list_pages:
            yield self.listing_request(next_page, site_id, page + 1)

    def parse_report(self, response, site_id: str):
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
        yield ReportItem(record=record, fetch={
            "url": response.url,
            "fetched_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "http_status": response.status,
            "sha256": hashlib.sha256(response.body).hexdigest(),
            "site_id": site_id,
            "content_type": _headers(response).get("Content-Type"),
            "size": len(response.body),
        })

    def on_error(self, failure):
        request = failure.request
        kind, reason, status = classify_failure(failure)
        self.logger.warning("%s %s: %s", kind, request.url, reason)
        yield self.error_item(request.url, kind, reason, status, request.meta.get("site_id"),
                              request.headers.get("Referer"))

    def error_item(self, url, kind, reason, status=None, site_id=None, referer=None):
        self.crawler.stats.inc_value(f"xxgk/errors/{kind}")
        if isinstance(referer, bytes):
            referer = referer.decode("latin-1")
        return CrawlErrorItem(url=url, kind=kind, reason=reason, status=status,
                              site_id=site_id, referer=referer)


def _scheme_free(url: str) -> str:
    rest = url.split("://", 1)[-1].lower()
    return rest[4:] if rest.startswith("www.") else rest


def _headers(response) -> dict[str, str]:
    return {k.decode("latin-1"): v[0].decode("latin-1")
            for k, v in response.headers.items() if v}
