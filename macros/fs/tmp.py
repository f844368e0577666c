"""Where the preview's working files go: in memory when the machine has room for them (`make serve`),
in a folder of the process's own that is removed when it ends.

`mkdocs serve` writes every page again on each save. On a disk that is slow to create files (a virtual
machine's, say), that is most of a large rebuild: 1,100 pages took 0.55 s on this project's build
machine's disk and 0.03 s in memory (`/dev/shm`). (A build's own staging for the search index stays in
the system's temporary folder: Pagefind numbers pages in the order the folder lists them, and the index
of the same site should not depend on where it was staged.)
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import weakref
from collections.abc import Mapping
from pathlib import Path

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


def owned_tmpdir(prefix: str, owner: object) -> Path:
    """A new temporary folder named after this process (`<prefix><pid>-…`), removed with everything in it
    when `owner` is collected or the interpreter exits. Folders of the same prefix left by a process of
    this user that no longer runs (one killed outright, which runs no exit handler) are removed first, so a
    killed `mkdocs serve` does not leave its copies in `/dev/shm` until a reboot."""
    sweep_dead(prefix)
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))
    weakref.finalize(owner, shutil.rmtree, str(folder), True)
    return folder


def sweep_dead(prefix: str, parent: str | None = None) -> list[str]:
    """Remove the folders `<prefix><pid>-…` in `parent` (the temporary folder) that this user owns and
    whose process is gone; the names removed. Anything else there is left alone."""
    where = parent or tempfile.gettempdir()
    named = re.compile(re.escape(prefix) + r"([0-9]{1,10})-[^/]*\Z")
    removed = []
    try:
        entries = list(os.scandir(where))
    except OSError:
        return removed
    for entry in entries:
        match = named.match(entry.name)
        if not match or not entry.is_dir(follow_symlinks=False) or _alive(int(match.group(1))):
            continue
        try:
            if entry.stat(follow_symlinks=False).st_uid != os.geteuid():
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(entry.name)
    return sorted(removed)


def _alive(pid: int) -> bool:
    """Whether a process `pid` exists (one of another user's counts: its folder is not ours to judge)."""
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
