"""Where `make serve` keeps its temporary files: `python scripts/preview_tmpdir.py` prints a folder (or nothing).

`mkdocs serve` builds the site into a new temporary folder and writes every page again on each save. On a
disk that is slow to create files (a virtual machine's, say), that writing is most of a large preview's
rebuild: 1,100 pages took 0.55 s on this project's build machine's disk and 0.03 s in memory. So the
preview's temporary files go to `/dev/shm` (memory) when it is writable and has room for them; a TMPDIR
the user set is kept; otherwise nothing is printed and the system's default applies. The benchmark's
serve measurement uses the same choice (bench/runs.py).
"""
from __future__ import annotations

import os
import sys

SHM = "/dev/shm"
MIN_FREE = 2 * 1024**3  # a 50x preview's site and search staging take about 0.5 GB


def preview_tmpdir(environ: dict[str, str] | None = None, shm: str = SHM) -> str:
    """The folder for the preview's temporary files, or "" for the system's default."""
    env = os.environ if environ is None else environ
    if env.get("TMPDIR"):
        return env["TMPDIR"]
    try:
        st = os.statvfs(shm)
    except OSError:
        return ""  # no such folder (not Linux)
    if not os.path.isdir(shm) or not os.access(shm, os.W_OK | os.X_OK) or st.f_bavail * st.f_frsize < MIN_FREE:
        return ""  # (a container's /dev/shm is often 64 MB)
    return shm


if __name__ == "__main__":
    print(preview_tmpdir())
    sys.exit(0)
