"""Issue 12 at scale: the time to compute agencies, indicators, continuity checks (and, when
present, peer percentiles and the audit) over a generated archive of N reports (default
1,000,000), beside the machine's floor for the same data: one scan of ``report_stats``.

The archive has the project's own schema (schema.ensure_db_shape); each report has the cells the
indicators read (18 ``report_stats`` rows), agencies report in consecutive years so continuity
pairs exist, and a few reports per thousand break continuity.

    .venv/bin/python -m bench.indicators --reports 100000
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import time
from pathlib import Path

import sqlite_utils

BUREAUS = ["商务局", "教育局", "民政局", "财政局", "卫生健康委员会", "自然资源局", "交通运输局",
           "司法局", "人民政府", "市场监督管理局"]
YEARS = list(range(2019, 2026))


def _cells(rng, year):
    new, carried = rng.randint(0, 400), rng.randint(0, 20)
    granted = rng.randint(0, new)
    partly = rng.randint(0, new - granted)
    denied = rng.randint(0, new - granted - partly)
    forward = rng.randint(0, carried + new - granted - partly - denied)
    total = granted + partly + denied + forward
    recon = rng.randint(0, 10)
    cells = [("applications", "new", "total", new), ("applications", "carried_over", "total", carried),
             ("applications", "granted", "total", granted),
             ("applications", "partly_granted", "total", partly),
             ("applications", "denied_state_secret", "total", denied),
             ("applications", "unable_not_held", "total", 0),
             ("applications", "not_processed_repeat", "total", 0),
             ("applications", "total", "total", total),
             ("applications", "carried_forward", "total", forward),
             ("applications", "new", "natural_person", rng.randint(0, new)),
             ("review", "reconsideration", "total", recon),
             ("review", "reconsideration", "corrected", rng.randint(0, recon)),
             ("review", "reconsideration", "pending", 0),
             ("review", "lawsuit_direct", "total", 0), ("review", "lawsuit_direct", "corrected", 0),
             ("active", "normative_docs", "in_force", rng.randint(0, 50)),
             ("active", "normative_docs", "issued", rng.randint(0, 5)),
             ("active", "normative_docs", "repealed", rng.randint(0, 3))]
    return cells


def build(path: Path, reports: int, seed: int = 12) -> dict:
    from xxgk.archive.schema import ensure_db_shape
    started = time.perf_counter()
    db = sqlite_utils.Database(path)
    ensure_db_shape(db)
    db.close()
    conn = sqlite3.connect(path)
    conn.executescript("pragma journal_mode = off; pragma synchronous = off;"
                       " pragma cache_size = -400000;")
    rng = random.Random(seed)
    agencies = -(-reports // len(YEARS))
    n = 0
    batch_r, batch_s = [], []
    for a in range(agencies):
        code = f"{11 + a % 20:02d}{(a // 20) % 90 + 1:02d}{(a // 1800) % 90 + 1:02d}"
        region = f"生成{a // len(BUREAUS)}县"
        agency = region + BUREAUS[a % len(BUREAUS)]
        for year in YEARS:
            if n >= reports:
                break
            rid = f"{n:016x}"
            batch_r.append((rid, f"http://gen.example/{n}.html", f"{agency}{year}年政府信息公开工作年度报告",
                            agency, region, code, year, 1))
            batch_s += [(rid, "page", s, r, c, year, v, "table", "2021") for s, r, c, v in _cells(rng, year)]
            n += 1
        if len(batch_r) >= 20_000 or n >= reports:
            conn.executemany("insert into reports (id, url, title, agency, region, region_code,"
                             " report_year, is_report) values (?, ?, ?, ?, ?, ?, ?, ?)", batch_r)
            conn.executemany("insert into report_stats (report_id, source, section, row_code, col_code,"
                             " report_year, value, method, format) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             batch_s)
            batch_r, batch_s = [], []
        if n >= reports:
            break
    # one stored version each, as a crawled report has (else opening the archive backfills them)
    conn.execute("insert into report_versions (id, report_id, version, fetched_at, record,"
                 " content_hash) select rowid, id, 1, '2026-01-01T00:00:00+00:00', '{}', id"
                 " from reports")
    conn.execute("update reports set latest_version_id = rowid, version_count = 1,"
                 " first_seen = '2026-01-01T00:00:00+00:00', last_seen = '2026-01-01T00:00:00+00:00'")
    conn.commit()
    conn.close()
    return {"reports": n, "agencies": agencies, "seconds": time.perf_counter() - started,
            "megabytes": path.stat().st_size / 1e6}


def _timed(fn):
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def measure(path: Path) -> list[tuple[str, float, str]]:
    """(step, seconds, what it gave) for each step, the floor first."""
    from xxgk.archive import derived
    db = sqlite_utils.Database(path)
    rows = []
    floor, got = _timed(lambda: db.execute(
        "select count(*), sum(value) from report_stats").fetchone()[0])
    rows.append(("floor: one scan of report_stats", floor, f"{got:,} cells"))
    for step, fn in derived.STEPS:
        seconds, got = _timed(lambda fn=fn: fn(db))
        rows.append((f"refresh: {step}", seconds, f"{got:,} rows"))
    from xxgk.serve.brief import AGENCY_CONTINUITY_SQL, AGENCY_INDICATORS_SQL
    aid = db.execute("select agency_id from report_agencies limit 1 offset 777").fetchone()[0]
    seconds, got = _timed(lambda: len(db.execute(AGENCY_INDICATORS_SQL, {"agency_id": aid}).fetchall())
                          + len(db.execute(AGENCY_CONTINUITY_SQL, {"agency_id": aid, "limit": 301})
                                .fetchall()))
    rows.append(("one agency's indicators and checks (its brief)", seconds, f"{got:,} rows"))
    derived.mark_built(db)  # the steps above ran in full: later refreshes are scoped
    db.close()
    return rows


NIGHT = 2_000  # reports a night's crawl changes


CORRECTED = 0.01  # share of a night's changes that are corrected older tables


def change_a_night(path: Path, changed: int = NIGHT, seed: int = 7) -> str:
    """What a nightly crawl of the reporting season changes, written the way the crawl writes
    it (store functions, so the change triggers note it): new reports of the next year by
    agencies that reported this year, and a few (CORRECTED) older reports of any year whose
    tables were corrected (their cells saved again with other values)."""
    from xxgk.archive.stats import save_report_stats
    db = sqlite_utils.Database(path)
    rng = random.Random(seed)
    latest = db.execute("select max(report_year) from reports").fetchone()[0]
    corrected = max(1, round(changed * CORRECTED))
    new = db.execute("select id, agency, region, region_code, report_year from reports"
                     " where report_year = ? order by random() limit ?",
                     [latest, changed - corrected]).fetchall()
    old = db.execute("select id, agency, region, region_code, report_year from reports"
                     " order by random() limit ?", [corrected]).fetchall()
    with db.conn:
        for k, (rid, agency, region, code, year) in enumerate(new):
            rid, year = f"night{seed}-{k:08d}", year + 1
            db.execute("insert into reports (id, url, title, agency, region, region_code,"
                       " report_year, is_report) values (?, ?, ?, ?, ?, ?, ?, 1)",
                       [rid, f"http://gen.example/night/{seed}/{k}.html",
                        f"{agency}{year}年政府信息公开工作年度报告", agency, region, code, year])
            _save_cells(db, save_report_stats, rng, rid, year)
        for rid, _agency, _region, _code, year in old:
            _save_cells(db, save_report_stats, rng, rid, year)
    db.close()
    return (f"{len(new):,} new reports of {latest + 1} by agencies that reported for {latest},"
            f" {len(old):,} corrected tables of any year")


def _save_cells(db, save_report_stats, rng, rid, year) -> None:
    save_report_stats(db, rid, year, [
        {"section": s_, "row_code": r, "col_code": c, "value": v, "unit": "件", "raw": str(v),
         "method": "table", "format": "2021"} for s_, r, c, v in _cells(rng, year)])


def refresh_in_child(path: Path, full: bool) -> dict:
    """``derived.refresh_derived`` in a process of its own: wall seconds and peak RSS."""
    import sys

    from bench.crawl import timed
    m = timed([sys.executable, "-c", "import sys, sqlite_utils; from xxgk.archive import derived;"
               " print(derived.refresh_derived(sqlite_utils.Database(sys.argv[1]),"
               " full=sys.argv[2] == '1'))", str(path), "1" if full else "0"])
    if m["exit_code"]:
        raise RuntimeError(f"the refresh ended with status {m['exit_code']}")
    return m


def crawl_into(path: Path, column_url: str) -> dict:
    """One ``scrapy crawl`` of the generated site into the archive at ``path``, timed as a
    whole process (bench/crawl.py ``timed``: wall seconds, peak RSS of the process tree)."""
    import os

    from bench.crawl import timed
    from xxgk.cli.processes import scrapy_crawl_command
    from xxgk.crawler.settings import FIXTURE_WEB_SETTINGS
    cmd = scrapy_crawl_command(path, url=column_url, settings=FIXTURE_WEB_SETTINGS,
                               log_level="WARNING")
    m = timed(cmd, {**os.environ, "SCRAPY_SETTINGS_MODULE": "xxgk.crawler.settings"})
    db = sqlite_utils.Database(path)
    run = next(db.query("select * from crawl_runs order by id desc limit 1"))
    m["status"] = run["status"]
    m["stored"] = db.execute("select count(*) from reports where crawl_run_id = ?",
                             [run["id"]]).fetchone()[0]
    db.close()
    return m


def crawls_beside(path: Path, workdir: Path, pages: int = 2000) -> dict:
    """The same crawl of a generated site of ``pages`` pages into an empty archive and into
    the archive at ``path``."""
    from bench.crawl import GENERATED_COLUMN
    from xxgk.cli.processes import running_fixture_web
    with running_fixture_web(generated=pages) as base:
        empty = crawl_into(workdir / "empty.db", base + GENERATED_COLUMN)
        full = crawl_into(path, base + GENERATED_COLUMN)
    return {"empty": empty, "archive": full, "pages": pages}


def indicators_table(reports: int = 1_000_000, workdir: Path | None = None,
                     figures: dict | None = None) -> list[str]:
    import tempfile
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path = Path(tmp) / "indicators.db"
        built = build(path, reports)
        rows = measure(path)
        night = change_a_night(path)
        scoped = refresh_in_child(path, full=False)
        change_a_night(path, seed=8)
        full = refresh_in_child(path, full=True)
        crawls = crawls_beside(path, Path(tmp))
    floor = rows[0][1]
    lines = [f"Agencies, indicators and checks over a generated archive of {built['reports']:,} "
             f"reports of {built['agencies']:,} agencies (2019–2025, 18 cells each, "
             f"{built['megabytes']:,.0f} MB, built in {built['seconds']:.0f} s), one core. "
             "Floor: one scan of report_stats.", "",
             "| step | seconds | × floor | result |", "|---|---|---|---|"]
    for step, seconds, got in rows:
        lines.append(f"| {step} | {seconds:.2f} | {seconds / floor:.1f} | {got} |")
    lines += ["", f"After a night's crawl ({night}, written through the archive's store functions),"
              " the derived tables brought up to date as the crawl's end does (`refresh_derived`:"
              " only what the changes can reach), beside the full rebuild of the same archive after"
              " another such night; each in a process of its own.", "",
              "| refresh | seconds | × full | peak RSS (MB) |", "|---|---|---|---|"]
    for name, m in (("scoped (what a crawl's end runs)", scoped), ("full (`full=True`)", full)):
        lines.append(f"| {name} | {m['seconds']:.1f} | {m['seconds'] / full['seconds']:.2f} |"
                     f" {m['peak_rss_mb']:.0f} |")
    lines += ["", f"The same `scrapy crawl` of a generated site ({crawls['pages']:,} article pages,"
              " bench/crawl.py's fixture settings) into an empty archive and into this"
              f" {built['reports']:,}-report archive: what the crawler and its writer hold does not"
              " grow with the archive (known reports are looked up per request; the crawl's end"
              " refreshes only what it changed).", "",
              "| archive before the crawl | seconds | peak RSS (MB) | pages stored | status |",
              "|---|---|---|---|---|"]
    for name, m in (("empty", crawls["empty"]), (f"{built['reports']:,} reports", crawls["archive"])):
        lines.append(f"| {name} | {m['seconds']:.1f} | {m['peak_rss_mb']:.0f} | {m['stored']:,} |"
                     f" {m['status']} |")
    if figures is not None:
        figures["crawl_into_archive"] = {
            "reports": built["reports"], "empty_rss_mb": crawls["empty"]["peak_rss_mb"],
            "archive_rss_mb": crawls["archive"]["peak_rss_mb"],
            "empty_s": crawls["empty"]["seconds"], "archive_s": crawls["archive"]["seconds"],
            "stored": crawls["archive"]["stored"], "empty_stored": crawls["empty"]["stored"]}
        figures["derived"] = {"reports": built["reports"], "scoped_s": scoped["seconds"],
                              "full_s": full["seconds"], "scoped_rss_mb": scoped["peak_rss_mb"],
                              "full_rss_mb": full["peak_rss_mb"], "night": NIGHT}
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1_000_000)
    args = parser.parse_args()
    print("\n".join(indicators_table(args.reports)))


if __name__ == "__main__":
    main()
