"""A finding's neighbourhood map, laid out in Python: a few dozen nodes in three columns need no Graphviz.

Column one is the finding; column two is where it went and what it cites (targets, lanes, briefs, what
superseded it); column three the other findings that landed in one of the same places, each drawn with
its edge into the shared target. Cheap (no subprocess), so every finding page gets one at any scale.
"""
from __future__ import annotations

from macros.render.graph import (
    NODE_H, TITLE_MAX, Box, Layout, Line, arrowhead, clean, coord, node_css, node_label, node_width,
)
from macros.views.provenance import Graph

GAP_X = 56.0  # between columns
GAP_Y = 8.0  # between nodes of a column
MAX_W = 280.0  # a node is never wider than this (labels are capped anyway)


def layout(g: Graph, centre: str) -> Layout:
    """Three columns: `centre`, the nodes its edges reach, the other findings pointing at those."""
    reached = [e.dst for e in g.edges if e.src == centre]
    second = list(dict.fromkeys(reached))
    third = list(dict.fromkeys(e.src for e in g.edges if e.src != centre and e.dst in second))
    columns = [[centre], second, third]
    columns = [c for c in columns if c]
    widths = [min(max((node_width(node_label(g.by_key[k])) for k in col), default=0.0), MAX_W) for col in columns]
    heights = [len(col) * NODE_H + (len(col) - 1) * GAP_Y for col in columns]
    total_h = max(heights)
    boxes: dict[str, Box] = {}
    x = 0.0
    for col, w, h in zip(columns, widths, heights, strict=True):
        y = (total_h - h) / 2
        for k in col:
            n = g.by_key[k]
            boxes[k] = Box(k, n.kind, round(x), round(y), round(w), round(NODE_H), node_label(n),
                           clean(n.label, TITLE_MAX), n.url, node_css(n) + (" cg-centre" if k == centre else ""))
            y += NODE_H + GAP_Y
        x += w + GAP_X
    lines = []
    for e in g.edges:
        a, b = boxes.get(e.src), boxes.get(e.dst)
        if a is None or b is None:
            continue
        if a.x < b.x:  # left to right: from the right side of a into the left side of b
            start, end = (a.x + a.w, a.y + a.h / 2), (b.x, b.y + b.h / 2)
        else:  # a finding of the third column into a shared target: right to left
            start, end = (a.x, a.y + a.h / 2), (b.x + b.w, b.y + b.h / 2)
        bend = (end[0] - start[0]) / 2
        d = (f"M{coord(start[0])},{coord(start[1])}C{coord(start[0] + bend)},{coord(start[1])} "
             f"{coord(end[0] - bend)},{coord(end[1])} {coord(end[0])},{coord(end[1])}")
        lines.append(Line(d, arrowhead(end, (end[0] - bend, end[1])), f"cg-edge cg-edge-{e.kind}"))
    return Layout(round(x - GAP_X), round(total_h), tuple(boxes.values()), tuple(lines))
