"""What a platform module declares: one :class:`Platform`, built from the module's own rules.

A platform (a CMS family) decides how a site is *walked* and which view counter its pages
call: detection, listing formats, paging, counters. It never decides a field rule: title, date,
source, editor, views and attachments follow the same rules on every site (docs/field-rules.md).
"""
from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass, field
from typing import Callable, Pattern

from ..urls import join


@dataclass(frozen=True)
class Counter:
    """A view-counter endpoint a page calls. The archive never requests one (``counts_visit``:
    requesting it registers a hit; ``safe_to_read``: it can be read without counting one)."""

    pattern: Pattern
    hints: tuple[str, ...]  # plain substrings; ``pattern`` is tried only when one is in the page
    build: Callable | None = None  # match -> path; None: the pattern's group 1 is the path
    counts_visit: bool = True
    safe_to_read: bool = False

    def url(self, raw_html: str, base: str) -> str | None:
        if not any(hint in raw_html for hint in self.hints):
            return None
        match = self.pattern.search(raw_html)
        if not match:
            return None
        path = self.build(match) if self.build else _html.unescape(match.group(1))
        return join(base, path)


@dataclass(frozen=True)
class Platform:
    """One website platform. ``name`` is what records and site profiles carry (None: generic)."""

    name: str | None  # the module's name
    priority: int = 50  # detection order: lower is tried first (when markers overlap)
    markers: tuple[str, ...] = ()  # lower-case substrings of the served HTML
    url: Pattern | None = None  # article, column or API URLs of the platform
    signature: Callable[[str, str], bool] | None = None  # (url, lower-cased head) -> bool, tried last
    counters: tuple[Counter, ...] = ()
    # a listing the platform serves in its own format (not an HTML list):
    # (text, url) -> {"links": [...]} or {"fragments": [html, ...]}, with "next_page"; or None
    read_listing: Callable[[str, str], dict | None] | None = None
    # the next page of an HTML listing, from the platform's own pager script
    next_page: Callable[[str, str], str | None] | None = None
    shared_pager: bool = False  # its pager script is copied by other platforms' sites: try it on all
    numbered_pages: bool = True  # guess the next page from numbered pager links
    notes: str = field(default="", compare=False)  # article quirks, for people (docs/platforms.md)

    def marks(self, head: str) -> bool:
        return any(marker in head for marker in self.markers)


def url_match(pattern: str, flags: int = 0) -> Pattern:
    return re.compile(pattern, flags)
