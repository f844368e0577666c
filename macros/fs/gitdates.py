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


def collect(repo: Path, *, blame: list[str], tree: str, also: tuple[str, ...] = ()) -> GitDates:
    """Blame each path in `blame`; find the last change and the first record of every file under `tree` and
    of the paths in `also`, such as the corpus docs (both from the one log walk: newest first, so the last
    time seen is the oldest)."""
    try:  # one call: the top folder, whether history is shallow, and that HEAD exists
        top_line, shallow, _head = _git(repo, "rev-parse", "--show-toplevel", "--is-shallow-repository",
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
    out = GitDates(True)
    for path in blame:
        try:
            text = _git(top, "blame", "--line-porcelain", "--", prefix + path)
        except subprocess.CalledProcessError:
            continue  # not committed yet
        lines: dict[int, int] = {}
        final, committed = 0, False
        for row in records(text):
            head = row.split(" ")
            if len(head) >= 3 and len(head[0]) == 40 and all(c in "0123456789abcdef" for c in head[0]):
                final, committed = int(head[2]) if head[2].isdigit() else 0, head[0] != "0" * 40
            elif row.startswith("author-time ") and committed:
                ts = valid_ts(row[len("author-time "):].strip())
                if ts is None:
                    out.problems.append((path, final, f"git records an author date out of range "
                                         f"({row[len('author-time '):][:24]!r}); the line's date is left out"))
                else:
                    lines[final] = ts
        out.lines[path] = lines
    try:
        # -z: records end in NUL, so a file name holding a newline or U+2028 stays one name
        log = _git(top, "-c", "core.quotepath=off", "log", "-z", "--format=%x01%ct", "--name-only", "HEAD", "--",
                   prefix + tree, *(prefix + p for p in also))
    except subprocess.CalledProcessError:
        log = ""
    ts: int | None = None
    bad, after_head = 0, False
    for row in log.split("\x00"):
        if row.startswith("\x01"):  # a commit's format line; its first name then starts with "\n"
            ts, after_head = valid_ts(row[1:].strip()), True
            bad += ts is None
            continue
        if after_head and row.startswith("\n"):
            row = row[1:]
        after_head = False
        if row and ts is not None and row.startswith(prefix):
            out.files.setdefault(row[len(prefix):], ts)
            out.first[row[len(prefix):]] = ts
    if bad:
        out.problems.append((tree, None, f"{bad} commit(s) carry a date out of range (before year 1 or after 9999); "
                             "their dates are left out of recorded/edited dates"))
    return out


def head_commit(repo: Path) -> str | None:
    """The commit the corpus was built from (`git rev-parse HEAD`), or None outside git or before a commit."""
    try:
        out = _git(repo, "rev-parse", "--verify", "-q", "HEAD").strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out if len(out) == 40 and all(c in "0123456789abcdef" for c in out) else None
