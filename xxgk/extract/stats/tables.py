"""The three standard tables read from rows of fields (an HTML grid or text lines alike).

Rows and columns are recognised by their printed labels, not by position, so tables split in
two, extra label columns and the 2019/2021 variants read the same way; when a header is missing
the standard column order is used.
"""
from __future__ import annotations

import re

from . import codes
from .model import Field, StatCell
from .values import clean_raw, is_value, parse_value

Row = list  # list[Field | None]

ACTIVE_DEFAULTS = {
    "2019": {"regulations": ["made", "published", "disclosed_total"],
             "normative_docs": ["made", "published", "disclosed_total"],
             "fees": ["prev_items", "change"], "procurement": ["items", "amount"]},
    "2021": {"regulations": ["issued", "repealed", "in_force"],
             "normative_docs": ["issued", "repealed", "in_force"], "fees": ["amount"]},
}
MAX_TEXT_LABEL = 24  # longer "labels" in text lines are sentences
KEEP = "keep"  # section_heading / section_start: the row does not start a section
SECTION_HEADINGS = [(re.compile(r"^[二2][、.]主动公开"), "active"),
                    (re.compile(r"^[三3][、.]收到和处理"), "applications"),
                    (re.compile(r"^[四4][、.].*(行政复议|行政诉讼)"), "review"),
                    (re.compile(r"^[五5][、.].*存在|^[六6][、.]其他需要报告"), None)]
ACTIVE_UNITS = {("2021", "fees", "amount"): "万元"}


def detect_format(text: str, report_year: int | None = None) -> str:
    """"2021" or "2019" from the table headings (NFKC, no spaces), else from the report year."""
    if any(k in text for k in ("制发件数", "废止件数", "现行有效", "逾期不补正", "缴纳费用", "本年制发")):
        return "2021"
    if any(k in text for k in ("本年新制作", "本年新公开", "上一年项目", "采购项目", "其他对外管理服务")):
        return "2019"
    return "2021" if report_year and report_year >= 2021 else "2019"


def classify(text: str) -> str | None:
    """Which standard table a table's text (NFKC, no spaces) is, or None."""
    if any(k in text for k in ("本年新收", "勾稽", "申请人情况", "予以公开", "结转下年")):
        return "applications"
    if "行政复议" in text and ("维持" in text or "纠正" in text):
        return "review"
    if "第二十条" in text or ("信息内容" in text and any(k for k, _ in codes.ACTIVE_ROWS if k in text)):
        return "active"
    return None


# what each section's heading or header row has (a table with fewer than two is not cut)
SECTION_CUES = [("主动公开", "第二十条"), ("收到和处理", "勾稽", "申请人情况"), ("行政复议", "行政诉讼")]


def section_heading(label: str):
    """The section a report heading (NFKC, no spaces) opens: ``二、主动公开…`` -> "active",
    ``三、收到和处理…`` -> "applications", ``四、…行政复议…`` -> "review", ``五、…存在…`` / ``六、其他需要报告…``
    -> None (no table follows); any other text -> KEEP."""
    return next((s for rx, s in SECTION_HEADINGS if rx.match(label)), KEEP)


def section_start(row: Row):
    """The section a table row opens, by its heading or by its table's own header row
    (``第二十条…``, ``…勾稽关系…`` / ``申请人情况``, ``行政复议 | 行政诉讼``); None after ``五、``/``六、``;
    KEEP for every other row (data rows never start a section)."""
    if _values(row):
        return KEEP
    label = _label_of(row)[0]
    if not label:
        return KEEP
    heading = section_heading(label)
    if heading != KEEP:
        return heading
    if "勾稽" in label or "申请人情况" in label:
        return "applications"
    if "第二十条" in label:
        return "active"
    if "行政复议" in label and "行政诉讼" in label:
        return "review"
    return KEEP


def split_sections(rows: list[Row], text: str | None = None) -> list[tuple[str | None, list[Row]]]:
    """One table's rows cut where another section begins (sections 二, 三 and 四 printed in ONE
    table): [(section or None when the rows before the first start say nothing, rows)]. A table
    of one section comes back whole; in a cut table the pure heading rows (``三、收到和处理…``)
    are left out, as they would sit in the next part's header paths. ``text``, the table's labels
    joined, spares the row-by-row look when at most one section's cues are in it."""
    if text is not None and sum(any(k in text for k in cues) for cues in SECTION_CUES) < 2:
        return [(None, rows)]  # the common case, decided on the table's text alone
    parts: list[list] = [[None, []]]
    for row in rows:
        start = section_start(row)
        if start == KEEP or start == parts[-1][0]:
            parts[-1][1].append(row)
        else:
            parts.append([start, [row]])
    parts = [p for p in parts if p[1]]
    if len(parts) <= 1:
        return [(p[0], p[1]) for p in parts]
    return [(kind, [r for r in part if section_heading(_label_of(r)[0]) == KEEP or _values(r)])
            for kind, part in parts]


def continues(kind: str, rows: list[Row]) -> bool:
    """True when a table's rows carry on a ``kind`` table printed just before it: the first row
    with any content is already a data row of that section (no header of its own), e.g. a
    section 三 table cut after ``4.保护第三方合法权益`` whose next part starts at ``5.属于三类内部事务信息``."""
    for row in rows:
        label = _label_of(row)[0]
        values = _values(row)
        if not label and not values:
            continue
        if kind == "applications":
            return bool(values) and (codes.application_row(label) is not None
                                     or bool(re.match(r"\d[.、．]", label)))
        if kind == "active":
            return bool(values) and codes.first_match(label, codes.ACTIVE_ROWS) is not None
        return len(values) >= 5
    return False


def _cell(section, row, col, f: Field, fmt, method, row_label, col_label, unit=None) -> StatCell:
    value, printed_unit = parse_value(f.raw) if f else (None, None)
    unit = printed_unit or unit or codes.default_unit(col)
    return StatCell(section, row, col, value, unit if value is not None else None,
                    clean_raw(f.raw) if f else "", row_label, col_label, fmt, method,
                    confidence=f.confidence if f else None)


def _values(row: Row) -> list[int]:
    return [j for j, f in enumerate(row) if f is not None and f.first and is_value(f.raw)]


def _label_of(row: Row, skip=()) -> tuple[str, str]:
    """(joined label for matching, the printed label of the most specific label field)."""
    seen, parts, last = set(), [], ""
    for j, f in enumerate(row):
        if f is None or j in skip or f.key in seen or not f.label or is_value(f.raw):
            continue
        seen.add(f.key)
        parts.append(f.label)
        last = clean_raw(f.raw)
    return "".join(parts), last


def parse_active(rows: list[Row], fmt: str, method: str) -> list[StatCell]:
    out, cols = [], []
    for row in rows:
        labels = [f.label if f else "" for f in row]
        if any("信息内容" in lab for lab in labels):
            start = next(j for j, lab in enumerate(labels) if "信息内容" in lab) + 1
            cols = [(j, codes.first_match(row[j].label, codes.ACTIVE_COLS), clean_raw(row[j].raw))
                    for j in range(start, len(row)) if row[j] is not None and row[j].first]
            continue
        label, printed = _label_of(row)
        code = codes.first_match(label, codes.ACTIVE_ROWS)
        if code is None or "第二十条" in label:
            continue
        if method == "text" and (len(label) > MAX_TEXT_LABEL or not _values(row)):
            continue  # a sentence of prose, not a table row
        slots = [(j, c, lab) for j, c, lab in cols if c]
        defaults = ACTIVE_DEFAULTS[fmt].get(code)
        if method == "text" or not slots:  # no usable header: the standard order
            start = next((j + 1 for j, f in enumerate(row) if f and f.label and code and
                          codes.first_match(f.label, codes.ACTIVE_ROWS) == code), 1)
            order = defaults or (["prev_items", "change", "decisions"] if fmt == "2019" else ["decisions"])
            heads = {c: lab for _, c, lab in slots}
            slots = [(start + k, c, heads.get(c, codes.COLS[c][0])) for k, c in enumerate(order)]
        for j, col, col_label in slots:
            f = row[j] if j < len(row) else None
            if f is not None and not f.first:
                continue
            out.append(_cell("active", code, col, f, fmt, method, printed, col_label,
                             ACTIVE_UNITS.get((fmt, code, col))))
    return out


def _header_paths(rows: list[Row], width: int) -> list[list[str]]:
    paths = [[] for _ in range(width)]
    for row in rows:
        for j, f in enumerate(row[:width]):
            if f is not None and f.label and (not paths[j] or paths[j][-1][1] != f.key):
                paths[j].append((clean_raw(f.raw), f.key))
    return [[raw for raw, _ in p] for p in paths]


def parse_applications(rows: list[Row], fmt: str, method: str) -> list[StatCell]:
    data = [i for i, row in enumerate(rows)
            if codes.application_row(_label_of(row)[0]) and _values(row)
            and (method != "text" or len(_label_of(row)[0]) <= 3 * MAX_TEXT_LABEL)]
    if not data:
        return []
    width = max(len(r) for r in rows)
    cols = {}
    for j, path in enumerate(_header_paths(rows[:data[0]], width) if method != "text" else []):
        leaf = codes.norm_label(path[-1]) if path else ""
        code = None if "法人" in leaf or "勾稽" in leaf else codes.first_match(leaf, codes.APPLICANT_COLS)
        if code and code not in [c for c, _ in cols.values()]:
            cols[j] = (code, path[-1])
    out, group = [], ""
    for i in range(data[0], len(rows)):
        row = rows[i]
        slots = _realign(row, cols) if len(cols) >= 3 else {
            j: (c, codes.COLS[c][0]) for j, c in _positional(row, codes.APPLICANT_ORDER).items()}
        label, printed = _label_of(row, skip=slots)
        group = label if any(k in label for k in ("不予公开", "无法提供", "不予处理", "其他处理")) else group
        code = codes.application_row(label)
        if code is None and label[:1].isdigit():
            code = codes.application_row(group + label)
        if code is None:
            continue
        if code == "other" and fmt == "2021" and "3" in label:
            code = "other_other"
        for j, (col, col_label) in slots.items():
            f = row[j] if j < len(row) else None
            if f is not None and not f.first:
                continue
            out.append(_cell("applications", code, col, f, fmt, method, printed or label, col_label))
    return out


def _realign(row: Row, cols: dict) -> dict:
    """Header columns, moved onto the row's own trailing value cells when there are exactly as
    many: an over-long rowspan above (a real-site defect) shifts a row's cells to the right."""
    tail = []
    for j in range(len(row) - 1, -1, -1):
        f = row[j]
        if f is None or not f.first or not (f.raw.strip() == "" or is_value(f.raw)):
            break
        tail.append(j)
    if len(tail) != len(cols) or sorted(tail) == sorted(cols):
        return cols
    return dict(zip(sorted(tail), (cols[j] for j in sorted(cols))))


def _positional(row: Row, order: list) -> dict:
    """Standard column order on the last len(order) fields (text lines, headerless tables)."""
    values = _values(row)
    n = len(order)
    if len(row) > n and all(f is None or f.raw.strip() == "" or is_value(f.raw) for f in row[-n:]):
        return {len(row) - n + k: c for k, c in enumerate(order)}
    if len(values) == n:
        return dict(zip(values, order))
    return {}


def parse_review(rows: list[Row], fmt: str, method: str) -> list[StatCell]:
    data = [i for i, row in enumerate(rows) if len(_values(row)) >= 5]
    if not data:
        return []
    width = max(len(r) for r in rows)
    cols = {}
    for j, path in enumerate(_header_paths(rows[:data[0]], width) if method != "text" else []):
        hit = codes.review_column([codes.norm_label(p) for p in path])
        if hit and hit not in cols.values():
            cols[j] = hit
    out = []
    for i in data:
        row = rows[i]
        if len(cols) == 15:
            leaves = [p[-1] if p else "" for p in _header_paths(rows[:data[0]], width)]
            slots = {j: (r, c, leaves[j]) for j, (r, c) in cols.items()}
        else:
            pos = _positional(row, codes.REVIEW_ORDER)
            slots = {j: (r, c, codes.COLS[c][0]) for j, (r, c) in pos.items()}
        for j, (r, c, col_label) in slots.items():
            f = row[j] if j < len(row) else None
            if f is not None and not f.first:
                continue
            out.append(_cell("review", r, c, f, fmt, method, codes.ROWS[r][1], col_label))
        if slots:
            break
    return out


PARSERS = {"active": parse_active, "applications": parse_applications, "review": parse_review}
