"""Nobody can freeze a public instance: ``xxgk serve`` on the fixture archive, three heavy requests
at once (SQL calling our Python functions on huge strings or many times, a 3,000-word search),
and meanwhile a plain page answers within 1.5 s and each heavy request ends within 4 s (the
issue's acceptance bounds: the only timed assertions of the suite, asked for by the issue).

Datasette's 3 s time limit runs between SQLite instructions, not inside a Python function, so
without the bounds of xxgk/serve/plugin.py (input caps, the deadline each function checks, one
function call at a time, more SQL threads) these requests held the server for 80 s.
"""
from __future__ import annotations

import concurrent.futures
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from browser_support import serving_archive

PLAIN = "/archive/sites"
PLAIN_WITHIN = 1.5  # seconds
HEAVY_WITHIN = 4.0
# a million calls: past the 3 s time limit on any machine (100,000 short ones took 2.9 s on CI)
LOOP = "with recursive n(i) as (select 1 union all select i + 1 from n limit 1000000) "
WORDS_3000 = " ".join(["商务"] * 3000)


def _sql(sql: str) -> str:
    return "/archive?" + urllib.parse.urlencode({"sql": sql})


# name -> (path, what the error page must say)
HEAVY = {
    "jieba_segment huge": (_sql("select jieba_segment(printf('%.*c', 5000000, '商'))"),
                           "jieba_segment: input over 3,000 characters"),
    "xxgk_match huge": (_sql("select xxgk_match(printf('%.*c', 5000000, '商'))"),
                        "xxgk_match: input over 500 characters"),
    "xxgk_unsegment huge": (_sql("select xxgk_unsegment(printf('%.*c', 5000000, '商'))"),
                            "xxgk_unsegment: input over 10,000 characters"),
    "jieba_segment many": (_sql(LOOP + "select count(jieba_segment(printf('%.*c', 2999, "
                                "char(19968 + i % 20000)))) from n"), "SQL query took too long"),
    "xxgk_match many": (_sql(LOOP + "select count(xxgk_match(printf('%.*c', 499, "
                             "char(19968 + i % 20000)))) from n"), "SQL query took too long"),
    "xxgk_unsegment many": (_sql(LOOP + "select count(xxgk_unsegment(printf('%.*c', 9999, "
                                 "char(19968 + i % 20000)))) from n"), "SQL query took too long"),
    "jieba_segment many short": (_sql(LOOP + "select count(jieba_segment('商务局行政复议' || i))"
                                      " from n"), "SQL query took too long"),
    "xxgk_diff many": (_sql(LOOP + "select count(xxgk_diff(printf('%.*c', 5000000, char(19968 + "
                            "i % 20000)), printf('%.*c', 5000000, char(19969 + i % 20000))))"
                            " from n"), "SQL query took too long"),
    "xxgk_record_changes many": (_sql(
        LOOP + "select count(xxgk_record_changes(json_object('title', printf('%.*c', 5000000, "
        "char(19968 + i % 20000))), json_object('title', printf('%.*c', 5000000, 'x')))) from n"),
        "SQL query took too long"),
    "/-/search 3,000 words": ("/-/search?" + urllib.parse.urlencode({"q": WORDS_3000}),
                              "query too long: at most 60 words and 500 characters"),
    "table search 3,000 words": ("/archive/reports?" + urllib.parse.urlencode(
        {"_search": WORDS_3000}), "query too long: at most 60 words and 500 characters"),
}


@pytest.fixture(scope="module")
def site(fixture_archive, tmp_path_factory):
    with serving_archive(fixture_archive, tmp_path_factory.mktemp("freeze") / "serve.log") as base:
        yield base


def fetch(url: str) -> tuple[int, float, str]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, time.monotonic() - started, body.decode("utf-8", "replace")


@pytest.mark.parametrize("name", list(HEAVY))
def test_three_heavy_requests_do_not_freeze_a_plain_page(site, name):
    path, message = HEAVY[name]
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        heavy = [pool.submit(fetch, site + path) for _ in range(3)]
        time.sleep(0.3)  # the three are running
        plain = []
        while not all(f.done() for f in heavy) or not plain:
            plain.append(fetch(site + PLAIN))
        results = [f.result() for f in heavy]
    for status, seconds, body in plain:
        assert status == 200 and "fuxin-swj" in body
        assert seconds <= PLAIN_WITHIN, f"{PLAIN} took {seconds:.2f} s beside 3 × {name}"
    for status, seconds, body in results:
        assert seconds <= HEAVY_WITHIN, f"{name} took {seconds:.2f} s"
        assert status == 400, (status, body[:300])
        assert message in re.sub(r"<[^>]+>", "", body), body[:3000]
        assert "Traceback" not in body


def test_a_function_under_its_bound_still_answers(site):
    status, _, body = fetch(site + _sql("select jieba_segment('阜新市商务局') as s, "
                                       "xxgk_unsegment(jieba_segment('阜新市商务局')) as u"))
    assert status == 200
    assert "阜新 市 阜新市 商务 局 商务局 阜新市商务局" in body and ">阜新市商务局<" in body
