"""Invariants of the shipped corpus, so that an edit that breaks them fails CI."""
from __future__ import annotations

import re
import shutil
from datetime import date

import yaml
from support.project import assemble, shipped_root_docs
from support.paths import ROOT

from macros.export.report import diagnostics, health
from macros.load.corpus import load_corpus
from macros.pipeline import Site
from macros.read.frontmatter import split_front_matter
from macros.views.links import PageLinks
from macros.xref.links import looks_like_corpus_file, resolve

MANIFEST = {e["path"]: e for e in yaml.safe_load((ROOT / "tooling/sources.yaml").read_text())["artifacts"]}


def test_index_shape(stand_in):
    idx = stand_in.corpus.index
    assert idx.title == "Gemma 4 — Canonical Tooling Corpus"
    assert [r.dir for r in idx.map_rows] == ["google-official", "huggingface", "inference-frameworks",
                                             "gemma-family", "fine-tuning"]
    for lane in stand_in.corpus.lanes:
        assert lane.readme in (f"{lane.name}/README.md", f"{lane.name}/index.md"), lane.name
    assert len(idx.findings) == 13
    assert [f.status for f in idx.findings].count("merged") == 9
    assert [f.number for f in idx.findings if f.status == "flagged"] == [3, 7, 9, 10]
    titles = [s.title for s in idx.sections]
    assert "Immediate homelab plug-ins (from the gemma-family research)" in titles
    assert "Source-url discipline" in titles


def test_validation_is_clean(stand_in):
    problems = [str(d) for d in diagnostics(stand_in) if d.severity in ("error", "warning")]
    assert problems == []


def test_every_marker_section_resolves(stand_in):
    for f in stand_in.corpus.findings:
        for t in f.targets:
            assert t.known, (f.number, t.file)
            if t.note and any(w in t.note for w in ('"', "section", "under ")):
                assert t.anchor, (f.number, t.note)


def test_every_cited_path_is_on_disk_or_in_the_manifest(stand_in):
    cited = set()
    for f in stand_in.corpus.findings:
        cited.update(c for c in f.cited if "/" in c)
    missing = []
    for path in cited:
        if not looks_like_corpus_file(stand_in.index, path):
            continue
        for hit in resolve(stand_in.index, path) or [(path, None)]:
            ref = hit[1]
            if ref is None:
                missing.append(path)
            elif ref.kind == "artifact":
                on_disk = (ROOT / "tooling" / ref.key).is_file()
                entry = MANIFEST.get(ref.key)
                assert on_disk or (entry and entry.get("url")), ref.key
    assert missing == []


def _lane_rows(stand_in: Site) -> dict[str, list[int]]:
    """Corpus path → README lines of the file-table rows naming it, read as the loader reads the lanes."""
    rows: dict[str, list[int]] = {}
    for lane in stand_in.corpus.lanes:
        assert lane.facts is not None, lane.name
        for _, row in lane.facts.rows:
            rows.setdefault(f"{lane.name}/{row.path}", []).append(row.line)
    return rows


def test_lane_tables_name_every_file_and_only_real_files(stand_in):
    """Every file on disk in a lane and every file declared in sources.yaml is in a lane README's file table
    (no "named in no file table" note), and no row names a file that is neither on disk nor declared."""
    rows = _lane_rows(stand_in)
    root = ROOT / "tooling"
    readmes = {lane.readme for lane in stand_in.corpus.lanes}
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*")
               if p.is_file() and len(p.relative_to(root).parts) > 1}
    shipped = (on_disk - readmes) | set(MANIFEST)
    assert sorted(shipped - set(rows)) == []  # in no table
    assert sorted(set(rows) - on_disk - set(MANIFEST)) == []  # a row naming a missing file
    notes = [str(d) for d in diagnostics(stand_in) if "no file table" in d.message]
    assert notes == []
    for a in stand_in.corpus.artifacts:
        assert a.listing is not None and a.listing.description, a.path


def test_lane_readmes_follow_the_maintainer_conventions(stand_in):
    lanes = {lane.name: lane for lane in stand_in.corpus.lanes}
    for name, lane in lanes.items():
        facts = lane.facts
        assert facts.title and facts.date, name  # an H1 and a provenance statement with a date
        for section in facts.sections:
            if section.folder:  # a `folder/` section names its upstream source (with a URL) or says it is ours
                assert section.urls or "ours" in section.source or "this corpus" in section.source, \
                    (name, section.folder)
                assert section.rows, (name, section.folder)
    statements = [lanes[n].facts.provenance.statement for n in lanes if lanes[n].facts.provenance]
    assert len(set(statements)) == len(statements)  # worded differently in each lane
    assert lanes["huggingface"].facts.as_of == "2026-04-18" and lanes["huggingface"].facts.date == "April 2026"
    with_findings = {n for n, lane in lanes.items() if lane.facts.findings}
    assert {"huggingface", "inference-frameworks"} <= with_findings and "fine-tuning" not in with_findings
    for lane in lanes.values():
        for f in lane.facts.findings:
            assert "[merged" not in f.body_html and "[flagged" not in f.body_html  # no provenance marker
    assert any(s.folder == "model-cards" for s in lanes["huggingface"].facts.sections)
    # the runtime comparison: one row per runtime, eight columns, not a file table
    text = (ROOT / "tooling/inference-frameworks/README.md").read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("| Runtime |"))
    assert header.count("|") - 1 == 8


def test_manifest_declares_only_third_party_files_we_do_not_commit():
    """sources.yaml is the stand-in's one enrichment: upstream files that are described but not mirrored."""
    for path, e in MANIFEST.items():
        assert e.get("retrieved"), path
        assert re.match(r"^https://", e.get("url", "")), path
        assert e.get("kind") != "original", path  # our own files are described by the lane tables
        assert not (ROOT / "tooling" / path).exists(), path


# What the facts really do not say (gemma-facts.yaml): no base generation for DolphinGemma and SignGemma,
# no size for SignGemma.
UNSTATED = {"dolphingemma": {"generations"}, "signgemma": {"generations", "sizes"}}


def test_briefs_are_prose_the_catalog_can_read(stand_in):
    """No front matter; every brief yields its model names, generation, sizes, release and card links."""
    names = {b.name for b in stand_in.corpus.briefs}
    for wanted in ["ShieldGemma 2", "CodeGemma", "PaliGemma 2", "RecurrentGemma", "DataGemma", "MedGemma",
                   "TxGemma", "EmbeddingGemma", "TranslateGemma", "FunctionGemma", "DolphinGemma", "SignGemma",
                   "DiffusionGemma", "EmbeddingGemma 2"]:
        assert wanted in names
    for b in stand_in.corpus.briefs:
        text = (ROOT / "tooling" / b.path).read_text(encoding="utf-8")
        assert not text.startswith("---"), b.path
        assert b.valid and b.facts is not None and b.facts.title_line == 1, b.path
        f = b.facts
        for field in ("models", "generations", "sizes", "released", "cards"):
            if field in UNSTATED.get(b.slug, ()):
                assert getattr(f, field) == (), (b.path, field)
            else:
                assert getattr(f, field), (b.path, field)
        assert f.lead is not None and b.meta.get("purpose"), b.path
        for card in f.cards:
            assert card.url.startswith("https://"), (b.path, card)
    briefs = {b.slug: b for b in stand_in.corpus.briefs}
    assert briefs["codegemma"].meta["base_generation"] == "Gemma 1"
    assert briefs["recurrentgemma"].meta["base_generation"] == "Gemma 1"
    assert briefs["paligemma-2"].meta["params"] == "3B, 10B, 28B"  # a table's Total column
    assert briefs["diffusiongemma"].meta["params"] == "~25.8B"
    # one brief, several models: each release is credited to the model its line names
    assert briefs["medgemma"].meta["released"] == ("May 2025 (MedGemma 4B and 27B text), July 2025 (MedGemma 27B "
                                                   "multimodal), January 2026 (MedGemma 1.5)")
    assert {c.label for b in stand_in.corpus.briefs for c in b.facts.cards} >= {None, "HF", "Docs"}  # bare and labelled


def test_gemma4_statements_match_the_facts(stand_in):
    briefs = {b.slug: b for b in stand_in.corpus.briefs}
    gemma4 = {s for s, b in briefs.items() if "Gemma 4" in b.meta.get("base_generation", "")}
    assert gemma4 == {"diffusiongemma", "embeddinggemma-2"}  # the later, Gemma-4-based additions
    for slug in gemma4 | {"embeddinggemma", "dolphingemma", "signgemma"}:
        assert briefs[slug].facts.no_gemma4 is None, slug  # a successor exists, or the facts do not say
    for slug in ("shieldgemma-2", "paligemma-2", "medgemma", "translategemma", "codegemma", "datagemma",
                 "recurrentgemma", "txgemma", "functiongemma"):
        assert briefs[slug].facts.no_gemma4 is not None, slug
    for slug in gemma4:
        assert "2026-11-28" in briefs[slug].body  # dated as a later addition


def test_unverified_briefs_say_so_in_prose(stand_in):
    for slug in ("dolphingemma", "signgemma"):
        brief = next(b for b in stand_in.corpus.briefs if b.slug == slug)
        assert "unconfirmed" in brief.facts.lead.value.lower(), slug
    for b in stand_in.corpus.briefs:
        if b.slug not in ("dolphingemma", "signgemma"):
            assert "unconfirmed" not in b.facts.lead.value.lower(), b.slug


def test_dated_updates_are_kept():
    for name in ("codegemma.md", "embeddinggemma.md"):
        text = (ROOT / "tooling/gemma-family" / name).read_text(encoding="utf-8")
        assert re.search(r"^Update \(2026-11-28\): ", text, re.MULTILINE), name


def test_partial_front_matter_overrides_one_field_and_keeps_the_prose(stand_in, tmp_path):
    """Front matter is an override field by field: a brief that only says `verified: false` keeps what its
    prose states, with no error for the fields it leaves out."""
    shutil.copytree(ROOT / "tooling", tmp_path / "tooling")
    brief = tmp_path / "tooling/gemma-family/shieldgemma-2.md"
    prose = brief.read_text(encoding="utf-8")
    brief.write_text("---\nverified: false\n---\n" + prose, encoding="utf-8")
    corpus = load_corpus(tmp_path, build_date=date(2026, 11, 28))
    assert [str(d) for d in corpus.diagnostics
            if d.severity in ("error", "warning") and "shieldgemma-2" in d.path] == []
    b = next(b for b in corpus.briefs if b.slug == "shieldgemma-2")
    plain = next(b for b in stand_in.corpus.briefs if b.slug == "shieldgemma-2")
    assert b.valid and b.meta["verified"] is False
    assert {k: b.meta.get(k) for k in ("name", "base_generation", "params", "released", "sources")} == \
        {k: plain.meta.get(k) for k in ("name", "base_generation", "params", "released", "sources")}
    assert b.meta["base_generation"] and b.meta["params"]


def test_enrichments_still_work_on_the_shipped_corpus(tmp_path):
    """Front matter and per-file sources.yaml entries (the optional enrichments) on a copy of the stand-in:
    validated, and they win over what the prose and the lane tables say."""
    shutil.copytree(ROOT / "tooling", tmp_path / "tooling")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    for doc in shipped_root_docs():  # the working docs sit beside tooling/
        shutil.copy(doc, tmp_path / doc.name)
    brief = tmp_path / "tooling/gemma-family/dolphingemma.md"
    brief.write_text("---\nname: DolphinGemma\nbase_generation: \"Unconfirmed (Gemma research and technology)\"\n"
                     "params: \"~400M (unconfirmed)\"\nmodalities: [audio]\npurpose: Dolphin vocalisation model\n"
                     "sources:\n  - https://blog.google/technology/ai/dolphingemma/\nreleased: \"2025-04-14\"\n"
                     "license: unknown\nhf_ids: []\nverified: false\nadded: \"2026-04-18\"\n---\n"
                     + brief.read_text(encoding="utf-8"), encoding="utf-8")
    manifest = tmp_path / "tooling/sources.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "  - path: inference-frameworks/run_commands.sh\n"
                        "    kind: original\n    retrieved: 2026-04-18\n    note: Ours.\n", encoding="utf-8")
    site = assemble(tmp_path)
    corpus = site.corpus
    assert [str(d) for d in corpus.diagnostics if d.severity in ("error", "warning")] == []
    dolphin = next(b for b in corpus.briefs if b.slug == "dolphingemma")
    assert dolphin.valid and dolphin.meta["verified"] is False and dolphin.meta["modalities"] == ["audio"]
    assert dolphin.meta["params"] == "~400M (unconfirmed)"  # front matter wins over the prose's "~400M"
    assert dolphin.meta["released"] == "2025-04-14" and dolphin.facts.title == "DolphinGemma"
    run = next(a for a in corpus.artifacts if a.path == "inference-frameworks/run_commands.sh")
    assert run.source.kind == "original" and run.listing is not None
    assert run.path not in {r.a.path for r in health(PageLinks(site, ""))["unsourced"]}


def test_docs_have_the_sections_markers_name(stand_in):
    heads = {d.file: {h.text for h in d.headings} for d in stand_in.corpus.docs}
    assert {"Chat Template Context", "HF transformers Alternative"} <= heads["CORPUS_tool_calling_format.md"]
    assert {"Text", "Native Object Detection", "What Gemma 4 Does NOT Do"} <= heads["CORPUS_capabilities.md"]
    assert {"MEDIUM", "LOW: Fine-Tuning Ecosystem Issues"} <= heads["GOTCHAS.md"]
    assert "Model Selection" in heads["SYNTHESIS.md"]
    assert "embeddinggemma" in (ROOT / "SYNTHESIS.md").read_text().lower()


def test_only_the_home_page_asks_for_macros():
    """The corpus docs are never rendered by mkdocs-macros (they may hold `{{`, `{%` or a `{#id}`)."""
    asking = []
    for p in sorted((ROOT / "docs").rglob("*.md")):
        fm, _, _ = split_front_matter(p.read_text(encoding="utf-8"))
        if fm and (yaml.safe_load(fm) or {}).get("render_macros"):
            asking.append(p.relative_to(ROOT / "docs").as_posix())
    assert asking == ["index.md"]
