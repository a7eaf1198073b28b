"""Datasette plugin: the reading room, one report read as a document (registered as ``xxgk_reading``).

``/<db>/-/report/<id>``
    The report: its title as the heading, who published it and when (来源, 责任编辑, 浏览量), a
    banner when it was removed or changed since first archived, the body as paragraphs, its
    statistics tables as printed (``report_stats``), its attachments (archived copy and original),
    the archived page, every version with a diff between any two, and provenance.
``/<db>/-/report/<id>/diff?from=V&to=W``
    What changed between two versions (``report_versions.id`` of this report): fields, then the
    body line by line with the changed words marked.
``/<db>/-/file/<sha256>``
    An attachment's archived copy from the blob store (archive/blobs.py; ``files/`` beside the
    archive, or ``$XXGK_FILES_DIR``), streamed, exactly as stored.
``/<db>/-/page/<version id>`` and ``…/view``
    A version's stored page bytes (``report_versions.raw_gz`` decompressed), and a safe reading of
    them: the page in a sandboxed iframe under a banner naming its URL and fetch time.

Stored bytes are served with ``X-Content-Type-Options: nosniff`` and ``Content-Security-Policy:
sandbox``, so a script in an archived page or attachment never runs on the archive's origin.
Everything stored is escaped; ids are validated before any SQL, which always takes parameters.
"""
from __future__ import annotations

import difflib
import json
import mimetypes
import os
import re
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote, urlsplit

from datasette import Forbidden, hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import Response, asgi_start
from markupsafe import Markup, escape

from xxgk.archive.blobs import blob_relpath
from xxgk.archive.history import read_raw
from xxgk.serve.stories import CHANGED_FIELDS, tokens

REPORT_ID = re.compile(r"[0-9a-f]{16}")
SHA256 = re.compile(r"[0-9a-f]{64}")
VERSION_ID = re.compile(r"[0-9]{1,12}")
MIME = re.compile(r"[A-Za-z0-9][\w.+-]{0,63}/[\w.+-]{1,127}")
CHUNK = 256 * 1024  # streamed attachment chunk
PAGE_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
FILE_CSP = "sandbox"
STORED_HEADERS = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
                  "cache-control": "public, max-age=3600"}
_DB = r"^/(?P<database>[^/]+)/-/"
SECTIONS = {  # report_stats.section -> the heading printed in the standard report (2019 form)
    "active": "主动公开政府信息情况 Proactive disclosure",
    "applications": "收到和处理政府信息公开申请情况 Requests received and handled",
    "review": "政府信息公开行政复议、行政诉讼情况 Reviews and lawsuits",
    "fees": "收费 Fees", "training": "培训 Training",
}


@hookimpl
def register_routes():
    return [
        (_DB + r"report/(?P<report_id>[^/]*)$", report_page),
        (_DB + r"report/(?P<report_id>[^/]*)/diff$", diff_page),
        (_DB + r"file/(?P<sha256>[^/]*)$", file_download),
        (_DB + r"page/(?P<version_id>[^/]*)$", page_bytes),
        (_DB + r"page/(?P<version_id>[^/]*)/view$", page_view),
    ]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """On the ``reports`` table and row pages: ``id`` (row page) and ``title`` (table page, where
    Datasette draws the primary key itself) link to the report's page. None otherwise."""
    if table != "reports" or column not in ("id", "title") or not isinstance(value, str):
        return None
    try:
        report_id = value if column == "id" else row["id"]
    except (IndexError, KeyError, TypeError):
        return None
    if not isinstance(report_id, str) or not REPORT_ID.fullmatch(report_id):
        return None
    return Markup(f'<a href="{escape(report_url(datasette, database, report_id))}">'
                  f'{escape(value)}</a>')


@hookimpl
def extra_body_script(view_name, table, database, request, datasette):
    """On a ``reports`` row page (the raw row, every column): a link, under its heading, to the
    same report read as a document."""
    if view_name != "row" or table != "reports" or request is None:
        return None
    report_id = tilde_decode(request.url_vars.get("pks") or "")
    if not REPORT_ID.fullmatch(report_id):
        return None
    href = json.dumps(report_url(datasette, database, report_id)).replace("<", "\\u003c")
    return """(function () {
  var h1 = document.querySelector("h1");
  if (!h1) { return; }
  var p = document.createElement("p");
  p.className = "xxgk-read-report";
  var a = document.createElement("a");
  a.href = %s;
  a.textContent = "Read this report as a document 阅读报告全文 →";
  p.appendChild(a);
  h1.parentNode.insertBefore(p, h1.nextSibling);
})();""" % href


def report_url(datasette, database: str, report_id: str) -> str:
    return f"{datasette.urls.database(database)}/-/report/{quote(report_id, safe='')}"


# --- errors and lookups ----------------------------------------------------------------------


class NotHere(Exception):
    """A 4xx answer: ``status`` and the message shown to the reader."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _handler(view):
    async def inner(datasette, request):
        try:
            return await view(datasette, request)
        except NotHere as error:
            return await _error_page(datasette, request, error)
    inner.__name__ = view.__name__
    return inner


async def _error_page(datasette, request, error: NotHere):
    context = {"status": error.status, "message": error.message}
    return await _render(datasette, request, "xxgk_report_error.html", context,
                         status=error.status)


def _read_template(name: str) -> str:
    return (files("xxgk.serve") / "templates" / name).read_text(encoding="utf-8")


async def _render(datasette, request, name: str, context: dict, status: int = 200,
                  headers=None):
    """A template of ours (read as plugin.py reads xxgk_search.html) with the shared style."""
    template = datasette.jinja_env.from_string(_read_template(name))
    context = {**context, "xxgk_style": Markup(_read_template("xxgk_report_style.html"))}
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status, headers=headers)


async def _database(datasette, request, table: str = "reports"):
    name = tilde_decode(request.url_vars["database"])  # as datasette.urls.database encodes it
    try:
        db = datasette.get_database(route=name)
    except KeyError:
        raise NotHere(404, f"There is no database called {name[:60]!r} here.") from None
    name = db.name
    if name == "_internal" or not await db.table_exists(table):
        raise NotHere(404, f"Database {name!r} is not an archive (it has no {table} table).")
    try:
        await datasette.ensure_permissions(request.actor, [
            ("view-table", (name, table)), ("view-database", name), "view-instance"])
    except Forbidden:
        raise NotHere(403, "You may not see this archive.") from None
    return name, db


def _param(value: str, pattern: re.Pattern, what: str) -> str:
    if not pattern.fullmatch(value or ""):
        shown = (value or "")[:40] + ("…" if len(value or "") > 40 else "")
        raise NotHere(400, f"{shown!r} is not {what}.")
    return value


async def _rows(db, sql: str, params=None) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params or [])).rows]


async def _report(db, report_id: str) -> dict:
    rows = await _rows(db, "select * from reports where id = ?", [report_id])
    if not rows:
        raise NotHere(404, f"No report with id {report_id} is in this archive. Report ids are "
                           "16 hex digits, as in the reports table's id column.")
    return rows[0]


VERSION_SQL = """select v.id, v.version, v.crawl_run_id, v.fetched_at, v.http_status, v.sha256,
  v.content_hash, v.etag, v.last_modified, v.warc_file, v.warc_offset, v.extractor,
  v.warc_record_id, v.captured_by, v.proxy,
  length(v.raw_gz) as raw_gz_size, v.raw_gz is not null as has_page, c.started_at as run_started
from report_versions v left join crawl_runs c on c.id = v.crawl_run_id
where v.report_id = ? order by v.version"""
ATTACHMENTS_SQL = """select a.id, a.url, a.text, a.ext, a.sha256, a.status, a.error, a.role,
  f.mime, f.size, f.pages, f.text_status, f.path
from attachments a left join attachment_files f on f.sha256 = a.sha256
where a.report_id = ? order by a.role is not null, a.rowid"""
STATS_SQL = """select source, section, row_code, col_code, row_label, col_label, value, unit,
  raw, method, sentence from report_stats where report_id = ? order by rowid"""


# --- the report page -------------------------------------------------------------------------


@_handler
async def report_page(datasette, request):
    database, db = await _database(datasette, request)
    report_id = _param(request.url_vars["report_id"], REPORT_ID, "a report id (16 hex digits)")
    report = await _report(db, report_id)
    versions = await _rows(db, VERSION_SQL, [report_id])
    base = datasette.urls.database(database)
    for v in versions:
        v["page_url"] = f"{base}/-/page/{v['id']}" if v["has_page"] else None
    attachments = await _rows(db, ATTACHMENTS_SQL, [report_id]) \
        if await db.table_exists("attachments") else []
    for a in attachments:
        a["file_url"] = (f"{base}/-/file/{a['sha256']}"
                         if a["sha256"] and a["path"] else None)
        a["safe_url"] = safe_link(a["url"])
    stats = await _rows(db, STATS_SQL, [report_id]) \
        if await db.table_exists("report_stats") else []
    events = await _rows(db, "select at, kind, reason, version, crawl_run_id from report_events "
                             "where report_id = ? order by id", [report_id]) \
        if await db.table_exists("report_events") else []
    site = (await _rows(db, "select * from sites where slug = ?", [report["site_id"]]))[:1] \
        if await db.table_exists("sites") else []
    agency = (await _rows(db, "select a.id, a.name from report_agencies as ra join agencies as a"
                              " on a.id = ra.agency_id where ra.report_id = ?", [report_id]))[:1] \
        if await db.table_exists("report_agencies") else []
    latest = next((v for v in versions if v["id"] == report.get("latest_version_id")),
                  versions[-1] if versions else None)
    context = {
        "database": database, "report": report, "site": site[0] if site else None,
        "agency_url": (f"{datasette.urls.database(database)}/-/agency/{agency[0]['id']}"
                       if agency else None),
        "paragraphs": paragraphs(report.get("body")), "tables": stats_tables(stats),
        "prose_stats": [s for s in stats if s["method"] == "prose"],
        "attachments": attachments, "versions": versions, "latest": latest, "events": events,
        "original_url": safe_link(report.get("url")),
        "row_url": datasette.urls.row(database, "reports", report_id),
        "diff_url": f"{report_url(datasette, database, report_id)}/diff",
        "first": versions[0] if versions else None,
    }
    return await _render(datasette, request, "xxgk_report.html", context)


def paragraphs(body) -> list[str]:
    """The body's paragraphs as stored: one per non-blank line."""
    if not isinstance(body, str):
        return []
    return [line.strip() for line in body.splitlines() if line.strip()]


def safe_link(url) -> str | None:
    """``url`` when it is an http(s) address (never ``javascript:`` or ``data:``), else None."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def number(value) -> str:
    """759.0 -> "759", 12.5 -> "12.5", 1234567.0 -> "1234567"; None -> "?"."""
    if not isinstance(value, (int, float)):
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:.10g}"


def stats_tables(stats: list[dict]) -> list[dict]:
    """Table cells (not prose quantities) grouped as printed: one table per (source, section),
    rows and columns in the order they were read, each cell with its printed text and number."""
    tables: dict[tuple, dict] = {}
    for cell in stats:
        cell["shown"] = number(cell["value"])
        if cell["method"] == "prose":
            continue
        key = (cell["source"], cell["section"])
        table = tables.setdefault(key, {"source": cell["source"], "section": cell["section"],
                                        "heading": SECTIONS.get(cell["section"], cell["section"]),
                                        "method": cell["method"], "rows": {}, "columns": {}})
        table["columns"].setdefault(cell["col_code"], cell["col_label"] or cell["col_code"])
        row = table["rows"].setdefault(cell["row_code"], {
            "label": cell["row_label"] or cell["row_code"], "cells": {}})
        row["cells"][cell["col_code"]] = cell
    return [{**t, "rows": list(t["rows"].values()), "columns": list(t["columns"].items())}
            for t in tables.values()]


# --- the diff page ---------------------------------------------------------------------------


@_handler
async def diff_page(datasette, request):
    database, db = await _database(datasette, request)
    report_id = _param(request.url_vars["report_id"], REPORT_ID, "a report id (16 hex digits)")
    report = await _report(db, report_id)
    versions = await _rows(db, "select id, version, fetched_at, crawl_run_id, sha256 from "
                               "report_versions where report_id = ? order by version", [report_id])
    by_id = {v["id"]: v for v in versions}
    if not versions:
        raise NotHere(404, "This report has no stored versions to compare.")
    default_from = versions[-2]["id"] if len(versions) > 1 else versions[0]["id"]
    chosen = []
    for name, default in (("from", default_from), ("to", versions[-1]["id"])):
        value = request.args.get(name) or str(default)
        _param(value, VERSION_ID, f"a version id ({name}=)")
        if int(value) not in by_id:
            raise NotHere(400, f"Version {value} is not a version of report {report_id}; its "
                               f"versions are {', '.join(str(v) for v in by_id)}.")
        chosen.append(by_id[int(value)])
    old, new = [(await _rows(db, "select record, body from report_versions where id = ?",
                             [v["id"]]))[0] for v in chosen]
    context = {
        "database": database, "report": report, "versions": versions,
        "old": chosen[0], "new": chosen[1],
        "fields": field_changes(old["record"], new["record"]),
        "body": body_diff(old["body"], new["body"]),
        "report_url": report_url(datasette, database, report_id),
    }
    return await _render(datasette, request, "xxgk_report_diff.html", context)


MAX_DIFF_CHARS = 400_000  # of each side's body compared; the rest is said to be left out
MAX_DIFF_LINES = 4_000
MAX_WORD_DIFF = 5_000  # characters of a changed line pair diffed word by word
CONTEXT_LINES = 2
FIELDS = (*CHANGED_FIELDS, "views", "is_report")


def _record(value) -> dict:
    try:
        data = json.loads(value) if isinstance(value, (str, bytes)) else None
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def field_changes(old_record, new_record) -> list[dict]:
    """The fields (and attachment links) that differ between two versions' records."""
    old, new = _record(old_record), _record(new_record)
    changes = [{"field": f, "old": old.get(f), "new": new.get(f)} for f in FIELDS
               if old.get(f) != new.get(f)]

    def links(record):
        items = record.get("attachments")
        return [a.get("url") for a in items if isinstance(a, dict)] if isinstance(items, list) \
            else []
    before, after = links(old), links(new)
    if before != after:
        changes.append({"field": "attachments",
                        "old": "\n".join(str(u) for u in before if u not in after) or None,
                        "new": "\n".join(str(u) for u in after if u not in before) or None})
    return changes


def _lines(body) -> tuple[list[str], bool]:
    text = body if isinstance(body, str) else ""
    cut = len(text) > MAX_DIFF_CHARS
    lines = [line.strip() for line in text[:MAX_DIFF_CHARS].splitlines() if line.strip()]
    return lines[:MAX_DIFF_LINES], cut or len(lines) > MAX_DIFF_LINES


def word_diff(old: str, new: str) -> tuple[Markup, Markup]:
    """Two lines with the words (characters, for Chinese; numbers whole) that differ marked
    ``<del>`` / ``<ins>``; everything else escaped."""
    if len(old) + len(new) > MAX_WORD_DIFF:
        return (Markup("<del>%s</del>") % old, Markup("<ins>%s</ins>") % new)
    a, b = tokens(old), tokens(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            left.append(escape(before))
            right.append(escape(after))
            continue
        if before:
            left.append(Markup("<del>%s</del>") % before)
        if after:
            right.append(Markup("<ins>%s</ins>") % after)
    return Markup("").join(left), Markup("").join(right)


def body_diff(old_body, new_body) -> dict:
    """The body compared line by line: ``hunks`` of rows (kind "same", "del", "ins", "change"
    with both sides, "skip" for unchanged lines left out), ``changed`` lines, ``cut`` when a
    body was too long to compare whole."""
    (a, cut_a), (b, cut_b) = _lines(old_body), _lines(new_body)
    rows, changed = [], 0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        if rows or group[0][1] > 0:
            rows.append({"kind": "skip"})
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                rows += [{"kind": "same", "old": line} for line in a[i1:i2]]
                continue
            changed += max(i2 - i1, j2 - j1)
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for k in range(pairs):
                old, new = word_diff(a[i1 + k], b[j1 + k])
                rows.append({"kind": "change", "old": old, "new": new})
            rows += [{"kind": "del", "old": line} for line in a[i1 + pairs:i2]]
            rows += [{"kind": "ins", "new": line} for line in b[j1 + pairs:j2]]
    return {"rows": rows, "changed": changed, "cut": cut_a or cut_b}


# --- stored bytes: attachment files and archived pages ---------------------------------------


def files_root(db_path) -> Path:
    """The blob store of the archive at ``db_path``: ``$XXGK_FILES_DIR`` when set, else
    ``files/`` beside the database (where the crawler puts it, xxgk.crawler.pipelines)."""
    configured = os.environ.get("XXGK_FILES_DIR")
    return Path(configured) if configured else Path(db_path).resolve().parent / "files"


def download_name(link_text, url, sha256: str, mime: str | None) -> str:
    """A file name for the attachment: its link text, else the last part of its URL, else the
    hash; with an extension from the MIME type when it has none."""
    candidates = [link_text, urlsplit(url or "").path.rsplit("/", 1)[-1] if url else None]
    name = ""
    for candidate in candidates:
        cleaned = re.sub(r'[\x00-\x1f\x7f/\\"<>:|?*]+', " ", candidate or "").strip(" .")
        cleaned = re.sub(r"\s+", " ", cleaned)[:120]
        if cleaned:
            name = cleaned
            break
    name = name or sha256[:16]
    ext = mimetypes.guess_extension(mime or "") if mime else None
    if ext and not Path(name).suffix:
        name += ext
    return name


def content_disposition(name: str, disposition: str = "inline") -> str:
    """RFC 6266: an ASCII ``filename`` for old clients and the real name in ``filename*``."""
    path = Path(name)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", path.stem.encode("ascii", "ignore").decode()).strip("_")
    suffix = re.sub(r"[^A-Za-z0-9.]", "", path.suffix)
    ascii_name = (stem if re.search(r"[A-Za-z0-9]", stem) else "attachment") + suffix
    return (f'{disposition}; filename="{ascii_name}"; '
            f"filename*=UTF-8''{quote(name, safe='')}")


class StreamedFile:
    """A file sent in chunks (attachments can be tens of MB) with our headers."""

    def __init__(self, path: Path, size: int, content_type: str, headers: dict):
        self.path, self.size, self.content_type, self.headers = path, size, content_type, headers

    async def asgi_send(self, send):
        import aiofiles

        headers = {**self.headers, "content-length": str(self.size)}
        async with aiofiles.open(self.path, "rb") as handle:
            await asgi_start(send, 200, headers, self.content_type)
            sent = 0
            while True:
                chunk = await handle.read(min(CHUNK, self.size - sent)) if sent < self.size \
                    else b""
                sent += len(chunk)
                more = bool(chunk) and sent < self.size
                await send({"type": "http.response.body", "body": chunk, "more_body": more})
                if not more:
                    break


@_handler
async def file_download(datasette, request):
    database, db = await _database(datasette, request, "attachment_files")
    sha = _param(request.url_vars["sha256"].lower(), SHA256, "a SHA-256 (64 hex digits)")
    rows = await _rows(db, "select f.sha256, f.mime, f.size, f.path, a.text, a.url from "
                           "attachment_files f left join attachments a on a.sha256 = f.sha256 "
                           "where f.sha256 = ? order by a.text is null, a.rowid limit 1", [sha])
    if not rows:
        raise NotHere(404, f"No attachment file with SHA-256 {sha} is in this archive.")
    row = rows[0]
    root = files_root(db.path)
    path = (root / blob_relpath(sha)).resolve()
    if not path.is_file() or root.resolve() not in path.parents:
        raise NotHere(404, f"The archive lists the file {sha}, but it is not in the file store "
                           f"({root}): copy the archive's files/ folder beside it.")
    mime = row["mime"] if isinstance(row["mime"], str) and MIME.fullmatch(row["mime"]) \
        else "application/octet-stream"
    name = download_name(row["text"], row["url"], sha, mime)
    disposition = "attachment" if request.args.get("download") else "inline"
    headers = {**STORED_HEADERS, "content-security-policy": FILE_CSP,
               "content-disposition": content_disposition(name, disposition)}
    return StreamedFile(path, path.stat().st_size, mime, headers)


async def _version(datasette, request, with_bytes: bool = True):
    database, db = await _database(datasette, request, "report_versions")
    version_id = _param(request.url_vars["version_id"], VERSION_ID, "a version id (a number)")
    raw = "v.raw_gz" if with_bytes else "v.raw_gz is not null as raw_gz"
    rows = await _rows(db, f"select v.id, v.report_id, v.version, v.fetched_at, v.sha256, {raw}, "
                           "r.url, r.title, r.content_type from report_versions v "
                           "left join reports r on r.id = v.report_id where v.id = ?",
                       [int(version_id)])
    if not rows:
        raise NotHere(404, f"No version {version_id} is in this archive.")
    if not rows[0]["raw_gz"]:
        raise NotHere(404, f"Version {version_id} was stored without its page bytes.")
    return database, rows[0]


@_handler
async def page_bytes(datasette, request):
    _, version = await _version(datasette, request)
    try:
        data = read_raw(version["raw_gz"])
    except Exception:  # noqa: BLE001 - a damaged blob is the archive's problem, said plainly
        raise NotHere(404, f"Version {version['id']}'s stored page cannot be decompressed.") \
            from None
    content_type = version["content_type"]
    if not isinstance(content_type, str) or not re.fullmatch(
            r"[\w.+-]+/[\w.+-]+(; ?charset=[\w.:-]+)?", content_type.strip(), re.I):
        content_type = "text/html"
    headers = {**STORED_HEADERS, "content-security-policy": PAGE_CSP}
    return Response(data, status=200, headers=headers, content_type=content_type.strip())


@_handler
async def page_view(datasette, request):
    database, version = await _version(datasette, request, with_bytes=False)
    base = datasette.urls.database(database)
    context = {"version": version, "original_url": safe_link(version["url"]),
               "page_url": f"{base}/-/page/{version['id']}",
               "report_url": report_url(datasette, database, version["report_id"])}
    return await _render(datasette, request, "xxgk_report_archived.html", context,
                         headers={"content-security-policy": "frame-ancestors 'self'"})
