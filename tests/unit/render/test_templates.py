"""Template fragments a reader sees, rendered directly: provenance error wording and the site footer."""
from __future__ import annotations

from types import SimpleNamespace

import jinja2

from macros.model.data import Finding
from macros.model.provenance import Target
from support.paths import ROOT



def _env(*folders: str) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader([str(ROOT / f) for f in folders]), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _provenance(**finding) -> str:
    f = Finding(number=3, id="x", title="T", title_html="T", body_html="", summary="", status="error", **finding)
    view = SimpleNamespace(f=f, targets=[], overdue=False)
    tpl = _env("overrides/corpus").from_string('{% import "_macros.html" as m with context %}{{ m.provenance(v) }}')
    return " ".join(tpl.render(v=view, rel=lambda url: url, build_date="2026-11-28").split())


def test_unreadable_marker_is_called_unreadable():
    assert "could not be read" in _provenance(marker="[merged GOTCHAS.md]")
    assert "no readable provenance marker" in _provenance(marker=None)


def test_missing_target_is_not_called_an_unreadable_marker():
    html = _provenance(marker="[merged: NOPE.md]", targets=(Target("NOPE.md", None, known=False),))
    assert "could not be read" not in html
    assert "was read, but its target is missing" in html and "<code>NOPE.md</code> is not a doc" in html
    html = _provenance(marker="[merged: GOTCHAS.md — Nowhere section]", targets=(Target("GOTCHAS.md", "Nowhere"),))
    assert "could not be read" not in html and "section it names" in html


def _footer(extra: dict, repo_url: str | None = "https://github.com/o/r") -> str:
    config = SimpleNamespace(extra=extra, copyright=None, repo_url=repo_url)
    return " ".join(_env("overrides").get_template("partials/copyright.html").render(config=config).split())


def test_footer_shows_build_date_commit_and_source_link():
    html = _footer({"build_date": "2026-11-28", "corpus_commit": "0123456789abcdef0123",
                    "corpus_repo_url": "https://github.com/o/r",
                    "corpus_commit_url": "https://github.com/o/r/tree/0123456789abcdef0123"})
    assert '<time datetime="2026-11-28">2026-11-28</time>' in html
    assert 'href="https://github.com/o/r/tree/0123456789abcdef0123"><code>0123456789ab</code>' in html
    assert '<a href="https://github.com/o/r">source repository</a>' in html
    # a Gitea/Forgejo repository: the build gives the commit's URL in that forge's form
    gitea = _footer({"corpus_commit": "0123456789abcdef0123", "corpus_repo_url": "https://codeberg.org/o/r",
                     "corpus_commit_url": "https://codeberg.org/o/r/src/commit/0123456789abcdef0123"})
    assert 'href="https://codeberg.org/o/r/src/commit/0123456789abcdef0123"' in gitea


def test_footer_is_empty_without_build_facts():
    assert "corpus-site-footer" not in _footer({})
    assert "Built" not in _footer({"generator": False})


def test_footer_escapes_its_values():
    html = _footer({"build_date": "<script>", "corpus_commit": '"><img src=x>'})
    assert "<script>" not in html and "<img" not in html
