"""The Markdown extension's question: where a docs page's link to a corpus file goes."""
from __future__ import annotations

import posixpath

from macros.mkdocs.state import CorpusBuild
from macros.xref.links import resolve_href


def doc_link(state: CorpusBuild, href: str) -> str | None:
    """A docs page's link to a corpus file (`../tooling/x.md`), pointed at that file's page (as a path
    under docs/, which MkDocs then resolves and validates); None leaves the link alone."""
    site, page = state.site, state.current_src_uri
    if site is None or page is None or page in site.plan.pages:
        return None
    base = posixpath.dirname(page)
    target = resolve_href(site.index, href, posixpath.join("..", base))  # docs/ sits beside the corpus folder
    if target is None or not target.in_corpus:
        return None
    spec = site.plan.by_key.get((target.ref.kind, target.ref.key))
    if spec is None:
        return None
    return posixpath.relpath(spec.src_uri, base or ".") + ("#" + target.fragment if target.fragment else "")
