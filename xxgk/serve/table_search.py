"""The reports table page's full-text search (``?_search=``) at a million reports.

Datasette runs a table search as separate statements, each repeating the full-text match over
every matching row: the page's rows (sorted by ``published``), the count, and one statement per
facet. For a common word that is most of the archive, each takes most of a second. The plugin
gives each database an ``execute`` that answers three of them, when the search is the page's
only filter, from what the archive already knows:

* the count comes from the search index itself (``reports_fts``; its rowids are the reports'
  rowids, archive/store.py keeps both in step), or from ``search_top`` for a frequent term;
* the first rows and the facet counts of a frequent term come from ``search_top``
  (archive/search.py ``refresh_search_top``), read back in the order Datasette's own statement
  gives (``published`` descending, ties by rowid; facets by count, then value);
* the first rows of any other large match are found by walking the reports newest first (the
  ``published`` index) and testing each against the match, within a window of the newest
  reports that ends at a whole date: every report of the window is tested, so the first rows
  found are the match's first rows, exactly; too few in the window, and Datasette's statement
  runs (``newest_rows``);
* the facet counts of any other match: from a frequent term of the query whose counts are
  stored (``search_top``), corrected by the few reports in one and not the other (``S NOT M``
  and ``M NOT S``, found by the index: counts(M) = counts(S) - counts(S NOT M) +
  counts(M NOT S)), when those are fewer than half the match; else, on an immutable database,
  counted in one pass over the matching reports for all the metadata's facets at once instead
  of one statement each (``facet_counts``). A value is given only where its count is known exactly: the stored
  counts keep the FACET_VALUES commonest values, so a value of a truncated list stands only
  when it beats every value the list left out could reach.

Every other statement (other filters, other sorts, later pages, ``?_facet=`` on other columns,
``?_searchmode=raw``) runs as Datasette wrote it. Nothing here changes which rows a page shows.
For an immutable database (``xxgk serve``) what is found for a match is kept (a bounded cache).
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter, OrderedDict

from datasette.database import QueryInterrupted

from xxgk.archive import search

_MATCH = (r"from reports where rowid in \(select rowid from reports_fts where reports_fts"
          r" match escape_fts\(:search\)\)")
COUNT_RE = re.compile(r"select count\(\*\) " + _MATCH + r"\s*")
ROWS_RE = re.compile(r"select (?P<columns>[^()]+) " + _MATCH
                     + rf" order by {search.TABLE_SORT_DESC} desc limit (?P<limit>\d+)")
FACET_RE = re.compile(r"\s*select (?P<column>\w+) as value, count\(\*\) as count from \(\s*"
                      r"select [^()]+ " + _MATCH + r"\s*\)\s*where (?P=column) is not null\s*"
                      r"group by (?P=column) order by count desc, value limit (?P<limit>\d+)\s*")
COUNT_FROM_INDEX = "select count(*) from reports_fts where reports_fts match escape_fts(:search)"
STORED_COUNT = "select :xxgk_count"
STORED_ROWS = ("select {columns} from reports where rowid in (select value from"
               f" json_each(:xxgk_rows)) order by {search.TABLE_SORT_DESC} desc, rowid"
               " limit {limit}")
STORED_FACET = ("select json_extract(value, '$[0]') as value, json_extract(value, '$[1]') as"
                " count from json_each(:xxgk_facet) order by key limit :xxgk_limit")
_CACHE_SIZE = 512
_FACETS_KEPT = 64  # facet counts of this many matches (a facet may have thousands of values)
_MATCHING = "rowid in (select rowid from reports_fts where reports_fts match :match limit :cap)"
MATCH_COUNT = "select count(*) from reports_fts where reports_fts match :match"
TABLE_SIZE = "select max(rowid) from reports"  # an estimate of the reports, for the walk's window
# The first :limit matches among the reports dated on or after the :offset-th newest one's date
# (a whole number of dates, so every report sorting before the last one found is tested).
NEWEST_SQL = f"""
select rowid from reports
where {search.TABLE_SORT_DESC} >= (select {search.TABLE_SORT_DESC} from reports
                                   order by {search.TABLE_SORT_DESC} desc limit 1 offset :offset)
  and exists (select 1 from reports_fts where reports_fts match :match
              and reports_fts.rowid = reports.rowid)
order by {search.TABLE_SORT_DESC} desc, rowid limit :limit
"""
FACET_ROWS = f"select {', '.join(search.TABLE_FACETS)} from reports where {_MATCHING}"
_QUOTED = re.compile(r'"(?:[^"]|"")*"')
# Measured (200,000 and 1,000,000 generated reports): testing one report against a match of one
# word costs ~2.5x what Datasette's statement spends per matching report (it reads and sorts
# every one), and more with each word of the match, so the walk is taken when its expected tests
# (limit x reports / matches) cost less than that.
WALK_COST = 2.5
WINDOW = 4  # the walk's window: this many times the expected tests (then Datasette's statement)
FACETS_DIRECT_MIN = 1_000  # fewer matches: Datasette's facet statements are cheap enough
FACETS_DIRECT_MAX = 200_000  # more (~1 s of counting, no stored term to start from): Datasette's


def install(datasette) -> None:
    """Give every database of ``datasette`` the table-search ``execute`` (once each)."""
    for db in datasette.databases.values():
        if not getattr(db.execute, "xxgk_table_search", False):
            db.execute = searching_execute(db, db.execute)


class Answers:
    """What one database knows of a match: its ``search_top`` row, count, first rows and facet
    counts, computed through Datasette's ``execute`` / ``execute_fn`` and kept (LRU) while the
    database is immutable."""

    def __init__(self, db, execute):
        self.db, self.execute = db, execute
        self.kept = {"facets": OrderedDict(), "other": OrderedDict()}

    async def remember(self, key, compute):
        kept = self.kept["facets" if key[0] == "facets" else "other"]
        if not self.db.is_mutable and key in kept:
            kept.move_to_end(key)
            return kept[key]
        found = await compute()
        if not self.db.is_mutable:
            kept[key] = found
            while len(kept) > (_FACETS_KEPT if key[0] == "facets" else _CACHE_SIZE):
                kept.popitem(last=False)
        return found

    async def top(self, match):
        return await self.remember(("top", match), lambda: stored_top(self.execute, match))

    async def count(self, match) -> int:
        async def compute():
            found = await self.top(match)
            if found:
                return found[0] + found[1]
            return (await self.execute(MATCH_COUNT, {"match": match})).first()[0]

        return await self.remember(("count", match), compute)

    async def size(self) -> int:
        async def compute():
            return (await self.execute(TABLE_SIZE)).first()[0] or 0

        return await self.remember(("size",), compute)

    async def newest_rows(self, match, limit: int) -> list | None:
        """The rowids of the first ``limit`` matches in the table's order (``published``
        descending, ties by rowid), found by the walk when it is the cheaper way; else None."""
        matches = await self.count(match)
        if matches < limit:
            return None
        expected = limit * await self.size() / matches
        if expected * WALK_COST * len(_QUOTED.findall(match)) >= matches:
            return None

        async def compute():
            try:
                rows = (await self.execute(NEWEST_SQL, {
                    "match": match, "limit": limit, "offset": int(WINDOW * expected) + limit})).rows
            except (sqlite3.Error, QueryInterrupted):
                return None
            return [row[0] for row in rows] if len(rows) == limit else None

        return await self.remember(("newest", match, limit), compute)

    async def facet_counts(self, match) -> dict | None:
        """{column: (pairs, exact, complete)} for the metadata's facets of ``match``: pairs
        [[value, count], …] in Datasette's order, of which the first ``exact`` are certain
        (all of them when ``complete``); None when Datasette's statements should count."""
        return await self.remember(("facets", match), lambda: self._facet_counts(match))

    async def _facet_counts(self, match):
        matches = await self.count(match)
        if matches < FACETS_DIRECT_MIN:
            return None
        counted = await self._from_stored_term(match, matches)
        # one pass for all facets pays only when kept for the other four (immutable database)
        if counted is None and matches <= FACETS_DIRECT_MAX and not self.db.is_mutable:
            rows = await self._facet_rows(match, -1)
            counted = _counted({}, [], rows) if rows is not None else None
        return counted

    async def _from_stored_term(self, match, matches):
        """The counts of ``match`` from those stored for a term S of its query (the one whose
        count is nearest), when S and the match differ by fewer reports than half the match."""
        stored = []
        for term in dict.fromkeys(_QUOTED.findall(match)):
            found = await self.top(term)
            if found and found[5] is not None:
                stored.append((abs(found[0] + found[1] - matches), term, found))
        if not stored:
            return None
        distance, term, found = min(stored)
        budget = matches // 2
        if distance >= budget:
            return None
        minus = await self._facet_rows(f"({term}) NOT ({match})", budget + 1)
        plus = await self._facet_rows(f"({match}) NOT ({term})", budget + 1)
        if minus is None or plus is None or len(minus) + len(plus) > budget:
            return None
        return _counted(json.loads(found[5]), minus, plus)

    async def _facet_rows(self, match, cap: int) -> list | None:
        def fetch(conn):
            return conn.execute(FACET_ROWS, {"match": match, "cap": cap}).fetchall()

        try:
            return await self.db.execute_fn(fetch)
        except sqlite3.Error:  # e.g. a match this cannot combine: Datasette's statements count
            return None


def _counted(stored: dict, minus: list, plus: list) -> dict | None:
    """counts = stored - minus + plus, per facet column (``Answers.facet_counts``' form).
    ``stored`` {column: [[value, count], …]} holds at most FACET_VALUES values, commonest
    first: a list that long may have left values out, each counted at most as its last one."""
    counted = {}
    for i, column in enumerate(search.TABLE_FACETS):
        values = stored.get(column, [])
        complete = len(values) < search.FACET_VALUES
        known = {value: count for value, count in values}
        other = Counter()  # values the stored list does not hold: their change only
        for rows, step in ((minus, -1), (plus, 1)):
            for row in rows:
                value = row[i]
                if value is None:
                    continue
                if isinstance(value, bytes):
                    return None  # cannot pass through JSON: Datasette's statements count
                if value in known:
                    known[value] += step
                else:
                    other[value] += step
        if complete:
            known.update(other)
            bound = 0
        else:
            bound = values[-1][1] + max([0, *other.values()])
        pairs = sorted(([value, count] for value, count in known.items() if count > 0),
                       key=search._facet_order)
        exact = len(pairs) if complete else next(
            (n for n, (_, count) in enumerate(pairs) if count <= bound), len(pairs))
        counted[column] = (pairs, exact, complete)
    return counted


def searching_execute(db, execute):
    answers = Answers(db, execute)

    async def table_search_execute(sql, params=None, *args, **kwargs):
        if isinstance(params, dict) and set(params) == {"search"} and _MATCH_TEXT in sql:
            sql, params = await rewrite(sql, params, answers)
        return await execute(sql, params, *args, **kwargs)

    table_search_execute.xxgk_table_search = True
    return table_search_execute


async def stored_top(execute, match: str) -> tuple | None:
    """The ``search_top`` row of ``match`` (archive/search.py ``SEARCH_TOP_LOOKUP_SQL``: stored
    and still valid) through a Datasette ``execute``, or None; the /-/search page and the table
    search both read it here."""
    if not (await execute("select 1 from sqlite_master where name = 'search_top'")).rows:
        return None
    found = (await execute(search.SEARCH_TOP_LOOKUP_SQL, {"match": match})).first()
    return tuple(found) if found else None


_MATCH_TEXT = "reports_fts match escape_fts(:search)"


async def rewrite(sql: str, params: dict, answers: Answers) -> tuple[str, dict]:
    """(sql, params) answering Datasette's statement ``sql`` of a reports search, or the
    statement itself when it is not one of those above."""
    count, rows, facet = COUNT_RE.fullmatch(sql), ROWS_RE.fullmatch(sql), FACET_RE.fullmatch(sql)
    if not (count or rows or facet):
        return sql, params
    try:
        match = search.fts_match(params["search"])
    except search.QueryError:
        return sql, params
    if match == '""':
        return (COUNT_FROM_INDEX, params) if count else (sql, params)
    if count:
        return STORED_COUNT, {"xxgk_count": await answers.count(match)}
    found = await answers.top(match)
    limit = int((rows or facet)["limit"])
    if rows:
        newest = json.loads(found[4]) if found and found[4] is not None else None
        if newest is None or (limit > len(newest) and len(newest) < found[0] + found[1]):
            newest = await answers.newest_rows(match, limit)
        if newest is None:
            return sql, params
        return STORED_ROWS.format(columns=rows["columns"], limit=limit), {
            "xxgk_rows": json.dumps(newest[:limit])}
    values = json.loads(found[5]).get(facet["column"]) if found and found[5] is not None else None
    if values is None or limit > len(values) == search.FACET_VALUES:
        counted = await answers.facet_counts(match) if facet["column"] in search.TABLE_FACETS else None
        pairs, exact, complete = (counted or {}).get(facet["column"], (None, 0, False))
        if pairs is None or (limit > exact and not complete):
            return sql, params
        values = pairs
    return STORED_FACET, {"xxgk_facet": json.dumps(values[:limit], ensure_ascii=False),
                          "xxgk_limit": limit}
