"""robots.txt by the standard (RFC 9309 §2.3.1): Scrapy's middleware, with the status rules.

Scrapy parses whatever body comes back, so a robots.txt answering 500 (an error page) reads as
"allow everything". The standard says the opposite:

* 2xx: the rules in the file;
* 4xx ("unavailable"): the crawler may access any resource;
* 5xx, or no answer at all ("unreachable"): assume complete disallow.

A disallowed request fails with a reason naming the robots.txt status, and the spider's errback
records it (kind ``robots``), so a site that stopped the crawl says why.
"""
from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest


class _Verdict:
    """A robots parser that answers the same for every URL (allow-all or disallow-all)."""

    def __init__(self, allowed: bool, reason: str):
        self._allowed, self.reason = allowed, reason

    def allowed(self, url, user_agent) -> bool:
        return self._allowed


class StandardRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def _parse_robots(self, response, netloc, request) -> None:
        if response.status >= 500:
            self._settle(netloc, _Verdict(False, f"robots.txt answered HTTP {response.status}: "
                                                 "complete disallow assumed (RFC 9309)"))
        elif response.status >= 400:
            self._settle(netloc, _Verdict(True, f"robots.txt answered HTTP {response.status}"))
        else:
            await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        name = type(exc).__name__
        self._settle(netloc, _Verdict(False, f"robots.txt unreachable ({name}: {exc}): "
                                             "complete disallow assumed (RFC 9309)"[:300]))

    def _settle(self, netloc: str, verdict: _Verdict) -> None:
        self._stats.inc_value(f"xxgk/robots/{'allow_all' if verdict._allowed else 'disallow_all'}")
        waiting = self._parsers[netloc]
        self._parsers[netloc] = verdict
        if hasattr(waiting, "callback"):
            waiting.callback(verdict)

    def process_request_2(self, rp, request) -> None:
        if isinstance(rp, _Verdict) and not rp.allowed(request.url, None):
            self._stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest(f"Forbidden by robots.txt: {rp.reason}")
        super().process_request_2(rp, request)
