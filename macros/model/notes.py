"""Dated notes under a finding and the state a finding is in once they are read: frozen data, no grammar.

The note grammar (leads, dates, markers) is read by macros/read/notes.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Literal, Sequence

from macros.model.provenance import Status, Target

NoteKind = Literal["update", "re-checked", "superseded", "withdrawn"]

#: how each kind reads in a lead and in a state label
KIND_WORDS: dict[NoteKind, str] = {
    "update": "Update", "re-checked": "Re-checked", "superseded": "Superseded", "withdrawn": "Withdrawn",
}

LABELS: dict[NoteKind, str] = {
    "update": "UPDATED", "re-checked": "RE-CHECKED", "superseded": "SUPERSEDED", "withdrawn": "WITHDRAWN",
}

#: kinds after which the claim no longer stands; later updates do not bring it back
TERMINAL: frozenset[str] = frozenset({"superseded", "withdrawn"})


@dataclass(frozen=True)
class Note:
    """One dated note under a finding."""

    kind: NoteKind
    date: date
    text_html: str  # sanitised inline HTML, lead and marker removed
    text: str  # plain text of text_html
    path: str
    line: int
    marker: str | None = None  # the note's own marker as written, brackets included
    status: Status | None = None  # merged / flagged of that marker
    targets: tuple[Target, ...] = ()  # unresolved: the caller resolves sections as for findings
    reason: str | None = None
    recheck: date | None = None  # the re-check time a flagged marker names

    @property
    def label(self) -> str:
        return f"{LABELS[self.kind]} {self.date.isoformat()}"

StateKey = Literal["merged", "flagged", "error", "updated", "re-checked", "superseded", "withdrawn"]


@dataclass(frozen=True)
class State:
    """Where a finding stands after its notes: the badge, the card and the list filter read this."""

    key: StateKey  # the filter value: the original status when there are no notes
    label: str  # "MERGED · UPDATED 2026-10-06", "SUPERSEDED 2026-06-10", "FLAGGED"
    status: Status  # the original status, always shown too
    since: date | None  # the date of the note that set the state
    overdue: bool
    recheck: date | None  # the due date in force (a re-check note's flag can move it)
    latest: Note | None = None
    cleared_by: Note | None = None  # the re-check that cleared "overdue"

    @property
    def chip(self) -> str | None:
        """The state beside the original status pill, without repeating it: "RE-CHECKED 2026-11-28".

        `label` keeps the full wording ("FLAGGED · RE-CHECKED 2026-11-28") for places where the state
        stands alone (link card, findings.json); None when no note set the state.
        """
        return self.latest.label if self.latest is not None else None


def finding_state(status: Status, notes: Iterable[Note], recheck: date | None, build_date: date) -> State:
    """The latest state of a finding.

    * Notes are read in date order (source order for the same date).
    * A Superseded or Withdrawn note is terminal: it sets the state and later Update/Re-checked notes
      do not undo it (a later terminal note replaces an earlier one). Its label has no status prefix:
      "SUPERSEDED 2026-06-10".
    * Otherwise the latest note sets the state: "MERGED · UPDATED 2026-10-06", "FLAGGED · RE-CHECKED …".
    * Overdue: a finding with a due date is overdue when the build date is past it, unless a
      Re-checked note is dated on or after the due date. A re-check whose own marker is flagged with
      a re-check time sets the next due date, which can be overdue in turn. A superseded or withdrawn
      finding is never overdue.
    """
    ordered = sorted(notes, key=lambda n: (n.date, n.line))
    latest: Note | None = None
    terminal: Note | None = None
    for n in ordered:
        latest = n
        if n.kind in TERMINAL:
            terminal = n
    due = recheck
    cleared: Note | None = None
    for n in ordered:
        if n.kind == "re-checked" and due is not None and n.date >= due:
            cleared = n
            due = n.recheck  # a new flag on the re-check sets the next due date, else nothing is due
    overdue = due is not None and build_date > due and terminal is None
    shown = terminal or latest
    if shown is None:
        return State(status, status.upper(), status, None, overdue, due)
    if shown.kind in TERMINAL:
        label = shown.label
        key: StateKey = shown.kind  # type: ignore[assignment]
    else:
        label = f"{status.upper()} · {shown.label}"
        key = "updated" if shown.kind == "update" else "re-checked"
    return State(key, label, status, shown.date, overdue, due, latest=shown, cleared_by=cleared)


def update_record(note: Note, targets: list[dict]) -> dict:
    """A note as findings.json (schema 2) writes it; `targets` are the resolved target records."""
    return {
        "kind": note.kind,
        "date": note.date.isoformat(),
        "text": note.text,
        "targets": targets,
        "reason": note.reason,
        "source": {"path": note.path, "line": note.line},
    }


def state_record(state: State) -> dict:
    """A finding's state as findings.json (schema 2) writes it."""
    return {"key": state.key, "label": state.label, "date": state.since.isoformat() if state.since else None}


def note_fragments(notes: Sequence[Note]) -> tuple[str, ...]:
    """A stable fragment per note: ``note-YYYY-MM-DD``, then ``-2``, ``-3`` for more on the same day (source order)."""
    out = [""] * len(notes)
    seen: dict[str, int] = {}
    for i in sorted(range(len(notes)), key=lambda i: (notes[i].date, notes[i].line)):
        base = f"note-{notes[i].date.isoformat()}"
        seen[base] = seen.get(base, 0) + 1
        out[i] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return tuple(out)
