"""Corpus Markdown to safe HTML: one Markdown reader (macros/reader.py), one allow-list sanitiser.

Corpus text only ever reaches a page through this module. It never becomes template source, never
passes through mkdocs-macros, and never sees the snippets extension.
"""
from __future__ import annotations

import html
import re

import markdown
import nh3
from pymdownx.slugs import slugify as _make_slugify

#: The one slugifier for every heading id on the site (also configured in mkdocs.yml's toc).
slugify = _make_slugify(case="lower")

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

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
}
_ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    **{f"h{n}": {"id"} for n in range(1, 7)},
}
_SCHEMES = {"http", "https", "mailto"}


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


def markdown_to_raw_html(text: str) -> str:
    """Convert corpus Markdown (written for GitHub) to (not yet sanitised) HTML, as GitHub reads it."""
    from .reader import to_html  # the reader imports this module's slugify

    return to_html(text)


_IMG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'\s([a-z]+)="([^"]*)"')


def _image_as_link(m: re.Match, *, keep_local: bool) -> str:
    """An image becomes a link to it: the site never loads anything from elsewhere at page load, and
    a corpus file's relative image has no copy next to its page."""
    attrs = dict(_ATTR.findall(m.group(0)))
    src, alt = attrs.get("src", ""), attrs.get("alt", "") or "image"
    remote = src.startswith(("http://", "https://", "//"))
    if keep_local and src and not remote:
        return m.group(0)
    label = f'<span class="corpus-img">[image: {alt}]</span>'  # alt is already escaped by nh3
    return f'<a href="{src}" rel="noopener noreferrer">{label}</a>' if remote else label


def sanitize(fragment: str) -> str:
    """Reduce an HTML fragment to the allow-list: no scripts, handlers, frames or foreign URLs."""
    clean = nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _IMG.sub(lambda m: _image_as_link(m, keep_local=False), clean)


def markdown_to_html(text: str) -> str:
    """Convert untrusted Markdown to sanitised HTML."""
    return sanitize(markdown_to_raw_html(text))


def escape(text: str) -> str:
    return html.escape(text, quote=True)


_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space."""
    return _WS.sub(" ", text).strip()


def truncate(text: str, limit: int) -> str:
    """Cut plain text to at most `limit` characters at a word boundary, with an ellipsis."""
    text = squash(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:—–-") + "…"


_DOC_ATTRIBUTES = {**_ATTRIBUTES, "*": _ATTRIBUTES["*"] | {"id"}, "a": {"href", "title"},
                   "input": {"type", "checked", "disabled"}, "label": {"for"}}


def sanitize_doc(fragment: str) -> str:
    """Sanitise a rendered corpus doc page: like `sanitize`, keeping ids and Material's markup."""
    clean = nh3.clean(
        fragment,
        tags=_TAGS | {"input", "label"},
        attributes=_DOC_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return _IMG.sub(lambda m: _image_as_link(m, keep_local=True), clean)
