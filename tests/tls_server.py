"""A small HTTPS front for the fixture web, on 127.0.0.1, for the tests of https:// sites: every
request to ``https://127.0.0.1:PORT/<path>`` is passed on over plain http to the fixture web
(``backend``, ``http://127.0.0.1:PORT`` as the ``fixture_web`` fixture gives it) and its answer —
status, headers, body — is relayed, so the fixture pages are served over TLS.

The certificate is a throwaway self-signed one for ``127.0.0.1``/``localhost``, made when the
server is, with ``cryptography`` (Scrapy's own dependency); Scrapy does not verify certificates.

Example::

    with TLSServer(fixture_web) as tls:
        tls.url            # https://127.0.0.1:PORT
        tls.netloc         # 127.0.0.1:PORT (what a proxy is asked to CONNECT to)
        tls.requests       # [(method, path), ...] as they came through TLS
"""
from __future__ import annotations

import datetime
import http.client
import ipaddress
import ssl
import tempfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from support import ThreadedServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

# hop-by-hop headers (RFC 9110 §7.6.1): not passed on; the length is the relayed body's own
_HOP = {"connection", "keep-alive", "proxy-authorization", "proxy-authenticate", "proxy-connection",
        "te", "trailer", "transfer-encoding", "upgrade", "content-length"}


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate and its key for 127.0.0.1 and localhost, as PEM files in
    ``folder``: ``(cert, key)``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class _TLSHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    context: ssl.SSLContext

    def finish_request(self, request, client_address):
        # the TLS handshake in the request's own thread, not in the accepting loop: a client
        # that stalls (or is not speaking TLS) holds up nobody else
        try:
            tls = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            super().finish_request(tls, client_address)
        finally:
            tls.close()


class TLSServer(ThreadedServer):
    """The HTTPS front in a thread of the test process; a context manager (``url`` while it
    runs)."""

    def __init__(self, backend: str):
        parts = urlsplit(backend)
        self.backend = backend.rstrip("/")
        self._backend_host, self._backend_port = parts.hostname, parts.port or 80
        self._tmp = tempfile.TemporaryDirectory(prefix="xxgk-tls-")
        cert, key = self_signed(Path(self._tmp.name))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server = _TLSHTTPServer(("127.0.0.1", 0), _handler(self))
        server.context = context
        super().__init__(server)

    @property
    def netloc(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"https://{self.netloc}"

    def paths(self) -> list[str]:
        return [path for _, path in self.seen()]

    def __exit__(self, *exc) -> None:
        super().__exit__(*exc)
        self._tmp.cleanup()


def _handler(front: TLSServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def relay(self):
            front.note((self.command, self.path))
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
            conn = http.client.HTTPConnection(front._backend_host, front._backend_port, timeout=10)
            try:
                conn.request(self.command, self.path, body=body, headers=headers)
                answer = conn.getresponse()
                data = answer.read()
                status, reason, passed = answer.status, answer.reason, [
                    (k, self.rewrite(v) if k.lower() == "location" else v)
                    for k, v in answer.getheaders() if k.lower() not in _HOP]
            except OSError as exc:
                status, reason, passed, data = 502, None, [], f"backend: {exc}".encode()
            finally:
                conn.close()
            self.send_response(status, reason)
            for name, value in passed:
                self.send_header(name, value)
            bodiless = status in (204, 304) or 100 <= status < 200
            if not bodiless:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if not bodiless and self.command != "HEAD":
                self.wfile.write(data)

        def rewrite(self, location: str) -> str:
            """A redirect to the backend points at this front instead."""
            if location.startswith(front.backend):
                return front.url + location[len(front.backend):]
            return location

        do_GET = do_HEAD = do_POST = relay  # noqa: N815 - http.server's names

        def log_message(self, *args):  # quiet
            pass

    return Handler
