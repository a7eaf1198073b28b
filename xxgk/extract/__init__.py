"""Pure extraction: page bytes + URL (+ HTTP headers) -> a typed report record or a listing.

No network, no Scrapy. See docs/architecture.md for the contract and
docs/field-rules.md for what each field must contain.
"""
from __future__ import annotations

from .errors import ExtractionError
from .version import EXTRACTOR_VERSION
from .record import extract_report, read_report_stats
from .listing import extract_listing

__all__ = ["extract_report", "read_report_stats", "extract_listing", "ExtractionError", "EXTRACTOR_VERSION"]
