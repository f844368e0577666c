"""The core of one build: load the corpus, plan its pages, index and cross-reference them = a `Site`.

`assemble_site(project, options)` is the one entry point, shared by the MkDocs glue, the benchmark and
the tests. It also reads what the pages need besides the corpus (the record of published ids, the
verification results, git dates and the findings history) and works out the findings' timeline, so that
the `Site` it returns is complete and never changes afterwards. No mkdocs import.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from macros.fs import gitdates
from macros.fs.gitdates import GitDates
from macros.fs.memo import Memo
from macros.load.corpus import load_corpus
from macros.load.history import History, Snap, build_history, former_ids, pending_retitles
from macros.load.record import check_record
from macros.load.states import attach_states
from macros.model.data import Artifact, Brief, Corpus, Diagnostic, Doc, Lane
from macros.model.defaults import BRIEFS_LANE, CORPUS_DIR, RECORD_NAME, SITE_PAGES
from macros.model.stats import counts
from macros.plan.aliases import alias_problems
from macros.plan.pages import Plan, Settings, plan_site
from macros.text.plain import unique_name
from macros.timeline.collect import Timeline, collect_timeline
from macros.xref.anchors import anchor_problems
from macros.xref.links import MAX_ALTERNATIVES, PathIndex, build_index, too_many_alternatives, unresolved_paths
from macros.xref.refs import XRefs, cross_reference
from macros.xref.sources import Sources, collect_sources

NO_HISTORY = History((), False, "git is not used for this build, so there is no history to show")


@dataclass(frozen=True)
class Options:
    """What one assembly needs besides the project folder (the MkDocs glue fills it from mkdocs.yml)."""

    build_date: date
    site: Settings = field(default_factory=lambda: Settings(""))  # lane_folders None: read from the corpus
    corpus_dir: str = CORPUS_DIR
    docs_dir: str = "docs"
    briefs_lane: str = BRIEFS_LANE
    published_ids: str = RECORD_NAME  # the record of published finding ids, in the corpus folder
    docs_markdown: Any = None  # the docs pages' Python-Markdown converter (headings get MkDocs' ids)
    git: bool = True  # False: no git dates and no history (tests of a checkout that must not depend on git)
    site_pages: tuple[str, ...] = SITE_PAGES  # globs of the pages of docs/ that are the site's own (the guide)
    hard_links: bool = False  # publish files with more than one hard link (the `allow_hard_links` option)
    # per-file read results kept by `mkdocs serve` between builds (macros/fs/memo.py); None: read everything
    memo: Memo | None = field(default=None, compare=False)


@dataclass(frozen=True)
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
    sources: Sources | None = None  # verification results and each page's source URLs (macros/xref/sources.py)
    # everything loading, planning and cross-referencing found (the glue adds its own on the build state)
    diagnostics: tuple[Diagnostic, ...] = ()
    timeline: Timeline | None = None  # the findings over time (macros/timeline/collect.py)
    history: History = NO_HISTORY  # the findings history from git (macros/load/history.py)

    @property
    def settings(self) -> Settings:
        return self.plan.settings

    @functools.cached_property
    def counts(self) -> dict:
        """The corpus's counts (`macros.model.stats.counts`), made once per build on first use: the home
        page, the lists, the timeline and the health page all show them. Do not mutate."""
        return counts(self.corpus)


def assemble_site(project: Path, options: Options) -> Site:
    """Load, plan and cross-reference the corpus of `project`: the complete, frozen `Site` of one build."""
    corpus_dir = options.corpus_dir
    corpus = load_corpus(project, corpus_dir=corpus_dir, docs_dir=options.docs_dir, build_date=options.build_date,
                         briefs_lane=options.briefs_lane, docs_markdown=options.docs_markdown,
                         record_name=options.published_ids, site_pages=options.site_pages,
                         hard_links=options.hard_links, memo=options.memo)
    git = gitdates.collect(project, blame=[corpus.index.path], tree=corpus_dir,
                           also=tuple(d.repo_path for d in corpus.docs if d.repo_path), memo=options.memo) \
        if options.git else GitDates(False)
    corpus = attach_states(corpus, git)  # claim dates from git: before the plan, so every page agrees
    settings = options.site
    if settings.lane_folders is None:
        settings = replace(settings, lane_folders=lane_folders(project / corpus_dir))
    site = _cross_referenced(plan_site(corpus, settings), git=git, project=project)
    # the history page and the redirects from every id a finding had read it (each commit cached under .cache/)
    history = build_history(project, corpus.index.path, cache_dir=project / ".cache" / "corpus-history") \
        if options.git else NO_HISTORY
    record = f"{corpus_dir}/{options.published_ids}"
    pending = uncommitted_retitles(site.corpus, history)
    found = check_record(site.corpus, project / record, record, _former_ids(site.corpus, history, pending),
                         pending)
    found += anchor_problems(site.corpus, site.index, project, options.memo)
    found += alias_problems(site.plan)
    found += [Diagnostic("warning", path if "/" in path or path == corpus_dir else f"{corpus_dir}/{path}", line,
                         message) for path, line, message in git.problems]
    # the corpus as loaded: the sources of what the plan left out are dropped with its pages
    sources, results = collect_sources(corpus, site.plan, project)
    return replace(site, sources=sources, diagnostics=site_diagnostics(site) + tuple(found) + tuple(results),
                   timeline=collect_timeline(site), history=history)


def old_ids(site: Site) -> dict[str, str]:
    """Every id a finding had on a commit of the branch, or at the newest commit before a retitle not
    committed yet (a retitle under `mkdocs serve`), that it no longer has → its current id."""
    return _former_ids(site.corpus, site.history, uncommitted_retitles(site.corpus, site.history))


def _former_ids(corpus: Corpus, history: History, pending: dict[str, str]) -> dict[str, str]:
    current = {f.id: f.id for f in corpus.findings}
    current.update((a, f.id) for f in corpus.findings for a in f.aliases if a not in current)
    out = former_ids(history, current)
    out.update((old, new) for old, new in pending.items() if old not in current)
    return out


def uncommitted_retitles(corpus: Corpus, history: History) -> dict[str, str]:
    """Findings retitled in the working tree since the newest commit: old id → current id."""
    now = tuple(Snap(f.id, f.number, f.title, f.marker, tuple(f.aliases), len(f.notes), f.summary)
                for f in corpus.findings)
    return pending_retitles(history, now)


def lane_folders(corpus_root: Path) -> frozenset[str]:
    """The real folders directly under the corpus folder (links left out)."""
    if not corpus_root.is_dir():
        return frozenset()
    return frozenset(p.name for p in corpus_root.iterdir() if p.is_dir() and not p.is_symlink())


def _cross_referenced(plan: Plan, *, git: GitDates, project: Path) -> Site:
    """The planned corpus indexed and cross-referenced, before `assemble_site` adds the rest (what the plan
    left out has no page, so it is left out here too: the corpus is the plan's)."""
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


def site_diagnostics(site: Site) -> tuple[Diagnostic, ...]:
    """What loading and planning found, with the checks of what findings cite and the git notice."""
    corpus = site.corpus
    out = list(corpus.diagnostics) + list(site.plan.diagnostics)
    for f in corpus.findings:
        for code in f.cited:
            if too_many_alternatives(code):
                out.append(Diagnostic("warning", f.source, f.line, f'finding {f.number} "{f.title}" cites '
                                      f"`{code[:80]}{'…' if len(code) > 80 else ''}`, whose {{…,…}} groups name "
                                      f"more than {MAX_ALTERNATIVES} paths; only the first {MAX_ALTERNATIVES} are "
                                      "linked.", "`huggingface/spaces/gemma-4-{31b,e4b}-it-app.py`"))
        for p in unresolved_paths(site.index, f.cited):
            out.append(Diagnostic("warning", f.source, f.line,
                                  f'finding {f.number} "{f.title}" cites `{p}`, which looks like a corpus '
                                  f"file but is neither in {corpus.root}/ nor in the source manifest"))
    if not site.git.available and site.git.note:
        out.append(Diagnostic("info", corpus.root, None, site.git.note))
    return tuple(out)


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
