"""Authoring the fixture web: each module here writes one site's pages and hand-set expectations.

The page text and every expected value are written out literally in the site modules; this
package only renders them to files (in the site's real encoding) and checks each expectation
against the page it describes (body snippets really in the body, furniture really outside it).
Run ``python -m fixtureweb.authoring`` to regenerate ``fixtureweb/sites/``; the output is committed.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import lxml.html
import yaml

from xxgk.fixtureweb.catalog import expected_path_for, file_for_request
from xxgk.fixtureweb.dynamic import SITES_DIR

# where the sites are written: the package's own folder, or elsewhere (a test regenerates them
# into a temporary folder and compares with the committed files)
OUT_DIR = Path(os.environ.get("XXGK_FIXTURE_OUT") or SITES_DIR)

FIELDS = ["url", "title", "published", "source", "editor", "views", "report_year", "agency",
          "attachments", "is_report", "body_contains", "body_excludes"]


def norm(text: str) -> str:
    """Whitespace-normalised text (NBSP and U+3000 count as spaces)."""
    return re.sub(r"[\s\u3000\xa0]+", " ", text).strip()


def text_of(html: str) -> str:
    if not html.strip():
        return ""
    return norm(lxml.html.fromstring(f"<div>{html}</div>").text_content())


class Site:
    """Writes one site's files under ``fixtureweb/sites/<slug>/``."""

    def __init__(self, slug: str, encoding: str = "utf-8"):
        self.slug = slug
        self.encoding = encoding
        self.dir = OUT_DIR / slug
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)

    def url(self, rel: str) -> str:
        return f"/{self.slug}/{rel}"

    def _file(self, rel: str) -> Path:
        path = file_for_request(self.dir, rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def raw(self, rel: str, data: bytes) -> None:
        self._file(rel).write_bytes(data)

    def page(self, rel: str, html: str) -> Path:
        path = self._file(rel)
        path.write_bytes(html.encode(self.encoding))  # strict: a GB2312/GBK page must encode
        return path

    def data(self, name: str, obj) -> None:
        path = self.dir / "_data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def expected_extra(self, name: str, obj) -> None:
        path = self.dir / "_expected" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def site_yml(self, **meta) -> None:
        (self.dir / "_site.yml").write_text(
            yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def article(self, rel: str, html: str, body_html: str, exp: dict, store_under: str = "") -> None:
        """Write an article page and its expected record, after checking the record.

        ``store_under`` (e.g. ``"_mutations/"``) stores the page under a folder that is never
        served as is: a page that only appears after a mutation (``fixtureweb.mutations``)."""
        assert list(exp) == FIELDS, f"{rel}: fields {list(exp)}"
        assert exp["url"] == self.url(rel), (exp["url"], rel)
        page_text, body_text = text_of(html), text_of(body_html)
        assert body_html in html, f"{rel}: body not in page"
        for snip in exp["body_contains"]:
            assert norm(snip) in body_text, f"{rel}: {snip!r} not in body"
        for snip in exp["body_excludes"]:
            assert norm(snip) not in body_text, f"{rel}: excluded {snip!r} is in the body"
            assert norm(snip) in page_text, f"{rel}: excluded {snip!r} is nowhere on the page"
        assert norm(exp["title"]).replace(" ", "") in page_text.replace(" ", ""), rel
        path = self.page(store_under + rel, html)
        write_json(expected_path_for(path), exp)

    def listing(self, rel: str, html: str, exp: dict) -> None:
        assert exp["url"] == self.url(rel)
        page_text = text_of(html)
        for link in exp["links"]:
            tail = link["url"].rsplit("/", 1)[-1]  # hrefs may be relative (./2020/…)
            assert tail in html, f"{rel}: {link['url']} not linked"
            assert norm(link["title"]) in page_text, f"{rel}: {link['title']!r} not shown"
        path = self.page(rel, html)
        write_json(expected_path_for(path), exp)


def write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def art(url, title, published, source, editor, views, report_year, agency, attachments,
        is_report, body_contains, body_excludes) -> dict:
    """An expected article record (positional order = the contract's field order)."""
    return dict(zip(FIELDS, [url, title, published, source, editor, views, report_year, agency,
                             attachments, is_report, body_contains, body_excludes]))


def att(url: str, text: str) -> dict:
    return {"url": url, "text": text}


def emit_articles(site: Site, arts: list[dict], page_fn, furniture: list[str], after=None) -> None:
    """Write each article of a column (newest first); ``page_fn(a, prev, next)`` renders it.

    Each ``a`` has rel, title, date (as displayed), body (html) and exp (source, editor, views,
    report_year, agency, attachments, is_report, body_contains, optional published/excludes).
    """
    for k, a in enumerate(arts):
        prev = arts[k - 1] if k else None
        nxt = arts[k + 1] if k + 1 < len(arts) else after
        e = a["exp"]
        site.article(a["rel"], page_fn(a, prev, nxt), a["body"], art(
            site.url(a["rel"]), a["title"], e.get("published", a["date"][:10]), e["source"],
            e["editor"], e["views"], e["report_year"], e["agency"], e["attachments"],
            e["is_report"], e["body_contains"], e.get("excludes", furniture)))


def link_rows(site: Site, rows: list[dict]) -> list[dict]:
    """Expected listing links for ``rows`` (articles or unfetchable stubs with ``is_report``)."""
    return [{"url": site.url(r["rel"]), "title": r.get("list_title", r["title"]),
             "date": r.get("list_date", r["date"][:10]),
             "is_report": r["exp"]["is_report"] if "exp" in r else r["is_report"]} for r in rows]


def unfetchable(site: Site, rows: list[dict]) -> None:
    site.expected_extra("unfetchable.json", [
        {"url": site.url(r["rel"]), "title": r["title"], "is_report": r["is_report"],
         "report_year": r.get("report_year"), "failure": r["failure"]} for r in rows])
