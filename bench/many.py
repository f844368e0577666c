"""`python -m bench --many`: build time with many findings (500 vs 5,000), to show it grows linearly.

The 1x synthetic corpus with its findings list replaced by N generated findings (each citing a corpus
path, a brief and a doc section, as real ones do). Target: 5,000 findings build in under 3x the time
of 500 (a page looks its findings up by key; nothing scans the list per page).
"""
from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .synth import snapshot, write_corpus

COUNTS = (500, 5000)
TARGET = 3.0
_ITEM = re.compile(r"^\d+\. \*\*.*$", re.MULTILINE)


def with_findings(project: Path, n: int) -> None:
    """Replace the findings of the project's index by `n` findings cycling through the existing ones."""
    index = project / "tooling" / "README.md"
    text = index.read_text(encoding="utf-8")
    items = _ITEM.findall(text)
    first, last = text.index(items[0]), text.index(items[-1]) + len(items[-1])
    new = []
    for i in range(n):
        body = re.sub(r"^\d+\. \*\*(.*?)\.\*\*", "", items[i % len(items)])
        new.append(f"{i + 1}. **Finding number {i + 1} of the many.**{body}")
    index.write_text(text[:first] + "\n".join(new) + text[last:], encoding="utf-8")


def timed_build(project: Path, site: Path, log: Path, env: dict) -> tuple[float, int]:
    """Wall seconds and exit code of one cold `mkdocs build` of the project."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site), "-f", str(project / "mkdocs.yml")]
    with open(log, "wb") as fh:
        t0 = time.perf_counter()
        rc = subprocess.run(cmd, cwd=project, env=env, stdout=fh, stderr=subprocess.STDOUT).returncode
        return time.perf_counter() - t0, rc


def run(work: Path, runs: int, env: dict) -> dict:
    """Median build time of the project at each count (`env`: the benchmark's build environment)."""
    src = snapshot(work / "src")
    out: dict = {"counts": {}, "target": TARGET}
    for n in COUNTS:
        project = work / f"findings-{n}"
        shutil.rmtree(project, ignore_errors=True)
        write_corpus(project, 1, source=src)
        with_findings(project, n)
        times = []
        for i in range(runs):
            site = project / f"site-{i}"
            seconds, rc = timed_build(project, site, project / f"build-{i}.log", env)
            shutil.rmtree(site, ignore_errors=True)
            if rc != 0:
                out["error"] = (project / f"build-{i}.log").read_text(encoding="utf-8", errors="replace")[-2000:]
                return out
            times.append(seconds)
        out["counts"][str(n)] = round(statistics.median(times), 3)
        print(f"[bench] many findings: {n} → {out['counts'][str(n)]:.2f}s", file=sys.stderr, flush=True)
    lo, hi = (out["counts"][str(n)] for n in COUNTS)
    out["ratio"] = round(hi / lo, 3)
    out["pass"] = out["ratio"] < TARGET
    return out
