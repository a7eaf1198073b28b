"""Next-page discovery any platform's listing can use: 下一页 links, goPage(n) scripts, numbered
pager links. A platform's own pager scripts are in its module (xxgk/extract/platforms/)."""
from __future__ import annotations

import html as _html
import re
from urllib.parse import parse_qsl, urlsplit

from .urls import join

_NEXT_TEXT = re.compile(r"^[\s\[【<(]*(?:下一页|下页|后页|下一頁|下壹页|next|Next|NEXT|>|›|»|>>|&gt;)[\s\]】>)]*$")


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
    for _text, href in anchors:
        if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
            continue
        target = join(url, _html.unescape(href.strip()))
        if target is None:
            continue
        key, num = _page_key(target)
        if num is None:
            continue
        if here_key is None:
            same = _unnumbered_matches(url, key)
            current = 1 if key[0] == "q" else -1
        else:
            same, current = key == here_key, here_num
        if same and num > current and (best is None or num < best[0]):
            best = (num, target)
    return best[1] if best else None


def _unnumbered_matches(url: str, key) -> bool:
    """index.html ~ index_N.html; ShowClass.asp?ClassID=5 ~ ShowClass.asp?ClassID=5&page=N."""
    parts = urlsplit(url)
    if key[0] == "q":
        return key[1] == parts.path and key[3] == tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    stem, ext = parts.path.rsplit(".", 1) if "." in parts.path.rsplit("/", 1)[-1] else (parts.path, "")
    return key[1] in (stem + "_", stem + "-") and key[2] == "." + ext


_JS_PAGER_CALL = re.compile(r"\b(?:goPage|toPage|gotoPage|go_page|goToPage|turnPage|jumpPage)\s*\(\s*[\"']?(\d+)",
                            re.I)
_PAGE_VAR = r"(?:page|pageno|pagenum|pageindex|pagenumber|curpage|num|n|p|i|index)"
_TEMPLATE_LITERAL = re.compile(r"[\"']([^\"'\s<>+]*\{(?:" + _PAGE_VAR[3:-1] + r"|0)\}[^\"'\s<>+]*)[\"']", re.I)
_TEMPLATE_CONCAT = re.compile(r"[\"']([^\"'\s<>+]+)[\"']\s*\+\s*" + _PAGE_VAR
                              + r"\b(?:\s*\+\s*[\"']([^\"'\s<>+]*)[\"'])?", re.I)
_URLISH = re.compile(r"[./?=_-]")


def _page_template(raw: str):
    """A URL template for page n found in the page's scripts, as a function of n (or None):
    ``"list_{page}.html"``, ``"index_{0}.html"``, ``"list_" + page + ".html"``."""
    for match in _TEMPLATE_LITERAL.finditer(raw):
        template = match.group(1)
        if _URLISH.search(re.sub(r"\{[^}]*\}", "", template)):
            return lambda n, t=template: re.sub(r"\{(?:" + _PAGE_VAR[3:-1] + r"|0)\}", str(n), t, flags=re.I)
    for match in _TEMPLATE_CONCAT.finditer(raw):
        prefix, suffix = match.group(1), match.group(2) or ""
        if _URLISH.search(prefix + suffix) and not prefix.lower().startswith(("javascript", "#")):
            return lambda n, a=prefix, b=suffix: f"{a}{n}{b}"
    return None


def js_next_page(raw: str, anchors, url: str) -> str | None:
    """A 下一页 link calling goPage(n)/toPage(n)/gotoPage(n) (href or onclick), resolved with the URL
    template the page's script builds (none when no template can be found)."""
    for text, target in anchors:
        if not _NEXT_TEXT.match(text or ""):
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
