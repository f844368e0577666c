"""Unit tests of the reader helpers: front matter and markers."""
from __future__ import annotations

import pytest

from macros.read.frontmatter import split_front_matter
from macros.read.markers import find_marker


@pytest.mark.parametrize("text, fm, body, line", [
    ("---\na: 1\n---\nbody", "a: 1", "body", 4),
    ("---\r\na: 1\r\n---\r\nbody", "a: 1", "body", 4),
    ("---\na: 1\n...\nbody\n", "a: 1", "body\n", 4),
    ("no front matter", None, "no front matter", 1),
    ("---\nunclosed\n", None, "---\nunclosed\n", 1),
])
def test_split_front_matter(text, fm, body, line):
    assert split_front_matter(text) == (fm, body, line)


@pytest.mark.parametrize("text, found", [
    ("body **[merged: A.md]**", "[merged: A.md]"),
    ("x [flagged — y] z", "[flagged — y]"),
    ("[flagged] and then [merged: B.md]", "[merged: B.md]"),  # the last one
    ("[merged: A.md — see [the note] here]", "[merged: A.md — see [the note] here]"),  # nested brackets
    ("no marker", None),
    ("x [merged: A.md", "unterminated"),
])
def test_find_marker(text, found):
    where = find_marker(text)
    if where is not None and not where.closed:
        assert (where.start, where.end) == (text.index("[merged"), len(text))
        where = "unterminated"
    assert (text[where.start:where.end] if where not in (None, "unterminated") else where) == found
