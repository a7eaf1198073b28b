"""A table search suggests no facets (each suggestion repeats the full-text match over every
matching row: issue 13's "facet storm"), while the facets the metadata or the URL chose are
still counted, and a page without a search keeps its suggestions."""
from __future__ import annotations

import asyncio
from urllib.parse import quote

from xxgk.serve.server import make_datasette


def _json(ds, path):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text[:500]
    return response.json()


def test_a_table_search_counts_chosen_facets_and_suggests_none(fixture_archive):
    ds = make_datasette(fixture_archive)
    name = fixture_archive.stem
    plain = _json(ds, f"/{name}/reports.json")
    assert plain["suggested_facets"], "the page without a search suggests facets"
    found = _json(ds, f"/{name}/reports.json?_search={quote('商务')}&_facet=editor")
    assert found["filtered_table_rows_count"] > 0
    assert found["suggested_facets"] == []
    chosen = set(found["facet_results"])
    assert {"site_id", "report_year", "editor"} <= chosen, chosen  # metadata's and the URL's
    assert found["facet_results"]["report_year"]["results"]
