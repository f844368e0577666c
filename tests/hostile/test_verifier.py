"""The verifier (macros/verify/http.py) against hostile servers and names: one wall-clock deadline per URL,
and only globally routable addresses.

Refused addresses only ever reach a stub resolver and a backend that fails the test when asked to connect;
the slow servers listen on 127.0.0.1 (the checker allows loopback only with `allow_loopback`). No traffic
leaves loopback.
"""
from __future__ import annotations

import socket
import threading
import time

import pytest

from support.verify_backend import NoConnect
from macros.verify.http import Checker, Options, address_refusal


DNS = {"sitelocal.test": ["fec0::1"], "nat64-loopback.test": ["64:ff9b::7f00:1"],
       "nat64-private.test": ["64:ff9b::a00:1"], "nat64-local-use.test": ["64:ff9b:1::808:808"],
       "sixtofour.test": ["2002:a9fe:a9fe::1"], "teredo.test": ["2001:0:4136:e378:8000:63bf:3fff:fdd2"],
       "reserved.test": ["240.0.0.1"], "benchmark.test": ["198.18.0.1"], "doc.test": ["2001:db8::1"],
       "mixed.test": ["8.8.8.8", "fec0::2"]}


def resolver(host: str, port: int) -> list[str]:
    if host not in DNS:
        raise OSError(f"stub resolver: unknown name {host!r}")
    return DNS[host]


@pytest.mark.parametrize("host", sorted(DNS))
def test_non_global_addresses_are_refused_before_any_connection(host):
    backend = NoConnect()
    with Checker(Options(retries=0), resolver=resolver, backend=backend) as c:
        r = c.check(f"https://{host}/x", ["tooling/README.md:1"], checked="2026-11-29")
    assert r.state == "refused" and "address refused" in r.detail, r
    assert backend.dialled == []


@pytest.mark.parametrize("ip, why", [
    ("fec0::1", "site-local"), ("feff::1", "site-local"), ("64:ff9b:1::1", "local-use NAT64"),
    ("2002:7f00:1::1", "127.0.0.1 is a loopback"), ("2002:a00:1::", "10.0.0.1 is a private"),
    ("::ffff:169.254.169.254", "metadata"), ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "private"),
    ("64:ff9b::a9fe:a9fe", "metadata"),
])
def test_address_policy_names_why(ip, why):
    refusal = address_refusal(ip)
    assert refusal and why in refusal, refusal


def test_public_addresses_pass():
    for ip in ("8.8.8.8", "2606:4700::1111", "2a00:1450:4001::1"):
        assert address_refusal(ip) is None, ip


class Dribble:
    """A 127.0.0.1 server that answers with a status line, then one header line every `every` seconds, for
    at most `lines` lines: it never finishes the headers, so only a deadline stops a client."""

    def __init__(self, every: float = 0.1, lines: int = 200):
        self.every, self.lines = every, lines
        self.sent = 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._dribble, args=(conn,), daemon=True).start()

    def _dribble(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
                for i in range(self.lines):
                    if self.stop.is_set():
                        return
                    time.sleep(self.every)
                    conn.sendall(f"X-Slow-{i}: still going\r\n".encode())
                    self.sent += 1
            except OSError:
                return  # the client hung up: what the deadline is for

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def test_a_server_dribbling_headers_is_cut_by_the_deadline():
    server = Dribble(every=0.1, lines=200)  # 20 s of headers, each read well inside the 5 s read timeout
    backend = NoConnect(allowed=("127.0.0.1",))
    try:
        opts = Options(timeout=5.0, retries=2, backoff=0.01, deadline=1.0, allow_loopback=True)
        with Checker(opts, backend=backend) as c:
            r = c.check(f"http://127.0.0.1:{server.port}/slow", ["tooling/README.md:1"], checked="2026-11-29")
        assert r.state == "error" and "deadline" in r.detail, r
        assert server.sent < 100, server.sent  # hung up long before the server was done
    finally:
        server.close()


def test_retries_never_wait_past_the_deadline():
    """A Retry-After longer than what is left of the deadline ends the retries instead of sleeping."""
    sleeps: list[float] = []
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    port = sock.getsockname()[1]
    stop = threading.Event()

    def serve():
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 503 Busy\r\nRetry-After: 20\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    try:
        opts = Options(timeout=2.0, retries=3, retry_after_cap=30.0, deadline=5.0, allow_loopback=True)
        with Checker(opts, backend=NoConnect(allowed=("127.0.0.1",)), sleep=sleeps.append) as c:
            r = c.check(f"http://127.0.0.1:{port}/busy", ["tooling/README.md:1"], checked="2026-11-29")
        assert r.state == "error" and r.status == 503
        assert sleeps == []  # 20 s of Retry-After does not fit in a 5 s deadline
    finally:
        stop.set()
        sock.close()
