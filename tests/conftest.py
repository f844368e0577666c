"""Shared fixtures; the helpers live in tests/support/ (re-exported here for `from conftest import ...`)."""
from __future__ import annotations

import pytest

from macros.pipeline import Site
from support.golden_util import Golden
from support.paths import ROOT
from support.project import BUILD_DATE, BUILD_EPOCH, SITE_URL, Built, assemble, build, make_project, shipped_root_docs

__all__ = ["BUILD_DATE", "BUILD_EPOCH", "ROOT", "SITE_URL", "Built", "assemble", "build", "make_project",
           "shipped_root_docs"]


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
def stand_in() -> Site:
    """The stand-in corpus of the repository through the core (load, plan, cross-reference), once per session.
    Frozen: a test that needs another corpus assembles its own (`assemble`)."""
    return assemble(ROOT)
