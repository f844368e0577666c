"""GitHub-flavoured Markdown as blocks with source lines, for the readers of prose corpus files.

The readers (briefread, laneread) need what GitHub shows — tables with escaped pipes and delimiter rows of
any dash length, bare URLs as links, lists directly under headings — and the line each piece came from.
`reader.parser()` (markdown-it-py, CommonMark + GitHub's extensions) gives both: this module is a thin
layer of block and token helpers over that one parser. No mkdocs import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from macros.text.plain import squash
from macros.text.reader import matching_close, parser, render, render_inline
from macros.text.safehtml import SafeHtml
from macros.text.sanitize import sanitize

READ_LIMIT = 512 * 1024  # a prose file is read up to this many characters: bounded work per file


def gfm() -> MarkdownIt:
    """The corpus parser of `reader` (CommonMark + GitHub's extensions, bounded autolinks and nesting): the
    readers see exactly what the pages show."""
    return parser()


def text_of(inline: Token | None) -> str:
    """The plain text a reader sees in an inline token (code spans keep their content, breaks are spaces)."""
    if inline is None or not inline.children:
        return squash(inline.content) if inline is not None else ""
    out: list[str] = []
    for c in inline.children:
        if c.type in ("text", "code_inline"):
            out.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif c.type == "image":
            out.append(c.content)
    return squash("".join(out))


def html_of(inline: Token | None) -> SafeHtml:
    """Sanitised inline HTML of an inline token."""
    if inline is None or not inline.children:
        return SafeHtml("")
    return sanitize(render_inline(inline.children)).strip()


def links_of(inline: Token | None) -> list[tuple[str, str]]:
    """(href, link text) of every link in an inline token, bare URLs included, in order."""
    out: list[tuple[str, str]] = []
    if inline is None or not inline.children:
        return out
    href: str | None = None
    buf: list[str] = []
    for c in inline.children:
        if c.type == "link_open":
            href, buf = str(c.attrGet("href") or ""), []
        elif c.type == "link_close" and href is not None:
            out.append((href, squash("".join(buf))))
            href = None
        elif href is not None and c.type in ("text", "code_inline"):
            buf.append(c.content)
    return out


def strong_texts(inline: Token | None) -> list[str]:
    """The text of each **bold** span of an inline token."""
    out: list[str] = []
    if inline is None or not inline.children:
        return out
    depth, buf = 0, []
    for c in inline.children:
        if c.type == "strong_open":
            depth += 1
            if depth == 1:
                buf = []
        elif c.type == "strong_close":
            depth -= 1
            if depth == 0:
                out.append(squash("".join(buf)))
        elif depth and c.type in ("text", "code_inline"):
            buf.append(c.content)
    return out


def lead_strong(inline: Token | None) -> Token | None:
    """The inline token's leading **bold** run as a token of its own, or None when it does not start bold."""
    if inline is None or not inline.children:
        return None
    kids = inline.children
    i = 0
    while i < len(kids) and kids[i].type == "text" and not kids[i].content.strip():
        i += 1
    if i >= len(kids) or kids[i].type != "strong_open":
        return None
    j = matching_close(kids, i)
    if j is None:
        return None
    tok = Token("inline", "", 0)
    tok.children = kids[i + 1 : j]
    return tok


def code_spans(inline: Token | None) -> list[str]:
    if inline is None or not inline.children:
        return []
    return [c.content for c in inline.children if c.type == "code_inline"]


@dataclass
class Block:
    """One block of a Markdown file: a heading, a paragraph, a list item or a table."""

    kind: str  # heading | para | item | table
    line: int  # 1-based first line
    inlines: list[Token] = field(default_factory=list)  # heading/para: one; item: its paragraphs
    level: int = 0  # heading level
    quote: bool = False  # inside a blockquote
    ordered: bool = False  # item of a numbered list
    depth: int = 0  # list nesting depth of an item (1 = top level)
    header: list[Token] = field(default_factory=list)  # table header cells
    rows: list[tuple[int, list[Token]]] = field(default_factory=list)  # table body rows (line, cells)
    body: list[Token] = field(default_factory=list)  # item: every token inside it (nested lists, code, tables)

    @property
    def inline(self) -> Token | None:
        return self.inlines[0] if self.inlines else None

    @property
    def text(self) -> str:
        return squash(" ".join(text_of(t) for t in self.inlines))


def markdown_blocks(markdown: str, line_offset: int = 0) -> list[Block]:
    """The blocks of `markdown` in document order; lines are 1-based plus `line_offset`."""
    tokens = gfm().parse(markdown[:READ_LIMIT])
    out: list[Block] = []
    lists: list[bool] = []  # ordered flag per open list
    items: list[Block] = []  # open list items, innermost last
    quote = 0
    table: Block | None = None
    row: list[Token] | None = None
    row_line = 0
    in_head = False
    heading: Block | None = None

    def line(tok: Token) -> int:
        return (tok.map[0] if tok.map else 0) + 1 + line_offset

    starts: list[int] = []  # token index of each open list item
    for i, tok in enumerate(tokens):
        t = tok.type
        if t in ("blockquote_open", "blockquote_close"):
            quote += 1 if t == "blockquote_open" else -1
        elif t in ("bullet_list_open", "ordered_list_open"):
            lists.append(t == "ordered_list_open")
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop() if lists else None
        elif t == "list_item_open":
            b = Block("item", line(tok), quote=quote > 0, ordered=bool(lists and lists[-1]), depth=len(lists))
            items.append(b)
            starts.append(i)
            out.append(b)
        elif t == "list_item_close":
            if items:
                items.pop().body = tokens[starts.pop() + 1:i]
        elif t == "heading_open":
            out.append(heading := Block("heading", line(tok), level=int(tok.tag[1]), quote=quote > 0))
        elif t == "heading_close":
            heading = None
        elif t == "table_open":
            out.append(table := Block("table", line(tok), quote=quote > 0, depth=len(lists)))
        elif t == "table_close":
            table = None
        elif t in ("thead_open", "thead_close"):
            in_head = t == "thead_open"
        elif t == "tr_open":
            row, row_line = [], line(tok)
        elif t == "tr_close" and table is not None and row is not None:
            if in_head:
                table.header = row
            else:
                table.rows.append((row_line, row))
            row = None
        elif t == "inline":
            holder = row if row is not None else heading.inlines if heading is not None else \
                items[-1].inlines if items else None
            if holder is not None:
                holder.append(tok)
            else:
                out.append(Block("para", line(tok), [tok], quote=quote > 0))
    return out


def item_html(b: Block) -> SafeHtml:
    """Sanitised HTML of everything in a list item, its nested blocks included (its own paragraphs as <p>)."""
    own = {t.level for t in b.body[:1]}
    tokens = []
    for t in b.body:
        if t.type in ("paragraph_open", "paragraph_close") and t.level in own and t.hidden:
            t = t.copy(hidden=False)
        tokens.append(t)
    return sanitize(render(tokens)).strip()


def sections(bs: list[Block], level: int) -> list[tuple[Block | None, list[Block]]]:
    """Split blocks at headings of `level` or higher: (heading or None for the part before, blocks)."""
    out: list[tuple[Block | None, list[Block]]] = [(None, [])]
    for b in bs:
        if b.kind == "heading" and b.level <= level:
            out.append((b, []))
        else:
            out[-1][1].append(b)
    return out


def words_start(text: str, *prefixes: str) -> bool:
    """Whether a heading's text starts (case-insensitively, ignoring punctuation) with one of the prefixes."""
    norm = squash(re.sub(r"[^\w\s-]", " ", text.lower()))
    return any(norm in (p, p + "s") or norm.startswith((p + " ", p + "s ")) for p in prefixes)
