"""A crawl whose web is a capture: WARC (``.warc``, ``.warc.gz``) and WACZ files made elsewhere
(Browsertrix, ArchiveBox, ``wget --warc-file``, Webrecorder) or by an earlier crawl of ours.

``xxgk import-warc`` runs the one spider with :class:`ReplayDownloadHandler` in place of the
network: every request is answered from the capture's records, so the walk of the report
columns, the extraction, the attachments, the versions and the search index are the crawl's
own, with no second code path. What the capture does not hold is a crawl error of kind
``not_captured``; a record the walk never reached is offered as a report page when the spider
is otherwise done (``Capture.leftovers``), and every record ends in ``capture_records`` with
what became of it (archive/captures.py).

:class:`Capture` is the index: for each URL, the latest response of the capture (a ``revisit``
resolves to the record it refers to), each record's place in its file, and what the
``warcinfo`` records say (the capturing software; the site profiles of a crawl of ours,
crawler/warc.py). Files are read with warcio, a WACZ as the zip it is.
"""
from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from xxgk.crawler.warc import PROXY_FIELD, SITE_FIELD
from xxgk.extract.urls import url_key

# the outcomes that stored something: a record with one of them is never imported again
STORED = ("report", "page", "attachment")
_DROP = {"content-encoding", "transfer-encoding", "content-length"}
_HTML = ("text/html", "application/xhtml", "text/plain", "application/xml", "text/xml")


class NotCaptured(IgnoreRequest):
    """The capture holds no response for the URL asked (crawl error kind ``not_captured``)."""


class CaptureError(ValueError):
    """A file that cannot be read as a capture; the message names it."""


CAPTURE_SUFFIXES = (".warc", ".warc.gz", ".wacz")


def capture_files(paths) -> list[Path]:
    """The files named, a folder standing for the captures in it (sorted by name)."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file()
                            and p.name.lower().endswith(CAPTURE_SUFFIXES))
            if not inside:
                raise CaptureError(f"{path}: a folder with no .warc, .warc.gz or .wacz file in it")
            found += inside
        else:
            found.append(path)
    return found


def check_capture_file(path: Path) -> None:
    """Raise CaptureError unless ``path`` looks like a WARC (plain or gzipped) or a WACZ."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as wacz:
            if not any(n.startswith("archive/") and n.endswith((".warc", ".warc.gz"))
                       for n in wacz.namelist()):
                raise CaptureError(f"{path}: a zip without archive/*.warc(.gz): not a WACZ")
        return
    with open(path, "rb") as stream:
        head = stream.read(8)
    if not (head.startswith(b"\x1f\x8b") or head.startswith(b"WARC/")):
        raise CaptureError(f"{path}: not a WARC or WACZ file (it starts {head[:8]!r})")


@dataclass(slots=True)
class Record:
    """One record of the capture, where it is, and what it says about its response."""

    record_id: str
    file: str  # as provenance names it: ``a.warc.gz``, or ``b.wacz#archive/data.warc.gz``
    path: str  # the file on disk
    member: str | None  # the WARC inside a WACZ
    offset: int
    rec_type: str
    uri: str
    date: str  # WARC-Date, ISO 8601
    status: int | None = None
    content_type: str | None = None
    software: str | None = None
    digest: str | None = None  # WARC-Payload-Digest
    proxy: str | None = None  # a crawl of ours through a proxy: which (crawler/warc.py)
    refers_to: str | None = None  # a revisit: the record id it resolves to (once resolved)
    reason: str | None = None  # why it cannot be used, when that is known from the index


@dataclass
class Capture:
    """The index of one capture (one or more files imported as one run)."""

    records: dict[str, Record] = field(default_factory=dict)  # id -> record, in file order
    by_url: dict[str, str] = field(default_factory=dict)  # exact URI -> record id served
    by_key: dict[str, str] = field(default_factory=dict)  # canonical URL -> record id served
    sites: list[dict] = field(default_factory=list)  # profiles from an xxgk warcinfo
    software: dict[str, str] = field(default_factory=dict)  # file -> capturing software
    problems: list[str] = field(default_factory=list)  # files or parts that could not be read
    served: set[str] = field(default_factory=set)  # record ids handed to the crawl
    asked: set[str] = field(default_factory=set)  # canonical URLs the crawl asked for
    outcomes: dict[str, tuple[str, str | None, str | None]] = field(default_factory=dict)

    @classmethod
    def of_files(cls, paths) -> "Capture":
        capture = cls()
        for path in paths:
            capture._read_file(Path(path))
        capture._resolve()
        return capture

    # reading --------------------------------------------------------------------------------

    def _read_file(self, path: Path) -> None:
        if not path.is_file():
            raise CaptureError(f"{path}: no such file")
        for name, stream, member in warc_streams(path):
            self._read_stream(stream, name, str(path), member)

    def _read_stream(self, stream, name: str, path: str, member: str | None) -> None:
        software = None
        records = ArchiveIterator(stream, no_record_parse=False, arc2warc=True)
        try:
            for record in records:
                headers = record.rec_headers
                kind = record.rec_type
                if kind == "warcinfo":
                    fields = _warc_fields(record.content_stream().read())
                    software = software or _first(fields, "software") or _first(fields, "Software")
                    self.sites += [json.loads(v) for k, v in fields if k == SITE_FIELD]
                    continue
                rid = headers.get_header("WARC-Record-ID") or f"<{name}@{records.get_record_offset()}>"
                uri = (headers.get_header("WARC-Target-URI") or "").strip("<> ")  # WARC 1.0: <uri>
                rec = Record(record_id=rid, file=name, path=path, member=member,
                             offset=records.get_record_offset(), rec_type=kind, uri=uri,
                             date=headers.get_header("WARC-Date") or "", software=software,
                             digest=headers.get_header("WARC-Payload-Digest"),
                             proxy=headers.get_header(PROXY_FIELD))
                if record.http_headers is not None and kind in ("response", "revisit"):
                    rec.status = int(record.http_headers.get_statuscode() or 0) or None
                    rec.content_type = record.http_headers.get_header("Content-Type")
                elif kind == "resource":
                    rec.status = 200
                    rec.content_type = headers.get_header("Content-Type")
                if kind == "revisit":
                    rec.refers_to = "|".join((
                        headers.get_header("WARC-Refers-To") or "",
                        headers.get_header("WARC-Refers-To-Target-URI") or uri,
                        headers.get_header("WARC-Refers-To-Date") or "",
                        headers.get_header("WARC-Payload-Digest") or ""))
                self.records[rid] = rec
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, TypeError) as exc:
            # warcio on a damaged or cut-off record: what came before it is kept
            self.problems.append(f"{name}: unreadable after {len(self.records)} records:"
                                 f" {type(exc).__name__}: {exc}")
        self.software[name] = software or "unknown (no warcinfo record)"

    def _resolve(self) -> None:
        """Revisits to their originals; then, per URL, the latest usable record is served."""
        digests, by_uri_date = {}, {}
        for rec in self.records.values():
            if rec.rec_type == "response":
                by_uri_date[(rec.uri, rec.date)] = rec.record_id
                if rec.digest:
                    digests.setdefault(rec.digest, rec.record_id)
        for rec in self.records.values():
            if rec.rec_type != "revisit":
                continue
            refers, uri, date, digest = rec.refers_to.split("|")
            original = (refers if refers in self.records else None) or by_uri_date.get(
                (uri, date)) or digests.get(digest)
            rec.refers_to = original
            if original is None:
                rec.reason = (f"revisit of {uri} ({date or 'no date'}): its original record is"
                              " not in the files given")
        latest: dict[str, Record] = {}
        for rec in self.records.values():
            if rec.rec_type not in ("response", "revisit", "resource") or rec.reason:
                continue
            if not rec.uri.startswith(("http://", "https://")):
                rec.reason = f"not an http(s) capture: {rec.uri[:80] or 'no target URI'}"
                continue
            old = latest.get(rec.uri)
            # a server error captured (a retry's first try) never hides an answer, whatever
            # their order; among answers, or among errors, the latest capture counts
            if old is not None and (_transient(rec), old.date) > (_transient(old), rec.date):
                rec.reason = f"superseded by the capture of {old.date} in {old.file}"
                continue
            if old is not None:
                old.reason = f"superseded by the capture of {rec.date} in {rec.file}"
            latest[rec.uri] = rec
        for uri, rec in latest.items():
            self.by_url[uri] = rec.record_id
            self.by_url.setdefault(uri.partition("#")[0], rec.record_id)
            self.by_key.setdefault(url_key(uri), rec.record_id)

    # serving --------------------------------------------------------------------------------

    def find(self, url: str) -> Record | None:
        rid = self.by_url.get(url) or self.by_url.get(url.partition("#")[0]) or self.by_key.get(
            url_key(url))
        return self.records.get(rid) if rid else None

    def read(self, rec: Record) -> tuple[int, list[tuple[str, str]], bytes]:
        """(status, headers, body) of a response record, the body decoded as a client would
        (chunking and Content-Encoding undone by warcio); a revisit gives its original's."""
        source = self.records[rec.refers_to] if rec.rec_type == "revisit" else rec
        stream, close = _open_at(source)
        try:
            record = next(iter(ArchiveIterator(stream, arc2warc=True)))
            body = record.content_stream().read()
            http = record.http_headers
        finally:
            close()
        if source.rec_type == "resource" or http is None:
            ctype = source.content_type or "application/octet-stream"
            return 200, [("Content-Type", ctype)], body
        status = int(http.get_statuscode() or 200)
        headers = [(k, v) for k, v in http.headers if k.lower() not in _DROP]
        headers.append(("Content-Length", str(len(body))))
        return status, headers, body

    def leftovers(self) -> list[Record]:
        """Pages of the capture the walk never asked for: 200 responses that can be pages."""
        found = []
        for rid in dict.fromkeys(self.by_key.values()):
            rec = self.records[rid]
            if rid in self.served or url_key(rec.uri) in self.asked or rec.status != 200:
                continue
            ctype = (rec.content_type or "").lower()
            if not ctype or ctype.startswith(_HTML):
                found.append(rec)
        return found

    def note(self, rec_id: str | None, outcome: str, reason: str | None = None,
             report_id: str | None = None) -> None:
        if rec_id and rec_id not in self.outcomes:
            self.outcomes[rec_id] = (outcome, reason, report_id)

    def ledger(self, complete: bool = True) -> list[dict]:
        """Every response, revisit and resource record, with what became of it (``complete``
        False: only the records something became of, for an import that was stopped)."""
        rows = []
        for rec in self.records.values():
            if rec.rec_type not in ("response", "revisit", "resource"):
                continue
            outcome, reason, report_id = self.outcomes.get(rec.record_id, (None, None, None))
            if outcome is None and not complete:
                continue
            if outcome is None:
                outcome, reason = "skipped", rec.reason or self._why_unused(rec)
            rows.append({"record_id": rec.record_id, "file": rec.file, "uri": rec.uri,
                         "record_type": rec.rec_type, "http_status": rec.status,
                         "content_type": rec.content_type, "captured_at": rec.date,
                         "software": rec.software, "outcome": outcome, "reason": reason,
                         "report_id": report_id})
        return rows

    def _why_unused(self, rec: Record) -> str:
        ctype = (rec.content_type or "").split(";")[0].strip() or "no content type"
        if urlsplit(rec.uri).path == "/robots.txt":
            return "robots.txt: the capturer's to obey; an import fetches nothing"
        if rec.record_id in self.served:
            why = f"HTTP {rec.status}" if rec.status != 200 else "nothing could be stored from it"
            return f"reached by the walk: {why} (see crawl_errors)"
        if rec.status != 200:
            return f"HTTP {rec.status} for a URL no imported page led to"
        if ctype.startswith(_HTML) or ctype == "no content type":
            return "not on any site of this import (name one with --site)"
        return f"{ctype}: not linked from any imported report page"

    def span(self) -> tuple[str | None, str | None]:
        dates = sorted(r.date for r in self.records.values() if r.date)
        return (dates[0], dates[-1]) if dates else (None, None)


def _transient(rec: Record) -> bool:
    """A capture of a passing failure (5xx, 429, 408): any real answer of the URL wins."""
    return rec.status is not None and (rec.status >= 500 or rec.status in (408, 429))


def warc_streams(path: Path):
    """(name as provenance gives it, open stream, WACZ member or None) for each WARC in the
    file: the file itself, or each ``archive/*.warc(.gz)`` of a WACZ, in name order."""
    path = Path(path)
    check_capture_file(path)
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as stream:
            yield path.name, stream, None
        return
    with zipfile.ZipFile(path) as wacz:
        members = sorted(n for n in wacz.namelist() if n.startswith("archive/")
                         and n.endswith((".warc", ".warc.gz")))
        for member in members:
            with wacz.open(member) as stream:
                yield f"{path.name}#{member}", stream, member


def first_capture_time(path: Path) -> str:
    """The first WARC-Date of a file (its first WARC's, for a WACZ), read without indexing the
    rest; '' when it has none or cannot be read (its import then names the problem)."""
    try:
        for _name, stream, _member in warc_streams(path):
            for record in ArchiveIterator(stream, arc2warc=True):
                date = record.rec_headers.get_header("WARC-Date")
                if date:
                    return date
    except Exception:  # noqa: BLE001 - CaptureError, OSError or warcio's own load errors
        pass
    return ""


def _open_at(rec: Record):
    if rec.member is None:
        stream = open(rec.path, "rb")
        stream.seek(rec.offset)
        return stream, stream.close
    wacz = zipfile.ZipFile(rec.path)
    stream = wacz.open(rec.member)
    stream.seek(rec.offset)

    def close():
        stream.close()
        wacz.close()
    return stream, close


def _warc_fields(data: bytes) -> list[tuple[str, str]]:
    fields = []
    for line in data.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields.append((name.strip(), value.strip()))
    return fields


def _first(fields, name):
    return next((v for k, v in fields if k == name), None)


def iso_date(warc_date: str) -> str:
    """A WARC-Date as the archive writes times (seconds, +00:00)."""
    text = warc_date.strip().replace("Z", "+00:00")
    head, _, tail = text.partition("+")
    return head.split(".")[0] + "+" + (tail or "00:00")


class ReplayDownloadHandler(BaseDownloadHandler):
    """Download handler for http and https during an import: the answer is the capture's
    record for the URL (the spider's ``capture``), never the network."""

    async def download_request(self, request):
        capture: Capture = self.crawler.spider.capture
        capture.asked.add(url_key(request.url))
        rec = capture.find(request.url)
        if rec is None or rec.reason:
            raise NotCaptured(f"not in the capture: {request.url}"
                              + (f" ({rec.reason})" if rec is not None else ""))
        status, headers, body = capture.read(rec)
        capture.served.add(rec.record_id)
        if 300 <= status < 400:
            capture.note(rec.record_id, "redirect")
        elif urlsplit(request.url).path == "/robots.txt":
            capture.note(rec.record_id, "robots")
        if rec.proxy:
            request.meta["xxgk_proxy"] = rec.proxy  # the capture's proxy, as it recorded it
        request.meta["warc"] = {"file": rec.file, "offset": rec.offset, "record_id": rec.record_id,
                                "captured_at": iso_date(rec.date) if rec.date else None,
                                "software": rec.software}
        scrapy_headers = Headers()
        for name, value in headers:
            scrapy_headers.appendlist(name, value)
        cls = responsetypes.from_args(headers=scrapy_headers, url=request.url, body=body)
        return cls(url=request.url, status=status, headers=scrapy_headers, body=body,
                   request=request, protocol="HTTP/1.1")
