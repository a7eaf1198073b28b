"""Held-out extraction test sets: pages written independently of the extractor and the fixture web.

``tests/holdout`` (first set), ``tests/holdout2`` (a harder second set, written without sight
of the first) and ``tests/holdout3`` (a third set: markup inside ArticleTitle, footer 来源 lines,
agency edge cases, unusual report titles, non-report companions, subdomain listing links): each
``NN-*.html`` article page has a ``.json`` expected record written by hand following
docs/field-rules.md (holdout2's and holdout3's also say in ``note`` what the page tests); each
``listing-NN-*.html`` has ``{"url", "links", "next_page"}``. One test per page x field, so a
failure names exactly what was misread. Nothing here is xfail.
"""
import functools
import json
import re
from pathlib import Path

import pytest

from xxgk import extract

SETS = [Path(__file__).parent / "holdout", Path(__file__).parent / "holdout2",
        Path(__file__).parent / "holdout3"]
PAGES = [p for folder in SETS for p in sorted(folder.glob("[0-9]*.json"))]
LISTINGS = [p for folder in SETS for p in sorted(folder.glob("listing-*.json"))]

SCALAR_FIELDS = ["title", "published", "source", "editor", "views", "report_year", "agency", "is_report"]
PAGE_FIELDS = SCALAR_FIELDS + ["attachments", "body_contains", "body_excludes"]
LISTING_FIELDS = ["links", "link_titles", "link_dates", "link_is_report", "next_page"]


def norm(value):
    """Whitespace normalisation for string comparison (runs collapsed, ends stripped)."""
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    return value


def squash(text):
    return re.sub(r"\s+", "", text or "")


@functools.lru_cache(maxsize=None)
def expected(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def page_record(path):
    exp = expected(path)
    return extract.extract_report(Path(path).with_suffix(".html").read_bytes(), exp["url"])


@functools.lru_cache(maxsize=None)
def listing_record(path):
    exp = expected(path)
    return extract.extract_listing(Path(path).with_suffix(".html").read_bytes(), exp["url"])


# Misses measured on holdout3 when it was written (issue 10), kept visible rather than hidden:
# each is a strict xfail, so a fix that makes one pass fails here until its line is removed.
KNOWN_MISSES = {
}


def _known_miss(request, path, field):
    reason = KNOWN_MISSES.get((f"{Path(path).parent.name}/{Path(path).stem}", field))
    if reason:
        request.applymarker(pytest.mark.xfail(strict=True, reason=reason))


@pytest.mark.parametrize("folder", SETS, ids=lambda f: f.name)
def test_each_set_is_populated(folder):
    pages = sorted(folder.glob("[0-9]*.json"))
    assert len(pages) >= 30
    assert all(p.with_suffix(".html").exists() for p in pages)


@pytest.mark.parametrize("field", PAGE_FIELDS)
@pytest.mark.parametrize("path", [str(p) for p in PAGES],
                         ids=[f"{p.parent.name}/{p.stem}" for p in PAGES])
def test_page_field(path, field, request):
    _known_miss(request, path, field)
    exp = expected(path)
    got = page_record(path)
    if field in SCALAR_FIELDS:
        assert norm(got.get(field)) == norm(exp[field]), f"{field}: got {got.get(field)!r}, expected {exp[field]!r}"
    elif field == "attachments":
        got_urls = {a["url"] for a in got.get("attachments") or []}
        exp_urls = {a["url"] for a in exp["attachments"]}
        assert got_urls == exp_urls, \
            f"missing {sorted(exp_urls - got_urls)}, extra {sorted(got_urls - exp_urls)}"
    elif field == "body_contains":
        body = squash(got.get("body"))
        missing = [s for s in exp["body_contains"] if squash(s) not in body]
        assert not missing, f"body lacks {missing}"
    elif field == "body_excludes":
        body = squash(got.get("body"))
        present = [s for s in exp["body_excludes"] if squash(s) in body]
        assert not present, f"body wrongly contains {present}"


@pytest.mark.parametrize("field", LISTING_FIELDS)
@pytest.mark.parametrize("path", [str(p) for p in LISTINGS], ids=[p.stem for p in LISTINGS])
def test_listing_field(path, field, request):
    _known_miss(request, path, field)
    exp = expected(path)
    got = listing_record(path)
    got_links = {link["url"]: link for link in got.get("links") or []}
    exp_links = {link["url"]: link for link in exp["links"]}
    if field == "links":
        assert set(got_links) == set(exp_links), (
            f"missing {sorted(set(exp_links) - set(got_links))}, extra {sorted(set(got_links) - set(exp_links))}")
    elif field == "next_page":
        assert got.get("next_page") == exp["next_page"]
    else:
        key = {"link_titles": "title", "link_dates": "date", "link_is_report": "is_report"}[field]
        wrong = {u: (norm(got_links[u].get(key)), norm(e[key])) for u, e in exp_links.items()
                 if u in got_links and norm(got_links[u].get(key)) != norm(e[key])}
        absent = [u for u in exp_links if u not in got_links]
        assert not wrong and not absent, f"(got, expected) per URL: {wrong}; links not found: {absent}"
