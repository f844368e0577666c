"""Issue 23 without a browser: what search shows of a page, and long lists split into pages."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from conftest import ROOT
from macros.load.corpus import load_corpus
from macros.plan.pages import Settings, plan_site
from macros.plan.paging import CATALOG_PER_PAGE, PER_PAGE, list_page_url
from macros.views.pager import page_number, page_slice, pager
from macros.views.search import artifact_summary, finding_summary, first_sentence


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT, build_date=date(2026, 11, 28))


def _many(corpus, n: int):
    """The corpus with n findings (copies of its own, numbered 1..n, ids of their own)."""
    base = corpus.findings
    fs = tuple(replace(base[i % len(base)], number=i + 1, id=f"{base[i % len(base)].id}-{i + 1}") for i in range(n))
    return replace(corpus, index=replace(corpus.index, findings=fs))


@pytest.mark.parametrize("text, expected", [
    ("One. Two.", "One."),
    ("Gemma 1/2/3 used <start_of_turn>user ... then <|turn>. Next.", "Gemma 1/2/3 used <start_of_turn>user ... then <|turn>."),
    ("v4.5 is out. Later.", "v4.5 is out."),
    ("no full stop", "no full stop"),
    ("  spaced \n  out.  ", "spaced out."),
])
def test_first_sentence(text, expected):
    assert first_sentence(text) == expected


def test_finding_summary_is_state_then_claim(corpus):
    by_number = {f.number: f for f in corpus.findings}
    assert finding_summary(by_number[8], corpus).startswith(
        "Superseded, no longer holds · superseded 2026-06-10 — ShieldGemma 2 is Gemma 3-based")
    assert finding_summary(by_number[2], corpus).endswith(" — Last push 2025-05-30; the variants validator rejects Gemma 4 IDs.")
    assert all(len(finding_summary(f, corpus)) <= 260 for f in corpus.findings)


def test_artifact_summary_separates_labels_and_values(corpus):
    a = next(a for a in corpus.artifacts if a.on_disk)
    assert artifact_summary(a) == f"Lane: {a.lane} · Kind: {a.kind or 'file'} · Mirrored: yes"
    b = next(a for a in corpus.artifacts if not a.on_disk)
    assert artifact_summary(b).endswith(" · Mirrored: no")


def test_the_findings_list_is_split_into_pages_with_stable_urls(corpus):
    big = _many(corpus, 2 * PER_PAGE + 5)
    plan = plan_site(big, Settings("t"))
    assert plan.by_key[("findings", "")].url == "findings/"
    assert plan.by_key[("findings", "2")].url == "findings/page/2/"
    assert plan.by_key[("findings", "3")].url == "findings/page/3/"
    assert ("findings", "4") not in plan.by_key
    assert plan.by_key[("findings", "3")].title == "Findings, page 3 of 3"
    small = plan_site(corpus, Settings("t"))
    assert ("findings", "2") not in small.by_key  # 13 findings: one page, as before


def test_a_finding_id_page_cannot_take_the_pages_folder(corpus):
    first = replace(corpus.findings[0], id="page")
    plan = plan_site(replace(corpus, index=replace(corpus.index, findings=(first, *corpus.findings[1:]))),
                     Settings("t"))
    assert plan.corpus.findings[0].id == "page-2"
    assert any("findings/page-2/" in d.message for d in plan.diagnostics)


def test_the_catalog_is_split_into_pages(corpus):
    briefs = tuple(replace(corpus.briefs[i % len(corpus.briefs)], slug=f"b{i}") for i in range(CATALOG_PER_PAGE + 1))
    plan = plan_site(replace(corpus, briefs=briefs), Settings("t"))
    first = plan.by_key[("catalog", "")].url
    assert plan.by_key[("catalog", "2")].url == first + "page/2/"


def test_pager_links_counts_and_slices():
    items = [("flagged" if i % 3 == 0 else "merged") for i in range(PER_PAGE * 2 + 1)]
    p = pager(items, 2, lambda k: f"../{list_page_url('findings/', k)}", states=lambda s: [s])
    assert [link.href for link in p.links] == ["../findings/", "../findings/page/2/", "../findings/page/3/"]
    assert p.prev.number == 1 and p.next.number == 3 and p.links[1].current and p.many
    assert (p.links[2].first, p.links[2].last) == (2 * PER_PAGE + 1, 2 * PER_PAGE + 1)
    flagged = len(range(0, PER_PAGE, 3))  # page 1: items 0 … PER_PAGE-1, every third flagged
    assert json.loads(p.links[0].states) == {"flagged": flagged, "merged": PER_PAGE - flagged}
    assert list(page_slice(items, 3)) == items[2 * PER_PAGE:]
    assert page_number("") == 1 and page_number("3") == 3
    assert not pager(items[:5], 1, str).many
