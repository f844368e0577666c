""""Later in the corpus": dated facts in the files a finding cites that came after the finding's date.

Deterministic rules only, no reading of prose:

1. **Update lines.** A line of a cited file (lane README, brief, doc section) that starts — after an
   optional list bullet, heading hashes or bold — with a kind word and an ISO date, such as
   ``Update (2026-11-28): …``, ``- **Update 2026-11-28:** …`` or ``## Update (2026-11-28)``, is a
   dated update (see `dated_updates`). It is *later* when its date is after the finding's date.
2. **Newer generation.** A brief whose ``base_generation`` names a Gemma generation newer than the one
   the finding assumes, and whose ``released`` (else ``added``) date is after the finding's date, is
   a later fact (`generation_note`). The assumed generation is the newest generation among the
   briefs released on or before the finding's date (`assumed_generation`), unless the caller knows
   better and passes its own number.

The finding's date is the "as of YYYY-MM-DD" its text states, else the date git first recorded its
lines (`claim_date`).

Which update lines of a file count depends on what the finding cites (`timeline.py` applies it): all of a
cited lane README, brief or doc (a doc's merged section only, when the finding targets a section); for a
cited *file* of a lane, only the lines of its lane README that stand in the section listing the file (its
file-table section, `section_span`) or mention it (`FileMentions`: its path, its unique file name, its
folder as a path).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Literal, Sequence

from macros.text.plain import squash

Rule = Literal["update-line", "newer-generation"]

_TEXT_MAX = 400  # characters of an update's text kept for a card
_LINE_MAX = 4000  # a longer line is read only this far: every regex here stays linear and bounded
_AS_OF = re.compile(r"\bas of (\d{4})-(\d{2})-(\d{2})\b", re.IGNORECASE)
_UPDATE = re.compile(
    r"^ {0,3}(?:#{1,6} +|[-*+] +|\d{1,9}[.)] +)?"  # heading, bullet or numbered item
    r"(?P<open>\*\*|__)?"
    r"(?P<kind>Update|Updated|Re-?checked|Superseded|Withdrawn|Correction)"
    r" ?(?:[—–-] ?)?\(? ?(?P<date>\d{4}-\d{2}-\d{2}) ?\)? ?:?"
    r"(?P<close>\*\*|__)? ?(?::|[—–] |- )? *(?P<text>.*)$",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?: |$)")
_GENERATION = re.compile(r"\bGemma[ -]?(\d{1,2})(?!\d|\.\d)", re.IGNORECASE)
_LEADING_DATE = re.compile(r"^\s*(\d{4})-(\d{2})(?:-(\d{2}))?")


@dataclass(frozen=True)
class DatedLine:
    """One dated update line of a corpus file."""

    date: date
    text: str  # plain Markdown text after the lead, squashed and cut to a card's length
    path: str
    line: int
    kind: str = "update"


@dataclass(frozen=True)
class LaterNote:
    """A fact dated after a finding, found in a file it cites."""

    date: date
    text: str
    path: str
    line: int | None
    rule: Rule

    def record(self, url: str | None) -> dict:
        """As findings.json (schema 2) writes it; `url` is the site-relative page of `path`."""
        return {"date": self.date.isoformat(), "text": self.text, "rule": self.rule,
                "source": {"path": self.path, "line": self.line}, "url": url}


@dataclass(frozen=True)
class BriefDates:
    """What the generation rule reads from a brief's front matter."""

    path: str
    name: str
    base_generation: str | None
    released: str | None = None
    added: str | None = None
    line: int | None = None  # the base_generation line, when known


def claim_date(text: str, recorded: date | None = None) -> date | None:
    """The date a finding's claim is made: the first "as of YYYY-MM-DD" in its text, else `recorded`."""
    m = _AS_OF.search(text[:_LINE_MAX])
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    return recorded


def dated_updates(text: str, path: str, *, first_line: int = 1) -> tuple[DatedLine, ...]:
    """The dated update lines of a Markdown file (or a slice of one starting at `first_line`).

    Lines inside code fences are skipped (they quote, they do not state). A heading such as
    ``## Update (2026-11-28)`` takes its text from the first non-blank line under it.
    """
    out: list[DatedLine] = []
    fence: str | None = None
    pending: tuple[date, str, int] | None = None  # a dated heading waiting for its first line
    for n, raw in enumerate(text.splitlines(), first_line):
        line = raw[:_LINE_MAX]
        f = _FENCE.match(line)
        if f:
            mark = f.group(1)[0]
            fence = None if fence == mark else (fence or mark)
            continue
        if fence:
            continue
        if pending and line.strip():
            when, kind, at = pending
            pending = None
            if not _HEADING.match(line):
                out.append(DatedLine(when, _clip(_strip_bullet(line)), path, at, kind))
                continue
        m = _UPDATE.match(line)
        if not m or bool(m.group("open")) != bool(m.group("close")):
            continue
        try:
            when = date.fromisoformat(m.group("date"))
        except ValueError:
            continue
        kind = _kind(m.group("kind"))
        body = m.group("text").strip()
        if line.lstrip().startswith("#") and not body:
            pending = (when, kind, n)
            continue
        out.append(DatedLine(when, _clip(body), path, n, kind))
    return tuple(out)


def _kind(word: str) -> str:
    w = word.lower().replace("-", "")
    return {"updated": "update", "rechecked": "re-checked"}.get(w, w)


def _strip_bullet(line: str) -> str:
    return re.sub(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+", "", line)


def _clip(text: str) -> str:
    text = squash(text)
    return text if len(text) <= _TEXT_MAX else text[: _TEXT_MAX - 1].rstrip() + "…"


def generation(text: str | None) -> int | None:
    """The Gemma generation a base_generation string names first: "Gemma 4 (26B A4B …)" → 4."""
    if not text:
        return None
    m = _GENERATION.search(text[:_LINE_MAX])
    return int(m.group(1)) if m else None


def fact_date(value: str | None) -> date | None:
    """A brief's released/added value as a date: YYYY-MM-DD, or YYYY-MM as the first of the month."""
    if not value:
        return None
    m = _LEADING_DATE.match(str(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def assumed_generation(briefs: Iterable[BriefDates], claim: date) -> int | None:
    """The newest generation among the briefs released on or before `claim` (what a claim then could see)."""
    known = [g for b in briefs
             if (g := generation(b.base_generation)) is not None
             and (d := fact_date(b.released)) is not None and d <= claim]
    return max(known) if known else None


def generation_note(brief: BriefDates, *, assumed: int | None, claim: date) -> LaterNote | None:
    """The newer-generation rule for one brief, or None when it does not apply."""
    gen = generation(brief.base_generation)
    when = fact_date(brief.released) or fact_date(brief.added)
    if gen is None or assumed is None or when is None or gen <= assumed or when <= claim:
        return None
    text = f"{brief.name} is built on Gemma {gen} (newer than the Gemma {assumed} generation of {claim.isoformat()})"
    if fact_date(brief.released):
        text += f", released {when.isoformat()}"
    return LaterNote(when, text + ".", brief.path, brief.line, "newer-generation")


def later_in_corpus(claim: date | None, updates: Iterable[DatedLine], briefs: Iterable[BriefDates] = (), *,
                    assumed: int | None = None, related_briefs: Iterable[BriefDates] | None = None,
                    until: date | None = None) -> tuple[LaterNote, ...]:
    """The later notes for one finding, in date order.

    `updates`: the dated lines of the files the finding cites (`dated_updates` of each).
    `briefs`: the briefs the finding cites or relates to (e.g. all briefs of a cited briefs-lane index).
    `assumed`: the generation the finding assumes; default `assumed_generation(related_briefs or briefs)`.
    `until`: the build date; a fact dated after it is not a fact yet and is left out.
    No claim date, no later notes.
    """
    if claim is None:
        return ()
    briefs = tuple(briefs)
    if assumed is None:
        assumed = assumed_generation(briefs if related_briefs is None else related_briefs, claim)
    out = [LaterNote(u.date, u.text, u.path, u.line, "update-line") for u in updates if u.date > claim]
    out += [n for b in briefs if (n := generation_note(b, assumed=assumed, claim=claim)) is not None]
    if until is not None:
        out = [n for n in out if n.date <= until]
    seen: set[tuple] = set()
    unique = []
    for n in sorted(out, key=lambda n: (n.date, n.path, n.line or 0, n.rule)):
        key = (n.date, n.path, n.line, n.rule)
        if key not in seen:
            seen.add(key)
            unique.append(n)
    return tuple(unique)


# --------------------------------------------------------------------------- which lines concern a cited file

_NAME_CHAR = r"[\w.\-/]"


@dataclass(frozen=True)
class FileMentions:
    """How a lane README line can mention one of the lane's files.

    `rel` is the file's path inside the lane (``tech-report/Gemma3Report.pdf``). A line mentions the file
    when it names that path (also prefixed with the lane, or with the corpus folder and the lane); or the
    file name alone when no other file of the lane has it; or the file's folder as a path
    (``tech-report/``, `` `tech-report` ``). Names match whole: ``gemma-cookbook`` does not mention
    ``cookbook/``. The pattern is one alternation of literal strings with fixed-width lookarounds: linear.
    """

    lane: str
    rel: str
    unique_name: bool = True
    root: str = "tooling"

    def pattern(self) -> re.Pattern[str]:
        prefixes = ("", f"{self.lane}/", f"{self.root}/{self.lane}/")
        names = [p + self.rel for p in prefixes]
        base = self.rel.rsplit("/", 1)[-1]
        if "/" in self.rel and self.unique_name:
            names.append(base)
        alts = [rf"(?<!{_NAME_CHAR}){re.escape(n)}(?![\w\-/]|\.\w)" for n in names]
        if "/" in self.rel:
            folder = self.rel.rsplit("/", 1)[0]
            alts += [rf"(?<!{_NAME_CHAR}){re.escape(p + folder)}/" for p in prefixes]
            alts.append(re.escape(f"`{folder}`"))
        return re.compile("|".join(alts))


def section_span(lines: Sequence[str], line: int, *, first_line: int = 1) -> tuple[int, int]:
    """(first, last) line of the Markdown section that holds `line` (file line numbers; `lines[0]` is
    `first_line`): from the nearest heading above it to the line before the next heading of the same or a
    higher level. Under the H1 alone (the page title) the section ends at the next heading of any level.
    Headings inside fenced code do not count. No heading above: from the start."""
    fence: str | None = None
    heads: list[tuple[int, int]] = []  # (line, level) of every heading outside code
    for n, raw in enumerate(lines, first_line):
        f = _FENCE.match(raw)
        if f:
            mark = f.group(1)[0]
            fence = None if fence == mark else (fence or mark)
            continue
        if not fence and _HEADING.match(raw):
            heads.append((n, len(raw.lstrip(" ")) - len(raw.lstrip(" ").lstrip("#"))))
    above = [h for h in heads if h[0] <= line]
    start, level = above[-1] if above else (first_line, 1)
    after = next((n for n, lv in heads if n > start and (level == 1 or lv <= level)), None)
    return start, (after - 1 if after is not None else first_line + len(lines) - 1)


def concerning(updates: Iterable[DatedLine], lines: Sequence[str], *, first_line: int = 1,
               rows: Iterable[int] = (), mentions: Iterable[FileMentions] = ()) -> tuple[DatedLine, ...]:
    """The update lines of a lane README that concern some cited file: in the section of one of `rows`
    (the file-table rows listing the files), or mentioning one of the files (its raw line or its text)."""
    spans = [section_span(lines, r, first_line=first_line) for r in dict.fromkeys(rows)]
    patterns = [m.pattern() for m in mentions]
    out = []
    for u in updates:
        i = u.line - first_line
        raw = lines[i][:_LINE_MAX] if 0 <= i < len(lines) else ""
        if any(a <= u.line <= b for a, b in spans) or any(p.search(raw) or p.search(u.text) for p in patterns):
            out.append(u)
    return tuple(out)


__all__ = [
    "BriefDates", "DatedLine", "FileMentions", "LaterNote", "assumed_generation", "claim_date", "concerning",
    "dated_updates", "fact_date", "generation", "generation_note", "later_in_corpus", "section_span",
]
