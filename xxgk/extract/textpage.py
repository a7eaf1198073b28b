"""Plain text (no tags, like a saved page's text) -> a minimal HTML page with the same lines."""
from __future__ import annotations

import html
import re

from .layout import is_meta_line

_TAG = re.compile(r"<(?:!doctype|html|head|body|div|p|table|span|meta|title|br|a|h[1-6]|ul|li|td|tr|"
                  r"script|style|font|b|strong|img|iframe|section|article|form|input|center)\b", re.I)


def looks_like_html(text: str) -> bool:
    """True when the text contains HTML tags (within its first 64 KB)."""
    return bool(_TAG.search(text[:65536]))


def text_to_html(text: str) -> str:
    """First non-empty line -> <h1>; following metadata lines -> <div>; the rest -> the body."""
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    if not lines:
        return "<html><body></body></html>"
    out = ["<html><head><title>", html.escape(lines[0]), "</title></head><body>",
           "<h1>", html.escape(lines[0]), "</h1>"]
    i = 1
    while i < len(lines) and i <= 5 and is_meta_line(lines[i]):
        out += ["<div class=\"info\">", html.escape(lines[i]), "</div>"]
        i += 1
    out.append("<div id=\"zoom\">")
    out += ["<p>" + html.escape(ln) + "</p>" for ln in lines[i:]]
    out.append("</div></body></html>")
    return "".join(out)
