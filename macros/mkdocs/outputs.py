"""Incremental preview, last step: a page whose theme inputs did not change is not put through the theme again.

Under `mkdocs serve`, MkDocs renders every page with the theme's page template on every rebuild (Material's
nav, header and table of contents: most of a rebuild once the corpus pages come from the cache). When every
input of that template is the same as in the previous rebuild, its output is too, so the page is given the
output it had then instead.

What the template reads is known once every page is read (`on_env`): the page's own fields (its body, title,
table of contents, front matter, address, neighbours) and the whole site's (the nav with every page's title,
address and front matter, `config.extra`, the theme). `output_key` hashes them per page; a page whose key is
the one its cached output was made under gets `CACHED_TEMPLATE` (MkDocs' own per-page `template` choice),
which prints the output it is handed in `on_page_context`. The rest go through the theme as usual and their
output is kept (`on_post_page`, before any other plugin changes it).

Only when nothing else could change a page between those events: no plugin but ours (and Material's search,
whose page indexing the corpus plugin turns off) handles `page_context` or `post_page`.
"""
from __future__ import annotations

import hashlib
import json

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from macros.mkdocs.nav import nav_parent
from macros.mkdocs.state import CorpusBuild, generated_spec

CACHED_TEMPLATE = "corpus/cached-page.html"
CONTEXT_VAR = "corpus_cached_output"
# the plugins whose page hooks are known here: ours, and Material's search (page indexing turned off)
KNOWN_PAGE_HOOKS = ("CorpusPlugin.", "SearchPlugin.")


def prepare(state: CorpusBuild, env: jinja2.Environment, files: Files, config: MkDocsConfig) -> None:
    """Every page read (`on_env`): each page's key; a page whose output is cached under it is given
    CACHED_TEMPLATE. Under `mkdocs serve` only (a build has no cache)."""
    cache, nav = state.cache, state.nav
    if cache is None or not isinstance(nav, Navigation) or not cacheable(config) or not _has_template(env):
        return
    site = site_part(config, nav)
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    keys = {p.file.src_uri: output_key(site, p, placement(state, p)) for p in pages}  # before any template is set
    for page in pages:
        src_uri = page.file.src_uri
        state.output_keys[src_uri] = keys[src_uri]
        held = cache.outputs.get(src_uri)
        if held is not None and held[0] == keys[src_uri]:
            state.cached_outputs[src_uri] = held[1]
            page.meta["template"] = CACHED_TEMPLATE


def _has_template(env: jinja2.Environment) -> bool:
    try:
        env.get_template(CACHED_TEMPLATE)
    except jinja2.TemplateNotFound:  # a theme folder of the maintainer's own, without ours
        return False
    return True


def cached_context(state: CorpusBuild, context: dict, page: Page) -> bool:
    """`on_page_context`: hand a cached page its output; whether it has one."""
    output = state.cached_outputs.get(page.file.src_uri)
    if output is None:
        return False
    context[CONTEXT_VAR] = output
    return True


def keep(state: CorpusBuild, page: Page, output: str) -> None:
    """`on_post_page`, before any other plugin: the theme's output of a page, kept under its key."""
    src_uri = page.file.src_uri
    key = state.output_keys.get(src_uri)
    if state.cache is not None and key is not None and src_uri not in state.cached_outputs:
        state.cache.outputs[src_uri] = (key, output)


def placement(state: CorpusBuild, page: Page) -> object:
    """What the corpus plugin's page_context decides from: a generated page's source and nav parent, a root
    working doc's file (its edit link)."""
    spec = generated_spec(state, page)
    if spec is not None and state.site is not None:
        return ["generated", spec.source, spec.in_nav, nav_parent(state.site, spec)]
    if state.site is not None and page.file.generated_by is not None:
        doc = state.site.docs_by_src.get(page.file.src_uri)
        return ["doc", doc.repo_path, doc.at_root] if doc is not None else None
    return None


def cacheable(config: MkDocsConfig) -> bool:
    """Whether only known plugins handle the page events between the theme's inputs and the written page."""
    events = config.plugins.events
    return all(getattr(hook, "__qualname__", "").startswith(KNOWN_PAGE_HOOKS)
               for name in ("page_context", "post_page") for hook in events.get(name, ()))


def site_part(config: MkDocsConfig, nav: Navigation) -> bytes:
    """What every page's template reads of the whole site: the nav (titles, addresses, front matter of every
    page in it), the configuration's values the build may set (`extra`), and the theme's settings."""
    parts = [_nav_items(nav.items), _json(dict(config.extra)), _json(dict(config.theme.items())),
             _json([config.site_url, config.site_name, config.repo_url, config.repo_name, config.copyright,
                    [str(x) for x in config.extra_css], [str(x) for x in config.extra_javascript]])]
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def output_key(site: bytes, page: Page, placement: object) -> str:
    """The hash of everything the page template reads for `page` (with `site_part`); `placement` stands for
    what the corpus plugin decides for the page while it is rendered (its edit link, its place in the nav)."""
    h = hashlib.blake2b(site, digest_size=16)
    prev, nxt = page.previous_page, page.next_page
    fields = [page.file.src_uri, page.url, page.canonical_url, page.is_homepage, page.title, page.edit_url,
              _toc(page.toc), _meta(page.meta), repr(placement),
              [prev.title, prev.url] if prev is not None else None, [nxt.title, nxt.url] if nxt is not None else None]
    h.update(_json(fields).encode("utf-8", "surrogatepass"))
    h.update(b"\0")
    h.update((page.content or "").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _nav_items(items) -> str:
    return _json([_nav_item(item) for item in items])


def _nav_item(item) -> object:
    children = getattr(item, "children", None)
    if children is not None:
        return ["section", item.title, [_nav_item(c) for c in children]]
    file = getattr(item, "file", None)
    if file is not None:
        return ["page", item.title, item.url, file.src_uri, _meta(item.meta)]
    return ["link", item.title, item.url]


def _toc(toc) -> list:
    return [[t.title, t.url, t.level, _toc(t.children)] for t in toc or ()]


def _meta(meta: dict | None) -> str:
    return _json(meta or {})


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=repr, ensure_ascii=False)
