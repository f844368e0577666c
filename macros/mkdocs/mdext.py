"""Python-Markdown extension for the maintainer's doc pages: their links into the corpus.

The corpus docs were written next to `tooling/`, so they link to corpus files by path
(`tooling/huggingface/README.md`, `../tooling/fine-tuning/recipe-recommendation.md`). Such a link is
pointed at the generated page of that file before MkDocs resolves and validates links, so it works
and `--strict` checks it like any other. Links that name nothing in the corpus are left alone (MkDocs
reports them as usual).

The corpus plugin adds this extension itself and hands it `link`, the function that knows the
running build (as mkdocs-autorefs hands itself to its extension); there is no module state.
"""
from __future__ import annotations

from typing import Callable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

#: href as written → the href to use instead, or None to leave the link alone
LinkFn = Callable[[str], "str | None"]


class CorpusLinks(Treeprocessor):
    def __init__(self, md: Markdown, link: LinkFn):
        super().__init__(md)
        self.link = link

    def run(self, root):
        for a in root.iter("a"):
            href = a.get("href", "")
            if href:
                new = self.link(href)
                if new is not None:
                    a.set("href", new)
        return None


class CorpusLinksExtension(Extension):
    def __init__(self, link: LinkFn, **kwargs):
        self.link = link
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(CorpusLinks(md, self.link), "corpus_links", 5)  # before MkDocs' relpath (0)
