"""findings.json schema 2: the JSON Schema is valid and accepts what the schema-2 records produce."""
from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from jsonschema import Draft202012Validator
from support.note_markdown import parse_note_markdown

from macros.model.data import Finding
from macros.model.notes import update_record
from macros.model.state import Claim, derive_state, state_record
from macros.timeline.later import LaterNote
from support.paths import ROOT

SCHEMA = json.loads((ROOT / "macros" / "export" / "findings.schema.json").read_text("utf-8"))
BUILD = date(2026, 11, 28)


def _sample() -> dict:
    note = parse_note_markdown("**Re-checked 2026-07-20:** the report is out as arXiv 2607.02770. "
                               "**[merged: CORPUS_capabilities.md — Technical report section]**",
                               path="tooling/README.md", line=28, build_date=BUILD)
    finding = Finding(number=7, id="no-gemma-4-technical-report-pdf-exists-yet", title="t", title_html="t",
                      body_html="", summary="", status="flagged", marker=None, recheck=date(2026, 7, 1),
                      notes=(note,))
    state = derive_state(finding, build_date=BUILD, claim=Claim(date(2026, 4, 18), "finding"))
    target = {"file": "CORPUS_capabilities.md", "section": "Technical report", "url": "CORPUS_capabilities/#technical-report"}
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
            "due": None,
            "overdue": state.overdue,
            "claim": {"date": "2026-04-18", "from": "finding", "label": state.claim.label},
            "paths": ["google-official/tech-report/Gemma3Report.pdf"],
            "url": "findings/no-gemma-4-technical-report-pdf-exists-yet/",
            "aliases": [],
            "source": {"path": "tooling/README.md", "line": 27},
            "state": state_record(state, [target]),
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
    assert {k: finding["state"][k] for k in ("key", "label", "date", "current")} == {
        "key": "re-checked", "label": "FLAGGED · RE-CHECKED 2026-07-20", "date": "2026-07-20",
        "current": "rechecked-merged"}
    # the marker's own re-check date is kept; the date in force (none, once re-checked) is `due`
    assert finding["overdue"] is False and finding["recheck"] == "2026-07-01" and finding["due"] is None


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


def test_schema_says_its_changes_are_additive_and_names_the_added_fields():
    description = SCHEMA["description"]
    assert "additive" in description
    for field in ("`due`", "`claim`", "`current`", "`words`", "`original`", "`note`", "`targets`", "`holds`"):
        assert field in description
    # every field of schema 2's first release is still required, with its old values still allowed
    finding = SCHEMA["$defs"]["finding"]
    for field in ("id", "number", "title", "summary", "status", "targets", "reason", "recheck", "overdue", "paths",
                  "url", "aliases", "source", "state", "updates", "later_in_corpus"):
        assert field in finding["required"]
    assert {"merged", "flagged", "error", "updated", "re-checked", "superseded", "withdrawn"} <= \
        set(SCHEMA["$defs"]["state"]["properties"]["key"]["enum"])
