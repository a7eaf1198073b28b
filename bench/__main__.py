"""`make bench`: measure extraction and crawling, print the tables, write docs/benchmarks.md."""
import argparse
import platform
from datetime import datetime, timezone
from pathlib import Path

from bench import crawl, extraction, indicators, listings, pdf_tables, recrawl, reextract, stats
from bench import ocr as ocr_bench
from bench import search as search_bench
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


def crawl_table(pages: int) -> list[str]:
    m = crawl.crawl_generated_site(pages)
    return [f"Crawl of a generated TRS-style fixture site ({m['pages_generated']:,} article pages "
            f"of which {m['reports_generated']:,} reports, 20 links per listing page, loopback, "
            "fixture-web settings: no delay, 16 concurrent). The whole `scrapy crawl` process is "
            "timed: fetch, extraction, jieba segmentation for search, SQLite writes. The fixture "
            "server shares the machine's two cores.",
            "", "| pages stored | reports stored | requests | seconds | pages/s "
            "| peak RSS of the crawl (MB) |", "|---|---|---|---|---|---|",
            f"| {m['pages_stored']:,} | {m['reports_stored']:,} | {m['requests']:,} | "
            f"{m['seconds']:.1f} | {m['pages_per_second']:.1f} | {m['peak_rss_mb']:.0f} |"]


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
    parser.add_argument("--pages", type=int, default=5600,
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
    lines += ["", "## Listings", ""] + listings.listings_table()
    lines += ["", "## Crawl", ""] + crawl_table(args.pages)
    lines += ["", "## Re-crawls", ""] + recrawl_table(1111)
    lines += ["", "## Re-extraction (`xxgk reextract --all`)", ""] + reextract.reextract_table(1111)
    lines += ["", "## Statistics tables", ""] + stats.stats_table()
    lines += ["", "## PDF tables", ""] + pdf_tables.pdf_tables_table()
    lines += ["", "## OCR", ""] + ocr_bench.ocr_table()
    lines += ["", "## Search", ""] + search_bench.search_table()
    lines += ["", "## Reading room (`xxgk serve`)", ""] + serving.serving_table()
    lines += ["", "## Agencies and indicators", ""] + indicators.indicators_table(
        args.indicator_reports)
    text = "\n".join(lines) + "\n"
    print(text)
    DOC.write_text(text, encoding="utf-8")
    print(f"written to {DOC}")


def _cores():
    import os

    return os.cpu_count()


if __name__ == "__main__":
    main()
