"""The findings history: the index parsed at every commit that touched it, diffed by finding id.

For each commit that changed ``<corpus>/README.md`` (``git log --format=%H%x00%ct%x00%s -- path``)
the index is read with ``git show <sha>:path`` and parsed with `parse.parse_index`; consecutive
states are compared:

* **added / removed** — a finding with no counterpart in the other state;
* **retitled** — a finding whose title changed. Counterparts are found by id, by alias (the new
  state lists the old id among its ``finding-aliases``), or — when neither matches — by position:
  the same number and bodies at least half alike (Jaccard similarity of their word sets ≥ 0.5);
* **marker changed** — the provenance marker differs (whitespace ignored);
* **note added** — the finding has more dated notes than before (`count_notes`, swappable).

Each commit's parsed state is cached as JSON under the cache folder, keyed by commit id (a commit
never changes), so a rebuild only parses new commits. The cache is safe to delete. A shallow clone
gives a partial history (flagged, never an error); no git gives an empty, flagged history.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Literal

from macros.fs.cache import code_digest
from macros.fs.gitdates import iso, valid_ts
from macros.model.defaults import INDEX_LIMIT
from macros.model.diagnostics import Report
from macros.read.index import parse_index
from macros.read.notes import markdown_note_lead

CACHE_VERSION = 1  # bump when a snapshot's shape changes (a change to the parser's code is a new key itself)
SIMILAR = 0.5  # body word-set Jaccard similarity above which same-numbered findings are one finding
_SUMMARY_MAX = 4000
MAX_COMMITS = 1000  # commits of the index read for the history; older ones make it partial
_WORD = re.compile(r"\w+")

ChangeKind = Literal["added", "removed", "retitled", "marker", "note"]


def _parser_code() -> str:
    """The code a snapshot is made by: the index's parser and the model it fills, and this module."""
    return code_digest("read", "model", "text", "load/history.py")


@dataclass(frozen=True)
class Snap:
    """One finding as it stood at one commit."""

    id: str
    number: int
    title: str
    marker: str | None
    aliases: tuple[str, ...]
    notes: int
    summary: str


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    id: str  # the id after the change (before it, for a removal)
    number: int
    title: str
    old_id: str | None = None  # retitled: the id before
    old_title: str | None = None
    old_marker: str | None = None  # marker: before and after
    marker: str | None = None
    notes: int = 0  # note: how many notes were added


@dataclass(frozen=True)
class Entry:
    """One commit that changed the findings."""

    commit: str
    date: str  # ISO date of the commit (committer time, UTC)
    subject: str
    changes: tuple[Change, ...]

    def summary(self) -> str:
        """The change in one line, for readers: "Finding 14 added; finding 11 retitled; a note on finding 7"."""
        parts = []
        for kind, one, many in _PHRASES:
            numbers = list(dict.fromkeys(c.number for c in self.changes if c.kind == kind))
            if len(numbers) > 5:  # a long run of numbers (a first commit adds them all) is a count
                parts.append(many.replace("findings {}", "{} findings").format(len(numbers)))
            elif numbers:
                parts.append((one if len(numbers) == 1 else many).format(", ".join(str(n) for n in numbers)))
        text = "; ".join(parts)
        return text[:1].upper() + text[1:]


_PHRASES = (("added", "finding {} added", "findings {} added"),
            ("removed", "finding {} removed", "findings {} removed"),
            ("retitled", "finding {} retitled", "findings {} retitled"),
            ("marker", "marker of finding {} changed", "markers of findings {} changed"),
            ("note", "a note on finding {}", "notes on findings {}"))


@dataclass(frozen=True)
class History:
    entries: tuple[Entry, ...]  # newest first
    complete: bool  # False for a shallow clone, no git, or an unreadable commit
    note: str | None = None  # why it is incomplete, for the history page
    quiet: int = 0  # commits that touched the index without changing a finding (folded into one line)
    head: tuple[Snap, ...] = ()  # the findings at the newest commit read (to compare the working tree with)


NoteCounter = Callable[[str], int]


def count_notes(item_source: str) -> int:
    """Dated notes in the Markdown of one finding item: nested items whose bold lead is a kind and a date."""
    return sum(1 for line in item_source.splitlines()[1:] if markdown_note_lead(line) is not None)


# --------------------------------------------------------------------------- reading one state


def snapshot(text: str, path: str, *, counter: NoteCounter = count_notes) -> tuple[Snap, ...]:
    """The findings of one version of the index."""
    lines = text.split("\n")
    index = parse_index(text, path, Report())
    return tuple(
        Snap(f.id, f.number, f.title, f.marker, tuple(f.aliases),
             counter("\n".join(lines[f.line - 1:f.end_line])), f.summary[:_SUMMARY_MAX])
        for f in index.findings
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of two texts' word sets (1.0 for two empty texts)."""
    wa, wb = _words(a), _words(b)
    if not wa and not wb:
        return 1.0
    return len(wa & wb) / len(wa | wb)


def diff(before: tuple[Snap, ...], after: tuple[Snap, ...]) -> tuple[Change, ...]:
    """What changed between two states of the findings, in the order of the later state."""
    old_by_id = {s.id: s for s in before}
    matched: dict[str, Snap] = {}  # new id → old snap
    used: set[str] = set()
    for s in after:
        old = old_by_id.get(s.id)
        if old is None:
            old = next((old_by_id[a] for a in s.aliases if a in old_by_id and a not in used), None)
        if old is not None and old.id not in used:
            matched[s.id] = old
            used.add(old.id)
    left = {s.number: s for s in before if s.id not in used}
    for s in after:
        if s.id in matched:
            continue
        old = left.get(s.number)
        if old is not None and old.id not in used and similarity(old.summary, s.summary) >= SIMILAR:
            matched[s.id] = old
            used.add(old.id)
    out: list[Change] = []
    for s in after:
        old = matched.get(s.id)
        if old is None:
            out.append(Change("added", s.id, s.number, s.title, marker=s.marker))
            continue
        if old.id != s.id or old.title != s.title:
            out.append(Change("retitled", s.id, s.number, s.title, old_id=old.id, old_title=old.title))
        if _norm(old.marker) != _norm(s.marker):
            out.append(Change("marker", s.id, s.number, s.title, old_marker=old.marker, marker=s.marker))
        if s.notes > old.notes:
            out.append(Change("note", s.id, s.number, s.title, notes=s.notes - old.notes))
    out += [Change("removed", s.id, s.number, s.title, marker=s.marker) for s in before if s.id not in used]
    return tuple(out)


def _norm(marker: str | None) -> str | None:
    return " ".join(marker.split()) if marker else None


# --------------------------------------------------------------------------- git


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          encoding="utf-8", errors="replace").stdout


class _Blobs:
    """One `git cat-file --batch` process: each old index read whole only when within `limit` bytes.

    The size comes first (`--batch-check` answers, one line per object), so an index of megabytes in an
    old commit (a few KB of git objects can hold that) is skipped without being read or parsed.
    """

    def __init__(self, top: Path, limit: int):
        self.limit = limit
        self.proc = subprocess.Popen(["git", "-C", str(top), "cat-file", "--batch-command"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def _ask(self, line: str) -> list[bytes]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line.encode("utf-8", "surrogateescape") + b"\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().split()

    def read(self, spec: str) -> str | None:
        """The text of `spec` ('<sha>:<path>'): '' when absent, None when over the limit."""
        head = self._ask(f"info {spec}")
        if len(head) != 3 or head[1] != b"blob" or not head[2].isdigit():
            return ""  # the commit deleted the file, or it is not a file: no findings
        if int(head[2]) > self.limit:
            return None
        head = self._ask(f"contents {spec}")
        assert self.proc.stdout is not None
        data = self.proc.stdout.read(int(head[2]) + 1)[:-1] if len(head) == 3 and head[2].isdigit() else b""
        return data.decode("utf-8", "replace")

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.proc.wait(timeout=30)


def _commits(top: Path, rel: str, limit: int) -> list[tuple[str, int | None, str]]:
    """(sha, commit time or None when out of range, subject) newest first, at most `limit` + 1 of them.

    `--first-parent`: a merge is compared with the branch it was merged into, not shown as a revert
    and a re-apply. `-z`: records end in NUL, never split on a line separator inside a subject.
    """
    log = _git(top, "log", "-z", "--first-parent", f"--max-count={limit + 1}", "--format=%H%x01%ct%x01%s",
               "HEAD", "--", rel)
    out = []
    for row in log.split("\x00"):
        parts = row.strip("\n").split("\x01", 2)
        if len(parts) == 3 and len(parts[0]) == 40:
            out.append((parts[0], valid_ts(parts[1]), parts[2]))
    return out


def build_history(repo: Path, index_path: str, *, cache_dir: Path | None = None,
                  counter: NoteCounter = count_notes, max_commits: int = MAX_COMMITS,
                  size_limit: int = INDEX_LIMIT) -> History:
    """The history of the findings in `index_path` (relative to `repo`), newest entry first.

    `cache_dir` (e.g. ``<project>/.cache/corpus-history``) holds one JSON file per commit; None: no cache.
    A `counter` other than the default must come with its own cache folder (the cache does not know it).
    At most `max_commits` commits are read, and an old index over `size_limit` bytes is skipped: either
    makes the history partial, with a note that says so.
    """
    try:
        top_line, shallow = _git(repo, "rev-parse", "--show-toplevel", "--is-shallow-repository").split("\n")[:2]
        top = Path(top_line.strip())
        rel = (repo.resolve() / index_path).relative_to(top.resolve()).as_posix()
    except (OSError, ValueError, subprocess.CalledProcessError):
        return History((), False, "the corpus is not inside a git repository, so there is no history to show")
    try:
        commits = _commits(top, rel, max_commits)
    except (OSError, subprocess.CalledProcessError):
        return History((), False, "the repository has no commits yet, so there is no history to show")
    notes: list[str] = []
    if shallow.strip() == "true":
        notes.append("this is a shallow clone, so the history is partial: it starts at the oldest commit present "
                     "(git fetch --unshallow shows all of it)")
    if len(commits) > max_commits:
        commits = commits[:max_commits]
        notes.append(f"partial history: only the latest {max_commits} commits that changed the index are read")
    commits.reverse()  # oldest first
    blobs = _Blobs(top, size_limit)
    try:
        entries, quiet, head = _entries(top, rel, commits, blobs, cache_dir, counter, notes)
    finally:
        blobs.close()
    return History(tuple(reversed(entries)), not notes, "; ".join(notes) if notes else None, quiet, head)


def _entries(top: Path, rel: str, commits: list, blobs: _Blobs, cache_dir: Path | None, counter: NoteCounter,
             notes: list[str]) -> tuple[list[Entry], int, tuple[Snap, ...]]:
    """The changes of each commit against the previous readable one (oldest first), the number of commits
    that changed no finding, and the findings at the newest commit read; `notes` gets the gaps."""
    entries: list[Entry] = []
    quiet = 0
    before: tuple[Snap, ...] | None = None
    baseline = bool(notes)  # a partial history starts at a baseline, not with "everything added"
    for sha, ct, subject in commits:
        state = _state_at(sha, rel, cache_dir, counter, blobs)
        if state is None:  # too large, unreadable or unparsable: skip it rather than report a false diff
            notes.append(f"partial history: the index at commit {sha[:12]} is larger than "
                         f"{blobs.limit // (1024 * 1024)} MB or could not be read, so the history skips it")
            continue
        if before is None and baseline and not entries:
            before = state
            continue
        changes = diff(before or (), state)
        if changes:
            if ct is None:
                notes.append(f"commit {sha[:12]} carries a date out of range; it is shown undated")
            entries.append(Entry(sha, iso(ct) if ct is not None else "", subject, changes))
        else:
            quiet += 1
        before = state
    return entries, quiet, before or ()


def _state_at(sha: str, rel: str, cache_dir: Path | None, counter: NoteCounter, blobs: _Blobs
              ) -> tuple[Snap, ...] | None:
    key = hashlib.sha256(f"{CACHE_VERSION}\x00{_parser_code()}\x00{rel}".encode()).hexdigest()[:12]
    cached = cache_dir / key / f"{sha}.json" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        try:
            data = json.loads(cached.read_text(encoding="utf-8"))
            return tuple(Snap(d["id"], d["number"], d["title"], d["marker"], tuple(d["aliases"]), d["notes"],
                              d["summary"]) for d in data["findings"])
        except (ValueError, KeyError, TypeError):
            pass  # a damaged cache file is recomputed
    try:
        text = blobs.read(f"{sha}:{rel}")
        if text is None:
            return None
        state = snapshot(text, rel, counter=counter)
    except Exception:  # noqa: BLE001 — an old, broken index must not fail today's build
        return None
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(json.dumps({"commit": sha, "path": rel, "version": CACHE_VERSION,
                                   "findings": [asdict(s) for s in state]},
                                  ensure_ascii=False), encoding="utf-8")
        tmp.replace(cached)  # atomic: a concurrent build never reads half a file
    return state


def pending_retitles(history: History, now: tuple[Snap, ...]) -> dict[str, str]:
    """Retitles not committed yet: old id at the newest commit → its id in `now` (the working tree), found
    the way the history finds retitles (by id, alias, or same number and a similar body)."""
    if not history.head:
        return {}
    return {c.old_id: c.id for c in diff(history.head, now)
            if c.kind == "retitled" and c.old_id and c.old_id != c.id}


def former_ids(history: History, current: dict[str, str], *, limit: int = 10_000) -> dict[str, str]:
    """Every id a finding had on a commit of the history that it no longer has → the id it has now.

    `current` maps each name a finding answers to now (its id, its aliases) to its id. Retitles are followed
    in commit order, so a finding retitled twice keeps both old ids. An old id that names a current finding
    (or alias) is left out: that page exists. At most `limit` ids (a hostile history stays cheap).
    """
    renamed: dict[str, str] = {}  # old id → the id it became at the next retitle
    for entry in reversed(history.entries):  # oldest first
        for c in entry.changes:
            if c.kind == "retitled" and c.old_id and c.old_id != c.id:
                renamed[c.old_id] = c.id
    out: dict[str, str] = {}
    for old in renamed:
        if old in current or len(out) >= limit:
            continue
        seen, now = {old}, renamed[old]
        while now not in current and now in renamed and now not in seen:
            seen.add(now)
            now = renamed[now]
        if now in current:
            out[old] = current[now]
    return out


__all__ = ["CACHE_VERSION", "Change", "Entry", "History", "Snap", "build_history", "count_notes", "diff",
           "former_ids", "pending_retitles", "similarity", "snapshot"]
