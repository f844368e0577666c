"""Unit tests of the pure helpers: URLs, names, text, front matter, markers, links, planning."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from macros.plan.pages import Settings, doc_url, plan_site
from macros.plan.urls import rel_url
from macros.read.frontmatter import split_front_matter
from macros.read.markers import find_marker
from macros.text.plain import html_to_text, unique_name
from macros.text.sanitize import truncate
from macros.text.slug import safe_segment
from macros.xref.links import MAX_ALTERNATIVES, expand_braces, link_html, resolve_href, too_many_alternatives

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("target, page, expected", [
    ("findings/x/", "", "findings/x/"),  # from the home page
    ("", "", "./"),  # the home page from itself
    ("", "findings/x/", "../../"),  # the home page from a nested page (was "": the page itself)
    ("#merged", "findings/x/", "../../#merged"),  # a section of the home page
    ("findings/x/", "findings/", "x/"),
    ("health/", "health/", "./"),
    ("GOTCHAS/#medium", "findings/x/", "../../GOTCHAS/#medium"),
    ("findings.json", "a/b/", "../../findings.json"),
    ("_raw/tooling/a.txt", "tooling/a/", "../../_raw/tooling/a.txt"),
    ("a b/é/", "c/", "../a%20b/%C3%A9/"),
    ("d/#Über uns", "d/", "./#%C3%9Cber%20uns"),
])
def test_rel_url(target, page, expected):
    assert rel_url(target, page) == expected


@pytest.mark.parametrize("src_uri, url", [
    ("index.md", ""), ("GOTCHAS.md", "GOTCHAS/"), ("sub/index.md", "sub/"), ("sub/x.md", "sub/x/"),
])
def test_doc_url(src_uri, url):
    assert doc_url(src_uri) == url


@pytest.mark.parametrize("name, taken, kwargs, expected", [
    ("a", set(), {}, "a"),
    ("a", {"a"}, {}, "a-2"),
    ("a", {"a", "a-2", "a-3"}, {}, "a-4"),
    ("Notes", {"notes"}, {"fold": str.casefold}, "Notes-2"),
    ("id", {"id", "id_1"}, {"sep": "_", "start": 1}, "id_2"),
])
def test_unique_name(name, taken, kwargs, expected):
    assert unique_name(name, taken, **kwargs) == expected


@pytest.mark.parametrize("html, text", [
    ("", ""),
    ("<p>a <code>b</code>\n  c</p>", "a b c"),
    ("&lt;/title&gt; &amp; &quot;q&quot;", '</title> & "q"'),
    ("<a href=\"x\">link</a>", "link"),
])
def test_html_to_text(html, text):
    assert html_to_text(html) == text


@pytest.mark.parametrize("text, fm, body, line", [
    ("---\na: 1\n---\nbody", "a: 1", "body", 4),
    ("---\r\na: 1\r\n---\r\nbody", "a: 1", "body", 4),
    ("---\na: 1\n...\nbody\n", "a: 1", "body\n", 4),
    ("no front matter", None, "no front matter", 1),
    ("---\nunclosed\n", None, "---\nunclosed\n", 1),
])
def test_split_front_matter(text, fm, body, line):
    assert split_front_matter(text) == (fm, body, line)


@pytest.mark.parametrize("text, found", [
    ("body **[merged: A.md]**", "[merged: A.md]"),
    ("x [flagged — y] z", "[flagged — y]"),
    ("[flagged] and then [merged: B.md]", "[merged: B.md]"),  # the last one
    ("[merged: A.md — see [the note] here]", "[merged: A.md — see [the note] here]"),  # nested brackets
    ("no marker", None),
    ("x [merged: A.md", "unterminated"),
])
def test_find_marker(text, found):
    where = find_marker(text)
    if where is not None and not where.closed:
        assert (where.start, where.end) == (text.index("[merged"), len(text))
        where = "unterminated"
    assert (text[where.start:where.end] if where not in (None, "unterminated") else where) == found


@pytest.mark.parametrize("text, limit, expected", [
    ("short", 10, "short"),
    ("a  b\n c", 10, "a b c"),
    ("one two three four", 12, "one two…"),
    ("one two, three", 10, "one two…"),
    ("x" * 20, 5, "xxxx…"),
])
def test_truncate(text, limit, expected):
    out = truncate(text, limit)
    assert out == expected and len(out) <= limit


@pytest.mark.parametrize("name, segment", [
    ("plain.txt", "plain.txt"), ("with space.txt", "with-space.txt"), ("hash#1.txt", "hash-1.txt"),
    ("q?.txt", "q-.txt"), ("ünï cödé.txt", "ünï-cödé.txt"), ("..", "file"), (".", "file"), ("", "file"),
    ("<img src=x>", "img-src-x"),
])
def test_safe_segment(name, segment):
    assert safe_segment(name) == segment
    assert "/" not in segment and segment not in ("", ".", "..")


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


def test_plan_has_a_unique_url_per_page(site):
    urls = [spec.url for spec in site.plan.pages.values()]
    assert len(urls) == len(set(urls))
    assert site.plan.by_key[("findings", "")].url == "findings/"
    assert all(site.plan.urls[spec.key] == spec.url for spec in site.plan.pages.values())


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


def test_reserved_finding_ids_come_from_the_plan(site):
    corpus = site.corpus
    first = replace(corpus.findings[0], id="index")
    plan = plan_site(replace(corpus, index=replace(corpus.index, findings=(first, *corpus.findings[1:]))),
                     Settings("t"))
    assert plan.corpus.findings[0].id == "index-2"
    assert plan.by_key[("findings", "")].src_uri == "findings/index.md"
    assert [d.line for d in plan.diagnostics] == [first.line]


def test_unsafe_lanes_get_no_page(site):
    corpus = site.corpus
    lanes = (*corpus.lanes, replace(corpus.lanes[0], name=".."), replace(corpus.lanes[0], name="../../x"))
    plan = plan_site(replace(corpus, lanes=lanes), Settings("t"))
    assert [lane.name for lane in plan.corpus.lanes] == [lane.name for lane in corpus.lanes]
    assert len(plan.diagnostics) == 2 and all(d.severity == "error" for d in plan.diagnostics)
    assert all(".." not in spec.src_uri for spec in plan.pages.values())


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
