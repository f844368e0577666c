"""Cross-links: which corpus thing a code span or a name refers to, and linking it in HTML."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from bs4 import BeautifulSoup, NavigableString, Tag

from .model import Corpus

_EXT = re.compile(r"\.[A-Za-z0-9]{1,8}$")
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
        names = {b.name: Ref("brief", b.slug, urls[("brief", b.slug)]) for b in corpus.briefs}
        self.names = names
        self._name_re = (re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                                    + r")(?![\w-])") if names else None)
        self._doc_re = (re.compile(r"(?<![\w/.-])(" + "|".join(re.escape(n) for n in sorted(self.docs, key=len, reverse=True))
                                   + r")(?![\w-])") if self.docs else None)

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
            if ref is None and c in self.suffix and "/" in c or ref is None and c in self.suffix and _EXT.search(c):
                ref = self.paths.get(self.suffix[c])
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
        """
        if not html:
            return html, []
        soup = BeautifulSoup(html, "html.parser")
        cited: list[Ref] = []
        if base is not None:
            self._rewrite_links(soup, base, rel, source)
        for code in soup.find_all("code"):
            if code.find_parent(["a", "pre"]):
                continue
            hits = self.resolve(code.get_text())
            if not hits:
                continue
            cited += [r for _, r in hits]
            if len(hits) == 1:
                a = soup.new_tag("a", href=rel(hits[0][1].url))
                a["class"] = "corpus-xref"
                code.wrap(a)
            else:
                span = soup.new_tag("span")
                span["class"] = "corpus-expansions"
                span.append(" (")
                for i, (cand, ref) in enumerate(hits):
                    if i:
                        span.append(", ")
                    a = soup.new_tag("a", href=rel(ref.url))
                    a["class"] = "corpus-xref"
                    a.string = cand.rsplit("/", 1)[-1]
                    span.append(a)
                span.append(")")
                code.insert_after(span)
        if names:
            seen: set[str] = set()
            for s in list(soup.find_all(string=True)):
                if s.find_parent(["a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"]):
                    continue
                self._link_names(soup, s, rel, seen, cited)
        return str(soup), cited

    def _rewrite_links(self, soup, base: str, rel, source: str | None) -> None:
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if _SCHEME.match(href) or href.startswith(("#", "/")):
                continue
            path, _, frag = href.partition("#")
            target = posixpath.normpath(posixpath.join(base, unquote(path))) if path else ""
            ref = self.paths.get(target) or self.paths.get(target.rstrip("/"))
            if ref is None:
                name = posixpath.basename(target)
                ref = self.docs.get(name) if target.startswith("..") or name in self.docs else None
            if ref is None:
                self.broken.append((source, href))
                del a["href"]
                continue
            a["href"] = rel(ref.url + ("#" + frag if frag else ""))

    def _link_names(self, soup, s: NavigableString, rel, seen: set[str], cited: list[Ref]) -> None:
        patterns = [(p, table) for p, table in ((self._name_re, self.names), (self._doc_re, self.docs)) if p]
        text = str(s)
        spans: list[tuple[int, int, Ref]] = []
        for pattern, table in patterns:
            for m in pattern.finditer(text):
                name = m.group(1)
                if name in seen or any(a < m.end() and m.start() < b for a, b, _ in spans):
                    continue
                seen.add(name)
                spans.append((m.start(), m.end(), table[name]))
        if not spans:
            return
        spans.sort(key=lambda t: t[0])
        pieces: list = []
        pos = 0
        for a, b, ref in spans:
            if a > pos:
                pieces.append(NavigableString(text[pos:a]))
            link = soup.new_tag("a", href=rel(ref.url))
            link["class"] = "corpus-xref"
            link.string = text[a:b]
            pieces.append(link)
            cited.append(ref)
            pos = b
        if pos < len(text):
            pieces.append(NavigableString(text[pos:]))
        first = pieces[0]
        s.replace_with(first)
        for p in pieces[1:]:
            first.insert_after(p)
            first = p
