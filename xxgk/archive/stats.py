"""Report statistics -> SQLite: ``report_stats`` (one row per table cell or prose quantity),
``report_stat_checks`` (one row per consistency check: ok, failed with its numbers, or unknown
when a cell it needs was not read) and the ``report_stats_wide`` view (one row per report, the
main counts as columns).

Rows are keyed by (report, source): a re-save replaces that source's rows, so saving twice gives
the same rows. ``source`` is "page" or "attachment:<url>". Codes: extract/stats/codes.py.
"""
from __future__ import annotations

import json

from xxgk.extract.stats import StatCell, check_stats

STATS_COLUMNS = {
    "report_id": str, "source": str, "section": str, "row_code": str, "col_code": str,
    "report_year": int, "format": str, "row_label": str, "col_label": str, "value": float,
    "unit": str, "raw": str, "method": str, "sentence": str, "confidence": float,
}
CHECK_COLUMNS = {"report_id": str, "source": str, "check_code": str, "ok": int, "expected": float,
                 "actual": float, "detail": str, "status": str}  # ok: 1, 0, NULL when unknown
STATS_PK = ("report_id", "source", "section", "row_code", "col_code")
CHECKS_PK = ("report_id", "source", "check_code")


def cell_sql(row: str, col: str = "total", section: str = "applications") -> str:
    """SQL for one cell of one report's chosen cells (MAX over its rows; NULL when not read)."""
    return (f"MAX(CASE WHEN section = '{section}' AND row_code = '{row}' AND col_code = '{col}'"
            " THEN value END)")


def _group(prefix: str, prose_row: str) -> str:
    """Sum of a table group's sub-rows (总计 column), e.g. ``denied_*``, else the prose total."""
    like = prefix.replace("_", "\\_")
    return (f"coalesce(SUM(CASE WHEN method != 'prose' AND section = 'applications'"
            f" AND row_code LIKE '{like}%' ESCAPE '\\' AND col_code = 'total' THEN value END),"
            f" {cell_sql(prose_row)})")


WIDE_COLUMNS = {  # column -> SQL over the chosen cells of one report
    "proactive_items": cell_sql("proactive_items", "count", "active"),
    "normative_docs_issued": "coalesce({}, {}, {})".format(
        cell_sql("normative_docs", "issued", "active"), cell_sql("normative_docs", "made", "active"),
        cell_sql("normative_docs", "count", "active")),
    "normative_docs_in_force": cell_sql("normative_docs", "in_force", "active"),
    "licensing_decisions": cell_sql("licensing", "decisions", "active"),
    "penalty_decisions": cell_sql("penalties", "decisions", "active"),
    "applications_new": cell_sql("new"),
    "applications_carried_over": cell_sql("carried_over"),
    "granted": cell_sql("granted"),
    "partly_granted": cell_sql("partly_granted"),
    "denied": _group("denied_", "denied"),
    "unable": _group("unable_", "unable"),
    "not_processed": _group("not_processed_", "not_processed"),
    "other_handled": ("coalesce(" + cell_sql("other") + ", " + _group("other_", "other") + ")"),
    "applications_total": cell_sql("total"),
    "carried_forward": cell_sql("carried_forward"),
    "reconsiderations": cell_sql("reconsideration", "total", "review"),
    "lawsuits": ("coalesce(SUM(CASE WHEN section = 'review' AND row_code LIKE 'lawsuit\\_%' ESCAPE '\\'"
                 f" AND col_code = 'total' THEN value END), {cell_sql('lawsuit', 'total', 'review')})"),
    "fees_yuan": ("MAX(CASE WHEN row_code = 'fees_charged' THEN CASE WHEN unit = '万元'"
                  " THEN value * 10000 ELSE value END END)"),
    "trainings": cell_sql("trainings", "count", "training"),
}
METHODS = ["table", "pdf_layout", "ocr", "docx", "xlsx", "xls", "text", "prose"]  # StatCell.method
METHODS_SQL = "nullif(rtrim({}, ', '), '')".format(" || ".join(  # the chosen cells' methods, in this order
    f"CASE WHEN MAX(c.method = '{m}') THEN '{m}, ' ELSE '' END" for m in METHODS))
# One table source per report and section (the page's table, else the attachment with the most
# cells of that section: the picture of a picture-only report's page that carries the table,
# not its cover) plus its prose quantities: every view over a report's numbers reads these cells.
CHOSEN_CTES = """table_source AS (
  SELECT report_id, section, coalesce(
    MIN(CASE WHEN source = 'page' THEN source END),
    (SELECT o.source FROM report_stats AS o WHERE o.report_id = report_stats.report_id
     AND o.section = report_stats.section AND o.method != 'prose'
     GROUP BY o.source ORDER BY count(*) DESC, o.source LIMIT 1)) AS source
  FROM report_stats WHERE method != 'prose' GROUP BY report_id, section),
chosen AS (
  SELECT s.* FROM report_stats AS s LEFT JOIN table_source AS t
    ON t.report_id = s.report_id AND t.section = s.section
  WHERE s.method = 'prose' OR s.source = t.source)"""
WIDE_SQL = "CREATE VIEW [report_stats_wide] AS\nWITH " + CHOSEN_CTES + """
SELECT c.report_id, r.agency, r.region, r.region_code, r.site_id,
       coalesce(MAX(c.report_year), r.report_year) AS report_year,
       coalesce(MAX(CASE WHEN c.method != 'prose' THEN c.format END), 'prose') AS format,
       {methods} AS methods,
{columns},
       (SELECT count(*) FROM report_stat_checks AS k WHERE k.report_id = c.report_id
        AND k.ok = 0) AS checks_failed,
       (SELECT count(*) FROM report_stat_checks AS k WHERE k.report_id = c.report_id
        AND k.status = 'unknown') AS checks_unknown,
       count(*) AS cells
FROM chosen AS c JOIN reports AS r ON r.id = c.report_id
GROUP BY c.report_id""".replace("{columns}", ",\n".join(
    f"       {sql} AS {name}" for name, sql in WIDE_COLUMNS.items())).replace("{methods}", METHODS_SQL)


def ensure_stats_shape(db) -> None:
    """Create the two tables, their indexes and the wide view (idempotent; the view is replaced
    when its SQL changed)."""
    if not db["report_stats"].exists():
        db["report_stats"].create(STATS_COLUMNS, pk=STATS_PK,
                                  foreign_keys=[("report_id", "reports", "id")])
    if not db["report_stat_checks"].exists():
        db["report_stat_checks"].create(CHECK_COLUMNS, pk=CHECKS_PK,
                                        foreign_keys=[("report_id", "reports", "id")])
    for table, columns in (("report_stats", STATS_COLUMNS), ("report_stat_checks", CHECK_COLUMNS)):
        have = db[table].columns_dict
        for name, type_ in columns.items():  # an older archive: add what it lacks, keep rows
            if name not in have:
                db[table].add_column(name, type_)
                if (table, name) == ("report_stat_checks", "status"):  # rows checked before it
                    db.execute("UPDATE report_stat_checks SET status = CASE ok WHEN 1 THEN 'ok'"
                               " WHEN 0 THEN 'failed' ELSE 'unknown' END")
    for columns in (["row_code", "col_code"], ["report_year"], ["section"]):
        db["report_stats"].create_index(columns, if_not_exists=True)
    db["report_stat_checks"].create_index(["ok"], if_not_exists=True)
    db["report_stat_checks"].create_index(["status"], if_not_exists=True)
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = "
                     "'report_stats_wide'").fetchone()
    if row is None or row[0] != WIDE_SQL:
        db.execute("DROP VIEW IF EXISTS [report_stats_wide]")
        db.execute(WIDE_SQL)


def _cell(c) -> StatCell:
    return c if isinstance(c, StatCell) else StatCell(**c)


def save_report_stats(db, report_id: str, report_year: int | None, cells, checks=None, *,
                      source: str = "page") -> int:
    """Replace the report's rows from ``source`` with ``cells`` (StatCell or their dicts) and
    ``checks`` (computed with ``check_stats`` when None). ``cells`` None leaves the rows as they
    are (a record from an extractor without statistics). Call inside the caller's transaction.
    Returns the number of cells stored."""
    if cells is None:
        return 0
    cells = [_cell(c) for c in cells]
    checks = check_stats(cells) if checks is None else checks
    rows = {(c.section, c.row_code, c.col_code): (report_id, source, c.section, c.row_code,
            c.col_code, report_year, c.format, c.row_label, c.col_label, c.value, c.unit, c.raw,
            c.method, c.sentence, c.confidence) for c in cells}  # a repeated cell: the last one
    checked = {k.code: (report_id, source, k.code, None if k.ok is None else int(k.ok), k.expected,
               k.actual, json.dumps(k.detail, ensure_ascii=False, sort_keys=True), k.status)
               for k in checks}
    if _stored(db, report_id, source) == (rows, checked):
        return len(cells)  # the same cells again (a re-crawl): nothing written, nothing to refresh
    db.execute("DELETE FROM report_stats WHERE report_id = ? AND source = ?", [report_id, source])
    db.execute("DELETE FROM report_stat_checks WHERE report_id = ? AND source = ?",
               [report_id, source])
    db.conn.executemany(
        "INSERT OR REPLACE INTO report_stats (report_id, source, section, row_code, col_code,"
        " report_year, format, row_label, col_label, value, unit, raw, method, sentence,"
        " confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", list(rows.values()))
    db.conn.executemany(
        "INSERT OR REPLACE INTO report_stat_checks (report_id, source, check_code, ok, expected,"
        " actual, detail, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", list(checked.values()))
    return len(cells)


def _stored(db, report_id: str, source: str) -> tuple[dict, dict]:
    """The report's rows from ``source`` as save_report_stats would write them."""
    rows = {tuple(r[2:5]): tuple(r) for r in db.execute(
        "SELECT report_id, source, section, row_code, col_code, report_year, format, row_label,"
        " col_label, value, unit, raw, method, sentence, confidence FROM report_stats"
        " WHERE report_id = ? AND source = ?", [report_id, source])}
    checked = {r[2]: tuple(r) for r in db.execute(
        "SELECT report_id, source, check_code, ok, expected, actual, detail, status FROM"
        " report_stat_checks WHERE report_id = ? AND source = ?", [report_id, source])}
    return rows, checked


def save_attachment_stats(db, report_id: str, url: str, cells) -> int:
    """The standard tables the crawler found in an attachment's text (``extract.stats
    .parse_stats_text``), stored with source ``attachment:<url>``; ``cells`` None leaves that
    source's rows as they are. Call inside the caller's transaction. Returns the number of cells."""
    if cells is None:
        return 0
    row = db.execute("SELECT report_year FROM reports WHERE id = ?", [report_id]).fetchone()
    return save_report_stats(db, report_id, row[0] if row else None, cells,
                             source=f"attachment:{url}")
