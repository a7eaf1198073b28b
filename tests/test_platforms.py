"""Platforms are modules (xxgk/extract/platforms/): one module each, found by name; the site
profile's ``platform:`` selects it, detection decides when the profile names none."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import xxgk
from xxgk import registry
from xxgk.extract import extract_listing, extract_report, platforms
from xxgk.fixtureweb.catalog import article_fixtures, listing_fixtures

BASE = "http://127.0.0.1:8000"
PACKAGE = Path(platforms.__file__).parent


def _profiles() -> dict[str, str | None]:
    return {site.slug: site.platform for site in registry.load_sites()}


def test_every_module_is_a_platform_and_the_registry_knows_each():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "base", "generic"}
    assert {p.name for p in platforms.ALL} == modules
    assert registry.PLATFORMS == platforms.NAMES == modules
    assert platforms.GENERIC.name is None
    # detection order is the modules' priority, markers before URLs before signatures
    assert [p.name for p in platforms.ALL][:2] == ["gkmlpt", "hanweb"]
    for platform in platforms.ALL:
        for counter in platform.counters:
            assert counter.hints and not (counter.counts_visit and counter.safe_to_read)


def test_unknown_platform_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown platform 'wordpress'"):
        extract_report(b"<html><body><h1>x</h1></body></html>", BASE + "/a.html", platform="wordpress")


@pytest.mark.parametrize("fx", [fx for fx in article_fixtures() if fx.path is not None],
                         ids=lambda fx: fx.url_path)
def test_profile_selection_reads_fixture_pages_as_detection_does(fx):
    profiles = _profiles()
    url, body = BASE + fx.url_path, fx.body(BASE)
    detected = extract_report(body, url)
    selected = extract_report(body, url, platform=profiles.get(fx.slug))
    if fx.slug in profiles:  # the PowerEasy site is deliberately in no profile (crawl --url)
        assert detected["platform"] == profiles[fx.slug]
    assert selected == detected


@pytest.mark.parametrize("fx", listing_fixtures(), ids=lambda fx: fx.url_path)
def test_profile_selection_pages_fixture_listings_as_detection_does(fx):
    profile = _profiles().get(fx.slug)
    url, body = BASE + fx.url_path, fx.body(BASE)
    assert extract_listing(body, url, platform=profile) == extract_listing(body, url)


def test_selection_beats_detection_for_paging():
    # a TRS page numbers its pages but generates few of them: numbered links are not guessed
    page = ("<html><body><ul>" + "".join(
        f'<li><a href="/c/t2024010{i}_{i}.html">第{i}号通知公告文件</a><span>2024-01-0{i}</span></li>'
        for i in range(1, 6)) + '</ul><div class="page"><a href="/c/list_2.html">2</a></div></body></html>')
    generic = extract_listing(page.encode(), BASE + "/c/list_1.html")
    trs = extract_listing(page.encode(), BASE + "/c/list_1.html", platform="trs_wcm")
    assert generic["platform"] is None and generic["next_page"] == BASE + "/c/list_2.html"
    assert trs["platform"] == "trs_wcm" and trs["next_page"] is None
    assert trs["links"] == generic["links"]


NEW_PLATFORM = '''
"""A made-up platform for the test: its own listing API answer, pager and counter."""
import re

from .base import Counter, Platform


def read_listing(text, url):
    if not text.startswith("NEWCMS-LIST"):
        return None
    rows = [line.split("|") for line in text.splitlines()[1:] if "|" in line]
    return {"fragments": [f'<a href="{href}">{title}</a> 2024-02-01' for href, title in rows],
            "next_page": None}


def next_page(text, url):
    match = re.search(r"newcmsPager\\((\\d+)\\)", text)
    return url.rsplit("/", 1)[0] + f"/p{match.group(1)}.html" if match else None


PLATFORM = Platform(
    name="newcms", priority=5, markers=("newcms-generator",), read_listing=read_listing,
    next_page=next_page,
    counters=(Counter(re.compile(r"[\\"'(]\\s*([^\\"'()\\s]*?/newcms/hits\\?[^\\"'()\\s]*)"), ("/newcms/hits",)),))
'''


def test_a_new_platform_is_one_module(tmp_path):
    """Drop one module into a copy of the package: detection, the registry, listings, paging
    and counters all know it, with no other file touched."""
    copy = tmp_path / "xxgk"
    shutil.copytree(Path(xxgk.__file__).parent, copy,
                    ignore=shutil.ignore_patterns("__pycache__", "sites", "*.expected.json"))
    (copy / "extract" / "platforms" / "newcms.py").write_text(NEW_PLATFORM, encoding="utf-8")
    script = textwrap.dedent('''
        import json, xxgk
        from xxgk import registry
        from xxgk.extract import extract_listing, extract_report
        shell = (b'<html><head><meta name="generator" content="NEWCMS-Generator"></head><body>'
                 b'<ul><li><a href="/n/1.html">Annual report one here</a> 2024-01-01</li>'
                 b'<li><a href="/n/2.html">Annual report two here</a> 2024-01-02</li></ul>'
                 b'<script>newcmsPager(2)</script></body></html>')
        api = "NEWCMS-LIST\\n/n/3.html|2023年政府信息公开工作年度报告\\n".encode()
        page = (b'<html><head><meta name="generator" content="newcms-generator"></head><body>'
                b'<h1>Title of the page</h1><p>text</p>'
                b'<script src="/newcms/hits?id=7"></script></body></html>')
        print(json.dumps({
            "file": xxgk.__file__,
            "known": sorted(registry.PLATFORMS),
            "shell": extract_listing(shell, "http://127.0.0.1:8000/n/index.html"),
            "api": extract_listing(api, "http://127.0.0.1:8000/n/api"),
            "page": extract_report(page, "http://127.0.0.1:8000/n/7.html").to_dict(),
        }, ensure_ascii=False, default=str))
    ''')
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert found["file"].startswith(str(copy))
    assert "newcms" in found["known"]
    assert found["shell"]["platform"] == "newcms"
    assert found["shell"]["next_page"] == "http://127.0.0.1:8000/n/p2.html"
    assert found["api"]["platform"] == "newcms"
    assert [(link["url"], link["is_report"]) for link in found["api"]["links"]] == \
        [("http://127.0.0.1:8000/n/3.html", True)]
    assert found["page"]["platform"] == "newcms"
    assert found["page"]["counter_url"] == "http://127.0.0.1:8000/newcms/hits?id=7"
