"""Hanweb JCMS / jpaas (大汉): articles ``/art/YYYY/M/D/art_<col>_<id>.html``, columns
``/col/col<id>/``. Listing rows come as ``<record><![CDATA[<li>…</li>]]></record>`` items of a
``<datastore>``, inline in the column page or as the answer of ``/module/web/jpage/dataproxy.jsp``:
a bare datastore pages by its ``<nextgroup>`` link when that points past this page (jpage writes
it relative to the first group), else by ``startrecord``/``endrecord`` or ``page`` up to
``<totalrecord>``/``<totalpage>``; an inline one by ``<nextgroup>`` or, failing that, the GET
dataproxy URL of page 2 built from the page's jpage config. Rows often print only ``03-16``;
the date in the article URL completes it (xxgk/extract/listing.py). Counters: ``visit.jsp``
(``type=3`` reads and counts), ``/vc/vc/interface/visit.jsp``, ``articlehits.jsp``."""
from __future__ import annotations

import html as _html
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..urls import join
from .base import Counter, Platform

_LEADING_SPACE = re.compile(r"\s*")
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S)
_TOTALPAGE = re.compile(r"<totalpage>\s*(\d+)\s*</totalpage>")
_TOTALRECORD = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")
_PERPAGE = re.compile(r"\bper_?page\s*[:=]\s*[\"']?(\d+)", re.I)

def _current_page(url: str) -> int:
    """Which page a (dataproxy) URL asks for: page=N, or the window startrecord/perpage; else 1."""
    query = {k.lower(): v for k, v in parse_qsl(urlsplit(url).query) if v.isdigit()}
    if "page" in query:
        return max(int(query["page"]), 1)
    if "startrecord" in query:
        start = int(query["startrecord"])
        size = int(query.get("perpage") or 0) or (int(query.get("endrecord") or start) - start + 1)
        return (start - 1) // max(size, 1) + 1
    return 1


def _nextgroup_target(raw: str, url: str):
    """(URL of the <nextgroup> link or None, whether that link is stale). jpage writes the link
    relative to the first group (page=1 on the column page): a link to this page or an earlier one
    is not the next page."""
    match = _NEXTGROUP.search(raw)
    if not match:
        return None, False
    href = re.search(r"href\s*=\s*[\"']([^\"']+)[\"']", match.group(1))
    if not href:
        return None, False
    target = join(url, _html.unescape(href.group(1)))
    if target is None:
        return None, False
    page = {k.lower(): v for k, v in parse_qsl(urlsplit(target).query)}.get("page", "")
    if page.isdigit() and int(page) <= _current_page(url):
        return None, True
    return target, False


def jpage_next_page(raw: str, url: str) -> str | None:
    """Hanweb: the <nextgroup> link of a datastore (none when the datastore is on its last page or the
    link points back to this page)."""
    if not _NEXTGROUP.search(raw) or datastore_is_last(raw, url):
        return None
    return _nextgroup_target(raw, url)[0]


def datastore_is_last(raw: str, url: str) -> bool:
    """The datastore's own counts say this is its last page: all records in hand, the URL's page or
    endrecord reaches totalpage/totalrecord, or totalrecord/perpage pages are used up."""
    query = {k.lower(): v for k, v in parse_qsl(urlsplit(url).query) if v.isdigit()}
    total_rec, total_page = _TOTALRECORD.search(raw), _TOTALPAGE.search(raw)
    total = int(total_rec.group(1)) if total_rec else None
    if total is not None:
        if raw.count("<record>") >= total or int(query.get("endrecord", 0)) >= total > 0:
            return True
    if "startrecord" in query:
        return False
    page = int(query.get("page") or 1)
    if total_page and int(total_page.group(1)) > 0:
        return page >= int(total_page.group(1))
    perpage = query.get("perpage") or (_PERPAGE.search(raw) or [None, None])[1]
    if total is not None and perpage and int(perpage) > 0:
        return page >= -(-total // int(perpage))
    return False


def dataproxy_next(raw: str, url: str) -> str | None:
    """Next window of a dataproxy.jsp answer from page/totalpage or startrecord/totalrecord."""
    nxt = jpage_next_page(raw, url)
    if nxt or (_NEXTGROUP.search(raw) and not _nextgroup_target(raw, url)[1]):
        return nxt
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    total_page = _TOTALPAGE.search(raw)
    total_rec = _TOTALRECORD.search(raw)
    if "startrecord" in query and total_rec:
        start, end = int(query["startrecord"]), int(query.get("endrecord") or query["startrecord"])
        if end >= int(total_rec.group(1)):
            return None
        size = end - start + 1
        query.update(startrecord=str(end + 1), endrecord=str(end + size))
    elif total_page:
        page = int(query.get("page") or 1)
        if page >= int(total_page.group(1)):
            return None
        query["page"] = str(page + 1)
    else:
        return None
    return urlunsplit(parts._replace(query=urlencode(query, safe="/")))


_JPAGE_CONF = re.compile(r"(?:new\s+JPage|\.jpage)\s*\(\s*\{(.*?)\}\s*\)", re.S)


def jpage_first_proxy(raw: str, url: str) -> str | None:
    """The GET dataproxy URL of page 2 from a column page's jpage config (``new JPage({...})`` or
    ``$('#id').jpage({perPage, totalRecord, proxyUrl, ajaxParam: {...}})``) when it has more pages."""
    conf = _JPAGE_CONF.search(raw)
    if not conf:
        return None
    body = conf.group(1) + "}"

    def get(key):
        m = re.search(r"\b" + key + r"\s*:\s*[\"']?([^\"',\s}]+)", body, re.I)
        return m.group(1) if m else None

    proxy = get("proxyUrl") or get("url") or "/module/web/jpage/dataproxy.jsp"
    perpage, total = get("perpage"), get("totalRecord")
    total_page = _TOTALPAGE.search(raw)
    pages = int(total_page.group(1)) if total_page else (
        -(-int(total) // int(perpage)) if perpage and total and perpage.isdigit() and total.isdigit() else 0)
    if pages < 2:
        return None
    query = urlencode({"page": 2, "appid": get("appid") or 1, "webid": get("webid") or "", "path": "/",
                       "columnid": get("columnid") or "", "unitid": get("unitid") or "",
                       "permissiontype": get("permissiontype") or 0}, safe="/")
    return urljoin(url, f"{proxy}?{query}")


def read_listing(text: str, url: str) -> dict | None:
    """A bare datastore (a dataproxy answer) or a column page holding one; None otherwise."""
    start = _LEADING_SPACE.match(text).end()
    head = text[start:start + 2000]
    if "<datastore" in head and not re.search(r"<html", head, re.I):
        return {"fragments": _RECORD.findall(text), "next_page": dataproxy_next(text, url)}
    if "<datastore" in text and _RECORD.search(text):
        return {"fragments": _RECORD.findall(text),
                "next_page": jpage_next_page(text, url) or jpage_first_proxy(text, url)}
    return None


_HINTS = ("visit.jsp", "articlehits")
COUNTERS = (
    Counter(re.compile(r"""["'(]\s*([^"'()\s]*?/module/visitcount/visit\.jsp\?[^"'()\s]*type=3[^"'()\s]*)"""),
            _HINTS),
    Counter(re.compile(r"""["'(]\s*([^"'()\s]*?/vc/vc/interface/visit\.jsp\?[^"'()\s]*)"""), _HINTS),
    # the display endpoint (the notes: it shows the count; [belief] that reading it adds none)
    Counter(re.compile(r"""["'(]\s*([^"'()\s]*?/module/visitcount/articlehits\.jsp\?[^"'()\s]*)"""), _HINTS,
            counts_visit=False, safe_to_read=True),
    Counter(re.compile(r"""["'(]\s*([^"'()\s]*?/module/visitcount/visit\.jsp\?[^"'()\s]*)"""), _HINTS),
)

PLATFORM = Platform(
    name="hanweb", priority=20,
    markers=("大汉版通", "/module/jslib/", "zjeg_rss", "/module/visitcount/", "<datastore>", "jpage", "hanweb"),
    url=re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_|/col/col\d+/|dataproxy\.jsp|/module/web/jpage/"),
    counters=COUNTERS, read_listing=read_listing, notes="body in .ucap-content / #zoom")
