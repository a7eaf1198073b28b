"""archive/health.py: per-site crawl-run health, flags with frozen time, the site_status view."""
import asyncio
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from xxgk.archive.health import record_run_health, status_rows, usual_cycle_days
from xxgk.archive.store import mark_not_modified, save_crawl_error, save_report, start_crawl_run
from support import new_archive

SHANGHAI = ZoneInfo("Asia/Shanghai")
SITES = ["fuxin-swj", "fuxin-mzj", "sy-gov"]
T1 = "2024-02-01T08:00:00+08:00"


def page(site, n, *, title="阜新市商务局年度报告", published="2024-01-20", is_report=True):
    url = f"http://{site}.example.gov.cn/{n}.html"
    record = {"url": url, "title": title, "published": published, "report_year": 2023,
              "source": site, "editor": None, "views": None, "agency": site, "attachments": [],
              "is_report": is_report, "body": f"正文{n}", "raw": {}}
    return record


def save(db, record, site, run, at=T1):
    save_report(db, record, fetch={"url": record["url"], "fetched_at": at, "http_status": 200,
                                   "sha256": "0" * 64, "crawl_run_id": run, "site_id": site})


@pytest.fixture
def db():
    database = new_archive(sites=[{"slug": slug, "agency": slug + "机关"} for slug in SITES])
    run = start_crawl_run(database, sites=SITES, args={})
    for n, published in enumerate(["2022-01-20", "2023-01-18", "2024-01-20"]):
        save(database, page("fuxin-swj", n, published=published), "fuxin-swj", run)
    save(database, page("fuxin-swj", 9, title="通知", published="2024-03-01", is_report=False),
         "fuxin-swj", run)
    save(database, page("fuxin-mzj", 1, published=None, is_report=False), "fuxin-mzj", run)
    save(database, page("fuxin-mzj", 2, title=" ", published="2024-02-30", is_report=False),
         "fuxin-mzj", run)
    save(database, page("fuxin-mzj", 3, is_report=False), "fuxin-mzj", run)
    for kind in ["http", "http", "timeout"]:
        save_crawl_error(database, crawl_run_id=run, url="http://fuxin-mzj.example.gov.cn/x",
                         kind=kind, reason="x", site_id="fuxin-mzj")
    return database


def rows_by_site(rows):
    return {row["site_id"]: row for row in rows}


def test_run_health_rows(db):
    now = datetime(2024, 6, 1, 9, 0, tzinfo=SHANGHAI)
    rows = rows_by_site(record_run_health(db, 1, now=now))
    assert rows["fuxin-swj"] == {
        "crawl_run_id": 1, "site_id": "fuxin-swj", "items": 4, "reports": 3, "new_reports": 3,
        "valid_date_rate": 1.0, "valid_title_rate": 1.0, "errors": 0, "errors_by_kind": "{}",
        "last_new_report_at": "2024-02-01", "usual_cycle_days": 365.0, "flags": "[]",
        "flagged": 0, "computed_at": "2024-06-01T09:00:00+08:00"}
    assert rows["fuxin-mzj"] | {"computed_at": None} == {
        "crawl_run_id": 1, "site_id": "fuxin-mzj", "items": 3, "reports": 0, "new_reports": 0,
        "valid_date_rate": 0.3333, "valid_title_rate": 0.6667, "errors": 3,
        "errors_by_kind": '{"http": 2, "timeout": 1}', "last_new_report_at": None,
        "usual_cycle_days": 365.0, "flags": '["no reports", "low validity"]', "flagged": 1,
        "computed_at": None}
    assert rows["sy-gov"] | {"computed_at": None} == {
        "crawl_run_id": 1, "site_id": "sy-gov", "items": 0, "reports": 0, "new_reports": 0,
        "valid_date_rate": None, "valid_title_rate": None, "errors": 0, "errors_by_kind": "{}",
        "last_new_report_at": None, "usual_cycle_days": 365.0, "flags": '["no reports"]',
        "flagged": 1, "computed_at": None}
    assert list(db["site_health"].rows) == list(rows.values())
    record_run_health(db, 1, now=now)  # recomputing replaces the rows
    assert db["site_health"].count == 3


def test_stale_after_one_and_a_half_usual_cycles(db):
    run2 = start_crawl_run(db, sites=["fuxin-swj"], args={})
    for n, published in enumerate(["2022-01-20", "2023-01-18", "2024-01-20"]):
        mark_not_modified(db, url=page("fuxin-swj", n)["url"], crawl_run_id=run2,
                          fetched_at="2025-07-01T08:00:00+08:00")
    # 2024-02-01 + 1.5 x 365 days = 2025-08-01 (547.5 days)
    overdue = "stale: newest report is for 2023, reports through 2024 were due"
    [row] = record_run_health(db, run2, now=datetime(2025, 8, 1, 23, 0, tzinfo=SHANGHAI))
    assert (row["items"], row["reports"], row["new_reports"], json.loads(row["flags"])) == (
        3, 3, 0, [overdue])
    # the frozen now is a UTC instant; "today" is its date in Shanghai (2025-08-02)
    [row] = record_run_health(db, run2, now=datetime.fromisoformat("2025-08-01T16:00:00+00:00"))
    assert (row["last_new_report_at"], json.loads(row["flags"]), row["flagged"]) == (
        "2024-02-01", ["stale", overdue], 1)


def test_overdue_flag_follows_the_legal_deadline(db):
    """Report year 2023 of a 机关 (no 人民政府: a department) is due 2024-01-31: on that day the
    site is not overdue, the day after it is; the flag is recomputed for the day asked."""
    [row] = [r for r in record_run_health(db, 1, now=datetime(2024, 1, 31, tzinfo=SHANGHAI))
             if r["site_id"] == "fuxin-swj"]
    assert json.loads(row["flags"]) == []
    flags = {r["slug"]: r["flags"] for r in status_rows(db, today=date(2025, 2, 1))}
    assert flags["fuxin-swj"] == ["stale: newest report is for 2023, reports through 2024 "
                                  "were due"]
    assert flags["fuxin-mzj"] == ["no reports", "low validity"]  # no report year: no such flag
    assert {r["slug"]: r["flags"] for r in status_rows(db, today=date(2025, 1, 31))}[
        "fuxin-swj"] == []


def test_naive_now_is_refused(db):
    with pytest.raises(ValueError, match="timezone-aware"):
        record_run_health(db, 1, now=datetime(2024, 6, 1))


def test_usual_cycle_days():
    d = date.fromisoformat
    assert usual_cycle_days([]) == usual_cycle_days([d("2024-01-20")]) == 365.0
    assert usual_cycle_days([d("2022-01-20"), d("2023-01-18"), d("2024-01-20")]) == 365.0
    # a batch of reports published within days of each other is one publication
    batch = [d("2023-01-10"), d("2023-01-11"), d("2023-01-12"), d("2024-01-10"), d("2024-01-11")]
    assert usual_cycle_days(batch) == 363.0  # 2023-01-12 -> 2024-01-10
    assert usual_cycle_days([d("2024-01-01"), d("2024-07-01"), d("2024-07-01")]) == 182.0


def test_site_status_is_the_latest_row_per_site(db):
    record_run_health(db, 1, now=datetime(2024, 6, 1, tzinfo=SHANGHAI))
    run2 = start_crawl_run(db, sites=["fuxin-swj"], args={})
    record_run_health(db, run2, now=datetime(2024, 7, 1, tzinfo=SHANGHAI))
    rows = status_rows(db, today=date(2024, 7, 1))
    assert [(r["slug"], r["last_run_id"], r["flags"]) for r in rows] == [
        ("fuxin-mzj", 1, ["no reports", "low validity"]),
        ("fuxin-swj", run2, ["no reports"]),
        ("sy-gov", 1, ["no reports"])]
    assert list(rows[0]) == [
        "slug", "agency", "last_run_id", "last_run_at", "last_run_status", "items", "reports",
        "new_reports", "valid_date_rate", "valid_title_rate", "errors", "errors_by_kind",
        "last_new_report_at", "usual_cycle_days", "flags", "flagged",
        "site_id", "crawl_run_id"]
    assert rows[0]["agency"] == "fuxin-mzj机关" and rows[0]["errors_by_kind"] == {
        "http": 2, "timeout": 1}
    assert (rows[0]["site_id"], rows[0]["crawl_run_id"]) == ("fuxin-mzj", 1)  # site_health names
    assert rows[0]["last_run_status"] == "running" and rows[0]["last_run_at"].endswith("+00:00")


def test_site_status_in_datasette(db, tmp_path):
    from xxgk.serve.server import make_datasette

    record_run_health(db, 1, now=datetime(2024, 6, 1, tzinfo=SHANGHAI))
    path = tmp_path / "archive.db"
    db.execute("VACUUM INTO ?", [str(path)])
    ds = make_datasette(path)
    response = asyncio.run(ds.client.get("/archive/site_status.json?_shape=objects"))
    assert response.status_code == 200, response.text
    assert [(r["slug"], json.loads(r["flags"])) for r in response.json()["rows"]] == [
        ("fuxin-mzj", ["no reports", "low validity"]), ("sy-gov", ["no reports"]),
        ("fuxin-swj", [])]
    html = asyncio.run(ds.client.get("/archive/site_status")).text
    assert "The latest crawl-run health of every site" in html
