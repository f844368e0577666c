"""The site's navigation, from the plan: home, findings, the corpus index and its lanes, the docs, health, guide."""
from __future__ import annotations

from macros.plan.pages import Plan

#: the guide's pages in reading order; any other page of docs/guide/ follows, by name
GUIDE_ORDER = ("index.md", "index-format.md", "markers.md", "notes.md", "briefs.md", "lanes.md", "diagnostics.md")


def nav(plan: Plan, doc_src_uris: list[str], *, has_home: bool, guide: list[str] = ()) -> list:
    """The site's navigation: home, findings, the corpus index and its lanes, the corpus docs, health, guide.

    `doc_src_uris`: the corpus docs (pages of docs/ other than the site's own); `guide`: the guide's pages
    (its `index.md` first).
    """
    out: list = []
    if has_home:
        out.append({"Home": "index.md"})
    out.append({"Findings": plan.by_key[("findings", "")].src_uri})
    lanes = [spec.src_uri for spec in plan.pages.values() if spec.kind == "lane"]
    out.append({"Tooling corpus": [plan.by_key[("tooling", "")].src_uri, *lanes]})
    if doc_src_uris:
        out.append({"Corpus docs": sorted(doc_src_uris)})
    out.append({"Health": plan.by_key[("health", "")].src_uri})
    if guide:
        order = {f"guide/{name}": n for n, name in enumerate(GUIDE_ORDER)}
        out.append({"Guide": sorted(guide, key=lambda s: (order.get(s, len(order)), s))})
    return out
