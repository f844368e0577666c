"""Shared fixtures; the helpers live in tests/support/ (re-exported here for `from conftest import ...`)."""
from __future__ import annotations

from datetime import date

import pytest

from macros.fs.gitdates import GitDates
from macros.load.corpus import load_corpus
from macros.pipeline import build_site
from macros.plan.pages import Settings, plan_site
from support.golden_util import Golden
from support.paths import ROOT
from support.project import BUILD_EPOCH, SITE_URL, Built, build, make_project, shipped_root_docs

__all__ = ["BUILD_EPOCH", "ROOT", "SITE_URL", "Built", "build", "make_project", "shipped_root_docs"]


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite golden files (tests/golden/) from the current output instead of comparing")


@pytest.fixture
def golden(request) -> Golden:
    """Check output against a golden file, or rewrite it under `pytest --update-goldens`."""
    return Golden(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def shipped(tmp_path_factory) -> Built:
    """The shipped corpus, built once per session (not strict: tests assert on the log)."""
    project = make_project(tmp_path_factory.mktemp("shipped"))
    result = build(project)
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="session")
def stand_in_site():
    """The stand-in corpus through the pipeline (no MkDocs, no git dates), built once per session."""
    corpus = load_corpus(ROOT, build_date=date(2026, 11, 28))
    return build_site(corpus, plan_site(corpus, Settings("t")), git=GitDates(False), project=ROOT)
