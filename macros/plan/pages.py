"""Planning: the corpus model becomes the list of generated pages and their URLs. Pure, no mkdocs import.

`plan_site(corpus, settings)` is the one planning function: the plugin and the benchmark both use it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal, Mapping

from macros.model.data import Artifact, Corpus, Diagnostic, Doc, Finding, Lane
from macros.model.defaults import MANIFEST_NAME
from macros.plan.describe import DESCRIPTION_LIMIT, card_description
from macros.plan.paging import (CATALOG_PER_PAGE, MAP_PER_PAGE, list_page_url, page_count, part_of,
                                 readme_cuts)
from macros.plan.sourcelinks import Forge, detect_forge
from macros.text.plain import html_to_text, unique_name
from macros.text.sanitize import truncate


#: every kind of page the site has: the generated ones (PageSpec) and the docs ("doc"); the one list of them
PageKind = Literal["findings", "history", "finding", "tooling", "lane", "lane-part", "catalog", "brief", "artifact",
                   "health", "home", "doc", "map", "map-doc", "map-lane", "timeline"]
Key = tuple[PageKind, str]  # (page kind, key), e.g. ("finding", "prompt-token-format-changed-in-gemma-4")


@dataclass(frozen=True)
class Settings:
    """What the site is called and where it and its sources live (from mkdocs.yml)."""

    site_name: str
    site_url: str = ""  # absolute URL of the site root, "" when unknown
    repo_url: str | None = None
    branch: str = "main"
    # the folders directly under the corpus folder (real ones, not links); None: not checked
    lane_folders: frozenset[str] | None = None
    # the site-root-relative URL of the guide's diagnostics page, when the site has one (docs/guide/)
    guide: str | None = None
    forge: str = "auto"  # github | gitlab | gitea | auto (from repo_url's host): the URL forms of its links

    def __post_init__(self):
        object.__setattr__(self, "site_url", self.site_url.rstrip("/") + "/" if self.site_url else "")
        object.__setattr__(self, "repo_url", self.repo_url.rstrip("/") if self.repo_url else None)

    def absolute(self, url: str) -> str:
        """The absolute form of a site-root-relative URL (unchanged when site_url is unknown)."""
        return self.site_url + url if self.site_url else url

    @property
    def repo(self) -> Forge | None:
        """The repository's URL forms on its forge (None without repo_url)."""
        return Forge(detect_forge(self.repo_url, self.forge), self.repo_url, self.branch) if self.repo_url else None

    def source_link(self, path: str | None, line: int | None = None, end_line: int | None = None) -> str | None:
        """The forge's source view of a file, at a line or range (see sourcelinks)."""
        repo = self.repo
        return repo.source(path, line, end_line) if repo is not None and path else None

    def edit_link(self, path: str | None) -> str | None:
        repo = self.repo
        return repo.edit(path) if repo is not None and path else None

    def commit_link(self, sha: str) -> str | None:
        repo = self.repo
        return repo.commit(sha) if repo is not None else None


@dataclass(frozen=True)
class PageSpec:
    """One generated page: where it lives, what it shows, where it came from."""

    key: Key
    src_uri: str  # virtual Markdown path under docs/, e.g. findings/<id>.md
    url: str  # site-root-relative URL, e.g. findings/<id>/
    title: str  # plain text
    template: str
    source: str | None = None  # repo-relative file it was generated from
    source_line: int | None = None
    description: str = ""
    in_nav: bool = False
    search_boost: float | None = None

    @property
    def kind(self) -> PageKind:
        return self.key[0]


@dataclass(frozen=True)
class Plan:
    """Every generated page (by virtual path and by key) and every URL the pages link to (docs too)."""

    settings: Settings
    corpus: Corpus  # the corpus as planned: what has no safe, unique page of its own is left out
    pages: Mapping[str, PageSpec]
    by_key: Mapping[Key, PageSpec]
    urls: Mapping[Key, str]
    excluded_docs: tuple[str, ...] = ()  # pages of docs/ (src_uri) whose URL a generated page owns
    diagnostics: tuple[Diagnostic, ...] = ()
    # lane name → the body-relative lines where parts 2… of its README begin (macros/plan/paging.py)
    readme_cuts: Mapping[str, tuple[int, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @functools.cached_property
    def by_src_casefold(self) -> Mapping[str, PageSpec]:
        """Each page by its case-folded source path (the first, as a scan would find it); made on first use."""
        found: dict[str, PageSpec] = {}
        for spec in self.pages.values():
            found.setdefault(spec.src_uri.casefold(), spec)
        return MappingProxyType(found)

    def lane_part_url(self, lane: str, body_line: int | None = None) -> str | None:
        """The URL of the page of a lane that shows its README's line `body_line` (0-based, after any
        front matter); None when the lane has no page."""
        cuts = self.readme_cuts.get(lane, ())
        k = part_of(cuts, body_line) if (cuts and body_line is not None) else 1
        return self.urls.get(("lane", lane) if k == 1 else ("lane-part", f"{lane}/{k}"))


def doc_url(src_uri: str) -> str:
    """The URL MkDocs gives a Markdown page of docs/ (directory URLs)."""
    stem = src_uri[:-3]
    return "" if stem == "index" else (stem[:-5] if stem.endswith("/index") else stem + "/")


def is_safe_segment(name: str) -> bool:
    """Whether `name` can be one folder of a URL path and of the site folder: never `.`, `..` or a path."""
    return name not in ("", ".", "..") and not any(c in name for c in "/\\") and name.isprintable()


#: files and folders the site writes at its root besides the pages (MkDocs, Material, our exports)
SITE_FILES = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz", "search", "assets", "findings.json",
                        "findings.schema.json", "findings.atom", "cards", "_raw", "stylesheets", "javascripts"})
#: a segment no page URL may have anywhere: every page folder holds its index.html
PAGE_FILE = "index.html"


def reserved_output(url: str) -> str | None:
    """What the site itself writes where a page at `url` (site-root-relative, 'a/b/') would go, or None.

    A page is written as <url>index.html, so a URL segment `index.html` is the page file of the folder
    above it (MkDocs would fail writing a folder over a file), and a first segment such as `search` or
    `sitemap.xml` is a file or folder of the site's own.
    """
    parts = [p for p in url.split("/") if p]
    for i, part in enumerate(parts):
        if part.casefold() == PAGE_FILE:
            return f"/{'/'.join(parts[:i + 1])}, the page file of /{'/'.join(parts[:i])}{'/' if i else ''}"
    if parts and parts[0].casefold() in SITE_FILES:
        return f"/{parts[0]}, which the site writes itself"
    return None


MAP_ROW_EXAMPLE = "| `my-lane/` | What's there | When to open it |"
ID_EXAMPLE = "<!-- finding-id: a-better-id -->"
CATALOG_TITLE = "Sibling models at a glance"
MAP_TITLE = "Provenance map"
TIMELINE_TITLE = "Findings timeline"


def plan_site(corpus: Corpus, settings: Settings) -> Plan:
    """The pages the corpus adds to the site, in nav order, and the URLs of the docs they link to.

    Every generated page gets a URL of its own: a lane that is not one safe folder of the corpus, a
    finding id that names one of the other pages under findings/, and any URL already taken are
    errors, and the thing that would have overwritten another page gets no page (or another id).
    """
    c = corpus
    diags: list[Diagnostic] = []
    lanes = _page_lanes(c, settings, diags)
    ours = _findings_pages(c)
    findings = _unique_finding_ids(c, ours, diags)
    cuts = {lane.name: x for lane in lanes if (x := readme_cuts(lane.readme_body))}
    specs = _page_specs(c, settings, ours, findings, lanes, cuts)
    pages, by_key, excluded_docs = _claim_urls(specs, c, diags)
    docs = tuple(d for d in c.docs if d.src_uri not in excluded_docs)
    urls: dict[Key, str] = {("doc", d.file): doc_url(d.src_uri) for d in docs}
    urls.update((key, spec.url) for key, spec in by_key.items())
    planned = replace(
        c, lanes=tuple(x for x in lanes if ("lane", x.name) in by_key), docs=docs,
        index=replace(c.index, findings=tuple(f for f in findings if ("finding", f.id) in by_key)),
        briefs=tuple(b for b in c.briefs if ("brief", b.slug) in by_key),
        artifacts=tuple(a for a in c.artifacts if ("artifact", a.path) in by_key))
    return Plan(settings, planned, MappingProxyType(pages), MappingProxyType(by_key), MappingProxyType(urls),
                tuple(excluded_docs), tuple(diags), MappingProxyType(cuts))


def _page_lanes(c: Corpus, settings: Settings, diags: list[Diagnostic]) -> list[Lane]:
    """The lanes that get a page: one safe folder directly under the corpus folder, present on disk."""
    lanes = []
    for lane in c.lanes:
        line = lane.row.line if lane.row else None
        if not is_safe_segment(lane.name):
            diags.append(Diagnostic("error", c.index.path, line, f"directory map row '{lane.name}/' must name one "
                                    f"folder directly under {c.root}/ (no '..', '/' or '.'); it gets no page.",
                                    MAP_ROW_EXAMPLE))
        elif settings.lane_folders is not None and lane.name not in settings.lane_folders:
            pass  # a row naming a missing folder is reported where the corpus is read; it gets no page
        else:
            lanes.append(lane)
    return lanes


def _findings_pages(c: Corpus) -> list[PageSpec]:
    """Our own pages under findings/ besides one per finding."""
    return [
        PageSpec(("findings", ""), "findings/index.md", "findings/", "Findings", "findings.html",
                 source=c.index.path, in_nav=True),
        PageSpec(("history", ""), "findings/history.md", "findings/history/", "Findings history", "history.html",
                 source=c.index.path, description="What each commit to the corpus index changed in the findings."),
        PageSpec(("map", ""), "findings/map.md", "findings/map/", MAP_TITLE, "map.html", source=c.index.path,
                 description="Where every finding went: the docs and sections it was merged into, the lanes and "
                 "briefs it cites, what superseded it."),
        PageSpec(("timeline", ""), "findings/timeline.md", "findings/timeline/", TIMELINE_TITLE, "timeline.html",
                 source=c.index.path, description="What changed when: claims, dated notes, later facts in the "
                 "corpus, re-check dates and source verification runs on one time axis."),
    ] + _list_pages(c)



def _list_pages(c: Corpus) -> list[PageSpec]:
    """Pages 2… of the findings list (page 1 is findings/ itself)."""
    n_pages = page_count(len(c.findings))
    return [PageSpec(("findings", str(k)), f"findings/page/{k}.md", list_page_url("findings/", k),
                     f"Findings, page {k} of {n_pages}", "findings.html", source=c.index.path)
            for k in range(2, n_pages + 1)]


def _unique_finding_ids(c: Corpus, ours: list[PageSpec], diags: list[Diagnostic]) -> list[Finding]:
    """The findings, one whose id names one of our pages under findings/ given another id (an error)."""
    # the names our own pages take under findings/ (index, history, page/…): no finding id may take one
    reserved = {s.src_uri[len("findings/"):-len(".md")].split("/")[0].casefold() for s in ours} | {PAGE_FILE, "page"}
    taken = reserved | {f.id.casefold() for f in c.findings}
    findings = []
    for f in c.findings:
        if f.id.casefold() in reserved:
            new = unique_name(f.id, taken, fold=str.casefold)
            diags.append(Diagnostic("error", f.source, f.line, f'finding {f.number} "{f.title}" has the id '
                                    f"'{f.id}', which names a page the site makes under findings/; it is "
                                    f"published as findings/{new}/. Give it an id of its own.", ID_EXAMPLE))
            f = replace(f, id=new)
        taken.add(f.id.casefold())
        findings.append(f)
    return findings


def _page_specs(c: Corpus, settings: Settings, ours: list[PageSpec], findings: list[Finding],
                lanes: list[Lane], cuts: Mapping[str, tuple[int, ...]]) -> list[PageSpec]:
    """Every page the corpus adds, in nav order (an earlier page wins a URL both would take)."""
    root = c.root
    specs: list[PageSpec] = list(ours)
    specs += [PageSpec(("finding", f.id), f"findings/{f.id}.md", f"findings/{f.id}/", f.title, "finding.html",
                       source=f.source, source_line=f.line, description=card_description(f, c), search_boost=2)
              for f in findings]
    specs += cluster_maps(c, lanes)
    specs.append(PageSpec(("tooling", ""), f"{root}/index.md", f"{root}/", "Tooling corpus", "tooling.html",
                          source=c.index.path, in_nav=True))
    specs += [PageSpec(("lane", lane.name), f"{root}/{lane.name}/index.md", f"{root}/{lane.name}/", lane.title,
                       "lane.html", source=lane.path or f"{root}/{lane.name}", in_nav=True,
                       description=html_to_text(lane.row.what_html) if lane.row else "")
              for lane in lanes]
    n_map = page_count(len(lanes), MAP_PER_PAGE)
    seg = unique_name("page", {lane.name.casefold() for lane in c.lanes}, fold=str.casefold)
    specs += [PageSpec(("tooling", str(k)), f"{root}/{seg}/{k}.md", f"{root}/{seg}/{k}/",
                       f"Directory map, page {k} of {n_map}", "tooling.html", source=c.index.path,
                       source_line=c.index.map_rows[0].line if c.index.map_rows else None)
              for k in range(2, n_map + 1)]
    if c.briefs:
        # the sibling models at a glance, a page of its own beside the lane README (which may have its own
        # catalog); it comes before the briefs and files, so a brief `catalog.md` cannot take its URL
        lane = next((x for x in lanes if x.name == c.briefs_lane), None)
        specs.append(PageSpec(("catalog", ""), f"{root}/{c.briefs_lane}/catalog.md", f"{root}/{c.briefs_lane}/catalog/",
                              CATALOG_TITLE, "catalog.html",
                              source=(lane.path if lane is not None else None) or f"{root}/{c.briefs_lane}",
                              description=f"The {len(c.briefs)} sibling models the corpus has briefs on: base "
                              "generation, sizes, release and model cards, read from the briefs."))
        first = f"{root}/{c.briefs_lane}/catalog/"
        n_cat = page_count(len(c.briefs), CATALOG_PER_PAGE)
        specs += [PageSpec(("catalog", str(k)), f"{root}/{c.briefs_lane}/catalog/page/{k}.md", list_page_url(first, k),
                           f"{CATALOG_TITLE}, page {k} of {n_cat}", "catalog.html", source=specs[-1].source)
                  for k in range(2, n_cat + 1)]
    specs += [spec for lane in lanes if lane.name in cuts for spec in _lane_parts(c, lane, cuts[lane.name])]
    specs += [PageSpec(("brief", b.slug), f"{root}/{c.briefs_lane}/{b.slug}.md", f"{root}/{c.briefs_lane}/{b.slug}/",
                       b.name, "brief.html", source=f"{root}/{b.path}", description=str(b.meta.get("purpose", "")),
                       search_boost=1.5)
              for b in c.briefs]
    specs += [_artifact_spec(root, a) for a in c.artifacts]
    specs.append(PageSpec(("health", ""), "health.md", "health/", "Health", "health.html", in_nav=True))
    if not any(d.src_uri == "index.md" for d in c.docs):  # docs/ brought no home page: use ours
        specs.append(PageSpec(("home", ""), "index.md", "", settings.site_name, "home.html", in_nav=True))
    return specs


def _claim_urls(specs: list[PageSpec], c: Corpus,
                diags: list[Diagnostic]) -> tuple[dict[str, PageSpec], dict[Key, PageSpec], list[str]]:
    """One page per URL: a generated page never overwrites another page, nor a page of docs/.

    Returns the pages by src_uri, by key, and the docs left out (a generated page took their URL)."""
    docs_by_url, excluded_docs = _docs_by_url(c, diags)
    owner: dict[str, PageSpec] = {}
    pages: dict[str, PageSpec] = {}
    by_key: dict[Key, PageSpec] = {}
    for spec in specs:
        url = spec.url.casefold()
        ours_there = reserved_output(spec.url)
        if ours_there is not None:
            diags.append(Diagnostic("error", spec.source or c.index.path, spec.source_line,
                                    f"the {spec.kind} page '{spec.key[1]}' would be published at /{spec.url}, "
                                    f"over {ours_there}; it is left out. Rename it."))
            continue
        first = owner.get(url) or owner.get(spec.src_uri.casefold())
        if first is not None:
            diags.append(Diagnostic("error", spec.source or c.index.path, spec.source_line,
                                    f"the {spec.kind} page '{spec.key[1]}' would be published at /{spec.url}, "
                                    f"the address of the {first.kind} page of {first.source or c.root}; it is "
                                    "left out. Rename one of them."))
            continue
        doc = docs_by_url.pop(url, None)
        if doc is not None:
            excluded_docs.append(doc.src_uri)
            diags.append(Diagnostic("error", f"docs/{doc.src_uri}", None,
                                    f"this page would be published at /{spec.url}, the address of the "
                                    f"{spec.kind} page of {spec.source or c.root}; it is left out. Rename it."))
        owner[url] = owner[spec.src_uri.casefold()] = spec
        pages[spec.src_uri] = spec
        by_key[spec.key] = spec
    return pages, by_key, excluded_docs


def _docs_by_url(c: Corpus, diags: list[Diagnostic]) -> tuple[dict[str, Doc], list[str]]:
    """The docs by URL (casefolded), and those left out because their URL is one the site writes itself."""
    docs_by_url = {doc_url(d.src_uri).casefold(): d for d in c.docs}
    left_out: list[str] = []
    for url, d in list(docs_by_url.items()):
        ours_there = reserved_output(url)
        if ours_there is not None:
            del docs_by_url[url]
            left_out.append(d.src_uri)
            diags.append(Diagnostic("error", f"docs/{d.src_uri}", None, f"this page would be published at /{url}, "
                                    f"over {ours_there}; it is left out. Rename it."))
    return docs_by_url, left_out
def cluster_maps(c: Corpus, lanes: list) -> list[PageSpec]:
    """A map page per doc and per lane (findings/map/doc/<doc>/, findings/map/lane/<lane>/): what the
    provenance map's clusters lead to. A doc's folder name is its file name made URL-safe, unique."""
    specs = []
    taken: set[str] = {"index"}  # findings/map/doc/index.md would be the folder's own page
    for d in c.docs:
        if d.src_uri == "index.md":  # the home page of docs/, not a working doc
            continue
        slug = unique_name(re.sub(r"[^A-Za-z0-9_-]+", "-", d.file.removesuffix(".md")).strip("-") or "doc", taken,
                           fold=str.casefold)
        taken.add(slug.casefold())
        specs.append(PageSpec(("map-doc", d.file), f"findings/map/doc/{slug}.md", f"findings/map/doc/{slug}/",
                              f"{MAP_TITLE}: {d.file}", "map_cluster.html", source=d.repo_path or None,
                              description=f"The findings merged into {d.file}, and what else they touch."))
    specs += [PageSpec(("map-lane", lane.name), f"findings/map/lane/{lane.name}.md", f"findings/map/lane/{lane.name}/",
                       f"{MAP_TITLE}: {lane.name}/", "map_cluster.html", source=lane.path or f"{c.root}/{lane.name}",
                       description=f"The findings that cite the {lane.name} lane, and where they were merged.")
              for lane in lanes]
    return specs


def _lane_parts(c: Corpus, lane: Lane, cuts: tuple[int, ...]) -> list[PageSpec]:
    """Pages 2… of a long lane README (page 1 is the lane's own page), under a folder name that none of
    the lane's files or briefs takes: `page`, else `page-2` …"""
    prefix = f"{lane.name}/"
    taken = {a.slug[len(prefix):].split("/")[0].casefold() for a in c.artifacts if a.slug.startswith(prefix)}
    if lane.name == c.briefs_lane:
        taken |= {b.slug.casefold() for b in c.briefs} | {"catalog"}
    first = f"{c.root}/{lane.name}/"
    seg = unique_name("page", taken, fold=str.casefold)
    n = len(cuts) + 1
    return [PageSpec(("lane-part", f"{lane.name}/{k}"), f"{first}{seg}/{k}.md", f"{first}{seg}/{k}/",
                     f"{lane.title}, page {k} of {n}", "lane.html", source=lane.path or first.rstrip("/"),
                     source_line=cuts[k - 2] + lane.body_line)
            for k in range(2, n + 1)]


def _artifact_spec(root: str, a: Artifact) -> PageSpec:
    if a.on_disk:
        source, line = f"{root}/{a.path}", None
    else:
        source = f"{root}/{MANIFEST_NAME}" if a.source else None
        line = a.source.line if a.source else None
    return PageSpec(("artifact", a.path), f"{root}/{a.slug}.md", f"{root}/{a.slug}/", a.path, "artifact.html",
                    source=source, source_line=line, description=artifact_description(a))


def artifact_description(a: Artifact) -> str:
    src = a.source
    bits = [f"{a.kind or 'file'} in the {a.lane or 'top-level'} lane"]
    if a.listing is not None and a.listing.description:  # what the lane README's table says it is
        bits.insert(0, a.listing.description)
    if src and src.url:
        bits.append(f"from {src.url}")
    if src and src.retrieved:
        bits.append(f"retrieved {src.retrieved}")
    if src and src.note:
        bits.append(src.note)
    return truncate(", ".join(bits), DESCRIPTION_LIMIT)
