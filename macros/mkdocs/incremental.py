"""Incremental preview: what one `mkdocs serve` process keeps between its builds (issue 26, item 3).

MkDocs keeps a plugin instance that has `on_startup` across the rebuilds of `mkdocs serve`, so the plugin
owns one `RebuildCache` (never a module global):

* `memo`: the per-file readers' results by content (a brief's facts, a lane README's reading, a doc's
  headings; macros/fs/memo.py), so a rebuild re-reads only the files whose text changed;
* `pages`: each generated page's rendered HTML under the hash of its inputs (macros/views/deps.py), so a
  rebuild renders again only the pages whose inputs changed;
* `digests`: file content hashes, re-read only when a file's size or mtime changed;
* `outputs`: each page's output of the theme's page template under the hash of what the template reads
  (macros/mkdocs/outputs.py), so a rebuild puts through the theme only the pages whose inputs changed;
* `theme_bytecode`: the compiled theme templates (MkDocs makes a new Jinja environment per build; Jinja
  checks each template's source checksum before it uses the bytecode, so an edited template recompiles).

Everything is dropped when the fingerprint of the build's configuration changes: mkdocs.yml's bytes, the
plugin's options, our templates and code (by size and mtime). A plain `mkdocs build` has no cache.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from macros.fs.memo import FileDigests, Memo
from macros.pipeline import Site
from macros.plan.pages import PageSpec
from macros.render.renderer import Rendered, Renderer
from macros.views.deps import page_key, site_key

CODE_ROOT = Path(__file__).resolve().parents[1]  # macros/


@dataclass
class RenderCount:
    """This build's generated pages: rendered (src_uris, in order) and taken from the cache."""

    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja bytecode kept in memory by template key (the bucket holds the source checksum)."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.data:
            bucket.bytecode_from_string(self.data[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.data[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.data.clear()


class RebuildCache:
    def __init__(self) -> None:
        self.theme_bytecode = MemoryBytecodeCache()
        self.fingerprint: str | None = None
        self.memo = Memo()
        self.digests = FileDigests()
        self.pages: dict[str, tuple[str, Rendered]] = {}  # src_uri → (input key, rendered page)
        self.outputs: dict[str, tuple[str, str]] = {}  # src_uri → (theme input key, the theme's output)
        self._site_key: tuple[int, str] | None = None  # (id of this build's Site, its site_key)

    def start(self, config_file: Path, options: object, template_dirs: list[Path]) -> None:
        """A build begins: keep what the previous build left only if its configuration is the same."""
        fp = fingerprint(config_file, options, [CODE_ROOT, *template_dirs])
        if fp != self.fingerprint:
            self.clear()
            self.fingerprint = fp
        self._site_key = None

    def clear(self) -> None:
        self.theme_bytecode.clear()
        self.memo.clear()
        self.digests.clear()
        self.pages.clear()
        self.outputs.clear()
        self.fingerprint = None
        self._site_key = None

    def site_key(self, site: Site) -> str:
        """This build's `site_key` (every page's URL, the link index …), computed once per build."""
        if self._site_key is None or self._site_key[0] != id(site):
            self._site_key = (id(site), site_key(site))
        return self._site_key[1]

    def render(self, site: Site, renderer: Renderer, spec: PageSpec, count: RenderCount) -> Rendered:
        """A generated page's body: from the cache when its inputs are unchanged, else rendered."""
        key = page_key(site, spec, self.digests.digest, self.site_key(site))
        held = self.pages.get(spec.src_uri)
        if key is not None and held is not None and held[0] == key:
            count.reused.append(spec.src_uri)
            return held[1]
        rendered = renderer.page(spec)
        count.rendered.append(spec.src_uri)
        if key is not None:
            self.pages[spec.src_uri] = (key, rendered)
        else:
            self.pages.pop(spec.src_uri, None)
        return rendered

    def finish(self, site: Site | None, written: set[str]) -> None:
        """A build ended: forget the reads and pages this build did not use (`written`: its pages' src_uris)."""
        self.memo.sweep()
        if site is not None:
            self.pages = {k: v for k, v in self.pages.items() if k in site.plan.pages}
        self.outputs = {k: v for k, v in self.outputs.items() if k in written}


def fingerprint(config_file: Path, options: object, roots: list[Path]) -> str:
    """A hash of mkdocs.yml's bytes, the plugin's options and every file under `roots` by size and mtime."""
    h = hashlib.sha256(str(config_file).encode("utf-8", "surrogatepass") + b"\0")
    try:
        h.update(config_file.read_bytes())
    except OSError:
        h.update(b"\0no config")
    h.update(repr(sorted((str(k), repr(v)) for k, v in dict(options).items())).encode())  # type: ignore[call-overload]
    for root in roots:
        for p in sorted(root.rglob("*")) if root.is_dir() else ():
            if p.suffix in (".pyc",) or "__pycache__" in p.parts:
                continue
            try:
                st = p.stat()
            except OSError:
                continue
            h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()
