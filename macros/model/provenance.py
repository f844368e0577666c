"""Provenance of a finding: its status and the places its merge marker names."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["merged", "flagged", "error"]


@dataclass(frozen=True)
class Target:
    """One place a merged finding landed: a doc, and optionally a section of it."""

    file: str
    note: str | None
    section: str | None = None  # the heading text it resolved to
    anchor: str | None = None  # that heading's id
    known: bool = True  # False when FILE is not a doc under docs/
