"""The report page of the reading room (xxgk.serve.reading) as a journalist reads it: in-process
Datasette over the session's fixture archive, and over a small two-crawl archive whose fixture
web changed and lost pages in between. Asserts on the HTML shown and on the bytes served."""
import asyncio
import hashlib
import html
import re
import shutil
from pathlib import Path

import pytest
import sqlite_utils

from xxgk.archive.history import read_raw
from xxgk.cli.processes import running_fixture_web
from xxgk.fixtureweb.mutations import EDITS, FUXIN_SEED, HEDONG_2014
from xxgk.serve.server import make_datasette
from support import crawl_fixture_web, post_fixture

SEED = {"title": "阜新市商务局2017年政府信息公开工作年度报告", "published": "2018-03-28",
        "source": "阜新市商务局", "editor": "潘建渊", "views": "334"}


def run(coroutine):
    return asyncio.run(coroutine)


def get(ds, path):
    return run(ds.client.get(path))


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def h1(page: str) -> str:
    found = re.findall(r"<h1>(.*?)</h1>", page, re.S)
    assert len(found) == 1, found
    return text_of(found[0]).strip()


def body_paragraphs(page: str) -> list[str]:
    section = re.search(r'<section class="body" id="body">(.*?)</section>', page, re.S)
    assert section, "no body section"
    return [text_of(p) for p in re.findall(r"<p>(.*?)</p>", section.group(1), re.S)]


def hrefs(page: str, css_class: str) -> list[str]:
    return [html.unescape(h) for h in
            re.findall(rf'<a class="{css_class}" href="([^"]+)"', page)]


@pytest.fixture(scope="module")
def served(fixture_archive, tmp_path_factory):
    """The fixture archive copied under another name (``demo.db``, files/ beside it): the pages
    must work for any database name."""
    folder = tmp_path_factory.mktemp("reading")
    shutil.copy(fixture_archive, folder / "demo.db")
    shutil.copytree(Path(fixture_archive).parent / "files", folder / "files")
    ds = make_datasette(folder / "demo.db")
    run(ds.invoke_startup())
    return ds, sqlite_utils.Database(folder / "demo.db"), folder


def reports(db):
    return list(db.query("select * from reports order by id"))


def test_every_report_page_shows_title_and_body(served):
    ds, db, _ = served
    rows = reports(db)
    assert len(rows) > 20
    for row in rows:
        response = get(ds, f"/demo/-/report/{row['id']}")
        assert response.status_code == 200, (row["url"], response.text[-500:])
        page = response.text
        assert h1(page) == (row["title"] or "(untitled 无标题)")
        paragraphs = body_paragraphs(page)
        stored = [line.strip() for line in (row["body"] or "").splitlines() if line.strip()]
        assert paragraphs == stored or (not stored and "No text was extracted" in paragraphs[0])


def test_seed_report_fields(served, fixture_web):
    ds, db, _ = served
    row = next(db.query("select * from reports where url = ?", [fixture_web + FUXIN_SEED]))
    page = get(ds, f"/demo/-/report/{row['id']}").text
    assert h1(page) == SEED["title"]
    meta = text_of(re.search(r'<dl class="xxgk-meta">(.*?)</dl>', page, re.S).group(1))
    for label, value in (("发布日期", SEED["published"]), ("来源", SEED["source"]),
                         ("责任编辑", SEED["editor"]), ("浏览量", SEED["views"])):
        assert re.search(rf"{label}[^\n]*\n?\s*{value}", meta), (label, meta)
    assert "主动公开政府信息共计759条" in " ".join(body_paragraphs(page))
    assert fixture_web + FUXIN_SEED in page  # the original URL
    # figures read from the prose are shown with their numbers
    assert re.search(r"主动公开政府信息共计759条: <strong>759 条</strong>", page)


def test_statistics_tables_are_html_tables(served):
    ds, db, _ = served
    report_id, count = db.execute(
        "select report_id, count(*) from report_stats where method = 'table' and value is not "
        "null group by report_id order by count(*) desc limit 1").fetchone()
    page = get(ds, f"/demo/-/report/{report_id}").text
    tables = re.findall(r'<table class="xxgk-stats">(.*?)</table>', page, re.S)
    sections = {r[0] for r in db.execute(
        "select distinct section from report_stats where report_id = ? and method != 'prose'",
        [report_id])}
    assert len(tables) >= len(sections) >= 2
    for label, col_label, raw in db.execute(
            "select row_label, col_label, raw from report_stats where report_id = ? and "
            "method != 'prose' and value is not null limit 30", [report_id]):
        assert html.escape(label, quote=False) in page and html.escape(col_label, quote=False) \
            in page
    numbers = re.findall(r'<td class="num" title="[^"]*">([^<]+)</td>', page)
    assert len(numbers) == count


def test_archived_pages_hash_to_the_stored_sha256(served):
    ds, db, _ = served
    checked = 0
    for row in reports(db):
        page = get(ds, f"/demo/-/report/{row['id']}").text
        links = hrefs(page, "xxgk-archived-bytes")
        version = next(db.query("select * from report_versions where id = ?",
                                [row["latest_version_id"]]))
        assert links == [f"/demo/-/page/{version['id']}"]
        response = get(ds, links[0])
        assert response.status_code == 200
        assert hashlib.sha256(response.content).hexdigest() == version["sha256"] == row["sha256"]
        assert response.content == read_raw(version["raw_gz"])
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"].startswith("sandbox")
        view = get(ds, links[0] + "/view").text
        assert f'src="{links[0]}"' in view and 'sandbox=""' in view
        assert "Archived copy" in view and html.escape(version["fetched_at"]) in view
        checked += 1
    assert checked == len(reports(db))


def test_attachment_links_answer_the_archived_bytes(served):
    ds, db, folder = served
    checked = 0
    for row in db.query("select distinct report_id from attachments where sha256 is not null"):
        page = get(ds, f"/demo/-/report/{row['report_id']}").text
        for link in hrefs(page, "xxgk-file"):
            sha = link.rsplit("/", 1)[-1]
            response = get(ds, link)
            assert response.status_code == 200, response.text[-300:]
            assert hashlib.sha256(response.content).hexdigest() == sha
            mime = db.execute("select mime from attachment_files where sha256 = ?",
                              [sha]).fetchone()[0]
            assert response.headers["content-type"].split(";")[0] == mime
            assert response.headers["content-security-policy"] == "sandbox"
            assert response.headers["x-content-type-options"] == "nosniff"
            assert "filename*=UTF-8''" in response.headers["content-disposition"]
            checked += 1
    stored = db.execute("select count(distinct a.sha256) from attachments a join "
                        "attachment_files f on f.sha256 = a.sha256").fetchone()[0]
    assert checked >= stored > 0


def test_attachment_download_name_and_missing_file(served, tmp_path):
    ds, db, folder = served
    sha, text = db.execute("select a.sha256, a.text from attachments a join attachment_files f "
                           "on f.sha256 = a.sha256 where a.text like '%.pdf' and a.text not like "
                           "'%<%' limit 1").fetchone()
    response = get(ds, f"/demo/-/file/{sha}?download=1")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    from urllib.parse import quote
    assert f"filename*=UTF-8''{quote(text, safe='')}" in disposition
    unknown = get(ds, "/demo/-/file/" + "0" * 64)
    assert unknown.status_code == 404 and "No attachment file" in unknown.text
    # listed in the archive, but its file is gone from the store
    copy = tmp_path / "nofiles.db"
    shutil.copy(folder / "demo.db", copy)
    lonely = make_datasette(copy)
    run(lonely.invoke_startup())
    gone = run(lonely.client.get(f"/nofiles/-/file/{sha}"))
    assert gone.status_code == 404 and "not in the file store" in gone.text


@pytest.mark.parametrize("path, status", [
    ("/demo/-/report/zzzz", 400),
    ("/demo/-/report/0123456789ABCDEF", 400),
    ("/demo/-/report/" + "a" * 5000, 400),
    ("/demo/-/report/%3Cscript%3E", 400),
    ("/demo/-/report/0123456789abcdef", 404),
    ("/demo/-/report/0123456789abcdef/diff", 404),
    ("/nosuchdb/-/report/0123456789abcdef", 404),
    ("/demo/-/file/abc", 400),
    ("/demo/-/file/" + "g" * 64, 400),
    ("/demo/-/file/..%2F..%2Fetc%2Fpasswd", 400),
    ("/demo/-/page/x", 400),
    ("/demo/-/page/-1", 400),
    ("/demo/-/page/99999999999999999999", 400),
    ("/demo/-/page/999999", 404),
    ("/demo/-/page/999999/view", 404),
])
def test_hostile_ids_answer_4xx(served, path, status):
    ds, _, _ = served
    response = get(ds, path)
    assert response.status_code == status, response.text[-300:]
    assert "Traceback" not in response.text and "<script>" not in text_of(
        re.search(r'<p class="xxgk-error">(.*?)</p>', response.text, re.S).group(1))


def test_diff_parameters_are_validated(served):
    ds, db, _ = served
    a, b = db.execute("select id from reports order by id limit 2").fetchall()
    other = db.execute("select id from report_versions where report_id = ?", [b[0]]).fetchone()
    for query in ("from=abc", "to=1e9", f"from={other[0]}", "from=" + "9" * 40):
        response = get(ds, f"/demo/-/report/{a[0]}/diff?{query}")
        assert response.status_code == 400, (query, response.text[-300:])


def test_stored_html_is_escaped(served):
    ds, db, _ = served
    hostile = list(db.query("select * from reports where title like '%<script>%' or "
                            "source like '%<%' or editor like '%<%'"))
    assert hostile, "the fixture archive has a report with HTML in its fields"
    for row in hostile:
        page = get(ds, f"/demo/-/report/{row['id']}").text
        assert h1(page) == row["title"]
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "<svg/onload" not in page and "<img/src" not in page
        assert html.escape(row["title"], quote=False) in page
        assert 'href="javascript:' not in page
        version = row["latest_version_id"]
        for other in (get(ds, f"/demo/-/page/{version}/view").text,
                      get(ds, f"/demo/-/report/{row['id']}/diff").text):
            assert "<script>alert" not in other and "<img src=x" not in other
            assert html.escape(row["title"], quote=False) in other


def test_reports_table_links_to_the_report_page(served):
    ds, db, _ = served
    row = reports(db)[0]
    table = get(ds, "/demo/reports?_size=100").text
    assert f'href="/demo/-/report/{row["id"]}"' in table
    row_page = get(ds, f"/demo/reports/{row['id']}").text
    assert f'href="/demo/-/report/{row["id"]}">{row["id"]}</a>' in row_page
    other = get(ds, "/demo/report_versions?_size=5").text  # other tables keep Datasette's cells
    assert "/-/report/" not in other


def test_large_attachment_is_streamed_exactly(served, tmp_path):
    """A 5 MB file (many chunks) added to a copy of the archive comes back byte for byte."""
    from xxgk.archive.blobs import store_blob

    _, _, folder = served
    copy = tmp_path / "big archive.db"  # a file name with a space: served as "big archive"
    shutil.copy(folder / "demo.db", copy)
    data = bytes(range(256)) * (5 * 4096) + b"tail"
    sha, relpath = store_blob(tmp_path / "files", data)
    db = sqlite_utils.Database(copy)
    report = db.execute("select id from reports limit 1").fetchone()[0]
    db["attachment_files"].insert({"sha256": sha, "mime": "application/zip", "size": len(data),
                                   "path": relpath})
    db["attachments"].insert({"id": "f" * 16, "report_id": report, "url": "http://x.gov.cn/a/"
                              "b.zip?x=1", "text": "附件：统计表", "sha256": sha,
                              "status": "downloaded"})
    db.close()
    ds = make_datasette(copy)
    run(ds.invoke_startup())
    page = run(ds.client.get(f"/big~20archive/-/report/{report}")).text
    assert f"/big+archive/-/file/{sha}" in hrefs(page, "xxgk-file")  # Datasette encodes " " as +
    response = run(ds.client.get(f"/big~20archive/-/file/{sha}"))
    assert response.status_code == 200 and response.content == data
    assert response.headers["content-length"] == str(len(data))
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == (  # the link text, .zip from the MIME type
        "inline; filename=\"attachment.zip\"; filename*=UTF-8''"
        "%E9%99%84%E4%BB%B6%EF%BC%9A%E7%BB%9F%E8%AE%A1%E8%A1%A8.zip")


# --- a report that changed and one that was removed -----------------------------------------

@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """fuxin-swj and hedong-mzj crawled, then the fixture web edited (the seed report's count
    759 → 768) and a report deleted (404), then crawled again."""
    path = tmp_path_factory.mktemp("reading-history") / "changes.db"
    with running_fixture_web() as base:
        crawl_fixture_web(path, sites=["fuxin-swj", "hedong-mzj"], fixture_url=base, full=True)
        post_fixture(base, "/__fixture/mutate", {"scenario": "all"})
        crawl_fixture_web(path, sites=["fuxin-swj", "hedong-mzj"], fixture_url=base, full=True)
    ds = make_datasette(path)
    run(ds.invoke_startup())
    return ds, sqlite_utils.Database(path), base


def test_removed_report_shows_the_banner(history):
    ds, db, base = history
    row = next(db.query("select * from reports where url = ?", [base + HEDONG_2014]))
    assert row["removed_at"]
    page = get(ds, f"/changes/-/report/{row['id']}").text
    banner = re.search(r'<div class="xxgk-banner removed" id="removed">(.*?)</div>', page, re.S)
    assert banner and row["removed_at"] in banner.group(1)
    if row["removed_reason"]:
        assert html.escape(row["removed_reason"], quote=False) in banner.group(1)
    assert body_paragraphs(page)  # the archived text is still there
    unchanged = next(db.query("select id from reports where removed_at is null and "
                              "version_count = 1 limit 1"))
    assert 'class="xxgk-banner' not in get(ds, f"/changes/-/report/{unchanged['id']}").text


def test_changed_report_banner_versions_and_diff(history):
    ds, db, base = history
    before, after = EDITS[FUXIN_SEED]
    row = next(db.query("select * from reports where url = ?", [base + FUXIN_SEED]))
    versions = list(db.query("select * from report_versions where report_id = ? order by "
                             "version", [row["id"]]))
    assert len(versions) == 2 == row["version_count"]
    page = get(ds, f"/changes/-/report/{row['id']}").text
    banner = re.search(r'<div class="xxgk-banner changed" id="changed">(.*?)</div>', page, re.S)
    assert banner and "2 versions" in banner.group(1)
    assert f'href="/changes/-/report/{row["id"]}/diff"' in banner.group(1)
    assert after in " ".join(body_paragraphs(page))
    for v in versions:  # every version listed, with its archived page
        assert v["sha256"] in page and v["fetched_at"] in page
        data = get(ds, f"/changes/-/page/{v['id']}").content
        assert hashlib.sha256(data).hexdigest() == v["sha256"]
    assert '<select name="from">' in page and '<select name="to">' in page
    diff = get(ds, f"/changes/-/report/{row['id']}/diff?from={versions[0]['id']}"
                   f"&to={versions[1]['id']}")
    assert diff.status_code == 200
    dels = [text_of(d) for d in re.findall(r"<del>(.*?)</del>", diff.text)]
    ins = [text_of(i) for i in re.findall(r"<ins>(.*?)</ins>", diff.text)]
    assert "759" in dels and "768" in ins  # the word that changed, not the whole line
    views = re.search(r'<tr><th scope="row">views</th><td><del>(.*?)</del></td><td><ins>(.*?)'
                      r'</ins></td></tr>', diff.text)
    assert views and views.groups() == ("334", "351")  # 浏览量 (the views scenario)
    same = get(ds, f"/changes/-/report/{row['id']}/diff?from={versions[1]['id']}"
                   f"&to={versions[1]['id']}").text
    assert "The body did not change" in same and "No field changed" in same


def test_body_diff_is_bounded():
    from xxgk.serve.reading import MAX_DIFF_LINES, body_diff

    old = "\n".join(f"第{i}行 数字{i}" for i in range(20_000))
    new = old.replace("数字5", "数字五")
    diff = body_diff(old, new)
    assert diff["cut"] and diff["changed"] >= 1
    assert len(diff["rows"]) < MAX_DIFF_LINES
