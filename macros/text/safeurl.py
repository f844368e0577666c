"""URLs from the corpus are data until proven safe: only http, https and relative URLs become links.

Every `href` or `src` that carries a corpus URL goes through `safe_url` in the view layer, and again
through the templates' `safe_url` filter (the link macro in overrides/corpus/_macros.html). A URL
that fails is shown as text. Browsers drop tabs and newlines inside a URL and spaces around it
(`java\tscript:` is `javascript:`), so any control or space character refuses it outright, before the
scheme is looked at.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_UNSAFE_CHAR = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029\\]")


def safe_url(url: object, *, relative: bool = True) -> str | None:
    """`url` when it may be an href or src: http(s) with a host, or (with `relative`) a relative URL
    with no scheme; None for anything else (javascript:, data:, vbscript:, file:, a bare `//host` …)."""
    if not isinstance(url, str) or not url or len(url) > 8192 or _UNSAFE_CHAR.search(url):
        return None
    m = _SCHEME.match(url)
    if m is None:
        if not relative or url.startswith("//"):
            return None
        head = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        return None if ":" in head else url  # `x:y` with an odd scheme name is not taken for a path
    if m.group(1).lower() not in SCHEMES:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return url if host else None


def http_url(url: object) -> str | None:
    """`url` when it is an absolute http(s) URL that may be a link (sources, model cards), else None."""
    return safe_url(url, relative=False)


__all__ = ["SCHEMES", "http_url", "safe_url"]
