"""`mkdocs serve` edit → reload at one scale, for an edit of one chosen corpus file (issue 26, item 3).

    .venv/bin/python -m bench.serve_edit --scale 1 --edits 5            # a brief, then the corpus index
    .venv/bin/python -m bench.serve_edit --edit tooling/README.md

Writes the synthetic project under bench/out/serve/ with a snapshot of the code (as `python -m bench`
does) and prints one JSON line per edited file: each edit's seconds from the file write to the
server's 'Reloading browsers', their median, and the build times the server itself logged.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from .runs import serve_rebuild
from .synth import snapshot, write_corpus

HERE = Path(__file__).resolve().parent


def first_brief(project: Path) -> str:
    briefs = sorted((project / "tooling" / "gemma-family").glob("*.md"))
    return next(str(p.relative_to(project)) for p in briefs if p.name.lower() not in ("readme.md", "index.md"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.serve_edit")
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--edit", nargs="*", help="corpus files to edit (default: a brief, then tooling/README.md)")
    ap.add_argument("--work", type=Path, default=HERE / "out" / "serve")
    args = ap.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    src = snapshot(args.work / "src")
    project = args.work / "project"
    write_corpus(project, args.scale, source=src)
    (args.work / "logs").mkdir()
    for edit in args.edit or [first_brief(project), "tooling/README.md"]:
        res = serve_rebuild(project, args.work / "logs", edits=args.edits, edit=edit)
        print(json.dumps({"scale": args.scale, "edit": edit, **{k: v for k, v in res.items() if k != "error"},
                          **({"error": res["error"][-500:]} if "error" in res else {})}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
