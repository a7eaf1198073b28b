"""The report record, declared once (xxgk/extract/model.py): its descriptions are metadata.yml's,
it round-trips through its dict, older record JSON still loads, and a new field with a default
leaves every content hash as it was."""
from __future__ import annotations

import json
from dataclasses import dataclass, fields

import pytest
import sqlite_utils
import yaml

from xxgk.archive.history import content_hash, normalised_content, version_record
from xxgk.archive.store import ensure_db_shape, save_report
from xxgk.extract import extract_report
from xxgk.extract.model import (Report, column_fields, content_fields, described, field_meta,
                                field_names)
from xxgk.fixtureweb.catalog import article_fixtures
from xxgk.serve.server import METADATA

BASE = "http://127.0.0.1:8000"
FIXTURES = [fx for fx in article_fixtures() if fx.path is not None]
REPORTS = yaml.safe_load(METADATA.read_text(encoding="utf-8"))[
    "databases"]["archive"]["tables"]["reports"]["columns"]
RECORD = {
    "url": "http://swj.fuxin.gov.cn/xxgk/ndbg/2024/01/a.html",
    "title": " 阜新市商务局2023年政府信息公开工作年度报告 ", "published": "2024-01-20",
    "source": "阜新市商务局", "editor": "办公室", "views": 334, "report_year": 2023,
    "agency": "阜新市商务局",
    "attachments": [{"url": "http://swj.fuxin.gov.cn/files/b 报告.pdf", "text": "b"},
                    {"url": "http://swj.fuxin.gov.cn/files/a.pdf", "text": "a"}],
    "is_report": 1, "body": "本年度收到\n依申请公开申请5件。", "raw": {}, "counter_url": None,
    "platform": "fuxin", "encoding": "utf-8",
}
# content_hash(RECORD) as the archive computed it before the record had a type: every stored
# version's hash must stay what it is
RECORD_HASH = "1e13c07053a3c276b58a56f49d13e767fb0737498b72efd084cb7563f3285e98"


@pytest.fixture(scope="module")
def records():
    return [extract_report(fx.body(BASE), BASE + fx.url_path) for fx in FIXTURES]


def test_column_fields_have_the_column_descriptions_of_metadata_yml():
    assert column_fields(), "no field is a reports column"
    for name in column_fields():
        assert name in REPORTS, f"{name} is flagged a reports column; metadata.yml has none"
        assert field_meta(name)["description"] == REPORTS[name], name
    for name in set(field_names()) - set(column_fields()):  # attachments, stats, raw links …
        assert field_meta(name)["description"], f"{name} has no description"
        assert field_meta(name)["description"] not in REPORTS.values(), name


def _row(db, url, **values):
    save_report(db, Report(url=url, **values), fetch={"fetched_at": "2024-01-01T00:00:00+00:00"})
    return db.execute("SELECT * FROM reports WHERE url = ?", [url]).fetchone(), \
        [c[0] for c in db.execute("SELECT * FROM reports LIMIT 0").description]


def test_every_reports_column_the_record_fills_is_a_field_and_documented():
    """Two records with nothing in common: the columns whose values differ are the ones the
    record fills. Less the id, canonical URL and attachment count (made from fields) and the
    latest version (another row), those are exactly the Report fields flagged as columns, each
    documented in metadata.yml."""
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    a, columns = _row(db, "http://a.gov.cn/1.html", title="甲", published="2020-01-01",
                      source="甲局", editor="张", views=1, report_year=2019, agency="甲局",
                      attachments=[{"url": "http://a.gov.cn/a.pdf", "text": "a"}],
                      is_report=True, body="甲", raw={"title": "甲"},
                      counter_url="http://a.gov.cn/c", platform="trs_wcm", encoding="gbk",
                      stats=[], extractor="1")
    b, _ = _row(db, "http://b.gov.cn/2.html")
    filled = {c for c, x, y in zip(columns, a, b) if x != y}
    made = {"id", "canonical_url", "attachment_count", "latest_version_id"}
    assert filled - made == set(column_fields())
    assert filled <= set(REPORTS)


def test_to_dict_is_the_record_and_from_dict_round_trips(records):
    assert records
    for record in records:
        data = record.to_dict()
        assert list(data) == [f.name for f in fields(Report)] == list(record.keys())
        assert all(data[k] is getattr(record, k) == record[k] for k in data)
        assert Report.from_dict(data) == record
        again = Report.from_dict(json.loads(json.dumps(data, ensure_ascii=False)))
        assert again == record, record.url
        assert json.dumps(again.to_dict(), ensure_ascii=False) == json.dumps(data,
                                                                             ensure_ascii=False)
        assert content_hash(again) == content_hash(record) == content_hash(data)


def test_a_record_lacking_fields_loads_with_the_defaults(records):
    data = dict(records[0].to_dict(), retired_field="ignored")
    for name in ("stats", "extractor", "rejected_links", "attachments", "views"):
        del data[name]
    report = Report.from_dict(data)
    assert (report.stats, report.extractor, report.rejected_links, report.attachments,
            report.views) == (None, None, [], [], None)
    assert "retired_field" not in report and report.title == records[0].title
    assert Report.from_dict({}).is_report is False and Report.from_dict({}).raw == {}
    with pytest.raises(KeyError):
        report["retired_field"]


def test_a_stored_version_record_reads_back():
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    report = Report.from_dict({**RECORD, "stats": [], "rejected_links": [{"href": "x"}]})
    save_report(db, report, fetch={"fetched_at": "2024-01-01T00:00:00+00:00"})
    stored = db.execute("SELECT record, content_hash FROM report_versions").fetchone()
    data = json.loads(stored[0])
    assert "stats" not in data and "rejected_links" not in data  # they live elsewhere
    assert data == version_record(report) and list(data)[:3] == ["url", "title", "published"]
    assert Report.from_dict(data).stats is None and content_hash(data) == stored[1]


def test_content_hash_is_what_it_was():
    assert content_hash(RECORD) == RECORD_HASH
    assert content_hash(Report.from_dict(RECORD)) == RECORD_HASH
    assert set(normalised_content(RECORD)) == set(content_fields())


def test_a_new_field_with_a_default_leaves_the_content_hash_alone(records):
    @dataclass
    class Later(Report):
        reviewed: str | None = described("Who checked the record (审核人)", "someone")

    @dataclass
    class LaterContent(Report):
        summary: str | None = described("A summary of the page (摘要)", "x", content=10,
                                        compare="text")

    for record in [Report.from_dict(RECORD), *records]:
        later = Later(**record.to_dict())
        assert content_hash(later) == content_hash(record)
        # JSON the later model wrote (one key more) loads in this one, to the same hash
        assert content_hash(Report.from_dict(later.to_dict())) == content_hash(record)
        # the check can fail: a new *content* field does change the hash
        assert content_hash(LaterContent(**record.to_dict())) != content_hash(record)
    assert content_hash(Later(**RECORD)) == RECORD_HASH
