"""Where the preview's working files go: in memory when the machine has room for them (`make serve`).

`mkdocs serve` writes every page again on each save. On a disk that is slow to create files (a virtual
machine's, say), that is most of a large rebuild: 1,100 pages took 0.55 s on this project's build
machine's disk and 0.03 s in memory (`/dev/shm`). (A build's own staging for the search index stays in
the system's temporary folder: Pagefind numbers pages in the order the folder lists them, and the index
of the same site should not depend on where it was staged.)
"""
from __future__ import annotations

import os
from collections.abc import Mapping

SHM = "/dev/shm"
MIN_FREE = 2 * 1024**3  # a 50x preview's site and search staging take about 0.5 GB


def memory_tmpdir(environ: Mapping[str, str] | None = None, shm: str = SHM) -> str | None:
    """`/dev/shm` when it is a writable folder with MIN_FREE bytes free and the user set no TMPDIR (theirs
    is kept), else None: the system's default temporary folder. A container's /dev/shm is often 64 MB."""
    env = os.environ if environ is None else environ
    if env.get("TMPDIR"):
        return None
    try:
        st = os.statvfs(shm)
    except OSError:
        return None  # no such folder (not Linux)
    if not os.path.isdir(shm) or not os.access(shm, os.W_OK | os.X_OK) or st.f_bavail * st.f_frsize < MIN_FREE:
        return None
    return shm
