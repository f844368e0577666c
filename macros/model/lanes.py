"""What a lane README states (read by macros/read/lane.py): frozen data."""
from __future__ import annotations

from dataclasses import dataclass

from macros.text.safehtml import SafeHtml


@dataclass(frozen=True)
class Provenance:
    statement: str  # the sentence as text
    date: str  # as precise as stated: "April 2026", "2026-04-18"
    line: int


@dataclass(frozen=True)
class LaneFinding:
    number: int
    title: str
    title_html: SafeHtml
    body_html: SafeHtml  # the whole item, sanitised
    anchor: str  # stable: derived from the title, unique in the lane
    line: int


@dataclass(frozen=True)
class LaneRow:
    """One row of a file table."""

    name: str  # the file as written in the first cell (relative to the section's folder)
    path: str  # relative to the lane: folder + name
    description: str  # plain text of the description cell
    description_html: SafeHtml
    line: int
    cells: tuple[tuple[str, str], ...] = ()  # (column heading, cell text) of every other column


@dataclass(frozen=True)
class FileSection:
    """A section that lists files: a `` ### `folder/` `` heading, or a File table outside one (folder "")."""

    folder: str  # relative to the lane, no trailing slash; "" for top-level tables
    heading: str | None
    anchor: str | None  # GitHub-style id of the heading
    line: int
    source: str  # the section's prose source statement, as text
    source_html: SafeHtml
    urls: tuple[str, ...]  # http(s) URLs of the statement, in order
    rows: tuple[LaneRow, ...] = ()


@dataclass(frozen=True)
class LaneFacts:
    title: str | None
    title_line: int | None
    as_of: str | None  # a date in the H1: "(as of 2026-04-18)"
    provenance: Provenance | None
    findings: tuple[LaneFinding, ...] = ()
    sections: tuple[FileSection, ...] = ()
    outside: tuple[tuple[int, str], ...] = ()  # (line, name) of file rows and folder headings that leave the lane

    @property
    def date(self) -> str | None:
        """The lane's provenance date at the precision it states, or None."""
        return self.provenance.date if self.provenance else self.as_of

    @property
    def rows(self) -> tuple[tuple[FileSection, LaneRow], ...]:
        return tuple((s, r) for s in self.sections for r in s.rows)
