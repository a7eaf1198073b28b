"""Published date, source, editor and view count from the page's labelled metadata.

Evidence, strongest first (docs/field-rules.md):
  published: labelled publication date (发布日期/发布时间/公开日期/上载日期 > 日期/时间 > 更新时间)
             > unlabelled date on its own in the metadata block > <meta PubDate>
             > 成文日期/发文日期.  Never the URL, chrome "today", body, 落款 or index number.
  source:    来源/信息来源/文章来源 > 发布机构/发布单位/发文机关 > <meta ContentSource> (TRS, Hanweb).
  editor:    责任编辑/编辑/责编 (also the （责任编辑：X） footer) > 作者/发布人/发布者.
  views:     a literal integer next to a view label, unless a script fills that element.
Ties go to the earliest occurrence in the metadata block, then the header table, then the footer.
"""
from __future__ import annotations

import re

from .dates import iter_dates, parse_date
from .dom import Line, Page
from .labels import clean_name, find_labels, value_text
from .layout import Layout, meta_zone_lines
from .regions import CUT_RE, in_spans
from .text import CELL, SOFT
from .title import markup_free
from .views import parse_views

_FIELD_RANK = {"published0": ("published", 0), "published1": ("published", 1),
               "published2": ("published", 2), "docdate": ("published", 5),
               "source1": ("source", 0), "source2": ("source", 1),
               "editor1": ("editor", 0), "editor2": ("editor", 1), "views": ("views", 0)}
_HEADER_LABELS = frozenset(("索引号", "信息索引号", "发布机构", "发文机关", "发文日期", "成文日期", "公开日期",
                            "文号", "发文字号", "信息名称", "公开方式", "主题分类", "组配分类", "公文种类"))
_NAME_LABELS = frozenset(("标题", "名称", "信息名称", "文件名称"))
_FOOT_EDITOR = re.compile(r"[（(【\[]\s*(?:责任编辑|编辑|责编)\s*[:：]\s*([^）)】\]]{1,20})[）)】\]]")
_BOILER_NAME = re.compile(r"^[\d\s.:：/-]+$|^(?:无|暂无|null|none|--+|-)$", re.I)


def _header_table_lines(page: Page, layout: Layout) -> list[Line]:
    """Lines of a 信息公开 header table/bullet list above the heading (needs ≥2 labels). The
    table runs on over the labelled lines that follow its last header label (a 生成日期 and a
    发布日期 row after 发布机构), plus one line for a value printed under its label."""
    end = layout.head_span[0] if layout.head_span else layout.body_start
    candidates = [ln for ln in page.lines_between(0, end) if not in_spans(ln.pos, layout.chrome)]
    labelled = [i for i, ln in enumerate(candidates)
                if any(h.label in _HEADER_LABELS for h in find_labels(ln.text))]
    if labelled and sum(len(find_labels(candidates[i].text)) for i in labelled) >= 2:
        last = labelled[-1]
        while last + 1 < len(candidates) and find_labels(candidates[last + 1].text):
            last += 1
        return candidates[labelled[0]:last + 2]
    return []


# the site's copyright block: its 来源：XX网站 is the site's, never the article's
_COPYRIGHT = re.compile(r"版权所有|copyright|©|ICP|备案|公网安备|网站标识码|主办单位|主办\s*[:：]|承办\s*[:：]|"
                        r"技术支持|网站地图|联系我们", re.I)


def _copyright_block(page: Page, line: Line, after: int) -> tuple[int, int]:
    """The span of the footer block holding a copyright ``line``: its highest ancestor (up to three
    levels) that starts after the body and holds only a few lines, else the line itself."""
    span, el = (line.pos, line.pos + 1), line.block
    for _ in range(4):
        if el is None or el not in page.span or page.span[el][0] < after \
                or len(page.lines_between(*page.span[el])) > 6:
            break
        span, el = page.span[el], el.getparent()
    return span


def _footer_lines(page: Page, layout: Layout) -> list[Line]:
    """Labelled lines from the body's cut point to a few lines after it (责任编辑 footers).

    Chrome (share bars) is skipped, not a stop; 上一篇/相关链接 lines end the footer, and so
    does the site's copyright block (版权所有, ICP备案, 主办：), whose lines are never metadata.
    """
    inside = page.lines_between(layout.cut, layout.body_span[1])[:8]
    after = page.lines_between(layout.body_span[1], 1 << 62)[:12]
    out, seen_after = [], 0
    for line in inside + after:
        if in_spans(line.pos, layout.chrome):
            continue
        if line.pos >= layout.body_span[1]:
            seen_after += 1
            if seen_after > 6:
                break
        plain = line.text.replace(SOFT, "")
        if line.pos >= layout.body_span[1] and _COPYRIGHT.search(plain):
            start, end = _copyright_block(page, line, layout.body_span[1])
            return [ln for ln in out if not start <= ln.pos < end]
        if find_labels(plain):
            out.append(line)
        elif CUT_RE.match(plain):
            break
    return out


def _line_values(lines: list[Line]):
    """(hit, raw value, raw segment, line) for every label in ``lines``; empty values borrow the next line."""
    for i, line in enumerate(lines):
        text = line.text
        hits = find_labels(text)
        for j, hit in enumerate(hits):
            stop = hits[j + 1].start if j + 1 < len(hits) else len(text)
            raw = text[hit.end:stop]
            if not value_text(raw) and j + 1 == len(hits) and i + 1 < len(lines):
                nxt = lines[i + 1].text
                nxt_hits = find_labels(nxt)
                if not nxt_hits or nxt_hits[0].start > 0:
                    raw = nxt[:nxt_hits[0].start] if nxt_hits else nxt
            yield hit, raw, text[hit.start:stop], line


def _unlabelled_dates(lines: list[Line]):
    """Dates standing alone in the metadata block (not in parentheses, not after a label)."""
    for line in lines:
        text = line.text.replace(SOFT, "").replace(CELL, " ")
        hits = find_labels(text)
        head = text[:hits[0].start] if hits else text
        for iso, start, end in iter_dates(head):
            before, after = head[:start].rstrip(), head[end:].lstrip()
            if before.endswith(("（", "(")) or after.startswith(("）", ")")):
                continue
            if len(head) - (end - start) > 20 and hits == []:
                continue
            yield iso, head[start:end]
            break


def parse_metadata(page: Page, layout: Layout) -> dict:
    """{published, source, editor, views, raw} for a laid-out page."""
    zones = [(0, meta_zone_lines(page, layout)), (1, _header_table_lines(page, layout)),
             (2, _footer_lines(page, layout))]
    best: dict[str, tuple] = {}

    def offer(field, rank, value, raw):
        if value is not None and (field not in best or rank < best[field][0]):
            best[field] = (rank, value, raw)

    order = 0
    for zone, lines in zones:
        for hit, raw_value, segment, line in _line_values(lines):
            order += 1
            if hit.label in _NAME_LABELS:
                name = " ".join(value_text(raw_value).split())
                offer("name", (0, zone, order), name if len(name) >= 4 else None, name)
            if hit.field not in _FIELD_RANK:
                continue
            field, tier = _FIELD_RANK[hit.field]
            value = _parse_value(page, field, raw_value, line)
            raw_text = " ".join(segment.replace(SOFT, "").replace(CELL, " ").split())
            offer(field, (tier, zone, order), value, raw_text)
            if hit.field == "source2":
                offer("publisher", (0, zone, order), value, raw_text)
    if "published" not in best or best["published"][0][0] >= 3:
        for iso, raw in _unlabelled_dates(meta_zone_lines(page, layout)):
            offer("published", (3, 0, 0), iso, raw)
            break
        pubdate = parse_date(page.meta.get("pubdate") or page.meta.get("publishdate")
                             or page.meta.get("article:published_time") or "")
        offer("published", (4, 0, 0), pubdate, page.meta.get("pubdate"))
    if "source" not in best and page.meta.get("contentsource"):
        meta = " ".join(markup_free(page.meta["contentsource"]).split())
        offer("source", (5, 0, 0), _parse_value(page, "source", meta, None), meta)
    _footer_editor(page, layout, offer)
    out = {field: best[field][1] if field in best else None
           for field in ("published", "source", "editor", "views")}
    out["raw"] = {field: best[field][2] if field in best else None
                  for field in ("published", "source", "editor", "views")}
    out["publisher"] = best["publisher"][1] if "publisher" in best else None
    out["name"] = best["name"][1] if "name" in best else None
    return out


def _footer_editor(page: Page, layout: Layout, offer) -> None:
    lines = page.lines_between(layout.body_start, layout.body_span[1])[-4:]
    for line in lines:
        match = _FOOT_EDITOR.search(line.text.replace(SOFT, ""))
        if match:
            offer("editor", (0, 3, 0), clean_name(match.group(1)), match.group(0))


def _parse_value(page: Page, field: str, raw: str, line: Line):
    if field == "published":
        return parse_date(value_text(raw))
    if field == "views":
        return parse_views(page, raw, line)
    name = clean_name(raw)
    if not name or _BOILER_NAME.match(name) or parse_date(name) or len(name) > 40:
        return None
    if find_labels(name):
        return None
    return name
