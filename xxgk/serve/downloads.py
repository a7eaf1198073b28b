"""Datasette plugin: CSV downloads that open cleanly in Excel and carry no search markers.

``?_bom=1`` on any ``.csv`` address (table, query, story; ``_stream=1`` too) starts the file with
the UTF-8 byte-order mark (EF BB BF): without it Excel on a Chinese Windows machine reads UTF-8
as GBK and shows mojibake. Every CSV loses the ⟦ and ⟧ that mark search hits in passages (the HTML
pages turn them into <mark>; in a spreadsheet they are noise). JSON and HTML pass untouched.

Table and query pages get a "CSV for Excel (UTF-8 with BOM)" link beside Datasette's "CSV" link,
and the advanced export form of a table page a BOM checkbox.

Datasette streams its CSV in chunks and a marker is three UTF-8 bytes (E2 9F A6 / E2 9F A7) that
a chunk boundary may split: :class:`MarkerStripper` holds back a trailing partial marker until
the next chunk. A response that declares its Content-Length is read whole and sent with the new
length.
"""
from __future__ import annotations

from urllib.parse import parse_qs

from datasette import hookimpl

BOM = b"\xef\xbb\xbf"
MARKERS = ("⟦".encode(), "⟧".encode())  # b"\xe2\x9f\xa6", b"\xe2\x9f\xa7"
_PREFIXES = {m[:n] for m in MARKERS for n in range(1, len(m))}
CSV_TYPES = ("text/csv", "text/plain")  # Datasette sends text/plain unless ?_dl=1
BOM_LABEL = "CSV for Excel (UTF-8 with BOM)"


class MarkerStripper:
    """Removes ⟦ and ⟧ from a byte stream fed in arbitrary chunks."""

    def __init__(self):
        self.carry = b""

    def feed(self, chunk: bytes) -> bytes:
        data = self.carry + chunk
        for marker in MARKERS:
            data = data.replace(marker, b"")
        self.carry = b""
        for size in (2, 1):  # a marker's first bytes at the end wait for the next chunk
            if data[-size:] in _PREFIXES and len(data) >= size:
                data, self.carry = data[:-size], data[-size:]
                break
        return data

    def flush(self) -> bytes:
        rest, self.carry = self.carry, b""
        return rest


def clean_csv(body: bytes, bom: bool = False) -> bytes:
    """A whole CSV body without markers, with the byte-order mark first when ``bom``."""
    stripper = MarkerStripper()
    cleaned = stripper.feed(body) + stripper.flush()
    return (BOM if bom and not cleaned.startswith(BOM) else b"") + cleaned


def wants_bom(scope) -> bool:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return any(v.strip().lower() in ("1", "on", "true", "yes") for v in query.get("_bom", []))


def _is_csv_request(scope) -> bool:
    if scope.get("type") != "http":
        return False
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return scope.get("path", "").endswith(".csv") or "csv" in query.get("_format", [])


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def csv_app(scope, receive, send):
            if not _is_csv_request(scope):
                await app(scope, receive, send)
                return
            await app(scope, receive, CsvSend(send, wants_bom(scope)))
        return csv_app
    return wrap


class CsvSend:
    """An ASGI ``send`` that rewrites the body of a CSV response on its way out."""

    def __init__(self, send, bom: bool):
        self.send, self.bom = send, bom
        self.active = False
        self.start = None
        self.buffered = None  # list of chunks when the response declared a Content-Length
        self.stripper = MarkerStripper()
        self.first = True

    async def __call__(self, message):
        if message["type"] == "http.response.start":
            headers = message.get("headers") or []
            kind = _header(headers, b"content-type").decode("latin-1").lower()
            self.active = (message.get("status", 200) == 200 and kind.startswith(CSV_TYPES)
                           and not _header(headers, b"content-encoding"))  # gzip: leave it
            if self.active and _header(headers, b"content-length"):
                self.start, self.buffered = message, []  # sent with the body's new length
                return
            await self.send(message)
        elif message["type"] == "http.response.body" and self.active:
            await self._body(message)
        else:
            await self.send(message)

    async def _body(self, message):
        chunk, more = message.get("body", b""), message.get("more_body", False)
        if self.buffered is not None:
            self.buffered.append(chunk)
            if more:
                return
            body = clean_csv(b"".join(self.buffered), self.bom)
            headers = [(k, v) for k, v in self.start.get("headers") or []
                       if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await self.send({**self.start, "headers": headers})
            await self.send({"type": "http.response.body", "body": body, "more_body": False})
            return
        out = self.stripper.feed(chunk) + (b"" if more else self.stripper.flush())
        if self.first and self.bom and (out or not more):
            out, self.first = BOM + out, False
        await self.send({"type": "http.response.body", "body": out, "more_body": more})


def _header(headers, name: bytes) -> bytes:
    for key, value in headers:
        if key.lower() == name:
            return value
    return b""


_SCRIPT = """
(function () {
  var label = %(label)s;
  function withBom(href) {
    var url = new URL(href, location.href);
    url.searchParams.set("_bom", "1");
    url.searchParams.set("_dl", "1");
    return url.pathname + url.search;
  }
  document.querySelectorAll("p.export-links a").forEach(function (a) {
    if (a.textContent.trim() !== "CSV") return;
    var link = document.createElement("a");
    link.href = withBom(a.getAttribute("href"));
    link.className = "xxgk-csv-bom";
    link.textContent = label;
    a.after(document.createTextNode(", "), link);
  });
  document.querySelectorAll("form[action$='.csv']").forEach(function (form) {
    if (form.querySelector("input[name=_bom]")) return;
    var box = document.createElement("label");
    box.innerHTML = '<input type="checkbox" name="_bom" value="1"> ';
    box.appendChild(document.createTextNode(label));
    var submit = form.querySelector("input[type=submit], button");
    (submit ? submit.parentNode : form).insertBefore(box, submit);
  });
})();
"""


@hookimpl
def extra_body_script():
    """The "CSV for Excel" link beside the "CSV" link Datasette puts on table and query pages
    (a page without one is left as it is)."""
    import json

    return _SCRIPT % {"label": json.dumps(BOM_LABEL)}
