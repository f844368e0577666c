"""A doc's headings with the ids the site gives them, and the heading a merge note names."""
from __future__ import annotations

import re

from macros.model.data import Heading
from macros.text import reader
from macros.text.plain import html_to_text, squash
from macros.text.sanitize import safe_anchor


def doc_headings(text: str, md=None) -> tuple[Heading, ...]:
    """Headings of a Markdown doc with the ids its page gives them.

    A working doc is corpus Markdown: its headings are read as GitHub reads them, with the forge's ids
    (`forge_headings`). `md` is given for a page of the site's own under docs/: the converter MkDocs uses
    for it (the glue builds one from mkdocs.yml's `markdown_extensions`), so its headings get MkDocs' ids.
    """
    if md is None:
        return forge_headings(text)
    md.reset()
    md.convert(text)
    out: list[Heading] = []

    def walk(tokens: list[dict]) -> None:
        for tok in tokens:
            # the page shows a reserved id (`__config`, `findings` …) prefixed: so does the anchor
            out.append(Heading(tok["level"], html_to_text(tok["name"]), safe_anchor(tok["id"])))
            walk(tok["children"])

    walk(md.toc_tokens)  # type: ignore[attr-defined]
    return tuple(out)


def forge_headings(text: str) -> tuple[Heading, ...]:
    """Every heading of a corpus Markdown file with the forge's id (safe_anchor'd, as its page shows it)."""
    tokens = reader.heading_parse(text)
    reader.heading_ids(tokens)
    return tuple(Heading(int(t.tag[1]), squash(reader.inline_text(tokens[i + 1].children)),
                         safe_anchor(str(t.attrGet("id"))))
                 for i, t in enumerate(tokens) if t.type == "heading_open" and i + 1 < len(tokens))

_FILLER = {"section", "sections", "added", "add", "under", "now", "the", "a", "an", "new", "in", "to", "of", "heading"}

_WORD = re.compile(r"[\w]+", re.UNICODE)

_QUOTED = re.compile(r"[\"“”']([^\"“”]{2,}?)[\"“”']")

_UNDER = re.compile(r"\bunder\s+(.+)$", re.IGNORECASE)

_SECTION = re.compile(r"(?:^|[,;(]\s*)([^,;()]*?)\s+section\b", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower().replace("_", " "))]


def _content_words(text: str) -> list[str]:
    return [w for w in _words(text) if w not in _FILLER]


def resolve_section(note: str, headings: tuple[Heading, ...]) -> tuple[Heading | None, str | None]:
    """Find the heading a merge note names.

    Returns (heading, named): `named` is the section phrase when the note clearly names one
    (quoted, "under …", "… section"), so that a miss is an error; None when the note is free text.
    """
    named: str | None = None
    m = _QUOTED.search(note)
    if m:
        named = m.group(1)
    else:
        m = _UNDER.search(note)
        if m:
            named = re.split(r"[;(]", m.group(1))[0]
        else:
            m = _SECTION.search(note)
            if m:
                named = m.group(1)
    if named is not None:
        return _match_heading(named, headings, loose=True), squash(named)
    return _match_heading(note, headings, loose=False), None


def _match_heading(phrase: str, headings: tuple[Heading, ...], *, loose: bool) -> Heading | None:
    want = _content_words(phrase)
    if not want:
        return None
    normal = [(h, _content_words(h.text)) for h in headings]
    for h, words in normal:  # exact
        if words == want:
            return h
    if not loose:
        return None
    # the heading is the phrase plus qualifiers ("MEDIUM" for "MEDIUM severity")
    best = [(len(words), h) for h, words in normal if words and _contains(want, words)]
    if best:
        return max(best, key=lambda t: t[0])[1]
    # the phrase is part of the heading, trying the words nearest "section" first
    for start in range(len(want)):
        tail = want[start:]
        for h, words in normal:
            if _contains(words, tail):
                return h
    return None


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
