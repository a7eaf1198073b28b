"""The same content under another URL of one site is one report with its aliases."""
from xxgk.archive import store
from support import new_archive

RECORD = {"url": "http://www.x.gov.cn/art/2020/1/15/art_1_2.html",
          "title": "2019年度某市商务局政府信息公开工作年度报告", "published": "2020-01-15",
          "source": "某市商务局", "editor": None, "views": None, "report_year": 2019,
          "agency": "某市商务局", "attachments": [{"url": "http://www.x.gov.cn/附件/2019年 报告.pdf",
                                              "text": "报告"}],
          "is_report": True, "body": "一、总体情况。本年度主动公开政府信息。", "raw": {},
          "counter_url": None, "platform": None, "encoding": "utf-8"}


def fetch(url, run=None):
    return {"url": url, "fetched_at": "2020-02-01T00:00:00+00:00", "http_status": 200,
            "sha256": "ab" * 32, "crawl_run_id": run, "site_id": "x", "size": 1}


def db():
    return new_archive(sites=[{"slug": "x", "agency": "某市", "region": None, "region_code": None,
                               "homepage": "http://www.x.gov.cn/", "columns": [], "platform": None,
                               "fixture": False, "verified": False, "notes": ""}])


def test_same_content_under_another_url_is_an_alias():
    database = db()
    first = store.save_report(database, RECORD, fetch=fetch(RECORD["url"]))
    other = "http://www.x.gov.cn/col/col1/art_2.html?from=list"
    assert store.save_report(database, {**RECORD, "url": other}, fetch=fetch(other)) == first
    assert database["reports"].count == 1
    assert [r["url"] for r in database["report_aliases"].rows] == [other]
    assert store.resolve_report_id(database, other) == first
    assert store.alias_keys(database) == {store.canonical_url(other):
                                          store.canonical_url(RECORD["url"])}


def test_different_content_is_another_report_and_empty_pages_never_merge():
    database = db()
    store.save_report(database, RECORD, fetch=fetch(RECORD["url"]))
    other = {**RECORD, "url": "http://www.x.gov.cn/art_3.html", "body": "另一份报告的正文。"}
    store.save_report(database, other, fetch=fetch(other["url"]))
    empty = {**RECORD, "title": None, "body": None}
    for n in (4, 5):
        store.save_report(database, {**empty, "url": f"http://www.x.gov.cn/e{n}.html"},
                          fetch=fetch(f"http://www.x.gov.cn/e{n}.html"))
    assert database["reports"].count == 4 and database["report_aliases"].count == 0


def test_a_new_spelling_of_an_attachment_url_is_not_a_new_version():
    database = db()
    rid = store.save_report(database, RECORD, fetch=fetch(RECORD["url"]))
    encoded = {**RECORD, "attachments": [
        {"url": "http://www.x.gov.cn/%E9%99%84%E4%BB%B6/2019%E5%B9%B4%20%E6%8A%A5%E5%91%8A.pdf",
         "text": "报告"}]}
    store.save_report(database, encoded, fetch=fetch(RECORD["url"]))
    assert database.execute("select version_count from reports where id = ?",
                            [rid]).fetchone() == (1,)
