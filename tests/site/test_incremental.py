"""Incremental preview under `mkdocs serve` (issue 26, item 3).

The builds of one serve process share the plugin instance (MkDocs keeps a plugin that has on_startup), so
these tests build in-process twice with the same instance, as serve does, and count the generated pages
each build rendered (`CorpusBuild.count`). The output of the incremental build must be byte-identical to
a clean build of the same files.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from support.paths import ROOT
from support.project import BUILD_EPOCH, REPO_URL, SITE_URL, build, make_project
from macros import plugin as corpus_plugin
from macros.fs.memo import FileDigests, Memo
from macros.views.deps import DEPENDS_ON

_spec = importlib.util.spec_from_file_location("compare_sites", ROOT / "scripts" / "compare_sites.py")
compare_sites = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare_sites)

WHOLE_CORPUS = ("tooling", "findings", "catalog", "health", "history")  # kinds that list every finding or brief


def always(kind: str) -> bool:
    """A kind rendered on every build: not in the dependency map (the whole-corpus pages, the maps)."""
    return kind not in DEPENDS_ON


class Serve:
    """The builds of one `mkdocs serve` process, in this process."""

    def __init__(self, project: Path, site: Path):
        self.project, self.site = project, site
        self.plugin = None

    def build(self):
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        plugin = corpus_plugin.find(config)
        if self.plugin is None:
            config.plugins.on_startup(command="serve", dirty=False)
            self.plugin = plugin
        assert plugin is self.plugin, "MkDocs gave this build a new plugin instance"
        mkdocs_build(config)
        return plugin.build

    def close(self):
        if self.plugin is not None:
            self.plugin.on_shutdown()  # as serve's end does: its search working folder is removed
            self.plugin.on_startup(command="build", dirty=False)  # drops the cache: later tests build plainly


@pytest.fixture
def serve(tmp_path, monkeypatch):
    monkeypatch.delenv("CORPUS_DIR", raising=False)
    monkeypatch.setenv("REPO_URL", REPO_URL)  # (as support.project.build sets them for the clean build)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    monkeypatch.setenv("SITE_URL", SITE_URL)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    s = Serve(make_project(tmp_path / "project"), tmp_path / "site")
    yield s
    s.close()


def _kinds(state, uris):
    return [state.site.plan.pages[u].kind for u in uris]


def test_brief_edit_rerenders_the_brief_not_the_artifacts(serve, tmp_path):
    first = serve.build()
    assert not first.count.reused and set(first.count.rendered) == set(first.site.plan.pages)
    artifacts = [u for u, s in first.site.plan.pages.items() if s.kind == "artifact"]
    assert len(artifacts) >= 40 and all(always(k) for k in WHOLE_CORPUS)

    brief = serve.project / "tooling" / "gemma-family" / "shieldgemma-2.md"
    brief.write_text(brief.read_text(encoding="utf-8") + "\nA paragraph added while previewing.\n", encoding="utf-8")
    again = serve.build()
    rendered = set(again.count.rendered)
    slug_page = next(u for u, s in again.site.plan.pages.items() if s.kind == "brief" and s.key[1] == "shieldgemma-2")
    assert slug_page in rendered
    assert not [u for u in rendered if again.site.plan.pages[u].kind == "artifact"]
    assert set(artifacts) <= set(again.count.reused)
    briefs_lane = again.site.corpus.briefs_lane
    citing = {again.site.plan.urls[("finding", f.id)] for f in again.site.xrefs.backlinks.get(("brief", "shieldgemma-2"), ())}
    for u in rendered:  # only the brief, the pages listing every brief, its backlinks, and the whole-corpus pages
        spec = again.site.plan.pages[u]
        assert always(spec.kind) or u == slug_page or spec.key == ("lane", briefs_lane) or spec.url in citing, u
    # the other briefs' facts were not read again
    hits, misses = again.cache.memo.last
    assert 1 <= misses <= 3 and hits >= 10, (hits, misses)  # the brief's facts, links and headings only

    clean = build(serve.project, site=tmp_path / "clean")
    assert clean.returncode == 0, clean.log[-2000:]
    assert compare_sites.differences(clean.site, serve.site) == []


def test_unchanged_rebuild_renders_only_the_whole_corpus_pages(serve):
    serve.build()
    again = serve.build()
    assert again.count.rendered and all(always(k) for k in _kinds(again, again.count.rendered))
    assert again.cache.memo.last[0] > 0 and again.cache.memo.last[1] == 0


def test_artifact_edit_rerenders_that_artifact(serve, tmp_path):
    first = serve.build()
    a = next(s for s in first.site.plan.pages.values() if s.kind == "artifact" and s.source and
             (serve.project / s.source).suffix == ".py" and (serve.project / s.source).is_file())
    path = serve.project / a.source
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited while previewing\n", encoding="utf-8")
    again = serve.build()
    assert [u for u in again.count.rendered if again.site.plan.pages[u].kind == "artifact"] == [a.src_uri]
    clean = build(serve.project, site=tmp_path / "clean")
    assert compare_sites.differences(clean.site, serve.site) == []


def test_a_template_change_drops_the_cache(serve):
    serve.build()
    template = serve.project / "overrides" / "corpus" / "artifact.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{# changed #}\n", encoding="utf-8")
    again = serve.build()
    assert not again.count.reused


def test_memo_reads_a_text_once_and_forgets_what_a_build_did_not_read():
    memo, calls = Memo(), []

    def reader(text, offset):
        calls.append(text)
        return (text.upper(), offset)

    assert memo.call(reader, "a", 1) == ("A", 1) and memo.call(reader, "a", 1) == ("A", 1)
    assert memo.call(reader, "a", 2) == ("A", 2) and calls == ["a", "a"]
    memo.sweep()
    memo.call(reader, "a", 1)
    memo.sweep()  # ("a", 2) was not read by this build: forgotten
    memo.call(reader, "a", 2)
    assert calls == ["a", "a", "a"]


def test_a_memoised_reader_reports_its_diagnostics_on_every_build():
    from macros.fs.memo import read_reporting
    from macros.model.diagnostics import Report

    memo, calls = Memo(), []

    def reader(text, path, *, report):
        calls.append(text)
        report.warning(path, 3, f"odd text {text!r}")
        return text.upper()

    first, second = Report(), Report()
    assert read_reporting(memo, reader, "x", "a.md", report=first) == "X"
    assert read_reporting(memo, reader, "x", "a.md", report=second) == "X"
    assert calls == ["x"] and first.items == second.items and len(second.items) == 1
    assert read_reporting(memo, reader, "x", "b.md", report=Report()) == "X" and calls == ["x", "x"]
    plain = Report()
    assert read_reporting(None, reader, "y", "a.md", report=plain) == "Y" and len(plain.items) == 1


def test_file_digest_follows_the_content(tmp_path):
    p, d = tmp_path / "f.txt", FileDigests()
    p.write_text("one", encoding="utf-8")
    first = d.digest(p)
    p.write_text("two!", encoding="utf-8")
    assert d.digest(p) != first and d.digest(tmp_path / "missing") is None


# --- the theme's output (macros/mkdocs/outputs.py): a page whose theme inputs are unchanged is not rendered again


def _same_as_clean(serve, tmp_path, name: str) -> None:
    serve.plugin.preview_index.wait()  # the search index of the preview is made after the reload
    clean = build(serve.project, site=tmp_path / name)
    assert clean.returncode == 0, clean.log[-2000:]
    assert compare_sites.differences(clean.site, serve.site) == []


def test_brief_edit_reuses_the_theme_output_of_the_pages_it_does_not_change(serve, tmp_path):
    first = serve.build()
    assert first.output_keys and not first.cached_outputs  # nothing to reuse on the first build
    brief = serve.project / "tooling" / "gemma-family" / "shieldgemma-2.md"
    brief.write_text(brief.read_text(encoding="utf-8") + "\nA paragraph added while previewing.\n", encoding="utf-8")
    again = serve.build()
    pages = again.site.plan.pages
    slug_page = next(u for u, s in pages.items() if s.kind == "brief" and s.key[1] == "shieldgemma-2")
    assert slug_page not in again.cached_outputs
    artifacts = [u for u, s in pages.items() if s.kind == "artifact"]
    assert set(artifacts) <= set(again.cached_outputs)
    assert "guide/lanes.md" in again.cached_outputs  # a docs page (Markdown) too
    assert len(again.cached_outputs) > 0.8 * len(again.output_keys)
    _same_as_clean(serve, tmp_path, "clean")


def test_a_nav_title_change_renders_every_page_again(serve, tmp_path):
    serve.build()
    guide = serve.project / "docs" / "guide" / "lanes.md"
    text = guide.read_text(encoding="utf-8")
    assert text.startswith("# ")
    guide.write_text("# Lanes, retitled while previewing" + text[text.index("\n"):], encoding="utf-8")
    again = serve.build()
    assert not again.cached_outputs  # every page shows the nav, which now has the new title
    _same_as_clean(serve, tmp_path, "clean")
    third = serve.build()  # and the next rebuild reuses them all again
    assert set(third.cached_outputs) == set(third.output_keys)
    _same_as_clean(serve, tmp_path, "clean2")


def test_a_finding_state_change_leaves_no_stale_page(serve, tmp_path):
    serve.build()
    index = serve.project / "tooling" / "README.md"
    text = index.read_text(encoding="utf-8")
    marker = "**[merged: GOTCHAS.md — MEDIUM severity section]**"
    assert marker in text
    index.write_text(text.replace(marker, "**[flagged — nothing to merge; check back mid-2026]**", 1),
                     encoding="utf-8")
    again = serve.build()
    assert again.cached_outputs  # pages that do not show the finding are reused
    _same_as_clean(serve, tmp_path, "clean")


def test_an_unknown_page_plugin_turns_the_output_cache_off():
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import PluginCollection
    from macros.mkdocs import outputs

    class Other:
        def on_post_page(self, output, *, page, config):
            return output

    config = MkDocsConfig()
    config.plugins = PluginCollection()
    assert outputs.cacheable(config)
    config.plugins["other"] = Other()
    assert not outputs.cacheable(config)
