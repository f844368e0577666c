"""An Atom 1.0 feed of findings and their notes, written with ElementTree (no template).

Entry ids are the absolute URL of the finding page, plus ``#note-YYYY-MM-DD`` (``-2``, ``-3`` … for
more notes on one day) for a note: they stay the same from build to build as long as `SITE_URL`
and the finding's id do. Entry dates come from the notes and from git (when the finding's lines
first appeared), never from the build time; the feed's ``updated`` is the newest entry's date.
The same input always gives the same bytes.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence
from urllib.parse import urljoin

from macros.model.notes import KIND_WORDS, Note, note_fragments

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = date(1970, 1, 1)  # the `updated` of a feed with no entries: fixed, so the output stays reproducible
# characters XML 1.0 cannot carry, even escaped; corpus text may contain them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    updated: date
    link: str  # absolute URL
    summary: str = ""  # plain text


def timestamp(day: date) -> str:
    """RFC 3339 time of a date: midnight UTC."""
    return f"{day.isoformat()}T00:00:00Z"


def finding_entries(*, site_url: str, url: str, number: int, title: str, summary: str, recorded: date | None,
                    notes: Sequence[Note] = (), state: str | None = None) -> tuple[FeedEntry, ...]:
    """The entries of one finding: the finding itself (dated when git first recorded it) and one per note.

    `url` is the finding page relative to the site root (``findings/<id>/``). Without a recorded
    date the finding has no entry of its own (its notes still do): a feed date is never invented.
    """
    page = urljoin(_base(site_url), url)
    out: list[FeedEntry] = []
    if recorded is not None:
        head = f"Finding {number}: {title}" + (f" — {state}" if state else "")  # the current state, in words
        out.append(FeedEntry(page, head, recorded, page, summary))
    for note, frag in zip(notes, note_fragments(notes), strict=True):
        link = f"{page}#{frag}"
        out.append(FeedEntry(link, f"{KIND_WORDS[note.kind]} {note.date.isoformat()} — finding {number}: {title}",
                             note.date, link, note.text))
    return tuple(out)


def _base(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def atom_feed(entries: Iterable[FeedEntry], *, title: str, site_url: str, feed_path: str = "findings.atom",
              author: str = "Corpus maintainers") -> str:
    """The feed document (UTF-8 XML text). Entries are sorted newest first, then by id."""
    ordered = sorted(set(entries), key=lambda e: (-e.updated.toordinal(), e.id))
    base = _base(site_url)
    feed = ET.Element("feed", {"xmlns": ATOM})
    ET.SubElement(feed, "id").text = urljoin(base, feed_path)
    ET.SubElement(feed, "title").text = _clean(title)
    ET.SubElement(feed, "updated").text = timestamp(max((e.updated for e in ordered), default=EPOCH))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": urljoin(base, feed_path)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": urljoin(base, "findings/")})
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = _clean(author)
    for e in ordered:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = _clean(e.id)
        ET.SubElement(entry, "title").text = _clean(e.title)
        ET.SubElement(entry, "updated").text = timestamp(e.updated)
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": _clean(e.link)})
        if e.summary:
            ET.SubElement(entry, "summary", {"type": "text"}).text = _clean(e.summary)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


__all__ = ["ATOM", "FeedEntry", "atom_feed", "finding_entries", "timestamp"]
