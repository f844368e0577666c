"""`SafeHtml` marks HTML that may go into a page as it is: every `*_html` field of the model and the views
holds one, and only the sanitiser and our own escaping make them."""
from __future__ import annotations

import dataclasses
import importlib
import pkgutil

import macros.model
import macros.views
from macros.read.lane import read_lane
from macros.text.safehtml import SafeHtml
from macros.text.sanitize import markdown_to_html, sanitize


def _html_fields():
    for package in (macros.model, macros.views):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for obj in vars(module).values():
                if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__:
                    for f in dataclasses.fields(obj):
                        if f.name.endswith("_html"):
                            yield f"{obj.__module__}.{obj.__qualname__}.{f.name}", str(f.type)


def test_every_html_field_is_typed_safe_html():
    fields = dict(_html_fields())
    assert len(fields) >= 15, fields  # the scan finds them
    assert {name: t for name, t in fields.items() if not t.startswith("SafeHtml")} == {}


def test_the_sanitiser_makes_safe_html_and_the_corpus_model_holds_it(stand_in):
    assert isinstance(sanitize("<b>x</b><script>1</script>"), SafeHtml)
    assert isinstance(markdown_to_html("*x*"), SafeHtml)
    c = stand_in.corpus
    held = [c.index.intro_html, c.index.findings_intro_html, *(s.html for s in c.index.sections)]
    held += [v for f in c.findings for v in (f.title_html, f.body_html, *(n.text_html for n in f.notes))]
    held += [v for r in c.index.map_rows for v in (r.what_html, r.when_html)]
    held += [v for a in c.artifacts for li in a.listings for v in (li.description_html, li.source_html)]
    held += [v for lane in c.lanes if lane.facts for f in lane.facts.findings for v in (f.title_html, f.body_html)]
    assert len(held) > 100
    assert [type(v).__name__ for v in held if not isinstance(v, SafeHtml)] == []


def test_a_lane_finding_without_a_bold_lead_has_its_title_escaped():
    """Its title is plain text (the first sentence, entities decoded): as HTML it is escaped, never raw."""
    facts = read_lane("# Lane\n\n## Top-line findings\n\n1. Use &lt;script&gt;alert(1)&lt;/script&gt; here. More.\n")
    (f,) = facts.findings
    assert "<script>" in f.title and "<script>" not in f.title_html
    assert "&lt;script&gt;" in f.title_html and isinstance(f.title_html, SafeHtml)
