"""Each finding's current state, derived once per build before anything is planned or shown.

The state itself is pure (`macros/model/state.py`); this adds what only the loader knows: the research pass
the index names and, when git is there, when git first recorded each finding's lines.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import MappingProxyType

from macros.fs.gitdates import GitDates, iso
from macros.model.data import Corpus, Finding
from macros.model.state import FindingState, claim_of, derive_state, research_date
from macros.text.plain import html_to_text


def index_research_date(corpus: Corpus) -> date | None:
    """The date of the research pass the index names: in the findings' intro, else the index's intro."""
    ix = corpus.index
    return research_date(html_to_text(ix.findings_intro_html), html_to_text(ix.intro_html))


def _recorded(f: Finding, git: GitDates | None) -> tuple[date | None, bool]:
    """(when git first recorded the finding's lines, whether that was after the index's first commit)."""
    if git is None or not git.available:
        return None, False
    span = git.span(f.source, f.line, f.end_line)
    if not span:
        return None, False
    first = git.first.get(f.source)
    return date.fromisoformat(span[0]), first is not None and span[0] > iso(first)


def attach_states(corpus: Corpus, git: GitDates | None = None) -> Corpus:
    """The corpus with `states` filled in: one `FindingState` per finding (keyed by source and line)."""
    research = index_research_date(corpus)
    states: dict[tuple[str, int], FindingState] = {}
    for f in corpus.findings:
        recorded, added_later = _recorded(f, git)
        claim = claim_of(f, research=research, recorded=recorded, added_later=added_later)
        states[(f.source, f.line)] = derive_state(f, build_date=corpus.build_date, claim=claim)
    return replace(corpus, states=MappingProxyType(states))


__all__ = ["attach_states", "index_research_date"]
