"""The corpus plugin's settings (`plugins: - corpus:` in mkdocs.yml); their defaults are in macros/model/defaults.py.

MkDocs validates these options; an unknown or misspelt one fails the build with its own config error.
"""
from __future__ import annotations

import os

from mkdocs.config import base
from mkdocs.config import config_options as c

from macros.model import defaults


class CorpusConfig(base.Config):
    corpus_dir = c.Optional(c.Type(str))
    """The corpus folder, relative to mkdocs.yml. Unset: the CORPUS_DIR environment variable, else `tooling`."""

    briefs_lane = c.Type(str, default=defaults.BRIEFS_LANE)
    """The lane (folder of the corpus) whose Markdown files are sibling-model briefs."""

    repo_branch = c.Type(str, default=defaults.REPO_BRANCH)
    """The branch that source-line and edit links of `repo_url` point at."""

    forge = c.Choice(("auto", "github", "gitlab", "gitea"), default="auto")
    """Which forge `repo_url` (or the git remote `origin`) is on, for the URL forms of source, raw, edit and
    commit links: `auto` tells GitHub, GitLab and Gitea/Forgejo/Codeberg apart by the host name; a
    self-hosted forge under another name needs it (`gitea` for Forgejo too)."""

    published_ids = c.Type(str, default=defaults.RECORD_NAME)
    """The record of published finding ids, a file in the corpus folder (it travels with the corpus)."""

    macro_pages = c.ListOfItems(c.Type(str), default=list(defaults.MACRO_PAGES))
    """The pages of docs/ (paths under docs_dir) that mkdocs-macros may render: the site's own pages.
    Any other page asking for macros (`render_macros: true`) is an error and is not rendered by them."""

    site_pages = c.ListOfItems(c.Type(str), default=list(defaults.SITE_PAGES))
    """Glob patterns (under docs_dir) of the site's own pages besides the home page: the guide for corpus
    authors. They are Python-Markdown pages of the site, not corpus docs: not sanitised, no finding is
    merged into them, and they sit in the nav's "Guide" section."""

    docs_assets = c.ListOfItems(c.Type(str), default=list(defaults.DOCS_ASSETS))
    """Glob patterns (matched against paths under docs_dir) of the non-Markdown files of docs/ that are
    published: the site's own assets. Any other file there is left out with a warning."""

    allow_hard_links = c.Type(bool, default=False)
    """Publish corpus and docs files that have more than one hard link. Off by default: a hard link is
    another name of the same file, possibly one outside the project, so such files are left out with a
    warning."""

    def validate(self):
        """MkDocs only warns about an unknown option; a misspelt one here would silently fall back to a
        default, so it is a config error."""
        failed, warnings = super().validate()
        unknown = [w for w in warnings if w[0] not in self._schema_keys]
        return failed + unknown, [w for w in warnings if w not in unknown]

    def corpus_folder(self) -> str:
        """The corpus folder name: the option, else CORPUS_DIR, else the default; no surrounding slashes."""
        value = self.corpus_dir or os.environ.get("CORPUS_DIR") or defaults.CORPUS_DIR
        return value.strip("/")
