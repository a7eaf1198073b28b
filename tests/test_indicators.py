"""report_indicators and indicator_continuity on hand-written report_stats rows; expected
values computed by hand."""
from __future__ import annotations

import pytest
from support import new_archive

from xxgk.archive.derived import refresh_derived
from xxgk.archive.indicators import ensure_indicators_shape


def _report(db, rid, agency, year):
    db["reports"].insert({"id": rid, "agency": agency, "report_year": year, "region": "某市"},
                         alter=True)


def _cells(db, rid, year, cells, source="page", method="table"):
    db["report_stats"].insert_all(
        [{"report_id": rid, "source": source, "section": sec, "row_code": row, "col_code": col,
          "report_year": year, "value": v, "method": method, "format": "2021"}
         for sec, row, col, v in cells])


def _apps(**rows):
    return [("applications", r, "total", v) for r, v in rows.items()]


@pytest.fixture
def db(tmp_path):
    db = new_archive(tmp_path / "a.db")
    ensure_indicators_shape(db)
    return db


def _one(db, rid):
    refresh_derived(db)  # as the end of a crawl does
    return next(db.query("SELECT * FROM report_indicators WHERE report_id = ?", [rid]))


def test_rates_by_hand(db):
    _report(db, "r1", "某局", 2022)
    _cells(db, "r1", 2022, _apps(new=90, carried_over=10, granted=40, partly_granted=20,
                                 denied_state_secret=3, denied_process=2, unable_not_held=6,
                                 unable_unclear=2, not_processed_repeat=4, total=80,
                                 carried_forward=20)
           + [("applications", "new", "natural_person", 72),
              ("review", "reconsideration", "corrected", 1), ("review", "reconsideration", "pending", 2),
              ("review", "reconsideration", "total", 6)])
    r = _one(db, "r1")
    assert r["disclosure_rate"] == pytest.approx(0.75)  # 60 / 80
    assert r["denied"] == 5 and r["denial_rate"] == pytest.approx(0.0625)
    assert r["unable_rate"] == pytest.approx(0.1) and r["unable_not_held_share"] == pytest.approx(0.75)
    assert r["not_processed_rate"] == pytest.approx(0.05)
    assert r["applications_received"] == 100 and r["carry_forward_rate"] == pytest.approx(0.2)
    assert r["natural_person_share"] == pytest.approx(0.8)
    assert r["reconsiderations_decided"] == 4 and r["reconsideration_correction_rate"] == pytest.approx(0.25)
    assert r["small_denominator"] == 0
    assert r["lawsuit_direct_correction_rate"] is None  # cells missing


def test_zero_denominator_and_small(db):
    _report(db, "r0", "某局", 2022)
    _cells(db, "r0", 2022, _apps(new=0, carried_over=0, granted=0, partly_granted=0, total=0,
                                 carried_forward=0))
    r = _one(db, "r0")
    assert r["disclosure_rate"] is None and r["carry_forward_rate"] is None
    assert r["small_denominator"] == 1


def test_one_table_source(db):
    _report(db, "r2", "某局", 2022)
    _cells(db, "r2", 2022, _apps(granted=10, partly_granted=0, total=20))
    _cells(db, "r2", 2022, _apps(granted=99, partly_granted=1, total=100), source="attachment:http://x/a.pdf",
           method="pdf_layout")
    assert _one(db, "r2")["disclosure_rate"] == pytest.approx(0.5)


def test_continuity(db):
    for rid, year in (("a20", 2020), ("a21", 2021), ("a23", 2023)):
        _report(db, rid, " 某局 " if year == 2021 else "某局", year)
    _cells(db, "a20", 2020, _apps(carried_forward=5) + [("active", "normative_docs", "in_force", 40)])
    _cells(db, "a21", 2021, _apps(carried_over=5, carried_forward=7)
           + [("active", "normative_docs", "in_force", 41), ("active", "normative_docs", "issued", 3),
              ("active", "normative_docs", "repealed", 1)])
    _cells(db, "a23", 2023, _apps(carried_over=9))
    refresh_derived(db)
    rows = {(r["year"], r["check_code"]): r for r in db.query("SELECT * FROM indicator_continuity")}
    assert rows[(2021, "carried_forward")]["ok"] == 1
    bad = rows[(2021, "normative_docs_in_force")]
    assert (bad["ok"], bad["expected"], bad["actual"]) == (0, 42, 41)
    assert bad["previous_report_id"] == "a20"
    assert not any(y == 2023 for y, _ in rows)  # gap year 2022: no check row


def test_refresh_twice_gives_the_same_rows_and_a_view_era_archive_migrates(db):
    _report(db, "r1", "某局", 2021)
    _report(db, "r2", "某局", 2022)
    _cells(db, "r1", 2021, _apps(total=10, granted=5, partly_granted=1, carried_forward=2))
    _cells(db, "r2", 2022, _apps(total=12, granted=6, partly_granted=0, carried_over=3))
    refresh_derived(db)
    first = [list(db.query(f"SELECT * FROM {t} ORDER BY 1, 2")) for t in
             ("report_indicators", "indicator_continuity")]
    refresh_derived(db)
    assert [list(db.query(f"SELECT * FROM {t} ORDER BY 1, 2")) for t in
            ("report_indicators", "indicator_continuity")] == first
    assert first[1][0]["ok"] == 0 and (first[1][0]["expected"], first[1][0]["actual"]) == (2, 3)
    db.execute("DROP TABLE indicator_continuity")
    db.execute("DROP TABLE report_indicators")
    db.execute("CREATE VIEW report_indicators AS SELECT 1 AS report_id")  # issue-12 first cut
    ensure_indicators_shape(db)
    assert db["report_indicators"].exists() and not db["report_indicators"].count
    refresh_derived(db)
    assert db["report_indicators"].count == 2


def test_a_crawled_archive_has_its_indicators(fixture_archive):
    import sqlite_utils
    db = sqlite_utils.Database(fixture_archive)
    rows = list(db.query("SELECT disclosure_rate FROM report_indicators WHERE applications_total > 0"))
    assert rows and all(0 <= r["disclosure_rate"] <= 1 for r in rows if r["disclosure_rate"] is not None)
    assert db["report_indicators"].count == db.execute(
        "SELECT count(DISTINCT report_id) FROM report_stats").fetchone()[0]
