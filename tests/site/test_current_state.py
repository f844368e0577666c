"""One finding, one current state: every surface of the built stand-in site says the same thing about
findings 7 (re-checked, now merged), 8 (superseded), 13 (updated) and 2 (untouched)."""
from __future__ import annotations

import json
import re

import pytest

from support.project import SITE_URL
from support.pagefind_index import by_url

SEVEN = "findings/no-gemma-4-technical-report-pdf-exists-yet/"
EIGHT = "findings/no-gemma-4-generation-specialized-siblings-yet/"
THIRTEEN = "findings/audio-input-is-e-series-only-and-not/"
TWO = "findings/google-gemma-pytorch-is-abandoned-for-gemma-4/"

#: url, number, state key, words, labelled state date, original status
CASES = [
    (SEVEN, 7, "rechecked-merged", "Re-checked, now merged", "re-checked 2026-11-28", "flagged"),
    (EIGHT, 8, "superseded", "Superseded, no longer holds", "superseded 2026-06-10", "merged"),
    (THIRTEEN, 13, "updated", "Updated, holds in part", "updated 2026-06-03", "merged"),
    (TWO, 2, "merged", "Merged", "claimed 2026-04-18", "merged"),
]
IDS = ["7-rechecked-merged", "8-superseded", "13-updated", "2-untouched"]


def _text(soup) -> str:
    return soup.get_text(" ", strip=True)


def _meta(page) -> dict[str, str]:
    return {m.get("property") or m.get("name"): m.get("content") for m in page.find_all("meta") if m.get("content")}


@pytest.mark.parametrize("url, number, key, words, dated, original", CASES, ids=IDS)
def test_finding_page_status_box_then_the_dated_original_claim(shipped, url, number, key, words, dated, original):
    page = shipped.html(url)
    box = page.select_one(".corpus-status-box")
    label = page.select_one(".corpus-claim-label")
    if key == original:
        assert box is None
        assert _text(label).startswith("Claimed 2026-04-18")
        return
    assert box["data-state"] == key
    assert _text(box.select_one(".corpus-status-title")) == f"{words} · {dated}"
    # above the original claim and its body, which follow labelled with the claim's date
    html = str(page.select_one("article"))
    assert html.index("corpus-status-box") < html.index("corpus-claim-label") < html.index("corpus-finding-body")
    assert _text(label).startswith("Original claim (2026-04-18)")
    # the badge keeps the original status visible, labelled as such
    original_badge = page.select_one(".corpus-finding-bar .corpus-badge--original")
    assert original_badge["data-status"] == original and _text(original_badge) == f"original: {original}"


def test_status_boxes_link_the_new_target_or_the_superseding_evidence(shipped):
    seven = shipped.html(SEVEN).select_one(".corpus-status-box")
    assert "arXiv 2607.02770" in _text(seven)
    assert seven.select_one('.corpus-status-targets a[href="../../CORPUS_capabilities/#technical-report"]')
    assert seven.select_one('a[href="#note-2026-11-28"]')
    eight = shipped.html(EIGHT).select_one(".corpus-status-box")
    evidence = eight.select_one(".corpus-status-evidence")
    assert _text(evidence).startswith("Superseded by")
    assert evidence.select_one('a[href="../../tooling/gemma-family/diffusiongemma/"]')
    thirteen = shipped.html(THIRTEEN).select_one(".corpus-status-box")
    hrefs = {a["href"] for a in thirteen.select(".corpus-status-targets a")}
    assert hrefs == {"../../CORPUS_capabilities/#audio", "../../CORPUS_ollama_variants/#audio"}


def test_later_in_the_corpus_never_repeats_what_a_note_records(shipped):
    seven = shipped.html(SEVEN)
    assert seven.find(id="later-in-corpus") is None  # its lines are the ones the re-check records
    assert "no note records them yet" not in _text(seven)
    eight = shipped.html(EIGHT)
    later = _text(eight.find(id="later-in-corpus").find_next("ul"))
    assert "EmbeddingGemma 2" not in later  # the 2026-10-06 update records it
    assert "no note records them yet" not in _text(eight)


@pytest.mark.parametrize("url, number, key, words, dated, original", CASES, ids=IDS)
def test_findings_list_row_and_filters(shipped, url, number, key, words, dated, original):
    findings = shipped.html("findings/")
    item = findings.find(id="finding-" + url.split("/")[1])
    tokens = item["data-states"].split()
    assert key in tokens
    chip = item.select_one(".corpus-state")
    if key == original:
        assert chip is None and _text(item.select_one(".corpus-finding-head")).startswith(original)
    else:
        assert _text(chip) == f"{words} · {dated.split()[-1]}"
        # each filter button matches exactly the rows whose tokens hold its value
        button = findings.select_one(f'.corpus-filter-btn[data-filter="{tokens[0]}"]')
        count = int(re.search(r"\((\d+)\)", _text(button)).group(1))
        assert count == sum(1 for li in findings.select("ol.corpus-findings > li")
                            if tokens[0] in li["data-states"].split())
    meta = _text(item.select_one(".corpus-finding-meta"))
    # the row's dates line: the claim's date, then the current state's (the note's) or "unchanged since"
    dates = _text(item.select_one(".corpus-row-dates"))
    assert dates.startswith("Claimed 2026-04-18 · ")
    assert dates.endswith("unchanged since") if key == original else dates.endswith(dated.split()[-1])
    if number == 7:  # its current target, with the date of the note that named it; no longer "flagged"
        assert "CORPUS_capabilities.md § Technical report (re-checked 2026-11-28)" in meta
        assert "flagged" not in tokens and "nothing to merge" not in meta


def test_backlinks_on_briefs_lanes_and_artifacts_show_the_current_state(shipped):
    for url, number, key in [("tooling/gemma-family/diffusiongemma/", 8, "superseded"),
                             ("tooling/gemma-family/", 8, "superseded"),
                             ("tooling/google-official/tech-report/Gemma3Report.pdf/", 7, "rechecked-merged")]:
        items = shipped.html(url).find(id="cited-by-findings").find_next("ul").select("li")
        item = next(li for li in items if f"Finding {number}:" in _text(li))
        assert item["data-state"] == key, url
        assert item.select_one(".corpus-state")["data-state"] == key, url
        assert "original:" in _text(item.select_one(".corpus-badge")), url
    lane = shipped.html("tooling/huggingface/").find(id="cited-by-findings").find_next("ul")
    two = [li for li in lane.select("li") if "Finding 1:" in _text(li)]
    assert two and two[0].select_one(".corpus-state") is None and two[0]["data-state"] == "merged"


def test_findings_merged_here_include_targets_named_by_notes_with_their_date(shipped):
    caps = shipped.html("CORPUS_capabilities/").select_one(".corpus-merged-here")
    rows = {(_text(li.find("a")), li.select_one('a[href^="#"]')["href"] if li.select_one('a[href^="#"]') else None):
            li for li in caps.select("li")}
    seven = rows[("Finding 7: No Gemma 4 technical report PDF exists yet as of 2026-04-18", "#technical-report")]
    assert seven["data-state"] == "rechecked-merged"
    assert _text(seven.select_one(".corpus-merged-by")) == "merged here by the note of 2026-11-28"
    assert seven.select_one(".corpus-merged-by")["href"].endswith(SEVEN.split("/")[1] + "/#note-2026-11-28")
    thirteen = rows[("Finding 13: Audio input is E-series only AND not via Ollama", "#audio")]
    assert "2026-06-03" in _text(thirteen.select_one(".corpus-merged-by"))
    ollama = shipped.html("CORPUS_ollama_variants/").select_one(".corpus-merged-here")
    assert any("Finding 13" in _text(li) and li.select_one('a[href="#audio"]') for li in ollama.select("li"))
    two = shipped.html("GOTCHAS/").select_one(".corpus-merged-here")
    assert any("Finding 2:" in _text(li) and li.select_one(".corpus-merged-by") is None for li in two.select("li"))


def test_home_page_counts_add_up_from_the_current_states(shipped):
    stats = shipped.html("").select_one(".corpus-stats")
    n = {a["class"][-1].removeprefix("corpus-stat--"): int(_text(a.select_one(".corpus-stat-n")))
         for a in stats.select("a.corpus-stat") if len(a["class"]) > 1}
    assert (n["merged"], n["flagged"], n["overdue"], n["superseded"], n["updated"], n["answered"]) == (8, 3, 0, 1, 1, 1)
    assert n["merged"] + n["flagged"] + n["updated"] + n["superseded"] == 13
    assert stats.select_one(".corpus-stat--answered")["href"] == "findings/?status=answered"
    data = json.loads(shipped.text("findings.json"))["findings"]
    assert sum(1 for f in data if f["state"]["current"] in ("merged", "rechecked-merged", "rechecked-holds")) == 8


@pytest.mark.parametrize("url, number, key, words, dated, original", CASES, ids=IDS)
def test_link_card_and_short_link_carry_the_same_state(shipped, url, number, key, words, dated, original):
    page = _meta(shipped.html(url))
    short = shipped.html(f"findings/{number}/")
    meta = _meta(short)
    assert short.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../" + url.split("/")[1] + "/"
    for name in ("og:title", "og:description", "og:image", "twitter:card"):
        assert meta[name] == page[name], (number, name)
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"] == SITE_URL + "cards/" + url.rstrip("/") + ".png"
    assert (shipped.site / "cards" / (url.rstrip("/") + ".png")).is_file()
    desc = meta["og:description"]
    assert "`" not in desc and "`" not in meta["og:title"]
    if key == original:
        assert meta["og:title"] == _text(shipped.html(url).find("h1"))
        assert desc.startswith("Merged into GOTCHAS.md § MEDIUM. Claimed 2026-04-18:")
    else:
        assert meta["og:title"].endswith(f"({words}, {dated})")
        assert desc.startswith(dated[:1].upper() + dated[1:])
        assert "Original claim (claimed 2026-04-18): " in desc


@pytest.mark.parametrize("url, number, key, words, dated, original", CASES, ids=IDS)
def test_citations_in_three_formats_name_the_state_and_the_claim_date(shipped, url, number, key, words, dated,
                                                                     original):
    button = shipped.html(url).find("button", attrs={"data-citation": True})
    for fmt in ("data-citation", "data-citation-text", "data-citation-html"):
        cited = button[fmt]
        assert "Gemma 4 Tooling Corpus, claimed 2026-04-18)" in cited, (fmt, cited)
        assert "`" not in cited
        if key != original:
            assert dated in cited, (fmt, cited)
    if number == 7:
        assert "re-checked 2026-11-28, now merged into CORPUS_capabilities.md § Technical report" in button[
            "data-citation"]
    item = shipped.html("findings/").find(id="finding-" + url.split("/")[1])
    assert item["data-cite"] in button["data-citation"] and item["data-date"] == "claimed 2026-04-18"


@pytest.mark.parametrize("url, number, key, words, dated, original", CASES, ids=IDS)
def test_search_entry_leads_with_the_claim_and_its_state(shipped, url, number, key, words, dated, original):
    entry = by_url(shipped.site)[url]  # the Pagefind index (macros/export/search.py)
    assert entry["meta"]["title"] == _text(shipped.html(url).find("h1"))  # the claim
    text = entry["meta"]["summary"]  # what the search result shows
    if key == original:
        assert text.startswith("Claimed 2026-04-18 — ")
    else:
        assert text.startswith(f"{words} · {dated} — ")
        assert "Original claim (2026-04-18)" in entry["content"]


def test_findings_json_state_matches_the_pages(shipped):
    data = {f["number"]: f for f in json.loads(shipped.text("findings.json"))["findings"]}
    for _url, number, key, words, _dated, original in CASES:
        f = data[number]
        assert (f["state"]["current"], f["state"]["words"], f["state"]["original"]) == (key, words, original)
        assert f["claim"] == {"date": "2026-04-18", "from": "finding" if number == 7 else "index",
                              "label": "claimed 2026-04-18"}
    assert data[7]["recheck"] == "2026-07-01" and data[7]["due"] is None and data[7]["overdue"] is False
    assert [t["section"] for t in data[7]["state"]["targets"]] == ["Technical report"]
    assert data[8]["state"]["holds"] is False and data[13]["state"]["holds"] is True
    assert [t["section"] for t in data[13]["state"]["targets"]] == [None, None, "Audio", "Audio"]
