"""Crawl-run health per site (``site_health``) and the latest status of every site
(``site_status`` view, ``xxgk status``): did the run find the site's reports, are the fields it
read plausible, what failed, and has the site gone quiet for longer than it usually does?

Call :func:`record_run_health` when a run ends. It reads the run's pages from ``reports`` (each row
carries the run that last fetched or confirmed it), so it describes the run only until a later
run touches the same pages: compute it at the end of the run it is about.

Flags (``flags``, a JSON list; ``flagged`` = 1 when there is any):

* ``"no reports"``: the run stored or confirmed no annual report (is_report = 1) for the site.
* ``"low validity"``: under :data:`MIN_VALIDITY` of the run's pages have a valid YYYY-MM-DD
  ``published`` date, or a non-empty title (a sign the site's markup changed).
* ``"stale"``: more than :data:`STALE_FACTOR` × ``usual_cycle_days`` days since
  ``last_new_report_at`` (today in Asia/Shanghai).
* ``"stale: newest report is for 2019, reports through 2025 were due"``: the newest
  ``report_year`` of the site's reports is older than the last year whose legal deadline
  (``xxgk.archive.deadlines.report_deadline``: 31 January or 31 March of the next year) has passed.
  :func:`status_rows` recomputes this flag for today (``deadlines.today()``), so ``xxgk status`` on
  an archive crawled long ago still says which reports are overdue.

``last_new_report_at`` (YYYY-MM-DD, Asia/Shanghai) is the latest, over the site's reports, of the
day a report was first archived (``first_seen``) or its publication date, whichever is later.
``usual_cycle_days`` is the median gap between the distinct publication dates of the site's
reports, ignoring gaps under :data:`MIN_CYCLE_GAP_DAYS` (reports published as one batch, e.g.
every department's in the same January); :data:`DEFAULT_CYCLE_DAYS` when there is no such gap.
"""
from __future__ import annotations

import json
import re
import statistics
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from xxgk.archive.db import fetch_dicts, transaction, upsert

SHANGHAI = ZoneInfo("Asia/Shanghai")
MIN_VALIDITY = 0.9
STALE_FACTOR = 1.5
DEFAULT_CYCLE_DAYS = 365
MIN_CYCLE_GAP_DAYS = 30
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value) -> date | None:
    """A valid ``YYYY-MM-DD`` string -> date; anything else -> None."""
    if not isinstance(value, str) or not _DATE_RE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _local_day(timestamp) -> date | None:
    """An ISO 8601 timestamp -> its day in Asia/Shanghai (naive timestamps taken as UTC)."""
    if not timestamp:
        return None
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return parse_date(timestamp[:10])
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(SHANGHAI).date()


def usual_cycle_days(published: list[date]) -> float:
    """Median gap in days between distinct publication dates (gaps under MIN_CYCLE_GAP_DAYS
    ignored); DEFAULT_CYCLE_DAYS without any such gap."""
    days = sorted(set(published))
    gaps = [(b - a).days for a, b in zip(days, days[1:])]
    gaps = [g for g in gaps if g >= MIN_CYCLE_GAP_DAYS]
    return round(float(statistics.median(gaps)), 1) if gaps else float(DEFAULT_CYCLE_DAYS)


def _run_sites(db, run_id: int) -> list[str]:
    row = db.execute("SELECT sites FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
    sites = set(json.loads(row[0] or "[]")) if row else set()
    for table in ("reports", "crawl_errors"):
        sites.update(r[0] for r in db.execute(
            f"SELECT DISTINCT site_id FROM {table} WHERE crawl_run_id = ?", [run_id]))
    known = {r[0] for r in db.execute("SELECT slug FROM sites")}
    return sorted(s for s in sites if s in known)


class _RunPages:
    """What one run stored, by site, read in three grouped queries (not three per site: a
    broad crawl has thousands of sites)."""

    def __init__(self, db, run_id: int):
        self.items: dict[str, list] = {}
        for site, *row in db.execute("SELECT site_id, title, published, is_report FROM reports"
                                     " WHERE crawl_run_id = ? ORDER BY rowid", [run_id]):
            self.items.setdefault(site, []).append(tuple(row))
        self.new_reports = dict(db.execute(
            "SELECT r.site_id, count(DISTINCT e.report_id) FROM report_events AS e JOIN reports"
            " AS r ON r.id = e.report_id WHERE e.crawl_run_id = ? AND e.kind = 'new' AND"
            " r.is_report = 1 GROUP BY r.site_id", [run_id]).fetchall())
        self.errors: dict[str, dict] = {}
        for site, kind, count in db.execute(
                "SELECT site_id, kind, count(*) FROM crawl_errors WHERE crawl_run_id = ?"
                " GROUP BY site_id, kind ORDER BY site_id, kind", [run_id]):
            self.errors.setdefault(site, {})[kind] = count


def site_health_row(db, run_id: int, site_id: str, today: date, run: _RunPages | None = None) -> dict:
    """The ``site_health`` values of one site in one run (``computed_at`` aside); ``run``: the
    run's pages read once for all its sites."""
    run = run or _RunPages(db, run_id)
    items = run.items.get(site_id, [])
    new_reports = run.new_reports.get(site_id, 0)
    errors = run.errors.get(site_id, {})
    history = db.execute("SELECT published, first_seen FROM reports"
                         " WHERE site_id = ? AND is_report = 1", [site_id]).fetchall()
    published = [d for d in (parse_date(p) for p, _ in history) if d]
    appeared = [max(d for d in (parse_date(p), _local_day(seen)) if d)
                for p, seen in history if parse_date(p) or _local_day(seen)]
    last_new = max(appeared, default=None)
    cycle = usual_cycle_days(published)

    def rate(valid):
        return round(sum(map(bool, valid)) / len(items), 4) if items else None

    row = {
        "crawl_run_id": run_id, "site_id": site_id, "items": len(items),
        "reports": sum(1 for _, _, is_report in items if is_report),
        "new_reports": new_reports,
        "valid_date_rate": rate(parse_date(p) for _, p, _ in items),
        "valid_title_rate": rate((t or "").strip() for t, _, _ in items),
        "errors": sum(errors.values()),
        "errors_by_kind": json.dumps(errors, ensure_ascii=False, sort_keys=True),
        "last_new_report_at": last_new.isoformat() if last_new else None,
        "usual_cycle_days": cycle,
    }
    flags = []
    if row["reports"] == 0:
        flags.append("no reports")
    if items and min(row["valid_date_rate"], row["valid_title_rate"]) < MIN_VALIDITY:
        flags.append("low validity")
    if last_new and (today - last_new).days > STALE_FACTOR * cycle:
        flags.append("stale")
    overdue = overdue_flag(db, site_id, today)
    if overdue:
        flags.append(overdue)
    row.update(flags=json.dumps(flags, ensure_ascii=False), flagged=int(bool(flags)))
    return row


OVERDUE_PREFIX = "stale: newest report is for "


def last_due_year(agency, today: date) -> int | None:
    """The newest report year whose legal deadline has passed by ``today`` (on the deadline day
    the report is still on time); None when no year has a deadline."""
    from xxgk.archive.deadlines import report_deadline

    for year in (today.year - 1, today.year - 2):
        due = report_deadline(year, agency)
        if due is not None and date.fromisoformat(due) < today:
            return year
    return None


def overdue_flag(db, site_id: str, today: date) -> str | None:
    """``"stale: newest report is for Y, reports through D were due"`` when the site's newest
    report year Y is older than the last due year D; None otherwise (or with no report year)."""
    from xxgk.archive.deadlines import parse_year

    agency = db.execute("SELECT agency FROM sites WHERE slug = ?", [site_id]).fetchone()
    years = [parse_year(y) for (y,) in db.execute(
        "SELECT DISTINCT report_year FROM reports WHERE site_id = ? AND is_report = 1",
        [site_id])]
    newest = max((y for y in years if y), default=None)
    due = last_due_year(agency[0] if agency else None, today)
    if newest is None or due is None or newest >= due:
        return None
    return f"{OVERDUE_PREFIX}{newest}, reports through {due} were due"


def record_run_health(db, crawl_run_id: int, now: datetime | None = None) -> list[dict]:
    """Compute and upsert the ``site_health`` row of every site of a crawl run (the sites it was
    asked to crawl plus any that stored pages or errors in it). ``now``: timezone-aware, default
    the current time. Returns the rows written."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    today = now.astimezone(SHANGHAI).date()
    computed_at = now.isoformat(timespec="seconds")
    run = _RunPages(db, crawl_run_id)
    rows = [{**site_health_row(db, crawl_run_id, site, today, run), "computed_at": computed_at}
            for site in _run_sites(db, crawl_run_id)]
    with transaction(db):
        for row in rows:
            upsert(db, "site_health", row, ("crawl_run_id", "site_id"))
    return rows


def status_rows(db, today: date | None = None) -> list[dict]:
    """The latest health of every crawled site (the ``site_status`` view), flagged sites first;
    ``errors_by_kind`` and ``flags`` decoded from JSON, the overdue-report flag recomputed for
    ``today`` (default ``deadlines.today()``, the day in China). Each row also carries the
    ``site_health`` key names ``site_id`` (= slug) and ``crawl_run_id`` (= last_run_id)."""
    if today is None:
        from xxgk.archive.deadlines import today as china_today

        today = date.fromisoformat(china_today())
    rows = fetch_dicts(db, "SELECT * FROM site_status")
    for row in rows:
        row["site_id"], row["crawl_run_id"] = row["slug"], row["last_run_id"]
        row["errors_by_kind"] = json.loads(row["errors_by_kind"] or "{}")
        flags = [f for f in json.loads(row["flags"] or "[]") if not f.startswith(OVERDUE_PREFIX)]
        overdue = overdue_flag(db, row["slug"], today)
        row["flags"] = flags + [overdue] if overdue else flags
        row["flagged"] = int(bool(row["flags"]))
    rows.sort(key=lambda r: -r["flagged"])  # stable: the view's slug order within each group
    return rows
