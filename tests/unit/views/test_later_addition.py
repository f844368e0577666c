"""When a brief counts as a later addition to its lane (views.later_addition), on a tiny git repository.

Rules: the brief's prose says so ("Added on YYYY-MM-DD …"), or git first recorded the brief on a later day
than the lane's own first record. The lane's stated research date plays no part: a corpus imported into git
after the research happened would otherwise mark every brief.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from types import SimpleNamespace

from macros.fs import gitdates
from macros.model.data import Brief
from macros.read.brief import read_brief
from macros.views.catalog import later_addition


def _commit(repo: Path, files: dict[str, str], when: str) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["add", "-A"], ["commit", "-q", "-m", "c"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _brief(repo: Path, slug: str) -> Brief:
    text = (repo / "tooling" / "gemma-family" / f"{slug}.md").read_text(encoding="utf-8")
    return Brief(slug, f"gemma-family/{slug}.md", slug, facts=read_brief(text))


def _site(repo: Path) -> SimpleNamespace:
    git = gitdates.collect(repo, blame=[], tree="tooling")
    return SimpleNamespace(git=git, corpus=SimpleNamespace(root="tooling", briefs_lane="gemma-family"))


def test_imported_corpus_marks_no_brief_but_later_commits_and_prose_count(tmp_path):
    repo = tmp_path / "p"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    # everything imported at once, long after the lane's stated research date: nothing is "added"
    _commit(repo, {"tooling/gemma-family/README.md": "# Sibling models\n\nResearched on 2026-04-18.\n",
                   "tooling/gemma-family/old.md": "# OldGemma\n\nBuilt on Gemma 2.\n",
                   "tooling/gemma-family/said.md": "# SaidGemma\n\nBuilt on Gemma 4.\n\n"
                                                   "Added on 2026-11-28, after the research pass.\n"},
            "2026-12-01T12:00:00Z")
    # a brief committed on a later day than the lane's first files is
    _commit(repo, {"tooling/gemma-family/new.md": "# NewGemma\n\nBuilt on Gemma 4.\n"}, "2026-12-09T12:00:00Z")
    # a later commit that edits an old brief does not make it new
    _commit(repo, {"tooling/gemma-family/old.md": "# OldGemma\n\nBuilt on Gemma 2. Edited.\n"},
            "2026-12-10T12:00:00Z")
    site = _site(repo)
    assert later_addition(site, _brief(repo, "old")) == (None, "")
    assert later_addition(site, _brief(repo, "new"))[0] == "2026-12-09"
    assert later_addition(site, _brief(repo, "said")) == ("2026-11-28", "the brief says so")


def test_prose_rule_without_git(tmp_path):
    repo = tmp_path / "p"
    (repo / "tooling" / "gemma-family").mkdir(parents=True)
    (repo / "tooling" / "gemma-family" / "said.md").write_text(
        "# SaidGemma\n\nBuilt on Gemma 4.\n\nThis brief was added 2026-11-28.\n", encoding="utf-8")
    (repo / "tooling" / "gemma-family" / "plain.md").write_text("# PlainGemma\n\nBuilt on Gemma 2.\n",
                                                                 encoding="utf-8")
    site = _site(repo)
    assert not site.git.available
    assert later_addition(site, _brief(repo, "said"))[0] == "2026-11-28"
    assert later_addition(site, _brief(repo, "plain")) == (None, "")
