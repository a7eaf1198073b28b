"""Atom feeds (datasette-atom) of the stories: new reports, each canned query, any search and an
agency, over a small hand-made archive with frozen dates and a report whose text is hostile HTML."""
import asyncio
import xml.etree.ElementTree as ET

import pytest

from xxgk.serve import stories
from xxgk.serve.server import make_datasette
from xxgk.archive.store import mark_removed, save_report, start_crawl_run
from support import new_archive

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"
SITES = {
    "demo-swj": ("示例市商务局", "示例省示例市"),
    "demo-gov": ("示例县人民政府", "示例省示例县"),
}
# slug, file, title, published, report year, body, first saved at
REPORTS = [
    ("demo-swj", "2019", "示例市商务局2019年政府信息公开工作年度报告", "2020-02-10", 2019,
     "本机关主动公开政府信息共计759条，收到行政复议申请2件。", "2024-05-01T08:00:00+00:00"),
    ("demo-swj", "2020", "示例市商务局2020年政府信息公开工作年度报告", "2021-01-20", 2020,
     "本机关主动公开政府信息共计801条，未发生行政复议。", "2024-05-02T08:00:00+00:00"),
    ("demo-gov", "2020", f"示例县人民政府2020年年度报告{HOSTILE}", "2021-03-30", 2020,
     f"行政复议{HOSTILE}情况说明。", "2024-05-03T08:00:00+00:00"),
]


def url(slug, name):
    return f"http://{slug}.example.gov.cn/ndbg/{name}.html"


def run(coroutine):
    return asyncio.run(coroutine)


def save(db, slug, name, title, published, year, body, at, run_id, views=None):
    record = {"url": url(slug, name), "title": title, "published": published,
              "report_year": year, "agency": SITES[slug][0], "is_report": True,
              "attachments": [], "views": views, "body": body}
    save_report(db, record, fetch={"url": record["url"], "fetched_at": at, "http_status": 200,
                                   "crawl_run_id": run_id, "site_id": slug})


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    path = tmp_path_factory.mktemp("feeds") / "archive.db"
    db = new_archive(path, [{"slug": slug, "agency": agency, "region": region,
                             "homepage": f"http://{slug}.example.gov.cn/"}
                            for slug, (agency, region) in SITES.items()])
    first = start_crawl_run(db, sites=list(SITES), args={})
    for i, row in enumerate(REPORTS):
        save(db, *row, first, views=100 * (i + 1))
    second = start_crawl_run(db, sites=list(SITES), args={})
    slug, name, title, published, year, body, _ = REPORTS[0]
    save(db, slug, name, title, published, year, body.replace("759条", "768条"),
         "2024-06-01T08:00:00+00:00", second, views=160)
    mark_removed(db, url=url("demo-swj", "2020"), reason="HTTP 404", crawl_run_id=second,
                 at="2024-06-01T08:05:00+00:00")
    db.close()
    return make_datasette(path)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr(stories, "today", lambda: "2024-06-15")


def feed(ds, path, **params):
    response = run(ds.client.get(path, params=params))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == ATOM + "feed"
    return root


def entries(root):
    return [{"id": e.findtext(ATOM + "id"), "title": e.findtext(ATOM + "title"),
             "updated": e.findtext(ATOM + "updated"),
             "link": e.find(ATOM + "link").get("href"),
             "content": e.findtext(ATOM + "content"),
             "type": e.find(ATOM + "content").get("type")}
            for e in root.findall(ATOM + "entry")]


def query_title(ds, name):
    return ds.metadata(database="archive")["queries"][name]["title"]


def test_new_reports_feed(ds):
    root = feed(ds, "/archive/new_reports.atom")
    assert root.findtext(ATOM + "title") == query_title(ds, "new_reports")
    assert root.findtext(ATOM + "updated") == "2024-05-03T08:00:00+00:00"
    got = entries(root)
    assert [e["link"] for e in got] == [url("demo-gov", "2020"), url("demo-swj", "2020"),
                                        url("demo-swj", "2019")]  # newest first seen first
    assert [e["updated"] for e in got] == [r[6] for r in reversed(REPORTS)]
    assert got[2]["id"].startswith("urn:xxgk-archive:report:")
    assert got[2]["content"] == "示例市商务局 · 示例省示例市 · 2019年度 · 发布 published 2020-02-10"
    assert all(e["type"] == "text" for e in got)


def test_hostile_text_stays_text(ds):
    root = feed(ds, "/archive/new_reports.atom")
    raw = run(ds.client.get("/archive/new_reports.atom")).text
    assert "<script>" not in raw and "&lt;script&gt;" in raw  # escaped in the XML
    assert entries(root)[0]["title"] == REPORTS[2][2]  # and read back exactly as printed


def test_search_feed_highlights_and_escapes(ds):
    root = feed(ds, "/archive/search.atom", q="行政复议")
    assert root.findtext(ATOM + "title") == query_title(ds, "search")
    got = {e["link"]: e for e in entries(root)}
    assert set(got) == {url("demo-swj", "2019"), url("demo-swj", "2020"), url("demo-gov", "2020")}
    hostile = got[url("demo-gov", "2020")]
    assert hostile["type"] == "html"
    html = hostile["content"]  # the HTML a feed reader shows
    assert "<b>行政复议</b>" in html
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert html.startswith("示例县人民政府 · 2020年度 · 2021-03-30\n")


def test_search_feed_filters_and_no_results(ds):
    links = [e["link"] for e in entries(feed(ds, "/archive/search.atom", q="行政复议",
                                              agency="商务局", year="2020", sort="newest"))]
    assert links == [url("demo-swj", "2020")]
    links = [e["link"] for e in entries(feed(ds, "/archive/search.atom", q="行政复议",
                                              region="示例县"))]
    assert links == [url("demo-gov", "2020")]
    empty = feed(ds, "/archive/search.atom", q="教育局")  # a subscription before any match
    assert entries(empty) == [] and empty.findtext(ATOM + "title") == query_title(ds, "search")
    assert empty.findtext(ATOM + "updated")


def test_agency_feed(ds):
    got = entries(feed(ds, "/archive/reports_by_agency.atom", agency="示例市商务局"))
    assert [e["link"] for e in got] == [url("demo-swj", "2020"), url("demo-swj", "2019")]
    assert got[1]["updated"] == "2024-06-01T08:00:00+00:00"  # the edit is its latest change
    assert entries(feed(ds, "/archive/reports_by_agency.atom", agency="")) == []


def test_late_changed_and_missing_feeds(ds):
    late = entries(feed(ds, "/archive/late_reports.atom"))
    assert [e["link"] for e in late] == [url("demo-swj", "2019")]
    assert late[0]["title"] == REPORTS[0][2] + "（逾期10天 10 days late）"
    changed = entries(feed(ds, "/archive/changed_reports.atom"))
    assert [(e["title"], e["content"]) for e in changed] == [
        ("【已删除 removed】" + REPORTS[1][2], "Removed 下线: HTTP 404"),
        ("【已修改 changed】" + REPORTS[0][2], "v1 → v2 (body): …759条 → 768条…"),
    ]
    missing = entries(feed(ds, "/archive/missing_reports.atom", year="2021"))
    assert [(e["id"], e["updated"], e["link"]) for e in missing] == [
        ("urn:xxgk-archive:missing:demo-gov:2021", "2022-03-31T00:00:00+08:00",
         "http://demo-gov.example.gov.cn/"),
        ("urn:xxgk-archive:missing:demo-swj:2021", "2022-01-31T00:00:00+08:00",
         "http://demo-swj.example.gov.cn/"),
    ]


def test_view_feeds(ds):
    most = entries(feed(ds, "/archive/most_viewed.atom"))
    assert [e["link"] for e in most] == [url("demo-gov", "2020"), url("demo-swj", "2020"),
                                         url("demo-swj", "2019")]  # 300, 200, 160 views
    growing = entries(feed(ds, "/archive/fastest_growing_views.atom"))
    assert [(e["link"], e["content"][:13]) for e in growing] == [
        (url("demo-swj", "2019"), "浏览量 100 → 160")]


@pytest.mark.parametrize("name, params", [
    ("late_reports", {}), ("missing_reports", {"year": "2021"}), ("changed_reports", {}),
    ("most_viewed", {}), ("fastest_growing_views", {}), ("search", {"q": "行政复议"}),
    ("new_reports", {}), ("reports_by_agency", {"agency": "商务局"}),
])
def test_every_query_page_links_its_feed(ds, name, params):
    html = run(ds.client.get(f"/archive/{name}", params=params)).text
    assert f'href="/archive/{name}.atom' in html
    root = feed(ds, f"/archive/{name}.atom", **params)
    assert entries(root)
    assert root.findtext(ATOM + "title") == query_title(ds, name)
    for entry in entries(root):
        assert entry["id"] and entry["title"] and entry["link"].startswith("http")
        assert entry["updated"][10] == "T" and entry["updated"][-6] in "+-"
