"""Fix-ups on a page's finished HTML: unique element ids, the table of contents, the first heading and
paragraph as text.
"""
from __future__ import annotations

import html as htmllib
import re

from mkdocs.structure.pages import Page

from macros.text.plain import html_to_text, squash, unique_name


def after_h1(html: str, fragment: str) -> str:
    """`fragment` inserted right after the page's first H1 (at the top when it has none)."""
    m = re.search(r"</h1>", html)
    return html[: m.end()] + "\n" + fragment + html[m.end():] if m else fragment + html

_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)

_P = re.compile(r"<p[^>]*>(.*?)</p>", re.DOTALL)

_HEADERLINK = re.compile(r'<a[^>]*class="headerlink"[^>]*>.*?</a>', re.DOTALL)


def _text(fragment: str) -> str:
    return html_to_text(_HEADERLINK.sub("", fragment))


def page_title(page: Page, html: str) -> str:
    meta_title = page.meta.get("title")
    if isinstance(meta_title, str) and meta_title.strip():
        return squash(meta_title)
    m = _H1.search(html)
    if m:
        return _text(m.group(1))
    return squash(page.file.name.replace("-", " ").replace("_", " "))


def first_paragraph(html: str) -> str:
    m = _P.search(html)
    return _text(m.group(1)) if m else ""

_ID = re.compile(r'(<[a-zA-Z][^<>]*?\sid=")([^"]*)(")')

_H2 = re.compile(r'<h2 id="([^"]+)"([^>]*)>(.*?)</h2>', re.DOTALL)


def unique_ids(html: str) -> tuple[str, set[str]]:
    """Rename repeated element ids (a corpus heading may repeat one of ours) and return the set.

    Works on our own serialisation (templates + nh3 output), which always double-quotes attributes.
    """
    seen: set[str] = set()

    def fix(m: re.Match) -> str:
        value = unique_name(m.group(2), seen, sep="_", start=1)
        seen.add(value)
        return m.group(1) + value + m.group(3)

    return _ID.sub(fix, html), seen


def toc_tokens(html: str) -> list[dict]:
    tokens = []
    for m in _H2.finditer(html):
        if "data-toc-exclude" in m.group(2):  # a heading for search only (a finding's number)
            continue
        name = htmllib.escape(html_to_text(m.group(3)))
        tokens.append({"level": 2, "id": m.group(1), "name": name, "html": name, "data-toc-label": "",
                       "children": []})
    return tokens
