"""TRS WCM (拓尔思): static articles ``…/YYYYMM/tYYYYMMDD_<id>.html`` and listings ``index.html``,
``index_1.html``, … (0-based: the second page is ``index_1``), written by
``createPageHTML(count, current, "index", "html")`` (also with variables for arguments, or with a
leading element id: ``createPageHTML('page_div', count, current, "index", "html", records)``) or
the ``countPage``/``currentPage`` variables.
Many TRS sites generate only a few ``index_N`` files, so numbered links are not guessed; other
platforms' sites copy ``createPageHTML``, so its pager is tried on every HTML listing. No
built-in counter on static pages [belief]. Article quirks: body in ``.TRS_Editor`` /
``.TRS_UEDITOR`` / ``.trs_editor_view``; relative attachments (``./P0….pdf``); the printed date
wins over the URL's."""
import re
from urllib.parse import urljoin, urlsplit

from .base import Platform

_CREATE_PAGE_CALL = re.compile(r"(?<![\w.])(?<!function )createPageHTML\s*\(([^()]*)\)")
_COUNT_PAGE = re.compile(r"\bcountPage\s*=\s*(\d+)")
_CURRENT_PAGE = re.compile(r"\bcurrentPage\s*=\s*(\d+)")
_STEM = re.compile(r"^([A-Za-z]+)(?:_\d+)?\.(s?html?)$")


def _value(arg: str, raw: str):
    """A call argument as written: an int, a quoted string, or a variable's ``var x = …`` value."""
    arg = arg.strip()
    if re.fullmatch(r"\d+", arg):
        return int(arg)
    quoted = re.fullmatch(r"[\"']([^\"']*)[\"']", arg)
    if quoted:
        return quoted.group(1)
    if re.fullmatch(r"[A-Za-z_$][\w$]*", arg):
        found = re.search(r"(?<![\w.$])" + re.escape(arg) + r"\s*=\s*(\d+|\"[^\"]*\"|'[^']*')", raw)
        if found:
            return _value(found.group(1), raw)
    return None


def _pager_args(raw: str, url: str):
    """(count, current, name, ext) of the page's ``createPageHTML`` call, whatever its form:
    literals, variables (``createPageHTML(_nPageCount, _nCurrIndex, …)``) or with a leading
    element id and a trailing record count (``createPageHTML('page_div', 8, 0, 'index', 'html',
    150)``); else from ``countPage``/``currentPage``; None when the page says neither."""
    stem = _STEM.match(urlsplit(url).path.rsplit("/", 1)[-1])
    default_name, default_ext = (stem.group(1), stem.group(2)) if stem else ("index", "html")
    for call in _CREATE_PAGE_CALL.finditer(raw):
        args = [_value(a, raw) for a in call.group(1).split(",")]
        if len(args) >= 5 and isinstance(args[0], str) and not args[0].isdigit():
            args = args[1:]  # the element the pager is drawn into
        if len(args) >= 2 and isinstance(args[0], int) and isinstance(args[1], int):
            name = args[2] if len(args) > 2 and isinstance(args[2], str) and args[2] else default_name
            ext = args[3] if len(args) > 3 and isinstance(args[3], str) and args[3] else default_ext
            return args[0], args[1], name, ext
    count_m, cur_m = _COUNT_PAGE.search(raw), _CURRENT_PAGE.search(raw)
    if not count_m:
        return None
    return int(count_m.group(1)), int(cur_m.group(1)) if cur_m else 0, default_name, default_ext


def next_page(raw: str, url: str) -> str | None:
    """Page k (0-based) of ``index.html`` is ``index_k.html``; none after the last page."""
    found = _pager_args(raw, url)
    if found is None:
        return None
    count, current, name, ext = found
    if current + 1 >= count:
        return None
    return urljoin(url, f"{name}_{current + 1}.{ext.lstrip('.')}")


PLATFORM = Platform(
    name="trs_wcm", priority=40, markers=("trs_editor", "trs_ueditor", "createpagehtml", "trs wcm", "_trspageinfo"),
    url=re.compile(r"/t\d{8}_\d+(?:_\d+)?\.s?html?"), next_page=next_page, shared_pager=True,
    numbered_pages=False, notes="body in .TRS_Editor; printed date beats the URL date")
