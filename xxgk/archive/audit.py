"""Report quality audit (issue 12 part 4): ``report_audit``, one row per annual report × check, as
evaluators (CASS 政府透明度指数, provincial 政务公开 assessments) check a report, and the
``report_audit_summary`` view (one row per report, one column per check).

``ok`` is 1 (passes), 0 (flagged) or NULL (not applicable / unknown). The text audited is the
page body, or the attachments' text when the body is too short to be the report. Reports are
compared with others of the same agency (``report_agencies``, else the trimmed printed name)
through a temporary index on (agency, year): buckets of one agency-year are read in index
order, each compared with its own members (other sites) and the bucket of the year before.
Never imports xxgk.serve.
"""
from __future__ import annotations

import json
import re
from collections import Counter

from xxgk.archive.db import transaction
from xxgk.extract.stats import parse_stats_prose
from xxgk.extract.text import nfkc

AUDIT_COLUMNS = {"report_id": str, "check_code": str, "ok": int, "value": float, "detail": str,
                 "evidence": str}
CHECKS = {  # check_code -> (中文, English)
    "sections": ("六个部分齐全", "All six sections present (2019+ format)"),
    "problems_substance": ("存在问题及改进有实质内容", "Section 五 has substance"),
    "fees_consistent": ("收费情况前后一致", "Fees in section 六 agree with the statistics"),
    "blank_cells": ("统计表无空白或“/”单元格", "No blank or '/' cells in the statistics tables"),
    "readable_text": ("可作为文本阅读", "Readable as text, not image-only"),
    "explainer": ("同时发布图解", "A 图解 / 解读 published with it"),
    "duplicate_across_sites": ("未在多个网站重复发布", "Not the same report on several sites"),
    "repeats_last_year": ("与上年报告重复率不超过50%", "At most half of the sentences repeat last year's"),
    "prose_vs_table": ("正文数字与表格一致", "Numbers in the prose agree with the tables"),
}
SECTION_NAMES = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                 "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
SECTION_KEYS = [r"总体(?:情况|概况)?|概述|基本情况", r"主动公开",
                r"收到和?处理|依申请公开|政府信息公开申请.{0,4}情况", r"行政复议|行政诉讼",
                r"存在的?(?:主要)?(?:问题|不足)|主要问题|问题及改进", r"其他需要?报告|其他事项"]
NEW_FORMAT_YEAR = 2019  # 国办公开办函〔2019〕60号: the six-section format
MIN_TEXT = 200          # non-space characters for a body to be the report's text
MIN_SUBSTANCE = 30      # section 五 shorter than this is no account of problems
MIN_SENTENCE = 8        # normalised characters for a sentence to count in the repeat ratio
REPEAT_MAX = 0.5        # evaluators deduct above this share of last year's sentences
DUPLICATE_MIN = 0.8     # shingle similarity from which another site's copy is the same report
MAX_BUCKET = 20         # agency-years with more reports are not compared (a name shared by many)
SHINGLE = 5
EXPLAINER_WORDS = ("图解", "一图读懂", "一图看懂", "图说", "解读")
EXPLAINER_OF = re.compile(r"年度报告|年报|工作报告|政府信息公开|政务公开")
PROSE_GROUPS = {"denied": ("denied_",), "unable": ("unable_",), "not_processed": ("not_processed_",),
                "other": ("other_",), "lawsuit": ("lawsuit_direct", "lawsuit_after_reconsideration")}
_MARK = (r"(?P<part>第[一二三四五六七八九十]+部分[、.:]?)|(?P<cn>[一二三四五六七八九十]+(?P<p1>[、.:])?)"
         r"|(?P<paren>\([一二三四五六七八九十]+\)[、.]?)|(?P<digit>\d{1,2}(?P<p2>[、.])?)(?!\d)")
_MARK_RX = re.compile(rf"^(?:{_MARK})")
_KEY_NEAR = [re.compile(rf"^.{{0,10}}?(?:{k})") for k in SECTION_KEYS]  # after the marker
_KEY_START = [re.compile(rf"^(?:{k})") for k in SECTION_KEYS]
TITLE_ENDS = ("情况", "事项", "问题", "改进")  # an unnumbered title line ends so
MAX_TITLE = 40
_SPLIT = re.compile(r"[。！？；!?;\n]+")
_BARE = re.compile(r"^(?:本(?:机关|单位|年度))?(?:无|没有|暂无|不存在|未发生)[^，,。]{0,12}[。.]?$")
# punctuation, symbols, whitespace and digits, but not the sentence ends _SPLIT cuts at: one
# pass over a whole text, then the cut
_NOT_WORD_NOR_END = re.compile(r"[^\w。！？；!?;\n]+|[\d_]+")
_YEAR = re.compile(r"(20\d\d)\s*年")
STYLES = ["cn", "part", "paren", "digit"]  # preferred first when as many sections are found


def ensure_audit_shape(db) -> None:
    """Create ``report_audit``, its index and the summary view (idempotent)."""
    if not db["report_audit"].exists():
        db["report_audit"].create(AUDIT_COLUMNS, pk=("report_id", "check_code"),
                                  foreign_keys=[("report_id", "reports", "id")])
    db["report_audit"].create_index(["check_code", "ok"], if_not_exists=True)
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = 'report_audit_summary'").fetchone()
    if row is None or row[0] != SUMMARY_SQL:
        db.execute("DROP VIEW IF EXISTS [report_audit_summary]")
        db.execute(SUMMARY_SQL)


SUMMARY_SQL = """CREATE VIEW [report_audit_summary] AS
SELECT a.report_id, r.agency, r.report_year, r.site_id,
       count(CASE WHEN a.ok = 0 THEN 1 END) AS flags,
{columns}
FROM report_audit AS a JOIN reports AS r ON r.id = a.report_id
GROUP BY a.report_id""".replace("{columns}", ",\n".join(
    f"       MAX(CASE WHEN a.check_code = '{c}' THEN a.ok END) AS [{c}]" for c in CHECKS))


# --- text ---------------------------------------------------------------------------------

def squeeze(text: str | None) -> str:
    """No whitespace at all (str.split's whitespace is the same set as the regex's ``\\s``)."""
    return "".join(text.split()) if text else ""


def plain(text: str | None) -> str:
    """NFKC (full-width -> half-width), no whitespace at all."""
    return squeeze(nfkc(text or ""))


def report_text(body: str | None, attachment_text: str | None) -> str:
    """The page body, or the attachments' text when the body is too short to be the report;
    NFKC (what find_sections reads)."""
    body = body or ""
    if len(squeeze(body)) < MIN_TEXT and len(attachment_text or "") > len(body):
        body = attachment_text
    return nfkc(body)


def _heading_hits(line: str) -> list[tuple[int, str]]:
    """(section index, marker style) of a line that heads one of the six sections."""
    text = squeeze(line)
    hits = []
    m = _MARK_RX.match(text)
    # a bare ordinal (一是…) heads a section only on a short line
    if m and (m.group("p1") or m.group("p2") or len(text) <= 24
              or not (m.group("cn") or m.group("digit"))):
        style = next(s for s in STYLES if m.group(s))
        rest = text[m.end():m.end() + MAX_TITLE]
        hits = [(i, style) for i, rx in enumerate(_KEY_NEAR) if rx.match(rest)]
    if len(text) <= MAX_TITLE and text.endswith(TITLE_ENDS):
        hits += [(i, "plain") for i, rx in enumerate(_KEY_START) if rx.match(text)]
    return hits


def find_sections(text: str) -> dict[int, tuple[int, int]]:
    """Section index (0..5) -> (start, end) offsets of ``text`` (NFKC: report_text), heading
    included. The marker
    style (一、 / 第一部分 / （一） / 1.) that heads most sections in order is the top level; an
    unnumbered title line fills a section that style misses."""
    candidates: dict[str, list[tuple[int, int]]] = {}
    offset = 0
    for line in (text or "").splitlines(keepends=True):
        for i, style in _heading_hits(line):
            candidates.setdefault(style, []).append((i, offset))
        offset += len(line)
    best: dict[int, int] = {}
    for style in STYLES:
        found = _in_order(candidates.get(style, []))
        if len(found) > len(best):
            best = found
    for i, start in _in_order(candidates.get("plain", [])).items():
        best.setdefault(i, start)
    starts = sorted(best.items(), key=lambda kv: kv[1])
    return {i: (s, starts[k + 1][1] if k + 1 < len(starts) else len(text))
            for k, (i, s) in enumerate(starts)}


def _in_order(hits: list[tuple[int, int]]) -> dict[int, int]:
    """The first heading of each section that comes after the previous section found."""
    found, last = {}, -1
    for i in range(len(SECTION_NAMES)):
        start = next((o for j, o in hits if j == i and o > last), None)
        if start is not None:
            found[i], last = start, start
    return found


def section_text(text: str, spans: dict, i: int) -> str | None:
    """A section's text without its heading line; None when the section was not found."""
    if i not in spans:
        return None
    start, end = spans[i]
    first, _, rest = text[start:end].partition("\n")
    return rest if len(squeeze(first)) <= 30 else text[start:end]  # a heading run into its text


def sentence_set(text: str) -> set[str]:
    """The distinct sentences (split on 。！？；and newlines) of MIN_SENTENCE or more characters,
    as compared across years: no digits, whitespace, punctuation or symbols."""
    return {n for n in _SPLIT.split(_NOT_WORD_NOR_END.sub("", text or "")) if len(n) >= MIN_SENTENCE}


def narrative(text: str, spans: dict) -> str:
    """Sections 一, 五 and 六 (the prose evaluators compare across years; 二–四 are the standard
    tables) when at least two are found; else the whole text."""
    parts = [section_text(text, spans, i) for i in (0, 4, 5) if i in spans]
    return "\n".join(parts) if len(parts) >= 2 else text


def shingles(text: str) -> set[str]:
    t = squeeze(text)
    return {t[k:k + SHINGLE] for k in range(max(1, len(t) - SHINGLE + 1))} if t else set()


def similarity(a: set, b: set) -> float:
    """Jaccard similarity of two shingle sets (0 when either is empty)."""
    return round(len(a & b) / len(a | b), 4) if a and b else 0.0


# --- checks: each returns (ok, value, detail, evidence) -------------------------------------

def _old_format(r) -> bool:
    return r["report_year"] is not None and r["report_year"] < NEW_FORMAT_YEAR


NOT_APPLICABLE = (None, None, "2019 年前旧格式，不适用 pre-2019 format: not applicable", {})
NO_TEXT = (None, None, "无可读文本 no text to read", {})


def check_sections(r):
    """The six sections of the 2019+ format, each found by its heading."""
    if _old_format(r):
        return NOT_APPLICABLE
    if len(squeeze(r["text"])) < MIN_TEXT:
        return NO_TEXT
    missing = [name for i, name in enumerate(SECTION_NAMES) if i not in r["spans"]]
    if not missing:
        return 1, 6, "六个部分齐全 all six sections found", {}
    return 0, 6 - len(missing), f"缺少 missing: {'、'.join(missing)}", {"missing": missing}


def check_problems(r):
    """Section 五 says more than 无 / one short line."""
    if _old_format(r):
        return NOT_APPLICABLE
    content = section_text(r["text"], r["spans"], 4)
    if content is None:
        return None, None, "未找到第五部分 section 五 not found", {}
    text = squeeze(content)
    lines = [s for s in _SPLIT.split(text) if s]
    thin = (len(text) < MIN_SUBSTANCE or bool(_BARE.match(text))
            or (len(lines) <= 1 and len(text) < 2 * MIN_SUBSTANCE))
    detail = ("内容过少 too thin: " + text[:40]) if thin else "有实质内容 has substance"
    return int(not thin), len(text), detail, {"chars": len(text), "sentences": len(lines),
                                              "text": content.strip()[:200]}


def _yuan(cell) -> float | None:
    if cell["value"] is None:
        return None
    return cell["value"] * 10000 if cell["unit"] == "万元" else cell["value"]


def section_six_fee(six: str | None) -> tuple[float | None, str | None]:
    """(fee in 元, sentence) stated in section 六: an amount, 0 for 未收取/无, None when silent."""
    if six is None:
        return None, None
    cell = next((c for c in parse_stats_prose(six) if c.row_code == "fees_charged"), None)
    if cell is not None:
        return (cell.value * 10000 if cell.unit == "万元" else cell.value), cell.sentence
    text = squeeze(six)
    return (0, text) if text and _BARE.match(text) else (None, None)


def check_fees(r):
    """Fees stated in section 六 vs the fees the statistics give (a table cell, or the prose of
    another section): one says some were charged, the other none."""
    six = section_text(r["text"], r["spans"], 5)
    stated, sentence = section_six_fee(six)
    inside = squeeze(six)
    others = [c for c in r["stats"] if c["row_code"] == "fees_charged" and _yuan(c) is not None
              and not (c["sentence"] and plain(c["sentence"]) in inside)]
    table = max((_yuan(c) for c in others), default=None)
    no_fee = [c["value"] for c in r["stats"] if c["row_code"] == "other_no_fee" and c["value"]]
    evidence = {"section_6": stated, "section_6_sentence": sentence, "statistics": table,
                "statistics_sentence": others[0]["sentence"] if others else None,
                "other_no_fee": max(no_fee) if no_fee else None}
    if six is None:
        return None, table, "未找到第六部分 section 六 not found", evidence
    if stated is None and table is None:
        return None, None, "均未说明收费 fees stated nowhere", evidence
    if stated is None or table is None:
        return None, table, "只有一方说明收费 fees stated on one side only", evidence
    if (stated > 0) == (table > 0):
        return 1, table, f"一致 consistent: {stated:g} / {table:g} 元", evidence
    return 0, table, f"不一致 contradiction: 第六部分 {stated:g} 元, 统计 {table:g} 元", evidence


REQUIRED = {"applications": [("new", "total"), ("carried_over", "total"), ("granted", "total"),
                             ("partly_granted", "total"), ("total", "total"),
                             ("carried_forward", "total")],
            "review": [("reconsideration", "total"), ("lawsuit_direct", "total"),
                       ("lawsuit_after_reconsideration", "total")]}


def table_cells(stats: list[dict]) -> list[dict]:
    """The cells of the report's one table source (the page's table, else the first
    attachment's), as stats.CHOSEN_CTES chooses them."""
    sources = {c["source"] for c in stats if c["method"] != "prose"}
    if not sources:
        return []
    source = "page" if "page" in sources else min(sources)
    return [c for c in stats if c["source"] == source and c["method"] != "prose"]


def check_blanks(r):
    """Blank or "/" cells (stored with value NULL and the printed raw text) and required cells
    missing from a table section that was read."""
    cells = table_cells(r["stats"])
    if not cells:
        return None, None, "未读到统计表 no statistics table read", {}
    blanks = sorted(f"{c['section']}/{c['row_code']}/{c['col_code']}" for c in cells
                    if c["value"] is None)
    raws = Counter((c["raw"] or "") for c in cells if c["value"] is None)
    have = {(c["section"], c["row_code"], c["col_code"]) for c in cells}
    sections = {c["section"] for c in cells}
    missing = [f"{s}/{row}/{col}" for s, keys in REQUIRED.items() if s in sections
               for row, col in keys if (s, row, col) not in have]
    evidence = {"blank": len(blanks), "raw": dict(sorted(raws.items())), "cells": blanks[:30],
                "missing_required": missing, "source": cells[0]["source"]}
    if not blanks and not missing:
        return 1, 0, "无空白单元格 no blank cells", evidence
    return 0, len(blanks), (f"空白/“/”单元格 {len(blanks)} blank cells, 缺少必填 "
                            f"{len(missing)} required missing"), evidence


def check_readable(r):
    """Text a reader can search and copy: the body, or attachment text not read by OCR."""
    body = len(squeeze(r["body"]))
    read = sum(len(squeeze(a["text"])) for a in r["attachments"] if a["method"] != "ocr")
    images = sum(1 for a in r["attachments"] if a["role"] == "page_image")
    ocr = sum(1 for a in r["attachments"] if a["method"] == "ocr")
    evidence = {"body_chars": body, "attachment_text_chars": read, "page_images": images,
                "ocr_files": ocr}
    if body >= MIN_TEXT or read >= MIN_TEXT:
        return 1, body + read, "可作为文本阅读 readable as text", evidence
    if images or ocr:
        return 0, body + read, "仅图片/扫描件 image-only (page images or OCR)", evidence
    return None, body + read, "正文为空且无附件文本 no text read (unknown)", evidence


def check_explainer(r, db):
    """Another page of the same year, agency or site whose title has 图解 / 一图读懂 / 解读."""
    year = r["report_year"]
    if year is None:
        return None, None, "无报告年度 no report year", {}
    rows = db.execute(
        f"SELECT id, title, agency_key FROM main.{EXPLAINERS_KEPT} WHERE year = ? AND id != ? AND"
        " (agency_key = ? OR site_id = ?) ORDER BY id", [year, r["id"], r["agency_key"],
                                                       r["site_id"]]).fetchall()
    agency = plain(r["agency"])
    found = [(i, t) for i, t, key in rows if key == r["agency_key"] or key is None
             or (agency and agency in plain(t))]
    if not found:
        return 0, 0, "未找到图解 no 图解 / 解读 found in the archive", {}
    return 1, len(found), f"图解 found: {found[0][1]}", {"ids": [i for i, _ in found],
                                                         "titles": [t for _, t in found]}


def check_duplicates(r, bucket):
    """Reports of the same agency and year on other sites, with their shingle similarity."""
    if not r["agency_key"]:
        return None, None, "无机关名称 no agency to compare by", {}
    if bucket is None:
        return None, None, f"同名机关报告过多 more than {MAX_BUCKET} reports share agency-year", {}
    others = [o for o in bucket if o["site_id"] != r["site_id"]]
    if not others:
        return 1, 0, "仅一个网站发布 published on one site", {}
    sims = {o["id"]: similarity(r["shingles"], o["shingles"]) for o in others}
    copies = sorted(i for i, s in sims.items() if s >= DUPLICATE_MIN)
    best = max(sims.values())
    evidence = {"others": [{"id": i, "site_id": o["site_id"], "similarity": sims[i]}
                           for o in sorted(others, key=lambda o: o["id"]) for i in [o["id"]]],
                "duplicates": copies}
    if copies:
        return 0, best, f"多站重复 duplicate_across_sites: {', '.join(copies)} ({best:.2f})", evidence
    return 1, best, f"其他网站有不同版本 other sites hold a different text ({best:.2f})", evidence


def check_repeats(r, previous):
    """Share of this year's sentences (sections 一/五/六) found in last year's report(s)."""
    if previous is None:
        return None, None, "无上年报告 no report of last year", {}
    ids, last = previous
    mine = r["sentences"]
    if not mine:
        return None, None, "无可比较句子 no sentences to compare", {"previous_ids": ids}
    repeated = sorted(s for s in mine if s in last)
    ratio = round(len(repeated) / len(mine), 4)
    evidence = {"previous_ids": ids, "sentences": len(mine), "repeated": len(repeated),
                "examples": repeated[:5]}
    detail = f"与上年重复 {ratio:.0%} of sentences repeat last year's"
    return int(ratio <= REPEAT_MAX), ratio, detail, evidence


def _table_value(table: dict, section, row, col):
    if (section, row, col) in table:
        return table[(section, row, col)]
    if col != "total" or row not in PROSE_GROUPS:
        return None
    parts = [v for (s, r, c), v in table.items() if s == section and c == "total"
             and r.startswith(PROSE_GROUPS[row]) and r != row]
    return sum(v for v in parts if v is not None) if any(v is not None for v in parts) else None


def check_prose_vs_table(r):
    """A number stated in the prose vs the same cell (or group sum) of the table."""
    table = {(c["section"], c["row_code"], c["col_code"]): c["value"] for c in table_cells(r["stats"])}
    pairs = []
    for c in sorted((c for c in r["stats"] if c["method"] == "prose" and c["value"] is not None),
                    key=lambda c: (c["section"], c["row_code"], c["col_code"], c["source"])):
        value = _table_value(table, c["section"], c["row_code"], c["col_code"])
        if value is not None:
            pairs.append({"cell": f"{c['section']}/{c['row_code']}/{c['col_code']}",
                          "prose": c["value"], "table": value, "sentence": c["sentence"]})
    if not pairs:
        return None, None, "无可对照的数字 no prose number with a table cell", {}
    bad = [p for p in pairs if abs(p["prose"] - p["table"]) > 1e-6]
    evidence = {"compared": len(pairs), "mismatches": bad}
    if not bad:
        return 1, 0, f"一致 {len(pairs)} numbers agree", evidence
    first = bad[0]
    return 0, len(bad), (f"不一致 mismatch {first['cell']}: 正文 prose {first['prose']:g}, "
                         f"表格 table {first['table']:g}"), evidence


# --- the rebuild ---------------------------------------------------------------------------

# a report's agency: its entity (agencies.py), else its trimmed printed name
AGENCY_KEY = "coalesce(ra.agency_id, nullif(trim(r.agency), ''))"
AGENCY_JOIN = "LEFT JOIN report_agencies AS ra ON ra.report_id = r.id"


def explainer_year(report_year, title) -> int | None:
    """The year a 图解 covers: its report year, else the first 20xx年 of its title."""
    if report_year:
        return report_year
    m = _YEAR.search(title or "")
    return int(m.group(1)) if m else None


KEYS_KEPT = "audit_report_keys"  # every annual report's agency key and year, as last audited
EXPLAINERS_KEPT = "audit_explainer_pages"  # the 图解 pages, as last audited
_KEYS_SQL = (f"SELECT r.id AS report_id, {AGENCY_KEY} AS agency_key, r.report_year FROM reports AS r"
             f" {AGENCY_JOIN} WHERE r.is_report = 1")
_EXPLAINERS_SQL = (f"SELECT r.id, r.site_id, {AGENCY_KEY}, r.report_year, r.title FROM reports AS r"
                   f" {AGENCY_JOIN} WHERE (" + " OR ".join(f"r.title LIKE '%{w}%'"
                                                          for w in EXPLAINER_WORDS) + ")")


def _explainer_rows(db, where: str = "", params=()) -> list[tuple]:
    return [(i, site, k, explainer_year(y, t), t) for i, site, k, y, t in db.execute(
        _EXPLAINERS_SQL + where, params).fetchall() if EXPLAINER_OF.search(t or "")]


def _build_indexes(db) -> None:
    """The two kept tables, in full: every report's agency key with the (agency, year) index the
    cross comparisons read through, and the 图解 pages with their year."""
    for name in (KEYS_KEPT, EXPLAINERS_KEPT):
        db.execute(f"DROP TABLE IF EXISTS main.[{name}]")
    db.execute(f"CREATE TABLE main.{KEYS_KEPT} (report_id TEXT PRIMARY KEY, agency_key TEXT,"
               " report_year INTEGER)")
    db.execute(f"INSERT INTO main.{KEYS_KEPT} {_KEYS_SQL}")
    db.execute(f"CREATE INDEX main.{KEYS_KEPT}_agency_year ON {KEYS_KEPT} (agency_key, report_year,"
               " report_id)")
    db.execute(f"CREATE TABLE main.{EXPLAINERS_KEPT} (id TEXT, site_id TEXT, agency_key TEXT,"
               " year INTEGER, title TEXT)")
    db.conn.executemany(f"INSERT INTO main.{EXPLAINERS_KEPT} VALUES (?, ?, ?, ?, ?)",
                        _explainer_rows(db))
    for cols in ("id", "agency_key, year", "site_id, year"):
        db.execute(f"CREATE INDEX main.{EXPLAINERS_KEPT}_{cols.replace(', ', '_')} ON"
                   f" {EXPLAINERS_KEPT} ({cols})")


BUCKETS_SQL = """SELECT k.agency_key, r.id, r.site_id, r.report_year, r.agency, r.title, r.body,
       r.attachment_text, {write}
FROM {keys} AS k JOIN reports AS r ON r.id = k.report_id
ORDER BY k.agency_key, k.report_year, k.report_id"""
COLUMNS = ["agency_key", "id", "site_id", "report_year", "agency", "title", "body", "attachment_text",
           "write"]
# the reports a scoped refresh reads (write = 0: only the year before of one it writes)
IN_SCOPE = (f"(SELECT k.*, s.write FROM main.{KEYS_KEPT} AS k JOIN temp.audit_scope AS s"
            " ON s.report_id = k.report_id)")


def _build_scope(db, report_ids) -> None:
    """Bring the kept tables up to date for ``report_ids`` (the changed pages) and list in
    temp.audit_scope what to audit again: the agency-years they were or are in, and the year
    after (whose repeat ratio reads theirs); the agency-years and site-years of a 图解 page that
    appeared, changed or went; each with the agency-year before it, read but not written."""
    seeds = sorted(set(report_ids))
    for name in ("audit_seeds", "audit_buckets", "audit_scope"):
        db.execute(f"DROP TABLE IF EXISTS temp.{name}")
    db.execute("CREATE TEMP TABLE audit_seeds (id TEXT PRIMARY KEY)")
    db.conn.executemany("INSERT INTO temp.audit_seeds VALUES (?)", [(i,) for i in seeds])
    in_seeds = "IN (SELECT id FROM temp.audit_seeds)"
    old_keys = db.execute(f"SELECT report_id, agency_key, report_year FROM main.{KEYS_KEPT}"
                          f" WHERE report_id {in_seeds}").fetchall()
    old_explainers = set(db.execute(f"SELECT * FROM main.{EXPLAINERS_KEPT} WHERE id {in_seeds}"))
    db.execute(f"DELETE FROM main.{KEYS_KEPT} WHERE report_id {in_seeds}")
    db.execute(f"DELETE FROM main.{EXPLAINERS_KEPT} WHERE id {in_seeds}")
    db.execute(f"INSERT INTO main.{KEYS_KEPT} {_KEYS_SQL} AND r.id {in_seeds}")
    new_explainers = set(_explainer_rows(db, f" AND r.id {in_seeds}"))
    db.conn.executemany(f"INSERT INTO main.{EXPLAINERS_KEPT} VALUES (?, ?, ?, ?, ?)",
                        sorted(new_explainers, key=repr))
    new_keys = db.execute(f"SELECT report_id, agency_key, report_year FROM main.{KEYS_KEPT}"
                          f" WHERE report_id {in_seeds}").fetchall()
    buckets, singles = set(), {rid for rid, key, _y in new_keys if not key}
    for _rid, key, year in old_keys + new_keys:
        if key:
            buckets.add((key, year))
            if year is not None:
                buckets.add((key, year + 1))
    for _id, site, key, year, _title in old_explainers ^ new_explainers:
        if year is None:
            continue
        if key:
            buckets.add((key, year))
        for rid, k, y in db.execute(
                f"SELECT k.report_id, k.agency_key, k.report_year FROM reports AS r JOIN"
                f" main.{KEYS_KEPT} AS k ON k.report_id = r.id WHERE r.site_id IS ? AND"
                " r.report_year = ?", [site, year]):
            if k:
                buckets.add((k, y))
            else:
                singles.add(rid)
    db.execute("CREATE TEMP TABLE audit_buckets (agency_key TEXT, report_year INTEGER, write INTEGER)")
    db.conn.executemany("INSERT INTO temp.audit_buckets VALUES (?, ?, 1)", sorted(buckets, key=repr))
    db.conn.executemany("INSERT INTO temp.audit_buckets VALUES (?, ?, 0)", sorted(
        {(k, y - 1) for k, y in buckets if y is not None} - buckets, key=repr))
    db.execute("CREATE TEMP TABLE audit_scope (report_id TEXT PRIMARY KEY, write INTEGER)")
    db.execute(f"""INSERT OR IGNORE INTO temp.audit_scope SELECT k.report_id, b.write
      FROM temp.audit_buckets AS b JOIN main.{KEYS_KEPT} AS k
        ON k.agency_key = b.agency_key AND k.report_year IS b.report_year ORDER BY b.write DESC""")
    db.conn.executemany("INSERT OR REPLACE INTO temp.audit_scope VALUES (?, 1)",
                        [(i,) for i in sorted(singles)])


def buckets(db, scoped: bool = False):
    """Lists of reports of one agency-year, in (agency, year) index order; a report without an
    agency is a bucket of its own."""
    bucket, at = [], None
    sql = BUCKETS_SQL.replace("{keys}", IN_SCOPE if scoped else f"main.{KEYS_KEPT}")
    for row in db.execute(sql.replace("{write}", "k.write" if scoped else "1")):
        r = dict(zip(COLUMNS, row))
        here = (r["agency_key"], r["report_year"]) if r["agency_key"] else (None, r["id"])
        if bucket and here != at:
            yield bucket
            bucket = []
        bucket.append(r)
        at = here
    if bucket:
        yield bucket


def _load(db, r: dict, compare: bool) -> dict:
    """A report with its text, sections, statistics and attachments (and, when it is compared
    with other sites' reports, its shingles)."""
    r["text"] = report_text(r["body"], r["attachment_text"])
    r["spans"] = find_sections(r["text"])
    r["stats"] = [dict(zip(("source", "section", "row_code", "col_code", "value", "unit", "raw",
                            "method", "sentence"), row)) for row in db.execute(
        "SELECT source, section, row_code, col_code, value, unit, raw, method, sentence FROM"
        " report_stats WHERE report_id = ? ORDER BY source, section, row_code, col_code",
        [r["id"]]).fetchall()]
    r["attachments"] = [{"role": role, "method": method, "text": text} for role, method, text in
                        db.execute("SELECT a.role, f.method, f.text FROM attachments AS a LEFT JOIN"
                                   " attachment_files AS f ON f.sha256 = a.sha256 WHERE"
                                   " a.report_id = ? ORDER BY a.id", [r["id"]]).fetchall()]
    r["sentences"] = sentence_set(narrative(r["text"], r["spans"]))
    r["shingles"] = shingles(r["text"]) if compare else set()
    return r


def audit_rows(db, r: dict, bucket, previous) -> list[tuple]:
    """The report_audit rows of one loaded report."""
    results = {
        "sections": check_sections(r), "problems_substance": check_problems(r),
        "fees_consistent": check_fees(r), "blank_cells": check_blanks(r),
        "readable_text": check_readable(r), "explainer": check_explainer(r, db),
        "duplicate_across_sites": check_duplicates(r, bucket),
        "repeats_last_year": check_repeats(r, previous), "prose_vs_table": check_prose_vs_table(r),
    }
    return [(r["id"], code, ok, value, detail, json.dumps(evidence, ensure_ascii=False,
                                                          sort_keys=True))
            for code, (ok, value, detail, evidence) in results.items()]


def _audit_bucket(db, bucket: list[dict], previous) -> list[tuple]:
    key, year = bucket[0]["agency_key"], bucket[0]["report_year"]
    compare = bool(key) and len(bucket) <= MAX_BUCKET
    sites = len({r["site_id"] for r in bucket}) > 1
    reports = [_load(db, r, compare and sites) for r in bucket]
    prev = previous[1:] if previous and key and year is not None and previous[0] == (key, year - 1) \
        else None
    written = [r for r in reports if r["write"]]  # a scoped refresh only reads the year before
    rows = [row for r in written for row in audit_rows(db, r, reports if compare else None, prev)]
    db.conn.executemany("INSERT INTO report_audit (report_id, check_code, ok, value, detail,"
                        " evidence) VALUES (?, ?, ?, ?, ?, ?)", rows)
    if not compare or year is None:
        return previous
    return ((key, year), sorted(r["id"] for r in reports),
            set().union(*(r["sentences"] for r in reports)))


def refresh_audit(db, report_ids=None) -> int:
    """Rebuild ``report_audit`` for every is_report = 1 report, or (``report_ids``, the pages
    that changed) for the reports whose checks they can change (``_build_scope``); running
    twice gives the same rows. Returns the number of reports audited."""
    ensure_audit_shape(db)
    count, previous = 0, None
    scoped = report_ids is not None and db[KEYS_KEPT].exists() and db[EXPLAINERS_KEPT].exists()
    with transaction(db):
        if scoped:
            _build_scope(db, report_ids)
            db.execute("DELETE FROM report_audit WHERE report_id IN (SELECT report_id FROM"
                       " temp.audit_scope WHERE write) OR report_id IN (SELECT id FROM"
                       " temp.audit_seeds)")  # a seed may be gone or no report any more
        else:
            _build_indexes(db)
            db.execute("DELETE FROM report_audit")
        for bucket in buckets(db, scoped):
            previous = _audit_bucket(db, bucket, previous)
            count += sum(1 for r in bucket if r["write"])
        for name in ("audit_seeds", "audit_buckets", "audit_scope"):
            db.execute(f"DROP TABLE IF EXISTS temp.{name}")
    return count
