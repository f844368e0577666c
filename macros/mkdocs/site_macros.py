"""The mkdocs-macros macros of the site's own pages (home page): stats, ways in, the findings list. The
renderer draws them (the materialised export expands the same macros through it)."""
from __future__ import annotations

from macros.mkdocs.state import CorpusBuild


def macro_stats(state: CorpusBuild, page) -> str:
    return state.require_site()[1].stats(page.url if page else "")


def macro_ways_in(state: CorpusBuild, page) -> str:
    return state.require_site()[1].ways_in(page.url if page else "")


def macro_findings(state: CorpusBuild, page, status: str | None) -> str:
    return state.require_site()[1].findings_list(page.url if page else "", status)
