"""Dates from git history: per line of the index (blame, once) and per file (one log walk)."""
from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

from macros.fs.memo import Memo

T = TypeVar("T")


@dataclass
class GitDates:
    available: bool
    note: str | None = None
    lines: dict[str, dict[int, int]] = field(default_factory=dict)  # path → line → unix time
    files: dict[str, int] = field(default_factory=dict)  # path (repo-relative) → last change time
    first: dict[str, int] = field(default_factory=dict)  # path → time of the commit that first recorded it
    # (path, line or None, problem): commit times git accepts but a calendar cannot show (year 11476, …)
    problems: list[tuple[str, int | None, str]] = field(default_factory=list)

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


# the Unix times of 0001-01-01 and 9999-12-31T23:59:59 UTC: what `datetime` can show
MIN_TS, MAX_TS = -62135596800, 253402300799


def valid_ts(value: str | int) -> int | None:
    """A commit time as an int when it is a date the calendar can show, else None (git accepts any)."""
    try:
        ts = int(value)
    except (TypeError, ValueError):
        return None
    return ts if MIN_TS <= ts <= MAX_TS else None


def iso(ts: int) -> str:
    """The UTC date of a (range-checked, see `valid_ts`) Unix time; '0001-01-01'/'9999-12-31' past the ends."""
    ts = min(max(ts, MIN_TS), MAX_TS)
    return datetime.fromtimestamp(ts, tz=timezone.utc).date().isoformat()  # (strftime %Y drops year 1's zeros)


def records(text: str, sep: str = "\n") -> list[str]:
    """git porcelain split on its own separator only (never `str.splitlines`, which splits on U+2028 too)."""
    return [r for r in text.split(sep) if r]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, encoding="utf-8", errors="replace").stdout


def collect(repo: Path, *, blame: list[str], tree: str, also: tuple[str, ...] = (),
            memo: Memo | None = None) -> GitDates:
    """Blame each path in `blame`; find the last change and the first record of every file under `tree` (one
    log walk, newest first, following renames inside the tree) and of the paths in `also`, such as the
    corpus docs (`git log --follow` each). The git commands run side by side (each is a process of its
    own; a 10x corpus has some 60 of them). With `memo` (`mkdocs serve`), what was read at the same HEAD is
    not read again, except the blame of a file whose text changed: an edit is not a commit."""
    try:  # one call: the top folder, whether history is shallow, and that HEAD exists
        top_line, shallow, head = _git(repo, "rev-parse", "--show-toplevel", "--is-shallow-repository",
                                       "HEAD").split("\n")[:3]
        top = Path(top_line.strip())
        if shallow.strip() == "true":
            return GitDates(False, "the repository is a shallow clone, so recorded/edited dates are "
                            "omitted; fetch full history (git fetch --unshallow) to show them")
    except (OSError, ValueError, subprocess.CalledProcessError):
        return GitDates(False, "the corpus is not inside a git repository with commits, so "
                        "recorded/edited dates are omitted")
    prefix = repo.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    head, where = head.strip(), str(top)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        def run(fn: Callable[..., T], text: str, *args: str) -> Future[T]:
            """`fn(text, *args)` started in the pool, or (serve) the run started for the same text and
            arguments by an earlier build: a finished one."""
            if memo is None:
                return pool.submit(fn, text, *args)
            return memo.call(_start, text, pool, fn, *args, same=(fn.__qualname__, *args))

        blamed = [run(_blame, _text(repo / path), where, prefix + path, path, head) for path in blame]
        logged = run(_tree_log, head, where, prefix, tree)
        followed = [run(_follow, head, where, prefix + path) for path in also]
        out = GitDates(True)
        for path, future in zip(blame, blamed, strict=True):
            lines, problems = future.result()
            if lines is not None:
                out.lines[path] = lines
                out.problems += problems
        files, first, problems = logged.result()
        out.files.update(files)
        out.first.update(first)
        out.problems += problems
        for path, future in zip(also, followed, strict=True):  # a handful of docs, each through its renames
            times = future.result()
            if times:
                out.files[path], out.first[path] = times[0], times[-1]
    return out


WORKERS = min(8, os.cpu_count() or 1)  # git processes side by side


def _start(key: str, pool: ThreadPoolExecutor, fn: Callable[..., T], *args: str) -> Future[T]:
    return pool.submit(fn, key, *args)


def _text(path: Path) -> str:
    """A blamed file's text (part of the memo's key: blame reads the working tree), '' when unreadable."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _blame(_content: str, top: str, repo_path: str, path: str, _head: str) -> tuple[dict[int, int] | None, tuple]:
    """(line → author time, problems) of one file at HEAD and in the working tree; None if not committed."""
    try:
        text = _git(Path(top), "blame", "--line-porcelain", "--", repo_path)
    except subprocess.CalledProcessError:
        return None, ()
    problems: list = []
    return _blame_times(text, path, problems), tuple(problems)


def _tree_log(_head: str, top: str, prefix: str, tree: str) -> tuple[dict[str, int], dict[str, int], tuple]:
    """(last change, first record, problems) of every file under `tree`, from the commits up to HEAD."""
    try:
        # -z: records end in NUL, so a file name holding a newline or U+2028 stays one name
        log = _git(Path(top), "-c", "core.quotepath=off", "log", "-z", "-M", "--format=%x01%ct", "--name-status",
                   "HEAD", "--", prefix + tree)
    except subprocess.CalledProcessError:
        log = ""
    files: dict[str, int] = {}
    first: dict[str, int] = {}
    for path, ts in _walk_log(log):
        if path.startswith(prefix):
            files.setdefault(path[len(prefix):], ts)
            first[path[len(prefix):]] = ts
    bad = sum(1 for t in log.split("\x00") if t.startswith("\x01") and valid_ts(t[1:].strip()) is None)
    problems = ((tree, None, f"{bad} commit(s) carry a date out of range (before year 1 or after 9999); "
                 "their dates are left out of recorded/edited dates"),) if bad else ()
    return files, first, problems


def _follow(_head: str, top: str, repo_path: str) -> list[int]:
    """The commit times of one file through its renames (`git mv` into or out of docs/), newest first."""
    try:
        return [t for t in (valid_ts(x) for x in _git(Path(top), "log", "--follow", "--format=%ct", "HEAD", "--",
                                                      repo_path).split()) if t is not None]
    except subprocess.CalledProcessError:
        return []


def _blame_times(text: str, path: str, problems: list) -> dict[int, int]:
    """line → author time from `git blame --line-porcelain` (split on "\n" only); times out of range left out."""
    lines: dict[int, int] = {}
    final, committed = 0, False
    for row in records(text):
        head = row.split(" ")
        if len(head) >= 3 and len(head[0]) == 40 and all(c in "0123456789abcdef" for c in head[0]):
            final, committed = int(head[2]) if head[2].isdigit() else 0, head[0] != "0" * 40
        elif row.startswith("author-time ") and committed:
            ts = valid_ts(row[len("author-time "):].strip())
            if ts is None:
                problems.append((path, final, f"git records an author date out of range "
                                 f"({row[len('author-time '):][:24]!r}); the line's date is left out"))
            else:
                lines[final] = ts
    return lines


def _walk_log(log: str):
    """(current path, commit time) for every file change in `git log -z -M --name-status` output (newest first).

    The output is NUL-separated tokens: a commit's `\x01<time>`, then per change its status (`M`, `A`, `D`,
    `R100` …) and one path, or two for a rename. A change made under an older name counts for the file's
    current name, so a file's first record is the commit that created it, not the one that renamed it. Before
    a file was added (or after an older file of that name was deleted) its name belongs to another file, whose
    changes are not counted. A commit whose time is out of range counts for nothing.
    """
    alias: dict[str, str | None] = {}
    ts: int | None = None
    tokens = iter(log.split("\x00"))
    for tok in tokens:
        if tok.startswith("\x01"):
            ts = valid_ts(tok[1:].strip())
            continue
        status = tok.lstrip("\n")
        if not status:
            continue
        paths = [next(tokens, "")] + ([next(tokens, "")] if status[0] in "RC" else [])
        path = paths[-1]
        cur = alias.get(path, path)
        if cur is None:
            continue
        if ts is not None:
            yield cur, ts
        if status[0] == "R" and len(paths) == 2:
            alias[paths[0]] = cur
            alias[path] = None
        elif status[0] in ("A", "D"):
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
