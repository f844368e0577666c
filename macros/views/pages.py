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

from macros.views import artifacts as artifact_view
from macros.load.corpus import BRIEF_OPTIONAL, BRIEF_REQUIRED
from macros.fs.gitdates import iso
from macros.xref.links import Ref, link_html
from macros.model.data import Artifact, Brief, Doc, Finding, Lane, Listing, Target
from macros.plan.pages import provenance_phrase
from macros.xref.sources import STATE_TITLES, SourceView, cited_key, finding_at
from macros.plan.urls import rel_url
from macros.text.safeurl import http_url

if TYPE_CHECKING:
    from macros.timeline.later import LaterNote
    from macros.read.notes import Note, State
    from macros.pipeline import Site


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
    state: State | None = None  # the latest state after its notes
    notes: tuple[NoteView, ...] = ()  # the timeline (finding pages only)
    later: tuple[LaterView, ...] = ()  # "Later in the corpus" (finding pages only)
    claim: date | None = None  # when the claim was made (finding pages only)
    claim_from: str | None = None  # "as of" (its text) or "git" (when its lines were first recorded)
    later_more: int = 0  # later facts beyond the ones shown (timeline.LATER_MAX), in the files of `later_files`
    later_files: tuple[tuple[str, str], ...] = ()  # (path, href) of the cited files that hold later facts
    cite: Citation | None = None  # the citation formats


@dataclass(frozen=True)
class NoteView:
    """One dated note on a finding's timeline."""

    n: Note
    word: str  # the kind as a lead reads it: "Re-checked"
    fragment: str  # its anchor (feed entries link here)
    text_html: Markup
    targets: tuple[TargetView, ...]
    source_href: str | None


@dataclass(frozen=True)
class LaterView:
    """A later fact in a file the finding cites."""

    n: LaterNote
    href: str | None  # the page of the file (and section), relative to this page
    source_href: str | None  # the line on GitHub
    text_html: Markup | str = ""  # the text as inline GitHub Markdown, sanitised and cross-linked


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


@dataclass(frozen=True)
class ListingView:
    """A lane README's file-table row about an artifact, with its section's source and a link back to it."""

    listing: Listing
    description_html: Markup
    source_html: Markup
    row_href: str  # the row on the lane page
    readme: str  # the README's path from the project root


def finding_date(site: Site, f: Finding) -> str | None:
    """The date of a finding's claim: its "as of YYYY-MM-DD", else the day git first recorded its lines."""
    from macros.timeline.later import claim_date

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
    latest = site.corpus.state(f)
    # the provenance as written, then the latest state when notes changed it ("superseded 2026-06-10")
    state = provenance_phrase(f) + (f" · {latest.label.split(' · ')[-1].lower()}" if latest.since else "") \
        + (" (re-check overdue)" if latest.overdue else "")
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


def target_views(links: PageLinks, targets: tuple[Target, ...]) -> tuple[TargetView, ...]:
    site = links.site
    out = []
    for t in targets:
        url = site.plan.urls.get(("doc", t.file))
        href = links.rel(url + ("#" + t.anchor if t.anchor else "")) if (url is not None and t.known) else None
        note = links.linked(htmllib.escape(t.note), names=False) if t.note else ""
        out.append(TargetView(t.file, t.section, href, note, t.known, t.anchor))
    return tuple(out)


def finding_view(links: PageLinks, f: Finding, *, body: bool = False) -> FindingView:
    """What templates show of a finding, linked from the page of `links` (the body and timeline only on request)."""
    site = links.site
    body_html = links.linked(f.body_html, base="", source=f.source) if body else Markup("")
    url = site.plan.urls[("finding", f.id)]
    state = site.corpus.state(f)
    cite = citations(site, f)
    extra: dict = {}
    if body:
        extra = _timeline(links, f)
    return FindingView(
        f=f, url=url, href=links.rel(url), abs_url=site.settings.absolute(url),
        title_html=links.linked(f.title_html, names=False), body_html=body_html,
        targets=target_views(links, f.targets),
        overdue=state.overdue, citation=cite.markdown, cite=cite,
        source_href=site.settings.source_link(f.source, f.line, f.end_line),
        dates=site.git.span(f.source, f.line, f.end_line) if site.git.available else None,
        refs=tuple((r, links.rel(r.url)) for r in site.xrefs.refs.get(f.id, ()) if r.kind != "doc"),
        state=state, **extra)


def _timeline(links: PageLinks, f: Finding) -> dict:
    """The finding page's timeline: the claim's date, the notes (anchored), the later facts."""
    from macros.export.feed import note_fragments
    from macros.read.notes import KIND_WORDS
    from macros.timeline.later import claim_date
    from macros.timeline.collect import timeline

    site = links.site
    tl = timeline(site)
    frags = note_fragments(f.notes)
    notes = tuple(NoteView(n, KIND_WORDS[n.kind], frag, links.linked(n.text_html, base="", source=f.source),
                           target_views(links, n.targets),
                           site.settings.source_link(n.path, n.line))
                  for n, frag in zip(f.notes, frags, strict=True))
    later = tuple(LaterView(n, links.rel(tl.urls[n.path]) if n.path in tl.urls else None,
                            site.settings.source_link(n.path, n.line), later_html(links, n))
                  for n in tl.later(f))
    claim = tl.claim(f)
    said = claim_date(f"{f.title} {f.summary}")
    more, files = tl.more(f)
    return {"notes": notes, "later": later, "claim": claim, "later_more": more,
            "later_files": tuple((path, links.rel(url)) for path, url in files),
            "claim_from": None if claim is None else ("as of" if said is not None else "git")}


def later_html(links: PageLinks, n: LaterNote) -> Markup:
    """A later fact's text for the page: an update line is corpus Markdown (read as GitHub reads it, then
    sanitised and cross-linked relative to its file's folder); the newer-generation rule's text is ours and
    plain. Broken links are not reported here: the page of the file the line is on reports them."""
    from macros.text import reader
    from macros.text.sanitize import sanitize

    html = sanitize(reader.inline_html(n.text)) if n.rule == "update-line" else htmllib.escape(n.text)
    root = links.site.corpus.root + "/"
    base = n.path[len(root):].rpartition("/")[0] if n.path.startswith(root) else ""
    return links.linked(html, base=base, source=n.path, report=False)


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
    arts = site.artifacts_by_lane.get(lane.name, ())
    briefs = len(site.corpus.briefs) if lane.name == site.corpus.briefs_lane else 0
    return LaneRow(lane, links.rel(site.plan.urls[("lane", lane.name)]), what, when, len(arts) + briefs,
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
    return BriefRow(b, links.rel(site.plan.urls[("brief", b.slug)]), m.get("base_generation", ""),
                    m.get("params", ""), ", ".join(m.get("modalities", [])), m.get("purpose", ""),
                    m.get("released", ""), verified, added,
                    {k: m.get(k) for k in (*BRIEF_REQUIRED, *BRIEF_OPTIONAL)}, models=b.models, cards=cards,
                    no_gemma4=facts.no_gemma4.value if facts and facts.no_gemma4 else None, as_of=as_of,
                    as_of_what=what, added_from=added_from)


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
        lane_url = site.plan.urls.get(("lane", item.lane), site.plan.urls[("tooling", "")])
        readme = f"{site.corpus.root}/{item.readme}"
        out.append(ListingView(item, links.linked(item.description_html, base=base, source=readme),
                               links.linked(item.source_html, names=False, base=base, source=readme),
                               links.rel(lane_url) + "#" + site.row_anchors[(item.readme, item.line)], readme))
    return out


def ways_in(links: PageLinks) -> dict:
    """What the home page's counts and 'ways in' list show."""
    from macros.export.report import counts

    site = links.site
    urls = site.plan.urls
    lane = ("catalog", "") if ("catalog", "") in urls else ("lane", site.corpus.briefs_lane)
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
