"""Unit tests of cross-references: resolving hrefs, linking names and paths, brace expansion."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from macros.xref.links import MAX_ALTERNATIVES, expand_braces, link_html, resolve_href, too_many_alternatives


@pytest.fixture(scope="module")
def site(stand_in):
    return stand_in


@pytest.mark.parametrize("href, base, expected", [
    ("fine-tuning/README.md", "", ("lane", "fine-tuning", "", True)),
    ("../huggingface/README.md#inventory", "fine-tuning", ("lane", "huggingface", "inventory", True)),
    ("../tooling/fine-tuning/", "..", ("lane", "fine-tuning", "", True)),  # from docs/, beside the corpus
    ("../../tooling/README.md", "..", ("tooling", "", "", True)),
    ("../GOTCHAS.md#medium", "", ("doc", "GOTCHAS.md", "medium", False)),
    ("no/such/file.md", "", None),
])
def test_resolve_href(site, href, base, expected):
    got = resolve_href(site.index, href, base)
    assert got is not None
    assert ((got.ref.kind, got.ref.key, got.fragment, got.in_corpus) if got.ref else None) == expected


@pytest.mark.parametrize("href", ["https://example.org/x", "#local", "/abs", "mailto:a@b.c", "javascript:x", ""])
def test_resolve_href_leaves_foreign_links_alone(site, href):
    assert resolve_href(site.index, href, "") is None


def test_link_html_is_pure_and_reports_broken_links(site):
    html = '<p>See <a href="old/notes.md">old</a>, <a href="README.md">ft</a> and <code>GOTCHAS.md</code>.</p>'
    first = link_html(html, site.index, "tooling/fine-tuning/", base="fine-tuning")
    again = link_html(html, site.index, "tooling/fine-tuning/", base="fine-tuning")
    assert first == again  # no state carried between calls
    assert first.broken == ("old/notes.md",)
    assert "<a>old</a>" in first.html  # the broken link is shown as plain text
    assert '<a href="./">ft</a>' in first.html
    assert [(r.kind, r.key) for r in first.cited] == [("doc", "GOTCHAS.md")]
    assert '<a class="corpus-xref" href="../../GOTCHAS/"><code>GOTCHAS.md</code></a>' in first.html


@pytest.mark.parametrize("text, expected", [
    ("a/b-{31b,e4b}-it.py", ["a/b-31b-it.py", "a/b-e4b-it.py"]),
    ("{a,b}{c,d}", ["ac", "ad", "bc", "bd"]),
    ("x{a,{b,c}}y", ["xay", "xby", "xay", "xcy"]),  # the inner group first, as before
    ("no-braces", ["no-braces"]),
])
def test_expand_braces(text, expected):
    assert expand_braces(text) == expected


def test_expand_braces_is_capped():
    bomb = "{a,b}" * 26  # 67 million paths uncapped
    out = expand_braces(bomb)
    assert len(out) == MAX_ALTERNATIVES and out[0] == "a" * 26 and len(set(out)) == MAX_ALTERNATIVES
    assert too_many_alternatives(bomb) and not too_many_alternatives("{a,b}" * 6)
    assert len(expand_braces("{" + ",".join(map(str, range(10_000))) + "}")) == MAX_ALTERNATIVES


def test_names_are_never_linked_inside_character_references(site):
    index = replace(site.index, names={"amp": site.index.names["CodeGemma"]},
                    name_re=re.compile(r"(?<![\w-])(amp)(?![\w-])"))
    out = link_html("<p>Tom &amp; Jerry, amp</p>", index, "")
    assert out.html.startswith("<p>Tom &amp; Jerry, <a ") and out.html.count("<a ") == 1


def test_code_span_path_is_read_relative_to_its_file_first(site):
    # `index.md` in the gemma-family map row is that lane's index, as the forge would resolve it
    html = "<p>briefs + <code>index.md</code></p>"
    in_row = link_html(html, site.index, "tooling/", base="", code_base="gemma-family").html
    assert 'href="gemma-family/"' in in_row
    # with no folder of its own, the span is looked up in the whole corpus as before
    assert "gemma-family/" not in link_html(html, site.index, "tooling/", base="").html
