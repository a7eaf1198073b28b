"""Canonical codes of the statistics in annual reports, stable across the 2019 format and the
2021 revision (国办公开办函〔2021〕30号), with Chinese and English labels, and the rules that map a
printed label to a code. See docs/field-rules.md, Statistics tables.

Sections: ``active`` (二、主动公开), ``applications`` (三、收到和处理申请), ``review`` (四、行政复议/
行政诉讼); prose-only quantities also use ``fees`` and ``training``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from ..text import nfkc

SECTIONS = {
    "active": ("主动公开政府信息情况", "Proactive disclosure"),
    "applications": ("收到和处理政府信息公开申请情况", "Disclosure applications received and handled"),
    "review": ("政府信息公开行政复议、行政诉讼情况", "Administrative reconsideration and litigation"),
    "fees": ("收费及减免情况", "Fees charged"),
    "training": ("培训情况", "Training"),
}

# row code -> (section, 中文, English)
ROWS = {
    # section 二 (第二十条第（一）（五）（六）（八）（九）项)
    "regulations": ("active", "规章", "Government rules"),
    "normative_docs": ("active", "（行政）规范性文件", "Normative documents"),
    "licensing": ("active", "行政许可", "Administrative licensing"),
    "other_services": ("active", "其他对外管理服务事项（2019）", "Other external management services (2019)"),
    "penalties": ("active", "行政处罚", "Administrative penalties"),
    "enforcement": ("active", "行政强制", "Administrative coercion"),
    "fees": ("active", "行政事业性收费", "Administrative fees"),
    "procurement": ("active", "政府集中采购（2019）", "Centralised government procurement (2019)"),
    "proactive_items": ("active", "主动公开政府信息（正文）", "Items proactively disclosed (prose)"),
    # section 三
    "new": ("applications", "一、本年新收政府信息公开申请数量", "Applications received this year"),
    "carried_over": ("applications", "二、上年结转政府信息公开申请数量", "Applications carried over from last year"),
    "granted": ("applications", "（一）予以公开", "Disclosed in full"),
    "partly_granted": ("applications", "（二）部分公开", "Disclosed in part"),
    "denied": ("applications", "（三）不予公开（正文合计）", "Refused (prose total)"),
    "denied_state_secret": ("applications", "（三）不予公开 1.属于国家秘密", "Refused: state secret"),
    "denied_law": ("applications", "（三）不予公开 2.其他法律行政法规禁止公开", "Refused: prohibited by other laws"),
    "denied_three_safety": ("applications", "（三）不予公开 3.危及“三安全一稳定”", "Refused: endangers security or stability"),
    "denied_third_party": ("applications", "（三）不予公开 4.保护第三方合法权益", "Refused: third-party rights"),
    "denied_internal": ("applications", "（三）不予公开 5.属于三类内部事务信息", "Refused: internal affairs"),
    "denied_process": ("applications", "（三）不予公开 6.属于四类过程性信息", "Refused: process information"),
    "denied_enforcement_file": ("applications", "（三）不予公开 7.属于行政执法案卷", "Refused: enforcement case file"),
    "denied_inquiry": ("applications", "（三）不予公开 8.属于行政查询事项", "Refused: administrative inquiry matter"),
    "unable": ("applications", "（四）无法提供（正文合计）", "Cannot be provided (prose total)"),
    "unable_not_held": ("applications", "（四）无法提供 1.本机关不掌握相关政府信息", "Cannot provide: not held"),
    "unable_need_create": ("applications", "（四）无法提供 2.没有现成信息需要另行制作", "Cannot provide: would need creating"),
    "unable_unclear": ("applications", "（四）无法提供 3.补正后申请内容仍不明确", "Cannot provide: still unclear after correction"),
    "not_processed_petition": ("applications", "（五）不予处理 1.信访举报投诉类申请", "Not processed: petition or complaint"),
    "not_processed_repeat": ("applications", "（五）不予处理 2.重复申请", "Not processed: repeated application"),
    "not_processed_publication": ("applications", "（五）不予处理 3.要求提供公开出版物", "Not processed: asks for a publication"),
    "not_processed_massive": ("applications", "（五）不予处理 4.无正当理由大量反复申请", "Not processed: mass repeated applications"),
    "not_processed_confirm": ("applications", "（五）不予处理 5.要求行政机关确认或重新出具已获取信息", "Not processed: asks to confirm or reissue"),
    "other": ("applications", "（六）其他处理（2019）", "Otherwise handled (2019)"),
    "other_no_correction": ("applications", "（六）其他处理 1.申请人无正当理由逾期不补正（2021）", "Otherwise handled: no correction in time (2021)"),
    "other_no_fee": ("applications", "（六）其他处理 2.申请人逾期未缴纳费用（2021）", "Otherwise handled: fee not paid (2021)"),
    "other_other": ("applications", "（六）其他处理 3.其他（2021）", "Otherwise handled: other (2021)"),
    "total": ("applications", "（七）总计", "Total handled"),
    "carried_forward": ("applications", "四、结转下年度继续办理", "Carried forward to next year"),
    # section 四
    "reconsideration": ("review", "行政复议", "Administrative reconsideration"),
    "lawsuit_direct": ("review", "行政诉讼：未经复议直接起诉", "Lawsuits filed directly"),
    "lawsuit_after_reconsideration": ("review", "行政诉讼：复议后起诉", "Lawsuits after reconsideration"),
    "lawsuit": ("review", "行政诉讼（正文合计）", "Lawsuits (prose total)"),
    # prose-only
    "fees_charged": ("fees", "收取信息公开费用", "Disclosure fees charged"),
    "trainings": ("training", "信息公开培训", "Disclosure trainings held"),
    "trainees": ("training", "参加培训人次", "Training attendance"),
}

# col code -> (中文, English, default unit)
COLS = {
    "made": ("本年新制作数量（2019）", "Made this year (2019)", "件"),
    "published": ("本年新公开数量（2019）", "Newly disclosed this year (2019)", "件"),
    "disclosed_total": ("对外公开总数量（2019）", "Total disclosed (2019)", "件"),
    "issued": ("本年制发件数（2021）", "Issued this year (2021)", "件"),
    "repealed": ("本年废止件数（2021）", "Repealed this year (2021)", "件"),
    "in_force": ("现行有效件数（2021）", "In force (2021)", "件"),
    "prev_items": ("上一年项目数量（2019）", "Items last year (2019)", "项"),
    "change": ("本年增/减（2019）", "Change this year (2019)", "项"),
    "decisions": ("（本年）处理决定数量", "Decisions this year", "件"),
    "amount": ("金额（2019 采购总金额；2021 本年收费金额）", "Amount", None),
    "items": ("采购项目数量（2019）", "Procurement items (2019)", "项"),
    "natural_person": ("自然人", "Natural persons", "件"),
    "business": ("法人或其他组织：商业企业", "Organisations: businesses", "件"),
    "research": ("法人或其他组织：科研机构", "Organisations: research institutes", "件"),
    "public_interest": ("法人或其他组织：社会公益组织", "Organisations: public-interest groups", "件"),
    "legal_services": ("法人或其他组织：法律服务机构", "Organisations: legal services", "件"),
    "other_org": ("法人或其他组织：其他", "Organisations: other", "件"),
    "total": ("总计", "Total", "件"),
    "upheld": ("结果维持", "Upheld", "件"),
    "corrected": ("结果纠正", "Corrected", "件"),
    "other_result": ("其他结果", "Other result", "件"),
    "pending": ("尚未审结", "Pending", "件"),
    "count": ("数量（正文）", "Count (prose)", None),
}


@lru_cache(maxsize=8192)
def norm_label(text: str) -> str:
    """A printed label for matching: NFKC (full-width to half-width), no whitespace at all
    (letter-spaced ``结 果 维 持``, ``&nbsp;``, U+3000), so 2019/2021 variants compare equal."""
    return re.sub(r"\s+", "", nfkc(text or ""))


ACTIVE_ROWS = [("行政规范性文件", "normative_docs"), ("规范性文件", "normative_docs"), ("规章", "regulations"),
               ("其他对外管理服务", "other_services"), ("行政许可", "licensing"), ("行政处罚", "penalties"),
               ("行政强制", "enforcement"), ("行政事业性收费", "fees"), ("政府集中采购", "procurement")]
ACTIVE_COLS = [("本年新制作", "made"), ("本年新公开", "published"), ("对外公开总", "disclosed_total"),
               ("制发", "issued"), ("废止", "repealed"), ("现行有效", "in_force"), ("上一年", "prev_items"),
               ("增/减", "change"), ("增减", "change"), ("处理决定", "decisions"), ("收费金额", "amount"),
               ("采购项目", "items"), ("采购总金额", "amount"), ("总金额", "amount")]
APPLICANT_COLS = [("自然人", "natural_person"), ("商业企业", "business"), ("科研机构", "research"),
                  ("社会公益", "public_interest"), ("法律服务", "legal_services"), ("总计", "total"),
                  ("合计", "total"), ("其他", "other_org")]
APPLICANT_ORDER = ["natural_person", "business", "research", "public_interest", "legal_services",
                   "other_org", "total"]
REVIEW_COLS = [("维持", "upheld"), ("纠正", "corrected"), ("其他结果", "other_result"), ("尚未审结", "pending"),
               ("未审结", "pending"), ("总计", "total"), ("合计", "total")]
REVIEW_ORDER = [(r, c) for r in ("reconsideration", "lawsuit_direct", "lawsuit_after_reconsideration")
                for c in ("upheld", "corrected", "other_result", "pending", "total")]
_SUB_ROWS = [("国家秘密", "denied_state_secret"), ("法律行政法规禁止", "denied_law"), ("三安全一稳定", "denied_three_safety"),
             ("第三方", "denied_third_party"), ("内部事务", "denied_internal"), ("过程性", "denied_process"),
             ("行政执法案卷", "denied_enforcement_file"), ("行政查询", "denied_inquiry"),
             ("不掌握", "unable_not_held"), ("另行制作", "unable_need_create"), ("仍不明确", "unable_unclear"),
             ("信访", "not_processed_petition"), ("重复申请", "not_processed_repeat"),
             ("公开出版物", "not_processed_publication"), ("大量反复", "not_processed_massive"),
             ("重新出具", "not_processed_confirm"), ("逾期不补正", "other_no_correction"),
             ("缴纳费用", "other_no_fee")]


def first_match(label: str, rules) -> str | None:
    return next((code for key, code in rules if key in label), None)


@lru_cache(maxsize=4096)
def application_row(label: str) -> str | None:
    """The section 三 row code of a printed row label (the row's label cells joined, NFKC, no
    spaces), e.g. ``三、本年度办理结果(三)不予公开1.属于国家秘密`` -> ``denied_state_secret``."""
    code = first_match(label, _SUB_ROWS)
    if code:
        return code
    if re.search(r"\d[.、]其他$", label) and "其他处理" in label or label in ("3.其他", "3、其他"):
        return "other_other"
    for key, code in (("本年新收", "new"), ("上年结转", "carried_over"), ("结转下年", "carried_forward"),
                      ("予以公开", "granted"), ("部分公开", "partly_granted"), ("其他处理", "other"),
                      ("总计", "total")):
        if key in label:
            return code
    return similar_application_row(label)


# the standard form's own row labels (NFKC, no spaces), for labels printed with typos
APPLICATION_LABELS = {code: norm_label(re.sub(r"（(2019|2021|正文合计)）", "", text).split(" ")[-1])
                      for code, (section, text, _) in ROWS.items()
                      if section == "applications" and code not in ("denied", "unable")}
SIDE_LABELS = re.compile(r"三[、.]本年度办理结果|\([三四五六]\)(不予公开|无法提供|不予处理|其他处理)(?=\d)")


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


@lru_cache(maxsize=4096)
def similar_application_row(label: str, threshold: float = 0.6) -> str | None:
    """The section 三 row whose standard label a printed one (NFKC, no spaces) is closest to, for
    typos that miss every key word (``2.其他法律行政止公开``, ``1.本机关不拿握相关政府信息``): the
    side labels taken off, character-pair (bigram) overlap of at least ``threshold`` (Dice) and
    clearly ahead of the next best; None for short or unlike labels."""
    core = SIDE_LABELS.sub("", label)
    if len(core) < 4:
        return None
    pairs = _bigrams(core)
    scores = sorted(((2 * len(pairs & _bigrams(std)) / (len(pairs) + len(_bigrams(std))), code)
                     for code, std in APPLICATION_LABELS.items()), reverse=True)
    (best, code), (second, _) = scores[0], scores[1]
    return code if best >= threshold and best - second >= 0.1 else None


def review_column(labels: list[str]) -> tuple[str, str] | None:
    """(row code, col code) of a section 四 column from its header labels top to bottom."""
    leaf = first_match(labels[-1], REVIEW_COLS) if labels else None
    if leaf is None:
        return None
    path = "".join(labels)
    if "复议后" in path:
        return "lawsuit_after_reconsideration", leaf
    if "直接起诉" in path or "未经复议" in path:
        return "lawsuit_direct", leaf
    if "复议" in path:
        return "reconsideration", leaf
    return None


def default_unit(col_code: str | None) -> str | None:
    return COLS.get(col_code, (None, None, None))[2]
