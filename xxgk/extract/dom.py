"""Parse once, then flatten the page into ordered lines (the unit every field parser reads).

Each element gets a (start, end) position in document order; each line records the position
of its first character, so "is this line inside that element / after the heading / before
the body" is two integer comparisons.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import lxml.etree as etree
import lxml.html

from .text import CELL, SOFT
from .urls import join

BLOCK = frozenset(
    "address article aside blockquote body center div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot tr ul "
    "caption iframe html title legend menu details summary".split())
CELLS = frozenset(("td", "th", "dd", "dt"))
DROP = frozenset(("script", "style", "noscript", "template", "select", "textarea", "button",
                  "svg", "head", "option"))
# whitespace that renders as a space (runs collapse to one) and zero-width characters (dropped),
# by regular expression: a C scan, where ``str.translate`` with a table looks up every character
_ZW_RE = re.compile("[\u200b\u200c\u200d\ufeff]")
_SPACES = re.compile("[ \u00a0\u3000\u2002\u2003\u2009\t\r\n\f\v]+")
_EDGES = " " + SOFT + CELL  # stripped from both ends of a line
_LANDMARKS = frozenset(("nav", "footer", "aside"))
_LOWERED: dict = {}  # tag name -> lower case (a page has a few dozen distinct tags)
_MARK_BEGIN = ("ZJEG_RSS.content.begin", "<$[信息内容]>begin", "ContentStart")
_MARK_END = ("ZJEG_RSS.content.end", "<$[信息内容]>end", "ContentEnd")


@dataclass
class Line:
    """One rendered line: text with SOFT/CELL markers, its document position and block element."""
    text: str
    pos: int
    block: object
    link_chars: int = 0

    @property
    def plain(self) -> str:
        return " ".join(self.text.replace(SOFT, "").replace(CELL, " ").split())


@dataclass
class Page:
    """A parsed page: tree, flattened lines, element positions and what the scripts said."""
    root: object
    url: str
    base: str
    lines: list[Line]
    span: dict                                  # element -> (start, end)
    meta: dict[str, str]
    title_tag: str
    scripts: list[tuple[str, str, object]]      # (src, inline text, parent element)
    markers: tuple[int | None, int | None] = (None, None)
    raw: str = ""
    extra: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)   # element -> id/class tokens (elements having any)
    tags: dict = field(default_factory=dict)     # element -> its tag lower-cased, in document order

    def __post_init__(self):
        self.positions = [ln.pos for ln in self.lines]

    def inside(self, pos: int, el) -> bool:
        start, end = self.span.get(el, (-1, -1))
        return start <= pos < end

    def lines_between(self, start: int, end: int) -> list[Line]:
        """Lines whose first character sits in positions [start, end)."""
        return self.lines[bisect.bisect_left(self.positions, start):bisect.bisect_left(self.positions, end)]

    def absolute(self, href: str) -> str | None:
        """``href`` made absolute; None when it is too malformed to be a URL (noted as
        rejected, see ``extract.urls.join``)."""
        return join(self.base, href.strip())


def _is_small_cell(cell, row_sizes: dict) -> bool:
    """A data-table cell (row of ≥2 cells, short text, no nested table): its <br>/<p> join up."""
    if len(cell) == 0:  # no <br>/<p> in it to join (most cells)
        return False
    row = cell.getparent()
    if row is None:
        return False
    size = row_sizes.get(row)
    if size is None:
        size = row_sizes[row] = sum(1 for c in row if c.tag in ("td", "th"))
    if size < 2:
        return False
    return next(cell.iterdescendants("table"), None) is None and len(cell.text_content()) <= 40


def _lower_tag(tag) -> str:
    """The tag name lower-cased ("" for a comment or processing instruction)."""
    if not isinstance(tag, str):
        return ""
    return _LOWERED.get(tag) or _LOWERED.setdefault(tag, tag.lower())


class _Flattener:
    def __init__(self):
        self.lines: list[Line] = []
        self.span: dict = {}
        self.parts: list[str] = []
        self.first_pos: int | None = None
        self.link_depth = 0
        self.link_chars = 0
        self.pos = 0
        self.block_stack: list = []
        self.begin = self.end = None
        self.small_cells: list = []     # cells short enough that <br>/<p> inside them join up
        self.row_sizes: dict = {}
        self.tokens: dict = {}          # element -> id/class tokens (only elements that have any)
        self.tags: dict = {}            # element -> lower-cased tag ("" for a non-element node)

    def add(self, text: str | None) -> None:
        if not text:
            return
        if self.first_pos is not None and not self.link_depth:  # the common case: more of a line
            self.parts.append(text)
            return
        if self.first_pos is None or self.link_depth:  # zero-width characters are not text
            visible = (_ZW_RE.sub("", text) if _ZW_RE.search(text) else text).strip()
            if self.first_pos is None and visible:
                self.first_pos = self.pos
            if self.link_depth:
                self.link_chars += len(visible)
        self.parts.append(text)  # zero-width characters go at the flush, with the spaces

    def flush(self) -> None:
        if not self.parts:  # nothing since the last flush (so no first_pos, no link_chars either)
            return
        text = "".join(self.parts)
        if _ZW_RE.search(text):
            text = _ZW_RE.sub("", text)
        text = _SPACES.sub(" ", text).strip(_EDGES)
        if text and self.first_pos is not None:
            block = self.block_stack[-1] if self.block_stack else None
            self.lines.append(Line(text, self.first_pos, block, self.link_chars))
        self.parts, self.first_pos, self.link_chars = [], None, 0

    def walk(self, body) -> None:
        walker = etree.iterwalk(body, events=("start", "end", "comment"))
        span, tokens, tags, lowered = self.span, self.tokens, self.tags, _LOWERED
        for event, el in walker:
            self.pos += 1
            if event == "comment":
                self._comment(el)
                continue
            if event == "start":
                tag = el.tag
                tag = (lowered.get(tag) or lowered.setdefault(tag, tag.lower())) if isinstance(tag, str) else ""
                tags[el] = tag
                span[el] = (self.pos, self.pos)
                if tag in _LANDMARKS or el.get("class") or el.get("id"):
                    tokens[el] = classes_of(el)
                if tag in DROP:
                    walker.skip_subtree()
                    continue
                self._start(el, tag)
            else:
                tag = tags.get(el)
                if tag is None:  # an end seen without its start
                    tag, start = _lower_tag(el.tag), self.pos
                else:
                    start = span[el][0]
                span[el] = (start, self.pos)
                if tag not in DROP:
                    self._end(el, tag)
                tail = el.tail
                if tail:
                    self.add(tail)
        self.flush()

    def _comment(self, el) -> None:
        text = el.text or ""
        if self.begin is None and any(m in text for m in _MARK_BEGIN):
            self.begin = self.pos
        elif any(m in text for m in _MARK_END):
            self.end = self.pos
        self.add(el.tail)

    def _start(self, el, tag: str) -> None:
        if self.small_cells and (tag == "br" or (tag in BLOCK and tag != "table")):
            self.parts.append(SOFT)
            text = el.text
            if text:
                self.add(text)
            return
        if tag in BLOCK or tag == "br":
            self.flush()
            if tag in BLOCK:
                self.block_stack.append(el)
        elif tag in CELLS:
            self.parts.append(CELL)
            self.block_stack.append(el)
            if _is_small_cell(el, self.row_sizes):
                self.small_cells.append(el)
        elif tag == "meta":
            name = (el.get("name") or "").lower()
            if name == "contentstart" and self.begin is None:
                self.begin = self.pos
            elif name == "contentend":
                self.end = self.pos
        else:
            if tag == "a":
                self.link_depth += 1
            self.parts.append(SOFT)
        text = el.text
        if text:
            self.add(text)

    def _end(self, el, tag: str) -> None:
        if self.small_cells and self.small_cells[-1] is not el and (tag == "br" or tag in BLOCK):
            self.parts.append(SOFT)
            return
        if tag in BLOCK:
            self.flush()
            if self.block_stack and self.block_stack[-1] is el:
                self.block_stack.pop()
        elif tag in CELLS:
            self.parts.append(CELL)
            if self.block_stack and self.block_stack[-1] is el:
                self.block_stack.pop()
            if self.small_cells and self.small_cells[-1] is el:
                self.small_cells.pop()
        elif tag != "br":
            if tag == "a":
                self.link_depth -= 1
            self.parts.append(SOFT)


# Formatting tags that carry no text: pasted Word HTML can leave hundreds of them unclosed,
# nesting the rest of the page deeper than libxml2 goes (256 levels; ~2,000 with huge_tree),
# which would cut the body there. Past RUNAWAY_NESTING unclosed ones, they are dropped.
_FORMATTING = ("font", "b", "i", "u", "strong", "em", "small", "big", "o:p")
_FORMATTING_TAG = re.compile(r"</?(?:" + "|".join(_FORMATTING) + r")(?=[\s>/])[^>]*>", re.I)
RUNAWAY_NESTING = 200


def flatten_runaway_nesting(html: str) -> str:
    """``html`` without its formatting tags when they are left unclosed past
    ``RUNAWAY_NESTING`` (text unchanged); otherwise ``html`` itself."""
    lower = html.lower()
    for tag in _FORMATTING:
        if lower.count(f"<{tag}") < RUNAWAY_NESTING:  # at most this many openings: none runaway
            continue
        opens = len(re.findall(rf"<{tag}(?=[\s>/])", lower))
        if opens >= RUNAWAY_NESTING and opens - lower.count(f"</{tag}") >= RUNAWAY_NESTING:
            return _FORMATTING_TAG.sub("", html)
    return html


def html_parser(**options) -> lxml.html.HTMLParser:
    """lxml's HTML parser, recovering, with no size or depth limit of its own (``huge_tree``):
    a 12 MB text node or a deep page is parsed whole."""
    return lxml.html.HTMLParser(recover=True, huge_tree=True, **options)


# Every element an HtmlElement (text_content and the other lxml.html methods), chosen in C: lxml.html's
# own lookup calls Python for each element it hands out, only to pick form-control classes
# (.value, .inputs) that extraction never uses.
_PAGE_ELEMENTS = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity)


def parse_tree(html: str):
    """The page's lxml tree, as ``parse_page`` parses it (before flattening)."""
    html = flatten_runaway_nesting(re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1))
    parser = html_parser(remove_comments=False, remove_pis=True)
    parser.set_element_class_lookup(_PAGE_ELEMENTS)
    try:
        return lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html><body><p>" + html + "</p></body></html>",
                                             parser=parser)


def _head_info(root) -> tuple[dict, str, str | None]:
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or el.get("http-equiv") or "").strip().lower()
        content = el.get("content")
        if name and content is not None and name not in meta:
            meta[name] = content.strip()
    title = ""
    for el in root.iter("title"):
        title = el.text_content()
        break
    base = None
    for el in root.iter("base"):
        base = el.get("href")
        break
    return meta, title, base


def parse_page(html: str, url: str) -> Page:
    """Parse ``html`` once and flatten its body into lines."""
    root = parse_tree(html)
    meta, title, base_href = _head_info(root)
    scripts = []
    for el in root.iter("script"):
        scripts.append((el.get("src") or "", el.text or "", el.getparent()))
    flat = _Flattener()
    body = root.find("body")
    flat.walk(body if body is not None else root)
    base = (join(url, base_href.strip()) or url) if base_href and base_href.strip() else url
    markers = (flat.begin, flat.end) if flat.begin is not None and flat.end and flat.end > flat.begin else (None, None)
    page = Page(root=root, url=url, base=base, lines=flat.lines, span=flat.span, meta=meta,
                title_tag=title, scripts=scripts, markers=markers, raw=html, tokens=flat.tokens,
                tags=flat.tags)
    return page


def classes_of(el) -> list[str]:
    """The element's id and class tokens, lower-cased."""
    tokens = (el.get("class") or "").lower().split()  # str.split: the same whitespace as \\s+
    ident = (el.get("id") or "").lower()
    if ident:
        tokens.append(ident)
    return tokens
