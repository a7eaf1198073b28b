"""Validators and conditional requests for the fixture web (pure: no sockets).

* ``etag(body)`` – a strong validator: ``"<first 32 hex digits of SHA-256 of the bytes>"``.
* Last-Modified is deterministic (file mtimes are not stable across git clones):
  an article page's is its expected ``published`` date at 01:00 GMT (09:00 Beijing time), a
  listing page's is its newest link date, every other file's is ``FIXED_EPOCH``. A response
  changed by a mutation gets ``MUTATION_EPOCH`` plus one hour per mutation generation (see
  ``fixtureweb.mutations``), so it is always later than every pristine date.
* ``not_modified(headers, etag, last_modified)`` – RFC 9110 evaluation for GET/HEAD:
  ``If-None-Match`` wins when present (weak comparison, ``*`` matches); otherwise
  ``If-Modified-Since`` is compared with Last-Modified at one-second resolution.
"""
from __future__ import annotations

import email.utils
import functools
import hashlib
from datetime import date, datetime, timedelta, timezone
from typing import Mapping

FIXED_EPOCH = datetime(2023, 12, 29, 1, 0, 0, tzinfo=timezone.utc)
MUTATION_EPOCH = datetime(2024, 6, 1, 1, 0, 0, tzinfo=timezone.utc)


def etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def day_time(iso_date: str | None) -> datetime:
    """``YYYY-MM-DD`` -> that day 01:00 GMT; ``FIXED_EPOCH`` when there is no date."""
    if not iso_date:
        return FIXED_EPOCH
    d = date.fromisoformat(iso_date[:10])
    return datetime(d.year, d.month, d.day, 1, 0, 0, tzinfo=timezone.utc)


def mutation_time(generation: int) -> datetime:
    """Last-Modified of a response last changed by mutation number ``generation`` (1-based)."""
    return MUTATION_EPOCH + timedelta(hours=generation)


def http_date(when: datetime) -> str:
    return email.utils.format_datetime(when.astimezone(timezone.utc), usegmt=True)


@functools.lru_cache(maxsize=1)
def pristine_dates() -> dict[str, datetime]:
    """``{url path (with ?query): Last-Modified}`` for every page that has an expected file."""
    from xxgk.fixtureweb import catalog  # late: catalog imports dynamic only, but keep start-up lazy

    out: dict[str, datetime] = {}
    for fx in catalog.article_fixtures():
        out[fx.url_path] = day_time(fx.expected.get("published"))
    for fx in catalog.listing_fixtures():
        if fx.path is None:  # dynamic listings send an ETag only
            continue
        dates = [link["date"] for link in fx.expected["links"] if link.get("date")]
        out[fx.url_path] = day_time(max(dates)) if dates else FIXED_EPOCH
    return out


def pristine_last_modified(url_path: str) -> datetime:
    return pristine_dates().get(url_path, FIXED_EPOCH)


def _etag_matches(header: str, tag: str) -> bool:
    def opaque(t: str) -> str:
        t = t.strip()
        return t[2:] if t.startswith("W/") else t
    wanted = [opaque(t) for t in header.split(",") if t.strip()]
    return "*" in wanted or opaque(tag) in wanted


def not_modified(headers: Mapping[str, str], tag: str | None,
                 last_modified: datetime | None) -> bool:
    """True if a GET/HEAD with ``headers`` should be answered ``304 Not Modified``."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        return tag is not None and _etag_matches(inm, tag)
    ims = headers.get("If-Modified-Since")
    if ims is None or last_modified is None:
        return False
    try:
        since = email.utils.parsedate_to_datetime(ims)
    except (TypeError, ValueError, IndexError):
        return False
    if since is None:
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return last_modified.replace(microsecond=0) <= since
