"""The article heading as displayed (not <title>, not the site name, not metadata spans)."""
from __future__ import annotations

import re

import lxml.etree as etree

from .dom import Page
from .labels import find_labels
from .dates import parse_date
from .regions import in_spans
from .report import is_org_name
from .text import SOFT, squeeze, tidy_heading

_TITLE_TOKEN = re.compile(r"title|^tit$|^tit[-_]|[-_]tit$|^bt$|[-_]bt$|^bt[-_]|biaoti|headline|^h1$|^wzbt")
_BAD_TOKEN = re.compile(r"sub|list|lm|column|side|nav|menu|channel|more|banner|logo|site|small|fu")
_HEADINGS = {"h1": 5, "h2": 3, "h3": 1}
_SITE_NAME = re.compile(r"(人民政府|门户网站|政府网|官网|网站|信息网|政务网|公开网|欢迎您|欢迎访问)$")
_DOC_WORDS = re.compile(r"报告|通知|公告|关于|办法|意见|决定|方案|情况|公示|解读|年报|通报|规定|批复|函")
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|--|—|－| - |-{1,2}(?=[^\d]))\s*")
_STYLED = re.compile(r"font-size\s*:\s*(?:1[89]|[2-4]\d)px|font-weight\s*:\s*(?:bold|[6-9]00)", re.I)


_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->")
_IN_LINK = etree.XPath("ancestor-or-self::a")   # compiled once: el.xpath() compiles every call
_IN_LIST_ITEM = etree.XPath("ancestor::li")


def markup_free(text: str | None) -> str:
    """A <meta ArticleTitle>/<title> value as text: HTML markup that a template left in it
    (``…报告<div>——XX局</div>``) removed, its text kept."""
    return tidy_heading(_MARKUP.sub("", text or ""))


def heading_text(el) -> str:
    """Text of a heading element without the metadata spans nested in it; <br> lines joined."""
    parts: list[str] = []

    def walk(node, top=False):
        if not top:
            sub = node.text_content() if isinstance(node.tag, str) else ""
            if sub and (any(h.colon and h.field != "other" for h in find_labels(sub))
                        or (parse_date(sub) and len(squeeze(sub)) <= 25)):
                parts.append(node.tail or "")
                return
        if isinstance(node.tag, str) and node.tag.lower() in ("script", "style"):
            parts.append(node.tail or "")
            return
        parts.append(node.text or "" if isinstance(node.tag, str) else "")
        for child in node:
            walk(child)
        if not top:
            parts.append(node.tail or "")

    walk(el, top=True)
    return tidy_heading("".join(parts))


def title_references(page: Page) -> list[str]:
    """What the page's <meta ArticleTitle> and <title> say the title is (tidied)."""
    refs = []
    article = page.meta.get("articletitle") or page.meta.get("dc.title") or page.meta.get("og:title")
    if article:
        refs.append(markup_free(article))
    title = _title_tag(page)
    if title:
        refs.append(tidy_heading(title))
        refs += [tidy_heading(p) for p in _TITLE_SPLIT.split(title) if len(p) >= 4]
    return [r for r in refs if r]


def _title_tag(page: Page) -> str:
    return squeeze(_MARKUP.sub("", page.title_tag or ""))


def _site_names(page: Page) -> set[str]:
    names = {tidy_heading(page.meta.get(k, "")) for k in ("sitename", "og:site_name", "columnname")}
    parts = [tidy_heading(p) for p in _TITLE_SPLIT.split(_title_tag(page)) if p]
    if len(parts) > 1:
        names.update(parts[1:])
    return {n for n in names if n}


_COPYRIGHT_OWNER = re.compile(r"版权所有\s*[:：]?\s*([\u4e00-\u9fff]{3,30})|([\u4e00-\u9fff]{3,30})\s*版权所有")


def site_owner_names(page: Page) -> list[str]:
    """Who runs the site: <meta SiteName>, the <title> suffix, the footer's 版权所有."""
    names = [tidy_heading(page.meta.get(k, "")) for k in ("sitename", "og:site_name")]
    parts = [tidy_heading(p) for p in _TITLE_SPLIT.split(_title_tag(page)) if p]
    names += parts[1:][::-1]
    for line in page.lines[-15:]:
        # .plain only changes whitespace and drops SOFT: 版权所有 is in it exactly when in this
        if "版权所有" not in line.text.replace(SOFT, ""):
            continue
        match = _COPYRIGHT_OWNER.search(line.plain)
        if match:
            names.append(match.group(1) or match.group(2))
    return [n for n in names if n]


def _score(page: Page, el, text: str, refs, sites, chrome, body_span) -> float:
    tag = el.tag.lower()
    score = _HEADINGS.get(tag, 0)
    tokens = page.tokens.get(el, ())  # classes_of(el), read once by the flattening walk
    if any(_TITLE_TOKEN.search(t) for t in tokens):
        score += 4
        if any(_BAD_TOKEN.search(t) for t in tokens):
            score -= 4
    if _STYLED.search(el.get("style") or ""):
        score += 2
    if is_org_name(text) and not _DOC_WORDS.search(text):
        score -= 9      # only a body's name (a logo or banner): a <title> saying so is the site's name
    elif text in refs:
        score += 12
    elif len(text) >= 6 and any(text in r or (len(r) >= 6 and r in text) for r in refs):
        score += 7
    if len(text) < 4:
        score -= 20
    elif len(text) > 150:
        score -= 10
    elif len(text) >= 6:
        score += 2
    if text in sites or (_SITE_NAME.search(text) and len(text) < 20 and not re.search(r"\d", text)):
        score -= 9
    if _DOC_WORDS.search(text):
        score += 2
    start, end = page.span[el]
    following = page.lines_between(end, end + 10 ** 9)[:1]
    if any(h.colon and h.field != "other" for ln in following for h in find_labels(ln.text)):
        score += 3
    if in_spans(start, chrome):
        score -= 12
    if body_span and body_span[0] < start < body_span[1]:
        score -= 3
    elif body_span and start > body_span[1]:
        score -= 15
    if _IN_LINK(el) or el.find(".//a") is not None and len(el.findall(".//a")) > 1:
        score -= 6
    if _IN_LIST_ITEM(el):
        score -= 5
    return score


_STYLABLE = frozenset(("div", "p", "td", "span", "strong", "b", "font"))


def _styled_as_title(page: Page, el) -> bool:
    """A title class or id (``tokens``: read once by the flattening walk), or a large/bold style."""
    tokens = page.tokens.get(el)
    if tokens and any(_TITLE_TOKEN.search(t) for t in tokens):
        return True
    style = el.get("style")
    return bool(style) and _STYLED.search(style) is not None


def find_heading(page: Page, chrome, body_span):
    """(element, text) of the article heading; element None when only <meta>/<title> know it."""
    refs, sites = title_references(page), _site_names(page)
    best, best_score = None, 2.0
    for el, tag in page.tags.items():
        if tag not in _HEADINGS and not (tag in _STYLABLE and _styled_as_title(page, el)):
            continue
        text = heading_text(el)
        if not text:
            continue
        score = _score(page, el, text, refs, sites, chrome, body_span)
        if score > best_score:
            best, best_score = (el, text), score
    if best:
        return best
    article = markup_free(page.meta.get("articletitle"))
    if article:
        return None, article
    parts = [p for p in _TITLE_SPLIT.split(_title_tag(page)) if p]
    return None, tidy_heading(max(parts[:1] or [""], key=len))
