"""Source verification on the site (issue 15): each page shows its sources' states from
tooling/verification.yaml, /health/ groups the ones that are not OK, the home page counts them.
Offline: the results file is written by hand here; nothing is fetched."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from support.paths import ROOT
from support.project import build, make_project
from macros.xref.sources import finding_urls, safe_href, source_view
from macros.verify.results import Result

CARD = "https://ai.google.dev/gemma/docs/codegemma"  # codegemma brief, model-card link
BLOG = "https://huggingface.co/blog/codegemma"  # codegemma brief, second card link
MODEL_CARD = "https://ai.google.dev/gemma/docs/core/model_card_4"  # artifact: sources.yaml url
FUNCTION_CALLING = "https://ai.google.dev/gemma/docs/capabilities/text/function-calling-gemma4"  # artifact
LICENSE = "https://ai.google.dev/gemma/docs/gemma_4_license"  # artifact, not in the results file
FINDING_URL = "https://example.org/gemma/pytorch-notice"  # added to finding 2's text below
FINDING_URL_2 = "https://example.org/gemma/retired"
FINDING = "findings/google-gemma-pytorch-is-abandoned-for-gemma-4/"
MODEL_CARD_PAGE = "tooling/google-official/docs/ai-google-dev_model_card_4.html/"
FUNCTION_PAGE = "tooling/google-official/docs/ai-google-dev_function_calling_gemma4.html/"
LICENSE_PAGE = "tooling/google-official/docs/ai-google-dev_gemma_4_license.html/"

RESULTS = f"""schema: 1
sources:
- url: {MODEL_CARD}
  state: gone
  status: 404
  final_url: null
  sha256_match: null
  checked: '2026-11-29'
  detail: ''
  cited:
  - tooling/sources.yaml:16
- url: {CARD}
  state: ok
  status: 200
  final_url: null
  sha256_match: null
  checked: '2026-11-29'
  detail: ''
  cited:
  - tooling/gemma-family/codegemma.md:5
- url: {FUNCTION_CALLING}
  state: changed
  status: 200
  final_url: null
  sha256_match: false
  checked: '2026-11-29'
  detail: ''
  cited:
  - tooling/sources.yaml:10
- url: {FINDING_URL}
  state: error
  status: 503
  final_url: null
  sha256_match: null
  checked: '2026-11-29'
  detail: server error after 2 retries
  cited:
  - tooling/README.md:22
- url: {FINDING_URL_2}
  state: refused
  status: null
  final_url: null
  sha256_match: null
  checked: '2026-11-29'
  detail: resolves to a private address
  cited:
  - tooling/README.md:22
- url: {BLOG}
  state: moved
  status: 301
  final_url: https://huggingface.co/blog/codegemma-moved
  sha256_match: null
  checked: '2026-11-29'
  detail: ''
  cited:
  - tooling/gemma-family/codegemma.md:9
- url: https://example.org/only-in-results
  state: not-checked
  status: null
  final_url: null
  sha256_match: null
  checked: null
  detail: ''
  cited:
  - tooling/README.md:22
"""


def _corpus(tmp_path: Path, results: str | None) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tooling", corpus)
    readme = corpus / "README.md"
    lines = readme.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[21].startswith("2. **`google/gemma_pytorch` is abandoned")
    lines[21] = lines[21].replace("Last push 2025-05-30;", f"Last push 2025-05-30 (see {FINDING_URL} and "
                                  f"[the notice]({FINDING_URL_2}));", 1)
    readme.write_text("".join(lines), encoding="utf-8")
    if results is not None:
        (corpus / "verification.yaml").write_text(results, encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def verified(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("verified")
    result = build(make_project(tmp / "p", corpus=_corpus(tmp, RESULTS)), strict=True)
    assert result.returncode == 0, result.log
    return result


def _states(page, selector: str) -> dict[str, str]:
    return {li["data-url"]: li.select_one(".corpus-source-state").get_text(" ", strip=True)
            for li in page.select(selector)}


def test_each_page_shows_the_state_of_its_sources(verified):
    brief = _states(verified.html("tooling/gemma-family/codegemma/"), "#sources + ul li")
    assert brief == {CARD: "verified 2026-11-29", BLOG: "moved → https://huggingface.co/blog/codegemma-moved"}
    moved = verified.html("tooling/gemma-family/codegemma/").select_one(f'li[data-url="{BLOG}"] .corpus-source-state a')
    assert moved["href"] == "https://huggingface.co/blog/codegemma-moved"
    assert _states(verified.html(MODEL_CARD_PAGE), "ul.corpus-sources li")[MODEL_CARD] == "gone (404)"
    facts = verified.html(MODEL_CARD_PAGE).select_one(".corpus-facts").get_text(" ", strip=True)
    assert f"{MODEL_CARD} — gone (404)" in facts
    assert _states(verified.html(FUNCTION_PAGE), "ul.corpus-sources li")[FUNCTION_CALLING] == \
        "changed upstream since retrieval"
    assert _states(verified.html(LICENSE_PAGE), "ul.corpus-sources li")[LICENSE] == "not checked yet"
    finding = _states(verified.html(FINDING), "#sources + ul li")
    assert finding == {FINDING_URL: "check failed", FINDING_URL_2: "refused (not checked)"}


def test_health_groups_sources_that_are_not_ok_with_links_to_where_they_are_cited(verified):
    health = verified.html("health/")
    groups = [ul["data-source-state"] for ul in health.select("ul.corpus-source-group")]
    assert groups == ["gone", "moved", "changed", "error", "refused", "not-checked"]  # STATES order, no ok
    gone = health.select_one('ul[data-source-state="gone"] li')
    assert gone["data-url"] == MODEL_CARD
    assert [a["href"] for a in gone.select("a")][-1] == "../" + MODEL_CARD_PAGE
    assert "tooling/sources.yaml:16" in gone.get_text()
    error = health.select_one('ul[data-source-state="error"] li')
    assert "../" + FINDING in [a["href"] for a in error.select("a")]
    assert "Finding 2:" in error.get_text()
    not_checked = {li["data-url"] for li in health.select('ul[data-source-state="not-checked"] li')}
    assert {LICENSE, "https://example.org/only-in-results"} <= not_checked
    only = health.select_one('ul[data-source-state="not-checked"] li[data-url="https://example.org/only-in-results"]')
    assert "../" + FINDING in [a["href"] for a in only.select("a")]  # from its README.md:22 place
    assert CARD not in {li["data-url"] for li in health.select("ul.corpus-source-group li")}


def test_home_counts_sources(verified):
    stats = verified.html("").select_one(".corpus-stat--sources")
    text = stats.get_text(" ", strip=True)
    assert text.startswith("1 of ")
    assert "1 gone" in text and "1 moved" in text and "1 changed upstream" in text and "1 check failed" in text
    assert "1 refused" in text and stats["href"] == "health/#sources"


def test_results_file_is_data_not_an_artifact_page(verified):
    assert not (verified.site / "tooling" / "verification.yaml").exists()
    assert "verification.yaml" not in verified.html("tooling/").get_text()


def test_missing_results_file_means_not_checked_yet(tmp_path):
    result = build(make_project(tmp_path / "p", corpus=_corpus(tmp_path, None)), strict=True)
    assert result.returncode == 0, result.log
    assert set(_states(result.html("tooling/gemma-family/codegemma/"), "#sources + ul li").values()) == \
        {"not checked yet"}
    health = result.html("health/")
    assert health.select("ul.corpus-source-group") == []  # said once, not listed source by source
    summary = health.find(id="sources").find_next("p").get_text(" ", strip=True)
    # before the first `make verify` no 0 % headline: the page says the sources are not checked yet
    assert re.search(r"^\d+ sources cited on this site; sources not yet checked: run make verify", summary), summary
    assert "0 verified" not in summary
    stats = result.html("").select_one(".corpus-stat--sources").get_text(" ", strip=True)
    assert re.fullmatch(r"\d+ sources not yet checked: run make verify", stats), stats


def test_malformed_results_file_is_an_error_at_file_line_and_the_rest_builds(tmp_path):
    bad = RESULTS.replace("  state: changed", "  state: stale")
    line = bad.splitlines().index("  state: stale") + 1
    project = make_project(tmp_path / "p", corpus=_corpus(tmp_path, bad))
    strict = build(project, strict=True)
    assert strict.returncode != 0 and f"tooling/verification.yaml:{line}: 'state': expected one of" in strict.log
    lenient = build(project, site=tmp_path / "lenient")
    assert lenient.returncode == 0
    errors = lenient.html("health/").find(id="errors").find_next("ul").get_text()
    assert f"tooling/verification.yaml:{line}" in errors
    assert set(_states(lenient.html("tooling/gemma-family/codegemma/"), "#sources + ul li").values()) == \
        {"not checked yet"}


def test_source_view_links_only_http_urls():
    results = {"https://a.example/x": Result("https://a.example/x", "moved", 301, "javascript:alert(1)")}
    v = source_view("https://a.example/x", results)
    assert v.label == "moved →" and v.new_url == "javascript:alert(1)" and v.new_href is None
    assert safe_href("file:///etc/passwd") is None and safe_href("https://x.example/") == "https://x.example/"
    assert source_view("https://b.example/", results).label == "not checked yet"


def test_finding_urls_come_from_the_findings_own_lines():
    from macros.model.data import Corpus, Finding, Index

    fs = (Finding(1, "a", "A", "A", "", "", "merged", None, line=3, end_line=4),
          Finding(2, "b", "B", "B", "", "", "merged", None, line=5, end_line=5))
    index = Index("tooling/README.md", "T", "", (), fs, "", ())
    corpus = Corpus("tooling", index, (), (), (), (), (), None)  # type: ignore[arg-type]
    text = "# T\n\n1. **A.** https://a.example/1\n   more https://a.example/2\n2. **B.** [b](https://b.example/)\n" \
           "\nafter https://c.example/\n"
    assert finding_urls(text, corpus) == {"a": ("https://a.example/1", "https://a.example/2"),
                                          "b": ("https://b.example/",)}


def test_the_index_lists_the_urls_the_verifier_would_find():
    """The index reader lists each line's URLs from its own parse (one parse of the largest file, not two):
    the same as the verifier's reader finds, on the shipped index and the maintainer-format fixture."""
    from macros.model.diagnostics import Report
    from macros.read.index import parse_index
    from macros.verify.collect import markdown_urls

    texts = [(ROOT / "tooling" / "README.md").read_text(encoding="utf-8"),
             (ROOT / "tests" / "fixtures" / "maintainer" / "tooling" / "README.md").read_text(encoding="utf-8"),
             "# T\n\n## Findings\n\n1. **A.** see <https://a.example/x> and ![i](https://i.example/p.png)\n"
             "   www.example.org/y and `https://code.example/` [m](mailto:x@y.z) [r][r]\n\n[r]: https://r.example/\n"]
    for text in texts:
        index = parse_index(text, "tooling/README.md", Report())
        assert index.urls is not None and list(index.urls) == markdown_urls(text)
    assert len(parse_index(texts[-1], "x", Report()).urls) == 4  # autolink, image, www, reference
    assert parse_index("---\ntitle: x\n---\n# T\n", "x", Report()).urls is None  # front matter: the verifier's
