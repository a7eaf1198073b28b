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

Atom feeds (``.atom``, RFC 4287) are rendered here with feedgen, in place of datasette-atom's
renderer: for a query returning atom_id, atom_title, atom_updated (and atom_link, atom_content or
atom_content_html, atom_author / atom_author_name) as datasette-atom does, and for any page of the
``reports`` table (filters, ``?_search=``, facets, sort), whose rows become entries by themselves,
as do the reports a query without atom_* columns names in its ``report_id`` column.
Every feed has an author (the entry's atom_author, else its agency; the archive's title for the
feed), a ``self`` link and an ``alternate`` link to its HTML page, RFC 3339 timestamps and
distinct entry ids; a query with no rows gives a valid empty feed.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import quote

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
REQUIRED_COLUMNS = {"atom_id", "atom_updated", "atom_title"}
REPORTS_TABLE = "reports"
ATOM = "{http://www.w3.org/2005/Atom}"
DEFAULT_AUTHOR = "xxgk-archive"
SUMMARY_CHARS = 300
ARCHIVED = "存档 archived copy"
_NOT_IRI = re.compile(r"[^A-Za-z0-9:/?#\[\]@!$&'()*+,;=%~\-._\u00a1-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
                      r"\U00010000-\U000efffd]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_HTML_TAGS = ["a", "abbr", "acronym", "b", "blockquote", "br", "code", "em", "i", "li", "ol",
              "strong", "ul", "pre", "p", "h1", "h2", "h3", "h4", "h5", "h6", "img"]


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
    """In query results (not table pages, which link foreign keys themselves), a report id links
    to the report's page and a version/event id to its archived row."""
    if table is not None or column not in _ROW_LINKS or value is None:
        return None
    if column == "report_id":
        if not isinstance(value, str) or not _REPORT_ID.fullmatch(value):
            return None
        href = report_page(datasette, database, value)
    elif not isinstance(value, int) or isinstance(value, bool):
        return None
    else:
        href = datasette.urls.row(database, _ROW_LINKS[column], str(value))
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')


def report_page(datasette, database, report_id) -> str:
    """The path of a report's page in the reading room (xxgk.serve.reading)."""
    return f"{datasette.urls.database(database)}/-/report/{quote(str(report_id), safe='')}"


# --- Atom feeds (RFC 4287) -----------------------------------------------------------------------

@hookimpl(trylast=True)  # registered after datasette-atom's "atom" renderer, so it replaces it
def register_output_renderer(datasette):
    return {"extension": "atom", "render": render_atom, "can_render": can_render_atom}


def can_render_atom(columns, table):
    return table == REPORTS_TABLE or REQUIRED_COLUMNS.issubset(columns) or "report_id" in columns


async def render_atom(datasette, request, sql, columns, rows, database, table, query_name, data):
    """An Atom feed of a query with atom_* columns, or of a page of the ``reports`` table."""
    from datasette.utils.asgi import Response
    from datasette.views.base import DatasetteError

    rows = [dict(zip(columns, row)) if isinstance(row, (tuple, list)) else dict(row)
            for row in rows]
    if REQUIRED_COLUMNS.issubset(columns):
        entries = [query_entry(row, columns) for row in rows]
        for entry, row in zip(entries, rows):  # a story about a report: link its archived page
            report_id = row.get("report_id")
            if isinstance(report_id, str) and _REPORT_ID.fullmatch(report_id):
                page = report_page(datasette, database, report_id)
                entry["links"].append({"href": datasette.absolute_url(request, page),
                                       "rel": "related", "title": ARCHIVED})
    elif table == REPORTS_TABLE or "report_id" in columns:  # a feed of the reports listed
        key = "id" if table == REPORTS_TABLE else "report_id"
        entries = await report_entries(datasette, request, database,
                                       [_plain(row.get(key)) for row in rows])
    else:
        raise DatasetteError("An Atom feed needs the columns " + ", ".join(sorted(REQUIRED_COLUMNS))
                             + ", a report_id column, or the reports table", status=400)
    title = feed_title(datasette, request, sql, database, table, query_name, data)
    body = build_feed(request, title, archive_title(datasette), entries)
    return Response(body, content_type="application/xml; charset=utf-8", status=200)


def archive_title(datasette) -> str:
    return xml_text(datasette.metadata("title")) or DEFAULT_AUTHOR


def feed_title(datasette, request, sql, database, table, query_name, data) -> str:
    """The story's title; for a table, the archive's title, the table and its filters in words."""
    if query_name:
        query = ((datasette.metadata(database=database) or {}).get("queries") or {}).get(query_name)
        if isinstance(query, dict) and query.get("title"):
            return str(query["title"])
    if request.args.get("_feed_title"):
        return request.args["_feed_title"][:200]
    if table:
        title = f"{archive_title(datasette)} · {table}"
        described = (data or {}).get("human_description_en")
        return f"{title}: {described}" if described else title
    return sql or archive_title(datasette)


def query_entry(row, columns) -> dict:
    """One entry from a row of a query's atom_* columns (datasette-atom's conventions)."""
    entry = {"id": atom_id(row["atom_id"]), "title": row["atom_title"],
             "updated": row["atom_updated"], "links": [], "author": None}
    if row.get("atom_link"):
        entry["links"].append({"href": str(row["atom_link"]), "rel": "alternate"})
    if "atom_content_html" in columns:
        html = row["atom_content_html"] or ""
        entry["content"] = (clean_html(str(html)), "html")
    elif "atom_content" in columns:
        entry["content"] = (row["atom_content"], "text")
    for name in ("atom_author", "atom_author_name", "agency"):
        if row.get(name):
            uri = xml_text(row.get("atom_author_uri")).strip()
            entry["author"] = {"name": row[name], "email": row.get("atom_author_email"),
                               "uri": iri(uri) if _SCHEME.match(uri) else None}
            break
    return entry


async def report_entries(datasette, request, database, ids) -> list[dict]:
    """One entry per report id (in the order given, each once), read from the ``reports`` table
    so that the columns shown (``_col``, label expansion) do not matter."""
    ids = list(dict.fromkeys(i for i in ids if isinstance(i, str)))
    found = {}
    if ids:
        db = datasette.get_database(database)
        sql = (f"select r.id, r.title, r.url, coalesce(nullif(r.agency, ''), s.agency) as agency, "
               f"substr(r.body, 1, {2 * SUMMARY_CHARS}) as summary, r.last_changed, r.fetched_at, "
               f"r.published from reports as r left join sites as s on s.slug = r.site_id "
               f"where r.id in ({', '.join('?' * len(ids))})")
        found = {row["id"]: dict(row) for row in (await db.execute(sql, ids)).rows}
    entries = []
    for report_id in ids:
        row = found.get(report_id)
        if row is None:
            continue
        summary = " ".join((row["summary"] or "").split())
        if len(summary) > SUMMARY_CHARS:
            summary = summary[:SUMMARY_CHARS] + "…"
        page = datasette.absolute_url(request, report_page(datasette, database, report_id))
        links = [{"href": page, "rel": "related", "title": ARCHIVED}]
        if row["url"]:
            links.insert(0, {"href": row["url"], "rel": "alternate", "type": "text/html"})
        entries.append({
            "id": f"urn:xxgk-archive:report:{report_id}",
            "title": row["title"] or row["url"] or report_id,
            "updated": row["last_changed"] or row["fetched_at"] or row["published"],
            "links": links, "summary": summary or None,
            "author": {"name": row["agency"]} if row["agency"] else None})
    return entries


def _plain(value):
    """A table cell's value whether or not Datasette expanded it into {"value", "label"}."""
    return value.get("value") if isinstance(value, dict) else value


def build_feed(request, title, author, entries) -> bytes:
    """The feed's XML: RFC 4287 with a feed-level author, self and alternate links, RFC 3339
    timestamps, no duplicate entry ids, entries in the order given."""
    from lxml import etree

    feed = etree.Element(ATOM + "feed", nsmap={None: ATOM[1:-1]})
    _add(feed, "id", iri(request.url))
    _add(feed, "title", title or author)
    updated = _add(feed, "updated", "")
    _add(_add(feed, "author"), "name", author)
    _add(feed, "link", href=html_url(request), rel="alternate", type="text/html")
    _add(feed, "link", href=iri(request.url), rel="self", type="application/atom+xml")
    _add(feed, "generator", "xxgk-archive (Datasette)")
    seen, latest = set(), None
    for entry in entries:
        if entry["id"] in seen:
            continue
        seen.add(entry["id"])
        if not entry["links"] and not entry.get("content"):  # RFC 4287 4.1.2: link it somewhere
            entry["links"] = [{"href": html_url(request), "rel": "alternate", "type": "text/html"}]
        moment = stories.atom_time(_text(entry["updated"]))
        if latest is None or datetime.fromisoformat(moment) > datetime.fromisoformat(latest):
            latest = moment
        add_entry(feed, entry, moment)
    updated.text = latest or datetime.now(timezone.utc).isoformat(timespec="seconds")
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def add_entry(feed, entry, updated) -> None:
    item = _add(feed, "entry")
    _add(item, "id", entry["id"])
    _add(item, "title", xml_text(entry["title"]).strip() or entry["id"])
    _add(item, "updated", updated)
    author = entry.get("author")
    if author and xml_text(author["name"]).strip():
        person = _add(item, "author")
        for key in ("name", "uri", "email"):
            if author.get(key):
                _add(person, key, author[key])
    for link in entry["links"]:
        _add(item, "link", **{**link, "href": iri(link["href"])})
    if entry.get("summary"):
        _add(item, "summary", entry["summary"], type="text")
    if entry.get("content"):
        text, kind = entry["content"]
        _add(item, "content", text, type=kind)


def _add(parent, name, text=None, **attributes):
    from lxml import etree

    element = etree.SubElement(parent, ATOM + name,
                               {key: xml_text(value) for key, value in attributes.items() if value})
    if text is not None:
        element.text = xml_text(text)
    return element


def html_url(request) -> str:
    """The feed's page: the same address without ``.atom`` (nor the ``_labels=on`` Datasette
    adds to a table's format links: its HTML page expands labels anyway)."""
    path, sep, query = request.url.partition("?")
    if path.endswith(".atom"):
        path = path[: -len(".atom")]
    kept = "&".join(part for part in query.split("&") if part and not part.startswith("_labels="))
    return iri(path + ("?" + kept if kept else ""))


def atom_id(value) -> str:
    """``value`` as an IRI: itself when it has a scheme (characters an IRI cannot hold
    percent-encoded), else a URN made from it."""
    text = xml_text(value).strip()
    if _SCHEME.match(text):
        return iri(text)
    return "urn:xxgk-archive:id:" + quote(text, safe="")


def iri(url) -> str:
    """``url`` with spaces, controls and the ASCII characters RFC 3987 forbids percent-encoded;
    its %XX escapes, reserved characters and Chinese kept."""
    return _NOT_IRI.sub(lambda m: quote(m.group(), safe=""), xml_text(url).strip())


def _text(value) -> str:
    return "" if value is None else str(value)


def xml_text(value) -> str:
    """``value`` as text XML 1.0 can hold (stored text may carry control characters)."""
    return _NOT_XML.sub("", _text(value))


def clean_html(html: str) -> str:
    """HTML content with only harmless tags kept (datasette-atom's allowlist)."""
    import bleach

    return bleach.clean(html, tags=_HTML_TAGS, attributes={"a": ["href", "title"],
                                                           "img": ["alt", "src"]}, strip=False)
