"""A finding over time, for one build: when its claim was made and what came later in the files it cites.

Glue between the site (plan, cross-references, git dates) and the pure rules of `later.py`: which files
a finding cites (the lane READMEs, briefs and doc sections of its own and its notes' references), the
dated update lines in each (read once per file per build), and the briefs for the generation rule.
No mkdocs import.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Mapping, Protocol

from macros.fs.gitdates import GitDates
from macros.model.data import Artifact, Brief, Corpus, Doc, Finding, Lane
from macros.plan.pages import Plan
from macros.text.plain import squash
from macros.timeline import later
from macros.xref.links import PathIndex
from macros.xref.refs import XRefs

LATER_MAX = 20  # "Later in the corpus" entries per finding (page, findings.json, search); the rest are counted
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MARKUP = re.compile(r"[`*_]|\[([^\]]*)\]\([^)]*\)")


class SiteParts(Protocol):
    """What the timeline reads of a site (macros.pipeline.Site, which is assembled from it)."""

    corpus: Corpus
    plan: Plan
    xrefs: XRefs
    index: PathIndex
    git: GitDates
    lanes: Mapping[str, Lane]
    briefs: Mapping[str, Brief]
    artifacts: Mapping[str, Artifact]
    artifacts_by_lane: Mapping[str, tuple[Artifact, ...]]


@dataclass(frozen=True)
class Source:
    """One cited file (or doc section) whose dated update lines count."""

    path: str  # repository-relative path, e.g. tooling/google-official/README.md
    url: str  # its page, site-root-relative (with the section's anchor for a doc section)
    updates: tuple[later.DatedLine, ...]


@dataclass
class Timeline:
    """The build's view of findings over time, worked out for every finding when the site is assembled
    (`collect_timeline`); each cited file's update lines are read once."""

    site: SiteParts
    _updates: dict[str, tuple[later.DatedLine, ...]] = field(default_factory=dict)
    _doc_lines: dict[str, list[str]] = field(default_factory=dict)
    _later: dict[str, tuple[later.LaterNote, ...]] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)  # source path → page URL, for the later notes
    _more: dict[str, tuple[int, tuple[tuple[str, str], ...]]] = field(default_factory=dict)
    # path → (its update lines sorted by date, their dates): a whole file's lines, sorted once per build
    _by_date: dict[str, tuple[list[later.DatedLine], list[date]]] = field(default_factory=dict)

    def recorded(self, f: Finding) -> date | None:
        """When git first recorded the finding's lines, or None (no git, or not committed)."""
        git = self.site.git
        span = git.span(f.source, f.line, f.end_line) if git.available else None
        return date.fromisoformat(span[0]) if span else None

    def claim(self, f: Finding) -> date | None:
        """The date of the claim, as the finding's current state has it (macros/model/state.py `claim_of`)."""
        return self.site.corpus.state(f).claim.date

    def later(self, f: Finding) -> tuple[later.LaterNote, ...]:
        """The first LATER_MAX later facts of the finding, oldest first (`more` counts the rest)."""
        got = self._later.get(f.id)
        if got is None:
            got = self._later[f.id] = self._compute(f)
        return got

    def more(self, f: Finding) -> tuple[int, tuple[tuple[str, str], ...]]:
        """How many later facts `later` leaves out, and (path, page URL) of the files that hold them."""
        self.later(f)
        return self._more.get(f.id, (0, ()))

    def _window(self, claim: date, sources: list[Source]) -> tuple[list[later.DatedLine], int]:
        """Per source, the update lines dated after the claim and not after the build date (a date still
        to come is not a fact yet): the first LATER_MAX of each, and how many there are in all. Each
        source's lines are sorted once per build, so a finding costs O(sources × (log n + LATER_MAX))."""
        until = self.site.corpus.build_date
        picked: dict[tuple, later.DatedLine] = {}
        total = 0
        for s in sources:
            whole = s.updates is self._updates.get(s.path)
            got = self._by_date.get(s.path) if whole else None
            if got is None:
                ordered = sorted(s.updates, key=lambda u: (u.date, u.line))
                got = (ordered, [u.date for u in ordered])
                if whole:
                    self._by_date[s.path] = got
            ordered, dates = got
            lo, hi = bisect_right(dates, claim), bisect_right(dates, until)
            total += max(0, hi - lo)
            for u in ordered[lo:min(hi, lo + LATER_MAX)]:
                picked.setdefault((u.path, u.line, u.date), u)
        return list(picked.values()), total

    # ------------------------------------------------------------------ what a finding cites

    def _compute(self, f: Finding) -> tuple[later.LaterNote, ...]:
        claim = self.claim(f)
        if claim is None:
            return ()
        site = self.site
        c = site.corpus
        refs = list(site.xrefs.refs.get(f.id, ()))
        lanes: dict[str, None] = {}
        whole: set[str] = set()  # lanes cited as such: every update line of their README counts
        files: dict[str, list[str]] = {}  # lane → the paths of its files the finding cites
        briefs: dict[str, Brief] = {}
        related: dict[str, Brief] = {}
        for r in refs:
            if r.kind == "lane":
                lanes[r.key] = None
                whole.add(r.key)
            elif r.kind == "artifact" and "/" in r.key:
                lanes[r.key.split("/", 1)[0]] = None
                files.setdefault(r.key.split("/", 1)[0], []).append(r.key)
            elif r.kind == "brief" and r.key in site.briefs:
                briefs[r.key] = site.briefs[r.key]
        if c.briefs_lane in lanes:  # citing the briefs lane's index cites its catalog: every brief
            related = {b.slug: b for b in c.briefs}
        sections = [(t.file, t.section) for t in f.targets if t.known]
        sections += [(t.file, t.section) for n in f.notes for t in n.targets if t.known]
        sources: list[Source] = []
        for name in lanes:
            lane = site.lanes.get(name)
            if lane is not None and lane.path and ("lane", name) in site.plan.urls:
                src = self._source(lane.path, site.plan.urls[("lane", name)],
                                   lambda lane=lane: lane.readme_body, first_line=lane.body_line)
                if name not in whole:
                    src = self._for_files(src, lane, files.get(name, []))
                sources.append(src)
        for b in briefs.values():
            url = site.plan.urls.get(("brief", b.slug))
            if url is not None:
                path = f"{c.root}/{b.path}"
                sources.append(self._source(path, url, lambda b=b: b.body, first_line=b.body_line))
        docs = {d.file: d for d in c.docs}
        for file, section in dict.fromkeys(sections):
            doc = docs.get(file)
            if doc is not None:
                sources.append(self._doc_source(doc, section))
        updates, total = self._window(claim, sources)
        facts = [self._brief_facts(b) for b in {**related, **briefs}.values()]
        got = later.later_in_corpus(claim, updates, facts, related_briefs=[self._brief_facts(b) for b in c.briefs],
                                    until=c.build_date)
        total += sum(1 for n in got if n.rule != "update-line")
        if total > LATER_MAX:
            shown = got[:LATER_MAX]
            files = tuple(dict.fromkeys((s.path, s.url) for s in sources if s.updates))
            self._more[f.id] = (total - len(shown), files)
            return shown
        return got

    def _source(self, path: str, url: str, text, *, first_line: int = 1) -> Source:
        got = self._updates.get(path)
        if got is None:
            got = self._updates[path] = later.dated_updates(text(), path, first_line=first_line)
        self.urls.setdefault(path, url)
        return Source(path, url, got)

    def _for_files(self, src: Source, lane: Lane, paths: list[str]) -> Source:
        """Only the README's update lines about the cited files: in a file's table section, or naming it."""
        site = self.site
        names = [a.path.rsplit("/", 1)[-1] for a in site.artifacts_by_lane.get(lane.name, ())]
        rows: list[int] = []
        mentions: list[later.FileMentions] = []
        for path in paths:
            a = site.artifacts.get(path)
            if a is not None:
                rows += [item.line for item in a.listings if item.readme == lane.readme]
            base = path.rsplit("/", 1)[-1]
            mentions.append(later.FileMentions(lane.name, path.split("/", 1)[1], names.count(base) <= 1,
                                               site.corpus.root))
        lines = lane.readme_body.splitlines()
        return Source(src.path, src.url, later.concerning(src.updates, lines, first_line=lane.body_line,
                                                          rows=rows, mentions=mentions))

    def _doc_source(self, doc: Doc, section: str | None) -> Source:
        url = self.site.plan.urls[("doc", doc.file)]
        lines = self._doc_text(doc)
        every = self._source(doc.repo_path, url, lambda: "\n".join(lines))
        if section is None:
            return every
        first, last = _section_lines(lines, section)
        heading = next((h for h in doc.headings if h.text == section), None)
        return Source(doc.repo_path, url + (f"#{heading.anchor}" if heading else ""),
                      tuple(u for u in every.updates if first <= u.line <= last))

    def _doc_text(self, doc: Doc) -> list[str]:
        got = self._doc_lines.get(doc.file)
        if got is None:
            got = self._doc_lines[doc.file] = doc.text.splitlines()  # the file as the loader read it
        return got

    def _brief_facts(self, b: Brief) -> later.BriefDates:
        m = b.meta
        path = f"{self.site.corpus.root}/{b.path}"
        url = self.site.plan.urls.get(("brief", b.slug))
        if url is not None:
            self.urls.setdefault(path, url)
        line = b.facts.generations[0].line if b.facts and b.facts.generations else None
        said = b.facts.added.value if b.facts and b.facts.added else None  # "Added on …" in its prose
        return later.BriefDates(path, b.name, _opt(m.get("base_generation")), _opt(m.get("released")),
                                _opt(m.get("added") or said), line)


def _opt(value) -> str | None:
    return None if value is None else str(value)


def _section_lines(lines: list[str], section: str) -> tuple[int, int]:
    """(first, last) line of the section whose heading reads `section`; (0, -1) when there is none."""
    want = squash(section).casefold()
    fence = None
    start = level = None
    for n, line in enumerate(lines, 1):
        f = _FENCE.match(line)
        if f:
            fence = None if fence == f.group(1)[0] else (fence or f.group(1)[0])
            continue
        if fence:
            continue
        m = _HEADING.match(line)
        if not m:
            continue
        depth = len(m.group(1))
        if start is not None and depth <= level:
            return start, n - 1
        if start is None and squash(_MARKUP.sub(lambda x: x.group(1) or "", m.group(2))).casefold() == want:
            start, level = n, depth
    return (start, len(lines)) if start is not None else (0, -1)


def collect_timeline(site: SiteParts) -> Timeline:
    """The timeline of every finding of the site, worked out once (the pages and exports only look it up)."""
    got = Timeline(site)
    for f in site.corpus.findings:
        got.later(f)
    return got
