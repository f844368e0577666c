"""Findings over time, end to end: the shipped corpus's notes on finding pages, badges, cards, lists,
health, findings.json (schema 2, validated), the Atom feed (parsed) and the history page (git)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import time
from datetime import date
from pathlib import Path

import feedparser
from support.gitrepo import git
from support.paths import ROOT
from support.project import SITE_URL, assemble, build, make_project
from jsonschema import Draft202012Validator

from macros.load.corpus import load_corpus
from macros.load.history import build_history
from macros.plan.pages import Settings, plan_site

SEVEN = "findings/no-gemma-4-technical-report-pdf-exists-yet/"
EIGHT = "findings/no-gemma-4-generation-specialized-siblings-yet/"
THIRTEEN = "findings/audio-input-is-e-series-only-and-not/"
BUILD = date(2026, 11, 28)


def _text(soup) -> str:
    return soup.get_text(" ", strip=True)


# ------------------------------------------------------------------ acceptance: the shipped corpus


def test_recheck_clears_overdue_on_the_page_and_everywhere(shipped):
    page = shipped.html(SEVEN)
    bar = page.select_one(".corpus-finding-bar")
    assert "overdue" not in _text(bar)
    assert bar.select_one(".corpus-badge")["data-status"] == "flagged"  # the original status stays
    assert bar.select_one(".corpus-state").get_text() == "Re-checked, now merged · 2026-11-28"
    assert _text(bar).upper().count("FLAGGED") == 1  # once, as the original status
    assert bar.select_one(".corpus-state")["title"] == "Re-checked, now merged (re-checked 2026-11-28)"
    note = page.find(id="note-2026-11-28")
    assert note is not None and "2607.02770" in _text(note) and "Re-checked" in _text(note)
    assert note.select_one('a[href="../../CORPUS_capabilities/#technical-report"]') is not None
    assert "re-checked 2026-11-28" in _text(page.select_one(".corpus-recheck"))
    claim = page.select_one(".corpus-timeline > li")
    assert claim["data-kind"] == "claim" and claim.find("time")["datetime"] == "2026-04-18"
    # health, counts and the list agree
    health = shipped.html("health/")
    overdue = health.find(id="overdue").find_next_sibling()
    assert "no-gemma-4-technical-report" not in str(overdue)
    findings = shipped.html("findings/")
    item = findings.find(id="finding-no-gemma-4-technical-report-pdf-exists-yet")
    assert item["data-states"].split() == ["merged", "rechecked-merged", "answered", "re-checked"]
    assert _text(item.select_one(".corpus-finding-head")).upper().count("FLAGGED") == 1
    assert findings.select_one('.corpus-filter-btn[data-filter="overdue"]').get_text() == "Overdue (0)"
    data = json.loads(shipped.text("findings.json"))
    seven = data["findings"][6]
    assert seven["overdue"] is False and seven["status"] == "flagged"
    assert seven["recheck"] == "2026-07-01" and seven["due"] is None  # "check back mid-2026" is kept
    assert {k: seven["state"][k] for k in ("key", "label", "date", "current")} == {
        "key": "re-checked", "label": "FLAGGED · RE-CHECKED 2026-11-28", "date": "2026-11-28",
        "current": "rechecked-merged"}
    assert seven["updates"][0]["targets"] == [{"file": "CORPUS_capabilities.md", "section": "Technical report",
                                               "url": "CORPUS_capabilities/#technical-report"}]


def test_superseded_card_badge_and_links_to_the_gemma_4_briefs(shipped):
    page = shipped.html(EIGHT)
    title = page.find("meta", property="og:title")["content"]
    desc = page.find("meta", property="og:description")["content"]
    assert title.endswith("(Superseded, no longer holds, superseded 2026-06-10)")
    assert desc.startswith("Superseded 2026-06-10, no longer holds. DiffusionGemma")
    assert page.find("meta", attrs={"name": "twitter:title"})["content"] == title
    assert page.find("h1").get_text(" ", strip=True) == "No Gemma-4-generation specialized siblings yet"
    assert page.select_one(".corpus-finding-bar .corpus-state").get_text() == "Superseded, no longer holds · 2026-06-10"
    assert page.select_one(".corpus-finding-bar .corpus-badge")["data-status"] == "merged"
    links = {a["href"] for a in page.select(".corpus-timeline a")}
    assert {"../../tooling/gemma-family/diffusiongemma/", "../../tooling/gemma-family/embeddinggemma-2/"} <= links
    kinds = [li["data-kind"] for li in page.select(".corpus-timeline > li")]
    assert kinds == ["claim", "superseded", "update"]  # date order
    # the list and home show the latest state; the filter has its button
    findings = shipped.html("findings/")
    item = findings.find(id="finding-no-gemma-4-generation-specialized-siblings-yet")
    assert item.select_one(".corpus-state").get_text() == "Superseded, no longer holds · 2026-06-10"
    assert "superseded" in item["data-states"].split()
    buttons = {b["data-filter"]: b.get_text() for b in findings.select(".corpus-filter-btn")}
    assert buttons["superseded"] == "Superseded (1)" and buttons["updated"] == "Updated (1)"
    assert buttons["answered"] == "Answered by a re-check (1)" and buttons["re-checked"] == "Re-checked (1)"
    assert "withdrawn" not in buttons
    tooling = shipped.html("tooling/")
    assert "Superseded, no longer holds · 2026-06-10" in _text(tooling.select(".corpus-finding-item")[7])


def test_update_note_state_and_timeline(shipped):
    page = shipped.html(THIRTEEN)
    assert page.select_one(".corpus-state").get_text() == "Updated, holds in part · 2026-06-03"
    assert page.find("meta", property="og:title")["content"].endswith("(Updated, holds in part, updated 2026-06-03)")
    note = page.find(id="note-2026-06-03")
    hrefs = [a["href"] for a in note.select("a")]
    assert "../../CORPUS_capabilities/#audio" in hrefs and "../../CORPUS_ollama_variants/#audio" in hrefs
    body = _text(page.select_one(".corpus-finding-body"))
    assert "12B Unified" not in body  # a note is on the timeline, not repeated in the body


def test_built_export_validates_against_the_published_schema(shipped):
    schema = json.loads(shipped.text("findings.schema.json"))
    assert schema == json.loads((ROOT / "macros" / "export" / "findings.schema.json").read_text(encoding="utf-8"))
    data = json.loads(shipped.text("findings.json"))
    assert data["schema"] == 2
    Draft202012Validator(schema).validate(data)
    later = data["findings"][6]["later_in_corpus"]  # finding 7 states "as of 2026-04-18": later facts count
    assert later and all(x["date"] > "2026-04-18" for x in later)
    assert any(x["source"]["path"] == "tooling/google-official/README.md" and x["url"] == "tooling/google-official/"
               for x in later)
    # finding 7 cites a file of google-official: the lane's notes on gemma.cpp and the cookbook are not about it
    assert not any("gemma.cpp" in x["text"] or "cookbook" in x["text"] for x in later), later
    # on the page, "Later in the corpus" leaves out the lines its re-check note (2026-11-28) already records
    page = shipped.html(SEVEN)
    shown = [li.find("time")["datetime"] for li in page.select(".corpus-later li")]
    assert "2026-11-28" not in shown and "no note records them yet" not in _text(page)
    items = shipped.html(THIRTEEN).select(".corpus-later li") + shipped.html(EIGHT).select(".corpus-later li")
    assert not any("`" in li.get_text() for li in items)
    assert all(a.get("rel") == ["noopener", "noreferrer"] for li in items for a in li.select('a[href^="https:"]'))


def test_built_feed_parses_and_every_page_links_it(shipped):
    parsed = feedparser.parse(shipped.text("findings.atom"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and parsed.feed.id == SITE_URL + "findings.atom"
    got = {(e.id, time.strftime("%Y-%m-%d", e.updated_parsed)) for e in parsed.entries}
    assert (SITE_URL + SEVEN + "#note-2026-11-28", "2026-11-28") in got
    assert (SITE_URL + EIGHT + "#note-2026-06-10", "2026-06-10") in got
    assert (SITE_URL + EIGHT + "#note-2026-10-06", "2026-10-06") in got
    assert (SITE_URL + THIRTEEN + "#note-2026-06-03", "2026-06-03") in got
    # no git in a test project: no finding entry gets a date at all (never the build time)
    assert len(parsed.entries) == 4
    for url, depth in (("", 0), ("findings/", 1), (SEVEN, 2), ("tooling/gemma-family/diffusiongemma/", 3)):
        link = shipped.html(url).find("link", rel="alternate", type="application/atom+xml")
        assert link["href"] == "../" * depth + "findings.atom", url
    assert shipped.html("findings/").find("a", href="history/") is not None


def test_shipped_build_is_strict_clean(shipped):
    assert not re.search(r"^(WARNING|ERROR)", shipped.log, re.MULTILINE), shipped.log


# ------------------------------------------------------------------ reserved names, plan


def test_history_is_a_reserved_finding_id(tmp_path):
    project = make_project(tmp_path / "p")
    index = project / "tooling" / "README.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("1. **Prompt-token format changed in Gemma 4.**", "1. **History.**"), encoding="utf-8")
    corpus = load_corpus(project, build_date=BUILD)
    plan = plan_site(corpus, Settings("t"))
    assert corpus.findings[0].id == "history" and plan.corpus.findings[0].id != "history"
    assert any("names a page the site makes under findings/" in d.message and d.line == corpus.findings[0].line
               for d in plan.diagnostics)
    assert plan.by_key[("history", "")].src_uri == "findings/history.md"


def test_every_page_of_ours_under_findings_is_reserved(tmp_path):
    """No finding id can take the name of any other page the plan puts under findings/ (derived, not listed)."""
    corpus = load_corpus(ROOT, build_date=BUILD)
    plan = plan_site(corpus, Settings("t"))
    ours = {s.src_uri[len("findings/"):-3] for s in plan.pages.values()
            if s.src_uri.startswith("findings/") and s.kind != "finding"}
    assert {"index", "history"} <= ours
    for name in ours:
        project = make_project(tmp_path / name)
        index = project / "tooling" / "README.md"
        text = index.read_text(encoding="utf-8")
        index.write_text(text.replace("1. **Prompt-token format changed in Gemma 4.**", f"1. **{name}.**"),
                         encoding="utf-8")
        planned = plan_site(load_corpus(project, build_date=BUILD), Settings("t"))
        assert planned.corpus.findings[0].id.casefold() not in ours


# ------------------------------------------------------------------ the history page, from git


def test_history_page_from_a_tiny_repository_and_a_shallow_clone(tmp_path):
    project = make_project(tmp_path / "repo")
    index = project / "tooling" / "README.md"
    original = index.read_text(encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "corpus", when="2026-04-18T12:00:00Z")
    steps = [
        ("retitle finding 2", "2026-05-02", lambda t: t.replace("**`google/gemma_pytorch` is abandoned for Gemma 4.**",
                                                               "**`google/gemma_pytorch` is dead for Gemma 4.**")),
        ("marker of finding 3", "2026-05-03", lambda t: t.replace("[flagged — not merged; no current homelab use case, "
                                                                  "but worth knowing it exists]",
                                                                  "[flagged — reference only]")),
        ("note on finding 9", "2026-05-04", lambda t: t.replace("**[flagged — only relevant if fine-tuning]**\n",
                                                               "**[flagged — only relevant if fine-tuning]**\n"
                                                               "   - **Update 2026-05-04:** still none.\n")),
        ("remove finding 12", "2026-05-05", lambda t: re.sub(r"\n12\. \*\*Native `system` role support\.\*\*[^\n]*",
                                                             "", t)),
        ("reword the intro", "2026-05-06", lambda t: t.replace("This file is an index.", "This file is the index.")),
    ]
    for subject, day, change in steps:
        index.write_text(change(index.read_text(encoding="utf-8")), encoding="utf-8")
        git(project, "commit", "-qam", subject, when=f"{day}T12:00:00Z")
    assert index.read_text(encoding="utf-8") != original
    result = build(project)  # not strict: the record of published ids rightly objects to the retitle and removal
    assert result.returncode == 0, result.log
    page = result.html("findings/history/")
    entries = page.select(".corpus-history-entry")
    dates = [e.find("time")["datetime"] for e in entries]
    assert dates == ["2026-05-05", "2026-05-04", "2026-05-03", "2026-05-02", "2026-04-18"]  # newest first
    changes = [[(c["data-change"], c["data-id"]) for c in e.select(".corpus-history-change")] for e in entries]
    assert changes[0] == [("removed", "native-system-role-support")]
    # one line per commit: what changed, for readers, and a link to the commit (not its subject)
    first = entries[0]
    assert _text(first.select_one(".corpus-history-summary")) == "Finding 12 removed"
    link = first.select_one("a.corpus-history-commit")
    assert link["href"] == f"https://github.com/example/corpus/commit/{first['data-commit']}"
    assert "remove finding 12" not in _text(first)
    # the commit that changed no finding is folded into a count
    assert "1 commit to tooling/README.md without finding changes" in _text(page.find(id="history-quiet"))
    assert changes[1] == [("note", "no-gemma-4-specific-trl-script-in-huggingface")]
    assert changes[2] == [("marker", "gemma-cpp-ships-a-gemini-api-compatible-local")]
    assert changes[3] == [("retitled", "google-gemma-pytorch-is-dead-for-gemma-4")]
    added = [c for c in changes[4] if c[0] == "added"]
    assert len(added) == 13
    notes = {c[1] for c in changes[4] if c[0] == "note"}
    assert notes == set()  # notes written with the finding are part of its first version
    assert page.find(id="history-partial") is None
    cache = project / ".cache" / "corpus-history"
    assert len(list(cache.rglob("*.json"))) == 6  # one per commit; a rebuild reads them
    # a shallow clone: the history is partial, with a note, and the build does not fail
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "3", f"file://{project}", str(clone)], check=True,
                   capture_output=True)
    shallow = build(clone)
    assert shallow.returncode == 0, shallow.log
    page = shallow.html("findings/history/")
    assert "partial" in _text(page.find(id="history-partial"))
    assert [e.find("time")["datetime"] for e in page.select(".corpus-history-entry")] == ["2026-05-05"]


def test_this_repositorys_own_index_history():
    """/findings/history/ of this repository: every finding of today's index was added (or retitled into
    being) by some commit, and the stand-in corpus's notes show up as notes added."""
    history = build_history(ROOT, "tooling/README.md")
    if not history.complete:  # a shallow CI checkout: the page says so; nothing more to check here
        assert history.note
        return
    today = {f.id for f in load_corpus(ROOT, build_date=date.today()).findings}
    born = {c.id for e in history.entries for c in e.changes if c.kind in ("added", "retitled")}
    assert today <= born
    assert [e.date for e in history.entries] == sorted((e.date for e in history.entries), reverse=True)



# ------------------------------------------------------------------ "Later in the corpus": which lines count


def test_later_lines_for_a_cited_file_are_its_section_and_its_mentions(tmp_path):
    """Finding 7 cites google-official/tech-report/Gemma3Report.pdf: of the lane README's dated lines only the
    ones in the tech-report/ section or naming the file count, not the notes about gemma.cpp or the cookbook."""
    from macros.views.findings import later_html
    from macros.views.links import PageLinks

    project = make_project(tmp_path / "p")
    readme = project / "tooling" / "google-official" / "README.md"
    text = readme.read_text(encoding="utf-8")
    row = "| `Gemma3Report.pdf` |"
    head, tail = text.split(row, 1)
    row_end = tail.index("\n") + 1
    hostile = ("- Update (2026-11-21): <script>alert(1)</script> [x](javascript:alert(1)) "
               "<img src=x onerror=alert(1)> `{{ config }}` and `Gemma3Report.pdf`.\n")
    text = (head + row + tail[:row_end] + "\n- Update (2026-11-20): a note in the tech-report section.\n"
            + hostile + tail[row_end:])
    readme.write_text(text, encoding="utf-8")
    site = assemble(project)
    seven = next(f for f in site.corpus.findings if f.number == 7)
    got = [(n.path, n.text[:39]) for n in site.timeline.later(seven) if n.path.startswith("tooling/")]
    assert got == [("tooling/google-official/README.md", "a note in the tech-report section."),
                   ("tooling/google-official/README.md", "<script>alert(1)</script> [x](javascrip"),
                   ("tooling/google-official/README.md", "the Gemma 4 Technical Report is now out")]
    # each item's text is inline GitHub Markdown, sanitised and cross-linked, on the finding's page
    links = PageLinks(site, site.plan.urls[("finding", seven.id)])
    notes = [n for n in site.timeline.later(seven) if n.path.startswith("tooling/")]
    bad = str(later_html(links, notes[1]))
    assert "<script" not in bad and "javascript:" not in bad and "onerror" not in bad
    assert "<code>{{ config }}</code>" in bad  # stays text: corpus text is never template source
    assert '<a class="corpus-xref" href="../../tooling/google-official/tech-report/Gemma3Report.pdf/"><code>Gemma3Report.pdf</code></a>' in bad
    good = str(later_html(links, notes[2]))
    assert "`" not in good
    assert '<a href="https://huggingface.co/papers/2607.02770" rel="noopener noreferrer">' in good
    assert '<a class="corpus-xref" href="../../tooling/google-official/tech-report/Gemma3Report.pdf/"><code>' in good
    # citing the lane's README itself: every dated line of it counts
    index = project / "tooling" / "README.md"
    body = index.read_text(encoding="utf-8")
    cite = "Gemma 3 report is at `google-official/tech-report/Gemma3Report.pdf`."
    assert cite in body
    index.write_text(body.replace(cite, cite + " See `google-official/README.md`."), encoding="utf-8")
    site = assemble(project)
    seven = next(f for f in site.corpus.findings if f.number == 7)
    lines = [n.line for n in site.timeline.later(seven) if n.path == "tooling/google-official/README.md"]
    assert len(lines) == 5, lines  # the two added here and the three of "Later changes"


def test_claim_dates_come_from_the_finding_then_the_research_pass_not_from_git(stand_in):
    """A corpus committed after the fact: git first recorded every finding on 2026-11-28, but the index names its
    research pass ("Populated 2026-04-18 by …"), so that is the claim date of findings without an "as of"."""
    from datetime import datetime, timezone

    from dataclasses import replace

    from macros.fs.gitdates import GitDates
    from macros.load.states import attach_states
    from macros.timeline.collect import collect_timeline

    stamp = int(datetime(2026, 11, 28, 12, tzinfo=timezone.utc).timestamp())
    lines = {n: stamp for n in range(1, 400)}
    git = GitDates(True, lines={"tooling/README.md": lines}, first={"tooling/README.md": stamp})
    site = replace(stand_in, corpus=attach_states(stand_in.corpus, git), git=git)  # as if committed 2026-11-28
    tl = collect_timeline(site)
    by_number = {f.number: f for f in site.corpus.findings}
    assert tl.claim(by_number[8]) == date(2026, 4, 18)  # notes 2026-06-10, 2026-10-06; git says 2026-11-28
    assert site.corpus.state(by_number[8]).claim.source == "index"
    assert tl.claim(by_number[7]) == date(2026, 4, 18)  # its "as of" counts first
    assert site.corpus.state(by_number[7]).claim.source == "finding"
    plain = next(f for f in site.corpus.findings if not f.notes and "as of" not in f"{f.title} {f.summary}")
    assert site.corpus.state(plain).claim.label == "claimed 2026-04-18"
    # a finding git recorded after the index's first commit was added later: git's date, labelled as such
    later = {**lines, plain.line: stamp + 86400 * 2}
    git2 = GitDates(True, lines={"tooling/README.md": later}, first={"tooling/README.md": stamp})
    corpus2 = attach_states(load_corpus(ROOT, build_date=date(2026, 12, 1)), git2)
    again = next(f for f in corpus2.findings if f.number == plain.number)
    assert corpus2.state(again).claim.label == "first recorded in git 2026-11-30"
