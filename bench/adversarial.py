"""Small hostile corpus files (issue 12): each one's build time against the clean build's.

Every case plants one hostile file into a small valid project; the build must finish, report the file
(when it names one) and stay within 2x of the clean build (`make bench`, "adversarial" section).
tests/hostile/test_growth.py runs the same cases once each under a memory limit (completion, no traceback).
"""
from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
BUILD_EPOCH = "1795824000"
MEMORY_LIMIT = 2 * 1024 ** 3  # address space of one build (RLIMIT_AS)
TARGET = 2.0  # each case within this factor of the clean build

GOOD_BRIEF = """---
name: GoodGemma
base_generation: Gemma 3
params: 4B
modalities: [text]
purpose: A well-formed brief.
sources:
  - https://example.org/goodgemma
---

# GoodGemma

A brief.
"""

FINDINGS = """1. **Clean finding.** Cites `lane-a/notes.txt`. **[merged: DOC.md — Some Section section]**
2. **Second finding.** Another body. **[flagged — check back mid-2026]**
"""


def index(findings: str = FINDINGS, rows: str = "", intro: str = "", extra: str = "") -> str:
    return f"""# Test Corpus

Intro paragraph of the index.
{intro}
## Directory map

| Dir | What's there | When to open it |
|---|---|---|
| `lane-a/` | Lane A files | When testing |
| `gemma-family/` | Sibling briefs | When scoping |
{rows}
## Findings that update the corpus

{findings}
{extra}"""


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def base_project(dest: Path) -> Path:
    """A small valid project: our config and code, a two-lane corpus, one brief, one doc."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("macros", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    t = dest / "tooling"
    _write(t / "README.md", index())
    _write(t / "lane-a" / "README.md", "# Lane A\n\nThe first lane.\n")
    _write(t / "lane-a" / "notes.txt", "notes\n")
    _write(t / "gemma-family" / "README.md", "# Gemma family\n\nBriefs.\n")
    _write(t / "gemma-family" / "goodgemma.md", GOOD_BRIEF)
    _write(t / "sources.yaml", "artifacts:\n  - path: lane-a/notes.txt\n    url: https://example.org/notes.txt\n"
           "    retrieved: 2026-04-18\n")
    _write(t / "published-ids.txt", "clean-finding\nsecond-finding\n")
    _write(dest / "docs" / "DOC.md", "# The doc\n\nIntro.\n\n## Some Section\n\nText.\n")
    return dest


LAUGHS = "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
YAML_BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + LAUGHS  # ~1.2 KB


def nested_list(depth: int) -> str:
    return "".join("  " * i + f"- level {i}\n" for i in range(depth))


def _append_index(project: Path, **kw) -> None:
    _write(project / "tooling" / "README.md", index(**kw))


def _heading_spaces(p: Path) -> None:
    _append_index(p, extra="\n## Notes" + " " * 6000 + "x\n\nText.\n")


def _flag_reason(p: Path) -> None:
    reason = "check back " + "later and " * 600  # ~6 KB
    _append_index(p, findings=FINDINGS + f"3. **Long reason.** Body. **[flagged — {reason}]**\n")


def _lane_h1(p: Path) -> None:
    _write(p / "tooling" / "lane-a" / "README.md", "# Lane" + " " * 6000 + "x" + " \t" * 2000 + "\n\nBody.\n")


def _map_line(p: Path) -> None:
    _append_index(p, rows="| `lane-a/` | " + "what " * 1200 + " " * 6000 + "x |\n")


def _braces(p: Path) -> None:
    span = "lane-a/" + "{a,b}" * 26 + ".txt"
    _append_index(p, findings=FINDINGS + f"3. **Braces.** Cites `{span}`. **[flagged — check back mid-2026]**\n")


def _yaml_brief(p: Path) -> None:
    _write(p / "tooling" / "gemma-family" / "bomb.md", "---\n" + YAML_BOMB + "name: Bomb\n---\n# Bomb\n")


def _yaml_sources(p: Path) -> None:
    _write(p / "tooling" / "sources.yaml", YAML_BOMB + "artifacts: *i\n")


def _big_readme(p: Path) -> None:
    line = "A lane README line that goes on and on, with `code` and **bold** text in it.\n"
    _write(p / "tooling" / "lane-a" / "README.md", "# Lane A\n\n" + line * (20 * 1024 * 1024 // len(line)))


def _yaml_doc(p: Path) -> None:
    _write(p / "docs" / "BOMB.md", "---\n" + YAML_BOMB + "title: Bomb\n---\n# Bomb doc\n\nBODY-OF-THE-BOMB-DOC\n")


def _big_doc(p: Path) -> None:
    line = "A working doc line that goes on and on, with `code` and **bold** text in it.\n"
    _write(p / "docs" / "HUGE.md", "# Huge doc\n\n" + line * (20 * 1024 * 1024 // len(line)))


def _nested_list(p: Path) -> None:
    _append_index(p, intro="\n" + nested_list(250))


def _deep_notebook(p: Path) -> None:
    _write(p / "tooling" / "lane-a" / "deep.ipynb", '{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}\n")


def _bad_record(p: Path) -> None:
    _write(p / "tooling" / "published-ids.txt", b"clean-finding\nsecond-\xff\xfe-finding\n")


def _later_facts(p: Path) -> None:
    """Findings × dated lines: 10 findings citing a lane whose README has 3,000 later update lines."""
    lines = "".join(f"Update (2026-{1 + i % 9:02d}-{1 + i % 28:02d}): later fact {i}.\n\n" for i in range(3000))
    _write(p / "tooling" / "lane-a" / "README.md", "# Lane A\n\nThe first lane.\n\n" + lines)
    many = "".join(f"{n}. **Claim {n}.** As of 2026-01-01 `lane-a/` says little. **[flagged — check back mid-2026]**\n"
                   for n in range(3, 13))
    _append_index(p, findings=FINDINGS + many)


def _git(p: Path, *args: str, env: dict | None = None) -> None:
    base = {"GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.org", "GIT_COMMITTER_NAME": "b",
            "GIT_COMMITTER_EMAIL": "b@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "PATH": os.environ["PATH"]}
    subprocess.run(["git", "-C", str(p), *args], check=True, capture_output=True, env={**base, **(env or {})})


def _old_index_mb(p: Path) -> None:
    """An old commit of the index that is 40 MB of findings (a few hundred KB of git objects)."""
    _git(p, "init", "-q")
    _git(p, "add", "-A")
    _git(p, "commit", "-qm", "base")
    item = "{n}. **Finding {n}.** The same body again and again. **[flagged — check back mid-2026]**\n"
    with open(p / "tooling" / "README.md", "a", encoding="utf-8") as fh:
        for n in range(3, 450_000):
            fh.write(item.format(n=n))
    _git(p, "commit", "-qam", "a huge index")
    _append_index(p)
    _git(p, "commit", "-qam", "back to normal")


def _sparse_raw(p: Path) -> None:
    with open(p / "tooling" / "lane-a" / "sparse.bin", "wb") as fh:
        fh.truncate(8 * 1024 ** 3)  # 8 GiB apparent, nothing on disk


def _empty_cells(p: Path) -> None:
    cells = "{}," * (16 * 1024 * 1024)  # 48 MB: under the notebook byte cap, 16 million values
    _write(p / "tooling" / "lane-a" / "cells.ipynb", '{"cells": [' + cells + '{}], "nbformat": 4}\n')


def _brief_names(p: Path) -> None:
    names = [f"Model{i:03d}" for i in range(600)]
    items = "".join(f"- {n} is built on Gemma 3, released 2026-0{1 + i % 9}.\n" for i, n in enumerate(names))
    _write(p / "tooling" / "gemma-family" / "many.md", "# " + " / ".join(names) + "\n\n## What it is\n\n" + items)


@dataclass(frozen=True)
class Case:
    name: str
    plant: Callable[[Path], None]
    reported: str | None  # a file the log must name in a warning or error (None: no diagnostic expected)


CASES = (
    Case("heading-6000-spaces", _heading_spaces, None),
    Case("flag-reason-6kb", _flag_reason, None),
    Case("long-lane-h1", _lane_h1, None),
    Case("long-map-line", _map_line, None),
    Case("26-brace-groups", _braces, "tooling/README.md"),
    Case("yaml-bomb-brief", _yaml_brief, "tooling/gemma-family/bomb.md"),
    Case("yaml-bomb-sources", _yaml_sources, "tooling/sources.yaml"),
    Case("lane-readme-20mb", _big_readme, "tooling/lane-a/README.md"),
    Case("yaml-bomb-doc", _yaml_doc, "docs/BOMB.md:2"),
    Case("doc-20mb", _big_doc, "docs/HUGE.md"),
    Case("nested-list-250", _nested_list, None),
    Case("deep-notebook-json", _deep_notebook, "lane-a/deep.ipynb"),
    Case("bad-utf8-published-ids", _bad_record, "tooling/published-ids.txt"),
    # growth (issue 22, item 5): each bounded by a cap, so within 2x of the clean build
    Case("later-facts-10x3000", _later_facts, None),
    Case("old-index-40mb-in-git", _old_index_mb, None),
    Case("sparse-8gb-raw-copy", _sparse_raw, "tooling/lane-a/sparse.bin"),
    Case("notebook-16m-empty-cells", _empty_cells, "lane-a/cells.ipynb"),
    Case("brief-600-names", _brief_names, None),
)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@dataclass(frozen=True)
class Result:
    seconds: float
    returncode: int | None  # None: killed at the timeout
    log: str


def build(project: Path, *, timeout: float = 600, memory_limit: bool = True) -> Result:
    """`mkdocs build` of the project in a subprocess, under the memory limit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SITE_URL", "REPO_URL", "CORPUS_DIR"))}
    env.update({"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH, "NO_COLOR": "1"})
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-d", str(site), "-f", str(project / "mkdocs.yml")]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=timeout,
                              preexec_fn=_limit_memory if memory_limit else None)
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"") + (exc.stderr or b"")
        return Result(time.perf_counter() - t0, None, out.decode("utf-8", "replace") if isinstance(out, bytes) else out)
    return Result(time.perf_counter() - t0, proc.returncode, proc.stdout + proc.stderr)


def project_for(case: Case | None, work: Path) -> Path:
    dest = work / (case.name if case else "clean")
    shutil.rmtree(dest, ignore_errors=True)
    base_project(dest)
    if case:
        case.plant(dest)
    return dest


def run(work: Path, runs: int = 3) -> dict:
    """Median build time of the clean project and of each case; ratio to clean; whether within TARGET."""
    work.mkdir(parents=True, exist_ok=True)
    clean = project_for(None, work)
    clean_s = statistics.median(build(clean).seconds for _ in range(runs))
    out: dict = {"clean_s": round(clean_s, 3), "target": TARGET, "cases": {}}
    for case in CASES:
        project = project_for(case, work)
        results = [build(project, timeout=max(60.0, 20 * clean_s)) for _ in range(runs)]
        median = statistics.median(r.seconds for r in results)
        done = all(r.returncode is not None and "Traceback" not in r.log for r in results)
        out["cases"][case.name] = {"s": round(median, 3), "ratio": round(median / clean_s, 2), "completed": done,
                                   "pass": done and median <= TARGET * clean_s}
        print(f"[bench] adversarial {case.name}: {median:.2f} s ({median / clean_s:.2f}x)", file=sys.stderr, flush=True)
    out["ok"] = all(c["pass"] for c in out["cases"].values())
    return out


def table(res: dict) -> str:
    lines = [f"\nAdversarial (clean build {res['clean_s']:.2f} s; target ≤ {res['target']:g}x)", "",
             "| case | build s | × clean | within target |", "|---|---|---|---|"]
    for name, c in res["cases"].items():
        verdict = "yes" if c["pass"] else ("NO" if c["completed"] else "NO (did not complete)")
        lines.append(f"| {name} | {c['s']:.2f} | {c['ratio']:.2f} | {verdict} |")
    return "\n".join(lines)
