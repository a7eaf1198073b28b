"""What the spider and the archive pipeline hand each other: items one way, and one
:class:`ArchiveState` the other way when the archive opens."""
from dataclasses import dataclass, field
from typing import Callable

from xxgk.extract.model import Report


@dataclass
class ArchiveState:
    """What the archive already holds, handed to the spider once, when the pipeline opens: two
    lookups, asked per URL (the archive is not loaded into memory), and two facts."""

    known_report: Callable  # canonical report URL (aliases too) -> validators, removed_at, sha256, or None
    known_attachment: Callable  # attachment URL -> True when already downloaded
    pending_attachments: list  # attachments a cut-short crawl listed but never fetched
    walk_everything: bool  # the previous run was cut short: walk every listing page
    known_record: Callable = lambda record_id: False  # an import: WARC record already imported


@dataclass
class ReportItem:
    """An extracted article page (a report, or a page judged not to be one) and how it was fetched."""

    record: Report
    fetch: dict = field(default_factory=dict)
    # the record's statistics are still to be read, from ``fetch["body_bytes"]``: the
    # statistics reader reads them (crawler/writer.py ``read_stats``), in a process of its own
    stats_unread: bool = False
    stats_error: str | None = None  # why they could not be read: recorded as a parse error


@dataclass
class NotModifiedItem:
    """A known report answered 304 Not Modified to a conditional request."""

    url: str
    site_id: str
    fetched_at: str


@dataclass
class RemovedItem:
    """A known report is gone (404/410); the archive keeps it and records the removal."""

    url: str
    reason: str
    at: str | None = None  # an imported capture's time (None: now)


@dataclass
class AttachmentItem:
    """A downloaded attachment of a report, with the text read from it."""

    report_url: str
    url: str
    data: bytes
    mime: str
    text: str
    text_status: str  # ok | empty | unsupported | error | too_large
    text_reason: str | None = None
    pages: int | None = None
    stats: list | None = None  # statistics cells parsed from the text (extract.stats)
    method: str | None = None  # how it was read (DocumentText.method)
    tables: list | None = None  # its tables read as tables (DocumentText.tables)
    confidences: list | None = None  # OCR: each table cell's confidence


@dataclass
class CaptureRecordItem:
    """One record of an imported capture and what became of it (archive ``capture_records``)."""

    record_id: str
    file: str
    uri: str
    record_type: str
    http_status: int | None
    content_type: str | None
    captured_at: str
    software: str | None
    outcome: str  # listing | report | page | attachment | redirect | robots | already imported | skipped
    reason: str | None = None
    report_id: str | None = None


@dataclass
class CrawlErrorItem:
    """A URL that could not be fetched or parsed, with the reason: nothing is silently lost."""

    url: str
    # http | timeout | dns | connection | robots | too_large | not_html | parse | offsite |
    # redirect | bad_link | limit | callback | other
    kind: str
    reason: str
    status: int | None = None
    site_id: str | None = None
    referer: str | None = None
    attachment_of: str | None = None  # the report URL, when the failed URL is its attachment
    attachment_url: str | None = None  # that attachment's link as the report lists it
