"""Content-addressed files: attachments (附件) stored once per SHA-256, however many reports link
them, as ``<root>/<sha[:2]>/<sha[2:4]>/<sha>`` (the layout of git objects and WARC dedup stores).

The database row for a file is ``attachment_files`` (``store.save_attachment_file``); its ``path``
column holds the relative path returned here, so the blob root can move.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def blob_relpath(sha256: str) -> str:
    """``"ab/cd/abcd…"``: where the file with this SHA-256 lives under the blob root."""
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def store_blob(root: Path, data: bytes) -> tuple[str, str]:
    """Write ``data`` under ``root`` by its SHA-256; returns ``(sha256, relative path)``.

    Atomic (a temporary file in the target folder, then ``os.replace``), so a reader never sees
    half a file; a no-op when the file is already there.
    """
    sha = hashlib.sha256(data).hexdigest()
    relpath = blob_relpath(sha)
    target = Path(root) / relpath
    if target.exists():
        return sha, relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{sha[:8]}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide the file from a separate web server
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sha, relpath


def read_blob(root: Path, relpath: str) -> bytes:
    """The bytes of a stored file (``attachment_files.path`` relative to ``root``)."""
    return (Path(root) / relpath).read_bytes()
