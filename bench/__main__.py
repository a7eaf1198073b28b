"""`make bench`: measure extraction and crawling, print the tables, write docs/benchmarks.md."""
import argparse
import platform
from datetime import datetime, timezone
from pathlib import Path

from bench import crawl, extraction

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def _pct(value):
    return "—" if value is None else f"{value:.0%}"


def extraction_table() -> list[str]:
    fixtures = extraction.article_fixtures()
    rows = {name: extraction.score(name, fixtures) for name in extraction.EXTRACTORS}
    xxgk_speed = rows["xxgk"][1]
    head = ["extractor", "pages/s", "× xxgk speed"] + extraction.FIELDS
    lines = [f"Extraction on {len(fixtures)} fixture article pages (one core; accuracy = share of "
             "pages whose field equals the hand-written expected record; — = no such field).", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, (accuracy, speed) in rows.items():
        cells = [name, f"{speed:,.0f}", f"{speed / xxgk_speed:.2f}"]
        cells += [_pct(accuracy[f]) for f in extraction.FIELDS]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def crawl_table(reports: int) -> list[str]:
    m = crawl.crawl_generated_site(reports)
    return [f"Crawl of a generated TRS-style fixture site ({m['reports_generated']:,} report pages, "
            "20 links per listing page, loopback, fixture-web settings: no delay, 16 concurrent).",
            "", "| reports stored | requests | seconds | pages/s | peak RSS of the crawl (MB) |",
            "|---|---|---|---|---|",
            f"| {m['reports_stored']:,} | {m['requests']:,} | {m['seconds']:.1f} | "
            f"{m['pages_per_second']:.1f} | {m['peak_rss_mb']:.0f} |"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=5000, help="size of the generated site")
    args = parser.parse_args()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Benchmarks", "",
             f"Measured {stamp} by `make bench` on {platform.machine()}, "
             f"Python {platform.python_version()}, {_cores()} cores. Regenerate with `make bench`.",
             "", "## Extraction", ""] + extraction_table()
    lines += ["", "## Crawl", ""] + crawl_table(args.reports)
    text = "\n".join(lines) + "\n"
    print(text)
    DOC.write_text(text, encoding="utf-8")
    print(f"written to {DOC}")


def _cores():
    import os

    return os.cpu_count()


if __name__ == "__main__":
    main()
