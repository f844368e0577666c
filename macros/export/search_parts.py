"""The search index in parts, each kept by what it was made from.

Pagefind holds about twenty bytes of memory for each byte of page text it indexes: 875 MB for the 45 MB
a site of 50x our corpus stages (bench/README.md). So a site whose staged pages add up to more than
PART_BYTES is indexed in parts of about that size, one Pagefind run each (about 200 MB at most), and the
reader's browser merges them: the primary index in `pagefind/`, the others in `pagefind/parts/<n>/`, listed
in `pagefind/corpus-parts.json` for the search worker (Pagefind's `mergeIndex`; its results are ranked
across the parts by score). A page's part is a hash of its path, so each part is a like sample of the site
(the ranking statistics of one part are those of the whole) and an edit moves no page to another part.

With a cache (the build's `.cache/search/`), each part's finished index is kept under the hash of the
paths and texts it indexed, the binary and the settings: a part none of whose pages changed is copied,
not indexed again.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from macros.fs.cache import FolderCache, content_key

PART_BYTES = 10_000_000  # staged bytes of one part: about 200 MB of Pagefind's memory
PARTS = "parts"  # under the index folder: parts/1/, parts/2/, ...
MANIFEST = "corpus-parts.json"  # the parts the search worker merges, relative to the index folder
SUFFIX = ".pagefind"  # a cached part's folder: <key>.pagefind/
#: what only the primary part needs: the merged parts use its script and its WebAssembly module
PRIMARY_ONLY = ("pagefind.js",)


@dataclass(frozen=True)
class Staged:
    """A page as it was staged for Pagefind: its path in the site, its staged text's size and digest."""
    rel: str
    size: int
    digest: str


class Stage:
    """The folder Pagefind reads the staged pages from. Pages are held in memory while they add up to no
    more than `hold` bytes (a site of one part, whose index the cache may have: then nothing is written)
    and written from then on, or when `flush` is called (before Pagefind runs)."""

    def __init__(self, folder: Path, hold: int = 0):
        self.folder, self.hold = folder, hold
        self._held: dict[str, bytes] | None = {}
        self._bytes = 0

    def put(self, rel: str, data: bytes) -> None:
        self._bytes += len(data)
        if self._held is not None and self.hold and self._bytes <= self.hold:
            self._held[rel] = data
            return
        self.flush()
        self._write(rel, data)

    def flush(self) -> None:
        held, self._held = self._held or {}, None
        for rel, data in held.items():
            self._write(rel, data)

    def _write(self, rel: str, data: bytes) -> None:
        target = self.folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def split(staged: Sequence[Staged], part_bytes: int = PART_BYTES) -> list[list[Staged]]:
    """The pages in as many parts as their bytes need (one, up to `part_bytes`), each page by its path's
    hash; no part is empty, unless the site has no page (one empty part: an index that finds nothing)."""
    count = min(max(1, len(staged)), max(1, -(-sum(s.size for s in staged) // max(1, part_bytes))))
    parts: list[list[Staged]] = [[] for _ in range(count)]
    for page in staged:
        parts[_hash(page.rel) % count].append(page)
    return [part for part in parts if part] or [[]]


def _hash(rel: str) -> int:
    return int.from_bytes(hashlib.blake2b(rel.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def write(work: Path, staged: Sequence[Staged], out: Path, run: Callable[[Path, Path], None], settings: str,
          cache: FolderCache | None, part_bytes: int = PART_BYTES, ready: Callable[[], None] = lambda: None
          ) -> list[str]:
    """Index the pages staged under `work/site` into `out` (emptied by the caller), in parts; the keys of the
    parts (what the cache keeps). `run(site, target)` is one Pagefind run; `settings` is everything besides
    the pages that makes its output (binary, options, our code); `ready()` writes what the stage holds in
    memory, before the first run (`Stage.flush`)."""
    parts = split(staged, part_bytes)
    keys = []
    flushed = False
    for number, pages in enumerate(parts):
        target = out if number == 0 else out / PARTS / str(number)
        key = content_key(settings, str(number == 0), *(f"{p.rel}\0{p.digest}" for p in pages))
        keys.append(key)
        hit = cache.get(key) if cache is not None else None
        if hit is not None:
            shutil.copytree(hit, target, dirs_exist_ok=True, copy_function=shutil.copyfile)
            continue
        if not flushed:
            ready()
            flushed = True
        site = work / "site" if len(parts) == 1 else _gather(work, pages, work / f"part-{number}")
        run(site, target)
        if number:
            for name in PRIMARY_ONLY:
                (target / name).unlink(missing_ok=True)
            for wasm in target.glob("wasm.*.pagefind"):
                wasm.unlink()
        if cache is not None:
            cache.put(key, target)
    (out / MANIFEST).write_text(json.dumps({"parts": [f"{PARTS}/{n}/" for n in range(1, len(parts))]}),
                                encoding="utf-8")
    return keys


def _gather(work: Path, pages: Sequence[Staged], part: Path) -> Path:
    """Move a part's staged pages from `work/site` into a folder of their own; that folder."""
    site = part / "site"
    for page in pages:
        target = site / page.rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(work / "site" / page.rel, target)
    return site
