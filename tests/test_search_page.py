"""/-/search over every match (paging, totals, annual reports first) and one query syntax on
/-/search, the ``search`` query and the table page's ``?_search=`` (OR, -word, "phrase", words
ANDed), checked against the stored text itself; queries that cannot be read or are too long
say so. In-process Datasette over the session's fixture archive."""
from __future__ import annotations

import asyncio
import html as html_lib
import re
import sqlite3

import pytest

from xxgk.serve.plugin import RESULTS
from xxgk.serve.server import make_datasette


@pytest.fixture(scope="module")
def ds(fixture_archive):
    return make_datasette(fixture_archive)


@pytest.fixture(scope="module")
def stored(fixture_archive):
    """id -> (is_report, the tokens the index holds for it, its text as stored)."""
    conn = sqlite3.connect(fixture_archive)
    rows = conn.execute(
        "select r.id, r.is_report, f.title || ' ' || f.body || ' ' || f.attachments,"
        " coalesce(r.title, '') || '|' || coalesce(r.body, '') || '|'"
        " || coalesce(r.attachment_text, '')"
        " from reports as r join reports_fts as f on f.rowid = r.rowid").fetchall()
    conn.close()
    return {rid: (is_report == 1, set(tokens.split()), text) for rid, is_report, tokens, text in rows}


def get(ds, path, status=200, **params):
    response = asyncio.run(ds.client.get(path, params=params or None))
    assert response.status_code == status, response.text[:2000]
    return response.text


def having(stored, word, reports_only=False):
    """Ids whose indexed tokens include ``word`` (read off the stored index text, no MATCH)."""
    return {rid for rid, (is_report, tokens, _) in stored.items()
            if word in tokens and (is_report or not reports_only)}


def page_ids(page_html) -> list[str]:
    return re.findall(r'href="/archive/-/report/([0-9a-f]{16})"', page_html)


def search_ids(ds, q, all_pages=False) -> list[str]:
    """Every result of /-/search, page after page, following its own "next" links."""
    params = {"q": q, **({"all": "1"} if all_pages else {})}
    ids, page = [], 1
    while True:
        text = get(ds, "/-/search", **params, **({"page": str(page)} if page > 1 else {}))
        ids += page_ids(text)
        if 'rel="next"' not in text:
            return ids
        page += 1


def table_ids(ds, q) -> set[str]:
    import json

    text = get(ds, "/archive/reports.json", _search=q, _shape="objects", _size="max", _col="id")
    return {row["id"] for row in json.loads(text)["rows"]}


def query_ids(ds, q) -> set[str]:
    import json

    text = get(ds, "/archive/search.json", q=q, _shape="objects")
    return {row["report_id"] for row in json.loads(text)["rows"]}


# --- paging, totals, reports first ----------------------------------------------------------

def test_paging_reaches_every_matching_report(ds, stored):
    expected = having(stored, "公开", reports_only=True)
    assert len(expected) > RESULTS  # more than one page
    ids = search_ids(ds, "公开")
    assert len(ids) == len(set(ids)) and set(ids) == expected
    first = get(ds, "/-/search", q="公开")
    assert f"matches 1–{RESULTS} of {len(expected)}" in first
    assert f"{len(expected)} matches in annual reports" in first
    second = get(ds, "/-/search", q="公开", page="2")
    assert f"matches {RESULTS + 1}–{len(expected)} of {len(expected)}" in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert "page=2" in first and 'rel="prev"' not in first


def test_reports_first_and_the_switch_to_every_page(ds, stored):
    reports, every = having(stored, "公开", True), having(stored, "公开")
    others = len(every) - len(reports)
    assert others > 0
    text = " ".join(get(ds, "/-/search", q="公开").split())
    assert f"{len(reports)} annual reports 年度报告 · {others} other pages" in text
    assert "all=1" in text and "other page 非年度报告" not in text
    ids = search_ids(ds, "公开", all_pages=True)
    assert len(ids) == len(set(ids)) and set(ids) == every
    text = get(ds, "/-/search", q="公开", all="1")
    assert f"{len(every)} matches</h2>" in text and "other page 非年度报告" in get(
        ds, "/-/search", q="公开", all="1", page="2")
    assert 'id="xxgk-search-all" checked' in text


def test_each_result_links_to_its_report_page_and_its_row(ds, stored):
    text = get(ds, "/-/search", q="商务")
    ids = page_ids(text)
    assert ids and set(ids) == having(stored, "商务", True)
    for rid in ids:
        assert f'href="/archive/reports/{rid}" class="xxgk-row"' in text


def test_a_page_past_the_last_or_not_a_number(ds):
    assert "There is no page 9" in get(ds, "/-/search", status=404, q="商务", page="9")
    for page in ["x", "0", "-1", "99999999999999999999", "١"]:
        assert "page must be a whole number" in get(ds, "/-/search", status=400, q="商务",
                                                    page=page)


# --- one syntax everywhere, checked against the stored text ------------------------------------

def test_or_finds_either_word(ds, stored):
    for reports_only, ids in ((False, set(search_ids(ds, "商务 OR 民政", all_pages=True))),
                              (False, table_ids(ds, "商务 OR 民政")),
                              (True, query_ids(ds, "商务 OR 民政"))):
        expected = having(stored, "商务", reports_only) | having(stored, "民政", reports_only)
        assert ids == expected and having(stored, "民政", reports_only) - having(
            stored, "商务", reports_only)


def test_minus_excludes_a_word(ds, stored):
    for reports_only, ids in ((False, set(search_ids(ds, "年度报告 -商务", all_pages=True))),
                              (False, table_ids(ds, "年度报告 -商务")),
                              (True, query_ids(ds, "年度报告 -商务"))):
        with_word = having(stored, "商务", reports_only)
        assert ids == having(stored, "年度报告", reports_only) - with_word
        assert with_word & having(stored, "年度报告", reports_only)  # something was left out
        assert not any("商务" in stored[rid][2] for rid in ids)


def test_words_are_all_required(ds, stored):
    expected = having(stored, "商务") & having(stored, "行政复议")
    assert expected and expected != having(stored, "商务")
    assert set(search_ids(ds, "商务 行政复议", all_pages=True)) == expected
    assert table_ids(ds, "商务 行政复议") == expected


def test_a_quoted_phrase_is_found_as_written(ds, stored):
    phrase = "政府信息公开工作"
    expected = {rid for rid, (_, _, text) in stored.items() if phrase in text}
    assert expected
    assert set(search_ids(ds, f'"{phrase}"', all_pages=True)) == expected
    assert table_ids(ds, f'"{phrase}"') == expected
    # the same words unquoted may be anywhere in the page: at least as many
    assert table_ids(ds, "政府 信息 公开 工作") >= expected


# --- queries that cannot be read, and long ones -----------------------------------------------

BAD = {'"商务': "quotation mark", "OR": "OR needs", "商务 OR": "OR needs", "-": '"-" must',
       "-商务": "only excluded words", '""': "no word between", "，。": "nothing to search for",
       "商务 OR -民政": "cannot be one side of OR"}


@pytest.mark.parametrize("q", list(BAD))
def test_a_query_that_cannot_be_read_says_why(ds, q):
    text = html_lib.unescape(get(ds, "/-/search", status=400, q=q))
    assert "This query cannot be read, so nothing was searched" in text and BAD[q] in text
    assert "matches" not in text.split("</form>", 1)[1].split("Chinese words")[0]
    table = get(ds, "/archive/reports", _search=q)
    assert "cannot be read" in table and BAD[q] in table.replace("\\\"", '"')
    assert "0 rows where search matches" in table
    assert "cannot be read" in get(ds, "/archive/search", q=q)


def test_a_long_query_is_a_400_saying_so(ds):
    q = " ".join(["商务"] * 3000)
    for path, params in (("/-/search", {"q": q}), ("/archive/reports", {"_search": q}),
                         ("/archive/reports.json", {"_search": q}), ("/archive/search", {"q": q}),
                         ("/archive/reports", {"_search_title": q})):
        text = get(ds, path, status=400, **params)
        assert "query too long: at most 60 words and 500 characters" in text, path
        assert "select" not in text.lower().split("query too long")[0][-200:]


def test_a_readable_query_gets_no_note(ds):
    assert "cannot be read" not in get(ds, "/archive/reports", _search="商务 OR 民政")
    assert "cannot be read" not in get(ds, "/archive/reports")
