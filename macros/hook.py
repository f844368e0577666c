"""MkDocs hook (glue only): parse the corpus once per build, add its pages, render them, export.

Registered in mkdocs.yml under `hooks:`. All logic lives in the pure modules beside this file.
"""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

try:
    from macros import build
except ImportError:  # run from a checkout without `pip install -e .`: the project root is our parent's parent
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from macros import build

build_state = build.state


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    build.configure(config)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return build.add_pages(files, config)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build.page_markdown(page)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return build.page_content(html, page, config)


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    return build.page_context(context, page, config)


def on_post_build(config: MkDocsConfig) -> None:
    build.post_build(config)


__all__ = ["on_config", "on_files", "on_page_markdown", "on_page_content", "on_page_context", "on_post_build", "File"]
