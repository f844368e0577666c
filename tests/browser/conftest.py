"""Browser fixtures: the shipped site served on 127.0.0.1, one Debian chromium per session via Playwright.

Playwright's own browser download does not work here, so we drive the system chromium
(`CHROMIUM=/path` or /usr/bin/chromium). A missing chromium fails the tests, it never skips them.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MISSING_CHROMIUM = ("chromium not found at {path!r}: install Debian's chromium (`sudo apt-get install chromium`, "
                    "or `make chromium`) or set CHROMIUM=/path/to/chromium")


def chromium_executable() -> str:
    path = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    found = shutil.which(path)
    if not found:
        pytest.fail(MISSING_CHROMIUM.format(path=path), pytrace=False)
    return found


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; a missing file gets the site's 404.html with status 404, as GitHub Pages does."""
    not_found_page: Path | None = None

    def log_message(self, *args):  # keep pytest output clean
        pass

    def send_error(self, code, message=None, explain=None):
        page = self.not_found_page
        if code != 404 or page is None or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve_directory(root: Path, site: Path):
    """A 127.0.0.1 server of the folder `root` (the site itself, or a folder holding it under its site_url
    path), with the site's 404.html for missing files; yields its origin, http://127.0.0.1:PORT."""
    handler = type("Handler", (_Handler,), {"not_found_page": site / "404.html"})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Served:
    site: Path
    origin: str  # http://127.0.0.1:PORT
    base: str    # origin + the site_url path, e.g. http://127.0.0.1:PORT/gemma/
    site_url: str
    repo_url: str | None

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")


@pytest.fixture(scope="session")
def served(shipped, tmp_path_factory):
    """The shipped site under the path of its site_url (/gemma/), so root-absolute links (404.html) work."""
    home = BeautifulSoup((shipped.site / "index.html").read_text(encoding="utf-8"), "html.parser")
    site_url = home.find("link", rel="canonical")["href"]
    source = home.select_one("a.md-source")
    prefix = urlsplit(site_url).path.strip("/")
    root = tmp_path_factory.mktemp("www")
    mount = root / prefix if prefix else root
    if prefix:
        mount.parent.mkdir(parents=True, exist_ok=True)
        mount.symlink_to(shipped.site, target_is_directory=True)
    else:
        root = shipped.site
    with serve_directory(root, shipped.site) as origin:
        yield Served(shipped.site, origin, f"{origin}/{prefix + '/' if prefix else ''}", site_url,
                     source.get("href") if source else None)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_executable()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Guard:
    """Records what a browser context did that it should not: leave 127.0.0.1, log console errors."""
    origin: str
    allowed_external: tuple[str, ...] = ()
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def route(self, route):
        url = route.request.url
        if url.startswith(self.origin + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def watch(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"uncaught: {exc}"))

    def _console(self, msg):
        if msg.type != "error":
            return
        where = (msg.location or {}).get("url", "")
        if where.startswith(self.allowed_external):
            return  # "Failed to load resource" of the aborted, allowed external request
        self.console_errors.append(f"{msg.text} ({where})")

    def unexpected_external(self) -> list[str]:
        return [u for u in self.external if not u.startswith(self.allowed_external)]

    def reset(self):
        self.external.clear()
        self.console_errors.clear()


@pytest.fixture(scope="session")
def new_context(browser, served):
    """Factory: a fresh browser context whose every page is guarded; closed at session end."""
    contexts = []

    def make(**options):
        guard = Guard(served.origin)
        options.setdefault("color_scheme", "light")
        options.setdefault("reduced_motion", "reduce")
        ctx = browser.new_context(**options)
        ctx.set_default_timeout(10_000)
        ctx.route("**/*", guard.route)
        ctx.on("page", guard.watch)
        ctx.guard = guard
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        try:
            ctx.close()
        except Exception:  # noqa: BLE001 - already closed with its browser
            pass


def _page(new_context, **options):
    ctx = new_context(**options)
    page = ctx.new_page()
    yield page
    ctx.close()


@pytest.fixture(scope="module")
def desktop(new_context):
    """One desktop page (1280x800) shared by a module; tests navigate it where they need to."""
    yield from _page(new_context, viewport={"width": 1280, "height": 800})


@pytest.fixture(scope="module")
def wide(new_context):
    """The issue's desktop size (1400x1000), shared by a module."""
    yield from _page(new_context, viewport={"width": 1400, "height": 1000})


@pytest.fixture(scope="module")
def phone(new_context):
    """A phone (390x844, touch), shared by a module."""
    yield from _page(new_context, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
