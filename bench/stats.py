"""Statistics benchmark: cell accuracy on the hand-written expected files in tests/data/stats/
and parse throughput (reports/s) of the table, text-line and prose parsers.

``expected_cells`` / ``parsed_cells`` turn a case into ``{(section, row, col): (value, unit)}``
so the tests and this benchmark judge the same way.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "stats"
APPLICANTS = ["natural_person", "business", "research", "public_interest", "legal_services",
              "other_org", "total"]
REVIEW = ["upheld", "corrected", "other_result", "pending", "total"]


def cases() -> list[tuple[str, dict]]:
    return [(p.name.removesuffix(".expected.json"), json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(CASES.glob("*.expected.json"))]


def _unit(value, unit):
    return None if value is None else unit


def expected_cells(case: dict) -> dict:
    """{(section, row, col): (value, unit)} of every table cell and prose quantity of a case."""
    out = {}
    for row, cols in case["active"].items():
        for col, (value, unit) in cols.items():
            out[("active", row, col)] = (value, _unit(value, unit))
    for row, values in case["applications"].items():
        pairs = values.items() if isinstance(values, dict) else zip(APPLICANTS, values)
        for col, value in pairs:
            out[("applications", row, col)] = (value, _unit(value, "件"))
    for row, values in case["review"].items():
        for col, value in zip(REVIEW, values):
            out[("review", row, col)] = (value, _unit(value, "件"))
    for section, row, col, value, unit, _words in case["prose"]:
        out[(section, row, col)] = (value, unit)
    return out


def case_input(case: dict) -> bytes:
    return (ROOT / case["page"] if "page" in case else CASES / case["file"]).read_bytes()


def parse_case(case: dict, data: bytes | None = None) -> list:
    """The StatCells the case's parser finds in its input."""
    from xxgk.extract import extract_report
    from xxgk.extract.stats import StatCell, parse_stats_prose, parse_stats_text

    data = case_input(case) if data is None else data
    if case["parser"] == "page":
        record = extract_report(data, "http://127.0.0.1/" + case["page"])
        return [StatCell(**c) for c in record["stats"]]
    text = data.decode("utf-8")
    if case["parser"] == "text":
        return parse_stats_text(text, case["report_year"])
    return parse_stats_prose(text)


def parsed_cells(cells) -> dict:
    return {(c.section, c.row_code, c.col_code): (c.value, c.unit) for c in cells}


def score() -> tuple[int, int, int, int]:
    """(expected cells, cells found equal, extra cells found, reports)."""
    total = right = extra = 0
    all_cases = cases()
    for _name, case in all_cases:
        want, got = expected_cells(case), parsed_cells(parse_case(case))
        total += len(want)
        right += sum(1 for k, v in want.items() if got.get(k) == v)
        extra += len(set(got) - set(want))
    return total, right, extra, len(all_cases)


def throughput(seconds: float = 2.0) -> dict:
    """Reports per second of each parser alone, on the cases' inputs (parse included)."""
    from xxgk.extract.stats import parse_stats_html, parse_stats_prose, parse_stats_text

    inputs = {"html tables": [(parse_stats_html, case_input(c)) for _, c in cases()
                              if c["parser"] == "page" and c["format"] != "prose"],
              "text lines": [(parse_stats_text, case_input(c).decode()) for _, c in cases()
                             if c["parser"] == "text"],
              "prose": [(parse_stats_prose, _page_text(c)) for _, c in cases() if c["format"] == "prose"]}
    rates = {}
    for name, jobs in inputs.items():
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds / len(inputs):
            for fn, arg in jobs:
                fn(arg)
            done += len(jobs)
        rates[name] = done / (time.perf_counter() - start)
    return rates


def _page_text(case: dict) -> str:
    from xxgk.extract import extract_report

    return extract_report(case_input(case), "http://127.0.0.1/")["body"]


def stats_table() -> list[str]:
    total, right, extra, reports = score()
    rates = throughput()
    lines = [f"Statistics parsing on {reports} hand-checked reports in `tests/data/stats/` "
             "(standard 2019/2021 HTML tables incl. a messy one, PDF/DOCX text lines, prose). "
             "A cell is right when its value and unit equal the expected file; throughput is one "
             "core, parse only (the page's HTML parse included for tables).", "",
             "| expected cells | right | cell accuracy | extra cells | "
             + " | ".join(f"{k} (reports/s)" for k in rates) + " |",
             "|---|---|---|---|" + "---|" * len(rates),
             f"| {total:,} | {right:,} | {right / total:.1%} | {extra} | "
             + " | ".join(f"{v:,.0f}" for v in rates.values()) + " |"]
    return lines


if __name__ == "__main__":
    print("\n".join(stats_table()))
