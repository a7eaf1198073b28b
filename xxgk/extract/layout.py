"""One pass over the flattened page: heading, body span, metadata zone, chrome to ignore."""
from __future__ import annotations

from dataclasses import dataclass

from .dates import iter_dates
from .dom import Page
from .labels import find_labels
from .regions import (UI_LINE_RE, chrome_spans, cut_position, densest_block, find_body_container,
                      in_spans)
from .text import SOFT
from .title import find_heading


@dataclass
class Layout:
    heading: object            # heading element or None
    title: str                 # heading text (or <meta>/<title> fallback)
    head_span: tuple[int, int] | None
    body_el: object
    body_span: tuple[int, int]  # the body container
    body_start: int            # first body line after the metadata lines
    cut: int                   # where the body text stops (上一篇, 相关链接, 责任编辑…)
    chrome: list[tuple[int, int]]


def is_meta_line(text: str) -> bool:
    """A metadata line: labelled fields, a lone date, or UI furniture (打印/字号)."""
    plain = text.replace(SOFT, "")
    if UI_LINE_RE.match(plain):
        return True
    hits = [h for h in find_labels(plain) if h.colon or h.field != "other"]
    if hits and (hits[0].start <= 12 or len(hits) >= 2):
        return True
    dates = list(iter_dates(plain))
    return bool(dates) and len(plain) - (dates[0][2] - dates[0][1]) <= 14


def _skip_meta_lines(page: Page, start: int, end: int) -> int:
    """Position of the first line in [start, end) that is not metadata (start if none)."""
    lines = page.lines_between(start, end)
    for line in lines[:10]:
        if not is_meta_line(line.text):
            return line.pos
    return lines[10].pos if len(lines) > 10 else start


_SIGNOFF_OTHER = frozenset(("审核", "审核人", "校对", "签发", "签发人"))


def _signoff_cut(page: Page, start: int, cut: int, chrome) -> int:
    """Move ``cut`` up over trailing 编辑/作者 (+审核/校对) label lines (``校对：陈敏　编辑：王琳``)."""
    top, editor = cut, False
    for line in reversed(page.lines_between(start, cut)[-4:]):
        if in_spans(line.pos, chrome):
            continue
        plain = line.text.replace(SOFT, "").strip()
        hits = find_labels(plain)
        if (not hits or hits[0].start > 0 or len(plain) > 60 or not all(h.colon for h in hits)
                or not all(h.field.startswith("editor") or h.label in _SIGNOFF_OTHER for h in hits)):
            break
        top, editor = line.pos, editor or any(h.field.startswith("editor") for h in hits)
    return top if editor else cut


def compute_layout(page: Page) -> Layout:
    """Find the body container, the heading and the zones between them."""
    if page.markers[0] is not None:
        body_el, body_span = None, page.markers
    else:
        body_el = find_body_container(page)
        body_span = page.span[body_el] if body_el is not None else None
    chrome = chrome_spans(page, keep=[body_el])
    if body_span is None:
        body_el = densest_block(page, chrome)
        body_span = page.span[body_el] if body_el is not None else (0, 1 << 60)
    heading, title = find_heading(page, chrome, body_span)
    head_span = page.span.get(heading) if heading is not None else None
    if heading is not None:
        chrome = chrome_spans(page, keep=[body_el, heading])
    start = body_span[0]
    if head_span and head_span[1] > start and head_span[0] < body_span[1]:
        start = head_span[1]                      # the heading sits inside the container
    start = _skip_meta_lines(page, start, body_span[1])
    cut = _signoff_cut(page, start, cut_position(page, start, body_span[1]), chrome)
    return Layout(heading, title, head_span, body_el, body_span, start, cut, chrome)


def meta_zone_lines(page: Page, layout: Layout):
    """Lines between the heading and the body (or just above the body when no heading)."""
    if layout.head_span and layout.body_start > layout.head_span[1]:
        lines = page.lines_between(layout.head_span[0], layout.body_start)
    elif layout.head_span:
        lines = page.lines_between(layout.head_span[0], layout.head_span[1])
        after = page.lines_between(layout.head_span[1], layout.body_span[1])[:6]
        lines += [ln for ln in after if is_meta_line(ln.text)]
    else:
        before = [ln for ln in page.lines_between(0, layout.body_span[0])
                  if not in_spans(ln.pos, layout.chrome)]
        lines = before[-6:] + page.lines_between(layout.body_span[0], layout.body_start)
    return [ln for ln in lines if not in_spans(ln.pos, layout.chrome)]
