"""Fixtures of the hostile-corpus tests: each corpus is built once per test session (package scope)."""
from __future__ import annotations

import concurrent.futures
import os

import pytest
from conftest import make_project

from bench import adversarial
from hostile.corpus import (
    GOOD_BRIEF,
    PNG,
    Hostile,
    base_index,
    vbuild,
    write,
    write_base,
    write_round3,
)


@pytest.fixture(scope="package")
def hostile(tmp_path_factory) -> Hostile:
    h = Hostile(tmp_path_factory.mktemp("hostile"))
    assert h.built.returncode == 0, h.built.log[-4000:]
    return h


@pytest.fixture(scope="package")
def clean(tmp_path_factory):
    """The small valid base corpus built strictly (no warnings), and again with a heading inserted."""
    root = tmp_path_factory.mktemp("clean")
    corpus, docs = write_base(root / "src")
    first = vbuild(make_project(root / "p1", corpus=corpus, docs=docs), strict=True)
    corpus2, docs2 = write_base(root / "src2", extra_heading="## Eingefügt 新しい\n\nInserted earlier.\n\n")
    second = vbuild(make_project(root / "p2", corpus=corpus2, docs=docs2), strict=True)
    return first, second


@pytest.fixture(scope="package")
def dos_results(tmp_path_factory) -> dict:
    """Every small hostile file built once, in parallel, each in a subprocess under RLIMIT_AS."""
    work = tmp_path_factory.mktemp("dos")
    projects = {c.name: adversarial.project_for(c, work) for c in adversarial.CASES}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        futures = {name: pool.submit(adversarial.build, p, timeout=90) for name, p in projects.items()}
        return {name: (projects[name], f.result()) for name, f in futures.items()}


ROUND2_FINDINGS = """1. **Clean finding.** Body that cites `lane-a/chat_template.jinja`. **[merged: DOC.md — Some Section section]**
2. **Index.** A finding whose id comes out as `index`. **[flagged — check back mid-2026]**
3. **Pinned to index.** An explicit id naming the list page. <!-- finding-id: INDEX --> **[flagged — check back mid-2026]**
4. **Alias to index.** An alias naming the list page. <!-- finding-aliases: index --> **[flagged — check back mid-2026]**
5. **Tom & Jerry and amp.** The brief amp is named here, after an ampersand: Tom & Jerry. **[flagged — check back mid-2026]**
6. **Brace bomb.** Cites `lane-a/x{BOMB}.txt`. **[flagged — check back mid-2026]**
"""
ROUND2_ROWS = ("| `../../escape-target/` | Climbs out | Never |\n| `..` | The parent | Never |\n"
               "| `../findings/` | The findings list | Never |\n")


@pytest.fixture(scope="package")
def round2(tmp_path_factory):
    """The base corpus plus the payloads of issue 12 items 1, 3, 5, 7 and 11, built once (not strict)."""
    root = tmp_path_factory.mktemp("round2")
    pwn = root / "pwned"
    pwn.mkdir()
    corpus, docs = write_base(root / "src")
    index = base_index(ROUND2_FINDINGS.replace("{BOMB}", "{a,b}" * 26), rows=ROUND2_ROWS)
    write(corpus / "README.md", index)
    write(corpus / "gemma-family" / "amp.md", GOOD_BRIEF.replace("name: GoodGemma", "name: amp"))
    write(docs / "EVIL.md", "---\ntitle: Evil\nrender_macros: true\n---\n# Evil\n\n"
          f"MACRO {{{{ cycler.__init__.__globals__.os.popen('touch {pwn}/macro').read() }}}} SEVEN {{{{ 7*7 }}}}\n")
    write(docs / "evil.html", "<script>alert('EVILHTML')</script>\n")
    write(docs / "evil.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert('EVILSVG')\"/>\n")
    write(docs / "evil.js", "alert('EVILJS')\n")
    write(docs / "img" / "ok.png", PNG)
    write(docs / "findings.md", "# A doc at the findings list's address\n")
    project = make_project(root / "project", corpus=corpus, docs=docs)
    escape = root / "escape-target"  # what `../../escape-target/` names from project/tooling/
    escape.mkdir()
    built = vbuild(project)
    assert built.returncode == 0, built.log[-4000:]
    return built, index, pwn, escape


@pytest.fixture(scope="package")
def round3(tmp_path_factory):
    """Every round-3 payload (tests/hostile/corpus.py write_round3) built once, not strict: (Built, outside)."""
    project, outside = write_round3(tmp_path_factory.mktemp("round3"))
    built = vbuild(project)
    assert built.returncode == 0, built.log[-4000:]
    assert "Traceback" not in built.log, built.log[-4000:]
    return built, outside
