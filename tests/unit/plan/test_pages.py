"""Unit tests of page planning: relative URLs, doc URLs, one URL per page, reserved ids, unsafe lanes."""
from __future__ import annotations

from dataclasses import replace

import pytest

from macros.plan.pages import Settings, doc_url, plan_site
from macros.plan.urls import rel_url


@pytest.fixture(scope="module")
def site(stand_in):
    return stand_in


@pytest.mark.parametrize("target, page, expected", [
    ("findings/x/", "", "findings/x/"),  # from the home page
    ("", "", "./"),  # the home page from itself
    ("", "findings/x/", "../../"),  # the home page from a nested page (was "": the page itself)
    ("#merged", "findings/x/", "../../#merged"),  # a section of the home page
    ("findings/x/", "findings/", "x/"),
    ("health/", "health/", "./"),
    ("GOTCHAS/#medium", "findings/x/", "../../GOTCHAS/#medium"),
    ("findings.json", "a/b/", "../../findings.json"),
    ("_raw/tooling/a.txt", "tooling/a/", "../../_raw/tooling/a.txt"),
    ("a b/é/", "c/", "../a%20b/%C3%A9/"),
    ("d/#Über uns", "d/", "./#%C3%9Cber%20uns"),
])
def test_rel_url(target, page, expected):
    assert rel_url(target, page) == expected


@pytest.mark.parametrize("src_uri, url", [
    ("index.md", ""), ("GOTCHAS.md", "GOTCHAS/"), ("sub/index.md", "sub/"), ("sub/x.md", "sub/x/"),
])
def test_doc_url(src_uri, url):
    assert doc_url(src_uri) == url


def test_plan_has_a_unique_url_per_page(site):
    urls = [spec.url for spec in site.plan.pages.values()]
    assert len(urls) == len(set(urls))
    assert site.plan.by_key[("findings", "")].url == "findings/"
    assert all(site.plan.urls[spec.key] == spec.url for spec in site.plan.pages.values())


def test_reserved_finding_ids_come_from_the_plan(site):
    corpus = site.corpus
    first = replace(corpus.findings[0], id="index")
    plan = plan_site(replace(corpus, index=replace(corpus.index, findings=(first, *corpus.findings[1:]))),
                     Settings("t"))
    assert plan.corpus.findings[0].id == "index-2"
    assert plan.by_key[("findings", "")].src_uri == "findings/index.md"
    assert [d.line for d in plan.diagnostics] == [first.line]


def test_unsafe_lanes_get_no_page(site):
    corpus = site.corpus
    lanes = (*corpus.lanes, replace(corpus.lanes[0], name=".."), replace(corpus.lanes[0], name="../../x"))
    plan = plan_site(replace(corpus, lanes=lanes), Settings("t"))
    assert [lane.name for lane in plan.corpus.lanes] == [lane.name for lane in corpus.lanes]
    assert len(plan.diagnostics) == 2 and all(d.severity == "error" for d in plan.diagnostics)
    assert all(".." not in spec.src_uri for spec in plan.pages.values())
