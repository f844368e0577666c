"""`mkdocs serve` edit → reload at one scale, for an edit of one chosen corpus file (issue 26, item 3).

    .venv/bin/python -m bench.serve_edit --scale 1 --edits 5            # a brief, then the corpus index
    .venv/bin/python -m bench.serve_edit --edit tooling/README.md
    .venv/bin/python -m bench.serve_edit --inprocess 5                  # CPU: incremental vs full rebuild

Writes the synthetic project under bench/out/serve/ with a snapshot of the code (as `python -m bench`
does) and prints one JSON line per edited file: each edit's seconds from the file write to the
server's 'Reloading browsers', their median, and the build times the server itself logged.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from .runs import bench_env, first_brief, serve_rebuild
from .synth import snapshot, write_corpus

HERE = Path(__file__).resolve().parent


def inprocess_cpu(project: Path, edit: str, runs: int) -> dict:
    """CPU time (this process) of a rebuild after an edit of `edit`: `runs` full warm builds (no cache, as
    `mkdocs build`), then `runs` incremental ones (the cache of `mkdocs serve`, filled by one build first).
    The project's code is imported from the project (its snapshot of macros/)."""
    os.environ.update(bench_env())
    sys.path.insert(0, str(project))
    os.chdir(project)
    from mkdocs.commands.build import build  # (lazy: only this measurement needs MkDocs in-process)
    from mkdocs.config import load_config
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    path, original = project / edit, (project / edit).read_text(encoding="utf-8")

    def one(i: int) -> tuple[float, object]:
        path.write_text(original + f"\nEdited for the in-process rebuild ({i}).\n", encoding="utf-8")
        t0 = time.process_time()
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site-inprocess"))
        build(config)
        return time.process_time() - t0, config

    out: dict = {"edit": edit}
    try:
        _, config = one(0)
        plugin = next(p for p in config.plugins.values() if type(p).__name__ == "CorpusPlugin")
        plugin.on_startup(command="build", dirty=False)
        out["full_cpu_s"] = [round(one(i + 1)[0], 3) for i in range(runs)]
        plugin.on_startup(command="serve", dirty=False)
        one(runs + 1)  # fills the cache
        out["incremental_cpu_s"] = [round(one(runs + 2 + i)[0], 3) for i in range(runs)]
        count = plugin.build.count
        out["incremental_rendered"], out["incremental_reused"] = len(count.rendered), len(count.reused)
    finally:
        path.write_text(original, encoding="utf-8")
    for k in ("full", "incremental"):
        out[f"{k}_median_s"] = statistics.median(out[f"{k}_cpu_s"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.serve_edit")
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--edit", nargs="*", help="corpus files to edit (default: a brief, then tooling/README.md)")
    ap.add_argument("--work", type=Path, default=HERE / "out" / "serve")
    ap.add_argument("--source", type=Path, default=HERE.parent,
                    help="the checkout whose code is measured (e.g. a worktree of main, for a before/after)")
    ap.add_argument("--inprocess", type=int, metavar="RUNS", help="instead of serve: CPU time of RUNS full warm "
                    "rebuilds vs RUNS incremental ones, in this process")
    args = ap.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    src = snapshot(args.work / "src", args.source)
    project = args.work / "project"
    write_corpus(project, args.scale, source=src)
    (args.work / "logs").mkdir()
    if args.inprocess:
        for edit in args.edit or [first_brief(project)]:
            print(json.dumps({"scale": args.scale, **inprocess_cpu(project, edit, args.inprocess)}), flush=True)
        return 0
    for edit in args.edit or [first_brief(project), "tooling/README.md"]:
        res = serve_rebuild(project, args.work / "logs", edits=args.edits, edit=edit)
        print(json.dumps({"scale": args.scale, "edit": edit, **{k: v for k, v in res.items() if k != "error"},
                          **({"error": res["error"][-500:]} if "error" in res else {})}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
