"""Shared test fixtures: the fixture web, started once per test session."""
import pytest

from archive.processes import running_fixture_web


@pytest.fixture(scope="session")
def fixture_web():
    """Base URL (``http://127.0.0.1:PORT``) of the fixture web, served by a subprocess on port 0."""
    with running_fixture_web(port=0) as base:
        yield base
