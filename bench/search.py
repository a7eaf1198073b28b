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
    from xxgk.cli.processes import run_crawl, running_fixture_web, scrapy_crawl_command
    from xxgk.crawler.settings import FIXTURE_WEB_SETTINGS

    with running_fixture_web(port=0) as base:
        cmd = scrapy_crawl_command(db_path, settings=FIXTURE_WEB_SETTINGS, log_level="WARNING",
                                   fixture_url=base)
        result = run_crawl(cmd, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"fixture crawl failed: {result.stderr[-2000:]}")


def xxgk_answers(conn, queries) -> dict[str, set[str]]:
    from xxgk.archive.search import register_functions

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


# --- speed on a generated archive ------------------------------------------------------------

BUREAUS = ["商务局", "民政局", "财政局", "教育局", "司法局", "公安局", "统计局", "审计局",
           "人民政府", "人民政府办公室", "生态环境局", "自然资源局", "交通运输局", "农业农村局",
           "市场监督管理局", "卫生健康委员会", "住房和城乡建设局", "应急管理局", "水利局", "文化旅游局"]
REPORT_WORDS = ["行政复议", "行政诉讼", "依申请公开", "主动公开", "不予公开", "部分公开", "政府信息",
                "年度报告", "政策解读", "规范性文件", "收费", "申请", "答复", "政务公开", "政府网站"]


def _vocabulary(tokenizer, size: int, rng: random.Random):
    """(words, weights): the ``size`` most frequent Chinese words of jieba's dictionary,
    weighted by frequency, plus the report vocabulary weighted like common words."""
    from xxgk.archive.search import _HAN_RE

    ranked = sorted(((f, w) for w, f in tokenizer.FREQ.items()
                     if f and len(w) >= 2 and _HAN_RE.match(w)), reverse=True)[:size]
    words = [w for _, w in ranked] + REPORT_WORDS
    weights = [f for f, _ in ranked] + [ranked[200][0]] * len(REPORT_WORDS)
    return words, weights


def build_generated_archive(path, reports: int = 1_000_000, body_words: int = 60,
                            seed: int = 2024) -> dict:
    """An archive of ``reports`` generated reports in the project's own schema
    (``schema.ensure_db_shape``: the table page's facet columns and indexes included) and its
    ``reports_fts``, written with bulk inserts (segmented text straight from the vocabulary's
    precomputed index tokens). One report in ten is a related page (is_report = 0)."""
    import sqlite_utils

    from xxgk.archive.schema import ensure_db_shape
    from xxgk.archive.search import _expand, _get_tokenizer, segment_for_index

    rng = random.Random(seed)
    tokenizer = _get_tokenizer()
    started = time.perf_counter()
    words, weights = _vocabulary(tokenizer, 60_000, rng)
    index_form = [" ".join(_expand(tokenizer, w)) for w in words]
    places = _place_names(tokenizer)
    suffix = segment_for_index("年政府信息公开工作年度报告")
    agency_form = {}
    db = sqlite_utils.Database(path)
    ensure_db_shape(db)
    db.close()
    conn = sqlite3.connect(path)
    conn.executescript("pragma journal_mode = off; pragma synchronous = off;"
                       " pragma cache_size = -400000;")
    cum = list(_accumulate(weights))
    batch = 20_000
    for first in range(0, reports, batch):
        rows, fts = [], []
        for n in range(first, min(first + batch, reports)):
            place, bureau, year = rng.choice(places), rng.choice(BUREAUS), rng.randint(2008, 2023)
            picks = rng.choices(range(len(words)), cum_weights=cum, k=body_words)
            body, segmented = [], []
            for i, k in enumerate(picks):
                body.append(words[k])
                segmented.append(index_form[k])
                if i % 9 == 8:
                    body.append("，" if i % 27 else "。")
                    segmented.append(body[-1])
            agency = f"{place}市{bureau}"
            title = f"{agency}{year}年政府信息公开工作年度报告"
            site = f"gen-{places.index(place) % 500:03d}"
            rows.append((f"{n:016x}", f"http://gen.example/{n}.html", site, title,
                         f"{year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}", year, agency,
                         agency if n % 3 else f"{place}市人民政府办公室", int(n % 10 != 9),
                         f"{place}市", "".join(body), 1, n + 1))
            if agency not in agency_form:
                agency_form[agency] = segment_for_index(agency)
            fts.append((n + 1, f"{agency_form[agency]} {year} {suffix}", " ".join(segmented), ""))
        conn.executemany("insert into reports (id, url, site_id, title, published, report_year,"
                         " agency, source, is_report, region, body, version_count, latest_version_id)"
                         " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("insert into reports_fts (rowid, title, body, attachments)"
                         " values (?, ?, ?, ?)", fts)
    conn.commit()
    conn.execute("insert into reports_fts (reports_fts) values ('optimize')")
    conn.commit()
    conn.close()
    return {"reports": reports, "seconds": time.perf_counter() - started,
            "megabytes": Path(path).stat().st_size / 1e6, "words": words, "places": places}


def _place_names(tokenizer) -> list[str]:
    """Two- and three-character place names (tag ns) of jieba's dictionary."""
    with tokenizer.get_dict_file() as f:
        lines = f.read().decode("utf-8").splitlines()
    names = [parts[0] for parts in (line.split() for line in lines)
             if len(parts) == 3 and parts[2] == "ns" and 2 <= len(parts[0]) <= 3
             and not parts[0].endswith(("市", "县", "区", "省"))]
    return sorted(set(names))[:3000]


def _accumulate(values):
    total = 0
    for v in values:
        total += v
        yield total


def generated_queries(words: list[str], places: list[str], n: int = 200,
                      seed: int = 7) -> list[tuple[str, str]]:
    """(kind, query): common words, report terms, agency names, two words, phrases, rare words,
    nothing-found; the same number of each kind."""
    rng = random.Random(seed)
    common, rare = words[:300], words[20_000:60_000]
    kinds = {
        "common word": lambda: rng.choice(common),
        "report term": lambda: rng.choice(REPORT_WORDS),
        "agency": lambda: rng.choice(places) + "市" + rng.choice(BUREAUS),
        "two words": lambda: rng.choice(REPORT_WORDS) + " " + rng.choice(words[300:5_000]),
        "phrase": lambda: '"' + rng.choice(places) + "市" + rng.choice(BUREAUS)
                          + str(rng.randint(2008, 2023)) + '年"',
        "rare word": lambda: rng.choice(rare),
        "not found": lambda: rng.choice(["量子纠缠", "火星基地", "区块链挖矿", "阜政办〔2099〕99号",
                                         "Zyzzyva"]) + str(rng.randint(1, 9)),
    }
    names = list(kinds)
    return [(names[i % len(names)], kinds[names[i % len(names)]]()) for i in range(n)]


def measure_latency(path, queries) -> dict:
    """Milliseconds per query: the ranked first page with passages, and the match count."""
    from xxgk.archive.search import RANKED_SQL, fts_match, register_functions

    conn = sqlite3.connect(path)
    register_functions(conn)
    ranked, counted, matches = [], [], []
    conn.execute(RANKED_COUNT_SQL, ["商务"]).fetchall()  # warm the page cache a little
    for _, q in queries:
        started = time.perf_counter()
        conn.execute(RANKED_SQL, {"match": fts_match(q), "limit": 20}).fetchall()
        ranked.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        matches.append(conn.execute(RANKED_COUNT_SQL, [q]).fetchone()[0])
        counted.append((time.perf_counter() - started) * 1000)
    conn.close()
    return {"ranked": ranked, "count": counted, "matches": matches}


def _p95(values):
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]


def search_table(reports: int = 1_000_000, figures: dict | None = None) -> list[str]:
    """Markdown lines for docs/benchmarks.md: quality beside plain and trigram FTS5, and
    latency over ``reports`` generated reports."""
    with tempfile.TemporaryDirectory() as tmp:
        fixture = Path(tmp) / "fixture.db"
        crawl_fixture_archive(fixture)
        quality = quality_rows(fixture)
        judged = load_queries()
        lines = [f"Search quality: {len(judged['queries'])} hand-judged queries "
                 "(`tests/data/search_queries.yml`: 2-character words, multi-word terms, agency "
                 "and place names, document numbers, a telephone number, a name, attachment-only "
                 "text, negatives) over the fixture archive; pooled over the queries.", "",
                 "| index | recall | precision | relevant pages | pages found | queries with misses |",
                 "|---|---|---|---|---|---|"]
        for name, s in quality:
            lines.append(f"| {name} | {s['recall']:.3f} | {s['precision']:.3f} | {s['relevant']} "
                         f"| {s['found']} | {len(s['misses'])} |")
        generated = Path(tmp) / "generated.db"
        built = build_generated_archive(generated, reports)
        queries = generated_queries(built["words"], built["places"])
        timing = measure_latency(generated, queries)
        site = site_latency(generated, queries)
    lines += ["", f"Search speed: {built['reports']:,} generated reports (60 words of body each, "
              f"sampled from jieba's dictionary by frequency), built with bulk inserts in "
              f"{built['seconds']:.0f} s ({built['megabytes']:,.0f} MB); {len(queries)} queries "
              "through `xxgk_match`, 7 kinds alike (common word, report term, agency, two words, "
              "phrase, rare word, not found), one connection, warm page cache.", "",
              "| query kind | median matches | ranked page + passages: median ms | p95 ms "
              "| match count: median ms | p95 ms |", "|---|---|---|---|---|---|"]
    kinds = list(dict.fromkeys(k for k, _ in queries)) + ["all"]
    for kind in kinds:
        idx = [i for i, (k, _) in enumerate(queries) if kind in (k, "all")]
        ranked = [timing["ranked"][i] for i in idx]
        counted = [timing["count"][i] for i in idx]
        found = statistics.median(timing["matches"][i] for i in idx)
        lines.append(f"| {kind} | {found:,.0f} | {statistics.median(ranked):.1f} | "
                     f"{_p95(ranked):.1f} | {statistics.median(counted):.1f} | {_p95(counted):.1f} |")
    lines += ["", f"The same queries as a reader gets them, through Datasette in-process "
              f"(configured as `xxgk serve`, response cache off), after `search_top` was "
              f"refreshed as a crawl leaves the archive ({site['refresh_seconds']:.0f} s): the "
              "search page `/-/search?q=` (ranked page, passages, counts) and the reports "
              "table's `?_search=` (rows, counts, the metadata's facets; no suggested facets). "
              "Goals (issue 13): search page p95 ≤ 100 ms, table page p95 ≤ 300 ms.", "",
              "| query kind | search page: median ms | p95 ms | table page: median ms | p95 ms |",
              "|---|---|---|---|---|"]
    if figures is not None:
        figures["search"] = {"reports": built["reports"], "ranked_p95": _p95(site["ranked"]),
                             "table_p95": _p95(site["table"])}
    for kind in kinds:
        idx = [i for i, (k, _) in enumerate(queries) if kind in (k, "all")]
        ranked = [site["ranked"][i] for i in idx]
        table = [site["table"][i] for i in idx]
        lines.append(f"| {kind} | {statistics.median(ranked):.1f} | {_p95(ranked):.1f} | "
                     f"{statistics.median(table):.1f} | {_p95(table):.1f} |")
    return lines


def site_latency(path, queries) -> dict:
    """Milliseconds per query as a reader gets them, through Datasette in-process (configured as
    ``xxgk serve``, after ``refresh_search_top`` as a crawl leaves the archive, response cache
    off): ``/-/search?q=`` (ranked page with passages and counts) and the reports table page
    ``?_search=`` (rows, counts, the metadata's facets)."""
    import asyncio
    import os
    import urllib.parse

    from xxgk.archive.search import refresh_search_top
    from xxgk.serve.server import make_datasette

    conn = sqlite3.connect(path)
    started = time.perf_counter()
    refresh_search_top(conn)
    refreshed = time.perf_counter() - started
    conn.close()
    os.environ["XXGK_RESPONSE_CACHE"] = "0"
    try:
        ds = make_datasette(path)
        name = Path(path).stem

        async def timed(url):
            started = time.perf_counter()
            answer = await ds.client.get(url)
            assert answer.status_code == 200, (url, answer.status_code)
            return (time.perf_counter() - started) * 1000

        async def measure():
            await timed("/-/search?q=" + urllib.parse.quote("商务"))  # warm
            ranked, table = [], []
            for _, q in queries:
                ranked.append(await timed("/-/search?q=" + urllib.parse.quote(q)))
                table.append(await timed(f"/{name}/reports?_search=" + urllib.parse.quote(q)))
            return ranked, table

        ranked, table = asyncio.run(measure())
    finally:
        os.environ.pop("XXGK_RESPONSE_CACHE", None)
    return {"ranked": ranked, "table": table, "refresh_seconds": refreshed}
