"""Datasette plugin: SQL functions for the stories (canned queries in ``metadata.yml``)
and links from their id columns to the archived rows.

SQL functions (pure Python in archive/stories.py; none raises, unreadable input gives NULL):

``xxgk_deadline(report_year, agency)``      the day the report was due, YYYY-MM-DD
``xxgk_deadline_rule(report_year, agency)`` which rule gave it, in words
``xxgk_days_late(published, deadline)``     days after the deadline (0 when on time)
``xxgk_today()``                            today in China, YYYY-MM-DD
``xxgk_diff(old_text, new_text)``           short word-level diff: "…759条 → 768条…"
``xxgk_record_changes(old_json, new_json)`` the other fields of two version records that differ
``xxgk_atom_time(value)``                   an RFC 3339 timestamp for Atom feeds
``xxgk_marks_html(text)``                   escaped HTML with ⟦…⟧ turned into <b>…</b>

Atom feeds come from datasette-atom (``.atom`` on any query returning atom_* columns). Its 0.9
answers a query with no rows with a 500 (``max()`` of no timestamps), which would break a feed
of a keyword or an agency that has no report yet: :func:`register_output_renderer` puts a wrapper
in its place that answers an empty, valid feed instead and hands every other case to it.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from datasette import hookimpl
from markupsafe import Markup, escape

from xxgk.serve import stories

_REPORT_ID = re.compile(r"[0-9a-f]{16}")
_ROW_LINKS = {  # query-result column -> the table whose row it names
    "report_id": "reports",
    "old_version_id": "report_versions",
    "new_version_id": "report_versions",
    "event_id": "report_events",
}


def _rule(report_year, agency):
    key = stories.deadline_rule(report_year, agency)
    return None if key is None else stories.RULES[key]


@hookimpl
def prepare_connection(conn):
    functions = {
        "xxgk_deadline": (2, stories.report_deadline, True),
        "xxgk_deadline_rule": (2, _rule, True),
        "xxgk_days_late": (2, stories.days_late, True),
        "xxgk_today": (0, lambda: stories.today(), False),  # looked up per call: tests freeze it
        "xxgk_diff": (2, stories.text_diff, True),
        "xxgk_record_changes": (2, stories.record_changes, True),
        "xxgk_atom_time": (1, stories.atom_time, True),
        "xxgk_marks_html": (1, stories.marks_to_html, True),
    }
    for name, (nargs, function, deterministic) in functions.items():
        conn.create_function(name, nargs, function, deterministic=deterministic)


@hookimpl
def render_cell(value, column, table, database, datasette):
    """In query results (not table pages, which link foreign keys themselves), a report id or a
    version/event id links to its archived row."""
    if table is not None or column not in _ROW_LINKS or value is None:
        return None
    if column == "report_id":
        if not isinstance(value, str) or not _REPORT_ID.fullmatch(value):
            return None
    elif not isinstance(value, int) or isinstance(value, bool):
        return None
    href = datasette.urls.row(database, _ROW_LINKS[column], str(value))
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')


@hookimpl(trylast=True)  # registered after datasette-atom's "atom" renderer, so it replaces it
def register_output_renderer(datasette):
    try:
        import datasette_atom
    except ImportError:
        return None

    def render(datasette, request, sql, columns, rows, database, table, query_name, view_name,
               data):
        if rows:
            return datasette_atom.render_atom(datasette, request, sql, columns, rows, database,
                                              table, query_name, view_name, data)
        return _empty_feed(datasette, request, sql, database, query_name)

    return {"extension": "atom", "render": render, "can_render": datasette_atom.can_render_atom}


def _empty_feed(datasette, request, sql, database, query_name):
    """A valid Atom feed without entries, titled as datasette-atom titles a feed."""
    from datasette.utils.asgi import Response
    from feedgen.feed import FeedGenerator

    title = request.args.get("_feed_title", sql)
    if query_name:
        query = ((datasette.metadata(database=database) or {}).get("queries") or {}).get(
            query_name)
        if isinstance(query, dict) and query.get("title"):
            title = query["title"]
    feed = FeedGenerator()
    feed.id(request.url)
    feed.link(href=request.url, rel="self")
    feed.title(title)
    feed.updated(datetime.now(timezone.utc).replace(microsecond=0))
    return Response(feed.atom_str(pretty=True), content_type="application/xml; charset=utf-8",
                    status=200)
