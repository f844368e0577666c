"""What a reader downloads before the first search result appears (issue 23): `search_first_query_bytes`.

Real Chromium (Debian's, through Playwright), a fresh browser context per query (so a cold HTTP cache),
the built site served on 127.0.0.1 under a project sub-path (/repo/, as GitHub Pages serves a project
site). The home page loads, the reader presses "/" and types the query; we stop when Material's results
list shows its first item. Counted: the encoded body bytes of every response the search needed from the
navigation to that moment (Material's search_index.json and worker, or our worker and Pagefind's script,
wasm, index chunks and excerpts), from Playwright's `request.sizes()`, which include workers' requests.
The page's own HTML, CSS, fonts and bundle are reported apart (`page_bytes`). The server sends files as
they are (no gzip): Pagefind's chunks are gzip files already, a lunr index would be smaller if the host
compressed it (bench/README.md gives both).
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

QUERIES = ("finding 7", "ollama audio", "E4B")
SEARCH_PARTS = ("/search/", "/pagefind/", "workers/search", "corpus-search-worker")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(site: Path, prefix: str = "repo"):
    """The site at http://127.0.0.1:PORT/<prefix>/ (a symlink in a temporary root); yields that base URL."""
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        (Path(tmp) / prefix).symlink_to(site.resolve(), target_is_directory=True)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=tmp))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_port}/{prefix}/"
        finally:
            server.shutdown()
            server.server_close()


def chromium() -> str | None:
    return shutil.which(os.environ.get("CHROMIUM") or "/usr/bin/chromium")


def _size(req, base: str, site: Path | None) -> int:
    """The response's encoded body bytes; a worker's own script is reported as 0, so it is read from disk."""
    n = req.sizes()["responseBodySize"]
    if n == 0 and site is not None and req.url.startswith(base):
        path = site / req.url[len(base):].split("?")[0]
        n = path.stat().st_size if path.is_file() else 0
    return n


def first_query(browser, base: str, query: str, timeout_s: float = 60.0, site: Path | None = None) -> dict:
    """One cold query: bytes the search fetched before the first result, the page's own, and the time."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    origin = base.split("/", 3)[:3]
    ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith("/".join(origin) + "/")
              else route.abort())  # nothing leaves 127.0.0.1
    finished: list = []
    page = ctx.new_page()
    page.on("requestfinished", lambda req: finished.append(req))
    try:
        page.goto(base, wait_until="load")
        t0 = time.perf_counter()
        page.keyboard.press("/")
        page.keyboard.type(query)
        page.wait_for_selector(".md-search-result__item", timeout=timeout_s * 1000)
        dt = time.perf_counter() - t0
        first = page.locator(".md-search-result__item a").first.get_attribute("href") or ""
        search_bytes = page_bytes = 0
        urls = []
        for req in list(finished):
            n = _size(req, base, site)
            if any(p in req.url for p in SEARCH_PARTS):
                search_bytes += n
                urls.append((req.url.replace(base, ""), n))
            else:
                page_bytes += n
        return {"bytes": search_bytes, "page_bytes": page_bytes, "seconds": round(dt, 3), "first": first,
                "requests": sorted(urls, key=lambda u: -u[1])[:12], "count": len(urls)}
    finally:
        ctx.close()


def measure(site: Path, queries=QUERIES) -> dict:
    """{query: first_query(...)} for a built site, or {"error": why}."""
    exe = chromium()
    if exe is None:
        return {"error": "chromium not found (install Debian's chromium or set CHROMIUM)"}
    from playwright.sync_api import sync_playwright  # bench extra only; lazy so `--help` needs no playwright

    out: dict = {}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            for q in queries:
                try:
                    out[q] = first_query(browser, base, q, site=site)
                except Exception as e:  # noqa: BLE001 - reported in results.json, the run goes on
                    out[q] = {"error": f"{type(e).__name__}: {e}"[:300]}
        finally:
            browser.close()
    return out


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2:] or QUERIES), indent=1))
