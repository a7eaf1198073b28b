"""The reading room's front page (``/``, xxgk.serve.reports_list): the archived annual reports in
the columns that matter, with facets, search and paging, checked against the stored rows."""
from __future__ import annotations

import asyncio
import re
import shutil
from html import unescape

import pytest
import sqlite_utils

from xxgk.serve import reports_list
from xxgk.serve.server import make_datasette


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture(scope="module")
def served(fixture_archive, tmp_path_factory):
    """The fixture archive served under another file name (``demo.db``): the list must find the
    archive whatever its database is called."""
    path = tmp_path_factory.mktemp("list") / "demo.db"
    shutil.copy(fixture_archive, path)
    return make_datasette(path), sqlite_utils.Database(path)


def get(ds, path, status=200):
    response = run(ds.client.get(path))
    assert response.status_code == status, (path, response.status_code, response.text[:500])
    return response.text


def row_ids(html: str) -> list[str]:
    return re.findall(r'<tr data-report-id="([0-9a-f]{16})">', html)


def all_ids(ds, path: str) -> list[str]:
    """Report ids over every page of the list at ``path``, following the "next" links."""
    ids, seen = [], set()
    while path:
        assert path not in seen, f"paging loops at {path}"
        seen.add(path)
        html = get(ds, path)
        ids += row_ids(html)
        nxt = re.search(r'<a href="([^"]+)" rel="next">', html)
        path = unescape(nxt.group(1)) if nxt else None
    return ids


def test_home_lists_every_annual_report_newest_first_linking_to_its_page(served, monkeypatch):
    ds, db = served
    monkeypatch.setattr(reports_list, "PAGE_SIZE", 7)  # several pages from the fixture archive
    expected = [r["id"] for r in db.query(
        "select id from reports where is_report = 1 order by published desc, id")]
    assert len(expected) > 7
    assert all_ids(ds, "/") == expected
    html = get(ds, "/")
    assert f"<strong>{len(expected):,}</strong>" in html
    first = db.execute("select id, title from reports where id = ?", [expected[0]]).fetchone()
    assert f'href="/demo/-/report/{first[0]}"' in html
    # the twelve columns, not the table's thirty-six
    headers = re.findall(r"<th>([^<]+)<br>", html)
    assert headers == ["标题", "发布机关", "地区", "年度", "发布", "逾期", "浏览", "附件", "版本", "状态",
                       "来源", "原文"]


def test_other_pages_are_one_switch_away(served):
    ds, db = served
    total = db.execute("select count(*) from reports").fetchone()[0]
    reports = db.execute("select count(*) from reports where is_report = 1").fetchone()[0]
    assert total > reports
    assert sorted(all_ids(ds, "/?all=1")) == sorted(
        r[0] for r in db.execute("select id from reports"))
    assert 'href="/?all=1"' in get(ds, "/")


def test_year_facet_is_in_calendar_order_with_counts_from_the_archive(served):
    ds, db = served
    html = get(ds, "/")
    facet = html[html.index('data-facet="year"'):]
    facet = facet[:facet.index("</div>")]
    shown = [(int(y), int(n)) for y, n in re.findall(r">(\d{4}) <span class=\"n\">(\d+)</span>", facet)]
    expected = [(r[0], r[1]) for r in db.execute(
        "select report_year, count(*) from reports where is_report = 1 and report_year is not null "
        "group by report_year order by report_year")]
    assert shown == expected[:reports_list.FACET_VALUES]
    assert [y for y, _ in shown] == sorted(y for y, _ in shown)


@pytest.mark.parametrize("column,param", [("agency", "agency"), ("region", "region"),
                                          ("report_year", "year")])
def test_each_facet_value_filters_to_exactly_its_reports(served, column, param):
    ds, db = served
    value = db.execute(f"select {column} from reports where is_report = 1 and {column} is not null "
                       f"group by {column} order by count(*) desc limit 1").fetchone()[0]
    from urllib.parse import urlencode

    ids = all_ids(ds, "/?" + urlencode({param: value}))
    expected = [r[0] for r in db.execute(
        f"select id from reports where is_report = 1 and {column} = ? order by published desc, id",
        [value])]
    assert ids == expected and expected


def test_search_in_the_list_finds_the_reports_the_index_finds(served):
    ds, db = served
    ids = all_ids(ds, "/?q=商务")
    titles = {r[0]: r[1] for r in db.execute("select id, title from reports where is_report = 1")}
    assert ids and all(i in titles for i in ids)
    # every annual report with 商务 in its title is among them
    assert {i for i, t in titles.items() if "商务" in (t or "")} <= set(ids)


def test_bad_parameters_get_a_readable_message_not_an_error_page(served):
    ds, _ = served
    assert "year must be a year such as 2023" in get(ds, "/?year=abc", status=400)
    assert "page must be a number" in get(ds, "/?page=-1", status=400)
    assert "sort must be one of" in get(ds, "/?sort=id;drop", status=400)
    assert "too long" in get(ds, "/?q=" + "商务" * 200, status=400)
    assert "status must be one of" in get(ds, "/?status=%3Cscript%3E", status=400)


def test_stored_text_is_escaped(served):
    ds, db = served
    hostile = db.execute("select id, title from reports where is_report = 1 and title like '%<%'"
                         ).fetchone()
    if hostile is None:
        pytest.skip("the fixture archive has no title with markup")
    html = get(ds, "/?all=1&q=" + "清水县")
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_the_list_is_also_at_its_own_address(served):
    ds, _ = served
    assert row_ids(get(ds, "/-/reports")) == row_ids(get(ds, "/"))
