"""The test net cannot leak: no test, and no process a test starts, reaches beyond loopback."""
import socket
import subprocess
import sys

import pytest

import netguard


@pytest.mark.parametrize("address", [("10.0.0.1", 80), ("169.254.169.254", 80),
                                     ("93.184.216.34", 443), ("2001:db8::1", 80)])
def test_non_loopback_connections_are_refused_in_the_test_process(address):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        with pytest.raises(netguard.NonLoopbackConnection):
            sock.connect(address)
        with pytest.raises(netguard.NonLoopbackConnection):
            sock.connect_ex(address)


def test_name_lookups_beyond_localhost_are_refused():
    with pytest.raises(socket.gaierror, match="netguard"):
        socket.getaddrinfo("www.gov.cn", 80)
    assert socket.getaddrinfo("localhost", 80)  # loopback names still resolve


def test_datagrams_beyond_loopback_are_refused():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        with pytest.raises(netguard.NonLoopbackConnection):
            sock.sendto(b"x", ("8.8.8.8", 53))


def test_loopback_still_works():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            pass


def test_child_processes_are_guarded_too():
    code = ("import socket\n"
            "try:\n"
            "    socket.create_connection(('10.0.0.1', 80), timeout=5)\n"
            "except ConnectionRefusedError as e:\n"
            "    print('refused', e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.startswith("refused netguard:"), out.stdout + out.stderr
