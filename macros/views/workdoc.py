"""A working doc (GOTCHAS.md, SYNTHESIS.md, CORPUS_*.md …) as its page shows it: read as GitHub reads it.

The working docs are corpus Markdown like everything under the corpus folder: the one GitHub reader
(`macros.text.reader`), the one sanitiser, the forge's heading ids (old ids kept as aliases), and the
corpus cross-links. The page's table of contents is built from the same headings. No mkdocs import.
"""
from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass

from macros.fs.memo import Memo, read_with
from macros.model.data import Doc
from macros.text.plain import html_to_text
from macros.text.sanitize import markdown_to_html
from macros.xref.anchors import doc_base
from macros.xref.links import PathIndex, link_html

_HEADING = re.compile(r'<h([1-6]) id="([^"]*)"[^>]*>(.*?)</h\1>', re.DOTALL)
_ANY_ID = re.compile(r'\sid="([^"]*)"')


@dataclass(frozen=True)
class WorkingDoc:
    html: str
    toc: list[dict]  # nested entries in the shape of Python-Markdown's `toc_tokens` (MkDocs' get_toc reads it)
    ids: frozenset[str]  # every id on the rendered doc (headings, aliases, footnotes)
    broken: tuple[str, ...]  # relative hrefs that name nothing


def render_working_doc(text: str, doc: Doc, index: PathIndex, page_url: str, memo: Memo | None = None) -> WorkingDoc:
    """The sanitised, cross-linked HTML of a working doc, its table of contents and its ids (`memo`: the
    converted text kept by `mkdocs serve` between builds)."""
    result = link_html(read_with(memo, markdown_to_html, text), index, page_url, base=doc_base(doc, index.root))
    return WorkingDoc(result.html, toc_tokens(result.html), frozenset(_ANY_ID.findall(result.html)),
                      result.broken)


def toc_tokens(html: str) -> list[dict]:
    """Every heading of `html` as a nested table-of-contents entry (a deeper heading under the one before)."""
    root: list[dict] = []
    stack: list[dict] = []
    for m in _HEADING.finditer(html):
        level, name = int(m.group(1)), htmllib.escape(html_to_text(m.group(3)))
        entry = {"level": level, "id": htmllib.unescape(m.group(2)), "name": name, "html": name,
                 "data-toc-label": "", "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(entry)
        stack.append(entry)
    return root
