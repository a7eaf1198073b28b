"""Shared test fixtures: the fixture web, started once per test session; and the test net,
which refuses every non-loopback connection in this process and in every child it starts."""
import os
import sys
from pathlib import Path

import pytest

_NETGUARD = Path(__file__).resolve().parent / "netguard"
sys.path.insert(0, str(_NETGUARD))
import netguard  # noqa: E402

netguard.install()
os.environ["XXGK_NETGUARD"] = "1"
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(_NETGUARD), os.environ.get("PYTHONPATH")) if p)

from xxgk.cli.processes import running_fixture_web  # noqa: E402


@pytest.fixture(scope="session")
def fixture_web():
    """Base URL (``http://127.0.0.1:PORT``) of the fixture web, served by a subprocess on port 0."""
    with running_fixture_web(port=0) as base:
        yield base
