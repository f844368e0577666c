"""What the templates show of source verification: sources per page, sources that are not OK."""
from __future__ import annotations

from dataclasses import dataclass

from macros.pipeline import Site
from macros.views.links import PageLinks
from macros.xref.sources import STATE_TITLES, SourceView, cited_key, finding_at


@dataclass(frozen=True)
class CitedSource:
    """A source that is not OK, for /health/: its state and the pages (and file:line places) citing it."""

    source: SourceView
    pages: tuple[tuple[str, str], ...]  # (label, href relative to the page)
    places: tuple[str, ...]  # path:line places recorded by `make verify`


def source_views(links: PageLinks, key: tuple[str, str]) -> list[SourceView]:
    """The sources a generated page cites, each with its verification state."""
    s = links.site.sources
    return s.views(key) if s is not None else []


def _page_label(site: Site, key: tuple[str, str]) -> str:
    spec = site.plan.by_key[key]
    if key[0] == "finding":
        return f"Finding {site.corpus.findings[site.findings_by_id[key[1]]].number}: {spec.title}"
    if key[0] == "lane":
        return f"lane {spec.title}"
    if key[0] == "tooling":
        return "the corpus index"
    return spec.title


def source_groups(links: PageLinks) -> list[tuple[str, str, list[CitedSource]]]:
    """(state, heading, sources) for each state that is not OK and has sources, worst first."""
    site = links.site
    s = site.sources
    if s is None:
        return []
    groups: dict[str, list[CitedSource]] = {state: [] for state in STATE_TITLES}
    at = finding_at(site.corpus)
    for url in s.all_urls():
        view = s.view(url)
        if view.state not in groups or (view.state == "not-checked" and not s.present):
            continue  # no results file yet: /health/ says so once rather than listing every source
        result = s.results.get(url)
        places = result.cited if result else ()
        keys = dict.fromkeys(s.pages_of.get(url, ()))
        for where in places:
            key = cited_key(where, site, at)
            if key is not None and key in site.plan.by_key:
                keys.setdefault(key, None)
        pages = tuple((_page_label(site, k), links.rel(site.plan.by_key[k].url)) for k in keys)
        groups[view.state].append(CitedSource(view, pages, tuple(places)))
    return [(state, STATE_TITLES[state], items) for state, items in groups.items() if items]


def source_counts(site: Site) -> dict[str, int] | None:
    """Sources per verification state, for the home page (None when the build has no sources data)."""
    return site.sources.counts() if site.sources is not None else None
