"""The CLI teaches itself: every command has help with an example and is in the README."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import cli

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
