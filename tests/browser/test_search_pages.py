"""A long findings list in pages (issue 23): a corpus of 205 findings, built and served on 127.0.0.1 under a
sub-path; the pages' links, the filter across the pages, and search's number shortcut for a finding that is
not on the first page."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bench.search_bytes import serve
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_search import search
from tests.support.project import build, make_project
from macros.plan.paging import PER_PAGE

N = 205
INDEX = """# Corpus

## Directory map

| Dir | What's there | When to open it |
|---|---|---|
| `lane-a/` | things | always |

## Findings that update / contradict the existing corpus

{items}
"""


def _item(n: int) -> str:
    if n % 4 == 0:
        return f"{n}. **Flagged claim number {n}.** Body {n}. **[flagged — check back mid-2026]**"
    return f"{n}. **Merged claim number {n}.** Body {n}. **[merged: DOC.md — Some Section section]**"


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("many")
    corpus = tmp / "corpus"
    (corpus / "lane-a").mkdir(parents=True)
    (corpus / "lane-a" / "README.md").write_text("# Lane A\n", encoding="utf-8")
    (corpus / "sources.yaml").write_text("artifacts: []\n", encoding="utf-8")
    (corpus / "README.md").write_text(INDEX.format(items="\n".join(_item(n) for n in range(1, N + 1))),
                                      encoding="utf-8")
    docs = tmp / "docs"
    docs.mkdir()
    (docs / "DOC.md").write_text("# Doc\n\n## Some Section\n\ntext\n", encoding="utf-8")
    project = make_project(tmp / "p", corpus=corpus, docs=docs)
    built = build(project)
    assert built.returncode == 0, built.log[-3000:]
    return built


@pytest.fixture(scope="module")
def site(many):
    with serve(many.site, "gemma") as base:
        yield base


class _Served:
    def __init__(self, base: str):
        self.base = base

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")


def test_list_pages_are_small_and_linked(many):
    pages = [many.site / "findings/index.html", many.site / "findings/page/2/index.html",
             many.site / "findings/page/3/index.html"]
    assert all(p.is_file() and p.stat().st_size < 100 * 1024 for p in pages)
    assert not (many.site / "findings/page/4").exists()
    second = many.html("findings/page/2/")
    assert [li["value"] for li in second.select(".corpus-findings > li")][:2] == [str(PER_PAGE + 1),
                                                                                 str(PER_PAGE + 2)]
    assert second.select_one("a[rel=prev]")["href"] == "../../"
    assert second.select_one("a[rel=next]")["href"] == "../3/"
    assert f"Findings {PER_PAGE + 1}–{2 * PER_PAGE} of 205" in second.get_text()


def test_the_filter_points_to_matches_on_other_pages(browser, site):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(site + "findings/?status=flagged", wait_until="load")
    status = page.locator(".corpus-filter-status")
    # every fourth of the 205 is flagged (4, 8, … 204): a quarter of page 1, pages 2 and 3 hold the rest
    first, rest = PER_PAGE // 4, 51 - PER_PAGE // 4
    expect(status).to_have_text(f"Showing {first} findings on this page; {rest} more on pages 2, 3.")
    link = page.locator(".corpus-pager").first.get_by_role("link", name="2", exact=True)
    assert link.get_attribute("href").endswith("page/2/?status=flagged")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".corpus-pager").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "findings-pages.png"))
    link.click()
    page.wait_for_url(re.compile(r"page/2/\?status=flagged$"))
    expect(page.locator(".corpus-filter-btn[data-filter=flagged]")).to_have_attribute("aria-pressed", "true")
    assert page.locator(".corpus-finding-item:not([hidden])").count() == PER_PAGE // 4
    ctx.close()


def test_the_number_shortcut_finds_a_finding_on_a_later_page(browser, site):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    results = search(page, _Served(site), "finding 150")
    assert results[0]["url"] == "findings/merged-claim-number-150/", results[:3]
    results = search(page, _Served(site), "#204")
    assert results[0]["url"] == "findings/flagged-claim-number-204/", results[:3]
    ctx.close()
