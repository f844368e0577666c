"""Anchors are the forge's; a link to a heading that does not exist is a warning at file:line."""
from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

from support.paths import ROOT
from macros.fs.gitdates import _walk_log, collect
from macros.load.corpus import load_corpus
from macros.plan.pages import Settings, plan_site
from macros.xref.anchors import anchor_problems, anchors_of
from macros.xref.links import build_index

FIXTURE = ROOT / "tests" / "fixtures" / "maintainer"


def _problems(project: Path):
    corpus = load_corpus(project, build_date=date(2026, 11, 28))
    plan = plan_site(corpus, Settings("t"))
    return anchor_problems(plan.corpus, build_index(plan.corpus, plan.urls), project)


def test_fixture_anchor_links_all_land():
    assert _problems(FIXTURE) == []


def test_missing_anchor_is_a_warning_at_its_line(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(FIXTURE, project)
    doc = project / "CORPUS_constructs.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nSee [gone](GOTCHAS.md#no-such-heading) and [here](#nope).\n",
                   encoding="utf-8")
    found = _problems(project)
    line = len(doc.read_text(encoding="utf-8").splitlines())
    assert [(d.severity, d.path, d.line) for d in found] == [("warning", "CORPUS_constructs.md", line)] * 2
    assert "'#no-such-heading'" in found[0].message and "#medium" in found[0].message  # what it has instead
    assert found[0].example


def test_anchors_of_a_file_are_forge_slugs_and_old_ids():
    ids = anchors_of("# A\n\n## Same\n\n## Same\n\n## Sources\n")
    assert {"a", "same", "same-1", "same_1", "sources", "user-content-sources"} <= ids


def test_dates_follow_renames():
    # newest first, as git log -z -M --name-status --format=%x01%ct prints it (NUL-separated, so that a name
    # holding a newline or U+2028 stays one name): a.md was created, then renamed twice
    log = ("\x01300\x00\nR100\x00b.md\x00c.md\x00\x01200\x00\nR090\x00a.md\x00b.md\x00\x01100\x00\nA\x00a.md\x00"
           "\x0150\x00\nD\x00a.md\x00\x0140\x00\nA\x00a.md\x00")
    seen = list(_walk_log(log))
    assert seen == [("c.md", 300), ("c.md", 200), ("c.md", 100)]  # an older, deleted a.md is another file


def _git(repo: Path, *args: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_a_docs_dates_follow_git_mv(tmp_path):
    (tmp_path / "tooling").mkdir()
    (tmp_path / "tooling" / "old.md").write_text("# Brief\n", encoding="utf-8")
    (tmp_path / "NOTES.md").write_text("# Notes\n\nfirst\n", encoding="utf-8")
    _git(tmp_path, "init", "-q", when="2026-04-18T12:00:00Z")
    _git(tmp_path, "add", "-A", when="2026-04-18T12:00:00Z")
    _git(tmp_path, "commit", "-q", "-m", "one", when="2026-04-18T12:00:00Z")
    _git(tmp_path, "mv", "NOTES.md", "GOTCHAS.md", when="2026-06-02T12:00:00Z")
    _git(tmp_path, "mv", "tooling/old.md", "tooling/new.md", when="2026-06-02T12:00:00Z")
    _git(tmp_path, "commit", "-q", "-m", "rename", when="2026-06-02T12:00:00Z")
    dates = collect(tmp_path, blame=[], tree="tooling", also=("GOTCHAS.md",))
    assert dates.first_recorded("GOTCHAS.md") == "2026-04-18" and dates.last_change("GOTCHAS.md") == "2026-06-02"
    assert dates.first_recorded("tooling/new.md") == "2026-04-18"


ANCHOR_LINK_CASES = [
    "[a](GOTCHAS.md#medium)", "[a](#top)", "[a](\n#next-line)", "[a](  \n   x.md#deep)", "[a](<with space.md#x>)",
    "[a](x(y).md#z)", "[a](x.md&#35;y)", "[a](x.md&#x23;y)", "[a](x.md&num;y)", "[a](x.md\\#y)",
    "[a][r]\n\n[r]: GOTCHAS.md#medium", "[a][r]\n\n[r]:\n  #below", "[r]: <x y.md#z> 'title'",
    "[a](https://example.org/x#y)", "<https://example.org/x#y>", "www.example.org/x#y", "# Heading\n\ntext",
    "[a](x.md)\n# not a destination", "`[a](#code)`", "```\n[a](#fenced)\n```", "[a](x.md 'title #1')",
    "[a](\n\n#two-breaks-is-no-link)", "\\[a](#escaped)", "[a] (#space-is-no-link)", "![img](#image)",
    "[a](x.md)[b](#y)", "[a](x.md%23y)", "<a href='#html'>x</a>", "[a](#x)\r\n[b](y.md#z)",
]


def test_anchor_links_are_exactly_the_links_with_a_hash_that_the_parser_finds():
    """`anchor_links` skips parsing files that cannot link an anchor of a corpus file: on every form a '#'
    can take in a link, alone and combined, it finds what parsing every file finds."""
    import itertools

    from macros.xref.anchors import anchor_links, may_link_an_anchor, text_links
    from macros.xref.links import has_scheme

    texts = ANCHOR_LINK_CASES + ["\n".join(p) for p in itertools.combinations(ANCHOR_LINK_CASES, 2)]
    skipped = 0
    for text in texts:
        want = tuple((line, href) for line, href in text_links(text) if "#" in href and not has_scheme(href))
        assert anchor_links(text) == want, text
        skipped += not may_link_an_anchor(text)
    assert skipped >= 5  # the test spares the parse of texts without such a link
    assert not may_link_an_anchor("# Title\n\nA #hashtag in prose.\n\nSee [a link](x.md).\n\n[b]: y.md\n\n" * 100)
