"""Polish found by looking at the built site: the sibling-model catalog at desktop and phone widths.

Real Chromium against the shipped site served under its sub-path (conftest.py).
"""
from __future__ import annotations


from tests.browser.test_browser import goto






def _one_line(page, selector: str) -> None:
    items = page.locator(selector)
    assert items.count() >= 1, selector
    for item in items.all():
        lines = item.evaluate("e => e.getClientRects().length")
        assert lines == 1, f"{item.inner_text()!r} breaks onto {lines} lines"


def test_catalog_fits_a_desktop_and_names_never_break(wide, served):
    goto(wide, served.url("tooling/gemma-family/catalog/"))
    table = wide.locator("table.corpus-catalog")
    assert table.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the catalog scrolls sideways at 1400 px"
    _one_line(wide, "table.corpus-catalog .corpus-model-name")
    _one_line(wide, "table.corpus-catalog .corpus-added, table.corpus-catalog .corpus-unconfirmed")
    # the purpose sentence sits under the name, in a column wide enough to read
    first = wide.locator("table.corpus-catalog tbody td:first-child").first
    assert first.evaluate("e => e.getBoundingClientRect().width") >= 200
    purpose = wide.locator("table.corpus-catalog .corpus-purpose").first
    assert purpose.evaluate("e => e.getBoundingClientRect().top") > \
        wide.locator("table.corpus-catalog .corpus-model-name").first.evaluate("e => e.getBoundingClientRect().bottom") - 1


def test_catalog_fits_the_content_on_a_phone(phone, served):
    goto(phone, served.url("tooling/gemma-family/catalog/"))
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    table = phone.locator("table.corpus-catalog")  # one card per model (tests/browser/test_phone.py): no sideways scroll
    assert table.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    _one_line(phone, "table.corpus-catalog .corpus-model-name")


def test_state_chip_is_a_chip_and_source_states_do_not_break(wide, phone, served):
    goto(wide, served.url("findings/no-gemma-4-technical-report-pdf-exists-yet/"))
    chip = wide.locator(".corpus-finding-bar .corpus-state")
    assert chip.inner_text() == "Re-checked, now merged · 2026-11-28"
    assert chip.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    original = wide.locator(".corpus-finding-bar .corpus-badge--original")
    assert original.inner_text().lower() == "original: flagged"
    assert original.evaluate("e => getComputedStyle(e).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
    assert chip.evaluate("e => e.getClientRects().length") == 1
    # a verification state ("not checked yet") moves to the next line whole instead of breaking inside
    goto(phone, served.url("tooling/fine-tuning/unsloth/Gemma4_-E4B--Text.ipynb/"))
    states = phone.locator(".corpus-source-state")
    assert states.count() >= 1
    for s in states.all():
        if s.locator("a, code").count() == 0:
            assert s.evaluate("e => e.getClientRects().length") == 1, s.inner_text()
