"""Datasette plugin: an agency's brief (issue 12 part 6), registered as ``xxgk_brief``.

``/<db>/-/agency/<agency id>``
    One printable page per agency (``agencies``, archive/agencies.py): its canonical name, the
    names it is printed under, level, region, parent government, sites and columns; its reports
    by year against the legal deadline (archive/deadlines.py), years with no report marked
    missing up to the last year whose deadline has passed; its indicators by year, each rate
    beside its denominator (``report_indicators``), against its peers (``indicator_peers``,
    when the archive has it); the cross-year continuity checks (``indicator_continuity``) and
    the audit flags (``report_audit``, when present).
    Every number links to the ``report_stats`` rows it was read from (the printed cell, its raw
    text and source), since the report page draws its tables without per-cell anchors.
``/<db>/-/agencies``
    Every agency (name, level, region, years covered, reports), each linked to its brief.

Bounded: the brief runs a handful of queries, each reached through an indexed ``agency_id``
or a primary key (the derived tables are recomputed after each crawl: archive/derived.py). Everything stored is escaped by
the template; ids are validated before any SQL, which always takes parameters.
"""
from __future__ import annotations

import json
import re
import sqlite3
from urllib.parse import quote, urlencode

from datasette import hookimpl

from xxgk.archive import deadlines
from xxgk.archive.agencies import parent_of
from xxgk.archive.audit import CHECKS as AUDIT_CHECKS
from xxgk.archive.indicators import CELLS, CONTINUITY_CHECKS, INDICATORS
from xxgk.serve.reading import (_DB, NotHere, _database, _handler, _render, _rows, number,
                                report_url, safe_link)


AGENCY_ID = re.compile(r"[0-9a-f]{12}")
MAX_REPORTS = 5_000  # reports listed on one brief (an agency has one or two a year)
MAX_CHECKS = 300  # continuity checks shown
INDEX_PAGE = 500  # agencies per page of the index
LEVELS = {"province": "省级 province", "city": "市级 city", "county": "县级 county",
          "township": "乡镇街道 township", "department": "部门 department"}

AGENCY_INDICATORS_SQL = "SELECT * FROM report_indicators WHERE agency_id = :agency_id"
# failures first, then passed, then unknown; an agency with several reports a year has a check
# per pair of them, so only the first MAX_CHECKS are shown
AGENCY_CONTINUITY_SQL = """SELECT * FROM indicator_continuity WHERE agency_id = :agency_id
ORDER BY coalesce(ok, 2), year, check_code, report_id LIMIT :limit"""
REPORTS_SQL = """SELECT r.id, r.title, r.published, r.report_year, r.removed_at, r.agency, r.url
FROM report_agencies AS ra JOIN reports AS r ON r.id = ra.report_id
WHERE ra.agency_id = ? AND coalesce(r.is_report, 1) = 1
ORDER BY r.report_year, r.published, r.id LIMIT ?"""
AUDIT_SQL = """SELECT * FROM report_audit WHERE report_id IN
  (SELECT report_id FROM report_agencies WHERE agency_id = ?) ORDER BY report_id, check_code"""
INDEX_SQL = """SELECT a.id, a.name, a.level, a.region, a.region_code, a.first_report_year,
  a.last_report_year, (SELECT count(*) FROM report_agencies AS ra JOIN reports AS r
    ON r.id = ra.report_id WHERE ra.agency_id = a.id AND coalesce(r.is_report, 1) = 1) AS reports
FROM agencies AS a WHERE (:q = '' OR a.name LIKE '%' || :q || '%' OR a.aliases LIKE '%' || :q || '%'
  OR a.region LIKE '%' || :q || '%')
ORDER BY a.region_code, a.name LIMIT :limit OFFSET :offset"""


@hookimpl
def register_routes():
    return [(_DB + r"agency/(?P<agency_id>[^/]*)$", agency_page),
            (_DB + r"agencies$", agencies_page)]


def agency_url(datasette, database: str, agency_id: str) -> str:
    return f"{datasette.urls.database(database)}/-/agency/{quote(agency_id, safe='')}"


# --- which printed cells a number was computed from ------------------------------------------

_EXACT = re.compile(r"section = '(\w+)' AND row_code = '(\w+)' AND col_code = '(\w+)'")
_PREFIX = re.compile(r"section = '(\w+)' AND row_code LIKE '(\w+?)\\_%' ESCAPE '\\' "
                     r"AND col_code = '(\w+)'")


def cell_codes(name: str) -> list[tuple[str, str, str]]:
    """The (section, row_code, col_code) cells a ``report_indicators`` cell column reads; a row
    code ending in ``*`` is a prefix (``denied*``: the sub-rows and the prose total)."""
    sql = CELLS.get(name) or ""
    prefixed = [(s, f"{r}*", c) for s, r, c in _PREFIX.findall(sql)]
    if prefixed:
        return prefixed
    return list(dict.fromkeys(_EXACT.findall(sql)))


def names_in(expression: str, prefix: str = "") -> list[str]:
    """The cell columns named in an SQL expression (``granted + partly_granted``; with
    ``prefix`` "t." only those of that alias)."""
    found = re.findall(rf"(?<![\w.]){re.escape(prefix)}([a-z_0-9]+)", expression or "")
    return [n for n in dict.fromkeys(found) if n in CELLS]


def cells_url(datasette, database: str, report_id, names: list[str]) -> str | None:
    """``report_stats`` filtered to the cells behind ``names`` in one report, or None."""
    codes = [code for n in names for code in cell_codes(n)]
    if not report_id or not codes:
        return None
    params: list[tuple[str, str]] = [("report_id", str(report_id))]
    for i, key in enumerate(("section", "row_code", "col_code")):
        values = list(dict.fromkeys(code[i] for code in codes))
        stars = [v for v in values if v.endswith("*")]
        if stars and len(values) == 1:
            params.append((f"{key}__startswith", stars[0][:-1]))
        elif not stars:
            params.append((key, values[0]) if len(values) == 1 else
                          (f"{key}__in", ",".join(values)))
    return f"{datasette.urls.table(database, 'report_stats')}?{urlencode(params)}"


# --- reports by year against the deadline ----------------------------------------------------


def report_status(published, deadline) -> dict:
    """On time / late N days / date unknown / no deadline, for one report."""
    if deadline is None:
        return {"kind": "none", "text": "no legal deadline 无法定期限"}
    late = deadlines.days_late(published, deadline)
    if late is None:
        return {"kind": "unknown", "text": "publication date unknown 发布日期未知"}
    if late == 0:
        return {"kind": "ontime", "text": "on time 按时"}
    return {"kind": "late", "text": f"late 逾期 {late} days"}


def report_year(value, today: str) -> int | None:
    """A report year that can be one (1949 through next year), else None: a year read wrong
    must not stretch the table over centuries."""
    year = deadlines.parse_year(value)
    this_year = deadlines.parse_year(today[:4]) or 9998
    return year if year is not None and 1949 <= year <= this_year + 1 else None


def report_years(name, first_year, reports: list[dict], today: str) -> list[dict]:
    """One row per report year from the agency's first through the later of its last report and
    the last year whose deadline has passed: its reports (each with its status), or "missing"."""
    by_year: dict[int, list[dict]] = {}
    for report in reports:
        year = report_year(report["report_year"], today)
        if year is not None:
            by_year.setdefault(year, []).append(report)
    start = min([y for y in (report_year(first_year, today), *by_year) if y] or [0])
    if not start:
        return []
    last_due = deadlines.parse_year(today[:4]) or start
    while last_due >= start and not _passed(deadlines.report_deadline(last_due, name), today):
        last_due -= 1
    rows = []
    for year in range(start, max([last_due, *by_year]) + 1):
        deadline = deadlines.report_deadline(year, name)
        found = sorted(by_year.get(year, []), key=lambda r: str(r["published"] or "~"))
        for report in found:
            report["status"] = report_status(report["published"], deadline)
        row = {"year": year, "deadline": deadline, "reports": found, "missing": None}
        if not found:
            row["missing"] = _missing(deadline, today)
        rows.append(row)
    return rows


def _passed(deadline, today: str) -> bool:
    return bool(deadline) and today > deadline


def _missing(deadline, today: str) -> dict:
    if deadline is None:
        return {"kind": "none", "text": "no report found (no legal deadline) 未见报告"}
    due = deadlines.parse_date(deadline)
    overdue = (deadlines.parse_date(today) - due).days if due and deadlines.parse_date(today) \
        else None
    if overdue is not None and overdue > 0:
        return {"kind": "missing", "text": f"missing 缺失 — overdue 逾期 {overdue} days"}
    return {"kind": "due", "text": "not yet due 未到期"}


# --- indicators, peers, continuity, audit ----------------------------------------------------


def percent(value) -> str:
    return f"{value * 100:.1f} %" if isinstance(value, (int, float)) else "–"


def indicator_table(datasette, database, rows: list[dict], peers: list[dict]) -> dict:
    """Columns (indicators with a value in some year) and one row per report: each cell the
    rate, its denominator, links to the cells both came from, and the peer standing."""
    peer = {(p.get("report_id"), p.get("indicator")): p for p in peers}
    columns = [ind for ind in INDICATORS if any(r.get(ind[0]) is not None for r in rows)]
    out = []
    for row in sorted(rows, key=lambda r: (r.get("report_year") or 0, r["report_id"])):
        cells = []
        for name, zh, en, formula, num, den_name, den in columns:
            denominator = row.get(den_name or den)
            cells.append({
                "name": name, "value": row.get(name), "shown": percent(row.get(name)),
                "denominator": number(denominator) if denominator is not None else None,
                "num_url": cells_url(datasette, database, row["report_id"], names_in(num)),
                "den_url": cells_url(datasette, database, row["report_id"], names_in(den)),
                "peer": peer.get((row["report_id"], name))})
        out.append({"report_id": row["report_id"], "year": row.get("report_year"),
                    "small": row.get("small_denominator"), "cells": cells})
    return {"columns": [{"name": c[0], "zh": c[1], "en": c[2], "formula": c[3]}
                        for c in columns], "rows": out}


def continuity_rows(datasette, database, rows: list[dict]) -> list[dict]:
    """Each check with both numbers linked: expected to last year's cells, actual to this
    year's."""
    checks = {code: (expected, actual) for code, expected, actual in CONTINUITY_CHECKS}
    for row in rows:
        expected, actual = checks.get(row["check_code"], ("", ""))
        row["expected_shown"], row["actual_shown"] = number(row["expected"]), number(row["actual"])
        row["expected_url"] = cells_url(datasette, database, row["previous_report_id"],
                                        names_in(expected, "p."))
        row["actual_url"] = cells_url(datasette, database, row["report_id"],
                                      names_in(actual, "t."))
    return rows


async def _optional(db, table: str, sql: str, params) -> list[dict] | None:
    """Rows of a table another module builds (peers, audit); None when it is absent or has
    another shape than expected."""
    if not await db.table_exists(table):
        return None
    try:
        return await _rows(db, sql, params)
    except sqlite3.Error:
        return None


def _json_list(value) -> list:
    try:
        data = json.loads(value) if isinstance(value, str) else []
    except ValueError:
        return []
    return [str(v) for v in data] if isinstance(data, list) else []


# --- the pages -------------------------------------------------------------------------------


async def _agency(db, agency_id: str) -> dict:
    rows = await _rows(db, "SELECT * FROM agencies WHERE id = ?", [agency_id]) \
        if AGENCY_ID.fullmatch(agency_id or "") else []
    if not rows:
        shown = (agency_id or "")[:40]
        raise NotHere(404, f"No agency with id {shown!r} is in this archive. Agency ids are 12 "
                           "hex digits, as in the agencies table's id column; the list of "
                           "agencies is at /-/agencies under this archive.")
    return rows[0]


@_handler
async def agency_page(datasette, request):
    database, db = await _database(datasette, request, "agencies")
    agency = await _agency(db, request.url_vars["agency_id"])
    aid = agency["id"]
    parent = None
    if agency.get("parent_id"):
        found = await _rows(db, "SELECT id, name FROM agencies WHERE id = ?", [agency["parent_id"]])
        parent = {"name": found[0]["name"], "url": agency_url(datasette, database, found[0]["id"])} \
            if found else {"name": parent_of(agency["name"], agency.get("region")), "url": None}
    reports = await _rows(db, REPORTS_SQL, [aid, MAX_REPORTS + 1])
    for report in reports:
        report["url_here"] = report_url(datasette, database, report["id"])
    has_stats = await db.table_exists("report_stats")
    indicators = await _rows(db, AGENCY_INDICATORS_SQL, {"agency_id": aid}) if has_stats else []
    continuity = await _rows(db, AGENCY_CONTINUITY_SQL, {"agency_id": aid,
                                                         "limit": MAX_CHECKS + 1}) \
        if has_stats else []
    peers = await _optional(db, "indicator_peers", "SELECT * FROM indicator_peers WHERE "
                            "agency_id = ? ORDER BY report_year, indicator", [aid])
    audit = await _optional(db, "report_audit", AUDIT_SQL, [aid])
    today = deadlines.today()
    context = {
        "view": "agency", "database": database, "agency": agency, "parent": parent,
        "level": LEVELS.get(agency.get("level"), agency.get("level")),
        "aliases": [a for a in _json_list(agency.get("aliases")) if a != agency["name"]],
        "sites": [{"slug": s, "url": datasette.urls.row(database, "sites", s)}
                  for s in _json_list(agency.get("sites"))],
        "columns": [{"text": c, "url": safe_link(c)} for c in _json_list(agency.get("columns"))],
        "years": report_years(agency["name"], agency.get("first_report_year"),
                              reports[:MAX_REPORTS], today),
        "undated": [r for r in reports[:MAX_REPORTS] if report_year(r["report_year"], today)
                    is None],
        "cut": len(reports) > MAX_REPORTS, "today": today,
        "indicators": indicator_table(datasette, database, indicators, peers or []),
        "peers": peers, "anomalies": [p for p in peers or [] if p.get("anomaly")],
        "continuity": continuity_rows(datasette, database, continuity[:MAX_CHECKS]),
        "continuity_cut": len(continuity) > MAX_CHECKS,
        "audit": audit, "report_urls": {r["id"]: r["url_here"] for r in reports},
        "report_years": {r["id"]: r["report_year"] for r in reports},
        "indicator_labels": {ind[0]: f"{ind[1]} {ind[2]}" for ind in INDICATORS},
        "audit_labels": {code: " ".join(map(str, label)) for code, label in AUDIT_CHECKS.items()},
        "stats_url": datasette.urls.table(database, "report_stats"),
        "row_url": datasette.urls.row(database, "agencies", aid),
        "index_url": f"{datasette.urls.database(database)}/-/agencies",
    }
    return await _render(datasette, request, "xxgk_agency.html", context)


@_handler
async def agencies_page(datasette, request):
    database, db = await _database(datasette, request, "agencies")
    q = (request.args.get("q") or "").strip()[:100]
    page = request.args.get("page") or "1"
    page = int(page) if page.isdigit() and 0 < int(page) <= 10_000 else 1
    rows = await _rows(db, INDEX_SQL, {"q": q, "limit": INDEX_PAGE + 1,
                                       "offset": (page - 1) * INDEX_PAGE})
    for row in rows:
        row["url"] = agency_url(datasette, database, row["id"])
        row["level_shown"] = LEVELS.get(row["level"], row["level"])
    base = f"{datasette.urls.database(database)}/-/agencies"

    def page_url(n):
        params = ([("q", q)] if q else []) + ([("page", n)] if n > 1 else [])
        return f"{base}?{urlencode(params)}" if params else base
    context = {"view": "index", "database": database, "agencies": rows[:INDEX_PAGE], "q": q,
               "page": page, "index_url": base,
               "next_url": page_url(page + 1) if len(rows) > INDEX_PAGE else None,
               "prev_url": page_url(page - 1) if page > 1 else None}
    return await _render(datasette, request, "xxgk_agency.html", context)
