"""Where a crawl may go: the site's own hosts, by name and by resolved address.

Every request — a listing, a report, an attachment, each redirect hop and each
``<meta http-equiv=refresh>`` — passes :class:`ScopeMiddleware` before anything is sent, because
Scrapy re-schedules a redirect as a new request through the whole downloader chain. A request
outside its site's scope is not fetched; the spider's errback records it (kind ``offsite``).

The rules (docs/limits.md, "Scope"):

* only ``http`` and ``https``;
* a listing (栏目页) stays on the site's registry hosts (its homepage's and its columns', with
  or without ``www.``) — for a fixture site, under its ``/<slug>/`` folder;
* a report or an attachment may also be one hop away on a sibling host: the same government's
  domain (``www.yw.gov.cn`` → ``zwgk.yw.gov.cn``, ``files.yw.gov.cn``: the part ending in
  ``.gov.cn``), or a host the site profile lists in ``also_hosts`` (the parent government's
  site); never another government's. A sibling host's listings are never walked;
* the host's resolved addresses must be public: loopback, private, link-local, reserved,
  multicast and unspecified addresses are refused, unless the site itself is on loopback (the
  fixture web and the tests), which allows loopback only. The check is on the addresses the name
  resolves to, and again on the address the response actually came from.
"""
from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from xxgk.extract.urls import gov_domain

SCHEMES = ("http", "https")


class OutOfScope(IgnoreRequest):
    """A request the crawl must not make; the message says why (stored as the error reason)."""


def _bare_host(netloc_or_host: str) -> str:
    host = netloc_or_host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class SiteScope:
    """The hosts (and, for a fixture site, the path prefix) one site's crawl may reach."""

    hosts: frozenset[str]         # netlocs without ``www.``, ports kept
    prefix: str | None = None     # fixture sites: ``http://127.0.0.1:PORT/<slug>/``
    loopback: bool = False
    also: frozenset[str] = frozenset()  # the profile's ``also_hosts``, without ``www.``

    @classmethod
    def of_site(cls, site) -> "SiteScope":
        urls = (site.homepage, *site.columns)
        hosts = frozenset(_bare_host(urlsplit(u).netloc) for u in urls if urlsplit(u).netloc)
        prefix = site.root_url if site.fixture else None
        loopback = all(is_loopback_host(urlsplit(u).hostname) for u in urls)
        also = frozenset(_bare_host(h) for h in getattr(site, "also_hosts", ()) or ())
        return cls(hosts=hosts, prefix=prefix, loopback=loopback, also=also)

    def is_sibling(self, netloc: str) -> bool:
        """A host one hop away: listed in ``also_hosts`` (an entry without a port matches any
        port), or, for a site off loopback, under the same ``*.gov.cn`` government domain."""
        netloc = _bare_host(netloc)
        host = netloc.rsplit(":", 1)[0] if not netloc.endswith("]") else netloc
        if netloc in self.also or host in self.also:
            return True
        if self.prefix:  # a fixture site: only what its profile lists
            return False
        own = {gov_domain(h.split(":")[0]) for h in self.hosts} - {None}
        return gov_domain(host) in own

    def refusal(self, url: str, kind: str) -> str | None:
        """Why ``url`` (a ``listing``, ``report`` or ``attachment``) is out of scope; None if in."""
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018
        except ValueError as exc:
            return f"malformed URL: {exc}"
        if parts.scheme.lower() not in SCHEMES:
            return f"scheme {parts.scheme or '(none)'!r} is not http/https"
        netloc = _bare_host(parts.netloc)
        if netloc in self.hosts:
            if self.prefix and not _under(url, self.prefix):
                return f"outside the site's folder {self.prefix}"
            return None
        if parts.netloc and self.is_sibling(parts.netloc):
            if kind != "listing":
                return None  # one hop: the report page and its attachments
            return (f"listing on the sibling host {parts.netloc} not walked (only its report "
                    "pages and attachments are fetched)")
        return f"off-site host {parts.netloc or '(none)'} (site hosts: {', '.join(sorted(self.hosts))})"


def _under(url: str, prefix: str) -> bool:
    def bare(u):
        rest = u.split("://", 1)[-1].lower()
        return rest[4:] if rest.startswith("www.") else rest
    return bare(url).startswith(bare(prefix))


def address_refusal(address: str, loopback_ok: bool) -> str | None:
    """Why a connection to IP ``address`` is refused; None when it is a public address (or
    loopback for a site on loopback)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None if loopback_ok else f"loopback address {ip}"
    for test, name in ((ip.is_unspecified, "unspecified"), (ip.is_link_local, "link-local"),
                       (ip.is_multicast, "multicast"), (ip.is_reserved, "reserved"),
                       (ip.is_private, "private"), (not ip.is_global, "non-public")):
        if test:
            return f"{name} address {ip}"
    return None


class ScopeMiddleware:
    """Downloader middleware (before robots.txt): refuses out-of-scope requests before they are
    sent, and responses that came from a refused address (a name that re-resolved)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.allow_private = crawler.settings.getbool("XXGK_ALLOW_PRIVATE_ADDRESSES")
        self._resolved: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _scope(self, request) -> SiteScope | None:
        scopes = getattr(self.crawler.spider, "scopes", {}) or {}
        return scopes.get(request.meta.get("site_id"))

    def _loopback_ok(self, request, scope: SiteScope | None) -> bool:
        if scope is not None:
            return scope.loopback
        scopes = getattr(self.crawler.spider, "scopes", {}) or {}  # robots.txt and the like
        host = _bare_host(urlsplit(request.url).netloc)
        return any(s.loopback and (host in s.hosts or s.is_sibling(host)) for s in scopes.values())

    async def process_request(self, request, spider=None):
        scope = self._scope(request)
        if scope is not None:
            reason = scope.refusal(request.url, request.meta.get("xxgk_kind", "report"))
            if reason:
                raise OutOfScope(_with_hops(reason, request))
        parts = urlsplit(request.url)
        if parts.scheme.lower() not in SCHEMES:
            raise OutOfScope(f"scheme {parts.scheme!r} is not http/https")
        if self.allow_private:
            return None
        for address in await self._addresses(parts.hostname, parts.port):
            reason = address_refusal(address, self._loopback_ok(request, scope))
            if reason:
                self.crawler.stats.inc_value("xxgk/scope/refused_address")
                raise OutOfScope(_with_hops(f"{parts.hostname} resolves to a {reason}", request))
        return None

    def process_response(self, request, response, spider=None):
        ip = getattr(response, "ip_address", None)
        # through a proxy (crawler/proxy.py) the answer comes from the proxy's address, which may
        # well be loopback (an SSH tunnel) or private: the names were checked before sending,
        # and what the proxy itself may reach is its own access rules' to decide
        if request.meta.get("xxgk_proxy"):
            return response
        if ip is not None and not self.allow_private:
            reason = address_refusal(str(ip), self._loopback_ok(request, self._scope(request)))
            if reason:
                raise OutOfScope(_with_hops(f"the response came from a {reason}", request))
        return response

    async def _addresses(self, host: str | None, port: int | None) -> list[str]:
        if not host:
            return []
        try:
            return [str(ipaddress.ip_address(host.strip("[]")))]
        except ValueError:
            pass
        if host not in self._resolved:
            try:
                infos = await asyncio.to_thread(socket.getaddrinfo, host, port or 80,
                                                type=socket.SOCK_STREAM)
            except OSError:
                return []  # the download itself will fail and be recorded as a DNS error
            self._resolved[host] = sorted({info[4][0] for info in infos})
        return self._resolved[host]


def _with_hops(reason: str, request) -> str:
    hops = request.meta.get("redirect_urls") or []
    return f"{reason}; redirected from {hops[0]}" if hops else reason
