"""The built site in a real browser (Debian chromium via Playwright), served from 127.0.0.1.

One browser per session; pages are shared per module where tests only navigate. Screenshots go to
test-artifacts/ (gitignored) and are kept.
"""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from macros.model.state import BUCKETS
from support.axe import describe, serious_violations

PAGES = {
    "home": "",
    "findings-index": "findings/",
    "finding": "findings/{pytorch}/",
    "lane": "tooling/inference-frameworks/",
    "brief": "tooling/gemma-family/shieldgemma-2/",
    "artifact": "tooling/inference-frameworks/run_commands.sh/",
    "health": "health/",
}
AXE_PAGES = ["home", "findings-index", "finding", "lane", "brief", "artifact"]


@pytest.fixture(scope="session")
def findings(served) -> list[dict]:
    return json.loads((served.site / "findings.json").read_text(encoding="utf-8"))["findings"]


@pytest.fixture(scope="session")
def pytorch_finding(findings) -> dict:
    """The finding about google/gemma_pytorch (found by title, not by a hard-coded id)."""
    hits = [f for f in findings if "gemma_pytorch" in f["title"]]
    assert len(hits) == 1, [f["title"] for f in findings]
    return hits[0]


@pytest.fixture(scope="session")
def by_status(findings) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in findings:  # where each finding stands now (its list filter), not its original status
        out.setdefault(BUCKETS[f["state"]["current"]], []).append(f)
    assert {"merged", "flagged"} <= out.keys(), out.keys()
    return out


@pytest.fixture(scope="session")
def page_path(served, pytorch_finding):
    def resolve(name: str) -> str:
        path = PAGES[name].format(pytorch=pytorch_finding["id"])
        assert (served.site / path / "index.html").is_file(), f"{name}: no page at {path!r} in the built site"
        return path
    return resolve


def goto(page: Page, url: str, *, idle: bool = False, status: int = 200):
    """A real load of `url` (not a same-document #fragment jump), asserting its HTTP status."""
    if page.url.split("#")[0] == url.split("#")[0]:
        page.goto("about:blank")
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == status, (url, response and response.status)
    if idle:
        page.wait_for_load_state("networkidle")
    return response


def assert_clean(page: Page, what: str, *, not_found: str | None = None):
    """No console errors and no request off 127.0.0.1 (`not_found`: a URL that is meant to 404)."""
    guard = page.context.guard
    errors = [e for e in guard.console_errors
              if not (not_found and e == f"Failed to load resource: the server responded with a status of 404 "
                                        f"(Not Found) ({not_found})")]
    assert not errors, f"{what}: console errors:\n" + "\n".join(errors)
    assert not guard.unexpected_external(), f"{what}: requests left 127.0.0.1:\n" + "\n".join(
        guard.unexpected_external())


# ---------------------------------------------------------------- pages load, nothing leaves the host

@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_without_errors_or_external_requests(desktop, served, page_path, name):
    desktop.context.guard.reset()
    goto(desktop, served.url(page_path(name)), idle=True)
    expect(desktop.locator("header.md-header")).to_be_visible()
    expect(desktop.locator("article h1").first).to_be_visible()
    # Material's stylesheet applied (a header with no background means the CSS failed to load).
    header_bg = desktop.eval_on_selector("header.md-header", "e => getComputedStyle(e).backgroundColor")
    assert header_bg not in ("rgba(0, 0, 0, 0)", "transparent"), header_bg
    assert desktop.evaluate("getComputedStyle(document.body).getPropertyValue('--corpus-merged-bg')").strip(), \
        "corpus.css not applied"
    assert_clean(desktop, name)


def test_no_request_leaves_localhost_at_all(new_context, served):
    """Material's header would fetch repo facts from the GitHub API; overrides/partials/source.html stops it."""
    ctx = new_context()
    page = ctx.new_page()
    goto(page, served.url(), idle=True)
    external = list(ctx.guard.external)
    ctx.close()
    assert not external, external


# ---------------------------------------------------------------- search

def search(page: Page, query: str) -> list[str]:
    """Type into Material's search (opened via its label when the label is shown) and return result hrefs."""
    label = page.locator("label.md-header__button[for=__search]")
    if label.is_visible():
        label.click()
    else:
        page.locator(".md-search__input").click()
    box = page.locator(".md-search__input")
    expect(box).to_be_focused()
    box.fill("")
    box.press_sequentially(query)
    items = page.locator(".md-search-result__item")
    expect(items.first).to_be_visible()
    # Results render as you type: wait for the ones of the whole query (their links carry ?h=<terms>).
    last = re.split(r"[\s\-,:!=\[\]()\"/.]+", query.strip())[-1].lower()
    page.wait_for_function(
        """last => { const a = document.querySelector('.md-search-result__item a');
                     return a && (new URL(a.href).searchParams.get('h') || '').toLowerCase().includes(last); }""",
        arg=last)
    return [a.get_attribute("href") or "" for a in page.locator(".md-search-result__item a").all()]


def test_search_finds_the_gemma_pytorch_finding(desktop, served, pytorch_finding):
    goto(desktop, served.url())
    hrefs = search(desktop, "gemma_pytorch")
    assert any(pytorch_finding["url"] in h for h in hrefs), hrefs
    first = desktop.locator(".md-search-result__item").first
    expect(first).to_contain_text("gemma_pytorch")


def test_search_finds_a_finding_by_id(desktop, served, by_status):
    finding = by_status["flagged"][0]
    goto(desktop, served.url("findings/"))
    hrefs = search(desktop, finding["id"])
    assert any(finding["url"] in h for h in hrefs[:5]), hrefs


# ---------------------------------------------------------------- deep links land on their element

def test_finding_url_lands_on_its_badge(desktop, served, findings):
    finding = findings[-1]
    goto(desktop, served.url(finding["url"]))
    badge = desktop.locator(f'.corpus-badge[data-finding-id="{finding["id"]}"]')
    expect(badge).to_be_visible()
    expect(badge).to_be_in_viewport()
    expect(badge).to_have_attribute("data-status", finding["status"])
    expect(desktop.locator("h1#finding-title")).to_contain_text(finding["title"].split("`")[0][:20])


def test_findings_index_anchor_lands_on_the_item(desktop, served, findings):
    finding = findings[-1]
    goto(desktop, served.url(f"findings/#finding-{finding['id']}"))
    item = desktop.locator(f"#finding-{finding['id']}")
    expect(item).to_be_in_viewport()
    assert desktop.evaluate("window.scrollY") > 0


def test_anchored_doc_link_lands_on_the_section(desktop, served, pytorch_finding):
    target = next(t for t in pytorch_finding["targets"] if "#" in t["url"])
    goto(desktop, served.url(pytorch_finding["url"]))
    link = desktop.locator(f'.corpus-targets a[href$="{target["url"]}"]')
    expect(link).to_have_count(1)
    link.click()
    desktop.wait_for_url("**/" + target["url"])
    anchor = target["url"].split("#", 1)[1]
    heading = desktop.locator(f'[id="{anchor}"]')
    expect(heading).to_have_count(1)
    expect(heading).to_be_in_viewport()
    assert desktop.evaluate("window.scrollY") > 0


def test_gotchas_medium_anchor(desktop, served):
    goto(desktop, served.url("GOTCHAS/#medium"))
    expect(desktop.locator("#medium")).to_be_in_viewport()


# ---------------------------------------------------------------- badges

def test_badge_status_colours_differ(desktop, served, artifacts):
    goto(desktop, served.url("findings/"))
    colours = {}
    for status in ("merged", "flagged"):
        badge = desktop.locator(f".corpus-badge--{status}").first
        expect(badge).to_be_visible()
        colours[status] = badge.evaluate("e => getComputedStyle(e).backgroundColor")
        assert colours[status] not in ("rgba(0, 0, 0, 0)", "transparent"), (status, colours[status])
    assert colours["merged"] != colours["flagged"], colours
    desktop.evaluate("window.scrollTo(0, 0)")
    desktop.screenshot(path=str(artifacts / "findings-index.png"), full_page=True)
    for status in ("merged", "flagged"):  # kept for a reviewer's eye; what they show is asserted above
        desktop.locator(f"li.corpus-finding-item[data-status={status}] .corpus-finding-head").first.screenshot(
            path=str(artifacts / f"badge-{status}.png"))


# ---------------------------------------------------------------- copy link / copy citation

def test_copy_citation_with_clipboard_permission(new_context, served, pytorch_finding):
    ctx = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    goto(page, served.url(pytorch_finding["url"]))
    button = page.locator("button.corpus-copy[data-citation]")
    citation = button.get_attribute("data-citation")
    assert citation and pytorch_finding["id"] in citation, citation
    button.click()
    expect(page.locator("#corpus-live")).to_have_text("Copied to the clipboard")
    assert page.evaluate("navigator.clipboard.readText()") == citation
    expect(button).to_have_text("Copied")
    # The link button copies the finding's absolute (site_url) address.
    link = page.locator("button.corpus-copy:not([data-citation])")
    link.click()
    assert page.evaluate("navigator.clipboard.readText()") == served.site_url + pytorch_finding["url"]
    assert_clean(page, "copy")
    ctx.close()


def test_copy_buttons_in_the_findings_index(new_context, served, pytorch_finding):
    """In the list, the link button takes the finding's absolute URL from the citation beside it."""
    ctx = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    goto(page, served.url("findings/"))
    item = page.locator(f"#finding-{pytorch_finding['id']}")
    item.locator("details.corpus-copy-menu > summary").click()  # one "Copy ▾" menu per row
    item.locator("button.corpus-copy[data-copy-link]").click()
    expect(page.locator("#corpus-live")).to_have_text("Copied to the clipboard")
    assert page.evaluate("navigator.clipboard.readText()") == served.site_url + pytorch_finding["url"]
    cite = item.locator("button.corpus-copy[data-citation]")
    cite.click()
    assert page.evaluate("navigator.clipboard.readText()") == cite.get_attribute("data-citation")
    assert_clean(page, "copy-index")
    ctx.close()


def test_copy_button_label_comes_back_after_quick_double_click(new_context, served, pytorch_finding):
    ctx = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    goto(page, served.url(pytorch_finding["url"]))
    button = page.locator("button.corpus-copy[data-citation]")
    label = button.inner_text()
    button.click()
    expect(button).to_have_text("Copied")
    page.evaluate("window.__copies = 0; document.addEventListener('click', () => window.__copies++)")
    button.click()  # while it still says "Copied"
    page.wait_for_function("window.__copies === 1")
    expect(page.locator("#corpus-live")).to_have_text("Copied to the clipboard")
    expect(button).to_have_text(label, timeout=5_000)  # both restore timers (1.6 s) have run
    expect(button).not_to_have_class(re.compile(r"\bcorpus-copied\b"))
    ctx.close()


# Chromium lets a focused page write the clipboard even with the permission set to "denied" through
# CDP, so a refusal is simulated the way browsers report it: writeText rejects with NotAllowedError.
DENY_CLIPBOARD = """
  if (navigator.clipboard) {
    navigator.clipboard.writeText = function () {
      return Promise.reject(new DOMException("Write permission denied.", "NotAllowedError"));
    };
  }
"""


def _click_citation_without_clipboard(ctx, served, finding, *init_scripts: str):
    """Open the finding in a context whose clipboard refuses writes; click copy-citation."""
    ctx.add_init_script(DENY_CLIPBOARD)
    for script in init_scripts:
        ctx.add_init_script(script)
    page = ctx.new_page()
    goto(page, served.url(finding["url"]))
    outcome = page.evaluate("navigator.clipboard.writeText('x').then(() => 'ok', e => e.name)")
    assert outcome == "NotAllowedError", outcome
    button = page.locator("button.corpus-copy[data-citation]")
    citation = button.get_attribute("data-citation")
    button.click()
    return page, citation


def test_copy_without_permission_selects_the_text(new_context, served, pytorch_finding):
    """Clipboard permission denied and execCommand('copy') refused: the text is left selected for Ctrl+C."""
    ctx = new_context()
    page, citation = _click_citation_without_clipboard(ctx, served, pytorch_finding,
                                                       "document.execCommand = function () { return false; };")
    field = page.locator("textarea.corpus-copy-fallback")
    expect(field).to_be_visible()
    expect(field).to_have_value(citation)
    expect(field).to_be_focused()
    selected = page.evaluate("(() => { const f = document.activeElement; "
                             "return f.value.substring(f.selectionStart, f.selectionEnd); })()")
    assert selected == citation
    live = page.locator("#corpus-live")
    expect(live).to_contain_text("Ctrl+C")
    expect(live).to_have_attribute("aria-live", "polite")
    assert_clean(page, "copy fallback")
    ctx.close()


def test_copy_without_permission_falls_back_to_exec_command(new_context, served, pytorch_finding):
    """Clipboard permission denied but execCommand('copy') works: copied via a transient textarea."""
    ctx = new_context()
    page, citation = _click_citation_without_clipboard(ctx, served, pytorch_finding, """window.__fallbacks = [];
      new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {
        if (n.classList && n.classList.contains('corpus-copy-fallback')) window.__fallbacks.push(n.value);
      }))).observe(document, {childList: true, subtree: true});""")
    expect(page.locator("#corpus-live")).to_have_text("Copied to the clipboard")
    assert page.evaluate("window.__fallbacks") == [citation]
    assert_clean(page, "copy fallback")
    ctx.close()


# ---------------------------------------------------------------- filter buttons

def _visible_statuses(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "li.corpus-finding-item", "els => els.filter(e => !e.hidden && e.offsetParent !== null)"
                                  ".map(e => (e.dataset.states || e.dataset.status).split(' ')[0])")


def test_filter_buttons_hide_non_matching_items(desktop, served, findings, by_status):
    goto(desktop, served.url("findings/"))
    items = desktop.locator("li.corpus-finding-item")
    expect(items).to_have_count(len(findings))
    for status in ("flagged", "merged"):
        button = desktop.locator(f".corpus-filter-btn[data-filter={status}]")
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        assert _visible_statuses(desktop) == [status] * len(by_status[status])
        for other in desktop.locator(f"li.corpus-finding-item:not([data-states~={status}])").all():
            expect(other).to_be_hidden()
        assert f"status={status}" in desktop.url
    desktop.locator(".corpus-filter-btn[data-filter=all]").click()
    assert len(_visible_statuses(desktop)) == len(findings)
    # The filter is applied from the URL on load too.
    goto(desktop, served.url("findings/?status=flagged"))
    expect(desktop.locator(".corpus-filter-btn[data-filter=flagged]")).to_have_attribute("aria-pressed", "true")
    assert _visible_statuses(desktop) == ["flagged"] * len(by_status["flagged"])


# ---------------------------------------------------------------- palette, mobile, 404

def test_palette_toggle_switches_scheme(new_context, served, artifacts):
    ctx = new_context(color_scheme="light")
    page = ctx.new_page()
    goto(page, served.url("findings/"))
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.locator("form[data-md-component=palette] label.md-header__button:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.screenshot(path=str(artifacts / "findings-dark.png"))
    page.locator("form[data-md-component=palette] label.md-header__button:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert_clean(page, "palette")
    ctx.close()


def test_mobile_drawer_and_search(new_context, served, pytorch_finding, artifacts):
    ctx = new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    goto(page, served.url())
    drawer_nav = page.locator("nav.md-nav--primary")
    hamburger = page.locator("label.md-header__button[for=__drawer]")
    expect(hamburger).to_be_visible()
    expect(drawer_nav).not_to_be_in_viewport()
    hamburger.click()
    assert page.locator("#__drawer").is_checked()
    expect(drawer_nav).to_be_in_viewport()
    expect(drawer_nav.get_by_role("link", name="Findings", exact=True).first).to_be_visible()
    page.screenshot(path=str(artifacts / "mobile-drawer.png"))
    # Close it and search through the header's search label (the only way in on a phone).
    page.evaluate("document.getElementById('__drawer').click()")  # what tapping the overlay does
    assert not page.locator("#__drawer").is_checked()
    expect(drawer_nav).not_to_be_in_viewport()
    hrefs = search(page, "gemma_pytorch")
    assert any(pytorch_finding["url"] in h for h in hrefs), hrefs
    assert_clean(page, "mobile")
    ctx.close()


def test_404_page_renders_with_the_site_header(desktop, served):
    """404.html itself, and a missing page served with it (as GitHub Pages does), at a nested path."""
    for url, status in ((served.url("404.html"), 200), (served.url("no/such/page/"), 404)):
        desktop.context.guard.reset()
        goto(desktop, url, status=status)
        header = desktop.locator("header.md-header")
        expect(header).to_be_visible()
        expect(header).to_contain_text("Gemma 4 Tooling Corpus")
        expect(desktop.locator("article h1")).to_have_text("404 - Not found")
        header_bg = header.evaluate("e => getComputedStyle(e).backgroundColor")
        assert header_bg not in ("rgba(0, 0, 0, 0)", "transparent"), (url, header_bg)
        assert_clean(desktop, url, not_found=url if status == 404 else None)


# ---------------------------------------------------------------- accessibility (axe-core)

@pytest.mark.parametrize("name", AXE_PAGES)
def test_no_serious_accessibility_violations(desktop, served, page_path, name):
    goto(desktop, served.url(page_path(name)))
    serious = serious_violations(desktop)
    assert not serious, f"{name} ({page_path(name)}): axe violations:\n{describe(serious)}"
