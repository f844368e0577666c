"""Compare two built site trees file by file: `python scripts/compare_sites.py [--ignore-commit] OLD NEW`.

Prints each file that is only in one tree or whose bytes differ (gzip files are compared
decompressed, since their headers may carry a timestamp); exits 1 when anything differs. Used to
check that a refactor changes nothing a reader can see (build both with the same SOURCE_DATE_EPOCH).
"""
from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by its relative posix path, gzip members decompressed."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            out[p.relative_to(root).as_posix()] = gzip.decompress(data) if p.suffix == ".gz" else data
    return out


_COMMIT = re.compile(rb"\b[0-9a-f]{40}\b")


def mask_commits(data: bytes) -> bytes:
    """`data` with every full commit hash, and its 12-character short form, replaced by a placeholder."""
    for full in set(_COMMIT.findall(data)):
        data = data.replace(full, b"<commit>").replace(full[:12], b"<short>")
    return data


def differences(old: Path, new: Path, *, ignore_commit: bool = False) -> list[str]:
    """One line per differing file: 'only in OLD: x', 'only in NEW: x' or 'differs: x'.

    With `ignore_commit`, commit hashes (the footer's "built from" link) do not count as differences."""
    a, b = tree(old), tree(new)
    if ignore_commit:
        a = {k: mask_commits(v) for k, v in a.items()}
        b = {k: mask_commits(v) for k, v in b.items()}
    lines = [f"only in {old}: {k}" for k in sorted(a.keys() - b.keys())]
    lines += [f"only in {new}: {k}" for k in sorted(b.keys() - a.keys())]
    lines += [f"differs: {k}" for k in sorted(a.keys() & b.keys()) if a[k] != b[k]]
    return lines


def main(argv: list[str]) -> int:
    ignore = "--ignore-commit" in argv
    argv = [a for a in argv if a != "--ignore-commit"]
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    found = differences(Path(argv[0]), Path(argv[1]), ignore_commit=ignore)
    print("\n".join(found) if found else "identical")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
