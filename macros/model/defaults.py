"""Defaults in one place: the corpus folder, the names of the files the site reads in it, and read limits.

Read by the plugin's options (macros/config.py) and by the loader, so a default changes in one line.
"""
from __future__ import annotations

CORPUS_DIR = "tooling"  # the corpus folder when neither the `corpus_dir` option nor CORPUS_DIR is set
BRIEFS_LANE = "gemma-family"  # the lane whose Markdown files are sibling-model briefs
REPO_BRANCH = "main"  # the branch that source-line and edit links point at
RECORD_NAME = "published-ids.txt"  # the record of published finding ids (macros/export/ids.py): site data
MACRO_PAGES = ("index.md",)  # the pages of docs/ mkdocs-macros may render
SITE_PAGES = ("guide/*",)  # the site's own pages of docs/ besides the home page: the guide, not corpus docs
DOCS_ASSETS = ("*.png", "*.jpg", "*.jpeg", "*.gif", "*.webp", "*.ico")  # non-Markdown files of docs/ published

INDEX_NAME = "README.md"
MANIFEST_NAME = "sources.yaml"
RESULTS_NAME = "verification.yaml"  # `make verify`'s results (macros/verify/results.py): site data, not an artifact
LANE_INDEX_NAMES = ("readme.md", "index.md")  # compared case-insensitively, README.md first

TEXT_LIMIT = 20 * 1024 * 1024  # never read more than this of one file
INDEX_LIMIT = 4 * 1024 * 1024  # the index: findings past this are cut, with a warning (5,000 findings ≈ 1.5 MB)
PAGE_LIMIT = 128 * 1024  # a lane README, brief or doc: shown (and indexed) up to this, then cut with a note
