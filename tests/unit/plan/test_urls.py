"""plan/urls.py computes relative links itself (the core does not import MkDocs): the same as MkDocs does."""
from __future__ import annotations

import itertools

from mkdocs.utils import get_relative_url

from macros.plan.urls import relative_path, rel_url

PATHS = ["", "a", "a/", "a/b", "a/b/", "b/c/", "a/x.html", "a/b/index.html", "../a", "a/../b/", "/a/b", "//a",
         "a/./b/", ".", "..", "../..", "x.y/", "a/b.c/d", "findings/1/", "tooling/lane/f.md/", "tooling/lane/f.md"]


def test_relative_path_agrees_with_mkdocs():
    differ = [(t, p) for t, p in itertools.product(PATHS, repeat=2) if relative_path(t, p) != get_relative_url(t, p)]
    assert differ == []


def test_rel_url_keeps_directory_urls_and_encodes():
    assert rel_url("", "findings/x/") == "../../"
    assert rel_url("findings/", "findings/") == "./"
    assert rel_url("tooling/a b/#sec tion", "") == "tooling/a%20b/#sec%20tion"
