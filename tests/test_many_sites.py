"""Many sites at once, politely (issue 13): a small version of bench/many_sites.py.

Twenty virtual sites of the fixture web (``--many 20``, routed by Host header) crawled in one
``scrapy crawl`` run with the polite per-site settings and Scrapy's broad-crawl settings. Every
page of every site must be stored, and the fixture web's access record must show the per-site
politeness: never more requests to one host in flight than CONCURRENT_REQUESTS_PER_DOMAIN, and
consecutive requests to a host spaced by the download delay.
"""
from collections import Counter

import pytest

from bench import many_dns, many_sites
from xxgk.fixtureweb import generated, many

SITES = 20
DELAY = 1.0  # per site; AutoThrottle starts at DELAY
JITTER = 0.5  # the project's DOWNLOAD_DELAY_JITTER: each gap is at least (1 - 0.5) × delay


@pytest.fixture(scope="module")
def crawl():
    return many_sites.crawl_many(SITES, delay=DELAY, concurrent=64)


def test_every_page_of_every_site_is_stored(crawl):
    assert crawl["exit_code"] == 0
    expected = crawl["expected_pages"]
    assert len(expected) == sum(len(many.article_numbers(k)) for k in range(1, SITES + 1))
    assert all(2 <= len(many.article_numbers(k)) <= 4 for k in range(1, SITES + 1))
    assert crawl["missing"] == [] and crawl["wrong_title"] == []
    stored = crawl["stored_pages"]
    assert len(stored) == len(expected)  # nothing else (no sidebar link, no other site's page)
    for page in expected:
        row = stored[page["url"]]
        assert row["title"] == page["title"]
        assert bool(row["is_report"]) == page["is_report"]
    per_site = Counter(p["site"] for p in expected)
    assert set(per_site) == {many.slug(k) for k in range(1, SITES + 1)}


def test_requests_went_to_every_virtual_host_once_each(crawl):
    # robots.txt + the listing page + each article page, once
    assert crawl["hosts"] == SITES
    assert crawl["requests"] == SITES * 2 + len(crawl["expected_pages"])
    assert crawl["crawl_requests"] == crawl["requests"]


def test_per_site_politeness_held(crawl):
    assert crawl["max_in_flight"] <= many_sites.PER_DOMAIN
    # Scrapy spaces the downloads it begins from one host by at least (1 - jitter) × delay: the
    # crawler's own send times (bench/send_times.py) are checked against that, every response
    # noted. Arrival times at the server can be much closer (a request that waited in the busy
    # server's accept queue arrives just before the next one: 0.12 s and 0.01 s were seen in
    # CI), so the server's view is checked by each host's mean gap.
    assert crawl["sent"] == crawl["requests"]
    assert crawl["min_send_gap"] >= (1 - JITTER) * DELAY
    assert crawl["min_mean_gap"] >= (1 - JITTER) * DELAY
    assert crawl["max_requests_per_site"] * DELAY == crawl["floor_per_site"]


def test_virtual_sites_are_distinct_and_deterministic():
    assert many.site_number("s0007.sites.test:8123", 20) == 7
    assert many.site_number("s0021.sites.test", 20) is None
    assert many.site_number("127.0.0.1:8123", 20) is None
    first = many.render(3, many.COLUMN)[1]
    assert first == many.render(3, many.COLUMN)[1]
    page = generated.article(many.article_numbers(3)[0])["url"]
    assert many.render(3, page)[1] == generated.render_article(many.article_numbers(3)[0])
    assert many.render(4, page) is None  # another site's page is not on this host
    assert not set(many.article_numbers(3)) & set(many.article_numbers(4))


def test_resolver_maps_only_the_virtual_sites_to_loopback():
    assert many_dns.loopback_address("s0001.sites.test") == "127.0.0.1"
    assert many_dns.loopback_address("127.0.0.1") == "127.0.0.1"
    assert many_dns.loopback_address("www.gov.cn") is None
    assert many_dns.loopback_address("10.0.0.1") is None
    assert many_dns.loopback_address("sites.test.example.com") is None
