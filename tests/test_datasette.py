"""The archive as journalists see it: Datasette in-process over a small archive.db."""
import asyncio
import subprocess
import sys

import pytest

from xxgk.serve.server import ArchiveNotFound, datasette_args, make_datasette
from xxgk.archive.store import save_report, start_crawl_run
from support import new_archive

SITES = [
    {"slug": "fuxin-swj", "agency": "阜新市商务局", "region": "阜新市", "region_code": "210900",
     "homepage": "http://swj.fuxin.gov.cn/", "columns": [], "platform": "fuxin"},
    {"slug": "fuxin-mzj", "agency": "阜新市民政局", "region": "阜新市", "region_code": "210900",
     "homepage": "http://mzj.fuxin.gov.cn/", "columns": [], "platform": "fuxin"},
    {"slug": "sy-gov", "agency": "沈阳市人民政府", "region": "沈阳市", "region_code": "210100",
     "homepage": "http://www.shenyang.gov.cn/", "columns": [], "platform": "trs_wcm"},
]
REPORTS = [  # site, url, title, published, year, source, is_report, body
    ("fuxin-swj", "http://swj.fuxin.gov.cn/ndbg/1.html", "阜新市商务局2023年政府信息公开工作年度报告",
     "2024-01-20", 2023, "阜新市商务局", True, "本机关主动公开信息120条，收到依申请公开申请3件。"),
    ("fuxin-mzj", "http://mzj.fuxin.gov.cn/ndbg/2.html", "阜新市民政局2023年政府信息公开工作年度报告",
     "2024-01-25", 2023, "阜新市民政局", True, "因政府信息公开申请引发行政复议1件，行政诉讼0件。"),
    ("fuxin-mzj", "http://mzj.fuxin.gov.cn/ndbg/3.html", "阜新市民政局2022年政府信息公开工作年度报告",
     "2023-01-16", 2022, "阜新市民政局", True, "全年未发生因政府信息公开引起的诉讼。"),
    ("sy-gov", "http://www.shenyang.gov.cn/xxgk/4.html", "关于做好2023年度政务公开工作的通知",
     "2023-12-01", None, "本站", False, "各区、县（市）人民政府：请于1月31日前发布。"),
]


def run(coroutine):
    """Run one coroutine to completion (pytest-asyncio is not installed)."""
    return asyncio.run(coroutine)


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    path = tmp_path_factory.mktemp("served") / "archive.db"
    db = new_archive(path, SITES)
    crawl = start_crawl_run(db, sites=[s["slug"] for s in SITES], args={})
    for site, url, title, published, year, source, is_report, body in REPORTS:
        record = {"url": url, "title": title, "published": published, "report_year": year,
                  "source": source, "editor": "办公室", "views": None, "agency": source,
                  "attachments": [], "is_report": is_report, "body": body, "raw": {},
                  "counter_url": None, "platform": "fuxin", "encoding": "utf-8"}
        save_report(db, record, fetch={"url": url, "fetched_at": "2024-02-01T00:00:00+00:00",
                                        "http_status": 200, "sha256": "0" * 64,
                                        "crawl_run_id": crawl, "site_id": site,
                                        "content_type": "text/html", "size": 100})
    db.close()
    return make_datasette(path)


def get_json(ds, path):
    response = run(ds.client.get(path))
    assert response.status_code == 200, response.text
    return response.json()


def titles(ds, query):
    data = get_json(ds, "/archive/reports.json?_shape=objects&" + query)
    return [row["title"] for row in data["rows"]]


def test_plugin_is_registered(ds):
    plugins = get_json(ds, "/-/plugins.json")
    hooks = {h for p in plugins if p["name"] == "xxgk-archive" for h in p["hooks"]}
    assert {"prepare_connection", "register_routes", "render_cell", "asgi_wrapper"} <= hooks


def test_reports_sorted_newest_first(ds):
    data = get_json(ds, "/archive/reports.json?_shape=objects")
    assert [r["published"] for r in data["rows"]] == [
        "2024-01-25", "2024-01-20", "2023-12-01", "2023-01-16"]


def test_facets(ds):
    data = get_json(ds, "/archive/reports.json?_extra=facet_results")
    facets = data["facet_results"]
    assert {"site_id", "region", "report_year", "source", "is_report"} <= set(facets)

    def counts(name):
        return {str(r["value"]): r["count"] for r in facets[name]["results"]}

    assert counts("site_id") == {"fuxin-mzj": 2, "fuxin-swj": 1, "sy-gov": 1}
    assert counts("region") == {"阜新市": 3, "沈阳市": 1}
    assert counts("report_year") == {"2023": 2, "2022": 1}
    assert counts("source") == {"阜新市民政局": 2, "阜新市商务局": 1, "本站": 1}


@pytest.mark.parametrize("query, expected", [
    ("商务", ["阜新市商务局2023年政府信息公开工作年度报告"]),
    ("复议", ["阜新市民政局2023年政府信息公开工作年度报告"]),
    ("行政复议", ["阜新市民政局2023年政府信息公开工作年度报告"]),
    ("阜新市商务局", ["阜新市商务局2023年政府信息公开工作年度报告"]),
    ("依申请公开", ["阜新市商务局2023年政府信息公开工作年度报告"]),
    ("政务公开", ["关于做好2023年度政务公开工作的通知"]),
    ("教育局", []),
])
def test_search_finds_chinese_words(ds, query, expected):
    assert titles(ds, "_search=" + query) == expected


def test_search_two_character_word_in_many(ds):
    assert len(titles(ds, "_search=年度报告")) == 3
    assert len(titles(ds, "_search=诉讼")) == 2
    assert titles(ds, "_search=年度报告 商务") == ["阜新市商务局2023年政府信息公开工作年度报告"]


def test_search_one_column(ds):
    assert titles(ds, "_search_title=商务") == ["阜新市商务局2023年政府信息公开工作年度报告"]
    assert titles(ds, "_search_body=商务") == []


def test_search_odd_input_does_not_error(ds):
    for query in ['"', "AND", "，。", "NEAR(", "*"]:
        response = run(ds.client.get("/archive/reports.json?_search=" + query))
        assert response.status_code == 200, (query, response.text)


def test_html_page_has_search_box_showing_the_query_and_description(ds):
    response = run(ds.client.get("/archive/reports?_search=商务"))
    assert response.status_code == 200
    html = response.text
    assert 'name="_search"' in html
    assert 'value="商务"' in html  # the user's words, not the segmented form
    assert "One row per crawled article page" in html
    index = run(ds.client.get("/")).text
    assert "政府信息公开年度报告档案 xxgk-archive" in index and "Apache-2.0" in index
    assert "阜新市商务局2023年政府信息公开工作年度报告" in index  # the reports list is the home page
    columns = run(ds.client.get("/archive/reports")).text
    assert "Year the annual report covers (报告年度)" in columns


def test_fts_table_is_hidden(ds):
    data = get_json(ds, "/archive.json")
    hidden = {t["name"] for t in data["tables"] if t["hidden"]}
    assert "reports_fts" in hidden and "reports" not in hidden


def test_jieba_segment_sql_function(ds):
    data = get_json(ds, "/archive.json?sql=select+jieba_segment('阜新市商务局')+as+s&_shape=array")
    assert data == [{"s": "阜新 市 阜新市 商务 局 商务局 阜新市商务局"}]


def test_read_only(ds):
    assert ds.get_database("archive").is_mutable is False
    response = run(ds.client.get(
        "/archive.json?sql=insert+into+sites+(slug)+values+('x')"))
    assert response.status_code == 400
    assert get_json(ds, "/archive.json?sql=select+count(*)+as+n+from+sites&_shape=array") == [
        {"n": 3}]
    response = run(ds.client.post("/archive/-/query", data={"sql": "delete from sites"}))
    assert response.status_code in (403, 404, 405)


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(ArchiveNotFound, match="No archive database"):
        make_datasette(tmp_path / "archive.db")


def test_pages_left_in_a_wal_file_are_served(tmp_path):
    path = tmp_path / "archive.db"
    code = f"""
import os, sqlite_utils
from xxgk.archive.store import ensure_db_shape, save_report
db = sqlite_utils.Database({str(path)!r})
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=0")
ensure_db_shape(db)
save_report(db, {{"url": "http://a.gov.cn/1.html", "title": "商务局年度报告", "body": ""}}, fetch={{}})
os._exit(0)  # killed: the WAL file is left behind
"""
    subprocess.run([sys.executable, "-c", code], check=True)
    assert (tmp_path / "archive.db-wal").stat().st_size > 0
    ds = make_datasette(path)
    assert titles(ds, "_search=商务") == ["商务局年度报告"]


def test_serve_arguments(tmp_path):
    args = datasette_args(tmp_path / "archive.db", port=9000)
    assert args[:3] == ["serve", "-i", str(tmp_path / "archive.db")]
    assert ["--setting", "sql_time_limit_ms", "3000"] == args[args.index("sql_time_limit_ms") - 1:][:3]
    assert "default_page_size" in args and "--metadata" in args


def test_an_archive_under_another_file_name_keeps_its_metadata(ds, tmp_path):
    import shutil

    source = ds.databases["archive"].path
    copy = tmp_path / "demo.db"
    shutil.copy(source, copy)
    other = make_datasette(copy)
    data = run(other.client.get("/demo/reports.json?_search=商务")).json()
    assert set(data["facet_results"]) >= {"site_id", "region", "report_year", "source"}
    assert data["rows"]
