"""Website platforms, one module each: the single place for a platform's detection signature,
listing format, paging, view counters and article quirks (docs/platforms.md).

``select`` gives the module a site profile names (``platform:`` in the registry), or detects
it from the page when the profile names none. ``extract_listing`` and ``extract_report`` call it
once and dispatch to what it returns. A new platform is a new module here defining ``PLATFORM``:
it is found by name, nothing else needs to list it.
"""
from __future__ import annotations

import importlib
import pkgutil

from . import generic
from .base import Counter, Platform


def _modules() -> tuple[Platform, ...]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name in ("base", "generic"):
            continue
        platform = getattr(importlib.import_module(f"{__name__}.{info.name}"), "PLATFORM", None)
        if not isinstance(platform, Platform) or platform.name != info.name:
            raise ImportError(f"{__name__}.{info.name} must define PLATFORM = Platform(name={info.name!r}, …)")
        found.append(platform)
    return tuple(sorted(found, key=lambda p: (p.priority, p.name)))


# Detection order (``priority``): HTML markers of each in turn, then URL patterns in turn, then
# signatures; the first that matches wins (a page's own markup beats what its address looks like).
ALL: tuple[Platform, ...] = _modules()
GENERIC: Platform = generic.PLATFORM
BY_NAME: dict[str, Platform] = {p.name: p for p in ALL}
NAMES = frozenset(BY_NAME)

__all__ = ["ALL", "BY_NAME", "Counter", "GENERIC", "NAMES", "Platform", "counter_url", "detect",
           "is_counter_script", "next_page", "read_listing", "select"]


def detect(url: str, raw_html: str) -> Platform:
    """The platform that served a page, or GENERIC."""
    head = raw_html[:150000].lower()
    for platform in ALL:
        if platform.marks(head):
            return platform
    for platform in ALL:
        if platform.url is not None and platform.url.search(url or ""):
            return platform
    for platform in ALL:
        if platform.signature is not None and platform.signature(url, head):
            return platform
    return GENERIC


def select(name: str | None, url: str, raw_html: str) -> Platform:
    """The platform a site profile names; detected from the page when ``name`` is None."""
    if name is None:
        return detect(url, raw_html)
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown platform {name!r}; known: {', '.join(sorted(NAMES))}") from None


def counter_url(platform: Platform, raw_html: str, base: str) -> str | None:
    """The view-counter endpoint a page calls (never fetched), absolute: the platform's own
    counters first, then any other platform's (sites mix parts of several); None if none."""
    for owner in (platform, *(p for p in ALL if p is not platform)):
        for counter in owner.counters:
            found = counter.url(raw_html, base)
            if found:
                return found
    return None


def is_counter_script(src: str, text: str) -> bool:
    """A ``<script>`` (its ``src`` or inline text) that calls a known platform's view counter
    (VSB ``_showDynClicks``, DedeCMS ``count.php``, Hanweb ``visit.jsp``, PowerEasy ``GetHits``):
    the script writes the count, so a number printed beside it is a placeholder."""
    both = f"{src}\n{text}"
    return any(hint in both for owner in ALL for counter in owner.counters for hint in counter.hints)


def read_listing(platform: Platform, text: str, url: str) -> tuple[Platform, dict] | None:
    """A listing served in a platform's own format (a JSON API answer, a Hanweb datastore),
    whatever the profile says, as (that platform, its answer); None for an HTML list."""
    for owner in (platform, *(p for p in ALL if p is not platform)):
        if owner.read_listing is not None:
            found = owner.read_listing(text, url)
            if found is not None:
                return owner, found
    return None


def next_page(platform: Platform, text: str, url: str) -> str | None:
    """The next page from the platform's own pager script, else from a pager script that other
    platforms' sites copy (TRS ``createPageHTML``)."""
    for owner in (platform, *(p for p in ALL if p is not platform and p.shared_pager)):
        if owner.next_page is not None:
            found = owner.next_page(text, url)
            if found:
                return found
    return None
