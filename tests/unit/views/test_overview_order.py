"""The provenance overview (the main map past DETAIL_LIMIT findings: docs and lanes only) comes out in the
same order in every process: its edges follow each finding's own edges, never a set's order, which
changes with Python's string hashing (PYTHONHASHSEED). The map, its table and its layout were different
from build to build at 10x, and with them the search index the cache keys by content."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from support.paths import ROOT
from support.project import make_project

FINDING = ("17. **Cites four lanes.** See `huggingface/README.md`, `fine-tuning/README.md`, "
           "`google-official/README.md` and `inference-frameworks/README.md`. "
           "**[merged: GOTCHAS.md — MEDIUM severity section; SYNTHESIS.md]**\n")
SCRIPT = """
import json, sys
from pathlib import Path
from support.project import assemble
from macros.views.provenance import overview, provenance
g = overview(provenance(assemble(Path(sys.argv[1]))))
print(json.dumps([[e.src, e.dst, e.weight] for e in g.edges]))
"""


def test_the_overview_is_the_same_whatever_the_string_hashing(tmp_path):
    project = make_project(tmp_path / "p")
    index = project / "tooling" / "README.md"
    text = index.read_text(encoding="utf-8")
    at = text.index("\n## ", text.index("## Findings") + 1)  # the end of the findings list
    index.write_text(text[:at].rstrip("\n") + "\n" + FINDING + text[at:], encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), str(ROOT)])}
    runs = []
    for seed in ("1", "2", "3", "4"):
        done = subprocess.run([sys.executable, "-c", SCRIPT, str(project)], env={**env, "PYTHONHASHSEED": seed},
                              capture_output=True, text=True, timeout=120, cwd=ROOT)
        assert done.returncode == 0, done.stderr[-2000:]
        runs.append(json.loads(done.stdout))
    assert all(run == runs[0] for run in runs), runs
    lanes = [dst for src, dst, _ in runs[0] if src == "d:GOTCHAS.md" and dst.startswith("l:")]
    assert {"l:huggingface", "l:fine-tuning", "l:google-official", "l:inference-frameworks"} <= set(lanes)
