"""extract_report: decode, parse once, lay out, then read each field."""
from __future__ import annotations

from typing import Mapping

from .attachments import body_images, extract_attachments
from .body import extract_body_text
from .decode import decode_body
from .dom import parse_page, parse_tree
from .labels import find_labels
from .layout import Layout, compute_layout, meta_zone_lines
from .metadata import parse_metadata
from . import platforms
from .stats import extract_stats
from .report import parse_agency, parse_is_report, parse_report_year
from .title import markup_free, site_owner_names
from .model import Report
from .urls import collecting_rejected
from .version import EXTRACTOR_VERSION
from .textpage import looks_like_html, text_to_html


def extract_report(body: bytes, url: str, headers: Mapping[str, str] | None = None,
                   platform: str | None = None, *, stats: bool = True) -> Report:
    """The typed record of an article page (a ``Report``: xxgk/extract/model.py), with
    ``rejected_links``: the hrefs too malformed to follow ({"href", "reason"}). ``platform``
    (a site profile's ``platform:``) selects the platform module; None detects it from the page.
    ``stats`` False leaves a report's statistics unread (``stats`` None) for
    ``read_report_stats`` to read later from the same bytes: the crawler reads them in its
    statistics reader process, beside the crawl (crawler/writer.py)."""
    with collecting_rejected() as rejected:
        record = _read_report(body, url, headers, platform, stats)
    record.rejected_links = rejected
    return record


def read_report_stats(body: bytes, headers: Mapping[str, str] | None, record: Report) -> list[dict]:
    """The statistics cells ``extract_report`` gives ``record``, read from the page's ``body``
    (the bytes ``record`` was extracted from, with their headers), the same as when read
    with the rest of the record."""
    if not record.is_report:
        return []
    return extract_stats(parse_tree(_page_html(body, headers)[0]), record.body,
                         record.report_year)


def _page_html(body: bytes, headers: Mapping[str, str] | None) -> tuple[str, str]:
    """The page as HTML (a text page wrapped in it) and the encoding it was decoded with."""
    text, encoding = decode_body(body, headers)
    return (text if looks_like_html(text) else text_to_html(text)), encoding


def _read_report(body: bytes, url: str, headers: Mapping[str, str] | None = None,
                 platform: str | None = None, stats: bool = True) -> Report:
    html, encoding = _page_html(body, headers)
    page = parse_page(html, url)
    site_platform = platforms.select(platform, url, html)
    layout = compute_layout(page)
    meta = parse_metadata(page, layout)
    body_text = extract_body_text(page, layout)
    attachments = extract_attachments(page, layout)
    name = meta.pop("name", None)
    title = layout.title if layout.heading is not None or not name else markup_free(name)
    title = title or None
    is_report = parse_is_report(title)
    report_year = parse_report_year(title, body_text, attachments) if is_report else None
    page_images = body_images(page, layout, title, body_text, is_report, attachments)
    publisher = meta.pop("publisher", None)
    agency = parse_agency(title, is_report, meta["source"], publisher, body_text,
                          page.meta.get("contentsource"), site_owner_names(page), _under_heading(page, layout))
    raw = meta.pop("raw")
    raw["title"] = title
    raw["agency"] = agency
    return Report(**{
        "url": url, "title": title, "published": meta["published"], "source": meta["source"],
        "editor": meta["editor"], "views": meta["views"], "report_year": report_year,
        "agency": agency, "attachments": attachments, "page_images": page_images,
        "is_report": is_report, "body": body_text,
        "raw": raw, "counter_url": platforms.counter_url(site_platform, html, page.base),
        "platform": site_platform.name, "encoding": encoding,
        "stats": (extract_stats(page.root, body_text, report_year) if stats else None)
        if is_report else [],
        "extractor": EXTRACTOR_VERSION,
    })


def _under_heading(page, layout: Layout) -> str:
    """Unlabelled lines between the heading and the body (a subtitle naming the issuing body)."""
    if not layout.head_span:
        return ""
    lines = [ln.plain for ln in meta_zone_lines(page, layout) if ln.pos >= layout.head_span[1]]
    return "\n".join(text for text in lines if text and not find_labels(text))
