"""Rendering: page specs become HTML bodies through the templates in overrides/corpus/ (Jinja, autoescaped).

One context builder per page kind (`CONTEXT`). Corpus text enters templates only as data: plain strings
(escaped by Jinja) or HTML already sanitised by safehtml; it never becomes template source.
"""
from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from macros.export import report
from macros.fs.cache import TextCache
from macros.model.data import Diagnostic
from macros.pipeline import Site
from macros.plan.pages import PageKind, PageSpec
from macros.plan.paging import CATALOG_PER_PAGE, INDEX_FINDINGS, MAP_PER_PAGE, list_page_url
from macros.render.maps import cluster_context, finding_map, map_context, maps
from macros.render.readme import ReadmeParts, lane_readme, readme_pager
from macros.text import reader
from macros.text.safeurl import http_url, safe_url
from macros.text.sanitize import alias_anchor, sanitize
from macros.views import artifacts as artifact_view
from macros.views.catalog import artifact_row, brief_row, lane_row, listing_views, ways_in
from macros.views.findings import backlinks, finding_view
from macros.views import search as search_view
from macros.views.links import PageLinks
from macros.views.pager import page_number, page_slice, pager
from macros.views.sources import source_counts, source_views
from macros.views.timeline import timeline_context


@dataclass(frozen=True)
class Rendered:
    html: str
    broken: tuple[tuple[str | None, str], ...]  # (source file, href) of the broken links on the page


class _FolderBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode folder, where a failed write only means the template is compiled again next time."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # (a full disk, a folder made read-only: the build goes on)


def bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    """Compiled templates kept in `folder` between builds (our pages' templates, the theme's): Jinja checks
    each entry against its template's source checksum, so an edited template is compiled again. None
    when the folder cannot be made (a read-only checkout builds as before, compiling each time)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _FolderBytecodeCache(str(folder))


class Renderer:
    """The Jinja environment of one build, over the site's template folders."""

    def __init__(self, site: Site, templates: list[Path], *, cache_dir: Path | None = None,
                 code_cache: TextCache | None = None, found: Sequence[Diagnostic] = ()):
        self.site = site
        self.found = found  # the glue's diagnostics (a list it keeps adding to): the health page lists them
        # the page kinds' context builders; artifact pages keep highlighted code by content in `code_cache`
        # lane pages keep each lane README as rendered, for the README's other pages (`ReadmeParts`)
        readmes: dict[str, ReadmeParts] = {}
        self.context = {**CONTEXT, "artifact": functools.partial(_artifact, cache=code_cache),
                        "lane": functools.partial(_lane, readmes=readmes),
                        "lane-part": functools.partial(_lane, readmes=readmes)}
        # compiling our templates is most of this module's fixed cost per build: with `cache_dir` (outside
        # site/, safe to delete) Jinja keeps their bytecode, keyed by each template's own source checksum
        cache = bytecode_cache(cache_dir) if cache_dir is not None else None
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(t) for t in templates]),
                                      autoescape=True, undefined=jinja2.StrictUndefined,
                                      trim_blocks=True, lstrip_blocks=True, bytecode_cache=cache)
        self.env.globals["plural"] = plural
        self.env.filters["safe_url"] = safe_url  # the link macro's own check (_macros.html `link`)
        self.env.filters["http_url"] = http_url

    def page(self, spec: PageSpec) -> Rendered:
        """The body of a generated page."""
        links = PageLinks(self.site, spec.url)
        data = report.health(links, self.found) if spec.kind == "health" else self.context[spec.kind](links, spec)
        ctx = {**self._base(links), "spec": spec, **data}
        html = self.env.get_template(spec.template).render(**ctx)
        return Rendered(html, tuple(links.broken))

    def fragment(self, template: str, links: PageLinks, **ctx) -> str:
        """A template rendered for a page of docs/ (the home page's macros, a doc's merged findings)."""
        return self.env.get_template(template).render(**{**self._base(links), **ctx})

    # the macros of the site's own pages (mkdocs-macros calls them; the materialised export expands them)
    def stats(self, page_url: str) -> str:
        links = PageLinks(self.site, page_url)
        return self.fragment("stats.html", links, counts=self.site.counts,
                             source_counts=source_counts(self.site))

    def ways_in(self, page_url: str) -> str:
        links = PageLinks(self.site, page_url)
        return self.fragment("ways_in.html", links, **ways_in(links), thumb=maps(self.site).thumb)

    def findings_list(self, page_url: str, status: str | None = None) -> str:
        links = PageLinks(self.site, page_url)
        views = [finding_view(links, f) for f in self.site.corpus.findings if status in (None, f.status)]
        return self.fragment("findings_list.html", links, views=views)

    def _base(self, links: PageLinks) -> dict:
        c = self.site.corpus
        return {"site": self.site.settings, "corpus": c, "page_url": links.page_url, "rel": links.rel,
                "build_date": c.build_date.isoformat()}


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """The noun for a count: plural(1, "error") → "error", plural(2, "error") → "errors"."""
    return singular if n == 1 else (plural_form or singular + "s")


_LEAD_H1 = re.compile(r'^\s*<h1(?:\s+id="([^"]*)")?[^>]*>.*?</h1>\s*', re.DOTALL)


def _drop_h1(html: str) -> str:
    return _LEAD_H1.sub("", html, count=1)


def _h1_id(html: str) -> str | None:
    """The id of the fragment's leading H1 (the page's own H1 takes it: the forge gave the file's H1 that id)."""
    m = _LEAD_H1.match(html)
    return m.group(1) if m and m.group(1) else None


def _aliases(pairs) -> Callable[[str], Markup]:
    """The template's `alias(id)`: the empty anchor keeping the old id of heading `id`, or nothing."""
    table = dict(pairs)
    return lambda new: Markup(alias_anchor(table[new])) if new in table else Markup("")


def _finding(links: PageLinks, spec: PageSpec) -> dict:
    site = links.site
    i = site.findings_by_id[spec.key[1]]
    fs = site.corpus.findings
    return {"view": finding_view(links, fs[i], body=True),
            "prev": finding_view(links, fs[i - 1]) if i > 0 else None,
            "next": finding_view(links, fs[i + 1]) if i + 1 < len(fs) else None,
            "sources": source_views(links, spec.key), "hood": finding_map(site, fs[i]),
            "map_href": links.rel(site.plan.urls[("map", "")]),
            "search_summary": search_view.finding_summary(fs[i], site.corpus),
            "search_number_word": search_view.number_word(fs[i].number)}


def _findings(links: PageLinks, spec: PageSpec) -> dict:
    c = links.site.corpus
    # a problem with the list itself (its heading renamed, say) is shown here, not only on /health/:
    # without it this page would just say "0 findings"
    list_problems = [d for d in c.diagnostics if d.severity in ("error", "warning") and d.path == c.index.path
                     and "'## Findings" in d.message]
    number = page_number(spec.key[1])
    first = links.site.plan.urls[("findings", "")]
    pages = pager(c.findings, number, lambda k: links.rel(list_page_url(first, k)), states=lambda f: _states(c, f))
    return {"views": [finding_view(links, f) for f in page_slice(c.findings, number)], "counts": links.site.counts,
            "list_problems": list_problems, "pager": pages}


def _states(c, f) -> list[str]:
    """A finding's filter tokens, as the list items carry them (data-states in _macros.html)."""
    return list(c.state(f).tokens)


def _tooling(links: PageLinks, spec: PageSpec) -> dict:
    """The corpus index (key ""), or page k ≥ 2 of its directory map (key "k")."""
    site = links.site
    c = site.corpus
    src = c.index.path
    number = page_number(spec.key[1])
    first = site.plan.urls[("tooling", "")]

    def href(k: int) -> str:
        return links.rel(first if k == 1 else site.plan.urls[("tooling", str(k))])

    return {"number": number, "pager": pager(c.lanes, number, href, per=MAP_PER_PAGE),
            "views": [finding_view(links, f) for f in c.findings[:INDEX_FINDINGS]] if number == 1 else [],
            "more": max(0, len(c.findings) - INDEX_FINDINGS),
            "lanes": [lane_row(links, lane) for lane in page_slice(c.lanes, number, MAP_PER_PAGE)],
            "alias": _aliases(c.index.aliases),
            **({"intro_html": links.linked(c.index.intro_html, base="", source=src),
                "findings_intro_html": links.linked(c.index.findings_intro_html, base="", source=src),
                "sections": [(s, links.linked(s.html, base="", source=src)) for s in c.index.sections],
                "top_files": [artifact_row(links, a) for a in site.artifacts_by_lane.get("", ())]}
               if number == 1 else {})}


def _lane(links: PageLinks, spec: PageSpec, readmes: dict[str, ReadmeParts] | None = None) -> dict:
    """A lane page, or page k ≥ 2 of a long lane README ("lane-part", key "<lane>/<k>")."""
    site = links.site
    c = site.corpus
    name, _, k = spec.key[1].partition("/") if spec.kind == "lane-part" else (spec.key[1], "", "1")
    lane = site.lanes[name]
    number = int(k)
    parts = readmes.get(name) if readmes is not None else None
    if parts is None:
        parts = lane_readme(site, lane)
        if readmes is not None:
            readmes[name] = parts
    before, after = parts.halves(number)
    source = lane.path
    listed = [a for a in site.artifacts_by_lane.get(lane.name, ()) if any(x.readme == lane.readme for x in a.listings)]
    findings = []
    here = site.settings.absolute(spec.url)
    for f in lane.facts.findings if (lane.facts and parts.findings_part == number) else ():
        body = re.sub(r"^<p><strong>(?:(?!</strong>).)*</strong>[.:]?\s*", "<p>", str(f.body_html), count=1,
                      flags=re.DOTALL)
        findings.append({"f": f, "title_html": links.linked(f.title_html, base=lane.name, source=source),
                         "body_html": links.linked(body, base=lane.name, source=source),
                         "abs_url": here + "#" + f.anchor})
    n = len(parts.parts)
    first_urls = [site.plan.urls[("lane", name)]] + [site.plan.urls[("lane-part", f"{name}/{i}")]
                                                     for i in range(2, n + 1)]
    # the README's other pages, for a link to an id on one of them (corpus.js looks there on a miss)
    others = [links.rel(url) for i, url in enumerate(first_urls) if i + 1 != number]
    return {"lane": lane, "row": lane_row(links, lane), "h1_id": _h1_id(before) if number == 1 else None,
            "part": number, "parts": n, "others": json.dumps(others) if others else "",
            "pager": readme_pager(links, lane, first_urls, site.plan.readme_cuts.get(name, ()), number),
            "readme_html": links.linked(_drop_h1(before) if number == 1 else before, base=lane.name, source=source),
            "readme_after": links.linked(after, base=lane.name, source=source) if after else "",
            "lane_findings": findings, "listed": len(listed),
            # the README's own file tables list these: the inventory adds only the files they do not name
            "artifacts": [artifact_row(links, a) for a in site.artifacts_by_lane.get(lane.name, ()) if a not in listed],
            # the briefs' table has a page of its own (the lane README may have a catalog too): a link to it
            "briefs": list(c.briefs) if lane.name == c.briefs_lane else [],
            "catalog_href": links.rel(site.plan.urls[("catalog", "")]) if ("catalog", "") in site.plan.urls else None,
            "backlinks": backlinks(links, ("lane", lane.name)),
            "changed": site.git.last_change(lane.path) if (site.git.available and lane.path) else None}


def brief_body(body: str, offset: int) -> str:
    """A brief as sanitised HTML, each block that starts a line of the file anchored `#L<line>`: the catalog
    links each value to the line of the brief it was read from (ids from a nonce, as in `lane_readme`)."""
    nonce = "corpus" + hashlib.sha256(body.encode("utf-8", "replace")).hexdigest()[:20]
    tokens = reader.parse(body)
    aliases = reader.heading_ids(tokens)
    seen: set[int] = set()
    for t in tokens:
        if t.nesting == 1 and t.map and t.type != "heading_open" and t.map[0] + 1 + offset not in seen:
            seen.add(t.map[0] + 1 + offset)
            t.attrSet("id", f"{nonce}-{t.map[0] + 1 + offset}")
    html = str(sanitize(reader.render(tokens), aliases))  # plain text to edit: re.sub on a SafeHtml escapes
    return re.sub(rf'id="user-content-{nonce}-(\d+)"', r'id="L\1"', html)


def _catalog(links: PageLinks, spec: PageSpec) -> dict:
    c = links.site.corpus
    lane = links.site.plan.urls.get(("lane", c.briefs_lane))
    number = page_number(spec.key[1])
    first = links.site.plan.urls[("catalog", "")]
    rows = [brief_row(links, b) for b in page_slice(c.briefs, number, CATALOG_PER_PAGE)]
    return {"briefs": rows, "lane_name": c.briefs_lane,
            "lane_href": links.rel(lane) if lane is not None else None, "total": len(c.briefs),
            "pager": pager(c.briefs, number, lambda k: links.rel(list_page_url(first, k)), per=CATALOG_PER_PAGE)}


def _brief(links: PageLinks, spec: PageSpec) -> dict:
    site = links.site
    c = site.corpus
    b = site.briefs[spec.key[1]]
    lane = site.plan.urls.get(("catalog", ""), site.plan.urls.get(("lane", c.briefs_lane)))
    body = brief_body(b.body, b.body_line - 1)
    return {"brief": b, "row": brief_row(links, b), "h1_id": _h1_id(body),
            "body_html": links.linked(_drop_h1(body), base=c.briefs_lane, source=spec.source),
            "backlinks": backlinks(links, ("brief", b.slug)),
            "lane_href": links.rel(lane) if lane is not None else None,
            "changed": site.git.last_change(spec.source) if site.git.available else None,
            "sources": source_views(links, spec.key)}


def _artifact(links: PageLinks, spec: PageSpec, cache: TextCache | None = None) -> dict:
    site = links.site
    c = site.corpus
    a = site.artifacts[spec.key[1]]
    view = artifact_view.view(site.project / c.root / a.path, a, cache) if a.on_disk else None
    if view is not None and view.kind == "html":
        # an upstream page's relative links point into its own site, not ours
        base = a.source.url if a.source and a.source.url else next((u for li in a.listings for u in li.urls), None)
        view.html = Markup(artifact_view.resolve_links(str(view.html), base))
    if view is not None and view.kind in ("markdown", "html"):
        # upstream files link to their own repositories: a link naming nothing here is not our error
        view.html = links.linked(str(view.html), names=False, base=posixpath.dirname(a.path), report=False)
    lane = site.plan.urls.get(("lane", a.lane))
    return {"a": a, "row": artifact_row(links, a), "view": view, "backlinks": backlinks(links, ("artifact", a.path)),
            "lane_href": links.rel(lane if lane is not None else site.plan.urls[("tooling", "")]),
            "changed": site.git.last_change(spec.source) if (site.git.available and a.on_disk) else None,
            "listings": listing_views(links, a),
            "first_recorded": site.git.first_recorded(spec.source) if (site.git.available and a.on_disk) else None,
            "manifest_href": site.settings.source_link(spec.source, spec.source_line) if not a.on_disk else None,
            "sources": source_views(links, spec.key), "search_summary": search_view.artifact_summary(a)}


def _history(links: PageLinks, spec: PageSpec) -> dict:
    """The findings history (read from git when the site was assembled)."""
    site = links.site
    hist = site.history
    urls = site.plan.urls
    current = {f.id for f in site.corpus.findings}
    aliases = {a: f.id for f in site.corpus.findings for a in f.aliases}

    def href(fid: str) -> str | None:
        fid = fid if fid in current else aliases.get(fid, "")
        return links.rel(urls[("finding", fid)]) if ("finding", fid) in urls else None

    return {"history": hist, "href": href,
            "commit_href": site.settings.commit_link}


def _home(links: PageLinks, spec: PageSpec) -> dict:
    return {**ways_in(links), "source_counts": source_counts(links.site), "thumb": maps(links.site).thumb}


#: page kind → the builder of its template context (the health page's: `report.health`, with the glue's findings)
CONTEXT: dict[PageKind, Callable[[PageLinks, PageSpec], dict]] = {
    "finding": _finding, "findings": _findings, "tooling": _tooling, "lane": _lane, "lane-part": _lane, "brief": _brief,
    "catalog": _catalog, "artifact": _artifact, "home": _home, "history": _history,
    "map": map_context, "map-doc": cluster_context, "map-lane": cluster_context, "timeline": timeline_context,
}
