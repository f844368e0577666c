"""The corpus model: frozen dataclasses the parser produces and the renderer consumes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Mapping

from macros.model.briefs import BriefFacts
from macros.model.defaults import BRIEFS_LANE
from macros.model.lanes import LaneFacts
from macros.model.notes import Note
from macros.model.provenance import Status, Target
from macros.model.state import FindingState, derive_state
from macros.text.safehtml import SafeHtml

#: the pages the site makes under findings/ besides one per finding (findings/<name>/): no finding id may
#: take one of these names. plan_site makes exactly these (a test holds the two together).

Severity = Literal["error", "warning", "info"]


def printable(text: str) -> str:
    """`text` safe for one log line: control and line-separator characters escaped (\\n, \\x1b, \\u2028),
    and bytes of a non-UTF-8 file name (held as surrogates by os.fsdecode) shown as \\xNN."""
    if not isinstance(text, str) or text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else _escaped(ch) for ch in text)


def _escaped(ch: str) -> str:
    n = ord(ch)
    if 0xDC80 <= n <= 0xDCFF:  # surrogateescape: the byte n - 0xDC00 of a name that is not UTF-8
        return f"\\x{n - 0xDC00:02x}"
    return ascii(ch)[1:-1] if n > 0xFF or ch in "\n\r\t" else f"\\x{n:02x}"


@dataclass(frozen=True)
class Diagnostic:
    """One validation message, located at a file and line of the source."""

    severity: Severity
    path: str
    line: int | None
    message: str
    example: str | None = None

    def __post_init__(self) -> None:
        # a file name may hold a newline, ESC or bytes that are not UTF-8: shown escaped wherever it goes (the log,
        # /health/, findings.json), so it can neither forge a log line nor break a page's encoding
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "message", printable(self.message))

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
class Finding:
    number: int
    id: str
    title: str  # plain text
    title_html: SafeHtml  # sanitised inline HTML
    body_html: SafeHtml  # sanitised HTML, title and marker removed
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
    note_items: tuple[tuple[str, int], ...] = ()  # (HTML, line) of nested items with a note-shaped lead
    notes: tuple[Note, ...] = ()  # the valid ones, read by the loader (date order)


@dataclass(frozen=True)
class MapRow:
    dir: str  # lane folder name, no trailing slash
    what_html: SafeHtml
    when_html: SafeHtml
    line: int


@dataclass(frozen=True)
class Section:
    """A level-2 section of the index other than the map and the findings."""

    title: str
    anchor: str
    html: SafeHtml


@dataclass(frozen=True)
class Index:
    path: str
    title: str
    intro_html: SafeHtml
    map_rows: tuple[MapRow, ...]
    findings: tuple[Finding, ...]
    findings_intro_html: SafeHtml
    sections: tuple[Section, ...]
    map_heading: str | None = None
    findings_heading: str | None = None
    map_anchor: str | None = None  # the map heading's id (its slug, as on GitHub; safe_anchor'd)
    title_anchor: str | None = None  # the H1's id (GitHub's slug; safe_anchor'd)
    findings_anchor: str | None = None  # the findings heading's id
    aliases: tuple[tuple[str, str], ...] = ()  # (heading id, the id the site gave it before)
    text: str = field(default="", compare=False, repr=False)  # the file as read (finding lines index into it)
    # (url, line) of every absolute URL the file cites, in order; None: not listed (see xref.sources)
    urls: tuple[tuple[str, int], ...] | None = field(default=None, compare=False, repr=False)


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
class Listing:
    """A row of a lane README's file table that describes an artifact: the maintainer's provenance record."""

    lane: str
    readme: str  # the README's path relative to the corpus root, e.g. huggingface/README.md
    line: int  # the row's line in that README
    anchor: str | None  # id of the row's `folder/` section heading on the lane page; None for a top-level table
    folder: str  # the section's folder relative to the lane ("" for a top-level table)
    description: str  # plain text of the row's description cell
    description_html: SafeHtml  # the same, sanitised inline HTML
    source: str  # the section's prose source statement ("" when it has none)
    source_html: SafeHtml  # the same, sanitised HTML (URLs are links)
    urls: tuple[str, ...] = ()  # http(s) URLs of the source statement
    lane_date: str | None = None  # the lane's provenance date as precise as stated ("April 2026", "2026-04-18")


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
    listings: tuple[Listing, ...] = ()  # the file-table rows naming it (a file may be in two tables)

    @property
    def listing(self) -> Listing | None:
        """The first table row describing the artifact, or None."""
        return self.listings[0] if self.listings else None


@dataclass(frozen=True)
class Brief:
    slug: str
    path: str
    name: str
    meta: dict = field(default_factory=dict, compare=False, hash=False)
    body: str = ""  # Markdown after the front matter; rendered when its page is
    valid: bool = True
    facts: BriefFacts | None = field(default=None, compare=False, hash=False)  # what the prose states
    body_line: int = 1  # line of the file where `body` starts

    @property
    def models(self) -> tuple[str, ...]:
        """The model names the brief covers: its H1 split on ' / ', else its name."""
        if self.facts is not None and self.facts.models:
            return tuple(m.value for m in self.facts.models)
        return (self.name,)


@dataclass(frozen=True)
class Lane:
    name: str
    path: str  # README/index path relative to corpus root, or None
    readme: str | None
    readme_body: str  # README Markdown after any front matter; rendered when the lane page is
    row: MapRow | None
    title: str
    facts: LaneFacts | None = field(default=None, compare=False, hash=False)  # the README as read
    body_line: int = 1  # line of the README where `readme_body` starts (after any front matter)


@dataclass(frozen=True)
class Doc:
    """A corpus doc where findings are merged: under docs/, or at the project root beside the corpus folder."""

    file: str  # file name, e.g. GOTCHAS.md
    src_uri: str  # path under docs/; for a root doc, the path it is published under (its file name)
    headings: tuple[Heading, ...]
    repo_path: str = ""  # path from the project root, e.g. docs/GOTCHAS.md or GOTCHAS.md (edit/view links)
    at_root: bool = False  # found at the project root, not in docs/: the glue adds it as a page
    working: bool = True  # corpus Markdown, read as GitHub reads it; False: a page of the site's own in docs/
    text: str = field(default="", compare=False, repr=False)  # the file as read (front matter included)


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
    briefs_lane: str = BRIEFS_LANE
    # (source, line) of each finding → its current state with its claim date, derived once by the loader
    # (macros/load/states.py) before anything is planned or shown
    states: Mapping[tuple[str, int], FindingState] = field(default_factory=dict, compare=False, hash=False)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.index.findings

    def state(self, finding: Finding) -> FindingState:
        """The finding's current state (macros/model/state.py), the one every surface shows."""
        got = self.states.get((finding.source, finding.line))
        # a corpus assembled by hand (tests) has no states: the same derivation, without a claim date
        return got if got is not None else derive_state(finding, build_date=self.build_date)

    def overdue(self, finding: Finding) -> bool:
        """Past its re-check date, unless a Re-checked note on or after that date cleared it."""
        return self.state(finding).overdue
