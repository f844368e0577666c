"""Python-Markdown extension for the site's own and the maintainer's doc pages: links into the corpus.

The corpus docs were written next to `tooling/`, so they link to corpus files by path
(`tooling/huggingface/README.md`, `../tooling/fine-tuning/recipe-recommendation.md`). Such a link is
pointed at the generated page of that file before MkDocs resolves and validates links, so it works
and `--strict` checks it like any other. Links that name nothing in the corpus are left alone (MkDocs
reports them as usual).
"""
from __future__ import annotations

import posixpath
from urllib.parse import unquote

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

_SCHEMES = ("http:", "https:", "mailto:", "ftp:", "data:", "javascript:")


class CorpusLinks(Treeprocessor):
    def run(self, root):
        from . import build  # the build state of the running site (None outside a corpus build)

        site, page = build.state.site, build.state.current_src_uri
        if site is None or page is None or page in site.pages:
            return None
        prefix = site.corpus.root + "/"
        base = posixpath.dirname(page)
        for a in root.iter("a"):
            href = a.get("href", "")
            if not href or href.startswith(("#", "/")) or href.lower().startswith(_SCHEMES):
                continue
            path, _, frag = href.partition("#")
            target = posixpath.normpath(posixpath.join(base, unquote(path)))
            while target.startswith("../"):
                target = target[3:]  # docs/ sits beside the corpus folder
            if not target.startswith(prefix):
                continue
            src = site.src_uri_for(target[len(prefix):])
            if src is not None:
                a.set("href", posixpath.relpath(src, base or ".") + ("#" + frag if frag else ""))
        return None


class CorpusLinksExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(CorpusLinks(md), "corpus_links", 5)  # before MkDocs' relpath (0)


def makeExtension(**kwargs):  # noqa: N802
    return CorpusLinksExtension(**kwargs)
