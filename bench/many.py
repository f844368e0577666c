"""`python -m bench --many`: 5,000 findings, built by us (warm and cold) and plain, to show the per-finding
cost stays below plain Material's and the cold build stays within reach of the warm one.

The 1x synthetic corpus with its findings list replaced by 5,000 generated findings (each citing a corpus
path, a brief and a doc section, as real ones do), materialised by the export like every scale. Targets:
ours/plain ≤ 1.0 (CPU time) and cold ≤ 2× warm (wall time: a cold build draws a link card per finding on
every core).
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from .materialise import materialise
from .runs import build_runs
from .synth import write_corpus

FINDINGS = 5000
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


def run(work: Path, runs: int, src: Path) -> dict:
    """Median builds of the 5,000-finding project: ours warm and plain `runs` times, cold once."""
    d = work / f"findings-{FINDINGS}"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    write_corpus(d / "project", 1, source=src)
    with_findings(d / "project", FINDINGS)
    materialise(d / "project", d / "plain")
    builds = build_runs(["ours", "plain", "cold", "edited"], d, runs, (None, {}, ""), cold_runs=1)
    out: dict = {"findings": FINDINGS, "builds": {k: {x: y for x, y in v.items() if x != "site_dir"}
                                                  for k, v in builds.items()}}
    if not all(b.get("ok") for b in builds.values()):
        out["ok"] = False
        return out
    ours, plain, cold, edited = builds["ours"], builds["plain"], builds["cold"], builds["edited"]
    out.update(ok=True, ours_s=ours["median_s"], plain_s=plain["median_s"], cold_s=cold["median_s"],
               cpu_ours_over_plain=round(ours["median_cpu_s"] / plain["median_cpu_s"], 3),
               ours_over_plain=round(ours["median_s"] / plain["median_s"], 3),
               cold_over_warm=round(cold["median_s"] / ours["median_s"], 3),
               cpu_cold_over_warm=round(cold["median_cpu_s"] / ours["median_cpu_s"], 3),
               edited_s=edited["median_s"],
               cpu_edited_over_plain=round(edited["median_cpu_s"] / plain["median_cpu_s"], 3),
               peak_rss_mb=max(b["peak_rss_mb"] for b in (ours, cold, edited)), pages=ours["pages"])
    for b in builds.values():
        shutil.rmtree(b.get("site_dir", ""), ignore_errors=True)
    print(f"[bench] 5,000 findings: ours {out['ours_s']:.1f}s, plain {out['plain_s']:.1f}s, cold {out['cold_s']:.1f}s",
          file=sys.stderr, flush=True)
    return out
