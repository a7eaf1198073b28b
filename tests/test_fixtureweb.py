"""The fixture web: routing, encodings, failure pages, platform endpoints, catalog integrity."""
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from xxgk.fixtureweb import catalog, generated

SITES = Path(catalog.SITES_DIR)
REGISTRY = Path(__file__).parent.parent / "xxgk" / "registry" / "sites" / "fixture"


def fetch(base, path, data=None, method=None):
    """(status, headers, body) without raising on HTTP errors."""
    req = urllib.request.Request(base + path, data=data, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_base_url_is_loopback(fixture_web):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", fixture_web)


def test_article_served_with_bytes_and_content_type(fixture_web):
    path = SITES / "fuxin-swj/html/SWJ/201803/0152180328150334.html"
    status, headers, body = fetch(fixture_web, "/fuxin-swj/html/SWJ/201803/0152180328150334.html")
    assert status == 200
    assert body == path.read_bytes()
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "浏览量:334".encode() in body


@pytest.mark.parametrize("path", [
    "/no-such-site/index.html",
    "/fuxin-swj/no/such/page.html",
    "/fuxin-swj/zwgk/gknb/index.expected.json",
    "/fuxin-swj/_site.yml",
    "/yiwu-swj-fx/_data/jpage.json",
    "/hedong-mzj/_expected/unfetchable.json",
    "/fuxin-swj/html/SWJ/201603/0152160325094410.html",  # the column's dead link
    "/fuxin-swj/_mutations/html/SWJ/202101/0152210125093015.html",  # only the `add` mutation publishes it
    "/fuxin-swj/html/SWJ/202101/0152210125093015.html",
])
def test_unknown_and_private_paths_are_404(fixture_web, path):
    assert fetch(fixture_web, path)[0] == 404


def test_slug_prefix_routes_to_site_folder(fixture_web):
    status, _, body = fetch(fixture_web, "/hedong-mzj/zwgk/zfxxgknb/index_1.html")
    assert status == 200 and body == (SITES / "hedong-mzj/zwgk/zfxxgknb/index_1.html").read_bytes()


def test_fail_once_then_ok_and_reset(fixture_web):
    path = "/qingshui-gov/info/1082/16404.htm"
    assert fetch(fixture_web, "/__fixture/reset", data=b"", method="POST")[0] == 204
    assert fetch(fixture_web, path)[0] == 500
    assert fetch(fixture_web, path)[0] == 200
    assert fetch(fixture_web, "/__fixture/reset", data=b"", method="POST")[0] == 204
    assert fetch(fixture_web, path)[0] == 500
    assert fetch(fixture_web, path)[0] == 200


def test_slow_page_is_slow_but_served(fixture_web):
    start = time.monotonic()
    status, _, _ = fetch(fixture_web, "/fuxin-swj/html/SWJ/201906/0152190618142207.html")
    assert status == 200 and time.monotonic() - start >= 1.4


def test_binary_and_huge_links(fixture_web):
    status, headers, body = fetch(fixture_web, "/hedong-mzj/zwgk/zfxxgknb/201901/t20190125_2700388.html")
    assert status == 200 and headers["Content-Type"] == "application/octet-stream"
    assert b"<html" not in body.lower() and len(body) > 10000
    req = urllib.request.Request(fixture_web + "/hedong-mzj/zwgk/zfxxgknb/201701/t20170120_2300125.html")
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert int(resp.headers["Content-Length"]) >= 12 * 1024 * 1024
        assert resp.read(1024).startswith(b"<!DOCTYPE html>")


def test_dataproxy_get_pages_chain(fixture_web):
    data = json.loads((SITES / "yiwu-swj-fx/_data/jpage.json").read_text(encoding="utf-8"))
    url = ("/yiwu-swj-fx/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3261&path=/"
           f"&columnid={data['columnid']}&unitid={data['unitid']}&permissiontype=0")
    seen = []
    while url:
        status, headers, body = fetch(fixture_web, url)
        assert status == 200 and headers["Content-Type"].startswith("text/xml")
        text = body.decode("utf-8")
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
        assert f"<totalrecord>{len(data['records'])}</totalrecord>" in text
        seen += re.findall(r'<li><a href="([^"]+)"', text)
        nxt = re.search(r'<nextgroup><!\[CDATA\[<a href="([^"]+)"', text)
        url = nxt.group(1) if nxt else None
    assert seen == [r["url"] for r in data["records"]]


def test_dataproxy_post_window(fixture_web):
    form = b"col=1&appid=1&webid=3261&path=/&columnid=1229134035&unitid=7452891&permissiontype=0"
    status, _, body = fetch(fixture_web, "/yiwu-swj-fx/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=3",
                            data=form, method="POST")
    assert status == 200 and body.count(b"<record>") == 3


def test_gkmlpt_config_and_api(fixture_web):
    _, _, page = fetch(fixture_web, "/longgang-gov/gkmlpt/index")
    sid = re.search(r"SID: '(\d+)'", page.decode()).group(1)
    status, headers, body = fetch(fixture_web, f"/longgang-gov/gkmlpt/api/all/2915?page=1&sid={sid}")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    first = json.loads(body)
    assert first["page"] == 1 and first["total"] > len(first["articles"])
    second = json.loads(fetch(fixture_web, f"/longgang-gov/gkmlpt/api/all/2915?page=2&sid={sid}")[2])
    assert {a["id"] for a in first["articles"]}.isdisjoint({a["id"] for a in second["articles"]})
    art = first["articles"][0]
    assert {"id", "title", "url", "first_publish_time", "publisher", "date"} <= set(art)
    assert fetch(fixture_web, art["url"])[0] == 200
    assert fetch(fixture_web, "/longgang-gov/gkmlpt/api/all/2915?page=1&sid=wrong")[0] == 400


def test_attachment_endpoints(fixture_web):
    status, headers, body = fetch(
        fixture_web, "/yiwu-swj-fx/module/download/downfile.jsp?classid=0&filename=5f2c9e0a7b1d4c3e8a6f0b2d9c4e7a1f.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF-")
    status, headers, _ = fetch(fixture_web, "/qingshui-gov/system/_content/download.jsp?urltype=news."
                                            "DownloadAttachUrl&owner=1768654345&wbfileid=5482213")
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    status, headers, _ = fetch(fixture_web, "/hedong-mzj/zwgk/zfxxgknb/202012/P020201216551274936107.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf"


def test_robots_disallows_a_linked_prefix(fixture_web):
    status, _, body = fetch(fixture_web, "/robots.txt")
    text = body.decode()
    assert status == 200 and "User-agent: *" in text
    assert "Disallow: /hedong-mzj/zwgk/tmp/" in text
    assert b"../tmp/201903/t20190315_2750001.html" in (SITES / "hedong-mzj/zwgk/zfxxgknb/index.html").read_bytes()


def test_query_string_routing_and_gb2312_header(fixture_web):
    status, headers, body = fetch(fixture_web, "/anding-sfj/Article/ShowClass.asp?ClassID=5&page=2")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=gb2312"
    assert "下一页".encode("gbk") in body
    assert fetch(fixture_web, "/anding-sfj/Article/ShowClass.asp?ClassID=5&page=9")[0] == 404
    status, headers, _ = fetch(fixture_web, "/nanxian-gov/a/zwgk/ndbg/list_12_1.html")
    assert status == 200 and headers["Content-Type"] == "text/html"


@pytest.mark.parametrize("slug", ["nanxian-gov", "anding-sfj"])
def test_gbk_sites_are_really_gbk(slug):
    pages = [f.path for f in catalog.article_fixtures() if f.slug == slug]
    assert pages
    found_gbk_only = False
    for path in pages:
        raw = path.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        text = raw.decode("gbk")
        assert 'charset=gb2312' in text
        found_gbk_only |= any(_gbk_only(c) for c in text)
    assert found_gbk_only


def _gbk_only(char):
    if ord(char) < 128:
        return False
    try:
        char.encode("gb2312")
        return False
    except UnicodeEncodeError:
        return True


FIELDS = ["url", "title", "published", "source", "editor", "views", "report_year", "agency",
          "attachments", "is_report", "body_contains", "body_excludes"]


def test_every_article_expected_is_complete_and_names_its_file():
    fixtures = catalog.article_fixtures()
    assert len(fixtures) >= 40
    for fx in fixtures:
        exp = fx.expected
        assert list(exp) == FIELDS, fx.url_path
        assert fx.path is not None and fx.path.is_file(), fx.url_path
        assert exp["url"].startswith(f"/{fx.slug}/")
        assert exp["published"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", exp["published"])
        assert exp["views"] is None or isinstance(exp["views"], int)
        assert (exp["report_year"] is not None) == exp["is_report"], fx.url_path
        assert 1 <= len(exp["body_contains"]) <= 4 and exp["body_excludes"]
        for a in exp["attachments"]:
            assert a["url"].startswith(f"/{fx.slug}/")


def test_every_listing_expected_parses_and_pages_exist():
    listings = catalog.listing_fixtures()
    urls = {f.url_path for f in listings}
    for fx in listings:
        assert fx.body()  # static bytes or the dynamic renderer's output
        if fx.path is not None:
            assert fx.path.is_file()
        for link in fx.expected["links"]:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", link["date"]) and isinstance(link["is_report"], bool)
        if fx.expected["next_page"]:
            assert fx.expected["next_page"] in urls, fx.expected["next_page"]
    for slug, columns in catalog.fixture_columns().items():
        assert columns, slug
        assert any(f.url_path == columns[0].split("#")[0] for f in listings), slug


def test_expected_json_files_all_parse():
    for path in SITES.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_expected_reports_flags():
    reports = catalog.expected_reports()
    by_slug = {}
    for r in reports:
        by_slug.setdefault(r["slug"], []).append(r)
    assert len(by_slug) >= 7
    for slug, recs in by_slug.items():
        real = {r["report_year"] for r in recs if r["is_report"] and r["fetchable"]}
        assert len(real) >= 3, slug
        assert any(r.get("failure") == "not_found" for r in recs), slug
        assert any(r["flaky"] == "fail_once" for r in recs), slug
    failures = {r["failure"] for r in reports}
    assert {"robots", "binary", "too_large", "not_found"} <= failures


def test_registry_entries_match_sites():
    files = sorted(REGISTRY.glob("*.yml"))
    assert len(files) == 6
    columns = catalog.fixture_columns()
    for f in files:
        entry = yaml.safe_load(f.read_text(encoding="utf-8"))
        assert set(entry) == {"slug", "agency", "region", "region_code", "homepage", "columns",
                              "platform", "fixture", "verified", "notes"}
        assert f.stem == entry["slug"] and isinstance(entry["region_code"], str)
        assert [c.replace("fixture:/", "") for c in entry["columns"]] == columns[entry["slug"]]
    assert "anding-sfj" not in {f.stem for f in files}


def test_generated_site_serves_index_pages_and_articles():
    proc = subprocess.Popen([sys.executable, "-m", "xxgk.fixtureweb", "--port", "0", "--generated", "5000"],
                            stdout=subprocess.PIPE, text=True)
    try:
        base = proc.stdout.readline().strip()
        status, _, body = fetch(base, "/gen/xxgk/ndbg/index.html")
        assert status == 200 and b'createPageHTML(250, 0, "index", "html")' in body
        status, _, body = fetch(base, "/gen/xxgk/ndbg/index_249.html")
        assert status == 200
        assert fetch(base, "/gen/xxgk/ndbg/index_250.html")[0] == 404
        art = generated.article(4999)
        status, _, body = fetch(base, art["url"])
        assert status == 200 and 20_000 <= len(body) <= 40_000
        assert body == generated.render_article(4999)
        assert art["title"].encode() in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_regenerating_the_fixture_web_reproduces_the_committed_files(tmp_path):
    """The committed replica sites are the authoring scripts' output, byte for byte: nobody
    edited a generated page by hand, and the scripts still run."""
    env = {**os.environ, "XXGK_FIXTURE_OUT": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "xxgk.fixtureweb.authoring"], env=env, check=True,
                   capture_output=True)
    committed = Path(__file__).parent.parent / "xxgk" / "fixtureweb" / "sites"
    built = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert built, "the authoring scripts wrote nothing"
    in_tree = {p.relative_to(committed) for p in committed.rglob("*") if p.is_file()
               and p.relative_to(committed).parts[0] in {b.parts[0] for b in built}}
    assert built == in_tree, (sorted(built - in_tree)[:5], sorted(in_tree - built)[:5])
    differ = [str(p) for p in sorted(built) if (tmp_path / p).read_bytes() != (committed / p).read_bytes()]
    assert not differ, differ[:10]
