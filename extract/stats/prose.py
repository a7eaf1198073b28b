"""Key quantities of old-regime (2008–2018) prose reports, each with the sentence it came from:
"全年…主动公开政府信息共计759条", "全年未接到相关申请", "未收取任何费用".

Only numbers followed by a counting unit are read (years, dates, phone numbers and 较2018年
comparisons are not), and the first statement of each quantity wins. Review numbers need
"信息公开" or "申请" in the same sentence (a justice bureau's own 行政复议 caseload is not one).
"""
from __future__ import annotations

import re
import unicodedata

from .model import StatCell

N = r"(\d[\d,]*(?:\.\d+)?)"
GAP = r"[^，,。；;\d]{0,12}?"
NEG = r"(?:未|没有|无|不存在)"
# (section, row, col, unit, regex with the number as group 1, or None for a zero statement)
RULES = [
    ("active", "proactive_items", "count", "条",
     re.compile(r"主动公开" + GAP + r"(?:共计|共|合计|累计)?" + N + r"\s*(条|件|项)")),
    ("active", "normative_docs", "count", "件", re.compile(r"规范性文件" + GAP + N + r"\s*(件|份|个)")),
    ("applications", "new", "total", "件",
     re.compile(r"(?:收到|受理|接到|接收|办理)" + GAP + r"申请" + r"[^，,。；;\d]{0,6}?" + N + r"\s*(件|条|份|个|宗|人次|次)")),
    ("applications", "new", "total", "件",
     re.compile(NEG + r"(?:收到|接到|受理|接收)" + r"[^，,。；;]{0,16}?申请")),
    ("applications", "granted", "total", "件",
     re.compile(r"(?<!不)(?<!部分)(?:同意公开|予以公开|全部公开)" + r"[^，,。；;\d]{0,4}?" + N + r"\s*(件|条|份)")),
    ("applications", "partly_granted", "total", "件",
     re.compile(r"部分公开" + r"[^，,。；;\d]{0,4}?" + N + r"\s*(件|条|份)")),
    ("applications", "denied", "total", "件",
     re.compile(r"(?:不予公开|不同意公开)" + r"[^，,。；;\d]{0,4}?" + N + r"\s*(件|条|份)")),
    ("applications", "unable", "total", "件",
     re.compile(r"(?:信息不存在|不属于本机关|非本机关|无法提供)" + GAP + N + r"\s*(件|条|份)")),
    ("review", "reconsideration", "total", "件", re.compile(r"行政复议" + GAP + N + r"\s*(件|起|宗|次)")),
    ("review", "reconsideration", "total", "件", re.compile(NEG + r"[^，,。；;]{0,24}?行政复议")),
    ("review", "lawsuit", "total", "件", re.compile(r"行政诉讼" + GAP + N + r"\s*(件|起|宗|次)")),
    ("review", "lawsuit", "total", "件", re.compile(NEG + r"[^，,。；;]{0,30}?行政诉讼")),
    ("fees", "fees_charged", "amount", "元",
     re.compile(r"收取" + GAP + r"费用?" + r"[^，,。；;\d]{0,4}?" + N + r"\s*(万元|元)")),
    ("fees", "fees_charged", "amount", "元",
     re.compile(r"(?:未|没有|不|无)(?:收取|收)(?:任何)?(?:相关)?(?:信息公开)?费用?|免收")),
    ("training", "trainings", "count", "次",
     re.compile(r"培训" + r"[^，,。；;\d]{0,8}?" + N + r"\s*(次|期|场)")),
    ("training", "trainings", "count", "次",
     re.compile(N + r"\s*(次|期|场)[^，,。；;\d]{0,10}?培训")),
    ("training", "trainees", "count", "人次", re.compile(r"培训[^。；;]{0,20}?" + N + r"\s*(人次|人)")),
]
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_REVIEW_CONTEXT = ("信息公开", "申请")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text or "") if s.strip()]


def parse_stats_prose(text: str) -> list[StatCell]:
    """Quantities stated in prose (method "prose", format "prose"), one per (section, row, col)."""
    found: dict[tuple, StatCell] = {}
    for sentence in sentences(text):
        plain = unicodedata.normalize("NFKC", sentence)
        for section, row, col, unit, rx in RULES:
            key = (section, row, col)
            if key in found:
                continue
            if section == "review" and not any(k in plain for k in _REVIEW_CONTEXT):
                continue
            m = rx.search(plain)
            if not m:
                continue
            if m.groups():
                number = float(m.group(1).replace(",", ""))
                value = int(number) if number.is_integer() else number
                printed = m.group(2)
            else:
                value, printed = 0, unit
            found[key] = StatCell(section, row, col, value, printed if m.groups() else unit,
                                  m.group(0), row_label=m.group(0), col_label="", format="prose",
                                  method="prose", sentence=sentence)
    return list(found.values())
