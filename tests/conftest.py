"""Shared test fixtures: the fixture web, started once per test session."""
import subprocess
import sys

import pytest


@pytest.fixture(scope="session")
def fixture_web():
    """Base URL (``http://127.0.0.1:PORT``) of the fixture web, served by a subprocess on port 0."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "fixtureweb", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        base = proc.stdout.readline().strip()
        if not base.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"fixture web did not start: {base!r}")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
