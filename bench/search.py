"""Search quality and speed (`search_table()` -> docs/benchmarks.md lines).

Quality: the hand-judged queries of ``tests/data/search_queries.yml`` over the fixture archive
(the fixture web crawled into a temporary file), answered by three indexes of the same reports:
ours (jieba-segmented text, ``xxgk_match``), FTS5's default ``unicode61`` tokenizer over the text
as printed, and FTS5 ``trigram`` over the same. Recall and precision are pooled over the queries
(found relevant / all relevant; found relevant / all found); pages not judged are ignored.

Speed: a generated archive of 1,000,000 reports (titles from agency names and years, bodies of
words sampled from jieba's dictionary by frequency plus the report vocabulary), indexed the way
the archive indexes them, then mixed queries through ``xxgk_match``: the ranked first page with
passages (the ``/-/search`` page and the ``search`` canned query) and the match count that the
table page's search shows.
"""
from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import yaml

QUERIES = Path(__file__).resolve().parents[1] / "tests" / "data" / "search_queries.yml"
RANKED_COUNT_SQL = "select count(*) from reports_fts where reports_fts match xxgk_match(?)"


def load_queries(path=QUERIES) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def url_path(url: str) -> str:
    """``http://127.0.0.1:PORT/fuxin-swj/…`` -> ``/fuxin-swj/…`` (the form the answers use)."""
    return "/" + url.split("://", 1)[-1].split("/", 1)[-1]


def score(found_by_query: dict[str, set[str]], judged: dict, stored: set[str]) -> dict:
    """Pooled recall and precision of ``found_by_query`` (query -> URL paths) against the
    answers; only judged pages that are stored count. Also the per-query misses and extras."""
    pool = set(judged["judged"]) & stored
    hits = relevant_total = found_total = 0
    misses, extras = {}, {}
    for entry in judged["queries"]:
        relevant = set(entry["relevant"]) & pool
        found = found_by_query[entry["q"]] & pool
        hits += len(found & relevant)
        relevant_total += len(relevant)
        found_total += len(found)
        if relevant - found:
            misses[entry["q"]] = sorted(relevant - found)
        if found - relevant:
            extras[entry["q"]] = sorted(found - relevant)
    return {"recall": hits / relevant_total if relevant_total else 1.0,
            "precision": hits / found_total if found_total else 1.0,
            "relevant": relevant_total, "found": found_total, "misses": misses, "extras": extras}


def crawl_fixture_archive(db_path) -> None:
    """Every registry fixture site, crawled from a fresh fixture web into ``db_path``."""
    from archive.processes import run_crawl, running_fixture_web, scrapy_crawl_command
    from crawler.settings import FIXTURE_WEB_SETTINGS

    with running_fixture_web(port=0) as base:
        cmd = scrapy_crawl_command(db_path, settings=FIXTURE_WEB_SETTINGS, log_level="WARNING",
                                   fixture_url=base)
        result = run_crawl(cmd, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"fixture crawl failed: {result.stderr[-2000:]}")


def xxgk_answers(conn, queries) -> dict[str, set[str]]:
    from archive.search import register_functions

    register_functions(conn)
    sql = ("select reports.url from reports_fts join reports on reports.rowid = reports_fts.rowid"
           " where reports_fts match xxgk_match(?)")
    return {q: {url_path(r[0]) for r in conn.execute(sql, [q])} for q in queries}


def fts5_answers(conn, queries, tokenize: str) -> dict[str, set[str]]:
    """Answers of a plain FTS5 table (``tokenize``) over the unsegmented text, queried the way
    Datasette escapes a search: each whitespace-separated term quoted, ANDed."""
    name = "plain_" + tokenize.split()[0]
    conn.execute(f"create virtual table {name} using fts5(title, body, attachments,"
                 f" tokenize='{tokenize}')")
    conn.execute(f"insert into {name} (rowid, title, body, attachments)"
                 " select rowid, title, body, attachment_text from reports")
    answers = {}
    for q in queries:
        terms = q.replace('"', " ").split()
        match = " ".join('"' + t.replace('"', '""') + '"' for t in terms) or '""'
        answers[q] = {url_path(r[0]) for r in conn.execute(
            f"select reports.url from {name} join reports on reports.rowid = {name}.rowid"
            f" where {name} match ?", [match])}
    return answers


def quality_rows(db_path) -> list[tuple[str, dict]]:
    judged = load_queries()
    queries = [e["q"] for e in judged["queries"]]
    conn = sqlite3.connect(db_path)
    stored = {url_path(r[0]) for r in conn.execute("select url from reports")}
    rows = [("xxgk (jieba, this archive)", xxgk_answers(conn, queries)),
            ("FTS5 unicode61 (default)", fts5_answers(conn, queries, "unicode61")),
            ("FTS5 trigram", fts5_answers(conn, queries, "trigram"))]
    conn.close()
    return [(name, score(answers, judged, stored)) for name, answers in rows]
