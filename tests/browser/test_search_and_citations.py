"""What a reader sees, round 2 (issue 16): search by number, retitled findings, nav location, citations,
link-card images, number shortcuts, the footer, print.

Real Chromium against the shipped site served under its sub-path (conftest.py).
"""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_browser import goto
from tests.support.pagefind_index import by_url


@pytest.fixture(scope="module")
def findings(served) -> list[dict]:
    return json.loads((served.site / "findings.json").read_text(encoding="utf-8"))["findings"]


def by_number(findings: list[dict], n: int) -> dict:
    return next(f for f in findings if f["number"] == n)


# ---------------------------------------------------------------- search (16.5)

def _results(page: Page, served, query: str, term: str) -> list[str]:
    """The pages of the results for `query` in rank order (site-root-relative), once the results are those
    of the whole query (result links carry the matched terms in ?h=; `term` only the whole query has)."""
    goto(page, served.url())
    box = page.locator(".md-search__input")
    box.click()
    expect(box).to_be_focused()
    box.press_sequentially(query)
    page.wait_for_function(
        """term => [...document.querySelectorAll('.md-search-result__item a')].some(
                     a => (new URL(a.href).searchParams.get('h') || '').toLowerCase().includes(term))""",
        arg=term)
    # the results of the last keystroke: the list stops changing (no timing: compared across two frames)
    page.wait_for_function(
        """() => new Promise(done => { const a = document.querySelector('.md-search-result__list').innerHTML;
              requestAnimationFrame(() => requestAnimationFrame(() =>
                done(document.querySelector('.md-search-result__list').innerHTML === a))); })""")
    hrefs = page.eval_on_selector_all(".md-search-result__item > a:first-child", "els => els.map(e => e.href)")
    return [h.split("?")[0].split("#")[0].removeprefix(served.base) for h in hrefs]


def test_searching_a_finding_number_puts_that_finding_first(desktop, served, findings):
    for n in (7, 5, 13):
        assert _results(desktop, served, f"finding {n}", str(n))[0] == by_number(findings, n)["url"], n


def test_a_finding_number_does_not_capture_queries_that_contain_the_digit(desktop, served, findings):
    """The trap: "Finding 4" as a page tag (boosted 1e6) would put finding 4 first for any query with a 4."""
    chat, fourth = by_number(findings, 1), by_number(findings, 4)
    results = _results(desktop, served, "gemma 4 chat template", "templat")
    assert results[0] != fourth["url"], results[:5]
    assert chat["url"] in results, results
    if fourth["url"] in results:
        assert results.index(chat["url"]) < results.index(fourth["url"]), results
    assert _results(desktop, served, "gemma 4", "4")[0] != fourth["url"]


def test_the_number_is_a_search_section_of_the_finding_not_a_toc_entry(served, findings):
    pages = by_url(served.site)
    for f in findings:
        anchors = {a["id"]: a["text"] for a in pages[f["url"]]["anchors"]}
        assert anchors["finding-number"] == f"Finding {f['number']}"
    f = findings[0]
    html = (served.site / f["url"] / "index.html").read_text(encoding="utf-8")
    assert 'href="#finding-number"' not in html  # not in the table of contents


# ---------------------------------------------------------------- number shortcuts, footer (16.19)

def test_findings_7_lands_on_finding_7(desktop, served, findings):
    seventh = by_number(findings, 7)
    goto(desktop, served.url("findings/7/"))
    desktop.wait_for_url(served.url(seventh["url"]))
    expect(desktop.locator("h1#finding-title")).to_be_visible()


def test_footer_names_the_build_date_and_the_source(desktop, served):
    goto(desktop, served.url("findings/"))
    foot = desktop.locator(".corpus-site-footer")
    expect(foot).to_be_visible()
    expect(foot.locator("time")).to_have_attribute("datetime", "2026-11-28")
    expect(foot.get_by_role("link", name="source repository")).to_have_attribute("href", served.repo_url)


# ---------------------------------------------------------------- citation formats (16.13)

READ_CLIPBOARD = """async () => {
  const out = {};
  for (const item of await navigator.clipboard.read()) {
    for (const type of item.types) { out[type] = await (await item.getType(type)).text(); }
  }
  return out;
}"""


def test_copy_citation_offers_markdown_plain_text_and_rich_text(new_context, served, findings):
    ctx = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    f = by_number(findings, 7)
    url = served.site_url + f["url"]
    goto(page, served.url(f["url"]))
    toggle = page.locator(".corpus-cite-toggle")
    menu = page.locator(".corpus-cite-menu")
    expect(menu).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")

    def choose(label: str) -> dict:
        toggle.click()
        expect(menu).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        page.locator(".corpus-cite-format", has_text=label).click()
        expect(page.locator("#corpus-live")).to_have_text("Copied to the clipboard")
        got = page.evaluate(READ_CLIPBOARD)
        page.keyboard.press("Escape")
        expect(menu).to_be_hidden()
        page.locator("#corpus-live").evaluate("e => e.textContent = ''")
        return got

    for got in (choose("Markdown"), choose("Plain text"), choose("Rich text")):
        text = got["text/plain"]
        for part in ("Finding 7", "re-checked 2026-11-28, now merged", "Gemma 4 Tooling Corpus", "claimed 2026-04-18",
                     url):
            assert part in text, (part, text)
    markdown = choose("Markdown")["text/plain"]
    assert markdown.startswith(f"[Finding 7: {f['title']}]({url}) — re-checked 2026-11-28, now merged")
    plain = choose("Plain text")["text/plain"]
    assert plain.startswith(f"Finding 7: {f['title']} — re-checked 2026-11-28") and plain.endswith(url)
    assert "](" not in plain
    rich = choose("Rich text")
    assert rich["text/plain"] == plain
    html = rich["text/html"]
    assert f'<a href="{url}">Finding 7: {f["title"]}</a>' in html, html
    assert "Gemma 4 Tooling Corpus, claimed 2026-04-18" in html
    ctx.close()


# ---------------------------------------------------------------- where am I: nav and phone menu (16.10)



PLACES = {  # a generated page outside the nav → the nav entries that show where it is
    "finding": ("findings/the-26b-variant-is-a-moe/", ["Findings"]),
    "brief": ("tooling/gemma-family/codegemma/", ["Tooling corpus", "Gemma family"]),
    "artifact": ("tooling/huggingface/model-cards/gemma-4-31B-it-chat_template.jinja/",
                 ["Tooling corpus", "Hugging Face"]),
}


@pytest.mark.parametrize("kind", list(PLACES))
def test_the_left_nav_shows_where_a_generated_page_is(desktop, served, kind):
    url, trail = PLACES[kind]
    goto(desktop, served.url(url))
    nav = desktop.locator("nav.md-nav--primary")
    active = nav.locator("li.md-nav__item--active")
    texts = [t.strip() for t in active.evaluate_all("els => els.map(e => e.querySelector('a, label').innerText)")]
    for name in trail:
        assert any(t.startswith(name) for t in texts), (name, texts)
    current = nav.locator("li.md-nav__item--active > a.md-nav__link--active").last
    expect(current).to_be_visible()
    assert current.evaluate("e => new URL(e.href).pathname") == desktop.evaluate("location.pathname")


def test_the_phone_menu_gives_the_location_and_the_table_of_contents(phone, served):
    url, _ = PLACES["finding"]
    goto(phone, served.url(url))
    phone.locator("label.md-header__button[for=__drawer]").click()
    drawer = phone.locator("nav.md-nav--primary")
    current = drawer.locator("li.md-nav__item--active label.md-nav__link--active[for=__toc]")
    expect(current).to_be_visible()
    expect(current).to_contain_text("The 26B variant is a MoE")
    current.click()  # opens this page's table of contents inside the menu
    toc = drawer.locator("nav.md-nav--secondary")
    expect(toc.get_by_role("link", name="Provenance")).to_be_visible()
    assert "finding-number" not in toc.inner_html()


# ---------------------------------------------------------------- print (16.20)

def test_a_printed_finding_has_its_address_and_source_and_no_controls(new_context, served, findings):
    ctx = new_context()
    page = ctx.new_page()
    f = by_number(findings, 7)
    goto(page, served.url(f["url"]))
    page.emulate_media(media="print")
    for selector in (".corpus-cite-toggle", "button.corpus-copy", ".corpus-prevnext", ".md-sidebar--primary",
                     ".md-sidebar--secondary", "header.md-header", ".corpus-site-footer"):
        expect(page.locator(selector).first).to_be_hidden()
    printed = page.locator(".corpus-print-only")
    expect(printed).to_contain_text(served.site_url + f["url"])
    expect(printed).to_contain_text(f"tooling/README.md, line {f['source']['line']}")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    ctx.close()
