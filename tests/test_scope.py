"""Scope rules, the one URL identity and robots.txt by RFC 9309, as pure rules (the crawls
that show them end to end are in tests/test_hostile.py)."""
import pytest
from hypothesis import given, strategies as st

from xxgk import registry
from xxgk.crawler.robots import StandardRobotsTxtMiddleware, _Verdict
from xxgk.crawler.scope import SiteScope, address_refusal, gov_domain
from xxgk.extract.urls import canonical_url, is_http_url, url_key

YIWU = SiteScope(hosts=frozenset({"yw.gov.cn"}))


@pytest.mark.parametrize("url, kind, allowed", [
    ("http://www.yw.gov.cn/art/1.html", "listing", True),
    ("https://yw.gov.cn/art/1.html", "listing", True),        # www. and scheme do not matter
    ("http://zwgk.yw.gov.cn/art/1.html", "report", True),     # sibling domain, one hop
    ("http://files.yw.gov.cn/a.pdf", "attachment", True),
    ("http://zwgk.yw.gov.cn/col/2.html", "listing", False),   # listings stay on the site
    ("http://www.jinhua.gov.cn/art/1.html", "report", False),  # another government
    ("http://yw.gov.cn.evil.com/a.html", "report", False),
    ("http://evilyw.gov.cn/a.html", "report", False),
    ("ftp://www.yw.gov.cn/a.pdf", "attachment", False),
    ("file:///etc/passwd", "report", False),
    ("javascript:alert(1)", "report", False),
    ("http://[::1/x.html", "report", False),
])
def test_site_scope(url, kind, allowed):
    assert (YIWU.refusal(url, kind) is None) == allowed, YIWU.refusal(url, kind)


def test_fixture_site_scope_is_its_folder():
    site = registry.get_site("fuxin-swj").resolve("http://127.0.0.1:8123")
    scope = SiteScope.of_site(site)
    assert scope.loopback
    assert scope.refusal("http://127.0.0.1:8123/fuxin-swj/a.html", "report") is None
    assert "folder" in scope.refusal("http://127.0.0.1:8123/yiwu-swj-fx/a.html", "report")
    assert scope.refusal("http://127.0.0.1:9999/fuxin-swj/a.html", "report")


def test_gov_domain():
    assert gov_domain("zwgk.yw.gov.cn") == gov_domain("www.yw.gov.cn") == "yw.gov.cn"
    assert gov_domain("gov.cn") is None and gov_domain("www.example.com") is None


@pytest.mark.parametrize("address, loopback_ok, refused", [
    ("10.0.0.1", False, "private"), ("192.168.1.1", True, "private"),
    ("169.254.169.254", False, "link-local"), ("127.0.0.1", False, "loopback"),
    ("127.0.0.1", True, None), ("::1", True, None), ("0.0.0.0", True, "unspecified"),
    ("240.0.0.1", False, "reserved"), ("100.64.0.1", False, "non-public"),
    ("224.0.0.1", False, "multicast"), ("::ffff:10.0.0.1", False, "private"),
    ("fe80::1", False, "link-local"), ("fc00::1", False, "private"),
    ("202.96.134.133", False, None),
])
def test_address_refusal(address, loopback_ok, refused):
    reason = address_refusal(address, loopback_ok)
    assert (reason is None) if refused is None else (refused in reason)


@pytest.mark.parametrize("a, b", [
    ("http://x.gov.cn/年报/2019年度报告.html",
     "http://x.gov.cn/%E5%B9%B4%E6%8A%A5/2019%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.html"),
    ("http://x.gov.cn/art 2.html", "http://x.gov.cn/art%202.html"),
    ("http://X.gov.cn:80/a.html#top", "http://x.gov.cn/a.html"),
    ("https://x.gov.cn:443/a.html", "https://x.gov.cn/a.html"),
    ("http://x.gov.cn/a%e5%b9%b4.html", "http://x.gov.cn/a%E5%B9%B4.html"),
    ("http://x.gov.cn/art.html?sessionid=ab12&id=3", "http://x.gov.cn/art.html?id=3"),
    ("http://x.gov.cn/art.html;jsessionid=0A1B2C?id=3", "http://x.gov.cn/art.html?id=3"),
    ("http://x.gov.cn/a.jsp?PHPSESSID=1&ASPSESSIONIDQQ=2", "http://x.gov.cn/a.jsp"),
    ("http://x.gov.cn/a?b=2&a=1", "http://x.gov.cn/a?a=1&b=2"),
    ("http://例子.政务/a", "http://xn--fsqu00a.xn--zfr164b/a"),
])
def test_one_url_one_identity(a, b):
    assert canonical_url(a) == canonical_url(b)


def test_real_parameters_are_kept():
    assert canonical_url("http://x.gov.cn/a.jsp?sid=12&id=3") == "http://x.gov.cn/a.jsp?id=3&sid=12"


def test_malformed_urls():
    with pytest.raises(ValueError):
        canonical_url("http://[::1/x.html")
    assert url_key("http://[::1/x.html") == "http://[::1/x.html"
    assert not is_http_url("") and not is_http_url("ftp://x/a") and not is_http_url("http://")
    assert is_http_url("http://127.0.0.1:8731/a")


@given(st.text(max_size=40))
def test_url_key_never_raises_and_is_idempotent(tail):
    key = url_key("http://x.gov.cn/" + tail)
    assert url_key(key) == key


class _Stats:
    def __init__(self):
        self.values = {}

    def inc_value(self, key):
        self.values[key] = self.values.get(key, 0) + 1


class _Response:
    def __init__(self, status):
        self.status, self.body = status, b"<html>error</html>"


async def _verdict(status):
    middleware = StandardRobotsTxtMiddleware.__new__(StandardRobotsTxtMiddleware)
    middleware._stats, middleware._parsers = _Stats(), {"x": None}
    await middleware._parse_robots(_Response(status), "x", None)
    return middleware._parsers["x"]


@pytest.mark.parametrize("status, allowed", [(500, False), (503, False), (404, True),
                                             (403, True)])
def test_robots_status_rules(status, allowed):
    import asyncio

    verdict = asyncio.run(_verdict(status))
    assert isinstance(verdict, _Verdict) and verdict.allowed("http://x/a", "ua") is allowed
    if not allowed:
        assert f"HTTP {status}" in verdict.reason and "RFC 9309" in verdict.reason
