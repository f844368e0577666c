"""What a prose brief states (read by macros/read/brief.py): frozen data."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    """One value read from a brief, with its source line and, when the text says, the model it is about."""

    value: str
    line: int
    model: str | None = None


@dataclass(frozen=True)
class CardLink:
    url: str
    label: str | None  # "HF", "DeepMind", "Paper" … as written, or None for a bare URL
    line: int


@dataclass(frozen=True)
class BriefFacts:
    """What a prose brief states. Empty tuples and None mean "not determinable" (shown as —)."""

    title: str | None = None  # the H1 as text
    title_line: int | None = None
    models: tuple[Fact, ...] = ()  # names from the H1, split on " / "
    lead: Fact | None = None  # the lead paragraph as text
    generations: tuple[Fact, ...] = ()  # "Gemma 2" …
    sizes: tuple[Fact, ...] = ()  # "2B", "~3B" …
    released: tuple[Fact, ...] = ()  # "May 2024", "2025-03" … as written
    cards: tuple[CardLink, ...] = ()
    no_gemma4: Fact | None = None  # the sentence saying there is no Gemma 4 generation yet
    added: Fact | None = None  # the date the brief says it was added to the lane ("Added on 2026-11-28 …")
    quotes: tuple[tuple[str, Fact], ...] = ()  # (field, the brief's sentence) for a field that could not be read

    @property
    def unconfirmed(self) -> bool:
        """Whether the lead paragraph calls the model unconfirmed (known from reports, not a release)."""
        return bool(self.lead and re.search(r"\bunconfirmed\b", self.lead.value, re.IGNORECASE))

    def missing(self) -> tuple[str, ...]:
        """The fields the brief did not let us read, for the info notes on /health/."""
        names = {"model names": self.models, "base generation": self.generations, "sizes": self.sizes,
                 "release date": self.released, "model-card links": self.cards}
        return tuple(k for k, v in names.items() if not v)
