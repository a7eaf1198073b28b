"""CSV downloads (xxgk.serve.downloads) on the archive crawled from the fixture web: ``?_bom=1``
for Excel, no ⟦⟧ search markers in any CSV (streamed or not), JSON and HTML untouched."""
import asyncio
import csv
import io
import json
from urllib.parse import urlencode

import pytest

from xxgk.serve import downloads
from xxgk.serve.downloads import BOM, MarkerStripper, clean_csv
from xxgk.serve.server import make_datasette

MARKS = ("⟦".encode(), "⟧".encode())


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture(scope="module")
def ds(fixture_archive):
    return make_datasette(fixture_archive)


def get(ds, path, **params):
    response = run(ds.client.get(f"{path}?{urlencode(params)}" if params else path))
    assert response.status_code == 200, response.text[:1000]
    return response


def csv_rows(content: bytes) -> list[list[str]]:
    assert not content.startswith(BOM)
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


STORY = ("/archive/search.csv", {"q": "商务"})
TABLE = ("/archive/reports.csv", {"_search": "商务", "_size": "max"})


@pytest.mark.parametrize("path, params", [STORY, TABLE], ids=["story", "table"])
@pytest.mark.parametrize("stream", [False, True], ids=["paged", "streamed"])
def test_bom_starts_the_same_rows(ds, path, params, stream):
    params = {**params, **({"_stream": "1"} if stream else {})}
    plain = get(ds, path, **params).content
    with_bom = get(ds, path, **params, _bom="1").content
    assert with_bom[:3] == BOM and with_bom[3:6] != BOM  # once, at the very start
    assert with_bom[3:] == plain
    rows = csv_rows(plain)
    assert len(rows) > 1 and rows[0][0] in ("report_id", "id")
    assert list(csv.reader(io.StringIO(with_bom.decode("utf-8-sig")))) == rows


def test_story_csv_has_the_passages_without_markers(ds):
    data = get(ds, "/archive/search.json", q="商务", _shape="objects").json()
    passages = [row["passage"] for row in data["rows"]]
    assert any("⟦商务⟧" in (p or "") for p in passages), "the JSON keeps the markers"
    for stream in ({}, {"_stream": "1"}):
        content = get(ds, "/archive/search.csv", q="商务", **stream).content
        assert not any(mark in content for mark in MARKS)
        rows = csv_rows(content)
        column = rows[0].index("passage")
        assert [row[column] for row in rows[1:]] == [
            (p or "").replace("⟦", "").replace("⟧", "") for p in passages]


def test_any_query_csv_loses_the_markers(ds):
    sql = "select '⟦商务⟧局' as a, 'x⟧⟦y' as b, '—' as c"
    content = get(ds, "/archive.csv", sql=sql).content
    assert csv_rows(content) == [["a", "b", "c"], ["商务局", "xy", "—"]]
    assert get(ds, "/archive.json", sql=sql, _shape="array").json() == [
        {"a": "⟦商务⟧局", "b": "x⟧⟦y", "c": "—"}]


def test_json_and_html_are_untouched(ds):
    plain = get(ds, "/archive/reports.json", _search="商务", _shape="array").content
    with_bom = get(ds, "/archive/reports.json", _search="商务", _shape="array", _bom="1").content
    assert with_bom == plain and not plain.startswith(BOM) and "⟦".encode() not in plain
    stories = get(ds, "/archive/search.json", q="商务", _shape="array", _bom="1").content
    assert any("⟦商务⟧" in (row["passage"] or "") for row in json.loads(stories))  # \u escaped
    html = get(ds, "/archive/search", q="商务").text
    assert "<mark>商务</mark>" in html and not html.startswith("\ufeff")


@pytest.mark.parametrize("path, params", [("/archive/search", {"q": "商务"}),
                                          ("/archive/reports", {"_search": "商务"})])
def test_pages_offer_the_excel_link(ds, path, params):
    html = get(ds, path, **params).text
    assert ">CSV</a>" in html  # Datasette's link, which the script puts the new one beside
    assert json.dumps(downloads.BOM_LABEL) in html and 'searchParams.set("_bom", "1")' in html


def test_stripper_handles_markers_split_anywhere():
    text = "⟦商务⟧局，⟦行政复议⟧—“⟧⟦”".encode()
    expected = text.replace(MARKS[0], b"").replace(MARKS[1], b"")
    for cut in range(len(text) + 1):
        for second in range(cut, len(text) + 1):
            stripper = MarkerStripper()
            out = (stripper.feed(text[:cut]) + stripper.feed(text[cut:second])
                   + stripper.feed(text[second:]) + stripper.flush())
            assert out == expected, (cut, second)
    one_byte = MarkerStripper()
    assert b"".join(one_byte.feed(bytes([b])) for b in text) + one_byte.flush() == expected
    assert clean_csv(b"a\xe2", bom=True) == BOM + b"a\xe2"  # a cut-off byte at the end is kept


def test_content_length_is_rewritten():
    body = "a,b\r\n⟦商务⟧,x\r\n".encode()

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/csv; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body[:7], "more_body": True})
        await send({"type": "http.response.body", "body": body[7:]})

    sent = []

    async def send(message):
        sent.append(message)

    wrapped = downloads.asgi_wrapper(None)(app)
    scope = {"type": "http", "path": "/db/t.csv", "query_string": b"_bom=1"}
    run(wrapped(scope, None, send))
    out = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert out == BOM + "a,b\r\n商务,x\r\n".encode()
    headers = dict(sent[0]["headers"])
    assert headers[b"content-length"] == str(len(out)).encode()
