"""The grammar of dated notes under a finding (their data and the state they give: macros/model/notes.py).

A note is a nested list item whose bold lead is a kind and an ISO date::

    7. **No Gemma 4 technical report PDF exists yet** as of 2026-04-18. … **[flagged — check back mid-2026]**
       - **Re-checked 2026-07-20:** the report is out. **[merged: CORPUS_capabilities.md — Technical report section]**

The grammar (documented for authors in docs/guide/notes.md):

* The item starts with a bold span (``**…**`` or ``__…__``). Its text, with one trailing ``:`` dropped,
  is the *lead*. A ``:`` or a dash (``—``, ``–``, `` - ``) right after the bold span is a separator and
  is not part of the note's text.
* The lead is *note-shaped* when it is one or two words followed by something date-like
  (``DDDD-D{1,2}-D{1,2}``, ``/`` or ``.`` separators too), the date optionally in parentheses and
  optionally preceded by a dash: ``Update 2026-10-06``, ``Update (2026-11-28)``, ``Re-checked — 2026-07-20``.
  A lead that is a known kind alone (``**Update:**``) is note-shaped too (it lacks its date).
* A note-shaped lead must have a known kind (case-insensitive; ``Update``, ``Re-checked``/``Rechecked``,
  ``Superseded``, ``Withdrawn``), a real calendar date written ``YYYY-MM-DD``, not after the build
  date. Anything else note-shaped is a malformed note: an error at file:line with an example.
* Every other nested item (no bold lead, or a bold lead that is not note-shaped) is ordinary body
  content: an accidental bullet is never an error.
* The note's text may end with a provenance marker (``[merged: …]`` / ``[flagged — …]``, the finding
  grammar); it is taken out of the text and gives the note its own targets or reason.

Everything here is pure: text in, frozen values or diagnostics out.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Iterable

from macros.model.data import Diagnostic
from macros.model.notes import KIND_WORDS, Note, NoteKind
from macros.model.provenance import Target
from macros.read.markers import find_marker, parse_marker, recheck_date, recheck_problem
from macros.text.plain import html_to_text, squash
from macros.text.safehtml import SafeHtml
from macros.text.sanitize import sanitize

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, NavigableString, Tag

#: normalised spelling (lower case, no hyphen or space) → kind
KINDS: dict[str, NoteKind] = {
    "update": "update",
    "rechecked": "re-checked",
    "superseded": "superseded",
    "withdrawn": "withdrawn",
}

NOTE_EXAMPLE = "   - **Re-checked 2026-07-20:** the report is out. **[merged: CORPUS_capabilities.md]**"

_LEAD_MAX = 80  # a longer bold span is a sentence, not a lead; keeps every match below cheap

_DATE_LIKE = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"

_SHAPE = re.compile(
    r"(?P<kind>[A-Za-z][A-Za-z-]*(?: [A-Za-z][A-Za-z-]*)?)?"
    r" ?(?:[—–-] ?)?"
    rf"(?:\( ?(?P<pdate>{_DATE_LIKE}) ?\)|(?P<date>{_DATE_LIKE}))"
)

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

_SEPARATOR = re.compile(r"^\s*(?::|[—–]|-(?=\s))\s*")

#: a Markdown source line holding a note's lead, for textual detection (history, plain text)
_MD_LEAD = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(\*\*|__)(?P<lead>[^*_\n]{1,80}?)\1")


@dataclass(frozen=True)
class Lead:
    """A note-shaped lead, read but not yet validated."""

    kind_text: str | None
    date_text: str | None


def read_lead(lead: str) -> Lead | None:
    """The kind and date parts of a bold lead, or None when the lead is not note-shaped."""
    lead = squash(lead)
    if len(lead) > _LEAD_MAX:
        return None
    lead = lead[:-1].rstrip() if lead.endswith(":") else lead
    m = _SHAPE.fullmatch(lead)
    if m:
        kind = m.group("kind")
        if kind and kind.endswith("-"):  # "Update-2026-…" is a dash separator, not part of the word
            kind = kind.rstrip("-")
        return Lead(kind, m.group("pdate") or m.group("date"))
    if _normal(lead) in KINDS:
        return Lead(lead, None)
    return None


def _normal(word: str) -> str:
    return re.sub(r"[\s-]+", "", word.lower())


def check_lead(lead: Lead, *, build_date: date) -> tuple[NoteKind, date] | str:
    """Validate a note-shaped lead: (kind, date), or what is wrong with it."""
    written = f"{lead.kind_text or ''} {lead.date_text or ''}".strip()
    if not lead.kind_text:
        return f"the note {written!r} has no kind: expected one of {_kind_list()} before the date"
    kind = KINDS.get(_normal(lead.kind_text))
    if kind is None:
        near = difflib.get_close_matches(_normal(lead.kind_text), list(KINDS), n=1, cutoff=0.6)
        hint = f" (did you mean {KIND_WORDS[KINDS[near[0]]]!r}?)" if near else ""
        return f"unknown note kind {lead.kind_text!r}{hint}: expected one of {_kind_list()}"
    if not lead.date_text:
        return f"the note {lead.kind_text!r} has no date: expected '{KIND_WORDS[kind]} YYYY-MM-DD'"
    m = _ISO_DATE.fullmatch(lead.date_text)
    if not m:
        return f"the note date {lead.date_text!r} is not written YYYY-MM-DD"
    try:
        when = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return f"the note date {lead.date_text!r} is not a calendar date"
    if when > build_date:
        return f"the note date {when.isoformat()} is in the future (the build date is {build_date.isoformat()})"
    return kind, when


def _kind_list() -> str:
    return ", ".join(KIND_WORDS.values())


def markdown_note_lead(line: str) -> Lead | None:
    """The note-shaped lead of one Markdown list-item line (``- **Update 2026-10-06:** …``), if any.

    Textual detection for callers that have source lines rather than parsed items (the history).
    """
    m = _MD_LEAD.match(line[:200])
    if not m:
        return None
    return read_lead(m.group("lead"))


# what an item that is a note starts with: its bold lead, maybe inside paragraphs (a superset of the notes:
# parse_note decides on the parsed item)
_MAY_BE_NOTE = re.compile(r"(?:\s|<p\b[^>]*>)*<(?:strong|b)\b", re.IGNORECASE)


def parse_note(item_html: str, *, path: str, line: int, build_date: date) -> Note | Diagnostic | None:
    """Read one nested list item (its inline HTML) as a note.

    None: the item is not a note and stays ordinary body content. A Diagnostic (severity error):
    a malformed note, which the caller reports and shows as body content.
    """
    if not _MAY_BE_NOTE.match(item_html):
        return None  # (the first thing in it is not bold: not a note, and no need to parse it)
    from bs4 import BeautifulSoup, Tag  # lazy for speed: only items that may be notes are parsed (~50 ms)

    soup = BeautifulSoup(item_html, "html.parser")
    first = _first_meaningful(soup)
    if not (isinstance(first, Tag) and first.name in ("strong", "b")):
        return None
    lead = read_lead(first.get_text())
    if lead is None:
        return None
    checked = check_lead(lead, build_date=build_date)
    if isinstance(checked, str):
        return Diagnostic("error", path, line, f"malformed note: {checked}", NOTE_EXAMPLE.strip())
    kind, when = checked
    first.extract()
    _drop_separator(soup)

    marker = status = reason = recheck = None
    targets: tuple[Target, ...] = ()
    prose = "".join(" " * len(t) if t.find_parent(["pre", "code"]) else str(t) for t in _text_strings(soup))
    located = find_marker(prose)
    if located is not None and not located.closed:
        return Diagnostic("error", path, line, "malformed note: its provenance marker is not closed with ']'",
                          NOTE_EXAMPLE.strip())
    if located is not None:
        s, e = located.start, located.end
        marker = squash(_marker_text(soup, s, e))
        try:
            parsed = parse_marker(marker)
        except ValueError as exc:
            return Diagnostic("error", path, line, f"malformed note: {exc}; found {marker!r}", NOTE_EXAMPLE.strip())
        _remove_text_range(soup, s, e)
        status = parsed.status
        targets = tuple(Target(f, n) for f, n in parsed.targets)
        reason = parsed.reason
        recheck = recheck_date(reason) if reason else None
        problem = recheck_problem(reason) if reason and recheck is None else None
        if problem:
            return Diagnostic("error", path, line, f"malformed note: {problem}", NOTE_EXAMPLE.strip())

    text_html = SafeHtml(re.sub(r"(?:<p>\s*</p>\s*)+$", "", sanitize(soup.decode()).strip()).strip())
    return Note(kind=kind, date=when, text_html=text_html, text=html_to_text(text_html), path=path, line=line,
                marker=marker, status=status, targets=targets, reason=reason, recheck=recheck)  # type: ignore[arg-type]


def parse_notes(items: Iterable[tuple[str, int]], *, path: str, build_date: date
                ) -> tuple[tuple[Note, ...], tuple[Diagnostic, ...], tuple[int, ...]]:
    """Read the nested items (inline HTML, line) of one finding.

    Returns (notes in date order, diagnostics, indexes of the items that stay body content — the
    ordinary items and the malformed notes, so nothing the maintainer wrote disappears).
    """
    notes: list[Note] = []
    problems: list[Diagnostic] = []
    body: list[int] = []
    for i, (html, line) in enumerate(items):
        got = parse_note(html, path=path, line=line, build_date=build_date)
        if isinstance(got, Note):
            notes.append(got)
        else:
            body.append(i)
            if got is not None:
                problems.append(got)
    return tuple(sorted(notes, key=lambda n: (n.date, n.line))), tuple(problems), tuple(body)


def _first_meaningful(node: Tag):
    from bs4 import NavigableString, Tag  # (lazy, see parse_note)

    while True:
        kids = [k for k in node.children if not (isinstance(k, NavigableString) and not k.strip())]
        if not kids:
            return None
        first = kids[0]
        if isinstance(first, Tag) and first.name == "p":
            node = first
            continue
        return first


def _marker_text(soup, s: int, e: int) -> str:
    """The text at [s, e) of the soup's strings; a whole code span in it keeps its backticks, so the note
    shows it as code (and links the path it names), as the finding's own marker does."""
    out, pos = [], 0
    for t in soup.find_all(string=True):
        a, b = pos, pos + len(t)
        pos = b
        if b <= s or a >= e:
            continue
        if t.parent is not None and t.parent.name == "code" and s <= a and b <= e and "`" not in t:
            out.append(f"`{t}`")
        else:
            out.append(str(t)[max(s, a) - a: min(e, b) - a])
    return "".join(out)


def _drop_separator(soup: BeautifulSoup) -> None:
    """Remove the ':' or dash that followed the bold lead (it separates, it is not text)."""
    from bs4 import NavigableString  # (lazy, see parse_note)

    for s in soup.find_all(string=True):
        if not s.strip():
            continue
        new = _SEPARATOR.sub("", s, count=1)
        if new != s:
            s.replace_with(NavigableString(new))
        return


def _text_strings(root: Tag) -> list[NavigableString]:
    """The strings `get_text()` joins: text and CDATA, never an HTML comment (whose text would shift every
    offset after it, so that a marker following `<!-- … -->` was cut in the wrong place)."""
    from bs4 import CData, NavigableString  # (lazy, see parse_note)

    return [t for t in root.find_all(string=True) if type(t) in (NavigableString, CData)]


def _remove_text_range(root: Tag, start: int, end: int) -> None:
    """Delete characters [start, end) of root.get_text(), pruning inline tags left empty."""
    from bs4 import NavigableString, Tag  # (lazy, see parse_note)

    pos = 0
    for s in _text_strings(root):
        n = len(s)
        a, b = max(start, pos), min(end, pos + n)
        if a < b:
            parent = s.parent
            s.replace_with(NavigableString(s[: a - pos] + s[b - pos:]))
            while isinstance(parent, Tag) and parent is not root and parent.name not in ("p", "li") \
                    and not parent.get_text().strip():
                up = parent.parent
                parent.extract()
                parent = up
        pos += n
