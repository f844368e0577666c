"""The provenance map's drawing layer (macros/render/graph.py, neighbourhood.py, _graph.html), without a site.

Hostile labels go through the DOT quoting and a real `dot` run, and the SVG template is checked against the
elements and attributes it may write. Graphviz is required (`make graphviz`), as chromium is for the browser
tests: a missing `dot` fails these tests instead of skipping them.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup

from macros.render import graph as draw
from macros.render.neighbourhood import layout as hood_layout
from macros.views.provenance import Edge, Graph, Node

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ['<script>alert(1)</script>', '"]; evil [label="x"]; n0 -> n1; //', "back\\slash \\N \\G \\l",
           "ctl\x00\x07\x1b[31m\nline\u2028break", "A" * 5000, "{{ 7*7 }} {% raw %}", "<img src=x onerror=alert(1)>"]
SVG_ELEMENTS = {"svg", "title", "g", "a", "rect", "text", "path", "polygon"}
SVG_ATTRIBUTES = {"class", "xmlns", "viewbox", "width", "height", "role", "aria-labelledby", "aria-hidden",
                  "focusable", "font-size", "id", "href", "x", "y", "rx", "d", "points", "stroke-width", "text-anchor"}


def dot_or_fail() -> str:
    exe = draw.dot_available()
    if exe is None:
        pytest.fail("Graphviz's dot is missing: `make graphviz` (or apt-get install graphviz)", pytrace=False)
    return exe


def hostile_graph() -> Graph:
    nodes = [Node(f"f:h{i}", "finding", f"{i + 1}. {text}", f"findings/h{i}/", "flagged" if i % 2 else "merged")
             for i, text in enumerate(HOSTILE)]
    nodes += [Node("d:G.md", "doc", 'G"]; x.md', "GOTCHAS/"),
              Node("s:G.md#m", "section", "</text><script>x</script>", "GOTCHAS/#m", group="d:G.md"),
              Node("l:lane", "lane", "lane\\\"/", "tooling/lane/"),
              Node("b:brief", "brief", "Brief <b>", "tooling/gemma-family/brief/")]
    edges = [Edge(f"f:h{i}", "s:G.md#m" if i % 2 else "d:G.md", "merged", "marker") for i in range(len(HOSTILE))]
    edges += [Edge("f:h0", "l:lane", "cites", "lane/x.py"), Edge("f:h1", "b:brief", "superseded", "note 2026-06-10")]
    return Graph(tuple(nodes), tuple(edges))


def render_svg(layout: draw.Layout, labels: bool = True) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides" / "corpus")), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    macro = env.get_template("_graph.html").module.svg
    return str(macro(layout, lambda url: "../" + url, "t", 'Map "of" <things>', labels=labels))


def test_dot_quote_escapes_quotes_and_backslashes_drops_control_characters_and_caps():
    assert draw.dot_quote('a "b" \\N') == '"a \\"b\\" \\\\N"'
    assert draw.dot_quote("x\ny\x00z\u2028w") == '"x y z w"'
    quoted = draw.dot_quote("A" * 5000)
    assert len(quoted) == draw.LABEL_MAX + 2 and quoted.endswith('…"')
    # what is left between the quotes has no unescaped quote: the string cannot end early
    for text in HOSTILE:
        body = draw.dot_quote(text)[1:-1]
        assert not re.search(r'(?<!\\)(?:\\\\)*"', body), text


def test_hostile_labels_stay_labels_in_dot():
    """`dot` reads exactly our nodes and edges, whatever the labels say: nothing injected a node or an edge."""
    exe = dot_or_fail()
    g = hostile_graph()
    text = draw.to_dot(g)
    proc = subprocess.run([exe, "-Tjson0"], input=text.encode(), capture_output=True, timeout=60, check=True)
    out = json.loads(proc.stdout)
    names = sorted(o["name"] for o in out["objects"] if "pos" in o)
    drawn = [n for n in g.nodes if n.key != "d:G.md" or any(e.dst == "d:G.md" for e in g.edges)]
    assert names == sorted(f"n{i}" for i, n in enumerate(g.nodes) if n in drawn)
    assert len(out["edges"]) == len(g.edges)
    labels = {o["label"] for o in out["objects"] if "pos" in o}
    assert all(len(label) <= draw.LABEL_MAX for label in labels)
    assert "evil" not in {o["name"] for o in out["objects"]}


def test_svg_holds_only_our_elements_and_attributes_and_escaped_text():
    dot_or_fail()
    g = hostile_graph()
    [layout] = draw.layout_many([g])
    svg = render_svg(layout)
    soup = BeautifulSoup(svg, "html.parser")
    assert {t.name for t in soup.find_all(True)} <= SVG_ELEMENTS
    for t in soup.find_all(True):
        assert set(t.attrs) <= SVG_ATTRIBUTES, t.attrs
        assert not any(a.startswith("on") for a in t.attrs)
    assert [t["id"] for t in soup.find_all(id=True)] == ["cg-t-title"]
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs and all(h.startswith("../") and ":" not in h for h in hrefs)
    assert "<script" not in svg and "onerror=" not in svg.replace("onerror=alert", "")  # only as text
    assert "&lt;script&gt;" in svg and "&lt;img src=x onerror=alert(1)&gt;" in svg
    assert not re.search(r"fill=\"#|stroke=\"#|style=", svg)  # colours come from CSS custom properties
    # every node is a link, with a capped label and its longer text as a tooltip
    boxes = soup.select("a.cg-node")
    assert len(boxes) == len(layout.boxes)
    assert all(len(b.find("text").get_text()) <= draw.LABEL_MAX for b in boxes)
    titled = [b for b in boxes if b.find("title") is not None]  # a tooltip only where the label is cut
    assert titled and all(len(b.find("title").get_text()) <= draw.TITLE_MAX for b in titled)
    assert all(b.find("text").get_text().endswith("…") for b in titled)


def test_thumbnail_has_no_links_no_text_and_is_hidden_from_screen_readers():
    dot_or_fail()
    [layout] = draw.layout_many([hostile_graph()])
    soup = BeautifulSoup(render_svg(layout, labels=False), "html.parser")
    assert soup.svg["aria-hidden"] == "true" and not soup.find_all(["a", "text", "title"])


def test_layout_is_deterministic_and_frames_a_doc_with_its_sections():
    dot_or_fail()
    g = hostile_graph()
    a, b = draw.layout_many([g, g])
    assert a == b
    assert [f.label for f in a.frames] == ['G"]; x.md'] and a.frames[0].url == "GOTCHAS/"
    assert "d:G.md" in {x.key for x in a.boxes}  # findings merged into the whole doc point at its box


def test_without_dot_the_reason_is_given(monkeypatch):
    monkeypatch.setattr(draw.shutil, "which", lambda name: None)
    got = draw.layout_many([hostile_graph()])
    assert isinstance(got, str) and "dot was not found" in got and "make graphviz" in got


def test_a_slow_or_failing_dot_gives_a_reason(monkeypatch):
    dot_or_fail()

    def slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs.get("timeout"))

    monkeypatch.setattr(draw.subprocess, "run", slow)
    assert "longer than" in draw.layout_many([hostile_graph()])


def test_too_much_dot_input_is_refused_before_dot_runs(monkeypatch):
    dot_or_fail()
    monkeypatch.setattr(draw, "DOT_INPUT_LIMIT", 100)
    assert "too large" in draw.layout_many([hostile_graph()])


def test_coordinates_that_are_not_numbers_are_refused():
    g = Graph((Node("f:a", "finding", "a", "findings/a/"), Node("l:b", "lane", "b/", "tooling/b/")),
              (Edge("f:a", "l:b", "cites"),))
    bad = {"bb": "0,0,10,10", "objects": [
        {"_gvid": 0, "name": "n0", "pos": "1,1", "width": "1", "height": "0.3"},
        {"_gvid": 1, "name": "n1", "pos": "5,5", "width": "1", "height": "0.3"}],
        "edges": [{"tail": 0, "head": 1, "pos": "e,1,1 1,1 2,2 3,3 \"><script>"}]}
    with pytest.raises(ValueError):
        draw.parse_layout(g, bad)
    with pytest.raises(ValueError):
        draw.parse_layout(g, {**bad, "bb": "0,0,inf,10"})


def test_neighbourhood_layout_puts_the_finding_first_and_sharers_last_without_overlaps():
    nodes = (Node("f:a", "finding", "1. Mine", "findings/a/", "merged"),
             Node("s:G#x", "section", "Section", "G/#x", group="d:G"),
             Node("l:lane", "lane", "lane/", "tooling/lane/"),
             Node("f:b", "finding", "2. " + "B" * 500, "findings/b/", "flagged"))
    edges = (Edge("f:a", "s:G#x", "merged"), Edge("f:a", "l:lane", "cites"), Edge("f:b", "s:G#x", "merged"))
    lay = hood_layout(Graph(nodes, edges), "f:a")
    by = {b.key: b for b in lay.boxes}
    assert by["f:a"].x < by["s:G#x"].x < by["f:b"].x
    assert "cg-centre" in by["f:a"].css and len(by["f:b"].label) <= draw.LABEL_MAX
    assert len(lay.lines) == 3 and lay.width > 0 and lay.height >= 2 * draw.NODE_H
    column = sorted((b for b in lay.boxes if b.x == by["s:G#x"].x), key=lambda b: b.y)
    assert all(a.y + a.h <= b.y for a, b in zip(column, column[1:], strict=False))


def test_the_home_thumbnail_is_left_out_once_the_main_map_is_too_big_to_be_one():
    from macros.render.maps import THUMB_MAX_ITEMS, Maps
    line = draw.Line("M0,0L1,1", "0,0 1,1 1,0", "e")

    def maps_with(lines: int) -> Maps:
        return Maps(prov=None, main=None, main_layout=draw.Layout(10, 10, (), (line,) * lines), detailed=False)

    assert maps_with(THUMB_MAX_ITEMS).thumb is not None
    assert maps_with(THUMB_MAX_ITEMS + 1).thumb is None
    assert Maps(prov=None, main=None, main_layout=None, detailed=False).thumb is None
