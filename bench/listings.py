"""Listing benchmark: report links and next pages of the held-out column pages.

The pages are those of ``tests/holdout_listings`` (every platform's listing, written without
sight of the extractor) and the ``listing-*`` pages of the held-out article sets (sibling-host
links, paging styles). A column's links are compared as the tests compare them (canonical URLs);
precision is the share of links found that the expected record lists, recall the share of the
expected links found; a report link is right when its ``is_report`` equals the expected one;
a next page is right when it equals the expected URL (or, for a Hanweb ``next_page_match``,
carries all the parameters of one alternative).
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from xxgk.extract import extract_listing
from xxgk.extract.urls import url_key

TESTS = Path(__file__).resolve().parents[1] / "tests"
SETS = {"holdout_listings": "[0-9][0-9]-*.json", "holdout": "listing-*.json",
        "holdout2": "listing-*.json", "holdout3": "listing-*.json", "holdout4": "listing-*.json"}


def pages(set_name: str) -> list[tuple[Path, dict]]:
    """(page body, expected record) of one set; a body is the file beside the expected one
    (``.html``, ``.xml`` of a Hanweb dataproxy answer, ``.api.json`` of a gkmlpt API page)."""
    folder = TESTS / set_name
    found = []
    for expected_file in sorted(folder.glob(SETS[set_name])):
        if expected_file.name.count(".") != 1:
            continue
        bodies = [p for p in folder.glob(expected_file.stem + ".*") if p != expected_file]
        if len(bodies) == 1:
            found.append((bodies[0], json.loads(expected_file.read_text(encoding="utf-8"))))
    return found


def next_page_right(got: str | None, expected: dict) -> bool:
    want = expected["next_page"]
    if want is None or got is None:
        return want is None and got is None
    match = expected.get("next_page_match")
    if not match:
        return url_key(got) == url_key(want)
    g = urlsplit(got)
    params = dict(parse_qsl(g.query, keep_blank_values=True))
    for alt in match["alternatives"]:
        a = urlsplit(alt["url"])
        if (g.scheme, g.netloc, g.path) == (a.scheme, a.netloc, a.path) and all(
                params.get(k) == v for k, v in alt["params"].items()):
            return True
    return False


def score(set_pages: list[tuple[Path, dict]]) -> dict:
    got_n = want_n = right = flags = flags_right = next_right = 0
    seconds = 0.0
    for body, expected in set_pages:
        data = body.read_bytes()
        start = time.perf_counter()
        listing = extract_listing(data, expected["url"])
        seconds += time.perf_counter() - start
        got = {url_key(link["url"]): link for link in listing["links"]}
        want = {url_key(link["url"]): link for link in expected["links"]}
        got_n += len(listing["links"])  # a link listed twice counts as one wrong
        want_n += len(want)
        right += len(set(got) & set(want))
        for key, link in want.items():
            if key in got:
                flags += 1
                flags_right += got[key].get("is_report") is link["is_report"]
        next_right += next_page_right(listing.get("next_page"), expected)
    return {"pages": len(set_pages), "got": got_n, "want": want_n, "right": right,
            "flags": flags, "flags_right": flags_right, "next_right": next_right,
            "ms": 1000 * seconds / max(len(set_pages), 1)}


def listings_table() -> list[str]:
    lines = ["Column (listing) pages written by engineers who never saw the extractor: every "
             "platform's listing (`tests/holdout_listings`) and the listing pages of the held-out "
             "article sets. Precision = links found that are the column's; recall = the column's "
             "links found; reports = `is_report` right among the links found; one core.", "",
             "| set | pages | links expected | precision | recall | reports flagged right "
             "| next page right | ms per page |", "|---|---|---|---|---|---|---|---|"]
    total = {"pages": 0, "got": 0, "want": 0, "right": 0, "flags": 0, "flags_right": 0,
             "next_right": 0, "ms": 0.0}
    for name in SETS:
        set_pages = pages(name)
        if not set_pages:
            continue
        m = score(set_pages)
        lines.append(_row(f"`{name}`", m))
        for key in total:
            total[key] += m[key] * (m["pages"] if key == "ms" else 1)
    total["ms"] /= max(total["pages"], 1)
    lines.append(_row("all", total))
    return lines


def _row(label: str, m: dict) -> str:
    precision = m["right"] / m["got"] if m["got"] else 1.0
    recall = m["right"] / m["want"] if m["want"] else 1.0
    flagged = m["flags_right"] / m["flags"] if m["flags"] else 1.0
    return (f"| {label} | {m['pages']} | {m['want']} | {precision:.1%} | {recall:.1%} | "
            f"{flagged:.1%} | {m['next_right']} / {m['pages']} | {m['ms']:.1f} |")


if __name__ == "__main__":
    print("\n".join(listings_table()))
