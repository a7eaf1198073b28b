"""Datasette plugin: the reading room's front page, a list of the archived annual reports.

``/`` (and ``/-/reports``) show what a journalist looks for first: the reports, newest first, in
the dozen columns that matter (title linking to the report's page, agency, region, report year,
published, days late, views, attachments, versions, status, source, the original), compact enough
for ten to a 1,400 px screen, with facets to narrow them: report year in calendar order, agency
and region by count, status (online, changed, removed). Everything else stays one click away: each
report's page (``/<db>/-/report/<id>``, xxgk.serve.reading), the full ``reports`` table in
Datasette with every column, the stories and the SQL box.

Datasette's own instance index (a list of databases) is replaced at ``/`` because an archive has
one database that matters; the database page (``/<db>``) still lists every table and story.
Filters are plain query parameters (``agency``, ``region``, ``year``, ``status``, ``q`` for a
full-text search with the same syntax as ``/-/search``, ``all=1`` to include pages that are not
reports), so every view of the list can be bookmarked. Nothing here writes.
"""
from __future__ import annotations

from importlib.resources import files
from urllib.parse import urlencode

from datasette import Forbidden, hookimpl

PAGE_SIZE = 50
MAX_PAGE = 10_000
FACET_VALUES = 30  # agencies and regions shown before "more"
STATUSES = {
    "online": ("在线 online", "r.removed_at is null"),
    "changed": ("发布后修改 changed", "r.version_count > 1"),
    "removed": ("已删除 removed", "r.removed_at is not null"),
}
SORTS = {  # name -> (label, ORDER BY)
    "published": ("发布日期 newest", "r.published desc, r.id"),
    "year": ("报告年度 report year", "r.report_year desc, r.published desc, r.id"),
    "views": ("浏览量 most viewed", "r.views desc, r.published desc, r.id"),
    "late": ("逾期天数 most late", "days_late desc, r.published desc, r.id"),
}
_TEMPLATE = files("xxgk.serve") / "templates" / "xxgk_reports_list.html"
_MAX_TEXT = 200  # longest filter value accepted


class BadRequest(ValueError):
    """A parameter the list cannot use; its message is shown to the reader."""


@hookimpl
def register_routes():
    return [(r"^/$", reports_list), (r"^/-/reports$", reports_list)]


async def archive_database(datasette, request):
    """The name of the first database (in serving order) that holds a ``reports`` table the actor
    may see, or None."""
    for name, db in datasette.databases.items():
        if name == "_internal" or not await db.table_exists("reports"):
            continue
        try:
            await datasette.ensure_permissions(request.actor, [
                ("view-table", (name, "reports")), ("view-database", name), "view-instance"])
        except Forbidden:
            continue
        return name
    return None


def read_filters(args) -> dict:
    """The list's parameters, checked: ``BadRequest`` with a readable message otherwise."""
    out = {}
    for key in ("agency", "region", "q"):
        value = (args.get(key) or "").strip()
        if len(value) > _MAX_TEXT:
            raise BadRequest(f"{key} is too long: at most {_MAX_TEXT} characters")
        out[key] = value
    year = (args.get("year") or "").strip()
    if year and not (year.isdigit() and len(year) == 4):
        raise BadRequest(f"year must be a year such as 2023, not {year!r}")
    out["year"] = int(year) if year else None
    status = (args.get("status") or "").strip()
    if status and status not in STATUSES:
        raise BadRequest(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    out["status"] = status
    sort = (args.get("sort") or "published").strip()
    if sort not in SORTS:
        raise BadRequest(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    out["sort"] = sort
    page = (args.get("page") or "1").strip()
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        raise BadRequest(f"page must be a number from 1 to {MAX_PAGE}, not {page!r}")
    out["page"] = int(page)
    out["all"] = args.get("all") in ("1", "on", "true")
    return out


def where_clause(filters: dict, skip: str | None = None) -> tuple[str, dict]:
    """SQL conditions on ``reports r`` for ``filters`` (leaving out ``skip``, for that facet's own
    counts) and their parameters."""
    clauses, params = [], {}
    if not filters["all"]:
        clauses.append("r.is_report = 1")
    if filters["agency"] and skip != "agency":
        clauses.append("r.agency = :agency")
        params["agency"] = filters["agency"]
    if filters["region"] and skip != "region":
        clauses.append("r.region = :region")
        params["region"] = filters["region"]
    if filters["year"] is not None and skip != "year":
        clauses.append("r.report_year = :year")
        params["year"] = filters["year"]
    if filters["status"] and skip != "status":
        clauses.append(STATUSES[filters["status"]][1])
    if filters["q"]:
        clauses.append("r.rowid in (select rowid from reports_fts "
                       "where reports_fts match escape_fts(:q))")
        params["q"] = filters["q"]
    return (" where " + " and ".join(clauses)) if clauses else "", params


_ROWS_SQL = """
select r.id, r.title, r.url, r.agency, r.region, r.report_year, r.published, r.views,
       r.attachment_count, r.version_count, r.removed_at, r.removed_reason, r.source,
       r.is_report, xxgk_days_late(r.published, xxgk_deadline(r.report_year, r.agency)) as days_late
from reports r{where}
order by {order}
limit :limit offset :offset
"""


async def reports_list(datasette, request):
    from datasette.utils.asgi import Response

    database = await archive_database(datasette, request)
    if database is None:
        return Response.html(await _render(datasette, request, {
            "error": "This instance serves no archive (no database with a reports table)."}),
            status=404)
    try:
        filters = read_filters(request.args)
    except BadRequest as error:
        return Response.html(await _render(datasette, request, {"error": str(error),
                                                                "database": database}), status=400)
    db = datasette.get_database(database)
    where, params = where_clause(filters)
    try:
        total = (await db.execute(f"select count(*) from reports r{where}", params)).rows[0][0]
        rows = (await db.execute(_ROWS_SQL.format(where=where, order=SORTS[filters["sort"]][1]),
                                 {**params, "limit": PAGE_SIZE,
                                  "offset": (filters["page"] - 1) * PAGE_SIZE})).rows
        facets = await _facets(db, filters)
    except Exception as error:  # a query the search cannot read, or one over the time limit
        return Response.html(await _render(datasette, request, {
            "error": f"This list could not be made: {error}", "database": database,
            "filters": filters}), status=400)
    context = {
        "database": database, "filters": filters, "total": total, "facets": facets,
        "rows": [_row(datasette, database, row) for row in rows],
        "first": (filters["page"] - 1) * PAGE_SIZE + 1 if rows else 0,
        "last": (filters["page"] - 1) * PAGE_SIZE + len(rows),
        "prev_url": _url(request, filters, page=filters["page"] - 1) if filters["page"] > 1
        else None,
        "next_url": _url(request, filters, page=filters["page"] + 1)
        if filters["page"] * PAGE_SIZE < total else None,
        "sorts": [(name, label, _url(request, filters, sort=name, page=1))
                  for name, (label, _order) in SORTS.items()],
        "all_url": _url(request, filters, all="" if filters["all"] else "1", page=1),
        "table_url": datasette.urls.table(database, "reports") + (
            "" if filters["all"] else "?is_report=1"),
        "database_url": datasette.urls.database(database),
        "clear_url": datasette.urls.path("/"),
    }
    return Response.html(await _render(datasette, request, context))


async def _facets(db, filters) -> list[dict]:
    """The year, status, agency and region facets: each value with its count under the other
    filters, and the link that sets (or clears) it."""
    out = []
    specs = [
        ("year", "报告年度 Report year", "r.report_year", "r.report_year"),
        ("agency", "发布机关 Agency", "r.agency", "count(*) desc, r.agency"),
        ("region", "地区 Region", "r.region", "count(*) desc, r.region"),
    ]
    for key, label, column, order in specs:
        where, params = where_clause(filters, skip=key)
        extra = " and " if where else " where "
        rows = (await db.execute(
            f"select {column} as value, count(*) as n from reports r{where}{extra}"
            f"{column} is not null and {column} != '' group by {column} order by {order} "
            f"limit {FACET_VALUES + 1}", params)).rows
        out.append({"key": key, "label": label, "values": [(row["value"], row["n"])
                                                           for row in rows[:FACET_VALUES]],
                    "more": len(rows) > FACET_VALUES})
    where, params = where_clause(filters, skip="status")
    counts = []
    for name, (label, condition) in STATUSES.items():
        extra = " and " if where else " where "
        n = (await db.execute(f"select count(*) from reports r{where}{extra}{condition}",
                              params)).rows[0][0]
        counts.append((name, n, label))
    out.append({"key": "status", "label": "状态 Status", "labelled": counts})
    return out


def _row(datasette, database, row) -> dict:
    status = []
    if row["removed_at"]:
        status.append(("removed", f"已删除 removed {row['removed_at'][:10]}",
                       row["removed_reason"] or ""))
    if (row["version_count"] or 0) > 1:
        status.append(("changed", f"修改 {row['version_count'] - 1}×", "changed after publication"))
    return {
        "id": row["id"], "title": row["title"] or row["url"], "url": row["url"],
        "page_url": datasette.urls.path(f"/{database}/-/report/{row['id']}"),
        "agency": row["agency"] or "", "region": row["region"] or "",
        "year": row["report_year"], "published": row["published"] or "",
        "days_late": row["days_late"], "views": row["views"],
        "attachments": row["attachment_count"] or 0, "versions": row["version_count"] or 1,
        "status": status, "source": row["source"] or "", "is_report": row["is_report"],
    }


def _url(request, filters, **changes) -> str:
    """This list's URL with ``changes`` applied (an empty value removes the parameter)."""
    params = {"q": filters["q"], "agency": filters["agency"], "region": filters["region"],
              "year": "" if filters["year"] is None else str(filters["year"]),
              "status": filters["status"], "sort": "" if filters["sort"] == "published"
              else filters["sort"], "all": "1" if filters["all"] else "",
              "page": "" if filters["page"] == 1 else str(filters["page"])}
    params.update({key: "" if value is None else str(value) for key, value in changes.items()})
    if params.get("page") == "1":
        params["page"] = ""
    query = urlencode({key: value for key, value in params.items() if value})
    return request.path + ("?" + query if query else "")


async def _render(datasette, request, context) -> str:
    context.setdefault("filters", None)
    context.setdefault("database", None)
    context["metadata"] = datasette.metadata()
    context["facet_url"] = lambda key, value: _url(request, context["filters"], **{key: value,
                                                                                 "page": 1})
    template = datasette.jinja_env.from_string(_TEMPLATE.read_text(encoding="utf-8"))
    return await datasette.render_template(template, context, request=request)
