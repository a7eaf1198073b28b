"""Where things are on the page: site chrome to ignore, the body container, the cut points."""
from __future__ import annotations

import re

from .dom import Page, classes_of
from .text import SOFT

_EXCLUDE_ANY = re.compile(
    r"(?:^|[-_])(?:nav|navbar|menu|sidebar|footer|copyright|breadcrumbs?|crumbs?|share|bdshare|"
    r"fenxiang|related|relate|xgwz|xglj|xgxw|friendlink|yqlj|pagination|prevnext|prev-next|"
    r"sxpian|sxp|xyp|syp|zcjd)(?:$|[-_\d])")
_EXCLUDE_EXACT = frozenset(("side", "foot", "bottom", "header", "top", "topbar", "position",
                            "location", "dqwz", "right_side", "login",
                            "search", "links", "tool", "tools", "fxd", "fx", "bshare", "bdsharebuttonbox",
                            "pages", "page", "pager", "ewm", "qrcode", "gotop", "totop"))
_EXCLUDE_TAGS = frozenset(("nav", "footer", "aside"))

# (token, rank): body containers in the order docs/platforms.md lists them.
_BODY_TOKENS = {t: i for i, t in enumerate((
    "ucap-content", "trs_editor_view", "trs_ueditor", "trs_editor", "zoom", "xxgk-content",
    "article-con", "article-content", "article-text", "article_con", "article_content",
    "articlecontent", "content-box", "content-main", "content-body", "content-text", "detail-content",
    "ivs_content", "main-txt", "artile_zw", "v_news_content", "vsb_content", "news_content",
    "newscontent", "news-content", "detail_content", "detail-con", "details-content", "zwnr", "zw",
    "con_text", "contenttext", "content_text", "fontzoom", "text_content", "art_con", "wz_content",
    "info_content", "info-content", "txt_content", "xxgk_content", "pages_content", "bt_content",
    "article-body", "article_body", "articlebody", "post-content", "entry-content",
))}
# generic names: accepted only when their text is mostly not links (not a page wrapper)
_GENERIC_TOKENS = {t: 100 + i for i, t in enumerate((
    "content", "article", "detail", "text", "txt", "zwnr", "main-content", "maincontent", "con",
    "contents", "neirong", "nr", "wznr", "body", "show_content", "showcontent",
))}
_CONTAINER_TAGS = frozenset(("div", "td", "section", "article", "main", "span", "font", "p", "ul", "form"))
CUT_RE = re.compile(
    r"^[\s【\[〖<《(（]*(?:上一篇|下一篇|上一条|下一条|上篇|下篇|相关附件|相关链接|相关文章|相关新闻|相关阅读|相关信息|"
    r"相关稿件|扫一扫|打印本页|分享到|关闭窗口|返回顶部|【打印】|责任编辑|网站地图|版权所有|主办单位|"
    r"您是第|访问人次)")
UI_LINE_RE = re.compile(
    r"^(?:[\s【】\[\]|()（）>]*(?:打印|打印本页|关闭|关闭窗口|分享|分享到|返回|返回列表|返回顶部|收藏|"
    r"加入收藏|字体|字号|文字大小|字体大小|[大中小]|默认|保存|纠错|我要纠错|视力保护色|繁体|简体|"
    r"打印文章|关闭本页|打印此页|大字|小字|放大|缩小|T|A|[:：]|微信|微博|QQ|空间)[\s【】\[\]|()（）]*)+$")


def is_chrome(el, tokens=None) -> bool:
    """True for navigation, sidebars, footers, share bars, related lists (by tag, id or class)."""
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _EXCLUDE_TAGS:
        return True
    for token in classes_of(el) if tokens is None else tokens:
        if token in _EXCLUDE_EXACT or _EXCLUDE_ANY.search(token):
            return True
    return False


def _chrome_inside(page: Page, el) -> bool:
    """Some element below ``el`` is chrome (its tokens as the flattening walk read them; an element
    the walk skipped, inside a <select> or <noscript>, read now)."""
    for sub in el.iterdescendants():
        tokens = page.tokens.get(sub)
        if tokens is None and sub not in page.span:
            tokens = classes_of(sub)
        if is_chrome(sub, tokens or ()):
            return True
    return False


def chrome_spans(page: Page, keep=()) -> list[tuple[int, int]]:
    """Positions of chrome elements, except those containing any element of ``keep``."""
    spans = []
    keep_spans = [page.span[k] for k in keep if k is not None and k in page.span]
    last_end = -1
    for el, tokens in page.tokens.items():
        start, end = page.span[el]
        if start < last_end:
            continue
        if is_chrome(el, tokens) and not any(start <= k0 and k1 <= end for k0, k1 in keep_spans):
            spans.append((start, end))
            last_end = end
    return spans


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in spans)


def _text_chars(page: Page, start: int, end: int) -> int:
    return sum(len(ln.text) for ln in page.lines_between(start, end))


def _has_payload(el) -> bool:
    for sub in el.iter("a", "iframe", "embed", "object", "img"):
        return True
    return False


def _has_media(el) -> bool:
    for sub in el.iter("img", "iframe", "embed", "object", "video"):
        return True
    return False


def find_body_container(page: Page):
    """The article body element by known container names, or None. A generically named
    container (``div.content``) with little text is kept only as a fallback when it holds an
    image or embedded document and mostly no links: an image-heavy page (一图读懂, 图片版)
    whose body is a picture and a 制图 line, which the densest text block would miss."""
    best, fallback = None, None
    for el, tokens in page.tokens.items():
        start, end = page.span[el]
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag not in _CONTAINER_TAGS:
            continue
        ranks = [_BODY_TOKENS[t] for t in tokens if t in _BODY_TOKENS]
        ranks += [_GENERIC_TOKENS[t] for t in tokens if t in _GENERIC_TOKENS]
        if not ranks:
            continue
        rank = min(ranks)
        if best is not None and rank >= best[0]:
            continue
        lines = page.lines_between(start, end)
        chars = sum(len(ln.text) for ln in lines)
        if rank >= 100 and (chars < 30 or sum(ln.link_chars for ln in lines) > 0.3 * chars
                            or _chrome_inside(page, el)):
            if fallback is None and chars < 30 and _has_media(el) and not is_chrome(el) \
                    and sum(ln.link_chars for ln in lines) <= 0.3 * chars \
                    and not _chrome_inside(page, el):
                fallback = el
            continue
        if chars >= 10 or _has_payload(el):
            best = (rank, el)
    return best[1] if best else fallback


_PARAGRAPH_TAGS = frozenset(("p", "li", "tr", "tbody", "h1", "h2", "h3", "h4", "span", "font", "strong",
                             "b", "ul", "ol", "dd", "dt", "th"))


def densest_block(page: Page, chrome: list[tuple[int, int]]):
    """The element holding most non-link text (readability-style parent scoring)."""
    scores: dict = {}
    for line in page.lines:
        if in_spans(line.pos, chrome) or line.block is None:
            continue
        size = len(line.text) - 2 * line.link_chars
        if size < 10:
            continue
        el = line.block
        while el is not None and el.tag in _PARAGRAPH_TAGS:
            el = el.getparent()
        for weight in (1.0, 0.5, 0.25):
            if el is None:
                break
            scores[el] = scores.get(el, 0.0) + size * weight
            el = el.getparent()
            while el is not None and el.tag in ("tr", "tbody", "thead"):
                el = el.getparent()
    if not scores:
        return None
    return max(scores, key=scores.get)


def cut_position(page: Page, start: int, end: int) -> int:
    """Position where the body ends: the first 上一篇/相关链接/扫一扫/打印本页 line, else ``end``."""
    for line in page.lines_between(start, end):
        if CUT_RE.match(line.text.replace(SOFT, "")):
            return line.pos
    return end
