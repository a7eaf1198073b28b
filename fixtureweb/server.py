"""The fixture web server: every site under ``sites/<slug>/`` at ``/<slug>/…`` on 127.0.0.1.

Routing, in order:
  /robots.txt                       server-root robots (dynamic.robots_txt)
  POST /__fixture/reset             forget which fail-once pages already failed (204)
  /gen/…                            the generated benchmark site (``--generated N``)
  /<slug>/module/web/jpage/dataproxy.jsp        Hanweb list XML (GET page=N, POST startrecord)
  /<slug>/module/download/downfile.jsp?filename=  Hanweb attachment from ``_files/``
  /<slug>/gkmlpt/api/all/<cat>?page=N&sid=       gkmlpt JSON
  /<slug>/<path>?<query>            file ``<path>@<query>.html`` if present, else ``<path>``
  /<slug>/system/_content/download.jsp?…&wbfileid=N  VSB attachment from ``_files/N.*``
Specials per site (``_site.yml``): ``fail_once``, ``slow``, ``binary``, ``huge`` (keys are the
site-relative request path, with ``?query`` when there is one). ``_site.yml``, ``_data/``,
``_expected/``, ``_files/``, any file whose name starts with ``_`` and ``*.expected.json`` are
never served.
"""
from __future__ import annotations

import email.utils
import mimetypes
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from fixtureweb import dynamic, generated

SITES_DIR = dynamic.SITES_DIR
SLOW_SECONDS = 1.5
RESERVED = {"_data", "_expected", "_files", "_site.yml"}  # per-site folders never served

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
    """Server-wide mutable state: sites, which fail-once pages have failed."""

    def __init__(self, generated_count: int = 0):
        self.generated_count = generated_count
        self.sites = {p.name: dynamic.load_site(p.name)
                      for p in sorted(SITES_DIR.iterdir()) if p.is_dir()}
        self.failed: set[str] = set()
        self.lock = threading.Lock()

    def fail_now(self, key: str) -> bool:
        with self.lock:
            if key in self.failed:
                return False
            self.failed.add(key)
            return True

    def reset(self) -> None:
        with self.lock:
            self.failed.clear()


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

    def send_file(self, path: Path, ctype: str) -> None:
        mtime = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
        self.send(200, path.read_bytes(), ctype, {"Last-Modified": mtime})

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
            self.route(form={})
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        if urlsplit(self.path).path == "/__fixture/reset":
            self.state.reset()
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.route(form=dict(parse_qsl(raw, keep_blank_values=True)))

    def route(self, form: dict) -> None:
        split = urlsplit(self.path)
        path, query = unquote(split.path), split.query
        if path == "/robots.txt":
            return self.send(200, dynamic.robots_txt(self.state.sites), "text/plain")
        if path.startswith("/gen/") and self.state.generated_count:
            body = generated.render(path, self.state.generated_count)
            if body is not None:
                return self.send(200, body, "text/html; charset=utf-8")
            return self.send(404, NOT_FOUND)
        slug, _, rel = path.lstrip("/").partition("/")
        site = self.state.sites.get(slug)
        if site is None or ".." in rel.split("/"):
            return self.send(404, NOT_FOUND)
        params = dict(parse_qsl(query, keep_blank_values=True)) | form
        if self.dynamic(slug, rel, params):
            return None
        key = rel + (f"?{query}" if query else "")
        if key in site.get("binary", []):
            return self.send(200, dynamic.binary_garbage(f"{slug}/{key}"),
                             "application/octet-stream")
        if key in site.get("huge", []):
            return self.stream_huge(site.get("huge_title", "政府信息公开工作年度报告"))
        found = file_for(slug, rel, query)
        if found is None:
            return self.send(404, NOT_FOUND)
        if key in site.get("fail_once", []) and self.state.fail_now(f"{slug}/{key}"):
            return self.send(500, SERVER_ERROR)
        if key in site.get("slow", []):
            time.sleep(SLOW_SECONDS)
        return self.send_file(found, content_type_for(found, site))

    def dynamic(self, slug: str, rel: str, params: dict) -> bool:
        """Answer the platform endpoints; False if ``rel`` is not one of them."""
        if rel in ("module/web/jpage/dataproxy.jsp", "module/jslib/jquery/jpage/dataproxy.jsp"):
            data = dynamic.load_data(slug, "jpage.json")
            if data is None or str(params.get("columnid")) != str(data["columnid"]):
                self.send(404, NOT_FOUND)
                return True
            start, end = dynamic.jpage_window(data, params)
            self.send(200, dynamic.render_jpage(data, slug, start, end), "text/xml;charset=UTF-8")
            return True
        if rel == "module/download/downfile.jsp":
            name = Path(params.get("filename", "")).name
            path = SITES_DIR / slug / "_files" / name
            if not name or not path.is_file():
                self.send(404, NOT_FOUND)
                return True
            ctype = MIME.get(path.suffix.lower(), "application/octet-stream")
            self.send(200, path.read_bytes(), ctype,
                      {"Content-Disposition": f'attachment; filename="{name}"'})
            return True
        if rel == "system/_content/download.jsp":  # VSB attachment: _files/<wbfileid>.<ext>
            wanted = params.get("wbfileid", "")
            found = sorted((SITES_DIR / slug / "_files").glob(f"{wanted}.*")) if wanted.isdigit() else []
            if not found:
                self.send(404, NOT_FOUND)
                return True
            ctype = MIME.get(found[0].suffix.lower(), "application/octet-stream")
            self.send(200, found[0].read_bytes(), ctype,
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
            self.send(status, body, "application/json;charset=UTF-8")
            return True
        return False


def make_server(host: str = "127.0.0.1", port: int = 0, generated_count: int = 0,
                verbose: bool = False) -> ThreadingHTTPServer:
    """A ready (bound, not yet serving) fixture web server."""
    handler = type("FixtureHandler", (Handler,),
                   {"state": FixtureState(generated_count), "verbose": verbose})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def base_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"
