"""Listing pages -> the column's article links and the next page.

Links come from the densest list of dated (or article-URL) links outside the site chrome (nav,
sidebars, recommendation boxes, footers, related lists); the pager or the column heading breaks ties.
In a row holding several links the article link is taken, not a category tag or column link.
Links on the listing's host or a sibling host of the same government (the same ``<name>.gov.cn``:
a department's subdomain) are in ``links``; links to other hosts are left out and returned as
``offsite``. The crawler applies its scope to both (crawler/scope.py): a sibling's or an
``also_hosts`` report is fetched one hop, its listings never walked. Dates are ISO when the
row prints a year; a row printing only ``03-16`` keeps ``"03-16"`` unless the article URL
carries a full date with the same month and day (Hanweb /art/2022/3/16/, TRS t20220316_),
which is then used.
"""
from __future__ import annotations

import html as _html
import re
from urllib.parse import urlsplit

import lxml.html

from .dates import parse_date, parse_month_day, parse_url_date
from .decode import decode_body
from .dom import classes_of, flatten_runaway_nesting, html_parser
from . import platforms
from .pager import html_next_page
from .regions import is_chrome
from .report import parse_is_report
from .text import squeeze, tidy_heading
from .urls import collecting_rejected, gov_domain, join

_ROW_TAGS = ("li", "tr", "dd", "dt", "p", "div", "td", "span", "h3", "h4")
_PAGER_TEXT = re.compile(r"下一页|下页|尾页|末页|上一页|上页|首页|共\s*\d+\s*页|createPageHTML|pagination|page")
_TITLE_LABEL = re.compile(r"^\s*(?:文章标题|新闻标题|信息标题|标题|名称|文件名称)\s*[:：]\s*")
_EDGE_DATE = re.compile(r"^[\[【(（]?(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}[\]】)）]?|"
                        r"[\[【(（]?(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}[\]】)）]?$")
_ARTICLE_URL = re.compile(r"\d{3,}")
_SKIP_HREF = ("javascript:", "mailto:", "#", "tel:")


def _host(url: str) -> str:
    host = urlsplit(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def same_site(link_url: str, page_url: str) -> bool:
    """A link on the listing's own host, or on a sibling host of the same government: the same
    registrable ``<name>.gov.cn`` domain (a department's subdomain ``mzj.x.gov.cn`` listed by
    ``www.x.gov.cn``). Those are the column's own links; any other host is offsite."""
    if _host(link_url) == _host(page_url):
        return True
    own = gov_domain(urlsplit(page_url).netloc)
    return own is not None and gov_domain(urlsplit(link_url).netloc) == own


def _title_of(anchor) -> str:
    text = _EDGE_DATE.sub("", tidy_heading(anchor.text_content()))
    attr = (anchor.get("title") or "").strip().split("\n")[0]
    attr = tidy_heading(_TITLE_LABEL.sub("", attr))
    if attr and (not text or text.endswith(("…", "...", "..", "。。。")) or attr.startswith(text.rstrip("…."))
                 or len(attr) > len(text)):
        return attr
    return text


def _path_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + "?" + parts.query


# A "row" holding more links than this is a box of links (a tag cloud, a sitemap), not one
# list row: no date is read from it. This keeps a page of thousands of bare links linear.
MAX_ROW_LINKS = 8


def _row_text(row, cache: dict | None) -> str | None:
    """The row's text, squeezed, once per row; None for a box of many links."""
    if cache is not None and row in cache:
        return cache[row]
    links = 0
    for _ in row.iter("a"):
        links += 1
        if links > MAX_ROW_LINKS:
            break
    text = None if links > MAX_ROW_LINKS else squeeze(row.text_content())
    if cache is not None:
        cache[row] = text
    return text


def _row_date(row, anchor, href: str, cache: dict | None = None) -> str | None:
    text = _row_text(row, cache)
    if text is None:
        return parse_url_date(href)
    title = squeeze(anchor.text_content())
    rest = text.replace(title, " ", 1) if title else text
    iso = parse_date(rest) or parse_date(text)
    if iso:
        return iso
    month_day = parse_month_day(rest)
    if month_day:
        url_date = parse_url_date(href)
        return url_date if url_date and url_date.endswith(month_day) else month_day
    return None


def _link(anchor, row, url: str, cache: dict | None = None) -> dict | None:
    href = (anchor.get("href") or "").strip()
    if not href or href.lower().startswith(_SKIP_HREF):
        return None
    absolute = join(url, _html.unescape(href))
    if absolute is None or not same_site(absolute, url) or not absolute.startswith(("http://", "https://")):
        return None
    title = _title_of(anchor)
    if len(title) < 4:
        return None
    return {"url": absolute, "title": title, "date": _row_date(row, anchor, absolute, cache),
            "is_report": parse_is_report(title)}


def _rows_from_fragments(fragments, url: str) -> list[dict]:
    links = []
    for fragment in fragments:
        fragment = fragment.strip()
        if not fragment:
            continue
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        for anchor in root.iter("a"):
            item = _link(anchor, root, url)
            if item:
                links.append(item)
                break
    return links


def _in_chrome(el) -> bool:
    while el is not None:
        if is_chrome(el):
            return True
        el = el.getparent()
    return False


def _row_of(anchor):
    """The list row holding an anchor: the nearest li/tr/dd/dt/p, else the nearest div/td/span."""
    el, depth = anchor.getparent(), 0
    while el is not None and depth < 5:
        if el.tag in ("li", "tr", "dd", "dt", "p"):
            return el
        if el.tag in ("ul", "ol", "table", "tbody", "dl", "body"):
            break
        el, depth = el.getparent(), depth + 1
    row = anchor.getparent()
    while row is not None and row.tag not in _ROW_TAGS:
        row = row.getparent()
    return row


# article URLs: TRS t20190301_123, Hanweb /art/2019/3/1/art_12_345, /info/1082/18756, content_123,
# post_123, a dated directory, an id parameter; column URLs: index pages, directories, Hanweb /col/colN/
_STRONG_ARTICLE = re.compile(
    r"/t\d{8}_\d+|/art/\d{4}/|/art_\d+_\d+|/info/\d+/\d+|content_\d+|post_\d+|/\d{6,8}/[^/?]+\.\w+$|"
    r"[?&](?:id|articleid|newsid|infoid|contentid|aid)=\d+", re.I)
_COLUMN_URL = re.compile(r"(?:/|/(?:index|default|list|main)\.\w+)$|/col/col\d+/(?:index\.\w+)?$", re.I)
_TAG_TITLE = re.compile(r"^[\[【［〔].{1,12}[\]】］〕]$")
# sidebar / recommendation boxes (never the column's own list)
_SIDE_TOKEN = re.compile(
    r"(?:^|[-_])(?:side|sider|sidebar|aside|tj|tuijian|recommend|recom|hot|hots|rank|ranking|phb|remen|"
    r"rdxw|rdtj|djph|news_right|right_?side|rightbar)(?:$|[-_\d])")
_SIDE_HEAD = re.compile(r"推荐|热点|热门|排行|点击榜|猜你喜欢|相关")


def _url_kind(url: str) -> int:
    """2 for an article-looking URL, 0 for a column/index URL, 1 otherwise."""
    parts = urlsplit(url)
    if _STRONG_ARTICLE.search(parts.path + ("?" + parts.query if parts.query else "")):
        return 2
    if not parts.query and _COLUMN_URL.search(parts.path or "/"):
        return 0
    return 1


def _link_rank(link: dict) -> int:
    return 0 if _TAG_TITLE.match(link["title"]) else _url_kind(link["url"])


def _side_box(el) -> bool:
    """Inside a sidebar/recommendation box (by id/class, or a box headed 推荐/热点/排行)."""
    depth = 0
    while el is not None and el.tag != "body":
        tokens = classes_of(el)
        if any(_SIDE_TOKEN.search(t) for t in tokens):
            return True
        if depth < 3:
            for head in el.iterchildren():
                if not isinstance(head.tag, str) or head.tag in ("ul", "ol", "table", "tbody", "dl"):
                    continue
                if head.tag in ("h2", "h3", "h4", "h5") or any(t.endswith(("hd", "tit", "title", "head"))
                                                             for t in classes_of(head)):
                    text = squeeze(head.text_content())
                    if len(text) <= 14 and _SIDE_HEAD.search(text):
                        return True
        el, depth = el.getparent(), depth + 1
    return False


def _container_score(container, rows, column_name: str) -> float:
    dated = sum(1 for link in rows if link["date"] and _link_rank(link))
    articles = sum(1 for link in rows if not link["date"] and _link_rank(link) == 2)
    others = sum(1 for link in rows if not link["date"] and _link_rank(link) == 1
                 and _ARTICLE_URL.search(_path_query(link["url"])))
    score = dated * 2 + articles * 1 + others * 0.5
    parent = container.getparent()
    around = squeeze(parent.text_content()) if parent is not None else ""
    if parent is not None and _PAGER_TEXT.search(around[-300:] + " ".join(classes_of(parent))):
        score += 2.5
    if column_name and column_name in around[:200]:
        score += 1.5
    if any(t in ("list", "newslist", "news_list", "list_box", "listbox") or "list" in t
           for t in classes_of(container)):
        score += 1
    return score


def _row_link(links: list[dict]) -> dict:
    """The article link of a row holding several (a category tag or column link may come first)."""
    return max(links, key=_link_rank)  # max keeps the first of equals


def html_links(root, url: str, column_name: str = "", offsite: list | None = None) -> list[dict]:
    """Links of the densest dated article list outside the chrome and the sidebars. Links of
    that list to other hosts (not a sibling ``*.gov.cn`` host) are left out; given a list
    ``offsite``, they are added to it."""
    groups: dict = {}
    row_texts: dict = {}
    for anchor in root.iter("a"):
        row = _row_of(anchor)
        if row is None or row.getparent() is None or _in_chrome(row):
            continue
        item = _link(anchor, row, url, row_texts)
        if not item:
            continue
        container = row.getparent()
        groups.setdefault(container, {}).setdefault(row, []).append(item)
    rows_of = {c: [(row, _row_link(items)) for row, items in rows.items()] for c, rows in groups.items()}
    best, best_score = None, 1.5
    for container, rows in rows_of.items():
        if _side_box(container):
            continue
        score = _container_score(container, [link for _row, link in rows], column_name)
        if score > best_score:
            best, best_score = container, score
    if best is None:
        return []
    chosen = [best] + [c for c in groups if c is not best and c.getparent() is best.getparent()
                       and c.tag == best.tag and c.get("class") == best.get("class")
                       and not _side_box(c)]
    links, seen = [], set()
    for container in rows_of:
        if container not in chosen:
            continue
        rows = rows_of[container]
        # column/tag links are not articles when the list holds article links
        has_articles = any(_link_rank(link) for _row, link in rows)
        for _row, link in rows:
            if link["url"] in seen or (has_articles and not _link_rank(link) and not link["date"]):
                continue
            seen.add(link["url"])
            links.append(link)
    if offsite is not None:
        offsite += _offsite_links(chosen, url)
    return links


def _offsite_links(containers, url: str) -> list[dict]:
    """The links of the chosen list that point at another host, as links ({"url", "title",
    "date", "is_report"}): the crawler fetches those on a sibling host (crawler/scope.py)."""
    found, seen = [], set()
    for container in containers:
        for anchor in container.iter("a"):
            href = (anchor.get("href") or "").strip()
            if href.lower().startswith(_SKIP_HREF):
                continue
            absolute = join(url, _html.unescape(href)) if href else None
            title = _title_of(anchor)
            if absolute and absolute.startswith(("http://", "https://")) and absolute not in seen \
                    and not same_site(absolute, url) and len(title) >= 4:
                seen.add(absolute)
                row = _row_of(anchor)
                found.append({"url": absolute, "title": title,
                              "date": _row_date(row, anchor, absolute) if row is not None else None,
                              "is_report": parse_is_report(title)})
    return found


def extract_listing(body: bytes, url: str, headers=None, platform: str | None = None) -> dict:
    """{"links": [{"url", "title", "date", "is_report"}], "next_page", "platform", "rejected"}
    of a listing page, plus ``offsite`` (the list's links to other, non-sibling hosts) for
    an HTML list; ``rejected`` lists the hrefs too malformed to follow ({"href", "reason"}).
    ``platform`` (a site profile's ``platform:``) selects the platform module; None detects it."""
    with collecting_rejected() as rejected:
        listing = _read_listing(body, url, headers, platform)
    return {**listing, "rejected": rejected}


def _read_listing(body: bytes, url: str, headers=None, name: str | None = None) -> dict:
    text, _encoding = decode_body(body, headers)
    platform = platforms.select(name, url, text)
    own = platforms.read_listing(platform, text, url)
    if own is not None:
        owner, found = own
        links = found["links"] if "links" in found else _rows_from_fragments(found["fragments"], url)
        return {"links": links, "next_page": found["next_page"], "platform": owner.name}
    root = lxml.html.document_fromstring(
        flatten_runaway_nesting(re.sub(r"^\s*<\?xml[^>]*\?>", "", text)), parser=html_parser())
    for bad in root.iter("script", "style", "noscript"):
        bad.text = ""
    column = ""
    meta = root.find(".//meta[@name='ColumnName']")
    if meta is not None:
        column = meta.get("content") or ""
    offsite: list = []
    links = html_links(root, url, column, offsite)
    next_page = html_next_page(root, text, url, platform, guess_numbered=bool(links))
    return {"links": links, "next_page": next_page, "platform": platform.name, "offsite": offsite}
