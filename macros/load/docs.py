"""The docs findings are merged into: the pages of docs/ and the working docs at the project root."""
from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from macros.fs import safe as safefs
from macros.fs.memo import Memo, read_with
from macros.load.textfile import read_text
from macros.model.data import Corpus, Doc
from macros.model.defaults import (
    PAGE_LIMIT,
)
from macros.model.diagnostics import Report
from macros.read.frontmatter import split_front_matter
from macros.read.headings import doc_headings
from macros.text.docsmd import docs_markdown


def working_doc(name: str, named: list[str]) -> bool:
    """Whether a doc is one of the maintainer's working docs (corpus Markdown): a usual working-doc name, or
    named by a marker. Any other page of docs/ is the site's own."""
    return any(fnmatch.fnmatchcase(name, p) for p in ROOT_DOC_PATTERNS) or \
        name.lower() in {n.lower() for n in named}


def load_docs(docs_root: Path, docs_dir: str, report: Report, md=None, named: list[str] = (),
              site_pages: tuple[str, ...] = (), hard_links: bool = False,
              memo: Memo | None = None) -> tuple[Doc, ...]:
    """The docs of docs/: a working doc's headings are read as GitHub reads them, a site page's as MkDocs
    does (`md`, the docs' Python-Markdown converter). The guide (`site_pages` globs) is the site's own and
    no doc findings are merged into."""
    docs = []
    seen: dict[str, str] = {}
    if not docs_root.is_dir():
        return ()
    for p in sorted(docs_root.rglob("*.md")):
        rel = p.relative_to(docs_root).as_posix()
        if any(part.startswith(".") for part in p.relative_to(docs_root).parts):
            continue
        if any(fnmatch.fnmatchcase(rel, g) for g in site_pages):
            continue  # the site's own page (the guide), not a doc findings are merged into
        if safefs.kind_problem(p, hard_links=hard_links):
            continue  # reported by the glue, which publishes the docs folder (mkdocs/docs_folder.py)
        text = read_text(p, f"{docs_dir}/{rel}", report, root=docs_root, limit=PAGE_LIMIT)
        if text is None:
            continue
        if p.name in seen:
            report.warning(f"{docs_dir}/{rel}", None, f"another doc is also named {p.name} "
                           f"({docs_dir}/{seen[p.name]}); markers naming it go to the first")
            continue
        seen[p.name] = rel
        _, body, _ = split_front_matter(text)
        working = working_doc(p.name, list(named))
        if working:
            headings = read_with(memo, doc_headings, body, None, same=("gfm",))
        else:  # the converter is made from the config, which the memo's owner watches
            headings = read_with(memo, doc_headings, body, md or docs_markdown(), same=("docs", md is None))
        docs.append(Doc(p.name, rel, headings, repo_path=f"{docs_dir}/{rel}", working=working, text=text))
    return tuple(docs)


ROOT_DOC_PATTERNS = ("CORPUS_*.md", "GOTCHAS.md", "SYNTHESIS.md")  # the maintainer's working docs


def load_root_docs(project: Path, named: list[str], docs: tuple[Doc, ...], report: Report,
                   hard_links: bool = False, memo: Memo | None = None) -> tuple[Doc, ...]:
    """Working docs at the project root (where the maintainer keeps them) that docs/ does not have.

    The candidates are the usual working-doc names and any *.md a marker names; a doc in docs/ wins. A root
    doc is published under its file name (src_uri), and keeps its real path for edit/view links.
    """
    have = {d.file.lower() for d in docs}
    candidates: dict[str, Path] = {}
    real_root = project.resolve()
    for pattern in ROOT_DOC_PATTERNS:
        for p in sorted(project.glob(pattern)):
            candidates.setdefault(p.name.lower(), p)
    for name in named:
        if "/" not in name and "\\" not in name and name.lower().endswith(".md") and not name.startswith("."):
            p = project / name
            if not p.is_file():  # a marker may differ in case from the file name
                p = next((q for q in sorted(project.glob("*.md")) if q.name.lower() == name.lower()), p)
            candidates.setdefault(name.lower(), p)
    out = []
    for key, p in sorted(candidates.items()):
        if key in have or key in ("readme.md", "index.md") or not os.path.lexists(p):
            continue
        problem = safefs.kind_problem(p, hard_links=hard_links)
        if problem:
            report.warning(p.name, None, f"doc skipped: {problem}")
            continue
        if p.is_symlink() and real_root not in p.resolve().parents:
            report.warning(p.name, None, "symlinked doc points outside the project; skipped")
            continue
        text = read_text(p, p.name, report, limit=PAGE_LIMIT, note=True)  # shown as a page: cut like one
        if text is None:
            continue
        _, body, _ = split_front_matter(text)
        out.append(Doc(p.name, p.name, read_with(memo, doc_headings, body, None, same=("gfm",)), repo_path=p.name,
                       at_root=True, text=text))
        have.add(key)
    return tuple(out)


def root_doc_files(corpus: Corpus, project: Path) -> list[tuple[Path, str, str]]:
    """For the glue: (absolute path, path from the project root, src_uri to publish under) of each root doc."""
    return [(project / d.repo_path, d.repo_path, d.src_uri) for d in corpus.docs if d.at_root]
