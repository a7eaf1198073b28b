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

import contextlib
import contextvars
import functools
import json
import sqlite3
import threading
import time
import types
import weakref
from urllib.parse import quote, urlencode

from datasette import Forbidden, hookimpl
from datasette.utils import detect_fts, escape_sqlite, tilde_encode
from markupsafe import Markup, escape

from xxgk.archive import search
from xxgk.serve import cache, stories, table_search
from importlib.resources import files

RESULTS = 20  # ranked reports on /-/search
_TEMPLATE = files("xxgk.serve") / "templates" / "xxgk_search.html"


@hookimpl
def startup(datasette):
    """Load the dictionaries (~1 s) before the first search, not inside its SQL time limit;
    answer the reports table's search statements from the index (table_search.py); no
    pretty traceback per error."""
    table_search.install(datasette)
    _quiet_error_tracebacks()

    async def inner():
        import asyncio

        await asyncio.get_running_loop().run_in_executor(None, search.segment_for_index, "预热")

    return inner


def _quiet_error_tracebacks() -> None:
    """Datasette 0.65's error handler prints every exception, a refused query or a 404 too,
    as a ``rich`` traceback with every frame's local variables whenever ``rich`` is importable
    (py-wacz brings it in): on a public server that is up to a second of the server's time per
    hostile query and the query's text in the log. Datasette has no setting for it; the
    handler looks ``rich`` up in its module, so that is where it is switched off."""
    from datasette import handle_exception

    handle_exception.rich = None


@hookimpl(trylast=True)
def prepare_connection(conn):
    install_deadline()
    conn.create_function("escape_fts", 1, guarded(search.bounded("escape_fts", search.fts_match)),
                         deterministic=True)
    search.register_functions(conn, wrap=guarded)
    # the story functions (functions.py) bound their own input; here they also get the deadline
    for name in ("xxgk_diff", "xxgk_record_changes"):
        function = {"xxgk_diff": stories.text_diff, "xxgk_record_changes": stories.record_changes}
        conn.create_function(name, 2, guarded(function[name]), deterministic=True)
    limit_memory(conn)


# Datasette's time limit is a progress handler run every 1,000 SQLite instructions: a query that
# calls a Python function every few instructions runs hundreds of calls between two checks, and
# one call is a single instruction however long it takes. So each of our functions also checks
# the query's deadline itself (``guarded``): past it, it interrupts the query, which then ends as
# any query over the time limit does ("SQL query took too long").
_query = threading.local()


@contextlib.contextmanager
def _timelimit_with_deadline(conn, ms):
    _query.conn, _query.deadline = conn, time.perf_counter() + ms / 1000
    try:
        with _TIMELIMIT(conn, ms):
            yield
    finally:
        _query.deadline = None


def install_deadline() -> None:
    """Make Datasette's ``sqlite_timelimit`` (0.65: ``datasette.database``) note each query's
    deadline for ``guarded`` functions; done once."""
    global _TIMELIMIT
    import datasette.database as database

    if database.sqlite_timelimit is not _timelimit_with_deadline:
        _TIMELIMIT = database.sqlite_timelimit
        database.sqlite_timelimit = _timelimit_with_deadline


_TIMELIMIT = None


_GATE = threading.Lock()  # one Python SQL function call at a time (see guarded)


def guarded(function):
    """``function`` for Datasette's connections: called after the running query's deadline, it
    interrupts the query instead of running. Calls take turns (``_GATE``): pure-Python work in
    several SQL threads at once holds the GIL so much that every other request's thread waits
    for it at each row it reads; one at a time, a plain page still answers at once. A call waits
    for its turn until its query's deadline at most."""
    @functools.wraps(function)
    def call(*args):
        deadline = getattr(_query, "deadline", None)
        wait = -1 if deadline is None else deadline - time.perf_counter()
        if deadline is not None and wait <= 0 or not _GATE.acquire(timeout=max(wait, -1)):
            _query.conn.interrupt()
            return None
        if _burst.start is None:
            _burst.start = time.perf_counter()
        try:
            return function(*args)
        finally:
            if time.perf_counter() - _burst.start < BURST:
                _GATE.release()
            else:  # pause, holding the gate so that no other call takes the turn: see _burst
                time.sleep(PAUSE)
                _burst.start = None
                _GATE.release()

    return call


# Many short calls (a recursive CTE calling a function 100,000 times) take the GIL back within
# microseconds of each release, before a waiting thread wakes: CPython then never forces a switch
# (the switch count moves), and a plain page's thread waits for the whole query. So after BURST
# seconds of calls, whoever holds the gate sleeps PAUSE seconds, and other threads run.
BURST, PAUSE = 0.004, 0.001  # measured: a plain page beside 3 such queries 2.8 s -> 0.07 s
_burst = types.SimpleNamespace(start=None)  # when the current run of calls began (under _GATE)


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


def _search_args(request) -> list[str]:
    """The table search terms of a request: ``_search`` and ``_search_<column>``."""
    return [value for key in request.args.keys() for value in request.args.getlist(key)
            if key == "_search" or key.startswith("_search_") and key != "_searchmode"]


@hookimpl
def extra_body_script(template, view_name, table, database, request, datasette):
    """On a reports table search: a link to the same search ranked, with passages. On any table
    search or the ``search`` query: what is wrong with a query that cannot be read (it then
    finds nothing, which must not look like an answer)."""
    if request is None:
        return None
    if template == "query.html":  # a canned query (its view_name is "table" too)
        canned = request.url_vars.get("table") == "search"
        note = search.query_problem(request.args.get("q")) if canned else None
    elif view_name == "table" and request.args.get("_searchmode") != "raw":
        note = next(filter(None, map(search.query_problem, _search_args(request))), None)
    else:
        note = None
    q = request.args.get("_search")
    links = []
    if template == "table.html" and table == "reports" and q:
        links.append((datasette.urls.path("/-/search?" + urlencode({"q": q})),
                      "Ranked results with passages 按相关度排序并显示匹配段落"))
        if "search" in (datasette.metadata("queries", database=database) or {}):
            links.append((datasette.urls.database(database) + "/search?" + urlencode({"q": q}),
                          "Ranked, filter by region/agency/year 可按地区、机关、年度筛选"))
    if not links and not note:
        return None
    data = json.dumps({"links": links, "note": note and "This query cannot be read, so nothing "
                       f"was searched 查询语法有误，未执行搜索: {note}"},
                      ensure_ascii=True).replace("<", "\\u003c")
    return """(function () {
  var data = %s;
  var form = document.querySelector("form.core") || document.querySelector("h1");
  if (!form) { return; }
  if (data.note) {
    var note = document.createElement("p");
    note.className = "message-error xxgk-query-error";
    note.textContent = data.note;
    form.parentNode.insertBefore(note, form.nextSibling);
    form = note;
  }
  if (!data.links.length) { return; }
  var p = document.createElement("p");
  p.className = "xxgk-ranked";
  data.links.forEach(function (link, i) {
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
    """One search box over every searchable table: annual reports ranked with passages, page by
    page (``?page=``), the other pages of the reports table (图解, news) with ``?all=1``; for any
    other table with a full-text index its number of matches and a link. A query that cannot be
    read, or is too long, is a 400 saying why."""
    q = (request.args.get("q") or "").strip()
    context = {"q": q, "sections": [], "error": None, "page": 1,
               "all": request.args.get("all") in ("1", "on", "true")}
    status = 200
    try:
        context["page"] = _page_number(request.args.get("page"))
        match = search.parse_query(q) if q else None
    except search.QueryError as error:
        context["error"], status, match = str(error), 400, None
    if match:
        for database, table, fts_table in await _searchable_tables(datasette, request):
            section = await _search_table(datasette, database, table, fts_table, match, context)
            context["sections"].append(section)
            if section.get("page_missing"):
                status = 404
    html = _TEMPLATE.read_text(encoding="utf-8")
    return await _respond(datasette, request, html, context, status)


MAX_PAGE = 10_000


def _page_number(value) -> int:
    if value in (None, ""):
        return 1
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        raise search.QueryError(f"page must be a whole number from 1 to {MAX_PAGE:,}")
    return int(value)


async def _respond(datasette, request, html, context, status=200):
    from datasette.utils.asgi import Response

    template = datasette.jinja_env.from_string(html)
    return Response.html(await datasette.render_template(template, context, request=request),
                         status=status)


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


async def _search_table(datasette, database, table, fts_table, match, context) -> dict:
    db = datasette.get_database(database)
    q = context["q"]
    section = {"database": database, "table": table, "rows": [],
               "table_url": datasette.urls.table(database, table) + "?" + urlencode({"_search": q})}
    if fts_table != "reports_fts":
        fts_pk = datasette.table_metadata(database, table).get("fts_pk") or "rowid"
        sql = (f"select count(*) from {escape_sqlite(table)} where {escape_sqlite(fts_pk)} in "
               f"(select rowid from {escape_sqlite(fts_table)} where {escape_sqlite(fts_table)}"
               " match :match)")
        section["count"] = (await db.execute(sql, {"match": match})).rows[0][0]
        return section
    stored = await table_search.stored_top(db.execute, match)  # a frequent term's first pages
    if stored is None:
        counts = (await db.execute(search.COUNT_SQL, {"match": match})).rows[0]
        reports, others = counts["reports"] or 0, counts["others"] or 0
    else:
        reports, others = stored[0], stored[1]
    total = reports + others if context["all"] else reports
    page, pages = context["page"], max(1, -(-total // RESULTS))
    section.update(count=reports + others, reports=reports, others=others, total=total,
                   first=(page - 1) * RESULTS + 1, last=min(page * RESULTS, total), page=page,
                   pages=pages, page_missing=page > pages)
    if total and not section["page_missing"]:
        offset, reports_only = (page - 1) * RESULTS, not context["all"]
        top = search.stored_page(stored, RESULTS, offset, reports_only)
        if top is None:
            rows = (await db.execute(search.RANKED_PAGE_SQL, {
                "match": match, "limit": RESULTS, "offset": offset,
                "reports_only": int(reports_only)})).rows
        else:
            rows = (await db.execute(search.TOP_PAGE_SQL, {"top": top, "match": match})).rows
        section["rows"] = [_result(datasette, database, table, row) for row in rows]
    section["prev_url"] = _page_url(datasette, q, page - 1, context["all"]) if page > 1 else None
    section["next_url"] = (_page_url(datasette, q, page + 1, context["all"])
                           if page < pages else None)
    section["switch_url"] = _page_url(datasette, q, 1, not context["all"])
    if "search" in (datasette.metadata("queries", database=database) or {}):
        section["query_url"] = (datasette.urls.database(database) + "/search?"
                                + urlencode({"q": q}))
    return section


def _result(datasette, database, table, row) -> dict:
    return {
        "title": row["title"] or row["url"], "url": row["url"],
        "report_url": datasette.urls.database(database) + "/-/report/" + quote(row["id"], safe=""),
        "row_url": datasette.urls.row(database, table, tilde_encode(row["id"])),
        "is_report": row["is_report"] == 1,
        "meta": " · ".join(str(v) for v in (row["agency"], row["published"]) if v),
        "passage": marks_html(row["passage"] or ""),
    }


def _page_url(datasette, q: str, page: int, include_all: bool) -> str:
    params = {"q": q, **({"page": page} if page > 1 else {}), **({"all": 1} if include_all else {})}
    return datasette.urls.path("/-/search?" + urlencode(params))


# --- bounds a page cannot reach itself: too-long table searches, function error messages ------

@hookimpl
def asgi_wrapper(datasette):
    """A table search (``?_search=``) or a ``search`` query too long to segment is a 400 saying
    so before any SQL runs; an SQL error raised by one of our bounded functions names the bound
    (SQLite would only say "user-defined function raised exception")."""

    search_settings(datasette)
    answers = cache.ResponseCache()

    def wrap(app):
        async def bounded_app(scope, receive, send):
            if scope.get("type") != "http":
                return await app(scope, receive, send)
            from datasette.utils.asgi import Request

            request = Request(scope, receive)
            problem = _too_long(request)
            if problem:
                return await _send_400(datasette, request, problem, send)
            if cache.cacheable(scope, datasette):  # an immutable archive's search: see cache.py
                key = answers.key(scope)
                if await answers.send_cached(key, send):
                    return None
                send = answers.recording(key, send)
            explained = _explain_function_errors(request)
            token = _TABLE_SEARCH.set(bool(_search_args(request)))
            try:
                await app(scope, receive, explained(send) if explained else send)
            finally:
                _TABLE_SEARCH.reset(token)

        return bounded_app

    return wrap


# Datasette's settings as a table search (``?_search=``) sees them. Each suggested facet repeats
# the full-text match over every matching row (about a hundred statements per search page): a
# search suggests none. The facets chosen by metadata or ``?_facet=`` are still counted.
# Per request, not in the URL: Datasette builds every link (feeds, next page) from the query
# string, so a ``_nosuggest=1`` added there would show in them.
SEARCH_SETTINGS = {"suggest_facets": False}
_TABLE_SEARCH = contextvars.ContextVar("xxgk_table_search", default=False)


def search_settings(datasette) -> None:
    """Make ``datasette.setting`` answer ``SEARCH_SETTINGS`` during a table search request
    (the ASGI wrapper marks those); done once per instance."""
    setting = datasette.setting
    if getattr(setting, "xxgk_search_settings", False):
        return

    def per_request(key):
        if key in SEARCH_SETTINGS and _TABLE_SEARCH.get():
            return SEARCH_SETTINGS[key]
        return setting(key)

    per_request.xxgk_search_settings = True
    datasette.setting = per_request


def _too_long(request) -> str | None:
    values = _search_args(request)
    last = request.path.rstrip("/").rsplit("/", 1)[-1]
    if last in ("search", "search.json", "search.atom") and request.path != "/-/search":
        values.append(request.args.get("q") or "")  # the search query (/-/search says it itself)
    return next(filter(None, map(search.query_too_long, values)), None)


async def _send_400(datasette, request, message, send):
    from datasette.utils.asgi import Response

    if request.path.endswith(".json"):
        response = Response.json({"ok": False, "error": message, "status": 400}, status=400)
    else:
        html = await datasette.render_template(
            "error.html", {"ok": False, "error": message, "status": 400, "title": "Query too long"})
        response = Response.html(html, status=400)
    await response.asgi_send(send)


_UDF_ERROR = b"user-defined function raised exception"
_MAX_BUFFER = 4 * 1024 * 1024


def _explain_function_errors(request):
    """A ``send`` wrapper that appends our functions' bounds to SQLite's anonymous UDF error,
    for a request whose SQL names them; None when there is nothing to explain."""
    sql = request.args.get("sql") or ""
    names = [name for name in search.FUNCTION_LIMITS if name in sql]
    if not names and request.args.get("q") is None and not _search_args(request):
        return None
    names = names or ["xxgk_match", "escape_fts"]
    limits = search.FUNCTION_LIMITS
    if len(names) == 1:
        text = (f"{search.function_limit_message(names[0])}: give it at most "
                f"{limits[names[0]]:,} (substr(text, 1, {limits[names[0]]}))")
    else:
        text = "a function's input over its limit: " + "; ".join(
            f"{name} at most {limits[name]:,} characters" for name in names)
    detail = text.encode()

    def wrapper(send):
        held = {"start": None, "body": [], "size": 0, "passing": False}

        async def explaining_send(message):
            if held["passing"]:
                return await send(message)
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                kind = headers.get(b"content-type", b"")
                if not (kind.startswith(b"text/html") or kind.startswith(b"application/json")):
                    held["passing"] = True
                    return await send(message)
                held["start"] = message
                return None
            held["body"].append(message.get("body", b""))
            held["size"] += len(held["body"][-1])
            if message.get("more_body") and held["size"] <= _MAX_BUFFER:
                return None
            body = b"".join(held["body"])
            start = held["start"]
            if not message.get("more_body") and _UDF_ERROR in body:
                body = body.replace(_UDF_ERROR, detail)
                start = dict(start, headers=[(k, str(len(body)).encode() if k == b"content-length"
                                              else v) for k, v in start.get("headers") or []])
            held["passing"] = True
            await send(start)
            await send({"type": "http.response.body", "body": body,
                        "more_body": message.get("more_body", False)})

        return explaining_send

    return wrapper
