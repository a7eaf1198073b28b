"""Pure helpers behind the stories (canned queries in ``metadata.yml``): legal deadlines,
days late, a short "what changed" diff, Atom timestamps and safe feed HTML.

Every function takes what SQLite hands it (str, int, float, bytes or None) and never raises:
input it cannot read gives None (or "" for the diff), so one odd row never breaks a query.

The legal deadlines themselves are ``xxgk.archive.deadlines`` (the archive's ``xxgk status``
uses them too); their names are re-exported here for the SQL functions.
"""
from __future__ import annotations

import difflib
import html
import json
import math
import re
from datetime import datetime

from xxgk.archive.agencies import canonical_name, name_key
from xxgk.archive.deadlines import (  # noqa: F401  (re-exported: functions.py, tests)
    FIRST_REPORT_YEAR, LOCAL_GOVERNMENT_SUFFIXES, MAX_NAME, NEW_REGULATION_FIRST_YEAR, RULES,
    SHANGHAI, days_late, deadline_rule, is_local_government, parse_date, parse_year,
    report_deadline, today)

MAX_INPUT = 200_000  # characters of one argument a story function reads; the rest is ignored
MAX_RECORD = 2_000_000  # a version record (JSON, body included) larger than this is not read


def atom_time(value) -> str:
    """An RFC 3339 timestamp for an Atom ``updated`` element: a date is midnight in China, a
    datetime without offset is taken as China time; anything unreadable is the Unix epoch (feeds
    must never fail on one row)."""
    if isinstance(value, str) and value.strip():
        text = value[:MAX_NAME].strip().replace(" ", "T", 1)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            day = parse_date(text)
            moment = datetime(day.year, day.month, day.day) if day else None
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=SHANGHAI)
            return moment.isoformat(timespec="seconds")
    return "1970-01-01T00:00:00+00:00"


def marks_to_html(text) -> str:
    """Search-snippet text with ⟦…⟧ around the matches -> escaped HTML with <b>…</b> (a tag
    datasette-atom's sanitiser keeps, unlike <mark>)."""
    if not isinstance(text, str):
        return ""
    text = bounded(text)
    if text.rfind("⟦") > text.rfind("⟧"):  # cut inside a match: close it
        text += "⟧"
    escaped = html.escape(text, quote=False)
    return escaped.replace("⟦", "<b>").replace("⟧", "</b>")


# --- agencies and spans -------------------------------------------------------------------------

def agency_key(name, *region) -> str | None:
    """A name as compared: full-width forms folded to half-width (NFKC: （ → (, Ａ → A), spaces of
    any width removed, Latin letters in one case; None for no name. With the report's region,
    the agency it stands for (archive/agencies.py): 市商务局 in 阜新市 is 阜新市商务局, and a
    government's 办公室 publishing its report is the government."""
    if region:
        return canonical_name(name, region[0] if isinstance(region[0], str) else None)
    return name_key(name)


def agency_match(agency, query) -> int:
    """1 when ``query`` is empty (any agency) or a part of ``agency``'s name, compared as
    :func:`agency_key` does (the ``xxgk_agency_match(agency, query)`` SQL function); else 0."""
    wanted = agency_key(query)
    if wanted is None:
        return 1
    have = agency_key(agency)
    return int(have is not None and wanted in have)


def span_text(days) -> str | None:
    """A span of fractional days in words: "<1 min", "15 min", "3.5 h", "2.3 days"; None when unreadable
    or negative."""
    if isinstance(days, bool) or not isinstance(days, (int, float)) or not days >= 0:
        return None
    if days * 24 * 60 < 1:
        return "<1 min"
    if days < 1 / 24:
        return f"{round(days * 24 * 60)} min"
    if days < 1:
        return f"{days * 24:.1f} h"
    return f"{days:.1f} days" if days < 1e6 else None


# --- what changed ------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+|\s+|.", re.S)
_WORD_CHAR = re.compile(r"[0-9A-Za-z.,]")  # the characters of the tokens longer than one
_SENTENCE_RE = re.compile(r"[^。；;！!？?]+[。；;！!？?]*|[。；;！!？?]+")
_MAX_WORK = 250_000  # chars(old) x chars(new) of the changed middle diffed word by word
_MAX_UNIT_PAIRS = 500_000  # units(old) x units(new) given to difflib (quadratic at worst)
_MERGE_GAP = 2  # changes separated by at most this many unchanged tokens are shown as one
CHANGED_FIELDS = ("title", "published", "agency", "source", "editor", "report_year")


def bounded(value, limit: int = MAX_INPUT):
    """``value`` cut to ``limit`` characters (or bytes) when it is text: every SQL function of
    the stories reads at most this much of an argument, so one call stays quick."""
    return value[:limit] if isinstance(value, (str, bytes)) else value


def tokens(text: str) -> list[str]:
    """Numbers (1,024 and 3.5 whole), Latin words, whitespace runs, then single characters: a
    Chinese text has no spaces, so its characters are its words for the diff."""
    return _TOKEN_RE.findall(text)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _is_unit(char: str) -> bool:
    """A measure word or sign after a number (条, 件, %, …): kept with the number."""
    return char in "%％‰" or char.isalpha() and not char.isascii()


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # binary search: each comparison of slices runs in C
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _trim(a: str, b: str) -> tuple[int, int]:
    """Lengths of the common start and end of ``a`` and ``b`` that end on token boundaries
    (never inside a number or a Latin word), so only the changed middle is tokenised."""
    start = _common_prefix(a, b)
    while start > 0 and _WORD_CHAR.match(a[start - 1]):
        start -= 1
    end = _common_prefix(a[start:][::-1], b[start:][::-1])
    while end > 0 and _WORD_CHAR.match(a[len(a) - end]):
        end -= 1
    return start, end


def _grouped(units: list[str], size: int) -> list[str]:
    """Units taken ``size`` at a time."""
    return ["".join(units[i: i + size]) for i in range(0, len(units), size)]


def _hunks(a: str, b: str) -> list[list[int]]:
    """Changed spans ``[a_start, a_end, b_start, b_end]`` (character offsets), word by word, or
    sentence by sentence when the changed middle is a rewrite more than an edit."""
    start, end = _trim(a, b)
    mid_a, mid_b = a[start: len(a) - end], b[start: len(b) - end]
    by_sentence = len(mid_a) * len(mid_b) > _MAX_WORK
    split = _SENTENCE_RE.findall if by_sentence else tokens
    units_a, units_b = split(mid_a), split(mid_b)
    pairs = len(units_a) * len(units_b)
    if pairs > _MAX_UNIT_PAIRS:  # thousands of sentences: compare runs of them, or it takes seconds
        size = math.isqrt(pairs // _MAX_UNIT_PAIRS) + 1
        units_a, units_b = _grouped(units_a, size), _grouped(units_b, size)
    starts_a, starts_b = _starts(units_a, start), _starts(units_b, start)
    matcher = difflib.SequenceMatcher(None, units_a, units_b, autojunk=False)
    hunks: list[list[int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if by_sentence:  # the gap between two changed sentences is measured in characters
            i1, i2, j1, j2 = starts_a[i1], starts_a[i2], starts_b[j1], starts_b[j2]
        if hunks and i1 - hunks[-1][1] <= _MERGE_GAP and j1 - hunks[-1][3] <= _MERGE_GAP:
            hunks[-1][1], hunks[-1][3] = i2, j2
        else:
            hunks.append([i1, i2, j1, j2])
    if by_sentence:
        return hunks
    return [[starts_a[i1], starts_a[i2], starts_b[j1], starts_b[j2]] for i1, i2, j1, j2 in hunks]


def _starts(units: list[str], offset: int) -> list[int]:
    """Character offset where each unit starts, plus the end."""
    starts = [offset]
    for unit in units:
        starts.append(starts[-1] + len(unit))
    return starts


def text_diff(old, new, *, max_hunks: int = 3, width: int = 30) -> str:
    """A short word-level summary of how ``old`` became ``new``, e.g.
    ``"…759条 → 768条…"``; several changes are joined with "; ", insertions read ``[+…]`` and
    deletions ``[-…]``. Whitespace-only differences are no change: "" is returned. Each text is
    read up to ``MAX_INPUT`` characters."""
    a = " ".join(bounded(old).split()) if isinstance(old, str) else ""
    b = " ".join(bounded(new).split()) if isinstance(new, str) else ""
    if a == b:
        return ""
    parts = []
    hunks = _hunks(a, b)
    for i1, i2, j1, j2 in hunks[:max_hunks]:
        last = a[i2 - 1] if i2 > i1 else b[j2 - 1] if j2 > j1 else ""
        if last.isdigit() and i2 < len(a) and _is_unit(a[i2]):
            i2, j2 = i2 + 1, j2 + 1  # 759 -> 768 reads better as 759条 -> 768条
        before = a[i1:i2].strip() or ("␣" if i2 > i1 else "")  # ␣: a space alone
        after = b[j1:j2].strip() or ("␣" if j2 > j1 else "")
        if before and after:
            core = f"{_clip(before, width)} → {_clip(after, width)}"
        elif after:
            core = f"[+{_clip(after, width)}]"
        else:
            core = f"[-{_clip(before, width)}]"
        parts.append(("…" if i1 > 0 else "") + core + ("…" if i2 < len(a) else ""))
    more = len(hunks) - max_hunks
    return "; ".join(parts) + (f" (+{more} more)" if more > 0 else "")


def _record(value) -> dict:
    if isinstance(value, (bytes, str)) and len(value) <= MAX_RECORD:  # a larger one is unread
        try:
            data = json.loads(value)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return {}


def record_changes(old_record, new_record) -> str:
    """The fields other than the body that differ between two versions' records (JSON), e.g.
    ``"published: 2018-03-28 → 2018-03-29; attachments: +1 -0"``; "" when none differ."""
    old, new = _record(old_record), _record(new_record)
    parts = []
    for field in CHANGED_FIELDS:
        before, after = old.get(field), new.get(field)
        before = None if before is None else " ".join(str(before).split())
        after = None if after is None else " ".join(str(after).split())
        if before != after:
            parts.append(f"{field}: {_clip(before or '∅', 40)} → {_clip(after or '∅', 40)}")

    def links(record):
        items = record.get("attachments")
        return {a.get("url") for a in items if isinstance(a, dict)} if isinstance(items, list) \
            else set()

    added, dropped = links(new) - links(old), links(old) - links(new)
    if added or dropped:
        parts.append(f"attachments: +{len(added)} -{len(dropped)}")
    return "; ".join(parts)
