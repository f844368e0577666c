"""View models: what the templates show of findings, lanes, artifacts and briefs (frozen dataclasses).

Every builder takes a `PageLinks`, the links of the one page being rendered: it makes URLs relative to
that page and collects the broken links that page's corpus text contains.
"""
from __future__ import annotations

import html as htmllib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from markupsafe import Markup

from . import artifacts as artifact_view
from .corpus import BRIEF_OPTIONAL, BRIEF_REQUIRED
from .links import Ref, link_html
from .model import Artifact, Brief, Doc, Finding, Lane
from .plan import provenance_phrase
from .sources import STATE_TITLES, SourceView, cited_key, finding_at
from .urls import rel_url

if TYPE_CHECKING:
    from .site import Site


@dataclass
class PageLinks:
    """The links of one page being rendered: relative URLs, corpus cross-links, broken links found."""

    site: Site
    page_url: str
    broken: list[tuple[str | None, str]] = field(default_factory=list)  # (source file, href), this page only

    def rel(self, url: str) -> str:
        return rel_url(url, self.page_url)

    def linked(self, html: str, *, names: bool = True, base: str | None = None, source: str | None = None,
               report: bool = True) -> Markup:
        """Sanitised corpus HTML with its cross-links (`base`: the corpus folder its file sits in)."""
        result = link_html(html, self.site.index, self.page_url, names=names, base=base)
        if report:
            self.broken += [(source, href) for href in result.broken]
        return Markup(result.html)


@dataclass(frozen=True)
class TargetView:
    file: str
    section: str | None
    href: str | None  # None when the doc or its section is not on the site
    note_html: Markup | str
    known: bool
    anchor: str | None


@dataclass(frozen=True)
class FindingView:
    f: Finding
    url: str  # site-root-relative
    href: str  # relative to the page
    abs_url: str
    title_html: Markup
    body_html: Markup
    targets: tuple[TargetView, ...]
    overdue: bool
    citation: str
    source_href: str | None
    dates: tuple[str, str] | None
    refs: tuple[tuple[Ref, str], ...]  # (cited page, href) for the non-doc pages it cites


@dataclass(frozen=True)
class BacklinkView:
    f: Finding
    href: str


@dataclass(frozen=True)
class LaneRow:
    lane: Lane
    href: str
    what_html: Markup | str
    when_html: Markup | str
    count: int


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


def citation(site: Site, f: Finding) -> str:
    url = site.settings.absolute(site.plan.urls[("finding", f.id)])
    title = f.title.replace("[", "\\[").replace("]", "\\]")
    return f"[{title}]({url}) — {provenance_phrase(f)}"


def finding_view(links: PageLinks, f: Finding, *, body: bool = False) -> FindingView:
    """What templates show of a finding, linked from the page of `links` (the body only on request)."""
    site = links.site
    body_html = links.linked(f.body_html, base="", source=f.source) if body else Markup("")
    targets = []
    for t in f.targets:
        url = site.plan.urls.get(("doc", t.file))
        href = links.rel(url + ("#" + t.anchor if t.anchor else "")) if (url is not None and t.known) else None
        note = links.linked(htmllib.escape(t.note), names=False) if t.note else ""
        targets.append(TargetView(t.file, t.section, href, note, t.known, t.anchor))
    url = site.plan.urls[("finding", f.id)]
    return FindingView(
        f=f, url=url, href=links.rel(url), abs_url=site.settings.absolute(url),
        title_html=links.linked(f.title_html, names=False), body_html=body_html, targets=tuple(targets),
        overdue=site.corpus.overdue(f), citation=citation(site, f),
        source_href=site.settings.source_link(f.source, f.line, f.end_line),
        dates=site.git.span(f.source, f.line, f.end_line) if site.git.available else None,
        refs=tuple((r, links.rel(r.url)) for r in site.xrefs.refs.get(f.id, ()) if r.kind != "doc"))


def backlinks(links: PageLinks, key: tuple[str, str]) -> list[BacklinkView]:
    urls = links.site.plan.urls
    return [BacklinkView(f, links.rel(urls[("finding", f.id)])) for f in links.site.xrefs.backlinks.get(key, ())]


def merged_here(links: PageLinks, doc: Doc) -> list[tuple[FindingView, TargetView]]:
    """(finding, target) for each finding merged into the doc, the target carrying its section anchor."""
    items = []
    for f in links.site.xrefs.merged_into.get(doc.file, ()):
        v = finding_view(links, f)
        items += [(v, tv) for t, tv in zip(f.targets, v.targets, strict=True) if t.file == doc.file and t.known]
    return items


def lane_row(links: PageLinks, lane: Lane) -> LaneRow:
    site = links.site
    index = site.corpus.index.path
    what = links.linked(lane.row.what_html, base="", source=index) if lane.row else ""
    when = links.linked(lane.row.when_html, base="", source=index) if lane.row else ""
    return LaneRow(lane, links.rel(site.plan.urls[("lane", lane.name)]), what, when,
                   len(site.artifacts_by_lane.get(lane.name, ())))


def artifact_row(links: PageLinks, a: Artifact) -> ArtifactRow:
    site = links.site
    return ArtifactRow(a, links.rel(site.plan.urls[("artifact", a.path)]),
                       a.path.split("/", 1)[1] if a.lane else a.path,
                       size_label(a.size) if a.size is not None else None,
                       links.rel(artifact_view.raw_url(site.corpus.root, a)) if a.on_disk else None)


def brief_row(links: PageLinks, b: Brief) -> BriefRow:
    m = b.meta
    return BriefRow(b, links.rel(links.site.plan.urls[("brief", b.slug)]), m.get("base_generation", ""),
                    m.get("params", ""), ", ".join(m.get("modalities", [])), m.get("purpose", ""),
                    m.get("released", ""), m.get("verified"), m.get("added"),
                    {k: m.get(k) for k in (*BRIEF_REQUIRED, *BRIEF_OPTIONAL)})


def ways_in(links: PageLinks) -> dict:
    """What the home page's counts and 'ways in' list show."""
    from .report import counts

    site = links.site
    urls = site.plan.urls
    lane = ("lane", site.corpus.briefs_lane)
    docs = [(d, links.rel(urls[("doc", d.file)])) for d in site.corpus.docs if d.src_uri != "index.md"]
    return {"counts": counts(site.corpus), "docs": docs,
            "briefs_href": links.rel(urls[lane]) if lane in urls else None}


def size_label(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


# ------------------------------------------------------------------ source verification (macros/sources.py)


@dataclass(frozen=True)
class CitedSource:
    """A source that is not OK, for /health/: its state and the pages (and file:line places) citing it."""

    source: SourceView
    pages: tuple[tuple[str, str], ...]  # (label, href relative to the page)
    places: tuple[str, ...]  # path:line places recorded by `make verify`


def source_views(links: PageLinks, key: tuple[str, str]) -> list[SourceView]:
    """The sources a generated page cites, each with its verification state."""
    s = links.site.sources
    return s.views(key) if s is not None else []


def _page_label(site: Site, key: tuple[str, str]) -> str:
    spec = site.plan.by_key[key]
    if key[0] == "finding":
        return f"Finding {site.corpus.findings[site.findings_by_id[key[1]]].number}: {spec.title}"
    if key[0] == "lane":
        return f"lane {spec.title}"
    if key[0] == "tooling":
        return "the corpus index"
    return spec.title


def source_groups(links: PageLinks) -> list[tuple[str, str, list[CitedSource]]]:
    """(state, heading, sources) for each state that is not OK and has sources, worst first."""
    site = links.site
    s = site.sources
    if s is None:
        return []
    groups: dict[str, list[CitedSource]] = {state: [] for state in STATE_TITLES}
    at = finding_at(site.corpus)
    for url in s.all_urls():
        view = s.view(url)
        if view.state not in groups or (view.state == "not-checked" and not s.present):
            continue  # no results file yet: /health/ says so once rather than listing every source
        result = s.results.get(url)
        places = result.cited if result else ()
        keys = dict.fromkeys(s.pages_of.get(url, ()))
        for where in places:
            key = cited_key(where, site, at)
            if key is not None and key in site.plan.by_key:
                keys.setdefault(key, None)
        pages = tuple((_page_label(site, k), links.rel(site.plan.by_key[k].url)) for k in keys)
        groups[view.state].append(CitedSource(view, pages, tuple(places)))
    return [(state, STATE_TITLES[state], items) for state, items in groups.items() if items]


def source_counts(site: Site) -> dict[str, int] | None:
    """Sources per verification state, for the home page (None when the build has no sources data)."""
    return site.sources.counts() if site.sources is not None else None
