"""The fixture web server: every site under ``sites/<slug>/`` at ``/<slug>/…`` on 127.0.0.1.

Routing, in order:
  /robots.txt                       server-root robots (dynamic.robots_txt)
  POST /__fixture/reset             pristine web again: fail-once re-armed, mutations undone,
                                    validators on (204)
  POST /__fixture/mutate            JSON ``{"scenario": name[, "percent": P]}`` (fixtureweb.mutations)
  POST /__fixture/validators?enabled=0|1   serve ETag/Last-Modified and 304s, or not (204)
  GET  /__fixture/state             JSON: mutation generation, applied scenarios, validators
  /gen/…                            the generated benchmark site (``--generated N``)
  Host: s0001.sites.test …          ``--many N`` virtual sites (fixtureweb.many), routed by the
                                    Host header before everything else; their access record at
                                    GET /__fixture/many-access (JSON)
  /<slug>/module/web/jpage/dataproxy.jsp        Hanweb list XML (GET page=N, POST startrecord)
  /<slug>/module/download/downfile.jsp?filename=  Hanweb attachment from ``_files/``
  /<slug>/gkmlpt/api/all/<cat>?page=N&sid=       gkmlpt JSON
  /<slug>/<path>?<query>            file ``<path>@<query>.html`` if present, else ``<path>``
  /<slug>/system/_content/download.jsp?…&wbfileid=N  VSB attachment from ``_files/N.*``
Specials per site (``_site.yml``): ``fail_once``, ``slow``, ``binary``, ``huge`` (keys are the
site-relative request path, with ``?query`` when there is one). ``_site.yml``, ``_data/``,
``_expected/``, ``_files/``, any file whose name starts with ``_`` and ``*.expected.json`` are
never served; nor is ``_mutations/`` (pages that only a mutation publishes).

Validators (``fixtureweb.conditional``): every 200 page, file and generated page carries a strong
``ETag`` and a deterministic ``Last-Modified`` and honours ``If-None-Match`` /
``If-Modified-Since`` with ``304``; the dataproxy and gkmlpt listings carry an ETag only. Not on a
site whose ``_site.yml`` says ``validators: false`` (nanxian-gov), nor anywhere after
``POST /__fixture/validators?enabled=0``. Errors (404/410/500), the huge page and robots.txt
never carry validators.
"""
from __future__ import annotations

import json
import mimetypes
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from xxgk.fixtureweb import conditional, dynamic, generated, many
from xxgk.fixtureweb.mutations import MUTATIONS_DIR, Mutations

SITES_DIR = dynamic.SITES_DIR
SLOW_SECONDS = 1.5
RESERVED = {"_data", "_expected", "_files", "_site.yml", MUTATIONS_DIR}  # per-site folders never served

MIME = {
    ".pdf": "application/pdf", ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".wps": "application/vnd.ms-works", ".zip": "application/zip", ".png": "image/png",
    ".jpg": "image/jpeg", ".gif": "image/gif", ".css": "text/css; charset=utf-8",
    ".js": "application/javascript", ".json": "application/json; charset=utf-8",
    ".xml": "text/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
}
PAGE_EXTS = {"", ".html", ".htm", ".shtml", ".asp", ".aspx", ".jsp", ".php"}

NOT_FOUND = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404 Not Found</title>"
             "</head><body><h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p>"
             "<hr><address>nginx</address></body></html>").encode("utf-8")
GONE = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>410 Gone</title>"
        "</head><body><h1>410 Gone</h1><p>该信息已撤销。</p>"
        "<hr><address>nginx</address></body></html>").encode("utf-8")
SERVER_ERROR = ("<html><head><title>500 Internal Server Error</title></head><body>"
                "<h1>500 Internal Server Error</h1><p>服务器繁忙，请稍后再试。</p></body></html>"
                ).encode("utf-8")


def file_for(slug: str, rel: str, query: str) -> Path | None:
    """The stored file answering ``/<slug>/<rel>?<query>``, or None."""
    site = SITES_DIR / slug
    parts = [p for p in rel.split("/") if p]
    if (parts and parts[0] in RESERVED) or any(p.startswith(".") for p in parts) \
            or (parts and parts[-1].startswith("_")) or rel.endswith(".expected.json"):
        return None
    if rel == "" or rel.endswith("/"):
        candidates = [site.joinpath(*parts, "index.html"), site.joinpath(*parts, "index.htm")]
    else:
        candidates = [site.joinpath(*parts[:-1], f"{parts[-1]}@{query}.html")] if query else []
        candidates.append(site.joinpath(*parts))
    for path in candidates:
        if path.is_file() and not path.name.endswith(".expected.json"):
            return path
    return None


def content_type_for(path: Path, site: dict) -> str:
    suffix = path.suffix.lower()
    if suffix in PAGE_EXTS or "@" in path.name:
        return site.get("content_type", "text/html; charset=utf-8")
    return MIME.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class FixtureState:
    """Server-wide mutable state: sites, failed fail-once pages, mutations, validators switch."""

    def __init__(self, generated_count: int = 0, many_count: int = 0):
        self.generated_count = generated_count
        self.many_count = many_count  # virtual sites s0001.sites.test … (fixtureweb.many)
        self.access = many.AccessLog()
        self.sites = {p.name: dynamic.load_site(p.name)
                      for p in sorted(SITES_DIR.iterdir()) if p.is_dir()}
        self.failed: set[str] = set()
        self.lock = threading.Lock()
        self.mutations = Mutations(generated_count)
        self.validators = True

    def fail_now(self, key: str) -> bool:
        with self.lock:
            if key in self.failed:
                return False
            self.failed.add(key)
            return True

    def reset(self) -> None:
        with self.lock:
            self.failed.clear()
            self.validators = True
        self.mutations.reset()

    def validators_for(self, slug: str | None) -> bool:
        site = self.sites.get(slug, {}) if slug else {}
        return self.validators and site.get("validators", True) is not False


class Handler(BaseHTTPRequestHandler):
    server_version = "nginx/1.20.1"
    protocol_version = "HTTP/1.1"
    state: FixtureState  # set by make_server
    verbose = False

    def version_string(self):
        return self.server_version

    def log_message(self, format, *args):  # noqa: A002 - signature from the stdlib
        if self.verbose:
            sys.stderr.write("%s - %s\n" % (self.address_string(), format % args))

    # --- responses ---
    def send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
             headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_entity(self, body: bytes, ctype: str, slug: str | None, last_modified=None,
                    headers: dict | None = None) -> None:
        """200 with validators (ETag, Last-Modified when given), or 304 for a matching
        conditional GET/HEAD; plain 200 when validators are off for ``slug``."""
        headers = dict(headers or {})
        if not self.state.validators_for(slug):
            return self.send(200, body, ctype, headers)
        tag = conditional.etag(body)
        headers["ETag"] = tag
        if last_modified is not None:
            headers["Last-Modified"] = conditional.http_date(last_modified)
        if self.command in ("GET", "HEAD") and conditional.not_modified(self.headers, tag, last_modified):
            self.send_response(304)
            for k in ("ETag", "Last-Modified"):
                if k in headers:
                    self.send_header(k, headers[k])
            self.end_headers()
            return None
        return self.send(200, body, ctype, headers)

    def send_json(self, status: int, obj) -> None:
        self.send(status, json.dumps(obj, ensure_ascii=False).encode("utf-8"),
                  "application/json; charset=utf-8")

    def send_empty(self, status: int = 204) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def stream_huge(self, title: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(dynamic.HUGE_SIZE))
        self.end_headers()
        if self.command == "HEAD":
            return
        try:
            for chunk in dynamic.huge_chunks(title):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # --- verbs ---
    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        try:
            if urlsplit(self.path).path == "/__fixture/state":
                return self.send_json(200, self.state.mutations.snapshot()
                                      | {"validators": self.state.validators})
            if urlsplit(self.path).path == "/__fixture/many-access":
                return self.send_json(200, self.state.access.snapshot())
            self.route(form={})
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        split = urlsplit(self.path)
        if split.path == "/__fixture/reset":
            self.state.reset()
            return self.send_empty(204)
        if split.path == "/__fixture/validators":
            params = dict(parse_qsl(split.query)) | dict(parse_qsl(raw))
            if params.get("enabled") not in ("0", "1"):
                return self.send_json(400, {"error": "use ?enabled=0 or ?enabled=1"})
            with self.state.lock:
                self.state.validators = params["enabled"] == "1"
            return self.send_empty(204)
        if split.path == "/__fixture/mutate":
            return self.mutate(raw, dict(parse_qsl(split.query)))
        self.route(form=dict(parse_qsl(raw, keep_blank_values=True)))

    def mutate(self, raw: str, query: dict) -> None:
        try:
            params = json.loads(raw) if raw.strip() else dict(query)
            if not isinstance(params, dict):
                raise ValueError("the body must be a JSON object")
            params = dict(params)
            scenario = params.pop("scenario", None)
            if not isinstance(scenario, str):
                raise ValueError('missing "scenario"')
            result = self.state.mutations.apply(scenario, **params)
        except (ValueError, TypeError) as exc:
            return self.send_json(400, {"error": str(exc)})
        return self.send_json(200, result)

    def route(self, form: dict) -> None:
        split = urlsplit(self.path)
        path, query = unquote(split.path), split.query
        k = many.site_number(self.headers.get("Host"), self.state.many_count)
        if k is not None:
            return self.route_many(k, path)
        if path == "/robots.txt":
            return self.send(200, dynamic.robots_txt(self.state.sites), "text/plain")
        if path.startswith("/gen/") and self.state.generated_count:
            return self.route_generated(path)
        slug, _, rel = path.lstrip("/").partition("/")
        site = self.state.sites.get(slug)
        if site is None or ".." in rel.split("/"):
            return self.send(404, NOT_FOUND)
        params = dict(parse_qsl(query, keep_blank_values=True)) | form
        if self.dynamic(slug, rel, params):
            return None
        key = rel + (f"?{query}" if query else "")
        if key in site.get("binary", []):
            return self.send_entity(dynamic.binary_garbage(f"{slug}/{key}"),
                                    "application/octet-stream", slug, conditional.FIXED_EPOCH)
        if key in site.get("huge", []):
            return self.stream_huge(site.get("huge_title", "政府信息公开工作年度报告"))
        url_key = f"/{slug}/{key}"
        mutated = self.state.mutations.response(url_key)
        found = file_for(slug, rel, query)
        if mutated is None and found is None:
            return self.send(404, NOT_FOUND)
        if mutated is not None and mutated.status == 404:
            return self.send(404, NOT_FOUND)
        if mutated is not None and mutated.status == 410:
            return self.send(410, GONE)
        if key in site.get("fail_once", []) and self.state.fail_now(f"{slug}/{key}"):
            return self.send(500, SERVER_ERROR)
        if key in site.get("slow", []):
            time.sleep(SLOW_SECONDS)
        if mutated is not None:
            body = mutated.body
            last_modified = mutated.last_modified or conditional.pristine_last_modified(url_key)
            ctype = content_type_for(found or Path(rel.rsplit("/", 1)[-1] or "index.html"), site)
        else:
            body = found.read_bytes()
            last_modified = conditional.pristine_last_modified(url_key)
            ctype = content_type_for(found, site)
        return self.send_entity(body, ctype, slug, last_modified)

    def route_many(self, k: int, path: str) -> None:
        """A virtual site's page (``--many N``), with validators like the generated site's;
        the request is entered in the access record."""
        record = self.state.access.begin(many.host(k), path)
        try:
            found = many.render(k, path)
            if found is None:
                return self.send(404, NOT_FOUND)
            ctype, body = found
            if path == "/robots.txt":
                return self.send(200, body, ctype)
            return self.send_entity(body, ctype, None, conditional.FIXED_EPOCH)
        finally:
            self.state.access.end(record)

    def route_generated(self, path: str) -> None:
        muts = self.state.mutations
        n = self.state.generated_count
        with muts.lock:
            revisions = dict(muts.gen_revisions)
        body = generated.render(path, n, revisions)
        if body is None:
            return self.send(404, NOT_FOUND)
        i = generated.article_index(path, n)
        last_modified = (muts.generated_last_modified(i) if i is not None
                         else conditional.FIXED_EPOCH)
        return self.send_entity(body, "text/html; charset=utf-8", "gen", last_modified)

    def dynamic(self, slug: str, rel: str, params: dict) -> bool:
        """Answer the platform endpoints; False if ``rel`` is not one of them."""
        if rel in ("module/web/jpage/dataproxy.jsp", "module/jslib/jquery/jpage/dataproxy.jsp"):
            data = dynamic.load_data(slug, "jpage.json")
            if data is None or str(params.get("columnid")) != str(data["columnid"]):
                self.send(404, NOT_FOUND)
                return True
            start, end = dynamic.jpage_window(data, params)
            self.send_entity(dynamic.render_jpage(data, slug, start, end), "text/xml;charset=UTF-8", slug)
            return True
        if rel == "module/download/downfile.jsp":
            name = Path(params.get("filename", "")).name
            path = SITES_DIR / slug / "_files" / name
            if not name or not path.is_file():
                self.send(404, NOT_FOUND)
                return True
            ctype = MIME.get(path.suffix.lower(), "application/octet-stream")
            self.send_entity(path.read_bytes(), ctype, slug, conditional.FIXED_EPOCH,
                             {"Content-Disposition": f'attachment; filename="{name}"'})
            return True
        if rel == "system/_content/download.jsp":  # VSB attachment: _files/<wbfileid>.<ext>
            wanted = params.get("wbfileid", "")
            found = sorted((SITES_DIR / slug / "_files").glob(f"{wanted}.*")) if wanted.isdigit() else []
            if not found:
                self.send(404, NOT_FOUND)
                return True
            ctype = MIME.get(found[0].suffix.lower(), "application/octet-stream")
            self.send_entity(found[0].read_bytes(), ctype, slug, conditional.FIXED_EPOCH,
                             {"Content-Disposition": f'attachment; filename="{found[0].name}"'})
            return True
        if rel.startswith("gkmlpt/api/all/"):
            data = dynamic.load_data(slug, "gkmlpt.json")
            if data is None:
                self.send(404, NOT_FOUND)
                return True
            cat_id = rel.rsplit("/", 1)[-1]
            page = int(params.get("page") or 1) if str(params.get("page", "1")).isdigit() else 1
            status, body = dynamic.render_gkmlpt(data, cat_id, page, params.get("sid"))
            if status == 200:
                self.send_entity(body, "application/json;charset=UTF-8", slug)
            else:
                self.send(status, body, "application/json;charset=UTF-8")
            return True
        return False


def make_server(host: str = "127.0.0.1", port: int = 0, generated_count: int = 0,
                verbose: bool = False, many_count: int = 0) -> ThreadingHTTPServer:
    """A ready (bound, not yet serving) fixture web server."""
    handler = type("FixtureHandler", (Handler,),
                   {"state": FixtureState(generated_count, many_count), "verbose": verbose})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def base_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"
