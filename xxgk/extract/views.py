"""View counts: a literal integer printed next to the label, else None (docs/field-rules.md).

None when the label is empty, when a script writes the number (PowerEasy GetHits, DedeCMS
count.php, VSB _showDynClicks leave only the label in the served HTML), or when the number
sits in an element a script fills (``<span id="hits">0</span>`` + ajax; a known counter script
standing in the same line: ``<span>0</span><script>_showDynClicks(…)</script>``), or is a
0/-- placeholder.
"""
from __future__ import annotations

import re

from .dates import _FULLWIDTH
from .labels import value_text
from .platforms import is_counter_script

_NUMBER = re.compile(r"^[（(【\[\s]*(\d{1,3}(?:[,，]\d{3})+|\d+)\s*(?:次|人次|人)?(?:[\s)）】\]]|$)")
_AJAX = re.compile(r"ajax|XMLHttpRequest|getJSON|\$\.get|\$\.post|fetch\(|innerHTML|\.html\(|\.text\(|"
                   r"document\.write", re.I)


def _script_text(page) -> str:
    cached = page.extra.get("script_text")
    if cached is None:
        cached = "\n".join(text for _src, text, _parent in page.scripts)
        page.extra["script_text"] = cached
    return cached


def _counter_in_block(page, block) -> bool:
    """A known counter script stands inside the line's block (``访问量：<span>0</span>
    <script>_showDynClicks(…)</script>``): it writes the count there at load."""
    for src, text, parent in page.scripts:
        if parent is not None and is_counter_script(src, text) \
                and (parent is block or any(el is block for el in parent.iterancestors())):
            return True
    return False


def _filled_by_script(page, line, number: str) -> bool:
    scripts = _script_text(page)
    block = line.block
    if block is None:
        return False
    if _counter_in_block(page, block):
        return True
    for el in block.iter():
        if not isinstance(el.tag, str) or len(el):
            continue
        if (el.text or "").strip() != number:
            continue
        names = [el.get("id") or ""] + (el.get("class") or "").split()
        if any(len(n) >= 2 and re.search(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", scripts)
               for n in names):
            return True
        if number == "0" and (el.get("id") or _AJAX.search(scripts)):
            return True
    return False


def parse_views(page, raw: str, line) -> int | None:
    """The integer after a view label, or None for empty/script-filled/placeholder counts."""
    text = value_text(raw).translate(_FULLWIDTH)
    match = _NUMBER.match(text)
    if not match:
        return None
    number = match.group(1)
    if page is not None and line is not None and _filled_by_script(page, line, number):
        return None
    value = int(number.replace(",", "").replace("，", ""))
    if value == 0 and page is not None and _AJAX.search(_script_text(page)):
        return None
    return value
