"""What each generated page is made from: the dependency map of incremental rebuilds (issue 26, item 3).

`DEPENDS_ON` names, per page kind, the inputs its HTML is a function of; `INPUTS` says how to read each
input off a built `Site` as plain data (dataclasses, strings, tuples: their `repr` is the fingerprint).
`page_key` hashes a page's inputs; the MkDocs glue keeps each page's HTML under that key between the
builds of one `mkdocs serve` (macros/mkdocs/incremental.py) and renders a page again only when its key
changed. A kind missing from `DEPENDS_ON` is re-rendered on every build: the pages that list the whole
corpus (the corpus index, the findings list, the catalog, the health page, the history).

Most inputs are the page's view models (rows, backlinks, sources, a finding's view), which are cheap to
build and cover everything they show; the costly parts (an artifact's file shown highlighted, a brief's
or lane README's body parsed and sanitised) are stood for by what they are made from: the model object
(which holds the text) and the file's content hash.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from macros.pipeline import Site
from macros.plan.pages import PageKind, PageSpec
from macros.views.catalog import artifact_row, brief_row, lane_row, listing_views
from macros.views.findings import backlinks, finding_view
from macros.views.links import PageLinks
from macros.views.sources import source_views

Digest = Callable[[Path], "str | None"]  # a file's content hash (None: unreadable)


def site_key(site: Site) -> str:
    """The input every cached page has (computed once per build): settings, the build date, the number of
    findings, every page's URL and the link index (how any corpus text on any page is linked)."""
    c = site.corpus
    parts = (site.settings, c.build_date, c.root, c.briefs_lane, len(c.findings), site.git.available,
             sorted(site.plan.urls.items()), site.index)
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _finding(links: PageLinks, spec: PageSpec, digest: Digest) -> object:
    site = links.site
    i = site.findings_by_id[spec.key[1]]
    fs = site.corpus.findings
    return (finding_view(links, fs[i], body=True), finding_view(links, fs[i - 1]) if i > 0 else None,
            finding_view(links, fs[i + 1]) if i + 1 < len(fs) else None)


def _brief(links: PageLinks, spec: PageSpec, digest: Digest) -> object:
    b = links.site.briefs[spec.key[1]]
    return b, brief_row(links, b)


def _artifact(links: PageLinks, spec: PageSpec, digest: Digest) -> object:
    site = links.site
    a = site.artifacts[spec.key[1]]
    content = digest(site.project / site.corpus.root / a.path) if a.on_disk else None
    return a, content, artifact_row(links, a), listing_views(links, a), \
        site.git.first_recorded(spec.source) if spec.source else None


def _lane(links: PageLinks, spec: PageSpec, digest: Digest) -> object:
    site = links.site
    lane = site.lanes[spec.key[1].partition("/")[0]]  # a "lane-part" key is "<lane>/<k>"
    files = site.artifacts_by_lane.get(lane.name, ())
    return (lane, lane_row(links, lane), [artifact_row(links, a) for a in files], files,
            sorted((k, v) for k, v in site.row_anchors.items() if k[0] == lane.readme),
            site.corpus.briefs if lane.name == site.corpus.briefs_lane else ())


def _backlinks(links: PageLinks, spec: PageSpec, digest: Digest) -> object:
    return backlinks(links, spec.key)


def _sources(links: PageLinks, spec: PageSpec, digest: Digest) -> object:
    return source_views(links, spec.key)


def _changed(links: PageLinks, spec: PageSpec, digest: Digest) -> object:
    git = links.site.git
    return git.last_change(spec.source) if (git.available and spec.source) else None


#: input name → how to read it for one page
INPUTS: dict[str, Callable[[PageLinks, PageSpec, Digest], object]] = {
    "finding": _finding, "brief": _brief, "artifact": _artifact, "lane": _lane,
    "backlinks": _backlinks, "sources": _sources, "changed": _changed,
}

#: page kind → the inputs its HTML is made from, besides `site_key` (kinds not here: rendered on every build)
DEPENDS_ON: dict[PageKind, tuple[str, ...]] = {
    "finding": ("finding", "sources"),
    "brief": ("brief", "backlinks", "sources", "changed"),
    "artifact": ("artifact", "backlinks", "sources", "changed"),
    "lane": ("lane", "backlinks", "changed"),
    "lane-part": ("lane",),
}


def page_key(site: Site, spec: PageSpec, digest: Digest, site_wide: str) -> str | None:
    """A hash of everything the page's HTML is made from (`site_wide`: this build's `site_key`), or None
    when the page is rendered every build."""
    names = DEPENDS_ON.get(spec.kind)
    if names is None:
        return None
    links = PageLinks(site, spec.url)
    facts = [(name, INPUTS[name](links, spec, digest)) for name in names]
    return hashlib.sha256(repr((site_wide, spec, facts)).encode("utf-8", "surrogatepass")).hexdigest()
