"""The guide for corpus authors (docs/guide/) is tested by its own examples, so it cannot rot.

Every fenced block with a file title (```markdown title="tooling/README.md") is written into a small
corpus in tmp_path and read by the loader:

- on the grammar pages, each example must read without an error or a warning;
- on the diagnostics page, the examples of each section (`### Title {#code}`) must yield a diagnostic
  with that section's code, and every code has a section.

A block for `tooling/README.md` that does not start with an H1 is the findings list of a small index.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from macros.export.report import diagnostics
from support.paths import ROOT
from macros.model.codes import CODES, code_of
from macros.pipeline import Options, assemble_site
from macros.plan.pages import Settings

GUIDE = ROOT / "docs" / "guide"
BUILD = date(2026, 11, 28)

_FENCE = re.compile(r'^(?P<fence>`{3,})(?P<lang>\w*) title="(?P<path>[^"]+)"\n(?P<body>.*?)^(?P=fence)\s*$',
                    re.MULTILINE | re.DOTALL)
_SECTION = re.compile(r"^#{2,3} .*\{#(?P<code>[a-z0-9-]+)\}\s*$", re.MULTILINE)

INDEX_HEAD = """# Test corpus

Populated 2026-04-18.

## Directory map

| Dir | What's there | When to open it |
|---|---|---|
| `my-lane/` | Scripts | Always |
| `gemma-family/` | Briefs | Siblings |

## Findings that update / contradict the existing corpus

"""
DEFAULT_FINDINGS = "1. **A base finding.** Its body. **[flagged — reference material]**\n"
BASE_FILES = {
    "tooling/my-lane/README.md": "# My lane\n\nDownloaded 2026-04-18.\n\n### `scripts/`\n\nFrom vLLM, "
                                 "https://github.com/vllm-project/vllm.\n\n| File | What it is |\n|---|---|\n"
                                 "| `run.sh` | The launch command |\n| `notes.txt` | What broke |\n",
    "tooling/my-lane/scripts/run.sh": "vllm serve google/gemma-4-31B-it\n",
    "tooling/my-lane/scripts/notes.txt": "It worked on the second try.\n",
    "tooling/gemma-family/README.md": "# Gemma family\n\nResearch compiled 2026-04-18.\n",
    "GOTCHAS.md": "# Gotchas\n\n## MEDIUM severity\n\nText.\n\n## LOW: Fine-Tuning Ecosystem Issues\n\nText.\n",
    "SYNTHESIS.md": "# Synthesis\n\n## Training\n\nText.\n",
}


def examples(text: str) -> list[tuple[str, str]]:
    """(file path, content) of each titled fenced block of a guide page."""
    return [(m["path"], m["body"]) for m in _FENCE.finditer(text)]


def sections(text: str) -> dict[str, str]:
    """code → the text of its section on the diagnostics page."""
    marks = list(_SECTION.finditer(text))
    return {m["code"]: text[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)]
            for i, m in enumerate(marks)}


def corpus_diagnostics(project: Path, files: list[tuple[str, str]]):
    """Write the base corpus plus the example files, load and plan it; every diagnostic found."""
    written = dict(BASE_FILES)
    index = None
    for path, body in files:
        if path == "tooling/README.md" and not body.startswith("# "):
            index = (index or INDEX_HEAD) + body
        else:
            written[path] = body
    written.setdefault("tooling/README.md", index or INDEX_HEAD + DEFAULT_FINDINGS)
    for path, body in written.items():
        dest = project / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(body, encoding="utf-8")
    site = assemble_site(project, Options(build_date=BUILD, site=Settings("t"), git=False))
    return diagnostics(site)


GRAMMAR_PAGES = sorted(p.name for p in GUIDE.glob("*.md") if p.name != "diagnostics.md")
DIAGNOSTICS = sections((GUIDE / "diagnostics.md").read_text(encoding="utf-8"))


def test_the_guide_pages_have_examples():
    counted = {name: len(examples((GUIDE / name).read_text(encoding="utf-8"))) for name in GRAMMAR_PAGES}
    assert sum(counted.values()) >= 10, counted
    assert all(counted[name] for name in ("index-format.md", "markers.md", "notes.md", "briefs.md", "lanes.md"))


@pytest.mark.parametrize("page", GRAMMAR_PAGES)
def test_grammar_examples_read_cleanly(tmp_path, page):
    for n, example in enumerate(examples((GUIDE / page).read_text(encoding="utf-8"))):
        found = corpus_diagnostics(tmp_path / str(n), [example])
        bad = [str(d) for d in found if d.severity in ("error", "warning")]
        assert not bad, f"{page}, example {n + 1} ({example[0]}): {bad}"


def test_every_code_has_a_section_and_every_section_a_code():
    assert set(DIAGNOSTICS) == set(CODES)


@pytest.mark.parametrize("code", [c for c, text in DIAGNOSTICS.items() if examples(text)])
def test_diagnostic_example_yields_its_code(tmp_path, code):
    found = corpus_diagnostics(tmp_path, examples(DIAGNOSTICS[code]))
    codes = {code_of(d) for d in found}
    assert code in codes, [f"{code_of(d)}: {d}" for d in found]


def test_most_diagnostics_have_a_built_example():
    """The sections without one are the build's own notices and file-system problems (links, sizes,
    encodings) that a Markdown example cannot show."""
    without = sorted(c for c, text in DIAGNOSTICS.items() if not examples(text))
    assert len(without) <= 14, without


def test_build_diagnostics_carry_their_code_and_guide_link_in_the_log(tmp_path):
    """The diagnostics only a MkDocs build finds (docs/ policy, macros, broken links) have codes too, and the
    log line links the guide's section; so does /health/."""
    from conftest import SITE_URL, build, make_project

    project = make_project(tmp_path / "p")
    (project / "docs" / "notes.md").write_text("---\nrender_macros: true\n---\n# Notes\n", encoding="utf-8")
    (project / "docs" / "page.html").write_text("<p>hi</p>\n", encoding="utf-8")
    readme = project / "tooling" / "fine-tuning" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nSee [the old recipe](old-recipe.md).\n", encoding="utf-8")
    built = build(project)
    for code in ("render-macros", "docs-not-published", "link-broken"):
        line = next((x for x in built.log.splitlines() if f"[{code}: " in x), None)
        assert line is not None, (code, built.log[-3000:])
        assert line.endswith(f"[{code}: {SITE_URL}guide/diagnostics/#{code}]"), line
        assert f'id="{code}"' in (built.site / "guide" / "diagnostics" / "index.html").read_text(encoding="utf-8")
    health = built.html("health/")
    links = {a["href"] for a in health.select("a.corpus-guide-link")}
    assert "../guide/diagnostics/#render-macros" in links and "../guide/diagnostics/#link-broken" in links
