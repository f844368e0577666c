"""Where `make serve` keeps its temporary files: `python scripts/preview_tmpdir.py` prints a folder (or nothing).

`mkdocs serve` builds the site into a new temporary folder and writes every page again on each save: in
memory (`/dev/shm`) when there is room (`macros/fs/tmp.py`); a TMPDIR the user set is kept; otherwise
nothing is printed and the system's default applies. The benchmark's serve measurement uses the same
choice (bench/runs.py).
"""
from __future__ import annotations

import os
import sys

from macros.fs.tmp import memory_tmpdir


def preview_tmpdir(environ: dict[str, str] | None = None) -> str:
    """The folder for the preview's temporary files, or "" for the system's default."""
    env = os.environ if environ is None else environ
    return env.get("TMPDIR") or memory_tmpdir(env) or ""


if __name__ == "__main__":
    print(preview_tmpdir())
    sys.exit(0)
