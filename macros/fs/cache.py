"""A content-keyed cache on disk (under the project's `.cache/`, outside the site, safe to delete).

A value is stored under the sha256 of everything it was made from, so a hit is always right and nothing
is ever invalidated: a changed input is a new key. A folder whose keys a build knows in full (the link
cards) is pruned to them afterwards (`prune`), so it does not keep every version of every input. Writes
go to a temporary file renamed into place, so a build killed half-way never leaves a truncated entry. An
unwritable cache folder only turns the cache off.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Collection
from pathlib import Path

_CODE = Path(__file__).resolve().parents[1]  # the macros/ package
_KEY = re.compile(r"[0-9a-f]{64}")  # an entry's name is its key (content_key, a sha256) and a suffix
PRUNE_GRACE_S = 3600.0  # an unused entry younger than this stays: another build of the project may want it


def content_key(*parts: str) -> str:
    """The key of a value made from `parts` (joined unambiguously)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@functools.lru_cache(maxsize=None)
def code_digest(*parts: str) -> str:
    """A hash of our own source files that make a cached value (`parts`: folders or files under macros/,
    e.g. "read", "load/history.py"), read once per process: a change to the code that made an entry is a
    new key, with no version number to remember to bump."""
    h = hashlib.sha256()
    for part in parts:
        root = _CODE / part
        for path in sorted(root.rglob("*.py")) if root.is_dir() else [root]:
            h.update(path.relative_to(_CODE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def prune(folder: Path, keep: Collection[str], suffix: str, *, grace_s: float = PRUNE_GRACE_S) -> int:
    """Delete the entries of `folder` (files, or `FolderCache` folders, named `<key><suffix>`) whose key is
    not in `keep` and that are older than `grace_s` seconds; other files are left alone. Returns how many
    were deleted. The grace period spares what a build running beside this one (a preview of another state,
    say) has just made."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    now, gone = time.time(), 0
    for entry in entries:
        key = entry.name[: -len(suffix)] if entry.name.endswith(suffix) else ""
        left = entry.name.startswith(".tmp-")  # a FolderCache copy that a killed build never renamed
        if not left and (not _KEY.fullmatch(key) or key in keep):
            continue
        try:
            if now - entry.stat(follow_symlinks=False).st_mtime > grace_s:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
                gone += 1
        except OSError:
            continue  # already gone, or not ours to delete: the next build tries again
    return gone


class TextCache:
    """Text values by key in one folder (one file each)."""

    def __init__(self, folder: Path, suffix: str = ".txt"):
        self.folder, self.suffix = folder, suffix
        self.enabled = True

    def get(self, key: str) -> str | None:
        try:
            return (self.folder / f"{key}{self.suffix}").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, value: str) -> None:
        if not self.enabled:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(value)
            os.replace(tmp, self.folder / f"{key}{self.suffix}")
        except OSError:
            self.enabled = False  # a read-only checkout builds as before, without the cache


class FolderCache:
    """Folders by key (`<key><suffix>/` in one folder): a value made of many files, such as a search index.
    An entry is copied in under a temporary name and renamed into place, so one that exists is whole. A hit
    touches the entry, so `prune` by age spares what builds still use."""

    def __init__(self, folder: Path, suffix: str):
        self.folder, self.suffix = folder, suffix
        self.enabled = True

    def get(self, key: str) -> Path | None:
        path = self.folder / f"{key}{self.suffix}"
        try:
            if path.is_symlink() or not path.is_dir():
                return None
            os.utime(path)
        except OSError:
            return None
        return path

    def put(self, key: str, source: Path) -> None:
        """Keep a copy of the folder `source` under `key` (a key already kept is left as it is)."""
        if not self.enabled or self.get(key) is not None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(dir=self.folder, prefix=".tmp-"))
            try:
                shutil.copytree(source, tmp, dirs_exist_ok=True, copy_function=shutil.copyfile)
                os.rename(tmp, self.folder / f"{key}{self.suffix}")
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
                if self.get(key) is None:  # (not another build's entry of the same key, renamed in first)
                    raise
        except OSError:
            self.enabled = False  # a read-only checkout builds as before, without the cache
