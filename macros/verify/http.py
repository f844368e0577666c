"""Checking one URL over HTTP (httpx), with the address policy applied where connections are made.

Every TCP connection goes through `PinnedBackend.connect_tcp`: it resolves the host once, refuses the
connection when any resolved address is not public (loopback, private, link-local, CGNAT, multicast,
reserved, cloud metadata…), and connects to the very address it checked, so a DNS answer cannot change
between the check and the connection. The URL's host stays in the Host header and in TLS SNI/certificate
checks (httpcore passes the origin host to TLS separately from the address we dial). Because redirects are
followed by hand, each hop opens its connections through the same backend and is checked the same way.
"""
from __future__ import annotations

import email.utils
import hashlib
import http.cookiejar
import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from macros.verify.addresses import METADATA_HOSTS, address_refusal
from macros.verify.deadline import DEADLINE, DeadlineStream, bounded, left
from macros.verify.results import Result

Resolver = Callable[[str, int], list[str]]
ALLOWED_SCHEMES = ("http", "https")
PERMANENT = (301, 308)
HEAD_REFUSED = (400, 403, 405, 501)  # servers that refuse or mishandle HEAD get a GET
RETRY_STATUSES = (429, 500, 502, 503, 504)
GONE = (404, 410)
USER_AGENT = "gemma4-corpus-verify/1 (source re-verification; +https://github.com/gemma4-corpus/gemma4-corpus)"



class AddressRefused(Exception):
    """A connection the policy does not allow; raised before any socket is opened."""


class BodyTooLarge(Exception):
    pass


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host (in its order)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class PinnedBackend(httpcore.NetworkBackend):
    """A network backend that resolves once, checks every address, and dials the checked address."""

    def __init__(self, resolver: Resolver = system_resolver, *, allow_loopback: bool = False,
                 inner: httpcore.NetworkBackend | None = None):
        self.resolver = resolver
        self.allow_loopback = allow_loopback
        self.inner = inner or httpcore.SyncBackend()

    def pick(self, host: str, port: int) -> str:
        """The address to dial for host, or AddressRefused."""
        name = host.strip("[]").rstrip(".").lower()
        if name in METADATA_HOSTS:
            raise AddressRefused(f"{host} is a cloud metadata host name")
        try:
            addrs = [str(ipaddress.ip_address(name.split("%", 1)[0]))]
        except ValueError:
            try:
                addrs = self.resolver(name, port)
            except OSError as e:
                raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from None
        if not addrs:
            raise httpcore.ConnectError(f"cannot resolve {host}: no addresses")
        for a in addrs:  # refuse when any answer is not public: a mixed answer is a rebinding attempt
            why = address_refusal(a, allow_loopback=self.allow_loopback)
            if why:
                raise AddressRefused(f"{host} → {why}")
        return addrs[0]

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        ip = self.pick(host, port)
        return DeadlineStream(self.inner.connect_tcp(ip, port, timeout=bounded(timeout),
                                                      local_address=local_address, socket_options=socket_options))

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise AddressRefused("unix sockets are never used")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool built on PinnedBackend (no proxy, no unix socket)."""

    def __init__(self, backend: PinnedBackend, *, max_connections: int = 16):
        super().__init__(trust_env=False)
        # httpx 0.28 (pinned) keeps its httpcore pool in `_pool` and offers no network_backend option.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False), max_connections=max_connections,
            max_keepalive_connections=max_connections, keepalive_expiry=5.0, http1=True, http2=False,
            network_backend=backend)


def _no_cookies() -> http.cookiejar.CookieJar:
    """A jar whose policy accepts no domain: nothing is stored, nothing is sent."""
    return http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


@dataclass(frozen=True)
class Options:
    """How one run checks URLs; tests shrink the times, the benchmark raises the per-host limit."""

    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5  # seconds before the first retry, doubled each time
    retry_after_cap: float = 30.0
    max_bytes: int = 20_000_000
    max_redirects: int = 10
    allow_loopback: bool = False
    deadline: float = 60.0  # wall-clock seconds for one URL: every retry, redirect, read and the body check


@dataclass
class Hop:
    status: int | None
    url: str


@dataclass
class Outcome:
    """What following one URL produced."""

    state: str  # ok | gone | error | refused (moved/changed are decided by the caller)
    status: int | None = None
    moved_to: str | None = None
    detail: str = ""
    sha256: str | None = None
    hops: list[Hop] = field(default_factory=list)


def host_of(url: str) -> str:
    """The lower-case host of a URL ('' when it has none or cannot be parsed)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def raw_url(url: str) -> str:
    """The raw-bytes address of a web view: GitHub and Hugging Face `blob/` pages map to their raw files."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    segs = parts.path.split("/")
    if host in ("github.com", "www.github.com") and len(segs) > 4 and segs[3] == "blob":
        # /owner/repo/blob/ref/path → raw.githubusercontent.com/owner/repo/ref/path
        return f"https://raw.githubusercontent.com/{segs[1]}/{segs[2]}/" + "/".join(segs[4:])
    if host in ("huggingface.co", "www.huggingface.co") and "/blob/" in parts.path:
        return f"https://huggingface.co{parts.path.replace('/blob/', '/resolve/', 1)}"
    return url


def retry_delay(headers: httpx.Headers, attempt: int, opts: Options, now: Callable[[], float] = time.time) -> float:
    """Seconds to wait before retrying: Retry-After (seconds or HTTP date) when given, capped; else backoff."""
    value = headers.get("retry-after", "").strip()
    if value:
        seconds: float | None = None
        if value.isdigit():
            seconds = float(value)
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
                if when.tzinfo is None:
                    when = when.replace(tzinfo=timezone.utc)
                seconds = max(0.0, when.timestamp() - now())
            except (TypeError, ValueError):
                seconds = None
        if seconds is not None:
            return min(seconds, opts.retry_after_cap)
    return opts.backoff * (2 ** attempt)


class Checker:
    """Checks URLs with one httpx client (thread-safe), bounded per host; see check()."""

    def __init__(self, opts: Options = Options(), *, resolver: Resolver = system_resolver, per_host: int = 2,
                 max_connections: int = 16, backend: httpcore.NetworkBackend | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.opts = opts
        self.sleep = sleep
        self.backend = PinnedBackend(resolver, allow_loopback=opts.allow_loopback, inner=backend)
        self.client = httpx.Client(
            transport=PinnedTransport(self.backend, max_connections=max_connections),
            timeout=httpx.Timeout(opts.timeout), follow_redirects=False, trust_env=False,
            cookies=_no_cookies(), headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
        self.per_host = per_host
        self._host_locks: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _host_slot(self, url: str) -> threading.BoundedSemaphore:
        host = host_of(url)
        with self._lock:
            if host not in self._host_locks:
                self._host_locks[host] = threading.BoundedSemaphore(self.per_host)
            return self._host_locks[host]

    # -- one request, with retries -------------------------------------------------------------------
    def _send(self, method: str, url: str, want_body: bool) -> tuple[int, str | None, str | None, httpx.Headers]:
        """(status, Location, sha256 of the body when wanted, headers); retries 5xx/429/connect errors."""
        attempt = 0
        while True:
            try:
                with self._host_slot(url):
                    with self.client.stream(method, url) as resp:
                        digest = self._hash(resp) if want_body and resp.status_code < 300 else None
                        status, location, headers = resp.status_code, resp.headers.get("location"), resp.headers
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError):
                if attempt >= self.opts.retries or not self._wait(self.opts.backoff * (2 ** attempt)):
                    raise
                attempt += 1
                continue
            if status in RETRY_STATUSES and attempt < self.opts.retries \
                    and self._wait(retry_delay(headers, attempt, self.opts)):
                attempt += 1
                continue
            return status, location, digest, headers

    def _wait(self, seconds: float) -> bool:
        """Sleep before a retry, unless the URL's deadline would pass first (False: no time for a retry)."""
        remaining = left()
        if remaining is not None and seconds >= remaining:
            return False
        self.sleep(seconds)
        return True

    def _hash(self, resp: httpx.Response) -> str:
        """sha256 of the body, read as it streams; never more than max_bytes are read."""
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.opts.max_bytes:
            raise BodyTooLarge(f"body of {declared} bytes is over the {self.opts.max_bytes}-byte cap")
        h, n = hashlib.sha256(), 0
        for chunk in resp.iter_raw(65536):
            n += len(chunk)
            if n > self.opts.max_bytes:
                raise BodyTooLarge(f"body is over the {self.opts.max_bytes}-byte cap")
            h.update(chunk)
        return h.hexdigest()

    # -- one URL, redirects followed by hand ---------------------------------------------------------
    def follow(self, url: str, *, want_body: bool = False) -> Outcome:
        """Follow url hop by hop (HEAD, or GET when HEAD is refused or the body is wanted), all of it within
        the URL's deadline (`Options.deadline`; `check` sets one for both of its follows)."""
        own = getattr(DEADLINE, "at", None) is None
        if own:
            DEADLINE.at = time.monotonic() + self.opts.deadline
        try:
            return self._follow(url, want_body)
        finally:
            if own:
                DEADLINE.at = None

    def _follow(self, url: str, want_body: bool) -> Outcome:
        out = Outcome(state="ok")
        seen = {url}
        current = url
        for _ in range(self.opts.max_redirects + 1):
            try:
                scheme = urlsplit(current).scheme.lower()
            except ValueError as e:
                out.state, out.detail = "error", f"invalid URL: {e}"[:300]
                return out
            if scheme not in ALLOWED_SCHEMES:
                out.state, out.detail = "refused", f"scheme {scheme or '(none)'}: is not fetched (only http and https)"
                if current != url:
                    out.detail = f"redirects to {current}: " + out.detail
                return out
            try:
                method = "GET" if want_body else "HEAD"
                status, location, digest, _ = self._send(method, current, want_body)
                if method == "HEAD" and status in HEAD_REFUSED:
                    status, location, digest, _ = self._send("GET", current, want_body)
            except AddressRefused as e:
                out.state, out.detail = "refused", f"address refused: {e}"
                return out
            except BodyTooLarge as e:
                out.state, out.detail = "error", str(e)
                return out
            except httpx.TimeoutException:
                remaining = left()
                out.state, out.detail = "error", (f"no answer within the {self.opts.deadline:g} s deadline for this "
                                                  "URL (retries and redirects included)" if remaining is not None and
                                                  remaining <= 0 else f"timed out after {self.opts.timeout:g} s")
                return out
            except (httpx.HTTPError, httpcore.ConnectError) as e:
                out.state, out.detail = "error", f"{type(e).__name__}: {e}"[:300]
                return out
            except (httpx.InvalidURL, ValueError) as e:  # a malformed corpus URL or Location header
                out.state, out.detail = "error", f"invalid URL: {e}"[:300]
                return out
            out.status = status
            out.hops.append(Hop(status, current))
            if 300 <= status < 400 and status != 304 and location:
                nxt = urljoin(current, location.strip())
                if status in PERMANENT:
                    out.moved_to = nxt
                if nxt in seen:
                    out.state, out.detail = "error", f"redirect loop at {nxt}"
                    return out
                seen.add(nxt)
                current = nxt
                continue
            out.sha256 = digest
            if status in GONE:
                out.state = "gone"
            elif not 200 <= status < 300:
                out.state = "error"
                out.detail = ("rate limited (429)" if status == 429 else f"HTTP {status}") + (
                    f" after {self.opts.retries + 1} attempts" if status in RETRY_STATUSES else "")
            return out
        out.state, out.detail = "error", f"more than {self.opts.max_redirects} redirects"
        return out

    def check(self, url: str, cited: Iterable[str], mirrors: Iterable[Path] = (), *, checked: str) -> Result:
        """The Result for one URL: its state, status, new address if moved, and the mirrored-copy comparison."""
        cited = tuple(cited)
        DEADLINE.at = time.monotonic() + self.opts.deadline
        try:
            return self._check(url, cited, mirrors, checked=checked)
        finally:
            DEADLINE.at = None

    def _check(self, url: str, cited: tuple[str, ...], mirrors: Iterable[Path], *, checked: str) -> Result:
        o = self.follow(url)
        state = o.state
        if state == "ok" and o.moved_to:
            state = "moved"
        match: bool | None = None
        detail = o.detail
        mirrors = list(mirrors)
        if mirrors and o.state == "ok":
            target = raw_url(o.moved_to or url)
            body = self.follow(target, want_body=True)
            if body.state == "ok" and body.sha256:
                local = {_file_sha256(p) for p in mirrors}
                match = local == {body.sha256}
                if not match and state == "ok":
                    state = "changed"
            else:
                detail = f"content not compared: {target}: {body.detail or body.state}"
        # The new address to cite: where the (last) permanent redirect points, even if it is gone or failing.
        return Result(url=url, state=state, status=o.status, final_url=o.moved_to, sha256_match=match,
                      checked=checked, detail=detail, cited=cited)


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def today(epoch: str | None = None) -> str:
    """The check date: SOURCE_DATE_EPOCH when given (reproducible runs), else today (UTC)."""
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%d")
    return datetime.now(timezone.utc).strftime("%Y-%m-%d")
