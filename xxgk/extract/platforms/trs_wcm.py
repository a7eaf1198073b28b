"""TRS WCM (拓尔思): static articles ``…/YYYYMM/tYYYYMMDD_<id>.html`` and listings ``index.html``,
``index_1.html``, … (0-based: the second page is ``index_1``), written by
``createPageHTML(count, current, "index", "html")`` or the ``countPage``/``currentPage`` variables.
Many TRS sites generate only a few ``index_N`` files, so numbered links are not guessed; other
platforms' sites copy ``createPageHTML``, so its pager is tried on every HTML listing. No
built-in counter on static pages [belief]. Article quirks: body in ``.TRS_Editor`` /
``.TRS_UEDITOR`` / ``.trs_editor_view``; relative attachments (``./P0….pdf``); the printed date
wins over the URL's."""
import re
from urllib.parse import urljoin, urlsplit

from .base import Platform

_CREATE_PAGE = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']")
_COUNT_PAGE = re.compile(r"\bcountPage\s*=\s*(\d+)")
_CURRENT_PAGE = re.compile(r"\bcurrentPage\s*=\s*(\d+)")


def next_page(raw: str, url: str) -> str | None:
    """Page k (0-based) of ``index.html`` is ``index_k.html``; none after the last page."""
    match = _CREATE_PAGE.search(raw)
    if match:
        count, current, name, ext = int(match.group(1)), int(match.group(2)), match.group(3), match.group(4)
    else:
        count_m, cur_m = _COUNT_PAGE.search(raw), _CURRENT_PAGE.search(raw)
        if not count_m:
            return None
        count, current, name, ext = int(count_m.group(1)), int(cur_m.group(1)) if cur_m else 0, "index", "html"
        path = urlsplit(url).path.rsplit("/", 1)[-1]
        stem = re.match(r"^([A-Za-z]+)(?:_\d+)?\.(s?html?)$", path)
        if stem:
            name, ext = stem.group(1), stem.group(2)
    if current + 1 >= count:
        return None
    return urljoin(url, f"{name}_{current + 1}.{ext}")


PLATFORM = Platform(
    name="trs_wcm", priority=40, markers=("trs_editor", "trs_ueditor", "createpagehtml", "trs wcm", "_trspageinfo"),
    url=re.compile(r"/t\d{8}_\d+(?:_\d+)?\.s?html?"), next_page=next_page, shared_pager=True,
    numbered_pages=False, notes="body in .TRS_Editor; printed date beats the URL date")
