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

#: The one slugifier for every heading id on the site (also configured in mkdocs.yml's toc).
slugify = _make_slugify(case="lower")
