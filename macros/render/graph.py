"""Drawing provenance graphs: Graphviz `dot` lays them out, our template draws the SVG.

Corpus text never reaches the browser through Graphviz. `dot` gets our own node names (`n0`, `n1` …),
sizes we compute, and each label quoted by `dot_quote` (quotes and backslashes escaped, control characters
dropped, length capped); it answers with coordinates only (`-Tjson0`), which `parse_layouts` reads as
numbers. The SVG is then written by `overrides/corpus/_graph.html`, an autoescaping Jinja template with a
fixed set of elements and attributes: no script, no event handlers, no external references, no ids but the
prefixed one of its title, and colours from CSS custom properties (so it follows the light and dark schemes).

Every graph of a build goes to one `dot` process (`layout_many`) with a time limit and a size limit;
when `dot` is missing, fails or times out, the pages show their edge tables only and the log says so once.
"""
from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from dataclasses import dataclass

from macros.text.plain import one_line
from macros.views.provenance import Graph, Node

LABEL_MAX = 40  # characters of a label drawn in a node (the full text is the node's tooltip and in the table)
TITLE_MAX = 300  # characters of a node's tooltip
FONT_PX = 11.0
CHAR_PX = 6.4  # the average advance of a character at FONT_PX, for node widths (generous for capitals)
NODE_H = 22.0
PAD_PX = 14.0
DOT_INPUT_LIMIT = 4_000_000  # bytes of DOT text one dot run may take
DOT_TIMEOUT = 60.0  # seconds for one dot run (every graph of the build)
_POINT = re.compile(r"^-?\d+(?:\.\d+)?(?:e[-+]?\d+)?,-?\d+(?:\.\d+)?(?:e[-+]?\d+)?$")


@dataclass(frozen=True)
class Box:
    """A node as drawn: its rectangle, its label line, its link."""

    key: str
    kind: str
    x: float
    y: float
    w: float
    h: float
    label: str  # the drawn line (capped)
    title: str  # the full text, for the tooltip
    url: str  # site-root-relative
    css: str  # class names: kind and state

    @property
    def cx(self) -> float:
        return round(self.x + self.w / 2)

    @property
    def ty(self) -> float:
        """The baseline of the label, centred."""
        return round(self.y + self.h / 2 + 4)


@dataclass(frozen=True)
class Line:
    d: str  # SVG path data (numbers only)
    arrow: str  # polygon points of the arrowhead
    css: str
    width: float = 1.0


@dataclass(frozen=True)
class Frame:
    """A cluster: a doc and its sections."""

    x: float
    y: float
    w: float
    h: float
    label: str
    url: str

    @property
    def tx(self) -> float:
        return round(self.x + 8)

    @property
    def ty(self) -> float:
        return round(self.y + 14)


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    boxes: tuple[Box, ...]
    lines: tuple[Line, ...]
    frames: tuple[Frame, ...] = ()


# ------------------------------------------------------------------ labels


def clean(text: str, limit: int = LABEL_MAX) -> str:
    """One line of plain text: control characters and line breaks dropped, runs of spaces squashed, capped."""
    return one_line(text, limit)


def dot_quote(text: str, limit: int = LABEL_MAX) -> str:
    """A DOT quoted string holding `text` as plain text: `"` and `\\` escaped (so `\\N`, `\\G`, `\\l` stay
    literal), control characters dropped, at most `limit` characters."""
    body = clean(text, limit).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"'


def node_width(label: str) -> float:
    """Pixels a node needs for its (capped) label."""
    return round(len(label) * CHAR_PX + 2 * PAD_PX, 1)


def node_label(n: Node) -> str:
    return clean(f"{n.label} ({n.count})" if n.count else n.label)


def node_css(n: Node) -> str:
    return f"cg-{n.kind}" + (f" cg-state-{n.state}" if n.state else "")


# ------------------------------------------------------------------ DOT


def _groups(g: Graph) -> dict[str, list[Node]]:
    """Nodes by cluster ("" for none), clusters in node order: a doc with sections on the map frames them."""
    order = {n.key: i for i, n in enumerate(g.nodes)}
    framed = {n.group for n in g.nodes if n.group in g.by_key}
    targets = {e.dst for e in g.edges}
    members: dict[str, list[Node]] = {group: [] for group in framed}
    for n in g.nodes:
        group = n.group if n.group in g.by_key else ""
        if n.key in framed:
            if n.key not in targets:
                continue  # the frame's label links to the doc; a box of its own would float among the findings
            group = n.key
        members.setdefault(group, []).append(n)
    return dict(sorted(members.items(), key=lambda kv: order.get(kv[0], -1)))


def _cluster_names(g: Graph) -> dict[str, str]:
    """`cluster_<i>` → the doc node key it groups."""
    return {f"cluster_{i}": group for i, group in enumerate(_groups(g)) if group}


def to_dot(g: Graph) -> str:
    """The DOT text of a graph: left to right, findings first; a doc's sections in a cluster with it."""
    names = {n.key: f"n{i}" for i, n in enumerate(g.nodes)}
    lines = ["digraph G {",
             '  graph [rankdir=LR, nodesep=0.08, ranksep=1.1, newrank=true, outputorder=edgesfirst, fontsize=11];',
             '  node [shape=box, fixedsize=true, fontsize=11, height=0.3];',
             "  edge [arrowsize=0.6];"]
    members = _groups(g)

    def node_line(n: Node) -> str:
        width = node_width(node_label(n)) / 72
        return f"  {names[n.key]} [label={dot_quote(node_label(n))}, width={width:.3f}];"

    for i, (group, items) in enumerate(members.items()):
        if not group:
            continue
        lines.append(f"  subgraph cluster_{i} {{ label={dot_quote(g.by_key[group].label)};")
        lines += ["  " + node_line(n) for n in items]
        lines.append("  }")
    lines += [node_line(n) for n in members.get("", [])]
    sources = {e.src for e in g.edges}
    sinks = [names[n.key] for n in members.get("", [])
             if n.kind in ("lane", "brief", "doc") and n.key not in sources]
    if sinks:  # where findings lead, in the rightmost column, reached or not (an uncited lane stands out)
        lines.append("  { rank=max; " + "; ".join(sinks) + "; }")
    for e in g.edges:
        if e.src in names and e.dst in names:
            attrs = [f"penwidth={min(1 + math.log2(e.weight), 5):.2f}"] if e.weight > 1 else []
            lines.append(f"  {names[e.src]} -> {names[e.dst]}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_available() -> str | None:
    """The path of Graphviz's `dot`, or None."""
    return shutil.which("dot")


def run_dot(sources: list[str], *, timeout: float = DOT_TIMEOUT) -> list[dict] | str:
    """Lay out many graphs with one `dot -Tjson0` process: one JSON object per graph, or why not."""
    exe = dot_available()
    if exe is None:
        return "Graphviz's dot was not found (install the graphviz package: `make graphviz`)"
    data = "".join(sources).encode("utf-8")
    if len(data) > DOT_INPUT_LIMIT:
        return f"the graphs are too large to lay out ({len(data)} bytes of DOT, limit {DOT_INPUT_LIMIT})"
    try:
        proc = subprocess.run([exe, "-Tjson0"], input=data, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"dot took longer than {timeout:.0f} s"
    except OSError as exc:
        return f"dot could not run: {exc.strerror or type(exc).__name__}"
    if proc.returncode != 0:
        return "dot failed: " + clean(proc.stderr.decode("utf-8", "replace"), 200)
    text = proc.stdout.decode("utf-8", "replace")
    out: list[dict] = []
    dec = json.JSONDecoder()
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        try:
            obj, i = dec.raw_decode(text, i)
        except ValueError:
            return "dot's output could not be read"
        out.append(obj)
    if len(out) != len(sources):
        return f"dot laid out {len(out)} of {len(sources)} graphs"
    return out


# ------------------------------------------------------------------ dot's coordinates → Layout


def _num(text) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _points(pos: str) -> tuple[list[tuple[float, float]], tuple[float, float] | None]:
    pts: list[tuple[float, float]] = []
    end = None
    for tok in pos.split():
        if tok.startswith(("e,", "s,")):
            x, y = tok[2:].split(",")
            if tok[0] == "e":
                end = (_num(x), _num(y))
            continue
        if not _POINT.match(tok):
            raise ValueError(tok)
        x, y = tok.split(",")
        pts.append((_num(x), _num(y)))
    return pts, end


def coord(v: float) -> str:
    """A coordinate for path data: whole pixels (the maps are drawn at 1:1, and half the bytes of decimals)."""
    return str(round(v))


def arrowhead(tip: tuple[float, float], back: tuple[float, float], size: float = 7.0) -> str:
    """The points of a small triangle with its tip at `tip`, pointing away from `back`."""
    dx, dy = tip[0] - back[0], tip[1] - back[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    px, py = -uy * size * 0.45, ux * size * 0.45
    return " ".join(f"{coord(x)},{coord(y)}" for x, y in ((tip[0], tip[1]), (bx + px, by + py), (bx - px, by - py)))


def parse_layout(g: Graph, obj: dict) -> Layout:
    """A Layout from dot's JSON for `g` (names n0, n1 … as `to_dot` gave them); y turned to point down."""
    x0, y0, x1, y1 = (_num(v) for v in str(obj["bb"]).split(","))
    height = y1 - y0

    def flip(p: tuple[float, float]) -> tuple[float, float]:
        return p[0] - x0, height - (p[1] - y0)

    nodes = {f"n{i}": n for i, n in enumerate(g.nodes)}
    clusters = _cluster_names(g)
    by_gvid: dict[int, str] = {}
    boxes: list[Box] = []
    frames: list[Frame] = []
    for o in obj.get("objects", ()):
        name = str(o.get("name", ""))
        if "pos" in o and name in nodes:
            n = nodes[name]
            by_gvid[int(o["_gvid"])] = n.key
            cx, cy = flip(tuple(_num(v) for v in str(o["pos"]).split(",")))  # type: ignore[arg-type]
            w, h = _num(o["width"]) * 72, _num(o["height"]) * 72
            boxes.append(Box(n.key, n.kind, round(cx - w / 2), round(cy - h / 2), round(w), round(h),
                             node_label(n), clean(n.label, TITLE_MAX), n.url, node_css(n)))
        elif name in clusters and "bb" in o:
            a, b, c, d = (_num(v) for v in str(o["bb"]).split(","))
            (fx, fy), (gx, gy) = flip((a, d)), flip((c, b))
            doc = g.by_key[clusters[name]]
            frames.append(Frame(round(fx), round(fy), round(gx - fx), round(gy - fy),
                                clean(doc.label), doc.url))
    lines: list[Line] = []
    kinds = {(e.src, e.dst): e for e in g.edges}
    for e in obj.get("edges", ()):
        src, dst = by_gvid.get(int(e["tail"])), by_gvid.get(int(e["head"]))
        edge = kinds.get((src, dst)) if src and dst else None
        if edge is None or "pos" not in e:
            continue
        pts, end = _points(str(e["pos"]))
        if len(pts) < 4:
            continue
        pts = [flip(p) for p in pts]
        # one cubic from dot's first and last control points: every edge of our maps joins adjacent ranks
        # (findings → targets, docs → lanes), so nothing stands in its way, and it is half the bytes
        a, b, c, z = pts[0], pts[1], pts[-2], pts[-1]
        d = (f"M{coord(a[0])},{coord(a[1])}C{coord(b[0])},{coord(b[1])} {coord(c[0])},{coord(c[1])} "
             f"{coord(z[0])},{coord(z[1])}")
        tip = flip(end) if end else pts[-1]
        if end:
            d += f"L{coord(tip[0])},{coord(tip[1])}"
        lines.append(Line(d, arrowhead(tip, pts[-1] if end else pts[-2]), f"cg-edge cg-edge-{edge.kind}",
                          round(min(1 + math.log2(edge.weight), 5), 2)))
    # dot lists its clusters (and may list other objects) in an order that changes from run to run: the
    # drawing follows the graph's own order instead, so that two builds write the same bytes
    index = {n.key: i for i, n in enumerate(g.nodes)}
    boxes.sort(key=lambda b: index[b.key])
    frames.sort(key=lambda f: (f.y, f.x, f.label))
    lines.sort(key=lambda ln: (ln.css, ln.d))
    return Layout(round(x1 - x0), round(height), tuple(boxes), tuple(lines), tuple(frames))


def layout_many(graphs: list[Graph]) -> list[Layout] | str:
    """Every graph laid out by one dot run; a reason string when they could not be."""
    if not graphs:
        return []
    got = run_dot([to_dot(g) for g in graphs])
    if isinstance(got, str):
        return got
    try:
        return [parse_layout(g, obj) for g, obj in zip(graphs, got, strict=True)]
    except (KeyError, TypeError, ValueError):
        return "dot's coordinates could not be read"
