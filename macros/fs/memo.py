"""Per-file read results kept between the builds of one `mkdocs serve` process (issue 26, item 3).

A `Memo` holds what a pure reader made of a file's text, keyed by the reader and a hash of the text (and
the reader's other arguments), so a rebuild re-reads only the files whose content changed. A
`FileDigests` gives a file's content hash, read again only when its size or mtime changed. Both live on
the plugin instance (never in a module global); entries not asked for during a build are dropped at its
end, so memory follows the corpus, not the number of edits.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def text_hash(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class Memo:
    """Results of pure functions of a file's text, by (function, text hash, other arguments)."""

    def __init__(self) -> None:
        self._entries: dict[tuple, object] = {}
        self._used: set[tuple] = set()
        self.hits = 0
        self.misses = 0
        self.last = (0, 0)  # (hits, misses) of the last build that ended

    def call(self, fn: Callable[..., T], text: str, *args, same: tuple | None = None) -> T:
        """`fn(text, *args)`, from the memo when this text was read the same way before: the key is the
        text's hash and `args` (hashable values), or `same` in place of `args` when an argument is an object
        that is the same for every build this memo sees (a Markdown converter made from the config; the
        plugin drops the memo when the config changes). The result must not be mutated."""
        key = (fn.__module__, fn.__qualname__, text_hash(text), args if same is None else same)
        self._used.add(key)
        if key in self._entries:
            self.hits += 1
            return self._entries[key]  # type: ignore[return-value]
        self.misses += 1
        value = fn(text, *args)
        self._entries[key] = value
        return value

    def sweep(self) -> None:
        """End of a build: forget what this build did not read, keep its counters in `last`, reset them."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self.last = (self.hits, self.misses)
        self._used = set()
        self.hits = self.misses = 0

    def clear(self) -> None:
        self._entries.clear()
        self._used.clear()
        self.hits = self.misses = 0


def read_with(memo: Memo | None, fn: Callable[..., T], text: str, *args, same: tuple | None = None) -> T:
    """`fn(text, *args)` through `memo` when there is one (a plain build has none)."""
    return memo.call(fn, text, *args, same=same) if memo is not None else fn(text, *args)


def read_reporting(memo: Memo | None, fn: Callable[..., T], text: str, *args, report) -> T:
    """`fn(text, *args, report=report)` through `memo`, for a reader that reports diagnostics: the
    diagnostics it made are kept with its result and added to `report` again when the memo answers.
    `report` is any object with a list `items` whose class makes an empty one."""
    if memo is None:
        return fn(text, *args, report=report)
    kind = type(report)
    value, items = memo.call(_reported, text, fn, kind, *args, same=(fn.__module__, fn.__qualname__, kind, args))
    report.items.extend(items)
    return value


def _reported(text: str, fn: Callable[..., T], kind: type, *args) -> tuple[T, tuple]:
    own = kind()
    return fn(text, *args, report=own), tuple(own.items)


class FileDigests:
    """A file's SHA-256, hashed again only when its (size, mtime_ns) changed; None when it cannot be read."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def digest(self, path: Path) -> str | None:
        try:
            st = path.stat()
        except OSError:
            return None
        stamp = (st.st_size, st.st_mtime_ns)
        known = self._known.get(str(path))
        if known is not None and known[0] == stamp:
            return known[1]
        h = hashlib.sha256()
        try:
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError:
            return None
        self._known[str(path)] = (stamp, h.hexdigest())
        return h.hexdigest()

    def clear(self) -> None:
        self._known.clear()
