"""Nav surgery: a generated page outside the nav is shown under its parent while it is rendered."""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page

from macros.mkdocs.state import CorpusBuild, generated_spec
from macros.pipeline import Site
from macros.plan.pages import PageSpec


def page_context(state: CorpusBuild, context: dict, page: Page, config: MkDocsConfig, nav=None) -> dict:
    spec = generated_spec(state, page)
    if spec is not None and state.site is not None:
        page.edit_url = state.site.settings.edit_link(spec.source) if spec.source else None
        if nav is not None and not spec.in_nav:
            state.nav_undo = place_in_nav(state.site, spec, page, nav)
    elif state.site is not None and page.file.generated_by is not None:
        doc = state.site.docs_by_src.get(page.file.src_uri)
        if doc is not None and doc.at_root:  # edit and view its real file, not a path under docs/
            page.edit_url = state.site.settings.edit_link(doc.repo_path)
    if nav is not None:
        state.nav_undo = _both(state.nav_undo, window_long_sections(nav, _all_link(state)))
    return context


def _both(first, second):
    if first is None or second is None:
        return first or second

    def undo() -> None:
        second()  # in the reverse order of the changes
        first()
    return undo


def _all_link(state: CorpusBuild):
    """Where a windowed section's "all N" link goes: the corpus index for the lanes, the home page (its
    "Ways in" lists every corpus doc) for anything else."""
    site = state.site
    tooling = site.plan.by_key.get(("tooling", "")) if site is not None else None

    def url(section: Section) -> str:
        first = section.children[0] if section.children else None
        if tooling is not None and getattr(getattr(first, "file", None), "src_uri", None) == tooling.src_uri:
            return first.url
        return ""
    return url


#: a section of the nav with more entries than this shows a window of them around the page (Material's
#: navigation.prune already leaves out the sections the page is not in)
NAV_SECTION_MAX = 40
NAV_WINDOW = 10  # entries shown on each side of the page's own


def window_long_sections(nav, all_url) -> object:
    """While a page is rendered, each section on its path with more than NAV_SECTION_MAX entries lists only
    the entries near the page's own, with "N more" links to the page that lists them all: at 50x the corpus
    the lanes and the docs made 45 KB of every page's nav. Returns the undo, or None."""
    changed: list[tuple[Section, list]] = []
    on_path = [i for i in nav.items if getattr(i, "active", False) and getattr(i, "children", None)]
    while on_path:
        section = on_path.pop()
        children = section.children
        on_path.extend(c for c in children if getattr(c, "active", False) and getattr(c, "children", None))
        if len(children) > NAV_SECTION_MAX:
            changed.append((section, children))
            section.children = _window(section, children, all_url(section))
    if not changed:
        return None

    def undo() -> None:
        for section, children in reversed(changed):
            section.children = children
    return undo


def _window(section: Section, children: list, url: str) -> list:
    head = children[:1] if getattr(children[0], "is_index", False) else []
    rest = children[len(head):]
    at = next((i for i, c in enumerate(rest) if getattr(c, "active", False)), 0)
    lo, hi = max(0, at - NAV_WINDOW), min(len(rest), at + NAV_WINDOW + 1)
    out = list(head)
    if lo:
        out.append(_link(f"… {lo} more", url, section))
    out.extend(rest[lo:hi])
    if hi < len(rest):
        out.append(_link(f"… {len(rest) - hi} more", url, section))
    return out


def _link(title: str, url: str, parent: Section) -> Link:
    link = Link(title, url)
    link.parent = parent
    return link


def post_page(state: CorpusBuild) -> None:
    """Undo what place_in_nav did for the page just rendered; count it for the build's summary line."""
    state.pages += 1
    if state.nav_undo is not None:
        state.nav_undo()
        state.nav_undo = None


def nav_parent(site: Site, spec: PageSpec) -> str | None:
    """The src_uri of the nav page a page outside the nav belongs under: findings under the findings list,
    briefs, the briefs' catalog and artifacts under their lane (top-level files under the corpus index),
    the later pages of a list or of a lane README under its first page."""
    by_key = site.plan.by_key
    if spec.kind in ("finding", "map", "map-doc", "map-lane", "timeline"):
        parent = by_key.get(("findings", ""))
    elif spec.kind in ("brief", "catalog"):
        parent = by_key.get(("lane", site.corpus.briefs_lane))
    elif spec.kind in ("tooling", "findings") and spec.key[1]:  # page k ≥ 2 of the directory map, of the list
        parent = by_key.get((spec.kind, ""))
    elif spec.kind == "lane-part":
        parent = by_key.get(("lane", spec.key[1].partition("/")[0]))
    elif spec.kind == "artifact":
        lane = site.artifacts[spec.key[1]].lane
        parent = by_key.get(("lane", lane)) if lane else by_key.get(("tooling", ""))
    else:
        return None
    return parent.src_uri if parent is not None else None


def place_in_nav(site: Site, spec: PageSpec, page: Page, nav):
    """Show a generated page that is not in the nav (a finding, brief or artifact) under its parent while
    that page is rendered, so the left nav highlights where the reader is and the phone menu lists the
    page with its table of contents. The parent page becomes a section with itself as the index page (for
    Material's navigation.indexes). Returns the undo (run after the page is rendered), or None."""

    want = nav_parent(site, spec)
    found = _find_nav_page(nav.items, None, want) if want else None
    if found is None:
        return None
    siblings, index, parent_page, container = found
    if container is not None and container.children and container.children[0] is parent_page:
        section, made = container, False  # the parent is already a section's index page
        section.children.append(page)
    else:
        section, made = Section(parent_page.title, [parent_page, page]), True
        section.parent = parent_page.parent
        siblings[index] = section
        parent_page.parent = section
    page.parent = section
    page.active = True  # marks the section and its ancestors active too

    def undo() -> None:
        page.active = False
        page.parent = None
        if made:
            siblings[index] = parent_page
            parent_page.parent = section.parent
        else:
            section.children.remove(page)

    return undo


def _find_nav_page(items: list, container, src_uri: str):
    """(the list holding it, its index, the page, the section holding it) for the nav page of src_uri."""
    for i, item in enumerate(items):
        children = getattr(item, "children", None)
        if children is not None:
            hit = _find_nav_page(children, item, src_uri)
            if hit is not None:
                return hit
        elif getattr(item, "file", None) is not None and item.file.src_uri == src_uri:
            return items, i, item, container
    return None
