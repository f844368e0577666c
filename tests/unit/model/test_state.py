"""A finding's current state (macros/model/state.py): which note makes which state, overdue, claim dates."""
from __future__ import annotations

from datetime import date

import pytest

from macros.model.data import Finding, Target
from macros.model.state import Claim, claim_of, derive_state, research_date, state_record
from macros.model.notes import Note

BUILD = date(2026, 11, 28)


def _note(kind: str, when: str, line: int = 1, recheck: str | None = None, targets=()) -> Note:
    return Note(kind=kind, date=date.fromisoformat(when), text_html="t", text="t",  # type: ignore[arg-type]
                path="p", line=line, targets=tuple(targets),
                recheck=date.fromisoformat(recheck) if recheck else None)


def _finding(status, notes=(), recheck=None, targets=(), title="A claim", summary="Body.") -> Finding:
    return Finding(number=1, id="a-claim", title=title, title_html=title, body_html="", summary=summary,
                   status=status, marker=None, targets=tuple(targets),
                   recheck=date.fromisoformat(recheck) if recheck else None, notes=tuple(notes))


def _state(status, notes=(), recheck=None, targets=()):
    return derive_state(_finding(status, notes, recheck, targets), build_date=BUILD)


TECH = Target("CORPUS_capabilities.md", "Technical report section", "Technical report", "technical-report")


@pytest.mark.parametrize("status, notes, recheck, key, label, overdue", [
    ("merged", [], None, "merged", "MERGED", False),
    ("flagged", [], "2026-07-01", "flagged-overdue", "FLAGGED", True),
    ("flagged", [], "2027-01-01", "flagged", "FLAGGED", False),
    ("merged", [_note("update", "2026-10-06")], None, "updated", "MERGED · UPDATED 2026-10-06", False),
    ("merged", [_note("update", "2026-10-06"), _note("superseded", "2026-06-10")], None,
     "superseded", "SUPERSEDED 2026-06-10", False),
    ("merged", [_note("superseded", "2026-06-10"), _note("withdrawn", "2026-08-01")], None,
     "withdrawn", "WITHDRAWN 2026-08-01", False),
    # a re-check on or after the due date clears overdue; without a marker of its own the question stays open
    ("flagged", [_note("re-checked", "2026-07-20")], "2026-07-01", "rechecked-open",
     "FLAGGED · RE-CHECKED 2026-07-20", False),
    ("flagged", [_note("re-checked", "2026-07-01")], "2026-07-01", "rechecked-open",
     "FLAGGED · RE-CHECKED 2026-07-01", False),
    # an early re-check does not
    ("flagged", [_note("re-checked", "2026-06-30")], "2026-07-01", "rechecked-open",
     "FLAGGED · RE-CHECKED 2026-06-30", True),
    # a re-check whose own marker merges it answers the question
    ("flagged", [_note("re-checked", "2026-11-28", targets=[TECH])], "2026-07-01", "rechecked-merged",
     "FLAGGED · RE-CHECKED 2026-11-28", False),
    ("merged", [_note("re-checked", "2026-09-01")], None, "rechecked-holds", "MERGED · RE-CHECKED 2026-09-01", False),
    # an update is not a re-check
    ("flagged", [_note("update", "2026-08-01")], "2026-07-01", "updated", "FLAGGED · UPDATED 2026-08-01", True),
    # a re-check that flags again sets the next due date
    ("flagged", [_note("re-checked", "2026-07-20", recheck="2026-10-01")], "2026-07-01", "rechecked-open",
     "FLAGGED · RE-CHECKED 2026-07-20", True),
    ("flagged", [_note("re-checked", "2026-07-20", recheck="2027-04-01")], "2026-07-01", "rechecked-open",
     "FLAGGED · RE-CHECKED 2026-07-20", False),
    # superseded claims are never overdue; a later update does not bring them back
    ("flagged", [_note("superseded", "2026-06-10")], "2026-04-01", "superseded", "SUPERSEDED 2026-06-10", False),
    ("merged", [_note("superseded", "2026-06-10"), _note("update", "2026-10-06")], None, "superseded",
     "SUPERSEDED 2026-06-10", False),
    # same date: source order decides
    ("merged", [_note("re-checked", "2026-09-01", line=5), _note("update", "2026-09-01", line=4)], None,
     "rechecked-holds", "MERGED · RE-CHECKED 2026-09-01", False),
])
def test_which_note_makes_which_state(status, notes, recheck, key, label, overdue):
    state = _state(status, notes, recheck)
    assert (state.key, state.label, state.overdue, state.original) == (key, label, overdue, status)
    assert state.changed is (key != status)


def test_state_keeps_the_marker_recheck_date_beside_the_due_date_in_force():
    recheck = _note("re-checked", "2026-07-20")
    state = _state("flagged", [recheck], "2026-07-01")
    assert state.recheck == date(2026, 7, 1) and state.due is None and state.cleared_by == recheck
    again = _state("flagged", [_note("re-checked", "2026-07-20", recheck="2026-10-01")], "2026-07-01")
    assert again.recheck == date(2026, 7, 1) and again.due == date(2026, 10, 1) and again.overdue


def test_current_targets_are_the_marker_targets_then_those_notes_name():
    own = Target("CORPUS_ollama_variants.md", None)
    audio = Target("CORPUS_capabilities.md", "Audio section", "Audio", "audio")
    note = _note("update", "2026-06-03", targets=[audio, own])
    state = _state("merged", [note], targets=[own])
    assert [(ct.target, ct.note) for ct in state.targets] == [(own, None), (audio, note)]
    assert state.key == "updated" and state.bucket == "updated" and state.words == "Updated, holds in part"


def test_words_dates_and_chip_are_labelled():
    state = derive_state(_finding("flagged", [_note("re-checked", "2026-11-28", targets=[TECH])], "2026-07-01"),
                         build_date=BUILD, claim=Claim(date(2026, 4, 18), "finding"))
    assert state.words == "Re-checked, now merged"
    assert state.date_label == "re-checked 2026-11-28"
    assert state.chip == "Re-checked, now merged · 2026-11-28"
    assert state.claim.label == "claimed 2026-04-18"
    assert state.tokens == ("merged", "rechecked-merged", "answered", "re-checked")
    assert _state("merged").chip is None and _state("merged").tokens == ("merged",)
    overdue = _state("flagged", recheck="2026-07-01")
    assert overdue.date_label == "due 2026-07-01" and overdue.tokens == ("flagged", "flagged-overdue",
                                                                                  "overdue")


def test_state_record_keeps_the_first_release_fields_and_adds_the_new_ones():
    state = _state("flagged", [_note("re-checked", "2026-07-20")], "2026-07-01")
    record = state_record(state, [])
    assert {k: record[k] for k in ("key", "label", "date")} == {
        "key": "re-checked", "label": "FLAGGED · RE-CHECKED 2026-07-20", "date": "2026-07-20"}
    assert record["current"] == "rechecked-open" and record["original"] == "flagged" and record["holds"] is True
    assert record["note"] == {"kind": "re-checked", "date": "2026-07-20", "text": "t"}


@pytest.mark.parametrize("texts, expected", [
    (("Populated 2026-04-18 by parallel research across five lanes.",), date(2026, 4, 18)),
    (("These findings were merged into the top-level corpus docs on 2026-04-18.",), date(2026, 4, 18)),
    (("Research captured 2026-03-02.",), date(2026, 3, 2)),
    (("Last push 2025-05-30; nothing else.",), None),  # a date, but not of a research pass
    (("", "Populated 2026-13-40 by x. Populated 2026-04-18 by y."), date(2026, 4, 18)),
])
def test_research_date_of_the_index(texts, expected):
    assert research_date(*texts) == expected


def test_claim_date_prefers_the_finding_then_the_research_pass_then_git():
    research, git = date(2026, 4, 18), date(2026, 11, 28)
    as_of = _finding("flagged", title="No report yet as of 2026-04-19")
    assert claim_of(as_of, research=research, recorded=git, added_later=False) == Claim(date(2026, 4, 19), "finding")
    plain = _finding("merged")
    assert claim_of(plain, research=research, recorded=git, added_later=False) == Claim(research, "index")
    # added to the index after its first commit: the research pass is not its date
    assert claim_of(plain, research=research, recorded=git, added_later=True).label == \
        "first recorded in git 2026-11-28"
    assert claim_of(plain, research=None, recorded=None, added_later=False).label == "undated"
    # git recorded it after its own notes: a corpus committed after the fact, git's date is not the claim's
    noted = _finding("merged", [_note("update", "2026-06-03")])
    assert claim_of(noted, research=None, recorded=git, added_later=False) == Claim(None, None)
