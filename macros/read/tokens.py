"""Small helpers over markdown-it tokens shared by the index readers."""
from __future__ import annotations

from markdown_it.token import Token

from macros.text import reader


def token_line(tok: Token) -> int:
    return tok.map[0] + 1 if tok.map else 1


def render_blocks(tokens: list[Token], ranges: list[tuple[int, int]]) -> str:
    return "".join(reader.render(tokens[a:b]) for a, b in ranges)


def close_of(tokens: list[Token], i: int) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1
