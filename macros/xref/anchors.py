"""Links that carry an anchor (`GOTCHAS.md#medium`, `README.md#directory-map`) land on a heading that exists.

A corpus file links to a section of another by the forge's slug of its heading. Every Markdown file the
site renders is read once more for its links; a link naming an anchor its target file has no heading for
is a warning at file:line (the page still links to the file). No mkdocs import.
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from macros.fs.memo import Memo, read_with
from macros.model.data import Corpus, Diagnostic, Doc
from macros.read.frontmatter import split_front_matter
from macros.text import reader
from macros.text.sanitize import USER_CONTENT, reserved_id, safe_anchor
from macros.xref.links import PathIndex, has_scheme, resolve_href

ANCHOR_EXAMPLE = "[the MEDIUM section](GOTCHAS.md#medium)"


@dataclass(frozen=True)
class Source:
    """One Markdown file the site renders: its text, where its lines start, the folder its links start from."""

    path: str  # as shown in diagnostics (tooling/README.md, GOTCHAS.md)
    text: str
    line_offset: int
    base: str  # its folder, relative to the corpus folder ("" for the index, ".." beside it)
    key: tuple[str, str]  # the page key its own in-page links point into


def doc_base(doc: Doc, corpus_root: str) -> str:
    """The folder of a doc as seen from the corpus folder: `..` for a doc at the project root."""
    return posixpath.relpath(posixpath.dirname(doc.repo_path) or ".", corpus_root)


def anchors_of(text: str) -> frozenset[str]:
    """The ids a file's page answers to: the forge's heading slugs (also as shown, prefixed when reserved)
    and the old ids kept as aliases."""
    tokens = reader.heading_parse(text)
    aliases = reader.heading_ids(tokens)
    ids = {str(t.attrGet("id")) for t in tokens if t.type == "heading_open"}
    return frozenset(ids | {safe_anchor(i) for i in ids} | set(aliases.values()))


def sources(corpus: Corpus, project: Path) -> list[Source]:
    """Every corpus Markdown file the site renders as a page of its own (artifacts are upstream files)."""
    root = corpus.root
    out: list[Source] = []
    index = corpus.index.text  # as the loader read it (each corpus file is read once)
    if index:
        out.append(Source(corpus.index.path, index, 0, "", ("tooling", "")))
    for lane in corpus.lanes:
        if lane.path and lane.readme_body:
            out.append(Source(f"{root}/{lane.path}", lane.readme_body, lane.body_line - 1, lane.name,
                              ("lane", lane.name)))
    for b in corpus.briefs:
        out.append(Source(f"{root}/{b.path}", b.body, b.body_line - 1, corpus.briefs_lane, ("brief", b.slug)))
    for d in corpus.docs:
        if not d.working:
            continue
        text = d.text
        if text:
            _, body, start = split_front_matter(text)
            out.append(Source(d.repo_path, body, start - 1, doc_base(d, root), ("doc", d.file)))
    return out


def _links(src: Source, memo: Memo | None) -> Iterator[tuple[int, str]]:
    for line, href in read_with(memo, anchor_links, src.text):
        yield line + src.line_offset, href


def may_link_an_anchor(text: str) -> bool:
    """False when no link of a Markdown text can have a '#' in its href, without parsing it (most corpus
    files have no such link; parsing each one for its links was a third of reading the corpus).

    Only a link's destination can hold the '#' of a relative href (autolinks and bare URLs are absolute):
    it follows `](` (an inline link) or `]:` (a reference definition) on the same line or, after one line
    break, on the next; it holds no line break, and its '#' is written as `#`, `\\#` or an entity (`&#35;`,
    `&#x23;`, `&num;`). So a '#', '&#' or '&num;' on a line that has `](`/`]:` or follows one is needed.
    Lines are cut at "\\n" only: coarser than CommonMark's, which only widens the test. Linear in the text."""
    opened = False  # the line before has `](` or `]:`
    for line in text.split("\n"):
        here = "](" in line or "]:" in line
        if (here or opened) and ("#" in line or "&#" in line or "&num;" in line):
            return True
        opened = here
    return False


def anchor_links(text: str) -> tuple[tuple[int, str], ...]:
    """(line in `text`, href) of the links of a Markdown text that can name a heading of a corpus file: an
    href with a '#' and no scheme."""
    if not may_link_an_anchor(text):
        return ()
    return tuple((line, href) for line, href in text_links(text) if "#" in href and not has_scheme(href))


def text_links(text: str) -> tuple[tuple[int, str], ...]:
    """(line in `text`, href) of every link of a Markdown text."""
    out = []
    for tok in reader.parse(text):
        if tok.type != "inline" or not tok.children:
            continue
        line = (tok.map[0] if tok.map else 0) + 1
        out += [(line, str(c.attrGet("href") or "")) for c in tok.children if c.type == "link_open"]
    return tuple(out)


def anchor_problems(corpus: Corpus, index: PathIndex, project: Path, memo: Memo | None = None) -> list[Diagnostic]:
    """A warning for each link between corpus files whose anchor is no heading of the file it names (`memo`:
    the links and headings of each text kept by `mkdocs serve` between builds)."""
    srcs = sources(corpus, project)
    by_key = {s.key: s for s in srcs}
    known: dict[tuple[str, str], frozenset[str]] = {}
    out: list[Diagnostic] = []
    for src in srcs:
        for line, href in _links(src, memo):
            if "#" not in href:
                continue
            if href.startswith("#"):
                key, frag = src.key, href[1:]
            else:
                target = resolve_href(index, href, src.base)
                if target is None or target.ref is None or not target.fragment:
                    continue
                key, frag = (target.ref.kind, target.ref.key), target.fragment
            if key not in by_key or _fine(frag):
                continue  # an artifact (an upstream file) or an id of the page itself
            if key not in known:
                known[key] = read_with(memo, anchors_of, by_key[key].text)
            if frag not in known[key] and safe_anchor(frag) not in known[key]:
                out.append(_warning(src.path, line, href, frag, by_key[key].path, known[key]))
    return out


def _fine(frag: str) -> bool:
    # the page's own ids (`#inventory`, `#finding-…`, `#corpus-file-…`) and prefixed corpus ids (footnotes)
    return reserved_id(frag) or frag.startswith(USER_CONTENT)


def _warning(path: str, line: int, href: str, frag: str, target: str, anchors: frozenset[str]) -> Diagnostic:
    shown = ", ".join(f"#{a}" for a in sorted(a for a in anchors if not a.startswith(USER_CONTENT))[:12])
    return Diagnostic("warning", path, line, f"link '{href}': {target} has no heading with the anchor "
                      f"'#{frag}' (GitHub's slug of a heading); its anchors: {shown or '(none)'}. The link "
                      "goes to the top of the page.", ANCHOR_EXAMPLE)
