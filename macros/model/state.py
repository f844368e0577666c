"""A finding's current state: derived once from its marker, its dated notes and its claim date.

Every surface (the finding page, the lists and their filters, backlinks, "Findings merged here", the home
page counts, link cards, short links, the feed, citations, search, findings.json) reads this one object,
so they cannot disagree. Pure: no git, no MkDocs; the caller passes the claim date it found.

Which note makes which state (README, "Notes under a finding"):

* no note: ``merged``, ``flagged``, ``flagged-overdue`` (past its re-check date) or ``error``;
* ``Re-checked`` with a ``[merged: …]`` marker: ``rechecked-merged`` (its targets join the current ones);
* ``Re-checked`` otherwise: ``rechecked-open`` on a flagged finding, ``rechecked-holds`` on a merged one;
* ``Update``: ``updated`` (the claim is narrowed and holds in part);
* ``Superseded``: ``superseded`` (no longer holds); ``Withdrawn``: ``withdrawn``. These two are final.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Iterable, Literal

from macros.model.notes import TERMINAL, Note
from macros.model.provenance import Status, Target

if TYPE_CHECKING:  # the finding's fields are read, never its class: model/data.py imports this module
    from macros.model.data import Finding

StateKey = Literal["merged", "flagged", "flagged-overdue", "error", "rechecked-open", "rechecked-holds",
                   "rechecked-merged", "updated", "superseded", "withdrawn"]
#: every key, in the order the findings list's filter offers them
STATE_KEYS: tuple[StateKey, ...] = ("merged", "flagged", "flagged-overdue", "rechecked-open", "rechecked-holds",
                                    "rechecked-merged", "updated", "superseded", "withdrawn", "error")
#: each state in words, as the status box, the list and the link card say it
WORDS: dict[str, str] = {
    "merged": "Merged", "flagged": "Flagged", "flagged-overdue": "Flagged, re-check overdue",
    "error": "Provenance marker needs attention", "rechecked-open": "Re-checked, still open",
    "rechecked-holds": "Re-checked, still holds", "rechecked-merged": "Re-checked, now merged",
    "updated": "Updated, holds in part", "superseded": "Superseded, no longer holds", "withdrawn": "Withdrawn",
}
#: where each state counts on the home page and in the list's filters: these add up to all findings
BUCKETS: dict[str, str] = {
    "merged": "merged", "rechecked-holds": "merged", "rechecked-merged": "merged", "flagged": "flagged",
    "flagged-overdue": "flagged", "rechecked-open": "flagged", "updated": "updated", "superseded": "superseded",
    "withdrawn": "withdrawn", "error": "error",
}
#: the verb a date of that state is labelled with: "re-checked 2026-11-28"
DATE_VERBS: dict[str, str] = {"update": "updated", "re-checked": "re-checked", "superseded": "superseded",
                              "withdrawn": "withdrawn"}
#: the old filter value and findings.json `state.key` of a note kind (kept: schema changes are additive)
_LEGACY = {"update": "updated", "re-checked": "re-checked", "superseded": "superseded", "withdrawn": "withdrawn"}
_UPPER = {"update": "UPDATED", "re-checked": "RE-CHECKED", "superseded": "SUPERSEDED", "withdrawn": "WITHDRAWN"}

ClaimSource = Literal["finding", "index", "git"]
#: a sentence of the index that dates its research pass: "Populated 2026-04-18 by parallel research"
_RESEARCH = re.compile(r"\b(?:populated|researched|research (?:captured|pass|done)|captured|collected|compiled|"
                       r"gathered|assembled|merged into [^.\n]{0,60}? on)\b[^.\n]{0,40}?(\d{4})-(\d{2})-(\d{2})",
                       re.IGNORECASE)
_AS_OF = re.compile(r"\bas of (\d{4})-(\d{2})-(\d{2})\b", re.IGNORECASE)
_SCAN = 4000  # characters of text searched for a date: bounded work on any input


@dataclass(frozen=True)
class Claim:
    """When the finding's claim was made, and where that date comes from."""

    date: date | None
    source: ClaimSource | None  # finding: its own "as of"; index: the research pass; git: first recorded

    @property
    def label(self) -> str:
        """The date as every card, list and citation labels it: "claimed 2026-04-18"."""
        if self.date is None:
            return "undated"
        if self.source == "git":
            return f"first recorded in git {self.date.isoformat()}"
        return f"claimed {self.date.isoformat()}"

    @property
    def why(self) -> str:
        """Where the date comes from, in words (the timeline's note)."""
        return {"finding": "the date it states", "index": "the research pass the corpus index names",
                "git": "when git first recorded its lines"}.get(self.source or "", "no date found")


@dataclass(frozen=True)
class CurrentTarget:
    """A place the finding now stands merged: from its own marker (note None) or a note's marker."""

    target: Target
    note: Note | None = None


@dataclass(frozen=True)
class FindingState:
    """Where a finding stands now. One per finding, in `Corpus.states`; the original status stays visible."""

    key: StateKey
    original: Status  # the status of the finding's own marker
    note: Note | None  # the note that set the state (None: the marker alone)
    targets: tuple[CurrentTarget, ...]  # marker targets, then those notes named
    overdue: bool
    due: date | None  # the re-check due date in force (a re-check's own flag can move it); None once cleared
    recheck: date | None  # the re-check date the finding's own marker names
    claim: Claim
    cleared_by: Note | None = None  # the re-check that cleared the marker's due date

    @property
    def words(self) -> str:
        return WORDS[self.key]

    @property
    def date(self) -> date | None:
        """The date of the state: the note's; for an overdue flag, the due date; else the claim's."""
        if self.note is not None:
            return self.note.date
        if self.key == "flagged-overdue":
            return self.due
        return self.claim.date

    @property
    def date_label(self) -> str:
        """The state's date, labelled: "re-checked 2026-11-28", "due 2026-07-01", "claimed 2026-04-18"."""
        if self.note is not None:
            return f"{DATE_VERBS[self.note.kind]} {self.note.date.isoformat()}"
        if self.key == "flagged-overdue" and self.due is not None:
            return f"due {self.due.isoformat()}"
        return self.claim.label

    @property
    def changed(self) -> bool:
        """True when the state is not the original status: the finding page opens with a status box."""
        return self.key != self.original

    @property
    def holds(self) -> bool:
        return self.key not in TERMINAL

    @property
    def bucket(self) -> str:
        """merged, flagged, updated, superseded, withdrawn or error: the counts that add up to all findings."""
        return BUCKETS[self.key]

    @property
    def answered(self) -> bool:
        """A flagged question a re-check answered by merging it."""
        return self.key == "rechecked-merged"

    @functools.cached_property
    def tokens(self) -> tuple[str, ...]:
        """The filter values the finding matches (the list's data-states): bucket, key, overdue, answered, and
        the first release's values (re-checked, …) so old `?status=` links keep working. (Made once: every
        page of the findings list counts them for its pager.)"""
        out = [self.bucket, self.key] + ["overdue"] * self.overdue + ["answered"] * self.answered
        out.append(self.legacy_key)
        return tuple(dict.fromkeys(out))

    @property
    def legacy_key(self) -> str:
        """The key of schema 2's first release (findings.json `state.key`, the `?status=` filter values)."""
        return _LEGACY[self.note.kind] if self.note is not None else self.original

    @property
    def label(self) -> str:
        """The badge wording: "FLAGGED · RE-CHECKED 2026-11-28", "SUPERSEDED 2026-06-10", "MERGED"."""
        if self.note is None:
            return self.original.upper()
        mine = f"{_UPPER[self.note.kind]} {self.note.date.isoformat()}"
        return mine if self.note.kind in TERMINAL else f"{self.original.upper()} · {mine}"

    @property
    def chip(self) -> str | None:
        """The pill beside the original status: the state in words and its date; None when unchanged."""
        if not self.changed:
            return None
        return f"{self.words} · {self.date.isoformat()}" if self.date else self.words

    @property
    def since(self) -> date | None:
        return self.note.date if self.note is not None else None

    @property
    def latest(self) -> Note | None:
        return self.note

    @property
    def plain(self) -> str:
        """One line for plain-text surfaces: "Re-checked, now merged (re-checked 2026-11-28)"."""
        return f"{self.words} ({self.date_label})" if self.changed else self.words

    @property
    def merged_targets(self) -> tuple[Target, ...]:
        return tuple(ct.target for ct in self.targets)


def _first_date(pattern: re.Pattern, text: str) -> date | None:
    for m in pattern.finditer(text[:_SCAN]):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None


def stated_date(text: str) -> date | None:
    """The finding's own date: its first "as of YYYY-MM-DD"."""
    return _first_date(_AS_OF, text)


def research_date(*texts: str) -> date | None:
    """The research pass an index names ("Populated 2026-04-18 by …"): the first such date in `texts`."""
    for text in texts:
        found = _first_date(_RESEARCH, text)
        if found is not None:
            return found
    return None


def claim_of(f: Finding, *, research: date | None, recorded: date | None, added_later: bool) -> Claim:
    """The claim's date: the finding's "as of", else the index's research pass (unless git shows the finding
    was added after the index's first commit), else when git first recorded its lines. Git's date is not the
    claim's when it is later than the finding's earliest note (a corpus committed after the fact)."""
    said = stated_date(f"{f.title} {f.summary}")
    if said is not None:
        return Claim(said, "finding")
    if research is not None and not added_later:
        return Claim(research, "index")
    if recorded is not None and not (f.notes and recorded > min(n.date for n in f.notes)):
        return Claim(recorded, "git")
    if research is not None:
        return Claim(research, "index")
    return Claim(None, None)


def _current_targets(f: Finding, notes: Iterable[Note]) -> tuple[CurrentTarget, ...]:
    out = [CurrentTarget(t) for t in f.targets]
    seen = {(t.file, t.section) for t in f.targets}
    for n in notes:
        for t in n.targets:
            if (t.file, t.section) not in seen:
                seen.add((t.file, t.section))
                out.append(CurrentTarget(t, n))
    return tuple(out)


def derive_state(f: Finding, *, build_date: date, claim: Claim | None = None) -> FindingState:
    """The finding's current state.

    * Notes are read in date order (source order on one day). Superseded and Withdrawn are final: later
      Update or Re-checked notes do not undo them (a later final note replaces an earlier one). Otherwise
      the latest note sets the state.
    * Overdue: past the due date, unless a Re-checked note on or after it cleared it; a re-check's own
      ``[flagged — check back …]`` sets the next due date. A superseded or withdrawn finding is never overdue.
    """
    ordered = sorted(f.notes, key=lambda n: (n.date, n.line))
    shown: Note | None = None
    for n in ordered:
        if shown is None or shown.kind not in TERMINAL or n.kind in TERMINAL:
            shown = n
    due, cleared = f.recheck, None
    for n in ordered:
        if n.kind == "re-checked" and due is not None and n.date >= due:
            cleared, due = n, n.recheck
    overdue = due is not None and build_date > due and (shown is None or shown.kind not in TERMINAL)
    key: StateKey
    if shown is None:
        key = "flagged-overdue" if f.status == "flagged" and overdue else f.status
    elif shown.kind == "re-checked":
        if shown.targets:
            key = "rechecked-merged"
        elif f.status == "merged":
            key = "rechecked-holds"
        else:
            key = "rechecked-open"  # overdue again when its own flag's new due date has passed
    elif shown.kind == "update":
        key = "updated"
    else:
        key = shown.kind  # type: ignore[assignment]
    return FindingState(key=key, original=f.status, note=shown, targets=_current_targets(f, ordered),
                        overdue=overdue, due=due, recheck=f.recheck, claim=claim or Claim(None, None),
                        cleared_by=cleared)


def state_record(state: FindingState, targets: list[dict]) -> dict:
    """A finding's state as findings.json (schema 2) writes it: the first release's fields, then the added ones."""
    n = state.note
    return {"key": state.legacy_key, "label": state.label, "date": n.date.isoformat() if n else None,
            "current": state.key, "words": state.words, "original": state.original,
            "note": None if n is None else {"kind": n.kind, "date": n.date.isoformat(), "text": n.text},
            "targets": targets, "holds": state.holds}


__all__ = ["BUCKETS", "STATE_KEYS", "WORDS", "Claim", "CurrentTarget", "FindingState", "StateKey", "claim_of",
           "derive_state", "research_date", "state_record", "stated_date"]
