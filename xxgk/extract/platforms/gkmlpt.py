"""gkmlpt (广东 政府信息公开目录平台): articles ``/gkmlpt/content/…/post_<id>.html``. The column
page is a script shell: its rows come from a JSON API, ``<API>/all/<category>?page=N&sid=<SID>``,
with the category in the column URL's fragment (``#<id>``) or the page's script and the SID in
the script. The JSON answer (``articles``/``data`` with ``total``, ``page``, ``page_size``) is
paged by ``page``; its dates may be epoch seconds or milliseconds (read in UTC+8). No counter
known."""
from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..dates import parse_date
from ..report import parse_is_report
from ..text import tidy_heading
from ..urls import join
from .base import Platform

_SID = re.compile(r"SID\s*[:=]\s*[\"']([^\"']+)[\"']")
_CAT = re.compile(r"(?:CAT_?ID|CATEGORY_?ID|DEFAULT_?CAT\w*|cat_id|catId|classify_id)\s*[:=]\s*[\"']?(\d+)", re.I)
_API = re.compile(r"\bAPI\s*:\s*[\"']([^\"']+)[\"']")
_JSON_START = re.compile(r"\s*[\[{]")  # no copy of the whole answer, as lstrip() makes
_CHINA = dt.timezone(dt.timedelta(hours=8))


def read_listing(text: str, url: str) -> dict | None:
    """A JSON answer of the listing API; None for anything else."""
    if not _JSON_START.match(text):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return {"links": [], "next_page": None}
    articles = data.get("articles") or data.get("data") or [] if isinstance(data, dict) else data
    links = []
    for art in articles if isinstance(articles, list) else []:
        if not isinstance(art, dict):
            continue
        href = art.get("url") or art.get("post_url") or art.get("link") or art.get("href")
        title = tidy_heading(art.get("title") or art.get("name") or "")
        if not href or not title or join(url, href) is None:
            continue
        links.append({"url": join(url, href), "title": title, "date": _date(art),
                      "is_report": parse_is_report(title)})
    return {"links": links, "next_page": _json_next(data, url, len(links))}


def _date(art: dict) -> str | None:
    for key in ("date", "publish_date", "pub_date", "display_publish_time", "first_publish_time",
                "publish_time", "created_at", "time"):
        value = art.get(key)
        if isinstance(value, (int, float)) and value > 10**8:
            stamp = value / 1000 if value > 10**11 else value
            return dt.datetime.fromtimestamp(stamp, _CHINA).date().isoformat()
        if isinstance(value, str) and parse_date(value):
            return parse_date(value)
    return None


def _json_next(data, url: str, count: int) -> str | None:
    if not isinstance(data, dict) or not count:
        return None
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    page = int(data.get("page") or query.get("page") or 1)
    size = int(data.get("page_size") or data.get("pageSize") or count)
    total = int(data.get("total") or 0)
    if page * size >= total:
        return None
    query["page"] = str(page + 1)
    return urlunsplit(parts._replace(query=urlencode(query, safe="/")))


def next_page(text: str, url: str) -> str | None:
    """The column shell's first API page: needs the SID and a category."""
    sid = _SID.search(text)
    if not sid:
        return None
    cat = re.search(r"#(\d+)$", url) or _CAT.search(text)
    if not cat:
        return None
    api = _API.search(text)
    if api:
        base = api.group(1).rstrip("/")
    else:
        path = urlsplit(url).path
        base = path[:path.index("/gkmlpt/") + len("/gkmlpt")] + "/api" if "/gkmlpt/" in path else "/gkmlpt/api"
    return urljoin(url, f"{base}/all/{cat.group(1)}?page=1&sid={sid.group(1)}")


PLATFORM = Platform(
    name="gkmlpt", priority=10, markers=("gkmlpt",), url=re.compile(r"/gkmlpt/|/content/post_\d+\.html"),
    read_listing=read_listing, next_page=next_page, numbered_pages=False,
    notes="column pages are script shells over a JSON API")
