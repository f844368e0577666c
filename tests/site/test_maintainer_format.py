"""Acceptance (issue 13): a corpus in the maintainer's format, docs at the root, no enrichments, builds strict.

The fixture (tests/fixtures/maintainer/) has working docs at the project root and one in docs/, prose briefs
without front matter (two-model briefs, list and table sizes, labelled and bare card links), lane READMEs
with and without top-line findings, a file in no table and a file in two tables; no sources.yaml and no
published-ids.txt. It is built with this repository's mkdocs.yml and overrides, inside a git repository
(two commits) so that the dates git recorded are shown.
"""
from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from support.gitrepo import git
from support.paths import ROOT
from support.project import Built, assemble, build, make_project
from support.linkcheck import check_site
from support.pagefind_index import by_url

FIXTURE = ROOT / "tests" / "fixtures" / "maintainer"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    project = make_project(tmp_path_factory.mktemp("maintainer") / "p", corpus=FIXTURE / "tooling",
                           docs=FIXTURE / "docs")
    for doc in FIXTURE.glob("*.md"):  # the working docs sit beside tooling/
        shutil.copy(doc, project / doc.name)
    briefs = project / "tooling" / "gemma-family"
    later = briefs / "codegemma.md"
    held = later.read_text(encoding="utf-8")
    later.unlink()
    (briefs / "embeddinggemma.md").rename(briefs / "embedding-gemma.md")  # renamed later: not "added" then
    git(project, "init", "-q", when="2026-04-18T12:00:00Z")
    git(project, "add", "-A", when="2026-04-18T12:00:00Z")
    git(project, "commit", "-q", "-m", "corpus", when="2026-04-18T12:00:00Z")
    later.write_text(held, encoding="utf-8")  # a brief added after the lane's research date
    git(project, "mv", "tooling/gemma-family/embedding-gemma.md", "tooling/gemma-family/embeddinggemma.md",
         when="2026-06-02T12:00:00Z")
    git(project, "add", "-A", when="2026-06-02T12:00:00Z")
    git(project, "commit", "-q", "-m", "codegemma; rename a brief", when="2026-06-02T12:00:00Z")
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
                         "TranslateGemma", "txgemma"}

    def cells(name):  # the values, without the links to the brief lines they were read from
        tds = [BeautifulSoup(str(td), "html.parser") for td in rows[name].select("td")]
        for td in tds:
            for a in td.select("a[href*='/#L']"):
                a.decompose()
        return [td.get_text(" ", strip=True) for td in tds]

    pali = cells("PaliGemma / PaliGemma 2")  # a multi-model brief: each model's own line gives its values
    assert "Gemma 1 (PaliGemma)" in pali[1] and "Gemma 2 (PaliGemma 2 mix)" in pali[1]
    assert "no Gemma 4 generation yet (as of 2026-04-18 )" in pali[1]
    assert pali[2] == "~3B, ~10B, ~28B"
    assert pali[3] == "May 2024 (PaliGemma), December 2024 (PaliGemma 2), February 2025 (PaliGemma 2 mix)"
    # every value links to the brief line it was read from: that line's block on the brief's page, whose
    # facts table links the line on the forge
    sources = [a["href"] for a in rows["PaliGemma / PaliGemma 2"].select("a[href*='/#L']")]
    assert len(sources) == 6 and all(h.startswith("../paligemma/#L") for h in sources)
    assert rows["PaliGemma / PaliGemma 2"].select("td")[3].select_one("a[href*='/#L']")["href"] == "../paligemma/#L8"
    brief = built.html("tooling/gemma-family/paligemma/")
    assert "PaliGemma (May 2024)" in brief.find(id="L8").get_text(" ", strip=True).replace("** ", "")
    released = brief.find("th", string="Released").find_next("td").select_one("a.corpus-from")["href"]
    assert released.endswith("/blob/main/tooling/gemma-family/paligemma.md?plain=1#L8")
    # a brief that states its release only in its lead; sizes in a Sizes section's prose; a base it does not
    # state in a form we read is quoted, not guessed
    tr = cells("TranslateGemma")
    assert tr[2] == "4B, 12B, 27B" and tr[3] == "January 2026" and "no Gemma 4 generation yet" in tr[1]
    assert rows["TranslateGemma"].select_one("td:nth-of-type(2) q.corpus-quote") is not None
    assert "added" not in cells("EmbeddingGemma")[0]  # renamed in git after the lane's first files: not added
    assert [a.get_text() for a in rows["PaliGemma / PaliGemma 2"].select("td:last-child a:not([href*='/#L'])")] == [
        "DeepMind", "HF"]
    shield = cells("ShieldGemma / ShieldGemma 2")
    assert "2B (ShieldGemma)" in shield[2] and "4B (ShieldGemma 2)" in shield[2]
    assert [a["href"] for a in rows["ShieldGemma / ShieldGemma 2"].select("td:last-child a:not([href*='/#L'])")] == [
        "https://ai.google.dev/gemma/docs/shieldgemma/model_card_2",
        "https://huggingface.co/docs/transformers/model_doc/shieldgemma2"]  # bare URLs
    code = cells("CodeGemma")
    assert code[1] == "Gemma 1" and code[2] == "2B, 7B" and code[3] == "April 2024"
    assert "added 2026-06-02" in code[0]  # first recorded after the lane's research date
    assert cells("EmbeddingGemma")[1:4] == ["Gemma 3", "308M", "September 2025"]
    tx = cells("txgemma")
    assert tx[3] == "—" and tx[4] == "—"  # what the brief does not state
    # a bare card URL shows its host in the catalog, the whole address as its title
    bare = rows["ShieldGemma / ShieldGemma 2"].select("td:last-child a:not([href*='/#L'])")
    assert [a.get_text() for a in bare] == ["ai.google.dev", "huggingface.co"] and bare[0]["href"].startswith("https://ai.google.dev/")
    # the lane page keeps the README's own catalog and links to ours: one catalog per page
    lane = built.html("tooling/gemma-family/")
    assert lane.select("table.corpus-catalog") == []
    link = lane.select_one("#corpus-catalog a")
    assert link["href"] == "catalog/" and link.get_text(" ", strip=True) == "Sibling models at a glance : 6 models →"
    toc = [a.get_text(strip=True) for a in lane.select(".md-sidebar--secondary .md-nav__link")]
    assert len(toc) == len(set(toc)), toc
    assert catalog.select_one("h1").get_text(strip=True) == "Sibling models at a glance"
    brief = built.html("tooling/gemma-family/codegemma/")
    assert brief.find("a", string="All sibling models")["href"] == "../catalog/"
    # a two-model brief: each model name is findable and links to it from corpus text
    lane = built.html("tooling/gemma-family/").select_one(".corpus-lane-path").get_text(" ", strip=True)
    assert "6 files" in lane and "mirrored" not in lane


def test_each_model_of_a_two_model_brief_links_to_it(tmp_path):

    from macros.fs.gitdates import GitDates
    from macros.xref.links import link_html

    site = assemble(FIXTURE)
    html = link_html("<p>ShieldGemma is older than PaliGemma 2.</p>", site.index, "findings/x/").html
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
    assert "5 files" in lane.select_one(".corpus-lane-path").get_text()
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


def test_a_pdf_without_nul_bytes_is_a_download(built):
    page = built.html("tooling/huggingface/model-cards/tech-note.pdf/")
    assert page.select_one(".highlight") is None and "%PDF" not in page.get_text()
    assert "tech-note.pdf" not in built.log  # no "not valid UTF-8" warning, no note


def test_working_doc_renders_what_github_renders(built):
    page = built.html("CORPUS_constructs/")
    body = page.select_one(".md-content .md-typeset")
    first = body.find("p", string=lambda t: t and "A list right after a paragraph line" in t) or \
        next(p for p in body.find_all("p") if "A list right after" in p.get_text())
    assert first.find_next_sibling().name == "ul"  # a list right after a paragraph line
    codes = [c.get_text() for c in body.select("table code")]
    assert "<|turn>" in codes and "<turn|>" in codes and not any("\\" in c for c in codes)
    hrefs = [a["href"] for a in body.select("a[href]")]
    assert "https://ai.google.dev/gemma/docs/core" in hrefs and "http://www.kaggle.com/models/google/gemma-4" in hrefs
    kinds = [d["class"][-1] for d in body.select("div.markdown-alert")]
    assert kinds == [f"markdown-alert-{k}" for k in ("note", "tip", "important", "warning", "caution")]
    assert body.select(".footnote-ref") and body.select("li.task-list-item") and body.find("del")
    assert body.find("details").find("summary").get_text() == "More detail"
    assert body.find("script") is None and "onclick" not in str(body)
    nested = body.select_one("ol > li > ul > li .highlight")
    assert nested is not None and "print" in nested.get_text()
    assert [h["id"] for h in body.select("h2")][:2] == ["tables", "links"] and body.find(id="tables-1").name == "h2"
    # the page keeps Material's sidebar TOC, search entries, merged findings, edit link and date
    toc = [a.get_text(strip=True) for a in page.select(".md-sidebar--secondary .md-nav__link")]
    assert "Tables" in toc and "Findings merged here" in toc
    anchors = {a["id"] for a in by_url(built.site)["CORPUS_constructs/"]["anchors"]}
    assert "alerts" in anchors
    assert page.find(id="findings-merged-here") is not None
    assert page.select_one("a.md-content__button[rel=edit]")["href"].endswith("/edit/main/CORPUS_constructs.md")


def test_forge_anchor_link_lands_on_the_heading(built):
    """A link written as on the forge (`GOTCHAS.md#medium`) goes to that page's heading with that id."""
    page = built.html("CORPUS_constructs/")
    for text, url, anchor in (("the MEDIUM gotchas", "GOTCHAS/", "medium"),
                              ("the directory map", "tooling/", "directory-map")):
        href = page.find("a", string=text)["href"]
        assert href == f"../{url}#{anchor}", href
        target = built.html(url).find(id=anchor)
        assert target is not None and target.name == "h2", (url, anchor)
    assert page.find("a", string="this doc's tables")["href"] == "#tables"
