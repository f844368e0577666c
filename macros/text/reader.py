"""Corpus Markdown read as GitHub reads it: one CommonMark + GitHub-flavoured parser, and token helpers.

Everything under the corpus folder is written to be read on GitHub, so it is parsed with markdown-it-py
in CommonMark mode plus GitHub's extensions (tables, strikethrough, extended autolinks, task lists,
footnotes, alerts, raw HTML). The docs MkDocs renders (docs/*.md) stay on Python-Markdown.

The HTML produced here is not yet safe: `safehtml.sanitize` runs on it before it reaches a page.
"""
from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.gfm import gfm_plugin
from mdit_py_plugins.gfm_autolink import index as _autolink
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from macros.text.docsmd import shared_markdown  # Python-Markdown, as the site read corpus headings before
from macros.text.plain import squash
from macros.text.slug import LegacySlugger, Slugger

#: Deepest block nesting read (a list item inside a list counts two). Deeper content is dropped with a
#: warning: markdown-it parses nested containers recursively, and this keeps the recursion shallow.
MAX_NESTING = 40
#: How far an autolink is looked for from one `:`, `@` or `www.`, and how much preceding text is
#: searched for its scheme or local part. The upstream rules look at the whole rest of the paragraph
#: on every `:`, which is quadratic in the length of a line; a URL longer than this is linked up to here.
AUTOLINK_REACH = 2048
AUTOLINK_LOOKBACK = 256


def _bounded(rule):
    """Run an autolink rule on a bounded window of the line, so each trigger costs O(1).

    The rule sees only the last AUTOLINK_LOOKBACK characters of the pending text: the text before them is
    emitted first (as its own text token), so it stays in front of a link the rule makes.
    """

    def wrapped(state, silent: bool) -> bool:
        pending, pos_max = state.pending, state.posMax
        if len(pending) > AUTOLINK_LOOKBACK and not silent:
            state.pending = pending[:-AUTOLINK_LOOKBACK]
            state.pushPending()
            pending = state.pending = pending[-AUTOLINK_LOOKBACK:]
        tail = pending[-AUTOLINK_LOOKBACK:]
        state.pending = tail
        state.posMax = min(pos_max, state.pos + AUTOLINK_REACH)
        try:
            return rule(state, silent)
        finally:
            state.posMax = pos_max
            # the rule trims the scheme or local part it consumed from the end of pending
            state.pending = pending if state.pending is tail else pending[: len(pending) - len(tail)] + state.pending

    return wrapped


def _task_item(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    """A task-list item: GitHub's disabled checkbox, drawn as a glyph (forms are not corpus HTML)."""
    token = tokens[idx]
    out = self.renderToken(tokens, idx, options, env)
    if token.meta and "checked" in token.meta:
        done = bool(token.meta["checked"])
        out += (f'<span class="task-list-item-checkbox" title="{"done" if done else "not done"}">'
                f'{"☑" if done else "☐"}</span> ')
    return out


_CODE = HtmlFormatter(cssclass="highlight", wrapcode=True)


def _fence(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    """A fenced code block with a known language, highlighted as the docs pages highlight theirs."""
    token = tokens[idx]
    lang = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
    try:
        lexer = get_lexer_by_name(lang) if lang else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return self.fence(tokens, idx, options, env)
    return highlight(token.content, lexer, _CODE)


def _new_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": False, "linkify": False,
                                   "maxNesting": MAX_NESTING})
    md.use(gfm_plugin)
    # Every link is parsed as a link, whatever its scheme: nh3 then drops a javascript:/data: href and
    # keeps the text, as GitHub shows it (markdown-it alone would print the whole `[x](javascript:…)`).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    for name, rule in (("gfm_autolink_www", _autolink._www_inline_rule),
                       ("gfm_autolink_protocol", _autolink._protocol_rule),
                       ("gfm_autolink_email", _autolink._email_rule)):
        md.inline.ruler.at(name, _bounded(rule))
    md.add_render_rule("list_item_open", _task_item)
    md.add_render_rule("fence", _fence)
    # GitHub writes strikethrough as <del>
    md.add_render_rule("s_open", lambda self, tokens, idx, options, env: "<del>")
    md.add_render_rule("s_close", lambda self, tokens, idx, options, env: "</del>")
    return md


_MD: MarkdownIt | None = None
_BLOCKS: MarkdownIt | None = None
_HEADINGS: MarkdownIt | None = None


def parser() -> MarkdownIt:
    """The one shared corpus parser (building one costs more than reading a typical corpus file)."""
    global _MD
    if _MD is None:
        _MD = _new_parser()
    return _MD


def new_parser() -> MarkdownIt:
    """A fresh instance of the corpus parser, for a caller that adds a plugin of its own (front matter)."""
    return _new_parser()


def _block_parser() -> MarkdownIt:
    """The same grammar without the inline pass: block structure and lines only, for a quick look."""
    global _BLOCKS
    if _BLOCKS is None:
        _BLOCKS = _new_parser()
        _BLOCKS.core.ruler.disable(["inline", "footnote_tail", "text_join"])
    return _BLOCKS


def _headings_parser() -> MarkdownIt:
    """The same grammar, with the inline pass run on headings only: every other rule as in `parser()`, so a
    heading's tokens are exactly the ones `parse` makes (the same link references, the same text joins)."""
    global _HEADINGS
    if _HEADINGS is None:
        _HEADINGS = _new_parser()
        _HEADINGS.core.ruler.at("inline", _inline_of_headings)
    return _HEADINGS


def _inline_of_headings(state: StateCore) -> None:
    """markdown-it's core `inline` rule, for the inline token of each heading (the others get no children)."""
    for i, token in enumerate(state.tokens):
        if token.type == "inline":
            if token.children is None:
                token.children = []
            if i and state.tokens[i - 1].type == "heading_open":
                state.md.inline.parse(token.content, state.md, state.env, token.children)


def heading_parse(text: str) -> list[Token]:
    """`parse`'s tokens with the inline content of headings only (headings are all some readers need; the
    inline pass is most of a parse)."""
    return _headings_parser().parse(text, {})


def parse(text: str) -> list[Token]:
    """Block and inline tokens of a Markdown text; `token.map` holds 0-based [start, end) source lines."""
    return parser().parse(text, {})


def block_parse(text: str) -> list[Token]:
    """Block tokens only (inline content unparsed): the same structure and lines as `parse`, cheaper."""
    return _block_parser().parse(text, {})


def render(tokens: Sequence[Token]) -> str:
    """HTML of a token sequence (not sanitised)."""
    md = parser()
    return md.renderer.render(tokens, md.options, {})


def render_inline(children: Sequence[Token]) -> str:
    md = parser()
    return md.renderer.renderInline(children, md.options, {})


# --------------------------------------------------------------------------- text of tokens


def inline_text(children: Iterable[Token] | None) -> str:
    """The text a reader sees in inline tokens (markup and raw HTML tags dropped, breaks as spaces)."""
    out: list[str] = []
    for t in children or ():
        if t.type in ("text", "code_inline"):
            out.append(t.content)
        elif t.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif t.type == "image":
            out.append(inline_text(t.children))
    return "".join(out)


# --------------------------------------------------------------------------- structure


def blocks(tokens: Sequence[Token], start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    """(start, stop) index ranges of the outermost blocks in tokens[start:stop]."""
    stop = len(tokens) if stop is None else stop
    out: list[tuple[int, int]] = []
    i = start
    while i < stop:
        depth = 0
        j = i
        while j < stop:
            depth += tokens[j].nesting
            j += 1
            if depth <= 0:
                break
        out.append((i, j))
        i = j
    return out


def too_deep(tokens: Sequence[Token]) -> int | None:
    """The 1-based line of the first container nested so deep that its content was not read, or None."""
    for t in tokens:
        if t.nesting == 1 and t.level >= MAX_NESTING - 1:
            return t.map[0] + 1 if t.map else None
    return None


def fence_closed(token: Token, lines: Sequence[str]) -> bool:
    """Whether a fence token found its closing fence (markdown-it runs an open one to its container's end)."""
    if token.map is None or token.map[1] - token.map[0] < 2:
        return False
    last = lines[token.map[1] - 1].lstrip(" \t>") if token.map[1] - 1 < len(lines) else ""
    char = token.markup[:1]
    # the closing fence: at least as many fence characters, then only spaces (list/quote prefixes stripped)
    run = len(last) - len(last.lstrip(char)) if char else 0
    return run >= len(token.markup) and not last[run:].strip()


# --------------------------------------------------------------------------- heading ids

_PM_DIFFERS = re.compile(r"[*_]")  # where Python-Markdown's emphasis can read a heading differently


def heading_ids(tokens: Sequence[Token]) -> dict[str, str]:
    """Give every heading the forge's id (GitHub's slug, repeats `-1`, `-2` …), the H1 included.

    Returns {new id: the id the site gave that heading before (Python-Markdown's toc slug)} for the
    headings where the two differ, so the old one can stay an alias (`sanitize(…, aliases=…)`). An old id
    that another heading now owns is not an alias.
    """
    new, old = Slugger(), LegacySlugger()
    pairs: list[tuple[str, str]] = []
    for i, t in enumerate(tokens):
        if t.type != "heading_open" or i + 1 >= len(tokens):
            continue
        inline = tokens[i + 1]
        text = inline_text(inline.children)
        slug = new.slug(text)
        t.attrSet("id", slug)
        legacy = _python_markdown_heading_text(inline.content) if _PM_DIFFERS.search(inline.content) else None
        pairs.append((slug, old.slug(legacy or text)))
    taken = {a for a, _ in pairs}
    return {a: b for a, b in pairs if a != b and b not in taken}


def _python_markdown_heading_text(source: str) -> str | None:
    """How Python-Markdown read a heading's text: only for the old ids kept as aliases."""
    md = shared_markdown()
    md.convert("# " + source.replace("\n", " "))
    toks = md.toc_tokens  # type: ignore[attr-defined]
    if not toks:
        return None
    return htmllib.unescape(re.sub(r"<[^>]*>", "", toks[0]["name"]))


# --------------------------------------------------------------------------- whole files


def inline_html(text: str) -> str:
    """One line of corpus Markdown rendered as inline content (code spans, links, bare URLs), not sanitised."""
    md = parser()
    tokens = md.parseInline(text, {})
    return md.renderer.renderInline(tokens[0].children or [], md.options, {}) if tokens else ""


def to_html(text: str) -> str:
    """Corpus Markdown to (not yet sanitised) HTML, headings carrying the forge's ids."""
    return to_html_aliases(text)[0]


def to_html_aliases(text: str) -> tuple[str, dict[str, str]]:
    """Corpus Markdown to (not yet sanitised) HTML, and the old ids of its headings (see `heading_ids`)."""
    tokens = parse(text)
    aliases = heading_ids(tokens)
    return render(tokens), aliases


def outline(text: str) -> tuple[str, int | None]:
    """(text of the first level-1 heading or "", line of too-deep nesting or None), from a block-only read."""
    md = _block_parser()
    tokens = md.parse(text, {})
    title = ""
    for i, t in enumerate(tokens):
        if t.type == "heading_open" and t.tag == "h1" and i + 1 < len(tokens):
            inline = parser().parseInline(tokens[i + 1].content, {})
            title = squash(inline_text(inline[0].children if inline else ()))
            break
    return title, too_deep(tokens)


__all__ = ["MAX_NESTING", "block_parse", "blocks", "fence_closed", "heading_ids", "heading_parse", "inline_text",
           "outline", "parse",
           "parser", "inline_html", "render", "render_inline", "to_html", "to_html_aliases", "too_deep"]


def matching_close(kids: list[Token], i: int) -> int | None:
    """The index of the `strong_close` that closes the `strong_open` at `kids[i]` (None when unclosed)."""
    depth = 0
    for j in range(i, len(kids)):
        if kids[j].type == "strong_open":
            depth += 1
        elif kids[j].type == "strong_close":
            depth -= 1
            if depth == 0:
                return j
    return None
