"""A scoped refresh of the derived tables (archive/derived.py, issue 13 part 5) gives exactly the
rows a full rebuild gives, after every kind of change a crawl, an import or an edit makes; and
a re-crawl that changes nothing rebuilds nothing."""
from __future__ import annotations

import random
import shutil

import pytest
import sqlite_utils
from support import new_archive

from xxgk.archive import changes, derived
from xxgk.archive.stats import save_report_stats

DERIVED = {  # table -> its key columns (rows are compared whole, in this order)
    "agencies": "id", "report_agencies": "report_id", "report_indicators": "report_id",
    "indicator_continuity": "report_id, previous_report_id, check_code",
    "indicator_peers": "report_id, indicator", "report_audit": "report_id, check_code",
}
BUREAUS = ["商务局", "教育局", "财政局", "人民政府", "人民政府办公室", "卫生健康委员会", "汶城镇人民政府"]
PLACES = [("阜新市", "210900"), ("汶阳县", "370999"), ("某区", "370102"), ("泰安市", "370900"),
          ("无码县", None)]
YEARS = range(2019, 2025)


def snapshot(db) -> dict[str, list]:
    return {t: db.execute(f"SELECT * FROM [{t}] ORDER BY {key}").fetchall()
            for t, key in DERIVED.items()}


def _cells(rng, year):
    total = rng.randint(0, 120)
    granted = rng.randint(0, total)
    cells = [("applications", "new", "total", total), ("applications", "granted", "total", granted),
             ("applications", "total", "total", total),
             ("applications", "carried_over", "total", rng.randint(0, 5)),
             ("applications", "carried_forward", "total", rng.randint(0, 5)),
             ("applications", "denied_state_secret", "total", rng.randint(0, 3)),
             ("normative_docs", "normative_docs", "in_force", rng.randint(0, 40))]
    return [c for c in cells if rng.random() > 0.1]


def _cell(section, row, col, value):
    return {"section": section, "row_code": row, "col_code": col, "value": float(value), "unit": "件",
            "raw": str(value), "method": "table", "format": "2021"}


def _report(db, rng, n, agency, region, code, year, **extra):
    rid = f"gen{n:05d}"
    row = {"id": rid, "url": f"http://gen.test/{n}.html", "site_id": rng.choice(["s1", "s2"]),
           "title": f"{agency}{year}年政府信息公开工作年度报告", "agency": agency,
           "region": region, "region_code": code, "report_year": year, "is_report": 1,
           "body": f"{agency}{year}年度报告。一、总体情况。本机关全年主动公开信息{n % 97}条。"}
    row.update(extra)
    db["reports"].insert(row, alter=True)
    if row["is_report"]:
        cells = _cells(rng, year)
        save_report_stats(db, rid, year, [_cell(*c) for c in cells])
    return rid


@pytest.fixture
def generated(tmp_path):
    """An archive of ~250 generated reports of 35 agencies over six years (some without a
    region code, some other pages naming agencies, some 图解 pages), derived tables built."""
    rng = random.Random(5)
    db = new_archive(tmp_path / "a.db", sites=[
        {"slug": "s1", "agency": "阜新市商务局", "region": "辽宁省阜新市", "region_code": "210900",
         "homepage": "http://gen.test/s1/", "columns": []},
        {"slug": "s2", "agency": "汶阳县人民政府", "region": "山东省泰安市汶阳县",
         "region_code": "370999", "homepage": "http://gen.test/s2/", "columns": []}])
    n = 0
    with db.conn:
        for place, code in PLACES:
            for bureau in BUREAUS:
                for year in YEARS:
                    if rng.random() < 0.85:
                        _report(db, rng, n, place + bureau, place, code, year)
                    n += 1
        for k in range(30):  # other pages: notices, 图解, a page naming an agency that never reports
            place, code = rng.choice(PLACES)
            kind = rng.choice(["notice", "explainer", "stranger"])
            agency = place + ("审计局" if kind == "stranger" else rng.choice(BUREAUS))
            title = {"notice": f"{agency}关于公示的通知", "stranger": f"{agency}工作动态",
                     "explainer": f"图解{agency}{rng.choice(YEARS)}年政府信息公开工作年度报告"}[kind]
            _report(db, rng, 5000 + k, agency, place, code, None, is_report=0, title=title)
    derived.refresh_derived(db, full=True)
    assert changes.dirty_keys(db) == set()
    return db


def _copy(db, tmp_path, name):
    db.conn.commit()
    shutil.copy(db.conn.execute("PRAGMA database_list").fetchone()[2], tmp_path / name)
    return sqlite_utils.Database(tmp_path / name)


def _check_scoped_equals_full(db, tmp_path):
    scope, _keys = derived.plan(db)
    assert scope is not None and scope.reports, "expected a scoped refresh"
    other = _copy(db, tmp_path, "full.db")
    derived.refresh_derived(db)
    derived.refresh_derived(other, full=True)
    scoped, full = snapshot(db), snapshot(other)
    for table in DERIVED:
        assert scoped[table] == full[table], table
    assert changes.dirty_keys(db) == set()
    return scope


def _ids(db, where, params=()):
    return [r for (r,) in db.execute(f"SELECT id FROM reports WHERE {where} ORDER BY id", params)]


MUTATIONS = {
    "stats value": lambda db, rng: save_report_stats(db, rng.choice(_ids(db, "is_report = 1")), 2022, [
        _cell("applications", "total", "total", 77), _cell("applications", "granted", "total", 70)]),
    "agency renamed": lambda db, rng: db.execute(
        "UPDATE reports SET agency = '泰安市审计局' WHERE id = ?", [rng.choice(_ids(db, "is_report = 1"))]),
    "year changed": lambda db, rng: db.execute(
        "UPDATE reports SET report_year = report_year - 1 WHERE id = ?",
        [rng.choice(_ids(db, "is_report = 1"))]),
    "removed": lambda db, rng: db.execute(
        "UPDATE reports SET removed_at = '2026-01-01' WHERE id = ?", [rng.choice(_ids(db, "is_report = 1"))]),
    "no longer a report": lambda db, rng: db.execute(
        "UPDATE reports SET is_report = 0 WHERE id = ?", [rng.choice(_ids(db, "is_report = 1"))]),
    "new report": lambda db, rng: _report(db, rng, 9000 + rng.randint(0, 999), "某区商务局", "某区",
                                          "370102", 2025),
    "new agency a page names": lambda db, rng: _report(db, rng, 8000, "泰安市审计局", "泰安市",
                                                       "370900", 2023),
    "deleted": lambda db, rng: db.execute("DELETE FROM reports WHERE id = ?",
                                          [rng.choice(_ids(db, "is_report = 1"))]),
    "region code changed": lambda db, rng: db.execute(
        "UPDATE reports SET region_code = '370102', region = '某区' WHERE id = ?",
        [rng.choice(_ids(db, "is_report = 1"))]),
    # the first report met names the agency's region: every report of the agency is re-ranked
    "agency's region respelled": lambda db, rng: db.execute(
        "UPDATE reports SET region = '山东省泰安市' WHERE id = (SELECT min(id) FROM reports"
        " WHERE agency = '泰安市教育局' AND is_report = 1)"),
    "explainer appears": lambda db, rng: db.execute(
        "UPDATE reports SET title = '一图读懂' || title WHERE id = ?", [rng.choice(_ids(db, "is_report = 0"))]),
    "explainer retitled": lambda db, rng: db.execute(
        "UPDATE reports SET title = '工作动态' WHERE id = ?",
        [rng.choice(_ids(db, "title LIKE '图解%'"))]),
    "body copied": lambda db, rng: db.execute(
        "UPDATE reports SET body = (SELECT body FROM reports WHERE id = ?) WHERE id = ?",
        _ids(db, "is_report = 1")[:2]),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_scoped_refresh_equals_full(generated, tmp_path, mutation):
    rng = random.Random(mutation)
    with generated.conn:
        MUTATIONS[mutation](generated, rng)
    _check_scoped_equals_full(generated, tmp_path)


def test_many_changes_at_once_then_again(generated, tmp_path):
    rng = random.Random(9)
    for round_ in range(3):
        with generated.conn:
            for name in rng.sample(sorted(MUTATIONS), 5):
                MUTATIONS[name](generated, rng)
        _check_scoped_equals_full(generated, tmp_path)


def test_the_last_report_of_an_agency_goes(generated, tmp_path):
    """An agency with one report, named by another page: deleting the report deletes the
    agency and unlinks the page (a page is linked only to an agency that reports)."""
    with generated.conn:
        rid = _report(generated, random.Random(1), 8100, "阜新市审计局", "阜新市", "210900", 2022)
        _report(generated, random.Random(2), 8101, "阜新市审计局", "阜新市", "210900", None,
                is_report=0, title="阜新市审计局工作动态")
    _check_scoped_equals_full(generated, tmp_path)
    linked = generated.execute("SELECT count(*) FROM report_agencies WHERE report_id = 'gen08101'")
    assert linked.fetchone()[0] == 1
    with generated.conn:
        generated.execute("DELETE FROM reports WHERE id = ?", [rid])
    _check_scoped_equals_full(generated, tmp_path)
    assert generated.execute("SELECT count(*) FROM report_agencies WHERE report_id = 'gen08101'"
                             ).fetchone()[0] == 0


def test_the_same_values_again_note_nothing(generated):
    """A re-crawl of unchanged pages writes the same values: nothing is noted, nothing rebuilt."""
    rid = _ids(generated, "is_report = 1")[0]
    cells = [{**_cell(*row[:4]), "raw": row[4]} for row in generated.execute(
        "SELECT section, row_code, col_code, value, raw FROM report_stats WHERE report_id = ?", [rid])]
    row = generated["reports"].get(rid)
    with generated.conn:
        save_report_stats(generated, rid, row["report_year"], cells)
        generated["reports"].upsert(row, pk="id")
        generated.execute("UPDATE reports SET last_seen = '2026-12-07' WHERE id = ?", [rid])
    assert changes.dirty_keys(generated) == set()
    before = snapshot(generated)
    assert "agencies" not in derived.refresh_derived(generated)
    assert snapshot(generated) == before


def test_a_changed_site_or_new_code_rebuilds_in_full(generated):
    with generated.conn:
        generated.execute("UPDATE sites SET agency = '阜新市商务和粮食局' WHERE slug = 's1'")
    assert derived.plan(generated)[0] is None
    derived.refresh_derived(generated)
    assert derived.plan(generated)[0] is not None
    generated.execute("UPDATE search_index_state SET value = 'older code' WHERE key = ?",
                      [derived.STATE_KEY])
    assert derived.plan(generated)[0] is None
