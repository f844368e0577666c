"""A network backend for the verifier's tests: any connection outside loopback fails the test."""
from __future__ import annotations

import httpcore
import pytest


class NoConnect(httpcore.NetworkBackend):
    """Fails the test if asked to open any connection (or only to addresses other than the allowed ones)."""

    def __init__(self, allowed: tuple[str, ...] = ()):
        self.allowed = allowed
        self.real = httpcore.SyncBackend()
        self.dialled: list[str] = []

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.dialled.append(host)
        if host not in self.allowed:
            pytest.fail(f"a connection to {host}:{port} was attempted")
        return self.real.connect_tcp(host, port, timeout=timeout, local_address=local_address,
                                     socket_options=socket_options)
