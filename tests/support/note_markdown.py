"""A test helper: one note item written as Markdown, parsed as the loader parses a note's HTML."""
from __future__ import annotations

import re
from datetime import date

from macros.model.data import Diagnostic
from macros.model.notes import Note
from macros.read.notes import parse_note
from macros.text.sanitize import markdown_to_raw_html


def parse_note_markdown(source: str, *, path: str, line: int, build_date: date) -> Note | Diagnostic | None:
    """`parse_note` for the Markdown text of an item (without its bullet): ``**Update 2026-10-06:** …``."""
    html = markdown_to_raw_html(source)
    html = re.sub(r"^\s*<p>(.*)</p>\s*$", r"\1", html, flags=re.DOTALL)  # one paragraph → inline
    return parse_note(html, path=path, line=line, build_date=build_date)
