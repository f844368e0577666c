"""The hostile corpus in a real browser: no dialog opens, no request leaves 127.0.0.1, no console error.

tests/hostile/ checks the built HTML; this checks what a visitor's browser does with it, on every
page that carries an XSS payload (scripts, handlers, `javascript:` URLs, ids that would clobber
Material's `#__config`), and in the search, with the payloads' own text as the query. Requests to any
other origin are intercepted, recorded and aborted: nothing ever goes out.
"""
from __future__ import annotations


import re
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from browser.conftest import Guard, serve_directory
from hostile.corpus import CLOBBER, RAW_HTML, Hostile, write, write_round3
from conftest import build

PREFIX = "gemma"  # the test builds' site_url path (tests/conftest.py SITE_URL)
EVIL_CONFIG = ('<h2 id="__config">{"base": "https://evil.example", "features": [], "search": '
               '"https://evil.example/worker.js", "translations": {}}</h2>')


def plant(corpus, docs) -> None:
    """Ids that would stand in for Material's configuration, in a lane README, a snapshot and a doc."""
    write(corpus / "lane-b" / "README.md", "# Lane B\n\nOdd names.\n\n" + EVIL_CONFIG + "\n\n" + CLOBBER)
    write(corpus / "lane-a" / "clobber.html", f"<html><body>{EVIL_CONFIG}<a name='__search'>s</a>{RAW_HTML}"
                                              "</body></html>")
    write(docs / "CLOBBER.md", "# Clobber\n\n## __config\n\n" + EVIL_CONFIG + "\n\n" + RAW_HTML)


# (page, what it carries)
PAGES = [
    ("", "home"),
    ("tooling/", "index: raw HTML section, map row with onerror"),
    ("tooling/lane-a/", "lane README: scripts, handlers, javascript: links"),
    ("tooling/lane-b/", "lane README: <h2 id=__config>"),
    ("tooling/lane-a/page.html/", "HTML snapshot with a script"),
    ("tooling/lane-a/clobber.html/", "HTML snapshot with id=__config"),
    ("tooling/lane-a/notes.md/", "Markdown artifact with raw HTML"),
    ("tooling/lane-a/small.ipynb/", "notebook with HTML output"),
    ("tooling/gemma-family/", "lane of hostile briefs"),
    ("tooling/gemma-family/catalog/", "catalog of hostile briefs"),
    ("tooling/gemma-family/evilgemma/", "brief: title, purpose, body payloads"),
    ("findings/", "findings list with hostile titles"),
    ("findings/raw-html-body/", "finding with raw HTML"),
    ("ENT/", "doc with an entity-encoded title"),
    ("CLOBBER/", "doc with id=__config"),
    ("health/", "health page naming hostile files"),
]
QUERIES = ["RAWSCRIPT", "alert", "__config", "evil"]


def _serve(site, root):
    """A 127.0.0.1 server of `site` under /gemma/ (the test builds' site_url path); yields its origin."""
    (root / PREFIX).symlink_to(site, target_is_directory=True)
    return serve_directory(root, site)


@pytest.fixture(scope="module")
def hostile_served(tmp_path_factory):
    h = Hostile(tmp_path_factory.mktemp("hostile-browser"), plant=plant)
    assert h.built.returncode == 0, h.built.log[-3000:]
    with _serve(h.site, tmp_path_factory.mktemp("www-hostile")) as origin:
        yield h, origin


@pytest.fixture(scope="module")
def round3_served(tmp_path_factory):
    project, _ = write_round3(tmp_path_factory.mktemp("round3-browser"))
    built = build(project)
    assert built.returncode == 0, built.log[-3000:]
    with _serve(built.site, tmp_path_factory.mktemp("www-round3")) as origin:
        yield built.site, origin


@pytest.fixture(scope="module")
def guarded(browser, hostile_served):
    _, origin = hostile_served
    guard = Guard(origin)
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.set_default_timeout(15_000)
    ctx.route("**/*", guard.route)  # every request: on the origin it goes on, otherwise recorded and aborted
    ctx.on("page", guard.watch)
    dialogs: list[str] = []
    page = ctx.new_page()
    page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    yield page, guard, dialogs, origin
    ctx.close()


def js_errors(guard: Guard) -> list[str]:
    """Console errors of scripts (uncaught exceptions included). A same-origin 404 is not one: a doc may
    keep a relative image (the site's own assets), and the payload's `<img src="x">` names no file."""
    return [e for e in guard.console_errors if not e.startswith("Failed to load resource")]


def _search(page: Page, query: str) -> None:
    """Type `query` into Material's search and wait until the worker has answered (results or 'no match')."""
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").fill(query)
    page.wait_for_function(
        """() => { const m = document.querySelector('.md-search-result__meta');
                   return m && m.textContent.trim() !== '' && !/initiali[sz]ing/i.test(m.textContent); }""")


def test_hostile_pages_open_no_dialog_and_send_nothing_elsewhere(guarded, hostile_served):
    h, _ = hostile_served
    page, guard, dialogs, origin = guarded
    visited = 0
    for path, what in PAGES:
        assert (h.site / path / "index.html").is_file(), (path, what)
        guard.reset()
        response = page.goto(f"{origin}/{PREFIX}/{path}", wait_until="load")
        assert response is not None and response.status == 200, (path, what)
        page.wait_for_load_state("networkidle")
        # Material read its own configuration, not a corpus element's
        base = page.evaluate("() => JSON.parse(document.querySelector('#__config').textContent).base")
        assert "evil" not in base, (path, base)
        assert page.locator("#__config").evaluate("e => e.tagName") == "SCRIPT", path
        assert dialogs == [], (path, what, dialogs)
        assert guard.external == [], (path, what, guard.external)
        assert js_errors(guard) == [], (path, what, guard.console_errors)
        visited += 1
    assert visited == len(PAGES)


@pytest.mark.parametrize("query", QUERIES)
def test_searching_for_the_payloads_runs_nothing(guarded, query):
    page, guard, dialogs, origin = guarded
    page.goto(f"{origin}/{PREFIX}/tooling/lane-b/", wait_until="load")
    guard.reset()
    _search(page, query)
    results = page.locator(".md-search-result__item")
    for i in range(min(results.count(), 10)):  # the results themselves show payload text: still inert
        results.nth(i).hover()
    page.wait_for_load_state("networkidle")
    assert dialogs == [], (query, dialogs)
    assert guard.external == [], (query, guard.external)
    assert js_errors(guard) == [], (query, guard.console_errors)


# every href and src of the live page (after Material's and our scripts ran), with the scheme the browser
# resolves it to: tabs and newlines inside a URL are dropped by the URL parser, as an attacker would count on
UNSAFE_LINKS_JS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('[href], [src]')) {
    for (const attr of ['href', 'src']) {
      const value = el.getAttribute(attr);
      if (value === null) continue;
      let scheme = '';
      try { scheme = new URL(value, document.baseURI).protocol; } catch (e) { scheme = ''; }
      if (['javascript:', 'data:', 'vbscript:'].includes(scheme) || /^\\s*(javascript|data|vbscript):/i.test(value))
        bad.push(`${el.tagName} ${attr}=${value}`);
    }
  }
  return bad;
}"""


UNSAFE_SCHEME = re.compile(r"^\\s*(javascript|data|vbscript):", re.I)


def _refresh_target(html: str, url: str) -> str | None:
    """Where a redirect page (meta refresh) sends the browser, absolute; None for any other page."""
    meta = BeautifulSoup(html, "html.parser").find("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)})
    if meta is None:
        return None
    return urljoin(url, str(meta.get("content", "")).partition("url=")[2].strip())


def _static_unsafe_links(html: str, url: str) -> list[str]:
    """UNSAFE_LINKS_JS on the served HTML, for a page the browser leaves before a script could run on it."""
    bad = []
    for el in BeautifulSoup(html, "html.parser").find_all(lambda tag: tag.has_attr("href") or tag.has_attr("src")):
        for attr in ("href", "src"):
            value = el.get(attr)
            if value is not None and (UNSAFE_SCHEME.match(value)
                                      or urlsplit(urljoin(url, value)).scheme in ("javascript", "data", "vbscript")):
                bad.append(f"{el.name} {attr}={value}")
    return bad


def _unsafe_links(page: Page, url: str, html: str) -> list[str]:
    """UNSAFE_LINKS_JS on the page at `url`, served from `html`. A redirect page (meta refresh) navigates
    on once loaded: its own links are read from its HTML, and the page it leads to is checked once the
    browser is there."""
    target = _refresh_target(html, url)
    if target is None:
        return page.evaluate(UNSAFE_LINKS_JS)
    page.wait_for_url(target, wait_until="load")
    return _static_unsafe_links(html, url) + [f"(after redirect) {b}" for b in page.evaluate(UNSAFE_LINKS_JS)]


def _every_page(site) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" if p.parent != site else ""
                  for p in site.rglob("index.html") if p.is_file())


@pytest.mark.parametrize("which", ["hostile", "round3"])
def test_no_page_has_a_javascript_data_or_vbscript_link_in_the_browser(browser, hostile_served, round3_served,
                                                                     which):
    site, origin = (hostile_served[0].site, hostile_served[1]) if which == "hostile" else round3_served
    guard = Guard(origin)
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.set_default_timeout(15_000)
    ctx.route("**/*", guard.route)
    page = ctx.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        urls = _every_page(site)
        assert len(urls) > 20, urls
        found = {}
        for url in urls:
            address = f"{origin}/{PREFIX}/{url}"
            response = page.goto(address, wait_until="load")
            assert response is not None and response.status == 200, url
            bad = _unsafe_links(page, address, (site / url / "index.html").read_text(encoding="utf-8"))
            if bad:
                found[url] = bad
        assert found == {}
        assert dialogs == [] and guard.external == []
    finally:
        ctx.close()
