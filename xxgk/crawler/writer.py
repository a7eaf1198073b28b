"""The archive writer: a process of its own, on the machine's other core, that saves what the
crawl yields, in batched transactions.

Segmenting text for the search index and writing SQLite took two thirds of a crawl's CPU when
they ran in Scrapy's reactor thread; here they run beside it. The pipeline (crawler/pipelines.py)
hands each item over a pipe (``WriterProcess.put``: a bounded queue and a sender thread, so the
reactor never waits on the writer unless the writer falls far behind) and, when the spider
closes, the walk's results (``WriterProcess.finish``); the writer answers with the run's outcome.
On the way, a third process, the statistics reader (``_read_ahead``), reads each report's
statistics from its page (the spider leaves them unread): the crawl, the reader and the writer
then share the machine's two cores instead of the reactor waiting for one of them.

Every item is saved inside a savepoint, so an item that fails leaves nothing half written while
the items around it are kept; a batch is committed when no item came for ``BATCH_IDLE`` seconds,
after ``BATCH_ITEMS`` items or after ``BATCH_SECONDS`` seconds. The writer ignores SIGINT and SIGTERM (the crawl's own stop
reaches it as the end of the items); if the crawl process dies, it commits what it has and exits,
and the run stays ``running`` until the next crawl closes it as abandoned.
"""
from __future__ import annotations

import errno
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from xxgk.archive import blobs, health, search, store
from xxgk.archive.derived import refresh_derived
from xxgk.archive.opening import open_archive
from xxgk.crawler.items import (AttachmentItem, CaptureRecordItem, CrawlErrorItem, NotModifiedItem,
                                RemovedItem, ReportItem)
from xxgk.crawler.reread import reread_if_stale
from xxgk.extract import read_report_stats
from xxgk.extract.urls import url_key
from xxgk.extract.version import READER_VERSION

BATCH_ITEMS = 200
BATCH_SECONDS = 1.0
BATCH_IDLE = 0.1  # seconds without an item that end a batch early (a commit costs milliseconds)
QUEUE_ITEMS = 1000  # items waiting in the crawl process before ``put`` waits for the writer
# SQLite errors after which nothing more can be written: the run ends, recorded as failed
FATAL = ("disk is full", "disk i/o error", "readonly", "read-only", "malformed", "not a database",
         "unable to open", "locked")
_FATAL_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EIO}


class ArchiveWriter:
    """Saves one crawl run's items into the archive (in the writer process)."""

    def __init__(self, db_path: Path, files_dir: Path, run_id: int):
        self.db_path, self.files_dir, self.run_id = Path(db_path), Path(files_dir), run_id
        self.db = open_archive(self.db_path, write=True)
        self.failure = None  # the fatal archive error that ended the run, if any
        self.counts = {"reports": 0, "errors": 0}

    def save(self, item) -> None:
        """One item, all or nothing (a savepoint inside the open batch)."""
        if self.failure is not None:
            return  # the archive can no longer be written; the run is closing
        conn = self.db.conn
        conn.execute("SAVEPOINT item")
        try:
            _SAVERS[type(item)](self, item)
        except Exception as exc:  # noqa: BLE001 — recorded for the item's URL, the crawl goes on
            try:
                conn.execute("ROLLBACK TO item")
                conn.execute("RELEASE item")
            except sqlite3.Error:
                pass  # the fatal error below says why
            self.archive_error(item, exc)
        else:
            conn.execute("RELEASE item")

    def archive_error(self, item, exc: Exception) -> None:
        """A fatal write error (disk full, file gone read-only …) ends the run; any other error
        saving one item is recorded for its URL and the crawl goes on."""
        message = one_line(exc)
        fatal = (isinstance(exc, OSError) and exc.errno in _FATAL_ERRNOS) or (
            isinstance(exc, sqlite3.Error) and any(m in message.lower() for m in FATAL))
        if fatal:
            self.failure = f"cannot write to the archive {self.db_path}: {message}"
            return
        record = getattr(item, "record", None)
        url = getattr(item, "url", None) or (record.url if record is not None else None)
        if not isinstance(exc, (sqlite3.Error, OSError)):
            message = f"{type(exc).__name__}: {message}"
        store.save_crawl_error(self.db, crawl_run_id=self.run_id, url=url, kind="archive",
                               reason=f"could not be saved: {message}")
        self.counts["errors"] += 1

    def save_report(self, item: ReportItem):
        if item.stats_unread:  # no reader before this writer (an item saved directly)
            read_stats(item)
        if item.stats_error:
            store.save_crawl_error(self.db, crawl_run_id=self.run_id, url=item.record.url,
                                   kind="parse", reason=f"statistics not read: {item.stats_error}",
                                   status=item.fetch.get("http_status"),
                                   site_id=item.fetch.get("site_id"))
            self.counts["errors"] += 1
        reread_if_stale(self.db, store.report_id(item.record.url))
        store.save_report(self.db, item.record, fetch={**item.fetch, "crawl_run_id": self.run_id})
        self.counts["reports"] += 1

    def save_not_modified(self, item: NotModifiedItem):
        store.mark_not_modified(self.db, url=item.url, crawl_run_id=self.run_id,
                                fetched_at=item.fetched_at)

    def save_removed(self, item: RemovedItem):
        store.mark_removed(self.db, url=item.url, reason=item.reason, crawl_run_id=self.run_id,
                           at=item.at)

    def save_attachment(self, item: AttachmentItem):
        sha256, path = blobs.store_blob(self.files_dir, item.data)
        store.save_attachment_file(
            self.db, report_id=store.resolve_report_id(self.db, item.report_url), url=item.url,
            sha256=sha256, mime=item.mime, size=len(item.data), path=path, text=item.text,
            text_status=item.text_status, text_reason=item.text_reason, pages=item.pages,
            stats=item.stats, reader=READER_VERSION, method=item.method, tables=item.tables,
            confidences=item.confidences)

    def save_error(self, item: CrawlErrorItem):
        store.save_crawl_error(
            self.db, crawl_run_id=self.run_id, url=item.url, kind=item.kind, reason=item.reason,
            status=item.status, site_id=item.site_id, referer=item.referer)
        if item.attachment_of:
            store.mark_attachment_failed(
                self.db, report_id=store.resolve_report_id(self.db, item.attachment_of),
                url=item.attachment_url or item.url,
                status="too_large" if item.kind == "too_large" else "failed", error=item.reason)
        self.counts["errors"] += 1

    def save_capture_record(self, item: CaptureRecordItem):
        store.save_capture_record(self.db, crawl_run_id=self.run_id, **vars(item))

    def finish(self, reason: str, listed: dict[str, set[str]], summary: dict) -> None:
        """The run's end: reports that fully walked sites (``listed``: site -> canonical URLs
        listed) no longer list are marked removed, the run and its health are recorded, and
        the tables derived from the archive are rebuilt. An import (``summary["captured"]``:
        the capture's first and last record times) removes only reports last seen before the
        capture began, as of its end: an older capture says nothing of what came after it."""
        captured = summary.get("captured")
        if reason == "finished" and self.failure is None:
            for site_id, keys in listed.items():
                self.mark_missing_as_removed(site_id, keys, captured)
        summary = {**summary, **self.counts, "finish_reason": reason}
        status = ("failed" if self.failure else
                  "finished" if reason == "finished" else "interrupted")
        store.finish_crawl_run(self.db, self.run_id, stats=summary, status=status)
        health.record_run_health(self.db, self.run_id)
        refresh_derived(self.db)  # agencies and what is built on them, from what was stored

    def mark_missing_as_removed(self, site_id: str, listed: set[str], captured=None):
        """A known report that a fully walked site no longer lists, under its URL or any of its
        aliases (compared in canonical form), is gone from that site."""
        listed = set(listed)
        listed |= {report for alias, report in store.alias_keys(self.db, site_id).items()
                   if alias in listed}
        seen = {}
        if captured:
            seen = dict(self.db.execute("SELECT url, last_seen FROM reports WHERE site_id = ?",
                                        [site_id]).fetchall())
        for url, info in store.known_reports(self.db, site_id).items():
            if url_key(url) in listed or info.get("removed_at"):
                continue
            if not captured:
                store.mark_removed(self.db, url=url, crawl_run_id=self.run_id,
                                   reason="missing from fully walked listing")
            elif captured[0] and (seen.get(url) or "") < _as_stored(captured[0]):
                store.mark_removed(self.db, url=url, crawl_run_id=self.run_id,
                                   at=_as_stored(captured[1]),
                                   reason="missing from fully walked listing")


_SAVERS = {
    ReportItem: ArchiveWriter.save_report,
    NotModifiedItem: ArchiveWriter.save_not_modified,
    RemovedItem: ArchiveWriter.save_removed,
    AttachmentItem: ArchiveWriter.save_attachment,
    CrawlErrorItem: ArchiveWriter.save_error,
    CaptureRecordItem: ArchiveWriter.save_capture_record,
}


def read_stats(item: ReportItem) -> None:
    """Fill in a report item's statistics from the page's bytes (``extract.read_report_stats``).
    Statistics that cannot be read leave ``stats`` None (the report's earlier rows, if any, are
    kept) and the reason in ``stats_error``: the page is archived all the same."""
    record = item.record
    try:
        record.stats = read_report_stats(item.fetch["body_bytes"],
                                         {"Content-Type": item.fetch.get("content_type") or ""},
                                         record)
    except Exception as exc:  # noqa: BLE001 — recorded by the writer, the page is kept
        record.stats = None
        item.stats_error = one_line(exc)
    item.stats_unread = False


def _as_stored(warc_date: str) -> str:
    from xxgk.crawler.replay import iso_date

    return iso_date(warc_date)


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# --- the statistics reader --------------------------------------------------------------------


def _read_ahead(items, forward) -> None:
    """The statistics reader: a process between the crawl and the writer that reads each report
    item's statistics (``read_stats``) and passes every message on, in order. The statistics
    pass is the largest part of a report's extraction the spider does not need; here it runs
    beside both the reactor and the writer, so that neither waits for it. Ends with the
    ``finish`` message or when the crawl's end of the pipe closes (the writer then sees the end
    of the items). (Segmenting the text here too was measured: the CPU of sending it on and a
    second copy of the dictionaries cost what it saved the writer.)"""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    try:
        while True:
            message = items.recv()
            item = message[1] if message[0] == "item" else None
            if isinstance(item, ReportItem) and item.stats_unread:
                read_stats(item)
            forward.send(message)
            if message[0] == "finish":
                break
    except (EOFError, OSError):
        pass  # the crawl is gone, or the writer: the other end says why
    finally:
        forward.close()


# --- the writer process ----------------------------------------------------------------------

def _serve(items, answers, db_path: str, files_dir: str, run_id: int, parent: int) -> None:
    """The writer process: items in batches until the ``finish`` message or the crawl's end."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    try:
        writer = ArchiveWriter(Path(db_path), Path(files_dir), run_id)
    except Exception as exc:  # noqa: BLE001 — the crawl process is told why, in one line
        answers.send(("failed", f"cannot write to the archive {db_path}: {one_line(exc)}"))
        return
    search.segment_for_index("政府信息公开")  # load the dictionaries before the first report
    conn, told = writer.db.conn, False
    try:
        while True:
            if not items.poll(BATCH_SECONDS):
                if os.getppid() != parent:  # the crawl process is gone: keep what arrived
                    break
                continue
            message = items.recv()
            batch_ends, count = time.monotonic() + BATCH_SECONDS, 0
            conn.execute("BEGIN")
            while message[0] == "item":
                writer.save(message[1])
                count += 1
                if (count >= BATCH_ITEMS or time.monotonic() > batch_ends
                        or not items.poll(BATCH_IDLE)):
                    message = None
                    break
                message = items.recv()
            conn.commit()
            if message is not None:  # the spider closed: the walk's results
                writer.finish(*message[1:])
                break
            if writer.failure and not told:
                answers.send(("failed", writer.failure))
                told = True
    except (sqlite3.Error, OSError) as exc:
        writer.failure = writer.failure or f"cannot write to the archive {db_path}: {one_line(exc)}"
    except EOFError:
        pass  # the crawl process closed the pipe without finishing: keep what arrived
    finally:
        if conn.in_transaction:
            try:
                conn.commit()
            except sqlite3.Error as exc:
                writer.failure = writer.failure or f"cannot write to the archive {db_path}: " \
                                                   f"{one_line(exc)}"
        writer.db.close()
    try:
        answers.send(("done", writer.failure))
    except OSError:
        pass


class WriterProcess:
    """The crawl process's handle on the archive writer: ``python -m xxgk.crawler.writer``, a
    child process in a process group of its own (a Ctrl-C at the terminal reaches the crawl,
    which ends the items; the writer then saves what it has), fed through the statistics
    reader (``python -m xxgk.crawler.writer read``, likewise). Items go over pipes as
    ``multiprocessing.connection`` messages: crawl -> reader -> writer, and the writer's answers
    straight back. Plain child processes rather than ``multiprocessing`` ones: those import the
    parent's main module again, which a Scrapyd runner is not written for."""

    def __init__(self, db_path: Path, files_dir: Path, run_id: int):
        items_in, items_out = os.pipe()  # crawl -> reader
        read_in, read_out = os.pipe()  # reader -> writer
        answers_in, answers_out = os.pipe()
        env = {**os.environ,  # the crawl's import path: under Scrapyd, the project's egg
               "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        module = [sys.executable, "-m", "xxgk.crawler.writer"]
        try:
            self.process = subprocess.Popen(
                [*module, str(read_in), str(answers_out), str(db_path), str(files_dir),
                 str(run_id), str(os.getpid())],
                pass_fds=(read_in, answers_out), env=env, process_group=0)
            self.reader = subprocess.Popen([*module, "read", str(items_in), str(read_out)],
                                           pass_fds=(items_in, read_out), env=env, process_group=0)
        finally:
            for fd in (items_in, read_in, read_out, answers_out):
                os.close(fd)
        self._send = Connection(items_out, readable=False)
        self._answers = Connection(answers_in, writable=False)
        self.failure = None
        self._queue = queue.Queue(QUEUE_ITEMS)
        self._sender = threading.Thread(target=self._pump, name="xxgk-writer-feed", daemon=True)
        self._sender.start()

    def _pump(self):
        while True:
            message = self._queue.get()
            try:
                self._send.send(message)
            except (OSError, ValueError):  # the writer is gone; finish() says why
                return
            if message[0] == "finish":
                return

    def put(self, item) -> None:
        self._put(("item", item))

    def _put(self, message) -> None:
        while self._sender.is_alive():  # a writer that died takes nothing more
            try:
                self._queue.put(message, timeout=1)
                return
            except queue.Full:
                continue

    def poll_failure(self) -> str | None:
        """The writer's fatal error, once it has said one."""
        try:
            while self.failure is None and self._answers.poll():
                kind, message = self._answers.recv()
                if message:
                    self.failure = message
                if kind == "done":
                    break
        except (EOFError, OSError):
            pass
        if self.failure is None and self.process.poll():
            self.failure = f"the archive writer died (exit code {self.process.returncode})"
        if self.failure is None and self.reader.poll():
            self.failure = (f"the statistics reader died (exit code {self.reader.returncode}); "
                            "what it had not passed on was not saved")
        return self.failure

    def finish(self, reason: str, listed: dict, summary: dict) -> str | None:
        """Send the run's end, wait until everything is saved; the fatal error, if any."""
        self._put(("finish", reason, listed, summary))
        self._sender.join()
        answer = None
        try:
            while answer is None or answer[0] != "done":
                answer = self._answers.recv()
                if answer[1]:
                    self.failure = answer[1]
        except (EOFError, OSError):
            self.failure = self.failure or (
                f"the archive writer ended before saving the run (exit code "
                f"{self.process.wait()})")
        self.process.wait()
        if self.reader.wait() and self.failure is None:
            self.failure = (f"the statistics reader died (exit code {self.reader.returncode}); "
                            "what it had not passed on was not saved")
        self._send.close()
        self._answers.close()
        return self.failure


if __name__ == "__main__" and sys.argv[1:2] == ["read"]:  # the statistics reader
    _read_ahead(Connection(int(sys.argv[2]), writable=False),
                Connection(int(sys.argv[3]), readable=False))
elif __name__ == "__main__":  # started by WriterProcess
    _items, _answers, _db, _files, _run, _parent = sys.argv[1:7]
    _serve(Connection(int(_items), writable=False), Connection(int(_answers), readable=False),
           _db, _files, int(_run), int(_parent))
