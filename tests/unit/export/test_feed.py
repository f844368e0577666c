"""The Atom feed: parsed back with feedparser, ids/dates/links checked, output deterministic."""
from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from datetime import date

import feedparser

from macros.export.feed import ATOM, FeedEntry, atom_feed, finding_entries
from macros.model.notes import Note, note_fragments

SITE = "https://corpus.example.org/gemma/"


def _note(kind: str, when: str, line: int, text: str = "t") -> Note:
    return Note(kind=kind, date=date.fromisoformat(when), text_html=text, text=text,  # type: ignore[arg-type]
                path="tooling/README.md",
                line=line)


NOTES_7 = (_note("re-checked", "2026-07-20", 28, "the report is out as arXiv 2607.02770."),)
NOTES_8 = (_note("update", "2026-10-06", 31, "EmbeddingGemma 2 is built on Gemma 4."),
           _note("superseded", "2026-06-10", 30, "DiffusionGemma is built on Gemma 4."))


def _entries() -> list[FeedEntry]:
    return [
        *finding_entries(site_url=SITE, url="findings/no-gemma-4-technical-report-pdf-exists-yet/", number=7,
                         title="No Gemma 4 technical report PDF exists yet", summary="DeepMind repo says soon.",
                         recorded=date(2026, 4, 18), notes=NOTES_7),
        *finding_entries(site_url=SITE, url="findings/no-gemma-4-generation-specialized-siblings-yet/", number=8,
                         title="No Gemma-4-generation specialized siblings yet", summary="ShieldGemma 2 is Gemma 3.",
                         recorded=date(2026, 4, 18), notes=NOTES_8),
    ]


def test_feed_parses_with_ids_dates_links():
    text = atom_feed(_entries(), title="Findings — Gemma 4 corpus", site_url=SITE)
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id == SITE + "findings.atom"
    assert parsed.feed.updated_parsed[:3] == (2026, 10, 6)  # the newest entry, not the build time
    assert [link.href for link in parsed.feed.links] == [SITE + "findings.atom", SITE + "findings/"]
    eight = SITE + "findings/no-gemma-4-generation-specialized-siblings-yet/"
    seven = SITE + "findings/no-gemma-4-technical-report-pdf-exists-yet/"
    got = [(e.id, time.strftime("%Y-%m-%d", e.updated_parsed), e.link) for e in parsed.entries]
    assert got == [
        (eight + "#note-2026-10-06", "2026-10-06", eight + "#note-2026-10-06"),
        (seven + "#note-2026-07-20", "2026-07-20", seven + "#note-2026-07-20"),
        (eight + "#note-2026-06-10", "2026-06-10", eight + "#note-2026-06-10"),
        (eight, "2026-04-18", eight),
        (seven, "2026-04-18", seven),
    ]
    titles = [e.title for e in parsed.entries]
    assert titles[1] == "Re-checked 2026-07-20 — finding 7: No Gemma 4 technical report PDF exists yet"
    assert titles[3] == "Finding 8: No Gemma-4-generation specialized siblings yet"
    assert parsed.entries[2].summary == "DiffusionGemma is built on Gemma 4."


def test_feed_is_deterministic_whatever_the_input_order():
    entries = _entries()
    one = atom_feed(entries, title="F", site_url=SITE)
    two = atom_feed(list(reversed(entries)) + entries[:1], title="F", site_url=SITE.rstrip("/"))
    assert one == two and one.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="' + ATOM)


def test_no_recorded_date_means_no_finding_entry_and_empty_feed_has_fixed_date():
    assert finding_entries(site_url=SITE, url="findings/x/", number=1, title="X", summary="", recorded=None) == ()
    parsed = feedparser.parse(atom_feed([], title="F", site_url=SITE))
    assert not parsed.bozo and parsed.entries == [] and parsed.feed.updated == "1970-01-01T00:00:00Z"


def test_same_day_notes_get_distinct_stable_fragments():
    notes = (_note("update", "2026-07-20", 5), _note("re-checked", "2026-07-20", 4), _note("update", "2026-06-01", 9))
    assert note_fragments(notes) == ("note-2026-07-20-2", "note-2026-07-20", "note-2026-06-01")


def test_hostile_text_stays_well_formed():
    bad = FeedEntry("https://x/1", "</title><script>alert(1)</script>\x00\x1b & ]]>", date(2026, 1, 1), "https://x/1",
                    "a\x0cb <b>")
    text = atom_feed([bad], title="F <&>", site_url=SITE)
    root = ET.fromstring(text.encode("utf-8"))  # well-formed XML, control characters dropped
    entry = root.find(f"{{{ATOM}}}entry")
    assert entry.find(f"{{{ATOM}}}title").text == "</title><script>alert(1)</script> & ]]>"
    assert entry.find(f"{{{ATOM}}}summary").text == "ab <b>"
    assert not feedparser.parse(text).bozo
