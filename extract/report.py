"""Is this page an annual 政府信息公开 report, for which year, and whose (agency)."""
from __future__ import annotations

import re

from .text import squeeze

_REPORT = re.compile(
    r"(?:政府|政务)?信息公开(?:工作)?(?:年度|年)?(?:工作)?(?:报告|年报)|政务公开(?:工作)?年度?报告|"
    r"信息公开.{0,8}年度报告|政府信息公开年度统计报告")
_NOT_REPORT = re.compile(
    r"通知|关于(?:做好|报送|印发|开展|编制|组织|提交|认真|进一步|加强|规范|转发|征集|公开征求)|解读|图解|一图|"
    r"图说|图读|读懂|看懂|H5|视频|动漫|漫画|季度|上半年|下半年|月度|\d{1,2}月份|工作要点|要点|实施方案|"
    r"工作方案|考核|测评|评估|评议|检查|督查|通报|提纲|模板|填报|编制说明|征求意见|问答|答记者问|工作安排|"
    r"培训|会议|报送情况|统计报表")
_YEAR = re.compile(r"((?:19|20)\d\d|[〇○零一二三四五六七八九]{4})\s*年\s*(度)?")
_CN = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}
_BODY_YEAR = (re.compile(r"((?:19|20)\d\d)\s*年\s*度?\s*(?:政府|政务)?信息公开"),
              re.compile(r"统计期限为\s*((?:19|20)\d\d)\s*年"),
              re.compile(r"现将[^。]{0,40}?((?:19|20)\d\d)\s*年"))
ORG_SUFFIX = re.compile(
    r"(?:局|委|办|厅|院|府|会|中心|室|处|所|部|站|队|馆|署|社|镇|乡|街道|办事处|委员会|政府|公司|集团|学校|"
    r"大学|医院|管委会|法院|检察院|人大|政协|监狱|公安|海关|银行|科|股|园区|集团)$")
_NOT_ORG = re.compile(r"网站|官网|本站|本网|原创|佚名|网$|^(?:本|该|我)|报告$|通知$|系统$")
_COMPANION = re.compile(r"^(?:[【\[（(]?(?:一图(?:读懂|看懂|了解|速览|解读)|图解|解读|图说|图读|读懂|看懂|政策解读)"
                        r"[】\]）)]?[：:\s]*)+|^关于(?:印发|做好|报送|编制|转发|公布|发布|开展|提交)?")
_STRIP = re.compile(r"^(?:关于|【[^】]*】|\[[^\]]*\]|[“\"「『《（(])+|(?:关于|的|发布|公布|[”\"」』》）)])+$")


def _year_value(text: str) -> int:
    return int("".join(_CN.get(ch, ch) for ch in text))


def parse_is_report(title: str | None) -> bool:
    """True when the title names a 政府信息公开工作年度报告 itself (not a notice, 解读, 图解, quarter)."""
    title = squeeze(title).replace(" ", "")
    if not title or not _REPORT.search(title):
        return False
    return not _NOT_REPORT.search(title)


def parse_report_year(title: str | None, body: str = "", attachments=()) -> int | None:
    """The year the report covers: from the title (year before 信息公开, or （2017年度）), else the body."""
    title = squeeze(title).replace(" ", "")
    match = _REPORT.search(title)
    if match:
        before = list(_YEAR.finditer(title[:match.end()]))
        if before:
            return _year_value(before[-1].group(1))
        paren = re.search(r"[（(]\s*((?:19|20)\d\d)\s*年度?\s*[）)]", title)
        if paren:
            return int(paren.group(1))
        after = _YEAR.search(title[match.end():])
        if after and after.group(2):
            return _year_value(after.group(1))
    for text in [body[:3000]] + [a.get("text", "") for a in attachments]:
        for regex in _BODY_YEAR:
            found = regex.search(text or "")
            if found:
                return int(found.group(1))
    return None


def is_org_name(name: str | None) -> bool:
    """Looks like the printed name of a government body (not 本站/网站/a person)."""
    name = squeeze(name).replace(" ", "")
    return bool(name) and 3 <= len(name) <= 40 and bool(ORG_SUFFIX.search(name)) \
        and not _NOT_ORG.search(name)


def _title_head(title: str | None, is_report: bool) -> str:
    """The text opening the title before 2017年/政府信息公开 (or before 关于), stripped."""
    title = squeeze(title).replace(" ", "")
    if not title:
        return ""
    match = _REPORT.search(title)
    if match:
        head = title[:match.start()]
    elif not is_report and "关于" in title[1:]:
        head = title.split("关于", 1)[0]
    else:
        return ""
    head = _COMPANION.sub("", head)
    head = _YEAR.sub("", head)
    head = re.sub(r"[（(][^）)]*[）)]", "", head)
    previous = None
    while previous != head:
        previous, head = head, _STRIP.sub("", head)
    return head


def title_agency(title: str | None, is_report: bool) -> str | None:
    """The body named at the start of the title (before 2017年/政府信息公开, or before 关于)."""
    head = _title_head(title, is_report)
    return head if is_org_name(head) else None


_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,12}?(?:[省市区县州盟旗镇乡]|街道)$")
_STOP = "将把对由在是为的和与及向经据按照现我本各该了于从等年月日全"
_CHAIN = rf"(?:(?:(?![{_STOP}])[\u4e00-\u9fff]){{1,6}}?[省市区县州盟旗])*"
# what may not follow a government's name for it to be that government (…人民政府办公室 is another body)
_OTHER_BODY = r"(?![办室厅局委处所司]|各|直属|组成|工作部门|部门|参事|研究|驻)"


def title_place(title: str | None, is_report: bool) -> str | None:
    """A bare place name opening a report title: 安陆市2019年政府信息公开… -> 安陆市."""
    head = _title_head(title, is_report)
    return head if _PLACE.match(head) else None


def place_forms(place: str, names, body: str = "") -> list[str]:
    """Printed names of the government of ``place``: 澄潭镇人民政府, 新昌县澄潭镇(人民政府).

    From ``names`` (落款, 来源, site owner) whole names only; from the body, mentions not followed by
    an office suffix (安陆市人民政府办公室 names another body).
    """
    gov = "办事处" if place.endswith("街道") else "人民政府"
    whole = re.compile(rf"{_CHAIN}{re.escape(place)}(?:{gov})?")
    out = []
    for name in names:
        name = squeeze(name).replace(" ", "") if name else ""
        if name != place and whole.fullmatch(name) and is_org_name(name + ("" if name.endswith(gov) else gov)):
            out.append(name)
    if body:
        for found in re.finditer(rf"{_CHAIN}{re.escape(place)}{gov}{_OTHER_BODY}", body[:20000]):
            out.append(found.group(0))
    return out


def expand_agency(short: str, candidates) -> str:
    """The fullest printed form of ``short``: the longest candidate ending with it."""
    best = short
    for cand in candidates:
        cand = squeeze(cand).replace(" ", "") if cand else ""
        if cand.endswith(short) and len(cand) > len(best) and is_org_name(cand):
            best = cand
    return best


_SHORT_FORM = re.compile(r"^[省市区县州盟旗镇乡]")
_PLACE_CHAIN = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}?[省市区县州盟旗])*[\u4e00-\u9fff]{2,4}$")
_STOP_CHARS = re.compile(r"[将把对由在是为的和与及向经据按照现我本各该了于从等年月日]")


def body_names(body: str, short: str | None = None) -> list[str]:
    """Names printed in the body: 现将X2017年…, and longer forms of ``short`` (X市商务局)."""
    names = []
    match = re.search(r"现(?:将|就|把)(?:我|本)?([\u4e00-\u9fff]{2,30}?)(?:(?:19|20)\d\d|二[〇○零])", body[:3000])
    if match:
        names.append(match.group(1))
    if short and len(short) >= 3:
        for found in re.finditer(r"([\u4e00-\u9fff]{1,14})" + re.escape(short), body[:20000]):
            prefix = found.group(1)
            cut = 0
            for stop in _STOP_CHARS.finditer(prefix):
                if len(prefix) - stop.end() >= 2:
                    cut = stop.end()
            if len(prefix) - cut <= 8 and _PLACE_CHAIN.match(prefix[cut:]):
                names.append(prefix[cut:] + short)
    return names


_SIGN_DATE = re.compile(r"\s*(?:(?:19|20)\d\d|二[〇○零][〇○零一二三四五六七八九]{2})\s*年\s*"
                        r"[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$")


def signature_orgs(body: str) -> list[str]:
    """Organisation lines of the 落款 (the last short lines of the body, before/with the date)."""
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()][-6:]
    out = []
    for line in reversed(lines):
        line = _SIGN_DATE.sub("", line).strip()
        for part in re.split(r"\s+", line):
            if is_org_name(part) and not re.search(r"[，。、：；,.:;]", part):
                out.append(part)
    return list(reversed(out))


def title_org_prefix(title: str | None) -> str | None:
    """An organisation opening a news title: 阜新市商务局召开… -> 阜新市商务局 (shortest such prefix)."""
    title = squeeze(title).replace(" ", "")
    for end in range(3, min(len(title) - 1, 26)):
        head = title[:end]
        if not re.fullmatch(r"[\u4e00-\u9fff]+", head):
            return None
        if ORG_SUFFIX.search(head) and is_org_name(head):
            return head
    return None


def parse_agency(title: str | None, is_report: bool, source: str | None, publisher: str | None,
                 body: str, meta_source: str | None = None, site_owners=()) -> str | None:
    """The reporting (or, for other pages, issuing) body in its fullest printed form.

    Reports: the title's prefix (市商务局2017年…), expanded to the longest printed form ending with
    it. Other pages: the 落款, the organisation opening the title, 发布机构, 来源, the site owner.
    """
    signed = signature_orgs(body)
    structured = [publisher, source, meta_source] + signed + list(site_owners)
    short = title_agency(title, is_report)
    if is_report and short is None:
        place = title_place(title, is_report)
        forms = place_forms(place, structured, body) if place else []
        if forms:
            return _expand(max(forms, key=len), structured, body)
    if is_report:
        ordered = [short] + body_names(body)[:1] + [publisher, source, meta_source] + signed
    else:
        ordered = signed + [short, title_org_prefix(title), publisher, source, meta_source]
        ordered += list(site_owners)
    for cand in ordered:
        cand = squeeze(cand).replace(" ", "") if cand else ""
        if is_org_name(cand):
            return _expand(cand, structured, body)
    return None


def _expand(short: str, structured: list, body: str) -> str:
    full = expand_agency(short, structured)
    if full == short and _SHORT_FORM.match(short):
        full = expand_agency(short, body_names(body, short))
    if full == short and _PLACE.match(short):
        full = max([short] + place_forms(short, structured, body), key=len)
    return full
