"""Loaded by every Python child of the test suite (PYTHONPATH): installs the loopback-only guard."""
import os

if os.environ.get("XXGK_NETGUARD") == "1":
    import netguard

    netguard.install()
