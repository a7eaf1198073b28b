"""Which HTTP(S) proxy each request goes through: the site's ``proxy:``, else the run's ``--proxy``.

Many government sites answer only visitors inside China, so a newsroom abroad crawls them through
a proxy in the country. :class:`SiteProxyMiddleware` picks the proxy and hands it to Scrapy's own
``HttpProxyMiddleware`` (which runs right after it and does the proxying) in ``request.meta``:

* a request of a site (``request.meta["site_id"]``) goes through that site's ``proxy:`` (registry
  profile), or else ``XXGK_PROXY`` (``xxgk crawl --proxy URL``), or else directly;
* a request with no site — robots.txt, which Scrapy asks for on its own — goes the way of a site
  on its host (its own hosts first, then sibling hosts), so a site reachable only from inside
  China has its robots.txt read from there too. When sites sharing a host disagree, a proxy wins
  over none (the first such site by slug);
* credentials come from the environment of the crawl only, ``XXGK_PROXY_USER`` and
  ``XXGK_PROXY_PASSWORD`` (sent, as ``Proxy-Authorization: Basic``, to every proxy of the run).
  They are never in a profile, a setting, the archive or a log: the header is put on the request
  here and taken off again when the answer (or the failure) comes back, before the WARC writer,
  a redirect or a retry sees the request;
* ``request.meta["xxgk_proxy"]`` says which proxy fetched the page, as ``scheme://host:port``
  without credentials (None: fetched directly): the provenance stored with every version.
"""
from __future__ import annotations

import base64
import os
from urllib.parse import urlsplit

from xxgk.registry import RegistryError, parse_proxy

ENV_USER = "XXGK_PROXY_USER"
ENV_PASSWORD = "XXGK_PROXY_PASSWORD"
_AUTH = b"Proxy-Authorization"
_OURS = "_xxgk_proxy_auth"  # meta flag: the Proxy-Authorization header on this request is ours


class ProxyConfigError(ValueError):
    """``XXGK_PROXY`` or the proxy credentials in the environment cannot be used."""


def proxy_authorization(environ=os.environ, encoding: str = "latin-1") -> bytes | None:
    """The ``Proxy-Authorization`` value (``Basic …``) for the credentials in ``environ``; None
    when ``XXGK_PROXY_USER`` is unset or empty. Messages never quote the password."""
    user, password = environ.get(ENV_USER) or "", environ.get(ENV_PASSWORD) or ""
    if not user:
        if password:
            raise ProxyConfigError(f"{ENV_PASSWORD} is set but {ENV_USER} is not: set both")
        return None
    if ":" in user:
        raise ProxyConfigError(f"{ENV_USER} must not contain ':' (Basic authentication)")
    try:
        pair = f"{user}:{password}".encode(encoding)
    except UnicodeEncodeError:
        raise ProxyConfigError(f"{ENV_USER}/{ENV_PASSWORD} cannot be encoded as {encoding} "
                               "(HTTPPROXY_AUTH_ENCODING)") from None
    return b"Basic " + base64.b64encode(pair)


def _bare_netloc(netloc: str) -> str:
    netloc = netloc.lower().rstrip(".")
    return netloc[4:] if netloc.startswith("www.") else netloc


class SiteProxyMiddleware:
    """Downloader middleware, just before Scrapy's ``HttpProxyMiddleware`` (750): sets
    ``meta["proxy"]`` (and the credentials) for requests of sites with a proxy, and
    ``meta["xxgk_proxy"]`` on every request."""

    def __init__(self, crawler, default: str | None, authorization: bytes | None):
        self.crawler = crawler
        self.default = default
        self.authorization = authorization

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        try:
            default = parse_proxy(settings.get("XXGK_PROXY") or None, "XXGK_PROXY")
        except RegistryError as exc:
            raise ProxyConfigError(str(exc)) from None
        encoding = settings.get("HTTPPROXY_AUTH_ENCODING") or "latin-1"
        return cls(crawler, default, proxy_authorization(os.environ, encoding))

    def proxy_for(self, request) -> str | None:
        """The proxy ``request`` goes through (``scheme://host:port``), None for directly."""
        sites = getattr(self.crawler.spider, "sites", {}) or {}
        site_id = request.meta.get("site_id")
        if site_id is not None:
            site = sites.get(site_id)
            return getattr(site, "proxy", None) or self.default
        return self._host_proxy(urlsplit(request.url).netloc, sites)

    def _host_proxy(self, netloc: str, sites: dict) -> str | None:
        scopes = getattr(self.crawler.spider, "scopes", {}) or {}
        host = _bare_netloc(netloc)
        own = [slug for slug, scope in sorted(scopes.items()) if host in scope.hosts]
        near = own or [slug for slug, scope in sorted(scopes.items()) if scope.is_sibling(host)]
        if not near:
            return self.default
        chosen = [getattr(sites.get(slug), "proxy", None) or self.default for slug in near]
        return next((p for p in chosen if p), None)

    def process_request(self, request, spider=None):
        if getattr(self.crawler.spider, "capture", None) is not None:
            return None  # an import (crawler/replay.py) fetches nothing
        proxy = self.proxy_for(request)
        request.meta["xxgk_proxy"] = proxy
        if proxy is None:
            return None  # directly (or through the http_proxy environment, if any: Scrapy's)
        request.meta["proxy"] = proxy
        self.crawler.stats.inc_value("xxgk/proxy/requests")
        if self.authorization is not None:
            request.headers[_AUTH] = self.authorization
            request.meta[_OURS] = True
        return None

    def process_response(self, request, response, spider=None):
        self._settle(request)
        return response

    def process_exception(self, request, exception, spider=None):
        self._settle(request)
        return None

    def _settle(self, request) -> None:
        """Take our credentials off the request (a retry or a redirect copies it; the WARC
        writer records its headers) and say which proxy was used, as Scrapy used it."""
        if getattr(self.crawler.spider, "capture", None) is not None:
            return  # an import: the capture's record says (crawler/replay.py)
        if request.meta.pop(_OURS, False) and _AUTH in request.headers:
            del request.headers[_AUTH]
        used = request.meta.get("proxy")  # HttpProxyMiddleware's, without credentials
        request.meta["xxgk_proxy"] = _without_credentials(used) if used else None


def _without_credentials(proxy: str) -> str:
    parts = urlsplit(proxy)
    netloc = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{netloc}" if parts.scheme else netloc
