"""Cross-links: which corpus thing a code span, a name or a relative link refers to, and linking it in HTML.

Pure: `build_index(corpus, urls)` makes a `PathIndex` once per build; `resolve`, `resolve_href` and
`link_html` only read it. `resolve_href` is the one href resolver, shared by `link_html` (corpus HTML)
and the Markdown extension (links in the docs pages).
"""
from __future__ import annotations

import html as htmllib
import posixpath
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping
from urllib.parse import unquote

from macros.model.data import Corpus
from macros.text.plain import html_to_text
from macros.plan.urls import rel_url

_EXT = re.compile(r"\.[A-Za-z0-9]{1,8}$")
# a comment or a tag; quoted attribute values may hold `>` (serialisers leave it unescaped there)
_TOKEN = re.compile(r"""<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.DOTALL)
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_HREF = re.compile(r'\s+href="([^"]*)"')
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SKIP_NAMES = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "button", "title"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BRACE = re.compile(r"\{([^{}]*,[^{}]*)\}")
_INDEX_NAMES = ("", "README.md", "index.md")  # a link to the corpus folder or its index: the corpus index page


#: What may follow a whole model name: not a letter, digit or `-`, nor a bare number after a space.
NAME_END = r")(?![\w-])(?!\.\d)(?![ \u00a0]+\d[\d.]*(?!\w))"

MAX_ALTERNATIVES = 64  # brace expansion stops here: 26 `{a,b}` groups would be 67 million paths


def expand_braces(text: str, *, limit: int = MAX_ALTERNATIVES) -> list[str]:
    """`a-{x,y}-b` → [`a-x-b`, `a-y-b`] (nested groups expand too), at most `limit` of them.

    Depth-first over a stack, in the order a recursive expansion gives; the work is bounded by
    `limit` times the number of groups, whatever the input.
    """
    out: list[str] = []
    stack = [text]
    while stack and len(out) < limit:
        t = stack.pop()
        m = _BRACE.search(t)
        if m is None:
            out.append(t)
            continue
        alts = m.group(1).split(",", limit)[:limit]
        stack += [t[: m.start()] + alt.strip() + t[m.end():] for alt in reversed(alts)]
    return out


def too_many_alternatives(text: str, *, limit: int = MAX_ALTERNATIVES) -> bool:
    """Whether `text` expands to more than `limit` paths (expand_braces cuts it)."""
    return len(expand_braces(text, limit=limit + 1)) > limit


def _alternation(names, before: str, after: str) -> re.Pattern | None:
    """One regex matching any of `names`, longest first (so 'EmbeddingGemma 2' beats 'EmbeddingGemma')."""
    if not names:
        return None
    return re.compile(before + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + after)


@dataclass(frozen=True)
class Ref:
    """Something on the site a piece of corpus text points at."""

    kind: str  # artifact | lane | brief | doc | tooling (the corpus index)
    key: str  # corpus path, lane name, brief slug or doc file name ("" for the corpus index)
    url: str  # site-root-relative URL, e.g. tooling/huggingface/


@dataclass(frozen=True)
class PathIndex:
    """Everything on the site a corpus path or a name can point at, as dict lookups."""

    root: str  # the corpus folder, e.g. tooling
    home: Ref  # the corpus index page
    paths: Mapping[str, Ref]  # corpus path → artifact, lane (`x`, `x/`, its README) or brief
    docs: Mapping[str, Ref]  # doc file name → doc page
    suffix: Mapping[str, str]  # a path tail that names exactly one path → that path
    lane_names: frozenset[str]
    names: Mapping[str, Ref]  # model names linked in running text
    name_re: re.Pattern | None
    doc_re: re.Pattern | None


def build_index(corpus: Corpus, urls: Mapping[tuple[str, str], str]) -> PathIndex:
    """The path index of a planned site (`urls`: the plan's URL of every page key)."""
    paths: dict[str, Ref] = {}
    for a in corpus.artifacts:
        paths[a.path] = Ref("artifact", a.path, urls[("artifact", a.path)])
    for lane in corpus.lanes:
        ref = Ref("lane", lane.name, urls[("lane", lane.name)])
        paths[lane.name] = paths[lane.name + "/"] = ref
        if lane.readme:
            paths[lane.readme] = ref
    for b in corpus.briefs:
        paths[b.path] = Ref("brief", b.slug, urls[("brief", b.slug)])
    docs = {d.file: Ref("doc", d.file, urls[("doc", d.file)]) for d in corpus.docs}
    by_suffix: dict[str, set[str]] = {}
    for p in paths:
        parts = p.split("/")
        for i in range(1, len(parts)):
            by_suffix.setdefault("/".join(parts[i:]), set()).add(p)
    suffix = {s: next(iter(ps)) for s, ps in by_suffix.items() if len(ps) == 1 and s}
    # names linked in running text: model names of 3+ characters, and doc file names other than the
    # generic index/README (those only link when written as a path)
    # (every model a brief covers: a brief of "PaliGemma / PaliGemma 2" is linked from either name; the first
    # brief to claim a name keeps it, as the loader warns about the second)
    names: dict[str, Ref] = {}
    for b in corpus.briefs:
        for name in (*b.models, b.name):
            if len(name.strip()) >= 3:
                names.setdefault(name, Ref("brief", b.slug, urls[("brief", b.slug)]))
    return PathIndex(
        root=corpus.root, home=Ref("tooling", "", urls[("tooling", "")]), paths=MappingProxyType(paths),
        docs=MappingProxyType(docs), suffix=MappingProxyType(suffix),
        lane_names=frozenset(lane.name for lane in corpus.lanes), names=MappingProxyType(names),
        # a whole name only: not one followed by a letter, digit or `-`, nor by a number ("PaliGemma 3" is
        # another model than "PaliGemma"; "PaliGemma 3B" is a size of it)
        name_re=_alternation(names, r"(?<![\w-])(", NAME_END),
        doc_re=_alternation({n for n in docs if n.lower() not in ("index.md", "readme.md")},
                            r"(?<![\w/.-])(", r")(?![\w-])"))


def resolve(index: PathIndex, text: str) -> list[tuple[str, Ref]]:
    """The pages a code span names, as (the path as written, ref); empty when none."""
    text = text.strip().strip("`").strip()
    if not text or " " in text:
        return []
    out = []
    for cand in expand_braces(text):
        c = cand.lstrip("./")
        if c.startswith(index.root + "/"):
            c = c[len(index.root) + 1:]
        ref = index.paths.get(c) or index.docs.get(c)
        if ref is None and c in index.suffix and ("/" in c or _EXT.search(c)):
            ref = index.paths.get(index.suffix[c])  # a unique tail: `carla_vlm_gemma.py`, `x/app.py`
        if ref is not None:
            out.append((cand, ref))
    return out


def looks_like_corpus_file(index: PathIndex, text: str) -> bool:
    text = text.strip().lstrip("./")
    first = text.split("/", 1)[0]
    return "/" in text and first in index.lane_names and bool(_EXT.search(text)) and " " not in text


def unresolved_paths(index: PathIndex, codes: tuple[str, ...]) -> list[str]:
    """Cited code spans that look like corpus files but name nothing on the site."""
    missing = []
    for c in codes:
        for cand in expand_braces(c.strip()):
            if looks_like_corpus_file(index, cand) and not resolve(index, cand):
                missing.append(cand)
    return missing


@dataclass(frozen=True)
class Href:
    """Where a relative link written in a corpus file points."""

    ref: Ref | None  # None: it names nothing on the site
    fragment: str
    in_corpus: bool  # it names a corpus file, folder or the index (not a doc of docs/)


def _corpus_path(index: PathIndex, path: str) -> Ref | None:
    ref = index.paths.get(path) or index.paths.get(path.rstrip("/"))
    if ref is None and path.strip("/") in _INDEX_NAMES:
        ref = index.home
    return ref


def has_scheme(href: str) -> bool:
    """An absolute URL (`https:`, `mailto:` …): never a link between corpus files."""
    return _SCHEME.match(href) is not None


def resolve_href(index: PathIndex, href: str, base: str) -> Href | None:
    """What `href`, written in a file of the corpus folder `base`, points at; None for links that are
    not ours to touch (external, absolute, in-page).

    A link that climbs out of the corpus folder (`../…`) lands beside it, where the docs and the corpus
    folder itself sit: `../tooling/x` is the corpus path `x`, `../GOTCHAS.md` the doc.
    """
    if not href or has_scheme(href) or href.startswith(("#", "/")):
        return None
    path, _, frag = href.partition("#")
    target = posixpath.normpath(posixpath.join(base, unquote(path))) if path else ""
    ref = _corpus_path(index, target) if not target.startswith("../") else None
    if ref is None and target.startswith("../"):
        beside = target
        while beside.startswith("../"):
            beside = beside[3:]
        if beside == index.root or beside.startswith(index.root + "/"):
            ref = _corpus_path(index, beside[len(index.root) + 1:])
    if ref is not None:
        return Href(ref, frag, True)
    name = posixpath.basename(target)
    doc = index.docs.get(name) if target.startswith("..") or name in index.docs else None
    return Href(doc, frag, False)


@dataclass(frozen=True)
class LinkResult:
    html: str
    cited: tuple[Ref, ...]  # what the fragment links to, in order
    broken: tuple[str, ...]  # relative hrefs (as written) that name nothing; their links were removed


def link_html(html: str, index: PathIndex, page_url: str, *, names: bool = True,
              base: str | None = None, code_base: str | None = None) -> LinkResult:
    """Link code spans naming corpus paths/docs and the first mention of each model or doc name.

    Links are made relative to the page at `page_url`. With `base` (the corpus folder the fragment's
    file sits in), relative links written in the Markdown are pointed at the pages of the files they
    name; one that names nothing loses its href and is returned in `broken`. A code span naming a path is
    looked up first relative to `code_base` (by default `base`: the folder of the file it appears in, as the
    forge would resolve it), then in the whole corpus.

    The input is HTML we serialised ourselves (nh3 output, autoescaped templates): well-formed,
    attributes double-quoted, text entity-escaped. That makes a tag tokenizer exact here, and
    much cheaper than building a tree for every fragment of every page.
    """
    if not html:
        return LinkResult(str(html), (), ())
    html = str(html)  # tokenized and sliced as plain text (a SafeHtml's slices and `+` would escape)
    rel = lambda u: rel_url(u, page_url)  # noqa: E731
    cited: list[Ref] = []
    broken: list[str] = []
    out: list[str] = []
    stack: list[str] = []
    seen: set[str] = set()
    pos = 0
    code_start = None  # index in `out` where an inline <code> element starts
    for m in _TOKEN.finditer(html):
        if m.start() > pos:
            text = html[pos:m.start()]
            if names and not _SKIP_NAMES.intersection(stack):
                text = _link_names(index, text, rel, seen, cited)
            out.append(text)
        pos = m.end()
        tag = m.group(0)
        name = (m.group(2) or "").lower()
        if tag.startswith("<!--") or not name:
            out.append(tag)
            continue
        if m.group(1):  # closing tag
            if name in stack:
                while stack and stack.pop() != name:
                    pass
            if name == "code" and code_start is not None:
                _close_code(out, code_start, tag, index, rel, cited, base if code_base is None else code_base)
                code_start = None
            else:
                out.append(tag)
            continue
        if name == "a" and base is not None:
            tag = _rewrite_href(index, tag, base, rel, broken)
        if name == "code" and not {"a", "pre"}.intersection(stack) and not tag.endswith("/>"):
            code_start = len(out)
        if name not in _VOID and not tag.endswith("/>"):
            stack.append(name)
        out.append(tag)
    if pos < len(html):
        text = html[pos:]
        if names and not _SKIP_NAMES.intersection(stack):
            text = _link_names(index, text, rel, seen, cited)
        out.append(text)
    return LinkResult("".join(out), tuple(cited), tuple(broken))


def _close_code(out: list[str], code_start: int, tag: str, index: PathIndex, rel, cited: list[Ref],
                base: str | None) -> None:
    """Replace the inline <code> element that started at out[code_start] (closed by `tag`) with its linked form."""
    inner = "".join(out[code_start + 1:])
    out.append(tag)
    element = "".join(out[code_start:])
    del out[code_start:]
    out.append(_link_code(index, element, inner, rel, cited, base))


def _link_code(index: PathIndex, element: str, inner: str, rel, cited: list[Ref], base: str | None) -> str:
    text = html_to_text(inner)
    hits = []
    if base and not base.startswith("..") and text.strip() and not text.strip().startswith("/"):
        hits = resolve(index, posixpath.normpath(posixpath.join(base, text.strip())))
    hits = hits or resolve(index, text)
    if not hits:
        return element
    cited += [r for _, r in hits]
    if len(hits) == 1:
        return f'<a class="corpus-xref" href="{htmllib.escape(rel(hits[0][1].url))}">{element}</a>'
    links = ", ".join(f'<a class="corpus-xref" href="{htmllib.escape(rel(ref.url))}">'
                      f'{htmllib.escape(cand.rsplit("/", 1)[-1])}</a>' for cand, ref in hits)
    return f'{element}<span class="corpus-expansions"> ({links})</span>'


def _rewrite_href(index: PathIndex, tag: str, base: str, rel, broken: list[str]) -> str:
    m = _HREF.search(tag)
    if not m:
        return tag
    href = htmllib.unescape(m.group(1))
    target = resolve_href(index, href, base)
    if target is None:
        return tag
    if target.ref is None:
        broken.append(href)
        return tag[: m.start()] + tag[m.end():]
    new = htmllib.escape(rel(target.ref.url + ("#" + target.fragment if target.fragment else "")))
    return f'{tag[: m.start()]} href="{new}"{tag[m.end():]}'


def _link_names(index: PathIndex, text: str, rel, seen: set[str], cited: list[Ref]) -> str:
    """Link the first mention of each name in a run of text (entity-escaped, between two tags)."""
    spans: list[tuple[int, int, Ref]] = []
    # a name never starts or ends inside a character reference (a brief named `amp` and `&amp;`)
    inside = {i for e in _ENTITY.finditer(text) for i in range(e.start() + 1, e.end())}
    for pattern, table in ((index.name_re, index.names), (index.doc_re, index.docs)):
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            name = m.group(1)
            if m.start() in inside or (m.end() - 1) in inside or m.end() in inside:
                continue
            if name in seen or any(a < m.end() and m.start() < b for a, b, _ in spans):
                continue
            seen.add(name)
            spans.append((m.start(), m.end(), table[name]))
    if not spans:
        return text
    spans.sort(key=lambda t: t[0])
    out, pos = [], 0
    for a, b, ref in spans:
        out.append(text[pos:a])
        out.append(f'<a class="corpus-xref" href="{htmllib.escape(rel(ref.url))}">{text[a:b]}</a>')
        cited.append(ref)
        pos = b
    out.append(text[pos:])
    return "".join(out)
