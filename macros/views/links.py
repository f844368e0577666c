"""The links of one page being rendered (relative URLs, corpus cross-links, broken links found) and
the view of a finding's merge targets.
"""
from __future__ import annotations

from dataclasses import dataclass, field


from macros.model.provenance import Target
from macros.pipeline import Site
from macros.plan.urls import rel_url
from macros.text.reader import inline_html
from macros.text.safehtml import SafeHtml
from macros.text.sanitize import sanitize
from macros.xref.links import link_html


@dataclass
class PageLinks:
    """The links of one page being rendered: relative URLs, corpus cross-links, broken links found."""

    site: Site
    page_url: str
    broken: list[tuple[str | None, str]] = field(default_factory=list)  # (source file, href), this page only

    def rel(self, url: str) -> str:
        return rel_url(url, self.page_url)

    def linked(self, html: str, *, names: bool = True, base: str | None = None, source: str | None = None,
               report: bool = True, code_base: str | None = None) -> SafeHtml:
        """Sanitised corpus HTML with its cross-links (`base`: the corpus folder its file sits in)."""
        result = link_html(html, self.site.index, self.page_url, names=names, base=base, code_base=code_base)
        if report:
            self.broken += [(source, href) for href in result.broken]
        return SafeHtml(result.html)  # sanitised HTML with our links


@dataclass(frozen=True)
class TargetView:
    file: str
    section: str | None
    href: str | None  # None when the doc or its section is not on the site
    note_html: SafeHtml | str
    known: bool
    anchor: str | None


def target_views(links: PageLinks, targets: tuple[Target, ...]) -> tuple[TargetView, ...]:
    site = links.site
    out = []
    for t in targets:
        url = site.plan.urls.get(("doc", t.file))
        href = links.rel(url + ("#" + t.anchor if t.anchor else "")) if (url is not None and t.known) else None
        # the note as the forge shows it inline: a code span stays code and links the corpus path it names
        note = links.linked(sanitize(inline_html(t.note)), names=False) if t.note else ""
        out.append(TargetView(t.file, t.section, href, note, t.known, t.anchor))
    return tuple(out)
