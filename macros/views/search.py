"""What search shows of a page (its Pagefind `summary` meta; macros/export/search.py, the search worker).

A finding's result reads as its claim's first sentence and its current state; an artifact's as
"Lane: … · Kind: … · Mirrored: …". Both read the model (the state from `Corpus.state`, the same one the
badge shows), so a change to how states are worded reaches search with no change here.
"""
from __future__ import annotations

import re

from macros.model.data import Artifact, Corpus, Finding
from macros.text.sanitize import truncate

#: A result's text is a line or two in Material's results list.
LIMIT = 240
_SENTENCE = re.compile(r"(.{1,400}?[^.][.!?])(?=\s|$)", re.DOTALL)  # "user ..." does not end it


def first_sentence(text: str) -> str:
    """The first sentence of plain text (up to its full stop), or its start when it has none."""
    text = " ".join(text.split())
    m = _SENTENCE.match(text)
    return m.group(1) if m else text


def finding_summary(f: Finding, corpus: Corpus) -> str:
    """'Re-checked, now merged · re-checked 2026-11-28 — <the claim's next sentence>', or 'Claimed 2026-04-18
    — …' for a finding no note changed: the state as the finding's page words it (`Corpus.state`).

    The result's heading is the finding's title (its bold lead sentence), so the text goes on with the
    claim's next sentence; a finding that is only its title repeats it."""
    state = corpus.state(f)
    if state.changed:
        label = f"{state.words} · {state.date_label}"
    else:
        label = state.claim.label[:1].upper() + state.claim.label[1:] if state.claim.date else "Undated claim"
    claim = truncate(first_sentence(f.summary or f.title), LIMIT - len(label) - 3)
    return f"{label} — {claim}"


def artifact_summary(a: Artifact) -> str:
    """'Lane: inference-frameworks · Kind: script · Mirrored: yes' (labels and values apart)."""
    return f"Lane: {a.lane or 'top level'} · Kind: {a.kind or 'file'} · Mirrored: {'yes' if a.on_disk else 'no'}"


def number_word(number: int) -> str:
    """The word only finding `number`'s page holds, for the search worker's "finding N" / "#N" lookup: not
    a prefix of another finding's word (Pagefind matches prefixes), and not English."""
    return f"corpusfinding{number}n"
