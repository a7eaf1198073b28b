"""Every fixture article page × every field of its hand-written X.expected.json (field-rules.md)."""
from __future__ import annotations

import functools
from urllib.parse import urljoin

import pytest

from xxgk.extract import extract_report
from xxgk.fixtureweb.catalog import article_fixtures

BASE = "http://127.0.0.1:8000"
FIELDS = ("title", "published", "source", "editor", "views", "report_year", "agency",
          "attachments", "is_report", "body_contains", "body_excludes")
FIXTURES = [fx for fx in article_fixtures() if fx.path is not None]


def norm(value):
    return " ".join(value.split()) if isinstance(value, str) else value


@functools.lru_cache(maxsize=None)
def record_for(index: int) -> dict:
    fx = FIXTURES[index]
    return extract_report(fx.body(BASE), BASE + fx.url_path)


CASES = [pytest.param(i, name, id=f"{fx.url_path}::{name}")
         for i, fx in enumerate(FIXTURES) for name in FIELDS if name in fx.expected]


@pytest.mark.parametrize("index,name", CASES)
def test_field(index, name):
    expected, record = FIXTURES[index].expected, record_for(index)
    if name == "attachments":
        want = {urljoin(BASE, a["url"]) for a in expected["attachments"]}
        assert {a["url"] for a in record["attachments"]} == want
    elif name == "body_contains":
        body = norm(record["body"])
        missing = [s for s in expected["body_contains"] if norm(s) not in body]
        assert not missing, f"body lacks {missing!r}"
    elif name == "body_excludes":
        present = [s for s in expected["body_excludes"] if s in record["body"]]
        assert not present, f"body contains {present!r}"
    else:
        assert norm(record[name]) == norm(expected[name])
