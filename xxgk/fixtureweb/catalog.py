"""What the fixture web holds and what a perfect crawler/extractor would get from it (no network).

* ``article_fixtures()`` – every article page with its hand-written ``X.expected.json``.
* ``listing_fixtures()`` – every listing page (static files, plus the dynamic Hanweb dataproxy
  and gkmlpt API responses described in ``sites/<slug>/_expected/*.json`` with a ``request`` key).
* ``fixture_columns()`` – ``{slug: [column url paths]}`` for every site (registered or not).
* ``expected_reports()`` – every expected article record with crawl flags:
  ``fetchable`` (False: robots-disallowed, 404, binary garbage or oversized; a correct crawler
  stores nothing for it), ``failure`` (``robots`` | ``not_found`` | ``binary`` | ``too_large`` |
  None), ``flaky`` (``fail_once`` = HTTP 500 on the first request, ``slow`` = 1.5 s delay, or
  None; both must still be stored), ``registered`` (site has a registry entry) and ``slug``.
  Unfetchable links have no page, so their record carries only url/title/is_report/report_year.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from xxgk.fixtureweb import dynamic

SITES_DIR = dynamic.SITES_DIR
PAGE_SUFFIXES = (".html", ".htm", ".shtml")


def expected_path_for(page: Path) -> Path:
    """``X.html`` -> ``X.expected.json`` (``ShowArticle.asp@ArticleID=1.html`` likewise)."""
    name = page.name
    for suffix in PAGE_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return page.with_name(name + ".expected.json")


def file_for_request(site_dir: Path, rel: str) -> Path:
    """Where the page answering site-relative request ``rel`` (maybe with ``?query``) is stored."""
    path, _, query = rel.partition("?")
    if path == "" or path.endswith("/"):
        path += "index.html"
    if query:
        head, _, last = path.rpartition("/")
        path = f"{head}/{last}@{query}.html" if head else f"{last}@{query}.html"
    return site_dir / path


@dataclass
class Fixture:
    slug: str
    path: Path | None
    url_path: str
    expected: dict
    request: dict = field(default_factory=dict)

    def body(self, base: str = "") -> bytes:
        """The bytes the server returns for this fixture (``base`` is accepted for symmetry)."""
        if self.path is not None:
            return self.path.read_bytes()
        return render_request(self.slug, self.url_path, self.request.get("form") or {})


class ArticleFixture(Fixture):
    pass


class ListingFixture(Fixture):
    pass


def render_request(slug: str, url_path: str, form: dict) -> bytes:
    """Bytes of a dynamic listing response (dataproxy XML or gkmlpt JSON)."""
    split = urlsplit(url_path)
    params = dict(parse_qsl(split.query, keep_blank_values=True)) | form
    if split.path.endswith("/dataproxy.jsp"):
        data = dynamic.load_data(slug, "jpage.json")
        start, end = dynamic.jpage_window(data, params)
        return dynamic.render_jpage(data, slug, start, end)
    if "/gkmlpt/api/all/" in split.path:
        data = dynamic.load_data(slug, "gkmlpt.json")
        _, body = dynamic.render_gkmlpt(data, split.path.rsplit("/", 1)[-1],
                                        int(params.get("page") or 1), params.get("sid"))
        return body
    raise ValueError(f"not a dynamic fixture: {url_path}")


def _site_dirs() -> list[Path]:
    return sorted(p for p in SITES_DIR.iterdir() if p.is_dir())


def _page_for(expected_file: Path) -> Path | None:
    stem = expected_file.name[: -len(".expected.json")]
    for suffix in PAGE_SUFFIXES + ("",):
        candidate = expected_file.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def _static_fixtures():
    for site in _site_dirs():
        for exp_file in sorted(site.rglob("*.expected.json")):
            if any(p.startswith("_") for p in exp_file.relative_to(site).parts):
                continue
            expected = json.loads(exp_file.read_text(encoding="utf-8"))
            yield site.name, _page_for(exp_file), expected


def article_fixtures() -> list[ArticleFixture]:
    return [ArticleFixture(slug, path, exp["url"], exp)
            for slug, path, exp in _static_fixtures() if "links" not in exp]


def listing_fixtures() -> list[ListingFixture]:
    out = [ListingFixture(slug, path, exp["url"], exp)
           for slug, path, exp in _static_fixtures() if "links" in exp]
    for site in _site_dirs():
        for exp_file in sorted((site / "_expected").glob("*.json")):
            exp = json.loads(exp_file.read_text(encoding="utf-8"))
            if "request" in exp:
                out.append(ListingFixture(site.name, None, exp["request"]["url"], exp,
                                          exp["request"]))
    return out


def fixture_columns() -> dict[str, list[str]]:
    return {site.name: list(dynamic.load_site(site.name).get("columns", []))
            for site in _site_dirs()}


def expected_reports() -> list[dict]:
    out = []
    for site in _site_dirs():
        meta = dynamic.load_site(site.name)
        prefix = f"/{site.name}/"
        disallowed = tuple(prefix + p for p in meta.get("robots_disallow", []))
        flaky = {prefix + k: "fail_once" for k in meta.get("fail_once", [])}
        flaky |= {prefix + k: "slow" for k in meta.get("slow", [])}
        for fx in article_fixtures():
            if fx.slug != site.name:
                continue
            robots = fx.url_path.startswith(disallowed)
            out.append(dict(fx.expected, slug=site.name, fetchable=not robots,
                            failure="robots" if robots else None,
                            flaky=flaky.get(fx.url_path), registered=meta.get("registered", False)))
        unfetchable = site / "_expected" / "unfetchable.json"
        if unfetchable.exists():
            for rec in json.loads(unfetchable.read_text(encoding="utf-8")):
                out.append(dict(rec, slug=site.name, fetchable=False, flaky=None,
                                registered=meta.get("registered", False)))
    return out
