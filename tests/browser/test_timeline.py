"""Findings over time in a real browser: the state filter of the findings list and a finding's timeline."""
from __future__ import annotations

from playwright.sync_api import expect

SEVEN = "findings/no-gemma-4-technical-report-pdf-exists-yet/"
EIGHT = "findings/no-gemma-4-generation-specialized-siblings-yet/"


def test_state_filter_shows_only_findings_in_that_state(desktop, served):
    page = desktop
    page.goto(served.url("findings/"))
    items = page.locator(".corpus-finding-item")
    total = items.count()
    button = page.locator('.corpus-filter-btn[data-filter="superseded"]')
    expect(button).to_have_text("Superseded (1)")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    visible = page.locator(".corpus-finding-item:not([hidden])")
    expect(visible).to_have_count(1)
    expect(visible.first.locator(".corpus-state")).to_have_text("Superseded, no longer holds · 2026-06-10")
    expect(visible.first.locator(".corpus-badge")).to_have_text("original: merged")  # the original stays visible
    assert "status=superseded" in page.url
    page.locator('.corpus-filter-btn[data-filter="updated"]').click()
    expect(page.locator(".corpus-finding-item:not([hidden])")).to_have_count(1)
    page.locator('.corpus-filter-btn[data-filter="all"]').click()
    expect(page.locator(".corpus-finding-item:not([hidden])")).to_have_count(total)
    page.goto(served.url("findings/?status=re-checked"))  # the first release's values still work from the address bar
    expect(page.locator(".corpus-finding-item:not([hidden])")).to_have_count(1)
    expect(page.locator(".corpus-finding-item:not([hidden]) .corpus-finding-head a")).to_contain_text("technical report")


def test_timeline_renders_and_feed_anchor_lands_on_the_note(desktop, served):
    page = desktop
    page.goto(served.url(SEVEN + "#note-2026-11-28"))
    note = page.locator("#note-2026-11-28")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Re-checked")
    expect(note).to_contain_text("2607.02770")
    expect(note.locator('a[href$="#technical-report"]')).to_have_count(1)
    items = page.locator(".corpus-timeline > li")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Original claim")
    expect(page.locator(".corpus-finding-bar .corpus-badge")).not_to_contain_text("overdue")
    page.goto(served.url(EIGHT))
    kinds = page.locator(".corpus-timeline > li").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds == ["claim", "superseded", "update"]
    expect(page.locator(".corpus-timeline a[href*='diffusiongemma']").first).to_be_visible()
