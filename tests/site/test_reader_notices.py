"""Issue 16, reader round 2: items 4 (local site_url notice), 6 (snapshot links), 8 (home counts),
12 (findings merged here), 14 (notebooks), 15 (snapshot title), 21 (sitemap lastmod, doc dates)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from support.gitrepo import git
from support.paths import ROOT
from support.project import BUILD_EPOCH, build, make_project
from macros.views.artifacts import demote_headings, notebook_cells, page_title, resolve_links
from macros.mkdocs.build import site_url_note
from macros.render.renderer import plural

SNAPSHOT = """<!doctype html><html><head><meta charset="utf-8"><title>Gemma 4 model card &amp; notes |
 Google AI</title><script>alert(1)</script></head><body>
<h1>Model card</h1>
<p><a href="/gemma/docs/core">Core</a> <a href="../license">License</a> <a href="#top">Top</a>
<a href="https://example.org/abs">Abs</a> <img src="https://example.org/pic.png" alt="pic"></p>
</body></html>
"""
NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Notebook title\n", "\n", "## Part\n"]},
        {"cell_type": "code", "execution_count": 7, "metadata": {}, "outputs": [], "source": ["print(1)"]},
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": ["print(2)"]},
        {"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": [], "source": ["print(3)"]},
    ],
    "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5,
}


# ------------------------------------------------------------------ units


def test_plural():
    assert [plural(n, "error") for n in (0, 1, 2)] == ["errors", "error", "errors"]
    assert plural(1, "overdue re-check") == "overdue re-check"


def test_site_url_note_only_for_local_addresses():
    assert site_url_note("http://127.0.0.1:8000/") is not None
    assert site_url_note("http://localhost:8000/") is not None
    assert site_url_note("") is not None
    note = site_url_note("http://127.0.0.1:8000/")
    assert note.severity == "info" and "SITE_URL" in note.message
    assert site_url_note("https://corpus.example.org/gemma/") is None


def test_snapshot_title_is_metadata():
    title, rest = page_title(SNAPSHOT)
    assert title == "Gemma 4 model card & notes | Google AI"
    assert "<title" not in rest.lower() and "Model card</h1>" in rest
    assert page_title("<p>no title</p>") == (None, "<p>no title</p>")
    assert page_title("<title>unclosed")[0] is None
    assert page_title("<titles>x</titles>")[0] is None


def test_snapshot_relative_links_resolve_against_the_source_url():
    html = '<a href="/gemma/docs/core">a</a><a href="../x">b</a><a href="#top">c</a><a href="https://o.org/">d</a>'
    out = resolve_links(html, "https://ai.google.dev/gemma/docs/core/model_card_4")
    assert re.findall(r'href="([^"]*)"', out) == ["https://ai.google.dev/gemma/docs/core",
                                                  "https://ai.google.dev/gemma/docs/x", "#top", "https://o.org/"]
    plain = resolve_links(html, None)
    assert re.findall(r'href="([^"]*)"', plain) == ["#top", "https://o.org/"]
    assert "<a>a</a>" in plain  # a relative link with no known source is text, not a link into our site


def test_notebook_execution_count_and_headings():
    cells, count, cut = notebook_cells(NOTEBOOK)
    assert [c.execution_count for c in cells if c.kind == "code"] == [7, None, 3]
    assert "<h1" not in cells[0].html and "<h2" in cells[0].html and "<h3" in cells[0].html
    assert demote_headings("<h1 id=\"a\">A</h1><h6>B</h6>") == "<h2 id=\"a\">A</h2><h6>B</h6>"


# ------------------------------------------------------------------ built site


def _corpus(tmp: Path) -> Path:
    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "tooling", corpus)
    docs = corpus / "google-official" / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "snap.html").write_text(SNAPSHOT, encoding="utf-8")
    (docs / "orphan.html").write_text(SNAPSHOT, encoding="utf-8")  # no source URL anywhere
    (docs / "walkthrough.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    manifest = corpus / "sources.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + (
        "  - path: google-official/docs/snap.html\n"
        "    url: https://ai.google.dev/gemma/docs/core/model_card_4\n"
        "    retrieved: 2026-04-18\n"), encoding="utf-8")
    readme = corpus / "README.md"  # finding 2 gets a marker naming no doc: an error finding
    text = readme.read_text(encoding="utf-8").replace(
        "GOTCHAS.md — MEDIUM severity section", "NOWHERE.md — MEDIUM severity section", 1)
    # finding 7 stays overdue: its re-check note is dropped (one overdue re-check, for the plural)
    text = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("- **Re-checked "))
    readme.write_text(text, encoding="utf-8")
    return corpus


def test_reader_pages(tmp_path):
    result = build(make_project(tmp_path / "p", corpus=_corpus(tmp_path)))
    assert result.returncode == 0, result.log
    # 15: the snapshot's <title> is metadata, not body text
    snap = result.html("tooling/google-official/docs/snap.html/")
    assert snap.select_one(".corpus-page-title").get_text() == "Gemma 4 model card & notes | Google AI"
    body = snap.select_one(".corpus-content--html")
    assert "Google AI" not in body.get_text()
    # 6: relative links go upstream; with no source URL they are plain text
    hrefs = [a.get("href") for a in body.select("a")]
    assert "https://ai.google.dev/gemma/docs/core" in hrefs and "https://ai.google.dev/gemma/docs/license" in hrefs
    assert "https://example.org/pic.png" in hrefs  # images stay links
    orphan = result.html("tooling/google-official/docs/orphan.html/").select_one(".corpus-content--html")
    core = orphan.find("a", string="Core")
    assert core is not None and not core.has_attr("href")
    assert all(h.startswith(("https://", "#")) for h in (a.get("href") for a in orphan.select("a[href]")))
    # 14: In [N] is the execution count; one H1 per page
    nb = result.html("tooling/google-official/docs/walkthrough.ipynb/")
    assert [s.get_text() for s in nb.select(".corpus-nb-label")] == ["In [7]", "In [ ]", "In [3]"]
    assert len(nb.select("article h1")) == 1
    # 8: the counts add up, with an error card; merged/flagged link to the filtered list; plurals
    stats = result.html("").select_one(".corpus-stats")
    n = {a["class"][-1]: int(a.select_one(".corpus-stat-n").get_text()) for a in stats.select("a.corpus-stat")
         if len(a["class"]) > 1}
    text = stats.get_text(" ", strip=True)
    total = int(re.search(r"(\d+) findings", text).group(1))
    assert n["corpus-stat--error"] == 1 and "1 error" in text
    assert total == sum(n.get(f"corpus-stat--{b}", 0) for b in ("merged", "flagged", "updated", "superseded",
                                                                  "withdrawn", "error"))
    assert stats.select_one(".corpus-stat--merged")["href"] == "findings/?status=merged"
    assert stats.select_one(".corpus-stat--flagged")["href"] == "findings/?status=flagged"
    assert stats.select_one(".corpus-stat--error")["href"] == "findings/?status=error"
    assert "1 overdue re-check" in text and "re-checks" not in text
    health = result.html("health/").select_one("article p").get_text(" ", strip=True)
    assert re.search(r"\b1 error,", health)


def test_shipped_home_plurals_and_merged_here_block(shipped):
    # 12: every corpus doc ends with the block, listed in its table of contents; SYNTHESIS.md says none
    for doc in ("SYNTHESIS/", "GOTCHAS/", "CORPUS_capabilities/"):
        page = shipped.html(doc)
        article = page.select_one("article")
        last = [s for s in article.find_all("section", recursive=False)] or article.select("section")
        assert last[-1].find(id="findings-merged-here") is not None
        assert page.select_one('nav.md-nav--secondary a[href="#findings-merged-here"]') is not None, doc
    synthesis = shipped.html("SYNTHESIS/").select_one(".corpus-merged-here").get_text(" ", strip=True)
    assert "No finding" in synthesis
    assert shipped.html("").select_one('nav.md-nav--secondary a[href="#findings-merged-here"]') is None
    readme = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "each ending with **Findings merged here**" in readme


def test_local_site_url_is_a_notice_in_the_log_and_on_health(tmp_path):
    project = make_project(tmp_path / "p")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SITE_URL", "REPO_URL", "CORPUS_DIR"))}
    env.update({"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH})
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site"),
                           "-f", str(project / "mkdocs.yml")], cwd=project, env=env, capture_output=True,
                          text=True, timeout=300)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log  # a notice, not a warning: a newcomer's `make build` passes
    line = next(line for line in log.splitlines() if "a local address" in line)
    assert line.startswith("INFO") and "http://127.0.0.1:8000/" in line
    notes = (tmp_path / "site" / "health" / "index.html").read_text(encoding="utf-8")
    assert "site_url is http://127.0.0.1:8000/, a local address" in notes


def test_set_site_url_gives_no_notice(shipped):
    assert "a local address" not in shipped.log
    assert "a local address" not in shipped.html("health/").get_text()


def test_sitemap_lastmod_and_doc_dates_come_from_git(tmp_path):
    project = make_project(tmp_path / "p")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "first", when="2026-01-10T12:00:00Z")
    gotchas = project / "GOTCHAS.md"
    gotchas.write_text(gotchas.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    lane = project / "tooling" / "fine-tuning" / "README.md"
    lane.write_text(lane.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    git(project, "commit", "-qam", "second", when="2026-03-05T12:00:00Z")
    result = build(project, strict=True)
    assert result.returncode == 0, result.log
    sitemap = result.text("sitemap.xml")
    lastmod = dict(re.findall(r"<loc>([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap))
    base = "https://corpus.example.org/gemma/"
    assert lastmod[base + "GOTCHAS/"] == "2026-03-05"
    assert lastmod[base + "SYNTHESIS/"] == "2026-01-10"
    assert lastmod[base + "tooling/fine-tuning/"] == "2026-03-05"
    assert lastmod[base + "findings/google-gemma-pytorch-is-abandoned-for-gemma-4/"] == "2026-01-10"
    assert lastmod[base + "health/"] == "2026-11-28"  # no source file: the build date
    assert result.html("GOTCHAS/").select_one(".corpus-doc-updated time")["datetime"] == "2026-03-05"
    assert result.html("SYNTHESIS/").select_one(".corpus-doc-updated time")["datetime"] == "2026-01-10"
