"""Cell values as printed -> numbers: ``12``, ``1,024``, ``增加5``, ``减少3``, ``+1``, ``-2``,
``3405820元``, ``2386.4万元``, ``12件``; empty, ``&nbsp;``, ``/``, ``—`` -> no value. Quantities
written in Chinese numerals (``两``, ``十二``, ``一百零五``) -> ``chinese_number``."""
from __future__ import annotations

import re
from functools import lru_cache
from ..text import nfkc

UNITS = ("万元", "元", "件", "条", "项", "个", "次", "人次", "份", "起", "宗")
EMPTY = {"", "/", "-", "—", "——", "–", "\\", "×", "无数据"}
_NUMBER = re.compile(r"^(增加|新增|增|减少|减|\+|-|−)?(\d[\d,]*(?:\.\d+)?)(" + "|".join(
    sorted(UNITS, key=len, reverse=True)) + r")?$")


@lru_cache(maxsize=8192)
def clean_raw(text: str | None) -> str:
    """The cell text as printed, whitespace (incl. NBSP, U+3000) trimmed and runs collapsed."""
    return re.sub(r"[\s\u00a0\u3000]+", " ", text or "").strip()


@lru_cache(maxsize=8192)
def parse_value(raw: str | None) -> tuple[float | int | None, str | None]:
    """(value, unit printed in the cell or None). Unparseable and empty cells give (None, None)."""
    text = re.sub(r"\s+", "", nfkc(raw or ""))
    if text in EMPTY or text == "无":
        return (0, None) if text == "无" else (None, None)
    m = _NUMBER.match(text)
    if not m:
        return None, None
    sign, digits, unit = m.groups()
    number = float(digits.replace(",", ""))
    if sign in ("减少", "减", "-", "−"):
        number = -number
    return (int(number) if number.is_integer() else number), unit


@lru_cache(maxsize=8192)
def is_value(text: str | None) -> bool:
    """True for a cell that reads as a number or an explicit empty mark (``/``, ``—``)."""
    t = re.sub(r"\s+", "", nfkc(text or ""))
    return t in EMPTY - {""} or t == "无" or bool(_NUMBER.match(t))


CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "万"


@lru_cache(maxsize=4096)
def chinese_number(text: str | None) -> int | None:
    """A whole number written in Chinese numerals: ``两`` 2, ``十二`` 12, ``二十`` 20, ``一百零五``
    105, ``一千零二十四`` 1024, ``三万五千`` 35000. None for anything else: digit strings without
    place units (``二〇一五``, a year; ``两三``, "two or three"), misordered units, and the
    colloquial ``一百五`` (150, not 105) whose last place is left unsaid."""
    if not text or any(ch not in CN_CHARS for ch in text):
        return None
    total = section = 0
    digit = None        # the digit waiting for its place unit
    last_unit = 10_000  # place units fall within a section: 千 > 百 > 十
    before = 0          # the place unit just before the waiting digit (0: start or after 零)
    prev = None         # the previous character's kind: "digit", "zero", "unit"
    for ch in text:
        if ch in CN_DIGITS:
            if prev == "digit":
                return None
            digit = CN_DIGITS[ch]
            before = last_unit if prev == "unit" else 0
            prev = "zero" if digit == 0 else "digit"
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit >= last_unit or digit == 0 or prev == "unit":
                return None
            if digit is None:  # 十二: a leading 十 means 一十; elsewhere a unit needs its digit
                if section or total or unit != 10:
                    return None
                digit = 1
            section += digit * unit
            digit, last_unit, prev = None, unit, "unit"
        else:  # 万
            value = section + (digit or 0)
            if value == 0 or total or (digit and before > 10):
                return None
            total, section, digit, last_unit, prev = value * 10_000, 0, None, 10_000, "unit"
    if digit and before > 10:
        return None  # 一百五, 三万五: colloquial, the unsaid place is ambiguous
    return total + section + (digit or 0)
