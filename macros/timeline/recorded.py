"""Which later facts a finding's notes already record, so "Later in the corpus" does not repeat them.

A later fact (a dated line in a file the finding cites, or a newer-generation brief) is recorded by a note when
the note is dated the same day, when the fact stands in a doc a note's own marker merged the finding into, when
it comes from a file a note cites, or when it names a page (a brief, a file) that a note also names.
"""
from __future__ import annotations

from macros.model.data import Finding
from macros.text import reader
from macros.text.sanitize import sanitize
from macros.timeline.collect import SiteParts
from macros.timeline.later import LaterNote
from macros.xref.links import Ref, link_html


def ref_path(site: SiteParts, r: Ref) -> str | None:
    """The repository path of the file a reference names (a brief, an artifact, a lane's README, a doc)."""
    root = site.corpus.root
    if r.kind == "artifact":
        return f"{root}/{r.key}"
    if r.kind == "brief" and r.key in site.briefs:
        return f"{root}/{site.briefs[r.key].path}"
    if r.kind == "lane" and r.key in site.lanes:
        return site.lanes[r.key].path
    if r.kind == "doc":
        return next((d.repo_path for d in site.corpus.docs if d.file == r.key), None)
    return None


def _named(site: SiteParts, html: str) -> set[tuple[str, str]]:
    """The briefs and files a piece of corpus HTML names (its lanes and docs are too broad to count)."""
    return {(r.kind, r.key) for r in link_html(html, site.index, "", base="").cited if r.kind in ("brief", "artifact")}


def recorded_by_note(line: LaterNote, f: Finding, site: SiteParts) -> bool:
    """True when one of the finding's notes already records this later fact."""
    if not f.notes:
        return False
    if any(n.date == line.date for n in f.notes):
        return True
    docs = {d.file: d.repo_path for d in site.corpus.docs}
    noted: set[tuple[str, str]] = set()
    for n in f.notes:
        if any(docs.get(t.file) == line.path for t in n.targets):
            return True
        refs = link_html(n.text_html, site.index, "", base="").cited
        if line.path in (ref_path(site, r) for r in refs):
            return True
        noted |= {(r.kind, r.key) for r in refs if r.kind in ("brief", "artifact")}
    text = sanitize(reader.inline_html(line.text)) if line.rule == "update-line" else line.text
    return bool(noted & _named(site, text))


__all__ = ["recorded_by_note", "ref_path"]
