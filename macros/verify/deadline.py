"""One wall-clock deadline per URL for the verifier: every socket operation's timeout is cut to what is left.

`Checker.check` (macros/verify/http.py) sets the deadline for the thread checking a URL; the connections
its backend opens are wrapped in `DeadlineStream`, whose reads and writes are bounded by it, so a server
that sends one header line a second cannot hold a URL for longer than the deadline, retries and
redirects included.
"""
from __future__ import annotations

import threading
import time

import httpcore

DEADLINE = threading.local()  # .at: the wall-clock end (time.monotonic) of the URL this thread is checking


class DeadlineExceeded(Exception):
    """The wall-clock deadline of one URL (all its retries, redirects and reads) has passed."""


def left() -> float | None:
    at = getattr(DEADLINE, "at", None)
    return None if at is None else at - time.monotonic()


def bounded(timeout: float | None) -> float | None:
    """A socket operation's timeout cut to what is left of the URL's deadline (ReadTimeout once it passed)."""
    remaining = left()
    if remaining is None:
        return timeout
    if remaining <= 0:
        raise httpcore.ReadTimeout("the deadline for this URL has passed")
    return remaining if timeout is None else min(timeout, remaining)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write is bounded by the deadline of the URL being checked: a server
    that sends one header line a second would otherwise reset the per-read timeout for as long as it likes."""

    def __init__(self, inner: httpcore.NetworkStream):
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, bounded(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        return DeadlineStream(self.inner.start_tls(ssl_context, server_hostname, bounded(timeout)))

    def get_extra_info(self, info: str):
        return self.inner.get_extra_info(info)
