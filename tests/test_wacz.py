"""`xxgk export --format wacz`: two crawl runs of the fixture web (two sites, two WARC files)
packaged as a WACZ file, checked with py-wacz's own validator and read back member by member:
the WARCs, the CDXJ index, the report pages and the datapackage hashes."""
import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import sqlite_utils
from warcio.archiveiterator import ArchiveIterator
from warcio.timeutils import iso_date_to_timestamp

from support import crawl_fixture_web, new_archive, reset_fixture_web
from xxgk.archive.store import start_crawl_run
from xxgk.cli.processes import PROJECT_ROOT

SITES = ["fuxin-swj", "nanxian-gov"]  # two small fixture sites: one crawl run each


def xxgk(*args) -> subprocess.CompletedProcess:
    """The CLI as a user runs it."""
    return subprocess.run([sys.executable, "-m", "xxgk", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def archive(fixture_web, tmp_path_factory) -> Path:
    """An archive of two crawl runs, one site each, with their WARC files in warc/."""
    path = tmp_path_factory.mktemp("wacz") / "archive.db"
    reset_fixture_web(fixture_web)
    for site in SITES:
        crawl_fixture_web(path, sites=[site], fixture_url=fixture_web)
    assert len(list((path.parent / "warc").glob("*.warc.gz"))) == 2
    return path


def archived_reports(db_path, run_ids) -> dict:
    """{url: (title, warc_file, warc_offset, sha256)} of the newest version of every report
    stored by those runs."""
    db = sqlite_utils.Database(db_path)
    marks = ", ".join("?" for _ in run_ids)
    rows = db.execute(
        "SELECT r.url, r.title, v.warc_file, v.warc_offset, v.sha256 FROM reports r"
        " JOIN report_versions v ON v.report_id = r.id"
        f" WHERE v.crawl_run_id IN ({marks}) ORDER BY v.version", list(run_ids)).fetchall()
    db.close()
    return {url: rest for url, *rest in rows}


def read_index(wacz: zipfile.ZipFile) -> dict:
    """{url: [CDXJ entry, with its timestamp as "ts"]} of the package's index."""
    names = wacz.namelist()
    if "indexes/index.cdx.gz" in names:
        text = gzip.decompress(wacz.read("indexes/index.cdx.gz")).decode("utf-8")
    else:
        text = wacz.read("indexes/index.cdxj").decode("utf-8")
    entries = {}
    for line in text.splitlines():
        _key, ts, data = line.split(" ", 2)
        entry = {**json.loads(data), "ts": ts}
        entries.setdefault(entry["url"], []).append(entry)
    return entries


def check_package(path: Path, db_path: Path, run_ids: list[int]) -> dict:
    """Everything a WACZ reader relies on, read back; returns the datapackage."""
    result = subprocess.run([sys.executable, "-m", "wacz", "validate", "-f", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the passed WACZ is valid" in result.stdout, result.stdout
    from wacz.validate import Validation

    check = Validation(str(path))
    assert check.version == "1.1.1"
    assert check.check_required_contents() == 0  # 0 is success here
    assert check.frictionless_validate() is True
    assert check.check_file_paths() is True
    assert check.check_file_hashes() is True
    assert check.check_data_package_hash_and_sig() is True

    reports = archived_reports(db_path, run_ids)
    assert reports
    with zipfile.ZipFile(path) as wacz:
        names = set(wacz.namelist())
        warcs = {f"archive/{warc}" for _t, warc, _o, _s in reports.values()}
        assert warcs == {n for n in names if n.startswith("archive/")}
        assert {"pages/pages.jsonl", "datapackage.json", "datapackage-digest.json"} <= names
        assert "indexes/index.cdx.gz" in names or "indexes/index.cdxj" in names
        package = json.loads(wacz.read("datapackage.json"))
        listed = {r["path"]: r for r in package["resources"]}
        assert set(listed) == names - {"datapackage.json", "datapackage-digest.json"}
        for name, resource in listed.items():
            data = wacz.read(name)
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), name
            assert resource["bytes"] == len(data), name
        digest = json.loads(wacz.read("datapackage-digest.json"))
        assert digest["hash"] == "sha256:" + hashlib.sha256(wacz.read("datapackage.json")).hexdigest()

        header, *pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").splitlines()]
        assert header["format"] == "json-pages-1.0"
        assert sorted(p["url"] for p in pages) == sorted(reports)
        assert {p["url"]: p["title"] for p in pages} == {u: r[0] for u, r in reports.items()}

        index = read_index(wacz)
        for page in pages:
            _title, warc, offset, sha256 = reports[page["url"]]
            entry = next(e for e in index[page["url"]]
                         if e["filename"] == warc and int(e["offset"]) == offset)
            assert entry["ts"] == iso_date_to_timestamp(page["ts"])  # the page opens this capture
            with wacz.open(f"archive/{warc}") as member:
                member.seek(offset)
                record = next(iter(ArchiveIterator(io.BytesIO(member.read(int(entry["length"]))))))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == page["url"]
            assert hashlib.sha256(record.content_stream().read()).hexdigest() == sha256
    return package


def test_every_run_in_one_package(archive, tmp_path):
    result = xxgk("export", "--format", "wacz", "--db", str(archive), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    path = tmp_path / "archive.wacz"  # --out a folder: archive.wacz in it
    assert str(path) in result.stdout
    package = check_package(path, archive, [1, 2])
    assert "crawl runs 1, 2" in package["title"] and "archive.db" in package["title"]
    assert all(site in package["description"] for site in SITES)


def test_one_run(archive, tmp_path):
    path = tmp_path / "fuxin.wacz"  # --out a file ending .wacz
    result = xxgk("export", "--format", "wacz", "--run", "1", "--db", str(archive),
                  "--out", str(path))
    assert result.returncode == 0, result.stderr
    package = check_package(path, archive, [1])
    assert "crawl run 1" in package["title"]
    assert "fuxin-swj" in package["description"] and "nanxian-gov" not in package["description"]


def test_missing_warc_is_skipped_with_a_warning(archive, tmp_path):
    copy = tmp_path / "archive.db"
    shutil.copy(archive, copy)
    kept = archived_reports(archive, [2])
    warc = next(iter(kept.values()))[1]
    (tmp_path / "warc").mkdir()
    shutil.copy(archive.parent / "warc" / warc, tmp_path / "warc" / warc)
    result = xxgk("export", "--format", "wacz", "--db", str(copy), "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    (missing,) = {w for _t, w, _o, _s in archived_reports(archive, [1]).values()}
    assert "Warning" in result.stderr and missing in result.stderr
    check_package(tmp_path / "o" / "archive.wacz", copy, [2])


def test_no_warc_files_is_a_clear_error(archive, tmp_path):
    copy = tmp_path / "archive.db"  # the archive without its warc/ folder
    shutil.copy(archive, copy)
    result = xxgk("export", "--format", "wacz", "--db", str(copy), "--out", str(tmp_path))
    assert result.returncode == 1
    assert "No WARC file" in result.stderr and "warc/" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "archive.wacz").exists()

    empty = tmp_path / "empty" / "archive.db"  # a run that wrote no WARC at all
    empty.parent.mkdir()
    db = new_archive(empty)
    start_crawl_run(db, sites=[], args={})
    db.conn.commit()
    db.close()
    result = xxgk("export", "--format", "wacz", "--db", str(empty), "--out", str(tmp_path))
    assert result.returncode == 1 and "No WARC file" in result.stderr, result.stderr
    result = xxgk("export", "--format", "wacz", "--run", "9", "--db", str(archive),
                  "--out", str(tmp_path))
    assert result.returncode == 1 and "No crawl run 9" in result.stderr


def test_a_runs_warc_file_comes_from_its_stats_first():
    from xxgk.archive.store import finish_crawl_run
    from xxgk.serve.wacz import crawl_runs

    db = new_archive()
    named = start_crawl_run(db, sites=["fuxin-swj"], args={})
    finish_crawl_run(db, named, stats={"xxgk/warc_file": "xxgk-1.warc.gz"}, status="finished")
    unnamed = start_crawl_run(db, sites=["fuxin-swj"], args={})
    finish_crawl_run(db, unnamed, stats={}, status="finished")
    db["report_versions"].insert({"report_id": "r", "version": 1, "crawl_run_id": unnamed,
                                  "warc_file": "xxgk-2.warc.gz", "warc_offset": 0})
    assert [r["warcs"] for r in crawl_runs(db, None)] == [["xxgk-1.warc.gz"], ["xxgk-2.warc.gz"]]
    assert [r["sites"] for r in crawl_runs(db, named)] == [["fuxin-swj"]]
