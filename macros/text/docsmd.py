"""Python-Markdown converters: the pages of docs/ (as MkDocs converts them) and how corpus headings
were read before the GitHub reader (their ids must not move).
"""
from __future__ import annotations

import markdown

from macros.text.slug import slugify

_EXTENSIONS = [
    "tables",
    "sane_lists",
    "def_list",
    "admonition",
    "toc",
    "pymdownx.highlight",
    "pymdownx.superfences",
]

_EXTENSION_CONFIGS = {
    "toc": {"slugify": slugify, "permalink": False},
    "pymdownx.highlight": {"use_pygments": True, "guess_lang": False},
}


def new_markdown() -> markdown.Markdown:
    """A Python-Markdown converter with the fixed, include-free extension set: the docs' base, and how
    corpus headings were read before (their ids must not move)."""
    return markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS)

_SHARED: markdown.Markdown | None = None

_DOCS: markdown.Markdown | None = None


def shared_markdown() -> markdown.Markdown:
    """The one reused converter, reset for a new document (building one costs more than converting
    a typical corpus file). Its `toc_tokens` describe the last document converted."""
    global _SHARED
    if _SHARED is None:
        _SHARED = new_markdown()
    return _SHARED.reset()


def docs_markdown() -> markdown.Markdown:
    """A converter for the pages of docs/, reset: the corpus set plus the block extensions mkdocs.yml
    adds for those pages (attr_list's `{#id}` changes heading ids), so headings get the ids MkDocs
    will give them."""
    global _DOCS
    if _DOCS is None:
        _DOCS = markdown.Markdown(extensions=[*_EXTENSIONS, "attr_list", "pymdownx.details"],
                                  extension_configs=_EXTENSION_CONFIGS)
    return _DOCS.reset()
