"""Invariants of the shipped corpus, so that an edit that breaks them fails CI."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from macros.corpus import load_corpus
from macros.gitdates import GitDates
from macros.links import looks_like_corpus_file, resolve
from macros.plan import Settings, plan_site
from macros.report import diagnostics
from macros.parse import split_front_matter
from macros.safehtml import markdown_to_raw_html
from macros.site import build_site

ROOT = Path(__file__).resolve().parent.parent
CORPUS = load_corpus(ROOT, build_date=date(2026, 11, 28))
SITE = build_site(CORPUS, plan_site(CORPUS, Settings("t")), git=GitDates(False), project=ROOT)
MANIFEST = {e["path"]: e for e in yaml.safe_load((ROOT / "tooling/sources.yaml").read_text())["artifacts"]}


def test_index_shape():
    idx = CORPUS.index
    assert idx.title == "Gemma 4 — Canonical Tooling Corpus"
    assert [r.dir for r in idx.map_rows] == ["google-official", "huggingface", "inference-frameworks",
                                             "gemma-family", "fine-tuning"]
    for lane in CORPUS.lanes:
        assert lane.readme in (f"{lane.name}/README.md", f"{lane.name}/index.md"), lane.name
    assert len(idx.findings) == 13
    assert [f.status for f in idx.findings].count("merged") == 9
    assert [f.number for f in idx.findings if f.status == "flagged"] == [3, 7, 9, 10]
    titles = [s.title for s in idx.sections]
    assert "Immediate homelab plug-ins (from the gemma-family research)" in titles
    assert "Source-url discipline" in titles


def test_validation_is_clean():
    problems = [str(d) for d in diagnostics(SITE) if d.severity in ("error", "warning")]
    assert problems == []


def test_every_marker_section_resolves():
    for f in CORPUS.findings:
        for t in f.targets:
            assert t.known, (f.number, t.file)
            if t.note and any(w in t.note for w in ('"', "section", "under ")):
                assert t.anchor, (f.number, t.note)


def test_every_cited_path_is_on_disk_or_in_the_manifest():
    cited = set()
    for f in CORPUS.findings:
        cited.update(c for c in f.cited if "/" in c)
    for lane in CORPUS.lanes:
        if lane.readme:
            html = markdown_to_raw_html((ROOT / "tooling" / lane.readme).read_text())
            for code in BeautifulSoup(html, "html.parser").select("tr > td:first-child > code"):
                cited.add(f"{lane.name}/{code.get_text()}")
    missing = []
    for path in cited:
        if not looks_like_corpus_file(SITE.index, path):
            continue
        for hit in resolve(SITE.index, path) or [(path, None)]:
            ref = hit[1]
            if ref is None:
                missing.append(path)
            elif ref.kind == "artifact":
                on_disk = (ROOT / "tooling" / ref.key).is_file()
                entry = MANIFEST.get(ref.key)
                assert on_disk or (entry and entry.get("url")), ref.key
    assert missing == []


def test_manifest_entries_have_urls_and_dates():
    for path, e in MANIFEST.items():
        assert e.get("retrieved"), path
        if e.get("kind") != "original":
            assert re.match(r"^https://", e.get("url", "")), path
        else:
            assert (ROOT / "tooling" / path).is_file(), path


def test_briefs_front_matter():
    names = {b.name for b in CORPUS.briefs}
    for wanted in ["ShieldGemma 2", "CodeGemma", "PaliGemma 2", "RecurrentGemma", "DataGemma", "MedGemma",
                   "TxGemma", "EmbeddingGemma", "TranslateGemma", "FunctionGemma", "DolphinGemma", "SignGemma"]:
        assert wanted in names
    for b in CORPUS.briefs:
        assert b.valid, b.path
        for key in ("name", "base_generation", "params", "modalities", "purpose", "sources"):
            assert b.meta.get(key), (b.path, key)
    code = next(b for b in CORPUS.briefs if b.name == "CodeGemma")
    assert code.meta["base_generation"].startswith("Gemma 1")
    for b in CORPUS.briefs:
        if b.name in ("DolphinGemma", "SignGemma"):
            assert b.meta.get("verified") is False


def test_docs_have_the_sections_markers_name():
    heads = {d.file: {h.text for h in d.headings} for d in CORPUS.docs}
    assert {"Chat Template Context", "HF transformers Alternative"} <= heads["CORPUS_tool_calling_format.md"]
    assert {"Text", "Native Object Detection", "What Gemma 4 Does NOT Do"} <= heads["CORPUS_capabilities.md"]
    assert {"MEDIUM", "LOW: Fine-Tuning Ecosystem Issues"} <= heads["GOTCHAS.md"]
    assert "Model Selection" in heads["SYNTHESIS.md"]
    assert "embeddinggemma" in (ROOT / "docs/SYNTHESIS.md").read_text().lower()


def test_only_the_home_page_asks_for_macros():
    """The corpus docs are never rendered by mkdocs-macros (they may hold `{{`, `{%` or a `{#id}`)."""
    asking = []
    for p in sorted((ROOT / "docs").rglob("*.md")):
        fm, _, _ = split_front_matter(p.read_text(encoding="utf-8"))
        if fm and (yaml.safe_load(fm) or {}).get("render_macros"):
            asking.append(p.relative_to(ROOT / "docs").as_posix())
    assert asking == ["index.md"]
