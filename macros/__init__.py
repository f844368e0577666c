"""mkdocs-macros entry point (glue only): macros for the site's own pages, such as the home page.

Macros return rendered HTML built from the parsed corpus; their return value is not re-rendered by
Jinja, so corpus text inside it is data, never template source. They reach the running build through
the corpus plugin instance of the same config.
"""
from __future__ import annotations


def define_env(env) -> None:
    # Imported here, not at the top: every `import macros.<stage>` runs this file first, and the core
    # stages must import without loading MkDocs (tests/unit/test_architecture.py checks it).
    from macros.mkdocs import site_macros
    from macros.plugin import find

    plugin = find(env.conf)

    @env.macro
    def corpus_stats() -> str:
        """Live counts: lanes, artifacts, findings merged/flagged/overdue, briefs."""
        return site_macros.macro_stats(plugin.state, env.page)

    @env.macro
    def corpus_ways_in() -> str:
        """Links to the findings, the corpus index, the briefs, each corpus doc and the health page."""
        return site_macros.macro_ways_in(plugin.state, env.page)

    @env.macro
    def corpus_findings(status: str | None = None) -> str:
        """The findings list with badges (optionally only one status)."""
        return site_macros.macro_findings(plugin.state, env.page, status)
