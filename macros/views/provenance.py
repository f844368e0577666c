"""The provenance graph: where every finding went, as nodes and edges (pure data, no layout, no HTML).

Nodes are findings (with their current state), the working docs and the sections findings landed in,
lanes and briefs. Edges:

* ``merged`` — a finding into a doc or doc section, from its marker or from a dated note's marker;
* ``cites`` — a finding to the lanes (a cited file counts for its lane), briefs and docs it names
  (`XRefs.refs`, the cross-references every page already uses);
* ``superseded`` — a finding to what its Superseded (or Withdrawn) note names.

One graph per build (`provenance(site)`); the map pages, the per-doc and per-lane maps and each finding's
neighbourhood are views of it (`overview`, `doc_view`, `lane_view`, `neighbourhood`), all bounded.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from macros.xref.links import Ref, link_html

if TYPE_CHECKING:
    from macros.model.data import Finding
    from macros.pipeline import Site

NodeKind = Literal["finding", "doc", "section", "lane", "brief", "artifact", "group"]
EdgeKind = Literal["merged", "cites", "superseded", "linked"]

#: the detailed map draws every finding up to this many; above it the map draws docs and lanes only
DETAIL_LIMIT = 60
#: a per-doc or per-lane map draws at most this many findings (the rest are in its table)
CLUSTER_LIMIT = 50
#: a finding's neighbourhood shows at most this many other findings sharing a target
NEIGHBOURS = 8
EDGE_WORDS = {"merged": "merged into", "cites": "cites", "superseded": "superseded by",
              "linked": "findings here cite"}


@dataclass(frozen=True)
class Node:
    key: str  # stable and unique: "f:<id>", "d:<file>", "s:<file>#<anchor>", "l:<lane>", "b:<slug>"
    kind: NodeKind
    label: str  # plain text (corpus text: escaped wherever it is shown)
    url: str  # site-root-relative, maybe with a #fragment
    state: str = ""  # a finding's state key (merged, flagged, superseded …); "overdue" wins when it is
    group: str = ""  # the doc a section belongs to ("d:<file>"), for clusters
    count: int = 0  # group nodes: how many findings they stand for


@dataclass(frozen=True)
class Edge:
    src: str
    dst: str
    kind: EdgeKind
    via: str = ""  # how we know: "marker", "note 2026-07-20", the cited path
    weight: int = 1  # aggregated edges: how many findings


@dataclass(frozen=True)
class Graph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    title: str = ""
    hidden: int = 0  # findings left out of the drawing (they are in the table)
    by_key: dict[str, Node] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "by_key", {n.key: n for n in self.nodes})


@dataclass(frozen=True)
class Provenance:
    """The whole graph of a build, with the lookups its views need."""

    graph: Graph
    out: dict[str, tuple[Edge, ...]]  # finding key → its edges
    into: dict[str, tuple[Edge, ...]]  # target key → edges pointing at it
    docs: tuple[str, ...]  # doc node keys, in corpus order
    lanes: tuple[str, ...]  # lane node keys, in corpus order
    briefs_lane: str = ""  # the lane node key briefs belong to ("" when that lane has no page)


def finding_key(f: Finding) -> str:
    return f"f:{f.id}"


def _state(site: Site, f: Finding) -> str:
    """The finding's current state key (model/state.py), which colours its box."""
    return site.corpus.state(f).key


def provenance(site: Site) -> Provenance:
    """The build's provenance graph (made once per site, on first use)."""
    got = getattr(site, "_provenance", None)
    if got is None:
        got = _build(site)
        # the Site is frozen and names no view of itself: the graph is kept beside it, made once per build
        object.__setattr__(site, "_provenance", got)
    return got


def _build(site: Site) -> Provenance:
    c, urls = site.corpus, site.plan.urls
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str, str], Edge] = {}
    for d in c.docs:
        if ("doc", d.file) in urls and d.src_uri != "index.md":  # the home page is no working doc
            nodes[f"d:{d.file}"] = Node(f"d:{d.file}", "doc", d.file, urls[("doc", d.file)])
    for lane in c.lanes:
        nodes[f"l:{lane.name}"] = Node(f"l:{lane.name}", "lane", lane.name + "/", urls[("lane", lane.name)])
    docs = tuple(k for k in nodes if k.startswith("d:"))
    lanes = tuple(k for k in nodes if k.startswith("l:"))

    def add(src: str, dst: str | None, kind: EdgeKind, via: str) -> None:
        if dst is None or dst == src:
            return
        key = (src, dst, kind)
        old = edges.get(key)
        if old is None:
            edges[key] = Edge(src, dst, kind, via)
        elif via and via not in old.via.split("; "):
            edges[key] = Edge(src, dst, kind, f"{old.via}; {via}")

    for f in c.findings:
        fk = finding_key(f)
        nodes[fk] = Node(fk, "finding", f"{f.number}. {f.title}", urls[("finding", f.id)], _state(site, f))
        merged_docs: set[str | None] = set()
        for t in f.targets:
            merged_docs.add(dst := _target_node(site, nodes, t))
            add(fk, dst, "merged", "marker")
        for n in f.notes:
            for t in n.targets:
                merged_docs.add(dst := _target_node(site, nodes, t))
                add(fk, dst, "merged", f"note {n.date.isoformat()}")
        merged_docs.discard(None)
        for r in site.xrefs.refs.get(f.id, ()):
            dst = _ref_node(site, nodes, r)
            if dst is not None and not (r.kind == "doc" and (dst in merged_docs or any(
                    nodes[m].group == dst for m in merged_docs if m in nodes))):
                add(fk, dst, "cites", r.key if r.kind == "artifact" else "")
        for n in f.notes:
            if n.kind in ("superseded", "withdrawn"):
                cited = link_html(f"<p>{n.text_html}</p>", site.index, "").cited
                for r in cited:
                    add(fk, _ref_node(site, nodes, r), "superseded", f"note {n.date.isoformat()}")
    for src, dst, kind in list(edges):  # what superseded a finding is drawn once, as that
        if kind == "superseded":
            edges.pop((src, dst, "cites"), None)
    out: dict[str, list[Edge]] = {}
    into: dict[str, list[Edge]] = {}
    for e in edges.values():
        out.setdefault(e.src, []).append(e)
        into.setdefault(e.dst, []).append(e)
    graph = Graph(tuple(nodes.values()), tuple(edges.values()), title="Provenance map")
    briefs_lane = f"l:{c.briefs_lane}" if f"l:{c.briefs_lane}" in nodes else ""
    return Provenance(graph, {k: tuple(v) for k, v in out.items()}, {k: tuple(v) for k, v in into.items()},
                      docs, lanes, briefs_lane)


def _target_node(site: Site, nodes: dict[str, Node], t) -> str | None:
    url = site.plan.urls.get(("doc", t.file))
    if url is None or not t.known:
        return None
    doc = f"d:{t.file}"
    if not t.anchor:
        return doc
    key = f"s:{t.file}#{t.anchor}"
    if key not in nodes:
        nodes[key] = Node(key, "section", t.section or t.anchor, f"{url}#{t.anchor}", group=doc)
    return key


def _ref_node(site: Site, nodes: dict[str, Node], r: Ref) -> str | None:
    """The map node a cited page stands for: a file is shown as its lane; briefs, lanes and docs as themselves."""
    urls = site.plan.urls
    if r.kind == "artifact":
        lane = r.key.split("/", 1)[0] if "/" in r.key else ""
        return f"l:{lane}" if f"l:{lane}" in nodes else None
    if r.kind == "lane":
        return f"l:{r.key}" if f"l:{r.key}" in nodes else None
    if r.kind == "doc":
        return f"d:{r.key}" if f"d:{r.key}" in nodes else None
    if r.kind == "brief" and ("brief", r.key) in urls:
        key = f"b:{r.key}"
        if key not in nodes:
            brief = site.briefs.get(r.key)
            nodes[key] = Node(key, "brief", brief.name if brief else r.key, urls[("brief", r.key)])
        return key
    return None


# ------------------------------------------------------------------ views of the graph


def _closure(p: Provenance, findings: list[str]) -> Graph:
    """The findings given, their edges, and the nodes those edges reach (sections bring their doc)."""
    by_key = p.graph.by_key
    keep: dict[str, None] = dict.fromkeys(findings)
    edges: list[Edge] = []
    for fk in findings:
        for e in p.out.get(fk, ()):
            edges.append(e)
            keep.setdefault(e.dst, None)
            group = by_key[e.dst].group
            if group:
                keep.setdefault(group, None)
    return Graph(tuple(by_key[k] for k in keep), tuple(edges))


def detailed(p: Provenance) -> Graph:
    """Every finding, doc, targeted section, lane and cited brief, with every edge."""
    g = p.graph
    return Graph(g.nodes, g.edges, title=g.title)


def overview(p: Provenance, maps: dict[str, str] | None = None) -> Graph:
    """Docs and lanes only: a doc–lane edge for the findings merged into the doc that cite the lane (weight:
    how many), and one node per state for the findings merged nowhere. Each node leads to its own map
    (`maps`: node key → the URL of its map page; its page when it has none)."""
    g = p.graph
    by_key = g.by_key
    maps = maps or {}
    nodes: dict[str, Node] = {}
    for k in p.docs:
        n = by_key[k]
        nodes[k] = Node(k, "doc", n.label, maps.get(k, n.url), count=len(findings_of_doc(p, k)))
    for k in p.lanes:
        n = by_key[k]
        nodes[k] = Node(k, "lane", n.label, maps.get(k, n.url), count=len(findings_of_lane(p, k)))
    weights: dict[tuple[str, str, str], int] = {}
    loose: dict[str, int] = {}
    for n in g.nodes:
        if n.kind != "finding":
            continue
        out = p.out.get(n.key, ())
        # (in the order of the finding's edges, never a set's: the map, its table and its layout are the same
        # from build to build, whatever Python's string hashing)
        docs = dict.fromkeys(_doc_of(by_key, e.dst) for e in out if e.kind == "merged")
        lanes = dict.fromkeys(lane for e in out if e.kind != "merged" and (lane := _lane_of(p, e.dst)))
        if not docs:
            loose[n.state] = loose.get(n.state, 0) + 1
            docs = {f"g:{n.state}": None}
        for d in docs:
            for lane in lanes:
                weights[(d, lane, "linked")] = weights.get((d, lane, "linked"), 0) + 1
    for state, count in sorted(loose.items()):
        nodes[f"g:{state}"] = Node(f"g:{state}", "group", f"{state}, merged nowhere", f"findings/?status={state}",
                                   state=state, count=count)
    edges = tuple(Edge(s, d, "linked", weight=w) for (s, d, _), w in weights.items() if s in nodes and d in nodes)
    return Graph(tuple(nodes.values()), edges, title="Provenance map (by doc and lane)")


def _doc_of(by_key: dict[str, Node], key: str) -> str:
    return by_key[key].group or key


def _lane_of(p: Provenance, key: str) -> str | None:
    """The lane a cited node belongs to: itself, or the briefs lane for a brief."""
    if key.startswith("l:"):
        return key
    return (p.briefs_lane or None) if key.startswith("b:") else None


def findings_of_doc(p: Provenance, doc: str) -> list[str]:
    """The findings merged into a doc or one of its sections (graph order)."""
    by_key = p.graph.by_key
    seen: dict[str, None] = {}
    for k, node in by_key.items():
        if k == doc or node.group == doc:
            for e in p.into.get(k, ()):
                if e.kind == "merged":
                    seen.setdefault(e.src, None)
    order = {n.key: i for i, n in enumerate(p.graph.nodes)}
    return sorted(seen, key=order.__getitem__)


def findings_of_lane(p: Provenance, lane: str) -> list[str]:
    """The findings citing a lane, one of its files, or (the briefs lane) one of its briefs."""
    keys = [lane] + ([n.key for n in p.graph.nodes if n.kind == "brief"] if lane == p.briefs_lane else [])
    found = dict.fromkeys(e.src for k in keys for e in p.into.get(k, ()))
    order = {n.key: i for i, n in enumerate(p.graph.nodes)}
    return sorted(found, key=order.__getitem__)


def cluster_view(p: Provenance, key: str, findings: list[str], limit: int = CLUSTER_LIMIT) -> Graph:
    """One doc's or lane's map: the findings that reach it (at most `limit` drawn) and where they go."""
    node = p.graph.by_key[key]
    shown = findings[:limit]
    g = _closure(p, shown)
    if key not in g.by_key:
        g = Graph((*g.nodes, node), g.edges)
    return Graph(g.nodes, g.edges, title=f"Provenance map of {node.label}", hidden=len(findings) - len(shown))


def neighbourhood(p: Provenance, f: Finding) -> Graph:
    """A finding, where it went and what it cites, and the other findings that share one of its targets."""
    fk = finding_key(f)
    by_key = p.graph.by_key
    mine = p.out.get(fk, ())
    nodes: dict[str, None] = {fk: None}
    edges = list(mine)
    for e in mine:
        nodes.setdefault(e.dst, None)
    others = 0
    for e in mine:
        if e.kind != "merged":
            continue
        for back in p.into.get(e.dst, ()):
            if others >= NEIGHBOURS:
                break  # a target shared by thousands of findings costs no more than one shared by a few
            if back.src != fk and back.kind == "merged" and back.src not in nodes:
                nodes[back.src] = None
                edges.append(back)
                others += 1
    return Graph(tuple(by_key[k] for k in nodes), tuple(edges), title=f"Where finding {f.number} went")


def edge_rows(g: Graph, full: Graph | None = None) -> list[tuple[Node, str, list[tuple[Node, Edge]]]]:
    """The text alternative: (from, relation, [(to, edge) …]), one row per node and kind of edge, in drawing
    order; every edge of `g` is in exactly one row. Nodes are taken from `full` (their own pages) first."""
    by_key = (full or g).by_key
    rows: dict[tuple[str, str], tuple[Node, str, list[tuple[Node, Edge]]]] = {}
    for e in g.edges:
        src, dst = by_key.get(e.src) or g.by_key[e.src], by_key.get(e.dst) or g.by_key[e.dst]
        rows.setdefault((e.src, e.kind), (src, EDGE_WORDS[e.kind], []))[2].append((dst, e))
    return list(rows.values())
