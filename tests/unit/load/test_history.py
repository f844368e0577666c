"""The findings history from git: a tiny repository with one commit per kind of change, and a shallow clone."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from macros.load.history import Change, Entry, Snap, build_history, count_notes, diff, similarity

HEAD = """# Corpus

## Directory map

| Dir | What's there | When to open it |
|---|---|---|
| `lane/` | things | always |

## Findings

"""
A = "1. **Alpha finding.** The alpha body talks about tokens and templates. **[merged: GOTCHAS.md]**\n"
A_FLAGGED = A.replace("[merged: GOTCHAS.md]", "[flagged — check back mid-2026]")
B = "2. **Beta finding.** Beta body about flash attention and head dims. **[flagged — reference]**\n"
B_RETITLED = "2. **Beta finding renamed.** Beta body about flash attention and head dims. **[flagged — reference]**\n"
C = "3. **Gamma finding.** Gamma body about audio input on small models. **[merged: GOTCHAS.md]**\n"
C_NOTE = C + "   - **Update 2026-10-06:** the 12B model takes audio too.\n"


def _env(n: int) -> dict:
    stamp = f"2026-0{n}-01T12:00:00+00:00"
    return {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


def _git(repo: Path, *args: str, n: int = 1) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=_env(n)).stdout


STEPS = [
    ("add alpha and beta", HEAD + A + B),
    ("add gamma", HEAD + A + B + C),
    ("retitle beta", HEAD + A + B_RETITLED + C),
    ("flag alpha", HEAD + A_FLAGGED + B_RETITLED + C),
    ("note on gamma", HEAD + A_FLAGGED + B_RETITLED + C_NOTE),
    ("drop alpha", HEAD + B_RETITLED.replace("2.", "1.", 1) + C_NOTE.replace("3.", "2.", 1)),
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("history") / "repo"
    (root / "tooling").mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    for n, (subject, text) in enumerate(STEPS, 1):
        (root / "tooling" / "README.md").write_text(text, encoding="utf-8")
        (root / "other.txt").write_text(str(n), encoding="utf-8")
        _git(root, "add", "-A", n=n)
        _git(root, "commit", "-q", "-m", subject, n=n)
    (root / "other.txt").write_text("unrelated", encoding="utf-8")  # a commit that does not touch the index
    _git(root, "commit", "-q", "-am", "unrelated", n=9)
    return root


def _summary(history) -> list[tuple[str, str, list[tuple]]]:
    return [(e.date, e.subject, [(c.kind, c.id, c.old_id, c.notes) for c in e.changes]) for e in history.entries]


def test_history_of_every_kind_of_change(repo: Path, tmp_path: Path):
    history = build_history(repo, "tooling/README.md", cache_dir=tmp_path / "cache")
    assert history.complete and history.note is None
    assert _summary(history) == [
        ("2026-06-01", "drop alpha", [("removed", "alpha-finding", None, 0)]),
        ("2026-05-01", "note on gamma", [("note", "gamma-finding", None, 1)]),
        ("2026-04-01", "flag alpha", [("marker", "alpha-finding", None, 0)]),
        ("2026-03-01", "retitle beta", [("retitled", "beta-finding-renamed", "beta-finding", 0)]),
        ("2026-02-01", "add gamma", [("added", "gamma-finding", None, 0)]),
        ("2026-01-01", "add alpha and beta", [("added", "alpha-finding", None, 0), ("added", "beta-finding", None, 0)]),
    ]
    marker = history.entries[2].changes[0]
    assert (marker.old_marker, marker.marker) == ("[merged: GOTCHAS.md]", "[flagged — check back mid-2026]")
    assert history.entries[3].changes[0].old_title == "Beta finding"
    assert len(history.entries[0].commit) == 40


def test_cache_is_keyed_by_commit_and_read_back(repo: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    first = build_history(repo, "tooling/README.md", cache_dir=cache)
    files = sorted(cache.rglob("*.json"))
    assert len(files) == len(STEPS)
    shas = {e.commit for e in first.entries}
    assert {f.stem for f in files} == shas
    assert build_history(repo, "tooling/README.md", cache_dir=cache) == first
    # the cache is what a rebuild reads: a tampered entry shows (so deleting the cache is the reset)
    oldest = next(f for f in files if f.stem == first.entries[-1].commit)
    data = json.loads(oldest.read_text(encoding="utf-8"))
    data["findings"][0]["title"] = "Tampered"
    oldest.write_text(json.dumps(data), encoding="utf-8")
    assert build_history(repo, "tooling/README.md", cache_dir=cache).entries[-1].changes[0].title == "Tampered"
    oldest.write_text("{not json", encoding="utf-8")  # a damaged file is recomputed
    assert build_history(repo, "tooling/README.md", cache_dir=cache) == first
    assert build_history(repo, "tooling/README.md", cache_dir=None) == first


def test_a_change_to_the_parser_code_is_a_new_cache_key(repo: Path, tmp_path: Path, monkeypatch):
    """A snapshot parsed by older code is never read back: the key holds a hash of the parser's source."""
    from macros.load import history

    cache = tmp_path / "cache"
    first = build_history(repo, "tooling/README.md", cache_dir=cache)
    files = sorted(cache.rglob("*.json"))
    data = json.loads(files[0].read_text(encoding="utf-8"))
    data["findings"][0]["title"] = "Parsed by older code"
    files[0].write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(history, "_parser_code", lambda: "the parser after an edit")
    assert build_history(repo, "tooling/README.md", cache_dir=cache) == first
    assert len(sorted(cache.rglob("*.json"))) == 2 * len(files)  # a second folder, under the new key


def test_shallow_clone_is_partial_and_does_not_fail(repo: Path, tmp_path: Path):
    for depth, entries in ((1, 0), (4, 2)):
        clone = tmp_path / f"clone{depth}"
        subprocess.run(["git", "clone", "-q", "--depth", str(depth), f"file://{repo}", str(clone)], check=True,
                       capture_output=True, env=_env(1))
        history = build_history(clone, "tooling/README.md", cache_dir=tmp_path / f"cache{depth}")
        assert not history.complete and "shallow" in history.note
        assert len(history.entries) == entries  # the oldest commit present is a baseline, not "all added"


def test_no_git_is_empty_and_flagged(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "tooling").mkdir()
    (tmp_path / "tooling" / "README.md").write_text(HEAD + A, encoding="utf-8")
    history = build_history(tmp_path, "tooling/README.md", cache_dir=tmp_path / "cache")
    assert history.entries == () and not history.complete and "not inside a git repository" in history.note


def test_a_swapped_note_counter_is_used(repo: Path):
    history = build_history(repo, "tooling/README.md", counter=lambda src: src.count("12B"))
    assert [c.notes for c in history.entries[1].changes] == [1]


def _snap(id_: str, number: int, summary: str, **kw) -> Snap:
    return Snap(id_, number, kw.get("title", id_), kw.get("marker"), kw.get("aliases", ()), kw.get("notes", 0), summary)


def test_retitle_by_alias_wins_over_position():
    before = (_snap("old", 1, "one two three"), _snap("other", 2, "x y z"))
    after = (_snap("other", 1, "x y z"), _snap("new", 2, "completely different words", aliases=("old",)))
    assert [(c.kind, c.id, c.old_id) for c in diff(before, after)] == [("retitled", "new", "old")]


def test_same_number_but_different_body_is_remove_and_add():
    before = (_snap("old", 1, "tokens templates prompts"),)
    after = (_snap("new", 1, "audio input small models"),)
    assert [c.kind for c in diff(before, after)] == ["added", "removed"]


def test_similarity_and_note_counter():
    assert similarity("a b c d", "a b c e") == pytest.approx(3 / 5)
    assert similarity("", "") == 1.0
    item = "3. **G.** body\n   - **Update 2026-10-06:** x\n   - plain bullet\n   - **Rechecked 2026-13-01:** y\n"
    assert count_notes(item) == 2  # malformed notes count: a note was added, the build reports the error


def test_commits_without_finding_changes_fold_into_one_count(tmp_path: Path):
    """A temporary repository: commits that change findings and commits that only touch the index's prose."""
    root = tmp_path / "repo"
    (root / "tooling").mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    steps = [
        ("add alpha and beta", HEAD + A + B),
        ("reword the directory map", HEAD.replace("things", "many things") + A + B),  # no finding changed
        ("retitle beta, note on gamma", HEAD + A + B_RETITLED + C_NOTE),
        ("fix a typo in the intro", HEAD.replace("# Corpus", "# The corpus") + A + B_RETITLED + C_NOTE),
        ("body edit only", HEAD + A.replace("tokens", "tokens,") + B_RETITLED + C_NOTE),  # not a finding change
        ("flag alpha and drop gamma", HEAD + A_FLAGGED + B_RETITLED),
    ]
    for n, (subject, text) in enumerate(steps, 1):
        (root / "tooling" / "README.md").write_text(text, encoding="utf-8")
        _git(root, "add", "-A", n=n)
        _git(root, "commit", "-q", "-m", subject, n=n)
    history = build_history(root, "tooling/README.md", cache_dir=None)
    assert history.quiet == 3
    assert [e.subject for e in history.entries] == ["flag alpha and drop gamma", "retitle beta, note on gamma",
                                                    "add alpha and beta"]
    many = Entry("0" * 40, "2026-01-01", "s", tuple(Change("added", str(n), n, "t") for n in range(1, 14)))
    assert many.summary() == "13 findings added"
    assert [e.summary() for e in history.entries] == [
        "Finding 3 removed; marker of finding 1 changed",
        "Finding 3 added; finding 2 retitled",
        "Findings 1, 2 added",
    ]
