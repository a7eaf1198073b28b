"""Small text normalisers shared by the field parsers (all pure, never raise on str input)."""
from __future__ import annotations

import re

SOFT = "\x1f"   # boundary of an inline element (span/a/font…): invisible in values
CELL = "\x1e"   # boundary of a table cell / dt / dd: a hard separator

_WS_CHARS = "\u00a0\u3000\u2002\u2003\u2009\u200b\u200c\u200d\ufeff\t\r\n\f\v"
_WS_TABLE = {ord(ch): " " for ch in _WS_CHARS}
_WS_RUN = re.compile(r" {2,}")
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")

# Traditional -> Simplified, one character for one character, for *matching* labels only
# (indices stay aligned, so values are cut from the original text).
_TRAD = str.maketrans(
    "發佈時間來點擊數訪問瀏覽責編輯機構單關開號類閱讀載歸檔創題稱種詞鍵報務資訊計審對內標體網頁"
    "導覽頁簡繁閱聯絡寫錄員稿視頻圖檔",
    "发布时间来点击数访问浏览责编辑机构单关开号类阅读载归档创题称种词键报务资讯计审对内标体网页"
    "导览页简繁阅联络写录员稿视频图档",
)


def to_simplified(text: str) -> str:
    """Map the Traditional characters that occur in metadata labels to Simplified (same length)."""
    return text.translate(_TRAD)


def squeeze(text: str | None) -> str:
    """Whitespace (incl. &nbsp;, U+3000, zero-width) collapsed to single spaces, stripped."""
    if not text:
        return ""
    text = text.translate(_WS_TABLE).replace(SOFT, "").replace(CELL, " ")
    return _WS_RUN.sub(" ", text).strip()


def tidy_heading(text: str | None) -> str:
    """A heading as displayed: whitespace next to CJK characters removed, other runs collapsed."""
    return _CJK_SPACE.sub("", squeeze(text))


def has_cjk(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text or ""))
