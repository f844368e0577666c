"""The corpus plugin's configuration: typed options, MkDocs' own error for a misspelt one."""
from __future__ import annotations

import pytest
from mkdocs.config.base import ValidationError

from support.project import build, make_project
from macros.config import CorpusConfig


def _config(**options) -> CorpusConfig:
    cfg = CorpusConfig()
    cfg.load_dict(options)
    failed, warnings = cfg.validate()
    if failed:
        raise ValidationError("; ".join(f"{k}: {m}" for k, m in failed))
    return cfg


def test_defaults_live_in_the_config_class(monkeypatch):
    monkeypatch.delenv("CORPUS_DIR", raising=False)
    cfg = _config()
    assert (cfg.corpus_folder(), cfg.briefs_lane, cfg.repo_branch, cfg.published_ids) == \
        ("tooling", "gemma-family", "main", "published-ids.txt")
    assert cfg.macro_pages == ["index.md"]


@pytest.mark.parametrize("option, env, expected", [
    (None, None, "tooling"),
    (None, "other-corpus/", "other-corpus"),
    ("/mine/", "other-corpus", "mine"),
])
def test_corpus_dir_option_then_environment_then_default(monkeypatch, option, env, expected):
    if env is None:
        monkeypatch.delenv("CORPUS_DIR", raising=False)
    else:
        monkeypatch.setenv("CORPUS_DIR", env)
    assert _config(**({"corpus_dir": option} if option else {})).corpus_folder() == expected


@pytest.mark.parametrize("options, message", [
    ({"briefs_lnae": "x"}, "Unrecognised configuration name: briefs_lnae"),
    ({"briefs_lane": 3}, "Expected type: <class 'str'> but received: <class 'int'>"),
    ({"macro_pages": "index.md"}, "Expected a list of items"),
])
def test_bad_options_are_config_errors(options, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _config(**options)


def test_a_misspelt_option_fails_the_build_with_mkdocs_config_error(tmp_path):
    project = make_project(tmp_path / "p")
    yml = project / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    assert "\n  - corpus\n" in text
    yml.write_text(text.replace("\n  - corpus\n", "\n  - corpus:\n      brief_lane: gemma-family\n"), encoding="utf-8")
    result = build(project)  # not strict: MkDocs would only warn about its own unknown keys
    assert result.returncode != 0
    assert "Aborted with a configuration error!" in result.log
    assert "brief_lane" in result.log and "Unrecognised configuration name" in result.log
    assert "Traceback" not in result.log
