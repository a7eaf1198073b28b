"""Consistency checks of one report's table cells. A failed check keeps the numbers involved;
nothing is ever corrected.

* ``identity:<col>``: section 三's own rule (本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和),
  new + carried_over = total + carried_forward, for each applicant column;
* ``sum:<col>``: （七）总计 = the sum of the outcome rows (（一）…（六） and their numbered sub-rows);
* ``row_total:<row>``: the 总计 column = 自然人 + the five 法人或其他组织 columns;
* ``review_total:<row>``: in section 四, each 总计 = 维持 + 纠正 + 其他结果 + 尚未审结.

Empty cells (``&nbsp;``, ``/``) count as 0 in the sums; a check whose numbers are all empty is skipped.
"""
from __future__ import annotations

from . import codes
from .model import Check, StatCell

OUTCOMES_2019 = [r for r, (s, _, _) in codes.ROWS.items() if s == "applications"
                 and r.startswith(("granted", "partly_granted", "denied_", "unable_", "not_processed_"))]
OTHER = {"2019": ["other"], "2021": ["other_no_correction", "other_no_fee", "other_other"]}
PARTS = ["natural_person", "business", "research", "public_interest", "legal_services", "other_org"]
REVIEW_PARTS = ["upheld", "corrected", "other_result", "pending"]


def _check(code: str, expected_parts: dict, actual_parts: dict, extra=None) -> Check | None:
    if all(v is None for v in {**expected_parts, **actual_parts}.values()):
        return None
    expected = sum(v or 0 for v in expected_parts.values())
    actual = sum(v or 0 for v in actual_parts.values())
    ok = abs(expected - actual) < 1e-6
    detail = {**(extra or {}), "expected_from": expected_parts, "actual_from": actual_parts}
    return Check(code, ok, _num(expected), _num(actual), detail)


def _num(x):
    return int(x) if float(x).is_integer() else x


def check_stats(cells: list[StatCell]) -> list[Check]:
    """Every applicable check of one report's table cells (prose cells are not checked)."""
    table = [c for c in cells if c.method != "prose"]
    if not table:
        return []
    fmt = table[0].format
    have = {(c.section, c.row_code, c.col_code) for c in table}
    value = {(c.section, c.row_code, c.col_code): c.value for c in table}
    app = lambda row, col: value.get(("applications", row, col))  # noqa: E731
    out = []
    cols = [c for c in codes.APPLICANT_ORDER if any(k[2] == c for k in have if k[0] == "applications")]
    outcomes = OUTCOMES_2019 + OTHER.get(fmt, [])
    for col in cols:
        out.append(_check(f"identity:{col}", {r: app(r, col) for r in ("new", "carried_over")},
                          {r: app(r, col) for r in ("total", "carried_forward")}, {"column": col}))
        if ("applications", "total", col) in have:
            parts = {r: app(r, col) for r in outcomes if ("applications", r, col) in have}
            out.append(_check(f"sum:{col}", parts, {"total": app("total", col)}, {"column": col}))
    rows = [r for r in codes.ROWS if ("applications", r, "total") in have]
    for row in rows:
        parts = {c: app(row, c) for c in PARTS if ("applications", row, c) in have}
        if parts:
            out.append(_check(f"row_total:{row}", parts, {"total": app(row, "total")}, {"row": row}))
    for row in ("reconsideration", "lawsuit_direct", "lawsuit_after_reconsideration"):
        if ("review", row, "total") in have:
            parts = {c: value.get(("review", row, c)) for c in REVIEW_PARTS}
            out.append(_check(f"review_total:{row}", parts, {"total": value[("review", row, "total")]},
                              {"row": row}))
    return [c for c in out if c is not None]
