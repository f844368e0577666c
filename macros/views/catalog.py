"""View models of the lists: lane rows, artifact rows, brief catalog rows, file-table listings, the
home page's ways in.

Every builder takes a `PageLinks`, the links of the one page being rendered: it makes URLs relative to
that page and collects the broken links that page's corpus text contains.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


from macros.fs.gitdates import iso
from macros.load.briefs import BRIEF_OPTIONAL, BRIEF_REQUIRED, facts_meta
from macros.model.data import Artifact, Brief, Lane, Listing
from macros.pipeline import Site
from macros.text.safeurl import http_url
from macros.text.safehtml import SafeHtml
from macros.views import artifacts as artifact_view
from macros.views.links import PageLinks


@dataclass(frozen=True)
class LaneView:
    lane: Lane
    href: str
    what_html: SafeHtml | str
    when_html: SafeHtml | str
    count: int  # files of the lane besides its README: artifacts, and briefs in the briefs lane
    mirrored: int  # of those, the ones on disk here


@dataclass(frozen=True)
class ArtifactRow:
    a: Artifact
    href: str
    name: str
    size: str | None
    raw: str | None


@dataclass(frozen=True)
class BriefRow:
    b: Brief
    href: str
    base: Any
    params: Any
    modalities: str
    purpose: Any
    released: Any
    verified: Any
    added: Any
    meta: Mapping[str, Any]
    models: tuple[str, ...] = ()  # the model names the brief covers (its H1 split on " / ")
    # (model-card URL, label as written or None, href: the URL when it may be a link, else None: shown as text)
    cards: tuple[tuple[str, str | None, str | None], ...] = ()
    no_gemma4: str | None = None  # the brief's "no Gemma 4 generation yet" sentence
    as_of: str | None = None  # the brief's date, for that sentence: its last change, else the lane's date
    as_of_what: str = ""  # where that date comes from
    added_from: str = ""  # where the `added` date comes from: front matter, the brief's prose or git
    # field → (href on the forge, line, href of that line on the brief's page): the brief line a value read
    # from the prose came from (base, params, released, no_gemma4, purpose, cards)
    lines: Mapping[str, tuple[str, int, str]] = field(default_factory=dict)
    # field → (the brief's own sentence, its line as above): shown, quoted, where the field could not be read
    quotes: Mapping[str, tuple[str, tuple[str, int, str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class ListingView:
    """A lane README's file-table row about an artifact, with its section's source and a link back to it."""

    listing: Listing
    description_html: SafeHtml
    source_html: SafeHtml
    row_href: str  # the row on the lane page
    readme: str  # the README's path from the project root


def lane_row(links: PageLinks, lane: Lane) -> LaneView:
    site = links.site
    index = site.corpus.index.path
    # a path in a map row is the lane's own first: `index.md` in the gemma-family row is gemma-family/index.md
    what = links.linked(lane.row.what_html, base="", source=index, code_base=lane.name) if lane.row else ""
    when = links.linked(lane.row.when_html, base="", source=index, code_base=lane.name) if lane.row else ""
    arts = site.artifacts_by_lane.get(lane.name, ())
    briefs = len(site.corpus.briefs) if lane.name == site.corpus.briefs_lane else 0
    return LaneView(lane, links.rel(site.plan.urls[("lane", lane.name)]), what, when, len(arts) + briefs,
                   sum(1 for a in arts if a.on_disk) + briefs)


def artifact_row(links: PageLinks, a: Artifact) -> ArtifactRow:
    site = links.site
    return ArtifactRow(a, links.rel(site.plan.urls[("artifact", a.path)]),
                       a.path.split("/", 1)[1] if a.lane else a.path,
                       size_label(a.size) if a.size is not None else None,
                       links.rel(artifact_view.raw_url(site.corpus.root, a)) if artifact_view.has_raw(a) else None)


def brief_row(links: PageLinks, b: Brief) -> BriefRow:
    """A brief's catalog row: front matter where present, else what the prose states ("" = not stated)."""
    site = links.site
    m = b.meta
    facts = b.facts
    sources = [str(s) for s in m.get("sources", [])]
    if facts is not None and sources == [c.url for c in facts.cards]:
        cards = tuple((c.url, c.label, http_url(c.url)) for c in facts.cards)  # from the prose: keep the labels
    else:
        cards = tuple((s, None, http_url(s)) for s in sources)
    verified = m.get("verified")
    if verified is None and facts is not None and facts.unconfirmed:
        verified = False
    as_of, what = brief_date(site, b)
    added, added_from = (str(m["added"]), "its front matter") if m.get("added") else later_addition(site, b)
    lines, quotes = brief_lines(links, b)
    return BriefRow(b, links.rel(site.plan.urls[("brief", b.slug)]), m.get("base_generation", ""),
                    m.get("params", ""), ", ".join(m.get("modalities", [])), m.get("purpose", ""),
                    m.get("released", ""), verified, added,
                    {k: m.get(k) for k in (*BRIEF_REQUIRED, *BRIEF_OPTIONAL)}, models=b.models, cards=cards,
                    no_gemma4=facts.no_gemma4.value if facts and facts.no_gemma4 else None, as_of=as_of,
                    as_of_what=what, added_from=added_from, lines=lines, quotes=quotes)


def brief_lines(links: PageLinks, b: Brief) -> tuple[dict, dict]:
    """Where each catalog value of a brief came from: (field → (forge href, line, page href), field →
    (sentence, (forge href, line, page href))).

    A value the front matter gives links nowhere (it is not a line of prose). The forge href is the line on
    the forge (else the brief's page); the page href is the line's block on the brief's page (`#L<line>`),
    short enough for the catalog's many cells."""
    facts = b.facts
    if facts is None:
        return {}, {}
    site = links.site
    prose = facts_meta(facts)
    page = links.rel(site.plan.urls[("brief", b.slug)])

    def at(fact) -> tuple[str, int, str]:
        return (site.settings.source_link(f"{site.corpus.root}/{b.path}", fact.line) or f"{page}#L{fact.line}",
                fact.line, f"{page}#L{fact.line}")

    first = {"base_generation": facts.generations, "params": facts.sizes, "released": facts.released,
             "purpose": (facts.lead,) if facts.lead else (), "sources": facts.cards}
    names = {"base_generation": "base", "params": "params", "released": "released", "purpose": "purpose",
             "sources": "cards"}
    lines = {names[k]: at(v[0]) for k, v in first.items() if v and b.meta.get(k) == prose.get(k)}
    if facts.no_gemma4 is not None:
        lines["no_gemma4"] = at(facts.no_gemma4)
    quotes = {names[k]: (f.value, at(f)) for k, f in facts.quotes if not b.meta.get(k)}
    return lines, quotes


def _lane_date(site: Site, lane: str) -> str | None:
    found = site.lanes.get(lane)
    return found.facts.date if found is not None and found.facts is not None else None


def brief_date(site: Site, b: Brief) -> tuple[str | None, str]:
    """The date a brief's statements hold as of: its last change in git, else its lane's stated date."""
    path = f"{site.corpus.root}/{b.path}"
    changed = site.git.last_change(path) if site.git.available else None
    if changed:
        return changed, "the brief's last change"
    lane_date = _lane_date(site, site.corpus.briefs_lane)
    return (lane_date, "the lane's research date") if lane_date else (None, "")


def later_addition(site: Site, b: Brief) -> tuple[str | None, str]:
    """When a brief joined its lane after the lane's first research pass: (date, where that comes from).

    * The brief's prose says so ("Added on 2026-11-28, after …"; `briefread`): that date.
    * Otherwise git first recorded the brief on a later day than the lane's own first record (the earliest
      first-commit day among the lane's files). Not the lane's stated research date: a corpus imported into
      git after the research would mark every brief.
    """
    facts = b.facts
    if facts is not None and facts.added is not None:
        return facts.added.value, "the brief says so"
    if not site.git.available:
        return None, ""
    prefix = f"{site.corpus.root}/{site.corpus.briefs_lane}/"
    first = site.git.first_recorded(f"{site.corpus.root}/{b.path}")
    lane_first = min((t for p, t in site.git.first.items() if p.startswith(prefix)), default=None)
    if first and lane_first is not None and first > iso(lane_first):
        return first, "git first recorded it after the lane's first files"
    return None, ""


def listing_views(links: PageLinks, a: Artifact) -> list[ListingView]:
    site = links.site
    out = []
    for item in a.listings:
        base = item.lane + ("/" + item.folder if item.folder else "")
        lane = site.lanes.get(item.lane)
        # the page of the lane that shows the row (a long README is split across pages: macros/plan/paging.py)
        lane_url = (site.plan.lane_part_url(item.lane, item.line - lane.body_line) if lane is not None else None) \
            or site.plan.urls[("tooling", "")]
        readme = f"{site.corpus.root}/{item.readme}"
        out.append(ListingView(item, links.linked(item.description_html, base=base, source=readme),
                               links.linked(item.source_html, names=False, base=base, source=readme),
                               links.rel(lane_url) + "#" + site.row_anchors[(item.readme, item.line)], readme))
    return out


def ways_in(links: PageLinks) -> dict:
    """What the home page's counts and 'ways in' list show."""
    site = links.site
    urls = site.plan.urls
    lane = ("catalog", "") if ("catalog", "") in urls else ("lane", site.corpus.briefs_lane)
    docs = [(d, links.rel(urls[("doc", d.file)])) for d in site.corpus.docs if d.src_uri != "index.md"]
    return {"counts": site.counts, "docs": docs,
            "briefs_href": links.rel(urls[lane]) if lane in urls else None}


def size_label(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)
