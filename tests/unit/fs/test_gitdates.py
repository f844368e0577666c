"""Dates from git (macros/fs/gitdates.py): the git commands run side by side, and under `mkdocs serve` what
was read at the same HEAD is not read again."""
from __future__ import annotations

from hostile.corpus import git, write
from macros.fs import gitdates
from macros.fs.memo import Memo

INDEX = "# Index\n\n## Findings\n\n1. **One.** Body. **[flagged — later]**\n"


def _commit(repo, message: str, when: int) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message, env={"GIT_COMMITTER_DATE": f"@{when} +0000", "GIT_AUTHOR_DATE": f"@{when} +0000"})


def _repo(tmp_path):
    repo = tmp_path / "r"
    write(repo / "tooling" / "README.md", INDEX)
    write(repo / "tooling" / "lane" / "a.txt", "a\n")
    for n in range(5):
        write(repo / "docs" / f"DOC{n}.md", f"# Doc {n}\n")
    git(repo, "init", "-q")
    _commit(repo, "first", 1790000000)
    write(repo / "docs" / "DOC3.md", "# Doc 3, again\n")
    write(repo / "tooling" / "lane" / "b.txt", "b\n")
    _commit(repo, "second", 1790086400)
    return repo


DOCS = tuple(f"docs/DOC{n}.md" for n in range(5))


def _calls(monkeypatch) -> list[tuple]:
    seen: list[tuple] = []
    real = gitdates._git

    def counted(repo, *args):
        seen.append(args)
        return real(repo, *args)

    monkeypatch.setattr(gitdates, "_git", counted)
    return seen


def test_the_dates_are_those_of_each_command_and_come_in_order(tmp_path):
    repo = _repo(tmp_path)
    dates = gitdates.collect(repo, blame=["tooling/README.md"], tree="tooling", also=DOCS)
    assert dates.available and not dates.problems
    assert dates.files["docs/DOC3.md"] == 1790086400 and dates.first["docs/DOC3.md"] == 1790000000
    assert all(dates.files[d] == 1790000000 for d in DOCS if d != "docs/DOC3.md")
    assert dates.files["tooling/lane/b.txt"] == 1790086400 and dates.first["tooling/lane/a.txt"] == 1790000000
    assert set(dates.lines["tooling/README.md"].values()) == {1790000000}
    assert list(dates.files)[-len(DOCS):] == list(DOCS)  # the docs in the order asked, whatever ran first


def test_under_serve_an_edit_reads_only_the_blame_again_and_a_commit_everything(tmp_path, monkeypatch):
    repo = _repo(tmp_path)
    plain = gitdates.collect(repo, blame=["tooling/README.md"], tree="tooling", also=DOCS)
    calls = _calls(monkeypatch)
    memo = Memo()

    def build():
        calls.clear()
        dates = gitdates.collect(repo, blame=["tooling/README.md"], tree="tooling", also=DOCS, memo=memo)
        memo.sweep()
        return dates, sorted(c[0] if c[0] != "-c" else "log-tree" for c in calls)

    first, ran = build()
    assert first == plain and ran == ["blame", "log", "log", "log", "log", "log", "log-tree", "rev-parse"]
    again, ran = build()
    assert again == plain and ran == ["rev-parse"]  # nothing changed: HEAD is read, nothing else

    write(repo / "tooling" / "README.md", INDEX + "2. **Two.** Added, not committed. **[flagged — later]**\n")
    edited, ran = build()
    assert ran == ["blame", "rev-parse"]  # an edit is not a commit: only the edited file is blamed again
    assert edited == gitdates.collect(repo, blame=["tooling/README.md"], tree="tooling", also=DOCS)
    assert 6 not in edited.lines["tooling/README.md"] and edited.files == plain.files

    _commit(repo, "third", 1790172800)
    committed, ran = build()
    assert len(ran) == 8 and committed.files["tooling/README.md"] == 1790172800
    assert committed.lines["tooling/README.md"][6] == 1790172800
