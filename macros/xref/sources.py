"""The state of each cited source on the site, from the results of `make verify` (offline, no mkdocs import).

The build reads `<corpus>/verification.yaml` (macros/verify_results.py) and never fetches anything. A
missing file means every source is "not checked yet"; a malformed one is an error at file:line and the
rest of the site builds as if it were missing.

Which sources a page shows: an artifact its `sources.yaml` URL and the source URLs of the lane README
sections that list it; a brief its model-card links; a finding the URLs in its text (read from the index
as `make verify` reads it, so the URL strings match the results file's keys).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from macros.fs import safe as safefs
from macros.model.data import Corpus, Diagnostic
from macros.plan.pages import Key, Plan
from macros.text.safeurl import http_url
from macros.verify.collect import markdown_urls
from macros.verify.results import EXAMPLE, FILE_NAME, STATES, Result, VerificationError, load_verification, source_state

#: The /health/ heading of each state that is not OK (STATES order, worst first).
STATE_TITLES = {"gone": "Gone", "moved": "Moved", "changed": "Changed upstream since retrieval",
                "error": "Check failed", "refused": "Refused (not checked)", "not-checked": "Not checked yet"}
RESULTS_LIMIT = 8 * 1024 * 1024  # a results file for thousands of URLs is well under this


@dataclass(frozen=True)
class SourceView:
    """One source as a page shows it: the URL, its state and the label of that state."""

    url: str
    state: str  # one of verify_results.STATES
    label: str  # "verified 2026-11-29", "moved →", "gone (404)", "changed upstream since retrieval" …
    detail: str  # why, for a tooltip
    href: str | None  # the URL when it may be a link (http/https), else None (shown as text)
    new_url: str | None = None  # for a move: the address to cite now
    new_href: str | None = None


@dataclass(frozen=True)
class Sources:
    """The verification results of one build and the sources each generated page cites."""

    results: Mapping[str, Result]
    present: bool  # whether the results file exists (and was read)
    by_page: Mapping[Key, tuple[str, ...]]  # page key → the source URLs it shows, in order
    pages_of: Mapping[str, tuple[Key, ...]]  # URL → the pages that show it

    def view(self, url: str) -> SourceView:
        return source_view(url, self.results)

    def views(self, key: Key) -> list[SourceView]:
        return [self.view(u) for u in self.by_page.get(key, ())]

    def all_urls(self) -> list[str]:
        """Every URL the site knows: shown on a page, or recorded in the results file."""
        return sorted(set(self.pages_of) | set(self.results))

    def counts(self) -> dict[str, int]:
        """Sources per state (every state present, in STATES order), 'total', and 'checked' (1 when `make
        verify` has written its results, 0 before: the pages then say so instead of a 0 % headline)."""
        out = {s: 0 for s in STATES}
        for url in self.all_urls():
            out[self.view(url).state] += 1
        out["total"] = sum(out[s] for s in STATES)
        out["checked"] = int(self.present)
        return out


def safe_href(url: str | None) -> str | None:
    """The URL when it may be a link: http(s) only (`safeurl.http_url`); anything else is shown as text."""
    return http_url(url.strip()) if isinstance(url, str) else None


def source_view(url: str, results: Mapping[str, Result]) -> SourceView:
    state, label, detail = source_state(url, results)  # type: ignore[arg-type]  # it only calls .get
    new = None
    if state == "moved":
        r = results[url]
        new = r.final_url
        if new:
            label = "moved →"
    return SourceView(url, state, label, detail, safe_href(url), new, safe_href(new))


def read_results(project: Path, corpus_dir: str) -> tuple[dict[str, Result], bool, list[Diagnostic]]:
    """(results, present, diagnostics) of `<corpus>/verification.yaml`, read through safefs."""
    rel = f"{corpus_dir}/{FILE_NAME}"
    root = project / corpus_dir
    if not (root / FILE_NAME).exists() and not (root / FILE_NAME).is_symlink():
        return {}, False, [Diagnostic("info", rel, None, "no source verification results yet: every source shows "
                                      "\"not checked yet\"; run `make verify` where there is network, then commit "
                                      "the file")]
    try:
        data, size = safefs.read_bytes(root, FILE_NAME, RESULTS_LIMIT + 1)
    except OSError as exc:
        return {}, False, [Diagnostic("warning", rel, None, f"file skipped: {exc.strerror or 'unreadable'}")]
    if len(data) > RESULTS_LIMIT:
        return {}, False, [Diagnostic("error", rel, None, f"the results file is larger than "
                                      f"{RESULTS_LIMIT // (1024 * 1024)} MB; it was not read")]
    try:
        results = load_verification(data.decode("utf-8", errors="replace"), rel)
    except VerificationError as e:
        message = str(e).split("\n", 1)[0].removeprefix(f"{e.path}:{e.line}: ")
        return {}, False, [Diagnostic("error", rel, e.line, f"{message} (every source shows \"not checked "
                                      "yet\" until this is fixed)", EXAMPLE)]
    return results, True, []


def finding_urls(index_text: str, corpus: Corpus) -> dict[str, tuple[str, ...]]:
    """finding id → the URLs written in its lines of the index (its text and notes), in order."""
    at = finding_at(corpus)
    out: dict[str, dict[str, None]] = {}
    listed = corpus.index.urls if index_text == corpus.index.text else None  # (listed when it was read)
    for url, line in listed if listed is not None else markdown_urls(index_text):
        fid = at(line)
        if fid is not None:
            out.setdefault(fid, {})[url] = None
    return {k: tuple(v) for k, v in out.items()}


def collect_sources(corpus: Corpus, plan: Plan, project: Path) -> tuple[Sources, list[Diagnostic]]:
    """The build's Sources: the results file and the URLs each page cites (a finding's: in the index as read
    when loading, whose lines the findings' line numbers count)."""
    results, present, diags = read_results(project, corpus.root)
    by_page: dict[Key, tuple[str, ...]] = {}
    for a in corpus.artifacts:
        urls = [a.source.url] if a.source and a.source.url else []
        urls += [u for listing in a.listings for u in listing.urls]
        if urls:
            by_page[("artifact", a.path)] = tuple(dict.fromkeys(urls))
    for b in corpus.briefs:
        urls = [str(u) for u in b.meta.get("sources", []) if u]
        if urls:
            by_page[("brief", b.slug)] = tuple(dict.fromkeys(urls))
    if corpus.findings:
        for fid, urls in finding_urls(corpus.index.text, corpus).items():
            by_page[("finding", fid)] = urls
    # pages show http(s) sources only: other schemes (`javascript:` …) are refused by `make verify` and
    # listed in its report, never shown as a page's source
    by_page = {k: kept for k, v in by_page.items() if k in plan.by_key
               for kept in [tuple(u for u in v if safe_href(u))] if kept}
    pages_of: dict[str, list[Key]] = {}
    for key, urls in by_page.items():
        for u in urls:
            pages_of.setdefault(u, []).append(key)
    return Sources(MappingProxyType(results), present, MappingProxyType(by_page),
                   MappingProxyType({u: tuple(k) for u, k in pages_of.items()})), diags


def finding_at(corpus: Corpus):
    """A lookup: line of the index → the id of the finding whose lines hold it, or None (bisect, not a scan)."""
    fs = sorted(corpus.findings, key=lambda f: f.line)
    starts = [f.line for f in fs]

    def at(line: int) -> str | None:
        i = bisect.bisect_right(starts, line) - 1
        return fs[i].id if i >= 0 and line <= max(fs[i].end_line, fs[i].line) else None

    return at


def cited_key(where: str, site, finding=None) -> Key | None:
    """The page of a `path:line` citation from the results file (`site`: a macros.pipeline.Site), or None.
    `finding`: a `finding_at(corpus)` lookup, made once for many calls."""
    corpus = site.corpus
    path, _, line_s = where.rpartition(":")
    line = int(line_s) if line_s.isdigit() else 0
    root = corpus.root + "/"
    if path == corpus.index.path:
        fid = (finding or finding_at(corpus))(line)
        return ("finding", fid) if fid is not None else ("tooling", "")
    if not path.startswith(root):
        return None
    rel = path[len(root):]
    lane = next((lane for lane in corpus.lanes if lane.path == path), None)
    if lane is not None:
        return ("lane", lane.name)
    brief = next((b for b in corpus.briefs if b.path == rel), None)
    if brief is not None:
        return ("brief", brief.slug)
    return ("artifact", rel) if rel in site.artifacts else None
