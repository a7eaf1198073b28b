"""Key quantities of old-regime (2008–2018) prose reports, each with the sentence it came from:
"全年…主动公开政府信息共计759条", "全年未接到相关申请", "未收取任何费用".

Only numbers followed by a counting unit are read (years, dates, phone numbers and 较2018年
comparisons are not), and the first statement of each quantity wins. A quantity may be written
in Chinese numerals ("业务培训两次", "一百零五件"; values.chinese_number), but not an ordinal
(第一次) nor 一次性. Review numbers need "信息公开" or "申请" in the same sentence (a justice
bureau's own 行政复议 caseload is not one). Zero statements: 未/没有/无…收取…费(用), 无…收费,
不收(取)…费, 免收 -> fees 0 元; 未收到/未接到…申请 -> no applications; 未发生…行政复议/诉讼 -> 0.
"""
from __future__ import annotations

import re

from .model import StatCell
from .values import chinese_number
from ..text import nfkc

# a number as digits (1,024; 2.5) or in Chinese numerals (两, 十二, 一百零五), read whole (never
# from the middle of a numeral: 十二次 is not 二次) and never an ordinal (第一次)
CN = "零〇一二两三四五六七八九十百千万"
N_DIGITS = r"(\d[\d,]*(?:\.\d+)?)"
N = N_DIGITS[:-1] + r"|(?<![第" + CN + r"])[" + CN + r"]+)"
GAP = r"[^，,。；;\d]{0,12}?"
NEG = r"(?:未|没有|无|不存在)"
# "no fees", however it is put: 未收取任何…费用, 没有收取…费用, 未发生收费和减免情况, 不存在收费情况,
# 未产生信息处理费, 不收(取)…费, 免收, 免费提供, 收费(金额)为零, 零收费 (not 未来…收费, 无论…收费,
# 收费通知/收费标准: a fee rule, not a fee charged; not 逾期未缴纳信息处理费: a fee not paid)
_FEE = r"(?:收取[^，,。；;\d]{0,12}?费用?|收费(?!通知|标准|项目|依据|文件)|(?:处理|检索|复制|邮寄|相关|任何)费)"
FEE_ZERO = (r"(?:未(?!来)|没有|无(?!论)|不存在)[^，,。；;\d缴交付]{0,16}?" + _FEE
            + r"|不(?:收取|收)[^，,。；;\d]{0,12}?费用?|免收|(?:免费|无偿)(?:提供|向|为|查阅|公开)"
            + r"|(?:收取[^，,。；;\d]{0,12}?费用?|(?<!性)收费)[^，,。；;\d]{0,8}?(?:为|是)(?:零|0(?:\.0+)?)(?![.\d])(?!元)"
            + r"|零收费|收费(?:和|及|与)?(?:减免)?(?:情况)?[:：]\s*(?:无|没有|未发生|不存在)")
# a fee heading (三、收费及减免情况) answered by a bare negation in the next sentence (无。本年度未发生。)
_FEE_HEADING = re.compile(r"^(?!.*事业性)[\s（(]*[一二三四五六七八九十\d]*[、.．)）]?\s*[^，,。；;\d]{0,8}收费[^，,。；;\d]{0,8}$")
_BARE_NO = re.compile(r"^[^，,。；;\d]{0,8}?(?:无|没有|未发生|不存在|未收取)[^，,。；;\d]{0,8}[。]?$")
# (section, row, col, unit, regex with the number as group 1, or None for a zero statement)
RULES = [
    ("active", "proactive_items", "count", "条",
     re.compile(r"主动公开" + GAP + r"(?:共计|共|合计|累计)?" + N + r"\s*(条|件|项)")),
    ("active", "normative_docs", "count", "件", re.compile(r"规范性文件" + GAP + N + r"\s*(件|份|个)")),
    ("applications", "new", "total", "件",
     re.compile(r"(?:收到|受理|接到|接收|办理)" + GAP + r"申请(?!情况)" + r"[^，,。；;\d]{0,6}?" + N + r"\s*(件|条|份|个|宗|人次|次)")),
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
     re.compile(r"(?:收取" + GAP + r"费用?|(?<!性)收费)" + r"[^，,。；;\d]{0,4}?" + N + r"\s*(万元|元)")),
    ("fees", "fees_charged", "amount", "元", re.compile(FEE_ZERO)),
    ("training", "trainings", "count", "次",
     re.compile(r"培训" + r"[^，,。；;\d]{0,8}?" + N + r"\s*(次|期|场)")),
    ("training", "trainings", "count", "次",
     re.compile(N + r"\s*(次|期|场)[^，,。；;\d]{0,10}?培训")),
    ("training", "trainees", "count", "人次", re.compile(r"培训[^。；;]{0,20}?" + N + r"\s*(人次|人)")),
]
RULES_DIGITS = [(*rule[:4], re.compile(rule[4].pattern.replace(N, N_DIGITS))) for rule in RULES]
RULES_ZERO = [rule for rule in RULES if not rule[4].groups]  # zero statements: no number to read
_CN_QUANTITY = re.compile("[" + CN + r"]\s*[次期场件条项份个宗起人元]")
NOT_A_COUNT = ("性", "部分", "方面")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_DIGIT = re.compile(r"\d")
_REVIEW_CONTEXT = ("信息公开", "申请")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text or "") if s.strip()]


def _number(printed: str):
    """Digits (``1,024``, ``2.5``) or Chinese numerals (``两``, ``一百零五``) -> a number, else None."""
    if printed[0].isdigit():
        number = float(printed.replace(",", ""))
        return int(number) if number.is_integer() else number
    return chinese_number(printed)


def _value(m, text: str):
    """The number of a rule's match, or None when it is no count: unreadable numerals (``万``),
    一次性 ("at one go"), 六个部分 / 三个方面 (the report's own structure)."""
    if text.startswith(NOT_A_COUNT, m.end()):
        return None
    return _number(m.group(1))


def _first(rx, text: str):
    """(match, value) of the first match of a rule whose number reads (a zero statement: 0), else
    (None, None)."""
    for m in rx.finditer(text):
        if not rx.groups:
            return m, 0
        value = _value(m, text)
        if value is not None:
            return m, value
    return None, None


def parse_stats_prose(text: str) -> list[StatCell]:
    """Quantities stated in prose (method "prose", format "prose"), one per (section, row, col)."""
    found: dict[tuple, StatCell] = {}
    heading = ""
    for sentence in sentences(text):
        plain = nfkc(sentence)
        if heading and _BARE_NO.match(plain) and ("fees", "fees_charged", "amount") not in found:
            found[("fees", "fees_charged", "amount")] = StatCell(
                "fees", "fees_charged", "amount", 0, "元", heading + plain, row_label=heading,
                col_label="", format="prose", method="prose", sentence=sentence)
        heading = plain if _FEE_HEADING.match(plain) else ""
        # most sentences have no quantity in Chinese numerals: the cheaper digit-only rules; and
        # a sentence without a number at all can only be a zero statement (the rules keep their order)
        if _CN_QUANTITY.search(plain):
            rules = RULES
        else:
            rules = RULES_DIGITS if _DIGIT.search(plain) else RULES_ZERO
        review = any(k in plain for k in _REVIEW_CONTEXT)
        for section, row, col, unit, rx in rules:
            key = (section, row, col)
            if key in found or (section == "review" and not review):
                continue
            m = rx.search(plain)
            if m is None:
                continue
            value = _value(m, plain) if rx.groups else 0
            if value is None:  # a later statement in the sentence may still read
                m, value = _first(rx, plain)
                if m is None:
                    continue
            printed = m.group(2) if rx.groups else unit
            found[key] = StatCell(section, row, col, value, printed, m.group(0), row_label=m.group(0),
                                  col_label="", format="prose", method="prose", sentence=sentence)
    return list(found.values())
