"""Sibling hosts, one hop: a column may list reports on the government's own sibling domains (a
department's subdomain, the parent government's site). Those report pages and their attachments
are fetched and stored; the sibling's listings are never walked, its robots.txt is obeyed, and a
host that is no sibling stays off-site (crawler/scope.py, registry ``also_hosts``).

The crawl test serves three loopback hosts: the site (127.0.0.1), a sibling named in
``also_hosts`` (127.0.0.3) and a foreign host (127.0.0.4)."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlite_utils

from xxgk import registry
from xxgk.cli.processes import run_crawl, scrapy_crawl_command
from xxgk.crawler.scope import SiteScope
from xxgk.crawler.settings import FIXTURE_WEB_SETTINGS
from xxgk.extract import extract_listing
from xxgk.extract.urls import gov_domain

PDF = (Path(__file__).parent / "data" / "documents" / "report.pdf").read_bytes()

# ------------------------------------------------------------------------------ the scope rule

SITE = SiteScope.of_site(registry.parse_site({
    "slug": "example-sthjj", "agency": "示例市生态环境局", "region": "浙江省示例市",
    "region_code": "330700", "homepage": "http://www.example.gov.cn/",
    "columns": ["http://www.example.gov.cn/col/col12/index.html"], "platform": None,
    "fixture": False, "verified": False, "notes": "test", "also_hosts": ["www.zj.gov.cn"],
}))


@pytest.mark.parametrize("url, kind, allowed", [
    ("http://sthjj.example.gov.cn/art/2021/1/1/art_1_2.html", "report", True),  # department
    ("http://sthjj.example.gov.cn/files/2021.pdf", "attachment", True),
    ("http://sthjj.example.gov.cn/col/col3/index.html", "listing", False),  # never walked
    ("http://www.zj.gov.cn/art/2021/1/1/art_9_9.html", "report", True),      # also_hosts
    ("http://zj.gov.cn/a.pdf", "attachment", True),                          # with or without www.
    ("http://www.zj.gov.cn/col/col1/index.html", "listing", False),
    ("http://www.other.gov.cn/art/1.html", "report", False),                 # another government
    ("http://sthjj.example.gov.cn.evil.com/a.html", "report", False),
    ("http://www.example.gov.cn/col/col12/index_1.html", "listing", True),
])
def test_sibling_scope(url, kind, allowed):
    assert (SITE.refusal(url, kind) is None) == allowed, SITE.refusal(url, kind)


def test_sibling_listing_refusal_says_why():
    assert "not walked" in SITE.refusal("http://sthjj.example.gov.cn/col/3/index.html", "listing")


def test_fixture_site_sibling_only_when_listed():
    site = registry.get_site("fuxin-swj").resolve("http://127.0.0.1:8123")
    assert SiteScope.of_site(site).refusal("http://127.0.0.3:8123/a.html", "report")
    listed = SiteScope.of_site(registry.Site(**{**site.__dict__, "also_hosts": ("127.0.0.3",)}))
    assert listed.refusal("http://127.0.0.3:9000/a.html", "report") is None   # any port
    assert listed.refusal("http://127.0.0.4:8123/a.html", "report")
    assert listed.refusal("http://127.0.0.3:9000/list.html", "listing")


@pytest.mark.parametrize("value", [["http://www.zj.gov.cn/"], ["www.zj.gov.cn/path"], [3], "a b"])
def test_also_hosts_must_be_host_names(value):
    with pytest.raises(registry.RegistryError, match="also_hosts"):
        registry.parse_also_hosts(value)


def test_also_hosts_optional():
    assert registry.get_site("fuxin-swj").also_hosts == ()
    assert registry.parse_also_hosts(["WWW.ZJ.gov.cn", "www.zj.gov.cn"]) == ("www.zj.gov.cn",)


def test_listing_keeps_sibling_rows_as_links_and_others_offsite():
    page = ("<html><body><ul class='list'>"
            "<li><a href='/art/1.html'>示例市生态环境局2020年政府信息公开工作年度报告</a><span>2021-01-20</span></li>"
            "<li><a href='http://sthjj.example.gov.cn/art/2.html'>示例市生态环境局2021年政府信息公开工作年度报告</a>"
            "<span>2022-01-18</span></li>"
            "<li><a href='/art/3.html'>关于做好2021年度政府信息公开工作年度报告的通知</a><span>2021-12-01</span></li>"
            "<li><a href='http://www.zj.gov.cn/art/4.html'>示例市生态环境局2019年政府信息公开工作年度报告</a>"
            "<span>2020-01-10</span></li>"
            "<li><a href='http://sthjj.example.gov.cn.evil.com/5.html'>示例市生态环境局2018年政府信息公开工作年度报告</a>"
            "<span>2019-01-10</span></li>"
            "</ul></body></html>").encode()
    listing = extract_listing(page, "http://www.example.gov.cn/col/col12/index.html")
    assert [link["url"] for link in listing["links"]] == [
        "http://www.example.gov.cn/art/1.html", "http://sthjj.example.gov.cn/art/2.html",
        "http://www.example.gov.cn/art/3.html"]
    assert listing["links"][1] == {"url": "http://sthjj.example.gov.cn/art/2.html",
                                   "title": "示例市生态环境局2021年政府信息公开工作年度报告",
                                   "date": "2022-01-18", "is_report": True}
    assert [link["url"] for link in listing["offsite"]] == [
        "http://www.zj.gov.cn/art/4.html", "http://sthjj.example.gov.cn.evil.com/5.html"]


@pytest.mark.parametrize("host, domain", [
    ("mzj.qinglan.gov.cn", "qinglan.gov.cn"), ("www.qinglan.gov.cn:8080", "qinglan.gov.cn"),
    ("www.hz.zj.gov.cn", "zj.gov.cn"), ("gov.cn", None), ("qinglan.gov.cn.evil.com", None),
    ("127.0.0.1", None)])
def test_gov_domain_is_the_label_before_gov_cn(host, domain):
    assert gov_domain(host) == domain


# ------------------------------------------------------------------------------ the crawl

def _report(title: str, date: str, extra: str = "") -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<div class='nav'><a href='/col/index.html'>信息公开</a></div>"
            f"<h1>{title}</h1><div class='info'>发布日期：{date} 来源：示例市生态环境局</div>"
            f"<div class='content'><p>根据《中华人民共和国政府信息公开条例》，现公布{title}。"
            f"本年度主动公开政府信息120条，收到政府信息公开申请8件。</p>{extra}</div>"
            "</body></html>").encode()


def _pages(bases: dict) -> dict:
    sib, foreign = bases["sibling"], bases["foreign"]
    rows = [("/ndbg/2020.html", "示例市生态环境局2020年政府信息公开工作年度报告", "2021-01-20"),
            (f"{sib}/ndbg/2021.html", "示例市生态环境局2021年政府信息公开工作年度报告", "2022-01-18"),
            (f"{sib}/private/2019.html", "示例市生态环境局2019年政府信息公开工作年度报告", "2020-01-15"),
            (f"{foreign}/ndbg/2018.html", "示例市生态环境局2018年政府信息公开工作年度报告", "2019-01-10")]
    items = "".join(f"<li><a href='{u}'>{t}</a><span>{d}</span></li>" for u, t, d in rows)
    listing = (f"<html><head><meta charset='utf-8'><title>年度报告</title></head><body><h2>年度报告</h2>"
               f"<ul class='list'>{items}</ul><div class='page'>共2页 "
               f"<a href='{sib}/col/index_1.html'>下一页</a></div></body></html>").encode()
    return {
        "site": {"/col/index.html": listing, "/ndbg/2020.html": _report(*rows[0][1:]),
                 "/robots.txt": b"User-agent: *\nAllow: /\n"},
        "sibling": {"/ndbg/2021.html": _report(*rows[1][1:], "<p><a href='/files/2021.pdf'>附件：2021年报.pdf</a></p>"),
                    "/files/2021.pdf": PDF, "/private/2019.html": _report(*rows[2][1:]),
                    "/col/index_1.html": listing, "/robots.txt": b"User-agent: *\nDisallow: /private/\n"},
        "foreign": {"/ndbg/2018.html": _report(*rows[3][1:])},
    }


@pytest.fixture(scope="module")
def sibling_web():
    hits, servers, bases = [], {}, {}
    addresses = {"site": "127.0.0.1", "sibling": "127.0.0.3", "foreign": "127.0.0.4"}
    pages: dict = {}
    for role, address in addresses.items():
        class Handler(BaseHTTPRequestHandler):
            name = role

            def do_GET(self):  # noqa: N802 - stdlib name
                hits.append((self.name, self.path))
                body = pages[self.name].get(self.path.split("?")[0])
                ctype = "application/pdf" if self.path.endswith(".pdf") else \
                    "text/plain" if self.path.endswith(".txt") else "text/html; charset=utf-8"
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args):
                pass

        servers[role] = ThreadingHTTPServer((address, 0), Handler)
        servers[role].daemon_threads = True
        bases[role] = f"http://{address}:{servers[role].server_address[1]}"
        threading.Thread(target=servers[role].serve_forever, daemon=True).start()
    pages.update(_pages(bases))
    yield bases, hits
    for server in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def sibling_crawl(sibling_web, tmp_path_factory):
    bases, hits = sibling_web
    db = tmp_path_factory.mktemp("sibling") / "archive.db"
    sibling = bases["sibling"].split("://", 1)[1]
    cmd = scrapy_crawl_command(db, url=bases["site"] + "/col/index.html", log_level="WARNING",
                               settings=FIXTURE_WEB_SETTINGS) + ["-a", f"also_hosts={sibling}"]
    result = run_crawl(cmd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return sqlite_utils.Database(db), bases, hits


def test_sibling_report_and_attachment_stored(sibling_crawl):
    db, bases, _hits = sibling_crawl
    urls = {row["url"] for row in db["reports"].rows}
    assert bases["site"] + "/ndbg/2020.html" in urls
    assert bases["sibling"] + "/ndbg/2021.html" in urls, urls
    attachments = {row["url"]: row["status"] for row in db["attachments"].rows}
    assert attachments.get(bases["sibling"] + "/files/2021.pdf") == "downloaded", attachments


def test_sibling_listing_not_walked_and_robots_obeyed(sibling_crawl):
    db, bases, hits = sibling_crawl
    sibling_paths = {path for role, path in hits if role == "sibling"}
    assert "/col/index_1.html" not in sibling_paths, sibling_paths
    assert "/private/2019.html" not in sibling_paths, sibling_paths
    assert "/robots.txt" in sibling_paths
    errors = {(row["url"], row["kind"]) for row in db["crawl_errors"].rows}
    assert (bases["sibling"] + "/col/index_1.html", "offsite") in errors, errors
    assert bases["sibling"] + "/private/2019.html" in {url for url, _kind in errors}, errors


def test_foreign_host_still_offsite(sibling_crawl):
    db, bases, hits = sibling_crawl
    assert not [path for role, path in hits if role == "foreign"]
    errors = {(row["url"], row["kind"]) for row in db["crawl_errors"].rows}
    assert (bases["foreign"] + "/ndbg/2018.html", "offsite") in errors, errors
