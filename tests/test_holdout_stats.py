"""Held-out statistics pages: report bodies written independently of extract/stats (from
docs/field-rules.md (Statistics tables) and extract/stats/codes.py only; see tests/holdout_stats/make_pages.py).

Per page, the parser's cells as {(section, row_code, col_code): (value, unit)} against the expected
ones, with missing, extra and wrong cells reported separately; per planted check, its ok flag.

    .venv/bin/python tests/test_holdout_stats.py     # the matrix: expected / right / wrong / missing / extra
"""
from __future__ import annotations

import functools
import json
import math
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import xxgk.extract.stats as stats  # noqa: E402

HOLDOUT = Path(__file__).parent / "holdout_stats"
PAGES = sorted(HOLDOUT.glob("[0-9][0-9]-*.json"))


@functools.lru_cache(maxsize=None)
def expected(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def prose_text(raw: str) -> str:
    """The article body as text, one paragraph per line (what a prose report's body text looks like)."""
    root = lxml_html.fromstring(raw)
    return "\n".join(el.text_content().strip() for el in root.xpath("//h1|//p"))


@functools.lru_cache(maxsize=None)
def parsed(path: str):
    exp = expected(path)
    p = Path(path)
    if exp["kind"] == "html":
        return stats.parse_stats_html(p.with_suffix(".html").read_bytes())
    if exp["kind"] == "text":
        return stats.parse_stats_text(p.with_suffix(".txt").read_text(encoding="utf-8"))
    return stats.parse_stats_prose(prose_text(p.with_suffix(".html").read_text(encoding="utf-8")))


def same_value(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)


def compare(path: str) -> dict:
    exp = {(c["section"], c["row_code"], c["col_code"]): (c["value"], c["unit"]) for c in expected(path)["cells"]}
    got, dups = {}, []
    for cell in parsed(path):
        key = (cell.section, cell.row_code, cell.col_code)
        if key in got:
            dups.append((key, got[key], (cell.value, cell.unit)))
            continue
        got[key] = (cell.value, cell.unit)
    right, wrong = [], []
    for key, want in exp.items():
        if key in got:
            have = got[key]
            (right if same_value(want[0], have[0]) and want[1] == have[1] else wrong).append((key, want, have))
    missing = [(key, exp[key]) for key in exp if key not in got]
    extra = [(key, got[key]) for key in got if key not in exp]
    return {"expected": len(exp), "right": right, "wrong": wrong, "missing": missing, "extra": extra, "dups": dups}


def fmt_key(key):
    return "/".join(key)


@pytest.mark.parametrize("path", [str(p) for p in PAGES], ids=[p.stem for p in PAGES])
def test_cells(path):
    r = compare(path)
    lines = []
    if r["wrong"]:
        lines.append(f"{len(r['wrong'])} wrong (expected -> got):")
        lines += [f"  {fmt_key(k)}: {w} -> {h}" for k, w, h in r["wrong"]]
    if r["missing"]:
        lines.append(f"{len(r['missing'])} missing:")
        lines += [f"  {fmt_key(k)}: {w}" for k, w in r["missing"]]
    if r["extra"]:
        lines.append(f"{len(r['extra'])} extra:")
        lines += [f"  {fmt_key(k)}: {h}" for k, h in r["extra"]]
    if r["dups"]:
        lines.append(f"{len(r['dups'])} duplicate keys (first kept):")
        lines += [f"  {fmt_key(k)}: {a} then {b}" for k, a, b in r["dups"]]
    assert not lines, f"{len(r['right'])}/{r['expected']} right\n" + "\n".join(lines)


CHECKS = [(str(p), c["code"], c["ok"]) for p in PAGES for c in expected(str(p))["checks"]]


@pytest.mark.parametrize("path,code,ok", CHECKS, ids=[f"{Path(p).stem}:{c}" for p, c, _ in CHECKS])
def test_planted_check(path, code, ok):
    checks = {c.code: c for c in stats.check_stats(parsed(path))}
    if code not in checks:
        pytest.fail(f"check {code} not run (ran: {sorted(checks)})")
    c = checks[code]
    assert c.ok is ok, f"{code}: ok={c.ok}, expected ok={ok} (expected={c.expected}, actual={c.actual})"


def matrix() -> None:
    print(f"{'page':42} {'exp':>4} {'right':>5} {'wrong':>5} {'miss':>5} {'extra':>5} {'dup':>4} {'checks':>8}")
    tot = [0] * 6
    for p in PAGES:
        r = compare(str(p))
        checks = {c.code: c.ok for c in stats.check_stats(parsed(str(p)))}
        planted = expected(str(p))["checks"]
        good = sum(1 for c in planted if checks.get(c["code"]) is c["ok"])
        row = [r["expected"], len(r["right"]), len(r["wrong"]), len(r["missing"]), len(r["extra"]), len(r["dups"])]
        tot = [a + b for a, b in zip(tot, row)]
        print(f"{p.stem:42} {row[0]:>4} {row[1]:>5} {row[2]:>5} {row[3]:>5} {row[4]:>5} {row[5]:>4} "
              f"{good:>3}/{len(planted):<3}")
    print(f"{'TOTAL':42} {tot[0]:>4} {tot[1]:>5} {tot[2]:>5} {tot[3]:>5} {tot[4]:>5} {tot[5]:>4}")


if __name__ == "__main__":
    matrix()
