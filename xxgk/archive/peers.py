"""Peer comparison (issue 12 part 5): each indicator of ``report_indicators`` ranked within its
peer group, and its change from the agency's previous year, in the table ``indicator_peers``.

* **Peer group** (同级同省同年): same level, same province (first two digits of the region code),
  same report year, e.g. ``county|37|2024``. Departments are compared with departments of the
  same government level (``county-department|37|2024``): a county bureau is not the peer of a
  provincial 厅. A report without a row in ``report_agencies`` (or with no such table) is keyed
  by its trimmed agency name and its level is unknown (``any|37|2024``).
* **Rank and percentile**: ``rank`` = 1 + the number of peers with a higher value (ties share a
  rank); ``percentile`` = 100 × percent_rank() over ascending values = 100 × (the number of peers
  with a lower value) / (peers − 1): 100 is the highest value of the group, 0 the lowest, ties
  equal. A high value is not always good (denial_rate).
* **Left out** of ranks (row kept, ``rank``/``percentile`` NULL, ``excluded_reason`` says why):
  a denominator under MIN_CASES (``denominator < 30``), a second report of the same agency and
  year (``duplicate report``: the one with the larger denominator, then the smaller id, is
  ranked), no region code or no report year. Alone in its group: rank 1, percentile NULL.
  Reports where the indicator is NULL (denominator 0, a cell missing) have no row.
* **Change**: value − the same agency's value of the previous report year (a gap year gives
  NULL). ``anomaly`` = 1 when |change| ≥ THRESHOLDS[indicator] (default 0.30 = 30 percentage
  points), 0 below, NULL when not judged (no previous year, or a denominator under MIN_CASES in
  either year: rates of a few cases swing by chance).

Rebuilt in full by :func:`refresh_peers` in a few INSERT … SELECT statements (window functions),
inside one savepoint, so readers see the old table until the new one is complete.
"""
from __future__ import annotations

from xxgk.archive.indicators import INDICATORS, MIN_CASES

DEFAULT_THRESHOLD = 0.30  # |change| of a rate, absolute (30 percentage points)
THRESHOLDS = {"carry_forward_rate": 0.20}  # a backlog jump: carry-forward is usually under 0.1
EPSILON = 1e-9  # 0.7 - 0.4 is 0.29999999999999993 in floating point: still at the threshold
REASONS = {"small": f"denominator < {MIN_CASES}", "duplicate": "duplicate report",
           "no_code": "no region code", "no_year": "no report year", "alone": "alone in peer group"}
NOT_JUDGED = f"not judged: denominator < {MIN_CASES} this or last year"

COLUMNS = {  # name: (type, documentation 中文 English)
    "report_id": ("TEXT", "报告编号 Report id, see reports"),
    "indicator": ("TEXT", "指标 Indicator name, see report_indicators (disclosure_rate …)"),
    "agency_id": ("TEXT", "机关编号 Agency id, see agencies (NULL without report_agencies)"),
    "agency": ("TEXT", "机关 Agency: agencies.name, else the report's trimmed agency"),
    "region": ("TEXT", "地区 Region"),
    "level": ("TEXT", "层级 Level: province / city / county / department (agencies.level)"),
    "province_code": ("TEXT", "省级代码 Province: first two digits of the 6-digit region code"),
    "report_year": ("INTEGER", "报告年度 Report year"),
    "value": ("REAL", "指标值 Value of the indicator, 0–1"),
    "denominator": ("INTEGER", "分母 Cases the rate is computed over (see report_indicators)"),
    "peer_group": ("TEXT", "同类组 Peer group: level|province|year, departments as "
                           "<government level>-department; NULL without region code or year"),
    "peers": ("INTEGER", f"同组可比数 Reports ranked in the peer group (denominator ≥ {MIN_CASES})"),
    "rank": ("INTEGER", "排名 Rank in the group, 1 = highest value; ties share a rank"),
    "percentile": ("REAL", "百分位 100 × percent_rank: share of peers with a lower value × 100 / "
                           "(peers − 1); 100 = highest, ties equal; NULL when left out or alone"),
    "excluded_reason": ("TEXT", "未排名原因 Why not ranked: " + ", ".join(REASONS.values())),
    "previous_report_id": ("TEXT", "上年报告 The agency's report of the previous year"),
    "previous_value": ("REAL", "上年值 Value of the previous report year (NULL after a gap year)"),
    "previous_denominator": ("INTEGER", "上年分母 Denominator of the previous year"),
    "change": ("REAL", "变化 value − previous_value (absolute; 0.1 = 10 percentage points)"),
    "threshold": ("REAL", "异常阈值 |change| at which the change is flagged (THRESHOLDS)"),
    "anomaly": ("INTEGER", "异常 1 when |change| ≥ threshold, 0 below, NULL not judged "
                           f"(no previous year, or a denominator < {MIN_CASES} in either year)"),
    "anomaly_reason": ("TEXT", "异常说明 What changed (上升/下降 … 个百分点), or why not judged"),
}

TABLE_SQL = ("CREATE TABLE [indicator_peers] (\n  " + ",\n  ".join(
    f"[{name}] {kind}" for name, (kind, _) in COLUMNS.items())
    + ",\n  PRIMARY KEY (report_id, indicator)\n)")
INDEX_SQL = [
    "CREATE INDEX [idx_indicator_peers_group] ON [indicator_peers] "
    "(indicator, report_year, province_code, level, rank)",
    "CREATE INDEX [idx_indicator_peers_agency] ON [indicator_peers] (agency_id, indicator, report_year)",
    "CREATE INDEX [idx_indicator_peers_anomaly] ON [indicator_peers] (indicator) WHERE anomaly = 1",
]


def _denominator(den_name, den) -> str:
    return den_name or den  # report_indicators has the denominator under its name, or the cell


def _reports_sql() -> str:
    """One row per report: who published it (its agency, by report_indicators.agency_id), where,
    and every indicator with its denominator."""
    cols = ", ".join(f"i.{name}, i.{_denominator(dn, d)} AS {name}__den"
                     for name, _, _, _, _, dn, d in INDICATORS)
    who = ("a.id AS agency_id, coalesce(a.name, nullif(trim(i.agency), '')) AS agency, "
           "coalesce(a.region, i.region) AS region, a.level, CASE WHEN a.level = 'department' "
           "AND a.government_level IS NOT NULL THEN a.government_level || '-department' "
           "ELSE a.level END AS peer_level, coalesce(a.region_code, i.region_code) AS code, "
           "coalesce(a.id, nullif(trim(i.agency), ''), 'report:' || i.report_id) AS agency_key")
    return (f"CREATE TEMP TABLE _peer_reports AS SELECT i.report_id, {who}, i.report_year, {cols}\n"
            "FROM report_indicators AS i JOIN reports AS r ON r.id = i.report_id\n"
            "LEFT JOIN agencies AS a ON a.id = i.agency_id\n"
            "WHERE coalesce(r.is_report, 1) = 1{where}")


# a report's peer group (as _peers_sql's ``keyed`` names it), from a _peer_reports row
_GROUP = ("CASE WHEN code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]' AND report_year IS NOT NULL"
          " THEN coalesce(peer_level, 'any') || '|' || substr(code, 1, 2) || '|' || report_year END")


def _values_sql(source: str = "_peer_reports") -> str:
    """Long format: one row per report and indicator with a value."""
    names = ", ".join(f"('{name}', {n})" for n, (name, *_) in enumerate(INDICATORS))
    value = " ".join(f"WHEN '{name}' THEN p.{name}" for name, *_ in INDICATORS)
    den = " ".join(f"WHEN '{name}' THEN p.{name}__den" for name, *_ in INDICATORS)
    return f"""CREATE TEMP TABLE _peer_values AS
WITH k(indicator, position) AS (VALUES {names})
SELECT * FROM (
  SELECT p.report_id, k.indicator, k.position, p.agency_id, p.agency, p.region, p.level,
         p.peer_level, CASE WHEN p.code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'
                            THEN substr(p.code, 1, 2) END AS province_code,
         p.report_year, p.agency_key,
         CASE k.indicator {value} END AS value, CASE k.indicator {den} END AS denominator
  FROM {source} AS p CROSS JOIN k)
WHERE value IS NOT NULL"""


def _threshold_sql() -> str:
    cases = " ".join(f"WHEN '{name}' THEN {t!r}" for name, t in sorted(THRESHOLDS.items()))
    return f"CASE indicator {cases} ELSE {DEFAULT_THRESHOLD!r} END" if cases else repr(DEFAULT_THRESHOLD)


def _peers_sql() -> str:
    r = REASONS
    return f"""INSERT INTO indicator_peers ({", ".join(COLUMNS)})
WITH keyed AS (
  SELECT v.*, CASE WHEN province_code IS NOT NULL AND report_year IS NOT NULL
                   THEN coalesce(peer_level, 'any') || '|' || province_code || '|' || report_year
              END AS peer_group,
         row_number() OVER (PARTITION BY agency_key, report_year, indicator
                            ORDER BY denominator DESC, report_id) AS copy
  FROM _peer_values AS v),
judged AS (
  SELECT *, CASE WHEN report_year IS NULL THEN '{r["no_year"]}'
                 WHEN copy > 1 THEN '{r["duplicate"]}'
                 WHEN province_code IS NULL THEN '{r["no_code"]}'
                 WHEN denominator < {MIN_CASES} THEN '{r["small"]}' END AS reason,
         (report_year IS NOT NULL AND copy = 1) AS kept, {_threshold_sql()} AS threshold
  FROM keyed),
ranked AS (
  SELECT *, CASE WHEN peer_group IS NOT NULL THEN sum(reason IS NULL) OVER (g ROWS BETWEEN
              UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) END AS peers,
         rank() OVER g AS r_desc, count(*) OVER g AS at_least,
         lag(report_year) OVER w AS prev_year, lag(report_id) OVER w AS prev_id,
         lag(value) OVER w AS prev_value, lag(denominator) OVER w AS prev_den
  FROM judged
  WINDOW g AS (PARTITION BY indicator, peer_group ORDER BY reason IS NULL DESC, value DESC),
         w AS (PARTITION BY agency_key, indicator, kept ORDER BY report_year)),
changed AS (
  SELECT *, CASE WHEN kept AND prev_year = report_year - 1 THEN 1 ELSE 0 END AS has_prev
  FROM ranked),
final AS (
  SELECT *, CASE WHEN has_prev THEN value - prev_value END AS change,
         CASE WHEN reason IS NULL AND peers = 1 THEN '{r["alone"]}' ELSE reason END AS excluded
  FROM changed)
SELECT report_id, indicator, agency_id, agency, region, level, province_code, report_year, value,
       denominator, peer_group, peers, CASE WHEN reason IS NULL THEN r_desc END,
       CASE WHEN excluded IS NULL THEN 100.0 * (peers - at_least) / (peers - 1) END, excluded,
       CASE WHEN has_prev THEN prev_id END, CASE WHEN has_prev THEN prev_value END,
       CASE WHEN has_prev THEN prev_den END, change, threshold,
       CASE WHEN NOT has_prev THEN NULL
            WHEN denominator < {MIN_CASES} OR prev_den < {MIN_CASES} THEN NULL
            WHEN abs(change) >= threshold - {EPSILON!r} THEN 1 ELSE 0 END,
       CASE WHEN NOT has_prev THEN NULL
            WHEN denominator < {MIN_CASES} OR prev_den < {MIN_CASES} THEN '{NOT_JUDGED}'
            WHEN abs(change) >= threshold - {EPSILON!r} THEN printf(
              '%s %.1f 个百分点 %s by %.1f points (threshold %.0f)',
              CASE WHEN change > 0 THEN '上升' ELSE '下降' END, 100 * abs(change),
              CASE WHEN change > 0 THEN 'rose' ELSE 'fell' END, 100 * abs(change), 100 * threshold)
       END
FROM final
ORDER BY report_id, position"""


def refresh_peers(db, scope=None) -> int:
    """(Re)build ``indicator_peers`` from ``report_indicators`` and ``agencies`` (after their own
    rebuilds: derived.STEPS). Deterministic: the same archive gives the same rows. With
    ``scope`` (derived.Scope), only the rows that can change: every report of a peer group or an
    agency that one of the scope's reports was or is in, each ranked against its whole group
    and its agency's other years. Returns the number of rows (written, when scoped)."""
    conn = db.conn
    conn.execute("SAVEPOINT refresh_peers")
    temp = ("_peer_reports", "_peer_values", "_peer_scope", "_peer_touched", "_peer_write",
            "_peer_input")
    try:
        for name in temp:
            conn.execute(f"DROP TABLE IF EXISTS temp.[{name}]")
        conn.execute(_reports_sql().replace("{where}", ""))
        if scope is None or not _has_table(conn):
            conn.execute(_values_sql())
            conn.execute("DROP TABLE IF EXISTS [indicator_peers]")
            conn.execute(TABLE_SQL)
            conn.execute(_peers_sql())
            for sql in INDEX_SQL:
                conn.execute(sql)
            count = conn.execute("SELECT count(*) FROM indicator_peers").fetchone()[0]
        else:
            count = _refresh_scoped(conn, scope)
        for name in temp:
            conn.execute(f"DROP TABLE IF EXISTS temp.[{name}]")
    except BaseException:
        conn.execute("ROLLBACK TO refresh_peers")
        conn.execute("RELEASE refresh_peers")
        raise
    conn.execute("RELEASE refresh_peers")
    return count


def _has_table(conn) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'indicator_peers'").fetchone() \
        is not None


_OLD_KEY = "coalesce(agency_id, agency, 'report:' || report_id)"  # agency_key of a stored row


def _refresh_scoped(conn, scope) -> int:
    """Rank again what the scope's reports can change. Written: every report of a peer group
    one of them is or was in (ranks), and of the same agency and year or the year after
    (which copy is ranked; the change from last year). Read: every report of the written
    ones' groups, and of their agencies in their year and the year before, so each window
    sees all it ranks over (a lag to a year before that gives no change anyway)."""
    conn.execute(f"CREATE INDEX temp._peer_reports_group ON _peer_reports (({_GROUP}))")
    conn.execute("CREATE INDEX temp._peer_reports_key ON _peer_reports (agency_key, report_year)")
    conn.execute("CREATE TEMP TABLE _peer_scope (id TEXT PRIMARY KEY)")
    conn.executemany("INSERT OR IGNORE INTO temp._peer_scope VALUES (?)",
                     [(r,) for r in sorted(scope.reports)])
    # the groups, agencies and years the scope's reports are in now and were in
    conn.execute(f"""CREATE TEMP TABLE _peer_touched AS
      SELECT {_GROUP} AS g, agency_key AS k, report_year AS y FROM _peer_reports
      WHERE report_id IN (SELECT id FROM temp._peer_scope)
      UNION SELECT peer_group, {_OLD_KEY}, report_year FROM indicator_peers
      WHERE report_id IN (SELECT id FROM temp._peer_scope)""")
    columns = f"p.report_id, p.agency_key AS k, p.report_year AS y, {_GROUP} AS g"
    conn.execute(f"""CREATE TEMP TABLE _peer_write AS
      SELECT {columns} FROM _peer_reports AS p WHERE {_GROUP} IN (SELECT g FROM temp._peer_touched)
      UNION SELECT {columns} FROM temp._peer_touched AS t JOIN _peer_reports AS p
        ON p.agency_key = t.k AND p.report_year IN (t.y, t.y + 1)""")
    conn.execute("CREATE INDEX temp._peer_write_id ON _peer_write (report_id)")
    conn.execute(f"""CREATE TEMP TABLE _peer_input AS
      SELECT p.* FROM _peer_reports AS p WHERE {_GROUP} IN (SELECT g FROM temp._peer_write)
      UNION SELECT p.* FROM (SELECT DISTINCT k, y FROM temp._peer_write) AS w JOIN _peer_reports AS p
        ON p.agency_key = w.k AND p.report_year IN (w.y, w.y - 1)""")
    conn.execute(_values_sql("_peer_input"))
    conn.execute("DELETE FROM indicator_peers WHERE report_id IN (SELECT id FROM temp._peer_scope)"
                 " OR report_id IN (SELECT report_id FROM temp._peer_write)")
    before = conn.total_changes
    conn.execute(_peers_sql().replace("\nFROM final\n",
                                      "\nFROM final WHERE report_id IN (SELECT report_id FROM"
                                      " temp._peer_write)\n"))
    return conn.total_changes - before


# Canned queries (xxgk/serve/metadata.yml). Every parameter may be empty: indicator defaults to
# disclosure_rate, year to the latest year with a ranked report (of the chosen level and
# province), level and province to any. province: 37, or a region code (its first two digits).
_CHOSEN = """chosen as (
  select coalesce(nullif(trim(:indicator), ''), 'disclosure_rate') as indicator)"""

PEER_RANKING_SQL = f"""with {_CHOSEN},
picked as (
  select c.indicator, coalesce(cast(nullif(trim(:year), '') as integer),
    (select max(p.report_year) from indicator_peers as p
     where p.indicator = c.indicator and p.rank is not null
       and (trim(:level) = '' or p.level = trim(:level))
       and (trim(:province) = '' or p.province_code = substr(trim(:province), 1, 2)))) as year
  from chosen as c)
select p.peer_group, p.rank,
       case when p.rank is not null
            then '第' || p.rank || '名/共' || p.peers || ' rank ' || p.rank || ' of ' || p.peers
            else '未排名 not ranked: ' || p.excluded_reason end as standing,
       round(p.percentile, 1) as percentile, p.agency, p.region, p.level, p.province_code,
       p.report_year, p.indicator, round(100 * p.value, 1) as value_percent, p.denominator,
       round(100 * p.change, 1) as change_points, p.anomaly, p.report_id, r.url,
       'urn:xxgk-archive:peer:' || p.indicator || ':' || p.report_id as atom_id,
       coalesce(p.agency, p.report_id) || ' ' || p.indicator || ' '
         || coalesce('rank ' || p.rank || '/' || p.peers, 'not ranked') as atom_title,
       xxgk_atom_time(r.first_seen) as atom_updated, r.url as atom_link, p.agency as atom_author,
       coalesce(p.agency, '') || '：' || p.report_year || '年度 ' || p.indicator || ' = '
         || round(100 * p.value, 1) || '%（' || p.denominator || ' cases）, peer group '
         || coalesce(p.peer_group, '-') || ', '
         || coalesce('rank ' || p.rank || ' of ' || p.peers, 'not ranked: ' || p.excluded_reason)
         as atom_content
from indicator_peers as p join picked on p.indicator = picked.indicator
  and p.report_year = picked.year
left join reports as r on r.id = p.report_id
where (trim(:level) = '' or p.level = trim(:level))
  and (trim(:province) = '' or p.province_code = substr(trim(:province), 1, 2))
order by p.province_code is null, p.province_code, p.peer_group is null, p.peer_group,
         p.rank is null, p.rank, p.agency, p.report_id"""

ANOMALIES_SQL = """select p.agency, p.region, p.level, p.report_year, p.indicator,
       round(100 * p.previous_value, 1) as previous_percent, round(100 * p.value, 1) as value_percent,
       round(100 * p.change, 1) as change_points, round(100 * p.threshold) as threshold_points,
       p.anomaly_reason, p.previous_denominator, p.denominator, p.peer_group,
       round(p.percentile, 1) as percentile, p.report_id, p.previous_report_id, r.url,
       'urn:xxgk-archive:anomaly:' || p.indicator || ':' || p.report_id as atom_id,
       coalesce(p.agency, p.report_id) || ' ' || p.report_year || ' ' || p.indicator || ' '
         || p.anomaly_reason as atom_title,
       xxgk_atom_time(r.first_seen) as atom_updated, r.url as atom_link, p.agency as atom_author,
       coalesce(p.agency, '') || '：' || p.indicator || ' ' || round(100 * p.previous_value, 1)
         || '% (' || (p.report_year - 1) || ') → ' || round(100 * p.value, 1) || '% ('
         || p.report_year || '), ' || p.anomaly_reason as atom_content
from indicator_peers as p left join reports as r on r.id = p.report_id
where p.anomaly = 1
  and (trim(:indicator) = '' or p.indicator = trim(:indicator))
  and (trim(:year) = '' or p.report_year = cast(trim(:year) as integer))
  and (trim(:level) = '' or p.level = trim(:level))
  and (trim(:province) = '' or p.province_code = substr(trim(:province), 1, 2))
order by abs(p.change) desc, p.report_year desc, p.agency, p.indicator, p.report_id"""

HEATMAP_AGENCIES = 60  # rows of the heat map: the agencies with the most years of values
HEATMAP_SQL = f"""with {_CHOSEN},
rows as (
  select p.* from indicator_peers as p join chosen as c on p.indicator = c.indicator
  where coalesce(p.excluded_reason, '') != '{REASONS["duplicate"]}'
    and (trim(:region) = '' or instr(coalesce(p.region, ''), trim(:region)) > 0)),
top as (
  select coalesce(agency_id, agency) as agency_key from rows
  group by agency_key order by count(*) desc, min(agency), agency_key limit {HEATMAP_AGENCIES})
select coalesce(agency, report_id) as agency, region, report_year, indicator,
       round(100 * value, 1) as value_percent, denominator, rank, peers,
       round(percentile, 1) as percentile, round(100 * change, 1) as change_points,
       coalesce(excluded_reason, '') as excluded_reason
from rows where coalesce(agency_id, agency) in (select agency_key from top)
order by agency, report_year"""


def metadata_fragment() -> dict:
    """Datasette metadata for ``indicator_peers`` (databases.archive.tables)."""
    return {"tables": {"indicator_peers": {
        "description": "同级同省同年比较 Each indicator of each report ranked within its peer group "
                       "(same level, province, year) and compared with the agency's previous year.",
        "facets": ["indicator", "report_year", "level", "anomaly", "excluded_reason"],
        "sort": "peer_group",
        "columns": {name: doc for name, (_, doc) in COLUMNS.items()}}}}
