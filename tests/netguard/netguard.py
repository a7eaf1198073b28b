"""The test net cannot leak: every socket connection or datagram to a non-loopback address, and
every name lookup other than ``localhost``, raises ``NonLoopbackConnection``.

Installed by ``tests/conftest.py`` in the test process, and — through the ``sitecustomize``
beside this file, which conftest puts on ``PYTHONPATH`` with ``XXGK_NETGUARD=1`` — in every
Python child the tests start (the Scrapy crawl, the fixture web, Datasette, Scrapyd). So no test
can reach a real site, whatever the code under test does.
"""
from __future__ import annotations

import ipaddress
import socket

_ALLOWED_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class NonLoopbackConnection(ConnectionRefusedError):
    """A test tried to reach the network beyond this machine."""


def _loopback(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    host = host.strip("[]").split("%", 1)[0]
    if host.lower() in _ALLOWED_NAMES or host == "":
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_unspecified


def _literal(host) -> bool:
    """An IP address written out: looking it up sends nothing (connecting to it is checked)."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        ipaddress.ip_address(str(host).strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def _check(address, what: str) -> None:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return
    if isinstance(address, tuple) and address and not _loopback(address[0]):
        raise NonLoopbackConnection(f"netguard: test {what} to {address!r} refused "
                                    "(tests may only reach loopback)")


def install() -> None:
    """Patch ``socket`` once (idempotent)."""
    if getattr(socket, "_xxgk_netguard", False):
        return
    cls = socket.socket
    connect, connect_ex, sendto = cls.connect, cls.connect_ex, cls.sendto
    getaddrinfo = socket.getaddrinfo

    def guarded_connect(self, address):
        _check(address, "connection")
        return connect(self, address)

    def guarded_connect_ex(self, address):
        _check(address, "connection")
        return connect_ex(self, address)

    def guarded_sendto(self, data, *args):
        _check(args[-1], "datagram")
        return sendto(self, data, *args)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host is not None and not _loopback(host) and not _literal(host):
            raise socket.gaierror(socket.EAI_NONAME,
                                  f"netguard: name lookup of {host!r} refused in tests")
        return getaddrinfo(host, *args, **kwargs)

    cls.connect, cls.connect_ex, cls.sendto = guarded_connect, guarded_connect_ex, guarded_sendto
    socket.getaddrinfo = guarded_getaddrinfo
    socket._xxgk_netguard = True
