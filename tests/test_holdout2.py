"""Second held-out extraction test set (harder): pages written independently of the extractor,
the first held-out set and the fixture web.

Each ``tests/holdout2/NN-*.html`` is a full article page (header, nav, breadcrumb, sidebar with dated links,
share/print, 上一篇/下一篇, footer with ICP and contact). Its ``.json`` holds the expected record, written by
hand following shared/notes/field-rules.md, plus a ``note`` saying what the page tests. One test per
page x field, so a failure names exactly what was misread. Nothing here is xfail.
"""
import functools
import json
import re
from pathlib import Path

import pytest

import extract

HOLDOUT2 = Path(__file__).parent / "holdout2"
PAGES = sorted(HOLDOUT2.glob("[0-9]*.json"))

SCALAR_FIELDS = ["title", "published", "source", "editor", "views", "report_year", "agency", "is_report"]
PAGE_FIELDS = SCALAR_FIELDS + ["attachments", "body_contains", "body_excludes"]


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


def test_holdout2_is_populated():
    assert len(PAGES) >= 30
    for path in PAGES:
        assert path.with_suffix(".html").exists(), path


@pytest.mark.parametrize("field", PAGE_FIELDS)
@pytest.mark.parametrize("path", [str(p) for p in PAGES], ids=[p.stem for p in PAGES])
def test_page_field(path, field):
    exp = expected(path)
    got = page_record(path)
    if field in SCALAR_FIELDS:
        assert norm(got.get(field)) == norm(exp[field]), f"{field}: got {got.get(field)!r}, expected {exp[field]!r}"
    elif field == "attachments":
        got_urls = {a["url"] for a in got.get("attachments") or []}
        exp_urls = {a["url"] for a in exp["attachments"]}
        assert got_urls == exp_urls, f"missing {sorted(exp_urls - got_urls)}, extra {sorted(got_urls - exp_urls)}"
    elif field == "body_contains":
        body = squash(got.get("body"))
        missing = [s for s in exp["body_contains"] if squash(s) not in body]
        assert not missing, f"body lacks {missing}"
    elif field == "body_excludes":
        body = squash(got.get("body"))
        present = [s for s in exp["body_excludes"] if squash(s) in body]
        assert not present, f"body wrongly contains {present}"
