"""``xxgk reextract``: today's extractor over the stored bytes, in place, with no network; and
a re-crawl after an extractor change adds no version (the pipeline re-reads first)."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

XXGK = str(Path(sys.executable).with_name("xxgk"))
# hedong-mzj's 2019 report PDF holds the standard tables (its statistics come from the file)
SITES = ("--site", "fuxin-swj", "--site", "longgang-gov", "--site", "hedong-mzj")
TABLES = ("reports", "report_versions", "report_events", "report_stats", "report_stat_checks",
          "attachments", "attachment_files", "report_views")


def xxgk(*args) -> subprocess.CompletedProcess:
    return subprocess.run([XXGK, *args], capture_output=True, text=True, timeout=600)


def rows(db: Path) -> dict:
    """Every row of the tables re-extraction may touch (statistics cells in any order: a
    report's cells are rewritten together, so their rowids move)."""
    with sqlite3.connect(db) as conn:
        found = {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    for table in ("report_stats", "report_stat_checks"):
        found[table] = sorted(found[table], key=repr)
    return found


def counts(db: Path) -> tuple:
    with sqlite3.connect(db) as conn:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("report_versions", "report_events"))


def changed(out: str) -> dict[str, int]:
    result = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2:] == ["rows", "changed"]:
            result[parts[0]] = int(parts[1])
    return result


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("reextract") / "archive.db"
    done = xxgk("crawl", *SITES, "--db", str(db))
    assert done.returncode == 0, done.stderr[-2000:]
    return db


@pytest.fixture
def archive(crawled, tmp_path) -> Path:
    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    shutil.copytree(crawled.parent / "files", tmp_path / "files")  # the attachment blobs
    return db


def file_changes(out: str) -> int:
    line = next(ln for ln in out.splitlines() if ln.split()[:1] == ["attachment_text"])
    return int(line.split()[1])


def age(db: Path, agency: str = "旧抽取程序的机关名") -> int:
    """Make the archive look read by an older extractor that got every report's agency wrong."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE reports SET agency = ?, extractor = 'old' WHERE is_report", [agency])
        conn.execute("UPDATE report_versions SET extractor = 'old', content_hash = 'old',"
                     " record = json_set(record, '$.agency', ?) WHERE id IN"
                     " (SELECT latest_version_id FROM reports WHERE is_report)", [agency])
        return conn.execute("SELECT count(*) FROM reports WHERE is_report").fetchone()[0]


def test_unchanged_extractor_changes_nothing(archive):
    before = rows(archive)
    assert before["reports"] and before["report_stats"]
    idle = xxgk("reextract", "--db", str(archive))
    assert idle.returncode == 0 and "re-read 0 stored report pages" in idle.stdout
    forced = xxgk("reextract", "--db", str(archive), "--all")
    assert forced.returncode == 0, forced.stderr
    assert f"re-read {len(before['reports'])} stored report pages" in forced.stdout
    assert f"re-read {len(before['attachment_files'])} stored attachment files" in forced.stdout
    assert before["attachment_files"] and file_changes(forced.stdout) == 0
    assert changed(forced.stdout) and set(changed(forced.stdout).values()) == {0}
    assert rows(archive) == before


def test_an_extractor_change_reaches_stored_reports_in_place(archive):
    with sqlite3.connect(archive) as conn:
        right = dict(conn.execute("SELECT id, agency FROM reports WHERE is_report"))
    versions = counts(archive)
    aged = age(archive)
    result = xxgk("reextract", "--db", str(archive))
    assert result.returncode == 0, result.stderr
    assert changed(result.stdout)["agency"] == aged and changed(result.stdout)["title"] == 0
    with sqlite3.connect(archive) as conn:
        assert dict(conn.execute("SELECT id, agency FROM reports WHERE is_report")) == right
        assert conn.execute("SELECT count(*) FROM report_versions WHERE extractor = 'old'"
                            " OR content_hash = 'old'").fetchone()[0] == 0
    assert counts(archive) == versions  # no version, no event
    again = xxgk("reextract", "--db", str(archive))
    assert "re-read 0 stored report pages" in again.stdout


def test_recrawl_after_an_extractor_change_adds_no_version(archive):
    versions = counts(archive)
    aged = age(archive)
    with sqlite3.connect(archive) as conn:  # no validators: every page is fetched again in full
        conn.execute("UPDATE reports SET etag = NULL, last_modified = NULL")
    done = xxgk("crawl", *SITES, "--db", str(archive))
    assert done.returncode == 0, done.stderr[-2000:]
    with sqlite3.connect(archive) as conn:
        assert conn.execute("SELECT count(*) FROM report_events WHERE kind = 'changed'"
                            ).fetchone()[0] == 0
        # a page fetched again in full was re-read before the comparison; one answered 304 was
        # not compared at all (and keeps its rows for `xxgk reextract`)
        assert conn.execute("SELECT count(*) FROM reports WHERE agency = '旧抽取程序的机关名'"
                            " AND extractor != 'old'").fetchone()[0] == 0
        reread = conn.execute("SELECT count(*) FROM reports WHERE is_report AND extractor != 'old'"
                              ).fetchone()[0]
    # the incremental walk fetches the listed reports it reaches; each was re-read first
    assert 0 < reread <= aged
    assert counts(archive)[0] == versions[0]


def test_reextract_refuses_a_missing_archive(tmp_path):
    result = xxgk("reextract", "--db", str(tmp_path / "nope.db"))
    assert result.returncode != 0 and "Traceback" not in result.stderr


def age_files(db: Path) -> dict[str, str]:
    """Make the stored attachment files look read by an older document reader that lost their
    text (and so the reports' attachment text, search words and attachment statistics)."""
    with sqlite3.connect(db) as conn:
        right = dict(conn.execute("SELECT sha256, text FROM attachment_files"
                                  " WHERE text_status = 'ok' AND text != ''"))
        conn.execute("UPDATE attachment_files SET text = '旧读取程序', reader = 'old'"
                     " WHERE text_status = 'ok'")
        conn.execute("UPDATE reports SET attachment_text = '旧读取程序'"
                     " WHERE attachment_text IS NOT NULL")
        conn.execute("DELETE FROM report_stats WHERE source != 'page'")
    return right


def test_a_reader_change_reaches_stored_files_from_their_bytes(archive):
    before = rows(archive)
    assert any(r[1].startswith("attachment:") for r in before["report_stats"])
    right = age_files(archive)
    assert right, "the fixture crawl stored no readable attachment"
    result = xxgk("reextract", "--db", str(archive))
    assert result.returncode == 0, result.stderr
    assert f"re-read {len(right)} stored attachment files" in result.stdout
    assert file_changes(result.stdout) == len(right)
    assert "missing:" not in result.stdout
    # the reports linking them are re-read, and the PDF's statistics come back from its tables
    assert f"re-read {len(right)} stored report pages" in result.stdout
    assert changed(result.stdout)["attachment_stats"] == 1
    with sqlite3.connect(archive) as conn:
        assert dict(conn.execute("SELECT sha256, text FROM attachment_files WHERE sha256 IN"
                                 f" ({', '.join('?' * len(right))})", list(right))) == right
        # the search index follows: a word of an attachment finds its report again
        fts = conn.execute("SELECT count(*) FROM reports_fts WHERE attachments LIKE '%旧读取程序%'"
                           ).fetchone()[0]
        assert fts == 0
    assert rows(archive) == before  # every row as the crawl left it: no version, no event
    again = xxgk("reextract", "--db", str(archive))
    assert "re-read 0 stored attachment files" in again.stdout


def test_a_file_whose_bytes_are_gone_is_listed_and_keeps_its_text(archive, tmp_path):
    with sqlite3.connect(archive) as conn:
        sha, path, text = conn.execute("SELECT sha256, path, text FROM attachment_files"
                                       " WHERE text_status = 'ok' ORDER BY sha256").fetchone()
        conn.execute("UPDATE attachment_files SET reader = 'old'")
    (tmp_path / "files" / path).unlink()
    result = xxgk("reextract", "--db", str(archive))
    assert result.returncode == 0, result.stderr
    assert "missing: " in result.stdout and str(tmp_path / "files" / path) in result.stdout
    with sqlite3.connect(archive) as conn:
        assert conn.execute("SELECT text, reader FROM attachment_files WHERE sha256 = ?",
                            [sha]).fetchone() == (text, "old")  # kept, and tried again next time
        assert conn.execute("SELECT count(*) FROM attachment_files WHERE reader = 'old'"
                            ).fetchone()[0] == 1


def test_files_elsewhere_are_found_with_files_option(archive, tmp_path):
    moved = tmp_path / "elsewhere"
    (tmp_path / "files").rename(moved)
    right = age_files(archive)
    result = xxgk("reextract", "--db", str(archive), "--files", str(moved))
    assert result.returncode == 0, result.stderr
    assert file_changes(result.stdout) == len(right) and "missing:" not in result.stdout


def test_the_reader_version_follows_the_reader_and_only_it(tmp_path):
    """READER_VERSION digests bounded.py and what it imports (relative, absolute, from a
    subpackage), not the page extractor: a page fix does not re-read every stored PDF."""
    from xxgk.extract import version

    pkg = tmp_path / "extract"
    (pkg / "pdf").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .report import x\nfrom .bounded import y\n")
    (pkg / "bounded.py").write_text("from xxgk.extract.documents import z\n")
    (pkg / "documents.py").write_text("from .pdf import tables\nimport json\n")
    (pkg / "pdf" / "__init__.py").write_text("")
    (pkg / "pdf" / "tables.py").write_text("from ..text import fold\nfrom . import cells\n")
    (pkg / "pdf" / "cells.py").write_text("")
    (pkg / "text.py").write_text("")
    (pkg / "report.py").write_text("from .text import fold\n")
    found = sorted(str(p.relative_to(pkg)) for p in version._closure(pkg, "bounded"))
    assert found == ["bounded.py", "documents.py", "pdf/__init__.py", "pdf/cells.py",
                     "pdf/tables.py", "text.py"]
    real = {p.name for p in version._closure(version.files("xxgk.extract"), "bounded")}
    assert {"bounded.py", "documents.py"} <= real and "report.py" not in real
    assert version.READER_VERSION != version.EXTRACTOR_VERSION
