"""Dates as pages print them -> ISO ``YYYY-MM-DD``.

Accepted: 2018-03-28, 2018-03-28 08:00, 2019年03月04日, 2013-3-26, 2018/3/28, 2018.03.28,
二〇一八年三月二十八日. Rejected: index numbers such as 014416330/2018-04736 (a 4+-digit
"day"), impossible calendar dates, years outside 1990..2100.
"""
from __future__ import annotations

import datetime as _dt
import re

_SEP = r"\s*[-/.年]\s*"
DATE_RE = re.compile(
    r"(?<![\d/])((?:19|20)\d\d)" + _SEP + r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?![\d/])\s*日?")
_COMPACT_RE = re.compile(r"\s*((?:19|20)\d\d)(\d\d)(\d\d)(?:\s|$)")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE_RE = re.compile(r"([〇○零Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
                         r"([一二三四五六七八九十]{1,3})日")
_URL_DATE_RES = (
    re.compile(r"/t((?:19|20)\d\d)(\d\d)(\d\d)_"),
    re.compile(r"/art/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d\d)-(\d\d)-(\d\d)/"),
    re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)(?:\d{6})?(?=[/_-])"),
)


def make_date(year: int | str, month: int | str, day: int | str) -> str | None:
    """ISO date for a valid calendar day between 1990 and 2100, else None."""
    try:
        date = _dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None
    if not 1990 <= date.year <= 2100:
        return None
    return date.isoformat()


def _cn_number(text: str) -> int:
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)
    return _CN_DIGITS.get(text, 0)


def iter_dates(text: str):
    """Yield (iso_date, start, end) for every date printed in ``text``, in order."""
    if not text:
        return
    for match in DATE_RE.finditer(text):
        iso = make_date(match.group(1), match.group(2), match.group(3))
        if iso:
            yield iso, match.start(), match.end()
    if "年" in text:
        for match in _CN_DATE_RE.finditer(text):
            year = "".join(str(_CN_DIGITS[ch]) for ch in match.group(1))
            iso = make_date(year, _cn_number(match.group(2)), _cn_number(match.group(3)))
            if iso:
                yield iso, match.start(), match.end()


_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．：", "0123456789-/.:")


def parse_date(text: str | None) -> str | None:
    """The first date printed in ``text`` as ``YYYY-MM-DD``; None when there is none.

    Idempotent: ``parse_date(parse_date(x)) == parse_date(x)`` for any x giving a date.
    """
    if not text or not isinstance(text, str):
        return None
    text = text.translate(_FULLWIDTH)
    for iso, _start, _end in iter_dates(text[:2000]):
        return iso
    match = _COMPACT_RE.match(text)
    return make_date(*match.groups()) if match else None


def parse_url_date(url: str | None) -> str | None:
    """The date encoded in an article URL (t20180328_, /art/2018/3/28/, /2013-01-25/, /20230331/)."""
    if not url:
        return None
    for regex in _URL_DATE_RES:
        match = regex.search(url)
        if match:
            iso = make_date(*match.groups())
            if iso:
                return iso
    return None


def parse_month_day(text: str | None) -> str | None:
    """``03-16`` / ``3月16日`` (no year, as Hanweb lists print) -> ``MM-DD``; None otherwise."""
    if not text:
        return None
    match = re.search(r"(?<![\d-])(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?![\d-])\s*日?", text)
    if not match:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{month:02d}-{day:02d}"
    return None
