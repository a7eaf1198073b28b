"""Which extractor produced a record: the package version plus a digest of this package's own
source files, so any change to the extraction code gives a new version without anyone having to
remember to bump it. Stored with every report row and version (``extractor``); ``xxgk reextract``
re-reads the rows whose extractor differs from the running one."""
from __future__ import annotations

import hashlib
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files


def _digest() -> str:
    sha = hashlib.sha256()
    root = files("xxgk.extract")
    stack = [root]
    sources = []
    while stack:
        folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir() and entry.name != "__pycache__":
                stack.append(entry)
            elif entry.name.endswith(".py"):
                sources.append(entry)
    for entry in sorted(sources, key=lambda e: str(e)[len(str(root)):]):
        sha.update(str(entry)[len(str(root)):].encode())
        sha.update(entry.read_bytes())
    return sha.hexdigest()[:12]


try:
    _RELEASE = version("xxgk-archive")
except PackageNotFoundError:  # run from a checkout that was never installed
    _RELEASE = "0"

EXTRACTOR_VERSION = f"{_RELEASE}+{_digest()}"
