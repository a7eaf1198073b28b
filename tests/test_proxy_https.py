"""Crawling an https:// site through an http:// proxy (crawler/proxy.py): Scrapy asks the proxy
for a ``CONNECT`` tunnel, with the run's credentials on the CONNECT (never on the requests inside
the tunnel), and everything the crawl stores comes through that tunnel.

A real ``scrapy crawl`` of one fixture column served over TLS (tls_server.py, in front of the
fixture web) through the forwarding proxy on loopback (proxy_server.py).
"""
import gzip
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from proxy_server import ProxyServer, basic
from support import reset_fixture_web
from tls_server import TLSServer
from xxgk import registry
from xxgk.cli.processes import run_crawl, scrapy_crawl_command
from xxgk.crawler.settings import FIXTURE_WEB_SETTINGS

USER, PASSWORD = "newsroom", "Zq8-tunnel-secret-4409"
SLUG = "fuxin-swj"


def https_column(fixture_web: str, tls: TLSServer) -> str:
    """The fixture column of ``SLUG``, at the TLS front instead of the fixture web."""
    column = registry.get_site(SLUG).resolve(fixture_web).columns[0]
    assert column.startswith(fixture_web + "/")
    return tls.url + column[len(fixture_web):]


def crawl_https(db, url: str, proxy: ProxyServer | None, **settings):
    """One ``scrapy crawl -a url=URL`` into ``db`` (``proxy``: the run's XXGK_PROXY, as ``xxgk
    crawl --proxy`` passes it; None: directly)."""
    settings = {**FIXTURE_WEB_SETTINGS, **settings}
    if proxy is not None:
        settings["XXGK_PROXY"] = proxy.url
    cmd = scrapy_crawl_command(db, url=url, settings=settings)
    result = run_crawl(cmd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def stored_urls(db) -> set[str]:
    return {r["url"] for r in sqlite_utils.Database(db).query("SELECT url FROM reports")}


def paths(urls) -> set[str]:
    return {urlsplit(u).path for u in urls}


def test_an_https_site_through_a_proxy_tunnel_with_credentials(fixture_web, tmp_path, monkeypatch):
    reset_fixture_web(fixture_web)
    monkeypatch.setenv("XXGK_PROXY_USER", USER)
    monkeypatch.setenv("XXGK_PROXY_PASSWORD", PASSWORD)
    db = tmp_path / "a.db"
    with TLSServer(fixture_web) as tls, ProxyServer(credentials=(USER, PASSWORD)) as proxy:
        url = https_column(fixture_web, tls)
        result = crawl_https(db, url, proxy)

    # what was stored: the column's reports, under their https:// URLs, fetched through the proxy
    stored = stored_urls(db)
    assert len(stored) >= 5, result.stderr[-3000:]
    assert all(u.startswith(f"{tls.url}/{SLUG}/") for u in stored), stored
    served = {tls.url + path for path in tls.paths()}
    assert url in served and stored <= served  # every report came over TLS
    direct = tmp_path / "direct" / "a.db"  # the same column over plain http, no proxy
    direct.parent.mkdir()
    crawl_https(direct, registry.get_site(SLUG).resolve(fixture_web).columns[0], None)
    assert paths(stored) == paths(stored_urls(direct))  # the tunnel lost nothing
    archive = sqlite_utils.Database(db)
    proxies = {r["proxy"] for r in archive.query("SELECT proxy FROM report_versions")}
    assert proxies == {proxy.url}  # provenance: the proxy, without the login

    # what the proxy saw: tunnels to the TLS front with the run's credentials, nothing in clear
    assert proxy.requests
    assert {(s.method, s.url, s.authorization, s.status) for s in proxy.requests} == {
        ("CONNECT", tls.netloc, basic(USER, PASSWORD), 200)}
    assert not [s for s in proxy.requests if s.method != "CONNECT"]  # no GET through the proxy
    assert f"{tls.url}/robots.txt" in served  # robots.txt too came through the tunnel

    # the login is kept nowhere: not in the archive, its run arguments, the WARC, the log
    token = basic(USER, PASSWORD).split()[1]
    secrets = (PASSWORD, token)
    raw = db.read_bytes()
    assert not [s for s in secrets if s.encode() in raw]
    args = [r["args"] for r in archive.query("SELECT args FROM crawl_runs")]
    assert args and not [a for a in args if PASSWORD in a or token in a or USER in a]
    warcs = list((tmp_path / "warc").glob("*.warc.gz"))
    assert warcs
    for warc in warcs:
        data = gzip.open(warc).read()
        assert url.encode() in data
        assert b"Proxy-Authorization" not in data
        assert not [s for s in secrets if s.encode() in data]
    assert not [s for s in secrets if s in result.stdout + result.stderr]


@pytest.mark.parametrize("robots, kind", [(True, "robots"), (False, "http")])
def test_a_tunnel_refused_for_want_of_credentials_is_a_recorded_error(fixture_web, tmp_path,
                                                                      monkeypatch, robots, kind):
    reset_fixture_web(fixture_web)
    monkeypatch.delenv("XXGK_PROXY_USER", raising=False)
    monkeypatch.delenv("XXGK_PROXY_PASSWORD", raising=False)
    db = tmp_path / "a.db"
    with TLSServer(fixture_web) as tls, ProxyServer(credentials=(USER, PASSWORD)) as proxy:
        url = https_column(fixture_web, tls)
        crawl_https(db, url, proxy, ROBOTSTXT_OBEY=robots)
    assert proxy.requests
    assert {(s.method, s.url, s.authorization, s.status) for s in proxy.requests} == {
        ("CONNECT", tls.netloc, None, 407)}
    assert tls.requests == []  # nothing reached the site
    errors = list(sqlite_utils.Database(db).query("SELECT url, kind, status, reason FROM crawl_errors"))
    # robots.txt obeyed: its tunnel refused means robots.txt unreachable, "disallow all" (RFC
    # 9309), and the column's error says why; not obeyed: the column's own tunnel is refused,
    # recorded as the proxy's HTTP answer (crawler/errors.py, TunnelError)
    assert [(e["url"], e["kind"]) for e in errors] == [(url, kind)], errors
    assert "CONNECT tunnel" in errors[0]["reason"] and "407" in errors[0]["reason"], errors
    assert not stored_urls(db)


def test_a_refused_tunnel_is_classified_like_a_refused_plain_request():
    from scrapy.core.downloader.handlers.http11 import TunnelError
    from twisted.python.failure import Failure

    from xxgk.crawler.errors import classify_failure

    # the exception exactly as _TunnelingTCP4ClientEndpoint.processProxyResponse raises it
    refused = TunnelError("Could not open CONNECT tunnel with proxy 127.0.0.1:3128 "
                          "[{'status': 407, 'reason': b'Proxy Authentication Required'}]")
    kind, reason, status = classify_failure(Failure(refused))
    assert "407" in reason
    assert (kind, status) == ("http", 407)


def test_a_real_https_site_through_a_proxy_tunnel_on_loopback(fixture_web, tmp_path):
    """An https:// host this machine cannot reach (nor even resolve): the proxy tunnels to it —
    here to the TLS front, as ``upstream`` — and the crawl stores it under its own name."""
    reset_fixture_web(fixture_web)
    url = f"https://www.fuxin.gov.cn/{SLUG}/zwgk/gknb/index.html"
    with TLSServer(fixture_web) as tls, ProxyServer(upstream=tls.netloc) as proxy:
        crawl_https(tmp_path / "a.db", url, proxy)
    assert ("CONNECT", "www.fuxin.gov.cn:443", 200) in {(s.method, s.url, s.status)
                                                         for s in proxy.requests}
    assert {s.method for s in proxy.requests} == {"CONNECT"}
    stored = stored_urls(tmp_path / "a.db")
    assert len(stored) >= 5 and all(u.startswith(f"https://www.fuxin.gov.cn/{SLUG}/") for u in stored)
