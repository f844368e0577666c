"""How a finding and its current state read in plain text: link cards, citations, the feed, search.

Every plain-text surface says the same thing from the one `FindingState` (macros/model/state.py): the
current state in words with its labelled date, then the original claim. Pure.
"""
from __future__ import annotations

import re

from macros.model.data import Corpus, Finding
from macros.model.provenance import Target
from macros.model.state import FindingState
from macros.text.sanitize import squash, truncate

DESCRIPTION_LIMIT = 200
_TICKS = re.compile(r"`+")


def plain(text: str | None) -> str:
    """Marker text as plain text: code-span backticks dropped (a description or a feed shows no Markdown)."""
    return squash(_TICKS.sub("", text or ""))


def target_label(t: Target) -> str:
    return f"{t.file} § {t.section}" if t.section else t.file


def provenance_phrase(f: Finding) -> str:
    """The finding's own marker in words: 'merged into FILE § Section; …', 'flagged: reason', or the error."""
    if f.status == "merged":
        return "merged into " + "; ".join(target_label(t) for t in f.targets)
    if f.status == "flagged":
        return "flagged" + (f": {plain(f.reason)}" if f.reason else "")
    return "provenance marker needs attention"


def _into(targets) -> str:
    return "; ".join(target_label(t) for t in targets)


def state_phrase(f: Finding, s: FindingState) -> str:
    """The current state in words, with its date labelled and the new targets named (lower case, no full stop).

    "re-checked 2026-11-28, now merged into CORPUS_capabilities.md § Technical report",
    "superseded 2026-06-10, no longer holds", "flagged: reason; re-check overdue since 2026-07-01".
    """
    n = s.note
    when = s.date_label
    if s.key == "rechecked-merged" and n is not None:
        return f"{when}, now merged into {_into(n.targets)}"
    if s.key == "rechecked-open":
        return f"{provenance_phrase(f)}; {when}, still open" + (" (re-check overdue)" if s.overdue else "")
    if s.key == "rechecked-holds":
        return f"{provenance_phrase(f)}; {when}, still holds"
    if s.key == "updated":
        return f"{when}, holds in part"
    if s.key in ("superseded", "withdrawn"):
        return f"{when}, no longer holds" if s.key == "superseded" else when
    if s.key == "flagged-overdue" and s.due is not None:
        return f"{provenance_phrase(f)}; re-check overdue since {s.due.isoformat()}"
    return provenance_phrase(f)


def card_description(f: Finding, corpus: Corpus) -> str:
    """A finding's link-card description (og:description, the short links, search's summary): the current
    state with its date and the note's text when a note changed it, then the original claim, dated."""
    s = corpus.state(f)
    head = sentence(state_phrase(f, s))
    claim = f"Original claim ({s.claim.label}): " if s.changed else f"{sentence(s.claim.label)[:-1]}: "
    if s.note is not None and s.changed:
        # the note's text gets what is left once the state and the dated claim have their place
        room = DESCRIPTION_LIMIT - len(head) - len(claim) - 24
        head += " " + sentence(truncate(plain(s.note.text), max(room, 40)))
    return truncate(f"{head} {claim}{f.summary}", DESCRIPTION_LIMIT)


def sentence(text: str) -> str:
    """Text as a sentence: capital first letter, a full stop at the end unless it has one."""
    text = text.strip()
    if not text:
        return text
    return text[:1].upper() + text[1:] + ("" if text[-1] in ".!?…" else ".")


def card_title(f: Finding, corpus: Corpus) -> str:
    """A finding's link-card title (og:title): its title, with the current state in words when it changed."""
    s = corpus.state(f)
    return f"{f.title} ({s.words}, {s.date_label})" if s.changed and s.note is not None else f.title


__all__ = ["DESCRIPTION_LIMIT", "card_description", "card_title", "plain", "provenance_phrase", "sentence",
           "state_phrase", "target_label"]
