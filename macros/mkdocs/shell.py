"""Pages the build writes after MkDocs (the "moved" pages) in the site's own frame: header, navigation,
search and colours come from the theme's rendering of 404.html, whose links work at any depth."""
from __future__ import annotations

import html
import re

_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.DOTALL)
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)

FALLBACK = ('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title></title>\n</head>\n'
            '<body>\n<article class="md-content__inner md-typeset"></article>\n</body>\n</html>\n')


def framed(shell: str | None, *, title: str, canonical: str, body: str) -> str:
    """`body` (our own rendered HTML) inside the theme's page `shell` (the built 404.html; FALLBACK when
    there is none), with its own title, a canonical link to where the reader should go, and noindex."""
    page = shell if shell and _ARTICLE.search(shell) and _TITLE.search(shell) else FALLBACK
    head = (f"<title>{html.escape(title)}</title>\n<link rel=\"canonical\" href=\"{html.escape(canonical)}\">\n"
            '<meta name="robots" content="noindex">')
    page = _TITLE.sub(lambda m: head, page, count=1)
    return _ARTICLE.sub(lambda m: m.group(1) + "\n" + body + "\n" + m.group(3), page, count=1)
