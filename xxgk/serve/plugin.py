"""Datasette plugin: Chinese full-text search on the archive (registered as ``xxgk``).

Datasette's search (``?_search=`` and ``?_search_<column>=``, the table page's search box) runs
``... where reports_fts match escape_fts(:search)``. The index holds jieba-segmented text
(archive/search.py), so the query must be segmented the same way before it is quoted: we replace
the ``escape_fts`` SQL function with one that segments first. Datasette still shows the user's
own words in the search box and in "search matches …". ``trylast`` makes this hook run after
Datasette's own ``prepare_connection`` (which registers the original ``escape_fts``).

SQL functions for canned queries: ``xxgk_match(q)`` (the MATCH expression for a user's query),
``xxgk_unsegment(text)`` (segmented text or a snippet back to readable Chinese),
``jieba_segment(text)`` (text as the index holds it). ``?_searchmode=raw`` bypasses
``escape_fts``: a raw query must already be segmented.

Datasette 0.65 orders a table search by the table's sort (``published``), not by relevance, and
no hook can change a table page's ORDER BY. So relevance lives elsewhere: the ``search`` canned
query (metadata.yml) and the one search box at ``/-/search`` rank by BM25 (title ten
times the body) and show the matching passage; a reports search on the table page links to
both. Cells holding ⟦…⟧ hit markers are shown with ``<mark>``, everything else escaped.
"""
from __future__ import annotations

import json
import sqlite3
import weakref
from urllib.parse import urlencode

from datasette import Forbidden, hookimpl
from datasette.utils import detect_fts, escape_sqlite
from markupsafe import Markup, escape

from xxgk.archive import search
from importlib.resources import files

RESULTS = 20  # ranked reports on /-/search
_TEMPLATE = files("xxgk.serve") / "templates" / "xxgk_search.html"


@hookimpl
def startup(datasette):
    """Load the dictionaries (~1 s) before the first search, not inside its SQL time limit."""

    async def inner():
        import asyncio

        await asyncio.get_running_loop().run_in_executor(None, search.segment_for_index, "预热")

    return inner


@hookimpl(trylast=True)
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, search.fts_match, deterministic=True)
    search.register_functions(conn)
    limit_memory(conn)


# A public SQL box must not let one query take the server's memory (``zeroblob(1e9)``,
# ``printf('%.*c', 1e9, 'x')``, ``group_concat`` over a recursive CTE, a thousand rows of 30 MB
# blobs …). Three bounds, each an error page for that query only:
# - no value over MAX_VALUE_BYTES ("string or blob too big"). Every stored value is far below
#   it: pages are at most 10 MB (DOWNLOAD_MAXSIZE), attachment text at most 1M characters;
# - no more than SQLITE_HEAP_LIMIT of SQLite memory in the process ("out of memory"): one wide
#   row of big values, sorts, CTEs;
# - no result over MAX_RESULT_BYTES in total (the rows Datasette fetches into Python).
MAX_VALUE_BYTES = 32 * 1024 * 1024
SQLITE_HEAP_LIMIT = 256 * 1024 * 1024
MAX_RESULT_BYTES = 128 * 1024 * 1024
_result_bytes = weakref.WeakKeyDictionary()  # cursor -> bytes (characters) fetched so far


def limit_memory(conn) -> None:
    """Apply the three bounds above to a Datasette connection (after Datasette has set its
    ``sqlite3.Row`` row factory)."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.execute(f"PRAGMA hard_heap_limit = {SQLITE_HEAP_LIMIT}")
    conn.row_factory = _bounded_row


def _bounded_row(cursor, row):
    size = sum(len(value) if isinstance(value, (str, bytes)) else 8 for value in row)
    total = _result_bytes.get(cursor, 0) + size
    if total > MAX_RESULT_BYTES:
        raise sqlite3.OperationalError(
            f"query result over {MAX_RESULT_BYTES >> 20} MB: select fewer rows or columns, or "
            "shorter values (length(), substr())")
    _result_bytes[cursor] = total
    return sqlite3.Row(cursor, row)


def marks_html(value: str) -> Markup:
    """``…⟦商务⟧局…`` -> ``…<mark>商务</mark>局…``; every other character is escaped, so stored
    text never becomes live HTML. Unbalanced markers are closed or ignored."""
    out, inside, start = [], False, 0
    for i, ch in enumerate(value + search.MARK_OPEN):  # a sentinel flushes the tail
        if ch not in (search.MARK_OPEN, search.MARK_CLOSE):
            continue
        out.append(str(escape(value[start:i])))
        start = i + 1
        if i == len(value):
            break
        if ch == search.MARK_OPEN and not inside:
            out.append("<mark>")
            inside = True
        elif ch == search.MARK_CLOSE and inside:
            out.append("</mark>")
            inside = False
    if inside:
        out.append("</mark>")
    return Markup("".join(out))


@hookimpl
def render_cell(value):
    if isinstance(value, str) and search.MARK_OPEN in value:
        return marks_html(value)
    return None


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/search"), "label": "Search all tables 全文搜索"}]


@hookimpl
def extra_body_script(view_name, table, database, request, datasette):
    """On a reports table search: a link to the same search ranked, with passages."""
    q = request.args.get("_search") if request is not None else None
    if view_name != "table" or table != "reports" or not q:
        return None
    links = [(datasette.urls.path("/-/search?" + urlencode({"q": q})),
              "Ranked results with passages 按相关度排序并显示匹配段落")]
    if "search" in (datasette.metadata("queries", database=database) or {}):
        links.append((datasette.urls.database(database) + "/search?" + urlencode({"q": q}),
                      "Ranked, filter by region/agency/year 可按地区、机关、年度筛选"))
    data = json.dumps(links, ensure_ascii=True).replace("<", "\\u003c")
    return """(function () {
  var form = document.querySelector("form.core") || document.querySelector("h1");
  if (!form) { return; }
  var p = document.createElement("p");
  p.className = "xxgk-ranked";
  %s.forEach(function (link, i) {
    if (i) { p.appendChild(document.createTextNode(" · ")); }
    var a = document.createElement("a");
    a.href = link[0];
    a.textContent = link[1];
    p.appendChild(a);
  });
  form.parentNode.insertBefore(p, form.nextSibling);
})();""" % data


@hookimpl
def register_routes():
    return [(r"^/-/search$", search_page)]


async def search_page(datasette, request):
    """One search box over every searchable table: reports ranked with passages, and for any
    other table with a full-text index its number of matches and a link."""
    q = (request.args.get("q") or "").strip()
    sections = []
    for database, table, fts_table in await _searchable_tables(datasette, request):
        if q:
            sections.append(await _search_table(datasette, database, table, fts_table, q))
    html = _TEMPLATE.read_text(encoding="utf-8")
    return await _respond(datasette, request, html, {"q": q, "sections": sections})


async def _respond(datasette, request, html, context):
    from datasette.utils.asgi import Response

    template = datasette.jinja_env.from_string(html)
    return Response.html(await datasette.render_template(template, context, request=request))


async def _searchable_tables(datasette, request) -> list[tuple[str, str, str]]:
    """(database, table, fts table) for every table the actor may see that is searchable by
    metadata (``fts_table``, how reports is) or by Datasette's own detection."""
    found = []
    for name, db in datasette.databases.items():
        hidden = set(await db.hidden_table_names())
        for table in await db.table_names():
            if table in hidden:
                continue
            fts = datasette.table_metadata(name, table).get("fts_table")
            fts = fts or await db.execute_fn(lambda conn, t=table: detect_fts(conn, t))
            if not fts:
                continue
            try:
                await datasette.ensure_permissions(request.actor, [
                    ("view-table", (name, table)), ("view-database", name), "view-instance"])
            except Forbidden:
                continue
            found.append((name, table, fts))
    return found


async def _search_table(datasette, database, table, fts_table, q) -> dict:
    db = datasette.get_database(database)
    fts_pk = datasette.table_metadata(database, table).get("fts_pk") or "rowid"
    where = (f"{escape_sqlite(fts_pk)} in (select rowid from {escape_sqlite(fts_table)}"
             f" where {escape_sqlite(fts_table)} match escape_fts(:q))")
    count = (await db.execute(f"select count(*) from {escape_sqlite(table)} where {where}",
                              {"q": q})).rows[0][0]
    section = {"database": database, "table": table, "count": count, "rows": [],
               "table_url": datasette.urls.table(database, table) + "?" + urlencode({"_search": q})}
    if fts_table == "reports_fts" and count:
        rows = (await db.execute(search.RANKED_SQL, {"match": search.fts_match(q),
                                                     "limit": RESULTS})).rows
        section["rows"] = [{
            "title": row["title"] or row["url"], "url": row["url"],
            "row_url": datasette.urls.row(database, table, row["id"]),
            "meta": " · ".join(str(v) for v in (row["agency"], row["published"]) if v),
            "passage": marks_html(row["passage"] or ""),
        } for row in rows]
        if "search" in (datasette.metadata("queries", database=database) or {}):
            section["query_url"] = (datasette.urls.database(database) + "/search?"
                                    + urlencode({"q": q}))
    return section
