"""Search at scale (issue 13): the table page's search without suggested facets, counts from the
index, and ``search_top`` (first pages of frequent terms ranked ahead of time) giving exactly the
pages the exact ranking gives. Functional only: speed is measured in bench/search.py and
bench/load.py, never asserted here."""
import asyncio
import shutil
import sqlite3
import urllib.parse

import pytest
import yaml

from bench.search import build_generated_archive
from xxgk.archive import search
from xxgk.serve.server import METADATA, make_datasette

QUERIES = ["年度报告", "政府信息", "信息公开", "行政复议", "主动公开", "商务局", "依申请公开 答复",
           '"政府信息公开"', "量子纠缠", "年度报告 -商务局"]


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    """(plain, topped): the same generated archive of 1,500 reports, the second with
    ``search_top`` for every term in 100 reports or more (table pages from 300)."""
    folder = tmp_path_factory.mktemp("scale")
    plain, topped = folder / "plain.db", folder / "topped.db"
    build_generated_archive(plain, 1_500, seed=5)
    conn = sqlite3.connect(plain)
    conn.execute("update reports set editor = case rowid % 3 when 0 then '甲' when 1 then '乙'"
                 " else '丙' end")  # a column Datasette suggests as a facet
    conn.commit()
    conn.close()
    shutil.copy(plain, topped)
    conn = sqlite3.connect(topped)
    assert search.refresh_search_top(conn, min_docs=100, table_docs=300) > 20
    conn.close()
    return plain, topped


def page(ds, path):
    answer = run(ds.client.get(path))
    assert answer.status_code == 200, (path, answer.text[:500])
    return answer


def table_json(ds, name, q, extra=""):
    return page(ds, f"/{name}/reports.json?_search={urllib.parse.quote(q)}{extra}").json()


def test_a_table_search_suggests_no_facets_and_keeps_the_chosen_ones(archives):
    ds = make_datasette(archives[0])
    plain = page(ds, "/plain/reports.json").json()
    assert "editor" in {s["name"] for s in plain["suggested_facets"]}
    found = table_json(ds, "plain", "行政复议")
    assert found["suggested_facets"] == []
    assert set(found["facet_results"]) == set(search.TABLE_FACETS)
    chosen = table_json(ds, "plain", "行政复议", "&_facet=editor")
    assert set(chosen["facet_results"]) == {*search.TABLE_FACETS, "editor"}
    feed = page(ds, "/plain/reports.atom?_search=" + urllib.parse.quote("行政复议")).text
    assert "_nosuggest" not in feed and "_search=" in feed
    # the plain page after a search still suggests (the setting is per request)
    again = page(ds, "/plain/reports.json").json()
    assert again["suggested_facets"] == plain["suggested_facets"]


def test_counts_agree_with_the_index_and_the_table(archives):
    conn = sqlite3.connect(archives[0])
    search.register_functions(conn)
    for name, path in (("plain", archives[0]), ("topped", archives[1])):
        ds = make_datasette(path)
        for q in QUERIES:
            joined = conn.execute(
                "select count(*) from reports where rowid in (select rowid from reports_fts"
                " where reports_fts match xxgk_match(?))", [q]).fetchone()[0]
            indexed = conn.execute("select count(*) from reports_fts where reports_fts match"
                                   " xxgk_match(?)", [q]).fetchone()[0]
            assert table_json(ds, name, q)["filtered_table_rows_count"] == joined == indexed, (name, q)
            assert sum(search.search_counts(sqlite3.connect(path), search.fts_match(q))) == joined


def test_search_top_gives_the_exact_first_pages(archives):
    plain, topped = (sqlite3.connect(p) for p in archives)
    stored = [q for q in QUERIES if search.lookup_top(topped, search.fts_match(q))]
    assert {"年度报告", "信息公开", "行政复议"} <= set(stored)
    for q in QUERIES:
        for offset in (0, 20, 180, 200):
            for reports_only in (False, True):
                exact = search.search_reports(plain, q, 20, offset, reports_only)
                assert search.search_reports(topped, q, 20, offset, reports_only) == exact, (
                    q, offset, reports_only)
        assert search.search_counts(topped, search.fts_match(q)) == search.search_counts(
            plain, search.fts_match(q))


def test_search_top_gives_the_same_pages_on_the_site(archives):
    ds_plain, ds_topped = make_datasette(archives[0]), make_datasette(archives[1])
    for q in QUERIES:
        for extra in ("", "&_facet_size=5", "&_col=title&_col=published", "&_size=100"):
            a, b = table_json(ds_plain, "plain", q, extra), table_json(ds_topped, "topped", q, extra)
            for key in ("rows", "filtered_table_rows_count", "facet_results", "next"):
                assert str(a[key]).replace("plain", "X") == str(b[key]).replace("topped", "X"), (
                    q, extra, key)
        for args in ("", "&all=1", "&page=2"):
            path = "/-/search?q=" + urllib.parse.quote(q) + args
            a, b = run(ds_plain.client.get(path)), run(ds_topped.client.get(path))
            assert a.status_code == b.status_code and (
                a.text.replace("plain", "X") == b.text.replace("topped", "X")), (q, args)


def test_search_top_is_ignored_once_the_index_changes(tmp_path, archives):
    path = tmp_path / "changed.db"
    shutil.copy(archives[1], path)
    conn = sqlite3.connect(path)
    match = search.fts_match("年度报告")
    assert search.lookup_top(conn, match) is not None
    conn.execute("insert into reports_fts (rowid, title, body, attachments) values"
                 " (999999, '年度 报告 年度报告', '', '')")
    conn.commit()
    assert search.lookup_top(conn, match) is None
    assert sum(search.search_counts(conn, match)) == conn.execute(
        "select count(*) from reports_fts join reports on reports.rowid = reports_fts.rowid"
        " where reports_fts match ?", [match]).fetchone()[0]


def test_search_top_holds_the_frequent_terms_only(archives):
    conn = sqlite3.connect(archives[1])
    docs = conn.execute("select min(docs), count(*), count(newest) from search_top").fetchone()
    assert docs[0] >= 100 and docs[1] > docs[2] > 0
    assert conn.execute("select min(docs) from search_top where newest is not null"
                        ).fetchone()[0] >= 300
    assert search.lookup_top(conn, search.fts_match("量子纠缠")) is None


def test_the_table_facets_and_sort_are_the_metadata_ones():
    table = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["archive"][
        "tables"]["reports"]
    assert tuple(table["facets"]) == search.TABLE_FACETS
    assert table["sort_desc"] == search.TABLE_SORT_DESC


def test_the_remembered_word_runs_are_jiebas_own_runs():
    """segment_for_index cuts each run of word characters on its own and remembers short ones:
    correct only while the runs are exactly those jieba's ``cut`` separates."""
    import jieba

    assert search._WORD_RUN.pattern == jieba.re_han_default.pattern


def test_segmenting_run_by_run_gives_the_whole_text_cut():
    """The index tokens are those of one jieba cut of the whole text, on every fixture page's
    text (tables, line breaks, Latin and digits included)."""
    from xxgk.extract import extract_report
    from xxgk.fixtureweb import catalog

    tokenizer = search._get_tokenizer()
    texts = []
    for fixture in catalog.article_fixtures():
        if fixture.path is not None:
            record = extract_report(fixture.path.read_bytes(), "http://127.0.0.1/" + fixture.url_path)
            texts += [record.title or "", record.body or ""]
    texts.append("阜新市商务局：2023年度报告\n\n第一、（二）ABC-12.5%  行政复议\r\n依申请公开")
    assert len(texts) > 90
    for text in texts:
        whole: list[str] = []
        search._add_tokens(tokenizer, tokenizer.cut(search._normalise(text)), whole)
        while whole and whole[-1] == "\n":
            whole.pop()
        assert search.segment_for_index(text) == " ".join(whole)
