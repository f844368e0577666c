"""Dated notes under a finding: golden cases for the grammar, units for the lead and the state."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from support.note_markdown import parse_note_markdown

from macros.model.data import Diagnostic
from macros.model.notes import Note, update_record
from macros.read.notes import markdown_note_lead, parse_note, parse_notes, read_lead
from support import paths

GOLDEN = paths.GOLDEN / "notes"
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


# --------------------------------------------------------------------------- findings.json


def _note(kind: str, when: str, line: int = 1) -> Note:
    return Note(kind=kind, date=date.fromisoformat(when), text_html="t", text="t",  # type: ignore[arg-type]
                path="p", line=line)


def test_update_record_shape():
    note = _note("update", "2026-10-06", line=31)
    assert update_record(note, []) == {"kind": "update", "date": "2026-10-06", "text": "t", "targets": [],
                                       "reason": None, "source": {"path": "p", "line": 31}}
