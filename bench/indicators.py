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
    db.close()
    return rows


def indicators_table(reports: int = 1_000_000, workdir: Path | None = None) -> list[str]:
    import tempfile
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path = Path(tmp) / "indicators.db"
        built = build(path, reports)
        rows = measure(path)
    floor = rows[0][1]
    lines = [f"Agencies, indicators and checks over a generated archive of {built['reports']:,} "
             f"reports of {built['agencies']:,} agencies (2019–2025, 18 cells each, "
             f"{built['megabytes']:,.0f} MB, built in {built['seconds']:.0f} s), one core. "
             "Floor: one scan of report_stats.", "",
             "| step | seconds | × floor | result |", "|---|---|---|---|"]
    for step, seconds, got in rows:
        lines.append(f"| {step} | {seconds:.2f} | {seconds / floor:.1f} | {got} |")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1_000_000)
    args = parser.parse_args()
    print("\n".join(indicators_table(args.reports)))


if __name__ == "__main__":
    main()
