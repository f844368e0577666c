"""Every corpus Markdown file of the test fixtures renders block for block as GitHub's Markdown reads it.

The reference is markdown-it-py in CommonMark mode with the GFM plugins and nothing of ours (no sanitiser,
no highlighting, no heading ids). The site's HTML for the same file (`markdown_to_html`: the one reader,
sanitised, forge ids) must have the same blocks with the same text, apart from what the site removes on
purpose (scripts and handlers) and what it adds (alias anchors, task glyphs, highlighting). The site's
blocks and heading ids are also kept in golden files: `pytest --update-goldens` rewrites them.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt
from mdit_py_plugins.gfm import gfm_plugin

from support.paths import ROOT
from macros.read.frontmatter import split_front_matter
from macros.text.sanitize import markdown_to_html

FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden" / "render"
FILES = sorted(p for p in FIXTURES.rglob("*.md") if p.is_file())

_REFERENCE = MarkdownIt("commonmark", {"html": True}).use(gfm_plugin)


def _body(path: Path) -> str:
    return split_front_matter(path.read_text(encoding="utf-8"))[1]


def _normalised(html: str) -> BeautifulSoup:
    """The HTML with what the site removes or adds on purpose taken out of both sides."""
    soup = BeautifulSoup(html, "html.parser")
    for el in soup.select("script, style, a.corpus-alias, span.task-list-item-checkbox, input"):
        el.decompose()
    for el in soup.select("section, div.highlight, pre span"):  # footnotes' wrapper; the highlighter's
        el.unwrap()
    return BeautifulSoup(str(soup), "html.parser")  # (re-read: the highlighted code's text in one piece)


def blocks(html: str) -> list[list[str]]:
    """[tag, text, the tags inside] of each top-level block, text squashed: what a reader sees, block by
    block, and the structure (nested lists, code, tables, quotes) it is shown in."""
    out = []
    for el in _normalised(html).children:
        if isinstance(el, Tag):
            inner = " ".join("del" if d.name == "s" else d.name for d in el.find_all(True))  # GitHub writes <del>
            out.append([el.name, re.sub(r"\s+", " ", el.get_text(" ")).strip(), inner])
    return out


def _case(path: Path) -> str:
    return path.relative_to(FIXTURES).as_posix().replace("/", "__").removesuffix(".md")


def test_there_is_a_file_with_every_construct():
    assert any(p.name == "CORPUS_constructs.md" for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=_case)
def test_block_for_block_as_github_renders(path: Path, golden):
    text = _body(path)
    site = markdown_to_html(text)
    assert blocks(site) == blocks(_REFERENCE.render(text))
    ids = [h["id"] for h in BeautifulSoup(site, "html.parser").select("h1, h2, h3, h4, h5, h6")]
    golden.check(GOLDEN / f"{_case(path)}.yaml", {"blocks": blocks(site), "heading_ids": ids}, partial=False)


def test_the_construct_file_keeps_what_github_shows():
    html = markdown_to_html(_body(FIXTURES / "maintainer" / "CORPUS_constructs.md"))
    soup = BeautifulSoup(html, "html.parser")
    assert "<|turn>" in [c.get_text() for c in soup.select("td code")]
    assert soup.find("p", string=re.compile("^plain")) is None  # `\|` outside code is a pipe in its cell
    assert [td.get_text() for td in soup.select("tr:nth-of-type(3) td")] == ["plain | pipe", "escaped outside code"]
    assert soup.find("script") is None and "onclick" not in html
    assert soup.select_one("details > summary").get_text() == "More detail"
