"""Unit tests of the text helpers: unique names, HTML to text, truncation, safe path segments."""
from __future__ import annotations

import pytest

from macros.text.plain import html_to_text, unique_name
from macros.text.sanitize import truncate
from macros.text.slug import safe_segment


@pytest.mark.parametrize("name, taken, kwargs, expected", [
    ("a", set(), {}, "a"),
    ("a", {"a"}, {}, "a-2"),
    ("a", {"a", "a-2", "a-3"}, {}, "a-4"),
    ("Notes", {"notes"}, {"fold": str.casefold}, "Notes-2"),
    ("id", {"id", "id_1"}, {"sep": "_", "start": 1}, "id_2"),
])
def test_unique_name(name, taken, kwargs, expected):
    assert unique_name(name, taken, **kwargs) == expected


@pytest.mark.parametrize("html, text", [
    ("", ""),
    ("<p>a <code>b</code>\n  c</p>", "a b c"),
    ("&lt;/title&gt; &amp; &quot;q&quot;", '</title> & "q"'),
    ("<a href=\"x\">link</a>", "link"),
])
def test_html_to_text(html, text):
    assert html_to_text(html) == text


@pytest.mark.parametrize("text, limit, expected", [
    ("short", 10, "short"),
    ("a  b\n c", 10, "a b c"),
    ("one two three four", 12, "one two…"),
    ("one two, three", 10, "one two…"),
    ("x" * 20, 5, "xxxx…"),
])
def test_truncate(text, limit, expected):
    out = truncate(text, limit)
    assert out == expected and len(out) <= limit


@pytest.mark.parametrize("name, segment", [
    ("plain.txt", "plain.txt"), ("with space.txt", "with-space.txt"), ("hash#1.txt", "hash-1.txt"),
    ("q?.txt", "q-.txt"), ("ünï cödé.txt", "ünï-cödé.txt"), ("..", "file"), (".", "file"), ("", "file"),
    ("<img src=x>", "img-src-x"),
])
def test_safe_segment(name, segment):
    assert safe_segment(name) == segment
    assert "/" not in segment and segment not in ("", ".", "..")
