"""A finding's body: its note items (nested items with a note-shaped lead) taken out, empty paragraphs dropped."""
from __future__ import annotations

from markdown_it.token import Token

from macros.read.notes import read_lead
from macros.read.tokens import close_of, token_line
from macros.text import reader


def _note_shaped(tokens: list[Token], i: int) -> bool:
    """Whether the list item opening at tokens[i] starts with a note-shaped bold lead (**Update 2026-10-06:**)."""

    if i + 2 >= len(tokens) or tokens[i + 1].type != "paragraph_open" or tokens[i + 2].type != "inline":
        return False
    kids = [c for c in tokens[i + 2].children or () if c.type != "text" or c.content.strip()]
    if not kids or kids[0].type != "strong_open":
        return False
    close = reader.matching_close(kids, 0)
    return close is not None and read_lead(reader.inline_text(kids[1:close])) is not None


def split_notes(inner: list[Token], level: int) -> tuple[list[Token], tuple[tuple[str, int], ...]]:
    """The item's tokens without its note items, and each note item's HTML (not sanitised) and line.

    Notes are the items of lists nested directly in the finding whose bold lead is note-shaped
    (`notes.read_lead`); whether each is a valid note is decided by the loader, which knows the build
    date. A list left with no items is dropped.
    """
    notes: list[tuple[str, int]] = []
    drop: set[int] = set()
    i = 0
    while i < len(inner):
        t = inner[i]
        if t.type in ("bullet_list_open", "ordered_list_open") and t.level == level:
            close = close_of(inner, i)
            kept = 0
            for a, b in reader.blocks(inner, i + 1, close):
                if inner[a].type == "list_item_open" and _note_shaped(inner, a):
                    notes.append((reader.render(inner[a + 1:b - 1]), token_line(inner[a])))
                    drop.update(range(a, b))
                else:
                    kept += 1
            if not kept:
                drop.update((i, close))
            i = close + 1
            continue
        i += 1
    if not notes:
        return inner, ()
    return [t for k, t in enumerate(inner) if k not in drop], tuple(notes)


def body_tokens(inner: list[Token], level: int) -> list[Token]:
    """The item's blocks for the finding page: empty paragraphs dropped, its own paragraphs as <p>."""
    out: list[Token] = []
    i = 0
    while i < len(inner):
        t = inner[i]
        if t.type == "paragraph_open" and i + 2 < len(inner) and inner[i + 1].type == "inline":
            kids = inner[i + 1].children or []
            if not any(c.type not in ("softbreak", "hardbreak", "html_inline")
                       and (c.type != "text" or c.content.strip())
                       for c in kids):
                i += 3
                continue
            if t.level == level:
                t.hidden = inner[i + 2].hidden = False
        out.append(t)
        i += 1
    return out
