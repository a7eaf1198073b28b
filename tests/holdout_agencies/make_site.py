"""Build the 汶阳县 holdout site: one county platform (大汉 Hanweb-like URLs) whose
政府信息公开年报 column carries the annual reports of eight agencies, 2021-2025, with gaps,
continuity failures and quality defects.  See README.md and expected.json.

Run with .venv/bin/python tests/holdout_agencies/make_site.py (from the checkout).
Writes tests/holdout_agencies/www/ and tests/holdout_agencies/expected.json.
Deterministic: no clock; numbers come from random.Random(fixed seed) per report.
All links are root-relative.
"""
import io
import json
import os
import random
import shutil
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
WWW = os.path.join(HERE, "www")
COLID = 40123
COL = f"/col/col{COLID}/"
CITY = "泰安市"
COUNTY = "汶阳县"
CODE = "370924"
GOV = "汶阳县人民政府"
PER_PAGE = 19
TODAY = "2026-12-07"

# ---- agencies -------------------------------------------------------------------------------
# key: canonical, printed short (来源), level, template, enc, field, volume profile
AGENCIES = {
    "gov": dict(name=GOV, short="县政府办公室", level="county", tpl="A", enc="utf-8",
                field="重大决策、财政预决算、重点项目", scale="mid", publisher="汶阳县人民政府办公室"),
    "jiaoti": dict(name="汶阳县教育和体育局", short="县教体局", level="department", tpl="B", enc="utf-8",
                   field="招生入学、学校收费、体育赛事", scale="small"),
    "weijian": dict(name="汶阳县卫生健康局", short="县卫健局", level="department", tpl="B", enc="utf-8",
                    field="医疗机构、公共卫生、疾病预防", scale="tiny"),
    "ziran": dict(name="汶阳县自然资源和规划局", short="县自然资源和规划局", level="department", tpl="D",
                  enc="utf-8", field="土地征收、规划许可、不动产登记", scale="large"),
    "shijian": dict(name="汶阳县市场监督管理局", short="县市场监管局", level="department", tpl="C",
                    enc="gbk", field="市场主体登记、食品药品安全、质量抽检", scale="small"),
    "renshe": dict(name="汶阳县人力资源和社会保障局", short="县人社局", level="department", tpl="B",
                   enc="utf-8", field="就业创业、社会保险、劳动关系", scale="small"),
    "zhujian": dict(name="汶阳县住房和城乡建设局", short="县住建局", level="department", tpl="A",
                    enc="utf-8", field="房屋征收、保障性住房、建筑市场", scale="mid"),
    "wencheng": dict(name="汶阳县汶城镇人民政府", short="汶城镇", level="township", tpl="D", enc="utf-8",
                     field="乡村振兴、民生保障、村务", scale="tiny_town"),
}
for k, a in AGENCIES.items():
    a["key"] = k
    a["parent"] = None if k == "gov" else GOV

# ---- reports --------------------------------------------------------------------------------
# (agency, year, published, aid, options)
REPORTS = [
    ("gov", 2021, "2022-03-24", 1702311, {}),
    ("gov", 2022, "2023-03-28", 1788402, {}),
    ("gov", 2023, "2024-03-26", 1869125, {}),
    ("gov", 2024, "2025-03-25", 1950388, {"graphic": True}),
    ("gov", 2025, "2026-03-27", 2031764, {"co_override": 0}),            # 2024 CF=5 -> failure
    ("jiaoti", 2021, "2022-01-26", 1690212, {}),
    ("jiaoti", 2022, "2023-01-19", 1771530, {"drop_section": 4}),       # no 四
    ("jiaoti", 2023, "2024-01-23", 1852007, {}),
    ("jiaoti", 2024, "2025-01-21", 1933416, {"inforce_override": 15}),   # expected 13
    ("weijian", 2021, "2022-01-25", 1690108, {"short_title": True}),
    ("weijian", 2022, "2023-01-17", 1771218, {}),
    ("weijian", 2024, "2025-01-16", 1932877, {"section5_empty": True}),
    ("weijian", 2025, "2026-01-22", 2014690, {}),
    ("ziran", 2021, "2022-01-28", 1690533, {}),
    ("ziran", 2022, "2023-01-30", 1771899, {}),
    ("ziran", 2023, "2024-01-29", 1852644, {"co_override": 9, "fees_contradiction": True}),  # 2022 CF=12
    ("ziran", 2024, "2025-01-24", 1933702, {}),
    ("ziran", 2025, "2026-01-29", 2015233, {}),
    ("shijian", 2022, "2023-01-20", 1771642, {}),
    ("shijian", 2023, "2024-01-25", 1852310, {}),
    ("shijian", 2024, "2025-01-22", 1933520, {}),
    ("renshe", 2021, "2022-01-27", 1690420, {}),
    ("renshe", 2022, "2023-01-29", 1771755, {}),
    ("renshe", 2023, "2024-01-30", 1852801, {"pdf": True}),
    ("renshe", 2024, "2025-01-27", 1933931, {}),
    ("renshe", 2025, "2026-01-30", 2015402, {"repost": True}),
    ("zhujian", 2021, "2022-01-24", 1689975, {"sum_fail": True}),
    ("zhujian", 2023, "2024-02-06", 1853390, {}),                        # published late
    ("zhujian", 2024, "2025-01-23", 1933611, {"repeat_of": 2023}),
    ("zhujian", 2025, "2026-01-26", 2014988, {}),
    ("wencheng", 2021, "2022-03-18", 1700827, {"place_title": True}),
    ("wencheng", 2022, "2023-03-22", 1786530, {"image": True}),
    ("wencheng", 2023, "2024-03-20", 1867402, {}),
    ("wencheng", 2024, "2025-03-19", 1948861, {}),
]

# application volumes: (new applications) by scale and year
NEW = {
    "mid": {2021: 64, 2022: 71, 2023: 83, 2024: 77, 2025: 69},
    "small": {2021: 27, 2022: 34, 2023: 41, 2024: 38, 2025: 33},
    "tiny": {2021: 9, 2022: 14, 2023: 12, 2024: 18, 2025: 11},
    "large": {2021: 268, 2022: 341, 2023: 412, 2024: 376, 2025: 295},
    "tiny_town": {2021: 3, 2022: 5, 2023: 2, 2024: 6, 2025: 4},
}
AGENCY_NEW_ADJ = {"zhujian": 41, "shijian": 12, "renshe": 6, "jiaoti": -4}
CF = {  # carried forward (总计) per (agency, year)
    ("gov", 2021): 3, ("gov", 2022): 2, ("gov", 2023): 4, ("gov", 2024): 5, ("gov", 2025): 2,
    ("jiaoti", 2021): 1, ("jiaoti", 2022): 0, ("jiaoti", 2023): 2, ("jiaoti", 2024): 1,
    ("weijian", 2021): 0, ("weijian", 2022): 1, ("weijian", 2024): 0, ("weijian", 2025): 1,
    ("ziran", 2021): 8, ("ziran", 2022): 12, ("ziran", 2023): 15, ("ziran", 2024): 10, ("ziran", 2025): 7,
    ("shijian", 2022): 2, ("shijian", 2023): 1, ("shijian", 2024): 3,
    ("renshe", 2021): 1, ("renshe", 2022): 2, ("renshe", 2023): 0, ("renshe", 2024): 2, ("renshe", 2025): 1,
    ("zhujian", 2021): 4, ("zhujian", 2023): 3, ("zhujian", 2024): 6, ("zhujian", 2025): 2,
    ("wencheng", 2021): 0, ("wencheng", 2022): 1, ("wencheng", 2023): 0, ("wencheng", 2024): 0,
}
CO_FIRST = {"gov": 1, "jiaoti": 0, "weijian": 0, "ziran": 5, "shijian": 1, "renshe": 0, "zhujian": 2,
            "wencheng": 0}
# normative documents: (in force at the end of the agency's first year, issued/repealed per year)
NORM_START = {"gov": 46, "jiaoti": 9, "weijian": 4, "ziran": 11, "shijian": 3, "renshe": 7, "zhujian": 8,
              "wencheng": 0}
NORM_FLOW = {"gov": [(9, 4), (7, 3), (8, 6), (6, 2), (5, 3)], "jiaoti": [(2, 0), (3, 1), (1, 0), (2, 1), (0, 0)],
             "weijian": [(1, 0), (0, 0), (1, 1), (2, 0), (1, 0)], "ziran": [(3, 1), (2, 2), (4, 0), (1, 3), (2, 0)],
             "shijian": [(1, 0), (0, 0), (2, 1), (1, 0), (0, 0)], "renshe": [(2, 1), (1, 0), (3, 2), (1, 1), (2, 0)],
             "zhujian": [(2, 0), (1, 1), (3, 0), (2, 2), (1, 0)], "wencheng": [(0, 0)] * 5}

COLS = ["natural_person", "business", "research", "public_interest", "legal_services", "other_org"]
COL_W = [0.78, 0.12, 0.01, 0.02, 0.05, 0.02]
OUTCOMES = ["granted", "partly_granted",
            "denied_state_secret", "denied_law", "denied_three_safety", "denied_third_party",
            "denied_internal", "denied_process", "denied_enforcement_file", "denied_inquiry",
            "unable_not_held", "unable_need_create", "unable_unclear",
            "not_processed_petition", "not_processed_repeat", "not_processed_publication",
            "not_processed_massive", "not_processed_confirm",
            "other_no_correction", "other_no_fee", "other_other"]
PROFILE = {
    "default": {"granted": .52, "partly_granted": .10, "denied_third_party": .03, "denied_process": .02,
                "denied_internal": .01, "denied_inquiry": .01, "unable_not_held": .17, "unable_need_create": .04,
                "unable_unclear": .02, "not_processed_petition": .03, "not_processed_repeat": .02,
                "not_processed_confirm": .01, "other_no_correction": .01, "other_other": .01},
    "land": {"granted": .31, "partly_granted": .09, "denied_third_party": .04, "denied_process": .03,
             "denied_law": .01, "denied_enforcement_file": .01, "denied_inquiry": .02, "unable_not_held": .30,
             "unable_need_create": .05, "unable_unclear": .03, "not_processed_petition": .04,
             "not_processed_repeat": .03, "not_processed_massive": .01, "not_processed_confirm": .01,
             "other_no_correction": .01, "other_other": .01},
}
ROW_LABELS = {
    "granted": "（一）予以公开", "partly_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied_state_secret": "1.属于国家秘密", "denied_law": "2.其他法律行政法规禁止公开",
    "denied_three_safety": "3.危及“三安全一稳定”", "denied_third_party": "4.保护第三方合法权益",
    "denied_internal": "5.属于三类内部事务信息", "denied_process": "6.属于四类过程性信息",
    "denied_enforcement_file": "7.属于行政执法案卷", "denied_inquiry": "8.属于行政查询事项",
    "unable_not_held": "1.本机关不掌握相关政府信息", "unable_need_create": "2.没有现成信息需要另行制作",
    "unable_unclear": "3.补正后申请内容仍不明确",
    "not_processed_petition": "1.信访举报投诉类申请", "not_processed_repeat": "2.重复申请",
    "not_processed_publication": "3.要求提供公开出版物", "not_processed_massive": "4.无正当理由大量反复申请",
    "not_processed_confirm": "5.要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_no_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_other": "3.其他",
}


def largest_remainder(weights, n):
    tot = sum(weights.values())
    raw = {k: w / tot * n for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    rest = n - sum(out.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - out[k]), OUTCOMES.index(k)))[:rest]:
        out[k] += 1
    return out


def pick_cols(rng, n):
    return [rng.choices(COLS, COL_W)[0] for _ in range(n)]


def build_stats():
    """Tally the cases of every report; carried-forward cases become next year's carried-over."""
    prev_cf_cases = {}
    prev_inforce = {}
    prev_year = {}
    for spec in REPORTS:
        key, y, _pub, aid, opt = spec
        a = AGENCIES[key]
        rng = random.Random(aid)
        n_new = NEW[a["scale"]][y] + AGENCY_NEW_ADJ.get(key, 0)
        new_cases = pick_cols(rng, n_new)
        if key not in prev_cf_cases:
            co_cases = pick_cols(rng, CO_FIRST[key])
        elif prev_year[key] != y - 1:  # gap year: carried-over from the unpublished year
            co_cases = pick_cols(rng, 1)
        else:
            co_cases = list(prev_cf_cases[key])
        if "co_override" in opt:
            co_cases = pick_cols(rng, opt["co_override"])
        cases = co_cases + new_cases
        cf_n = CF[(key, y)]
        cf_cases = new_cases[len(new_cases) - cf_n:]
        processed = co_cases + new_cases[:len(new_cases) - cf_n]
        prof = dict(PROFILE["land" if key == "ziran" else "default"])
        prof["granted"] *= {"weijian": 1.5, "wencheng": 1.8, "shijian": 0.8, "zhujian": 0.9}.get(key, 1)
        prof["unable_not_held"] *= {"renshe": 1.6, "jiaoti": 1.3}.get(key, 1)
        if opt.get("fees_contradiction"):
            prof["other_no_fee"] = .005
        counts = largest_remainder(prof, len(processed))
        if opt.get("fees_contradiction") and counts.get("other_no_fee", 0) == 0:
            counts["other_no_fee"] = 1
            counts["granted"] -= 1
        order = list(processed)
        rng.shuffle(order)
        app = {r: {c: 0 for c in COLS} for r in ["new", "carried_over"] + OUTCOMES + ["total", "carried_forward"]}
        for c in new_cases:
            app["new"][c] += 1
        for c in co_cases:
            app["carried_over"][c] += 1
        for c in cf_cases:
            app["carried_forward"][c] += 1
        i = 0
        for o in OUTCOMES:
            for _ in range(counts.get(o, 0)):
                app[o][order[i]] += 1
                app["total"][order[i]] += 1
                i += 1
        assert i == len(order)
        for r in app:
            app[r]["total"] = sum(app[r][c] for c in COLS)
        if opt.get("sum_fail"):  # printed (七)总计 one too high in the 总计 column
            app["total"]["total"] += 1
        # section 二
        idx = y - 2021
        issued, repealed = NORM_FLOW[key][idx]
        if key not in prev_inforce:
            in_force = NORM_START[key]
        else:
            in_force = prev_inforce[key] + issued - repealed
        if "inforce_override" in opt:
            in_force = opt["inforce_override"]
        scale = {"mid": 30, "small": 12, "tiny": 5, "large": 40, "tiny_town": 0}[a["scale"]]
        active = {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_docs": {"issued": issued, "repealed": repealed, "in_force": in_force},
            "licensing": {"decisions": 0 if key in ("gov", "wencheng") else scale * 37 + rng.randint(0, 300)},
            "penalties": {"decisions": 0 if key in ("gov", "renshe") else scale * 4 + rng.randint(0, 40)},
            "enforcement": {"decisions": 0 if key in ("gov", "renshe", "jiaoti") else rng.randint(0, 9)},
            "fees": {"amount": 0 if key in ("gov", "wencheng", "weijian") else round(scale * 3.1 + rng.randint(0, 900) / 100, 2)},
        }
        # section 四
        rv = {}
        nrec = {"large": 6, "mid": 2, "small": 1}.get(a["scale"], 0)
        for row in ("reconsideration", "lawsuit_direct", "lawsuit_after_reconsideration"):
            k = nrec if row == "reconsideration" else nrec // 2
            upheld = (k + 1) // 2 if k else 0
            corrected = 1 if k >= 2 else 0
            pending = k - upheld - corrected
            rv[row] = {"upheld": upheld, "corrected": corrected, "other_result": 0, "pending": max(pending, 0)}
            rv[row]["total"] = sum(rv[row].values())
        fees_charged = 860 if opt.get("fees_contradiction") else (0 if key == "ziran" else None)
        STATS[(key, y)] = dict(applications=app, active=active, review=rv, fees_charged=fees_charged)
        prev_cf_cases[key] = cf_cases
        prev_inforce[key] = in_force
        prev_year[key] = y


STATS = {}

# ---- prose ---------------------------------------------------------------------------------
V_MGMT = [
    "{short}严格落实政府信息公开属性源头认定制度，公文在起草环节即明确公开方式。",
    "{short}组织对现行有效文件进行集中清理，及时更新政策文件库。",
    "{short}健全信息发布审核机制，落实“先审后发、一事一审”要求，全年未发生泄密事件。",
]
V_PLAT = [
    "依托县政府门户网站政府信息公开专栏，规范设置{field}等栏目。",
    "进一步优化政务新媒体矩阵，通过微信公众号同步推送{field}信息。",
    "加强政府信息公开专栏日常维护，定期开展栏目内容自查，确保{field}信息及时更新。",
]
V_SUPER = [
    "将政府信息公开工作纳入年度目标考核，明确分管领导和专职工作人员。",
    "组织开展政务公开业务培训两次，提升工作人员的公开意识和业务能力。",
    "主动接受社会监督，畅通意见反馈渠道，全年未收到有关政府信息公开的投诉举报。",
]
V_TEAM = [
    "调整充实政务公开工作领导小组，由主要负责同志牵头抓总，办公室具体承办。落实一名专职工作人员负责信息发布和依申请公开答复。",
    "建立政务公开联络员制度，各股室确定一名联络员。每季度召开一次工作推进会，通报栏目更新情况。",
    "将政务公开纳入干部教育培训内容，新入职人员全部参加岗前培训。组织业务骨干赴先进地区学习交流。",
]
V_PROB = [
    "一是政策解读形式较为单一，图解、视频等形式运用不多；二是部分栏目更新不够及时。",
    "一是主动公开的深度和广度仍需拓展；二是依申请公开答复的规范化水平有待提高。",
    "一是基层工作人员业务能力参差不齐；二是公众参与渠道的互动效果还不够明显。",
]
V_IMPR = [
    "下一步，{short}将丰富解读形式，建立栏目更新台账，落实专人定期巡查。",
    "下一步，{short}将围绕{field}等重点领域深化公开，规范答复文书格式，加强法律审核。",
    "下一步，{short}将加大业务培训力度，完善意见征集和结果反馈机制。",
]
V_IMPR2 = [
    "同时，{short}将加强与县政府办公室的沟通对接，及时落实上级关于政务公开的各项部署要求。",
    "{short}还将定期梳理群众关注度高的事项，主动回应社会关切，提升公开实效。",
    "此外，{short}将严格落实保密审查制度，防止因公开不当引发的风险。",
]
V_OTHER = [
    "本年度无其他需要报告的事项。",
    "本年度{short}未发现需要特别说明的其他事项。",
    "除上述情况外，本年度无其他需要报告的事项。",
]
FEE_SENT = [
    "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。",
    "本年度未收取信息处理费。",
    "按照国务院办公厅有关规定，本机关本年度未发出收费通知，未收取信息处理费。",
]


def variant(pool, y, slot, fill):
    return pool[(y + slot) % len(pool)].format(**fill)


def prose(key, y, opt):
    """Section texts as lists of paragraphs (sentences end with 。)."""
    a = AGENCIES[key]
    s = STATS[(key, y)]
    app = s["applications"]
    vy = opt.get("repeat_of", y)  # copied report: take last year's variants and sentences
    fill = dict(short=a["short"] if key != "gov" else "县政府", field=a["field"])
    pub_y = vy  # the copied 主动公开 sentence keeps last year's number
    items = 320 + (STATS[(key, pub_y)]["active"]["licensing"]["decisions"] % 500) + 17 * (pub_y - 2020)
    news = {"gov": "县政府门户网站", "wencheng": "镇政务公开栏和县政府门户网站"}.get(key, "县政府门户网站部门专栏")
    sec1 = [
        f"（一）主动公开。{vy}年，{fill['short']}通过{news}主动公开政府信息{items}条，其中{a['field'].split('、')[0]}类信息{items // 5}条。",
        f"（二）依申请公开。全年共收到政府信息公开申请{app['new']['total']}件，上年结转{app['carried_over']['total']}件，"
        f"已办结{app['total']['total']}件，结转下年度继续办理{app['carried_forward']['total']}件。",
        "（三）政府信息管理。" + variant(V_MGMT, vy, 0, fill),
        "（四）平台建设。" + variant(V_PLAT, vy, 1, fill),
        "（五）监督保障。" + variant(V_SUPER, vy, 2, fill),
        "（六）队伍建设。" + variant(V_TEAM, vy, 1, fill),
    ]
    if opt.get("section5_empty"):
        sec5 = ["无。"]
    else:
        sec5 = [f"{variant(V_PROB, vy, 0, fill)}{variant(V_IMPR, vy, 1, fill)}", variant(V_IMPR2, vy, 2, fill)]
    prop_y = vy
    n_sug = 3 + (prop_y * 7 + len(key)) % 9
    n_prop = 2 + (prop_y * 5 + len(key)) % 7
    sec6 = [variant(FEE_SENT, vy, 2, fill),
            f"{vy}年，{fill['short']}共承办县人大代表建议{n_sug}件、县政协委员提案{n_prop}件，均已按期办结并公开答复全文。",
            variant(V_OTHER, vy, 0, fill)]
    if opt.get("fees_contradiction"):
        sec6[0] = "本年度未收取信息处理费。"
    opener = ["本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
              "（国办公开办函〔2021〕30号）要求编制。",
              f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"]
    return opener, sec1, sec5, sec6


# ---- tables --------------------------------------------------------------------------------

def fmt_amount(v):
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def td(text, style, rs=1, cs=1, head=False):
    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    text = str(text)
    if style == "word":
        return f'<td{attrs} valign="center" style="border:solid windowtext 1.0pt"><p class="MsoNormal" align="center" ' \
               f'style="text-align:center"><span style="font-size:10.5pt;font-family:宋体">{text}</span></p></td>'
    if style == "th" and head:
        return f"<th{attrs}>{text}</th>"
    return f"<td{attrs}>{text}</td>"


def table_open(style):
    if style == "word":
        return '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="600" ' \
               'style="border-collapse:collapse;border:none">\n<tbody>'
    if style == "th":
        return '<table class="xxgk-table" width="100%" cellspacing="0" cellpadding="4" border="1">\n<tbody>'
    return '<table border="1" cellspacing="0" cellpadding="0" width="100%" align="center">\n<tbody>'


def tr(cells):
    return "<tr>" + "".join(cells) + "</tr>\n"


def table2(s, style):
    a = s["active"]
    h = lambda t, **k: td(t, style, head=True, **k)
    d = lambda t, **k: td(t, style, **k)
    out = table_open(style)
    out += tr([h("第二十条第（一）项", cs=4)])
    out += tr([h("信息内容"), h("本年制发件数"), h("本年废止件数"), h("现行有效件数")])
    for row, label in (("regulations", "规章"), ("normative_docs", "行政规范性文件")):
        r = a[row]
        out += tr([d(label), d(r["issued"]), d(r["repealed"]), d(r["in_force"])])
    out += tr([h("第二十条第（五）项", cs=4)])
    out += tr([h("信息内容"), h("本年处理决定数量", cs=3)])
    out += tr([d("行政许可"), d(a["licensing"]["decisions"], cs=3)])
    out += tr([h("第二十条第（六）项", cs=4)])
    out += tr([h("信息内容"), h("本年处理决定数量", cs=3)])
    out += tr([d("行政处罚"), d(a["penalties"]["decisions"], cs=3)])
    out += tr([d("行政强制"), d(a["enforcement"]["decisions"], cs=3)])
    out += tr([h("第二十条第（八）项", cs=4)])
    out += tr([h("信息内容"), h("本年收费金额（单位：万元）", cs=3)])
    out += tr([d("行政事业性收费"), d(fmt_amount(a["fees"]["amount"]), cs=3)])
    return out + "</tbody>\n</table>\n"


def table3(s, style):
    app = s["applications"]
    h = lambda t, **k: td(t, style, head=True, **k)
    d = lambda t, **k: td(t, style, **k)
    nums = lambda r: [d(app[r][c]) for c in COLS + ["total"]]
    out = table_open(style)
    out += tr([h("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3),
               h("申请人情况", cs=7)])
    out += tr([h("自然人", rs=2), h("法人或其他组织", cs=5), h("总计", rs=2)])
    out += tr([h(t) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")])
    out += tr([d("一、本年新收政府信息公开申请数量", cs=3)] + nums("new"))
    out += tr([d("二、上年结转政府信息公开申请数量", cs=3)] + nums("carried_over"))
    out += tr([d("三、本年度办理结果", rs=22), d(ROW_LABELS["granted"], cs=2)] + nums("granted"))
    out += tr([d(ROW_LABELS["partly_granted"], cs=2)] + nums("partly_granted"))
    groups = [("（三）不予公开", OUTCOMES[2:10]), ("（四）无法提供", OUTCOMES[10:13]),
              ("（五）不予处理", OUTCOMES[13:18]), ("（六）其他处理", OUTCOMES[18:21])]
    for label, rows in groups:
        for i, r in enumerate(rows):
            first = [d(label, rs=len(rows))] if i == 0 else []
            out += tr(first + [d(ROW_LABELS[r])] + nums(r))
    out += tr([d("（七）总计", cs=2)] + nums("total"))
    out += tr([d("四、结转下年度继续办理", cs=3)] + nums("carried_forward"))
    return out + "</tbody>\n</table>\n"


REV_COLS = ["upheld", "corrected", "other_result", "pending", "total"]
REV_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def table4(s, style):
    rv = s["review"]
    h = lambda t, **k: td(t, style, head=True, **k)
    d = lambda t, **k: td(t, style, **k)
    out = table_open(style)
    out += tr([h("行政复议", cs=5), h("行政诉讼", cs=10)])
    out += tr([h(t, rs=2) for t in REV_LABELS] + [h("未经复议直接起诉", cs=5), h("复议后起诉", cs=5)])
    out += tr([h(t) for t in REV_LABELS * 2])
    out += tr([d(rv[r][c]) for r in ("reconsideration", "lawsuit_direct", "lawsuit_after_reconsideration")
               for c in REV_COLS])
    return out + "</tbody>\n</table>\n"


def fee_table(s, style):
    d = lambda t, **k: td(t, style, **k)
    n = 3 if s["fees_charged"] else 0
    return (table_open(style) + tr([d("信息处理费收取情况", cs=3)])
            + tr([d("发出收费通知书（件）"), d("实际收取金额（元）"), d("减免金额（元）")])
            + tr([d(n), d(s["fees_charged"]), d(0)]) + "</tbody>\n</table>\n")


SECTION_TITLES = {1: "一、总体情况", 2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
                  4: "四、政府信息公开行政复议、行政诉讼情况", 5: "五、存在的主要问题及改进情况",
                  6: "六、其他需要报告的事项"}
TABLE_STYLE = {"A": "plain", "B": "word", "C": "plain", "D": "th"}


def para(t, tpl):
    if tpl == "B":
        return f'<p class="MsoNormal" style="text-indent:2em;line-height:28px"><span style="font-family:仿宋_GB2312;font-size:16pt">{t}</span></p>\n'
    return f'<p style="text-indent:2em;">{t}</p>\n'


def heading(t, tpl):
    if tpl == "B":
        return f'<p class="MsoNormal" style="text-indent:2em"><b><span style="font-family:黑体;font-size:16pt">{t}</span></b></p>\n'
    if tpl == "D":
        return f'<p style="text-indent:2em;"><strong>{t}</strong></p>\n'
    return f'<p style="text-indent:2em;"><b>{t}</b></p>\n'


def report_body(it):
    key, y, opt = it["key"], it["year"], it["opt"]
    a = AGENCIES[key]
    tpl = a["tpl"]
    s = STATS[(key, y)]
    style = TABLE_STYLE[tpl]
    opener, sec1, sec5, sec6 = prose(key, y, opt)
    html = "".join(para(p, tpl) for p in opener)
    drop = opt.get("drop_section")
    for n in range(1, 7):
        if n == drop:
            continue
        html += heading(SECTION_TITLES[n], tpl)
        if n == 1:
            html += "".join(para(p, tpl) for p in sec1)
        elif n == 2:
            html += table2(s, style)
        elif n == 3:
            html += table3(s, style)
        elif n == 4:
            html += table4(s, style)
        elif n == 5:
            html += "".join(para(p, tpl) for p in sec5)
        elif n == 6:
            html += "".join(para(p, tpl) for p in sec6)
            if s["fees_charged"] is not None:
                html += fee_table(s, style)
    sign = a["name"] if key != "gov" else GOV
    html += f'<p style="text-align:right">{sign}</p>\n<p style="text-align:right">{cn_date(it["published"])}</p>\n'
    if opt.get("graphic"):
        g = GRAPHIC
        html += f'<p>相关解读：<a href="{g["path"]}" target="_blank">{g["title"]}</a></p>\n'
    return html


def cn_date(iso):
    y, m, d = iso.split("-")
    return f"{y}年{int(m)}月{int(d)}日"


# ---- page templates ------------------------------------------------------------------------
HEADER = """<div class="header"><div class="w1200"><a href="/index.html" class="logo"><img src="/images/logo.png" alt="汶阳县人民政府" width="480" height="90"></a>
<div class="search"><form action="/jsearch/search.html" method="get"><input type="text" name="q" placeholder="请输入关键字"><button type="submit">搜索</button></form></div></div></div>
<div class="nav"><ul class="w1200"><li><a href="/index.html">首页</a></li><li><a href="/col/col40001/index.html">走进汶阳</a></li>
<li><a href="/col/col40002/index.html">新闻动态</a></li><li><a href="/col/col40100/index.html">政府信息公开</a></li>
<li><a href="/col/col40003/index.html">政务服务</a></li><li><a href="/col/col40004/index.html">互动交流</a></li></ul></div>"""

FOOTER = """<div class="footer"><div class="w1200"><p><a href="/col/col40005/index.html">网站地图</a> | <a href="/col/col40006/index.html">联系我们</a></p>
<p>主办单位：汶阳县人民政府办公室　承办单位：汶阳县大数据中心　地址：汶阳县汶城镇府前街18号</p>
<p>网站标识码：3709240001　鲁ICP备05012345号-1　鲁公网安备 37092402000123号</p></div></div>"""

CRUMB = ('<div class="crumb">您当前的位置：<a href="/index.html">首页</a> &gt; <a href="/col/col40100/index.html">政府信息公开</a>'
         ' &gt; <a href="/col/col40123/index.html">政府信息公开年报</a></div>')


def charset_meta(enc):
    if enc == "gbk":
        return '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    return '<meta charset="utf-8">'


def page(title, body, enc="utf-8", head_extra=""):
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{charset_meta(enc)}
<meta name="SiteName" content="汶阳县人民政府">
<meta name="SiteDomain" content="www.wenyang.gov.cn">
<meta name="SiteIDCode" content="3709240001">
{head_extra}<title>{title}</title>
<link rel="stylesheet" href="/css/common.css"></head>
<body>
{HEADER}
<div class="container w1200">
{body}
</div>
{FOOTER}
<script src="/js/common.js"></script>
</body></html>
"""


def article_page(it, content):
    a = AGENCIES[it["key"]]
    tpl = a["tpl"]
    p = it["published"]
    src = it["source"]
    views = 80 + it["aid"] % 700
    title = it["title"]
    head = (f'<meta name="ArticleTitle" content="{title}">\n<meta name="PubDate" content="{p} 10:{it["aid"] % 60:02d}">\n'
            f'<meta name="ContentSource" content="{src}">\n<meta name="ColumnName" content="政府信息公开年报">\n')
    tools = '<div class="tools">【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】 <a href="javascript:window.print()">打印</a> <a href="javascript:window.close()">关闭</a></div>'
    if tpl == "A":
        body = f"""{CRUMB}
<div class="article">
<h1 class="art-title">{title}</h1>
<div class="art-info">发布日期：{p}　　来源：{src}　　浏览次数：{views}</div>
{tools}
<div class="art-content" id="zoom">
{content}</div>
</div>"""
    elif tpl == "B":
        idx = f"11370924MB{it['aid'] % 100000:05d}X/{p[:4]}-{it['aid'] % 1000:05d}"
        body = f"""{CRUMB}
<div class="xxgk-meta"><table class="xxgk-info" width="100%">
<tr><td class="t">索引号：</td><td>{idx}</td><td class="t">发布机构：</td><td>{src}</td></tr>
<tr><td class="t">公开方式：</td><td>主动公开</td><td class="t">主题分类：</td><td>综合政务/政务公开</td></tr>
<tr><td class="t">成文日期：</td><td>{p}</td><td class="t">公开范围：</td><td>面向全社会</td></tr></table></div>
<div class="article">
<h1>{title}</h1>
<div class="info"><span>来源：{src}</span> <span>发布日期：{p}</span> <span>浏览次数：{views}</span></div>
<div id="zoom" class="TRS_Editor">
{content}</div>
{tools}
</div>"""
    elif tpl == "C":
        y, m, d = p.split("-")
        body = f"""{CRUMB}
<table width="100%" border="0" cellspacing="0" cellpadding="0" class="bt">
<tr><td align="center" class="title"><strong>{title}</strong></td></tr>
<tr><td align="center" class="sj">发布时间：{y}年{m}月{d}日&nbsp;&nbsp;信息来源：{src}&nbsp;&nbsp;点击数：{views}&nbsp;&nbsp;{tools}</td></tr>
<tr><td class="bt_content" id="zoom">
{content}</td></tr></table>"""
    else:  # D
        body = f"""{CRUMB}
<div class="detail">
<div class="detail-title"><h2>{title}</h2></div>
<div class="detail-info"><span>发布日期：{p}</span><span>来源：{src}</span><span>浏览次数：<em>{views}</em></span></div>
<div class="detail-body" id="zoom">
{content}</div>
<div class="detail-foot">{tools}</div>
</div>"""
    return page(f"{title}_汶阳县人民政府", body, a["enc"], head)


def write(rel, text, enc="utf-8"):
    full = os.path.join(WWW, rel.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(text.encode(enc))


def write_bytes(rel, data):
    full = os.path.join(WWW, rel.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


# ---- image and PDF renderings of a report ---------------------------------------------------

def report_blocks(it):
    """The report as blocks: ("h", text) | ("p", text) | ("table", rows (list of str lists))."""
    key, y, opt = it["key"], it["year"], it["opt"]
    s = STATS[(key, y)]
    opener, sec1, sec5, sec6 = prose(key, y, opt)
    app, act, rv = s["applications"], s["active"], s["review"]
    b = [("title", it["title"])] + [("p", t) for t in opener]
    b += [("h", SECTION_TITLES[1])] + [("p", t) for t in sec1]
    b += [("h", SECTION_TITLES[2]), ("table", [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章"] + [str(act["regulations"][c]) for c in ("issued", "repealed", "in_force")],
        ["行政规范性文件"] + [str(act["normative_docs"][c]) for c in ("issued", "repealed", "in_force")],
        ["行政许可（本年处理决定数量）", str(act["licensing"]["decisions"]), "", ""],
        ["行政处罚（本年处理决定数量）", str(act["penalties"]["decisions"]), "", ""],
        ["行政强制（本年处理决定数量）", str(act["enforcement"]["decisions"]), "", ""],
        ["行政事业性收费（万元）", fmt_amount(act["fees"]["amount"]), "", ""]])]
    short = {"granted": "（一）予以公开", "partly_granted": "（二）部分公开"}
    rows = [["申请情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
    label = {"new": "一、本年新收申请", "carried_over": "二、上年结转申请", "total": "（七）总计",
             "carried_forward": "四、结转下年度继续办理"}
    for r in ["new", "carried_over"] + OUTCOMES + ["total", "carried_forward"]:
        lab = label.get(r) or short.get(r) or ROW_LABELS[r]
        if r.startswith("denied_"):
            lab = "不予公开" + lab
        elif r.startswith("unable_"):
            lab = "无法提供" + lab
        elif r.startswith("not_processed_"):
            lab = "不予处理" + lab
        elif r.startswith("other_"):
            lab = "其他处理" + lab[:2] + {"other_no_correction": "逾期不补正", "other_no_fee": "逾期未缴费",
                                          "other_other": "其他"}[r]
        rows.append([lab] + [str(app[r][c]) for c in COLS + ["total"]])
    b += [("h", SECTION_TITLES[3]), ("table", rows)]
    if opt.get("drop_section") != 4:
        b += [("h", SECTION_TITLES[4]), ("table", [["类别"] + REV_LABELS] + [
            [lab] + [str(rv[r][c]) for c in REV_COLS] for r, lab in
            (("reconsideration", "行政复议"), ("lawsuit_direct", "行政诉讼（未经复议直接起诉）"),
             ("lawsuit_after_reconsideration", "行政诉讼（复议后起诉）"))])]
    b += [("h", SECTION_TITLES[5])] + [("p", t) for t in sec5]
    b += [("h", SECTION_TITLES[6])] + [("p", t) for t in sec6]
    b += [("right", AGENCIES[key]["name"]), ("right", cn_date(it["published"]))]
    return b


def find_font():
    for f in ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"]:
        if os.path.exists(f):
            return f
    raise SystemExit("no CJK font (fc-list :lang=zh)")


def wrap(text, n):
    return [text[i:i + n] for i in range(0, len(text), n)] or [""]


def render_png_pages(blocks, width=1240, height=1754):
    from PIL import Image, ImageDraw, ImageFont
    fp = find_font()
    f_title = ImageFont.truetype(fp, 40)
    f_h = ImageFont.truetype(fp, 32)
    f_p = ImageFont.truetype(fp, 30)
    fonts = {n: ImageFont.truetype(fp, n) for n in range(12, 25)}
    pages = []
    img = d = None
    y = 0

    def new_page():
        nonlocal img, d, y
        img = Image.new("L", (width, height), 255)
        d = ImageDraw.Draw(img)
        pages.append(img)
        y = 90

    new_page()
    margin = 90
    for kind, val in blocks:
        if kind == "table":
            ncol = len(val[0])
            first = 450 if ncol > 5 else 460
            rest = (width - 2 * margin - first) // (ncol - 1)
            xs = [margin, margin + first] + [margin + first + rest * i for i in range(1, ncol)]
            rh = 46

            def draw_row(row):
                nonlocal y
                for ci, cell in enumerate(row):
                    x0, x1 = xs[ci], xs[ci + 1]
                    d.rectangle([x0, y, x1, y + rh], outline=0, width=2)
                    size = 24
                    while size > 12 and d.textlength(cell, font=fonts[size]) > x1 - x0 - 12:
                        size -= 1
                    d.text((x0 + 6, y + (rh - size) / 2 - 2), cell, fill=0, font=fonts[size])
                y += rh

            for ri, row in enumerate(val):
                if y + rh > height - 80:
                    new_page()
                    draw_row(val[0])  # header repeated on the next page
                draw_row(row)
            y += 24
            continue
        font = {"title": f_title, "h": f_h}.get(kind, f_p)
        per = {"title": 26, "h": 32}.get(kind, 33)
        lines = wrap(val, per) if kind != "title" else wrap(val, 26)
        for ln in lines:
            if y + 52 > height - 80:
                new_page()
            if kind == "title":
                w = d.textlength(ln, font=font)
                d.text(((width - w) / 2, y), ln, fill=0, font=font)
                y += 64
            elif kind == "right":
                w = d.textlength(ln, font=font)
                d.text((width - margin - w, y), ln, fill=0, font=font)
                y += 50
            else:
                d.text((margin + (60 if ln is lines[0] and kind == "p" else 0), y), ln, fill=0, font=font)
                y += 50
        y += 10 if kind != "title" else 30
    out = []
    for im in pages:
        buf = io.BytesIO()
        im.save(buf, "PNG")
        out.append(buf.getvalue())
    return out


def render_pdf(blocks, title):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    # No TrueType (glyf) CJK font on this machine (Noto CJK is CFF, which reportlab cannot embed):
    # the Adobe-GB1 CID font STSong-Light is used, as real 宋体 PDFs often are.
    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    buf = io.BytesIO()
    W, H = A4
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor("汶阳县人力资源和社会保障局")
    y = H - 60
    margin = 56

    def need(h):
        nonlocal y
        if y - h < 50:
            c.showPage()
            y = H - 60

    for kind, val in blocks:
        if kind == "table":
            ncol = len(val[0])
            first = 165 if ncol > 5 else 200
            rest = (W - 2 * margin - first) / (ncol - 1)
            xs = [margin, margin + first] + [margin + first + rest * i for i in range(1, ncol)]
            rh = 18
            def draw_row(row):
                nonlocal y
                for ci, cell in enumerate(row):
                    w = xs[ci + 1] - xs[ci]
                    c.rect(xs[ci], y - rh, w, rh, stroke=1, fill=0)
                    size = 9
                    while size > 5 and pdfmetrics.stringWidth(cell, font, size) > w - 5:
                        size -= 0.5
                    c.setFont(font, size)
                    c.drawString(xs[ci] + 2.5, y - rh + 5, cell)
                y -= rh

            for ri, row in enumerate(val):
                if y - rh < 50:
                    c.showPage()
                    y = H - 60
                    if ri:
                        draw_row(val[0])
                draw_row(row)
            y -= 10
            continue
        size = {"title": 15, "h": 12}.get(kind, 11)
        per = {"title": 30, "h": 40}.get(kind, 42)
        c.setFont(font, size)
        for ln in wrap(val, per):
            need(size + 8)
            if kind == "title":
                c.drawCentredString(W / 2, y - size, ln)
            elif kind == "right":
                c.drawRightString(W - margin, y - size, ln)
            else:
                c.drawString(margin, y - size, ln)
            y -= size + 8
        y -= 6
    c.showPage()
    c.save()
    return buf.getvalue()


# ---- items ---------------------------------------------------------------------------------

def art_path(published, aid):
    y, m, d = published.split("-")
    return f"/art/{y}/{int(m)}/{int(d)}/art_{COLID}_{aid}.html"


def title_of(key, y, opt):
    a = AGENCIES[key]
    if opt.get("short_title"):
        return f"{COUNTY}卫健局{y}年政府信息公开工作年度报告"
    if opt.get("place_title"):
        return f"汶城镇{y}年政府信息公开工作年度报告"
    if key == "wencheng" and y >= 2023:
        return f"汶城镇人民政府{y}年政府信息公开工作年度报告"
    if opt.get("image"):
        return f"{a['name']}{y}年政府信息公开工作年度报告（图片版）"
    return f"{a['name']}{y}年政府信息公开工作年度报告"


def source_of(key, y):
    a = AGENCIES[key]
    if key == "gov":
        return "县政府办公室"
    if key == "ziran" and y == 2021:
        return "汶阳县自然资源和规划局"
    return a["short"]


ITEMS = []
for key, y, pub, aid, opt in REPORTS:
    ITEMS.append(dict(kind="report", key=key, year=y, published=pub, aid=aid, opt=opt,
                      title=title_of(key, y, opt), source=source_of(key, y), path=art_path(pub, aid),
                      enc=AGENCIES[key]["enc"]))
GRAPHIC = dict(kind="graphic", key="gov", year=2024, published="2025-03-28", aid=1950702, opt={},
               title="图解：汶阳县人民政府2024年政府信息公开工作年度报告", source="县政府办公室", enc="utf-8")
GRAPHIC["path"] = art_path(GRAPHIC["published"], GRAPHIC["aid"])
WZBB = dict(kind="wzbb", key="gov", year=None, published="2026-01-15", aid=2013508, opt={},
            title="汶阳县人民政府门户网站2025年工作年度报表", source="县政府办公室", enc="utf-8")
WZBB["path"] = art_path(WZBB["published"], WZBB["aid"])
REPOST_OF = next(i for i in ITEMS if i["opt"].get("repost"))
REPOST = dict(REPOST_OF, kind="repost", published="2026-02-03", aid=2016877, opt=dict(REPOST_OF["opt"]))
REPOST["opt"].pop("repost")
REPOST["path"] = art_path(REPOST["published"], REPOST["aid"])
ALL = ITEMS + [GRAPHIC, WZBB, REPOST]
ALL.sort(key=lambda i: (i["published"], i["aid"]), reverse=True)
# the repost sits last on page 2 although published in 2026: the platform lists by 排序号,
# and the copied document kept an old one
ALL.remove(REPOST)
ALL.append(REPOST)


def build_items():
    for it in ALL:
        a = AGENCIES[it["key"]]
        d = os.path.dirname(it["path"])
        if it["kind"] in ("report", "repost"):
            opt = it["opt"]
            if opt.get("image"):
                pngs = render_png_pages(report_blocks(it))
                imgs = []
                for n, data in enumerate(pngs, 1):
                    rel = f"/picture/0/{it['aid']}_{n:02d}.png"
                    write_bytes(rel, data)
                    imgs.append(f'<p style="text-align:center"><img src="{rel}" alt="{it["title"]}" '
                                f'width="1240" height="1754" style="max-width:100%"></p>')
                it["images"] = [f"/picture/0/{it['aid']}_{n:02d}.png" for n in range(1, len(pngs) + 1)]
                content = "\n".join(imgs) + "\n"
            elif opt.get("pdf"):
                rel = f"/attach/0/{it['aid']}_{it['year']}ndbg.pdf"
                write_bytes(rel, render_pdf(report_blocks(it), it["title"]))
                it["attachment"] = rel
                content = (para(f"{a['name']}{it['year']}年政府信息公开工作年度报告详见附件。", a["tpl"])
                           + f'<p>附件：<a href="{rel}" target="_blank">{it["title"]}.pdf</a></p>\n')
            else:
                content = report_body(it)
            write(it["path"], article_page(it, content), it["enc"])
        elif it["kind"] == "graphic":
            rel = f"/picture/0/{it['aid']}_tujie.png"
            s = STATS[("gov", 2024)]["applications"]
            blocks = [("title", "图解"), ("title", "汶阳县人民政府2024年"), ("title", "政府信息公开工作年度报告"),
                      ("h", "主动公开"), ("p", "全年主动公开政府信息，公开渠道不断拓展"),
                      ("h", "依申请公开"), ("p", f"新收申请 {s['new']['total']} 件　办结 {s['total']['total']} 件"),
                      ("h", "复议诉讼"), ("p", "依法应对，规范答复")]
            write_bytes(rel, render_png_pages(blocks, 900, 1500)[0])
            content = (f'<p style="text-align:center"><img src="{rel}" alt="图解" width="900" height="1500"></p>\n'
                       f'<p>原文链接：<a href="{ITEMS[3]["path"]}">{ITEMS[3]["title"]}</a></p>\n')
            write(it["path"], article_page(it, content), it["enc"])
        elif it["kind"] == "wzbb":
            content = ('<table border="1" cellspacing="0" width="100%"><tbody>'
                       "<tr><td>网站名称</td><td>汶阳县人民政府门户网站</td></tr>"
                       "<tr><td>网站标识码</td><td>3709240001</td></tr>"
                       "<tr><td>独立用户访问总量（单位：个）</td><td>412087</td></tr>"
                       "<tr><td>网站总访问量（单位：次）</td><td>2630415</td></tr>"
                       "<tr><td>信息发布总数（单位：条）</td><td>6021</td></tr>"
                       "<tr><td>政务新媒体数量（单位：个）</td><td>14</td></tr></tbody></table>\n"
                       '<p style="text-align:right">汶阳县人民政府办公室</p>\n')
            write(it["path"], article_page(it, content), it["enc"])


def build_listing():
    pages = [ALL[i:i + PER_PAGE] for i in range(0, len(ALL), PER_PAGE)]
    total = len(pages)
    for n, rows in enumerate(pages, 1):
        name = "index.html" if n == 1 else f"index_{n}.html"
        lis = "\n".join(f'<li><span class="date">{it["published"]}</span><a href="{it["path"]}" target="_blank" '
                        f'title="{it["title"]}">{it["title"]}</a></li>' for it in rows)
        link = lambda k: COL + ("index.html" if k == 1 else f"index_{k}.html")
        pager = [f'<span>共{len(ALL)}条 {n}/{total}页</span>', f'<a href="{link(1)}">首页</a>']
        if n > 1:
            pager.append(f'<a href="{link(n - 1)}">上一页</a>')
        for k in range(1, total + 1):
            pager.append(f'<b>{k}</b>' if k == n else f'<a href="{link(k)}">{k}</a>')
        if n < total:
            pager.append(f'<a href="{link(n + 1)}">下一页</a>')
        pager.append(f'<a href="{link(total)}">尾页</a>')
        body = f"""<div class="crumb">您当前的位置：<a href="/index.html">首页</a> &gt; <a href="/col/col40100/index.html">政府信息公开</a> &gt; <span>政府信息公开年报</span></div>
<div class="left-menu"><h3>政府信息公开</h3><ul><li><a href="/col/col40101/index.html">信息公开指南</a></li>
<li><a href="/col/col40102/index.html">信息公开制度</a></li><li><a href="/col/col40123/index.html" class="on">政府信息公开年报</a></li>
<li><a href="/col/col40104/index.html">法定主动公开内容</a></li></ul></div>
<div class="right-list"><div class="list-title"><h2>政府信息公开年报</h2></div>
<ul class="list">
{lis}
</ul>
<div class="pager">{" ".join(pager)}</div>
</div>"""
        write(COL + name, page("政府信息公开年报_汶阳县人民政府", body))
    return total


def build_home():
    body = """<div class="banner"><img src="/images/banner.jpg" alt="汶阳县" width="1200" height="220"></div>
<div class="box"><h2>政府信息公开</h2><ul>
<li><a href="/col/col40123/index.html">政府信息公开年报</a></li>
<li><a href="/col/col40101/index.html">信息公开指南</a></li></ul></div>
<div class="box"><h2>县情概况</h2><p>汶阳县隶属山东省泰安市，位于汶河中游，辖9镇3街道。</p></div>"""
    write("/index.html", page("汶阳县人民政府", body))
    write("/robots.txt", "User-agent: *\nAllow: /\n")
    write("/css/common.css", ".w1200{width:1200px;margin:0 auto}.left-menu{float:left;width:220px}\n")
    write("/js/common.js", "function doZoom(s){document.getElementById('zoom').style.fontSize=s+'px';}\n")
    for cid, t in [(40001, "走进汶阳"), (40002, "新闻动态"), (40100, "政府信息公开"), (40003, "政务服务"),
                   (40004, "互动交流"), (40005, "网站地图"), (40006, "联系我们"), (40101, "信息公开指南"),
                   (40102, "信息公开制度"), (40104, "法定主动公开内容")]:
        write(f"/col/col{cid}/index.html", page(f"{t}_汶阳县人民政府",
                                                f'<div class="list"><h2>{t}</h2><p>栏目建设中。</p></div>'))
    from PIL import Image
    for rel, size, fmt in [("/images/logo.png", (480, 90), "PNG"), ("/images/banner.jpg", (1200, 220), "JPEG")]:
        buf = io.BytesIO()
        Image.new("RGB", size, (190, 30, 30)).save(buf, fmt)
        write_bytes(rel, buf.getvalue())


# ---- expected ------------------------------------------------------------------------------

def rate(num, den):
    if den == 0:
        return None, None
    f = Fraction(num, den)
    return round(num / den, 6), f"{f.numerator}/{f.denominator}"


def expected_report(it):
    s = STATS[(it["key"], it["year"])]
    app = s["applications"]
    opt = it["opt"]
    cells = {"applications": app, "active": s["active"]}
    if opt.get("drop_section") != 4:
        cells["review"] = s["review"]
    if s["fees_charged"] is not None:
        cells["fees"] = {"fees_charged": {"amount": s["fees_charged"]}}
    g, p, tot = app["granted"]["total"], app["partly_granted"]["total"], app["total"]["total"]
    new, co, cf = app["new"]["total"], app["carried_over"]["total"], app["carried_forward"]["total"]
    dr, drf = rate(g + p, tot)
    cr, crf = rate(cf, new + co)
    kind = "image" if opt.get("image") else "pdf" if opt.get("pdf") else "html"
    r = dict(path=it["path"], title=it["title"], published=it["published"], agency=AGENCIES[it["key"]]["name"],
             report_year=it["year"], kind=kind, encoding="gbk (declared gb2312)" if it["enc"] == "gbk" else "utf-8",
             source_printed=it["source"],
             key_cells=dict(new=new, carried_over=co, granted=g, partly_granted=p, applications_total=tot,
                            carried_forward=cf, normative_docs_issued=s["active"]["normative_docs"]["issued"],
                            normative_docs_repealed=s["active"]["normative_docs"]["repealed"],
                            normative_docs_in_force=s["active"]["normative_docs"]["in_force"]),
             disclosure_rate=dr, disclosure_rate_fraction=drf, carry_forward_rate=cr, carry_forward_rate_fraction=crf,
             cells=cells)
    if kind == "image":
        r["images"] = it["images"]
        r["note"] = "image-only: cells are read from the PNG pages (printed in the images); no HTML text"
    if kind == "pdf":
        r["attachment"] = it["attachment"]
        r["note"] = "PDF-only: page body says 详见附件; cells are in the PDF's line-drawn tables"
    if opt.get("sum_fail"):
        r["stat_check_failures"] = ["（七）总计 总计 column printed one higher than the sum of its rows "
                                    "(and than 新收+上年结转−结转下年度)"]
    pub_deadline = f"{it['year'] + 1}-{'03-31' if AGENCIES[it['key']]['level'] != 'department' else '01-31'}"
    r["deadline"] = pub_deadline
    r["on_time"] = it["published"] <= pub_deadline
    return r


def build_expected(npages):
    reports = [i for i in ITEMS]
    out = {"entry": COL + "index.html",
           "listing_pages": [COL + "index.html"] + [COL + f"index_{k}.html" for k in range(2, npages + 1)],
           "site": dict(name="汶阳县人民政府", region=f"山东省{CITY}{COUNTY}", region_code=CODE,
                        platform="Hanweb-like (/col/colNNN/index.html, /art/Y/M/D/art_COL_ID.html)",
                        today=TODAY),
           "reports": [expected_report(i) for i in reports],
           "not_reports": [dict(path=GRAPHIC["path"], title=GRAPHIC["title"], why="图解 of the 2024 county report"),
                           dict(path=WZBB["path"], title=WZBB["title"], why="网站工作年度报表, not an 信息公开 report")],
           "duplicates": [dict(path=REPOST["path"], same_as=REPOST_OF["path"], title=REPOST["title"],
                               published=REPOST["published"], agency=AGENCIES[REPOST["key"]]["name"],
                               report_year=REPOST["year"],
                               note="same body reposted (own URL, printed date 2026-02-03) as the last item of listing page 2, the original being on page 1; a correct crawl may store it as a report "
                                    "with these fields or fold it into the original, but must count "
                                    "(agency, year) once")]}
    ags = []
    years = {}
    for i in ITEMS:
        years.setdefault(i["key"], []).append(i["year"])
    for k, a in AGENCIES.items():
        printed = sorted({i["source"] for i in ALL if i["key"] == k and i["source"] != a["name"]}
                         | {t for t in (["汶阳县卫健局"] if k == "weijian" else [])}
                         | ({"汶城镇人民政府", "汶城镇"} if k == "wencheng" else set()))
        if k == "gov":
            printed = []
        ags.append(dict(name=a["name"], aliases=printed, level=a["level"], parent=a["parent"],
                        publisher=("县政府办公室 (汶阳县人民政府办公室)" if k == "gov" else None),
                        first_report_year=min(years[k]), last_report_year=max(years[k]),
                        report_years=sorted(years[k]), encoding=a["enc"], template=a["tpl"]))
    out["agencies"] = ags
    miss = []
    for k, a in AGENCIES.items():
        ys = years[k]
        for y in range(min(ys), 2026):
            if y not in ys:
                dl = f"{y + 1}-{'01-31' if a['level'] == 'department' else '03-31'}"
                miss.append(dict(agency=a["name"], year=y, deadline=dl, overdue=True))
    out["missing_reports"] = miss
    out["missing_rule"] = ("for each agency, every year from its first report year up to 2025 (the last year whose "
                           "deadline has passed on " + TODAY + ": departments 01-31, governments 03-31 of the next "
                           "year) without a report; all are overdue")
    fails, oks = [], []
    for k, a in AGENCIES.items():
        for y in sorted(years[k]):
            if y - 1 not in years[k]:
                continue
            pv, cur = STATS[(k, y - 1)], STATS[(k, y)]
            exp = pv["applications"]["carried_forward"]["total"]
            act = cur["applications"]["carried_over"]["total"]
            row = dict(agency=a["name"], year=y, check="carried_forward", expected=exp, actual=act)
            (fails if exp != act else oks).append(row)
            pn, cn = pv["active"]["normative_docs"], cur["active"]["normative_docs"]
            exp = pn["in_force"] + cn["issued"] - cn["repealed"]
            row = dict(agency=a["name"], year=y, check="normative_docs_in_force", expected=exp, actual=cn["in_force"])
            (fails if exp != cn["in_force"] else oks).append(row)
    out["continuity_failures"] = fails
    out["continuity_ok"] = oks
    out["continuity_rule"] = ("pairs of consecutive report years of one agency only. carried_forward: year y-1's "
                              "四、结转下年度继续办理 (总计) must equal year y's 二、上年结转 (总计). "
                              "normative_docs_in_force: y-1 现行有效 + y 本年制发 − y 本年废止 = y 现行有效")
    flags = []
    for i in ITEMS:
        o = i["opt"]
        for cond, code, why in [
            (o.get("drop_section"), "sections_missing", "section 四 (heading and table) absent"),
            (o.get("section5_empty"), "section5_empty", "section 五 reads only 无。"),
            (o.get("fees_contradiction"), "fees_contradiction",
             "六 says 本年度未收取信息处理费 while its 信息处理费收取情况 table shows 860元 collected "
             "(and the 三 table has 1 application under 逾期未按收费通知要求缴纳费用)"),
            (o.get("repeat_of"), "repeats_last_year", "copies the 2023 report's text: all sentences but two identical"),
            (o.get("image"), "image_only", "body is only <img> pages of the report"),
            (o.get("graphic"), "has_graphic", f"图解 at {GRAPHIC['path']} (linked both ways)")]:
            if cond:
                flags.append(dict(path=i["path"], agency=AGENCIES[i["key"]]["name"], report_year=i["year"],
                                  check=code, why=why))
    out["audit_flags"] = flags
    out["decoys"] = [
        "every report's 二 table has 行政事业性收费 本年收费金额（万元） (administrative fees, not 信息处理费): "
        "not a fees contradiction",
        "汶阳县自然资源和规划局 prints a 信息处理费收取情况 table every year (0元) except the contradictory 2023",
        "the 县政府 2025 report's 上年结转 0 follows a 2024 结转 5 (continuity failure, not a parse error)",
        "汶阳县住房和城乡建设局 2023 published 2024-02-06, after its deadline: late but not missing",
        "汶阳县卫生健康局 2021 title uses the short 汶阳县卫健局; its 落款 is the full name",
        "汶城镇 2021 title is the place only (汶城镇2021年…); agency is 汶阳县汶城镇人民政府",
    ]
    return out


def main():
    if os.path.exists(WWW):
        shutil.rmtree(WWW)
    os.makedirs(WWW)
    build_stats()
    build_home()
    build_items()
    npages = build_listing()
    exp = build_expected(npages)
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(exp, f, ensure_ascii=False, indent=1)
        f.write("\n")
    # self-checks
    paths = [i["path"] for i in ALL]
    assert len(set(paths)) == len(paths)
    for it in ALL:
        raw = open(os.path.join(WWW, it["path"].lstrip("/")), "rb").read()
        text = raw.decode(it["enc"])
        assert it["title"] in text
        assert (b"charset=gb2312" in raw) == (it["enc"] == "gbk")
    assert npages == 2, npages
    print("listing pages", npages, "items", len(ALL), "reports", len(exp["reports"]),
          "missing", len(exp["missing_reports"]), "continuity failures", len(exp["continuity_failures"]),
          "flags", len(exp["audit_flags"]))


if __name__ == "__main__":
    main()
