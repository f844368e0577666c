"""The core's one entry point: `assemble_site` gives a complete site that never changes afterwards."""
from __future__ import annotations

import dataclasses

import pytest
from support.paths import ROOT
from support.project import assemble, make_project

from macros.export.report import findings_json
from macros.model.data import Diagnostic
from macros.render.renderer import Renderer


def test_the_site_is_frozen(stand_in):
    with pytest.raises(dataclasses.FrozenInstanceError):
        stand_in.diagnostics = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        stand_in._timeline = None  # what the timeline once did to it
    assert isinstance(stand_in.diagnostics, tuple)


def test_assembly_holds_what_the_pages_need(stand_in):
    """Diagnostics, sources and the timeline of every finding are worked out once, before any page."""
    tl = stand_in.timeline
    assert tl is not None and set(tl._later) == {f.id for f in stand_in.corpus.findings}
    assert stand_in.sources is not None
    messages = [d.message for d in stand_in.diagnostics]
    assert any("verification results" in m for m in messages)  # the sources' notice is the core's
    assert stand_in.history.entries == () and "git is not used" in stand_in.history.note  # built without git


def test_the_health_page_lists_what_is_found_after_the_renderer_was_made(stand_in):
    """The glue keeps adding to its list while pages render; the health page shows the list as it is when it
    is rendered, so the glue renders it once every page is in (macros/mkdocs/content.health_content)."""
    found: list[Diagnostic] = []
    renderer = Renderer(stand_in, [ROOT / "overrides" / "corpus"], found=found)
    health = stand_in.plan.by_key[("health", "")]
    assert "a-broken-link-found-later" not in renderer.page(health).html
    found.append(Diagnostic("warning", "tooling/README.md", 3, "link 'a-broken-link-found-later' names no file"))
    assert "a-broken-link-found-later" in renderer.page(health).html


def test_pages_need_no_corpus_text_read_after_assembly(tmp_path):
    """The index, the docs and the working docs are read once, when loading: the finding pages (their timeline
    counts the docs' dated lines), the lists, health, history and findings.json of a site whose files changed
    on disk after it was assembled are those of an untouched copy."""
    sites = [assemble(make_project(tmp_path / name), git=True) for name in ("kept", "changed")]
    project = sites[1].project
    for path in [project / "tooling" / "README.md", *(project / "docs").rglob("*.md"), *project.glob("*.md")]:
        path.write_text("# Changed\n\n- Update (2026-11-27): a line written after the build began.\n",
                        encoding="utf-8")

    def pages(site) -> dict:
        renderer = Renderer(site, [ROOT / "overrides" / "corpus"])
        keys = [k for k in site.plan.by_key if k[0] in ("finding", "findings", "tooling", "lane", "health", "history")]
        return {k: renderer.page(site.plan.by_key[k]).html for k in keys} | {"json": findings_json(site)}

    kept, changed = (pages(site) for site in sites)
    assert len(kept) > 20 and changed == kept
