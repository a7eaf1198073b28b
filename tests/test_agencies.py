"""Agencies as entities: pure name rules and the agencies table on hand-written archives."""
import json
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from tests.support import new_archive
from xxgk.archive.agencies import (agency_id, canonical_name, level_of,
                                   name_key, parent_of, refresh_agencies, report_agencies)


def test_name_key_folds_width_and_spaces():
    assert name_key("阜新市 商务局（Ａ）") == name_key("阜新市商务局(a)")
    assert name_key("") is None and name_key(None) is None


def test_canonical_name_short_form_and_office():
    assert canonical_name("市商务局", "阜新市") == "阜新市商务局"
    assert canonical_name("某县人民政府办公室", "某县") == "某县人民政府"
    assert canonical_name("某县人民政府办公厅", "某县") == "某县人民政府"


def test_level_and_parent():
    assert level_of("210000") == "province" and level_of("210900") == "city"
    assert level_of("210921") == "county"
    assert parent_of("阜新市商务局", "阜新市") == "阜新市人民政府"
    assert parent_of("阜新市人民政府", "阜新市") is None


def _report(db, rid, site, agency, year, region="某县", code="330999"):
    db["reports"].insert({"id": rid, "url": f"http://x/{rid}", "site_id": site, "agency": agency,
                          "report_year": year, "region": region, "region_code": code,
                          "is_report": 1, "latest_version_id": 0})


def _site(db, slug, agency, region="某县", code="330999"):
    db["sites"].insert({"slug": slug, "agency": agency, "region": region, "region_code": code,
                        "columns": json.dumps([f"http://x/{slug}/col"])})


def test_refresh_agencies_aliases_sites_parent(tmp_path):
    db = new_archive(tmp_path / "a.db")
    _site(db, "gov", "某县人民政府")
    _site(db, "gov2", "某县人民政府")
    _report(db, "r1", "gov", "某县人民政府办公室", 2023)
    _report(db, "r2", "gov", "县商务局", 2024)
    _report(db, "r3", "gov2", "某县人民政府", 2024)
    assert refresh_agencies(db) == 2
    assert refresh_agencies(db) == 2  # idempotent
    rows = {r["name"]: r for r in db["agencies"].rows}
    gov, dep = rows["某县人民政府"], rows["某县商务局"]
    assert set(json.loads(gov["sites"])) == {"gov", "gov2"}
    assert "某县人民政府办公室" in json.loads(gov["aliases"])
    assert dep["level"] == "department" and dep["government_level"] == "county"
    assert dep["parent_id"] == gov["id"] == agency_id("330999", "某县人民政府")
    assert report_agencies(db)["r2"] == dep["id"]
    assert (gov["first_report_year"], gov["last_report_year"]) == (2023, 2024)


def _story(path, name="missing_reports", **params):
    """Rows of a story as Datasette serves it (the project's metadata and SQL functions)."""
    import asyncio

    from xxgk.serve.server import make_datasette
    response = asyncio.run(make_datasette(path).client.get(
        f"/{path.stem}/{name}.json", params={"_shape": "array", **params}))
    assert response.status_code == 200, response.text[:2000]
    return response.json()


def test_missing_reports_story_counts_short_forms_and_offices_as_their_agency(tmp_path):
    db = new_archive(tmp_path / "m.db")
    _site(db, "gov", "某县人民政府")
    _report(db, "r1", "gov", "某县人民政府办公室", 2023)
    _report(db, "r2", "gov", "县商务局", 2024)
    _report(db, "r3", "gov", "某县商务局", 2023)
    refresh_agencies(db)
    missing = {(r["agency"], r["year"]): r["status"] for r in _story(tmp_path / "m.db")}
    assert ("某县人民政府", 2023) not in missing  # its office published it
    assert not any(year in (2023, 2024) and "商务局" in name for name, year in missing)
    assert missing[("某县人民政府", 2024)] == "overdue"
    assert {name for name, year in missing if year == 2025} == {"某县人民政府", "某县商务局"}  # its fullest name
    not_due = _story(tmp_path / "m.db", year="2026")
    assert not_due and {r["status"] for r in not_due} == {"not yet due"}


def test_missing_reports_on_fixture_archive(fixture_archive, tmp_path):
    import shutil

    import sqlite_utils
    copy = tmp_path / "archive.db"
    shutil.copy(fixture_archive, copy)
    db = sqlite_utils.Database(copy)
    assert refresh_agencies(db) > 0
    reported = {r[0] for r in db.execute(
        "SELECT a.id FROM agencies a JOIN report_agencies ra ON ra.agency_id = a.id "
        "JOIN reports r ON r.id = ra.report_id WHERE r.report_year = 2025 AND r.is_report = 1")}
    names = {r["id"]: r["name"] for r in db["agencies"].rows}
    db.close()
    missing = {canonical_name(r["agency"], r["region"]) for r in _story(copy) if r["year"] == 2025}
    assert missing == {names[a] for a in names if a not in reported}
    assert missing


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_missing_reports_names_each_holdout_agency(tmp_path):
    import threading
    from functools import partial
    from pathlib import Path

    import sqlite_utils
    from support import crawl_fixture_web
    site = Path(__file__).parent / "holdout_site"
    expected = json.loads((site / "expected.json").read_text(encoding="utf-8"))
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(_Quiet, directory=str(site / "www")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        crawl_fixture_web(tmp_path / "county.db",
                          url=f"http://127.0.0.1:{server.server_address[1]}" + expected["entry"])
    finally:
        server.shutdown()
        server.server_close()
    db = sqlite_utils.Database(tmp_path / "county.db")
    db.close()
    names = {canonical_name(r["agency"]) for r in expected["reports"] if r.get("agency")}
    done = {canonical_name(r["agency"]) for r in expected["reports"]
            if r.get("agency") and r.get("report_year") == 2025}
    wanted = names - done
    assert len(wanted) >= 5
    missing = {canonical_name(r["agency"]) for r in _story(tmp_path / "county.db")
               if r["year"] == 2025}
    assert wanted <= missing and not (missing & done)


def test_names_in_a_full_region_path():
    path = "山东省泰安市汶阳县"
    assert canonical_name("县教体局", path) == "汶阳县教体局"
    assert canonical_name("汶城镇人民政府", path) == "汶阳县汶城镇人民政府"  # names no place
    assert canonical_name("泰安市商务局", path) == "泰安市商务局"  # another government's
    assert canonical_name("市场监督管理局", "某县") == "某县市场监督管理局"  # 市场 is no 市
    assert parent_of("汶阳县汶城镇人民政府", path) == "汶阳县人民政府"
    assert parent_of("汶阳县人民政府", path) is None


def test_every_link_has_its_agency(tmp_path):
    db = new_archive(tmp_path / "l.db")
    _site(db, "gov", "某县人民政府")
    _report(db, "r1", "gov", "某县卫生健康局", 2023)
    db["reports"].update("r1", {"removed_at": "2024-05-01"})  # its only report, removed
    _report(db, "p1", "gov", "某县统计局", None)  # a page that is no report, of nobody known
    db["reports"].update("p1", {"is_report": 0})
    refresh_agencies(db)
    linked = {r["report_id"]: r["agency_id"] for r in db["report_agencies"].rows}
    names = {r["id"]: r for r in db["agencies"].rows}
    assert set(linked) == {"r1"} and names[linked["r1"]]["name"] == "某县卫生健康局"
    assert names[linked["r1"]]["first_report_year"] is None  # a removed report's year not counted
