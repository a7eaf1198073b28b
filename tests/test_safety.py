"""Safe to publish: the archive is served read-only (immutable, no writes, a SQL time limit), and
nothing crawled can run script in a reader's browser.

The fixture report /qingshui-gov/info/1082/19901.htm (fixtureweb/authoring/qingshui.py) carries
script payloads as text in its title, 信息来源, 编辑, body, attachment link text and URL, and live
onerror/javascript: markup in its page. It is crawled into a temporary archive and every page a
reader can reach is checked: the payload text is shown escaped, never as markup.
"""
import asyncio
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

import lxml.html
import pytest

from xxgk.serve.server import SETTINGS, datasette_args, load_metadata, make_datasette
from support import crawl_fixture_web

XSS_PAGE = "/qingshui-gov/info/1082/19901.htm"
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
            "<img/src=x/onerror=alert(1)>", "<svg onload=alert(1)>", "<svg/onload=alert(1)>"]
ESCAPED_TITLE = "&lt;script&gt;alert(1)&lt;/script&gt;"
WRITE_PLUGINS = {"datasette-write", "datasette-insert", "datasette-upload-csvs",
                 "datasette-edit-schema", "datasette-write-ui", "datasette-import",
                 "datasette-auth-passwords"}


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture(scope="module")
def archive(fixture_web, tmp_path_factory):
    path = tmp_path_factory.mktemp("safety") / "archive.db"
    crawl_fixture_web(path, sites=["qingshui-gov"], fixture_url=fixture_web)
    return path


@pytest.fixture(scope="module")
def ds(archive):
    return make_datasette(archive)


@pytest.fixture(scope="module")
def xss(ds, fixture_web):
    """(report id, latest version id) of the payload page, as crawled."""
    rows = run(ds.execute("archive", "select id, latest_version_id from reports where url = ?",
                          [fixture_web + XSS_PAGE])).rows
    assert rows, "the payload page was not crawled"
    return rows[0]["id"], rows[0]["latest_version_id"]


def get(ds, path, allowed=(200,)):
    response = run(ds.client.get(path))
    assert response.status_code in allowed, (path, response.status_code, response.text[:500])
    return response


def assert_inert(html: str, where: str) -> None:
    """No payload as markup: not in the text, and nothing live in the parsed page."""
    for payload in PAYLOADS:
        assert payload not in html, f"{where}: unescaped {payload!r}"
    assert not re.search(r"<(script|img|svg)\b[^>]*\balert\(", html, re.I), where
    doc = lxml.html.fromstring(html)
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script":
            assert "alert(" not in (element.text or ""), f"{where}: live <script> with the payload"
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                assert "alert" not in value, f"{where}: live {name}= handler"
            if name.lower() in ("href", "src", "action", "formaction"):
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                assert not scheme.startswith(("javascript:", "data:text/html")), \
                    f"{where}: {element.tag} {name}={value!r}"


def test_the_payload_page_is_archived_with_its_payload_text(ds, xss):
    row = get(ds, f"/archive/reports/{xss[0]}.json?_shape=objects").json()["rows"][0]
    assert "<script>alert(1)</script>" in row["title"]
    assert row["source"] == "<img/src=x/onerror=alert(1)>县政府办"
    assert row["editor"] == '"><svg/onload=alert(1)>马晓东'
    for payload in ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                    "javascript:alert(document.cookie)", '"><svg onload=alert(1)>']:
        assert payload in row["body"]
    attachment = get(ds, f"/archive/attachments.json?_shape=objects&report_id={xss[0]}").json()
    assert attachment["rows"][0]["text"] == "<img src=x onerror=alert(1)>2022年统计表.pdf"
    assert "javascript:alert(document.cookie)" in attachment["rows"][0]["url"]


@pytest.mark.parametrize("path", [
    "/archive/reports",
    "/archive/reports/{id}",
    "/archive/reports?_search=清水县",
    "/archive/reports?_facet=source&_facet=editor&_facet=title",
    "/archive/reports?title__contains=alert",
    "/archive/attachments",
    "/archive/attachments?report_id={id}",
    "/archive/report_versions",
    "/archive/report_versions/{version}",
    "/archive/report_views",
    "/archive/report_events",
    "/archive?sql=select+title,+source,+editor,+body,+raw+from+reports",
    "/archive",
    "/",
])
def test_archive_pages_show_payloads_escaped(ds, xss, path):
    html = get(ds, path.format(id=xss[0], version=xss[1])).text
    assert_inert(html, path)


def test_row_page_and_search_really_show_the_payload_text(ds, xss):
    """The checks above are not vacuous: the escaped payload is on the page."""
    for path in (f"/archive/reports/{xss[0]}", "/archive/reports?_search=清水县",
                 "/archive/reports?_facet=source"):
        html = get(ds, path).text
        assert ESCAPED_TITLE in html or "onerror=alert(1)&gt;" in html, path


def test_javascript_urls_are_not_links(ds, xss):
    html = get(ds, f"/archive/attachments?report_id={xss[0]}").text
    assert "javascript:alert(document.cookie)" in html
    hrefs = [a.get("href", "") for a in lxml.html.fromstring(html).iter("a")]
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]


def test_canned_queries_and_their_feeds_are_inert(ds, archive, xss):
    queries = (load_metadata(archive).get("databases", {}).get("archive", {})
               .get("queries") or {})
    if not queries:
        pytest.skip("no canned queries configured")
    fill = {"q": "清水县", "agency": "清水县人民政府", "region": "清水", "year": "2022"}
    plugins = {p["name"] for p in get(ds, "/-/plugins.json").json()}
    shown = []
    for name, query in queries.items():
        params = query.get("params") or [] if isinstance(query, dict) else []
        for values in ({}, {p: fill[p] for p in params if p in fill}):
            qs = "&".join(f"{k}={quote(v)}" for k, v in values.items())
            html = get(ds, f"/archive/{name}?{qs}", allowed=(200, 400)).text
            assert_inert(html, name)
            if "alert(1)&lt;" in html or "alert(1)&gt;" in html:
                shown.append(name)
            if "datasette-atom" in plugins and "atom_id" in html:
                assert_feed_inert(get(ds, f"/archive/{name}.atom?{qs}").text, name)
    assert shown, "no canned query showed the payload report: the check above is vacuous"


def assert_feed_inert(xml: str, where: str) -> None:
    """Feed readers render type="html" content as HTML: it must hold no live payload."""
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for entry in ET.fromstring(xml).findall("a:entry", ns):
        for element in entry:
            if element.get("type") in ("html", "xhtml") and element.text:
                assert_inert(f"<div>{element.text}</div>", f"{where}.atom")


def test_search_page_if_present(ds):
    response = run(ds.client.get("/-/search?q=" + quote("清水县")))
    if response.status_code == 404:
        pytest.skip("no /-/search page")
    assert response.status_code == 200
    assert_inert(response.text, "/-/search")


@pytest.mark.parametrize("path", [
    "/-/dashboards",
    "/-/dashboards/xxgk",
    "/-/dashboards/xxgk?report=" + quote("'</script><script>alert(1)</script>"),
    "/-/dashboards/xxgk?region=" + quote('"><svg onload=alert(1)>'),
    "/-/dashboards/xxgk/views_over_time?report=" + quote("<img src=x onerror=alert(1)>"),
])
def test_dashboard_pages_are_inert(ds, path):
    response = run(ds.client.get(path, follow_redirects=True))  # to the select filter's default
    if response.status_code == 404 and "dashboards" in path:
        plugins = {p["name"] for p in get(ds, "/-/plugins.json").json()}
        assert "datasette-dashboards" not in plugins, response.text[:300]
        pytest.skip("datasette-dashboards is not installed")
    assert response.status_code == 200
    assert_inert(response.text, path)


def test_chart_queries_return_nothing_a_metric_card_could_run(ds):
    """The dashboards plugin writes metric values with innerHTML: they are numbers or dates."""
    config = (load_metadata("archive.db").get("plugins") or {}).get("datasette-dashboards") or {}
    for dashboard in config.values():
        for slug, chart in dashboard.get("charts", {}).items():
            assert chart.get("library") != "table", f"{slug}: table cards use innerHTML"
            if chart.get("library") != "metric":
                continue
            rows = run(ds.execute(chart["db"], chart["query"], {"region": "", "report": ""})).rows
            value = rows[0][chart["display"]["field"]]
            assert re.fullmatch(r"[0-9.\-]+", str(value)), (slug, value)
            assert "<" not in chart["display"].get("prefix", "") + chart["display"].get("suffix", "")


def test_stored_page_bytes_are_a_download_not_a_page(ds, xss):
    response = get(ds, f"/archive/report_versions/{xss[1]}.blob?_blob_column=raw_gz")
    assert "html" not in response.headers["content-type"]
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers.get("x-content-type-options") == "nosniff"


def test_database_is_immutable_and_writes_are_refused(ds, xss):
    database = ds.get_database("archive")
    assert database.is_mutable is False
    count = run(ds.execute("archive", "select count(*) from reports")).first()[0]
    for sql in ["delete from reports", "update reports set title = 'x'",
                "insert into sites (slug) values ('x')", "drop table reports",
                "pragma writable_schema = 1", "attach database ':memory:' as x"]:
        response = run(ds.client.get("/archive.json?sql=" + quote(sql)))
        assert response.status_code >= 400, sql
    for path in ["/archive/reports", "/archive", f"/archive/reports/{xss[0]}",
                 "/-/insert", "/archive/reports/-/insert", "/archive/-/create",
                 f"/archive/reports/{xss[0]}/-/update", f"/archive/reports/{xss[0]}/-/delete",
                 "/archive/reports/-/drop", "/archive/reports/-/upsert"]:
        assert post_status(ds, path) >= 400, path
    assert run(ds.execute("archive", "select count(*) from reports")).first()[0] == count


def post_status(ds, path) -> int:
    """The status of a POST; 500 when Datasette 0.65's error page itself fails (it does when
    ``rich`` is installed: its handle_exception prints a traceback outside the except block)."""
    try:
        return run(ds.client.post(path, json={"rows": [{"slug": "x"}]})).status_code
    except ValueError:
        return 500


def test_no_write_queries_or_write_plugins(ds, archive):
    queries = (load_metadata(archive).get("databases", {}).get("archive", {})
               .get("queries") or {})
    assert not [name for name, q in queries.items() if isinstance(q, dict) and q.get("write")]
    plugins = {p["name"] for p in get(ds, "/-/plugins.json").json()}
    assert not plugins & WRITE_PLUGINS


def test_sql_time_limit_is_set(ds):
    settings = get(ds, "/-/settings.json").json()
    assert 0 < settings["sql_time_limit_ms"] <= 5000
    assert settings["sql_time_limit_ms"] == SETTINGS["sql_time_limit_ms"]


def test_serve_command_is_immutable_with_the_time_limit(archive):
    args = datasette_args(archive)
    assert args[args.index("-i") + 1] == str(archive)
    assert "sql_time_limit_ms" in args
