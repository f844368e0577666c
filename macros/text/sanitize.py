"""Corpus Markdown to safe HTML: one Markdown reader (macros/reader.py), one allow-list sanitiser.

Corpus text only ever reaches a page through this module. It never becomes template source, never
passes through mkdocs-macros, and never sees the snippets extension.
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping
from urllib.parse import quote, unquote

import nh3

from macros.text.plain import squash
from macros.text.reader import to_html, to_html_aliases
from macros.text.safehtml import SafeHtml
from macros.text.slug import github_slug

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
}

_ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir", "id"},  # ids are prefixed (see `sanitize`)
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
}

_SCHEMES = {"http", "https", "mailto"}


def markdown_to_raw_html(text: str) -> str:
    """Convert corpus Markdown (written for GitHub) to (not yet sanitised) HTML, as GitHub reads it."""
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

USER_CONTENT = "user-content-"

#: Ids the page itself uses: Material's own all start with `__` (`__config`, `__drawer`, `__search`,
#: `__toc`, `__palette_0`, `__nav_1` …); ours start with `corpus-` (`corpus-live`, set by corpus.js) or
#: `finding-` (the findings list), or are the fixed ids of the templates in overrides/corpus/.
#: tests/test_hostile.py scans Material's templates, overrides/ and corpus.js and checks each is covered.
#: Ids a corpus heading publishes are not taken: the index's map heading keeps its slug (`directory-map`)
#: and the lane page's link to the briefs' catalog is `corpus-catalog`, so a lane README's `## Catalog`
#: keeps `#catalog`.
# note-YYYY-MM-DD: a finding's timeline; cg-: the provenance maps and the findings timeline (cg-month-…)
RESERVED_PREFIXES = ("__", "corpus-", "finding-", "note-", "cg-")

RESERVED_IDS = frozenset({
    "artifact-title", "brief-title", "cited-by-findings", "cited-paths", "content", "corpus-index",
    "findings", "findings-merged-here", "health", "home", "inventory", "lane-title", "notes",
    "other-files", "overdue", "provenance", "readme", "source", "sources", "unsourced", "upcoming", "ways-in",
    "timeline", "later-in-corpus", "history-title", "history-partial", "history-quiet",
    "provenance-map", "maps-by-doc", "maps-by-lane", "the-map-as-a-table", "more-findings", "where-it-went",
    "findings-timeline",
})


def reserved_id(value: str) -> bool:
    """Whether an element id belongs to the theme, our templates or our JS (never to corpus HTML)."""
    return value.startswith(RESERVED_PREFIXES) or value in RESERVED_IDS


def safe_anchor(slug: str) -> str:
    """A heading slug made from corpus text, as it may be used as an id: reserved ones get the prefix."""
    return USER_CONTENT + slug if reserved_id(slug) and not slug.startswith(USER_CONTENT) else slug


def _prefixed(value: str) -> str:
    return value if value.startswith(USER_CONTENT) else USER_CONTENT + value

_HEADING_TAGS = {f"h{n}" for n in range(1, 7)}

# nh3's serialisation: every attribute value double-quoted, `"` and `&` escaped (`>` may occur inside)
_HEADING = re.compile(r'<(h[1-6])((?:\s+[^\s="<>/]+(?:="[^"]*")?)*)\s*>(.*?)</\1>', re.DOTALL)

_ID_ATTR = re.compile(r'(\sid=")([^"]*)(")')

_HREF_HASH = re.compile(r'(\shref="#)([^"]*)(")')

_TAG = re.compile(r"<[^>]*>")


def _fix_headings(html_text: str, renamed: set[str], aliases: Mapping[str, str]) -> str:
    """A heading keeps its id when it is the forge's slug of the heading's text (published anchors stay
    put) and it is not reserved; any other heading id came from corpus HTML and gets the prefix. A heading
    with an old id in `aliases` gets an empty anchor carrying it, first thing inside the heading."""
    def fix(m: re.Match) -> str:
        attrs = m.group(2)
        idm = _ID_ATTR.search(attrs)
        if idm is None:
            return m.group(0)
        value = html.unescape(idm.group(2))
        text = html.unescape(_TAG.sub("", m.group(3)))
        slug = github_slug(text)
        ours = value == slug or re.fullmatch(re.escape(slug) + r"-\d+", value) is not None
        inner = m.group(3)
        if ours and value in aliases:
            inner = alias_anchor(aliases[value]) + inner
        if ours and not reserved_id(value):
            return f"<{m.group(1)}{attrs}>{inner}</{m.group(1)}>"
        renamed.add(value)
        new = idm.group(1) + html.escape(_prefixed(value), quote=True) + idm.group(3)
        return f"<{m.group(1)}{attrs[:idm.start()]}{new}{attrs[idm.end():]}>{inner}</{m.group(1)}>"

    return _HEADING.sub(fix, html_text)


def alias_anchor(old_id: str) -> str:
    """An empty anchor keeping a published id working (a reserved one gets the prefix, like any corpus id)."""
    return f'<a id="{html.escape(safe_anchor(old_id), quote=True)}" class="corpus-alias"></a>'


def _fix_in_page_links(html_text: str, renamed: set[str]) -> str:
    """`href="#x"` follows x to its new id when x was renamed in the same fragment."""
    if not renamed:
        return html_text

    def fix(m: re.Match) -> str:
        target = unquote(html.unescape(m.group(2)))
        if target not in renamed:
            return m.group(0)
        return m.group(1) + html.escape(quote(_prefixed(target), safe="-_.~"), quote=True) + m.group(3)

    return _HREF_HASH.sub(fix, html_text)


def sanitize(fragment: str, aliases: Mapping[str, str] | None = None) -> SafeHtml:
    """Reduce an HTML fragment to the allow-list: no scripts, handlers, frames or foreign URLs.

    DOM clobbering: every `id` and `name` from corpus HTML gets the `user-content-` prefix (as on
    GitHub), so no corpus element can stand in for `#__config` or any other id the page uses; in-page
    links to them are rewritten to match. Heading ids our slugifier made keep their slug, unless
    the slug is reserved (`reserved_id`).
    """
    renamed: set[str] = set()

    def attribute(tag: str, attr: str, value: str) -> str | None:
        if attr in ("id", "name"):
            if not value:
                return None
            if attr == "id" and tag in _HEADING_TAGS:
                return value  # decided in _fix_headings, which sees the heading's text
            renamed.add(value)
            return _prefixed(value)
        return value

    clean = nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=attribute,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    clean = _fix_in_page_links(_fix_headings(clean, renamed, aliases or {}), renamed)
    return SafeHtml(_IMG.sub(lambda m: _image_as_link(m, keep_local=False), clean))


def markdown_to_html(text: str) -> SafeHtml:
    """Convert untrusted Markdown to sanitised HTML (headings with the forge's ids and their old ones)."""
    raw, aliases = to_html_aliases(text)
    return sanitize(raw, aliases)


def escape(text: str) -> str:
    return html.escape(text, quote=True)

def truncate(text: str, limit: int) -> str:
    """Cut plain text to at most `limit` characters at a word boundary, with an ellipsis."""
    text = squash(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:—–-") + "…"

_DOC_ATTRIBUTES = {**_ATTRIBUTES, "a": {"href", "title"},
                   "input": {"type", "checked", "disabled"}, "label": {"for"}}


def sanitize_doc(fragment: str) -> SafeHtml:
    """Sanitise a rendered corpus doc page: like `sanitize`, keeping ids and Material's markup.

    The docs' ids are MkDocs' own heading slugs and `{#id}`s, so they are kept, except reserved ones
    (`reserved_id`), which get the `user-content-` prefix, with the in-page links to them.
    """
    renamed: set[str] = set()

    def attribute(tag: str, attr: str, value: str) -> str | None:
        if attr in ("id", "for") and reserved_id(value):
            renamed.add(value)
            return _prefixed(value)
        return value

    clean = nh3.clean(
        fragment,
        tags=_TAGS | {"input", "label"},
        attributes=_DOC_ATTRIBUTES,
        attribute_filter=attribute,
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    clean = _fix_in_page_links(clean, renamed)
    return SafeHtml(_IMG.sub(lambda m: _image_as_link(m, keep_local=True), clean))
