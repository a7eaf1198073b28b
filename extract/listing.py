"""Listing pages -> article links and the next page (placeholder, filled in below)."""
from __future__ import annotations


def extract_listing(body: bytes, url: str, headers=None) -> dict:
    return {"links": [], "next_page": None, "platform": None}
