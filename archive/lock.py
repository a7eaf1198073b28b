"""One crawl at a time per archive: an advisory lock file beside the database."""
import fcntl
import os
from pathlib import Path


class ArchiveBusy(RuntimeError):
    """Another crawl is writing to this archive."""


class CrawlLock:
    """``flock`` on ``<db>.lock``; held for the whole crawl, released by the OS if the process dies
    (so a ``kill -9`` never leaves a stale lock behind)."""

    def __init__(self, db_path):
        self.path = Path(f"{db_path}.lock")
        self.handle = None

    def acquire(self) -> "CrawlLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise ArchiveBusy(
                f"another crawl ({holder}) is writing to {str(self.path)[:-5]}; "
                "wait for it to finish or use another --db") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        self.handle = handle
        return self

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()
