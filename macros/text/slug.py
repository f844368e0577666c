"""URL-safe names: one path segment of a corpus file, and heading slugs."""
from __future__ import annotations

import re
import unicodedata

from pymdownx.slugs import slugify as _make_slugify

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_segment(name: str) -> str:
    """A URL-safe form of one path segment (keeps letters of any script, digits, . _ -)."""
    name = unicodedata.normalize("NFC", name)
    seg = _UNSAFE.sub("-", name).strip("-")
    if seg in ("", ".", ".."):
        seg = "file"
    return seg

#: The slugifier of the site's own pages under docs/ (Python-Markdown's toc, also in mkdocs.yml), and of
#: corpus headings before they followed the forge (their old ids stay as aliases: `LegacySlugger`).
slugify = _make_slugify(case="lower")


# GitHub (and Gitea/Forgejo, GitLab) give a heading the id: its text in lower case, every character that is
# not a letter, mark, digit, `_`, `-` or a space dropped, each space turned into `-`; a repeated id gets
# `-1`, `-2` …

def _kept(c: str) -> bool:
    return c == " " or c == "-" or c.isalnum() or unicodedata.category(c) in ("Mn", "Mc", "Me", "Pc")


def github_slug(text: str) -> str:
    """The slug GitHub gives a heading whose text is `text` (before the repeat counter)."""
    return "".join(c for c in text.lower() if _kept(c)).replace(" ", "-")


class Slugger:
    """GitHub's counter for repeated slugs within one file: `x`, `x-1`, `x-2` …"""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def slug(self, text: str) -> str:
        return self.add(github_slug(text))

    def add(self, base: str) -> str:
        """Take `base` (already a slug), counted: the same rule github-slugger applies."""
        result = base
        while result in self.seen:
            self.seen[base] = self.seen.get(base, 0) + 1
            result = f"{base}-{self.seen[base]}"
        self.seen[result] = 0
        return result


_COUNTED = re.compile(r"^(.*)_([0-9]+)$")


class LegacySlugger:
    """The ids Python-Markdown's toc gave the same headings: `x`, `x_1`, `x_2` … (aliases only)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def slug(self, text: str) -> str:
        slug = slugify(text, "-")
        while slug in self.seen or not slug:
            m = _COUNTED.match(slug)
            slug = f"{m.group(1)}_{int(m.group(2)) + 1}" if m else f"{slug}_1"
        self.seen.add(slug)
        return slug



