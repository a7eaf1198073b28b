"""One crawl at a time per archive: an advisory lock file beside the database.

``xxgk crawl`` takes the lock before it touches anything (the crawl's JOBDIR, the archive) and
holds it until its Scrapy child has ended. The child inherits the lock's file descriptor
(``subprocess`` ``pass_fds=[lock.fileno()]``), so the lock stays held if the parent dies first,
and is told so with ``-s XXGK_LOCK_HELD=1``; a crawl started without the CLI (Scrapyd, the
tests) takes the lock itself in the pipeline.
"""
import fcntl
import os
from pathlib import Path

from xxgk.archive.opening import ArchiveError


class ArchiveBusy(ArchiveError):
    """Another crawl is writing to this archive."""


class CrawlLock:
    """``flock`` on ``<db>.lock``; held for the whole crawl, released by the OS when the last
    process holding its descriptor ends (so a ``kill -9`` never leaves a stale lock behind)."""

    def __init__(self, db_path):
        self.db_path = Path(db_path)
        self.path = Path(f"{db_path}.lock")
        self.handle = None

    def acquire(self) -> "CrawlLock":
        """Take the lock or raise ``ArchiveBusy``; ``ArchiveError`` if the lock file cannot be
        made (a read-only folder, say)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+")
        except OSError as exc:
            raise ArchiveError(
                f"{self.db_path}: cannot create the lock file {self.path} "
                f"({exc.strerror or exc}); make the folder writable or choose another --db"
            ) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise ArchiveBusy(
                f"another crawl ({holder}) is writing to {self.db_path}; "
                "wait for it to finish or use another --db") from None
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
        except OSError:
            pass  # the holder's pid is only a courtesy for the "busy" message (a full disk, say)
        self.handle = handle
        return self

    def note_holder(self, pid: int) -> None:
        """Name the process doing the writing (the crawl's child) in the lock file."""
        if self.handle is not None:
            try:
                self.handle.seek(0)
                self.handle.truncate()
                self.handle.write(f"pid {pid}, started by pid {os.getpid()}")
                self.handle.flush()
            except OSError:
                pass

    def fileno(self) -> int:
        """The lock's file descriptor, for a child that must go on holding it."""
        if self.handle is None:
            raise RuntimeError(f"the lock on {self.db_path} is not held")
        return self.handle.fileno()

    @property
    def held(self) -> bool:
        return self.handle is not None

    def release(self) -> None:
        """Close the descriptor. The lock ends when no process holds it any more: a child that
        inherited it keeps the archive locked until it ends too."""
        if self.handle is not None:
            self.handle.close()
            self.handle = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()
