"""`make bench`: measure extraction and crawling, print the tables, write docs/benchmarks.md."""
import argparse
import platform
from datetime import datetime, timezone
from pathlib import Path

from bench import crawl, extraction, listings, pdf_tables, recrawl, reextract, stats
from bench import load as load_bench
from bench import importing, many_sites
from bench import ocr as ocr_bench
from bench import serving

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def _pct(value):
    return "—" if value is None else f"{value:.0%}"


def extraction_table(fixtures=None, what=None) -> list[str]:
    fixtures = fixtures or extraction.article_fixtures()
    what = what or f"{len(fixtures)} fixture article pages"
    rows = {name: extraction.score(name, fixtures) for name in extraction.EXTRACTORS}
    xxgk_speed = rows["xxgk"][1]
    head = ["extractor", "pages/s", "× xxgk speed"] + extraction.FIELDS
    lines = [f"Extraction on {what} (one core; accuracy = share of "
             "pages whose field equals the hand-written expected record; — = no such field).", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, (accuracy, speed) in rows.items():
        cells = [name, f"{speed:,.0f}", f"{speed / xxgk_speed:.2f}"]
        cells += [_pct(accuracy[f]) for f in extraction.FIELDS]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def crawl_table(pages: int, figures: dict) -> list[str]:
    m = crawl.crawl_generated_site(pages)
    figures["crawl"] = m
    lines = [f"Crawl of a generated TRS-style fixture site ({m['pages_generated']:,} article pages "
             f"of which {m['reports_generated']:,} reports, 20 links per listing page, loopback, "
             "fixture-web settings: no delay, 16 concurrent), beside its peers on the same "
             f"{m['pages']:,} pages (the URLs our crawl fetched, read from its WARC), in the same "
             "run, medians of two runs each: a bare Scrapy spider that stores nothing (the "
             "machine's limit for fetching these pages) and the same spider running our "
             "extractor on every page. Our crawl is the whole `scrapy crawl` process with its "
             "archive writer: fetch, extraction, WARC, SQLite writes, the jieba-segmented search "
             "index, the derived tables at the end. CPU = user + system of the process and its "
             "children. The fixture server shares the machine's cores.", "",
             "| spider | seconds | pages/s | × bare Scrapy | CPU ms/page | peak RSS (MB) |",
             "|---|---|---|---|---|---|"]
    bare = m["bare"]["pages_per_second"]
    for name in ("bare", "bare+extract", "xxgk"):
        r = m[name]
        lines.append(f"| {name} | {r['seconds']:.1f} | {r['pages_per_second']:.1f} | "
                     f"{r['pages_per_second'] / bare:.2f} | {r['cpu_ms_per_page']:.1f} | "
                     f"{r['peak_rss_mb']:.0f} |")
    lines += ["", f"Our crawl stored {m['pages_stored']:,} pages ({m['reports_stored']:,} reports "
              f"of {m['reports_generated']:,} generated) in {m['requests']:,} requests."]
    return lines


def scale_table(f: dict) -> list[str]:
    """Issue 13's figures beside their limits, from the sections above (one run)."""
    rows = []

    def row(measure, ours, limit, ratio, goal, held):
        verdict = "not measured here" if held is None else "yes" if held else "**no**"
        rows.append(f"| {measure} | {ours} | {limit} | {ratio} | {goal} | {verdict} |")

    c = f.get("crawl")
    if c:
        ours, bare, peer = (c[k]["pages_per_second"] for k in ("xxgk", "bare", "bare+extract"))
        row(f"crawl, {c['pages']:,} pages", f"{ours:.1f} pages/s", f"bare Scrapy {bare:.1f}",
            f"{ours / bare:.2f}×", "≥ 0.3×", ours / bare >= 0.3)
        row("", f"{ours:.1f} pages/s", f"bare Scrapy + our extractor {peer:.1f}",
            f"{ours / peer:.2f}×", "≥ 0.8×", ours / peer >= 0.8)
        row("crawl, every report stored", f"{c['reports_stored']:,}",
            f"{c['reports_generated']:,} generated", "", "all",
            c["reports_stored"] == c["reports_generated"])
        row("peak RSS of a crawl (crawl and archive-writer processes together)",
            f"{c['xxgk']['peak_rss_mb']:.0f} MB", f"bare Scrapy {c['bare']['peak_rss_mb']:.0f} MB",
            f"{c['xxgk']['peak_rss_mb'] / c['bare']['peak_rss_mb']:.1f}×", "(the peer's, for scale)",
            None)
    a = f.get("crawl_into_archive")
    if a:
        row(f"peak RSS of the same kind of crawl into a {a['reports']:,}-report archive",
            f"{a['archive_rss_mb']:.0f} MB ({a['archive_s']:.0f} s)",
            f"into an empty archive {a['empty_rss_mb']:.0f} MB ({a['empty_s']:.0f} s)",
            f"{a['archive_rss_mb'] / a['empty_rss_mb']:.2f}×",
            "bounded at 1M archived reports (≤ 1.2× the empty archive's, every page stored)",
            a["archive_rss_mb"] <= 1.2 * a["empty_rss_mb"] and a["stored"] == a["empty_stored"])
    d = f.get("derived")
    if d:
        row(f"derived tables after a night's {d['night']:,} changed reports, {d['reports']:,} reports",
            f"{d['scoped_s']:.0f} s, {d['scoped_rss_mb']:.0f} MB",
            f"full rebuild {d['full_s']:.0f} s, {d['full_rss_mb']:.0f} MB",
            f"{d['scoped_s'] / d['full_s']:.2f}×", "what changed only (≤ 0.25× the full rebuild)",
            d["scoped_s"] <= 0.25 * d["full_s"])
    e = f.get("floor")
    if e:
        row("extraction alone", f"{e['xxgk_pps']:,.0f} pages/s",
            f"decode + lxml parse {e['floor_pps']:,.0f} pages/s", f"{e['ratio']:.1f}× floor",
            "≤ 4× floor", e["ratio"] <= 4)
    s = f.get("search")
    if s:
        row(f"search page, {s['reports']:,} reports", f"p95 {s['ranked_p95']:.0f} ms", "—", "",
            "p95 ≤ 100 ms", s["ranked_p95"] <= 100)
        row(f"table page `?_search=`, {s['reports']:,} reports", f"p95 {s['table_p95']:.0f} ms",
            "—", "", "p95 ≤ 300 ms", s["table_p95"] <= 300)
    ld = f.get("load")
    if ld:
        row(f"{ld['clients']} concurrent searchers (response cache off)",
            f"{ld['per_second']:.1f} requests/s, "
            f"p95 {ld['p95']:.0f} ms, {ld['errors']} errors", "—", "",
            "≥ 50 requests/s, p95 ≤ 1 s, no errors",
            ld["per_second"] >= 50 and ld["p95"] <= 1000 and not ld["errors"])
    ms = f.get("many")
    if ms:
        row(f"{ms['sites']:,} sites at once", f"{ms['seconds']:.0f} s, "
            f"{ms['stored']:,} of {ms['expected']:,} pages stored",
            f"politeness floor {ms['floor']:.0f} s", f"{ms['seconds'] / ms['floor']:.2f}× floor",
            "close to the floor", ms["seconds"] / ms["floor"] <= 1.5)
    return ["Issue 13's figures from the sections of this run, each beside its limit or peer.",
            "", "| measure | xxgk | limit / peer | ratio | goal | held |",
            "|---|---|---|---|---|---|", *rows]


def recrawl_table(pages: int) -> list[str]:
    rows = recrawl.recrawl_rows(pages)
    first = rows[0][1]
    lines = [f"Re-crawls of a generated site of {pages:,} article pages (1,000 reports), one "
             "archive, in this order. The server answers conditional requests (ETag / "
             "Last-Modified); incremental walks stop at the first listing page with nothing new.",
             "", "| run | requests | bytes received | × first crawl bytes | 200 | 304 "
             "| new versions |", "|---|---|---|---|---|---|---|"]
    for name, m in rows:
        lines.append(f"| {name} | {m['requests']:,} | {m['bytes']:,} | "
                     f"{m['bytes'] / first['bytes']:.3f} | {m['ok']:,} | {m['not_modified']:,} | "
                     f"{m['versions']:,} |")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2000,
                        help="article pages on the generated site (9 in 10 are reports)")
    parser.add_argument("--indicator-reports", type=int, default=1_000_000,
                        help="reports of the generated archive the indicators are computed over")
    args = parser.parse_args()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Benchmarks", "",
             f"Measured {stamp} by `make bench` on {platform.machine()}, "
             f"Python {platform.python_version()}, {_cores()} cores. Regenerate with `make bench`.",
             "", "## Extraction", ""] + extraction_table()
    held_out = extraction.held_out_pages()
    lines += ["", "Held out: the same measure on pages written by engineers who never saw the "
              "extractor's code (`tests/holdout`, `tests/holdout2`).", ""]
    lines += extraction_table(held_out, f"{len(held_out)} held-out pages")
    patterns = extraction.held_out_pages(extraction.REAL_PATTERNS)
    sets = ", ".join(f"`tests/{name}`" for name in extraction.REAL_PATTERNS
                     if (extraction.TESTS / name).is_dir())
    lines += ["", "Real-world patterns: held-out pages written blind from what real government "
              f"pages do ({sets}: markup inside ArticleTitle, footer 文章来源 lines, the agency "
              "named in title, heading or 落款 and never the publishing office, unusual report "
              "titles, 图解/解读 companions, script view counters, repost heads).", ""]
    lines += extraction_table(patterns, f"{len(patterns)} real-pattern pages")
    figures = {"floor": extraction.floor_ratio()}
    e = figures["floor"]
    lines += ["", f"Against the parse floor (the project's decode plus one lxml parse, nothing "
              f"read) on the fixture article pages: floor {e['floor_pps']:,.0f} pages/s, "
              f"xxgk {e['xxgk_pps']:,.0f} pages/s, {e['ratio']:.1f}× the floor."]
    sections = [
        ("Listings", listings.listings_table),
        ("Crawl", lambda: crawl_table(args.pages, figures)),
        ("Many sites at once", lambda: many_sites.many_sites_table(figures=figures)),
        ("Importing captures (`xxgk import-warc`)", lambda: importing.import_table(args.pages)),
        ("Re-crawls", lambda: recrawl_table(1111)),
        ("Re-extraction (`xxgk reextract --all`)", lambda: reextract.reextract_table(1111)),
        ("Statistics tables", stats.stats_table),
        ("PDF tables", pdf_tables.pdf_tables_table),
        ("OCR", ocr_bench.ocr_table),
        # the million-report sections each in a process of its own: what one leaves in memory
        # (page caches, a Datasette over 2 GB) is gone before the next
        ("Search", lambda: _in_child("bench.search:search_table", figures)),
        ("Searching under load", lambda: load_bench.load_table(figures=figures)),
        ("Reading room (`xxgk serve`)", serving.serving_table),
        ("Agencies and indicators",
         lambda: _in_child("bench.indicators:indicators_table", figures, args.indicator_reports)),
    ]
    for title, section in sections:
        lines += ["", f"## {title}", ""]
        try:
            lines += section()
        except Exception as exc:  # noqa: BLE001 — the other sections still run and are written
            lines.append(f"**This section failed in this run**: {type(exc).__name__}: {exc}")
        _write(lines + ["", "(make bench still running: later sections to come)"])
    lines += ["", "## Scale (issue 13)", ""] + scale_table(figures)
    text = "\n".join(lines) + "\n"
    print(text)
    _write(lines)
    print(f"written to {DOC}")


def _write(lines: list[str]) -> None:
    DOC.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _in_child(target: str, figures: dict | None, *args) -> list[str]:
    """``module:function(*args)`` in a fresh ``python -m bench.section`` process; its figures
    (if ``figures`` is given) join this run's."""
    import json
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "bench.section", target, json.dumps(list(args)),
           "1" if figures is not None else "0"]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True,
                          cwd=Path(__file__).resolve().parents[1])
    if done.returncode:
        raise RuntimeError(f"{target} ended with status {done.returncode} (negative: killed by "
                           "that signal); its error output is above")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if figures is not None:
        figures.update(result["figures"])
    return result["lines"]


def _cores():
    import os

    return os.cpu_count()


if __name__ == "__main__":
    main()
