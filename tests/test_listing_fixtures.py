"""Every fixture listing page (static pages, dataproxy XML, gkmlpt JSON) against its expected links."""
from __future__ import annotations

from urllib.parse import urljoin

import pytest

from xxgk.extract import extract_listing
from xxgk.fixtureweb.catalog import listing_fixtures

BASE = "http://127.0.0.1:8000"
FIXTURES = listing_fixtures()


def _listing(fx):
    return extract_listing(fx.body(BASE), BASE + fx.url_path)


def _ids(fx):
    return fx.url_path


@pytest.mark.parametrize("fx", FIXTURES, ids=_ids)
def test_links(fx):
    got = [(link["url"], link["title"]) for link in _listing(fx)["links"]]
    want = [(urljoin(BASE, link["url"]), link["title"]) for link in fx.expected["links"]]
    assert got == want


@pytest.mark.parametrize("fx", FIXTURES, ids=_ids)
def test_dates_and_report_flags(fx):
    got = [(link["date"], link["is_report"]) for link in _listing(fx)["links"]]
    want = [(link["date"], link["is_report"]) for link in fx.expected["links"]]
    assert got == want


@pytest.mark.parametrize("fx", FIXTURES, ids=_ids)
def test_next_page(fx):
    want = fx.expected["next_page"]
    assert _listing(fx)["next_page"] == (urljoin(BASE, want) if want else None)
