"""The maintainer's own format loads as written: root docs, prose briefs, lane file tables (issue 13)."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from macros.load.corpus import load_corpus
from macros.load.docs import root_doc_files
from support.paths import FIXTURES

FIXTURE = FIXTURES / "maintainer"
BUILD = date(2026, 11, 28)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(FIXTURE, build_date=BUILD)


def _problems(c) -> list[str]:
    return [str(d) for d in c.diagnostics if d.severity in ("error", "warning")]


def test_no_warnings_without_enrichments(corpus):
    assert _problems(corpus) == []
    infos = [str(d) for d in corpus.diagnostics if d.severity == "info"]
    assert any("no source manifest" in i for i in infos)
    assert any("extra-notes.txt" in i and "no file table" in i for i in infos)
    assert any("txgemma.md:1" in i and "file name" in i for i in infos)


def test_docs_at_the_root_and_in_docs(corpus):
    docs = {d.file: d for d in corpus.docs}
    assert docs["SYNTHESIS.md"].repo_path == "docs/SYNTHESIS.md" and not docs["SYNTHESIS.md"].at_root
    assert docs["GOTCHAS.md"].at_root and docs["GOTCHAS.md"].repo_path == "GOTCHAS.md"
    assert docs["GOTCHAS.md"].src_uri == "GOTCHAS.md"
    assert [(str(p.relative_to(FIXTURE)), repo, uri) for p, repo, uri in root_doc_files(corpus, FIXTURE)] == [
        ("CORPUS_capabilities.md", "CORPUS_capabilities.md", "CORPUS_capabilities.md"),
        ("CORPUS_constructs.md", "CORPUS_constructs.md", "CORPUS_constructs.md"),
        ("GOTCHAS.md", "GOTCHAS.md", "GOTCHAS.md")]
    targets = {(t.file, t.section) for f in corpus.findings for t in f.targets}
    assert targets == {("GOTCHAS.md", "MEDIUM"), ("GOTCHAS.md", "LOW: Fine-Tuning Ecosystem Issues"),
                       ("CORPUS_capabilities.md", "Text"), ("SYNTHESIS.md", "Model Selection")}
    assert all(f.status != "error" for f in corpus.findings)


def test_brief_facts(corpus):
    b = {x.slug: x for x in corpus.briefs}
    pali = b["paligemma"]
    assert pali.models == ("PaliGemma", "PaliGemma 2")
    # per-model lines (`- **PaliGemma** (May 2024): Gemma 1 + SigLIP`) give each model its own base
    assert pali.meta["base_generation"] == "Gemma 2 (PaliGemma 2), Gemma 1 (PaliGemma), Gemma 2 (PaliGemma 2 mix)"
    assert pali.meta["params"] == "~3B, ~10B, ~28B"  # the table's total column
    assert pali.meta["released"] == "May 2024 (PaliGemma), December 2024 (PaliGemma 2), February 2025 (PaliGemma 2 mix)"
    assert [(c.label, c.line) for c in pali.facts.cards] == [("DeepMind", 22), ("HF", 23)]
    assert pali.facts.no_gemma4.value == "No Gemma 4 generation yet."
    shield = b["shieldgemma"]
    assert {(g.value, g.model) for g in shield.facts.generations} == {("Gemma 3", "ShieldGemma 2"),
                                                                       ("Gemma 2", "ShieldGemma")}
    assert [(s.value, s.model) for s in shield.facts.sizes] == [("2B", "ShieldGemma"), ("9B", "ShieldGemma"),
                                                                ("27B", "ShieldGemma"), ("4B", "ShieldGemma 2")]
    assert [c.label for c in shield.facts.cards] == [None, None]  # bare URLs
    assert b["embeddinggemma"].meta["base_generation"] == "Gemma 3"  # "Still on Gemma 3 as of April 2026"
    assert b["embeddinggemma"].meta["params"] == "308M"
    assert b["codegemma"].meta["base_generation"] == "Gemma 1"  # "Built on **Gemma 1**"
    assert [c.label for c in b["codegemma"].facts.cards] == ["Repo", "Paper"]
    assert b["txgemma"].name == "txgemma" and b["txgemma"].meta["params"] == "2B, 9B, 27B"


def test_lane_tables_are_provenance(corpus):
    arts = {a.path: a for a in corpus.artifacts}
    template = arts["huggingface/model-cards/gemma-4-31B-it-chat_template.jinja"]
    assert [(l.line, l.anchor) for l in template.listings] == [(15, None), (31, "model-cards")]  # two tables
    row = template.listings[1]
    assert row.description == "Chat template; turns open with <|turn>"
    assert row.urls == ("https://huggingface.co/google", "https://huggingface.co/google/gemma-4-31B-it")
    assert row.lane_date == "April 2026" and row.readme == "huggingface/README.md"
    app = arts["huggingface/spaces/gemma-4-e4b-it-app.py"].listing
    assert app.description == "Streaming chat demo for E4B" and app.folder == "spaces"
    run = arts["inference-frameworks/run_commands.sh"].listing
    assert run.lane_date == "2026-04-18" and run.anchor is None
    assert arts["huggingface/model-cards/extra-notes.txt"].listings == ()


def test_lane_findings(corpus):
    lanes = {l.name: l for l in corpus.lanes}
    hf = lanes["huggingface"].facts
    assert [(f.number, f.anchor) for f in hf.findings] == [
        (1, "finding-the-chat-template-is-the-canonical-token-reference"),
        (2, "finding-demo-spaces-are-the-shortest-inference-programs")]
    assert lanes["inference-frameworks"].facts.findings == ()


def _copy(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(FIXTURE, dest)
    return dest


def test_bad_input(tmp_path):
    project = _copy(tmp_path)
    fam = project / "tooling" / "gemma-family"
    (fam / "paligemma-copy.md").write_text("# PaliGemma 2\n\nBuilt on Gemma 2.\n", encoding="utf-8")
    readme = project / "tooling" / "inference-frameworks" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "| `gone.sh` | not on disk |\n", encoding="utf-8")
    c = load_corpus(project, build_date=BUILD)
    problems = _problems(c)
    assert any("'PaliGemma 2'" in p and "gemma-family/paligemma-copy.md" in p and "gemma-family/paligemma.md" in p
               for p in problems), problems
    assert any(p.startswith("tooling/inference-frameworks/README.md:18:") and "gone.sh" in p for p in problems)
    assert len(problems) == 2


def test_manifest_declares_a_row_and_front_matter_wins(tmp_path):
    project = _copy(tmp_path)
    readme = project / "tooling" / "inference-frameworks" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "| `upstream.html` | declared, not mirrored |\n",
                      encoding="utf-8")
    (project / "tooling" / "sources.yaml").write_text(
        "artifacts:\n  - path: inference-frameworks/snippets/upstream.html\n    url: https://example.org/u\n"
        "    retrieved: 2026-04-18\n", encoding="utf-8")
    brief = project / "tooling" / "gemma-family" / "codegemma.md"
    brief.write_text("---\nname: CodeGemma\nbase_generation: Gemma 1\nparams: 2B, 7B (front matter)\n"
                     "modalities: [text]\npurpose: Code\nsources: [https://ai.google.dev/gemma/docs/codegemma]\n---\n"
                     + brief.read_text(encoding="utf-8"), encoding="utf-8")
    c = load_corpus(project, build_date=BUILD)
    assert _problems(c) == []
    art = next(a for a in c.artifacts if a.path == "inference-frameworks/snippets/upstream.html")
    assert not art.on_disk and art.source.url == "https://example.org/u"
    assert art.listing.description == "declared, not mirrored"
    cg = next(b for b in c.briefs if b.slug == "codegemma")
    assert cg.meta["params"] == "2B, 7B (front matter)" and cg.meta["released"] == "April 2024"
    assert cg.facts.title_line == 9  # lines count from the top of the file
