"""A content-keyed cache on disk (under the project's `.cache/`, outside the site, safe to delete).

A value is stored under the sha256 of everything it was made from, so a hit is always right and nothing
is ever invalidated: a changed input is a new key. Writes go to a temporary file renamed into place, so a
build killed half-way never leaves a truncated entry. An unwritable cache folder only turns the cache off.
"""
from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path

_CODE = Path(__file__).resolve().parents[1]  # the macros/ package


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
