"""Dated notes under a finding: frozen data, no grammar (the state they give a finding: macros/model/state.py).

The note grammar (leads, dates, markers) is read by macros/read/notes.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, Sequence

from macros.model.provenance import Status, Target
from macros.text.safehtml import SafeHtml

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
    text_html: SafeHtml  # sanitised inline HTML, lead and marker removed
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


def note_fragments(notes: Sequence[Note]) -> tuple[str, ...]:
    """A stable fragment per note: ``note-YYYY-MM-DD``, then ``-2``, ``-3`` for more on the same day (source order)."""
    out = [""] * len(notes)
    seen: dict[str, int] = {}
    for i in sorted(range(len(notes)), key=lambda i: (notes[i].date, notes[i].line)):
        base = f"note-{notes[i].date.isoformat()}"
        seen[base] = seen.get(base, 0) + 1
        out[i] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return tuple(out)
