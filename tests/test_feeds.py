"""Atom feeds of the stories and of the reports table: new reports, each canned query, any search
and an agency, over a small hand-made archive with frozen dates and a report whose text is hostile
HTML; and every story and table-search feed of the fixture archive checked against RFC 4287."""
import asyncio
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from lxml import etree

from xxgk.serve import stories
from xxgk.serve.server import load_metadata, make_datasette
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


# --- RFC 4287 ------------------------------------------------------------------------------------

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
NS = {"a": "http://www.w3.org/2005/Atom"}


def check_iri(value, what):
    assert value and _IRI.fullmatch(value), f"{what} is not an IRI: {value!r}"
    urlsplit(value)  # raises on a malformed one (e.g. an unclosed [ in the host)


def check_time(value, what):
    assert value and _RFC3339.fullmatch(value), f"{what} is not an RFC 3339 timestamp: {value!r}"
    assert datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


def one(element, name, what) -> etree._Element:
    found = element.findall(f"a:{name}", NS)
    assert len(found) == 1, f"{what} has {len(found)} atom:{name} elements (one required)"
    return found[0]


def check_links(element, what):
    links = element.findall("a:link", NS)
    for link in links:
        assert link.get("href"), f"{what} has a link without href"
        check_iri(link.get("href"), f"{what} link href")
    alternates = [(link.get("type"), link.get("hreflang")) for link in links
                  if link.get("rel", "alternate") == "alternate"]
    assert len(alternates) == len(set(alternates)), f"{what}: two alternate links of one type"
    return links


def check_person(person, what):
    name = person.find("a:name", NS)
    assert name is not None and (name.text or "").strip(), f"{what} has an author without a name"
    uri = person.find("a:uri", NS)
    if uri is not None:
        check_iri(uri.text, f"{what} author uri")


def validate_atom(content: bytes) -> etree._Element:
    """``content`` parsed, after checking what RFC 4287 requires of a feed and its entries: one
    id (an IRI), title and updated (RFC 3339) each; an author for the feed unless every entry has
    one; distinct entry ids; an alternate link on the feed (and on entries without content);
    at most one alternate link per type; text constructs of a known type."""
    root = etree.fromstring(content)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    check_iri(one(root, "id", "the feed").text, "the feed id")
    assert (one(root, "title", "the feed").text or "").strip(), "the feed has an empty title"
    check_time(one(root, "updated", "the feed").text, "the feed's updated")
    links = check_links(root, "the feed")
    assert any(link.get("rel") == "alternate" for link in links), "the feed has no alternate link"
    assert any(link.get("rel") == "self" for link in links), "the feed has no self link"
    for person in root.findall("a:author", NS):
        check_person(person, "the feed")
    feed_author = bool(root.findall("a:author", NS))
    ids = []
    for n, entry in enumerate(root.findall("a:entry", NS)):
        what = f"entry {n + 1}"
        ids.append(one(entry, "id", what).text)
        check_iri(ids[-1], f"{what} id")
        assert (one(entry, "title", what).text or "").strip(), f"{what} has an empty title"
        check_time(one(entry, "updated", what).text, f"{what} updated")
        links = check_links(entry, what)
        authors = entry.findall("a:author", NS)
        for person in authors:
            check_person(person, what)
        assert feed_author or authors, f"{what} has no author and neither has the feed"
        contents = entry.findall("a:content", NS)
        assert len(contents) <= 1 and len(entry.findall("a:summary", NS)) <= 1
        if not contents:
            assert any(link.get("rel", "alternate") == "alternate" for link in links), \
                f"{what} has neither content nor an alternate link"
        for text in contents + entry.findall("a:summary", NS) + entry.findall("a:title", NS):
            assert text.get("type", "text") in ("text", "html", "xhtml"), what
    assert len(ids) == len(set(ids)), "duplicate entry ids"
    return root


def atom(ds, path, **params) -> etree._Element:
    response = run(ds.client.get(path, params=params))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    return validate_atom(response.content)


def test_validator_refuses_broken_feeds():
    good = (b'<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x:1</id><title>t</title>'
            b'<updated>2024-01-01T00:00:00+08:00</updated><author><name>a</name></author>'
            b'<link rel="alternate" href="http://a/"/><link rel="self" href="http://a/f"/>'
            b'<entry><id>urn:x:2</id><title>e</title><updated>2024-01-01T00:00:00Z</updated>'
            b'<link href="http://a/e"/></entry></feed>')
    validate_atom(good)
    broken = [good.replace(b"<author><name>a</name></author>", b""),  # nobody wrote it
              good.replace(b"</entry>", b"</entry><entry><id>urn:x:2</id><title>f</title>"
                           b"<updated>2024-01-02T00:00:00Z</updated><content>c</content></entry>"),
              good.replace(b"<id>urn:x:1</id>", b"<id>1</id>"),  # not an IRI
              good.replace(b"2024-01-01T00:00:00Z", b"2024-01-01 00:00:00"),  # not RFC 3339
              good.replace(b'<link rel="alternate" href="http://a/"/>', b""),
              good.replace(b"<title>e</title>", b"")]
    for feed_bytes in broken:
        with pytest.raises(AssertionError):
            validate_atom(feed_bytes)


def test_story_feeds_have_authors_and_links(ds):
    root = atom(ds, "/archive/late_reports.atom")
    assert root.findtext("a:author/a:name", namespaces=NS) == ds.metadata("title")
    assert root.find("a:link[@rel='alternate']", NS).get("href") == "http://localhost/archive/late_reports"
    assert root.find("a:link[@rel='self']", NS).get("href") == "http://localhost/archive/late_reports.atom"
    # late_reports returns an agency column: its entries are by that agency
    assert [e.findtext("a:author/a:name", namespaces=NS) for e in root.findall("a:entry", NS)] == [
        "示例市商务局"]
    related = root.find("a:entry/a:link[@rel='related']", NS).get("href")
    assert re.fullmatch(r"http://localhost/archive/-/report/[0-9a-f]{16}", related)
    search = atom(ds, "/archive/search.atom", q="行政复议", sort="newest")
    assert search.find("a:link[@rel='alternate']", NS).get("href").endswith(
        "/archive/search?q=%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE&sort=newest")


def test_reports_table_search_feed(ds):
    root = atom(ds, "/archive/reports.atom", _search="商务")
    entries_ = root.findall("a:entry", NS)
    got = {e.find("a:link[@rel='alternate']", NS).get("href"): e for e in entries_}
    assert set(got) == {url("demo-swj", "2019"), url("demo-swj", "2020")}
    entry = got[url("demo-swj", "2019")]
    report_id = entry.findtext("a:id", namespaces=NS).removeprefix("urn:xxgk-archive:report:")
    assert re.fullmatch(r"[0-9a-f]{16}", report_id)
    assert entry.find("a:link[@rel='related']", NS).get("href") == \
        f"http://localhost/archive/-/report/{report_id}"
    assert entry.findtext("a:title", namespaces=NS) == REPORTS[0][2]
    assert entry.findtext("a:author/a:name", namespaces=NS) == "示例市商务局"
    assert entry.findtext("a:summary", namespaces=NS) == REPORTS[0][5].replace("759条", "768条")
    assert entry.findtext("a:updated", namespaces=NS) == "2024-06-01T08:00:00+00:00"  # last changed
    assert root.find("a:link[@rel='alternate']", NS).get("href") == \
        "http://localhost/archive/reports?_search=%E5%95%86%E5%8A%A1"
    assert "商务" in root.findtext("a:title", namespaces=NS)


def test_reports_table_feed_escapes_and_filters(ds):
    raw = run(ds.client.get("/archive/reports.atom", params={"_search": "行政复议"})).content
    root = validate_atom(raw)
    assert b"<script>" not in raw and b"&lt;script&gt;" in raw
    summaries = [e.findtext("a:summary", namespaces=NS) for e in root.findall("a:entry", NS)]
    assert f"行政复议{HOSTILE}情况说明。" in summaries  # read back exactly as stored
    one_region = atom(ds, "/archive/reports.atom", _search="行政复议", region="示例省示例县")
    assert [e.findtext("a:title", namespaces=NS) for e in one_region.findall("a:entry", NS)] == [
        REPORTS[2][2]]
    empty = atom(ds, "/archive/reports.atom", _search="教育局")
    assert empty.findall("a:entry", NS) == [] and empty.findtext("a:author/a:name", namespaces=NS)


def test_table_page_links_its_feed(ds):
    html = run(ds.client.get("/archive/reports", params={"_search": "商务"})).text
    assert 'href="/archive/reports.atom?_search=' in html
    other = run(ds.client.get("/archive/sites.atom"))
    assert other.status_code == 400 and "atom_id" in other.text


def test_hostile_feed_input_is_refused_or_escaped(ds):
    for params in ({"_search": "\x00\x01<b>"}, {"_search": "商务" * 1000}, {"_feed_title": "\x07<t>"}):
        response = run(ds.client.get("/archive/reports.atom", params=params))
        assert response.status_code in (200, 400), response.text[:500]
        if response.status_code == 200:
            validate_atom(response.content)


# --- every story of metadata.yml, on the archive crawled from the fixture web -------------------

STORIES = load_metadata("archive.db")["databases"]["archive"].get("queries") or {}
FEED_STORIES = sorted(name for name, q in STORIES.items() if "atom_id" in q.get("sql", ""))
# every story is a feed: of its atom_* columns, or else of the reports in its report_id column


@pytest.fixture(scope="module")
def crawled(fixture_archive):
    return make_datasette(fixture_archive)


def sensible_params(names) -> dict:
    """A value for each parameter: the required search words, "" (any) for the optional ones."""
    known = {"q": "商务", "agency": "商务局", "sort": "newest"}
    return {name: known.get(name, "") for name in names or ()}


@pytest.mark.parametrize("name", sorted(STORIES))
def test_every_story_feed_is_valid_atom(crawled, name):
    params = sensible_params(STORIES[name].get("params"))
    root = atom(crawled, f"/archive/{name}.atom", **params)
    assert root.findtext("a:title", namespaces=NS) == STORIES[name]["title"]
    html = run(crawled.client.get(f"/archive/{name}", params=params)).text
    if root.findall("a:entry", NS):  # Datasette shows no format links under "0 results"
        assert f'href="/archive/{name}.atom' in html


def test_a_query_naming_reports_is_a_feed_of_them(crawled):
    sql = ("select id as report_id, 'x' as other from reports where is_report = 1 "
           "order by published desc limit 3")
    ids = [r[0] for r in run(crawled.get_database("archive").execute(sql)).rows]
    root = atom(crawled, "/archive.atom", sql=sql)
    assert [e.findtext("a:id", namespaces=NS) for e in root.findall("a:entry", NS)] == [
        f"urn:xxgk-archive:report:{i}" for i in ids]
    for name in sorted(set(STORIES) - set(FEED_STORIES)):  # stories without atom_* columns
        if "report_id" in STORIES[name]["sql"]:
            params = sensible_params(STORIES[name].get("params"))
            assert atom(crawled, f"/archive/{name}.atom", **params).findall("a:entry", NS), name
    response = run(crawled.client.get("/archive.atom", params={"sql": "select 1 as n"}))
    assert response.status_code == 400 and "atom_id" in response.text


def test_fixture_archive_search_feeds(crawled):
    root = atom(crawled, "/archive/reports.atom", _search="商务")
    entries_ = root.findall("a:entry", NS)
    assert entries_
    rows = run(crawled.get_database("archive").execute(
        "select region, count(*) from reports where id in (select value from json_each(?)) "
        "group by region order by 2 desc",
        [__import__("json").dumps([e.findtext("a:id", namespaces=NS).rsplit(":", 1)[1]
                                   for e in entries_])])).rows
    region = rows[0][0]
    narrowed = atom(crawled, "/archive/reports.atom", _search="商务", region=region)
    assert 0 < len(narrowed.findall("a:entry", NS)) <= len(entries_)
    assert atom(crawled, "/archive/reports.atom", _search="没有这个词语的报告").findall("a:entry", NS) == []
    assert atom(crawled, "/archive/search.atom", q="没有这个词语的报告").findall("a:entry", NS) == []


def test_report_ids_link_to_report_pages(ds):
    html = run(ds.client.get("/archive/new_reports")).text
    ids = re.findall(r'href="/archive/-/report/([0-9a-f]{16})"', html)
    assert len(ids) == 3 and f'href="/archive/reports/{ids[0]}"' not in html
    changed = run(ds.client.get("/archive/changed_reports")).text
    assert re.search(r'href="/archive/report_versions/\d+"', changed)  # versions stay rows
    assert re.search(r'href="/archive/report_events/\d+"', changed)


def test_table_feed_whatever_columns_are_shown(ds):
    full = atom(ds, "/archive/reports.atom", _search="商务")
    narrow = atom(ds, "/archive/reports.atom", _search="商务", _col="published", _labels="on")
    assert etree.tostring(narrow.find("a:entry", NS)) == etree.tostring(full.find("a:entry", NS))
    row = atom(ds, "/archive/reports/" + full.findtext("a:entry/a:id", namespaces=NS)
               .rsplit(":", 1)[1] + ".atom")
    assert [e.findtext("a:title", namespaces=NS) for e in row.findall("a:entry", NS)] == [
        full.findtext("a:entry/a:title", namespaces=NS)]


def test_feeds_of_an_archive_named_otherwise(ds, tmp_path):
    demo = tmp_path / "demo.db"
    demo.write_bytes(__import__("pathlib").Path(ds.databases["archive"].path).read_bytes())
    other = make_datasette(demo)
    root = atom(other, "/demo/reports.atom", _search="商务")
    assert {e.find("a:link[@rel='related']", NS).get("href").rsplit("/", 1)[0]
            for e in root.findall("a:entry", NS)} == {"http://localhost/demo/-/report"}
    story = atom(other, "/demo/search.atom", q="商务")
    assert story.findtext("a:title", namespaces=NS) == query_title(ds, "search")
    assert story.findall("a:entry", NS)


def test_sql_feeds_are_made_valid(ds):
    sql = ("select 1 as atom_id, 'x' || char(1) || '<t>' as atom_title, '2024-01-01' as atom_updated, "
           "'甲' as atom_author union all select 1, 'dup', 'not a date', null")
    root = atom(ds, "/archive.atom", sql=sql)
    got = [(e.findtext("a:id", namespaces=NS), e.findtext("a:title", namespaces=NS),
            e.findtext("a:updated", namespaces=NS), e.findtext("a:author/a:name", namespaces=NS))
           for e in root.findall("a:entry", NS)]
    assert got == [("urn:xxgk-archive:id:1", "x<t>", "2024-01-01T00:00:00+08:00", "甲")]
    assert root.findtext("a:updated", namespaces=NS) == "2024-01-01T00:00:00+08:00"
    empty = atom(ds, "/archive.atom", sql="select 'a:b' as atom_id, 't' as atom_title, "
                                          "'2024-01-01' as atom_updated where 0")
    assert empty.findall("a:entry", NS) == []


def test_odd_links_and_ids_become_iris(ds):
    sql = ("select 'tag:x,2024:a b<c>' as atom_id, 't' as atom_title, '2024-01-01' as atom_updated, "
           "'http://例子.cn/年度 报告.html?a=\"1\"' as atom_link, 'x' as atom_author, "
           "'not a uri' as atom_author_uri")
    root = atom(ds, "/archive.atom", sql=sql)
    entry = root.find("a:entry", NS)
    assert entry.findtext("a:id", namespaces=NS) == "tag:x,2024:a%20b%3Cc%3E"
    assert entry.find("a:link", NS).get("href") == (
        "http://例子.cn/年度%20报告.html?a=%221%22")
    assert entry.find("a:author/a:uri", NS) is None
