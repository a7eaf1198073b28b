"""indicator_peers on a hand-written archive of three peer groups; every rank, percentile and
change below is computed by hand (percentile = 100 × peers with a lower value / (peers − 1))."""
from __future__ import annotations

import pytest
from support import new_archive

from xxgk.archive.agencies import refresh_agencies
from xxgk.archive.indicators import ensure_indicators_shape, refresh_indicators
from xxgk.archive.peers import (ANOMALIES_SQL, COLUMNS, HEATMAP_SQL, PEER_RANKING_SQL,
                                refresh_peers)
from xxgk.serve.stories import atom_time

# report id: (agency, region, region code, year, granted, total, new, carried_forward)
REPORTS = {
    # county|37|2024: c1 0.8, c2 0.6, c3 0.6 (tie), c4 0.4; c5 0.95 of 20 cases is left out
    "c1": ("历下区人民政府", "历下区", "370102", 2024, 80, 100, 100, 25),
    "c2": ("市中区人民政府", "市中区", "370103", 2024, 60, 100, 100, 0),
    "c3": ("槐荫区人民政府", "槐荫区", "370104", 2024, 60, 100, 100, 20),
    "c4": ("天桥区人民政府", "天桥区", "370105", 2024, 20, 50, 50, 0),
    "c5": ("历城区人民政府", "历城区", "370112", 2024, 19, 20, 20, 0),
    "c1b": ("历下区人民政府", "历下区", "370102", 2024, 30, 60, 60, 0),  # a second c1 report
    # the previous years of the same governments
    "c1-23": ("历下区人民政府", "历下区", "370102", 2023, 50, 100, 100, 5),  # +0.30: anomaly
    "c2-22": ("市中区人民政府", "市中区", "370103", 2022, 90, 100, 100, 0),  # gap year 2023
    "c3-23": ("槐荫区人民政府", "槐荫区", "370104", 2023, 31, 100, 100, 1),  # +0.29: below
    "c4-23": ("天桥区人民政府", "天桥区", "370105", 2023, 35, 50, 50, 0),  # −0.3 (0.4 − 0.7)
    "c5-23": ("历城区人民政府", "历城区", "370112", 2023, 8, 40, 40, 0),  # small this year
    # county-department|37|2024
    "d1": ("历下区教育局", "历下区", "370102", 2024, 50, 100, 100, 0),
    "d2": ("市中区教育局", "市中区", "370103", 2024, 90, 100, 100, 0),
    # city|44|2024: alone
    "s1": ("深圳市人民政府", "深圳市", "440300", 2024, 70, 100, 100, 0),
    # no region code
    "x1": ("某单位", None, None, 2024, 40, 100, 100, 0),
}


def _save(db, reports):
    for rid, (agency, region, code, year, granted, total, new, carried) in reports.items():
        db["reports"].insert({"id": rid, "url": f"http://x/{rid}", "agency": agency,
                              "region": region, "region_code": code, "report_year": year,
                              "is_report": 1, "first_seen": f"{year + 1}-02-01 10:00:00"})
        cells = {"granted": granted, "partly_granted": 0, "total": total, "new": new,
                 "carried_over": 0, "carried_forward": carried}
        db["report_stats"].insert_all(
            [{"report_id": rid, "source": "page", "section": "applications", "row_code": row,
              "col_code": "total", "report_year": year, "value": v, "method": "table",
              "format": "2021"} for row, v in cells.items()])


@pytest.fixture
def db(tmp_path):
    db = new_archive(tmp_path / "peers.db")
    _save(db, REPORTS)
    ensure_indicators_shape(db)
    refresh_agencies(db)
    refresh_indicators(db)
    refresh_peers(db)
    db.conn.create_function("xxgk_atom_time", 1, atom_time)
    return db


def _rows(db, indicator="disclosure_rate"):
    return {r["report_id"]: r for r in db.query(
        "SELECT * FROM indicator_peers WHERE indicator = ?", [indicator])}


def test_schema_and_every_column_documented(db):
    assert list(db["indicator_peers"].columns_dict) == list(COLUMNS)
    assert db["indicator_peers"].pks == ["report_id", "indicator"]


def test_ranks_and_percentiles_by_hand(db):
    rows = _rows(db)
    got = {rid: (rows[rid]["rank"], rows[rid]["peers"], rows[rid]["percentile"])
           for rid in ("c1", "c2", "c3", "c4", "d1", "d2")}
    assert got["c1"] == (1, 4, 100.0) and got["c4"] == (4, 4, 0.0)
    assert got["c2"][:2] == got["c3"][:2] == (2, 4)  # a tie shares rank and percentile
    assert got["c2"][2] == got["c3"][2] == pytest.approx(100 / 3)
    assert got["d2"] == (1, 2, 100.0) and got["d1"] == (2, 2, 0.0)
    assert rows["c1"]["peer_group"] == "county|37|2024"
    assert rows["d1"]["peer_group"] == "county-department|37|2024"
    assert rows["d1"]["level"] == "department" and rows["c1"]["level"] == "county"


def test_left_out_rows_keep_a_reason(db):
    rows = _rows(db)
    expected = {"c5": "denominator < 30", "c1b": "duplicate report", "x1": "no region code",
                "s1": "alone in peer group"}
    for rid, reason in expected.items():
        assert rows[rid]["excluded_reason"] == reason, rid
        assert rows[rid]["percentile"] is None
    assert rows["c5"]["rank"] is None and rows["c5"]["peers"] == 4
    assert rows["c5"]["value"] == pytest.approx(0.95) and rows["c5"]["denominator"] == 20
    assert (rows["s1"]["rank"], rows["s1"]["peers"]) == (1, 1)
    assert rows["x1"]["peer_group"] is None and rows["c1b"]["rank"] is None


def test_changes_and_anomalies_at_the_threshold(db):
    rows = _rows(db)
    assert rows["c1"]["previous_report_id"] == "c1-23"
    assert rows["c1"]["change"] == pytest.approx(0.3) and rows["c1"]["anomaly"] == 1
    assert rows["c1"]["anomaly_reason"].startswith("上升 30.0 个百分点 rose by 30.0 points")
    assert rows["c4"]["change"] == pytest.approx(-0.3) and rows["c4"]["anomaly"] == 1  # float −0.2999…
    assert "下降" in rows["c4"]["anomaly_reason"]
    assert rows["c3"]["change"] == pytest.approx(0.29) and rows["c3"]["anomaly"] == 0
    assert rows["c3"]["anomaly_reason"] is None
    assert rows["c2"]["previous_value"] is None and rows["c2"]["anomaly"] is None  # gap year
    assert rows["c5"]["previous_value"] == pytest.approx(0.2) and rows["c5"]["anomaly"] is None
    assert rows["c5"]["anomaly_reason"].startswith("not judged")
    assert rows["c1b"]["previous_value"] is None  # only the ranked report of a year is compared


def test_carry_forward_threshold(db):
    rows = _rows(db, "carry_forward_rate")
    assert rows["c1"]["threshold"] == pytest.approx(0.2)
    assert rows["c1"]["change"] == pytest.approx(0.2) and rows["c1"]["anomaly"] == 1
    assert rows["c3"]["change"] == pytest.approx(0.19) and rows["c3"]["anomaly"] == 0
    assert _rows(db)["c1"]["threshold"] == pytest.approx(0.3)


def test_refresh_twice_gives_identical_rows(db):
    before = list(db.query("SELECT * FROM indicator_peers ORDER BY report_id, indicator"))
    assert refresh_peers(db) == len(before) > 0
    assert list(db.query("SELECT * FROM indicator_peers ORDER BY report_id, indicator")) == before


def _query(db, sql, **params):
    values = {"indicator": "", "year": "", "level": "", "province": "", "region": "", **params}
    return list(db.query(sql, {k: v for k, v in values.items() if f":{k}" in sql}))


def test_ranking_query_order_and_defaults(db):
    rows = _query(db, PEER_RANKING_SQL)
    assert {r["report_year"] for r in rows} == {2024}  # the latest year with a ranked report
    assert [r["report_id"] for r in rows] == ["d2", "d1", "c1", "c2", "c3", "c4", "c1b", "c5",
                                              "s1", "x1"]
    first = rows[0]
    assert first["standing"] == "第1名/共2 rank 1 of 2" and first["value_percent"] == 90.0
    assert first["atom_updated"].startswith("2025-02-01T10:00:00")
    county = _query(db, PEER_RANKING_SQL, level="county", province="370000", year="2023")
    assert [r["report_id"] for r in county] == ["c4-23", "c1-23", "c3-23", "c5-23"]
    carry = _query(db, PEER_RANKING_SQL, indicator="carry_forward_rate", province="37",
                   level="county")
    assert [r["report_id"] for r in carry][:2] == ["c1", "c3"] and carry[0]["value_percent"] == 25.0


def test_anomalies_query_by_size_of_change(db):
    rows = _query(db, ANOMALIES_SQL)
    assert [(r["report_id"], r["indicator"]) for r in rows] == [
        ("c1", "disclosure_rate"), ("c4", "disclosure_rate"), ("c1", "carry_forward_rate")]
    assert rows[0]["previous_percent"] == 50.0 and rows[0]["change_points"] == 30.0
    assert _query(db, ANOMALIES_SQL, indicator="carry_forward_rate")[0]["report_id"] == "c1"
    assert _query(db, ANOMALIES_SQL, year="2023") == []


def test_heatmap_agencies_by_years(db):
    rows = _query(db, HEATMAP_SQL, region="历下")
    assert [(r["agency"], r["report_year"], r["value_percent"]) for r in rows] == [
        ("历下区人民政府", 2023, 50.0), ("历下区人民政府", 2024, 80.0), ("历下区教育局", 2024, 50.0)]
    every = _query(db, HEATMAP_SQL)
    assert len({r["agency"] for r in every}) == 9  # c1–c5, d1, d2, s1, x1
    assert ("市中区人民政府", 2022) in {(r["agency"], r["report_year"]) for r in every}


def test_without_report_agencies_trimmed_names(tmp_path):
    db = new_archive(tmp_path / "plain.db")
    _save(db, {"a": (" 某局 ", "某市", "370100", 2023, 40, 100, 100, 0),
               "b": ("某局", "某市", "370100", 2024, 80, 100, 100, 0),
               "c": ("另一局", "某市", "370100", 2024, 50, 100, 100, 0)})
    ensure_indicators_shape(db)
    refresh_indicators(db)
    refresh_peers(db)
    rows = _rows(db)
    assert rows["b"]["agency"] == "某局" and rows["b"]["level"] is None
    assert rows["b"]["peer_group"] == "any|37|2024" and rows["b"]["rank"] == 1
    assert rows["b"]["change"] == pytest.approx(0.4) and rows["b"]["anomaly"] == 1


def test_default_year_follows_level_and_province(tmp_path):
    db = new_archive(tmp_path / "years.db")
    _save(db, {"g1": ("深圳市人民政府", "深圳市", "440300", 2023, 70, 100, 100, 0),
               "g2": ("广州市人民政府", "广州市", "440100", 2023, 60, 100, 100, 0),
               "h1": ("历下区人民政府", "历下区", "370102", 2024, 80, 100, 100, 0)})
    ensure_indicators_shape(db)
    refresh_agencies(db)
    refresh_indicators(db)
    refresh_peers(db)
    db.conn.create_function("xxgk_atom_time", 1, atom_time)
    assert [r["report_id"] for r in _query(db, PEER_RANKING_SQL, province="44")] == ["g1", "g2"]
    assert [r["report_id"] for r in _query(db, PEER_RANKING_SQL)] == ["h1"]


def test_the_served_stories_and_chart_are_these_queries():
    """metadata.yml serves exactly the SQL tested here."""
    import yaml

    from xxgk.serve.server import METADATA
    meta = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    queries = meta["databases"]["archive"]["queries"]
    assert queries["peer_ranking"]["sql"].strip() == PEER_RANKING_SQL.strip()
    assert queries["indicator_anomalies"]["sql"].strip() == ANOMALIES_SQL.strip()
    chart = meta["plugins"]["datasette-dashboards"]["xxgk"]["charts"]["indicator_heatmap"]
    assert chart["query"].strip() == HEATMAP_SQL.strip()


def test_a_crawled_archive_has_its_peers(fixture_archive):
    import sqlite_utils
    db = sqlite_utils.Database(fixture_archive)
    assert db["indicator_peers"].count == db.execute(
        "SELECT count(*) FROM indicator_peers WHERE report_id IN"
        " (SELECT report_id FROM report_indicators)").fetchone()[0] > 0
