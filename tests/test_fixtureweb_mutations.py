"""The fixture web between crawls: validators, 304s, the validators switch, mutation scenarios.

This module starts its own fixture web (and a second one, and a generated one) so that its
mutations never leak into the session-wide ``fixture_web`` other tests use; every test still
resets its server before and after.
"""
import json
import re
from concurrent.futures import ThreadPoolExecutor
import urllib.error
import urllib.request

import pytest

from xxgk.cli.processes import running_fixture_web
from xxgk.fixtureweb import catalog, conditional, generated, mutations
from xxgk.fixtureweb.mutations import SCENARIOS, Mutations

SEED = mutations.FUXIN_SEED
HEDONG_EDIT = mutations.HEDONG_2019
LISTING = "/fuxin-swj/zwgk/gknb/index.html"
NANXIAN = "/nanxian-gov/a/zwgk/ndbg/list_12_1.html"


def fetch(base, path, headers=None, data=None, method=None):
    """(status, headers, body) without raising on HTTP errors (304 included)."""
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def post(base, path, obj=None):
    data = json.dumps(obj).encode() if obj is not None else b""
    status, _, body = fetch(base, path, data=data, method="POST")
    return status, (json.loads(body) if body else None)


def mutate(base, scenario, **params):
    status, result = post(base, "/__fixture/mutate", {"scenario": scenario, **params})
    assert status == 200, result
    return result


# every static path worth watching: all pages with an expected file, plus the page `add` publishes
STATIC_PATHS = sorted({f.url_path for f in catalog.article_fixtures()}
                      | {f.url_path for f in catalog.listing_fixtures() if f.path is not None}
                      | {a["url"] for a in SCENARIOS["add"]["added"]})
FLAKY = {f"/{f.slug}/{k}" for f in catalog.article_fixtures()
         for k in catalog.dynamic.load_site(f.slug).get("fail_once", [])}


@pytest.fixture(scope="module")
def web():
    with running_fixture_web(port=0) as base:
        yield base


@pytest.fixture
def base(web):
    assert post(web, "/__fixture/reset")[0] == 204
    yield web
    assert post(web, "/__fixture/reset")[0] == 204


def fetch_all(base, paths):
    """{path: (status, headers, body)}, fetched in parallel (the slow pages sleep together);
    a fail-once page is fetched again after its 500."""
    def one(path):
        got = fetch(base, path)
        return fetch(base, path) if got[0] == 500 and path in FLAKY else got
    with ThreadPoolExecutor(16) as pool:
        return dict(zip(paths, pool.map(one, paths)))


def snapshot(base):
    """{path: (status, body)} for every watched path."""
    return {p: (s, b if s == 200 else None) for p, (s, _, b) in fetch_all(base, STATIC_PATHS).items()}


# --- pure: the catalogue of scenarios ---------------------------------------------------------

def test_scenarios_are_machine_readable_and_match_the_pristine_web():
    assert {"edit", "delete", "add", "views", "restore", "all", "gen-change"} <= set(SCENARIOS)
    edits = SCENARIOS["edit"]["edits"]
    assert set(edits) == {SEED, HEDONG_EDIT} == set(SCENARIOS["edit"]["changed"])
    assert edits[SEED] == {"before": "主动公开政府信息共计759条", "after": "主动公开政府信息共计768条"}
    for path, e in edits.items():
        raw = mutations.pristine_bytes(path).decode("utf-8")
        assert raw.count(e["before"]) == 1 and e["after"] not in raw
    expected = {f.url_path: f.expected for f in catalog.article_fixtures()}
    for path, (old, new) in SCENARIOS["views"]["views"].items():
        assert path.startswith("/fuxin-swj/") and expected[path]["views"] == old < new
    assert SCENARIOS["views"]["views"][SEED] == (334, 351)
    assert set(SCENARIOS["views"]["views"]) == {p for p, e in expected.items()
                                                if p.startswith("/fuxin-swj/") and e["views"] is not None}
    deleted = SCENARIOS["delete"]["gone_404"] + SCENARIOS["delete"]["gone_410_unlisted"]
    assert len(deleted) == 2 and all(expected[p]["is_report"] for p in deleted)
    assert set(SCENARIOS["restore"]["restored"]) == set(deleted)
    (added,) = SCENARIOS["add"]["added"]
    assert added["url"] not in expected and added["listing"] == LISTING and added["position"] == 0
    rec = added["record"]
    assert list(rec) == list(expected[SEED]) and rec["url"] == added["url"]
    assert rec["is_report"] and rec["report_year"] == 2020 and rec["published"] == "2021-01-25"
    assert SCENARIOS["all"]["includes"] == ["edit", "delete", "add", "views"]


@pytest.mark.parametrize("name", ["edit", "delete", "add", "views", "all"])
def test_each_scenario_changes_exactly_its_paths_without_a_server(name):
    m = Mutations()
    result = m.apply(name)
    assert result["generation"] == 1
    assert sorted(result["changed"]) == sorted(SCENARIOS[name]["changed"])
    changed = {p for p in STATIC_PATHS if m.response(p) is not None}
    assert changed == set(SCENARIOS[name]["changed"])
    assert m.apply(name if name not in ("views", "all") else "edit")["generation"] in (1, 2)
    m.reset()
    assert all(m.response(p) is None for p in STATIC_PATHS)


def test_listing_expectations_follow_the_state():
    m = Mutations()
    m.apply("all")
    links = [link["url"] for link in m.expected_listing(LISTING)["links"]]
    assert links[0] == SCENARIOS["add"]["added"][0]["url"] and len(links) == 6
    gone = SCENARIOS["delete"]["gone_410_unlisted"][0]
    page = SCENARIOS["delete"]["listings"][gone]
    assert gone not in [link["url"] for link in m.expected_listing(page)["links"]]
    assert SCENARIOS["delete"]["gone_404"][0] in [link["url"] for link in m.expected_listing(page)["links"]]


def test_gen_change_picks_every_kth_id():
    assert generated.changed_ids(5000, 1) == list(range(0, 5000, 100))
    assert len(generated.changed_ids(5000, 0.5)) == 25
    assert len(generated.changed_ids(333, 1)) == 4  # ceil(3.33)
    assert len(generated.changed_ids(10, 100)) == 10
    with pytest.raises(ValueError):
        generated.changed_ids(100, 0)
    assert generated.render_article(7, 1) != generated.render_article(7, 0)


# --- validators and conditional requests ------------------------------------------------------

def test_validators_are_strong_deterministic_and_stable_across_processes(base):
    paths = [p for p in STATIC_PATHS if not p.startswith("/nanxian-gov/") and p not in FLAKY
             and p != SCENARIOS["add"]["added"][0]["url"]]
    first = {p: (h.get("ETag"), h.get("Last-Modified"))
             for p, (s, h, _) in fetch_all(base, paths).items() if s == 200}
    with running_fixture_web(port=0) as other:
        second = {p: (h.get("ETag"), h.get("Last-Modified"))
                  for p, (s, h, _) in fetch_all(other, list(first)).items()}
    assert len(first) > 40 and first == second
    for path, (tag, modified) in first.items():
        assert re.fullmatch(r'"[0-9a-f]{32}"', tag), path
        assert modified and modified.endswith(" GMT"), path
    body = fetch(base, SEED)[2]
    assert first[SEED] == (conditional.etag(body), "Wed, 28 Mar 2018 01:00:00 GMT")
    assert first[LISTING][1] == "Tue, 21 Jan 2020 01:00:00 GMT"  # its newest link's date


def test_304_on_if_none_match_and_if_modified_since(base):
    status, headers, body = fetch(base, SEED)
    tag, modified = headers["ETag"], headers["Last-Modified"]
    status, headers, body = fetch(base, SEED, {"If-None-Match": tag})
    assert status == 304 and body == b"" and headers["ETag"] == tag
    assert fetch(base, SEED, {"If-None-Match": f'"other", W/{tag}'})[0] == 304
    assert fetch(base, SEED, {"If-None-Match": '"other"'})[0] == 200
    assert fetch(base, SEED, {"If-Modified-Since": modified})[0] == 304
    assert fetch(base, SEED, {"If-Modified-Since": "Wed, 28 Mar 2018 00:59:59 GMT"})[0] == 200
    # If-None-Match wins over If-Modified-Since
    assert fetch(base, SEED, {"If-None-Match": '"other"', "If-Modified-Since": modified})[0] == 200
    assert fetch(base, SEED, {"If-Modified-Since": "not a date"})[0] == 200
    # HEAD, attachments, dynamic listings (ETag only)
    assert fetch(base, SEED, {"If-None-Match": tag}, method="HEAD")[0] == 304
    pdf = "/fuxin-swj/uploadfiles/201903/20190320101522781.pdf"
    pdf_tag = fetch(base, pdf)[1]["ETag"]
    assert fetch(base, pdf, {"If-None-Match": pdf_tag})[0] == 304
    api = "/longgang-gov/gkmlpt/api/all/2915?page=1&sid=755031"
    status, headers, _ = fetch(base, api)
    if status == 200:  # sid from the fixture's window._CONFIG
        assert headers["ETag"] and headers.get("Last-Modified") is None
        assert fetch(base, api, {"If-None-Match": headers["ETag"]})[0] == 304


def test_validators_switch_and_reset(base):
    tag = fetch(base, SEED)[1]["ETag"]
    assert post(base, "/__fixture/validators?enabled=0")[0] == 204
    status, headers, body = fetch(base, SEED, {"If-None-Match": tag})
    assert status == 200 and body and "ETag" not in headers and "Last-Modified" not in headers
    assert post(base, "/__fixture/validators?enabled=1")[0] == 204
    assert fetch(base, SEED, {"If-None-Match": tag})[0] == 304
    assert post(base, "/__fixture/validators?enabled=0")[0] == 204
    assert post(base, "/__fixture/reset")[0] == 204
    assert fetch(base, SEED, {"If-None-Match": tag})[0] == 304
    assert post(base, "/__fixture/validators?enabled=maybe")[0] == 400


def test_nanxian_gov_sends_no_validators(base):
    nanxian = [p for p in STATIC_PATHS if p.startswith("/nanxian-gov/")]
    assert nanxian
    for path, (status, headers, _) in fetch_all(base, nanxian).items():
        assert status == 200 and "ETag" not in headers and "Last-Modified" not in headers, path
    status, _, body = fetch(base, NANXIAN, {"If-None-Match": "*",
                                            "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})
    assert status == 200 and body
    assert catalog.dynamic.load_site("nanxian-gov")["validators"] is False


def test_errors_carry_no_validators(base):
    status, headers, _ = fetch(base, "/fuxin-swj/no/such/page.html")
    assert status == 404 and "ETag" not in headers


# --- scenarios over HTTP ----------------------------------------------------------------------

def assert_scenario(base, name, before):
    after = snapshot(base)
    changed = {p for p in STATIC_PATHS if after[p] != before[p]}
    assert changed == set(SCENARIOS[name]["changed"])
    model = Mutations()
    model.apply(name)
    for path in changed:
        r = model.response(path)
        assert after[path] == (r.status, r.body), path
    return after


@pytest.mark.parametrize("name", ["edit", "delete", "add", "views", "all"])
def test_scenario_over_http_then_reset_restores(base, name):
    before = snapshot(base)
    mutate(base, name)
    assert_scenario(base, name, before)
    assert post(base, "/__fixture/reset")[0] == 204
    assert snapshot(base) == before


def test_edit_changes_one_number_and_the_etag(base):
    old = {p: fetch(base, p) for p in (SEED, HEDONG_EDIT)}
    mutate(base, "edit")
    for path, (_, headers, body) in old.items():
        e = SCENARIOS["edit"]["edits"][path]
        status, new_headers, new_body = fetch(base, path, {"If-None-Match": headers["ETag"],
                                                           "If-Modified-Since": headers["Last-Modified"]})
        assert status == 200 and new_headers["ETag"] != headers["ETag"]
        assert new_body == body.replace(e["before"].encode(), e["after"].encode())
        assert new_headers["Last-Modified"] == "Sat, 01 Jun 2024 02:00:00 GMT"  # generation 1
        assert fetch(base, path, {"If-Modified-Since": headers["Last-Modified"]})[0] == 200
        assert fetch(base, path, {"If-None-Match": new_headers["ETag"]})[0] == 304
    assert "浏览量:334".encode() in fetch(base, SEED)[2]
    assert mutate(base, "edit")["changed"] == []  # a state: applying it again changes nothing


def test_delete_404_stays_listed_410_unlisted_then_restore(base):
    (p404,) = SCENARIOS["delete"]["gone_404"]
    (p410,) = SCENARIOS["delete"]["gone_410_unlisted"]
    listing = SCENARIOS["delete"]["listings"][p410]
    original = fetch(base, p404)
    original_listing = fetch(base, listing)[2]
    mutate(base, "delete")
    assert fetch(base, p404)[0] == 404 and fetch(base, p410)[0] == 410
    page = fetch(base, listing)[2].decode("utf-8")
    assert p404.rsplit("/", 2)[-2] + "/" + p404.rsplit("/", 1)[-1] in page
    assert p410.rsplit("/", 1)[-1] not in page
    mutate(base, "restore")
    status, headers, body = fetch(base, p404)
    assert status == 200 and body == original[2]
    assert (headers["ETag"], headers["Last-Modified"]) == (original[1]["ETag"], original[1]["Last-Modified"])
    assert fetch(base, p410)[0] == 200 and fetch(base, listing)[2] == original_listing


def test_add_puts_a_full_report_on_top_of_the_first_listing_page(base):
    (added,) = SCENARIOS["add"]["added"]
    assert fetch(base, added["url"])[0] == 404
    mutate(base, "add")
    status, headers, body = fetch(base, added["url"])
    text = body.decode("utf-8")
    assert status == 200 and headers["ETag"] and headers["Content-Type"] == "text/html; charset=utf-8"
    rec = added["record"]
    assert rec["title"] in text and all(s in text for s in rec["body_contains"])
    assert f"浏览量:{rec['views']}" in text
    listing = fetch(base, added["listing"])[2].decode("utf-8")
    hrefs = re.findall(r'<li><a href="([^"]+)" title=', listing.split('<ul class="newslist">')[1])
    assert hrefs[0] == added["url"] and "共9条记录" in listing


def test_views_change_only_the_counts_and_accumulate(base):
    paths = list(SCENARIOS["views"]["views"])
    old = fetch_all(base, paths)
    mutate(base, "views")
    for rounds in (1, 2):
        new = fetch_all(base, paths)
        for path, (old_n, new_n) in SCENARIOS["views"]["views"].items():
            status, headers, body = new[path]
            now = mutations.expected_views(path, rounds)
            fmt = (lambda n: f"{n:,}") if old_n >= 1000 else str
            assert status == 200 and headers["ETag"] != old[path][1]["ETag"]
            assert body.replace(f"浏览量:{fmt(now)}".encode(), f"浏览量:{fmt(old_n)}".encode()) == old[path][2]
        if rounds == 1:
            assert mutations.expected_views(SEED, 1) == 351
            mutate(base, "views")


def test_all_is_the_union(base):
    before = snapshot(base)
    result = mutate(base, "all")
    assert sorted(result["changed"]) == SCENARIOS["all"]["changed"]
    after = assert_scenario(base, "all", before)
    seed = after[SEED][1].decode("utf-8")
    assert "共计768条" in seed and "浏览量:351" in seed
    state = json.loads(fetch(base, "/__fixture/state")[2])
    assert state["states"] == ["add", "delete", "edit"] and state["views_rounds"] == 1


def test_bad_mutate_requests_are_400(base):
    assert post(base, "/__fixture/mutate", {"scenario": "nope"})[0] == 400
    assert post(base, "/__fixture/mutate", {})[0] == 400
    assert fetch(base, "/__fixture/mutate", data=b"not json", method="POST")[0] == 400
    assert post(base, "/__fixture/mutate", {"scenario": "gen-change", "percent": 1})[0] == 400


# --- the generated site -----------------------------------------------------------------------

GEN_N = 400


@pytest.fixture(scope="module")
def gen_web():
    with running_fixture_web(port=0, generated=GEN_N) as base:
        yield base


def test_gen_change_changes_exactly_the_expected_pages(gen_web):
    base = gen_web
    assert post(base, "/__fixture/reset")[0] == 204
    try:
        urls = [generated.article(i)["url"] for i in range(GEN_N)]
        pages = ["/gen/xxgk/ndbg/index.html"] + [f"/gen/xxgk/ndbg/index_{k}.html" for k in range(1, 20)]
        before = {u: fetch(base, u) for u in urls + pages}
        for u, (status, headers, body) in before.items():
            assert status == 200 and headers["ETag"] == conditional.etag(body)
        art = generated.article(3)
        assert before[art["url"]][1]["Last-Modified"] == conditional.http_date(
            conditional.day_time(art["published"]))
        result = mutate(base, "gen-change", percent=1)
        expected_ids = generated.changed_ids(GEN_N, 1)
        assert len(expected_ids) == 4 and result["changed"] == [urls[i] for i in expected_ids]
        changed = set()
        for u, (_, headers, body) in before.items():
            status, new_headers, new_body = fetch(base, u, {"If-None-Match": headers["ETag"]})
            if status == 200:
                changed.add(u)
                assert new_body != body and new_headers["ETag"] != headers["ETag"]
                assert new_headers["Last-Modified"] == "Sat, 01 Jun 2024 02:00:00 GMT"
            else:
                assert status == 304
        assert changed == {urls[i] for i in expected_ids}
        i = expected_ids[1]
        assert fetch(base, urls[i])[2] == generated.render_article(i, 1)
        mutate(base, "gen-change", percent=1)
        assert fetch(base, urls[i])[2] == generated.render_article(i, 2)
        assert post(base, "/__fixture/reset")[0] == 204
        assert fetch(base, urls[i])[2] == before[urls[i]][2]
    finally:
        post(base, "/__fixture/reset")


def test_fail_once_still_fires_on_a_mutated_page(base):
    path = "/fuxin-swj/html/SWJ/201703/0152170330112741.html"
    mutate(base, "views")
    assert fetch(base, path)[0] == 500
    status, _, body = fetch(base, path)
    assert status == 200 and "浏览量:590".encode() in body
