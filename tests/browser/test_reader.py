"""What a reader sees (issue 16): the directory map, filters, search ranking, print, touch, 404, favicon.

Real Chromium against the shipped site served under its sub-path (conftest.py).
"""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_browser import assert_clean, goto
from tests.support.pagefind_index import by_url


@pytest.fixture(scope="module")
def findings(served) -> list[dict]:
    return json.loads((served.site / "findings.json").read_text(encoding="utf-8"))["findings"]






# ---------------------------------------------------------------- directory map (16.1)

def test_map_dir_column_is_as_wide_as_its_longest_folder_name(wide, served):
    goto(wide, served.url("tooling/"))
    cells = wide.locator("table.corpus-map tbody td:first-child code")
    assert cells.count() >= 3
    for code in cells.all():
        lines = code.evaluate("e => e.getClientRects().length")
        assert lines == 1, f"{code.inner_text()!r} wraps onto {lines} lines"
    longest = max(c.evaluate("e => e.getBoundingClientRect().width") for c in cells.all())
    column = wide.locator("table.corpus-map thead th").first.evaluate("e => e.getBoundingClientRect().width")
    assert column >= longest, (column, longest)


def test_map_scrolls_inside_the_content_on_a_phone(phone, served):
    goto(phone, served.url("tooling/"))
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    table = phone.locator("table.corpus-map")
    assert table.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    # the Files column can be scrolled to, inside the table
    files = phone.locator("table.corpus-map thead th").last
    files.scroll_into_view_if_needed()
    expect(files).to_be_in_viewport()
    for code in phone.locator("table.corpus-map tbody td:first-child code").all():
        assert code.evaluate("e => e.getClientRects().length") == 1


# ---------------------------------------------------------------- filters (16.3, 16.16, 16.17, 12.11)

def _numbers(page: Page) -> dict[str, int]:
    """Finding id -> the number its list item shows, for the visible items."""
    return page.eval_on_selector_all(
        "li.corpus-finding-item", "els => Object.fromEntries(els.filter(e => !e.hidden && e.offsetParent !== null)"
                                  ".map(e => [e.id.replace(/^finding-/, ''), e.value]))")


def test_finding_numbers_stay_the_same_under_every_filter(desktop, served, findings):
    number = {f["id"]: f["number"] for f in findings}
    goto(desktop, served.url("findings/"))
    buttons = {b.get_attribute("data-filter"): b.inner_text() for b in desktop.locator(".corpus-filter-btn").all()}
    filters = list(buttons)
    assert {"all", "merged", "flagged", "overdue"} <= set(filters), filters
    for value in filters:
        goto(desktop, served.url(f"findings/?status={value}"))
        shown = _numbers(desktop)
        assert bool(shown) != buttons[value].endswith("(0)"), value  # "Overdue (0)" once re-checks cleared it
        assert shown == {i: number[i] for i in shown}, value
        # and the number drawn is that value: an <ol> item with value=N shows N
        assert desktop.locator("li.corpus-finding-item:not([value])").count() == 0


def test_overdue_filter_shows_the_overdue_findings(desktop, served, findings):
    goto(desktop, served.url("findings/"))
    desktop.locator(".corpus-filter-btn[data-filter=overdue]").click()
    assert sorted(_numbers(desktop).values()) == sorted(f["number"] for f in findings if f["overdue"])
    assert "status=overdue" in desktop.url


@pytest.mark.parametrize("value", ["FLAGGED", '"]', "x'] , *", "<img src=x onerror=alert(1)>"])
def test_unknown_filter_value_shows_all_with_a_note(new_context, served, findings, value):
    ctx = new_context()
    page = ctx.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    goto(page, served.url("findings/") + "?status=" + value.replace(" ", "%20"))
    note = page.locator(".corpus-filter-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("all findings are shown")
    expect(page.locator(".corpus-filter-btn[data-filter=all]")).to_have_attribute("aria-pressed", "true")
    assert len(_numbers(page)) == len(findings)
    assert page.locator(".corpus-filter-note img").count() == 0 and not dialogs
    # choosing a filter clears the note
    page.locator(".corpus-filter-btn[data-filter=merged]").click()
    expect(note).to_be_hidden()
    assert_clean(page, f"?status={value}")
    ctx.close()


def test_focused_filter_button_looks_different_from_the_selected_one(new_context, served, artifacts):
    for scheme in ("light", "dark"):
        ctx = new_context(color_scheme=scheme)
        page = ctx.new_page()
        goto(page, served.url("findings/"))
        selected = page.locator(".corpus-filter-btn[data-filter=all]")
        selected.focus()
        page.keyboard.press("Tab")  # keyboard focus: :focus-visible on the next button
        focused = page.locator(".corpus-filter-btn[data-filter=merged]")
        expect(focused).to_be_focused()
        style = "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.outlineStyle, s.color]; }"
        sel, foc = selected.evaluate(style), focused.evaluate(style)
        assert foc[1] != "none", f"{scheme}: focused button has no outline"
        assert sel[1] == "none", f"{scheme}: selected (unfocused) button has an outline"
        assert sel[0] != foc[0], f"{scheme}: focused and selected share a background {sel[0]}"
        page.locator(".corpus-filter").screenshot(path=str(artifacts / f"filter-focus-{scheme}.png"))
        ctx.close()


# ---------------------------------------------------------------- search (16.5)

def test_search_index_leaves_out_buttons_and_neighbours(served, findings):
    pages = by_url(served.site)
    for f in findings:
        page = pages[f["url"]]
        text = page["meta"]["title"] + " " + page["content"]
        assert "Copy link" not in text and "Copy citation" not in text, f["url"]
        others = [g["title"] for g in findings if g["number"] in (f["number"] - 1, f["number"] + 1)]
        for title in others:
            assert title not in text, (f["url"], title)
        words = page["content"].split()
        assert f"corpusfinding{f['number']}n" in words and words.count(f"corpusfinding{f['number']}n") == 1
        assert re.search(rf"Finding {f['number']}\.? of {len(findings)}", page["content"]), page["content"][:200]
    assert not any("data-search-exclude" in p["content"] for p in pages.values())


def _first_result(page: Page, served, query: str, term: str) -> str:
    """The first result's page for `query`, once the results are those of the whole query (the result
    links carry the matched terms in ?h=; `term` is one that only the complete query contains)."""
    goto(page, served.url())
    page.locator(".md-search__input").click()
    box = page.locator(".md-search__input")
    expect(box).to_be_focused()
    box.fill("")
    box.press_sequentially(query)
    page.wait_for_function(
        """term => [...document.querySelectorAll('.md-search-result__item:first-child a')].some(
                     a => (new URL(a.href).searchParams.get('h') || '').toLowerCase().includes(term))""",
        arg=term)
    href = page.locator(".md-search-result__item a").first.get_attribute("href") or ""
    return href.split("?")[0].split("#")[0]


# "Finding N" is a heading of its own on the finding's page: a short search section titled with the number.
def test_searching_finding_n_puts_that_finding_first(desktop, served, findings):
    seventh = next(f for f in findings if f["number"] == 7)
    assert _first_result(desktop, served, "finding 7", "7").endswith(seventh["url"])


def test_searching_a_title_word_or_an_id_puts_that_finding_first(desktop, served, findings):
    seventh = next(f for f in findings if f["number"] == 7)
    assert _first_result(desktop, served, "technical report", "report").endswith(seventh["url"])
    pytorch = next(f for f in findings if "gemma_pytorch" in f["title"])
    assert _first_result(desktop, served, "abandoned", "abandon").endswith(pytorch["url"])
    for f in (seventh, pytorch):
        # wait for the id's last word that search keeps (lunr drops stop words such as "yet" and "for")
        last = [w for w in f["id"].split("-") if w not in {"yet", "for", "is", "a", "the", "not", "no", "as", "of"}][-1]
        assert _first_result(desktop, served, f["id"], last).endswith(f["url"]), f["id"]


# ---------------------------------------------------------------- finding page layout (16.10, 16.11, 16.20, 16.21)

def test_prev_and_next_share_a_row_on_desktop_and_stack_on_a_phone(wide, phone, served, findings):
    second = next(f for f in findings if f["number"] == 2)
    goto(wide, served.url(second["url"]))
    prev, nxt = wide.locator("a[rel=prev]"), wide.locator("a[rel=next]")
    top = "e => Math.round(e.getBoundingClientRect().top)"
    assert prev.evaluate(top) == nxt.evaluate(top)
    assert nxt.evaluate("e => e.getBoundingClientRect().left") > prev.evaluate("e => e.getBoundingClientRect().right")
    goto(phone, served.url(second["url"]))
    assert phone.locator("a[rel=next]").evaluate(top) > phone.locator("a[rel=prev]").evaluate(top)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_touch_targets_are_at_least_44px(phone, served, findings):
    goto(phone, served.url(findings[1]["url"]))
    assert phone.evaluate("matchMedia('(pointer: coarse)').matches")
    controls = phone.locator("button.corpus-copy, .corpus-prevnext a")
    assert controls.count() >= 4
    for c in controls.all():
        box = c.bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 44, (c.inner_text(), box)
    goto(phone, served.url("findings/"))  # (a phone's filters are one select: tests/browser/test_phone.py)
    for c in phone.locator("#corpus-filter-select, details.corpus-copy-menu > summary").all():
        box = c.bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 44, (c.inner_text(), box)


def test_dates_never_wrap(phone, served):
    goto(phone, served.url("tooling/inference-frameworks/"))
    dates = phone.locator("article time, article .corpus-date")
    assert dates.count() >= 1
    for d in dates.all():
        assert d.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
        assert d.evaluate("e => e.getClientRects().length") == 1, d.inner_text()


def test_print_shows_no_buttons_and_prints_the_address_and_source(new_context, served, findings):
    ctx = new_context()
    page = ctx.new_page()
    f = findings[1]
    goto(page, served.url(f["url"]))
    page.emulate_media(media="print")
    for selector in ("button.corpus-copy", ".corpus-prevnext", "header.md-header", ".md-sidebar--primary"):
        expect(page.locator(selector).first).to_be_hidden()
    printed = page.locator(".corpus-print-only")
    expect(printed).to_be_visible()
    expect(printed).to_contain_text(served.site_url + f["url"])
    expect(printed).to_contain_text(f"line {f['source']['line']}")
    goto(page, served.url("findings/?status=flagged"))
    page.emulate_media(media="print")
    expect(page.locator(".corpus-filter")).to_be_hidden()
    ctx.close()


def test_finding_page_names_its_number(desktop, served, findings):
    f = findings[6]
    goto(desktop, served.url(f["url"]))
    expect(desktop.locator(".corpus-finding-number")).to_have_text(f"Finding {f['number']} of {len(findings)}")
    expect(desktop).to_have_title(re.compile("^" + re.escape(f["title"].split("`")[0][:15])))


# ---------------------------------------------------------------- 404, favicon (16.19)

def test_404_page_helps(desktop, served):
    missing = served.url("no/such/deep/page/")
    goto(desktop, missing, status=404)
    expect(desktop.locator(".corpus-404 label[for=__search]")).to_be_visible()
    link = desktop.locator(".corpus-404 a", has_text="All findings")
    href = link.get_attribute("href") or ""
    assert href.startswith("/") and href.endswith("findings/"), href  # absolute under the sub-path
    link.click()
    desktop.wait_for_url(served.url("findings/"))
    expect(desktop.locator("li.corpus-finding-item").first).to_be_visible()
    # the search prompt opens the site's search
    goto(desktop, missing, status=404)
    desktop.locator(".corpus-404 label[for=__search]").click()
    assert desktop.locator("#__search").is_checked()
    box = desktop.locator(".md-search__input")
    expect(box).to_be_visible()
    box.click()
    box.press_sequentially("gemma_pytorch")
    expect(desktop.locator(".md-search-result__item").first).to_be_visible()
    assert_clean(desktop, "404", not_found=missing)


def test_favicon_is_ours(desktop, served):
    goto(desktop, served.url("findings/"))
    href = desktop.locator("link[rel=icon]").evaluate("e => e.href")
    assert href.endswith(".svg"), href
    response = desktop.request.get(href)
    assert response.status == 200 and b"<svg" in response.body()
