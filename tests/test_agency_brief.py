"""An agency's brief (xxgk.serve.brief) as a journalist reads it: a hand-built archive (two
sites, a county government and its 商务局 with reports 2020–2023, one year missing, one late,
one title hostile), served in-process by Datasette with the project's metadata and plugins."""
import asyncio
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from support import new_archive

from xxgk.archive import deadlines
from xxgk.archive.db import transaction
from xxgk.archive.agencies import agency_id
from xxgk.archive.derived import refresh_derived
from xxgk.archive.stats import save_report_stats
from xxgk.archive.store import save_site
from xxgk.extract.stats import StatCell
from xxgk.serve.brief import AGENCY_CONTINUITY_SQL, AGENCY_INDICATORS_SQL, cell_codes
from xxgk.serve.server import make_datasette

TODAY = "2024-06-01"  # the 2023 deadlines (31 Jan / 31 Mar 2024) have passed, 2024's have not
HOSTILE = "<script>alert('x')</script>某县商务局2023年政府信息公开工作年度报告"
CODE = "330999"
DEPT = agency_id(CODE, "某县商务局")
GOV = agency_id(CODE, "某县人民政府")


def run(coroutine):
    return asyncio.run(coroutine)


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def section(page: str, name: str) -> str:
    found = re.search(rf'<section id="{name}">(.*?)</section>', page, re.S)
    assert found, f"no section {name}"
    return found.group(1)


def _cells(rows):
    return [StatCell(section=s, row_code=r, col_code=c, value=v, unit="件", raw=str(v),
                     row_label=r, col_label=c, format="2021") for s, r, c, v in rows]


def _apps(**rows):
    return [("applications", r, "total", v) for r, v in rows.items()]


def _report(db, rid, site, agency, year, published, title):
    db["reports"].insert({"id": rid, "url": f"http://x/{rid}", "site_id": site, "agency": agency,
                          "report_year": year, "region": "某县", "region_code": CODE,
                          "title": title, "published": published, "is_report": 1,
                          "latest_version_id": 0}, alter=True)


def build_archive(path, *, peers=False, audit=False):
    db = new_archive(path)
    for slug, name in (("gov", "某县人民政府"), ("dep", "某县商务局")):
        save_site(db, {"slug": slug, "agency": name, "region": "某县", "region_code": CODE,
                       "columns": [f"http://x/{slug}/col"]})
    _report(db, "d" * 16, "dep", "某县商务局", 2020, "2021-01-20", "某县商务局2020年年度报告")
    _report(db, "e" * 16, "dep", "县商务局", 2021, "2022-02-15", "某县商务局2021年年度报告")
    _report(db, "f" * 16, "dep", "某县商务局", 2023, "2024-01-10", HOSTILE)
    _report(db, "a" * 16, "gov", "某县人民政府", 2023, "2024-03-01", "某县人民政府2023年年度报告")
    with transaction(db):  # last year carried 3 forward; this year's table says 2 came over
        save_report_stats(db, "d" * 16, 2020, _cells(_apps(carried_forward=3)))
        save_report_stats(db, "e" * 16, 2021, _cells(_apps(carried_over=2, carried_forward=5)))
        save_report_stats(db, "f" * 16, 2023, _cells(
            _apps(new=36, carried_over=4, granted=20, partly_granted=5, denied_state_secret=3,
                  total=40, carried_forward=2)))
    refresh_derived(db)  # as the end of a crawl does
    db.execute("DROP TABLE indicator_peers")  # an archive older than peers, or the rows below
    if not audit:  # an archive older than the audit
        db.execute("DROP VIEW report_audit_summary")
        db.execute("DROP TABLE report_audit")
    if peers:
        db["indicator_peers"].insert_all([
            {"report_id": "f" * 16, "agency_id": DEPT, "agency": "某县商务局", "level": "department",
             "province_code": "33", "report_year": 2023, "indicator": "disclosure_rate",
             "value": 0.625, "denominator": 40, "peer_group": "county-department|33|2023",
             "peers": 12, "rank": 4, "percentile": 72.7, "excluded_reason": None,
             "previous_value": 0.2, "change": 0.425, "anomaly": 1,
             "anomaly_reason": "上升 42.5 个百分点 <b>bold</b>"}], pk=("report_id", "indicator"))
    if audit:
        db["report_audit"].insert_all([
            {"report_id": "f" * 16, "check_code": "late", "ok": 0, "value": 0, "detail":
             "published <i>late</i>", "evidence": "发布日期 2024-01-10"},
            {"report_id": "d" * 16, "check_code": "title_year", "ok": 1, "value": None,
             "detail": None, "evidence": None}], pk=("report_id", "check_code"))
    db.close()
    return path


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr(deadlines, "today", lambda: TODAY)


def serve(path):
    ds = make_datasette(path)
    run(ds.invoke_startup())
    return ds


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    return serve(build_archive(tmp_path_factory.mktemp("brief") / "demo.db"))


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    return serve(build_archive(tmp_path_factory.mktemp("brief-full") / "archive.db", peers=True,
                               audit=True))


def get(ds, path):
    return run(ds.client.get(path))


def test_agency_heading_aliases_parent_sites(plain):
    response = get(plain, f"/demo/-/agency/{DEPT}")
    assert response.status_code == 200, response.text[-800:]
    page = response.text
    assert text_of(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)) == "某县商务局"
    meta = text_of(re.search(r'<dl class="xxgk-meta" id="agency">(.*?)</dl>', page, re.S)[1])
    assert "县商务局" in meta and "部门 department" in meta and "某县 (330999)" in meta
    assert re.search(rf'<a class="xxgk-parent" href="/demo/-/agency/{GOV}">某县人民政府</a>', page)
    assert 'href="http://x/dep/col"' in page and "2020–2023" in meta


def test_reports_by_year_on_time_late_missing(plain):
    page = get(plain, f"/demo/-/agency/{DEPT}").text
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", section(page, "reports"), re.S)[1:]
    shown = [text_of(r) for r in rows]
    assert [s[:4] for s in shown] == ["2020", "2021", "2022", "2023"]
    assert "on time 按时" in shown[0] and "2021-01-31" in shown[0]
    assert "late 逾期 15 days" in shown[1]  # due 2022-01-31 (a department), published 02-15
    assert "missing 缺失" in shown[2] and "2023-01-31" in shown[2]
    assert f'href="/demo/-/report/{"d" * 16}"' in rows[0]
    # a government's deadline is 31 March: 2023's report (2024-03-01) is on time
    gov = text_of(section(get(plain, f"/demo/-/agency/{GOV}").text, "reports"))
    assert "2024-03-31" in gov and "on time" in gov


def test_hostile_title_is_escaped(plain):
    page = get(plain, f"/demo/-/agency/{DEPT}").text
    assert "<script>alert" not in page
    assert html.escape(HOSTILE, quote=True) in page or \
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_rate_beside_its_denominator_links_to_cells(plain):
    page = get(plain, f"/demo/-/agency/{DEPT}").text
    rows = re.findall(r"<tr>(.*?)</tr>", section(page, "indicators"), re.S)[1:]
    assert [text_of(re.search(r"<th[^>]*>(.*?)</th>", r)[1])[:4] for r in rows] == \
        ["2020", "2021", "2023"]  # one row per report with statistics
    cell = re.search(r'<td class="num rate" data-indicator="disclosure_rate">(.*?)</td>',
                     rows[2], re.S).group(1)
    assert text_of(re.search(r'data-indicator="disclosure_rate">(.*?)</td>', rows[0])[1]) == "–"
    assert text_of(cell).strip() == "62.5 % of 40"
    links = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', cell)]
    numerator, denominator = (parse_qs(urlsplit(u).query) for u in links)
    assert urlsplit(links[1]).path == "/demo/report_stats"
    assert denominator == {"report_id": ["f" * 16], "section": ["applications"],
                           "row_code": ["total"], "col_code": ["total"]}
    assert numerator["row_code__in"] == ["granted,partly_granted"]
    printed = get(plain, "/demo/report_stats.json?" + urlsplit(links[1]).query
                  + "&_shape=array").json()  # the link shows the printed cell itself
    assert [(r["value"], r["raw"], r["source"]) for r in printed] == [(40.0, "40", "page")]
    printed = get(plain, "/demo/report_stats.json?" + urlsplit(links[0]).query + "&_shape=array")
    assert sorted(r["value"] for r in printed.json()) == [5.0, 20.0]
    denial = re.search(r'data-indicator="denial_rate">(.*?)</td>', rows[2], re.S).group(1)
    assert "row_code__startswith=denied" in denial and "7.5 % of" in text_of(denial)


def test_continuity_failure_shows_both_numbers(plain):
    text = text_of(section(get(plain, f"/demo/-/agency/{DEPT}").text, "continuity"))
    assert "2020→2021" in text and "expected 3, printed 2" in text
    page = get(plain, f"/demo/-/agency/{DEPT}").text
    assert f"report_id={'d' * 16}&amp;section=applications&amp;row_code=carried_forward" in page


def test_optional_sections_absent_or_shown(plain, full):
    page = get(plain, f"/demo/-/agency/{DEPT}").text
    assert 'id="peers"' not in page and 'id="audit"' not in page
    page = get(full, f"/archive/-/agency/{DEPT}").text
    peers = section(page, "peers")
    assert "上升 42.5 个百分点 &lt;b&gt;bold&lt;/b&gt;" in peers and "4 of 12" in peers
    assert "p73 · #4/12" in page  # beside the rate in the indicators table
    audit = section(page, "audit")
    assert "published &lt;i&gt;late&lt;/i&gt;" in audit and "title_year" not in audit


def test_unknown_and_malformed_ids_are_404(plain):
    for bad in ("0123456789ab", "nope", "%3Cscript%3E"):
        response = get(plain, f"/demo/-/agency/{bad}")
        assert response.status_code == 404
        assert "No agency with id" in response.text and "'<script>'" not in response.text


def test_index_lists_agencies(plain):
    response = get(plain, "/demo/-/agencies")
    assert response.status_code == 200
    rows = re.findall(r"<tr>(.*?)</tr>", response.text, re.S)[1:]
    shown = {text_of(re.search(r"<a[^>]*>(.*?)</a>", r)[1]): text_of(r) for r in rows}
    assert set(shown) == {"某县人民政府", "某县商务局"}
    assert "2020–2023" in shown["某县商务局"] and shown["某县商务局"].endswith("3")
    assert f'href="/demo/-/agency/{DEPT}"' in response.text
    filtered = get(plain, "/demo/-/agencies?q=商务").text
    assert "某县商务局" in filtered and "某县人民政府</a>" not in filtered


def test_print_stylesheet(plain):
    page = get(plain, f"/demo/-/agency/{DEPT}").text
    css = re.search(r"@media print \{(.*?)\n\}", page, re.S)
    assert css and "display: none" in css.group(1) and "header" in css.group(1)
    assert 'class="xxgk-print-only' in page


def test_queries_read_only_this_agencys_reports(tmp_path):
    import sqlite_utils
    db = sqlite_utils.Database(build_archive(tmp_path / "q.db"))
    for sql in (AGENCY_INDICATORS_SQL, AGENCY_CONTINUITY_SQL):
        params = {"agency_id": DEPT, "limit": 9}
        plan = " | ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params))
        assert "SCAN" not in plan and "agency_id=?" in plan, plan
    mine = {r["report_id"] for r in db.query(AGENCY_INDICATORS_SQL, {"agency_id": DEPT})}
    assert mine == {"d" * 16, "e" * 16, "f" * 16}


def test_every_indicator_cell_is_linkable():
    from xxgk.archive.indicators import CELL_NAMES
    assert all(cell_codes(name) for name in CELL_NAMES)
    assert cell_codes("denied") == [("applications", "denied*", "total")]


def test_an_agency_with_a_thousand_reports_renders_whole(tmp_path):
    db = new_archive(tmp_path / "big.db")
    save_site(db, {"slug": "dep", "agency": "某县商务局", "region": "某县", "region_code": CODE})
    with transaction(db):
        for i in range(1000):
            rid, year = f"{i:016x}", 2008 + i % 16
            _report(db, rid, "dep", "某县商务局", year, f"{year + 1}-01-{1 + i % 28:02d}", f"<b>{i}</b>")
            save_report_stats(db, rid, year, _cells(_apps(granted=i % 40, total=40, carried_forward=1,
                                                          carried_over=1)))
    refresh_derived(db)
    db.close()
    ds = serve(tmp_path / "big.db")
    response = get(ds, f"/big/-/agency/{DEPT}")  # its time: make bench (bench/indicators.py)
    assert response.status_code == 200
    assert response.text.count('class="xxgk-report"') == 1000
    assert "Only the first 300 checks are shown" in response.text


def test_every_agency_of_the_fixture_archive(fixture_archive, tmp_path):
    import shutil

    import sqlite_utils
    shutil.copy(fixture_archive, tmp_path / "demo.db")
    db = sqlite_utils.Database(tmp_path / "demo.db")
    agencies = list(db.query("SELECT id, name FROM agencies"))
    db.close()
    ds = serve(tmp_path / "demo.db")
    index = get(ds, "/demo/-/agencies").text
    assert agencies and index.count('class="xxgk-agency"') == len(agencies)
    for agency in agencies:
        response = get(ds, f"/demo/-/agency/{agency['id']}")
        assert response.status_code == 200, (agency, response.text[-500:])
        assert html.escape(agency["name"], quote=False) in response.text


def test_report_years_pure():
    from xxgk.serve.brief import report_years
    reports = [{"id": "x", "report_year": 2021, "published": None},
               {"id": "y", "report_year": 9000, "published": "2022-01-01"}]
    rows = report_years("某市人民政府", 2020, reports, "2023-04-01")
    assert [(r["year"], r["missing"] and r["missing"]["kind"]) for r in rows] == \
        [(2020, "missing"), (2021, None), (2022, "missing")]  # 2022 due 2023-03-31: passed
    assert rows[1]["reports"][0]["status"]["kind"] == "unknown"  # no publication date
    assert [r["year"] for r in report_years("某市人民政府", 2020, [], "2023-03-31")] == [2020, 2021]
    assert report_years("某局", None, [], "2023-03-31") == []


def test_a_report_page_links_to_its_agency_brief(tmp_path):
    ds = serve(build_archive(tmp_path / "r.db"))
    page = get(ds, "/r/-/report/" + "e" * 16).text  # printed under the short form 县商务局
    assert f'href="/r/-/agency/{DEPT}"' in page
