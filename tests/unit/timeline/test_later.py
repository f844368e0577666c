""""Later in the corpus": the update-line extractor and the newer-generation rule."""
from __future__ import annotations

from datetime import date

import pytest

from macros.timeline.later import (BriefDates, DatedLine, LaterNote, assumed_generation, claim_date, dated_updates, fact_date,
                          generation, generation_note, later_in_corpus, FileMentions, concerning, section_span)

CLAIM = date(2026, 4, 18)


@pytest.mark.parametrize("line, when, text", [
    ("- Update (2026-11-28): the Ollama page lists audio.", "2026-11-28", "the Ollama page lists audio."),
    ("Update (2026-11-28): CodeGemma is Gemma 1-based.", "2026-11-28", "CodeGemma is Gemma 1-based."),
    ("- **Update 2026-11-28:** a fifth size appeared.", "2026-11-28", "a fifth size appeared."),
    ("* __Update (2026-10-06)__: EmbeddingGemma 2.", "2026-10-06", "EmbeddingGemma 2."),
    ("1. Update — 2026-07-20 — report out.", "2026-07-20", "report out."),
    ("- Updated 2026-07-20: report out.", "2026-07-20", "report out."),
])
def test_update_line_forms(line: str, when: str, text: str):
    (got,) = dated_updates(f"# Lane\n\n{line}\n", "tooling/lane/README.md")
    assert (got.date.isoformat(), got.text, got.line, got.path) == (when, text, 3, "tooling/lane/README.md")


@pytest.mark.parametrize("line", [
    "We update (2026-11-28) nothing here.",  # not at the start of the line
    "- Update (2026-13-01): not a date.",
    "- Update: no date at all.",
    "- **Update 2026-11-28: unbalanced bold.",
    "    Update (2026-11-28): indented code block.",
])
def test_not_update_lines(line: str):
    assert dated_updates(f"{line}\n", "p") == ()


def test_fenced_update_lines_are_quotes():
    text = "```markdown\n- Update (2026-11-28): quoted\n```\n- Update (2026-11-29): real\n"
    assert [u.text for u in dated_updates(text, "p")] == ["real"]


def test_heading_update_takes_the_next_line():
    text = "# Family\n\n## Update (2026-11-28)\n\nThe first Gemma-4-based siblings appeared.\n\n- DiffusionGemma\n"
    assert dated_updates(text, "tooling/gemma-family/index.md") == (
        DatedLine(date(2026, 11, 28), "The first Gemma-4-based siblings appeared.", "tooling/gemma-family/index.md", 3),
    )


def test_first_line_offsets_a_slice():
    (got,) = dated_updates("- Update (2026-11-28): x\n", "docs/GOTCHAS.md", first_line=40)
    assert got.line == 40


def test_long_lines_are_bounded():
    text = "- Update (2026-11-28): " + "word " * 20000 + "\n" + "(" * 50000 + "\n"
    (got,) = dated_updates(text, "p")
    assert len(got.text) <= 400 and got.text.endswith("…")


@pytest.mark.parametrize("text, recorded, expected", [
    ("No Gemma 4 technical report PDF exists yet as of 2026-04-18.", None, date(2026, 4, 18)),
    ("No report yet as of 2026-04-18.", date(2026, 5, 1), date(2026, 4, 18)),
    ("No date in the text.", date(2026, 5, 1), date(2026, 5, 1)),
    ("As of 2026-02-30 is not a date.", None, None),
])
def test_claim_date(text, recorded, expected):
    assert claim_date(text, recorded) == expected


@pytest.mark.parametrize("text, expected", [
    ("Gemma 4", 4), ("Gemma 4 (26B A4B MoE backbone)", 4), ("Gemma 3 (T5Gemma initialization)", 3),
    ("Gemma 1 era (Griffin architecture)", 1), ("gemma-2", 2), ("Unknown", None), (None, None),
    ("Gemma 3.5", None), ("Gemma 4.", 4),
])
def test_generation(text, expected):
    assert generation(text) == expected


@pytest.mark.parametrize("value, expected", [
    ("2026-06-10", date(2026, 6, 10)), ("2025-03", date(2025, 3, 1)), ("2025-03 (with Gemma 3)", date(2025, 3, 1)),
    ("~2026-05-05", None), (None, None), ("2026-02-30", None),
])
def test_fact_date(value, expected):
    assert fact_date(value) == expected


BRIEFS = (
    BriefDates("tooling/gemma-family/shieldgemma-2.md", "ShieldGemma 2", "Gemma 3", released="2025-03"),
    BriefDates("tooling/gemma-family/codegemma.md", "CodeGemma", "Gemma 1", released="2024-04-09"),
    BriefDates("tooling/gemma-family/diffusiongemma.md", "DiffusionGemma", "Gemma 4", released="2026-06-10", line=3),
    BriefDates("tooling/gemma-family/embeddinggemma-2.md", "EmbeddingGemma 2", "Gemma 4", released="2026-10-06",
               line=3),
    BriefDates("tooling/gemma-family/signgemma.md", "SignGemma", "Unknown", released="2025-05"),
)


def test_assumed_generation_is_what_the_claim_could_see():
    assert assumed_generation(BRIEFS, CLAIM) == 3
    assert assumed_generation(BRIEFS, date(2026, 7, 1)) == 4
    assert assumed_generation((), CLAIM) is None


def test_generation_rule():
    note = generation_note(BRIEFS[2], assumed=3, claim=CLAIM)
    text = "DiffusionGemma is built on Gemma 4 (newer than the Gemma 3 generation of 2026-04-18), released 2026-06-10."
    assert note == LaterNote(date(2026, 6, 10), text, "tooling/gemma-family/diffusiongemma.md", 3, "newer-generation")
    assert generation_note(BRIEFS[2], assumed=4, claim=CLAIM) is None  # not newer
    assert generation_note(BRIEFS[2], assumed=3, claim=date(2026, 6, 10)) is None  # not later
    assert generation_note(BRIEFS[0], assumed=2, claim=CLAIM) is None  # released before the claim
    added_only = BriefDates("p", "X", "Gemma 4", added="2026-11-28")
    assert generation_note(added_only, assumed=3, claim=CLAIM).date == date(2026, 11, 28)


def test_later_in_corpus_for_finding_8():
    updates = dated_updates("## Update (2026-11-28)\n\nSiblings on Gemma 4 appeared.\n\n"
                            "- Update (2026-01-01): before the claim\n", "tooling/gemma-family/index.md")
    got = later_in_corpus(CLAIM, updates, BRIEFS)
    assert [(n.date.isoformat(), n.path, n.rule) for n in got] == [
        ("2026-06-10", "tooling/gemma-family/diffusiongemma.md", "newer-generation"),
        ("2026-10-06", "tooling/gemma-family/embeddinggemma-2.md", "newer-generation"),
        ("2026-11-28", "tooling/gemma-family/index.md", "update-line"),
    ]
    assert got[2].record("tooling/gemma-family/") == {
        "date": "2026-11-28", "text": "Siblings on Gemma 4 appeared.", "rule": "update-line",
        "source": {"path": "tooling/gemma-family/index.md", "line": 1}, "url": "tooling/gemma-family/"}


def test_later_in_corpus_needs_a_claim_date_and_dedupes():
    updates = dated_updates("- Update (2026-11-28): x\n", "p")
    assert later_in_corpus(None, updates, BRIEFS) == ()
    assert len(later_in_corpus(CLAIM, updates + updates)) == 1
    # an explicit assumption overrides the one computed from the briefs
    assert later_in_corpus(CLAIM, (), BRIEFS, assumed=4) == ()


# ------------------------------------------------------------------ which README lines concern a cited file

README = """# Lane

Research captured 2026-04-18.

## `tech-report/`

| File | What it is |
|---|---|
| `Gemma3Report.pdf` | The Gemma 3 report |

- Update (2026-11-28): the Gemma 4 report is out.

### Notes

- Update (2026-11-29): a sub-section of the folder's section still counts.

## `cookbook/`

| File | What it is |
|---|---|
| `thinking.ipynb` | Thinking mode |

```
## Not a heading (in code)
```

- Update (2026-11-30): unrelated note about the cookbook notebooks.

## Later changes

- Update (2026-12-01): `tech-report/Gemma3Report.pdf` is still the only report here.
- Update (2026-12-02): see `lane/tech-report/` for the folder.
- Update (2026-12-03): `Gemma3Report.pdf` alone, a unique name.
- Update (2026-12-04): `google-gemini/gemma-tech-report` is another repository, not the folder.
- Update (2026-12-05): the `tech-report` folder, as a code span.
- Update (2026-12-06): `gemma.cpp` arrived late.
"""


def test_section_span_runs_to_the_next_heading_of_its_level():
    lines = README.splitlines()
    row = lines.index("| `Gemma3Report.pdf` | The Gemma 3 report |") + 1
    start, end = section_span(lines, row)
    assert lines[start - 1] == "## `tech-report/`" and lines[end] == "## `cookbook/`"
    fenced = lines.index("| `thinking.ipynb` | Thinking mode |") + 1
    _, end = section_span(lines, fenced)
    assert lines[end] == "## Later changes"  # the heading in the code fence does not end it
    assert section_span(["# T", "text", "## A", "x"], 2) == (1, 2)  # under the H1 alone: to the next heading
    assert section_span(["no heading", "x"], 2) == (1, 2)


def _concerning(rel: str, *, unique: bool = True, row: str | None = None) -> list[str]:
    lines = README.splitlines()
    rows = [lines.index(row) + 1] if row else []
    got = concerning(dated_updates(README, "lane/README.md"), lines, rows=rows,
                     mentions=[FileMentions("lane", rel, unique)])
    return [u.date.isoformat() for u in got]


def test_update_lines_concern_a_file_by_section_or_mention():
    row = "| `Gemma3Report.pdf` | The Gemma 3 report |"
    assert _concerning("tech-report/Gemma3Report.pdf", row=row) == [
        "2026-11-28", "2026-11-29", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-05"]
    # without its table row (a file no table lists): mentions only
    assert _concerning("tech-report/Gemma3Report.pdf") == ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-05"]
    # a file name other files of the lane share does not count alone
    assert _concerning("tech-report/Gemma3Report.pdf", unique=False) == ["2026-12-01", "2026-12-02", "2026-12-05"]
    # the other folder's file: its own section only; "gemma-cookbook"-like names do not match "cookbook/"
    assert _concerning("cookbook/thinking.ipynb", row="| `thinking.ipynb` | Thinking mode |") == ["2026-11-30"]


def test_file_mentions_are_whole_names():
    p = FileMentions("lane", "tech-report/Gemma3Report.pdf").pattern()
    assert p.search("see tooling/lane/tech-report/Gemma3Report.pdf.")
    assert p.search("(Gemma3Report.pdf)")
    assert not p.search("Gemma3Report.pdfx") and not p.search("OldGemma3Report.pdf")
    assert not p.search("other/tech-report/Gemma3Report.pdf")
    assert not p.search("tech-report") and not p.search("`x/tech-report`")
    top = FileMentions("lane", "README.md").pattern()
    assert top.search("the `README.md` here") and not top.search("`gemma-cpp/README.md`")
