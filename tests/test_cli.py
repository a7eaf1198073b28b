"""The CLI teaches itself: every command has help with an example and is in the README."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from xxgk.cli.main import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_help_with_example_and_is_documented(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"xxgk {name}" in README


def test_extract_names_a_missing_file(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "nope.html")])
    assert result.exit_code != 0
    assert "nope.html" in result.output


def test_serve_refuses_a_missing_archive(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0
    assert "none.db" in result.output


def test_sites_lists_the_registry():
    result = CliRunner().invoke(cli, ["sites"])
    assert result.exit_code == 0
    assert "not verified" in result.output


def test_export_writes_a_dataset(tmp_path):
    import json

    import sqlite_utils

    from xxgk.archive.store import ensure_db_shape, save_report

    db_path = tmp_path / "archive.db"
    db = sqlite_utils.Database(db_path)
    ensure_db_shape(db)
    save_report(db, {"url": "http://www.example.gov.cn/a.html", "title": "商务局2019年年度报告",
                     "published": "2020-01-20", "is_report": True, "body": "正文"}, fetch={})
    db.close()
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "--format", "jsonl", "--out", str(out),
                                      "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (out / "reports.jsonl").read_text().splitlines()]
    assert [r["title"] for r in rows] == ["商务局2019年年度报告"]
    assert "reports" in {r["name"] for r in json.loads(
        (out / "datapackage.json").read_text())["resources"]}


def test_crawl_names_an_unknown_site():
    result = CliRunner().invoke(cli, ["crawl", "--site", "no-such-site", "--db", "/tmp/unused.db"])
    assert result.exit_code != 0
    assert "no-such-site" in result.output and "Traceback" not in result.output
