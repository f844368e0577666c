"""A page's HTML once MkDocs has converted it: generated pages rendered from the corpus, docs pages
sanitised, titles, descriptions, table of contents and sitemap date.
"""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from macros.mkdocs.htmlfix import after_h1, first_paragraph, page_title, toc_tokens, unique_ids
from macros.mkdocs.linkcards import card, card_image
from macros.mkdocs.state import CorpusBuild, generated_spec, log_diagnostic, site_page
from macros.model.data import Diagnostic, Doc
from macros.pipeline import Site
from macros.plan.describe import DESCRIPTION_LIMIT, card_title
from macros.plan.pages import PageSpec
from macros.text.plain import squash
from macros.text.sanitize import escape, safe_anchor, sanitize_doc, truncate
from macros.views.findings import merged_here
from macros.views.links import PageLinks
from macros.views.workdoc import WorkingDoc, render_working_doc
from macros.xref.links import link_html


def _report_broken(state: CorpusBuild, site: Site, broken) -> None:
    for source, href in broken:
        if (source, href) in state.reported:
            continue
        state.reported.add((source, href))
        d = Diagnostic("warning", source or site.corpus.root, None,
                       f"link '{href}' names no file of the corpus or doc of the site; it is shown as "
                       "plain text.", "[ShieldGemma 2](shieldgemma-2.md)")
        log_diagnostic(d, state)
        state.diagnostics.append(d)  # the health page lists it (rendered after every page's content)


def page_content(state: CorpusBuild, html: str, page: Page, config: MkDocsConfig) -> str:
    site, renderer = state.site, state.renderer
    if site is None or renderer is None:
        return html
    spec = generated_spec(state, page)
    if spec is not None:
        _set_titles(page, spec.title, spec.description)
        title = card_title(site.corpus.findings[site.findings_by_id[spec.key[1]]], site.corpus) \
            if spec.kind == "finding" else spec.title
        page.meta["_corpus_card"] = card(site, spec.url, title, spec.description,
                                          "article" if spec.kind == "finding" else "website")
        card_image(state, page.meta["_corpus_card"], spec)
        if spec.search_boost:
            page.meta["search"] = {"boost": spec.search_boost}  # Material's search ranks these first
        return _generated_body(state, page, spec)
    # a page of docs/: the home page and the guide are the site's own; the corpus docs are sanitised
    links = PageLinks(site, page.url)
    own = page.is_homepage or site_page(state, page.file.src_uri)
    text = state.working_text.pop(page.file.src_uri, None)
    if text is not None:  # a working doc: read as GitHub reads it, like every corpus file
        doc = site.docs_by_src[page.file.src_uri]
        work = _working_doc(state, site, text, doc, page.url)
        html = work.html
        _report_broken(state, site, [(doc.repo_path, href) for href in work.broken])
        page.toc, page.present_anchor_ids = get_toc(work.toc), set(work.ids)
    elif not own:
        html = link_html(sanitize_doc(html), site.index, page.url).html
        _safe_toc(page.toc)  # the table of contents follows the headings sanitize_doc renamed
    plain_title = "Home" if page.is_homepage else page_title(page, html)
    doc = site.docs_by_src.get(page.file.src_uri) if not own else None
    if doc is not None:
        # every corpus doc ends with the block (saying so when nothing is merged) and lists it in its TOC
        html += renderer.fragment("merged_here.html", links, items=merged_here(links, doc))
        page.present_anchor_ids = (page.present_anchor_ids or set()) | {"findings-merged-here"}
        _add_toc_entry(page, "Findings merged here", "findings-merged-here")
        updated = site.git.last_change(doc.repo_path) if site.git.available else None
        if updated:
            html = after_h1(html, renderer.fragment("doc_updated.html", links, updated=updated))
    desc = page.meta.get("description") if isinstance(page.meta.get("description"), str) else None
    desc = squash(desc) if desc else truncate(first_paragraph(html), DESCRIPTION_LIMIT)
    _set_titles(page, plain_title, desc)
    page.meta["_corpus_card"] = card(site, page.url, site.settings.site_name if page.is_homepage else plain_title,
                                      desc, "website")
    if page.is_homepage:
        card_image(state, page.meta["_corpus_card"], None)
    return html


def _working_doc(state: CorpusBuild, site: Site, text: str, doc: Doc, url: str) -> WorkingDoc:
    """A working doc's page body; under `mkdocs serve`, the last rebuild's when its text, its address and
    everything a link on it could point to (the build's `site_key`) are the same."""
    cache = state.cache
    if cache is None:
        return render_working_doc(text, doc, site.index, url)
    return cache.memo.call(render_working_doc, text, doc, site.index, url, cache.memo,
                           same=(repr(doc), url, cache.site_key(site)))


def _generated_body(state: CorpusBuild, page: Page, spec: PageSpec) -> str:
    """A generated page's HTML (with its table of contents and ids); its broken links are reported."""
    site, renderer = state.require_site()
    if state.cache is not None:  # under serve: the last build's HTML when the page's inputs are unchanged
        rendered = state.cache.render(site, renderer, spec, state.count)
    else:
        rendered = renderer.page(spec)
        state.count.rendered.append(spec.src_uri)
    _report_broken(state, site, rendered.broken)
    out, page.present_anchor_ids = unique_ids(rendered.html)
    page.toc = get_toc(toc_tokens(out))
    return out


def health_content(state: CorpusBuild, files: Files) -> None:
    """The health page rendered again once every page's content is in, so that it lists what the glue
    found on any page, whatever the order MkDocs converts them in (its first rendering may have missed some)."""
    site = state.site
    spec = site.plan.by_key.get(("health", "")) if site is not None else None
    doc = files.get_file_from_path(spec.src_uri) if spec is not None else None
    if doc is not None and doc.page is not None and doc.page.content is not None:
        doc.page.content = _generated_body(state, doc.page, spec)


def _add_toc_entry(page: Page, title: str, anchor: str) -> None:
    """A level-2 entry at the end of a page's table of contents (under its H1, as Material shows it)."""
    toc = page.toc
    items = list(toc)
    parent = items[0].children if len(items) == 1 and items[0].level == 1 else None
    entry = AnchorLink(title, anchor, 2)
    if parent is not None:
        parent.append(entry)
    else:
        toc.items.append(entry)


def page_date(state: CorpusBuild, page: Page) -> str:
    """The date a page last changed, for the sitemap's lastmod: the last commit of its source file (a
    finding: of its own lines); the build date when it has no source or git has no history."""
    site = state.site
    fallback = state.build_date.isoformat()
    if site is None or not site.git.available:
        return fallback
    spec = generated_spec(state, page)
    if spec is not None:
        if spec.kind == "finding":
            f = site.corpus.findings[site.findings_by_id[spec.key[1]]]
            span = site.git.span(f.source, f.line, f.end_line)
            if span:
                return span[1]
        return (site.git.last_change(spec.source) if spec.source else None) or fallback
    doc = site.docs_by_src.get(page.file.src_uri)
    return (site.git.last_change(doc.repo_path) if doc is not None else None) or fallback


def _safe_toc(items) -> None:
    for item in items or ():
        item.id = safe_anchor(item.id)
        _safe_toc(item.children)


def _set_titles(page: Page, plain: str, description: str) -> None:
    page.title = escape(plain)
    if "title" in page.meta:
        page.meta["title"] = escape(plain)
    page.meta["description"] = escape(description) if description else ""
