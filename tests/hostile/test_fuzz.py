"""Every reader, driven by a fuzzer over its own grammar, gives diagnostics and never raises.

Hypothesis builds inputs from the tokens each grammar is made of (list markers, bold leads, provenance
markers, HTML comments, dates at and past the calendar's ends, front-matter fences, table pipes, JSON
brackets…) mixed with hostile characters (NUL, U+2028, ESC, lone surrogates' replacement, bidi marks).
The example count is kept small so the whole file runs in seconds; the properties are what matter.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from note_markdown import parse_note_markdown

from macros.load import history
from macros.model.data import Artifact, Diagnostic
from macros.model.diagnostics import Report
from macros.read.brief import read_brief
from macros.read.frontmatter import load_yaml, split_front_matter
from macros.read.index import parse_index
from macros.read.lane import read_lane
from macros.read.manifest import parse_manifest
from macros.read.markers import recheck_date
from macros.read.notes import markdown_note_lead
from macros.text.safeurl import safe_url
from macros.timeline.later import claim_date, dated_updates, fact_date
from macros.views import artifacts

BUILD = date(2026, 11, 28)
FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HOSTILE_CHARS = ["\x00", "\u2028", "\u2029", "\x1b[31m", "\r", "\t", "\u202e", "\ufffd", "\\", "&amp;", "<", ">",
                 "\"", "'", "`", "{{ 7*7 }}", "{% raw %}", " " * 40]
DATES = ["2026-10-06", "0000-01-01", "9999-12-31", "10000-01-01", "2026-13-45", "2026-02-30", "(2026-11-28)",
         "December 9999", "early 0000", "mid-2026", "Dec 9999", "as of 2026-01-01"]
URLS = ["https://example.org/x", "javascript:alert(1)", "data:text/html,x", "../x/", "//evil.example", "vbscript:x"]
INDEX_TOKENS = ["# Corpus\n", "## Directory map\n", "## Findings that update the corpus\n", "\n", "1. ", "14. ",
                "   - ", "    - ", "**", "*", "[merged: ", "[flagged — ", "]", " — ", "; ", " and ", "DOC.md",
                "GOTCHAS.md", "<!-- finding-id: ", "<!-- finding-aliases: ", "-->", "index.html", ", ", ": ",
                "| `lane-a/` | what | when |\n", "|---|---|---|\n", "```\n", "> ", "Update ", "Re-checked ",
                "Superseded ", "Withdrawn ", "check back ", "`lane-a/notes.txt`", "[x](", ")", "<a href=\"",
                "\">", "</a>", *DATES, *URLS, *HOSTILE_CHARS]
YAML_TOKENS = ["---\n", "name: ", "sources:\n", "  - ", "retrieved: ", "artifacts:\n", "  - path: ", "    url: ",
               "&a ", "*a", "[", "]", "{", "}", ": ", "\n", "!!python/object:os.system ", "'", "\"", *DATES, *URLS,
               *HOSTILE_CHARS]
JSON_TOKENS = ['{"cells": [', "{", "}", "[", "]", ",", '"cell_type": ', '"code"', '"markdown"', '"source": ',
               '"outputs": ', '"execution_count": ', "1e400", "-0", "null", '"\\u0000"', '"\\ud800"', ":", " "]


def text_from(tokens: list[str], max_size: int = 60):
    return st.lists(st.sampled_from(tokens) | st.text(max_size=6), max_size=max_size).map("".join)


def no_exception(call):
    """Run a reader: what it returns is fine; an exception is the failure this file is about."""
    return call()


@FUZZ
@given(text_from(INDEX_TOKENS, 120))
def test_the_index_reader(text):
    report = Report()
    index = no_exception(lambda: parse_index(text, "tooling/README.md", report))
    assert all(isinstance(d, Diagnostic) and d.path == "tooling/README.md" for d in report.items)
    for f in index.findings:
        assert f.line >= 1 and f.id


@FUZZ
@given(text_from(INDEX_TOKENS, 40))
def test_the_note_and_marker_readers(text):
    got = no_exception(lambda: parse_note_markdown(text, path="tooling/README.md", line=7, build_date=BUILD))
    assert got is None or isinstance(got, Diagnostic) or got.date <= BUILD
    no_exception(lambda: markdown_note_lead("   - " + text))
    no_exception(lambda: recheck_date(text))
    no_exception(lambda: claim_date(text))
    no_exception(lambda: fact_date(text))


@FUZZ
@given(text_from(INDEX_TOKENS + ["# ", " / ", "## What it is\n", "## Sizes\n", "| Model | Total |\n", "Gemma 3",
                                 "Gemma 4", "released ", "Added on "], 80))
def test_the_brief_reader(text):
    facts = no_exception(lambda: read_brief(text, 3))
    assert all(m.value for m in facts.models)


@FUZZ
@given(text_from(INDEX_TOKENS + ["### `tools/`\n", "| File | What |\n", "|---|---|\n", "| `../x` | up |\n",
                                 "## Top-line findings\n", "Update (2026-10-06): "], 80))
def test_the_lane_readme_reader(text):
    facts = no_exception(lambda: read_lane(text, 2))
    assert all(line >= 1 for line, _ in facts.outside)
    no_exception(lambda: dated_updates(text, "tooling/lane-a/README.md", first_line=3))


@FUZZ
@given(text_from(YAML_TOKENS, 60))
def test_front_matter_and_yaml(text):
    fm, body, line = no_exception(lambda: split_front_matter(text))
    assert line >= 1
    report = Report()
    no_exception(lambda: load_yaml(fm or text, "tooling/gemma-family/x.md", report, line_offset=1))
    assert all(d.severity in ("error", "warning") for d in report.items)


@FUZZ
@given(text_from(YAML_TOKENS, 60))
def test_the_manifest_reader(text):
    report = Report()
    entries = no_exception(lambda: parse_manifest(text, "tooling/sources.yaml", report))
    for e in entries:
        assert e.url is None or safe_url(e.url) is not None or any(d.severity == "error" for d in report.items)


@FUZZ
@given(text=text_from(JSON_TOKENS, 80))
def test_the_notebook_reader(text, tmp_path_factory):
    path: Path = tmp_path_factory.mktemp("nb") / "x.ipynb"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    a = Artifact("lane/x.ipynb", "lane", "lane/x.ipynb", True, path.stat().st_size, "notebook", True, None)
    v = no_exception(lambda: artifacts.view(path, a))
    assert v.kind in ("notebook", "code", "empty", "unreadable", "markdown", "binary")


@FUZZ
@given(st.lists(st.sampled_from([{}, [], None, 1, "x", {"cell_type": "code"}, {"source": 3}, {"outputs": "x"},
                                 {"cell_type": "markdown", "source": ["# h", None]}]), max_size=8))
def test_notebook_cells_of_any_shape(cells):
    try:
        artifacts.notebook_cells({"cells": cells})
    except (ValueError, TypeError, AttributeError):
        pass  # the view catches exactly these and shows the file as text (macros/views/artifacts.py)


@FUZZ
@given(text_from(INDEX_TOKENS, 120))
def test_the_history_snapshot(text):
    snaps = no_exception(lambda: history.snapshot(text, "tooling/README.md"))
    json.dumps([s.__dict__ for s in snaps])  # what the cache writes


@pytest.mark.parametrize("text", ["{\"cells\": [" + "{}," * 1000 + "{}]}", "[" * 10000, "\"" * 3])
def test_json_shapes_at_the_bounds(text):
    assert artifacts.json_nodes(text) >= 0
