"""The build's provenance maps: which graphs the map pages draw, laid out together by one `dot` run.

`maps(site)` is made once per build (on first use): the main map (every finding while the corpus is small,
docs and lanes only past `DETAIL_LIMIT` findings), one map per doc and per lane, and a thumbnail of the
main map for the home page. Without Graphviz (or when it fails) `reason` says why and the pages show
their edge tables only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from macros.fs.memo import Memo, read_with
from macros.render import graph as draw
from macros.render.neighbourhood import layout as hood_layout
from macros.views.provenance import (
    DETAIL_LIMIT, Graph, Provenance, cluster_view, detailed, edge_rows, finding_key, findings_of_doc,
    findings_of_lane, neighbourhood, overview, provenance,
)

if TYPE_CHECKING:
    from macros.model.data import Finding
    from macros.pipeline import Site


#: the most boxes and lines a home-page thumbnail draws (about 80 bytes each in the page)
THUMB_MAX_ITEMS = 400


@dataclass
class Maps:
    prov: Provenance
    main: Graph
    main_layout: draw.Layout | None
    detailed: bool  # the main map draws every finding (else docs and lanes only)
    clusters: dict[tuple[str, str], tuple[Graph, draw.Layout | None, int]] = field(default_factory=dict)
    reason: str | None = None  # why there are no drawings, when there are none

    @property
    def thumb(self) -> draw.Layout | None:
        """The home page's thumbnail: the main map's layout while it is small enough to be one (a few
        tens of KB); past `THUMB_MAX_ITEMS` boxes and lines the home page links the map without it."""
        layout = self.main_layout
        if layout is None or len(layout.boxes) + len(layout.lines) > THUMB_MAX_ITEMS:
            return None
        return layout

    def cluster(self, key: tuple[str, str]) -> tuple[Graph, draw.Layout | None, int]:
        """(graph, layout, findings in it) of a per-doc or per-lane map page."""
        return self.clusters[key]


def maps(site: Site, memo: Memo | None = None) -> Maps:
    """The build's maps, made on first use (`memo`: under `mkdocs serve`, the layouts of the last rebuild
    that drew the same graphs are taken again instead of running `dot`)."""
    got = getattr(site, "_maps", None)
    if got is None:
        got = make_maps(site, memo)
        object.__setattr__(site, "_maps", got)  # the frozen Site names no render product: kept beside it
    return got


def _laid_out(graphs_repr: str, graphs: list[Graph]) -> list[draw.Layout] | str:
    """`draw.layout_many(graphs)`, for a memo keyed by the graphs' repr (which holds every field drawn)."""
    return draw.layout_many(graphs)


def make_maps(site: Site, memo: Memo | None = None) -> Maps:
    """Every map of the build, laid out by one dot run (uncached: `maps` keeps the build's)."""
    p = provenance(site)
    small = len(site.corpus.findings) <= DETAIL_LIMIT
    urls = site.plan.urls
    pages = {f"d:{k[1]}": u for k, u in urls.items() if k[0] == "map-doc"}
    pages.update({f"l:{k[1]}": u for k, u in urls.items() if k[0] == "map-lane"})
    main = detailed(p) if small else overview(p, pages)
    keys: list[tuple[str, str]] = []
    graphs: list[Graph] = [main]
    counts: list[int] = []
    for doc in p.docs:
        found = findings_of_doc(p, doc)
        keys.append(("map-doc", doc[2:]))
        graphs.append(cluster_view(p, doc, found))
        counts.append(len(found))
    for lane in p.lanes:
        found = findings_of_lane(p, lane)
        keys.append(("map-lane", lane[2:]))
        graphs.append(cluster_view(p, lane, found))
        counts.append(len(found))
    laid = draw.layout_many(graphs) if memo is None else \
        read_with(memo, _laid_out, repr(graphs), graphs, same=("graphs", draw.dot_available()))  # (keyed by repr)
    reason = laid if isinstance(laid, str) else None
    layouts: list[draw.Layout | None] = [None] * len(graphs) if isinstance(laid, str) else list(laid)
    out = Maps(p, main, layouts[0], small, reason=reason)
    for key, g, layout, n in zip(keys, graphs[1:], layouts[1:], counts, strict=True):
        out.clusters[key] = (g, layout, n)
    return out


def finding_map(site: Site, f: Finding) -> tuple[Graph, draw.Layout] | None:
    """A finding's neighbourhood and its layout; None when it has no edges."""
    p = maps(site).prov
    g = neighbourhood(p, f)
    if not g.edges:
        return None
    return g, hood_layout(g, finding_key(f))


# ------------------------------------------------------------------ page contexts


def legend() -> list[tuple[str, str]]:
    """(css class, words) for the map's key."""
    return [("cg-finding cg-state-merged", "finding, merged (or holds after a re-check)"),
            ("cg-finding cg-state-flagged", "flagged (still open)"),
            ("cg-finding cg-state-flagged-overdue", "re-check overdue"),
            ("cg-finding cg-state-updated", "updated, holds in part"),
            ("cg-finding cg-state-superseded", "superseded or withdrawn"), ("cg-doc", "working doc"),
            ("cg-section", "doc section"), ("cg-lane", "lane"), ("cg-brief", "brief")]


def map_context(links, spec) -> dict:
    """The main map page: the drawing, the per-doc and per-lane maps, the edges as a table."""
    site = links.site
    m = maps(site)
    urls = site.plan.urls
    docs = [(m.prov.graph.by_key[f"d:{key[1]}"], links.rel(urls[key]), n)
            for key, (_, _, n) in m.clusters.items() if key[0] == "map-doc" and key in urls]
    lanes = [(m.prov.graph.by_key[f"l:{key[1]}"], links.rel(urls[key]), n)
             for key, (_, _, n) in m.clusters.items() if key[0] == "map-lane" and key in urls]
    return {"m": m, "layout": m.main_layout, "graph": m.main, "rows": edge_rows(m.main, m.prov.graph),
            "docs": docs, "lanes": lanes, "legend": legend(), "counts": _counts(m)}


def _counts(m: Maps) -> dict:
    kinds = dict.fromkeys(("finding", "doc", "section", "lane", "brief"), 0)  # every key the page reads
    for n in m.prov.graph.nodes:
        kinds[n.kind] = kinds.get(n.kind, 0) + 1
    return {"nodes": len(m.prov.graph.nodes), "edges": len(m.prov.graph.edges), **kinds}


def cluster_context(links, spec) -> dict:
    """A per-doc or per-lane map page."""
    site = links.site
    m = maps(site)
    got = m.clusters.get(spec.key)
    graph, layout, n = got if got is not None else (Graph((), ()), None, 0)
    key = ("d:" if spec.kind == "map-doc" else "l:") + spec.key[1]
    node = m.prov.graph.by_key.get(key)
    found = (findings_of_doc(m.prov, key) if spec.kind == "map-doc" else findings_of_lane(m.prov, key)) if node else []
    # the table holds the drawing's edges; the findings past the drawing's limit are listed after it
    more = [m.prov.graph.by_key[k] for k in found[len(found) - graph.hidden:]] if graph.hidden else []
    return {"m": m, "graph": graph, "layout": layout, "count": n, "node": node, "more": more,
            "rows": edge_rows(graph, m.prov.graph), "legend": legend(),
            "map_href": links.rel(site.plan.urls[("map", "")]), "what": "doc" if spec.kind == "map-doc" else "lane"}
