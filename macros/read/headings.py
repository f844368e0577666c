"""A doc's headings with the ids the site gives them, and the heading a merge note names."""
from __future__ import annotations

import re

from macros.model.data import Heading
from macros.text.docsmd import docs_markdown
from macros.text.plain import html_to_text, squash
from macros.text.sanitize import safe_anchor


def doc_headings(text: str, md=None) -> tuple[Heading, ...]:
    """Headings of a Markdown doc with the ids the site gives them.

    `md` is the converter MkDocs would use for the page (the glue passes one built from mkdocs.yml's
    `markdown_extensions`); without it, the corpus set plus attr_list.
    """
    md = md.reset() if md is not None else docs_markdown()
    md.convert(text)
    out: list[Heading] = []

    def walk(tokens: list[dict]) -> None:
        for tok in tokens:
            # the page shows a reserved id (`__config`, `findings` …) prefixed: so does the anchor
            out.append(Heading(tok["level"], html_to_text(tok["name"]), safe_anchor(tok["id"])))
            walk(tok["children"])

    walk(md.toc_tokens)  # type: ignore[attr-defined]
    return tuple(out)

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
