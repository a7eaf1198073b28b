"""Is this page an annual 政府信息公开 report, for which year, and whose (agency)."""
from __future__ import annotations

import re
import unicodedata

from .text import fold, short_text_cache, squeeze

_REPORT = re.compile(
    r"(?:政府|政务)?信息公开(?:工作)?(?:年度|年)?(?:工作)?(?:报告|年报)|政务公开(?:工作)?(?:年度|年)?(?:报告|年报)|"
    r"信息公开.{0,8}年度报告|政府信息公开年度统计报告|"
    # 关于2016年度政府信息公开工作情况的报告: a report on one year's work (the year is required)
    r"(?<=[年度])(?:政府|政务)?(?:信息)?公开工作(?:开展)?情况的?报告")
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
    r"大学|医院|管委会|法院|检察院|人大|政协|监狱|公安|海关|银行|科|股|园区|集团|"
    # zones run by their own 管委会 report in the zone's name (XX生态实验区, XX经济技术开发区)
    r"实验区|试验区|示范区|开发区|高新区|经开区|合作区|保护区|度假区|风景区|管理区|产业园|工业园|科技园)$")
_NOT_ORG = re.compile(r"网站|官网|本站|本网|原创|佚名|网$|^(?:本|该|我)|报告$|通知$|系统$")
_COMPANION = re.compile(r"^(?:[【\[（(]?(?:一图(?:读懂|看懂|了解|速览|解读)|图解|解读|图说|图读|读懂|看懂|政策解读)"
                        r"[】\]）)]?[：:\s|｜丨·—-]*)+|^关于(?:印发|做好|报送|编制|转发|公布|发布|开展|提交)?")
_STRIP = re.compile(r"^(?:关于|【[^】]*】|\[[^\]]*\]|[“\"「『《（(])+|(?:关于|的|发布|公布|[”\"」』》）)])+$")


def _year_value(text: str) -> int:
    return int("".join(_CN.get(ch, ch) for ch in text))


# What may follow the report phrase when it is the title's head noun: bracketed notes (（2020年）,
# （全文）, [PDF]), a file note (附件1, 全文, .pdf, PDF版), or a separator and the issuing body.
_BRACKETED = re.compile(r"[（(【\[〔《<][^）)】\]〕》>]*[）)】\]〕》>]?")
_FILE_NOTE = re.compile(r"附件|附表|全文|正文|文本|下载|修订版|更正版|(?:图片|图文|超链接?|文字|网页|长图|简明|[简全正修])?版|长图|"
                        r"及|和|与|的?附件|"
                        r"[\s\W\d_A-Za-z]+")
_SEPARATOR = re.compile(r"^[\s—–\-_|｜:：/·]+")


def _report_is_head(title: str) -> bool:
    """The (last) report phrase ends the title, but for bracketed or file notes or a separated body."""
    tail = title[list(_REPORT.finditer(title))[-1].end():]
    sep = _SEPARATOR.match(tail)
    if sep and is_org_name(_BRACKETED.sub("", tail[sep.end():]).strip()):
        return True
    rest = _FILE_NOTE.sub("", _BRACKETED.sub("", tail))
    return not re.search(r"[\u4e00-\u9fff]", rest)


def parse_is_report(title: str | None) -> bool:
    """True when the title names a 政府信息公开工作年度报告 itself (not a notice, 解读, 图解, quarter):
    the report phrase is the title's head noun, not followed by a predicate (…编制工作部署会召开)."""
    title = fold(squeeze(title).replace(" ", ""))
    if not title or not _REPORT.search(title):
        return False
    return not _NOT_REPORT.search(title) and _report_is_head(title)


def parse_report_year(title: str | None, body: str = "", attachments=()) -> int | None:
    """The year the report covers: from the title (year before 信息公开, or （2017年度）), else the body."""
    title = fold(squeeze(title).replace(" ", ""))
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
            found = regex.search(fold(text or ""))
            if found:
                return int(found.group(1))
    return None


@short_text_cache  # asked of the same heading and signature lines by several passes
def is_org_name(name: str | None) -> bool:
    """Looks like the printed name of a government body (not 本站/网站/a person)."""
    name = fold(squeeze(name).replace(" ", ""))
    # a fragment opening with punctuation (｜XX局 cut from 一图读懂｜XX局…) is no body's name
    return bool(name) and 3 <= len(name) <= 40 and bool(ORG_SUFFIX.search(name)) \
        and unicodedata.category(name[0])[0] not in "PS" and not _NOT_ORG.search(name)


def _title_head(title: str | None, is_report: bool) -> str:
    """The text opening the title before 2017年/政府信息公开 (or before 关于), stripped."""
    printed = squeeze(title).replace(" ", "")
    if not printed:
        return ""
    title = fold(printed)
    match = _REPORT.search(title)
    if match:
        end = match.start()
    elif not is_report and "关于" in title[1:]:
        end = title.index("关于")
    else:
        return ""
    pair = (title[:end], printed[:end])
    for regex in (_COMPANION, _YEAR, _PARENS):
        pair = _drop(regex, pair)
    previous = None
    while previous != pair[0]:
        previous, pair = pair[0], _drop(_STRIP, pair)
    return pair[1]


_PARENS = re.compile(r"[（(][^）)]*[）)]")


def _drop(regex, pair: tuple[str, str]) -> tuple[str, str]:
    """Remove ``regex``'s matches in the folded text from both it and the printed text (same length)."""
    folded, printed = pair
    keep, at = [], 0
    for found in regex.finditer(folded):
        keep.append((at, found.start()))
        at = found.end()
    if not keep:
        return pair
    keep.append((at, len(folded)))
    return "".join(folded[a:b] for a, b in keep), "".join(printed[a:b] for a, b in keep)


def title_agency(title: str | None, is_report: bool) -> str | None:
    """The body named at the start of the title (before 2017年/政府信息公开, or before 关于)."""
    head = _title_head(title, is_report)
    return head if is_org_name(head) else None


_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,12}?(?:[省市区县州盟旗镇乡]|街道)$")
_STOP = "将把对由在是为的和与及向经据按照现我本各该了于从等年月日全"
_FREE = rf"(?:(?![{_STOP}])[\u4e00-\u9fff])"
# places above a town: 新昌县, 成都市金牛区, and autonomous ones with long names (石柱土家族自治县)
_CHAIN = rf"(?:{_FREE}{{1,6}}?[省市区县州盟旗]|{_FREE}{{1,12}}?自治[州县旗区])*"
# what may not follow a government's name for it to be that government (…人民政府办公室 is another body)
_OTHER_BODY = r"(?![办室厅局委处所司]|各|直属|组成|工作部门|部门|参事|研究|驻)"


def title_place(title: str | None, is_report: bool) -> str | None:
    """A bare place name opening a report title: 安陆市2019年政府信息公开… -> 安陆市."""
    head = _title_head(title, is_report)
    return head if _PLACE.match(fold(head)) else None


def place_forms(place: str, names, body: str = "") -> list[str]:
    """Printed names of the government of ``place``: 澄潭镇人民政府, 新昌县澄潭镇(人民政府).

    From ``names`` (落款, 来源, site owner) whole names only; from the body, mentions not followed by
    an office suffix (安陆市人民政府办公室 names another body).
    """
    place = fold(place)
    street = place.endswith("街道")
    gov = "办事处" if street else "人民政府"
    # a 街道办事处 is the district government's agency: 成都市金牛区人民政府抚琴街道办事处
    chain = rf"{_CHAIN}(?:(?<=[区县市旗])人民政府)?" if street else _CHAIN
    whole = re.compile(rf"{chain}{re.escape(place)}(?:{gov})?")
    out = []
    for name in names:
        name = squeeze(name).replace(" ", "") if name else ""
        key = fold(name)
        if key != place and whole.fullmatch(key) and is_org_name(key + ("" if key.endswith(gov) else gov)):
            out.append(name)
    if body:
        body = body[:20000]
        for found in re.finditer(rf"{chain}{re.escape(place)}{gov}{_OTHER_BODY}", fold(body)):
            out.append(body[found.start():found.end()])
    return out


# Standard abbreviations of government bodies, long form -> short form, to match a short form printed in
# the title with the long form printed in the 落款 (same body). Offices (…人民政府办公室, 政府办) are not
# folded into their government: they are different bodies.
_ABBREVIATIONS = {
    "管理委员会": "管委会", "经济技术开发区": "经开区", "经济开发区": "经开区",
    "高新技术产业开发区": "高新区", "高新技术开发区": "高新区", "高新技术产业园区": "高新区",
    "发展和改革委员会": "发改委", "发展改革委员会": "发改委", "发展和改革局": "发改局", "发展改革局": "发改局",
    "人力资源和社会保障": "人社", "人力资源社会保障": "人社",
    "住房和城乡建设": "住建", "住房城乡建设": "住建",
    "市场监督管理局": "市监局", "市场监管局": "市监局",
    "卫生健康委员会": "卫健委", "卫生和健康委员会": "卫健委", "卫生和计划生育委员会": "卫计委",
    "卫生健康局": "卫健局", "工业和信息化": "工信", "科学技术局": "科技局", "教育体育局": "教体局",
    "退役军人事务": "退役军人", "医疗保障局": "医保局", "应急管理局": "应急局",
    "民族宗教事务": "民宗", "民族和宗教事务": "民宗", "交通运输局": "交通局", "城市管理局": "城管局",
    "综合行政执法局": "综合执法局", "行政审批服务局": "行政审批局", "文化和旅游": "文旅", "文化旅游": "文旅",
    "文化广电和旅游": "文广旅", "文化广电旅游": "文广旅", "自然资源和规划": "自然资源规划",
    "人民代表大会常务委员会": "人大常委会", "人民政府": "政府",
}
_ABBREVIATION = re.compile("|".join(sorted(map(re.escape, _ABBREVIATIONS), key=len, reverse=True)))
# …区人民政府XX街道办事处 is the full official name of …区XX街道办事处
_STREET_GOV = re.compile(r"(?<=[区县市旗])(?:人民)?政府(?=[\u4e00-\u9fff]{1,10}?街道(?:办事处)?$)")


def name_key(name: str) -> str:
    """``name`` folded to Simplified with standard abbreviations applied, for comparing names only."""
    key = _STREET_GOV.sub("", fold(squeeze(name).replace(" ", "")))
    return _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(0)], key)


def expand_agency(short: str, candidates) -> str:
    """The fullest printed form of ``short``: the longest candidate ending with it (compared by
    ``name_key``: 滁州经济技术开发区管理委员会 ends with 滁州经开区管委会)."""
    best, key = short, name_key(short)
    for cand in candidates:
        cand = squeeze(cand).replace(" ", "") if cand else ""
        if len(cand) > len(best) and name_key(cand).endswith(key) and is_org_name(cand):
            best = cand
    return best


_SHORT_FORM = re.compile(r"^[省市区县州盟旗镇乡]")
_PLACE_CHAIN = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}?[省市区县州盟旗]|[\u4e00-\u9fff]{2,12}?自治[州县旗区])*"
                          r"(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{2,12}?自治)$")
_STOP_CHARS = re.compile(r"[将把对由在是为的和与及向经据按照现我本各该了于从等年月日]")


def body_names(body: str, short: str | None = None) -> list[str]:
    """Names printed in the body: 现将X2017年…, and longer forms of ``short`` (X市商务局)."""
    names = []
    printed = body[:20000]
    body = fold(printed)
    match = re.search(r"现(?:将|就|把)(?:我|本)?([\u4e00-\u9fff]{2,30}?)(?:(?:19|20)\d\d|二[〇○零])", body[:3000])
    if match:
        names.append(printed[match.start(1):match.end(1)])
    if short and len(short) >= 3:
        for found in re.finditer(r"([\u4e00-\u9fff]{1,20})" + re.escape(fold(short)), body):
            prefix = found.group(1)
            cut = 0
            for stop in _STOP_CHARS.finditer(prefix):
                if len(prefix) - stop.end() >= 2:
                    cut = stop.end()
            if len(prefix) - cut <= (16 if "自治" in prefix[cut:] else 8) and _PLACE_CHAIN.match(prefix[cut:]):
                names.append(printed[found.start(1) + cut:found.end()])
    return names


_SIGN_DATE = re.compile(r"\s*(?:(?:19|20)\d\d|二[〇○零][〇○零一二三四五六七八九]{2})\s*年\s*"
                        r"[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$")


# words of a sentence, never of a body's name (如对本报告有疑问请联系…办公室, 关于准予…学校)
_SENTENCE_WORD = re.compile(r"关于|联系|负责|如对|如有|请|根据|按照|通过|进行|开展|组织(?!部|机构)|参加|举办|召开|"
                            r"印发|准予|特此|以上|现将|本报告|解释|电话|地址|邮编")
# the last character of a name suffix with the next character forming a word: a cut inside a
# longer word (…延续部|分, …交会|议, 社|会) is not a name's end
_CONTINUES = {"部": "分署门位件长队", "会": "议展同商场谈员上计签", "局": "面势限部", "院": "校士长子",
              "所": "有属得在以谓需", "处": "理置罚分于在", "室": "内外", "站": "点长位", "队": "伍员长",
              "社": "会区保团", "科": "学技研室目", "股": "份东票权", "委": "托员屈", "办": "理法公事学好",
              "府": "邸", "馆": "藏长", "厅": "长堂", "署": "名", "乡": "村镇亲土", "镇": "村街"}


def is_name_at(text: str, end: int) -> bool:
    """``text[:end]`` ends at a name boundary: the next character does not continue its last word."""
    return end >= len(text) or text[end] not in _CONTINUES.get(text[end - 1], "")


def _name_shaped(part: str) -> bool:
    return is_org_name(part) and not re.search(r"[，。、：；,.:;（）()>》|/]", part) \
        and not _SENTENCE_WORD.search(fold(part))


def signature_orgs(body: str) -> list[str]:
    """Organisation lines of the 落款: the last short lines of the body that hold nothing but
    body names (and the date). A table row or a sentence naming a body is not a 落款."""
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()][-6:]
    out = []
    for line in reversed(lines):
        parts = re.split(r"\s+", _SIGN_DATE.sub("", line).strip())
        if len(line) <= 40 and parts and all(_name_shaped(part) for part in parts):
            out += parts[::-1]
    return list(reversed(out))


def title_org_prefix(title: str | None) -> str | None:
    """An organisation opening a news title: 阜新市商务局召开… -> 阜新市商务局 (shortest such prefix
    ending at a name boundary; never a sentence: 关于准予…学校, 青岚市组织企业参加…交易会)."""
    title = squeeze(title).replace(" ", "")
    for end in range(3, min(len(title) - 1, 26)):
        head = title[:end]
        if not re.fullmatch(r"[\u4e00-\u9fff]+", head) or _SENTENCE_WORD.search(fold(head)):
            return None
        if is_org_name(head) and is_name_at(fold(title), end):
            return head
    return None


_DATED = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")


def document_head_agency(body: str) -> str | None:
    """The body named by the document's own title at its head (a reposted report: the page's
    title is bare, the body opens with 青岚市生态环境局2018年政府信息公开工作年度报告)."""
    for line in [ln.strip() for ln in body.splitlines() if ln.strip()][:2]:
        if _DATED.search(line):                        # a listed link (title + date), not a head
            break
        named = title_agency(line, True) if len(line) <= 60 and parse_is_report(line) else None
        if named and _name_shaped(named):
            return named
        bare = line.strip("（）() ")
        if len(bare) <= 30 and _name_shaped(bare):     # the issuing body on its own line
            return bare
        if not _REPORT.search(line):                   # the head ends with the first other line
            break
    return None


def parse_agency(title: str | None, is_report: bool, source: str | None, publisher: str | None,
                 body: str, meta_source: str | None = None, site_owners=(), under_heading: str = "") -> str | None:
    """The reporting (or, for other pages, issuing) body in its fullest printed form.

    Reports: the title's prefix (市商务局2017年…), else the body the document's head names (a line
    under the heading, the body's opening lines), its 落款, 现将X…, then 发布机构/来源 — never the
    office of the body or place the title names; expanded to the longest printed form ending with it.
    Other pages: the 落款, then the publishing body (发布机构, 来源), then the organisation opening
    the title (a 图解 names the body whose report it shows, not who published it), the site owner.
    """
    signed = signature_orgs(body)
    structured = [publisher, source, meta_source] + signed + list(site_owners)
    short = title_agency(title, is_report)
    if is_report and short is None:
        place = title_place(title, is_report)
        forms = place_forms(place, structured, body) if place else []
        if forms:
            return _expand(max(forms, key=len), structured, body, signed)
    offices: list[str] = []
    if is_report:
        # the document's own evidence (title, its head, 落款, 现将X…) before what the site says:
        # 发布机构/来源 may be the office that compiled it or the site that reposted it
        named = fold(short or title_place(title, is_report) or "")
        head = document_head_agency(under_heading) or document_head_agency(body)
        ordered = [short, head] + signed + body_names(body)[:1] + [publisher, source, meta_source]
        offices = [c for c in ordered if c and named and _is_office_of(fold(squeeze(c)), named)]
        ordered = [c for c in ordered if c not in offices]
    else:
        ordered = signed + [publisher, source, meta_source, short, title_org_prefix(title)]
        ordered += list(site_owners)
    for cand in ordered:
        cand = squeeze(cand).replace(" ", "") if cand else ""
        if is_org_name(cand) and not _SENTENCE_WORD.search(fold(cand)):
            return _expand(cand, structured, body, signed)
    # only the titled government's office is printed: its name holds the government's (云溪县人民政府办公室)
    for office in offices:
        government = re.sub(r"办公[室厅]$", "", squeeze(office).replace(" ", ""))
        if government.endswith("人民政府"):
            return government
    return None


def _is_office_of(name: str, named: str) -> bool:
    """``name`` is the office (办公室/办公厅) of the body or place ``named`` (青岚市 → 青岚市人民政府办公室,
    明湖生态实验区 → 明湖生态实验区管委会办公室): it compiled the report and is not its agency."""
    return bool(re.fullmatch(re.escape(named) + r"(?:人民政府|政府|管委会|管理委员会)?办公[室厅]", name))


_ZONE_COMMITTEE = re.compile(r"(?<=区)(?:管理委员会|管委会)$")


def _in_order(short: str, name: str) -> bool:
    """Every character of ``short`` appears in ``name`` in order (高新区 in 高新技术产业开发区)."""
    chars = iter(name)
    return all(c in chars for c in short)


def signed_full_form(short: str, signed) -> str:
    """The 落款's longer name of the body ``short`` abbreviates (青岚高新区 signed 青岚高新技术产业开发区
    管理委员会), else ``short``. The abbreviation keeps the name's characters in order, its first
    and its last (a zone's 管委会 is the zone's own body); an office (…办公室/办公厅) is another body."""
    best, key = short, fold(squeeze(short).replace(" ", ""))
    for cand in signed:
        cand = squeeze(cand).replace(" ", "") if cand else ""
        name = _ZONE_COMMITTEE.sub("", fold(cand))
        if len(cand) <= len(best) or not key or not is_org_name(cand) or re.search(r"办公[室厅]$", name):
            continue
        if name[0] == key[0] and name[-1] == key[-1] and _in_order(key, name):
            best = cand
    return best


def _expand(short: str, structured: list, body: str, signed: list[str]) -> str:
    """``short`` in its fullest printed form; ``signed``: the body's signature_orgs."""
    full = expand_agency(short, structured)
    if full == short:
        full = signed_full_form(short, signed)
    if full == short and _SHORT_FORM.match(fold(short)):
        full = expand_agency(short, body_names(body, short))
    if full == short and _PLACE.match(fold(short)):
        full = max([short] + place_forms(short, structured, body), key=len)
    return full
