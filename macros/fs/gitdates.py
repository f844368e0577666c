"""Dates from git history: per line of the index (blame, once) and per file (one log walk)."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path


@dataclass
class GitDates:
    available: bool
    note: str | None = None
    lines: dict[str, dict[int, int]] = field(default_factory=dict)  # path → line → unix time
    files: dict[str, int] = field(default_factory=dict)  # path (repo-relative) → last change time
    first: dict[str, int] = field(default_factory=dict)  # path → time of the commit that first recorded it

    def span(self, path: str, start: int, end: int) -> tuple[str, str] | None:
        """(first recorded, last edited) ISO dates of a line range, or None."""
        times = [t for n, t in self.lines.get(path, {}).items() if start <= n <= end]
        if not times:
            return None
        return iso(min(times)), iso(max(times))

    def last_change(self, path: str) -> str | None:
        t = self.files.get(path)
        return iso(t) if t else None

    def first_recorded(self, path: str) -> str | None:
        """The date git first recorded the file (under this name), or None."""
        t = self.first.get(path)
        return iso(t) if t else None


def iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%d")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, encoding="utf-8", errors="replace").stdout


def collect(repo: Path, *, blame: list[str], tree: str, also: tuple[str, ...] = ()) -> GitDates:
    """Blame each path in `blame`; find the last change and the first record of every file under `tree` (one
    log walk, newest first, following renames inside the tree) and of the paths in `also`, such as the
    corpus docs (`git log --follow` each)."""
    try:  # one call: the top folder, whether history is shallow, and that HEAD exists
        top_line, shallow, _head = _git(repo, "rev-parse", "--show-toplevel", "--is-shallow-repository",
                                        "HEAD").splitlines()[:3]
        top = Path(top_line.strip())
        if shallow.strip() == "true":
            return GitDates(False, "the repository is a shallow clone, so recorded/edited dates are "
                            "omitted; fetch full history (git fetch --unshallow) to show them")
    except (OSError, ValueError, subprocess.CalledProcessError):
        return GitDates(False, "the corpus is not inside a git repository with commits, so "
                        "recorded/edited dates are omitted")
    prefix = repo.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    out = GitDates(True)
    for path in blame:
        try:
            text = _git(top, "blame", "--line-porcelain", "--", prefix + path)
        except subprocess.CalledProcessError:
            continue  # not committed yet
        lines: dict[int, int] = {}
        final, committed = 0, False
        for row in text.splitlines():
            head = row.split()
            if len(head) >= 3 and len(head[0]) == 40 and all(c in "0123456789abcdef" for c in head[0]):
                final, committed = int(head[2]), head[0] != "0" * 40
            elif row.startswith("author-time ") and committed:
                lines[final] = int(row.split()[1])
        out.lines[path] = lines
    try:
        log = _git(top, "-c", "core.quotepath=off", "log", "-M", "--format=%x00%ct", "--name-status", "HEAD",
                   "--", prefix + tree)
    except subprocess.CalledProcessError:
        log = ""
    for path, ts in _walk_log(log):
        if path.startswith(prefix):
            out.files.setdefault(path[len(prefix):], ts)
            out.first[path[len(prefix):]] = ts
    for path in also:  # a handful of docs: each followed through its renames (`git mv` into or out of docs/)
        try:
            times = [int(t) for t in _git(top, "log", "--follow", "--format=%ct", "HEAD", "--",
                                          prefix + path).split()]
        except (subprocess.CalledProcessError, ValueError):
            continue
        if times:
            out.files[path], out.first[path] = times[0], times[-1]
    return out


def _walk_log(log: str):
    """(current path, commit time) for every file change in `git log -M --name-status` output (newest first).

    A change made under an older name counts for the file's current name, so a file's first record is the
    commit that created it, not the one that renamed it. Before a file was added (or after an older file of
    that name was deleted) its name belongs to another file, whose changes are not counted.
    """
    alias: dict[str, str | None] = {}
    ts = 0
    for row in log.splitlines():
        if row.startswith("\x00"):
            ts = int(row[1:])
            continue
        parts = row.split("\t")
        if len(parts) < 2 or not parts[0]:
            continue
        status, path = parts[0][0], parts[-1]
        cur = alias.get(path, path)
        if cur is None:
            continue
        yield cur, ts
        if status == "R" and len(parts) >= 3:
            alias[parts[1]] = cur
            alias[path] = None
        elif status in ("A", "D"):
            alias[path] = None


def origin_url(repo: Path) -> str | None:
    """The URL of the git remote `origin` (as configured, not contacted), or None."""
    try:
        out = _git(repo, "config", "--get", "remote.origin.url").strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out or None


def head_commit(repo: Path) -> str | None:
    """The commit the corpus was built from (`git rev-parse HEAD`), or None outside git or before a commit."""
    try:
        out = _git(repo, "rev-parse", "--verify", "-q", "HEAD").strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out if len(out) == 40 and all(c in "0123456789abcdef" for c in out) else None
