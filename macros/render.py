"""Rendering: page specs become HTML bodies through the templates in overrides/corpus/ (Jinja, autoescaped).

One context builder per page kind (`CONTEXT`). Corpus text enters templates only as data: plain strings
(escaped by Jinja) or HTML already sanitised by safehtml; it never becomes template source.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import artifacts as artifact_view
from . import report
from .plan import PageSpec
from .safehtml import markdown_to_html
from .site import Site
from .views import PageLinks, artifact_row, backlinks, brief_row, finding_view, lane_row, ways_in


@dataclass(frozen=True)
class Rendered:
    html: str
    broken: tuple[tuple[str | None, str], ...]  # (source file, href) of the broken links on the page


class Renderer:
    """The Jinja environment of one build, over the site's template folders."""

    def __init__(self, site: Site, templates: list[Path]):
        self.site = site
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(t) for t in templates]),
                                      autoescape=True, undefined=jinja2.StrictUndefined,
                                      trim_blocks=True, lstrip_blocks=True)

    def page(self, spec: PageSpec) -> Rendered:
        """The body of a generated page."""
        links = PageLinks(self.site, spec.url)
        ctx = {**self._base(links), "spec": spec, **CONTEXT[spec.kind](links, spec)}
        html = self.env.get_template(spec.template).render(**ctx)
        return Rendered(html, tuple(links.broken))

    def fragment(self, template: str, links: PageLinks, **ctx) -> str:
        """A template rendered for a page of docs/ (the home page's macros, a doc's merged findings)."""
        return self.env.get_template(template).render(**{**self._base(links), **ctx})

    def _base(self, links: PageLinks) -> dict:
        c = self.site.corpus
        return {"site": self.site.settings, "corpus": c, "page_url": links.page_url, "rel": links.rel,
                "build_date": c.build_date.isoformat()}


def _drop_h1(html: str) -> str:
    return re.sub(r"^\s*<h1[^>]*>.*?</h1>\s*", "", html, count=1, flags=re.DOTALL)


def _finding(links: PageLinks, spec: PageSpec) -> dict:
    site = links.site
    i = site.findings_by_id[spec.key[1]]
    fs = site.corpus.findings
    return {"view": finding_view(links, fs[i], body=True),
            "prev": finding_view(links, fs[i - 1]) if i > 0 else None,
            "next": finding_view(links, fs[i + 1]) if i + 1 < len(fs) else None}


def _findings(links: PageLinks, spec: PageSpec) -> dict:
    c = links.site.corpus
    # a problem with the list itself (its heading renamed, say) is shown here, not only on /health/:
    # without it this page would just say "0 findings"
    list_problems = [d for d in c.diagnostics if d.severity in ("error", "warning") and d.path == c.index.path
                     and "'## Findings" in d.message]
    return {"views": [finding_view(links, f) for f in c.findings], "counts": report.counts(c),
            "list_problems": list_problems}


def _tooling(links: PageLinks, spec: PageSpec) -> dict:
    site = links.site
    c = site.corpus
    src = c.index.path
    return {"views": [finding_view(links, f) for f in c.findings],
            "intro_html": links.linked(c.index.intro_html, base="", source=src),
            "findings_intro_html": links.linked(c.index.findings_intro_html, base="", source=src),
            "lanes": [lane_row(links, lane) for lane in c.lanes],
            "sections": [(s, links.linked(s.html, base="", source=src)) for s in c.index.sections],
            "top_files": [artifact_row(links, a) for a in site.artifacts_by_lane.get("", ())]}


def _lane(links: PageLinks, spec: PageSpec) -> dict:
    site = links.site
    c = site.corpus
    lane = site.lanes[spec.key[1]]
    return {"lane": lane, "row": lane_row(links, lane),
            "readme_html": links.linked(_drop_h1(markdown_to_html(lane.readme_body)), base=lane.name,
                                        source=lane.path),
            "artifacts": [artifact_row(links, a) for a in site.artifacts_by_lane.get(lane.name, ())],
            "briefs": [brief_row(links, b) for b in c.briefs] if lane.name == c.briefs_lane else [],
            "backlinks": backlinks(links, ("lane", lane.name)),
            "changed": site.git.last_change(lane.path) if (site.git.available and lane.path) else None}


def _brief(links: PageLinks, spec: PageSpec) -> dict:
    site = links.site
    c = site.corpus
    b = site.briefs[spec.key[1]]
    lane = site.plan.urls.get(("lane", c.briefs_lane))
    return {"brief": b, "row": brief_row(links, b),
            "body_html": links.linked(_drop_h1(markdown_to_html(b.body)), base=c.briefs_lane, source=spec.source),
            "backlinks": backlinks(links, ("brief", b.slug)),
            "lane_href": links.rel(lane) if lane is not None else None,
            "changed": site.git.last_change(spec.source) if site.git.available else None}


def _artifact(links: PageLinks, spec: PageSpec) -> dict:
    site = links.site
    c = site.corpus
    a = site.artifacts[spec.key[1]]
    view = artifact_view.view(site.project / c.root / a.path, a) if a.on_disk else None
    if view is not None and view.kind in ("markdown", "html"):
        # upstream files link to their own repositories: a link naming nothing here is not our error
        view.html = links.linked(str(view.html), names=False, base=posixpath.dirname(a.path), report=False)
    lane = site.plan.urls.get(("lane", a.lane))
    return {"a": a, "row": artifact_row(links, a), "view": view, "backlinks": backlinks(links, ("artifact", a.path)),
            "lane_href": links.rel(lane if lane is not None else site.plan.urls[("tooling", "")]),
            "changed": site.git.last_change(spec.source) if (site.git.available and a.on_disk) else None,
            "manifest_href": site.settings.source_link(spec.source, spec.source_line) if not a.on_disk else None}


def _health(links: PageLinks, spec: PageSpec) -> dict:
    return report.health(links)


def _home(links: PageLinks, spec: PageSpec) -> dict:
    return ways_in(links)


#: page kind → the builder of its template context
CONTEXT: dict[str, Callable[[PageLinks, PageSpec], dict]] = {
    "finding": _finding, "findings": _findings, "tooling": _tooling, "lane": _lane, "brief": _brief,
    "artifact": _artifact, "health": _health, "home": _home,
}
