"""`reader.heading_parse` runs the inline pass on headings only: their tokens, ids and aliases must be the
ones a full parse gives, on every corpus Markdown file and on headings that lean on the rest of the file."""
from __future__ import annotations

from support.paths import ROOT
from macros.text import reader

TRICKY = """\
# Title with [a reference][ref] and `code` and a \\# escaped hash

Setext heading with *emphasis*
==============================

## Same

## Same

### A footnote[^1] and https://example.org/linkified and <https://auto.example>

#### &amp; entities &#35; and a [link](x.md#y) ![image](i.png)

##### Trailing #s ##

* ## A heading in a list

> ### A heading in a quote

[ref]: https://example.org/ref
[^1]: the note
"""


def _headings(tokens):
    aliases = reader.heading_ids(tokens)
    got = [(t.tag, t.map, t.attrGet("id"), [(c.type, c.content, c.attrs) for c in tokens[i + 1].children or ()])
           for i, t in enumerate(tokens) if t.type == "heading_open"]
    return got, aliases


def test_heading_parse_gives_the_headings_of_a_full_parse():
    texts = [TRICKY] + [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("tooling/**/*.md"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("*.md"))]
    assert len(texts) > 20
    for text in texts:
        assert _headings(reader.heading_parse(text)) == _headings(reader.parse(text))
    full = reader.parse(TRICKY)
    assert any(t.type == "inline" and t.children for i, t in enumerate(full) if full[i - 1].type == "paragraph_open")
    only = reader.heading_parse(TRICKY)
    assert not any(t.type == "inline" and t.children for i, t in enumerate(only) if only[i - 1].type == "paragraph_open")
