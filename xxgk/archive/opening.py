"""Opening an archive: every way a ``--db`` can be wrong becomes one ``ArchiveError`` line.

``open_archive(path, write=...)`` is the one door to an archive for the CLI (before it starts a
crawl, and for ``status``, ``serve`` and ``export``) and for the crawl's pipeline. It refuses, with
a message that names the file and says what to do:

- a folder, an empty path, a missing file (when only reading);
- a file that is not an SQLite database, or an SQLite database of something else;
- a corrupt database (``PRAGMA quick_check`` is not "ok") — nothing is written to it;
- when writing: a read-only file or folder, and a database another process is writing to
  (after a short busy timeout, ``BUSY_TIMEOUT`` seconds).

Opened for writing, the archive is in WAL mode (as the crawler writes it) and its folder exists.
Opened for reading, the connection is read-only (``mode=ro``): a check never modifies the file.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

import sqlite_utils

BUSY_TIMEOUT = 5.0  # seconds to wait for another writer before saying the archive is locked
SQLITE_MAGIC = b"SQLite format 3\x00"
ARCHIVE_TABLES = {"reports", "crawl_runs"}  # a database with neither is not an archive


class ArchiveError(RuntimeError):
    """An archive that cannot be opened as asked; ``str()`` is one line naming the file."""


class ArchiveNotFound(ArchiveError, FileNotFoundError):
    """No archive file at the path (when reading)."""


def open_archive(path, *, write: bool, busy_timeout: float = BUSY_TIMEOUT) -> sqlite_utils.Database:
    """The archive at ``path``, checked; ``ArchiveError`` says what is wrong and what to do.

    Example: ``db = open_archive("data/archive.db", write=True)``
    """
    path = check_path(path, write=write)
    try:
        if write:
            conn = sqlite3.connect(str(path), timeout=busy_timeout)
        else:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=busy_timeout)
    except sqlite3.Error as exc:
        raise _error(path, exc) from None
    try:
        _check_database(conn, path, write=write)
        if write:
            _check_writable(conn, path)
    except BaseException:
        conn.close()
        raise
    return sqlite_utils.Database(conn)


def check_path(path, *, write: bool) -> Path:
    """The file checks that need no SQLite: ``path`` as a ``Path``, or ``ArchiveError``. When
    writing, the archive's folder is created (and must accept new files: SQLite writes its
    ``-wal`` and ``-journal`` files beside the archive)."""
    if path is None or not str(path).strip():
        raise ArchiveError("--db is empty: pass the path of an archive file, e.g. data/archive.db")
    path = Path(path)
    if path.is_dir():
        raise ArchiveError(f"{path} is a folder, not an archive file; pass a file path such as "
                           f"{path / 'archive.db'}")
    if path.exists() and not path.is_file():
        raise ArchiveError(f"{path} is not a regular file; pass the path of an archive .db file")
    if not write:
        if not path.exists():
            raise ArchiveNotFound(f"No archive database at {path}: crawl first (e.g. `xxgk crawl "
                                  f"--db {path}`) or pass the path of an existing archive.db.")
        _check_header(path)
        return path
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot create its folder {folder} "
                           f"({exc.strerror or exc}); choose another --db") from None
    if path.exists():
        _check_header(path)
        try:
            os.close(os.open(path, os.O_RDWR))
        except OSError as exc:
            raise ArchiveError(f"{path}: cannot write to the archive ({exc.strerror or exc}); "
                               "make it writable or choose another --db") from None
    try:
        probe_fd, probe = tempfile.mkstemp(dir=folder, prefix=".xxgk-write-probe-")
        os.close(probe_fd)
        os.unlink(probe)
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot write in its folder {folder} "
                           f"({exc.strerror or exc}); make it writable or choose another --db"
                           ) from None
    return path


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot read ({exc.strerror or exc}); check its "
                           "permissions") from None
    if head and head != SQLITE_MAGIC:
        raise ArchiveError(f"{path}: not an SQLite database (the file holds something else); "
                           "pass the path of an archive .db file, or move that file away")


def _check_database(conn: sqlite3.Connection, path: Path, *, write: bool) -> None:
    """A readable, uncorrupted SQLite database that is an archive (or, to write, still empty)."""
    try:
        result = [row[0] for row in conn.execute("PRAGMA quick_check")]
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    except sqlite3.Error as exc:
        raise _error(path, exc) from None
    if result != ["ok"]:
        first = " ".join(str(result[0] if result else "no answer").split())[:160]
        raise ArchiveError(f"{path}: the archive is corrupt (PRAGMA quick_check: {first}); "
                           "restore it from a backup, or crawl into a new --db")
    if tables and not tables & ARCHIVE_TABLES:
        raise ArchiveError(f"{path}: an SQLite database of something else (no reports or "
                           "crawl_runs table); pass the path of an archive .db file")
    if not write and "reports" not in tables:
        raise ArchiveError(f"{path}: no archive tables yet (nothing was crawled into it); "
                           f"run `xxgk crawl --db {path}` first")


def _check_writable(conn: sqlite3.Connection, path: Path) -> None:
    """Take and drop the write lock (waiting up to the busy timeout), then switch to WAL."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.rollback()
        conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as exc:
        raise _error(path, exc) from None


def _error(path: Path, exc: sqlite3.Error) -> ArchiveError:
    """One line for what SQLite said about ``path``."""
    message = str(exc)
    if "not a database" in message:
        return ArchiveError(f"{path}: not an SQLite database (the file holds something else); "
                            "pass the path of an archive .db file, or move that file away")
    if "malformed" in message or "corrupt" in message:
        return ArchiveError(f"{path}: the archive is corrupt ({message}); restore it from a "
                            "backup, or crawl into a new --db")
    if "locked" in message or "busy" in message:
        return ArchiveError(f"{path}: locked by another process writing to it; wait for it to "
                            "finish (or stop it) and try again")
    if "readonly" in message or "read-only" in message:
        return ArchiveError(f"{path}: the archive or its folder is read-only; make it writable "
                            "or choose another --db")
    if "full" in message:
        return ArchiveError(f"{path}: the disk is full; free some space and try again")
    if "unable to open" in message:
        return ArchiveError(f"{path}: cannot open the database ({message}); check the file and "
                            "its folder's permissions")
    return ArchiveError(f"{path}: {' '.join(message.split())}")
