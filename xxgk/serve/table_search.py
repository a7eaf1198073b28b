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
  gives (``published`` descending, ties by rowid; facets by count, then value).

Every other statement (other filters, other sorts, later pages, ``?_facet=`` on other columns,
``?_searchmode=raw``) runs as Datasette wrote it. Nothing here changes which rows a page shows.
"""
from __future__ import annotations

import json
import re
from collections import OrderedDict

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


def install(datasette) -> None:
    """Give every database of ``datasette`` the table-search ``execute`` (once each)."""
    for db in datasette.databases.values():
        if not getattr(db.execute, "xxgk_table_search", False):
            db.execute = searching_execute(db, db.execute)


def searching_execute(db, execute):
    stored = OrderedDict()  # match -> search_top row, for an immutable database

    async def lookup(match):
        if not db.is_mutable and match in stored:
            stored.move_to_end(match)
            return stored[match]
        found = await stored_top(execute, match)
        if not db.is_mutable:
            stored[match] = found
            while len(stored) > _CACHE_SIZE:
                stored.popitem(last=False)
        return found

    async def table_search_execute(sql, params=None, *args, **kwargs):
        if isinstance(params, dict) and set(params) == {"search"} and _MATCH_TEXT in sql:
            sql, params = await rewrite(sql, params, lookup)
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


async def rewrite(sql: str, params: dict, lookup) -> tuple[str, dict]:
    """(sql, params) answering Datasette's statement ``sql`` of a reports search, or the
    statement itself when it is not one of those above."""
    count, rows, facet = COUNT_RE.fullmatch(sql), ROWS_RE.fullmatch(sql), FACET_RE.fullmatch(sql)
    if not (count or rows or facet):
        return sql, params
    try:
        match = search.fts_match(params["search"])
    except search.QueryError:
        return sql, params
    found = await lookup(match) if match != '""' else None
    if count:
        if found:
            return STORED_COUNT, {"xxgk_count": found[0] + found[1]}
        return COUNT_FROM_INDEX, params
    if found is None or found[4] is None:
        return sql, params
    total = found[0] + found[1]
    if rows:
        newest, limit = json.loads(found[4]), int(rows["limit"])
        if limit > len(newest) and len(newest) < total:
            return sql, params
        return STORED_ROWS.format(columns=rows["columns"], limit=limit), {
            "xxgk_rows": json.dumps(newest[:limit])}
    values = json.loads(found[5]).get(facet["column"])
    limit = int(facet["limit"])
    if values is None or limit > len(values) == search.FACET_VALUES:
        return sql, params
    return STORED_FACET, {"xxgk_facet": json.dumps(values, ensure_ascii=False),
                          "xxgk_limit": limit}
