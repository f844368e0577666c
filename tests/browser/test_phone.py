"""A reader on a phone (390x844, touch) and on a keyboard: wide tables scroll inside their own box with a
visible cue, the catalog is one card per model, list rows have one "Copy ▾" menu and their dates, the
filters fit one row, the findings list has a skip link. Screenshots go to test-artifacts/."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.test_browser import assert_clean, goto

# every box on the page that scrolls sideways: its class, whether it has our cue, and its hint
SCROLL_BOXES = """() => [...document.querySelectorAll('article *')].filter(e => {
    const s = getComputedStyle(e);
    return (s.overflowX === 'auto' || s.overflowX === 'scroll') && e.scrollWidth > e.clientWidth + 1;
  }).map(e => ({what: e.tagName + '.' + e.className, cue: e.classList.contains('corpus-scrolls')
                && getComputedStyle(e).backgroundImage.includes('gradient'),
                hint: e.tagName === 'CODE' || !!(e.previousElementSibling
                      && e.previousElementSibling.classList.contains('corpus-scroll-hint'))}))"""


@pytest.fixture(scope="module")
def findings(served) -> list[dict]:
    return json.loads((served.site / "findings.json").read_text(encoding="utf-8"))["findings"]


def _pages(findings) -> dict[str, str]:
    moe = next(f for f in findings if "MoE" in f["title"])
    return {"catalog": "tooling/gemma-family/catalog/", "lane": "tooling/inference-frameworks/",
            "findings": "findings/", "finding": moe["url"], "index": "tooling/"}


@pytest.mark.parametrize("name", ["catalog", "lane", "findings", "finding", "index"])
def test_phone_pages_fit_and_every_scroll_box_has_its_cue(phone, served, findings, artifacts, name):
    phone.context.guard.reset()
    goto(phone, served.url(_pages(findings)[name]))
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    boxes = phone.evaluate(SCROLL_BOXES)
    for box in boxes:
        assert box["cue"] and box["hint"], box
    if name in ("lane", "index"):  # the launch-command table and the directory map are wider than a phone
        assert any(b["what"].startswith(("DIV.md-typeset__scrollwrap", "TABLE.corpus-map")) for b in boxes), boxes
    first = phone.locator(".corpus-scrolls").first
    if first.count():
        first.scroll_into_view_if_needed()
    phone.screenshot(path=str(artifacts / f"phone-{name}.png"))
    assert_clean(phone, name)


def test_the_cue_goes_when_the_box_no_longer_scrolls(new_context, served):
    ctx = new_context(viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    goto(page, served.url("tooling/"))  # the directory map scrolls on a phone, not on a desktop
    assert page.locator("table.corpus-map.corpus-scrolls").count() == 1
    expect(page.locator(".corpus-scroll-hint")).to_have_count(1)
    page.set_viewport_size({"width": 1400, "height": 900})
    expect(page.locator(".corpus-scroll-hint")).to_have_count(0)
    assert page.locator("table.corpus-map.corpus-scrolls").count() == 0
    ctx.close()


def test_catalog_is_one_card_per_model_on_a_phone(phone, served):
    goto(phone, served.url("tooling/gemma-family/catalog/"))
    expect(phone.locator("table.corpus-catalog thead")).to_be_hidden()
    rows = phone.locator("table.corpus-catalog tbody tr")
    assert rows.count() >= 10
    width = phone.locator("article").evaluate("e => e.getBoundingClientRect().width")
    for row in rows.all()[:3]:
        box = row.bounding_box()
        assert box and box["width"] <= width and box["width"] > width * 0.8, (box, width)
        label = row.locator("td[data-label=Sizes]").evaluate("e => getComputedStyle(e, '::before').content")
        assert label == '"Sizes"'
    assert phone.locator("table.corpus-catalog").evaluate("e => e.scrollWidth <= e.clientWidth + 1")


def test_list_rows_have_one_copy_menu_and_their_dates(phone, served, findings):
    goto(phone, served.url("findings/"))
    items = phone.locator("li.corpus-finding-item")
    assert items.count() == len(findings)
    menus = phone.locator("li.corpus-finding-item details.corpus-copy-menu > summary")
    assert menus.count() == len(findings)
    expect(phone.locator("li.corpus-finding-item button.corpus-copy").first).to_be_hidden()
    for item in items.all()[:5]:
        dates = item.locator(".corpus-row-dates")
        expect(dates).to_be_visible()
        text = dates.inner_text()
        assert text.startswith(("Claimed ", "First recorded in git ", "Undated")) and " · " in text, text
    superseded = next(f for f in findings if f["state"]["key"] == "superseded")
    expect(phone.locator(f"#finding-{superseded['id']} .corpus-row-dates")).to_contain_text(
        f"superseded {superseded['state']['date']}")
    # the menu opens on a tap and holds both actions, each a 44 px target
    first = items.first
    first.locator("summary").tap()
    buttons = first.locator("button.corpus-copy")
    expect(buttons).to_have_count(2)
    for b in buttons.all():
        expect(b).to_be_visible()
        box = b.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    summary = first.locator("summary").bounding_box()
    assert summary["height"] >= 44 and summary["width"] >= 44


def test_filters_fit_one_row_on_a_phone(phone, served, findings):
    goto(phone, served.url("findings/"))
    expect(phone.locator(".corpus-filter")).to_be_hidden()
    select = phone.locator("#corpus-filter-select")
    expect(select).to_be_visible()
    row = phone.locator(".corpus-filter-select").bounding_box()
    box = select.bounding_box()
    assert row["height"] < 2 * box["height"] and box["x"] + box["width"] <= 390, (row, box)
    assert box["height"] >= 44
    label = select.locator("option[value=flagged]").inner_text()  # "Flagged (3)": where findings stand now
    select.select_option("flagged")
    expect(phone.locator("li.corpus-finding-item:visible")).to_have_count(int(label.split("(")[1].rstrip(")")))
    assert "status=flagged" in phone.url
    goto(phone, served.url("findings/?status=superseded"))
    expect(phone.locator("#corpus-filter-select")).to_have_value("superseded")


def test_skip_link_jumps_over_the_filters_to_the_list(desktop, served):
    goto(desktop, served.url("findings/"))
    skip = desktop.locator(".corpus-skip a")
    first_filter = desktop.locator(".corpus-filter-btn").first
    for _ in range(40):  # Tab through the page from the top until one of them has the focus
        desktop.keyboard.press("Tab")
        if skip.evaluate("e => e === document.activeElement"):
            break
        assert not first_filter.evaluate("e => e === document.activeElement"), "the filters came before the skip link"
    else:
        pytest.fail("the skip link never took the focus")
    expect(skip).to_be_visible()
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("document.activeElement.id") == "corpus-findings-list"
    desktop.keyboard.press("Tab")  # the next stop is the first finding, not a filter
    assert desktop.evaluate("document.activeElement.closest('li.corpus-finding-item') !== null")


def test_home_cards_are_one_size_and_count_every_state(wide, served, findings):
    goto(wide, served.url(""))
    cards = wide.locator(".corpus-stats a.corpus-stat")
    boxes = [c.bounding_box() for c in cards.all()]
    assert len({round(b["width"]) for b in boxes}) == 1 and len({round(b["height"]) for b in boxes}) == 1, boxes
    # a count for every current state; they add up to all findings
    shown = {}
    for card in cards.all():
        n, _, label = card.inner_text().partition("\n")
        shown[label.split("\n")[0].split(" (")[0].strip()] = int(n)
    states = [k for k in ("merged", "flagged", "updated", "superseded", "withdrawn") if k in shown]
    assert {"merged", "flagged", "updated", "superseded"} <= set(states), shown
    assert sum(shown[k] for k in states) == len(findings) == shown["findings"], shown
