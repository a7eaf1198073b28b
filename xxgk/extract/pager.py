"""Next-page discovery for listing pages: TRS createPageHTML, Hanweb jpage, gkmlpt, 下一页 links."""
from __future__ import annotations

import html as _html
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from .urls import join

_CREATE_PAGE = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']")
_COUNT_PAGE = re.compile(r"\bcountPage\s*=\s*(\d+)")
_CURRENT_PAGE = re.compile(r"\bcurrentPage\s*=\s*(\d+)")
_NEXT_TEXT = re.compile(r"^[\s\[【<(]*(?:下一页|下页|后页|下一頁|下壹页|next|Next|NEXT|>|›|»|>>|&gt;)[\s\]】>)]*$")
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S)
_TOTALPAGE = re.compile(r"<totalpage>\s*(\d+)\s*</totalpage>")
_TOTALRECORD = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")
_PERPAGE = re.compile(r"\bper_?page\s*[:=]\s*[\"']?(\d+)", re.I)


def trs_next_page(raw: str, url: str) -> str | None:
    """TRS WCM: page k (0-based) of ``index.html`` is ``index_k.html``; none after the last page."""
    match = _CREATE_PAGE.search(raw)
    if match:
        count, current, name, ext = int(match.group(1)), int(match.group(2)), match.group(3), match.group(4)
    else:
        count_m, cur_m = _COUNT_PAGE.search(raw), _CURRENT_PAGE.search(raw)
        if not count_m:
            return None
        count, current, name, ext = int(count_m.group(1)), int(cur_m.group(1)) if cur_m else 0, "index", "html"
        path = urlsplit(url).path.rsplit("/", 1)[-1]
        stem = re.match(r"^([A-Za-z]+)(?:_\d+)?\.(s?html?)$", path)
        if stem:
            name, ext = stem.group(1), stem.group(2)
    if current + 1 >= count:
        return None
    return urljoin(url, f"{name}_{current + 1}.{ext}")


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
