"""One MkDocs build's state (owned by the plugin instance; nothing is global), its log and its date."""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from macros.config import CorpusConfig
from macros.mkdocs import summary
from macros.model.codes import code_of
from macros.model.data import Diagnostic
from macros.pipeline import Site
from macros.plan.pages import PageSpec
from macros.mkdocs.incremental import RebuildCache, RenderCount
from macros.render.renderer import Renderer

log = get_plugin_logger("corpus")


@dataclass
class CorpusBuild:
    """One build's state, owned by the plugin instance (a new one per build, so serve starts clean)."""

    settings: CorpusConfig | None
    project: Path = Path(".")
    build_date: date = date(1970, 1, 1)
    site: Site | None = None
    renderer: Renderer | None = None
    reported: set = field(default_factory=set)  # render-time warnings already logged this build
    current_src_uri: str | None = None  # the page being converted (for the Markdown extension)
    working_text: dict[str, str] = field(default_factory=dict)  # src_uri → a working doc's Markdown
    nav_undo: object = None  # place_in_nav's undo for the page being rendered
    # what the glue finds (pages it leaves out, broken links, macros refused); the health page lists them
    # after the core's (Site.diagnostics)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    cards: dict[str, dict] = field(default_factory=dict)  # card image path in the site → card_png's fields
    drawing: tuple | None = None  # (process, jobs file, timeout, its cards) drawing beside the build (linkcards.py)
    # finding id → title of every finding this process has built (kept by the plugin across serve rebuilds)
    seen_ids: dict[str, str] = field(default_factory=dict)
    said: set[str] = field(default_factory=set)  # once-per-process notices logged (kept across serve rebuilds)
    started: float = 0.0  # perf_counter at on_config (the summary line's time)
    pages: int = 0  # pages MkDocs rendered in this build
    notices: list[Diagnostic] = field(default_factory=list)  # found before the corpus was read (repo_url)
    guide: str | None = None  # the absolute URL of the guide's diagnostics page, when the site has one
    # `mkdocs serve`: what the plugin keeps between builds (reads, rendered pages); None for one build
    cache: RebuildCache | None = None
    count: RenderCount = field(default_factory=RenderCount)  # the generated pages rendered / reused
    nav: object = None  # MkDocs' Navigation of this build (on_nav)
    # serve: each page's theme-input key, and the outputs taken from the cache (macros/mkdocs/outputs.py)
    output_keys: dict[str, str] = field(default_factory=dict)
    cached_outputs: dict[str, str] = field(default_factory=dict)

    def require_site(self) -> tuple[Site, Renderer]:
        """The planned site; a macro called before the corpus was loaded is a build error."""
        if self.site is None or self.renderer is None:
            raise PluginError("corpus macros were called before the corpus was loaded")
        return self.site, self.renderer


def build_date() -> date:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return datetime.now(tz=timezone.utc).date()


def log_diagnostic(d: Diagnostic, state: CorpusBuild | None = None) -> None:
    """One diagnostic in the log, with its code and the guide section that explains it (when the site has
    the guide). A notice about the build's surroundings is logged once per serve process."""
    if state is not None and summary.already_said(d, state.said):
        return  # logged by an earlier build of this serve process
    text = str(d)
    if state is not None and state.guide:
        code = code_of(d)
        text += f" [{code}: {state.guide}#{code}]"
    if d.severity == "error":
        log.error(text)
    elif d.severity == "warning":
        log.warning(text)
    else:
        log.info(text)


def generated_spec(state: CorpusBuild, page: Page) -> PageSpec | None:
    site = state.site
    if site is None or page.file.generated_by is None:
        return None
    return site.plan.pages.get(page.file.src_uri)


def site_page(state: CorpusBuild, src_uri: str) -> bool:
    """A page of docs/ that is the site's own (the guide; the `site_pages` option), not a corpus doc."""
    return any(fnmatch.fnmatchcase(src_uri, p) for p in state.settings.site_pages)
