"""A small forwarding HTTP proxy on 127.0.0.1 for the proxy tests: what a newsroom's proxy inside
China does, reduced to what the crawler needs.

It answers absolute-URI requests (``GET http://127.0.0.1:PORT/fuxin-swj/… HTTP/1.1``, as a client
sends them to a proxy), forwards them to loopback targets only (the test net refuses the rest
anyway), relays the answer, and records every request with the ``Proxy-Authorization`` it
carried. With ``credentials=(user, password)`` it answers 407 to a request without the right
Basic credentials, as a real proxy does. With ``upstream="127.0.0.1:PORT"`` it sends every
request there whatever its host, as a proxy inside China reaches a ``*.gov.cn`` host this
machine cannot.

``CONNECT host:port`` (how a client reaches an https:// site through a proxy) is checked for the
same credentials, recorded as ``Seen("CONNECT", "host:port", …)`` with the status answered, and
then tunnelled byte for byte to that loopback host:port (to ``upstream`` if given): what passes
through the tunnel (TLS) is not seen, nor recorded.

Example::

    with ProxyServer(credentials=("newsroom", "s3cret")) as proxy:
        proxy.url          # http://127.0.0.1:PORT
        proxy.requests     # [Seen(method, url, authorization, status), ...]
"""
from __future__ import annotations

import base64
import http.client
import select
import socket
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from support import ThreadedServer

# hop-by-hop headers (RFC 9110 §7.6.1) and the proxy's own: not passed on
_HOP = {"connection", "keep-alive", "proxy-authorization", "proxy-authenticate", "proxy-connection",
        "te", "trailer", "transfer-encoding", "upgrade"}


@dataclass(frozen=True)
class Seen:
    """One request the proxy received: its absolute URL, its Proxy-Authorization (None when
    absent) and the status the proxy answered."""

    method: str
    url: str
    authorization: str | None
    status: int


def basic(user: str, password: str) -> str:
    """The ``Proxy-Authorization`` value for ``user``/``password``."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode("latin-1")).decode("ascii")


class ProxyServer(ThreadedServer):
    """The proxy in a thread of the test process; a context manager (``url`` while it runs);
    ``requests`` holds a ``Seen`` per request."""

    def __init__(self, credentials: tuple[str, str] | None = None, upstream: str | None = None):
        self.expected = basic(*credentials) if credentials else None
        self.upstream = upstream
        super().__init__(ThreadingHTTPServer(("127.0.0.1", 0), _handler(self)))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def urls(self, status: int | None = None) -> list[str]:
        """The URLs requested through the proxy (those it answered with ``status``, if given)."""
        return [s.url for s in self.seen() if status is None or s.status == status]


def _handler(proxy: ProxyServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 - http.server's name
            auth = self.headers.get("Proxy-Authorization")
            target = urlsplit(self.path)
            host, port = target.hostname, target.port or 80
            if proxy.upstream:
                host, _, port = proxy.upstream.rpartition(":")
            if target.scheme != "http" or host not in ("127.0.0.1", "localhost"):
                return self._answer(400, b"only absolute http:// URLs on loopback", auth)
            if proxy.expected and auth != proxy.expected:
                return self._answer(407, b"proxy authentication required", auth,
                                    [("Proxy-Authenticate", 'Basic realm="test"')])
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            try:
                path = target.path or "/"
                conn.request(self.command, path + (f"?{target.query}" if target.query else ""),
                             headers=headers)
                answer = conn.getresponse()
                body = answer.read()
                passed = [(k, v) for k, v in answer.getheaders()
                          if k.lower() not in _HOP and k.lower() != "content-length"]
                self._answer(answer.status, body, auth, passed, reason=answer.reason)
            except OSError as exc:
                self._answer(502, f"upstream: {exc}".encode(), auth)
            finally:
                conn.close()

        def do_CONNECT(self):  # noqa: N802 - http.server's name
            auth = self.headers.get("Proxy-Authorization")
            host, _, port = self.path.rpartition(":")
            if proxy.upstream:
                host, _, port = proxy.upstream.rpartition(":")
            host = host.strip("[]")
            if host not in ("127.0.0.1", "localhost", "::1") or not port.isdigit():
                return self._answer(400, b"only CONNECT host:port on loopback", auth)
            if proxy.expected and auth != proxy.expected:
                return self._answer(407, b"proxy authentication required", auth,
                                    [("Proxy-Authenticate", 'Basic realm="test"')])
            try:
                target = socket.create_connection((host, int(port)), timeout=10)
            except OSError as exc:
                return self._answer(502, f"upstream: {exc}".encode(), auth)
            proxy.note(Seen(self.command, self.path, auth, 200))
            self.send_response(200, "Connection established")
            self.end_headers()
            self.wfile.flush()
            self.close_connection = True
            try:
                self._tunnel(target)
            finally:
                target.close()

        def _tunnel(self, target: socket.socket) -> None:
            """Bytes both ways between the client and ``target`` until either side closes (or
            30 s of silence)."""
            client = self.connection
            target.settimeout(None)
            other = {client: target, target: client}
            try:
                while True:
                    readable, _, broken = select.select(list(other), [], list(other), 30)
                    if broken or not readable:
                        return
                    for sock in readable:
                        data = sock.recv(65536)
                        if not data:
                            return
                        other[sock].sendall(data)
            except OSError:
                return

        def _answer(self, status, body, auth, headers=(), reason=None):
            proxy.note(Seen(self.command, self.path, auth, status))
            self.send_response(status, reason)
            for name, value in headers:
                self.send_header(name, value)
            if status not in (204, 304):
                self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if status not in (204, 304) and self.command != "HEAD":
                self.wfile.write(body)
            self.close_connection = True

        def log_message(self, *args):  # quiet: pytest shows failures, not every request
            pass

    return Handler
