"""Search quality on the fixture archive: the hand-judged queries of tests/data/search_queries.yml
(bench/search.py measures the same set beside plain and trigram FTS5 for docs/benchmarks.md)."""
import re
import sqlite3

import pytest

from xxgk.archive.search import _normalise, search_reports
from xxgk.serve.server import make_datasette
from bench.search import load_queries, score, url_path, xxgk_answers

JUDGED = load_queries()
QUERIES = [entry["q"] for entry in JUDGED["queries"]]


@pytest.fixture(scope="module")
def archive(fixture_archive):
    """Every registry fixture site crawled from the pristine fixture web, as bench/search.py's
    crawl_fixture_archive does (the session's fixture archive: read only)."""
    return fixture_archive


@pytest.fixture(scope="module")
def conn(archive):
    connection = sqlite3.connect(archive)
    yield connection
    connection.close()


def stored(conn):
    return {url_path(r[0]) for r in conn.execute("select url from reports")}


def test_the_query_set():
    kinds = " ".join(entry["kind"] for entry in JUDGED["queries"])
    assert len(QUERIES) >= 30 and len(set(QUERIES)) == len(QUERIES)
    for kind in ["two-character", "multi-word", "agency", "place", "document number",
                 "name", "attachment text only", "negative"]:
        assert kind in kinds, kind
    assert {"商务", "复议", "诉讼", "公开", "申请", "收费", "行政复议", "依申请公开", "年度报告",
            "主动公开"} <= set(QUERIES)


def test_recall_and_precision(conn):
    result = score(xxgk_answers(conn, QUERIES), JUDGED, stored(conn))
    assert result["relevant"] > 300  # the judged pages are (still) in the fixture archive
    assert result["recall"] >= 0.95, result["misses"]
    assert result["precision"] >= 0.9, result["extras"]


def test_table_search_gives_the_same_answers(archive, conn):
    import asyncio

    ds = make_datasette(archive)
    expected = xxgk_answers(conn, QUERIES)
    for query in ["阜政办〔2017〕32号", '"阜政办〔2017〕53号"', "李婧", "Qingshui County", "南县",
                  "行政复议 疫情", "开工"]:
        response = asyncio.run(ds.client.get(
            "/archive/reports.json", params={"_search": query, "_shape": "objects",
                                             "_size": "max", "_col": "url"}))
        assert response.status_code == 200, response.text
        assert {url_path(r["url"]) for r in response.json()["rows"]} == expected[query], query


def _plain(text):
    return re.sub(r"\s+", "", _normalise(text or ""))


@pytest.mark.parametrize("query", [e["q"] for e in JUDGED["queries"] if e["relevant"]])
def test_passages_quote_the_page_with_the_hits_marked(conn, query):
    from xxgk.archive.search import register_functions

    register_functions(conn)
    results = search_reports(conn, query, limit=5)
    assert results, query
    for row in results:
        passage = row["passage"]
        assert "⟦" in passage and "⟧" in passage, (query, passage)
        quoted = _plain(passage.replace("⟦", "").replace("⟧", "")).strip("…")
        page = _plain(row["title"]) + "|" + _plain(row["body"]) + "|" + _plain(
            row["attachment_text"])
        assert all(part in page for part in quoted.split("…")), (query, passage)


def test_ranking_puts_title_matches_first(conn):
    results = search_reports(conn, "商务", limit=50)
    in_title = ["商务" in r["title"] for r in results]
    assert in_title == sorted(in_title, reverse=True)
    assert search_reports(conn, "阜新市商务局2017年")[0]["title"].startswith("阜新市商务局2017年")


def test_normalise_folds_every_character_as_nfkc_does_one_at_a_time():
    """The translate table folds each character of every plane exactly as NFKC of that
    character alone, keeping it when the fold is no letter or digit (issue 13: the cheaper
    fold reads what the per-character one read)."""
    import sys
    import unicodedata

    def by_hand(text):
        out = []
        for ch in text:
            folded = unicodedata.normalize("NFKC", ch)
            out.append(folded if any(c.isalnum() for c in folded) else ch)
        return "".join(out)

    chars = [chr(o) for o in range(0x80, sys.maxunicode + 1) if not 0xD800 <= o <= 0xDFFF]
    text = "年" + "".join(chars)  # not NFKC-normalised: the table is used, not the shortcut
    assert _normalise(text) == by_hand(text)
    assert _normalise("２０２３年，ＡＢＣ（一）①") == "2023年，ABC（一）1"
