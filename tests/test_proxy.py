"""Crawling through a proxy (crawler/proxy.py): a site's ``proxy:``, ``xxgk crawl --proxy``, and
credentials that come from the environment and are kept nowhere.

Every crawl here is a real ``scrapy crawl`` of the fixture web through a real forwarding proxy on
loopback (proxy_server.py), and the tests look at what the proxy saw and what the archive stored.
"""
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from proxy_server import ProxyServer, basic
from support import free_port, reset_fixture_web
from xxgk import registry
from xxgk.cli.processes import PROJECT_ROOT, run_crawl, scrapy_crawl_command
from xxgk.crawler.settings import FIXTURE_WEB_SETTINGS

FIXTURE_PROFILES = Path(registry.__file__).parent / "sites" / "fixture"
USER, PASSWORD = "newsroom", "Zq8-proxy-secret-7731"


def crawl(db, base, sites, proxy=None, **settings) -> subprocess.CompletedProcess:
    """One ``scrapy crawl`` of fixture ``sites`` from ``base`` into ``db`` (``proxy``: the run's
    XXGK_PROXY, as ``xxgk crawl --proxy`` passes it)."""
    settings = {**FIXTURE_WEB_SETTINGS, **settings}
    if proxy:
        settings["XXGK_PROXY"] = proxy
    cmd = scrapy_crawl_command(db, sites=sites, fixture_url=base, settings=settings)
    result = run_crawl(cmd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def xxgk(*args) -> subprocess.CompletedProcess:
    """``python -m xxgk ARGS`` as a user runs it, with this process's environment."""
    return subprocess.run([sys.executable, "-m", "xxgk", *map(str, args)], capture_output=True,
                          text=True, timeout=300, cwd=PROJECT_ROOT)


def write_registry(folder: Path, proxies: dict[str, str | None]) -> Path:
    """A registry folder with the bundled fixture profiles of ``proxies``' slugs, each given its
    ``proxy:`` (None: none), for ``XXGK_SITES_DIR``."""
    (folder / "fixture").mkdir(parents=True)
    for slug, proxy in proxies.items():
        text = (FIXTURE_PROFILES / f"{slug}.yml").read_text(encoding="utf-8")
        if proxy:
            text = text.rstrip("\n") + f"\nproxy: {proxy}\n"
        (folder / "fixture" / f"{slug}.yml").write_text(text, encoding="utf-8")
    return folder


def column(slug: str, base: str) -> str:
    return registry.get_site(slug).resolve(base).columns[0]


def stored_urls(db, site=None) -> set[str]:
    where, args = ("WHERE site_id = ?", [site]) if site else ("", [])
    return {r["url"] for r in sqlite_utils.Database(db).query(f"SELECT url FROM reports {where}", args)}


def version_proxies(db, site) -> set:
    # the provenance column of report_versions (xxgk/archive/schema.py, "proxy"): the proxy a
    # version was fetched through, as request.meta["xxgk_proxy"] (crawler/proxy.py) names it
    return {r["proxy"] for r in sqlite_utils.Database(db).query(
        "SELECT v.proxy FROM report_versions v JOIN reports r ON r.id = v.report_id "
        "WHERE r.site_id = ?", [site])}


def test_every_request_of_the_run_goes_through_its_proxy(fixture_web, tmp_path):
    reset_fixture_web(fixture_web)
    with ProxyServer() as proxy:
        crawl(tmp_path / "a.db", fixture_web, ["fuxin-swj"], proxy.url)
    stored = stored_urls(tmp_path / "a.db")
    assert len(stored) >= 5
    answered = set(proxy.urls(200))
    assert f"{fixture_web}/robots.txt" in answered
    assert column("fuxin-swj", fixture_web) in answered
    assert stored <= answered  # every stored report came through the proxy
    assert all(u.startswith(f"{fixture_web}/fuxin-swj/") or u == f"{fixture_web}/robots.txt"
               for u in proxy.urls())
    assert version_proxies(tmp_path / "a.db", "fuxin-swj") == {proxy.url}


def test_a_site_proxy_wins_and_carries_that_site_only(fixture_web, tmp_path, monkeypatch):
    reset_fixture_web(fixture_web)
    with ProxyServer() as own, ProxyServer() as run:
        monkeypatch.setenv("XXGK_SITES_DIR", str(write_registry(
            tmp_path / "registry", {"fuxin-swj": own.url, "hedong-mzj": None})))
        assert registry.get_site("fuxin-swj").proxy == own.url
        crawl(tmp_path / "a.db", fixture_web, ["fuxin-swj", "hedong-mzj"], run.url)
    db = tmp_path / "a.db"
    fuxin, hedong = stored_urls(db, "fuxin-swj"), stored_urls(db, "hedong-mzj")
    assert fuxin and hedong
    assert fuxin <= set(own.urls(200)) and not fuxin & set(run.urls())
    assert hedong <= set(run.urls(200)) and not hedong & set(own.urls())
    assert not [u for u in own.urls() if "/hedong-mzj/" in u]
    assert not [u for u in run.urls() if "/fuxin-swj/" in u]
    assert version_proxies(db, "fuxin-swj") == {own.url}
    assert version_proxies(db, "hedong-mzj") == {run.url}
    sites = sqlite_utils.Database(db)["sites"]
    assert "proxy" not in sites.columns_dict  # how a site is fetched is not what it is
    assert own.url not in json.dumps(list(sites.rows), ensure_ascii=False)


def test_without_a_proxy_nothing_goes_through_one(fixture_web, tmp_path, monkeypatch):
    reset_fixture_web(fixture_web)
    with ProxyServer() as own:
        monkeypatch.setenv("XXGK_SITES_DIR", str(write_registry(
            tmp_path / "registry", {"fuxin-swj": None, "hedong-mzj": own.url})))
        crawl(tmp_path / "a.db", fixture_web, ["fuxin-swj"])
    assert stored_urls(tmp_path / "a.db") and own.urls() == []
    assert version_proxies(tmp_path / "a.db", "fuxin-swj") == {None}


def test_credentials_come_from_the_environment_and_are_kept_nowhere(fixture_web, tmp_path,
                                                                    monkeypatch):
    reset_fixture_web(fixture_web)
    monkeypatch.setenv("XXGK_PROXY_USER", USER)
    monkeypatch.setenv("XXGK_PROXY_PASSWORD", PASSWORD)
    db = tmp_path / "a.db"
    with ProxyServer(credentials=(USER, PASSWORD)) as proxy:
        result = xxgk("crawl", "--site", "fuxin-swj", "--fixture-web", fixture_web,
                      "--proxy", proxy.url, "--db", db, "--log-level", "DEBUG")
    assert result.returncode == 0, result.stderr[-3000:]
    assert proxy.requests and {s.authorization for s in proxy.requests} == {basic(USER, PASSWORD)}
    assert not proxy.urls(407)
    assert len(stored_urls(db)) >= 5
    assert version_proxies(db, "fuxin-swj") == {proxy.url}
    token = basic(USER, PASSWORD).split()[1]
    secrets = (PASSWORD, token)
    raw = db.read_bytes()
    assert not [s for s in secrets if s.encode() in raw]
    args = [r["args"] for r in sqlite_utils.Database(db).query("SELECT args FROM crawl_runs")]
    assert args and not [a for a in args if PASSWORD in a or USER in a]
    warcs = list((tmp_path / "warc").glob("*.warc.gz"))
    assert warcs
    for warc in warcs:  # the WARC holds every request's headers: not this one
        data = gzip.open(warc).read()
        assert b"Proxy-Authorization" not in data and not [s for s in secrets if s.encode() in data]
    assert not [s for s in secrets if s in result.stdout + result.stderr]  # nor the log


def test_a_proxy_wanting_credentials_the_environment_lacks_is_recorded(fixture_web, tmp_path,
                                                                      monkeypatch):
    monkeypatch.delenv("XXGK_PROXY_USER", raising=False)
    reset_fixture_web(fixture_web)
    with ProxyServer(credentials=(USER, PASSWORD)) as proxy:
        crawl(tmp_path / "a.db", fixture_web, ["fuxin-swj"], proxy.url)
    assert proxy.urls(407) and not proxy.urls(200)
    errors = list(sqlite_utils.Database(tmp_path / "a.db").query(
        "SELECT url, kind, status FROM crawl_errors"))
    assert {"url": column("fuxin-swj", fixture_web), "kind": "http", "status": 407} in errors
    assert not stored_urls(tmp_path / "a.db")


@pytest.mark.parametrize("robots, kind", [(True, "robots"), (False, "connection")])
def test_a_proxy_that_is_down_gives_recorded_errors(fixture_web, tmp_path, robots, kind):
    down = f"http://127.0.0.1:{free_port()}"
    crawl(tmp_path / "a.db", fixture_web, ["fuxin-swj"], down, ROBOTSTXT_OBEY=robots)
    errors = list(sqlite_utils.Database(tmp_path / "a.db").query(
        "SELECT url, kind, reason FROM crawl_errors"))
    # with robots.txt obeyed, an unreachable robots.txt means "disallow all" (RFC 9309): the
    # column's error names the refused connection to the proxy
    assert [(e["url"], e["kind"]) for e in errors] == [(column("fuxin-swj", fixture_web), kind)]
    assert "refused" in errors[0]["reason"].lower()
    assert not stored_urls(tmp_path / "a.db")


def test_a_real_site_through_a_proxy_on_loopback(fixture_web, tmp_path):
    reset_fixture_web(fixture_web)
    url = "http://www.fuxin.gov.cn/fuxin-swj/zwgk/gknb/index.html"  # reached only by the proxy
    with ProxyServer(upstream=fixture_web.split("://")[1]) as proxy:
        cmd = scrapy_crawl_command(tmp_path / "a.db", url=url,
                                   settings={**FIXTURE_WEB_SETTINGS, "XXGK_PROXY": proxy.url})
        run_crawl(cmd, capture_output=True, text=True, timeout=300)
    assert url in proxy.urls(200)
    assert stored_urls(tmp_path / "a.db")


def write_profile(folder: Path, proxy: str) -> Path:
    text = (FIXTURE_PROFILES / "fuxin-swj.yml").read_text(encoding="utf-8")
    (folder / "fixture").mkdir(parents=True, exist_ok=True)
    path = folder / "fixture" / "fuxin-swj.yml"
    path.write_text(text.rstrip("\n") + f"\nproxy: {proxy}\n", encoding="utf-8")
    return path


def test_a_profile_with_credentials_in_its_proxy_is_a_registry_error(tmp_path):
    path = write_profile(tmp_path, f"http://{USER}:{PASSWORD}@10.0.0.5:3128")
    with pytest.raises(registry.RegistryError) as caught:
        registry.load_sites(tmp_path)
    message = str(caught.value)
    assert str(path) in message and "XXGK_PROXY_USER" in message and "environment" in message
    assert PASSWORD not in message


@pytest.mark.parametrize("proxy, said", [
    ("10.0.0.5:3128", "http:// or https://"),
    ("http://10.0.0.5", "a host and a port"),
    ("socks5://10.0.0.5:1080", "http:// or https://"),
    ("http://10.0.0.5:3128/path", "no path"),
])
def test_a_profile_proxy_must_be_scheme_host_and_port(tmp_path, proxy, said):
    write_profile(tmp_path, proxy)
    with pytest.raises(registry.RegistryError, match=said):
        registry.load_sites(tmp_path)


def test_a_profile_proxy_is_normalised_and_not_a_sites_column(tmp_path):
    write_profile(tmp_path, "HTTP://Proxy.Example.CN:3128/")
    (site,) = registry.load_sites(tmp_path)
    assert site.proxy == "http://proxy.example.cn:3128"
    assert "proxy" not in site.as_row()
    assert registry.get_site("fuxin-swj").proxy is None  # the bundled profiles have none


@pytest.mark.parametrize("proxy, said", [
    ("notaurl", "--proxy: 'notaurl' must be an http:// or https:// URL with a host and a port"),
    (f"http://{USER}:{PASSWORD}@10.0.0.5:3128", "XXGK_PROXY_USER"),
])
def test_crawl_refuses_a_bad_proxy_in_one_line(tmp_path, proxy, said):
    result = xxgk("crawl", "--proxy", proxy, "--db", tmp_path / "a.db")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and said in lines[0], result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    assert not (tmp_path / "a.db").exists()


def test_crawl_help_says_what_the_proxy_covers():
    result = xxgk("crawl", "--help")
    assert "--proxy URL" in result.stdout
    text = " ".join(result.stdout.split())
    assert "every site of the run without a proxy: of its own" in text
    assert "XXGK_PROXY_USER" in text


def test_a_crawl_through_a_proxy_imported_from_its_warc_keeps_the_proxy(fixture_web, tmp_path,
                                                                       monkeypatch):
    """The WARC names the proxy each response came through (never the login), and an import of
    it (``xxgk import-warc``) records it on the versions as the crawl did."""
    reset_fixture_web(fixture_web)
    crawled = tmp_path / "crawl" / "a.db"
    crawled.parent.mkdir()
    monkeypatch.setenv("XXGK_PROXY_USER", USER)
    monkeypatch.setenv("XXGK_PROXY_PASSWORD", PASSWORD)
    with ProxyServer(credentials=(USER, PASSWORD)) as proxy:
        crawl(crawled, fixture_web, ["fuxin-swj"], proxy.url)
    [warc] = list((crawled.parent / "warc").glob("*.warc.gz"))
    raw = gzip.decompress(warc.read_bytes())
    assert f"XXGK-Proxy: {proxy.url}".encode() in raw and PASSWORD.encode() not in raw
    imported = tmp_path / "import" / "a.db"
    imported.parent.mkdir()
    done = xxgk("import-warc", warc, "--db", imported)
    assert done.returncode == 0, done.stderr[-3000:]
    assert version_proxies(imported, "fuxin-swj") == version_proxies(crawled, "fuxin-swj") == {
        proxy.url}
    assert json.loads(sqlite_utils.Database(crawled)["crawl_runs"].get(1)["args"])["proxy"] == (
        proxy.url)


def test_a_password_without_a_user_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setenv("XXGK_PROXY_PASSWORD", PASSWORD)
    monkeypatch.delenv("XXGK_PROXY_USER", raising=False)
    result = xxgk("crawl", "--url", "http://www.example.gov.cn/col/col1/index.html", "--proxy",
                  "http://127.0.0.1:9", "--db", tmp_path / "a.db")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "Error: XXGK_PROXY_PASSWORD is set but XXGK_PROXY_USER is not: set both"]
    assert PASSWORD not in result.stderr and not (tmp_path / "a.db").exists()
