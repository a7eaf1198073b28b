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
TABLES = ("reports", "report_versions", "report_events", "report_stats", "report_stat_checks",
          "attachments", "report_views")


def xxgk(*args) -> subprocess.CompletedProcess:
    return subprocess.run([XXGK, *args], capture_output=True, text=True, timeout=600)


def rows(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}


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
    done = xxgk("crawl", "--site", "fuxin-swj", "--site", "longgang-gov", "--db", str(db))
    assert done.returncode == 0, done.stderr[-2000:]
    return db


@pytest.fixture
def archive(crawled, tmp_path) -> Path:
    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    return db


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
    done = xxgk("crawl", "--site", "fuxin-swj", "--site", "longgang-gov", "--db", str(archive))
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
