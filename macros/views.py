"""View models: what the templates show of findings, lanes, artifacts and briefs (frozen dataclasses).

Every builder takes a `PageLinks`, the links of the one page being rendered: it makes URLs relative to
that page and collects the broken links that page's corpus text contains.
"""
from __future__ import annotations

import html as htmllib
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Mapping

from markupsafe import Markup

from . import artifacts as artifact_view
from .corpus import BRIEF_OPTIONAL, BRIEF_REQUIRED
from .links import Ref, link_html
from .model import Artifact, Brief, Doc, Finding, Lane
from .plan import provenance_phrase
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
    cite: Citation | None = None  # the citation formats


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


def finding_date(site: Site, f: Finding) -> str | None:
    """The date of a finding's claim: its "as of YYYY-MM-DD", else the day git first recorded its lines."""
    from .later import claim_date

    span = site.git.span(f.source, f.line, f.end_line) if site.git.available else None
    d = claim_date(f"{f.title} {f.summary}", date.fromisoformat(span[0]) if span else None)
    return d.isoformat() if d else None


@dataclass(frozen=True)
class Citation:
    """One finding cited three ways; each names the number, the title, the state, the corpus and the date."""

    markdown: str
    text: str
    html: str  # a titled link for rich-text paste (Slack, Jira, Google Docs); the clipboard's text/html
    state: str  # "flagged: reason"; a list sends this and `date` per item (corpus.js makes the rest)
    date: str | None


def citations(site: Site, f: Finding) -> Citation:
    url = site.settings.absolute(site.plan.urls[("finding", f.id)])
    head = f"Finding {f.number}: {f.title}"
    state = provenance_phrase(f) + (" (re-check overdue)" if site.corpus.overdue(f) else "")
    when = finding_date(site, f)
    where = site.settings.site_name + (f", {when}" if when else "")
    md_head = head.replace("[", "\\[").replace("]", "\\]")
    # corpus.js builds the same Markdown from a list item's number, title, address and `tail`
    return Citation(markdown=f"[{md_head}]({url}) — {state} ({where})", state=state, date=when,
                    text=f"{head} — {state} ({where}). {url}",
                    html=f'<a href="{htmllib.escape(url)}">{htmllib.escape(head)}</a> — '
                         f"{htmllib.escape(state)} ({htmllib.escape(where)})")


def citation(site: Site, f: Finding) -> str:
    return citations(site, f).markdown


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
    cite = citations(site, f)
    return FindingView(
        f=f, url=url, href=links.rel(url), abs_url=site.settings.absolute(url),
        title_html=links.linked(f.title_html, names=False), body_html=body_html, targets=tuple(targets),
        overdue=site.corpus.overdue(f), citation=cite.markdown, cite=cite,
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
