"""Cell values as printed -> numbers: ``12``, ``1,024``, ``增加5``, ``减少3``, ``+1``, ``-2``,
``3405820元``, ``2386.4万元``, ``12件``; empty, ``&nbsp;``, ``/``, ``—`` -> no value."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw or ""))
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
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    return t in EMPTY - {""} or t == "无" or bool(_NUMBER.match(t))
