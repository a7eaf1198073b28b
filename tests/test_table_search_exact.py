"""The table page's search (xxgk/serve/table_search.py) shows exactly what Datasette's own
statements show: the same rows in the same order, counts and facet counts, for every way it
answers them (stored pages, the newest-first walk, counts from a stored term corrected by the
reports in one and not the other, one pass for all facets). The ground truth is a Datasette over
the same file with the plugin's table search left out. Functional only: speed is measured in
bench/search.py."""
import asyncio
import random
import shutil
import sqlite3
import urllib.parse

import pytest

from bench.search import REPORT_WORDS, build_generated_archive, generated_queries
from xxgk.archive import search
from xxgk.serve import table_search
from xxgk.serve.server import make_datasette

EXTRA = ["", "&_facet_size=5", "&_size=100", "&_facet_size=max", "&_facet=editor"]


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    """(plain, topped): 3,000 generated reports on 21 dates (many ties, some undated) with
    some regions unknown; the second with ``search_top`` (table pages from 150 reports)."""
    folder = tmp_path_factory.mktemp("table_search")
    plain, topped = folder / "plain.db", folder / "topped.db"
    built = build_generated_archive(plain, 3_000, seed=11)
    conn = sqlite3.connect(plain)
    conn.execute("update reports set published = case when rowid % 50 = 0 then null else"
                 " '2024-0' || (rowid % 3 + 1) || '-1' || (rowid % 7) end,"
                 " region = case when rowid % 11 = 0 then null else region end,"
                 " editor = case rowid % 3 when 0 then '甲' when 1 then '乙' else null end")
    conn.commit()
    conn.close()
    shutil.copy(plain, topped)
    conn = sqlite3.connect(topped)
    assert search.refresh_search_top(conn, min_docs=60, table_docs=150) > 50
    conn.close()
    return plain, topped, built


def queries(built) -> list[str]:
    rng = random.Random(3)
    found = [q for _, q in generated_queries(built["words"], built["places"], n=42, seed=5)]
    found += REPORT_WORDS + ["政府信息", "政府信息公开", '"政府信息公开"', "年度报告 -商务局",
                             "行政复议 OR 行政诉讼", "公开 申请", "报告 -年度", "量子纠缠"]
    found += [" ".join(rng.sample(built["words"][:200], 2)) for _ in range(8)]
    return list(dict.fromkeys(found))


@pytest.fixture(scope="module")
def sites(archives):
    """(Datasette's own table search, ours) over each archive, with the thresholds scaled to
    3,000 reports so that every way of answering is taken."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(table_search, "install", lambda datasette: None)
        raw = [make_datasette(path) for path in archives[:2]]
        for ds in raw:
            run(ds.invoke_startup())
    ours = [make_datasette(path) for path in archives[:2]]
    for ds in ours:
        run(ds.invoke_startup())
    return raw, ours


@pytest.fixture()
def small_thresholds(monkeypatch):
    monkeypatch.setattr(table_search, "FACETS_DIRECT_MIN", 20)
    monkeypatch.setattr(table_search, "FACETS_DIRECT_MAX", 2_500)


def table_json(ds, name, q, extra=""):
    answer = run(ds.client.get(f"/{name}/reports.json?_search={urllib.parse.quote(q)}{extra}"))
    assert answer.status_code == 200, (q, extra, answer.text[:300])
    return answer.json()


def test_every_way_of_answering_shows_datasettes_own_page(archives, sites, small_thresholds,
                                                          monkeypatch):
    used = {"walk": 0, "stored term": 0, "one pass": 0}
    walk, stored, rows = (table_search.Answers.newest_rows, table_search.Answers._from_stored_term,
                          table_search.Answers._facet_rows)

    async def counting_walk(self, match, limit):
        found = await walk(self, match, limit)
        used["walk"] += found is not None
        return found

    async def counting_stored(self, match, matches):
        found = await stored(self, match, matches)
        used["stored term"] += found is not None
        return found

    async def counting_rows(self, match, cap):
        used["one pass"] += cap == -1
        return await rows(self, match, cap)

    monkeypatch.setattr(table_search.Answers, "newest_rows", counting_walk)
    monkeypatch.setattr(table_search.Answers, "_from_stored_term", counting_stored)
    monkeypatch.setattr(table_search.Answers, "_facet_rows", counting_rows)
    raw, ours = sites
    for n, name in enumerate(("plain", "topped")):
        for q in queries(archives[2]):
            for extra in EXTRA:
                a, b = table_json(raw[n], name, q, extra), table_json(ours[n], name, q, extra)
                for key in ("rows", "filtered_table_rows_count", "facet_results", "next"):
                    assert a[key] == b[key], (name, q, extra, key)
    assert min(used.values()) > 5, used


def test_the_walk_keeps_datasettes_order_of_ties(archives, sites):
    """Reports of one date come in rowid order, the undated last, on the next pages too."""
    raw, ours = sites
    for q in ("年度报告", "政府信息", "公开"):
        url = f"/plain/reports.json?_search={urllib.parse.quote(q)}&_size=100"
        for _ in range(3):
            a, b = run(raw[0].client.get(url)).json(), run(ours[0].client.get(url)).json()
            assert a["rows"] == b["rows"] and a["next_url"] == b["next_url"], (q, url)
            if not a["next_url"]:
                break
            url = a["next_url"].split("://", 1)[-1].split("/", 1)[-1]
            url = "/" + url


def test_counts_from_a_stored_term_only_where_they_are_exact():
    """A truncated stored list gives a value only when no value it left out can reach it."""
    columns = search.TABLE_FACETS
    stored = {column: [[f"v{i:03d}", 1_000 - i] for i in range(search.FACET_VALUES)]
              for column in columns}
    last = stored[columns[0]][-1][1]
    row = tuple("x" for _ in columns)  # a value the lists do not hold
    counted = table_search._counted(stored, [], [row] * 5)
    pairs, exact, complete = counted[columns[0]]
    assert not complete and all(count > last + 5 for _, count in pairs[:exact])
    assert pairs[exact][1] <= last + 5
    # a complete list (fewer values than kept) is exact everywhere
    small = {column: [["a", 3], ["b", 1]] for column in columns}
    counted = table_search._counted(small, [("b",) * len(columns)], [("c",) * len(columns)] * 2)
    assert counted[columns[0]] == ([["a", 3], ["c", 2]], 2, True)
