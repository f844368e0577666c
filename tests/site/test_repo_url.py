"""Where the site's repository links point: REPO_URL, else the git remote `origin`, else nowhere."""
from __future__ import annotations

import subprocess

import pytest

from conftest import build, make_project
from macros.plan.sourcelinks import web_url  # the one remote → web address function (with the forge forms)


@pytest.mark.parametrize("remote, expected", [
    ("https://github.com/acme/corpus.git", "https://github.com/acme/corpus"),
    ("https://github.com/acme/corpus/", "https://github.com/acme/corpus"),
    ("git@github.com:acme/corpus.git", "https://github.com/acme/corpus"),
    ("ssh://git@gitlab.example.org:2222/group/sub/corpus.git", "https://gitlab.example.org/group/sub/corpus"),
    ("https://user:token@github.com/acme/corpus.git", "https://github.com/acme/corpus"),
    ("https://user:token@codeberg.org/acme/corpus.git", "https://codeberg.org/acme/corpus"),  # never a credential
    ("/work/main", None), ("../corpus", None), ("file:///srv/git/corpus.git", None),
    ("", None), (None, None),
])
def test_web_url(remote, expected):
    assert web_url(remote) == expected


def _git(project, *args):
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)


def test_repo_url_comes_from_the_git_remote(tmp_path):
    project = make_project(tmp_path / "p")
    _git(project, "init", "-q")
    _git(project, "remote", "add", "origin", "git@github.com:acme/corpus.git")
    built = build(project, strict=True, env={"REPO_URL": ""})
    assert built.returncode == 0, built.log
    page = built.html("GOTCHAS/")
    assert page.select_one("a.md-content__button[rel=edit]")["href"] == "https://github.com/acme/corpus/edit/main/GOTCHAS.md"
    assert page.select_one("a.md-source")["href"] == "https://github.com/acme/corpus"
    assert "no repo_url" not in built.log


def test_without_a_repository_there_are_no_edit_links_and_one_line_says_why(tmp_path):
    project = make_project(tmp_path / "p")  # not a git repository, and no REPO_URL
    built = build(project, strict=True, env={"REPO_URL": ""})
    assert built.returncode == 0, built.log
    assert built.log.count("no repo_url") == 1
    assert "edit_uri" not in built.log
    for url in ("", "GOTCHAS/", "findings/", "tooling/"):
        page = built.html(url)
        assert page.select("a[rel=edit]") == [] and page.select("a.md-source") == [], url
        assert not page.find("a", href=lambda h: h and "github.com/gemma4-corpus" in h), url
    assert "no repo_url" in built.text("health/index.html")
