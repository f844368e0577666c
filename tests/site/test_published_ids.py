"""The `published_ids` option names the record of published ids: the loader treats that file as site data
(no artifact page), whatever it is called, as it does the default `published-ids.txt`."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from mkdocs.config import load_config

from support.project import make_project
from macros.config import CorpusConfig
from macros.load.corpus import load_corpus
from macros.mkdocs.build import load_site
from support.paths import FIXTURES

FIXTURE = FIXTURES / "maintainer"
BUILD = date(2026, 11, 28)
RECORD = "ids-we-published.txt"


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    shutil.copytree(FIXTURE, project)
    (project / "tooling" / RECORD).write_text("some-finding-id\n", encoding="utf-8")
    return project


def _artifacts(corpus) -> set[str]:
    return {a.path for a in corpus.artifacts}


def test_the_loader_skips_the_record_under_its_configured_name(tmp_path):
    project = _project(tmp_path)
    assert RECORD in _artifacts(load_corpus(project, build_date=BUILD))  # under the default name it is a file
    assert RECORD not in _artifacts(load_corpus(project, build_date=BUILD, record_name=RECORD))


def test_the_glue_passes_the_option_to_the_loader(tmp_path, monkeypatch):
    monkeypatch.delenv("CORPUS_DIR", raising=False)
    project = make_project(tmp_path / "p", corpus=FIXTURE / "tooling", docs=FIXTURE / "docs")
    (project / "tooling" / RECORD).write_text("some-finding-id\n", encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    settings = CorpusConfig()
    settings.load_dict({"published_ids": RECORD})
    assert settings.validate() == ([], [])
    site = load_site(project, settings, config, build_date=BUILD)
    assert RECORD not in _artifacts(site.corpus)
    assert ("artifact", RECORD) not in site.plan.by_key
