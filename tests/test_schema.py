"""findings.json schema 2: the JSON Schema is valid and accepts what the schema-2 records produce."""
from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from note_markdown import parse_note_markdown

from macros.model.notes import finding_state, state_record, update_record
from macros.timeline.later import LaterNote

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "macros" / "export" / "findings.schema.json").read_text("utf-8"))
BUILD = date(2026, 11, 28)


def _sample() -> dict:
    note = parse_note_markdown("**Re-checked 2026-07-20:** the report is out as arXiv 2607.02770. "
                               "**[merged: CORPUS_capabilities.md — Technical report section]**",
                               path="tooling/README.md", line=28, build_date=BUILD)
    state = finding_state("flagged", [note], date(2026, 7, 1), BUILD)
    later = LaterNote(date(2026, 11, 28), "the Gemma 4 Technical Report is now out",
                      "tooling/google-official/README.md", 32, "update-line")
    return {
        "schema": 2,
        "generated": "2026-11-28",
        "findings": [{
            "id": "no-gemma-4-technical-report-pdf-exists-yet",
            "number": 7,
            "title": "No Gemma 4 technical report PDF exists yet as of 2026-04-18",
            "summary": "DeepMind repo says \"Gemma 4 (Coming soon)\".",
            "status": "flagged",
            "targets": [],
            "reason": "nothing to merge; check back mid-2026",
            "recheck": state.recheck.isoformat() if state.recheck else None,
            "overdue": state.overdue,
            "paths": ["google-official/tech-report/Gemma3Report.pdf"],
            "url": "findings/no-gemma-4-technical-report-pdf-exists-yet/",
            "aliases": [],
            "source": {"path": "tooling/README.md", "line": 27},
            "state": state_record(state),
            "updates": [update_record(note, [{"file": "CORPUS_capabilities.md", "section": "Technical report",
                                              "url": "CORPUS_capabilities/#technical-report"}])],
            "later_in_corpus": [later.record("tooling/google-official/")],
        }],
    }


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(SCHEMA)


def test_sample_export_validates():
    sample = _sample()
    Draft202012Validator(SCHEMA).validate(sample)
    finding = sample["findings"][0]
    assert finding["state"] == {"key": "re-checked", "label": "FLAGGED · RE-CHECKED 2026-07-20", "date": "2026-07-20"}
    assert finding["overdue"] is False and finding["recheck"] is None


def _drop(d: dict, key: str) -> None:
    del d["findings"][0][key]


@pytest.mark.parametrize("break_it", [
    lambda d: d.update(schema=1),
    lambda d: _drop(d, "state"),
    lambda d: _drop(d, "updates"),
    lambda d: _drop(d, "later_in_corpus"),
    lambda d: d["findings"][0]["updates"][0].update(kind="updated"),
    lambda d: d["findings"][0]["updates"][0].update(date="2026-7-20"),
    lambda d: d["findings"][0]["updates"][0]["source"].pop("line"),
    lambda d: d["findings"][0]["later_in_corpus"][0].update(rule="guess"),
    lambda d: d["findings"][0]["state"].update(key="stale"),
    lambda d: d["findings"][0].update(extra=True),
], ids=["schema-1", "no-state", "no-updates", "no-later", "bad-kind", "bad-date", "no-line", "bad-rule", "bad-state",
        "extra-field"])
def test_schema_rejects(break_it):
    sample = copy.deepcopy(_sample())
    break_it(sample)
    assert list(Draft202012Validator(SCHEMA).iter_errors(sample))
