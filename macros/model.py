"""The corpus model: frozen dataclasses the parser produces and the renderer consumes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Severity = Literal["error", "warning", "info"]
Status = Literal["merged", "flagged", "error"]


@dataclass(frozen=True)
class Diagnostic:
    """One validation message, located at a file and line of the source."""

    severity: Severity
    path: str
    line: int | None
    message: str
    example: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        if self.example:
            text += f" Example: {self.example}"
        return text


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Target:
    """One place a merged finding landed: a doc, and optionally a section of it."""

    file: str
    note: str | None
    section: str | None = None  # the heading text it resolved to
    anchor: str | None = None  # that heading's id
    known: bool = True  # False when FILE is not a doc under docs/


@dataclass(frozen=True)
class Finding:
    number: int
    id: str
    title: str  # plain text
    title_html: str  # sanitised inline HTML
    body_html: str  # sanitised HTML, title and marker removed
    summary: str  # plain text of the body
    status: Status
    marker: str | None  # the marker as written, brackets included
    targets: tuple[Target, ...] = ()
    reason: str | None = None
    recheck: date | None = None
    aliases: tuple[str, ...] = ()
    line: int = 0
    end_line: int = 0
    source: str = "tooling/README.md"
    cited: tuple[str, ...] = ()  # corpus paths and doc names the finding mentions (code spans)
    nested: tuple[tuple[int, int], ...] = ()  # (first, last) source line of each list item nested in it


@dataclass(frozen=True)
class MapRow:
    dir: str  # lane folder name, no trailing slash
    what_html: str
    when_html: str
    line: int


@dataclass(frozen=True)
class Section:
    """A level-2 section of the index other than the map and the findings."""

    title: str
    anchor: str
    html: str


@dataclass(frozen=True)
class Index:
    path: str
    title: str
    intro_html: str
    map_rows: tuple[MapRow, ...]
    findings: tuple[Finding, ...]
    findings_intro_html: str
    sections: tuple[Section, ...]
    map_heading: str | None = None
    findings_heading: str | None = None


@dataclass(frozen=True)
class SourceEntry:
    path: str
    url: str | None
    retrieved: str | None
    kind: str | None = None
    license: str | None = None
    note: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Artifact:
    path: str  # relative to the corpus root, posix
    lane: str  # first path segment ("" for top-level files)
    slug: str  # URL path segment(s) under tooling/, unique
    on_disk: bool
    size: int | None = None
    kind: str | None = None
    text: bool = False
    source: SourceEntry | None = None
    problem: str | None = None  # why the file cannot be shown (encoding, symlink …)


@dataclass(frozen=True)
class Brief:
    slug: str
    path: str
    name: str
    meta: dict = field(default_factory=dict, compare=False, hash=False)
    body: str = ""  # Markdown after the front matter; rendered when its page is
    valid: bool = True


@dataclass(frozen=True)
class Lane:
    name: str
    path: str  # README/index path relative to corpus root, or None
    readme: str | None
    readme_body: str  # README Markdown after any front matter; rendered when the lane page is
    row: MapRow | None
    title: str


@dataclass(frozen=True)
class Doc:
    """A top-level corpus doc under docs/ where findings are merged."""

    file: str  # file name, e.g. GOTCHAS.md
    src_uri: str  # path under docs/
    headings: tuple[Heading, ...]


@dataclass(frozen=True)
class Corpus:
    """Everything parsed from tooling/ and docs/, validated and cross-referenced."""

    root: str  # corpus folder name relative to the project, e.g. "tooling"
    index: Index
    lanes: tuple[Lane, ...]
    artifacts: tuple[Artifact, ...]
    briefs: tuple[Brief, ...]
    docs: tuple[Doc, ...]
    diagnostics: tuple[Diagnostic, ...]
    build_date: date
    briefs_lane: str = "gemma-family"

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.index.findings

    def overdue(self, finding: Finding) -> bool:
        return finding.recheck is not None and self.build_date > finding.recheck
