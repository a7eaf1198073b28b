"""What the spider hands to the archive pipeline."""
from dataclasses import dataclass, field


@dataclass
class ReportItem:
    """An extracted article page (a report, or a page judged not to be one) and how it was fetched."""

    record: dict
    fetch: dict = field(default_factory=dict)


@dataclass
class CrawlErrorItem:
    """A URL that could not be fetched or parsed, with the reason: nothing is silently lost."""

    url: str
    kind: str  # http | timeout | dns | connection | robots | too_large | not_html | parse | other
    reason: str
    status: int | None = None
    site_id: str | None = None
    referer: str | None = None
