"""A link copied from the forge (`page/#slug`) lands on its heading in the browser, reserved slugs included."""
from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, build, make_project
from browser.conftest import Guard, serve_directory
from support.project import make_long_project

FIXTURE = ROOT / "tests" / "fixtures" / "maintainer"


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    """The maintainer fixture built and served at the root of 127.0.0.1:PORT."""
    project = make_project(tmp_path_factory.mktemp("forge") / "p", corpus=FIXTURE / "tooling", docs=FIXTURE / "docs")
    for doc in FIXTURE.glob("*.md"):
        shutil.copy(doc, project / doc.name)
    built = build(project, strict=True)
    assert built.returncode == 0, built.log
    with serve_directory(built.site, built.site) as origin:
        yield origin


@pytest.fixture
def page(browser, origin):
    guard = Guard(origin)
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    ctx.route("**/*", guard.route)
    pg = ctx.new_page()
    yield pg
    assert guard.external == []
    ctx.close()


def _top(page, element_id: str) -> float:
    return page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", element_id)


@pytest.mark.parametrize("fragment, element", [
    ("tables-1", "tables-1"),        # a repeated heading: GitHub's -1
    ("notes", "user-content-notes"),  # a slug the page uses itself: the prefixed heading, as on GitHub
    ("tables_1", "tables_1"),         # the id published before: an alias anchor
])
def test_forge_fragment_lands_on_its_heading(page, origin, fragment, element):
    page.goto(f"{origin}/CORPUS_constructs/#{fragment}")
    page.wait_for_function("() => window.scrollY > 0")
    top = _top(page, element)
    assert 0 <= top < 800 - 60, (fragment, top)  # in view (a heading near the page's end cannot reach the top)


def test_link_between_corpus_files_lands_on_the_heading(page, origin):
    page.goto(f"{origin}/CORPUS_constructs/")
    page.get_by_role("link", name="the MEDIUM gotchas").click()
    page.wait_for_url(f"{origin}/GOTCHAS/#medium")
    assert 0 <= _top(page, "medium") < 800 - 60


@pytest.fixture(scope="module")
def long_origin(tmp_path_factory):
    """A corpus whose fine-tuning README is split across pages (support.project.make_long_project)."""
    built = build(make_long_project(tmp_path_factory.mktemp("long") / "p"), strict=True)
    assert built.returncode == 0, built.log
    with serve_directory(built.site, built.site) as origin:
        yield origin


def test_a_link_to_a_heading_on_a_later_page_of_a_split_readme_goes_there(browser, long_origin):
    guard = Guard(long_origin)
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    ctx.route("**/*", guard.route)
    page = ctx.new_page()
    try:
        page.goto(f"{long_origin}/tooling/fine-tuning/#start-here")  # the URL the README had as one page
        page.wait_for_url(f"{long_origin}/tooling/fine-tuning/page/*/#start-here")
        page.wait_for_function("() => window.scrollY > 0")
        assert 0 <= _top(page, "start-here") < 800 - 60
        page.goto(f"{long_origin}/tooling/fine-tuning/#no-such-heading")  # unknown: the page stays
        page.wait_for_load_state("networkidle")  # the other pages were fetched and looked in
        assert page.url == f"{long_origin}/tooling/fine-tuning/#no-such-heading"
        assert guard.external == []
    finally:
        ctx.close()
