"""Next-page discovery any platform's listing can use: 下一页 links, rel=next, goPage(n) scripts,
script-drawn pagers, numbered pager links. A platform's own pager scripts are in its module
(xxgk/extract/platforms/); ``html_next_page`` tries them all in the order docs/platforms.md gives."""
from __future__ import annotations

import html as _html
import re
from urllib.parse import parse_qsl, urlsplit

from . import platforms
from .dom import classes_of
from .urls import join

_NEXT_TEXT = re.compile(r"^[\s\[【<(]*(?:下一页|下页|后页|后一页|下一頁|下壹页|next(?:\s*page)?|>|›|»|>>|&gt;)"
                        r"[\s\]】>)›»]*$", re.I)


def link_next_page(anchors, url: str) -> str | None:
    """The href of a 下一页/下页/后页/> link that leads somewhere else."""
    here = urlsplit(url)._replace(fragment="").geturl()
    for text, href in anchors:
        if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
            continue
        if _NEXT_TEXT.match(text or ""):
            target = join(url, _html.unescape(href.strip()))
            if target and urlsplit(target)._replace(fragment="").geturl() != here:
                return target
    return None


def rel_next_page(root, url: str) -> str | None:
    """The target of a ``<link rel="next">`` or ``<a rel="next">`` that leads elsewhere."""
    here = urlsplit(url)._replace(fragment="").geturl()
    for el in root.iter("link", "a"):
        if "next" in (el.get("rel") or "").lower().split():
            href = (el.get("href") or "").strip()
            if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
                continue
            target = join(url, _html.unescape(href))
            if target and urlsplit(target)._replace(fragment="").geturl() != here:
                return target
    return None


_PAGE_KEYS = ("page", "pagenum", "pageno", "curpage", "cur_page", "currpage", "pageindex", "p", "pn",
              "page_no", "pageid")
_PATH_NUM = re.compile(r"^(.*[_-])(\d+)(\.[A-Za-z]+)$")


def _page_key(url: str):
    """(stem, number) describing which page ``url`` is, or (stem, None) for an unnumbered page."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    for key, value in query:
        if key.lower() in _PAGE_KEYS and value.isdigit():
            rest = tuple(sorted((k, v) for k, v in query if k != key))
            return ("q", parts.path, key.lower(), rest), int(value)
    match = _PATH_NUM.match(parts.path)
    if match:
        return ("p", match.group(1), match.group(3)), int(match.group(2))
    return None, None


def numbered_next(anchors, url: str) -> str | None:
    """Among numbered pager links (?page=N, index_N.html, list_12_N.html), the next page after ``url``."""
    here_key, here_num = _page_key(url)
    best = None
    for text, href in anchors:
        if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
            continue
        target = join(url, _html.unescape(href.strip()))
        if target is None:
            continue
        key, num = _page_key(target)
        if num is None:
            continue
        if here_key is None:
            if _FIRST_PAGE.match(text or ""):
                continue  # 首页 / 1: this very page, under its numbered name
            same = _unnumbered_matches(url, key)
            current = 1 if key[0] == "q" else -1
        else:
            same, current = key == here_key, here_num
        if same and num > current and (best is None or num < best[0]):
            best = (num, target)
    return best[1] if best else None


_FIRST_PAGE = re.compile(r"^[\s\[【(]*(?:1|首页|第一页|第1页)[\s\]】)]*$")


def _unnumbered_matches(url: str, key) -> bool:
    """index.html ~ index_N.html; ShowClass.asp?ClassID=5 ~ ShowClass.asp?ClassID=5&page=N; a
    directory ``…/ndbg/`` ~ ``…/ndbg/<name>_N.html``."""
    parts = urlsplit(url)
    if key[0] == "q":
        return key[1] == parts.path and key[3] == tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    if parts.path.endswith("/"):
        return key[1].rsplit("/", 1)[0] + "/" == parts.path
    stem, ext = parts.path.rsplit(".", 1) if "." in parts.path.rsplit("/", 1)[-1] else (parts.path, "")
    return key[1] in (stem + "_", stem + "-") and key[2] == "." + ext


_JS_PAGER_CALL = re.compile(r"\b(?:goPage|toPage|gotoPage|go_page|goToPage|turnPage|jumpPage)\s*\(\s*[\"']?(\d+)",
                            re.I)
_PAGE_VAR = r"(?:page|pageno|pagenum|pageindex|pagenumber|curpage|curr|current|num|n|p|i|index)"
_TEMPLATE_LITERAL = re.compile(r"[\"']([^\"'\s<>+]*\{(?:" + _PAGE_VAR[3:-1] + r"|0)\}[^\"'\s<>+]*)[\"']", re.I)
# "index_" + n + ".html", "index_" + (n - 1) + ".html" (a 0-based file numbering), "?page=" + obj.curr
_TEMPLATE_CONCAT = re.compile(r"[\"']([^\"'\s<>+]+)[\"']\s*\+\s*(?:(?:[A-Za-z_$][\w$]*\.)?" + _PAGE_VAR
                              + r"\b|\(\s*(?:[A-Za-z_$][\w$]*\.)?" + _PAGE_VAR + r"\s*([+-])\s*(\d+)\s*\))"
                              r"(?:\s*\+\s*[\"']([^\"'\s<>+]*)[\"'])?", re.I)
_URLISH = re.compile(r"[./?=_-]")


def _page_template(raw: str):
    """A URL template for page n found in the page's scripts, as a function of n (or None):
    ``"list_{page}.html"``, ``"index_{0}.html"``, ``"list_" + page + ".html"``."""
    for match in _TEMPLATE_LITERAL.finditer(raw):
        template = match.group(1)
        if _URLISH.search(re.sub(r"\{[^}]*\}", "", template)):
            return lambda n, t=template: re.sub(r"\{(?:" + _PAGE_VAR[3:-1] + r"|0)\}", str(n), t, flags=re.I)
    for match in _TEMPLATE_CONCAT.finditer(raw):
        prefix, suffix = match.group(1), match.group(4) or ""
        shift = int(match.group(3) or 0) * (-1 if match.group(2) == "-" else 1)
        if _URLISH.search(prefix + suffix) and not prefix.lower().startswith(("javascript", "#")):
            return lambda n, a=prefix, b=suffix, k=shift: f"{a}{n + k}{b}"
    return None


_JS_LOCATION = re.compile(r"(?:location(?:\.href)?\s*=|location\.(?:assign|replace)\s*\(|window\.open\s*\()"
                          r"\s*[\"']([^\"'\s<>]+)[\"']")


def js_next_page(raw: str, anchors, url: str) -> str | None:
    """A 下一页 link (or button) calling goPage(n)/toPage(n)/gotoPage(n) (href or onclick), resolved
    with the URL template the page's script builds (none when no template can be found), or
    setting ``location.href`` to a literal URL."""
    for text, target in anchors:
        if not _NEXT_TEXT.match(text or ""):
            continue
        literal = _JS_LOCATION.search(target or "")
        if literal:  # onclick="location.href='index_2.html'"
            nxt = join(url, _html.unescape(literal.group(1)))
            if nxt and urlsplit(nxt)._replace(fragment="").geturl() != urlsplit(url)._replace(fragment="").geturl():
                return nxt
            continue
        call = _JS_PAGER_CALL.search(target or "")
        if not call:
            continue
        template = _page_template(raw)
        if template is None:
            return None
        nxt = join(url, _html.unescape(template(int(call.group(1)))))
        return nxt if nxt and urlsplit(nxt)._replace(fragment="").geturl() != urlsplit(url)._replace(fragment="").geturl() \
            else None
    return None


# A pager drawn by a script from its settings (layui laypage, jQuery paging plugins):
# ``laypage.render({count: 60, limit: 15, curr: 2, jump: … "index_" + obj.curr + ".html"})``.
_CURRENT_KEY = re.compile(r"\b(?:curr|current|currentPage|curPage|pageNo|pageIndex|nowPage)\s*:\s*[\"']?(\d+)", re.I)
_PAGES_KEY = re.compile(r"\b(?:pages|pageCount|totalPage|totalPages|pageTotal|pageSum)\s*:\s*[\"']?(\d+)", re.I)
_COUNT_KEY = re.compile(r"\b(?:count|total|totalRecord|totalCount|recordCount)\s*:\s*[\"']?(\d+)", re.I)
_SIZE_KEY = re.compile(r"\b(?:limit|pageSize|perPage|pagesize|size)\s*:\s*[\"']?(\d+)", re.I)
_PAGER_SETTINGS = re.compile(r"\b(?:laypage|pagination|paging|pager|createPage|kkpager|page)\w*\s*[.(]", re.I)


def script_pager_next_page(raw: str, url: str) -> str | None:
    """The next page of a pager a script draws from its settings (the current page, the number
    of pages or records and page size) through a URL template in the same script; None when the
    page says neither, or the current page is the last."""
    for block in re.findall(r"<script[^>]*>(.*?)</script>", raw, re.S | re.I):
        if not _PAGER_SETTINGS.search(block):
            continue
        current, pages = _CURRENT_KEY.search(block), _PAGES_KEY.search(block)
        count, size = _COUNT_KEY.search(block), _SIZE_KEY.search(block)
        template = _page_template(block)
        if current is None or template is None or (pages is None and count is None):
            continue
        last = int(pages.group(1)) if pages else -(-int(count.group(1)) // int(size.group(1) if size else 10))
        if int(current.group(1)) >= last:
            return None
        nxt = join(url, _html.unescape(template(int(current.group(1)) + 1)))
        if nxt and urlsplit(nxt)._replace(fragment="").geturl() != urlsplit(url)._replace(fragment="").geturl():
            return nxt
    return None


_NEXT_CLASS = re.compile(r"(?:^|[-_])next(?:$|[-_])|^next|next$", re.I)


def _anchor_label(anchor) -> str:
    """What a pager link says: its text, else its title, an image's alt or its aria-label
    (``<a title="下一页" href=…></a>``, ``<a><img alt="下一页"></a>``)."""
    text = anchor.text_content() if anchor.tag != "input" else anchor.get("value") or ""
    if text.strip():
        return text
    for value in (anchor.get("title"), anchor.get("aria-label"),
                  *(img.get("alt") for img in anchor.iter("img"))):
        if value and value.strip():
            return value
    if any(_NEXT_CLASS.search(token) for token in classes_of(anchor)):
        return "下一页"  # an arrow drawn by CSS: <a class="page-next" href=…></a>
    return text


def html_next_page(root, raw: str, url: str, platform, guess_numbered: bool = True) -> str | None:
    """The next page of an HTML listing (``root``: its parsed tree, scripts emptied; ``raw``: its
    text): the platform's pager script, then pager scripts other platforms' sites copy, 下一页
    links, rel=next, JS pagers, and — when the platform allows it and the page lists links —
    numbered pager links (docs/platforms.md, "Generic")."""
    anchors = [(_anchor_label(a), a.get("href")) for a in root.iter("a")]
    found = (platforms.next_page(platform, raw, url) or link_next_page(anchors, url)
             or rel_next_page(root, url))
    if found is None:
        calls = [(_anchor_label(a), f"{a.get('href') or ''} {a.get('onclick') or ''}")
                 for a in root.iter("a", "button", "input", "span", "li") if a.tag == "a" or a.get("onclick")]
        found = js_next_page(raw, calls, url) or script_pager_next_page(raw, url)
    if found is None and platform.numbered_pages and guess_numbered:
        found = numbered_next(anchors, url)
    return found
