"""Held-out listing (column) pages: extract_listing on pages of every platform, written without sight of the extractor.

``tests/holdout_listings/NN-name.json`` is the expected answer for the page body beside it
(``NN-name.html``, ``.xml`` for a Hanweb dataproxy.jsp response, ``.api.json`` for a gkmlpt API
response): ``{"url", "links": [{"url", "title", "date", "is_report"}], "next_page", "note"}``.
Each ``note`` says what the page tests. The body is passed as bytes with the page URL and no
headers, as ``xxgk extract --listing FILE --url URL`` does.

Conventions (where two careful readers could differ):
- ``links`` are the column's own article rows in page order, as absolute URLs. Category-tag links,
  navigation, breadcrumb, the left column tree, sidebar boxes (热点/最新/推荐, even when they repeat a
  row of this column), "更多" links, pagers and the footer are not links. Off-site links are dropped,
  even one that sits in the list (the parser's documented behaviour: the crawler never follows them).
  A URL listed twice counts as extra.
- ``title``: the full title. When the row text is truncated (``…``/``...``) the ``title`` attribute
  gives it; PowerEasy's labelled tooltip (``文章标题：…&#13;&#10;作者：…``) gives the 文章标题 value.
  A row's category tag (``[通知公告]``) is not part of the title.
- ``date``: ``YYYY-MM-DD`` when the row shows a full date in any form (``2019年03月01日``,
  ``[2019-03-01]``, ``2019.03.01``, ``2019-3-1``, a gkmlpt Unix timestamp); ``"MM-DD"`` when the row
  shows only month and day; ``null`` when the row shows no date (never taken from the URL).
- ``is_report``: the row is an annual 政府信息公开工作年度报告 (also …年度报告, …年度…工作报告, …年报) itself;
  notices about compiling one, 解读, 图解/一图读懂, quarterly statistics, 工作要点, 网站工作年度报表, news
  about the reports and other reports (法治政府建设) are not.
- ``next_page``: the URL of the next page of the same column, whatever the mechanism, or ``null`` on
  the last page. TRS ``createPageHTML(n, cur, "index", ext)`` / ``countPage``+``currentPage`` give
  ``index_<cur+1>.<ext>``. A gkmlpt index page ``…/gkmlpt/index#<cat>`` gives the first API page
  ``…/gkmlpt/api/all/<cat>?page=1&sid=<SID>`` (same directory prefix). A Hanweb jpage page gives a
  dataproxy.jsp GET URL; since its parameters can be written several ways the expected file then has
  ``next_page_match`` (``mode: params``): the answer must have the same scheme, host and path as one
  alternative and carry all of that alternative's query parameters (extra parameters allowed).
  Otherwise URLs compare equal up to the order and percent-encoding of query parameters.

One test per page x check (missing links, extra links, titles, dates, is_report, next_page), so a
failure names exactly what was misread. Nothing here is xfail.
"""
import functools
import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from xxgk import extract

SET = Path(__file__).parent / "holdout_listings"
EXPECTED = sorted(p for p in SET.glob("[0-9][0-9]-*.json") if p.name.count(".") == 1)


def _ids(path):
    return path.stem


def norm(value):
    """Whitespace normalisation for string comparison (runs collapsed, ends stripped)."""
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    return value


def norm_url(url):
    """Scheme and host lower-cased, default port and fragment dropped; path and query as written."""
    parts = urlsplit((url or "").strip())
    netloc = parts.netloc.lower()
    if (parts.scheme.lower(), netloc.rsplit(":", 1)[-1]) in {("http", "80"), ("https", "443")}:
        netloc = netloc.rsplit(":", 1)[0]
    return f"{parts.scheme.lower()}://{netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def url_key(url):
    """Comparable form for next_page: query parameters decoded and order-insensitive."""
    parts = urlsplit(norm_url(url))
    return (parts.scheme, parts.netloc, unquote(parts.path),
            tuple(sorted(parse_qsl(parts.query, keep_blank_values=True))))


def body_path(exp_path):
    bodies = [p for p in SET.glob(exp_path.stem + ".*") if p != exp_path]
    assert len(bodies) == 1, f"{exp_path.name}: expected one page body beside it, found {bodies}"
    return bodies[0]


@functools.lru_cache(maxsize=None)
def expected(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def listing(path):
    return extract.extract_listing(body_path(Path(path)).read_bytes(), expected(path)["url"])


def got_links(path):
    """url -> first link dict with that URL, and the list of URLs in order (duplicates kept)."""
    order = [norm_url(link["url"]) for link in listing(path)["links"]]
    first = {}
    for link in listing(path)["links"]:
        first.setdefault(norm_url(link["url"]), link)
    return first, order


def want_links(path):
    return {norm_url(link["url"]): link for link in expected(path)["links"]}


def test_set_is_populated():
    assert len(EXPECTED) >= 16
    for path in EXPECTED:
        body_path(path)
        exp = expected(path)
        assert set(exp) >= {"url", "links", "next_page", "note"}, path.name
        assert exp["url"].startswith(("http://", "https://")), path.name


@pytest.mark.parametrize("path", EXPECTED, ids=_ids)
def test_links_missing(path):
    got, _ = got_links(path)
    missing = [(u, link["title"]) for u, link in want_links(path).items() if u not in got]
    assert not missing, f"{len(missing)} of {len(want_links(path))} expected links missing: {missing}"


@pytest.mark.parametrize("path", EXPECTED, ids=_ids)
def test_links_extra(path):
    got, order = got_links(path)
    want = want_links(path)
    extra = [(u, got[u]["title"]) for u in got if u not in want]
    twice = sorted({u for u in order if order.count(u) > 1})
    assert not extra and not twice, f"extra links: {extra}; listed more than once: {twice}"


def _compare(path, field, cmp):
    got, _ = got_links(path)
    wrong = []
    for u, link in want_links(path).items():
        if u in got and not cmp(link[field], got[u].get(field)):
            wrong.append({"url": u, "expected": link[field], "got": got[u].get(field)})
    assert not wrong, f"{len(wrong)} wrong {field}(s): {wrong}"


@pytest.mark.parametrize("path", EXPECTED, ids=_ids)
def test_titles(path):
    _compare(path, "title", lambda want, got: norm(want) == norm(got))


@pytest.mark.parametrize("path", EXPECTED, ids=_ids)
def test_dates(path):
    _compare(path, "date", lambda want, got: want == (norm(got) if got is not None else None))


@pytest.mark.parametrize("path", EXPECTED, ids=_ids)
def test_is_report(path):
    _compare(path, "is_report", lambda want, got: want is got)


def _matches_params(got, alternative):
    g = urlsplit(norm_url(got))
    a = urlsplit(norm_url(alternative["url"]))
    if (g.scheme, g.netloc, unquote(g.path)) != (a.scheme, a.netloc, unquote(a.path)):
        return False
    params = dict(parse_qsl(g.query, keep_blank_values=True))
    return all(params.get(k) == v for k, v in alternative["params"].items())


@pytest.mark.parametrize("path", EXPECTED, ids=_ids)
def test_next_page(path):
    exp = expected(path)
    got = listing(path)["next_page"]
    want = exp["next_page"]
    if want is None:
        assert got is None, f"expected no next page, got {got}"
        return
    assert got, f"expected next page {want}, got {got!r}"
    match = exp.get("next_page_match")
    if match:
        assert match["mode"] == "params"
        assert any(_matches_params(got, alt) for alt in match["alternatives"]), (
            f"expected a URL like {want} (any of {match['alternatives']}), got {got}")
    else:
        assert url_key(got) == url_key(want), f"expected {want}, got {got}"
