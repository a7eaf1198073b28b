"""Renderers for the fixture web's dynamic responses.

Pure functions (no sockets): the server calls them to answer requests and ``fixtureweb.catalog``
calls them to give tests the exact bytes the server would send. Data live in each site's
``_data/`` folder (never served).
"""
from __future__ import annotations

import hashlib
import json
import math
from html import escape
from pathlib import Path
from typing import Iterator, Mapping
from urllib.parse import urlencode

import yaml

SITES_DIR = Path(__file__).parent / "sites"

HUGE_SIZE = 12 * 1024 * 1024  # bytes sent by a "huge" page
BINARY_SIZE = 64 * 1024


def load_site(slug: str) -> dict:
    """A site's ``_site.yml`` as a dict (``{}`` if the site has none)."""
    path = SITES_DIR / slug / "_site.yml"
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def load_data(slug: str, name: str) -> dict | None:
    """``sites/<slug>/_data/<name>`` parsed as JSON, or ``None`` if absent."""
    path = SITES_DIR / slug / "_data" / name
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


# --- Hanweb JCMS jpage dataproxy -------------------------------------------------------------

def jpage_record_html(rec: Mapping) -> str:
    """One ``<record>`` payload, as Hanweb's list template writes it."""
    title = escape(rec["title"], quote=True)
    return (f'<li><a href="{rec["url"]}" title="{title}" target="_blank">'
            f'{escape(rec["title"], quote=False)}</a><b>{rec["date"]}</b></li>')


def jpage_query(data: Mapping, slug: str, page: int) -> str:
    """The GET dataproxy URL (path + query) for ``page`` of the column in ``data``."""
    query = urlencode({"page": page, "appid": 1, "webid": data["webid"], "path": "/",
                       "columnid": data["columnid"], "unitid": data["unitid"],
                       "permissiontype": 0}, safe="/")
    return f"/{slug}/module/web/jpage/dataproxy.jsp?{query}"


def render_jpage(data: Mapping, slug: str, start: int, end: int) -> bytes:
    """The ``<datastore>`` XML for records ``start``..``end`` (1-based, inclusive)."""
    return render_datastore(data, slug, start, end, declaration=True).encode("utf-8")


def render_datastore(data: Mapping, slug: str, start: int, end: int, *,
                     declaration: bool) -> str:
    records = data["records"]
    total = len(records)
    perpage = int(data["perpage"])
    start = max(1, start)
    end = min(total, max(start - 1, end))
    chosen = records[start - 1:end]
    next_page = (end // perpage) + 1 if end < total else None
    nextgroup = (f'<a href="{jpage_query(data, slug, next_page)}"></a>' if next_page else "")
    rows = "\n".join(f"<record><![CDATA[\n{jpage_record_html(r)}\n]]></record>" for r in chosen)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if declaration else ""
    return (f"{head}<datastore>\n<nextgroup><![CDATA[{nextgroup}]]></nextgroup>\n"
            f"<recordset>\n{rows}\n</recordset>\n"
            f"<totalrecord>{total}</totalrecord>\n"
            f"<totalpage>{math.ceil(total / perpage)}</totalpage>\n</datastore>\n")


def jpage_window(data: Mapping, query: Mapping[str, str]) -> tuple[int, int]:
    """Records asked for by a dataproxy request: ``page=N`` or ``startrecord/endrecord``."""
    perpage = int(query.get("perpage") or data["perpage"])
    if query.get("startrecord"):
        start = int(query["startrecord"])
        end = int(query.get("endrecord") or start + perpage - 1)
        return start, end
    page = max(1, int(query.get("page") or 1))
    return (page - 1) * perpage + 1, page * perpage


# --- Guangdong gkmlpt JSON API ---------------------------------------------------------------

def render_gkmlpt(data: Mapping, cat_id: str, page: int, sid: str | None) -> tuple[int, bytes]:
    """(status, body) for ``/gkmlpt/api/all/<cat_id>?page=N&sid=…``."""
    if sid != data["sid"] or cat_id not in data["categories"]:
        body = {"error": "invalid sid or category", "total": 0, "articles": []}
        return 400, json.dumps(body, ensure_ascii=False).encode("utf-8")
    cat = data["categories"][cat_id]
    size = int(data["page_size"])
    arts = cat["articles"]
    chosen = arts[(page - 1) * size: page * size] if page >= 1 else []
    body = {"total": len(arts), "page": page, "page_size": size,
            "classify": {"id": int(cat_id), "name": cat["name"]},
            "articles": chosen}
    return 200, json.dumps(body, ensure_ascii=False).encode("utf-8")


# --- hostile responses -----------------------------------------------------------------------

def binary_garbage(key: str, size: int = BINARY_SIZE) -> bytes:
    """Deterministic random-looking bytes (a SHA-256 chain seeded by ``key``)."""
    out = bytearray()
    block = hashlib.sha256(key.encode("utf-8")).digest()
    while len(out) < size:
        block = hashlib.sha256(block).digest()
        out += block
    out[:4] = b"\x00\xff\x13\x9c"  # never looks like a text or HTML start
    return bytes(out[:size])


def huge_chunks(title: str, size: int = HUGE_SIZE, chunk: int = 64 * 1024) -> Iterator[bytes]:
    """A ``size``-byte HTML page, in chunks: a report heading, then endless filler rows."""
    head = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'</head><body><h1>{escape(title)}</h1><table>').encode("utf-8")
    row = "<tr><td>主动公开政府信息</td><td>0</td><td>0</td><td>&nbsp;</td></tr>\n".encode()
    sent = 0
    first = head
    while sent < size:
        n = min(chunk, size - sent)
        buf = (first + row * (chunk // len(row) + 1))[:n]
        first = b""
        sent += n
        yield buf


def robots_txt(sites: Mapping[str, Mapping]) -> bytes:
    """The server-root robots.txt: a few admin paths per site plus each site's disallows."""
    lines = ["# robots.txt for the fixture web (127.0.0.1)", "User-agent: *"]
    for slug, site in sorted(sites.items()):
        for prefix in site.get("robots_disallow", []):
            lines.append(f"Disallow: /{slug}/{prefix}")
    lines += ["Disallow: /__fixture/", "Disallow: /gen/search/", "",
              "User-agent: BadBot", "Disallow: /", ""]
    return "\n".join(lines).encode("ascii")
