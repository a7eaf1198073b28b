"""Many small virtual sites on one server, told apart by the ``Host`` header (``--many N``).

Site ``k`` (1 ≤ k ≤ N) is ``s{k:04d}.sites.test`` (``s0001.sites.test`` …); every such name is
meant to resolve to 127.0.0.1 (the crawl bench installs a resolver that maps ``*.sites.test`` to
loopback and refuses every other name). Each site is small and deterministic, in the TRS-like
layout of the generated site (``fixtureweb.generated``, whose rendering functions it reuses):

  /robots.txt                       ``Disallow: /__fixture/`` and the search form
  /                                 a homepage linking the column
  /gen/xxgk/ndbg/index.html         the report column: one listing page (``createPageHTML(1, 0, …)``)
  /gen/xxgk/ndbg/YYYYMM/t…_<id>.html  2–4 article pages: ``generated.render_article(i)`` for the
                                    site's article numbers ``i`` (``article_numbers(k)``)

Site ``k`` owns article numbers ``4(k-1) … 4(k-1)+3``, of which the first ``2 + h(k) % 3`` are
published, so no two sites share a page. As on the generated site, article numbers ``i`` with
``i % 10 == 9`` are notices, not reports. ``expected_pages(k)`` lists what a correct crawl stores.

The server keeps an access record of the virtual sites (``AccessLog``): host, path and the
monotonic start and end of every request, read at ``GET /__fixture/many-access`` (JSON), so a test
can check the crawler's per-host politeness: the gaps between requests to one host and how many
were in flight at once.
"""
from __future__ import annotations

import hashlib
import re
import threading
import time
from html import escape

from xxgk.fixtureweb import generated

DOMAIN = "sites.test"
SLOTS_PER_SITE = 4  # article numbers reserved per site
COLUMN = generated.COLUMN + "index.html"  # /gen/xxgk/ndbg/index.html on every virtual host
_HOST_RE = re.compile(r"^s(\d{4,})\." + re.escape(DOMAIN) + r"$")
REGION_CODES = ["110101", "120102", "210900", "330782", "430921", "440307", "510100", "620521"]
ROBOTS = b"User-agent: *\nDisallow: /__fixture/\nDisallow: /gen/search/\n"


def slug(k: int) -> str:
    return f"s{k:04d}"


def host(k: int) -> str:
    return f"{slug(k)}.{DOMAIN}"


def site_number(host_header: str | None, n: int) -> int | None:
    """The site number named by a ``Host`` header (port ignored), or None when it names no
    virtual site among the first ``n``."""
    if not host_header:
        return None
    name = host_header.strip().lower().rsplit(":", 1)[0] if not host_header.startswith("[") else ""
    m = _HOST_RE.match(name)
    if not m:
        return None
    k = int(m.group(1))
    return k if 1 <= k <= n else None


def _h(k: int) -> int:
    return int.from_bytes(hashlib.sha256(f"many:{k}".encode()).digest()[:4], "big")


def article_numbers(k: int) -> list[int]:
    """The generated article numbers site ``k`` publishes (2–4 of them)."""
    first = SLOTS_PER_SITE * (k - 1)
    return list(range(first, first + 2 + _h(k) % 3))


def expected_pages(k: int, base: str) -> list[dict]:
    """The records a correct crawl stores for site ``k``: ``generated.article(i)`` with the
    absolute URL under ``base`` (``http://s0001.sites.test:PORT``)."""
    return [generated.article(i) | {"url": base.rstrip("/") + generated.article(i)["url"]}
            for i in article_numbers(k)]


def agency(k: int) -> str:
    """The agency a site profile names: the one of its first article."""
    return generated.article(article_numbers(k)[0])["agency"]


def render_listing(k: int) -> bytes:
    items = []
    for i in article_numbers(k):
        a = generated.article(i)
        items.append(f'<li><a href="{a["url"]}" target="_blank" title="{escape(a["title"])}">'
                     f'{escape(a["title"])}</a><span>{a["published"]}</span></li>')
    html = generated._chrome_top("政府信息公开年报", "政府信息公开年报") + f"""
<div class="crumb">当前位置：<a href="/gen/">首页</a> &gt; <a href="/gen/xxgk/">信息公开</a> &gt; 政府信息公开年报</div>
<div class="list"><ul>{''.join(items)}</ul>
<div class="page"><script>var currentPage = 0;//所在页从0开始
var countPage = 1//共多少页
createPageHTML(1, 0, "index", "html");</script></div></div>""" + generated._chrome_bottom(k)
    return html.encode("utf-8")


def render(k: int, path: str) -> tuple[str, bytes] | None:
    """``(content type, bytes)`` for ``path`` on virtual site ``k``, or None (404)."""
    if path == "/robots.txt":
        return "text/plain", ROBOTS
    if path in ("/", "/index.html", "/gen/", "/gen/index.html"):
        body = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(agency(k))}</title>'
                f'</head><body><a href="{COLUMN}">政府信息公开年报</a></body></html>').encode()
        return "text/html; charset=utf-8", body
    if path in (COLUMN, generated.COLUMN):
        return "text/html; charset=utf-8", render_listing(k)
    for i in article_numbers(k):
        if generated.article(i)["url"] == path:
            return "text/html; charset=utf-8", generated.render_article(i)
    return None


def site_profile(k: int, port: int) -> dict:
    """A registry profile (the mapping a ``registry/sites/*.yml`` file holds) for site ``k``
    served on ``port``: plain ``http://s0001.sites.test:PORT/`` URLs, ``fixture: false``."""
    base = f"http://{host(k)}:{port}"
    return {"slug": slug(k), "agency": agency(k), "region": "临江市",
            "region_code": REGION_CODES[k % len(REGION_CODES)], "homepage": base + "/",
            "columns": [base + COLUMN], "platform": None, "fixture": False, "verified": False,
            "notes": f"virtual site {k} of the fixture web's --many (fixtureweb/many.py), on loopback"}


def write_registry(folder, n: int, port: int) -> list[str]:
    """Write ``<slug>.yml`` profiles of sites 1…n into ``folder``; return the slugs."""
    from pathlib import Path

    import yaml

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    slugs = []
    for k in range(1, n + 1):
        (folder / f"{slug(k)}.yml").write_text(
            yaml.safe_dump(site_profile(k, port), allow_unicode=True, sort_keys=False),
            encoding="utf-8")
        slugs.append(slug(k))
    return slugs


class AccessLog:
    """Thread-safe record of the requests to virtual sites: ``[host, path, start, end]`` with
    ``time.monotonic()`` seconds, plus the largest number in flight at once per host."""

    def __init__(self):
        self.lock = threading.Lock()
        self.records: list[list] = []
        self.in_flight: dict[str, int] = {}
        self.max_in_flight: dict[str, int] = {}

    def begin(self, host_name: str, path: str) -> list:
        record = [host_name, path, time.monotonic(), None]
        with self.lock:
            self.records.append(record)
            now = self.in_flight[host_name] = self.in_flight.get(host_name, 0) + 1
            if now > self.max_in_flight.get(host_name, 0):
                self.max_in_flight[host_name] = now
        return record

    def end(self, record: list) -> None:
        with self.lock:
            record[3] = time.monotonic()
            self.in_flight[record[0]] -= 1

    def snapshot(self) -> dict:
        with self.lock:
            return {"records": [list(r) for r in self.records],
                    "max_in_flight": dict(self.max_in_flight)}
