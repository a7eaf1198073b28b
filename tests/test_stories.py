"""Stories (canned queries in metadata.yml) over a real archive: the fixture web crawled,
changed (edit, delete, add, views) and crawled again, plus a few hand-made agencies whose reports
were published late; and the pure helpers behind them (archive/stories.py)."""
import asyncio
import csv
import io
import json
import re

import pytest
import sqlite_utils
from hypothesis import given, strategies as st

from xxgk.serve import stories
from xxgk.cli.processes import running_fixture_web
from xxgk.serve.server import make_datasette
from xxgk.archive.store import save_report, save_site, start_crawl_run
from support import crawl_fixture_web, mutate_fixture_web as mutate
from xxgk.fixtureweb.mutations import EDITS, FUXIN_SEED, GONE_404, GONE_410, HEDONG_2019, VIEWS

SITES = ["fuxin-swj", "hedong-mzj", "nanxian-gov"]
TODAY = "2024-02-15"  # xxgk_today() in the queries
SAVED_AT = "2024-05-01T08:00:00+00:00"
# hand-made agencies: slug -> (agency, region, [(report year, published)])
MADE = {
    "demo-jyj": ("示例市教育局", "示例省示例市", [
        (2018, "2019-04-02"),   # old regulation, 31 March for all: 2 days late
        (2019, "2020-02-10"),   # department, 31 January: 10 days late
        (2020, "2021-01-31"),   # on the day: on time
        (2023, "2024-03-01")]),  # leap year: 29 days of February + 1 = 30 days late
    "demo-gov": ("示例县人民政府", "示例省示例县", [
        (2019, "2020-03-28"),   # local government, 31 March: on time
        (2020, "2021-04-01")]),  # 1 day late
    "demo-jd": ("示例县城关街道办事处", "示例省示例县", [
        (2021, "2022-03-01")]),  # sub-district office, 31 March: on time (a department: 29 late)
    "demo-wjw": ("示例市卫生健康委员会", "示例省示例市", [(2018, "2019-03-01")]),
    "demo-sjj": ("示例市审计局", "示例省示例市", []),
}
# reports another agency published on a hand-made site (a county portal carries its departments'):
# slug -> [(agency as printed, report year, published)]
HOSTED = {"demo-gov": [("示例县财政局", 2021, "2022-01-20"),
                       ("示例县 财政局", 2023, "2024-01-25")]}  # the same body, spaced


def run(coroutine):
    return asyncio.run(coroutine)


def crawl(path, base):
    crawl_fixture_web(path, sites=SITES, fixture_url=base, full=True)


def made_url(slug, year):
    return f"http://{slug}.example.gov.cn/ndbg/{year}.html"


def add_made_agencies(db):
    run_id = start_crawl_run(db, sites=list(MADE), args={})
    for slug, (agency, region, reports) in MADE.items():
        save_site(db, {"slug": slug, "agency": agency, "region": region,
                       "homepage": f"http://{slug}.example.gov.cn/"})
        for year, published in reports:
            url = made_url(slug, year)
            record = {"url": url, "title": f"{agency}{year}年政府信息公开工作年度报告",
                      "published": published, "report_year": year, "agency": agency,
                      "is_report": True, "attachments": [], "views": None,
                      "body": f"{agency}{year}年主动公开政府信息情况。"}
            save_report(db, record, fetch={"url": url, "fetched_at": SAVED_AT, "http_status": 200,
                                           "crawl_run_id": run_id, "site_id": slug})
    for slug, reports in HOSTED.items():
        for agency, year, published in reports:
            url = f"http://{slug}.example.gov.cn/czj/{year}.html"
            record = {"url": url, "title": f"{agency}{year}年政府信息公开工作年度报告",
                      "published": published, "report_year": year, "agency": agency,
                      "is_report": True, "attachments": [], "views": None,
                      "body": f"{agency}{year}年主动公开政府信息情况。"}
            save_report(db, record, fetch={"url": url, "fetched_at": SAVED_AT, "http_status": 200,
                                           "crawl_run_id": run_id, "site_id": slug})


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Runs: 1 first crawl; 2 after the `all` scenario; 3 after `restore`; then hand-made rows."""
    path = tmp_path_factory.mktemp("stories") / "archive.db"
    with running_fixture_web() as base:
        crawl(path, base)
        mutate(base, "all")
        crawl(path, base)
        mutate(base, "restore")
        crawl(path, base)
    db = sqlite_utils.Database(path)
    add_made_agencies(db)
    db.close()
    return base, path


@pytest.fixture(scope="module")
def ds(archive):
    return make_datasette(archive[1])


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr(stories, "today", lambda: TODAY)


def rows(ds, query, **params):
    """Rows of a canned query (or, with query "" and sql=…, of any SQL) as dicts."""
    params["_shape"] = "array"
    response = run(ds.client.get(f"/archive/{query}.json" if query else "/archive.json",
                                 params=params))
    assert response.status_code == 200, response.text
    return response.json()


# --- late reports -------------------------------------------------------------------------------

def test_late_reports_with_days_late(ds):
    got = [(r["agency"], r["report_year"], r["published"], r["deadline"], r["days_late"])
           for r in rows(ds, "late_reports")]
    assert got == [
        ("示例市教育局", 2023, "2024-03-01", "2024-01-31", 30),
        ("示例市教育局", 2019, "2020-02-10", "2020-01-31", 10),
        ("示例市教育局", 2018, "2019-04-02", "2019-03-31", 2),
        ("示例县人民政府", 2020, "2021-04-01", "2021-03-31", 1),
    ]  # every crawled fixture report came out on time (e.g. 南县人民政府 2019 on 2020-03-20)


def test_late_reports_filters(ds):
    assert [r["days_late"] for r in rows(ds, "late_reports", year="2019")] == [10]
    assert [r["title"] for r in rows(ds, "late_reports", region="示例县")] == [
        "示例县人民政府2020年政府信息公开工作年度报告"]
    assert rows(ds, "late_reports", region="阜新") == []
    late = rows(ds, "late_reports", year=" 2018 ", region="示例")[0]
    assert late["rule"] == stories.RULES["old"] and late["url"] == made_url("demo-jyj", 2018)
    assert late["atom_title"].endswith("（逾期2天 2 days late）")


# --- missing reports ----------------------------------------------------------------------------

def test_missing_reports_for_a_year(ds):
    got = [(r["site"], r["agency"], r["deadline"], r["status"], r["last_report_year"])
           for r in rows(ds, "missing_reports", year="2019")]
    assert got == [
        ("demo-jd", "示例县城关街道办事处", "2020-03-31", "overdue", 2021),
        ("demo-gov", "示例县财政局", "2020-01-31", "overdue", 2023),  # a year asked: every agency
        ("demo-wjw", "示例市卫生健康委员会", "2020-01-31", "overdue", 2018),
        ("demo-sjj", "示例市审计局", "2020-01-31", "overdue", None),
    ]


def test_missing_reports_every_year_through_the_last_passed_deadline(ds, monkeypatch):
    got = rows(ds, "missing_reports")
    years = {}
    for r in got:
        years.setdefault(r["agency"], []).append(r["year"])
    # each agency from its first archived report year to its latest year past the deadline: on
    # 2024-02-15 that is 2023 for departments (due 31 January), 2022 for governments (31 March)
    assert years["阜新市商务局"] == [2023, 2022, 2021]  # 2016-2020 archived (2020: the added page)
    assert years["天津市河东区民政局"] == [2023, 2022, 2021, 2020, 2016, 2015]
    assert years["南县人民政府"] == [2022, 2021, 2020, 2016, 2015, 2014, 2013]
    assert years["示例市审计局"] == [2023]  # no report at all: only the latest year
    assert years["示例市教育局"] == [2022, 2021]
    assert years["示例县人民政府"] == [2022, 2021]  # its portal's 财政局 reports are not its own
    assert years["示例县财政局"] == [2022]  # a body known from its reports; 2023 under "示例县 财政局"
    assert {r["status"] for r in got} == {"overdue"}
    hosted = next(r for r in got if r["agency"] == "示例县财政局")
    assert hosted["site"] == "demo-gov" and hosted["atom_id"].startswith(
        "urn:xxgk-archive:missing:demo-gov:2022:")
    assert len({r["atom_id"] for r in got}) == len(got)
    assert rows(ds, "missing_reports", year="2019", region="示例县") == rows(
        ds, "missing_reports", year="2019")[:2]
    assert [r["year"] for r in rows(ds, "missing_reports", agency="审计")] == [2023]
    monkeypatch.setattr(stories, "today", lambda: "2024-04-01")  # governments' 2023 now overdue
    assert [r["year"] for r in rows(ds, "missing_reports", agency="南县")][:2] == [2023, 2022]


def test_missing_reports_of_a_year_not_yet_due(ds):
    status = {r["agency"]: (r["deadline"], r["status"])
              for r in rows(ds, "missing_reports", year="2023")}
    assert status["示例市审计局"] == ("2024-01-31", "overdue")  # today 2024-02-15
    assert status["南县人民政府"] == ("2024-03-31", "not yet due")
    assert "示例县财政局" not in status and "示例市教育局" not in status


# --- changed and removed ------------------------------------------------------------------------

def test_changed_reports_show_what_changed(ds, archive):
    base, _ = archive
    changed = {r["url"]: r for r in rows(ds, "changed_reports", kind="changed")}
    assert set(changed) == {base + FUXIN_SEED, base + HEDONG_2019}
    seed = changed[base + FUXIN_SEED]
    assert (seed["changed_fields"], seed["old_version"], seed["new_version"], seed["diff"],
            seed["other_changes"]) == ("body", 1, 2, "…759条 → 768条…", "")
    assert changed[base + HEDONG_2019]["diff"] == "…186条 → 193条…"
    for row in changed.values():
        assert row["removed_reason"] is None and row["atom_link"] == row["url"]
        assert row["atom_content"] == f"v1 → v2 (body): {row['diff']}"
    assert EDITS[FUXIN_SEED] == ("主动公开政府信息共计759条", "主动公开政府信息共计768条")


def test_removed_reports_with_reason_and_return(ds, archive):
    base, _ = archive
    removed = {r["url"]: r for r in rows(ds, "changed_reports", kind="removed")}
    assert {u: (r["removed_reason"], r["old_version"], r["new_version"], r["diff"])
            for u, r in removed.items()} == {
        base + GONE_404[0]: ("HTTP 404", 1, None, None),
        base + next(iter(GONE_410)): ("missing from fully walked listing", 1, None, None),
    }
    assert all(r["restored_at"] > r["at"] for r in removed.values())  # `restore` brought both back
    everything = rows(ds, "changed_reports")
    assert len(everything) == 4 and [r["at"] for r in everything] == sorted(
        (r["at"] for r in everything), reverse=True)
    assert [r["kind"] for r in rows(ds, "changed_reports", region="阜新")] == ["changed"]


def test_changed_reports_page_links_to_archived_versions(ds, archive):
    html = run(ds.client.get("/archive/changed_reports?kind=changed")).text
    seed = rows(ds, "changed_reports", kind="changed", region="阜新")[0]
    assert f'<a href="/archive/report_versions/{seed["new_version_id"]}">' in html
    assert re.search(f'<a href="[^"]*/{seed["report_id"]}">', html)  # its row or its page


# --- view counts --------------------------------------------------------------------------------

def test_most_viewed(ds):
    got = [(r["report_year"], r["views"]) for r in rows(ds, "most_viewed")]
    # fuxin-swj reports after one `views` round; the report added in run 2 was read once (23)
    assert got == [(2018, 1057), (2016, 590), (2019, 436), (2017, 351), (2020, 23)]
    assert [(r["report_year"], r["views"]) for r in rows(ds, "most_viewed", year="2019")] == [
        (2019, 436)]


def test_fastest_growing_views(ds, archive):
    base, _ = archive
    got = [(r["url"], r["first_views"], r["latest_views"], r["gained"], r["readings"],
            r["views_per_day"]) for r in rows(ds, "fastest_growing_views")]
    expected = [(base + path, old, new, new - old, 2, None)  # readings seconds apart: no rate
                for path, (old, new) in VIEWS.items() if path in REPORT_PAGES]
    assert got == sorted(expected, key=lambda e: -e[3])
    assert {r["span"] for r in rows(ds, "fastest_growing_views")} == {"<1 min"}
    assert [r["gained"] for r in rows(ds, "fastest_growing_views", year="2017")] == [17]


REPORT_PAGES = {  # VIEWS pages that are annual reports (the others are notices and news)
    "/fuxin-swj/html/SWJ/202001/0152200121093012.html",
    "/fuxin-swj/html/SWJ/201903/0152190320101522.html",
    FUXIN_SEED,
    "/fuxin-swj/html/SWJ/201703/0152170330112741.html",
}


# --- search -------------------------------------------------------------------------------------

def test_search_with_filters(ds):
    found = rows(ds, "search", q="主动公开")
    reports = rows(ds, "", sql="select count(*) as n from reports where is_report = 1")[0]["n"]
    assert len(found) == reports == 23  # every report says what it published proactively
    agencies = {r["agency"] for r in rows(ds, "search", q="主动公开", region="阜新")}
    assert agencies == {"阜新市商务局"}
    by_agency = rows(ds, "search", q="主动公开", agency="民政局", year="2019")
    assert [r["title"] for r in by_agency] == ["天津市河东区民政局2019年政府信息公开工作年度报告"]
    passage = by_agency[0]["passage"]
    assert "⟦主动公开⟧" in passage or "⟦主动⟧" in passage
    assert " " not in passage.replace("… ", "…")  # segmentation spaces are gone
    assert rows(ds, "search", q="主动公开", year="2009") == []
    assert rows(ds, "search", q="") == []
    newest = rows(ds, "search", q="主动公开", sort="newest")
    assert [r["first_seen"] for r in newest] == sorted((r["first_seen"] for r in newest),
                                                       reverse=True)


def test_search_title_matches_rank_first(ds):
    found = rows(ds, "search", q="卫生健康委员会")
    assert [r["title"] for r in found][:1] == ["示例市卫生健康委员会2018年政府信息公开工作年度报告"]


# --- Datasette pages, CSV and JSON --------------------------------------------------------------

QUERIES = ["late_reports", "missing_reports", "changed_reports", "most_viewed",
           "fastest_growing_views", "search", "new_reports", "reports_by_agency"]


def test_database_page_lists_the_queries_with_titles(ds):
    html = run(ds.client.get("/archive")).text
    for name in QUERIES:
        query = ds.metadata(database="archive")["queries"][name]
        assert f'href="/archive/{name}"' in html and query["title"] in html
        assert "description_html" in query and query["description"]
    data = run(ds.client.get("/archive.json")).json()
    assert {q["name"] for q in data["queries"]} >= set(QUERIES)


def test_query_pages_document_their_parameters(ds):
    for name in QUERIES:
        query = ds.metadata(database="archive")["queries"][name]
        html = run(ds.client.get(f"/archive/{name}")).text
        assert query["title"] in html
        for param in query.get("params", []):
            assert f"<dt>{param} " in query["description_html"], (name, param)
            assert f'name="{param}"' in html


def test_csv_and_json_of_a_table_and_a_query(ds):
    table = run(ds.client.get("/archive/reports.csv?_size=max"))
    assert table.status_code == 200 and table.headers["content-type"].startswith("text/plain")
    table_rows = list(csv.DictReader(io.StringIO(table.text)))
    assert len(table_rows) == run(ds.client.get(
        "/archive.json?sql=select+count(*)+as+n+from+reports&_shape=array")).json()[0]["n"]
    query = run(ds.client.get("/archive/late_reports.csv?year=2019"))
    assert query.status_code == 200
    assert [(r["agency"], r["days_late"]) for r in csv.DictReader(io.StringIO(query.text))] == [
        ("示例市教育局", "10")]
    data = run(ds.client.get("/archive/late_reports.json?year=2019")).json()
    assert data["rows"][0][data["columns"].index("days_late")] == 10
    assert run(ds.client.get("/archive/sites.json")).json()["rows"]


def test_csv_and_json_of_every_table_view_and_query(ds):
    data = run(ds.client.get("/archive.json")).json()
    names = [t["name"] for t in data["tables"]] + [v["name"] for v in data["views"]]
    assert {"reports", "report_versions", "report_events", "report_views", "site_status"} <= set(
        names)
    paths = [f"/archive/{name}" for name in names] + [f"/archive/{name}?year=2019&q=主动公开"
                                                       for name in QUERIES]
    for path in paths:
        for extension in (".json", ".csv"):
            url = path.replace("?", extension + "?", 1) if "?" in path else path + extension
            response = run(ds.client.get(url))
            assert response.status_code == 200, (url, response.text[:500])
            if extension == ".json":
                assert "rows" in response.json()
            else:
                assert response.text.splitlines()[0]


# --- the pure helpers ---------------------------------------------------------------------------

@pytest.mark.parametrize("year, agency, deadline", [
    (2019, "阜新市商务局", "2020-01-31"),
    (2019, "南县人民政府", "2020-03-31"),
    (2021, "天津市河东区人民政府办公室", "2022-01-31"),  # the government's office is a department
    (2021, "某某镇人民政府", "2022-03-31"),
    (2021, "下管镇", "2022-03-31"),
    (2021, "示例县城关街道办事处", "2022-03-31"),
    (2021, "示例市卫生健康委员会", "2022-01-31"),
    (2018, "阜新市商务局", "2019-03-31"),  # 2008 regulation: 31 March for everyone
    (2008, "某局", "2009-03-31"),
    (2007, "某局", None),  # before the 2008 regulation: no national deadline
    (2019, None, "2020-03-31"),  # unknown body: the later deadline
    (2019, "  ", "2020-03-31"),
    ("2019", "阜新市商务局", "2020-01-31"),
    (None, "阜新市商务局", None),
    ("abc", "阜新市商务局", None),
])
def test_report_deadline(year, agency, deadline):
    assert stories.report_deadline(year, agency) == deadline


@pytest.mark.parametrize("published, deadline, late", [
    ("2020-02-10", "2020-01-31", 10),
    ("2020-01-31", "2020-01-31", 0),
    ("2020-01-01", "2020-01-31", 0),
    ("2024-03-01", "2024-01-31", 30),
    ("2020-02-10 09:30:00", "2020-01-31", 10),
    ("2020-2-1", "2020-01-31", 1),
    (None, "2020-01-31", None),
    ("2020-02-30", "2020-01-31", None),
    ("2020-02-10", None, None),
])
def test_days_late(published, deadline, late):
    assert stories.days_late(published, deadline) == late


@pytest.mark.parametrize("old, new, diff", [
    ("本机关主动公开政府信息共计759条，其中规范性文件12件。",
     "本机关主动公开政府信息共计768条，其中规范性文件12件。", "…759条 → 768条…"),
    ("浏览 1,024 次", "浏览 1,057 次", "…1,024 → 1,057…"),
    ("收到申请3件，答复3件。", "收到申请5件，答复4件。", "…3件 → 5件…; …3件 → 4件…"),
    ("全年无行政诉讼。", "全年无行政诉讼。新增一句。", "…[+新增一句。]"),
    ("全年无行政诉讼。多余一句。", "全年无行政诉讼。", "…[-多余一句。]"),
    ("第一段  内容\n", "第一段 内容", ""),  # whitespace alone is no change
    ("abc", "xyz", "abc → xyz"),
    (None, None, ""),
    ("申请1件，答复2件，公开3件，复议4件。", "申请9件，答复8件，公开7件，复议6件。",
     "…1件 → 9件…; …2件 → 8件…; …3件 → 7件… (+1 more)"),
    ("一二三四五六", "一二三X四Y五六", "…四 → X四Y…"),  # changes 1 token apart read as one
    ("主动公开", "主动 公开", "…[+␣]…"),
])
def test_text_diff(old, new, diff):
    assert stories.text_diff(old, new) == diff


def test_text_diff_of_a_rewrite_is_by_sentence_and_quick():
    import random
    import time

    rng = random.Random(7)
    words = "主动公开政府信息申请行政复议诉讼办理答复规范性文件"

    def sentence():
        return "".join(rng.choice(words) for _ in range(20)) + str(rng.randint(1, 999)) + "条。"

    old = [sentence() for _ in range(400)]
    new = list(old)
    new[10], new[300] = sentence(), sentence()
    new = [s for i, s in enumerate(new) if i != 200]  # one sentence deleted
    new = [sentence() if i % 3 == 1 else s for i, s in enumerate(new)]  # a third rewritten
    started = time.perf_counter()
    diff = stories.text_diff("".join(old), "".join(new))
    assert time.perf_counter() - started < 2
    assert diff.startswith("…") and diff.count(" → ") == 3 and "more)" in diff


def test_record_changes():
    old = json.dumps({"title": "甲", "published": "2018-03-28", "attachments": [{"url": "a"}]})
    new = json.dumps({"title": "甲", "published": "2018-03-29", "attachments": [{"url": "b"}]})
    assert stories.record_changes(old, new) == (
        "published: 2018-03-28 → 2018-03-29; attachments: +1 -1")
    assert stories.record_changes(old, old) == "" and stories.record_changes("{", None) == ""


def test_atom_time_and_marks_html():
    assert stories.atom_time("2020-01-31") == "2020-01-31T00:00:00+08:00"
    assert stories.atom_time("2024-02-01T00:00:00+00:00") == "2024-02-01T00:00:00+00:00"
    assert stories.atom_time("2024-02-01 09:30") == "2024-02-01T09:30:00+08:00"
    assert stories.atom_time(None) == stories.atom_time("junk") == "1970-01-01T00:00:00+00:00"
    assert stories.marks_to_html("<i>&⟦复议⟧") == "&lt;i&gt;&amp;<b>复议</b>"


SQL_VALUES = st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.text(),
                       st.binary(max_size=20), st.booleans())


@given(SQL_VALUES, SQL_VALUES)
def test_deadline_helpers_never_raise(year, agency):
    deadline = stories.report_deadline(year, agency)
    assert deadline is None or deadline[5:] in ("01-31", "03-31")
    assert stories.deadline_rule(year, agency) in (None, *stories.RULES)
    late = stories.days_late(agency, deadline)
    assert late is None or late >= 0
    assert stories.atom_time(year).count("T") == 1


@given(st.integers(min_value=2008, max_value=3000), st.text(max_size=20))
def test_deadline_is_in_the_next_year(year, agency):
    deadline = stories.report_deadline(year, agency)
    assert deadline.startswith(f"{year + 1:04d}-")
    assert stories.days_late(deadline, deadline) == 0


TEXT = st.text(alphabet=st.sampled_from("主动公开政府信息条件0123456789,. \n，。ab"), max_size=60)


@given(TEXT, TEXT)
def test_text_diff_never_raises(old, new):
    diff = stories.text_diff(old, new)
    assert (diff == "") == (" ".join(old.split()) == " ".join(new.split()))


@given(SQL_VALUES, SQL_VALUES)
def test_diff_helpers_accept_any_sql_value(old, new):
    assert isinstance(stories.text_diff(old, new), str)
    assert isinstance(stories.record_changes(old, new), str)
    assert isinstance(stories.marks_to_html(old), str)

