"""Acceptance (issue 13): a corpus in the maintainer's format, docs at the root, no enrichments, builds strict.

The fixture (tests/fixtures/maintainer/) has working docs at the project root and one in docs/, prose briefs
without front matter (two-model briefs, list and table sizes, labelled and bare card links), lane READMEs
with and without top-line findings, a file in no table and a file in two tables; no sources.yaml and no
published-ids.txt. It is built with this repository's mkdocs.yml and overrides, inside a git repository
(two commits) so that the dates git recorded are shown.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, Built, build, make_project
from linkcheck import check_site
from pagefind_util import by_url

FIXTURE = ROOT / "tests" / "fixtures" / "maintainer"


def _git(project: Path, *args: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    project = make_project(tmp_path_factory.mktemp("maintainer") / "p", corpus=FIXTURE / "tooling",
                           docs=FIXTURE / "docs")
    for doc in FIXTURE.glob("*.md"):  # the working docs sit beside tooling/
        shutil.copy(doc, project / doc.name)
    later = project / "tooling" / "gemma-family" / "codegemma.md"
    held = later.read_text(encoding="utf-8")
    later.unlink()
    _git(project, "init", "-q", when="2026-04-18T12:00:00Z")
    _git(project, "add", "-A", when="2026-04-18T12:00:00Z")
    _git(project, "commit", "-q", "-m", "corpus", when="2026-04-18T12:00:00Z")
    later.write_text(held, encoding="utf-8")  # a brief added after the lane's research date
    _git(project, "add", "-A", when="2026-06-02T12:00:00Z")
    _git(project, "commit", "-q", "-m", "codegemma", when="2026-06-02T12:00:00Z")
    result = build(project, strict=True)
    assert result.returncode == 0, result.log
    return result


def test_builds_strict_with_zero_warnings(built):
    assert "WARNING" not in built.log and "ERROR" not in built.log, built.log
    assert check_site(built.site) == []
    notes = built.html("health/").get_text(" ", strip=True)
    assert "no source manifest" in notes and "no record of published finding ids" in notes
    assert "extra-notes.txt" in notes  # the file in no table: an info note


def test_root_docs_are_pages_with_merged_findings_and_real_edit_links(built):
    for url, path in (("GOTCHAS/", "GOTCHAS.md"), ("CORPUS_capabilities/", "CORPUS_capabilities.md"),
                      ("SYNTHESIS/", "docs/SYNTHESIS.md")):
        page = built.html(url)
        assert page.find(id="findings-merged-here") is not None, url
        edit = page.select_one("a.md-content__button[rel=edit]")
        assert edit["href"].endswith(f"/edit/main/{path}"), (url, edit["href"])
    # in the nav's "Corpus docs" section beside the doc of docs/ (sibling pages are not pruned)
    nav = [a.get("href") for a in built.html("SYNTHESIS/").select(".md-sidebar--primary a.md-nav__link")]
    assert {"../GOTCHAS/", "../CORPUS_capabilities/"} <= set(nav), nav
    finding = built.html("findings/google-gemma-pytorch-is-abandoned-for-gemma-4/")
    assert finding.find("a", href="../../GOTCHAS/#medium") is not None


def test_catalog_shows_what_each_brief_states(built):
    catalog = built.html("tooling/gemma-family/catalog/")
    rows = {tr.select_one("td a").get_text(" ", strip=True): tr for tr in catalog.select(".corpus-catalog tbody tr")}
    assert set(rows) == {"CodeGemma", "EmbeddingGemma", "PaliGemma / PaliGemma 2", "ShieldGemma / ShieldGemma 2",
                         "txgemma"}

    def cells(name):
        return [td.get_text(" ", strip=True) for td in rows[name].select("td")]

    pali = cells("PaliGemma / PaliGemma 2")
    assert pali[1].startswith("Gemma 2") and "no Gemma 4 generation yet (as of 2026-04-18 )" in pali[1]
    assert pali[2] == "~3B, ~10B, ~28B" and pali[3] == "December 2024 (PaliGemma 2)"
    assert [a.get_text() for a in rows["PaliGemma / PaliGemma 2"].select("td:last-child a")] == ["DeepMind", "HF"]
    shield = cells("ShieldGemma / ShieldGemma 2")
    assert "2B (ShieldGemma)" in shield[2] and "4B (ShieldGemma 2)" in shield[2]
    assert [a["href"] for a in rows["ShieldGemma / ShieldGemma 2"].select("td:last-child a")] == [
        "https://ai.google.dev/gemma/docs/shieldgemma/model_card_2",
        "https://huggingface.co/docs/transformers/model_doc/shieldgemma2"]  # bare URLs
    code = cells("CodeGemma")
    assert code[1] == "Gemma 1" and code[2] == "2B, 7B" and code[3] == "April 2024"
    assert "added 2026-06-02" in code[0]  # first recorded after the lane's research date
    assert cells("EmbeddingGemma")[1:4] == ["Gemma 3", "308M", "September 2025"]
    tx = cells("txgemma")
    assert tx[3] == "—" and tx[4] == "—"  # what the brief does not state
    # a bare card URL shows its host in the catalog, the whole address as its title
    bare = rows["ShieldGemma / ShieldGemma 2"].select("td:last-child a")
    assert [a.get_text() for a in bare] == ["ai.google.dev", "huggingface.co"] and bare[0]["href"].startswith("https://ai.google.dev/")
    # the lane page keeps the README's own catalog and links to ours: one catalog per page
    lane = built.html("tooling/gemma-family/")
    assert lane.select("table.corpus-catalog") == []
    link = lane.select_one("#corpus-catalog a")
    assert link["href"] == "catalog/" and link.get_text(" ", strip=True) == "Sibling models at a glance : 5 models →"
    toc = [a.get_text(strip=True) for a in lane.select(".md-sidebar--secondary .md-nav__link")]
    assert len(toc) == len(set(toc)), toc
    assert catalog.select_one("h1").get_text(strip=True) == "Sibling models at a glance"
    brief = built.html("tooling/gemma-family/codegemma/")
    assert brief.find("a", string="All sibling models")["href"] == "../catalog/"
    # a two-model brief: each model name is findable and links to it from corpus text
    lane = built.html("tooling/gemma-family/").select_one(".corpus-lane-path").get_text(" ", strip=True)
    assert "5 files" in lane and "mirrored" not in lane


def test_each_model_of_a_two_model_brief_links_to_it(tmp_path):
    from datetime import date

    from macros.load.corpus import load_corpus
    from macros.fs.gitdates import GitDates
    from macros.xref.links import build_index, link_html
    from macros.plan.pages import Settings, plan_site

    corpus = load_corpus(FIXTURE, build_date=date(2026, 11, 28))
    plan = plan_site(corpus, Settings("t"))
    index = build_index(corpus, plan.urls)
    html = link_html("<p>ShieldGemma is older than PaliGemma 2.</p>", index, "findings/x/").html
    assert 'href="../../tooling/gemma-family/shieldgemma/"' in html
    assert 'href="../../tooling/gemma-family/paligemma/"' in html
    assert GitDates(False).first_recorded("x") is None


def test_artifact_pages_show_their_rows_and_dates(built):
    page = built.html("tooling/huggingface/model-cards/gemma-4-31B-it-chat_template.jinja/")
    facts = page.select_one(".corpus-facts").get_text(" ", strip=True)
    assert "The one file to read first" in facts and "Chat template; turns open with <|turn>" in facts
    assert "April 2026" in facts and "First in git 2026-04-18" in facts
    assert "no recorded source" not in facts
    # the section's source statement with its URLs as links
    assert page.select_one(".corpus-listing-source a[href='https://huggingface.co/google']") is not None
    # links back to both rows on the lane page, which carry those ids
    hrefs = [a["href"] for a in page.select(".corpus-facts a") if "#corpus-file-" in a["href"]]
    assert len(hrefs) == 2
    lane = built.html("tooling/huggingface/")
    for href in hrefs:
        assert lane.find(id=href.split("#", 1)[1]).name == "tr"
    run = built.html("tooling/inference-frameworks/run_commands.sh/").select_one(".corpus-facts")
    assert "Launch commands, one block per runtime" in run.get_text() and "2026-04-18" in run.get_text()
    health = built.html("health/")
    unsourced = [a.get_text() for a in health.find(id="unsourced").find_next(["ul", "p"]).select("a")]
    assert unsourced == ["huggingface/model-cards/extra-notes.txt"]


def test_lane_pages(built):
    lane = built.html("tooling/huggingface/")
    # top-line findings: an anchor, a copy-link button and a search entry each
    heads = lane.select(".corpus-lane-finding h3")
    assert [h["id"] for h in heads] == ["finding-the-chat-template-is-the-canonical-token-reference",
                                        "finding-demo-spaces-are-the-shortest-inference-programs"]
    buttons = [b["data-copy-text"] for b in lane.select(".corpus-lane-finding button.corpus-copy")]
    assert buttons == [f"https://corpus.example.org/gemma/tooling/huggingface/#{h['id']}" for h in heads]
    anchors = {a["id"] for a in by_url(built.site)["tooling/huggingface/"]["anchors"]}
    assert {h["id"] for h in heads} <= anchors
    # the README's tables are the inventory: rows link to the files; only unlisted files are added
    row = lane.find(id="corpus-file-huggingface-spaces-gemma-4-e4b-it-app-py")
    assert row.select_one("a")["href"] == "spaces/gemma-4-e4b-it-app.py/"
    assert [a.get_text() for a in lane.select(".corpus-inventory a")] == ["model-cards/extra-notes.txt"]
    # an escaped pipe inside a code span shows as GitHub shows it
    assert "<|turn>" in lane.get_text() and "<\\|turn>" not in lane.get_text()
    assert "4 files" in lane.select_one(".corpus-lane-path").get_text()
    plain = built.html("tooling/inference-frameworks/")
    assert plain.select(".corpus-lane-finding") == []
    assert "2026-04-18" in plain.select_one(".corpus-lane-date").get_text()


def test_a_brief_named_catalog_does_not_take_the_catalog_page(tmp_path):
    from datetime import date

    from macros.load.corpus import load_corpus
    from macros.plan.pages import Settings, plan_site

    project = tmp_path / "p"
    shutil.copytree(FIXTURE, project)
    lane = project / "tooling" / "gemma-family"
    (lane / "catalog.md").write_text((lane / "codegemma.md").read_text(encoding="utf-8"), encoding="utf-8")
    corpus = load_corpus(project, build_date=date(2026, 11, 28))
    assert "catalog" in {b.slug for b in corpus.briefs}
    plan = plan_site(corpus, Settings("t"))
    page = plan.pages["tooling/gemma-family/catalog.md"]
    assert page.key == ("catalog", "") and page.template == "catalog.html"
    assert plan.urls[("catalog", "")] == "tooling/gemma-family/catalog/"
    assert ("brief", "catalog") not in plan.by_key and "catalog" not in {b.slug for b in plan.corpus.briefs}
    errors = [d for d in plan.diagnostics if d.severity == "error" and "catalog" in d.message]
    assert len(errors) == 1 and errors[0].path == "tooling/gemma-family/catalog.md", plan.diagnostics
    assert "the brief page 'catalog'" in errors[0].message and "the catalog page of" in errors[0].message
