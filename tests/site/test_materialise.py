"""The materialised export (`python -m macros.materialise`): the site as plain files that an engine without our
plugin builds; the core it uses needs no MkDocs."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support.paths import ROOT
from support.project import BUILD_EPOCH, SITE_URL, make_project

ENV = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    project = make_project(tmp_path_factory.mktemp("export") / "project")
    dest = project.parent / "site-src"
    proc = subprocess.run([sys.executable, "-m", "macros.materialise", str(dest), "-f", str(project / "mkdocs.yml")],
                          cwd=project, env=ENV, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project, dest


def test_the_core_and_the_export_import_no_mkdocs(tmp_path):
    code = ("import sys; import macros.pipeline, macros.materialise.site, macros.materialise.__main__; "
            "bad = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith(('mkdocs.', 'material')));"
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_export_writes_every_page_and_a_config_without_our_plugins(exported):
    project, dest = exported
    cfg = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    plugins = yaml.safe_load(cfg.split("\nmarkdown_extensions:")[0].split("\nplugins:", 1)[1].split("\n\n")[0])
    names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    assert names == ["search"]
    assert "macros.mkdocs.mdext" not in cfg and "\nhooks:" not in cfg and "\nwatch:" not in cfg
    docs = dest / "docs"
    assert (docs / "findings" / "index.md").is_file() and (docs / "findings.json").is_file()
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert "{{" not in home and 'class="corpus-stats"' in home  # the home page's macros are expanded
    assert not (dest / "overrides" / "corpus").exists()  # our page templates stay with the plugin


def test_a_plain_mkdocs_build_of_the_export_has_our_pages(exported, tmp_path):
    project, dest = exported
    ours, plain = tmp_path / "ours", tmp_path / "plain"
    for cfg, site in ((project / "mkdocs.yml", ours), (dest / "mkdocs.yml", plain)):
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site), "-f", str(cfg)],
                              cwd=cfg.parent, env=ENV, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr

    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("index.html")
                if b'http-equiv="refresh"' not in p.read_bytes()[:1024]}

    assert pages(plain) == pages(ours)


def test_corpus_text_reaches_the_engine_sanitised(tmp_path):
    """A corpus doc's raw HTML is sanitised in the export, as on our own pages: a script never passes."""
    project = make_project(tmp_path / "project")
    doc = project / "GOTCHAS.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n",
                   encoding="utf-8")
    dest = tmp_path / "site-src"
    proc = subprocess.run([sys.executable, "-m", "macros.materialise", str(dest)], cwd=project, env=ENV,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = (dest / "docs" / "GOTCHAS.md").read_text(encoding="utf-8")
    assert "<script" not in text and "onerror" not in text


def test_export_refuses_to_replace_the_project(tmp_path):
    project = make_project(tmp_path / "project")
    proc = subprocess.run([sys.executable, "-m", "macros.materialise", str(project)], cwd=project, env=ENV,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "would replace the project" in proc.stderr
    assert (project / "tooling").is_dir()


@pytest.mark.skipif(importlib.util.find_spec("zensical") is None, reason="zensical is the bench extra")
def test_zensical_builds_the_export(exported):
    """Our footer and source partials render under Zensical's MiniJinja (no Jinja-only `.get`)."""
    _, dest = exported
    env = dict(ENV)
    if importlib.util.find_spec("zensical_ui") is None:
        env["PYTHONPATH"] = str(ROOT / "bench" / "zensical_shim")
    proc = subprocess.run([sys.executable, "-m", "zensical", "build", "--clean", "-f", str(dest / "zensical.yml")],
                          cwd=dest, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    footer = (dest / "site-zensical" / "findings" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-copyright"' in footer and "Built <time" in footer  # the partial ran under MiniJinja

