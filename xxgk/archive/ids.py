"""Deterministic ids: a re-crawl of the same URL gives the same key."""
from __future__ import annotations

import hashlib
import posixpath
from urllib.parse import parse_qsl, unquote, urlsplit

from xxgk.extract.urls import canonical_url, url_key  # noqa: F401  (one URL identity, everywhere)


def report_id(url: str) -> str:
    """Deterministic report id: first 16 hex digits of sha1(canonical URL)."""
    return hashlib.sha1(url_key(url).encode("utf-8")).hexdigest()[:16]


def attachment_id(report_id_: str, url: str) -> str:
    return hashlib.sha1((report_id_ + url).encode("utf-8")).hexdigest()[:16]


def attachment_ext(url: str) -> str | None:
    """File type of an attachment link: from ``filename=``-style query values, else the path."""
    parts = urlsplit(url)
    candidates = [v for k, v in parse_qsl(parts.query) if k.lower() in {"filename", "file", "name", "fn"}]
    candidates.append(unquote(parts.path))
    for candidate in candidates:
        ext = posixpath.splitext(candidate.rstrip("/"))[1].lstrip(".").lower()
        if ext and ext.isalnum() and len(ext) <= 5:
            return ext
    return None
