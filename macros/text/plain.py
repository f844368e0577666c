"""Small text helpers shared by every layer: HTML to plain text, unique names."""
from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable, Container

_TAG = re.compile(r"<[^>]*>")
_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space."""
    return _WS.sub(" ", text).strip()


def html_to_text(html: str) -> str:
    """What a reader sees of an HTML fragment: tags dropped, entities decoded, whitespace squashed."""
    return squash(htmllib.unescape(_TAG.sub("", html))) if html else ""


def unique_name(name: str, taken: Container[str], *, sep: str = "-", start: int = 2,
                fold: Callable[[str], str] = str) -> str:
    """`name`, else `name-2`, `name-3` …: the first that `taken` does not hold (compared as `fold(x)`).

    The caller records the result in `taken`; a finite `taken` bounds the loop.
    """
    out, n = name, start
    while fold(out) in taken:
        out = f"{name}{sep}{n}"
        n += 1
    return out


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str, limit: int) -> str:
    """Plain text on one line: control characters and line breaks dropped, spaces squashed, at most `limit`
    characters (an ellipsis marks the cut)."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
