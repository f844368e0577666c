"""`make verify`: URL collection, checking against a real local server (127.0.0.1 only), the address policy
(proven before any connection with a backend that fails the test when asked to connect), and the results file.

No test sends anything beyond loopback: refused addresses only ever reach stub resolvers/backends.
"""
from __future__ import annotations

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from support.verify_backend import NoConnect
from macros.verify import command as verify
from macros.verify.collect import Citation, collect, group, markdown_urls
from macros.verify.http import (AddressRefused, Checker, Options, PinnedBackend, address_refusal, raw_url,
                                retry_delay)
from macros.verify.results import (Result, VerificationError, dump_verification, load_verification,
                                   source_state)
from support.paths import ROOT

FAST = Options(timeout=0.5, retries=2, backoff=0.001, retry_after_cap=10.0, max_bytes=1000, max_redirects=5,
               allow_loopback=True)
MIRROR_BYTES = b"print('mirrored copy')\n"


# -- a real HTTP server on 127.0.0.1 -------------------------------------------------------------------------
class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def do_HEAD(self) -> None:
        self._route(head=True)

    def do_GET(self) -> None:
        self._route(head=False)

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None, *, head: bool,
              length: bool = True) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _route(self, *, head: bool) -> None:
        srv = self.server
        path = self.path
        with srv.lock:
            srv.log.append((self.command, path, self.headers.get("Host"), self.headers.get("Cookie"),
                            self.headers.get("Authorization")))
            srv.hits[path] = n = srv.hits.get(path, 0) + 1
        redirects = {"/moved301": (301, "/ok"), "/moved308": (308, "/ok"), "/chain1": (302, "/chain2"),
                     "/chain2": (301, "/chain3"), "/chain3": (307, "/ok"), "/temp1": (302, "/temp2"),
                     "/temp2": (307, "/ok"), "/loop-a": (302, "/loop-b"), "/loop-b": (302, "/loop-a"),
                     "/to-file": (302, "file:///etc/passwd"), "/moved-gone": (301, "/gone404")}
        if path in redirects:
            status, loc = redirects[path]
            return self._send(status, headers={"Location": loc, "Set-Cookie": "session=1"}, head=head)
        if path.startswith("/hops/"):
            return self._send(302, headers={"Location": f"/hops/{int(path.rsplit('/', 1)[1]) + 1}"}, head=head)
        if path == "/ok":
            return self._send(200, b"hello", {"Set-Cookie": "tracker=1"}, head=head)
        if path == "/gone404":
            return self._send(404, b"no", head=head)
        if path == "/gone410":
            return self._send(410, b"gone", head=head)
        if path == "/ratelimited":
            return self._send(429, headers={"Retry-After": "7"}, head=head) if n == 1 else self._send(200, head=head)
        if path == "/flaky":
            return self._send(500, head=head) if n == 1 else self._send(200, head=head)
        if path == "/always500":
            return self._send(503, head=head)
        if path == "/slow":
            time.sleep(1.5)
            return self._send(200, head=head)
        if path == "/big":  # declared length over the cap
            return self._send(200, b"x" * 5000, head=head)
        if path == "/big-stream":  # no Content-Length: the cap applies while streaming
            return self._send(200, b"y" * 5000, head=head, length=False)
        if path in ("/mirror-same", "/mirror-diff"):
            return self._send(200, MIRROR_BYTES if path == "/mirror-same" else b"print('upstream changed')\n",
                              head=head)
        if path == "/nohead":
            return self._send(405, head=head) if head else self._send(200, b"via GET", head=head)
        return self._send(404, head=head)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Belt and braces: any real resolution or connection beyond loopback fails the test before it happens."""
    import socket

    real_gai, real_connect = socket.getaddrinfo, socket.create_connection

    def gai(host, *a, **kw):
        if host not in ("127.0.0.1", "::1", "localhost"):
            pytest.fail(f"a DNS lookup of {host!r} was attempted")
        return real_gai(host, *a, **kw)

    def connect(address, *a, **kw):
        if address[0] not in ("127.0.0.1", "::1"):
            pytest.fail(f"a connection to {address!r} was attempted")
        return real_connect(address, *a, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", gai)
    monkeypatch.setattr(socket, "create_connection", connect)


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.lock, srv.log, srv.hits = threading.Lock(), [], {}
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    srv.base = f"http://127.0.0.1:{srv.server_address[1]}"
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def srv(server):
    with server.lock:
        server.log.clear()
        server.hits.clear()
    return server


class Sleeps(list):
    """A stand-in for time.sleep that records the delays (so backoff and Retry-After are asserted, not waited)."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def checker():
    sleeps = Sleeps()
    with Checker(FAST, sleep=sleeps, per_host=4) as c:
        c.sleeps = sleeps
        yield c


def check(checker, url: str, mirrors=()) -> Result:
    return checker.check(url, ["tooling/README.md:1"], mirrors, checked="2026-11-29")


# -- checking against the local server -----------------------------------------------------------------------
def test_ok(srv, checker):
    r = check(checker, srv.base + "/ok")
    assert (r.state, r.status, r.final_url, r.sha256_match, r.checked) == ("ok", 200, None, None, "2026-11-29")
    assert [m for m, *_ in srv.log] == ["HEAD"]  # HEAD first, no body fetched


@pytest.mark.parametrize("path", ["/moved301", "/moved308"])
def test_permanent_redirect_is_a_move_with_the_new_url(srv, checker, path):
    r = check(checker, srv.base + path)
    assert (r.state, r.status, r.final_url) == ("moved", 200, srv.base + "/ok")
    assert source_state(r.url, {r.url: r})[:2] == ("moved", f"moved → {srv.base}/ok")


def test_redirect_chain_each_hop_checked(srv, checker):
    r = check(checker, srv.base + "/chain1")
    # 302 → 301 → 307 → 200: the 301 makes it a move; the address to cite is where the 301 points.
    assert (r.state, r.status, r.final_url) == ("moved", 200, srv.base + "/chain3")
    assert [p for _, p, *_ in srv.log] == ["/chain1", "/chain2", "/chain3", "/ok"]


def test_temporary_redirects_are_not_a_move(srv, checker):
    r = check(checker, srv.base + "/temp1")
    assert (r.state, r.status, r.final_url) == ("ok", 200, None)


def test_redirect_loop_and_too_many_hops(srv, checker):
    r = check(checker, srv.base + "/loop-a")
    assert r.state == "error" and "redirect loop" in r.detail
    r = check(checker, srv.base + "/hops/0")
    assert r.state == "error" and "more than 5 redirects" in r.detail
    assert len([1 for _, p, *_ in srv.log if p.startswith("/hops/")]) == 6


@pytest.mark.parametrize("path,status", [("/gone404", 404), ("/gone410", 410)])
def test_gone(srv, checker, path, status):
    r = check(checker, srv.base + path)
    assert (r.state, r.status) == ("gone", status)
    assert source_state(r.url, {r.url: r})[1] == f"gone ({status})"


def test_permanent_redirect_to_a_gone_page_is_gone_and_names_the_new_url(srv, checker):
    r = check(checker, srv.base + "/moved-gone")
    assert (r.state, r.status, r.final_url) == ("gone", 404, srv.base + "/gone404")


def test_429_retry_after_is_honoured(srv, checker):
    r = check(checker, srv.base + "/ratelimited")
    assert (r.state, r.status) == ("ok", 200)
    assert checker.sleeps == [7.0]
    assert srv.hits["/ratelimited"] == 2


def test_retry_after_is_capped_and_dates_are_read():
    import httpx

    opts = Options(retry_after_cap=30.0, backoff=0.5)
    assert retry_delay(httpx.Headers({"Retry-After": "3600"}), 0, opts) == 30.0
    date = "Wed, 21 Oct 2026 07:28:10 GMT"
    assert retry_delay(httpx.Headers({"Retry-After": date}), 0, opts, now=lambda: 1792567690.0 - 5) == 5.0
    assert retry_delay(httpx.Headers({"Retry-After": "soon"}), 2, opts) == 2.0  # unreadable: backoff 0.5 * 2**2


def test_500_recovers_on_retry_with_backoff(srv, checker):
    r = check(checker, srv.base + "/flaky")
    assert (r.state, r.status) == ("ok", 200)
    assert checker.sleeps == [FAST.backoff]


def test_persistent_5xx_is_an_error_after_the_retries(srv, checker):
    r = check(checker, srv.base + "/always500")
    assert (r.state, r.status) == ("error", 503)
    assert "after 3 attempts" in r.detail
    assert checker.sleeps == [FAST.backoff, FAST.backoff * 2]


def test_slower_than_the_timeout(srv):
    with Checker(Options(timeout=0.2, retries=0, allow_loopback=True)) as c:
        r = check(c, srv.base + "/slow")
    assert r.state == "error" and "timed out" in r.detail


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
def test_body_over_the_cap(srv, checker, path):
    o = checker.follow(srv.base + path, want_body=True)
    assert o.state == "error" and "cap" in o.detail
    # As a mirrored file: the URL is live, the comparison is reported as not made.
    r = check(checker, srv.base + path, [Path(__file__)])
    assert (r.state, r.sha256_match) == ("ok", None) and "content not compared" in r.detail


def test_mirrored_copy_compared_by_sha256(srv, checker, tmp_path):
    local = tmp_path / "copy.py"
    local.write_bytes(MIRROR_BYTES)
    same = check(checker, srv.base + "/mirror-same", [local])
    assert (same.state, same.sha256_match) == ("ok", True)
    diff = check(checker, srv.base + "/mirror-diff", [local])
    assert (diff.state, diff.sha256_match) == ("changed", False)
    assert source_state(diff.url, {diff.url: diff})[1] == "changed upstream since retrieval"


def test_head_refused_falls_back_to_get(srv, checker):
    r = check(checker, srv.base + "/nohead")
    assert (r.state, r.status) == ("ok", 200)
    assert [m for m, *_ in srv.log] == ["HEAD", "GET"]


def test_no_cookies_no_credentials(srv, checker):
    check(checker, srv.base + "/ok")
    check(checker, srv.base + "/moved301")  # sets a cookie on the redirect, then /ok again
    check(checker, srv.base + "/ok")
    assert all(cookie is None and auth is None for *_, cookie, auth in srv.log)


def test_redirect_to_another_scheme_is_refused(srv, checker):
    r = check(checker, srv.base + "/to-file")
    assert r.state == "refused" and "file" in r.detail


# -- refusals, proven before any connection -------------------------------------------------------------------
STUB_DNS = {"metadata.internal": ["169.254.169.254"], "intranet.test": ["10.1.2.3"], "cgnat.test": ["100.64.0.7"],
            "v6meta.test": ["fd00:ec2::254"], "mixed.test": ["127.0.0.1", "192.168.1.4"],
            "mapped.test": ["::ffff:127.0.0.1"], "multicast.test": ["224.0.0.251"], "local.test": ["127.0.0.1"],
            "example.org": ["192.0.2.1"]}


def stub_resolver(host: str, port: int) -> list[str]:
    if host not in STUB_DNS:
        raise OSError(f"stub resolver: unknown name {host!r}")
    return STUB_DNS[host]


@pytest.mark.parametrize("url", [
    "http://metadata.internal/latest/meta-data/", "https://intranet.test/", "http://cgnat.test/",
    "http://v6meta.test/", "http://mixed.test/", "http://mapped.test/", "http://multicast.test/",
    "http://169.254.169.254/latest/", "http://[fd00:ec2::254]/", "http://10.0.0.5/", "http://127.0.0.1:9/",
    "http://[::1]:9/", "http://0.0.0.0/", "http://metadata.google.internal/",
])
def test_private_addresses_refused_before_connecting(url):
    backend = NoConnect()
    with Checker(Options(retries=0), resolver=stub_resolver, backend=backend) as c:
        r = check(c, url)
    assert r.state == "refused" and "address refused" in r.detail, r
    assert backend.dialled == []


def test_allow_private_allows_loopback_only():
    backend = NoConnect()
    with Checker(Options(retries=0, allow_loopback=True), resolver=stub_resolver, backend=backend) as c:
        for url in ("http://metadata.internal/", "http://intranet.test/", "http://mixed.test/"):
            assert check(c, url).state == "refused"
    assert backend.dialled == []
    assert address_refusal("127.0.0.1", allow_loopback=True) is None
    assert address_refusal("169.254.169.254", allow_loopback=True)


def test_redirect_hop_to_a_metadata_address_is_refused(srv):
    """The first hop is the local server; its redirect to metadata.internal is checked before connecting."""
    class Redirecting(BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(302)
            self.send_header("Location", "http://metadata.internal/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    s = ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    threading.Thread(target=s.serve_forever, daemon=True).start()
    try:
        backend = NoConnect(allowed=("127.0.0.1",))
        with Checker(Options(retries=0, allow_loopback=True), resolver=stub_resolver, backend=backend) as c:
            r = check(c, f"http://127.0.0.1:{s.server_address[1]}/start")
        assert r.state == "refused" and "169.254.169.254" in r.detail
        assert backend.dialled == ["127.0.0.1"]
    finally:
        s.shutdown()
        s.server_close()


def test_connection_goes_to_the_checked_address_with_the_original_host(srv):
    backend = NoConnect(allowed=("127.0.0.1",))
    port = srv.server_address[1]
    with Checker(FAST, resolver=stub_resolver, backend=backend) as c:
        r = check(c, f"http://local.test:{port}/ok")
    assert r.state == "ok"
    assert backend.dialled == ["127.0.0.1"]
    assert srv.log[-1][2] == f"local.test:{port}"  # Host header kept


def test_resolver_is_asked_once_per_connection():
    calls = []

    def resolver(host, port):
        calls.append(host)
        return ["10.0.0.1"] if len(calls) > 1 else ["169.254.169.254"]

    with pytest.raises(AddressRefused):
        PinnedBackend(resolver, inner=NoConnect()).connect_tcp("rebind.test", 80)
    assert calls == ["rebind.test"]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://ftp.example.org/x",
                                 "data:text/html,hi"])
def test_other_schemes_refused(url):
    backend = NoConnect()
    with Checker(Options(retries=0), resolver=stub_resolver, backend=backend) as c:
        r = check(c, url)
    assert r.state == "refused" and "only http and https" in r.detail
    assert backend.dialled == []


def test_address_policy_table():
    for ip in ("8.8.8.8", "2606:4700::1111"):
        assert address_refusal(ip) is None, ip
    for ip in ("127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.0.1", "169.254.1.1", "100.64.0.1", "224.0.0.1",
               "240.0.0.1", "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.1", "2002:a00:1::1",
               "64:ff9b::a9fe:a9fe", "100.100.100.200", "not-an-ip"):
        assert address_refusal(ip), ip


def test_raw_url_mapping():
    assert raw_url("https://github.com/google/gemma.cpp/blob/main/API_SERVER_README.md") == \
        "https://raw.githubusercontent.com/google/gemma.cpp/main/API_SERVER_README.md"
    assert raw_url("https://huggingface.co/google/gemma-4-31B-it/blob/main/chat_template.jinja") == \
        "https://huggingface.co/google/gemma-4-31B-it/resolve/main/chat_template.jinja"
    assert raw_url("https://ai.google.dev/gemma/docs") == "https://ai.google.dev/gemma/docs"


# -- collection -----------------------------------------------------------------------------------------------
def _corpus(tmp: Path, base: str) -> Path:
    c = tmp / "tooling"
    (c / "lane").mkdir(parents=True)
    (c / "gemma-family").mkdir()
    (c / "README.md").write_text(
        "# Index\n\n## Findings\n\n1. **A finding.** See https://example.org/finding-a and\n"
        f"   [the page]({base}/ok). `https://code.example/not-a-source` GOTCHAS.md\n", encoding="utf-8")
    (c / "lane" / "README.md").write_text(
        "# Lane\n\nSources: <https://example.org/lane-a>\n\n| File | Source |\n|---|---|\n"
        f"| `a.py` | {base}/mirror-diff |\n| `b.py` | {base}/moved301 |\n| `c` | [x](javascript:alert(1)) |\n",
        encoding="utf-8")
    (c / "lane" / "a.py").write_bytes(MIRROR_BYTES)
    (c / "gemma-family" / "x.md").write_text(
        f"---\nname: X\nsources:\n  - {base}/gone404\n  - https://example.org/card\n---\n# X\n", encoding="utf-8")
    (c / "sources.yaml").write_text(
        f"artifacts:\n  - path: lane/a.py\n    url: {base}/mirror-diff\n  - path: ../../etc/passwd\n"
        f"    url: {base}/ok\n", encoding="utf-8")
    return c


def test_collect_urls_with_lines(tmp_path):
    c = _corpus(tmp_path, "http://127.0.0.1:1")
    got = {(x.url, x.where) for x in collect(c)[0]}
    assert got == {
        ("https://example.org/finding-a", "tooling/README.md:5"),
        ("http://127.0.0.1:1/ok", "tooling/README.md:6"),
        ("https://example.org/lane-a", "tooling/lane/README.md:3"),
        ("http://127.0.0.1:1/mirror-diff", "tooling/lane/README.md:7"),
        ("http://127.0.0.1:1/moved301", "tooling/lane/README.md:8"),
        ("javascript:alert(1)", "tooling/lane/README.md:9"),
        ("http://127.0.0.1:1/gone404", "tooling/gemma-family/x.md:4"),
        ("https://example.org/card", "tooling/gemma-family/x.md:5"),
        ("http://127.0.0.1:1/mirror-diff", "tooling/sources.yaml:3"),
        ("http://127.0.0.1:1/ok", "tooling/sources.yaml:5"),
    }
    cites, mirrors = collect(c)
    assert [(m.url, m.path) for m in mirrors] == [("http://127.0.0.1:1/mirror-diff", "lane/a.py")]  # no ../ escape
    assert cites == sorted(cites) and list(group(cites)) == sorted({x.url for x in cites})


def test_collect_refuses_yaml_aliases(tmp_path):
    c = tmp_path / "tooling"
    c.mkdir()
    (c / "sources.yaml").write_text("artifacts:\n  - &a {path: x, url: 'https://example.org/a'}\n  - *a\n")
    assert collect(c)[0] == []


def test_markdown_urls_follow_github_autolinks():
    text = "a GOTCHAS.md www.example.org x\n\n```\nhttps://in.code/block\n```\n\n![i](https://img.example/a.png)\n"
    assert markdown_urls(text) == [("http://www.example.org", 1), ("https://img.example/a.png", 7)]


def test_shipped_corpus_citations():
    cites = collect(ROOT / "tooling")[0]
    url = "https://huggingface.co/blog/gemma4"
    lines = (ROOT / "tooling/huggingface/README.md").read_text(encoding="utf-8").splitlines()
    expected = {f"tooling/huggingface/README.md:{n}" for n, line in enumerate(lines, 1) if url in line}
    where = {c.where for c in cites if c.url == url}
    assert expected and expected <= where and any(w.startswith("tooling/sources.yaml:") for w in where)
    assert all(c.url.startswith("https://") for c in cites)


# -- the results file -------------------------------------------------------------------------------------------
def test_results_file_sorted_and_byte_stable():
    a = Result("https://b.example/", "ok", 200, None, None, "2026-11-29", "", ("z.md:3", "a.md:10", "a.md:9"))
    b = Result("https://a.example/", "moved", 200, "https://a.example/new", False, "2026-11-29", "", ("a.md:1",))
    text = dump_verification({a.url: a, b.url: b})
    assert text == dump_verification([b, a])
    assert text.index("https://a.example/") < text.index("https://b.example/")
    loaded = load_verification(text, "tooling/verification.yaml")
    assert list(loaded) == ["https://a.example/", "https://b.example/"]
    assert loaded["https://b.example/"].cited == ("a.md:9", "a.md:10", "z.md:3")
    assert dump_verification(loaded) == text


@pytest.mark.parametrize("text,line,needle", [
    ("schema: 1\nsources:\n  - url: https://a/\n    state: fine\n", 4, "expected one of"),
    ("schema: 1\nsources:\n  - url: https://a/\n    state: ok\n    checked: yesterday\n", 5, "YYYY-MM-DD"),
    ("schema: 1\nsources:\n  - &x {url: 'https://a/', state: ok}\n  - *x\n", 4, "aliases"),
    ("schema: 2\nsources: []\n", 1, "schema: 1"),
    ("schema: 1\nsources:\n  - url: https://a/\n    state: ok\n    colour: red\n", 5, "unknown key"),
    ("schema: 1\nsources:\n  - {url: [1, 2\n", 4, "not valid YAML"),
    ("schema: 1\nsources:\n  - url: https://a/\n    state: ok\n    status: true\n", 5, "expected int"),
])
def test_load_verification_errors_name_file_and_line(text, line, needle):
    with pytest.raises(VerificationError) as e:
        load_verification(text, "tooling/verification.yaml")
    assert str(e.value).startswith(f"tooling/verification.yaml:{line}: ") and needle in str(e.value)
    assert "A valid file looks like" in str(e.value)


def test_source_state_labels():
    rs = {r.url: r for r in [
        Result("u-ok", "ok", 200, checked="2026-11-29"),
        Result("u-moved", "moved", 200, "https://new.example/x", checked="2026-11-29"),
        Result("u-gone", "gone", 404, checked="2026-11-29"),
        Result("u-changed", "changed", 200, sha256_match=False, checked="2026-11-29"),
        Result("u-error", "error", 503, detail="HTTP 503 after 3 attempts", checked="2026-11-29"),
        Result("u-refused", "refused", detail="scheme file: is not fetched", checked="2026-11-29"),
        Result("u-nc", "not-checked"),
    ]}
    assert source_state("u-ok", rs)[:2] == ("ok", "verified 2026-11-29")
    assert source_state("u-moved", rs)[:2] == ("moved", "moved → https://new.example/x")
    assert source_state("u-gone", rs)[:2] == ("gone", "gone (404)")
    assert source_state("u-changed", rs)[:2] == ("changed", "changed upstream since retrieval")
    assert source_state("u-error", rs)[0] == "error" and "503" in source_state("u-error", rs)[2]
    assert source_state("u-refused", rs)[0] == "refused"
    assert source_state("u-nc", rs)[:2] == ("not-checked", "not checked yet")
    assert source_state("never-seen", rs)[:2] == ("not-checked", "not checked yet")


# -- the command ------------------------------------------------------------------------------------------------
def test_make_verify_against_the_test_server(srv, tmp_path, capsys):
    corpus = _corpus(tmp_path, srv.base)
    argv = ["--corpus", str(corpus), "--allow-private", "--date", "2026-11-29", "--timeout", "1", "--retries", "0",
            "--report", str(tmp_path / "report.md")]
    assert verify.main(argv, resolver=stub_resolver) == 1  # something moved and something is gone
    out = corpus / "verification.yaml"
    first = out.read_bytes()
    res = load_verification(first.decode(), str(out))
    states = {u.replace(srv.base, ""): r.state for u, r in res.items()}
    # example.org resolves (in the stub) to a documentation address, so it is refused without a connection.
    assert states == {"/ok": "ok", "/moved301": "moved", "/gone404": "gone", "/mirror-diff": "changed",
                      "javascript:alert(1)": "refused", "https://example.org/finding-a": "refused",
                      "https://example.org/lane-a": "refused", "https://example.org/card": "refused"}
    assert res[srv.base + "/moved301"].final_url == srv.base + "/ok"
    assert res[srv.base + "/mirror-diff"].cited == ("tooling/lane/README.md:7", "tooling/sources.yaml:3")
    assert "Source verification" in capsys.readouterr().out
    assert "## gone" in (tmp_path / "report.md").read_text()
    # A re-run with the same outcome writes the same bytes.
    assert verify.main(argv, resolver=stub_resolver) == 1
    assert out.read_bytes() == first


def test_exit_status_zero_when_nothing_is_gone_or_moved(srv, tmp_path):
    c = tmp_path / "tooling"
    c.mkdir()
    (c / "README.md").write_text(f"# I\n\nSee {srv.base}/ok and {srv.base}/nohead.\n", encoding="utf-8")
    assert verify.main(["--corpus", str(c), "--allow-private", "--date", "2026-11-29"]) == 0
    res = load_verification((c / "verification.yaml").read_text(), "v")
    assert {r.state for r in res.values()} == {"ok"}


def test_only_keeps_previous_results_and_marks_new_urls_not_checked(srv, tmp_path):
    c = tmp_path / "tooling"
    c.mkdir()
    (c / "README.md").write_text(f"# I\n\nSee {srv.base}/ok.\n", encoding="utf-8")
    assert verify.main(["--corpus", str(c), "--allow-private", "--date", "2026-11-28"]) == 0
    (c / "README.md").write_text(f"# I\n\nSee {srv.base}/ok and {srv.base}/gone410.\n", encoding="utf-8")
    assert verify.main(["--corpus", str(c), "--allow-private", "--date", "2026-11-29", "--only", "nothing"]) == 0
    res = load_verification((c / "verification.yaml").read_text(), "v")
    assert (res[srv.base + "/ok"].state, res[srv.base + "/ok"].checked) == ("ok", "2026-11-28")
    assert res[srv.base + "/gone410"].state == "not-checked"


def test_default_run_refuses_loopback(srv, tmp_path):
    c = tmp_path / "tooling"
    c.mkdir()
    (c / "README.md").write_text(f"# I\n\nSee {srv.base}/ok.\n", encoding="utf-8")
    assert verify.main(["--corpus", str(c), "--date", "2026-11-29"]) == 0
    assert srv.log == []
    res = load_verification((c / "verification.yaml").read_text(), "v")
    assert res[srv.base + "/ok"].state == "refused"


@pytest.mark.parametrize("url", ["http://exa mple.org:99999/", "https://[not-an-ip/"])
def test_malformed_urls_are_errors_not_crashes(url):
    with Checker(Options(retries=0), resolver=stub_resolver, backend=NoConnect()) as c:
        r = check(c, url)
    assert r.state in ("error", "refused") and r.detail


def test_results_reference_real_files():
    """The hash of the mirrored copy is of the bytes on disk (no newline or encoding normalisation)."""
    assert hashlib.sha256(MIRROR_BYTES).hexdigest() == hashlib.sha256(b"print('mirrored copy')\n").hexdigest()
    assert isinstance(Citation("u", "p", 1).where, str)
