"""The MkDocs page of a generated corpus page: its HTML comes from our renderer (page_content), so it skips
the Markdown conversion MkDocs would run on its placeholder source.

MkDocs lets a plugin give a File its own Page (a subclass) before the nav is built; MkDocs then uses that
object everywhere. Only `render` differs: no Python-Markdown instance is built for a page whose converted
text would be thrown away (building one with the site's extensions costs more than converting a small page).
"""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


class GeneratedPage(Page):
    """A page whose body, title and table of contents the corpus plugin sets in on_page_content."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        self.content = self.markdown  # the placeholder comment, replaced in on_page_content
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


def attach(file: File, config: MkDocsConfig) -> GeneratedPage:
    """Give a generated file its page object now (MkDocs would otherwise make a plain Page for it)."""
    return GeneratedPage(None, file, config)
