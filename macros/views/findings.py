"""What the templates show of a finding: its view, citation formats, timeline, later facts, backlinks."""
from __future__ import annotations

import html as htmllib
from dataclasses import dataclass


from macros.model.data import Doc, Finding
from macros.model.notes import KIND_WORDS, Note, note_fragments
from macros.model.state import FindingState
from macros.pipeline import Site
from macros.plan.describe import state_phrase
from macros.text import reader
from macros.text.safehtml import SafeHtml
from macros.text.sanitize import sanitize
from macros.timeline.later import LaterNote
from macros.timeline.recorded import recorded_by_note
from macros.views.links import PageLinks, TargetView, target_views
from macros.xref.links import Ref, link_html


@dataclass(frozen=True)
class FindingView:
    f: Finding
    url: str  # site-root-relative
    href: str  # relative to the page
    abs_url: str
    title_html: SafeHtml
    body_html: SafeHtml
    targets: tuple[TargetView, ...]
    overdue: bool
    citation: str
    source_href: str | None
    dates: tuple[str, str] | None
    refs: tuple[tuple[Ref, str], ...]  # (cited page, href) for the non-doc pages it cites
    state: FindingState | None = None  # the current state (macros/model/state.py)
    notes: tuple[NoteView, ...] = ()  # the timeline (finding pages only)
    later: tuple[LaterView, ...] = ()  # "Later in the corpus" (finding pages only)
    later_more: int = 0  # later facts beyond the ones shown (timeline.LATER_MAX), in the files of `later_files`
    later_files: tuple[tuple[str, str], ...] = ()  # (path, href) of the cited files that hold later facts
    cite: Citation | None = None  # the citation formats
    current: tuple[CurrentTargetView, ...] = ()  # where it now stands merged: marker targets, then notes'
    state_note: NoteView | None = None  # the note that set the current state (finding pages only)
    evidence: tuple[tuple[Ref, str], ...] = ()  # the pages that note cites (a superseding brief …), with hrefs


@dataclass(frozen=True)
class CurrentTargetView:
    """A current target with the note that named it (None: the finding's own marker)."""

    t: TargetView
    note: Note | None
    fragment: str | None  # the note's anchor on the finding page


@dataclass(frozen=True)
class NoteView:
    """One dated note on a finding's timeline."""

    n: Note
    word: str  # the kind as a lead reads it: "Re-checked"
    fragment: str  # its anchor (feed entries link here)
    text_html: SafeHtml
    targets: tuple[TargetView, ...]
    source_href: str | None


@dataclass(frozen=True)
class LaterView:
    """A later fact in a file the finding cites."""

    n: LaterNote
    href: str | None  # the page of the file (and section), relative to this page
    source_href: str | None  # the line on GitHub
    text_html: SafeHtml | str = ""  # the text as inline GitHub Markdown, sanitised and cross-linked


@dataclass(frozen=True)
class BacklinkView:
    f: Finding
    href: str
    state: FindingState


@dataclass(frozen=True)
class Citation:
    """One finding cited three ways; each names the number, the title, the state, the corpus and the date."""

    markdown: str
    text: str
    html: str  # a titled link for rich-text paste (Slack, Jira, Google Docs); the clipboard's text/html
    state: str  # "flagged: reason"; a list sends this and `date` per item (corpus.js makes the rest)
    date: str | None


def citations(site: Site, f: Finding) -> Citation:
    """The three citation formats: the current state in words with its labelled date, the claim's date."""
    url = site.settings.absolute(site.plan.urls[("finding", f.id)])
    head = f"Finding {f.number}: {f.title}"
    s = site.corpus.state(f)
    state = state_phrase(f, s)
    when = s.claim.label if s.claim.date else None
    where = site.settings.site_name + (f", {when}" if when else "")
    md_head = head.replace("[", "\\[").replace("]", "\\]")
    # corpus.js builds the same Markdown from a list item's number, title, address and `tail`
    return Citation(markdown=f"[{md_head}]({url}) — {state} ({where})", state=state, date=when,
                    text=f"{head} — {state} ({where}). {url}",
                    html=f'<a href="{htmllib.escape(url)}">{htmllib.escape(head)}</a> — '
                         f"{htmllib.escape(state)} ({htmllib.escape(where)})")


def finding_view(links: PageLinks, f: Finding, *, body: bool = False) -> FindingView:
    """What templates show of a finding, linked from the page of `links` (the body and timeline only on request)."""
    site = links.site
    body_html = links.linked(f.body_html, base="", source=f.source) if body else SafeHtml("")
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
        state=state, current=current_targets(links, f), **extra)


def current_targets(links: PageLinks, f: Finding) -> tuple[CurrentTargetView, ...]:
    """Where the finding now stands merged, each target with the note (and its anchor) that named it."""
    state = links.site.corpus.state(f)
    frags = dict(zip((id(n) for n in f.notes), note_fragments(f.notes), strict=True))
    views = target_views(links, state.merged_targets)
    return tuple(CurrentTargetView(tv, ct.note, frags.get(id(ct.note)) if ct.note is not None else None)
                 for ct, tv in zip(state.targets, views, strict=True))


def _timeline(links: PageLinks, f: Finding) -> dict:
    """The finding page's timeline: the notes (anchored) and the later facts no note records yet."""
    site = links.site
    tl = site.timeline
    frags = note_fragments(f.notes)
    notes = tuple(NoteView(n, KIND_WORDS[n.kind], frag, links.linked(n.text_html, base="", source=f.source),
                           target_views(links, n.targets),
                           site.settings.source_link(n.path, n.line))
                  for n, frag in zip(f.notes, frags, strict=True))
    later = tuple(LaterView(n, links.rel(tl.urls[n.path]) if n.path in tl.urls else None,
                            site.settings.source_link(n.path, n.line), later_html(links, n))
                  for n in tl.later(f) if not recorded_by_note(n, f, site))  # a note says it already
    state = site.corpus.state(f)
    shown = next((nv for nv in notes if nv.n is state.note), None)
    evidence: tuple[tuple[Ref, str], ...] = ()
    if shown is not None:
        cited = link_html(shown.n.text_html, site.index, links.page_url, base="").cited
        evidence = tuple(dict.fromkeys((r, links.rel(r.url)) for r in cited))
    more, files = tl.more(f)
    return {"notes": notes, "later": later, "state_note": shown, "evidence": evidence, "later_more": more,
            "later_files": tuple((path, links.rel(url)) for path, url in files)}


def later_html(links: PageLinks, n: LaterNote) -> SafeHtml:
    """A later fact's text for the page: an update line is corpus Markdown (read as GitHub reads it, then
    sanitised and cross-linked relative to its file's folder); the newer-generation rule's text is ours and
    plain. Broken links are not reported here: the page of the file the line is on reports them."""
    html = sanitize(reader.inline_html(n.text)) if n.rule == "update-line" else htmllib.escape(n.text)
    root = links.site.corpus.root + "/"
    base = n.path[len(root):].rpartition("/")[0] if n.path.startswith(root) else ""
    return links.linked(html, base=base, source=n.path, report=False)


def backlinks(links: PageLinks, key: tuple[str, str]) -> list[BacklinkView]:
    urls = links.site.plan.urls
    return [BacklinkView(f, links.rel(urls[("finding", f.id)]), links.site.corpus.state(f))
            for f in links.site.xrefs.backlinks.get(key, ())]


def merged_here(links: PageLinks, doc: Doc) -> list[tuple[FindingView, CurrentTargetView]]:
    """(finding, current target) for each place a finding stands merged in the doc: its marker's targets and
    those its notes named (each with its note, so the page gives the note's date), section anchors included."""
    items = []
    for f in links.site.xrefs.merged_into.get(doc.file, ()):
        v = finding_view(links, f)
        here = [ct for ct in v.current if ct.t.file == doc.file and ct.t.known]
        if any(ct.t.section for ct in here):  # a section named (by a note, say) says more than the whole doc
            here = [ct for ct in here if ct.t.section]
        items += [(v, ct) for ct in here]
    return items
