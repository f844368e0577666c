"""Unit tests of the render helpers: images never load from elsewhere, notebooks stay bounded."""
from __future__ import annotations

import base64
import json
from pathlib import Path

from macros.views.artifacts import SHOW_BYTES, view
from support.paths import ROOT
from macros.model.data import Artifact
from macros.text.sanitize import markdown_to_html, sanitize_doc


def test_corpus_images_become_links():
    html = markdown_to_html("![chart](https://cdn.example.org/c.png) ![local](img/x.png)")
    assert "<img" not in html
    assert '<a href="https://cdn.example.org/c.png" rel="noopener noreferrer">' in html
    assert "[image: local]" in html


def test_doc_pages_keep_local_images_only():
    html = sanitize_doc('<p><img alt="a" src="img/a.png"><img alt="b" src="https://e.example/b.png"></p>')
    assert '<img alt="a" src="img/a.png">' in html
    assert "https://e.example/b.png" in html and html.count("<img") == 1


def test_big_notebook_is_parsed_and_bounded(tmp_path: Path):
    png = base64.b64encode(b"\x89PNG" + b"\x00" * 300_000).decode()
    cells = [{"cell_type": "code", "source": f"print({i})\n", "outputs": [
        {"output_type": "display_data", "data": {"image/png": png, "text/plain": "<Figure>"}}]} for i in range(30)]
    cells.append({"cell_type": "markdown", "source": "x" * (SHOW_BYTES + 10)})
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}}), encoding="utf-8")
    size = path.stat().st_size
    assert size > 5 * SHOW_BYTES
    v = view(path, Artifact("lane/nb.ipynb", "lane", "lane/nb.ipynb", True, size, "notebook", True))
    assert v.kind == "notebook" and v.cell_count == 31 and len(v.cells) == 30 and v.truncated
    outputs = [o for c in v.cells for o in c.outputs]
    assert len(outputs) == 2 * 30, outputs[:4]  # each cell: its text output and a note for the image
    assert sorted({o.get("text") or o["omitted"].split(" (")[0] for o in outputs}) == \
        ["<Figure>", "image/png output omitted"]


def test_template_bytecode_cache_gives_the_same_pages(tmp_path: Path, stand_in):
    """The renderer's Jinja bytecode cache (outside site/) is filled once and changes no output."""
    from macros.render.renderer import Renderer

    root = ROOT
    site = stand_in
    templates = [root / "overrides" / "corpus"]
    spec = site.plan.by_key[("findings", "")]
    plain = Renderer(site, templates).page(spec).html
    cache = tmp_path / "templates"
    first = Renderer(site, templates, cache_dir=cache).page(spec).html
    assert any(cache.iterdir())
    again = Renderer(site, templates, cache_dir=cache).page(spec).html
    assert plain == first == again
