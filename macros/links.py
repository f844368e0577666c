"""Cross-links: which corpus thing a code span or a name refers to, and linking it in HTML."""
from __future__ import annotations

import html as htmllib
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from .model import Corpus

_EXT = re.compile(r"\.[A-Za-z0-9]{1,8}$")
_TOKEN = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_HREF = re.compile(r'\s+href="([^"]*)"')
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SKIP_NAMES = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "button", "title"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BRACE = re.compile(r"\{([^{}]*,[^{}]*)\}")


def expand_braces(text: str) -> list[str]:
    """`a-{x,y}-b` → [`a-x-b`, `a-y-b`] (nested groups expand too)."""
    m = _BRACE.search(text)
    if not m:
        return [text]
    out: list[str] = []
    for alt in m.group(1).split(","):
        out += expand_braces(text[: m.start()] + alt.strip() + text[m.end():])
    return out


def _alternation(names, before: str, after: str) -> re.Pattern | None:
    """One regex matching any of `names`, longest first (so 'EmbeddingGemma 2' beats 'EmbeddingGemma')."""
    if not names:
        return None
    return re.compile(before + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + after)


@dataclass(frozen=True)
class Ref:
    """Something on the site a piece of corpus text points at."""

    kind: str  # artifact | lane | brief | doc
    key: str  # corpus path, lane name, brief slug or doc file name
    url: str  # site-root-relative URL, e.g. tooling/huggingface/


class Resolver:
    """Maps code spans and names in corpus text to site pages."""

    def __init__(self, corpus: Corpus, urls: dict[tuple[str, str], str]):
        self.corpus = corpus
        self.urls = urls
        self.lane_names = {l.name for l in corpus.lanes}
        self.paths: dict[str, Ref] = {}
        for a in corpus.artifacts:
            self.paths[a.path] = Ref("artifact", a.path, urls[("artifact", a.path)])
        for l in corpus.lanes:
            ref = Ref("lane", l.name, urls[("lane", l.name)])
            self.paths[l.name] = self.paths[l.name + "/"] = ref
            if l.readme:
                self.paths[l.readme] = ref
        for b in corpus.briefs:
            self.paths[b.path] = Ref("brief", b.slug, urls[("brief", b.slug)])
        self.docs = {d.file: Ref("doc", d.file, urls[("doc", d.file)]) for d in corpus.docs}
        self.broken: list[tuple[str | None, str]] = []
        by_suffix: dict[str, list[str]] = {}
        for p in self.paths:
            parts = p.split("/")
            for i in range(1, len(parts)):
                by_suffix.setdefault("/".join(parts[i:]), []).append(p)
        self.suffix = {s: ps[0] for s, ps in by_suffix.items() if len(set(ps)) == 1 and s}
        # names linked in running text: model names of 3+ characters, and doc file names other than the
        # generic index/README (those only link when written as a path)
        self.names = {b.name: Ref("brief", b.slug, urls[("brief", b.slug)]) for b in corpus.briefs
                      if len(b.name.strip()) >= 3}
        self._name_re = _alternation(self.names, r"(?<![\w-])(", r")(?![\w-])")
        self._doc_re = _alternation({n for n in self.docs if n.lower() not in ("index.md", "readme.md")},
                                    r"(?<![\w/.-])(", r")(?![\w-])")

    def resolve(self, text: str) -> list[tuple[str, Ref]]:
        """The pages a code span names, as (the path as written, ref); empty when none."""
        text = text.strip().strip("`").strip()
        if not text or " " in text:
            return []
        out = []
        for cand in expand_braces(text):
            c = cand.lstrip("./")
            if c.startswith(self.corpus.root + "/"):
                c = c[len(self.corpus.root) + 1:]
            ref = self.paths.get(c) or self.docs.get(c)
            if ref is None and c in self.suffix and ("/" in c or _EXT.search(c)):
                ref = self.paths.get(self.suffix[c])  # a unique tail: `carla_vlm_gemma.py`, `x/app.py`
            if ref is not None:
                out.append((cand, ref))
        return out

    def looks_like_corpus_file(self, text: str) -> bool:
        text = text.strip().lstrip("./")
        first = text.split("/", 1)[0]
        return "/" in text and first in self.lane_names and bool(_EXT.search(text)) and " " not in text

    def unresolved_paths(self, codes: tuple[str, ...]) -> list[str]:
        """Cited code spans that look like corpus files but name nothing on the site."""
        missing = []
        for c in codes:
            for cand in expand_braces(c.strip()):
                if self.looks_like_corpus_file(cand) and not self.resolve(cand):
                    missing.append(cand)
        return missing

    # ------------------------------------------------------------------ HTML

    def link_html(self, html: str, rel, *, names: bool = True, base: str | None = None,
                  source: str | None = None) -> tuple[str, list[Ref]]:
        """Link code spans naming corpus paths/docs and the first mention of each model or doc name.

        `rel(url)` turns a site-root-relative URL into one relative to the current page. With `base`
        (the corpus folder the fragment's file sits in), relative links written in the Markdown are
        pointed at the pages of the files they name; one that names nothing loses its href and is
        recorded in `self.broken` as (source, href).

        The input is HTML we serialised ourselves (nh3 output, autoescaped templates): well-formed,
        attributes double-quoted, text entity-escaped. That makes a tag tokenizer exact here, and
        much cheaper than building a tree for every fragment of every page.
        """
        if not html:
            return html, []
        cited: list[Ref] = []
        out: list[str] = []
        stack: list[str] = []
        seen: set[str] = set()
        pos = 0
        code_start = None  # index in `out` where an inline <code> element starts
        for m in _TOKEN.finditer(html):
            if m.start() > pos:
                text = html[pos:m.start()]
                if names and not _SKIP_NAMES.intersection(stack):
                    text = self._link_names(text, rel, seen, cited)
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
                    inner = "".join(out[code_start + 1:])
                    out.append(tag)
                    element = "".join(out[code_start:])
                    del out[code_start:]
                    out.append(self._link_code(element, inner, rel, cited))
                    code_start = None
                    continue
                out.append(tag)
                continue
            if name == "a" and base is not None:
                tag = self._rewrite_href(tag, base, rel, source)
            if name == "code" and not {"a", "pre"}.intersection(stack) and not tag.endswith("/>"):
                code_start = len(out)
            if name not in _VOID and not tag.endswith("/>"):
                stack.append(name)
            out.append(tag)
        if pos < len(html):
            text = html[pos:]
            if names and not _SKIP_NAMES.intersection(stack):
                text = self._link_names(text, rel, seen, cited)
            out.append(text)
        return "".join(out), cited

    def _link_code(self, element: str, inner: str, rel, cited: list[Ref]) -> str:
        hits = self.resolve(htmllib.unescape(_TAG.sub("", inner)))
        if not hits:
            return element
        cited += [r for _, r in hits]
        if len(hits) == 1:
            return f'<a class="corpus-xref" href="{htmllib.escape(rel(hits[0][1].url))}">{element}</a>'
        links = ", ".join(f'<a class="corpus-xref" href="{htmllib.escape(rel(ref.url))}">'
                          f'{htmllib.escape(cand.rsplit("/", 1)[-1])}</a>' for cand, ref in hits)
        return f'{element}<span class="corpus-expansions"> ({links})</span>'

    def _rewrite_href(self, tag: str, base: str, rel, source: str | None) -> str:
        m = _HREF.search(tag)
        if not m:
            return tag
        href = htmllib.unescape(m.group(1))
        if _SCHEME.match(href) or href.startswith(("#", "/")):
            return tag
        path, _, frag = href.partition("#")
        target = posixpath.normpath(posixpath.join(base, unquote(path))) if path else ""
        ref = self.paths.get(target) or self.paths.get(target.rstrip("/"))
        if ref is None:
            name = posixpath.basename(target)
            ref = self.docs.get(name) if target.startswith("..") or name in self.docs else None
        if ref is None:
            self.broken.append((source, href))
            return tag[: m.start()] + tag[m.end():]
        new = htmllib.escape(rel(ref.url + ("#" + frag if frag else "")))
        return f'{tag[: m.start()]} href="{new}"{tag[m.end():]}'

    def _link_names(self, text: str, rel, seen: set[str], cited: list[Ref]) -> str:
        spans: list[tuple[int, int, Ref]] = []
        for pattern, table in ((self._name_re, self.names), (self._doc_re, self.docs)):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                name = m.group(1)
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
