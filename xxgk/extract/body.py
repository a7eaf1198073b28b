"""The article text: body container lines from after the metadata to the cut point."""
from __future__ import annotations

from .dom import Page
from .layout import Layout
from .regions import UI_LINE_RE, in_spans
from .text import CELL, SOFT


def extract_body_text(page: Page, layout: Layout) -> str:
    """Body lines (table rows one per line, cells space-separated), UI furniture dropped."""
    out = []
    for line in page.lines_between(layout.body_start, layout.cut):
        if in_spans(line.pos, layout.chrome):
            continue
        text = line.text.replace(SOFT, "").replace(CELL, " ")
        text = " ".join(text.split())
        if not text or UI_LINE_RE.match(text):
            continue
        out.append(text)
    return "\n".join(out)
