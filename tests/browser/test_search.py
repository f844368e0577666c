"""Search as a reader uses it (issue 23): Material's search box over the Pagefind index, in Chromium, on the
stand-in site served on 127.0.0.1 under its site_url's sub-path (/gemma/).

The quality set: each query with the page that must come first. Finding numbers, model names, a model
token, a file name, doc sections and free text.
"""
from __future__ import annotations

import json
import re
import shutil
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from macros.export import search as search_index
from macros.export.search import write_pagefind
from support.axe import describe, serious_violations
from tests.browser.test_browser import assert_clean, goto
from tests.browser.conftest import ARTIFACTS, Guard, Served, serve_directory


@pytest.fixture(scope="module")
def findings(served) -> dict[int, dict]:
    data = json.loads((served.site / "findings.json").read_text(encoding="utf-8"))["findings"]
    return {f["number"]: f for f in data}


def search(page: Page, served, query: str, *, fresh: bool = True) -> list[dict]:
    """Type `query` into Material's box; the results once they are those of the whole query (Material puts
    the query's words in each result link's ?h=), each {url, title, text, anchors}."""
    if fresh:
        goto(page, served.url())
    page.keyboard.press("/")
    box = page.locator(".md-search__input")
    expect(box).to_be_focused()
    box.fill("")
    box.press_sequentially(query)
    words = sorted(set(query.split()))  # (a JS object's keys: numbers first, so ?h= is "13 finding")
    page.wait_for_function(
        """words => { const a = document.querySelector('.md-search-result__item a');
                      const h = a && new URL(a.href).searchParams.get('h');
                      return h !== null && h !== undefined && JSON.stringify([...new Set(h.split(' '))].sort()) === JSON.stringify(words); }""",
        arg=words)
    # the results of the last keystroke: the list stops changing (compared across two frames)
    page.wait_for_function(
        """() => new Promise(done => { const a = document.querySelector('.md-search-result__list').innerHTML;
              requestAnimationFrame(() => requestAnimationFrame(() =>
                done(document.querySelector('.md-search-result__list').innerHTML === a))); })""")
    items = page.eval_on_selector_all(".md-search-result__item", """items => items.map(li => {
        const links = [...li.querySelectorAll('a')];
        return {url: links[0].href, title: links[0].querySelector('h1').textContent,
                text: [...links[0].querySelectorAll('article > p')].map(p => p.innerText).join('\\n'), anchors: links.map(a => new URL(a.href).hash)};
      })""")
    for item in items:
        item["url"] = item["url"].split("?")[0].removeprefix(served.base)
    return items


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


# (query, expected first result): a site path, ("finding", N), or ("title", words its title holds)
QUALITY = [
    ("finding 1", ("finding", 1)),  # not 10–13, which "1" also starts
    ("finding 13", ("finding", 13)),
    ("#7", ("finding", 7)),
    ("finding #10", ("finding", 10)),
    ("E4B", ("title", "e4b")),  # a page named for the model before pages that mention it
    ("26B A4B", ("title", "26b a4b")),
    ("<|turn>", "CORPUS_tool_calling_format/"),  # the doc that defines the token
    ("app.py", ("finding", 10)),
    ("Fused LoRA kernels", "GOTCHAS/"),  # a doc section
    ("Chat Template Context", "CORPUS_tool_calling_format/"),  # a doc section
    ("ollama audio", ("finding", 13)),
    ("gemma.cpp", ("finding", 3)),
    ("medgemma", "tooling/gemma-family/medgemma/"),
    ("flash attention", ("finding", 5)),
    ("AutoModelForMultimodalLM", ("finding", 4)),
]


@pytest.mark.parametrize(("query", "expected"), QUALITY, ids=[q for q, _ in QUALITY])
def test_quality_set_first_result(desktop, served, findings, query, expected):
    results = search(desktop, served, query)
    first = results[0]
    if isinstance(expected, str):
        assert first["url"] == expected, [r["url"] for r in results[:5]]
    elif expected[0] == "finding":
        assert first["url"] == findings[expected[1]]["url"], [r["url"] for r in results[:5]]
    else:
        assert expected[1] in _words(first["title"]), [r["title"] for r in results[:5]]
    assert_clean(desktop, query)  # no console error, no request off 127.0.0.1


def test_every_finding_number_puts_that_finding_first(desktop, served, findings):
    goto(desktop, served.url())
    for n, f in findings.items():
        for query in (f"finding {n}", f"#{n}"):
            results = search(desktop, served, query, fresh=False)
            assert results[0]["url"] == f["url"], (query, [r["url"] for r in results[:3]])
            desktop.keyboard.press("Escape")


def test_free_text_keeps_its_quality(desktop, served, findings):
    results = search(desktop, served, "gemma 4")
    assert results[0]["url"] != findings[4]["url"]  # the digit does not pick finding 4
    assert "gemma 4" in _words(results[0]["title"]), results[0]
    section = search(desktop, served, "Fused LoRA kernels")[0]
    assert "#fused-lora-kernels" in section["anchors"], section


def test_result_texts(desktop, served, findings):
    first = search(desktop, served, "finding 8")[0]
    # a finding: its state, then its claim
    assert first["text"].startswith("Superseded, no longer holds · superseded 2026-06-10 — "), first["text"]
    assert "Finding 8" not in first["text"]
    app = next(r for r in search(desktop, served, "app.py") if "/spaces/" in r["url"])
    assert re.search(r"Lane: huggingface · Kind: \w+ · Mirrored: (yes|no)", app["text"]), app["text"]


def test_keyboard_opens_the_result_and_the_page_highlights_the_match(desktop, served, findings):
    goto(desktop, served.url())
    desktop.keyboard.press("s")
    expect(desktop.locator(".md-search__input")).to_be_focused()
    search(desktop, served, "flash attention")
    expect(desktop.locator("#__search")).to_be_checked()  # Material's search mode: its keys apply
    desktop.keyboard.press("ArrowDown")
    expect(desktop.locator(".md-search-result__item").first.locator("a").first).to_be_focused()
    assert findings[5]["url"] in desktop.evaluate("document.activeElement.getAttribute('href')")
    desktop.keyboard.press("ArrowUp")
    expect(desktop.locator(".md-search__input")).to_be_focused()
    desktop.keyboard.press("Enter")  # the best result
    desktop.wait_for_url(re.compile(re.escape(served.url(findings[5]["url"])) + r"\?h="))
    marks = desktop.locator("mark[data-md-highlight]")
    expect(marks.first).to_be_visible()
    assert {m.lower() for m in marks.all_inner_texts()} >= {"flash", "attention"}
    assert_clean(desktop, "search → result")


def test_no_serious_accessibility_violations_in_the_search_ui(desktop, served):
    search(desktop, served, "ollama audio")
    serious = serious_violations(desktop)
    assert not serious, describe(serious)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshot_of_results(new_context, served, size):
    viewport = {"width": 1280, "height": 800} if size == "desktop" else {"width": 390, "height": 844}
    ctx = new_context(viewport=viewport, is_mobile=size == "phone", has_touch=size == "phone")
    page = ctx.new_page()
    goto(page, served.url())
    if size == "phone":  # the search button opens the box on a phone
        page.locator("label.md-header__button[for=__search]").click()
    search(page, served, "ollama audio", fresh=False)
    assert page.locator(".md-search-result__item").count() >= 3
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-{size}.png"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    ctx.close()


@pytest.fixture(scope="module")
def served_in_parts(served, tmp_path_factory):
    """The same site with its index in parts, as a site too large for one Pagefind run has it
    (macros/export/search_parts.py): pagefind/ and pagefind/parts/<n>/, merged by the search worker."""
    prefix = urlsplit(served.site_url).path.strip("/")
    root = tmp_path_factory.mktemp("www-parts")
    site = root / prefix if prefix else root / "site"
    shutil.copytree(served.site, site, symlinks=True)
    staged = [search_index.pagefind_page(p.read_text(encoding="utf-8")) for p in site.rglob("index.html")
              if "pagefind" not in p.parts]
    write_pagefind(site, part_bytes=sum(len(h.encode()) for h in staged if h) // 2 + 1)  # two parts
    listed = json.loads((site / "pagefind" / "corpus-parts.json").read_text(encoding="utf-8"))["parts"]
    assert listed == ["parts/1/"], listed
    with serve_directory(root if prefix else site, site) as origin:
        yield Served(site, origin, f"{origin}/{prefix + '/' if prefix else ''}", served.site_url, served.repo_url)


@pytest.fixture(scope="module")
def parts_page(browser, served_in_parts):
    """A desktop page guarded for the server of the site in parts (its own 127.0.0.1 port)."""
    guard = Guard(served_in_parts.origin)
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="light",
                              reduced_motion="reduce")
    ctx.set_default_timeout(10_000)
    ctx.route("**/*", guard.route)
    ctx.on("page", guard.watch)
    ctx.guard = guard
    yield ctx.new_page()
    ctx.close()


def test_an_index_in_parts_answers_as_the_whole_one(parts_page, served_in_parts, findings):
    """Every finding number finds its finding, whatever part it is in; the quality set's first results are
    those of the index in one piece; no request fails and none leaves 127.0.0.1."""
    s, desktop = served_in_parts, parts_page
    fetched: list[str] = []
    desktop.on("requestfinished", lambda r: fetched.append(r.url))
    goto(desktop, s.url())
    for n, f in findings.items():
        results = search(desktop, s, f"finding {n}", fresh=False)
        assert results[0]["url"] == f["url"], (n, [r["url"] for r in results[:3]])
        desktop.keyboard.press("Escape")
    assert any("/pagefind/parts/" in url for url in fetched), "the parts were not merged"
    assert not [url for url in fetched if url.endswith("pagefind-worker.js")]  # (this site's worker runs it)
    for query, expected in QUALITY:  # (two parts of 60 pages; a part of a large site has 1,000 or more)
        first = search(desktop, s, query)[0]
        if isinstance(expected, str):
            assert first["url"] == expected, query
        elif expected[0] == "finding":
            assert first["url"] == findings[expected[1]]["url"], query
        else:
            assert expected[1] in _words(first["title"]), query
    assert_clean(desktop, "search in parts")
