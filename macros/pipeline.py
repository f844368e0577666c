"""The generated part of one build's site: the corpus, its plan, link index and cross-references.

`build_site` puts the pure layers together (plan → links → xref); views, rendering and reporting
read the `Site` it returns. No mkdocs import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from macros.fs import gitdates
from macros.fs.gitdates import GitDates
from macros.fs.memo import Memo
from macros.load.corpus import load_corpus
from macros.load.history import History, build_history, former_ids
from macros.load.states import attach_states
from macros.xref.links import PathIndex, build_index
from macros.model.data import Artifact, Brief, Corpus, Diagnostic, Doc, Lane
from macros.plan.pages import Plan, Settings, plan_site
from macros.text.plain import unique_name
from macros.xref.sources import Sources, collect_sources
from macros.xref.refs import XRefs, cross_reference


@dataclass
class Site:
    corpus: Corpus
    plan: Plan
    index: PathIndex
    xrefs: XRefs
    git: GitDates
    project: Path  # the folder the corpus folder is in (artifact pages read their files from it)
    # lookups by key, so that rendering a page never scans the corpus
    findings_by_id: Mapping[str, int]  # finding id → position in corpus.findings
    lanes: Mapping[str, Lane]
    briefs: Mapping[str, Brief]
    artifacts: Mapping[str, Artifact]
    artifacts_by_lane: Mapping[str, tuple[Artifact, ...]]
    docs_by_src: Mapping[str, Doc]  # path under docs/ → doc
    # (lane README path, line) of a file-table row → the row's id on the lane page (see `row_anchors`)
    row_anchors: Mapping[tuple[str, int], str] = field(default_factory=dict)
    notes: list[Diagnostic] = field(default_factory=list)  # found by the glue (published ids, broken links)
    sources: Sources | None = None  # verification results and each page's source URLs (macros/sources.py)
    history: History | None = None  # the findings' history from git, read on first use (`findings_history`)

    @property
    def settings(self) -> Settings:
        return self.plan.settings


def build_site(corpus: Corpus, plan: Plan, *, git: GitDates, project: Path) -> Site:
    """Index and cross-reference a planned corpus (what the plan left out has no page, so it is left out
    here too: `corpus` is only the corpus the plan was made from)."""
    corpus = plan.corpus
    index = build_index(corpus, plan.urls)
    by_lane: dict[str, list[Artifact]] = {}
    for a in corpus.artifacts:
        by_lane.setdefault(a.lane, []).append(a)
    return Site(
        corpus=corpus, plan=plan, index=index, xrefs=cross_reference(corpus, index, plan.urls), git=git,
        project=project,
        findings_by_id=MappingProxyType({f.id: i for i, f in enumerate(corpus.findings)}),
        lanes=MappingProxyType({lane.name: lane for lane in corpus.lanes}),
        briefs=MappingProxyType({b.slug: b for b in corpus.briefs}),
        artifacts=MappingProxyType({a.path: a for a in corpus.artifacts}),
        artifacts_by_lane=MappingProxyType({k: tuple(v) for k, v in by_lane.items()}),
        docs_by_src=MappingProxyType({d.src_uri: d for d in corpus.docs}),
        row_anchors=MappingProxyType(row_anchors(corpus)))


def assemble_site(project: Path, settings: Settings, *, corpus_dir: str, docs_dir: str, build_date,
                  briefs_lane: str, record_name: str, docs_markdown=None, memo: Memo | None = None) -> Site:
    """The core of every build, with no engine in it: load and validate the corpus (`corpus_dir`, and the
    docs pages under `docs_dir`, both relative to `project`), read its history from git, plan the site,
    index and cross-reference it and collect each page's sources. The MkDocs plugin, the materialised
    export (`python -m macros.materialise`) and the benchmark all start here. `settings.lane_folders` is
    filled from the corpus folder when it is None; `record_name` is the record of published ids (not a page);
    `memo`: per-file read results kept by `mkdocs serve` between builds (macros/fs/memo.py)."""
    corpus = load_corpus(project, corpus_dir=corpus_dir, docs_dir=docs_dir, build_date=build_date,
                         briefs_lane=briefs_lane, docs_markdown=docs_markdown, record_name=record_name,
                         memo=memo)
    git = gitdates.collect(project, blame=[corpus.index.path], tree=corpus_dir,
                           also=tuple(d.repo_path for d in corpus.docs if d.repo_path))
    corpus = attach_states(corpus, git)  # claim dates from git: before the plan, so every page agrees
    if settings.lane_folders is None:
        settings = replace(settings, lane_folders=lane_folders(project / corpus_dir))
    site = build_site(corpus, plan_site(corpus, settings), git=git, project=project)
    site.sources, found = collect_sources(corpus, site.plan, project)
    site.notes += found
    return site


def lane_folders(corpus_root: Path) -> frozenset[str]:
    """The real folders directly under the corpus folder (links are not lanes)."""
    if not corpus_root.is_dir():
        return frozenset()
    return frozenset(p.name for p in corpus_root.iterdir() if p.is_dir() and not p.is_symlink())


def findings_history(site: Site) -> History:
    """The findings' history from git, read once per build (each commit's findings cached under .cache/)."""
    if site.history is None:
        site.history = build_history(site.project, site.corpus.index.path,
                                     cache_dir=site.project / ".cache" / "corpus-history")
    return site.history


def old_ids(site: Site) -> dict[str, str]:
    """Every id a finding had on a commit of the branch that it no longer has → its current id."""
    current = {f.id: f.id for f in site.corpus.findings}
    current.update((a, f.id) for f in site.corpus.findings for a in f.aliases if a not in current)
    return former_ids(findings_history(site), current)


def row_anchors(corpus: Corpus) -> dict[tuple[str, int], str]:
    """A stable id for each file-table row of a lane README that names an artifact, from the path of the
    first file it names (`corpus-file-<path>`; a file in two tables gets `-2` on its second row). Ids
    from paths survive edits elsewhere in the README, unlike line numbers."""
    out: dict[tuple[str, int], str] = {}
    taken: dict[str, set[str]] = {}
    for a in corpus.artifacts:  # sorted by path: the first file a row names gives its id
        for item in a.listings:
            key = (item.readme, item.line)
            if key in out:
                continue
            used = taken.setdefault(item.readme, set())
            slug = re.sub(r"[^a-z0-9]+", "-", a.path.lower()).strip("-") or "file"
            anchor = unique_name(f"corpus-file-{slug}", used)
            used.add(anchor)
            out[key] = anchor
    return out
