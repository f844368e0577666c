"""Parser tests: golden files for the shipped index and for malformed cases, plus grammar units."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from support.golden_util import project

from macros.load.corpus import load_corpus
from macros.load.textfile import h1_text
from macros.model.data import Heading
from macros.model.diagnostics import Report
from macros.read.headings import resolve_section
from macros.read.ids import derive_id
from macros.read.index import parse_index
from macros.read.markers import parse_marker, recheck_date
from macros.text import reader
from macros.xref.links import expand_braces
from support.paths import ROOT, GOLDEN

BUILD = date(2026, 11, 28)


def test_shipped_index_matches_golden(golden):
    corpus = load_corpus(ROOT, build_date=BUILD)
    golden.check(GOLDEN / "shipped.yaml", project(corpus))


def test_shipped_counts_and_finding_7():
    corpus = load_corpus(ROOT, build_date=BUILD)
    statuses = [f.status for f in corpus.findings]
    assert len(statuses) == 13 and statuses.count("merged") == 9 and statuses.count("flagged") == 4
    assert [f.number for f in corpus.findings if f.status == "flagged"] == [3, 7, 9, 10]
    seven = corpus.findings[6]
    assert seven.recheck == date(2026, 7, 1) and not corpus.overdue(seven)  # its re-check note cleared it
    assert corpus.state(seven).cleared_by.date == date(2026, 11, 28)


def _case_files():
    return sorted((GOLDEN / "cases").glob("*.yaml"))


@pytest.mark.parametrize("case", _case_files(), ids=lambda p: p.stem)
def test_golden_case(case: Path, tmp_path: Path, golden):
    """A case: `index` (tooling/README.md), `docs` {name: text}, `lanes` [names], `expect` (projection),
    optional `crlf: true` (the index is written with CRLF line endings) and `detail` (per finding number,
    Finding fields compared exactly: title_html, body_html, end_line, nested …), `map_lines` (the
    directory map rows' lines)."""
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    (tmp_path / "tooling").mkdir()
    index = data["index"].replace("\n", "\r\n") if data.get("crlf") else data["index"]
    (tmp_path / "tooling" / "README.md").write_bytes(index.encode("utf-8"))
    for lane in data.get("lanes", []):
        (tmp_path / "tooling" / lane).mkdir()
        (tmp_path / "tooling" / lane / "README.md").write_text(f"# {lane}\n", encoding="utf-8")
    (tmp_path / "tooling" / "sources.yaml").write_text("artifacts: []\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    for name, text in (data.get("docs") or {}).items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    corpus = load_corpus(tmp_path, build_date=BUILD)
    golden.check(case, project(corpus), key="expect")  # only the keys the case lists
    if "map_lines" in data:
        assert [r.line for r in corpus.index.map_rows] == data["map_lines"]
    for number, fields in (data.get("detail") or {}).items():
        finding = corpus.findings[number - 1]
        for name, value in fields.items():
            actual = getattr(finding, name)
            if name == "nested":
                actual = [list(x) for x in actual]
            assert actual == value, (number, name)


@pytest.mark.parametrize("reason, expected", [
    ("nothing to merge; check back mid-2026", date(2026, 7, 1)),
    ("check back early 2027", date(2027, 4, 1)),
    ("check back late-2026", date(2026, 10, 1)),
    ("revisit in June 2026", date(2026, 7, 1)),
    ("revisit in Dec 2026", date(2027, 1, 1)),
    ("re-check on 2026-09-15", date(2026, 9, 15)),
    ("reference material", None),
    ("only relevant if fine-tuning", None),
])
def test_recheck_dates(reason, expected):
    assert recheck_date(reason) == expected


def test_marker_forms():
    m = parse_marker("[merged: CORPUS_ollama_variants.md — annotated 26b row; GOTCHAS.md — training caveat]")
    assert m.targets == (("CORPUS_ollama_variants.md", "annotated 26b row"), ("GOTCHAS.md", "training caveat"))
    m = parse_marker("[merged: CORPUS_ollama_variants.md and CORPUS_capabilities.md]")
    assert m.targets == (("CORPUS_ollama_variants.md", None), ("CORPUS_capabilities.md", None))
    m = parse_marker("[merged: A.md - plain hyphen note]")
    assert m.targets == (("A.md", "plain hyphen note"),)
    m = parse_marker('[merged: A.md – "Quoted" now points at X; full catalog in `x/index.md`]')
    assert m.targets == (("A.md", '"Quoted" now points at X; full catalog in `x/index.md`'),)
    m = parse_marker("[flagged — not merged; no current homelab use case]")
    assert m.status == "flagged" and m.reason == "not merged; no current homelab use case"
    assert parse_marker("[flagged]").reason is None
    with pytest.raises(ValueError, match="expected a doc file name"):
        parse_marker("[merged: somewhere else]")


HEADS = (Heading(1, "Gotchas", "gotchas"), Heading(2, "HIGH", "high"), Heading(2, "MEDIUM", "medium"),
         Heading(2, "LOW: Fine-Tuning Ecosystem Issues", "low-fine-tuning-ecosystem-issues"),
         Heading(2, "What Gemma 4 Does NOT Do", "what-gemma-4-does-not-do"), Heading(2, "Text", "text"))


@pytest.mark.parametrize("note, anchor, named", [
    ("MEDIUM severity section", "medium", True),
    ("under LOW: Fine-Tuning Ecosystem Issues", "low-fine-tuning-ecosystem-issues", True),
    ("training caveat in fine-tuning section", "low-fine-tuning-ecosystem-issues", True),
    ('"What Gemma 4 Does NOT Do" now points at EmbeddingGemma', "what-gemma-4-does-not-do", True),
    ("Text section", "text", True),
    ("annotated 26b row", None, False),
    ("added Missing Thing section", None, True),
])
def test_resolve_section(note, anchor, named):
    heading, phrase = resolve_section(note, HEADS)
    assert (heading.anchor if heading else None) == anchor
    assert (phrase is not None) == named


def test_ids_and_braces():
    assert derive_id("Prompt-token format changed in Gemma 4") == "prompt-token-format-changed-in-gemma-4"
    assert derive_id("`google/gemma_pytorch` is abandoned for Gemma 4") == "google-gemma-pytorch-is-abandoned-for-gemma-4"
    assert derive_id("Émigré café — naïve résumé") == "emigre-cafe-naive-resume"
    assert len(derive_id("word " * 40)) <= 64
    assert expand_braces("a/b-{31b,e4b}-it.py") == ["a/b-31b-it.py", "a/b-e4b-it.py"]


# --------------------------------------------------------------------------- hostile input, issue 12 item 6
# Each input made an earlier parser take from 30 s to minutes (cubic or quadratic regexes); read as GitHub
# reads it, each is linear. No timing assertion: a regression shows as a test that does not finish.


_MAP = "## Directory map\n\n| Dir | What's there | When to open it |\n|---|---|---|\n| `lane-a/` | a | b |\n\n"


def _index(findings: str, head: str = "# Corpus\n\n") -> tuple:
    report = Report()
    return parse_index(head + _MAP + "## Findings\n\n" + findings, "tooling/README.md", report), report


def test_heading_line_of_6000_spaces():
    index, _ = _index("1. **A.** b [flagged — x]\n", head="#" + " " * 6000 + "x" + " " * 6000 + "#\n\n## "
                           + " " * 6000 + "\n\n")
    assert index.title == "x" and len(index.findings) == 1


def test_6kb_flag_reason():
    reason = "check back " + " ".join(["mid"] * 500) + " " * 3000 + ", under " * 200 + "2026"
    index, _ = _index(f"1. **A.** b **[flagged — {reason}]**\n")
    assert index.findings[0].status == "flagged" and index.findings[0].reason


def test_6kb_merge_note():
    note = "'" * 2000 + " section" * 300 + ", " * 1000 + " and " * 200
    index, _ = _index(f"1. **A.** b **[merged: DOC.md — {note}]**\n")
    assert index.findings[0].targets


def test_long_h1():
    assert h1_text("# " + "word " * 3000 + "#" * 3000 + " " * 3000 + "\n") == ("word " * 3000).strip()  # the closing #s go
    assert h1_text("   x" + " " * 6000 + "\n" + "=" * 6000 + "\n") == "x"  # a setext heading


def test_long_map_lines():
    row = "| " + " " * 6000 + "| " + "-" * 6000 + " |" + " |" * 3000 + "\n"
    report = Report()
    index = parse_index("# C\n\n## Directory map\n\n| Dir | a | b |\n|" + "-" * 6000 + "|---|---|\n" + row
                        + "|" + " " * 6000 + ":---" * 1000 + "\n\n## Findings\n\n1. **A.** b [flagged — x]\n",
                        "tooling/README.md", report)
    assert len(index.findings) == 1


@pytest.mark.parametrize("line", [
    "http:" * 20000,  # every ':' looked back through the whole line for a scheme
    ("a" * 50 + ":") * 2000,
    " https://a.b" * 5000,
    "https://a.b/" + ")" * 5000,  # trailing parentheses were counted once per parenthesis
    " www.a" * 5000,
    " a@b.c" * 5000,
])
def test_autolinks_are_linear(line):
    html = reader.to_html(line + "\n")
    assert html.startswith("<p>")


def test_deep_nesting_is_a_warning_not_a_traceback():
    deep = "".join("  " * i + "- x\n" for i in range(250)) + ">" * 250 + " quote\n"
    _, report = _index("1. **A.** b [flagged — x]\n" + "".join("   " + "  " * i + "- x\n" for i in range(250)))
    assert any("nested" in d.message and d.line for d in report.items)
    assert reader.to_html(deep)  # lane READMEs and briefs: rendered up to the limit
    assert reader.outline(deep)[1] is not None


# --------------------------------------------------------------------------- the reader: GitHub's extensions


def test_corpus_markdown_renders_github_extensions():
    from macros.text.sanitize import markdown_to_html

    html = markdown_to_html("See https://example.org/a?b=1. and www.example.com, ~~old~~ text.\n\n"
                            "- [ ] open\n- [x] done\n\nNote[^1].\n\n[^1]: The note.\n\n"
                            "![chart](https://cdn.example.org/c.png)\n\n1 * 2 * 3 stays \"straight\" -- as typed...\n")
    assert '<a href="https://example.org/a?b=1" rel="noopener noreferrer">https://example.org/a?b=1</a>.' in html
    assert '<a href="http://www.example.com" rel="noopener noreferrer">www.example.com</a>,' in html
    assert "<del>old</del>" in html
    assert "☐</span> open" in html and "☑</span> done" in html
    assert "The note." in html and "footnote" in html
    assert "<img" not in html and "[image: chart]" in html  # images stay links to them
    assert "1 * 2 * 3 stays &quot;straight&quot; -- as typed..." in html or '"straight" -- as typed...' in html


HEADINGS = ["Setup & `config.yaml`", "Setup & `config.yaml`", "snake_case_name *emph*", "A 3*3 grid of E2B_and_E4B",
            "__init__ and _private_", "Link [to docs](https://x.org) <kbd>Ctrl</kbd>", "Émigré café — naïve", "x_1",
            "Escaped \\* star", "&amp; entities &lt;here&gt;"]


def test_corpus_heading_ids_are_the_forges_and_old_ids_stay_aliases():
    """Headings get GitHub's slug (repeats -1, -2); the id the site gave a heading before stays an alias."""
    import re as _re

    from macros.text.docsmd import shared_markdown
    from macros.text.sanitize import markdown_to_html

    text = "".join(f"## {h}\n\n" for h in HEADINGS)
    html = markdown_to_html(text)
    assert _re.findall(r'<h2 id="([^"]*)"', html) == [
        "setup--configyaml", "setup--configyaml-1", "snake_case_name-emph", "a-33-grid-of-e2b_and_e4b",
        "init-and-private", "link-to-docs-ctrl", "émigré-café--naïve", "x_1", "escaped--star", "-entities-here"]
    ids = set(_re.findall(r' id="([^"]*)"', html))
    old = _re.findall(r'<h2 id="([^"]*)"', shared_markdown().convert(text))  # Python-Markdown's, published before
    assert set(old) <= ids and len(old) == len(HEADINGS)
    assert _re.findall(r'<h2 id="([^"]*)"', markdown_to_html("Text\n----\n")) == ["text"]  # setext
    # an H1 gets its slug too, and punctuation goes as on the forge
    assert 'id="findings-that-update--contradict-the-existing-corpus"' in markdown_to_html(
        "# Findings that update / contradict the existing corpus\n")
