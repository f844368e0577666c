"""Material's search plugin stays (its search box, its keyboard habits, the `config` of its index) but
indexes no page: the site's search runs on Pagefind (macros/export/search.py).

Material's plugin parses every rendered page with `html.parser` to build a lunr index that every reader
would download whole; we replace its documents with none after the build (`trim_lunr`). Left to run, its
page hook cost about a third of every build (11 of 36 s at 10x the corpus), and it also strips the
`data-search-exclude` markers from the pages before Pagefind could honour them.
"""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

NAMES = ("material/search", "search")


def mute_page_indexing(config: MkDocsConfig) -> bool:
    """Take Material's search plugin off the page_context event of this build; True when it was there."""
    plugin = next((config.plugins[n] for n in NAMES if n in config.plugins), None)
    if plugin is None:
        return False
    events = config.plugins.events["page_context"]
    kept = [m for m in events if getattr(m, "__self__", None) is not plugin]
    config.plugins.events["page_context"] = kept
    return len(kept) < len(events)


__all__ = ["mute_page_indexing"]
