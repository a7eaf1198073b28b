"""Indicators derived from ``report_stats`` (issue 12): the ``report_indicators`` table (one row
per report with statistics, each rate beside its denominator) and the ``indicator_continuity``
table (cross-year checks of one agency, matched by its agency id). Both are recomputed from the
stored cells by :func:`refresh_indicators` after every crawl and re-extraction (derived.py):
as views they took 0.7 s to show one report and minutes for the continuity checks at 50,000
reports, because SQLite computes the whole grouped view before filtering. Cells come from the
same table source per report and section as ``report_stats_wide`` (stats.CHOSEN_CTES: the
page's table, else the attachment with the most cells, plus prose). A rate is NULL when its
denominator is 0 or a cell it needs is missing.

Not included: applications per 10k residents (the archive holds no population data).
"""
from __future__ import annotations

import re

from xxgk.archive.db import transaction
from xxgk.archive.stats import CHOSEN_CTES, WIDE_COLUMNS, cell_sql
from xxgk.extract.stats.codes import ROWS

MIN_CASES = 30  # rankings should leave out rates whose denominator is under this many cases


CELLS = dict(WIDE_COLUMNS)
DENIED_REASONS = [code for code in ROWS if code.startswith("denied_")]  # the eight 不予公开 reasons
CELLS.update({code: cell_sql(code) for code in DENIED_REASONS})
CELLS.update({
    "unable_not_held": cell_sql("unable_not_held"),
    "applicants_natural_person": cell_sql("new", "natural_person"),
    "reconsideration_corrected": cell_sql("reconsideration", "corrected", "review"),
    "reconsideration_pending": cell_sql("reconsideration", "pending", "review"),
    "lawsuit_direct_total": cell_sql("lawsuit_direct", "total", "review"),
    "lawsuit_direct_corrected": cell_sql("lawsuit_direct", "corrected", "review"),
    "lawsuit_direct_pending": cell_sql("lawsuit_direct", "pending", "review"),
    "lawsuit_after_total": cell_sql("lawsuit_after_reconsideration", "total", "review"),
    "lawsuit_after_corrected": cell_sql("lawsuit_after_reconsideration", "corrected", "review"),
    "lawsuit_after_pending": cell_sql("lawsuit_after_reconsideration", "pending", "review"),
    "regulations_in_force": cell_sql("regulations", "in_force", "active"),
    "regulations_issued": cell_sql("regulations", "issued", "active"),
    "regulations_repealed": cell_sql("regulations", "repealed", "active"),
    "normative_docs_issued_2021": cell_sql("normative_docs", "issued", "active"),
    "normative_docs_repealed": cell_sql("normative_docs", "repealed", "active"),
})
CELL_NAMES = ["applications_new", "applications_carried_over", "granted", "partly_granted", "denied",
              *DENIED_REASONS,
              "unable", "unable_not_held", "not_processed", "applications_total", "carried_forward",
              "applicants_natural_person", "reconsiderations", "reconsideration_corrected",
              "reconsideration_pending", "lawsuit_direct_total", "lawsuit_direct_corrected",
              "lawsuit_direct_pending", "lawsuit_after_total", "lawsuit_after_corrected",
              "lawsuit_after_pending", "normative_docs_in_force", "normative_docs_issued_2021",
              "normative_docs_repealed", "regulations_in_force", "regulations_issued",
              "regulations_repealed"]

# (name, 中文, English, formula, numerator SQL, denominator name, denominator SQL) over cells
INDICATORS = [
    ("disclosure_rate", "公开率", "Disclosure rate", "(予以公开 + 部分公开) / （七）总计",
     "granted + partly_granted", "applications_total", "applications_total"),
    ("denial_rate", "不予公开率", "Denial rate", "（三）不予公开 / （七）总计",
     "denied", None, "applications_total"),
    ("unable_rate", "无法提供率", "Cannot-provide rate", "（四）无法提供 / （七）总计",
     "unable", None, "applications_total"),
    ("unable_not_held_share", "不掌握占无法提供比例", "Not-held share of cannot-provide",
     "本机关不掌握 / （四）无法提供", "unable_not_held", "unable", "unable"),
    ("not_processed_rate", "不予处理率", "Not-processed rate", "（五）不予处理 / （七）总计",
     "not_processed", None, "applications_total"),
    ("carry_forward_rate", "结转率", "Carry-forward rate", "结转下年度 / (本年新收 + 上年结转)",
     "carried_forward", "applications_received", "applications_new + applications_carried_over"),
    ("natural_person_share", "自然人申请占比", "Natural-person share of applications",
     "自然人 本年新收 / 总计 本年新收", "applicants_natural_person", None, "applications_new"),
    ("reconsideration_correction_rate", "行政复议纠错率", "Reconsideration correction rate",
     "复议 结果纠正 / (复议 总计 − 尚未审结)", "reconsideration_corrected", "reconsiderations_decided",
     "reconsiderations - reconsideration_pending"),
    ("lawsuit_direct_correction_rate", "直接起诉纠错率", "Direct lawsuit correction rate",
     "直接起诉 结果纠正 / (总计 − 尚未审结)", "lawsuit_direct_corrected", "lawsuits_direct_decided",
     "lawsuit_direct_total - lawsuit_direct_pending"),
    ("lawsuit_after_correction_rate", "复议后起诉纠错率", "Lawsuit-after-reconsideration correction rate",
     "复议后起诉 结果纠正 / (总计 − 尚未审结)", "lawsuit_after_corrected", "lawsuits_after_decided",
     "lawsuit_after_total - lawsuit_after_pending"),
]


def _indicator_columns() -> list[tuple[str, str]]:
    """(column, SQL over the cells) of each denominator that is no cell, each rate and the
    small-denominator flag, in table order."""
    cols, seen = [], set()
    for name, _, _, _, num, den_name, den in INDICATORS:
        if den_name and den_name not in seen:
            seen.add(den_name)
            if den_name not in CELL_NAMES:
                cols.append((den_name, den))
        cols.append((name, f"CAST(({num}) AS REAL) / nullif({den}, 0)"))
    cols.append(("small_denominator", f"applications_total < {MIN_CASES}"))
    return cols


CHOSEN_SQL = "WITH " + CHOSEN_CTES + """,
cells AS (
  SELECT c.report_id, ra.agency_id, r.agency, r.region, r.region_code, r.site_id,
         coalesce(MAX(c.report_year), r.report_year) AS report_year,
{cells}
  FROM chosen AS c JOIN reports AS r ON r.id = c.report_id
  LEFT JOIN report_agencies AS ra ON ra.report_id = c.report_id GROUP BY c.report_id)"""
KEY_COLUMNS = {"report_id": "TEXT PRIMARY KEY", "agency_id": "TEXT", "agency": "TEXT",
               "region": "TEXT", "region_code": "TEXT", "site_id": "TEXT", "report_year": "INTEGER"}
INDICATOR_COLUMNS = {**KEY_COLUMNS, **{n: "REAL" for n in CELL_NAMES},
                     **{n: "REAL" for n, _ in _indicator_columns()}}
INDICATOR_COLUMNS["small_denominator"] = "INTEGER"
INDICATORS_SELECT = (CHOSEN_SQL.replace("{cells}", ",\n".join(
    f"         {CELLS[n]} AS {n}" for n in CELL_NAMES)) + "\nSELECT " + ", ".join(KEY_COLUMNS)
    + ",\n       " + ",\n       ".join(CELL_NAMES + [f"{sql} AS {n}" for n, sql in _indicator_columns()])
    + "\nFROM cells")

CONTINUITY_CHECKS = [  # (check_code, expected from last year, actual this year)
    ("carried_forward", "p.carried_forward", "t.applications_carried_over"),
    ("normative_docs_in_force",
     "p.normative_docs_in_force + t.normative_docs_issued_2021 - t.normative_docs_repealed",
     "t.normative_docs_in_force"),
    ("regulations_in_force", "p.regulations_in_force + t.regulations_issued - t.regulations_repealed",
     "t.regulations_in_force"),
]
CONTINUITY_COLUMNS = {"agency_id": "TEXT", "agency": "TEXT", "region": "TEXT", "year": "INTEGER",
                      "previous_year": "INTEGER", "check_code": "TEXT", "expected": "REAL",
                      "actual": "REAL", "ok": "INTEGER", "report_id": "TEXT",
                      "previous_report_id": "TEXT"}
CONTINUITY_SELECT = "\nUNION ALL\n".join(
    f"""SELECT t.agency_id, t.agency, t.region, t.report_year, p.report_year, '{code}', {exp}, {act},
       CASE WHEN ({exp}) IS NULL OR ({act}) IS NULL THEN NULL ELSE ({exp}) = ({act}) END,
       t.report_id, p.report_id
FROM report_indicators AS t JOIN report_indicators AS p
  ON p.agency_id = t.agency_id AND p.report_year = t.report_year - 1"""
    for code, exp, act in CONTINUITY_CHECKS)
TABLES = {  # name -> (columns, extra table constraint, indexes)
    "report_indicators": (INDICATOR_COLUMNS, "", [["agency_id", "report_year"], ["report_year"]]),
    "indicator_continuity": (CONTINUITY_COLUMNS,
                             ", PRIMARY KEY (report_id, previous_report_id, check_code)",
                             [["agency_id", "year"], ["ok"]]),
}


def ensure_indicators_shape(db) -> bool:
    """Create the two tables (empty until :func:`refresh_indicators`); an older archive's views
    of the same names, or tables of other columns, are replaced (they hold nothing but what a
    refresh recomputes). True when a table was replaced: the caller refreshes it."""
    replaced = False
    for name, (columns, constraint, indexes) in TABLES.items():
        row = db.execute("SELECT type FROM sqlite_master WHERE name = ?", [name]).fetchone()
        if row and row[0] == "view":
            db.execute(f"DROP VIEW [{name}]")
            replaced = True
        elif row and [c[1] for c in db.execute(f"PRAGMA table_info([{name}])")] != list(columns):
            db.execute(f"DROP TABLE [{name}]")
            replaced = True
        db.execute(f"CREATE TABLE IF NOT EXISTS [{name}] ("
                   + ", ".join(f"[{c}] {t}" for c, t in columns.items()) + constraint + ")")
        for cols in indexes:
            db.execute(f"CREATE INDEX IF NOT EXISTS [idx_{name}_{'_'.join(cols)}] ON [{name}] ("
                       + ", ".join(f"[{c}]" for c in cols) + ")")
    return replaced


def refresh_indicators(db, scope=None) -> int:
    """Recompute both tables from ``report_stats`` (after the agencies, whose ids they use).
    With ``scope`` (derived.Scope), only the rows of its reports and the continuity checks
    they take part in. Returns the number of reports with indicators (in the scope, when
    scoped)."""
    replaced = ensure_indicators_shape(db)
    if scope is None or replaced:
        with transaction(db):
            db.execute("DELETE FROM indicator_continuity")
            db.execute("DELETE FROM report_indicators")
            db.execute(f"INSERT INTO report_indicators ({', '.join(INDICATOR_COLUMNS)})\n"
                       + INDICATORS_SELECT)
            db.execute(f"INSERT OR IGNORE INTO indicator_continuity ({', '.join(CONTINUITY_COLUMNS)})"
                       "\n" + CONTINUITY_SELECT)
        return db.execute("SELECT count(*) FROM report_indicators").fetchone()[0]
    return _refresh_scoped(db, scope)


_SCOPED_STATS = "_indicator_stats"  # a temp copy of the scope's cells, read as report_stats


def _refresh_scoped(db, scope) -> int:
    """The rows of the scope's reports (each computed from its own cells), and the continuity
    checks of the agency-years they were or are in and of the year after (each pairs a report
    with its agency's report of the year before)."""
    conn = db.conn
    for name in ("_indicator_reports", "_indicator_years", _SCOPED_STATS):
        conn.execute(f"DROP TABLE IF EXISTS temp.[{name}]")
    conn.execute("CREATE TEMP TABLE _indicator_reports (id TEXT PRIMARY KEY)")
    conn.executemany("INSERT OR IGNORE INTO temp._indicator_reports VALUES (?)",
                     [(r,) for r in sorted(scope.reports)])
    conn.execute("CREATE TEMP TABLE _indicator_years (agency_id TEXT, year INTEGER,"
                 " PRIMARY KEY (agency_id, year))")
    years = ("INSERT OR IGNORE INTO temp._indicator_years SELECT agency_id, report_year + d FROM"
             " report_indicators, (SELECT 0 AS d UNION ALL SELECT 1) WHERE report_id IN (SELECT id"
             " FROM temp._indicator_reports) AND agency_id IS NOT NULL AND report_year IS NOT NULL")
    conn.execute(years)  # as the table has them
    conn.execute(f"CREATE TEMP TABLE {_SCOPED_STATS} AS SELECT * FROM report_stats WHERE"
                 " report_id IN (SELECT id FROM temp._indicator_reports)")
    conn.execute(f"CREATE INDEX temp.{_SCOPED_STATS}_report ON {_SCOPED_STATS}"
                 " (report_id, section, source)")
    in_years = ("(t.agency_id, t.report_year) IN (SELECT agency_id, year FROM"
                " temp._indicator_years)")
    with transaction(db):
        db.execute("DELETE FROM report_indicators WHERE report_id IN (SELECT id FROM"
                   " temp._indicator_reports)")
        db.execute(f"INSERT INTO report_indicators ({', '.join(INDICATOR_COLUMNS)})\n"
                   + re.sub(r"\breport_stats\b", _SCOPED_STATS, INDICATORS_SELECT))
        db.execute(years)  # and as they are now
        db.execute("DELETE FROM indicator_continuity WHERE (agency_id, year) IN (SELECT agency_id,"
                   " year FROM temp._indicator_years)")
        db.execute(f"INSERT OR IGNORE INTO indicator_continuity ({', '.join(CONTINUITY_COLUMNS)})\n"
                   + CONTINUITY_SELECT.replace("\nUNION ALL\n", f"\nWHERE {in_years}\nUNION ALL\n")
                   + f"\nWHERE {in_years}")
    count = conn.execute("SELECT count(*) FROM report_indicators WHERE report_id IN (SELECT id"
                         " FROM temp._indicator_reports)").fetchone()[0]
    for name in ("_indicator_reports", "_indicator_years", _SCOPED_STATS):
        conn.execute(f"DROP TABLE temp.[{name}]")
    return count


CONTINUITY_DOCS = {
    "agency_id": "机关编号 Agency id (agencies): the same agency across years",
    "agency": "机关名称 Agency as printed (its reports are matched across years by agency_id)",
    "region": "地区 Region", "year": "本年度 Report year", "previous_year": "上一年度 Previous year",
    "check_code": "检查项 Check: carried_forward (上年结转 = 去年结转下年度), normative_docs_in_force / "
                  "regulations_in_force (去年现行有效 + 本年制发 − 本年废止 = 本年现行有效, 2021 format)",
    "expected": "按上一年推算的值 Expected from last year", "actual": "本年报告的值 Value printed this year",
    "ok": "1 一致 consistent, 0 不一致 inconsistent, NULL 缺少单元格 a cell is missing",
    "report_id": "本年报告 This year's report", "previous_report_id": "上一年报告 Last year's report",
}


CELL_LABELS = {
    "applications_new": "本年新收 new × 总计", "applications_carried_over": "上年结转 carried_over × 总计",
    "granted": "予以公开 granted", "partly_granted": "部分公开 partly_granted",
    "denied": "不予公开 sum of denied_* (8 reasons) else prose", "unable": "无法提供 sum of unable_*",
    "unable_not_held": "本机关不掌握 unable_not_held", "not_processed": "不予处理 sum of not_processed_*",
    "applications_total": "（七）总计 total × 总计", "carried_forward": "结转下年度 carried_forward",
    "applicants_natural_person": "本年新收 × 自然人 (new, natural_person)",
    "reconsiderations": "行政复议 总计", "reconsideration_corrected": "行政复议 结果纠正",
    "reconsideration_pending": "行政复议 尚未审结",
    "lawsuit_direct_total": "未经复议直接起诉 总计", "lawsuit_direct_corrected": "直接起诉 结果纠正",
    "lawsuit_direct_pending": "直接起诉 尚未审结", "lawsuit_after_total": "复议后起诉 总计",
    "lawsuit_after_corrected": "复议后起诉 结果纠正", "lawsuit_after_pending": "复议后起诉 尚未审结",
    "normative_docs_in_force": "规范性文件 现行有效", "normative_docs_issued_2021": "规范性文件 本年制发",
    "normative_docs_repealed": "规范性文件 本年废止", "regulations_in_force": "规章 现行有效",
    "regulations_issued": "规章 本年制发", "regulations_repealed": "规章 本年废止",
}


CELL_LABELS.update({code: f"{ROWS[code][1]} {ROWS[code][2]}" for code in DENIED_REASONS})


def _indicator_docs() -> dict[str, str]:
    docs = {"report_id": "报告编号 Report id (reports)", "agency_id": "机关编号 Agency id (agencies)",
            "agency": "发布机关 Agency as printed", "region": "地区 Region",
            "region_code": "行政区划代码 Region code", "site_id": "站点 Site (sites)",
            "report_year": "报告年度 Report year"}
    docs.update({n: f"单元格 Cell: {CELL_LABELS.get(n, n)} (report_stats, chosen table source)" for n in CELL_NAMES})
    for name, zh, en, formula, num, den_name, den in INDICATORS:
        if den_name and den_name not in CELL_NAMES:
            docs[den_name] = f"分母 Denominator: {den}"
        docs[name] = f"{zh} {en}: {formula}; cells {num} / {den}; NULL when the denominator is 0 or a cell is missing"
    docs["small_denominator"] = f"（七）总计 < {MIN_CASES}: 样本过少 too few cases for rankings (MIN_CASES)"
    return docs


INDICATOR_DOCS = _indicator_docs()


def metadata_fragment() -> dict:
    """Datasette metadata for the two tables (databases.archive.tables)."""
    return {"tables": {
        "report_indicators": {"description": "指标 Indicators per report (one table source per report, "
                              "as report_stats_wide). No per-10k-residents rate: no population data.",
                              "columns": INDICATOR_DOCS},
        "indicator_continuity": {"description": "跨年衔接检查 Cross-year continuity of one agency; "
                                 "no row when the previous year's report is missing (gap year).",
                                 "columns": CONTINUITY_DOCS}}}
