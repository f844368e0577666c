"""The mkdocs-macros macros of the site's own pages (home page): stats, ways in, the findings list."""
from __future__ import annotations

from macros.mkdocs.state import CorpusBuild
from macros.model.stats import counts
from macros.render.maps import maps
from macros.views.catalog import ways_in
from macros.views.findings import finding_view
from macros.views.links import PageLinks
from macros.views.sources import source_counts


def macro_stats(state: CorpusBuild, page) -> str:
    site, renderer = state.require_site()
    return renderer.fragment("stats.html", PageLinks(site, page.url if page else ""),
                             counts=counts(site.corpus), source_counts=source_counts(site))


def macro_ways_in(state: CorpusBuild, page) -> str:
    site, renderer = state.require_site()
    links = PageLinks(site, page.url if page else "")
    return renderer.fragment("ways_in.html", links, **ways_in(links), thumb=maps(site).main_layout)


def macro_findings(state: CorpusBuild, page, status: str | None) -> str:
    site, renderer = state.require_site()
    links = PageLinks(site, page.url if page else "")
    views = [finding_view(links, f) for f in site.corpus.findings if status in (None, f.status)]
    return renderer.fragment("findings_list.html", links, views=views)
