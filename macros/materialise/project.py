"""A project's settings read straight from its mkdocs.yml, with no engine installed: what the materialised
export needs to assemble the site (`pipeline.assemble_site`) the way the plugin would.

MkDocs' own tags are understood: `!ENV [NAME, default]` takes the environment variable (else the
default); any `!!python/…` tag (the TOC's slugify function) reads as None here, since only the text of
the file is copied into the exported config.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from macros.model.defaults import BRIEFS_LANE, CORPUS_DIR, RECORD_NAME, REPO_BRANCH, SITE_PAGES
from macros.plan.pages import Settings


class _Loader(yaml.SafeLoader):
    """SafeLoader plus MkDocs' `!ENV` tag; python tags become None (never constructed)."""


def _env(loader: _Loader, node: yaml.Node):
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) \
        else [loader.construct_scalar(node)]
    names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    for name in names:
        if isinstance(name, str) and os.environ.get(name):
            return os.environ[name]
    return default


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    root: Path
    config_file: Path
    config: dict
    corpus_dir: str
    docs_dir: str  # relative to root
    briefs_lane: str = BRIEFS_LANE
    published_ids: str = RECORD_NAME
    repo_branch: str = REPO_BRANCH
    custom_dir: str | None = None
    plugin_options: dict = field(default_factory=dict)

    @property
    def site_pages(self) -> tuple[str, ...]:
        """Globs of the pages of docs/ that are the site's own (the guide), not corpus docs."""
        return tuple(self.plugin_options.get("site_pages", SITE_PAGES))

    def settings(self) -> Settings:
        c = self.config
        return Settings(site_name=c.get("site_name") or "", site_url=c.get("site_url") or "",
                        repo_url=c.get("repo_url"), branch=self.repo_branch)


def read_project(config_file: Path) -> Project:
    """The project of `config_file` (its mkdocs.yml): corpus options from `plugins: - corpus:`."""
    config_file = config_file.resolve()
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{config_file}: expected a mapping of settings, found {type(data).__name__}")
    options: dict = {}
    for item in data.get("plugins") or ():
        if isinstance(item, dict) and "corpus" in item:
            options = item["corpus"] or {}
    corpus_dir = (options.get("corpus_dir") or os.environ.get("CORPUS_DIR") or CORPUS_DIR).strip("/")
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    return Project(root=config_file.parent, config_file=config_file, config=data, corpus_dir=corpus_dir,
                   docs_dir=str(data.get("docs_dir") or "docs"),
                   briefs_lane=options.get("briefs_lane", BRIEFS_LANE),
                   published_ids=options.get("published_ids", RECORD_NAME),
                   repo_branch=options.get("repo_branch", REPO_BRANCH), custom_dir=theme.get("custom_dir"),
                   plugin_options=options)
