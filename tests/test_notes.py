"""Dated notes under a finding: golden cases for the grammar, units for the lead and the state."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from note_markdown import parse_note_markdown

from macros.model.data import Diagnostic
from macros.model.notes import Note, finding_state, state_record, update_record
from macros.read.notes import markdown_note_lead, parse_note, parse_notes, read_lead

GOLDEN = Path(__file__).resolve().parent / "golden" / "notes"
BUILD = date(2026, 11, 28)


def _project(got: Note | Diagnostic | None) -> dict | None:
    if got is None:
        return None
    if isinstance(got, Diagnostic):
        return {"error": str(got)}
    out: dict = {"kind": got.kind, "date": got.date.isoformat(), "text": got.text}
    if got.text_html != got.text:
        out["text_html"] = got.text_html
    if got.marker:
        out.update(marker=got.marker, status=got.status)
    if got.targets:
        out["targets"] = [[t.file, t.note] for t in got.targets]
    if got.reason:
        out["reason"] = got.reason
    if got.recheck:
        out["recheck"] = got.recheck.isoformat()
    return out


@pytest.mark.parametrize("case", sorted(GOLDEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_golden_note(case: Path, golden):
    """A case: `item` (the Markdown of a nested item, bullet removed), optional `build_date`, `expect`.

    `expect` is null (not a note), {error: "file:line: …"} or the note; `text_html` is listed only when
    it differs from `text`.
    """
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    build = date.fromisoformat(str(data.get("build_date", BUILD)))
    got = parse_note_markdown(data["item"], path="tooling/README.md", line=30, build_date=build)
    golden.check(case, _project(got), key="expect", partial=False)


@pytest.mark.parametrize("lead, kind, when", [
    ("Update 2026-10-06:", "Update", "2026-10-06"),
    ("Update 2026-10-06", "Update", "2026-10-06"),
    ("Update (2026-11-28)", "Update", "2026-11-28"),
    ("Update (2026-11-28):", "Update", "2026-11-28"),
    ("Re-checked — 2026-07-20", "Re-checked", "2026-07-20"),
    ("Re checked 2026-07-20", "Re checked", "2026-07-20"),
    ("Update-2026-07-20", "Update", "2026-07-20"),
    ("2026-07-20", None, "2026-07-20"),
    ("Update:", "Update", None),
])
def test_read_lead_shapes(lead: str, kind: str | None, when: str | None):
    got = read_lead(lead)
    assert got is not None and (got.kind_text, got.date_text) == (kind, when)


@pytest.mark.parametrize("lead", ["Important:", "Note", "Released on 2026-06-10 by Google", "Update on the tokenizer",
                                  "Three word kind 2026-01-01", "x" * 200 + " 2026-01-01"])
def test_read_lead_not_note_shaped(lead: str):
    assert read_lead(lead) is None


def test_parse_note_takes_inline_html():
    got = parse_note("<strong>Superseded 2026-06-10:</strong> built on <em>Gemma 4</em>.",
                     path="tooling/README.md", line=9, build_date=BUILD)
    assert isinstance(got, Note)
    assert (got.kind, got.text_html, got.line, got.label) == ("superseded", "built on <em>Gemma 4</em>.", 9,
                                                             "SUPERSEDED 2026-06-10")


def test_marker_in_code_span_is_text():
    got = parse_note_markdown("**Update 2026-08-01:** the syntax is `[merged: FILE.md]`.", path="p", line=1,
                              build_date=BUILD)
    assert isinstance(got, Note) and got.marker is None and "[merged: FILE.md]" in got.text


def test_parse_notes_sorts_and_keeps_body_items():
    items = [
        ("<strong>Update 2026-10-06:</strong> second", 11),
        ("just a bullet", 12),
        ("<strong>Updated 2026-07-01:</strong> typo", 13),
        ("<strong>Superseded 2026-06-10:</strong> first", 14),
    ]
    notes, problems, body = parse_notes(items, path="tooling/README.md", build_date=BUILD)
    assert [(n.kind, n.line) for n in notes] == [("superseded", 14), ("update", 11)]
    assert [d.line for d in problems] == [13] and problems[0].severity == "error"
    assert body == (1, 2)


@pytest.mark.parametrize("line, expected", [
    ("   - **Re-checked 2026-07-20:** out", ("Re-checked", "2026-07-20")),
    ("  * __Update (2026-11-28)__: x", ("Update", "2026-11-28")),
    ("   - **Updated 2026-07-01:** x", ("Updated", "2026-07-01")),
    ("   - plain", None),
    ("   - **Important:** x", None),
    ("7. **No Gemma 4 technical report PDF exists yet** as of 2026-04-18.", None),
])
def test_markdown_note_lead(line: str, expected):
    got = markdown_note_lead(line)
    assert (None if got is None else (got.kind_text, got.date_text)) == expected


# --------------------------------------------------------------------------- state


def _note(kind: str, when: str, line: int = 1, recheck: str | None = None) -> Note:
    return Note(kind=kind, date=date.fromisoformat(when), text_html="t", text="t",  # type: ignore[arg-type]
                path="p", line=line,
                recheck=date.fromisoformat(recheck) if recheck else None)


@pytest.mark.parametrize("status, notes, recheck, key, label, overdue", [
    ("merged", [], None, "merged", "MERGED", False),
    ("flagged", [], "2026-07-01", "flagged", "FLAGGED", True),
    ("flagged", [], "2027-01-01", "flagged", "FLAGGED", False),
    ("merged", [_note("update", "2026-10-06")], None, "updated", "MERGED · UPDATED 2026-10-06", False),
    ("merged", [_note("update", "2026-10-06"), _note("superseded", "2026-06-10")], None,
     "superseded", "SUPERSEDED 2026-06-10", False),
    ("merged", [_note("superseded", "2026-06-10"), _note("withdrawn", "2026-08-01")], None,
     "withdrawn", "WITHDRAWN 2026-08-01", False),
    # a re-check on or after the due date clears overdue
    ("flagged", [_note("re-checked", "2026-07-20")], "2026-07-01", "re-checked", "FLAGGED · RE-CHECKED 2026-07-20",
     False),
    ("flagged", [_note("re-checked", "2026-07-01")], "2026-07-01", "re-checked", "FLAGGED · RE-CHECKED 2026-07-01",
     False),
    # an early re-check does not
    ("flagged", [_note("re-checked", "2026-06-30")], "2026-07-01", "re-checked", "FLAGGED · RE-CHECKED 2026-06-30",
     True),
    # an update is not a re-check
    ("flagged", [_note("update", "2026-08-01")], "2026-07-01", "updated", "FLAGGED · UPDATED 2026-08-01", True),
    # a re-check that flags again sets the next due date
    ("flagged", [_note("re-checked", "2026-07-20", recheck="2026-10-01")], "2026-07-01", "re-checked",
     "FLAGGED · RE-CHECKED 2026-07-20", True),
    ("flagged", [_note("re-checked", "2026-07-20", recheck="2027-04-01")], "2026-07-01", "re-checked",
     "FLAGGED · RE-CHECKED 2026-07-20", False),
    # superseded claims are never overdue
    ("flagged", [_note("superseded", "2026-06-10")], "2026-04-01", "superseded", "SUPERSEDED 2026-06-10", False),
    # same date: source order decides
    ("merged", [_note("re-checked", "2026-09-01", line=5), _note("update", "2026-09-01", line=4)], None,
     "re-checked", "MERGED · RE-CHECKED 2026-09-01", False),
])
def test_finding_state(status, notes, recheck, key, label, overdue):
    state = finding_state(status, notes, date.fromisoformat(recheck) if recheck else None, BUILD)
    assert (state.key, state.label, state.overdue, state.status) == (key, label, overdue, status)


def test_state_keeps_original_status_and_clearing_note():
    recheck = _note("re-checked", "2026-07-20")
    state = finding_state("flagged", [recheck], date(2026, 7, 1), BUILD)
    assert state.status == "flagged" and state.cleared_by == recheck and state.recheck is None
    assert state.since == date(2026, 7, 20)
    assert state_record(state) == {"key": "re-checked", "label": "FLAGGED · RE-CHECKED 2026-07-20",
                                   "date": "2026-07-20"}


@pytest.mark.parametrize("status, notes, chip", [
    ("merged", [], None),
    ("flagged", [_note("re-checked", "2026-11-28")], "RE-CHECKED 2026-11-28"),
    ("merged", [_note("update", "2026-06-03")], "UPDATED 2026-06-03"),
    ("merged", [_note("superseded", "2026-06-10"), _note("update", "2026-07-01")], "SUPERSEDED 2026-06-10"),
])
def test_state_chip_never_repeats_the_status(status, notes, chip):
    # the chip sits next to the original status pill; the full label is for where the state stands alone
    state = finding_state(status, notes, None, BUILD)
    assert state.chip == chip
    assert chip is None or status.upper() not in chip


def test_update_record_shape():
    note = _note("update", "2026-10-06", line=31)
    assert update_record(note, []) == {"kind": "update", "date": "2026-10-06", "text": "t", "targets": [],
                                       "reason": None, "source": {"path": "p", "line": 31}}
