"""The corpus plugin (`plugins: - corpus` in mkdocs.yml): hooks only; the work is in macros/mkdocs/.

Parses the corpus once per build, adds its pages, renders them when MkDocs reaches them and writes the
exports. The build's state lives on this instance (`self.build`), a new one per build.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from macros.export import search
from macros.config import CorpusConfig
from macros.load.docs import root_doc_files
from macros.mkdocs import build, content, doclinks, docs_folder, lunr, outputs
from macros.mkdocs import nav as nav_hooks
from macros.mkdocs.guard import failures, first, guarded, nothing, page_of, whole
from macros.mkdocs.incremental import RebuildCache
from macros.mkdocs.mdext import CorpusLinksExtension
from macros.mkdocs.state import CorpusBuild

log = get_plugin_logger(__name__)


class CorpusPlugin(BasePlugin[CorpusConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.build: CorpusBuild | None = None
        # finding id → title of every finding built by this process. MkDocs keeps a plugin that has
        # on_startup across `mkdocs serve` rebuilds, so a retitle leaves a "moved" page at the old address.
        self.seen_ids: dict[str, str] = {}
        # the notices about the build's surroundings (site_url …) this process logged: once per `serve`
        self.said: set[str] = set()
        self.command: str | None = None
        self.failures: list = []  # what the hook guard caught this build (macros/mkdocs/guard.py)
        # under `mkdocs serve`: per-file reads and rendered pages kept between rebuilds (incremental preview)
        self.cache: RebuildCache | None = None
        self.preview_index: search.PreviewIndex | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.seen_ids.clear()
        self.said.clear()
        self.command = command
        self.cache = RebuildCache() if command == "serve" else None
        # serve: the search index is made after the browsers reload (the last one meanwhile)
        self.preview_index = search.PreviewIndex() if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.failures = []
        self.build = build.configure(self.config, config, self.seen_ids, self.said, self.cache)
        lunr.mute_page_indexing(config)  # Pagefind indexes the pages after the build
        # the docs pages' links into the corpus; the extension asks this instance about the build
        config.markdown_extensions.append(CorpusLinksExtension(self.doc_link))
        return config

    @guarded(first, whole)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return build.add_pages(self.state, files, config)

    @event_priority(-100)  # last: the nav the pages are rendered with
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.state.nav = nav
        return nav

    @guarded(first, page_of)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return docs_folder.page_markdown(self.state, page, config, markdown)

    @guarded(first, page_of)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return content.page_content(self.state, html, page, config)

    @guarded(first, whole)
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # every page's content is in (and with it what the glue found): the health page lists all of it
        content.health_content(self.state, files)
        # the theme's templates compiled once: per process under serve, kept in .cache/ between builds
        env.bytecode_cache = build.theme_bytecode(self.state)
        if self.cache is not None:  # serve: pages whose theme inputs did not change are reused
            outputs.prepare(self.state, env, files, config)
        return env

    @event_priority(-100)  # last: the context the theme renders (macros/mkdocs/outputs.py)
    @guarded(first, page_of)
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        if outputs.cached_context(self.state, context, page):
            return context  # serve: the page's output is the one made from the same inputs last time
        return nav_hooks.page_context(self.state, context, page, config, nav)

    @event_priority(100)  # first: the theme's output as it rendered it
    @guarded(first, page_of)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        outputs.keep(self.state, page, output)
        nav_hooks.post_page(self.state)
        return output

    @guarded(first, whole)
    def on_serve(self, server, *, config: MkDocsConfig, builder):
        # the working docs the maintainer keeps at the project root are not under a watched folder
        if self.build is not None and self.build.site is not None:
            for path, _, _ in root_doc_files(self.build.site.corpus, self.build.project):
                server.watch(str(path))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._post_build(config=config)
        failures(self.failures, self.command)

    @guarded(nothing, whole)
    def _post_build(self, *, config: MkDocsConfig) -> None:
        build.post_build(self.state, config)
        # after Material's search plugin (listed before us): Pagefind's index replaces its lunr documents
        site_dir = Path(config.site_dir)
        preview = self.preview_index
        if preview is not None:
            for problem in preview.errors:
                log.warning(problem)
            preview.errors.clear()
        pages = preview.update(site_dir) if preview is not None else \
            search.write_pagefind(site_dir, cache_dir=self.state.project / ".cache" / "search")
        search.trim_lunr(site_dir)
        log.debug(f"search: {pages} pages indexed by Pagefind")

    def on_shutdown(self) -> None:
        if self.preview_index is not None:  # serve ends (Ctrl-C): its search working folder goes with it
            self.preview_index.close()

    @property
    def state(self) -> CorpusBuild:
        if self.build is None:
            raise RuntimeError("the corpus plugin was used before on_config")
        return self.build

    def doc_link(self, href: str) -> str | None:
        """The Markdown extension's question: where a docs page's link to a corpus file should go."""
        return doclinks.doc_link(self.build, href) if self.build is not None else None


def find(mkdocs_config) -> CorpusPlugin:
    """The corpus plugin of a loaded MkDocs config (mkdocs-macros' `env.conf`)."""
    for plugin in mkdocs_config["plugins"].values():
        if isinstance(plugin, CorpusPlugin):
            return plugin
    raise LookupError("the corpus plugin is not configured: add `- corpus` under `plugins:` in mkdocs.yml")
