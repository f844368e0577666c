"""Finding ids: the slug a title gives, and the id and alias comments a finding may carry."""
from __future__ import annotations

import re
import unicodedata

ID_COMMENT = re.compile(r"finding-id\s*:\s*([A-Za-z0-9][A-Za-z0-9._-]*)", re.IGNORECASE)

SAFE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")

ALIAS_COMMENT = re.compile(r"finding-aliases?\s*:\s*([^<>]*)", re.IGNORECASE)  # to the comment's end

ID_MAX_WORDS = 8

ID_MAX_CHARS = 64


def derive_id(title: str) -> str:
    """A URL slug from a finding title: lower-case ASCII words, at most 8 words / 64 chars."""
    ascii_slug = _make_ascii_slug(title)
    words = [w for w in ascii_slug.split("-") if w]
    out: list[str] = []
    for w in words[:ID_MAX_WORDS]:
        if len("-".join(out + [w])) > ID_MAX_CHARS:
            break
        out.append(w)
    return "-".join(out) or "finding"


def _make_ascii_slug(text: str) -> str:

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text.lower())
    return text.strip("-")
