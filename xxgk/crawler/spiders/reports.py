"""The one spider: walks report columns (年报栏目) of registry sites, or of one column given by URL.

Which links to follow and how to page through a column is decided by ``extract.extract_listing``
(pure, per-platform); what a page says is decided by ``extract.extract_report``. This module
schedules requests (conditional ones for reports the archive already holds), stays on the site,
downloads attachments, and turns every failure into a recorded crawl error.
"""
import asyncio
import dataclasses
import hashlib
import json
import re
from datetime import datetime, timezone
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import TextResponse

from xxgk import registry
from xxgk.archive.ids import report_id as store_report_id
from xxgk.crawler.errors import classify_failure
from xxgk.crawler.items import (ArchiveState, AttachmentItem, CaptureRecordItem, CrawlErrorItem,
                                NotModifiedItem, RemovedItem, ReportItem)
from xxgk.crawler.replay import Capture
from xxgk.crawler.scope import SiteScope
from xxgk.crawler.walk import ColumnWalk
from xxgk.extract import ExtractionError, extract_listing, extract_report
from xxgk.extract.bounded import read_attachment
from xxgk.extract.model import Report
from xxgk.extract.stats import parse_stats_reading
from xxgk.extract.urls import file_name, is_http_url, url_key

_PAGE_TYPES = re.compile(r"\s*(text/|application/(xhtml\+)?xml|application/json)", re.I)
_GONE = (404, 410)


def adhoc_site(url: str, also_hosts: str | None = None) -> registry.Site:
    """A site for a column URL that is in no registry: the crawl stays on the column's host
    (and, one hop, its sibling hosts: ``also_hosts``, comma-separated, as a profile's)."""
    parts = urlsplit(url)
    slug = re.sub(r"[^a-z0-9]+", "-", parts.netloc.lower()).strip("-")
    return registry.Site(
        slug=f"adhoc-{slug}", agency=None, region=None, region_code=None,
        homepage=f"{parts.scheme}://{parts.netloc}/", columns=(url,), platform=None,
        fixture=False, verified=False, notes="crawled by URL; not in the registry",
        also_hosts=registry.parse_also_hosts([h for h in (also_hosts or "").split(",") if h.strip()]),
    )


class UsageError(ValueError):
    """A spider argument that cannot be crawled (an empty or non-http URL, an empty site list)."""


class ReportsSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, sites: str | None = None, url: str | None = None,
                 fixture_url: str | None = None, full: str | None = None,
                 also_hosts: str | None = None, capture: str | None = None, **kwargs):
        super().__init__(**kwargs)
        # an import (``xxgk import-warc``, crawler/replay.py): a JSON job naming the capture's
        # files; every request is answered from them, never from the network
        self._capture_arg = capture
        self.capture: Capture | None = None
        self._leftovers_offered = False
        self._site_arg, self._url_arg, self._fixture_arg = sites, url, fixture_url
        self._also_arg = also_hosts  # with url=: the column's sibling hosts (crawler/scope.py)
        self.full = str(full or "").lower() in ("1", "true", "yes")
        self.sites: dict[str, registry.Site] = {}
        self.scopes: dict[str, SiteScope] = {}  # read by crawler.scope.ScopeMiddleware
        self.walk = ColumnWalk()
        self.requested: set[str] = set()  # canonical URLs of the reports requested this run
        self.resumed = False
        # Handed over by the archive pipeline when it opens (``archive_opened``): lookups of
        # what the archive already holds, by canonical URL (extract.urls.url_key), like
        # everything the walk compares.
        self.known_report = lambda key: None
        self.known_attachment = lambda url: False
        self.known_record = lambda record_id: False
        self.pending_attachments: list[dict] = []

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        fixture_base = spider._fixture_arg or crawler.settings.get("XXGK_FIXTURE_URL")
        if spider._capture_arg:
            job = json.loads(open(spider._capture_arg, encoding="utf-8").read())
            spider.capture = Capture.of_files(job["files"])
            for problem in spider.capture.problems:
                spider.logger.warning(problem)
            spider.full = True  # read every listing page the capture holds
            crawler.signals.connect(spider.offer_leftovers, signal=signals.spider_idle)
        spider.sites = {s.slug: s for s in spider.select_sites(fixture_base)}
        spider.scopes = {slug: SiteScope.of_site(site) for slug, site in spider.sites.items()}
        spider.max_list_pages = crawler.settings.getint("XXGK_MAX_LIST_PAGES", 500)
        spider.run_proxy = crawler.settings.get("XXGK_PROXY")  # checked: no credentials
        spider.attachment_maxsize = crawler.settings.getint("XXGK_ATTACHMENT_MAXSIZE")
        return spider

    def archive_opened(self, state: ArchiveState) -> None:
        """The archive pipeline's one handover, before the first request."""
        self.known_report = state.known_report
        self.known_attachment = state.known_attachment
        self.known_record = state.known_record
        self.pending_attachments = state.pending_attachments if self.capture is None else []
        if state.walk_everything and not self.full:
            self.logger.info("the previous crawl did not finish: walking every listing page")
            self.full = True

    def run_args(self) -> dict:
        """This run's arguments as the crawl_runs row records them."""
        args = (("sites", self._site_arg), ("url", self._url_arg), ("fixture_url", self._fixture_arg),
                ("also_hosts", self._also_arg))
        extra = {}
        if self.capture is not None:
            first, last = self.capture.span()
            extra = {"import": sorted(self.capture.software), "captured": [first, last],
                     "software": sorted(set(self.capture.software.values()))}
        if getattr(self, "run_proxy", None):
            extra["proxy"] = self.run_proxy
        return {**{k: v for k, v in args if v}, "full": self.full, **extra}

    def select_sites(self, fixture_base: str | None) -> list[registry.Site]:
        """The sites this run crawls: ``-a url=…``, ``-a sites=a,b``, or every site it can reach;
        for an import, the named sites, else the capture's own (crawler/replay.py)."""
        if self.capture is not None:
            return capture_sites(self.capture, self._site_arg, fixture_base)
        if self._url_arg is not None:
            if not is_http_url(self._url_arg):
                raise UsageError(f"url={self._url_arg!r} is not an http(s) URL with a host")
            return [adhoc_site(self._url_arg, self._also_arg)]
        if self._site_arg is not None:
            chosen = [registry.get_site(s.strip()) for s in self._site_arg.split(",") if s.strip()]
            if not chosen:
                raise UsageError("sites= names no site (the real registry is crawled only when "
                                 "no site, URL or fixture web is given)")
        else:
            chosen = [s for s in registry.load_sites() if s.fixture == bool(fixture_base)]
        return [s.resolve(fixture_base) for s in chosen]

    async def start(self):
        # With a JOBDIR, Scrapy keeps ``self.state`` across a clean stop: a resumed run sees only
        # part of each listing, so it must not infer removals from what it did not list.
        state = getattr(self, "state", None)
        self.resumed = bool(state and state.get("started"))
        if self.capture is not None and self.capture.problems:
            self.crawler.stats.set_value("xxgk/capture/problems", self.capture.problems)
        if state is not None:
            state["started"] = True
        for site in self.sites.values():
            for column in site.columns:
                self.walk.start(site.slug, column)
                yield self.listing_request(column, site.slug, column, page=1)
        for pending in self.pending_attachments:  # left over by a crawl that was cut short
            if pending["site_id"] in self.sites:
                for request in self.follow_attachment(pending["url"], pending["report_url"],
                                                      pending["site_id"], pending["report_year"]):
                    yield request

    # Listings ------------------------------------------------------------------------------

    def listing_request(self, url: str, site_id: str, column: str, page: int) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_listing, errback=self.on_error, dont_filter=page == 1,
            cb_kwargs={"site_id": site_id, "page": page, "listing_url": url, "column": column},
            meta={"site_id": site_id, "column": column, "xxgk_kind": "listing"},
        )

    def fully_walked(self, site_id: str) -> bool:
        """Every column of the site walked to its last page in this run (not a resumed one)."""
        return not self.resumed and self.walk.fully_walked(site_id)

    def platform_of(self, site_id: str) -> str | None:
        """The platform the site's profile names (None: detected from each page)."""
        site = self.sites.get(site_id)
        return site.platform if site is not None else None

    def out_of_scope(self, url: str, site_id: str, kind: str = "report") -> str | None:
        """Why ``url`` is not to be followed from this site (crawler.scope); None when it is."""
        return self.scopes[site_id].refusal(url, kind)

    def parse_listing(self, response, site_id: str, page: int, listing_url: str, column: str):
        # A column URL's fragment can carry data the page needs (gkmlpt: #<category id>); HTTP
        # drops it, so the extractor is given the URL as requested when the response is that page.
        url = listing_url if listing_url.split("#")[0] == response.url else response.url
        try:
            listing = extract_listing(response.body, url, _headers(response), platform=self.platform_of(site_id))
        except ExtractionError as exc:
            self.walk.end(site_id, column, "failed")
            yield self.error_item(response.url, "parse", f"listing: {exc}", response.status, site_id)
            return
        self.noted(response, "listing")
        for bad in listing.get("rejected") or ():
            yield self.error_item(bad.get("href") or response.url, "bad_link",
                                  f"listing link not followed: {bad.get('reason')}",
                                  site_id=site_id, referer=response.url)
        links = []
        for link in listing.get("offsite") or ():  # on another host: a sibling's is fetched
            if "date" in link and self.out_of_scope(link["url"], site_id) is None:
                links.append(link)
                continue
            yield self.error_item(link["url"], "offsite", "listed report on another host not "
                                  f"fetched: {link['title']}", site_id=site_id,
                                  referer=response.url)
        for link in listing["links"]:
            reason = self.out_of_scope(link["url"], site_id)
            if reason is None:
                links.append(link)
            else:
                self.crawler.stats.inc_value("xxgk/offsite_links_skipped")
                yield self.error_item(link["url"], "offsite", f"listed report not fetched: "
                                      f"{reason}", site_id=site_id, referer=response.url)
        self.walk.saw(site_id, (url_key(link["url"]) for link in links))
        for link in links:
            key = url_key(link["url"])
            if key not in self.requested:  # one page under many session ids: fetched once
                self.requested.add(key)
                yield self.report_request(link, site_id)
        yield from self.next_listing(listing.get("next_page"), response, site_id, column, page,
                                     links)

    def next_listing(self, next_page, response, site_id, column, page, links):
        """The column's next listing page, or the end of the walk (recorded when it is a cap)."""
        if next_page and self.out_of_scope(next_page, site_id, "listing"):
            yield self.error_item(next_page, "offsite", "next listing page not followed: "
                                  + self.out_of_scope(next_page, site_id, "listing"),
                                  site_id=site_id, referer=response.url)
            next_page = None
        if not next_page:
            self.walk.end(site_id, column, "complete")
        elif page >= self.max_list_pages:
            self.walk.end(site_id, column, "stopped")
            yield self.error_item(next_page, "limit",
                                  f"column {column} has more than {self.max_list_pages} listing "
                                  "pages (XXGK_MAX_LIST_PAGES): the walk stopped here",
                                  site_id=site_id, referer=response.url)
        elif not self.full and links and all(self.known_report(url_key(link["url"])) for link in links):
            self.walk.end(site_id, column, "stopped")  # nothing new here: older pages are known
        else:
            yield self.listing_request(next_page, site_id, column, page + 1)

    # Reports -------------------------------------------------------------------------------

    def report_request(self, link: dict, site_id: str) -> scrapy.Request:
        """A GET for a listed page; conditional when the archive holds validators for it."""
        known = self.known_report(url_key(link["url"])) or {}
        headers = {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        return scrapy.Request(
            link["url"], callback=self.parse_report, errback=self.on_error, headers=headers,
            cb_kwargs={"site_id": site_id},
            meta={"site_id": site_id, "listing": link, "xxgk_kind": "report",
                  "handle_httpstatus_list": [304, *_GONE]},
        )

    def parse_report(self, response, site_id: str):
        requested = response.request.url if response.request is not None else response.url
        if url_key(response.url) != url_key(requested):  # redirected on the site: both name it
            self.walk.saw(site_id, [url_key(response.url)])
        if self.older_than_archived(response):
            return
        if response.status == 304:
            yield from self.not_modified(response, site_id)
            return
        if response.status in _GONE:
            yield self.error_item(response.url, "http", f"HTTP {response.status}",
                                  response.status, site_id)
            if self.known_report(url_key(response.url)):
                yield RemovedItem(url=response.url, reason=f"HTTP {response.status}",
                                  at=_captured_at(response))
            return
        content_type = _headers(response).get("Content-Type", "")
        if not isinstance(response, TextResponse) or not _PAGE_TYPES.match(content_type or "text/"):
            yield self.error_item(response.url, "not_html",
                                  f"not a page: {content_type or 'no content type'}, "
                                  f"{len(response.body)} bytes", response.status, site_id)
            return
        if self.already_imported(response):
            return
        try:
            record = extract_report(response.body, response.url, _headers(response),
                                    platform=self.platform_of(site_id), stats=False)
        except ExtractionError as exc:
            yield self.error_item(response.url, "parse", str(exc), response.status, site_id)
            return
        if response.meta.get("leftover") and not record.is_report:  # reached by no listing
            self.noted(response, "skipped", "a page no report column of the capture lists, and"
                       " not a report")
            return
        self.noted(response, "report" if record.is_report else "page",
                   report_id=store_report_id(record.url))
        yield from self.page_problems(record, response, site_id)
        yield ReportItem(record=record, fetch=_fetch(response, site_id),
                         stats_unread=record.is_report)
        for attachment in [*record.attachments, *record.page_images]:  # files, then pictures
            yield from self.follow_attachment(attachment["url"], response.url, site_id,
                                              record.report_year)

    def not_modified(self, response, site_id: str):
        if self.known_report(url_key(response.url)):
            yield NotModifiedItem(url=response.url, site_id=site_id,
                                  fetched_at=_captured_at(response) or _now())
        else:  # nothing to compare with: the server answered a question nobody asked
            yield self.error_item(response.url, "http", "HTTP 304 Not Modified to a request "
                                  "without validators: nothing archived", 304, site_id)

    def page_problems(self, record: Report, response, site_id: str):
        """Errors for what the extractor could not use on an archived page (its rejected links
        are taken off the record: they become crawl errors)."""
        rejected, record.rejected_links = record.rejected_links, []
        for bad in rejected or ():
            yield self.error_item(bad.get("href") or response.url, "bad_link",
                                  f"link on {response.url} not followed: {bad.get('reason')}",
                                  site_id=site_id, referer=response.url)

    # Attachments ---------------------------------------------------------------------------

    def follow_attachment(self, url: str, report_url: str, site_id: str, report_year=None):
        if self.known_attachment(url):
            return
        reason = self.out_of_scope(url, site_id, "attachment")
        if reason:
            yield self.error_item(url, "offsite", f"attachment not fetched: {reason}",
                                  site_id=site_id, referer=report_url, attachment_of=report_url)
        else:
            yield self.attachment_request(url, report_url, site_id, report_year)

    def attachment_request(self, url: str, report_url: str, site_id: str,
                           report_year: int | None = None) -> scrapy.Request:
        # the link as the report lists it is the attachment's identity, whatever the server
        # answers from (percent-encoded, redirected)
        meta = {"site_id": site_id, "attachment_of": report_url, "attachment_url": url,
                "xxgk_kind": "attachment"}
        if self.attachment_maxsize:
            meta["download_maxsize"] = self.attachment_maxsize
        return scrapy.Request(url, callback=self.parse_attachment, errback=self.on_error,
                              cb_kwargs={"report_url": report_url, "report_year": report_year},
                              meta=meta)

    async def parse_attachment(self, response, report_url: str, report_year: int | None = None):
        if self.already_imported(response):
            return
        self.noted(response, "attachment", report_id=store_report_id(report_url))
        filename = file_name(response.url)
        # in a child process with time and memory budgets, awaited off the reactor thread
        doc = await asyncio.to_thread(read_attachment, response.body, filename,
                                      _headers(response).get("Content-Type"))
        # the standard tables in its text: parsed here, on the extract side, never by the store
        cells = (await asyncio.to_thread(parse_stats_reading, doc.text, report_year, doc.method,
                                         doc.tables, doc.confidences)
                 if doc.status == "ok" else [])
        yield AttachmentItem(report_url=report_url,
                             url=response.meta.get("attachment_url") or response.url,
                             data=response.body, mime=doc.mime, text=doc.text,
                             text_status=doc.status, text_reason=doc.reason, pages=doc.pages,
                             stats=cells, method=doc.method, tables=doc.tables,
                             confidences=doc.confidences)

    # Imports -------------------------------------------------------------------------------

    def noted(self, response, outcome: str, reason: str | None = None,
              report_id: str | None = None) -> None:
        """What became of the capture record a response came from (an import only)."""
        if self.capture is not None:
            self.crawler.stats.inc_value(f"xxgk/capture/{outcome}")
            self.capture.note((response.meta.get("warc") or {}).get("record_id"), outcome,
                              reason, report_id)

    def already_imported(self, response) -> bool:
        """An import: the record this response came from is in the archive already."""
        if self.capture is None:
            return False
        record_id = (response.meta.get("warc") or {}).get("record_id")
        if record_id and self.known_record(record_id):
            self.crawler.stats.inc_value("xxgk/capture/already imported")
            self.capture.note(record_id, "already imported")
            return True
        return False

    def older_than_archived(self, response) -> bool:
        """An import: the page was captured before the archive last saw its report, so it
        cannot be the report's newest state; it is listed, not stored (its file keeps it)."""
        captured = (response.meta.get("warc") or {}).get("captured_at")
        if self.capture is None or not captured:
            return False
        known = self.known_report(url_key(response.url)) or {}
        if (known.get("last_seen") or "") <= captured:
            return False
        self.noted(response, "skipped", f"captured {captured}, before the archive last saw this"
                   f" report ({known['last_seen']}): an older capture does not rewrite the"
                   " report's history")
        return True

    def offer_leftovers(self):
        """When the walk is done, the capture's pages it never reached are read as report
        pages once (only reports among them are kept): a capture made without the column."""
        if self._leftovers_offered:
            return
        self._leftovers_offered = True
        offered = False
        for rec in self.capture.leftovers():
            site_id = next((slug for slug, scope in self.scopes.items()
                            if scope.refusal(rec.uri, "report") is None), None)
            if site_id is None:
                continue
            offered = True
            self.crawler.engine.crawl(scrapy.Request(
                rec.uri, callback=self.parse_report, errback=self.on_error,
                cb_kwargs={"site_id": site_id},
                meta={"site_id": site_id, "xxgk_kind": "report", "leftover": True,
                      "handle_httpstatus_list": [304, *_GONE]}))
        if offered:
            raise DontCloseSpider

    def closing_items(self, reason: str = "finished"):
        """Items for the pipeline to save as the run closes: an import's record ledger (of an
        import that did not finish, only the records it used)."""
        if self.capture is None:
            return []
        rows = self.capture.ledger(complete=reason == "finished")
        self.crawler.stats.set_value("xxgk/capture/records", len(rows))
        skipped = sum(row["outcome"] == "skipped" for row in rows)
        self.crawler.stats.set_value("xxgk/capture/skipped", skipped)
        return [CaptureRecordItem(**row) for row in rows]

    # Failures ------------------------------------------------------------------------------

    def on_error(self, failure):
        request = failure.request
        kind, reason, status = classify_failure(failure)
        self.logger.warning("%s %s: %s", kind, request.url, reason)
        if request.callback == self.parse_listing:
            self.walk.end(request.meta["site_id"], request.meta["column"], "failed")
        yield self.error_item(request.url, kind, reason, status, request.meta.get("site_id"),
                              request.headers.get("Referer"), request.meta.get("attachment_of"),
                              request.meta.get("attachment_url"))

    def error_item(self, url, kind, reason, status=None, site_id=None, referer=None,
                   attachment_of=None, attachment_url=None):
        self.crawler.stats.inc_value(f"xxgk/errors/{kind}")
        if isinstance(referer, bytes):
            referer = referer.decode("latin-1")
        return CrawlErrorItem(url=url, kind=kind, reason=reason, status=status,
                              site_id=site_id, referer=referer, attachment_of=attachment_of,
                              attachment_url=attachment_url)


def capture_sites(capture: Capture, slugs: str | None, fixture_base: str | None):
    """The sites of an import: the registry sites named (``--site``; a fixture site's base URL
    is read off the capture), else the sites a crawl of ours wrote into its warcinfo, else the
    registry sites whose pages the capture holds, and a site by host for every other host with
    pages (no columns: its pages are read as report pages, crawler/replay.py)."""
    if slugs:
        chosen = [registry.get_site(s.strip()) for s in slugs.split(",") if s.strip()]
        return [s.resolve(fixture_base or _capture_base(capture, s)) for s in chosen]
    names = {f.name for f in dataclasses.fields(registry.Site)}
    if capture.sites:
        found = {}
        for data in capture.sites:
            data = {k: v for k, v in data.items() if k in names}
            data["columns"] = tuple(data.get("columns") or ())
            data["also_hosts"] = tuple(data.get("also_hosts") or ())
            found.setdefault(data["slug"], registry.Site(**data))
        return list(found.values())
    pages = [r.uri for r in capture.records.values() if r.rec_type in ("response", "revisit")
             and r.uri.startswith(("http://", "https://"))]
    chosen, covered = [], set()
    for site in registry.load_sites():
        base = _capture_base(capture, site) if site.fixture else None
        if site.fixture and base is None:
            continue
        site = site.resolve(base)
        scope = SiteScope.of_site(site)
        mine = {u for u in pages if scope.refusal(u, "report") is None}
        if mine:
            chosen.append(site)
            covered |= mine
    hosts = {}
    for uri in pages:
        parts = urlsplit(uri)
        if uri not in covered:
            hosts.setdefault(parts.netloc, f"{parts.scheme}://{parts.netloc}/")
    for home in hosts.values():
        site = adhoc_site(home)
        chosen.append(dataclasses.replace(site, columns=(), notes="read from an imported capture;"
                                          " not in the registry"))
    return chosen


def _capture_base(capture: Capture, site) -> str | None:
    """The fixture web's base URL in a capture of fixture site ``site`` (``…/<slug>/`` pages)."""
    marker = f"/{site.slug}/"
    for rec in capture.records.values():
        head, sep, _ = rec.uri.partition(marker)
        if sep and urlsplit(head).path in ("", "/"):
            return head
    return None


def _fetch(response, site_id: str) -> dict:
    headers = _headers(response)
    warc = response.meta.get("warc") or {}
    return {
        "url": response.url,
        "fetched_at": _captured_at(response) or _now(),
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
        "warc_record_id": warc.get("record_id"),
        "captured_by": warc.get("software"),
        "proxy": response.meta.get("xxgk_proxy"),  # the proxy's URL, without credentials
    }


def _captured_at(response) -> str | None:
    """An imported capture's time for this response (crawler/replay.py); None in a crawl."""
    return (response.meta.get("warc") or {}).get("captured_at")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _headers(response):
    """The response headers as a case-insensitive dict of strings."""
    return response.headers.to_unicode_dict()
