"""End-to-end: build the shipped corpus and a variant of it; check pages, badges, anchors, backlinks, export."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from support.paths import ROOT
from support.project import build, make_project
from support.linkcheck import check_site
from support.pagefind_index import by_url


def test_findings_json(shipped):
    data = json.loads(shipped.text("findings.json"))
    assert data["schema"] == 2 and data["generated"] == "2026-11-28"
    fs = data["findings"]
    assert len(fs) == 13
    assert [f["status"] for f in fs].count("merged") == 9
    one = fs[0]
    assert set(one) >= {"id", "number", "title", "summary", "status", "targets", "reason", "recheck", "overdue",
                        "paths", "url", "source"}
    assert one["targets"] == [{"file": "CORPUS_tool_calling_format.md", "section": "Chat Template Context",
                               "url": "CORPUS_tool_calling_format/#chat-template-context"}]
    assert one["source"] == {"path": "tooling/README.md", "line": 21}
    assert "huggingface/model-cards/gemma-4-31B-it-chat_template.jinja" in one["paths"]
    seven = fs[6]
    # its re-check note (2026-11-28, after the 2026-07-01 due date) cleared the due date
    assert seven["due"] is None and seven["overdue"] is False and seven["status"] == "flagged"
    assert seven["recheck"] == "2026-07-01"  # the date its own marker names ("check back mid-2026") stays
    for f in fs:
        assert (shipped.site / f["url"] / "index.html").is_file()


def test_finding_page_badge_targets_and_source(shipped):
    page = shipped.html("findings/google-gemma-pytorch-is-abandoned-for-gemma-4/")
    badge = page.select_one(".corpus-badge[data-finding-id]")
    assert badge["data-finding-id"] == "google-gemma-pytorch-is-abandoned-for-gemma-4"
    assert badge["data-status"] == "merged"
    link = page.select_one(".corpus-targets a")
    assert link["href"] == "../../GOTCHAS/#medium"
    gotchas = shipped.html("GOTCHAS/")
    assert gotchas.find(id="medium") is not None
    src = page.find("a", string=re.compile("view the source line"))
    assert src["href"].endswith("/blob/main/tooling/README.md?plain=1#L22")
    assert page.find("h1").get_text(" ", strip=True).startswith("google/gemma_pytorch")
    codes = [c.get_text() for c in page.select(".corpus-finding-body code")]
    assert codes and all(codes), codes  # every code span of the body keeps its text
    assert "google/gemma_pytorch" in [c.get_text() for c in page.select("h1 code")]


def test_flagged_recheck_cleared(shipped):
    page = shipped.html("findings/no-gemma-4-technical-report-pdf-exists-yet/")
    assert page.select_one(".corpus-badge")["data-status"] == "flagged"
    text = page.select_one(".corpus-recheck").get_text(" ", strip=True)
    assert "2026-07-01" in text and "re-checked 2026-11-28" in text and "overdue" not in text
    cited = [a["href"] for a in page.select("a.corpus-xref")]
    assert "../../tooling/google-official/tech-report/Gemma3Report.pdf/" in cited


def test_brace_paths_expand_and_link(shipped):
    page = shipped.html("findings/hf-spaces-app-py-files-are-the-shortest/")
    hrefs = [a["href"] for a in page.select(".corpus-expansions a")]
    assert hrefs == ["../../tooling/huggingface/spaces/huggingface-projects_gemma-4-31b-it-app.py/",
                     "../../tooling/huggingface/spaces/huggingface-projects_gemma-4-e4b-it-app.py/"]


def test_findings_index_and_tooling_index(shipped):
    idx = shipped.html("findings/")
    items = idx.select("li.corpus-finding-item")
    assert len(items) == 13
    assert {b["data-filter"] for b in idx.select(".corpus-filter-btn")} >= {"all", "merged", "flagged"}
    tooling = shipped.html("tooling/")
    lanes = [a["href"] for a in tooling.select(".corpus-map a")]
    assert "google-official/" in lanes and "gemma-family/" in lanes
    assert len(tooling.select("li.corpus-finding-item .corpus-badge")) == 13
    plugins = tooling.find(id="immediate-homelab-plug-ins-from-the-gemma-family-research").find_next("ul")
    assert "gemma-family/embeddinggemma/" in [a["href"] for a in plugins.select("a")]


def test_lane_artifact_brief_pages_and_backlinks(shipped):
    lane = shipped.html("tooling/google-official/")
    assert "Before trusting any non-Google source" in lane.get_text()
    # the README's own file tables name the lane's files (and link them); the inventory adds only the rest
    listed = [a["href"] for a in lane.select(".corpus-readme tr[id^=corpus-file-] a")]
    assert "gemma-cpp/API_SERVER_README.md/" in listed
    assert "gemma-cpp/API_SERVER_README.md/" not in [a["href"] for a in lane.select(".corpus-inventory a")]
    backlinks = lane.select("#cited-by-findings + ul a")
    assert any("gemma-cpp-ships" in a["href"] for a in backlinks)
    art = shipped.html("tooling/google-official/gemma-cpp/API_SERVER_README.md/")
    assert "not mirrored" in art.get_text()
    assert art.find("a", href="https://github.com/google/gemma.cpp/blob/main/API_SERVER_README.md") is not None
    assert any("gemma-cpp-ships" in a["href"] for a in art.select("#cited-by-findings + ul a"))
    catalog = shipped.html("tooling/gemma-family/catalog/")
    rows = catalog.select(".corpus-catalog tbody tr")
    assert len(rows) == 14
    for link in catalog.select(".corpus-catalog a[href*='/#L']"):  # the values' source lines
        link.decompose()
    cells = {tr.select_one("td a").get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
             for tr in rows}
    purposes = {tr.select_one("td a").get_text(" ", strip=True): tr.select_one("td:first-child .corpus-purpose")
                for tr in rows}
    for model, (_, base, params, released, cards) in cells.items():
        purpose = purposes[model].get_text(" ", strip=True)  # under the model's name
        # the prose briefs fill the catalog; what the facts do not state shows as —
        assert purpose != "—" and released != "—", model
        assert base != "—" or model in ("DolphinGemma", "SignGemma"), model
        assert params != "—" or model == "SignGemma", model
        assert cards != "—" or model in ("DolphinGemma", "SignGemma"), model
    assert cells["PaliGemma 2"][1].startswith("Gemma 2") and cells["PaliGemma 2"][2] == "3B, 10B, 28B"
    assert "unconfirmed" in cells["DolphinGemma"][0]  # the lead paragraph says so
    # "added": only the briefs whose prose says they joined later (git recorded every brief on one day)
    added = {tr.select_one("td a").get_text(" ", strip=True): tr.select_one(".corpus-added") for tr in rows}
    assert {k for k, v in added.items() if v} == {"DiffusionGemma", "EmbeddingGemma 2"}
    assert added["DiffusionGemma"].get_text() == "added 2026-11-28"
    brief = shipped.html("tooling/gemma-family/codegemma/")
    facts = brief.select_one(".corpus-facts")
    assert "Gemma 1" in facts.get_text()
    assert [a["href"] for a in facts.select("a:not(.corpus-from)")] == ["https://ai.google.dev/gemma/docs/codegemma",
                                                                       "https://huggingface.co/blog/codegemma"]
    # each value the prose gave links to its line on the forge
    lines = [a["href"] for a in facts.select("a.corpus-from")]
    assert lines and all("/blob/main/tooling/gemma-family/codegemma.md?plain=1#L" in h for h in lines)
    emb = shipped.html("tooling/gemma-family/embeddinggemma/")
    assert any("no-gemma-4-generation" in a["href"] for a in emb.select("#cited-by-findings + ul a"))


def test_on_disk_artifact_is_shown(shipped):
    page = shipped.html("tooling/inference-frameworks/run_commands.sh/")
    pre = page.select_one(".corpus-content pre")
    source = (ROOT / "tooling/inference-frameworks/run_commands.sh").read_text(encoding="utf-8")
    assert pre.get_text() == source
    raw = page.select_one("a.corpus-raw")["href"]
    assert raw.endswith("run_commands.sh.txt")


def test_docs_list_findings_merged_here(shipped):
    page = shipped.html("CORPUS_capabilities/")
    block = page.find(id="findings-merged-here").find_parent("section")
    links = [a["href"] for a in block.select("a")]
    assert "../findings/native-object-detection-with-bbox-output/" in links
    assert "#native-object-detection" in links


def test_health_and_home(shipped):
    health = shipped.html("health/")
    assert health.find(id="overdue").find_next_sibling().get_text() == "None."  # finding 7 was re-checked
    home = shipped.html("")
    stats = home.select_one(".corpus-stats").get_text(" ", strip=True)
    # as the findings stand now: 7 was answered by its re-check, 8 superseded, 13 updated
    assert "13 findings" in stats and "8 merged" in stats and "3 flagged" in stats and "0 overdue" in stats
    assert "1 updated" in stats and "1 superseded" in stats and "1 answered by a re-check" in stats


def test_search_index_has_findings_and_ids(shipped):
    pages = by_url(shipped.site)
    finding = pages["findings/google-gemma-pytorch-is-abandoned-for-gemma-4/"]
    assert "tooling/gemma-family/embeddinggemma/" in pages
    assert "gemma_pytorch" in finding["content"] and "google-gemma-pytorch-is-abandoned-for-gemma-4" in finding["content"]
    # what a result shows: the claim's first sentence and the state; the number the "finding N" shortcut uses
    assert finding["meta"]["kind"] == "finding" and "corpusfinding2n" in finding["content"].split()
    assert finding["meta"]["summary"] == "Claimed 2026-04-18 — Last push 2025-05-30; the variants validator rejects Gemma 4 IDs."
    assert "Copy link" not in finding["content"] and finding["meta"]["summary"] not in finding["content"]
    artifact = pages["tooling/huggingface/spaces/huggingface-projects_gemma-4-e4b-it-app.py/"]
    assert artifact["meta"]["summary"] == "Lane: huggingface · Kind: script · Mirrored: no", artifact["meta"]
    # Material's lunr index keeps its config (the target page's highlight) and no documents
    lunr = json.loads(shipped.text("search/search_index.json"))
    assert lunr["docs"] == [] and lunr["config"]["separator"]


def test_what_a_page_marks_not_for_search_stays_out_of_the_index(shipped):
    """Material's search plugin indexes no page (macros/mkdocs/lunr.py), so it no longer strips the
    data-search-exclude markers and Pagefind leaves those parts out: a finding's entry does not hold its
    neighbours' titles from the previous/next links, nor its print-only address line."""
    page = shipped.html("findings/google-gemma-pytorch-is-abandoned-for-gemma-4/")
    nav = page.select_one("nav.corpus-prevnext")
    assert nav is not None and nav.has_attr("data-search-exclude")
    neighbour = nav.select("a")[-1].get_text(" ", strip=True)
    content = by_url(shipped.site)["findings/google-gemma-pytorch-is-abandoned-for-gemma-4/"]["content"]
    assert neighbour and neighbour not in content
    assert "recorded in" not in content


def test_strict_build_passes_on_shipped(tmp_path):
    project = make_project(tmp_path / "p")
    result = build(project, strict=True)
    assert result.returncode == 0, result.log


def _variant(tmp_path: Path) -> Path:
    """The shipped corpus reordered, with an extra finding and an extra lane."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tooling", corpus)
    text = (corpus / "README.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    items = [i for i, l in enumerate(lines) if re.match(r"^\d+\. ", l)]
    block = [lines[i] for i in items]
    block.reverse()
    block.insert(2, "99. **A brand-new finding about `research-notes/notes.md`.** It cites the new lane. "
                    "**[merged: GOTCHAS.md — under HIGH]**")
    new = lines[: items[0]] + [re.sub(r"^\d+\.", f"{n}.", l) for n, l in enumerate(block, 1)] + lines[items[-1] + 1:]
    text = "\n".join(new) + "\n"
    text = text.replace("| `fine-tuning/` |", "| `research-notes/` | Our own notes | When curious |\n| `fine-tuning/` |")
    (corpus / "README.md").write_text(text, encoding="utf-8")
    (corpus / "research-notes").mkdir()
    (corpus / "research-notes" / "README.md").write_text("# Research notes\n\nScratch notes.\n", encoding="utf-8")
    (corpus / "research-notes" / "notes.md").write_text("# Notes\n\nSome *notes*.\n", encoding="utf-8")
    return corpus


def test_variant_corpus(tmp_path):
    project = make_project(tmp_path / "v", corpus=_variant(tmp_path))
    result = build(project, strict=True)
    assert result.returncode == 0, result.log
    data = json.loads((result.site / "findings.json").read_text())
    fs = data["findings"]
    assert len(fs) == 14
    assert fs[0]["id"] == "audio-input-is-e-series-only-and-not"  # reordered; id unchanged
    new = next(f for f in fs if f["id"].startswith("a-brand-new-finding"))
    assert new["number"] == 3 and new["targets"][0]["url"] == "GOTCHAS/#high"
    assert "research-notes/notes.md" in new["paths"]
    # the variant keeps only the items' first lines, so finding 7 lost its re-check note: overdue again
    seven = next(f for f in fs if f["id"] == "no-gemma-4-technical-report-pdf-exists-yet")
    assert seven["overdue"] is True and seven["recheck"] == "2026-07-01" and seven["state"]["key"] == "flagged"
    assert "no-gemma-4-technical-report-pdf-exists-yet" in str(result.html("health/").find(id="overdue").find_next("ul"))
    lane = result.html("tooling/research-notes/")
    assert "Our own notes" in lane.get_text()
    assert any("a-brand-new-finding" in a["href"] for a in lane.select("#cited-by-findings + ul a"))


@pytest.mark.parametrize("mutation, message", [
    (lambda t: t.replace("GOTCHAS.md — MEDIUM severity section", "GOTCHA.md — MEDIUM severity section"),
     "tooling/README.md:22: finding 2 \"google/gemma_pytorch is abandoned for Gemma 4\": merged target 'GOTCHA.md' is not a doc"),
    (lambda t: t.replace("| `fine-tuning/` |", "| `no-such-lane/` | x | y |\n| `fine-tuning/` |"),
     "directory map row 'no-such-lane/' names a folder that does not exist"),
])
def test_seeded_defects_fail_strict(tmp_path, mutation, message):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tooling", corpus)
    readme = corpus / "README.md"
    readme.write_text(mutation(readme.read_text(encoding="utf-8")), encoding="utf-8")
    project = make_project(tmp_path / "p", corpus=corpus)
    strict = build(project, strict=True)
    assert strict.returncode != 0 and message in strict.log
    lenient = build(project, site=tmp_path / "lenient")
    assert lenient.returncode == 0
    assert len(json.loads((lenient.site / "findings.json").read_text())["findings"]) >= 13


def test_docs_link_to_corpus_files_by_path(tmp_path):
    """The corpus docs were written beside tooling/: their links to corpus files reach those pages."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "NOTES.md").write_text(
        "# Notes\n\nSee [the recipe](../tooling/fine-tuning/recipe-recommendation.md), "
        "[the lane](tooling/huggingface/README.md#inventory), [the index](tooling/README.md) and "
        "[a brief](tooling/gemma-family/codegemma.md).\n", encoding="utf-8")
    project = make_project(tmp_path / "p", docs=docs, root_docs=True)
    result = build(project, strict=True)
    assert result.returncode == 0, result.log
    hrefs = [a["href"] for a in result.html("NOTES/").select("article p a")]
    assert hrefs == ["../tooling/fine-tuning/recipe-recommendation.md/", "../tooling/huggingface/#inventory",
                     "../tooling/", "../tooling/gemma-family/codegemma/"]


def test_root_docs_link_to_corpus_files_as_on_github(tmp_path):
    """A working doc at the project root links to corpus files as GitHub resolves them from there
    (`tooling/x.md`): each link reaches that file's page, and the page keeps its URL and real edit link."""
    project = make_project(tmp_path / "p")
    assert not (project / "docs" / "GOTCHAS.md").exists() and (project / "GOTCHAS.md").is_file()
    gotchas = project / "GOTCHAS.md"
    gotchas.write_text(gotchas.read_text(encoding="utf-8") + "\nSee [the recipe](tooling/fine-tuning/recipe-recommendation.md), "
                       "[the lane](tooling/huggingface/README.md#inventory), [the index](tooling/README.md), "
                       "[a brief](tooling/gemma-family/codegemma.md) and [synthesis](SYNTHESIS.md#model-selection).\n",
                       encoding="utf-8")
    result = build(project, strict=True)
    assert result.returncode == 0, result.log
    page = result.html("GOTCHAS/")
    hrefs = [a["href"] for a in page.select("article p a") if a.get_text() in
             ("the recipe", "the lane", "the index", "a brief", "synthesis")]
    assert hrefs == ["../tooling/fine-tuning/recipe-recommendation.md/", "../tooling/huggingface/#inventory",
                     "../tooling/", "../tooling/gemma-family/codegemma/", "../SYNTHESIS/#model-selection"]
    assert page.select_one("a.md-content__button[rel=edit]")["href"].endswith("/edit/main/GOTCHAS.md")
    assert check_site(result.site) == []


def test_broken_corpus_link_is_a_warning_listed_on_health(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tooling", corpus)
    readme = corpus / "fine-tuning" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nSee [old notes](old/notes.md).\n", encoding="utf-8")
    project = make_project(tmp_path / "p", corpus=corpus)
    strict = build(project, strict=True)
    assert strict.returncode != 0
    assert "tooling/fine-tuning/README.md: link 'old/notes.md' names no file" in strict.log
    lenient = build(project, site=tmp_path / "lenient")
    assert "link 'old/notes.md' names no file" in lenient.html("health/").find(id="warnings").find_next("ul").get_text()
    assert not lenient.html("tooling/fine-tuning/").find("a", string="old notes").has_attr("href")  # plain text


def test_target_anchor_is_the_forges_slug(tmp_path):
    """A working doc is read as GitHub reads it: a `{#id}` is heading text, and a merge target links to the
    heading by GitHub's slug (punctuation dropped, spaces to -), which the doc's page carries."""
    project = make_project(tmp_path / "p")
    gotchas = project / "GOTCHAS.md"
    gotchas.write_text(gotchas.read_text(encoding="utf-8").replace("\n## MEDIUM\n", "\n## MEDIUM: runtime/library {#x}\n"),
                       encoding="utf-8")
    index = project / "tooling" / "README.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "MEDIUM severity section", 'under "MEDIUM: runtime/library {#x}"'), encoding="utf-8")
    result = build(project, strict=True)
    assert result.returncode == 0, result.log
    href = result.html("findings/google-gemma-pytorch-is-abandoned-for-gemma-4/").select_one(".corpus-targets a")["href"]
    assert href == "../../GOTCHAS/#medium-runtimelibrary-x"
    heading = result.html("GOTCHAS/").find(id="medium-runtimelibrary-x")
    assert heading is not None and heading.name == "h2" and "{#x}" in heading.get_text()


def test_docs_without_a_home_page_get_the_generated_one(tmp_path):
    """A corpus whose docs/ brings no index.md (nor our assets) still gets a home page and our CSS/JS."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("CORPUS_capabilities.md", "CORPUS_ollama_variants.md", "CORPUS_tool_calling_format.md",
                 "GOTCHAS.md", "SYNTHESIS.md"):
        shutil.copy(ROOT / name, docs / name)  # the working docs in docs/ (the root has none here)
    result = build(make_project(tmp_path / "p", docs=docs), strict=True)
    assert result.returncode == 0, result.log
    home = result.html("")
    assert "13 findings" in home.select_one(".corpus-stats").get_text(" ", strip=True)
    assert home.find("h1").get_text() == "Gemma 4 Tooling Corpus"
    assert (result.site / "assets" / "corpus.css").is_file() and (result.site / "assets" / "corpus.js").is_file()
