"""A link copied from the forge (`page/#slug`) lands on its heading in the browser, reserved slugs included."""
from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, build, make_project
from browser.conftest import Guard, serve_directory

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
