"""`export_archive`: one file per table in CSV, JSON Lines or Parquet, a Frictionless
datapackage.json describing every field, and a README with how to cite the dataset."""
import csv
import json
import sqlite3
from datetime import datetime, timezone

import pytest
import sqlite_utils
import yaml

from xxgk.serve.export import FORMATS, exportable_tables, export_archive
from xxgk.serve.server import METADATA, ArchiveNotFound
from xxgk.archive.store import (ensure_db_shape, finish_crawl_run, save_crawl_error, save_report,
                           start_crawl_run)
from support import new_archive
from xxgk.archive.derived import refresh_derived

NOW = datetime(2024, 6, 1, 8, 30, tzinfo=timezone.utc)
SITES = [
    {"slug": "fuxin-swj", "agency": "阜新市商务局", "region": "辽宁省阜新市", "region_code": "210900",
     "homepage": "http://swj.fuxin.gov.cn/", "columns": [], "platform": "fuxin"},
    {"slug": "qingshui-gov", "agency": "清水县人民政府", "region": "甘肃省天水市清水县",
     "region_code": "620521", "homepage": "http://www.qingshui.gov.cn/", "columns": [],
     "platform": "vsb"},
]
BODY = '第一段，含逗号和"引号"。\n第二段：主动公开政府信息612条。'
COLUMN_DOCS = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["archive"]["tables"]


def record(url, title, year, views, attachments=()):
    return {"url": url, "title": title, "published": "2024-01-20", "report_year": year,
            "source": "阜新市商务局", "editor": None, "views": views, "agency": "阜新市商务局",
            "attachments": [{"url": u, "text": t} for u, t in attachments], "is_report": bool(year),
            "body": BODY, "raw": {"views": None}, "counter_url": None, "platform": "fuxin",
            "encoding": "utf-8"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "archive.db"
    db = new_archive(path, SITES)
    for n, stamp in enumerate(["2024-02-01T00:00:00+00:00", "2024-03-01T00:00:00+00:00"], 1):
        run = start_crawl_run(db, sites=[s["slug"] for s in SITES], args={})
        db.execute("UPDATE crawl_runs SET started_at = ? WHERE id = ?", [stamp, run])
        for i, (url, title, year, views) in enumerate([
                ("http://swj.fuxin.gov.cn/1.html", "阜新市商务局2023年政府信息公开工作年度报告", 2023, 10 * n),
                ("http://swj.fuxin.gov.cn/2.html", "关于做好年度报告编制工作的通知", None, None)]):
            attachments = [("http://swj.fuxin.gov.cn/a.pdf", "年报.pdf")] if i == 0 else []
            save_report(db, record(url, title, year, views, attachments), fetch={
                "url": url, "fetched_at": stamp, "http_status": 200, "sha256": "0" * 64,
                "crawl_run_id": run, "site_id": "fuxin-swj", "content_type": "text/html",
                "size": 100, "body_bytes": b"<html>page</html>"})
        save_crawl_error(db, crawl_run_id=run, url="http://swj.fuxin.gov.cn/404.html",
                         kind="http", reason="HTTP 404", status=404, site_id="fuxin-swj")
        finish_crawl_run(db, run, stats={"requests": 3}, status="finished")
        db.execute("UPDATE crawl_runs SET finished_at = ? WHERE id = ?",
                   [stamp.replace("T00:00", "T00:05"), run])
    refresh_derived(db)  # as a crawl's end does
    db.conn.commit()
    db.close()
    return path


@pytest.fixture(scope="module", params=list(FORMATS))
def exported(request, archive, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"out-{request.param}")
    summary = export_archive(archive, out, request.param, now=NOW)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    return request.param, out, summary, package


def db_tables(path):
    with sqlite3.connect(path) as conn:
        names = exportable_tables(conn)
        counts = {n: conn.execute(f"select count(*) from [{n}]").fetchone()[0] for n, _ in names}
    return counts


def read_rows(fmt, file):
    if fmt == "csv":
        with open(file, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    if fmt == "jsonl":
        return [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines()]
    import pyarrow.parquet as pq
    return pq.read_table(file).to_pylist()


def test_exportable_tables_leave_out_the_search_index(archive):
    counts = db_tables(archive)
    assert {"reports", "sites", "report_versions", "report_views", "attachments", "crawl_runs",
            "crawl_errors", "site_status"} <= set(counts)
    assert not [n for n in counts if n.startswith(("reports_fts", "sqlite_"))]


def test_one_file_per_table_with_every_row(exported, archive):
    fmt, out, summary, package = exported
    counts = db_tables(archive)
    assert summary["tables"] == counts
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{n}.{fmt}" for n in counts] + ["datapackage.json", "README.md"])
    for name, count in counts.items():
        assert len(read_rows(fmt, out / f"{name}.{fmt}")) == count, name
    assert counts["reports"] == 2 and counts["report_views"] == 2 and counts["crawl_runs"] == 2


def test_values_round_trip(exported, archive):
    fmt, out, _, _ = exported
    rows = {r["url"]: r for r in read_rows(fmt, out / f"reports.{fmt}")}
    report = rows["http://swj.fuxin.gov.cn/1.html"]
    assert report["title"] == "阜新市商务局2023年政府信息公开工作年度报告"
    assert report["body"] == BODY
    notice = rows["http://swj.fuxin.gov.cn/2.html"]
    if fmt == "csv":
        assert report["views"] == "20" and notice["views"] == "" and notice["report_year"] == ""
    else:
        assert report["views"] == 20 and notice["views"] is None and notice["report_year"] is None
    with sqlite3.connect(archive) as conn:
        conn.row_factory = sqlite3.Row
        db_row = dict(conn.execute("select * from reports where url = ?", [report["url"]]).fetchone())
    assert set(report) == set(db_row)
    if fmt != "csv":
        assert report == db_row


def test_csv_is_utf8_without_bom(exported):
    fmt, out, _, _ = exported
    if fmt != "csv":
        pytest.skip("CSV only")
    data = (out / "reports.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "阜新市商务局".encode("utf-8") in data


def test_blobs_are_left_out_and_said_so(exported):
    fmt, out, summary, package = exported
    assert summary["left_out"] == {"report_versions": ["raw_gz"]}
    versions = next(r for r in package["resources"] if r["name"] == "report_versions")
    assert "raw_gz" not in [f["name"] for f in versions["schema"]["fields"]]
    assert "raw_gz" not in read_rows(fmt, out / f"report_versions.{fmt}")[0]
    assert package["xxgk:left_out"] == {"report_versions": ["raw_gz"]}
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "`raw_gz`" in readme and "WARC" in readme


def test_datapackage_describes_every_field(exported):
    fmt, out, summary, package = exported
    assert package["profile"] == "tabular-data-package"
    assert package["name"] == "xxgk-archive" and package["created"] == "2024-06-01T08:30:00+00:00"
    assert [r["path"] for r in package["resources"]] == [f"{n}.{fmt}" for n in summary["tables"]]
    for res in package["resources"]:
        assert (out / res["path"]).is_file()
        assert res["format"] == fmt and res["profile"] == "tabular-data-resource"
        assert res["bytes"] == (out / res["path"]).stat().st_size
        fields = res["schema"]["fields"]
        assert fields and all(f["name"] and f["type"] and f["description"] for f in fields)
        assert {f["type"] for f in fields} <= {"string", "integer", "number", "any"}
        rows = read_rows(fmt, out / res["path"])
        if rows:
            assert list(rows[0]) == [f["name"] for f in fields], res["name"]
    reports = next(r for r in package["resources"] if r["name"] == "reports")
    field = {f["name"]: f for f in reports["schema"]["fields"]}
    assert field["title"]["description"] == COLUMN_DOCS["reports"]["columns"]["title"]
    assert field["views"]["type"] == "integer" and field["title"]["type"] == "string"
    assert reports["description"] == COLUMN_DOCS["reports"]["description"]
    assert reports["schema"]["primaryKey"] == ["id"]
    assert {"fields": ["site_id"], "reference": {"resource": "sites", "fields": ["slug"]}} \
        in reports["schema"]["foreignKeys"]
    views = next(r for r in package["resources"] if r["name"] == "report_views")
    assert views["schema"]["primaryKey"] == ["report_id", "crawl_run_id"]


def test_sources_crawl_dates_and_licence(exported):
    _, _, summary, package = exported
    assert [s["path"] for s in package["sources"]] == [
        "http://swj.fuxin.gov.cn/", "http://www.qingshui.gov.cn/"]
    assert all(s["title"] for s in package["sources"])
    assert package["xxgk:crawl_period"] == {"first_crawl": "2024-02-01T00:00:00+00:00",
                                            "last_crawl": "2024-03-01T00:05:00+00:00"}
    assert summary["first_crawl"].startswith("2024-02-01")
    assert package["licenses"] and all(lic.get("name") or lic.get("path")
                                       for lic in package["licenses"])


def test_readme_says_how_to_cite(exported):
    fmt, out, summary, package = exported
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "## How to cite" in readme
    assert package["xxgk:citation"] in readme
    for text in ("2024-06-01", "2024-02-01", "2024-03-01", "@misc{"):
        assert text in readme
    for res in package["resources"]:
        assert f"`{res['path']}`" in readme


def test_parquet_round_trips_with_pyarrow(exported, archive):
    fmt, out, _, _ = exported
    if fmt != "parquet":
        pytest.skip("Parquet only")
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(out / "reports.parquet")
    assert table.schema.field("views").type == pa.int64()
    assert table.schema.field("title").type == pa.string()
    with sqlite3.connect(archive) as conn:
        conn.row_factory = sqlite3.Row
        want = [dict(r) for r in conn.execute("select * from sites order by rowid")]
    assert pq.read_table(out / "sites.parquet").to_pylist() == want
    health = pq.read_table(out / "site_health.parquet")
    assert health.schema.field("valid_date_rate").type == pa.float64()


def test_frictionless_validates_the_package(exported):
    frictionless = pytest.importorskip("frictionless")
    fmt, out, _, package = exported
    assert frictionless.Package.validate_descriptor(package).valid
    if fmt == "parquet":
        return  # frictionless reads Parquet through pandas + fastparquet, which we do not need
    if fmt == "csv":
        report = frictionless.validate(str(out / "datapackage.json"))  # foreign keys too
        assert report.valid, report.flatten(["resourceName", "type", "note"])[:10]
        return
    pytest.importorskip("ijson")
    pytest.importorskip("jsonlines")
    for descriptor in package["resources"]:
        if not descriptor["xxgk:rows"]:
            continue  # frictionless 5 cannot read an empty JSON Lines file (StopIteration)
        descriptor = {**descriptor, "schema": {k: v for k, v in descriptor["schema"].items()
                                               if k != "foreignKeys"}}
        report = frictionless.Resource(descriptor, basepath=str(out)).validate()
        assert report.valid, report.flatten(["type", "note"])[:10]


def test_unknown_format_and_missing_archive(archive, tmp_path):
    with pytest.raises(ValueError, match="csv, jsonl, parquet"):
        export_archive(archive, tmp_path, "xlsx")
    with pytest.raises(ArchiveNotFound):
        export_archive(tmp_path / "nope.db", tmp_path / "out", "csv")


def test_empty_tables_are_exported_with_their_columns(tmp_path):
    path = tmp_path / "archive.db"
    db = sqlite_utils.Database(path)
    ensure_db_shape(db)
    db.close()
    for fmt in FORMATS:
        summary = export_archive(path, tmp_path / fmt, fmt, now=NOW)
        assert set(summary["tables"].values()) == {0}
        assert summary["first_crawl"] is None
        readme = (tmp_path / fmt / "README.md").read_text(encoding="utf-8")
        assert "How to cite" in readme
    with open(tmp_path / "csv" / "sites.csv", encoding="utf-8") as handle:
        assert handle.read().strip() == ",".join(SITES[0]) + ",fixture,verified,notes"
    import pyarrow.parquet as pq
    assert pq.read_table(tmp_path / "parquet" / "sites.parquet").num_rows == 0


def test_indicators_and_agencies_exported_with_their_definitions(exported):
    """Issue 12: the derived tables and views reach the dataset with every column's definition
    (formula and cells for an indicator) taken from metadata.yml."""
    fmt, out, summary, package = exported
    resources = {r["name"]: r for r in package["resources"]}
    for name in ("agencies", "report_agencies", "report_indicators", "indicator_continuity"):
        assert name in resources, name
        fields = {f["name"]: f["description"] for f in resources[name]["schema"]["fields"]}
        assert fields == COLUMN_DOCS[name]["columns"], name
    rate = {f["name"]: f for f in resources["report_indicators"]["schema"]["fields"]}
    assert "予以公开 + 部分公开" in rate["disclosure_rate"]["description"]
    assert "结转下年度" in rate["carry_forward_rate"]["description"]
    assert summary["tables"]["agencies"] == 2 and summary["tables"]["report_agencies"] == 2
