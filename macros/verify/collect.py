"""Collect every source URL the corpus cites, each with the file:line it was found at (pure, no network).

Corpus Markdown is GitHub Markdown, so it is read with the site's corpus parser (`reader`: markdown-it-py,
CommonMark + GitHub's extensions, whose autolinks turn bare `https://…` and `www.…` into links as GitHub
does) and lines come from its token map. Links of every scheme
are kept (``javascript:``, ``file:``…) so that the checker can refuse and list them; nothing is rendered.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from macros.text.reader import new_parser
from macros.text.urls import inline_urls, is_source_url

MAX_FILE_BYTES = 2_000_000  # a corpus Markdown file larger than this is read only this far
MANIFEST = "sources.yaml"


@dataclass(frozen=True, order=True)
class Citation:
    """One place a URL is cited: the URL, the file (relative to the project, POSIX) and the 1-based line."""

    url: str
    path: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Mirror:
    """A file mirrored in the corpus and the upstream URL it was copied from (from sources.yaml)."""

    url: str
    path: str  # relative to the corpus folder, POSIX


def _markdown() -> MarkdownIt:
    # (the reader's parser keeps links of every scheme: we never render, and want to list them)
    return new_parser().use(front_matter_plugin)


def markdown_urls(text: str, md: MarkdownIt | None = None) -> list[tuple[str, int]]:
    """(url, 1-based line) for every absolute link, image or bare URL in a Markdown text, in order."""
    md = md or _markdown()
    out: list[tuple[str, int]] = []
    for tok in md.parse(text):
        if tok.type == "front_matter" and tok.map:
            # Brief front matter (sources:, model-card links): bare URLs, one line each.
            first = tok.map[0] + 2  # the line after the opening ---
            for i, line in enumerate(tok.content.splitlines()):
                for inline in md.parseInline(line, {}):
                    out.extend((url, first + i) for url, _ in inline_urls(inline))
        elif tok.type == "inline" and tok.map:
            out.extend(inline_urls(tok))
    return out


def _read(path: Path) -> str:
    with open(path, "rb") as fh:
        data = fh.read(MAX_FILE_BYTES)
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")


def _markdown_files(root: Path) -> list[Path]:
    """Every *.md under root, sorted; hidden entries and symlinks are skipped (they may point outside)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and not os.path.islink(os.path.join(dirpath, d)))
        for name in filenames:
            p = Path(dirpath, name)
            if name.lower().endswith(".md") and not name.startswith(".") and not p.is_symlink() and p.is_file():
                found.append(p)
    return sorted(found)


class _NoAliasLoader(yaml.SafeLoader):
    """Safe loader that refuses anchors/aliases (a billion-laughs file cannot expand)."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases are not allowed here", event.start_mark)
        return super().compose_node(parent, index)


def compose_yaml(text: str) -> yaml.Node | None:
    """The YAML node tree (with line marks) of a text, safe tags only and no aliases."""
    loader = _NoAliasLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _scalar(node: yaml.Node | None) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") else None


def manifest_entries(text: str) -> list[tuple[str | None, str, int]]:
    """(path or None, url, 1-based line of the url) for each sources.yaml artifact with a url.

    A manifest that is not valid YAML or not shaped as documented yields nothing here: the site build
    reports its errors at file:line; verification only needs the URLs it can read.
    """
    try:
        root = compose_yaml(text)
    except yaml.YAMLError:
        return []
    items = root
    if isinstance(root, yaml.MappingNode):
        items = next((v for k, v in root.value if _scalar(k) == "artifacts"), None)
    if not isinstance(items, yaml.SequenceNode):
        return []
    out = []
    for item in items.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        fields = {_scalar(k): v for k, v in item.value}
        url_node = fields.get("url")
        url = _scalar(url_node)
        if url is None or not is_source_url(url):
            continue
        path = _scalar(fields.get("path"))
        out.append((path.strip() if path else None, url.strip(), url_node.start_mark.line + 1))
    return out


def _safe_mirror(root: Path, rel: str | None) -> str | None:
    """The manifest path if it names a regular file inside the corpus (no '..', no absolute, no symlink)."""
    if not rel:
        return None
    rel = rel.replace("\\", "/")
    while rel.startswith("./"):
        rel = rel[2:]
    parts = rel.split("/")
    if rel.startswith("/") or ".." in parts or any(p.startswith(".") for p in parts if p):
        return None
    p = root / rel
    try:
        if p.is_symlink() or not p.is_file() or not p.resolve().is_relative_to(root.resolve()):
            return None
    except OSError:
        return None
    return rel


def collect(corpus_root: Path, *, project_root: Path | None = None) -> tuple[list[Citation], list[Mirror]]:
    """Citations (sorted by url, path, line; duplicates removed) and the mirrored files of a corpus folder."""
    corpus_root = Path(corpus_root)
    base = Path(project_root) if project_root is not None else corpus_root.parent

    def rel(p: Path) -> str:
        try:
            return p.relative_to(base).as_posix()
        except ValueError:
            return p.as_posix()

    md = _markdown()
    cites: set[Citation] = set()
    for f in _markdown_files(corpus_root):
        for url, line in markdown_urls(_read(f), md):
            cites.add(Citation(url, rel(f), line))
    mirrors: set[Mirror] = set()
    manifest = corpus_root / MANIFEST
    if manifest.is_file() and not manifest.is_symlink():
        for path, url, line in manifest_entries(_read(manifest)):
            cites.add(Citation(url, rel(manifest), line))
            local = _safe_mirror(corpus_root, path)
            if local:
                mirrors.add(Mirror(url, local))
    return sorted(cites), sorted(mirrors, key=lambda m: (m.url, m.path))


def group(citations: list[Citation]) -> dict[str, list[Citation]]:
    """Citations grouped by URL, URLs in sorted order."""
    out: dict[str, list[Citation]] = {}
    for c in sorted(citations):
        out.setdefault(c.url, []).append(c)
    return out
