"""A Scrapy DNS resolver for the many-sites bench: ``*.sites.test`` is 127.0.0.1, nothing else
resolves.

Set with ``-s TWISTED_DNS_RESOLVER=bench.many_dns.LoopbackSitesResolver`` (Scrapy 2.19's name for
the older ``DNS_RESOLVER``). Names under ``sites.test`` (``s0001.sites.test`` … served by
``python -m xxgk.fixtureweb --many N``) and ``localhost`` resolve to 127.0.0.1, loopback address
literals to themselves; every other name or address fails with a DNS lookup error, so a crawl
using it can only ever contact loopback.
"""
from __future__ import annotations

import ipaddress

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

SUFFIX = ".sites.test"
LOOPBACK = "127.0.0.1"


def loopback_address(name: str) -> str | None:
    """The loopback address ``name`` maps to, or None when it must not be contacted."""
    name = name.lower().rstrip(".")
    if name.endswith(SUFFIX) or name == "localhost":
        return LOOPBACK
    try:
        ip = ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return None
    return str(ip) if ip.is_loopback else None


class LoopbackSitesResolver(CachingThreadedResolver):
    """Never asks the system resolver: ``*.sites.test`` → 127.0.0.1, others refused."""

    def getHostByName(self, name: str, timeout=()):  # noqa: N802 - Twisted's interface
        address = loopback_address(name)
        if address is None:
            return defer.fail(DNSLookupError(f"{name}: only *{SUFFIX} and loopback resolve in "
                                             "the many-sites bench"))
        return defer.succeed(address)
