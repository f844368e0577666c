"""No published finding URL ever 404s: every id a finding had on a commit of the branch redirects to its page,
from git history alone (no `make ids`); the redirect stays on the site and unfurls as the finding's card."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import feedparser

from support.gitrepo import git
from support.project import SITE_URL, build, make_project
from macros.load.history import Change, Entry, History, former_ids

OLD = "google-gemma-pytorch-is-abandoned-for-gemma-4"
MIDDLE = "google-gemma-pytorch-is-dead-for-gemma-4"
NEW = "google-gemma-pytorch-is-retired-for-gemma-4"


def test_former_ids_follow_retitles_in_commit_order():
    history = History((
        Entry("c3", "2026-05-03", "again", (Change("retitled", "c", 1, "C", old_id="b", old_title="B"),)),
        Entry("c2", "2026-05-02", "retitle", (Change("retitled", "b", 1, "B", old_id="a", old_title="A"),)),
        Entry("c1", "2026-05-01", "loop", (Change("retitled", "x", 2, "X", old_id="y"),
                                           Change("retitled", "y", 3, "Y", old_id="x"))),
    ), True)
    assert former_ids(history, {"c": "c"}) == {"a": "c", "b": "c"}
    assert former_ids(history, {"c": "c", "a": "a"}) == {"b": "c"}  # a current id keeps its own page
    assert former_ids(history, {"c": "c"}, limit=1) == {"a": "c"}


def test_a_retitle_committed_to_git_redirects_its_old_url_without_make_ids(tmp_path):
    project = make_project(tmp_path / "repo")
    record = (project / "tooling" / "published-ids.txt").read_text(encoding="utf-8")
    index = project / "tooling" / "README.md"
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "corpus", when="2026-04-18T12:00:00Z")
    for word, day in (("dead", "2026-05-02"), ("retired", "2026-05-03")):
        text = index.read_text(encoding="utf-8")
        index.write_text(text.replace("is abandoned for Gemma 4.**", f"is {word} for Gemma 4.**")
                         .replace("is dead for Gemma 4.**", f"is {word} for Gemma 4.**"), encoding="utf-8")
        git(project, "commit", "-qam", f"retitle finding 2 ({word})", when=f"{day}T12:00:00Z")
    result = build(project, strict=True)  # the record names the old id: git's history answers for it
    assert result.returncode == 0, result.log
    assert (project / "tooling" / "published-ids.txt").read_text(encoding="utf-8") == record  # no `make ids`
    assert (result.site / "findings" / NEW / "index.html").is_file()
    for old in (OLD, MIDDLE):
        page = result.html(f"findings/{old}/")
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
        assert refresh == f"0; url=../{NEW}/"  # relative: a redirect never leaves the site
        assert page.find("link", rel="canonical")["href"] == f"{SITE_URL}findings/{NEW}/"
        meta = {m.get("property") or m.get("name"): m["content"] for m in page.find_all("meta") if m.get("content")}
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["og:image"] == f"{SITE_URL}cards/findings/{NEW}.png"
        assert meta["og:title"] == "google/gemma_pytorch is retired for Gemma 4"
    # the feed's finding entries (dated from git here) name the current state and describe it like the card
    feed = feedparser.parse(result.text("findings.atom"))
    seven = next(e for e in feed.entries if e.id == f"{SITE_URL}findings/no-gemma-4-technical-report-pdf-exists-yet/")
    assert seven.title.endswith("— Re-checked, now merged")
    assert seven.summary.startswith("Re-checked 2026-11-28, now merged into CORPUS_capabilities.md § Technical report.")
    assert time.strftime("%Y-%m-%d", seven.updated_parsed) == "2026-04-18"  # git's first record of its lines
    two = next(e for e in feed.entries if e.id == f"{SITE_URL}findings/{NEW}/")
    assert two.title == "Finding 2: google/gemma_pytorch is retired for Gemma 4"
    assert "`" not in two.summary and "`" not in seven.summary
    # `make ids` only records ids for corpora without git history
    ran = subprocess.run([sys.executable, "-m", "macros.export.ids"], cwd=project, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(project)})
    assert ran.returncode == 0, ran.stderr
    assert "has a git history" in ran.stdout
    assert (project / "tooling" / "published-ids.txt").read_text(encoding="utf-8") == record
