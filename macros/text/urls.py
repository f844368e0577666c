"""The absolute URLs a Markdown text cites, from its tokens: links, images and bare URLs, with their lines.

Shared by the source verifier (every corpus file) and the index reader, which lists them while it has
the index's tokens (one parse instead of two: the index is the largest corpus file).
"""
from __future__ import annotations

from collections.abc import Iterable

from markdown_it.token import Token

MAX_URL_CHARS = 2048  # longer "URLs" are not sources; they are skipped
# Not sources: mail addresses and in-page anchors. Every other scheme is collected (and refused later).
_SKIP_SCHEMES = ("mailto:", "tel:")


def _has_scheme(href: str) -> bool:
    head, sep, _ = href.partition(":")
    return bool(sep) and head.isascii() and head[:1].isalpha() and all(c.isalnum() or c in "+.-" for c in head)


def is_source_url(href: str) -> bool:
    """An absolute URL that can be a source: a scheme, not mail or phone, at most MAX_URL_CHARS long."""
    href = href.strip()
    return (0 < len(href) <= MAX_URL_CHARS and _has_scheme(href)
            and not href.lower().startswith(_SKIP_SCHEMES))


def token_urls(tokens: Iterable[Token]) -> list[tuple[str, int]]:
    """(url, 1-based line) of every absolute URL in the inline tokens of a parse, in order."""
    out: list[tuple[str, int]] = []
    for tok in tokens:
        if tok.type == "inline" and tok.map:
            out.extend(inline_urls(tok))
    return out


def inline_urls(tok: Token) -> list[tuple[str, int]]:
    """(url, 1-based line) of the absolute URLs of one inline token (its line from its map, else 1)."""
    line = tok.map[0] + 1 if tok.map else 1
    out = []
    for child in tok.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type in ("link_open", "image"):
            href = str(child.attrs.get("href" if child.type == "link_open" else "src", ""))
            if is_source_url(href):
                out.append((href.strip(), line))
        elif child.type in ("text", "code_inline", "html_inline"):
            line += child.content.count("\n")
    return out
