"""A deterministic synthetic corpus in the real format, `scale` times the shipped one.

1x is about the size of the shipped corpus, with more of it on disk: 5 lanes, 62 artifacts (40 on disk,
22 manifest-only), 14 briefs, 13 findings, 5 docs. Every count is multiplied by `scale`. The same scale
always produces byte-identical files (one seeded `random.Random` per scale).
"""
from __future__ import annotations

import compileall
import json
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = (
    "gemma model token template prompt turn system user assistant image audio video vision tool call "
    "response schema parser server runtime quantisation checkpoint weights adapter lora fine-tune training "
    "inference kernel attention head dimension expert mixture context window cache batch stream endpoint "
    "notebook script config snapshot release license upstream maintainer repository branch commit recipe "
    "processor tokenizer embedding retrieval safety classifier translation routing latency memory gpu host "
    "homelab ollama vllm llama.cpp transformers keras jax flax pytorch mlx projector gguf variant sibling"
).split()

LANE_BASES = ("google-official", "huggingface", "inference-frameworks", "fine-tuning")
BRIEFS_LANE = "gemma-family"

# (extension, kind in the manifest, sub-folder, share of the 40 on-disk artifacts at 1x)
DISK_KINDS = (
    (".py", "script", "snippets", 10),
    (".sh", "script", "scripts", 6),
    (".md", "readme", "model-cards", 6),
    (".json", "config", "configs", 4),
    (".jinja", "chat-template", "templates", 3),
    (".ipynb", "notebook", "notebooks", 5),
    (".html", "html-snapshot", "docs", 5),
    (".pdf", "pdf", "tech-report", 1),
)
ONLY_MANIFEST = (
    (".html", "html-snapshot", "docs"), (".ipynb", "notebook", "notebooks"), (".md", "model-card", "model-cards"),
    (".py", "source", "src"), (".yaml", "yaml", "configs"), (".md", "readme", "readmes"),
)

# docs/ target docs: (file stem, title, level-2 sections, level-3 subsections under LOW)
DOC_BASES = (
    ("CORPUS_capabilities", "Capabilities"),
    ("CORPUS_ollama_variants", "Ollama variants"),
    ("CORPUS_tool_calling_format", "Tool calling format"),
    ("GOTCHAS", "Gotchas"),
    ("SYNTHESIS", "Synthesis"),
)
DOC_SECTIONS = ("Text", "Chat Template Context", "HF transformers Alternative", "Native Object Detection",
                "What Gemma 4 Does NOT Do", "HIGH", "MEDIUM", "LOW: Fine-Tuning Ecosystem Issues", "Audio",
                "Model Selection")

TOPICS = ("Prompt-token format", "Chat template", "Tool-call parser", "Flash Attention support", "MoE routing",
          "Audio projector", "System role", "Object detection", "Tokenizer schema", "Spaces example",
          "TRL script", "Technical report", "Sibling generation", "Quantised GGUF", "Vision encoder")


class Gen:
    def __init__(self, scale: int):
        self.scale = scale
        self.rng = random.Random(f"gemma4-corpus-bench-{scale}")

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def sentence(self, lo: int = 8, hi: int = 20) -> str:
        s = self.words(self.rng.randint(lo, hi))
        return s[0].upper() + s[1:] + "."

    def paragraph(self, lo: int = 3, hi: int = 6) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def ident(self) -> str:
        return "_".join(self.rng.choice(WORDS).replace(".", "") for _ in range(2))

    # ------------------------------------------------------------------ artifact bodies

    def body(self, ext: str, path: str) -> bytes:
        r = self.rng
        if ext == ".py":
            out = [f'"""{self.sentence()}"""', "from __future__ import annotations", "", "import json", ""]
            for _ in range(r.randint(6, 18)):
                fn = self.ident()
                out += [f"def {fn}(model_id: str, max_tokens: int = {r.randint(64, 4096)}) -> dict:",
                        f'    """{self.sentence()}"""',
                        f'    prompt = "<|turn>user\\n{self.words(6)}<turn|>"',
                        f"    payload = {{'model': model_id, 'prompt': prompt, 'n': {r.randint(1, 8)}}}",
                        f"    # {self.sentence()}",
                        "    return json.loads(json.dumps(payload))", ""]
            return "\n".join(out).encode()
        if ext == ".sh":
            out = ["#!/usr/bin/env bash", "set -euo pipefail", f"# {self.sentence()}"]
            for _ in range(r.randint(5, 20)):
                out += [f"# {self.sentence()}",
                        f"vllm serve google/gemma-4-{r.choice(['E2B', 'E4B', '26B-A4B', '31B'])}-it "
                        f"--max-model-len {r.choice([4096, 8192, 32768])} --port {r.randint(8000, 9000)}"]
            return ("\n".join(out) + "\n").encode()
        if ext == ".md":
            out = [f"# {self.words(3).title()}", "", self.paragraph()]
            for _ in range(r.randint(3, 7)):
                out += ["", f"## {self.words(2).title()}", "", self.paragraph(),
                        "", "```python", f"model = load('{self.ident()}')", "```", "",
                        "| Key | Value |", "|---|---|"] + [f"| {self.ident()} | {r.randint(1, 999)} |"
                                                         for _ in range(4)]
            return ("\n".join(out) + "\n").encode()
        if ext == ".json":
            data = {"model_type": "gemma4", "architectures": ["Gemma4ForConditionalGeneration"],
                    "response_schema": {"type": "object", "pattern": r"<\|tool_call>(.*?)<tool_call\|>"},
                    "params": {self.ident(): r.randint(0, 100000) for _ in range(r.randint(20, 80))}}
            return json.dumps(data, indent=2).encode()
        if ext == ".jinja":
            out = ["{{- bos_token -}}", "{%- for message in messages -%}"]
            for _ in range(r.randint(15, 50)):
                out += [f"  {{%- if message['role'] == '{self.rng.choice(WORDS)}' -%}}",
                        f"    {{{{ '<|turn>{self.rng.choice(WORDS)}\\n' + message['content'] + '<turn|>' }}}}",
                        "  {%- endif -%}"]
            out += ["{%- endfor -%}"]
            return ("\n".join(out) + "\n").encode()
        if ext == ".ipynb":
            cells = []
            for i in range(r.randint(6, 14)):
                if i % 2 == 0:
                    cells.append({"cell_type": "markdown", "metadata": {}, "source": [f"## {self.words(3)}\n",
                                                                                      self.paragraph()]})
                else:
                    cells.append({"cell_type": "code", "execution_count": i, "metadata": {},
                                  "source": [f"tokens = tokenizer('{self.words(5)}')\n", "print(len(tokens))"],
                                  "outputs": [{"output_type": "stream", "name": "stdout",
                                               "text": [f"{r.randint(1, 5000)}\n"]}]})
            nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
                  "nbformat": 4, "nbformat_minor": 5}
            return json.dumps(nb, indent=1).encode()
        if ext == ".html":
            out = ["<!DOCTYPE html>", "<html><head><title>Snapshot</title>",
                   "<script>window.analytics = {};</script><style>body{font-family:sans-serif}</style>",
                   "</head><body><nav><a href='/'>Home</a></nav><main>", f"<h1>{self.words(4).title()}</h1>"]
            for _ in range(r.randint(8, 24)):
                out += [f"<h2>{self.words(3).title()}</h2>", f"<p>{self.paragraph()}</p>",
                        f"<pre><code>{self.words(10)}</code></pre>",
                        "<ul>" + "".join(f"<li>{self.sentence()}</li>" for _ in range(3)) + "</ul>"]
            out += ["</main><footer>Snapshot retrieved 2026-04-18</footer></body></html>"]
            return ("\n".join(out) + "\n").encode()
        if ext == ".pdf":
            head = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
            return head + bytes(r.getrandbits(8) for _ in range(r.randint(20_000, 60_000))) + b"\n%%EOF\n"
        return (self.paragraph() + "\n").encode()


def _lane_names(scale: int) -> list[str]:
    """5 lanes per unit of scale; the briefs lane exists once (it is named in mkdocs.yml)."""
    lanes = [BRIEFS_LANE]
    for j in range(scale):
        sfx = "" if j == 0 else f"-{j + 1}"
        lanes += [b + sfx for b in LANE_BASES]
    lanes += [f"community-{j + 1}" for j in range(scale - 1)]
    return lanes


def _doc_files(scale: int) -> list[tuple[str, str]]:
    out = []
    for j in range(scale):
        sfx = "" if j == 0 else f"_{j + 1}"
        ttl = "" if j == 0 else f" ({j + 1})"
        out += [(f"{stem}{sfx}.md", title + ttl) for stem, title in DOC_BASES]
    return out


def write_corpus(dest: Path, scale: int, *, source: Path = ROOT) -> dict:
    """Write a full project (config, hook, templates, docs/, tooling/) at `dest`; return its counts.

    The site's code and configuration are copied from `source` (the repo, or a snapshot of it).
    """
    if scale < 1:
        raise ValueError("scale must be >= 1")
    g = Gen(scale)
    r = g.rng
    dest.mkdir(parents=True, exist_ok=True)
    _copy_site_config(dest, source)
    tooling = dest / "tooling"
    docs = dest / "docs"
    lanes = _lane_names(scale)
    content_lanes = [l for l in lanes if l != BRIEFS_LANE]

    # ------------------------------------------------------------------ artifacts
    on_disk: list[tuple[str, str]] = []  # (path, kind)
    n = 0
    for _ in range(scale):
        for ext, kind, sub, count in DISK_KINDS:
            for _ in range(count):
                lane = content_lanes[n % len(content_lanes)]
                name = f"{g.ident().replace('_', '-')}-{n}{ext}"
                on_disk.append((f"{lane}/{sub}/{name}", kind))
                n += 1
    manifest_only: list[tuple[str, str]] = []
    for i in range(22 * scale):
        ext, kind, sub = ONLY_MANIFEST[i % len(ONLY_MANIFEST)]
        lane = content_lanes[(i * 7) % len(content_lanes)]
        manifest_only.append((f"{lane}/{sub}/{g.ident().replace('_', '-')}-m{i}{ext}", kind))
    for path, _ in on_disk:
        p = tooling / path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(g.body(Path(path).suffix, path))

    # manifest: 3 of 4 on-disk files have a source, plus every manifest-only entry
    entries = []
    for i, (path, kind) in enumerate(on_disk + manifest_only):
        if i < len(on_disk) and i % 5 == 4:
            continue  # a file we wrote ourselves: no source URL (an info diagnostic, as in the real corpus)
        entries += [f"  - path: {path}", f"    url: https://example.org/upstream/{path}",
                    f"    retrieved: 2026-04-{r.randint(10, 18):02d}", f"    kind: {kind}",
                    f"    license: {r.choice(['Apache-2.0', 'CC-BY-4.0', 'Gemma Terms of Use'])}",
                    f"    note: {g.sentence(4, 10)}"]
    (tooling / "sources.yaml").write_text(
        "# Source manifest: one entry per upstream artifact the corpus refers to.\n"
        "# Paths are relative to tooling/. Files we wrote ourselves are not listed here.\n"
        "artifacts:\n" + "\n".join(entries) + "\n", encoding="utf-8")

    # ------------------------------------------------------------------ lane READMEs
    by_lane: dict[str, list[str]] = {}
    for path, _ in on_disk + manifest_only:
        by_lane.setdefault(path.split("/", 1)[0], []).append(path)
    for lane in content_lanes:
        rows = [f"| `{p.split('/', 1)[1]}` | {g.sentence(5, 10)} | https://example.org/upstream/{p} | 2026-04-18 |"
                for p in by_lane.get(lane, [])]
        text = [f"# {lane.replace('-', ' ').title()}", "", g.paragraph(4, 7), "", "## Files", "",
                "| File | What it is | Source | Retrieved |", "|---|---|---|---|", *rows, "",
                "## Notes", "", g.paragraph(), "", g.paragraph(), ""]
        (tooling / lane).mkdir(parents=True, exist_ok=True)
        (tooling / lane / "README.md").write_text("\n".join(text), encoding="utf-8")

    # ------------------------------------------------------------------ briefs
    brief_names = []
    bl = tooling / BRIEFS_LANE
    bl.mkdir(parents=True, exist_ok=True)
    for i in range(14 * scale):
        name = f"{g.words(1).title().replace('.', '')}Gemma {i + 1}"
        slug = name.lower().replace(" ", "-")
        brief_names.append((name, slug))
        mods = r.sample(["text", "image", "audio", "video"], r.randint(1, 3))
        fm = ["---", f"name: {name}", f"base_generation: Gemma {r.randint(1, 3)}",
              f'params: "{r.choice(["270M", "2B", "4B", "9B", "27B"])}"',
              f"modalities: [{', '.join(mods)}]", f"purpose: {g.sentence(6, 14)}", "sources:",
              f"  - https://ai.google.dev/gemma/docs/{slug}", f"  - https://huggingface.co/google/{slug}",
              f'released: "202{r.randint(4, 6)}-{r.randint(1, 12):02d}"', "license: Gemma Terms of Use",
              f"hf_ids: [google/{slug}-it]", f"verified: {str(r.random() < 0.7).lower()}", "---", ""]
        body = [f"# {name}", "", "## What it is", "", g.paragraph(), "", g.paragraph(), "",
                "## When to reach for it", "", *[f"- {g.sentence()}" for _ in range(3)], "",
                "## Generation caveat", "", g.paragraph(), ""]
        (bl / f"{slug}.md").write_text("\n".join(fm + body), encoding="utf-8")
    (bl / "index.md").write_text("\n".join(
        ["# Gemma family", "", g.paragraph(), "", "| Brief | Base | Purpose |", "|---|---|---|",
         *[f"| {nm} | Gemma 3 | {g.sentence(4, 8)} |" for nm, _ in brief_names], ""]), encoding="utf-8")

    # ------------------------------------------------------------------ docs
    doc_files = _doc_files(scale)
    docs.mkdir(parents=True, exist_ok=True)
    for fname, title in doc_files:
        text = [f"# {title}", "", g.paragraph(), ""]
        for sec in DOC_SECTIONS:
            text += [f"## {sec}", "", g.paragraph(), ""]
            for _ in range(r.randint(0, 2)):
                text += [f"### {g.words(3).capitalize()}", "", g.paragraph(), "",
                         "| Variant | Size | Notes |", "|---|---|---|",
                         *[f"| gemma4:{r.choice(['e2b', 'e4b', '26b', '31b'])} | {r.randint(1, 40)} GB | {g.words(5)} |"
                           for _ in range(3)], ""]
        (docs / fname).write_text("\n".join(text), encoding="utf-8")

    # ------------------------------------------------------------------ the index
    def doc(i: int) -> str:
        return doc_files[i % len(doc_files)][0]

    markers = (
        lambda i: f"[merged: {doc(i)} — added Chat Template Context section]",
        lambda i: f"[merged: {doc(i)} — MEDIUM severity section]",
        lambda i: "[flagged — not merged; no current homelab use case, but worth knowing it exists]",
        lambda i: f"[merged: {doc(i)} — HF transformers Alternative section]",
        lambda i: f"[merged: {doc(i)} — under LOW: Fine-Tuning Ecosystem Issues]",
        lambda i: f"[merged: {doc(i)} — annotated 26b row; {doc(i + 1)} — training caveat in fine-tuning section]",
        lambda i: "[flagged — nothing to merge; check back mid-2026]",
        lambda i: f'[merged: {doc(i)} — "What Gemma 4 Does NOT Do" now points at EmbeddingGemma for retrieval; '
                  f"full catalog in `{BRIEFS_LANE}/index.md`]",
        lambda i: "[flagged — only relevant if fine-tuning]",
        lambda i: "[flagged — reference material]",
        lambda i: f"[merged: {doc(i)} — Native Object Detection section]",
        lambda i: f"[merged: {doc(i)} — Text section]",
        lambda i: f"[merged: {doc(i)} and {doc(i + 2)}]",
    )
    all_paths = [p for p, _ in on_disk + manifest_only]
    findings = []
    for i in range(13 * scale):
        topic = TOPICS[i % len(TOPICS)]
        cites = r.sample(all_paths, 2)
        bname = brief_names[i % len(brief_names)][0]
        title = f"{topic} changed in drop {i + 1} of Gemma 4"
        body = (f"{g.sentence()} Gemma 4 uses `<|turn>user ... <turn|>` and `{cites[0]}`. {g.sentence()} "
                f"Canonical source: `{cites[1]}` and {bname}. {g.sentence()}")
        findings.append(f"{i + 1}. **{title}.** {body} **{markers[i % len(markers)](i)}**")
    map_rows = []
    for lane in lanes:
        what = (f"{len(brief_names)} per-variant briefs + `index.md`" if lane == BRIEFS_LANE else
                f"{g.words(6)}, `{(by_lane.get(lane) or [lane + '/README.md'])[0].split('/', 1)[1]}`, {g.words(4)}")
        map_rows.append(f"| `{lane}/` | {what} | {g.sentence(6, 12)} |")
    index = [
        "# Gemma 4 — Canonical Tooling Corpus", "",
        f"The real upstream material — scripts, notebooks, model cards and configs. Synthetic corpus at "
        f"scale {scale}. {g.paragraph()}", "",
        "**Triage:** read the subdirectory README that matches your task, not this one. This file is an index.", "",
        "## Directory map", "", "| Dir | What's there | When to open it |", "|---|---|---|", *map_rows, "",
        "## Findings that update / contradict the existing corpus", "",
        "These findings were merged into the top-level corpus docs on 2026-04-18. Each one is marked "
        "`[merged: file]` with the place it landed, or `[flagged]` when it is informational only.", "",
        *findings, "",
        "## Immediate homelab plug-ins (from the gemma-family research)", "",
        *[f"- **{nm}** — {g.sentence()}" for nm, _ in brief_names[: 4 * scale]], "",
        "## Source-url discipline", "", g.paragraph(), "",
    ]
    (tooling / "README.md").write_text("\n".join(index), encoding="utf-8")
    return {"scale": scale, "lanes": len(lanes), "artifacts": len(on_disk) + len(manifest_only),
            "on_disk": len(on_disk), "manifest_only": len(manifest_only), "briefs": len(brief_names),
            "findings": len(findings), "docs": len(doc_files)}


def snapshot(dest: Path, source: Path = ROOT) -> Path:
    """A copy of what a project takes from the repo, so every scale of one run builds the same code."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    _copy_site_config(dest, source)
    return dest


def _copy_site_config(dest: Path, source: Path = ROOT) -> None:
    """The site's own configuration, hook and templates (as tests/conftest.py:make_project does)."""
    shutil.copy(source / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("macros", "overrides"):
        if (dest / name).exists():
            shutil.rmtree(dest / name)
        shutil.copytree(source / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    # bytecode, as any installed package has it: without it (PYTHONDONTWRITEBYTECODE set, as on some
    # machines) every timed build would compile our modules again, a cost no maintainer's build pays
    compileall.compile_dir(str(dest / "macros"), quiet=1)
    (dest / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "docs" / "index.md", dest / "docs" / "index.md")
