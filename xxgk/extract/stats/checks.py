"""Consistency checks of one report's table cells. A failed check keeps the numbers involved;
nothing is ever corrected.

* ``identity:<col>``: section 三's own rule (本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和),
  new + carried_over = total + carried_forward, for each applicant column;
* ``sum:<col>``: （七）总计 = the sum of the outcome rows (（一）…（六） and their numbered sub-rows);
* ``row_total:<row>``: the 总计 column = 自然人 + the five 法人或其他组织 columns;
* ``review_total:<row>``: in section 四, each 总计 = 维持 + 纠正 + 其他结果 + 尚未审结.

Each check is ``ok``, ``failed`` or ``unknown``. A cell printed empty (``&nbsp;``, ``/``: a cell
with no value) counts as 0 in the sums, and so does a position covered by a span (a row the parser
read, whose column it read in another row or whose cell just before is empty: an empty colspan).
A cell of the standard form that was not read at all (its row dropped, e.g. by a PDF reader, or a
label not recognised; a column no row has) makes the check ``unknown``: ``ok`` None, no
expected/actual, and the absent cells as ``row:col`` in ``detail["missing"]``. A printed
inconsistency with every cell there is ``failed``. A check whose cells are all empty is skipped.

The cells a check needs follow the 2019 and 2021 forms (codes.py): both print the same rows but
（六）其他处理, one row in 2019 and three numbered rows in 2021; whichever of the two a table
prints is the one required.
"""
from __future__ import annotations

from . import codes
from .model import Check, StatCell

GROUPS = ("denied_", "unable_", "not_processed_")
OUTCOMES = ["granted", "partly_granted"] + [r for r, (s, _, _) in codes.ROWS.items()
                                            if s == "applications" and r.startswith(GROUPS)]
OTHER = {"2019": ["other"], "2021": ["other_no_correction", "other_no_fee", "other_other"]}
PARTS = ["natural_person", "business", "research", "public_interest", "legal_services", "other_org"]
REVIEW_ROWS = ["reconsideration", "lawsuit_direct", "lawsuit_after_reconsideration"]
REVIEW_PARTS = ["upheld", "corrected", "other_result", "pending"]


def outcome_rows(fmt: str, rows_read: set) -> list[str]:
    """The outcome rows （一）…（六） the form requires: （六） as the table printed it (2021's three
    numbered rows when any of them was read, else 2019's one row when read, else the format's)."""
    if any(r in rows_read for r in OTHER["2021"]):
        other = OTHER["2021"]
    elif "other" in rows_read:
        other = OTHER["2019"]
    else:
        other = OTHER.get(fmt, OTHER["2019"])
    return OUTCOMES + other


ABSENT = object()  # a cell whose row or column was not read


def cell_reader(table: list[StatCell]):
    """``read(section, row, col)``: the cell's value (None when printed empty), or ABSENT when the
    parser did not read it. A position the parser skipped in a row it read is covered by a span
    (None) when its column was read in another row, or when the cell printed before it in the row
    is empty (an empty colspan, e.g. over the five 法人或其他组织 columns of every row)."""
    value = {(c.section, c.row_code, c.col_code): c.value for c in table}
    rows = {(c.section, c.row_code) for c in table}
    cols = {(c.section, c.col_code) for c in table}

    def read(section: str, row: str, col: str):
        if (section, row, col) in value:
            return value[(section, row, col)]
        if (section, row) not in rows:
            return ABSENT
        if (section, col) in cols:
            return None
        before = next((k for k in _printed_before(section, row, col) if k in value), None)
        return None if before is not None and value[before] is None else ABSENT
    return read


def _printed_before(section: str, row: str, col: str) -> list[tuple]:
    """The positions printed before a cell in its row, nearest first (form order)."""
    if section == "review" and (row, col) in codes.REVIEW_ORDER:
        i = codes.REVIEW_ORDER.index((row, col))
        return [("review", r, c) for r, c in reversed(codes.REVIEW_ORDER[:i])]
    if section == "applications" and col in codes.APPLICANT_ORDER:
        i = codes.APPLICANT_ORDER.index(col)
        return [(section, row, c) for c in reversed(codes.APPLICANT_ORDER[:i])]
    return []


def run_check(code: str, expected_keys: dict, actual_keys: dict, read,
              extra: dict | None = None) -> Check | None:
    """Compare sum(expected side) with sum(actual side). Each side maps a name to its cell
    (section, row, col), read with ``read`` (``cell_reader``)."""
    sides = [{n: read(*k) for n, k in keys.items()} for keys in (expected_keys, actual_keys)]
    missing = [f"{k[1]}:{k[2]}" for keys, side in zip((expected_keys, actual_keys), sides)
               for n, k in keys.items() if side[n] is ABSENT]
    expected_parts, actual_parts = ({n: v for n, v in side.items() if v is not ABSENT} for side in sides)
    detail = {**(extra or {}), "expected_from": expected_parts, "actual_from": actual_parts}
    if missing:
        return Check(code, None, None, None, {**detail, "missing": missing}, "unknown")
    if all(v is None for v in {**expected_parts, **actual_parts}.values()):
        return None
    expected = sum(v or 0 for v in expected_parts.values())
    actual = sum(v or 0 for v in actual_parts.values())
    ok = abs(expected - actual) < 1e-6
    return Check(code, ok, _num(expected), _num(actual), detail)


def _num(x):
    return int(x) if float(x).is_integer() else x


def check_stats(cells: list[StatCell]) -> list[Check]:
    """Every applicable check of one report's table cells (prose cells are not checked)."""
    table = [c for c in cells if c.method != "prose"]
    if not table:
        return []
    read = cell_reader(table)
    keys = {(c.section, c.row_code, c.col_code) for c in table}
    out = _application_checks(keys, read, table[0].format) + _review_checks(keys, read)
    return [c for c in out if c is not None]


def _application_checks(keys: set, read, fmt: str) -> list[Check | None]:
    rows = {r for s, r, _ in keys if s == "applications"}
    cols = {c for s, _, c in keys if s == "applications"}
    if not rows:
        return []
    app = lambda row, col: ("applications", row, col)  # noqa: E731
    outcomes = outcome_rows(fmt, rows)
    out = []
    for col in [c for c in codes.APPLICANT_ORDER if c in cols]:
        out.append(run_check(f"identity:{col}", {r: app(r, col) for r in ("new", "carried_over")},
                             {r: app(r, col) for r in ("total", "carried_forward")}, read,
                             {"column": col}))
        out.append(run_check(f"sum:{col}", {r: app(r, col) for r in outcomes},
                             {"total": app("total", col)}, read, {"column": col}))
    for row in [r for r in codes.ROWS if r in rows]:
        out.append(run_check(f"row_total:{row}", {c: app(row, c) for c in PARTS},
                             {"total": app(row, "total")}, read, {"row": row}))
    return out


def _review_checks(keys: set, read) -> list[Check | None]:
    if not any(k[0] == "review" for k in keys):
        return []
    return [run_check(f"review_total:{row}", {c: ("review", row, c) for c in REVIEW_PARTS},
                      {"total": ("review", row, "total")}, read, {"row": row})
            for row in REVIEW_ROWS]
