"""Source links land on the finding's own lines on GitHub."""
from __future__ import annotations

import pytest

from macros.plan.sourcelinks import source_url

REPO = "https://github.com/example/corpus"


@pytest.mark.parametrize("path, line, end, expected", [
    # GitHub renders Markdown and ignores #L there: its plain view shows the lines
    ("tooling/README.md", 19, None, f"{REPO}/blob/main/tooling/README.md?plain=1#L19"),
    ("tooling/README.md", 19, 19, f"{REPO}/blob/main/tooling/README.md?plain=1#L19"),
    ("tooling/README.md", 19, 23, f"{REPO}/blob/main/tooling/README.md?plain=1#L19-L23"),
    ("tooling/Notes.MARKDOWN", 2, 4, f"{REPO}/blob/main/tooling/Notes.MARKDOWN?plain=1#L2-L4"),
    # other files are shown as source already
    ("tooling/sources.yaml", 7, None, f"{REPO}/blob/main/tooling/sources.yaml#L7"),
    ("tooling/sources.yaml", 7, 9, f"{REPO}/blob/main/tooling/sources.yaml#L7-L9"),
    # no line: the file itself
    ("tooling/README.md", None, None, f"{REPO}/blob/main/tooling/README.md"),
    ("tooling/a b/ü.md", 3, None, f"{REPO}/blob/main/tooling/a%20b/%C3%BC.md?plain=1#L3"),
])
def test_source_url(path, line, end, expected):
    assert source_url(REPO, "main", path, line, end) == expected


def test_source_url_trailing_slash_and_branch():
    assert source_url(REPO + "/", "dev/x", "a.py", 1) == f"{REPO}/blob/dev/x/a.py#L1"


# ------------------------------------------------------------------ every forge's URL forms

import subprocess  # noqa: E402

from macros.fs.gitdates import origin_url  # noqa: E402
from macros.plan.sourcelinks import Forge, detect_forge, web_url  # noqa: E402

FORGE_CASES = {
    # remote as `git remote add origin` gets it → (forge, web address)
    "github": ("git@github.com:owner/corpus.git", "https://github.com/owner/corpus"),
    "gitlab": ("https://gitlab.com/group/sub/corpus.git", "https://gitlab.com/group/sub/corpus"),
    "gitea": ("ssh://git@codeberg.org/owner/corpus.git", "https://codeberg.org/owner/corpus"),
}
EXPECTED = {
    "github": {
        "file": "https://github.com/owner/corpus/blob/main/tooling/README.md",
        "source": "https://github.com/owner/corpus/blob/main/tooling/README.md?plain=1#L19-L23",
        "raw": "https://github.com/owner/corpus/raw/main/tooling/README.md",
        "edit": "https://github.com/owner/corpus/edit/main/tooling/README.md",
        "commit": "https://github.com/owner/corpus/commit/abc123",
    },
    "gitlab": {
        "file": "https://gitlab.com/group/sub/corpus/-/blob/main/tooling/README.md",
        "source": "https://gitlab.com/group/sub/corpus/-/blob/main/tooling/README.md?plain=1#L19-23",
        "raw": "https://gitlab.com/group/sub/corpus/-/raw/main/tooling/README.md",
        "edit": "https://gitlab.com/group/sub/corpus/-/edit/main/tooling/README.md",
        "commit": "https://gitlab.com/group/sub/corpus/-/commit/abc123",
    },
    "gitea": {
        "file": "https://codeberg.org/owner/corpus/src/branch/main/tooling/README.md",
        "source": "https://codeberg.org/owner/corpus/src/branch/main/tooling/README.md?display=source#L19-L23",
        "raw": "https://codeberg.org/owner/corpus/raw/branch/main/tooling/README.md",
        "edit": "https://codeberg.org/owner/corpus/_edit/main/tooling/README.md",
        "commit": "https://codeberg.org/owner/corpus/commit/abc123",
    },
}


def _repo_with_origin(tmp_path, remote: str):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", remote], check=True)
    return tmp_path


@pytest.mark.parametrize("kind", sorted(FORGE_CASES))
def test_each_forge_from_a_fixture_remote(tmp_path, kind):
    remote, web = FORGE_CASES[kind]
    url = web_url(origin_url(_repo_with_origin(tmp_path, remote)))
    assert url == web
    assert detect_forge(url) == kind
    repo = Forge(detect_forge(url), url, "main")
    got = {"file": repo.file("tooling/README.md"), "source": repo.source("tooling/README.md", 19, 23),
           "raw": repo.raw("tooling/README.md"), "edit": repo.edit("tooling/README.md"),
           "commit": repo.commit("abc123")}
    assert got == EXPECTED[kind]


def test_self_hosted_forge_needs_the_option():
    # a Forgejo instance under its own name cannot be told apart by the host: the `forge` option says it
    url = "https://git.example.org/maint/corpus"
    assert detect_forge(url) == "unknown"
    assert detect_forge(url, "gitea") == "gitea"
    assert source_url(url, "main", "a.md", 3, forge="gitea") == f"{url}/src/branch/main/a.md?display=source#L3"
    assert detect_forge("https://gitea.example.org/x/y") == "gitea"
    assert detect_forge("https://gitlab.example.org/x/y") == "gitlab"


def test_unknown_forge_links_the_repository_only():
    repo = Forge("unknown", "https://git.example.org/maint/corpus", "main")
    assert repo.source("tooling/README.md", 4) == "https://git.example.org/maint/corpus"
    assert repo.edit("tooling/README.md") is None and repo.raw("a") is None and repo.commit("abc") is None


def test_no_origin(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert origin_url(tmp_path) is None and web_url(None) is None


def test_unknown_forge_is_one_info_note():
    from macros.mkdocs.build import forge_note
    from macros.plan.pages import Settings

    note = forge_note(Settings("t", repo_url="https://git.example.org/maint/corpus"))
    assert note is not None and note.severity == "info" and "forge" in note.message and note.example
    assert forge_note(Settings("t", repo_url="https://git.example.org/maint/corpus", forge="gitea")) is None
    assert forge_note(Settings("t", repo_url="https://github.com/o/r")) is None
    assert forge_note(Settings("t")) is None
    # the option picks the URL forms of every link the site makes
    s = Settings("t", repo_url="https://git.example.org/maint/corpus", forge="gitea")
    assert s.edit_link("GOTCHAS.md") == "https://git.example.org/maint/corpus/_edit/main/GOTCHAS.md"
    assert s.source_link("tooling/README.md", 3, 4).endswith("/src/branch/main/tooling/README.md?display=source#L3-L4")
    assert s.commit_link("abc") == "https://git.example.org/maint/corpus/commit/abc"
