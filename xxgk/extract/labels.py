"""Metadata labels of Chinese government pages and a scanner that finds them in a line.

A line is text whose inline-element boundaries are marked with ``text.SOFT`` and table-cell
boundaries with ``text.CELL``. Labels may be letter-spaced (``发 布 机 构``), Traditional
(``發布時間``), followed by a half- or full-width colon or just by a space/cell boundary.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .text import CELL, SOFT, short_text_cache, to_simplified

# field -> labels; "published" ranks 0..2, "docdate" is the document's own date (成文日期).
LABELS: dict[str, tuple[str, ...]] = {
    "published0": ("发布日期", "发布时间", "公开日期", "上载日期", "发表时间", "发表日期", "公布日期",
                   "发稿时间", "发稿日期", "信息发布日期", "信息发布时间", "发布于", "公开时间"),
    "published1": ("日期", "时间", "发布", "添加时间", "创建时间", "归档时间", "生成日期", "上传时间", "录入时间",
                   "发布日", "上线时间"),
    "published2": ("更新时间", "更新日期", "修改时间"),
    "docdate": ("成文日期", "发文日期", "成文时间", "发文时间", "印发日期", "签发日期", "制发日期"),
    "source1": ("来源", "信息来源", "文章来源", "稿件来源", "内容来源", "来自", "供稿单位", "新闻来源",
                "消息来源", "稿源"),
    "source2": ("发布机构", "发布单位", "发文机关", "发文单位", "发布部门", "发文机构", "公开单位",
                "发布主体", "信息发布机构"),
    "editor1": ("责任编辑", "编辑", "责编", "网络编辑", "编辑人", "值班编辑"),
    "editor2": ("作者", "发布人", "发布者", "撰稿", "撰稿人"),
    "views": ("浏览量", "浏览次数", "点击数", "点击次数", "点击", "阅读", "阅读次数", "阅读量", "访问量",
              "访问次数", "热度", "点击率", "点击量", "浏览", "人气", "访问", "浏览数"),
    "other": ("索引号", "信息索引号", "分类", "主题分类", "组配分类", "公文种类", "体裁分类", "信息分类",
              "文号", "发文字号", "发布文号", "文件编号", "有效性", "时效", "时效性", "关键词", "关键字",
              "主题词", "名称", "信息名称", "文件名称", "标题", "公开方式", "公开范围", "公开形式", "公开时限",
              "登记号", "内容概述", "主题导航", "文件下载", "审核", "审核人", "校对", "签发", "签发人",
              "文字大小", "字体大小", "字号", "字体", "所属机构", "责任部门", "生效日期", "失效日期",
              "废止日期", "实施日期", "施行日期", "有效期", "所属主题", "服务对象", "统一编号", "索取号",
              "主办单位", "承办单位", "联系电话", "附件", "摘要", "内容分类", "主题", "统一社会信用代码",
              "机构代码", "组织机构代码", "视力保护色", "背景色", "分享到", "打印", "收藏", "关闭"),
}

FIELD_OF: dict[str, str] = {}
for _field, _labels in LABELS.items():
    for _label in _labels:
        FIELD_OF.setdefault(_label, _field)

_COLON = "[:：︰∶﹕]"
_ALTS = sorted(FIELD_OF, key=len, reverse=True)
LABEL_RE = re.compile(
    r"(?<![A-Za-z\u4e00-\u9fff])(?P<label>"
    + "|".join(" ?".join(map(re.escape, label)) for label in _ALTS)
    + rf")(?: ?(?P<colon>{_COLON})|(?=[ {CELL}{SOFT}]|$))"
)


class Hit(NamedTuple):
    """One label occurrence in a line."""
    field: str        # key of LABELS, e.g. "published0", "source1"
    label: str        # the label without spaces, Simplified
    start: int        # where the label starts in the line
    end: int          # where the label (and its colon) ends
    colon: bool       # followed by a colon


def find_labels(line: str) -> list[Hit]:
    """All label hits in ``line``, in order."""
    if not line:
        return []
    return list(_label_hits(line))


@short_text_cache  # the layout, heading and metadata passes scan the same lines
def _label_hits(line: str) -> tuple[Hit, ...]:
    hits = []
    for match in LABEL_RE.finditer(to_simplified(line)):
        label = match.group("label").replace(" ", "")
        hits.append(Hit(FIELD_OF[label], label, match.start(), match.end(), bool(match.group("colon"))))
    return tuple(hits)


def label_values(line: str, hits: list[Hit] | None = None) -> list[tuple[Hit, str]]:
    """Each hit with the raw text between it and the next hit (separators kept)."""
    hits = find_labels(line) if hits is None else hits
    out = []
    for i, hit in enumerate(hits):
        stop = hits[i + 1].start if i + 1 < len(hits) else len(line)
        out.append((hit, line[hit.end:stop]))
    return out


_WS = {ord(ch): " " for ch in "\u00a0\u3000\u2002\u2003\u2009\t\r\n\f\v"}
_LEAD = re.compile(rf"^[\s{SOFT}{CELL}:：︰∶|]+")
_HARD = re.compile(rf"[ {CELL}|【\[]|{SOFT}(?=[ {CELL}【\[]|$)")
_TRAIL_PUNCT = "】]）)」』>》,，;；、.。|"
_NOISE = re.compile(r"(打印|分享|关闭|收藏|字号|字体|返回|\[|【|扫一扫).*$")


def clean_name(raw: str | None) -> str | None:
    """A source/editor value: text up to the first hard separator, brackets and noise dropped."""
    previous, text = None, raw
    for _ in range(6):
        if text is None or text == previous:
            break
        previous, text = text, _clean_name_once(text)
    return text


def _clean_name_once(raw: str | None) -> str | None:
    if not raw:
        return None
    text = _LEAD.sub("", raw.translate(_WS))
    match = _HARD.search(text)
    if match:
        text = text[:match.start()]
    text = text.replace(SOFT, "").strip()
    text = _NOISE.sub("", text).strip()
    if text.startswith(("（", "(")) and not text.endswith(("）", ")")):
        text = text[1:]
    while text and text[-1] in _TRAIL_PUNCT:
        if text[-1] in "）)" and ("（" in text or "(" in text):
            break
        text = text[:-1].rstrip()
    return text or None


def value_text(raw: str | None) -> str:
    """The raw value with separators turned to spaces and stripped (dates, views, raw text)."""
    if not raw:
        return ""
    text = _LEAD.sub("", raw).replace(SOFT, "").replace(CELL, " ")
    return " ".join(text.split())
