"""The docs folder's policy: which of its files are published, its pages read as untrusted corpus text,
macros only on the site's own pages.
"""
from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

from macros.fs import safe as safefs
from macros.load.textfile import read_text
from macros.mkdocs.content import page_date
from macros.mkdocs.state import CorpusBuild, log, log_diagnostic, site_page
from macros.model.data import Diagnostic
from macros.model.defaults import PAGE_LIMIT
from macros.model.diagnostics import Report
from macros.read.frontmatter import load_yaml


def page_markdown(state: CorpusBuild, page: Page, config: MkDocsConfig, markdown_text: str) -> str:
    """Before mkdocs-macros sees the page (the corpus plugin is listed first): only the pages in the
    `macro_pages` allow-list may be rendered by it; any other page asking for macros is an error.

    A working doc's Markdown is kept for page_content, which reads it as GitHub does; Python-Markdown gets
    nothing to convert. Returns the Markdown MkDocs goes on with."""
    state.current_src_uri = page.file.src_uri
    page.update_date = page_date(state, page)  # the sitemap's lastmod (rendered after every page is read)
    doc = state.site.docs_by_src.get(page.file.src_uri) if state.site is not None else None
    if doc is not None and doc.working and not allowed_macros(state, page.file.src_uri):
        state.working_text[page.file.src_uri] = markdown_text
        markdown_text = ""
    if page.file.generated_by is not None or allowed_macros(state, page.file.src_uri):
        return markdown_text
    if page.meta.get("render_macros"):
        docs = os.path.relpath(config.docs_dir, state.project)
        allowed = ", ".join(state.settings.macro_pages)
        d = Diagnostic("error", f"{docs}/{page.file.src_uri}", _front_matter_line(page, "render_macros"),
                       "front matter asks for `render_macros: true`, but only the site's own pages may use "
                       f"macros (the `macro_pages` option of the corpus plugin: {allowed}); the page is shown "
                       "without them.", "---\ntitle: My page\n---")
        log_diagnostic(d, state)
        if state.site is not None:
            state.diagnostics.append(d)
    page.meta["render_macros"] = False  # mkdocs-macros reads it when it renders the page, after this hook
    return markdown_text


def allowed_macros(state: CorpusBuild, src_uri: str) -> bool:
    return any(fnmatch.fnmatchcase(src_uri, p) for p in state.settings.macro_pages)


def own_page(state: CorpusBuild, src_uri: str) -> bool:
    """The site's own pages: the home page and the other `macro_pages`, and the guide."""
    return allowed_macros(state, src_uri) or site_page(state, src_uri)


def _front_matter_line(page: Page, key: str) -> int | None:
    """The line of `key:` in the page's front matter (1-based), if it is there."""
    lines = (page.file.content_string or "").splitlines()
    for n, line in enumerate(lines[1:], 2):
        if line.strip() in ("---", "..."):
            break
        if re.match(rf"{re.escape(key)}\s*:", line):
            return n
    return None


def exclude_foreign_files(state: CorpusBuild, files: Files, config: MkDocsConfig) -> None:
    """The docs folder publishes its Markdown pages and the site's own assets (the `docs_assets`
    globs) only: any other file there (HTML, SVG, scripts …) is left out, with a warning."""
    docs_dir = Path(config.docs_dir).resolve()
    rel = os.path.relpath(config.docs_dir, state.project)
    for f in list(files):
        if f.generated_by is not None or not f.abs_src_path:
            continue
        if not Path(f.abs_src_path).resolve().is_relative_to(docs_dir):
            continue  # the theme's files
        problem = safefs.kind_problem(Path(f.abs_src_path), hard_links=state.settings.allow_hard_links)
        if problem:  # a FIFO named like an asset would block the copy; a hard link may lead anywhere
            files.remove(f)
            log.warning(str(Diagnostic("warning", f"{rel}/{f.src_uri}", None, f"not published: {problem}.")))
            continue
        if f.is_documentation_page():
            continue
        if any(fnmatch.fnmatchcase(f.src_uri, g) for g in state.settings.docs_assets):
            continue
        files.remove(f)
        log_diagnostic(Diagnostic("warning", f"{rel}/{f.src_uri}", None,
                                  "not published: the docs folder publishes Markdown pages and the files "
                                  "that match the `docs_assets` option of the corpus plugin "
                                  f"({', '.join(state.settings.docs_assets)}) only.",
                                  "docs_assets: ['*.png', 'img/*.svg']"), state)


def check_docs(state: CorpusBuild, files: Files, config: MkDocsConfig) -> list[Diagnostic]:
    """MkDocs reads the pages of docs/ itself; the corpus docs among them are untrusted, so they are
    read here instead, the way every corpus file is, and MkDocs gets the checked text:

    - a symlink out of the docs folder (or the project) is dropped, with everything under a linked
      folder; so is a file `safefs` refuses or a binary one;
    - at most PAGE_LIMIT bytes are shown, with a note on the page;
    - the YAML front matter MkDocs would parse (with PyYAML, which expands aliases) is checked first
      with `load_yaml`: aliases, deep nesting or invalid YAML are an error at file:line, and the page is
      shown without its front matter.

    The site's own pages (the `macro_pages` allow-list) are left as they are. Returns the diagnostics.
    """
    docs_dir = Path(config.docs_dir)
    real_docs = docs_dir.resolve()
    rel = os.path.relpath(config.docs_dir, state.project)
    out = Report()

    def in_docs(f: File) -> bool:  # not a theme file, not generated
        return f.generated_by is None and f.src_dir is not None and Path(f.src_dir).resolve() == real_docs

    for path, reason in safefs.unsafe_docs_files(docs_dir, state.project):
        gone = [f for f in files if in_docs(f) and
                (f.src_uri == path or (path.endswith("/") and f.src_uri.startswith(path)))]
        for f in gone:
            files.remove(f)
        out.warning(f"{rel}/{path}", None, f"not published: {reason} (its target is never read).")
    for f in list(files.documentation_pages()):
        if not in_docs(f) or not f.abs_src_path or own_page(state, f.src_uri):
            continue
        where = f"{rel}/{f.src_uri}"
        text = read_text(docs_dir / f.src_uri, where, out, root=docs_dir, limit=PAGE_LIMIT, note=True)
        if text is None:  # refused or binary: the reason is in the report
            files.remove(f)
            continue
        m = YAML_RE.match(text)
        if m is not None:
            before = len(out.items)
            load_yaml(m.group(1), where, out, line_offset=1)
            if any(d.severity == "error" for d in out.items[before:]):
                text = text[m.end():]  # shown without the front matter MkDocs would have expanded
        f.content_string = text  # MkDocs reads this instead of the file (src_uri and edit link stay)
    return out.items
