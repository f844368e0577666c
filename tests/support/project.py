"""A project in tmp_path (our config + a corpus) built with `mkdocs build`, and the core's site of one."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup

from macros.pipeline import Options, Site, assemble_site
from macros.plan.pages import Settings
from support.paths import ROOT

BUILD_EPOCH = "1795824000"  # 2026-11-28T00:00:00Z
BUILD_DATE = date(2026, 11, 28)  # the same day
SITE_URL = "https://corpus.example.org/gemma/"  # every test build's site_url
REPO_URL = "https://github.com/example/corpus"  # and its repository (a tmp_path project has no git remote)


@dataclass
class Built:
    project: Path
    site: Path
    returncode: int
    log: str

    def html(self, url: str) -> BeautifulSoup:
        """Parse the page at a site-root-relative directory URL, e.g. 'findings/'."""
        path = self.site / url / "index.html" if not url.endswith(".html") else self.site / url
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def text(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


def shipped_root_docs() -> list[Path]:
    """The shipped working docs: they sit at the project root beside tooling/, as the maintainer keeps his."""
    return sorted(p for p in ROOT.glob("*.md") if p.name != "README.md")


def make_project(dest: Path, *, corpus: Path | None = None, docs: Path | None = None,
                 published_ids: str | None = None, root_docs: bool | None = None) -> Path:
    """A copy of the site's configuration with the given corpus (default: the shipped one).

    The shipped working docs at the root are copied with the shipped docs/ (`docs` None), or when
    `root_docs` is true; a test that brings its own docs gets none of them by default.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, dest / name)
    for name in ("macros", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(corpus or ROOT / "tooling", dest / "tooling", symlinks=True)
    if docs is None:
        shutil.copytree(ROOT / "docs", dest / "docs")
    else:
        shutil.copytree(docs, dest / "docs", symlinks=True)  # without an index.md, the site makes its own home
    if root_docs if root_docs is not None else docs is None:
        for doc in shipped_root_docs():
            shutil.copy(doc, dest / doc.name)
    if published_ids is not None:  # else: whatever record the corpus carries, if any
        (dest / "tooling" / "published-ids.txt").write_text(published_ids, encoding="utf-8")
    return dest


LONG_ROWS = 700  # rows of the table make_long_project puts in the fine-tuning README
LONG_EXTRA_LANES = 40  # lanes it adds to the directory map


def make_long_project(dest: Path) -> Path:
    """The shipped corpus with pages too long for one page (issue 23): the fine-tuning README gets a
    LONG_ROWS-row table before its "Start here" section (whose file table names recipe-recommendation.md),
    and the directory map LONG_EXTRA_LANES more lanes (extra-01/ …)."""
    project = make_project(dest)
    t = project / "tooling"
    readme = t / "fine-tuning" / "README.md"
    table = "## Every run we logged\n\n| Run | Notes |\n|---|---|\n" + "".join(
        f"| run-{i:04d} | loss curve flat after step {i * 10}, learning rate 2e-4, batch 8, LoRA rank 16 |\n"
        for i in range(1, LONG_ROWS + 1))
    text = readme.read_text(encoding="utf-8")
    assert "## Start here" in text
    readme.write_text(text.replace("## Start here", table + "\n## Start here", 1), encoding="utf-8")
    index = t / "README.md"
    lines = index.read_text(encoding="utf-8").split("\n")
    last_row = max(i for i, line in enumerate(lines) if line.startswith("| `"))
    rows = [f"| `extra-{i:02d}/` | Extra lane {i} | When testing lane {i} |" for i in range(1, LONG_EXTRA_LANES + 1)]
    index.write_text("\n".join(lines[:last_row + 1] + rows + lines[last_row + 1:]), encoding="utf-8")
    for i in range(1, LONG_EXTRA_LANES + 1):
        lane = t / f"extra-{i:02d}"
        lane.mkdir()
        (lane / "README.md").write_text(f"# Extra lane {i}\n\nNothing here yet.\n", encoding="utf-8")
    return project


def build(project: Path, *, strict: bool = False, env: dict | None = None, site: Path | None = None,
          cwd: Path | None = None) -> Built:
    """`mkdocs build` in a subprocess, with warnings in the log (no -q: --strict must count them)."""
    site = site or project / "site"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SITE_URL", "REPO_URL", "CORPUS_DIR"))}
    environ.update({"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH,
                    "SITE_URL": SITE_URL, "REPO_URL": REPO_URL})
    environ.update(env or {})
    cmd = [sys.executable, "-m", "mkdocs", "build", "-d", str(site), "-f", str(project / "mkdocs.yml")]
    if strict:
        cmd.append("--strict")
    proc = subprocess.run(cmd, cwd=cwd or project, env=environ, capture_output=True, text=True, timeout=300)
    return Built(project, site, proc.returncode, proc.stdout + proc.stderr)


def assemble(project: Path, *, git: bool = False, **options) -> Site:
    """The core's site of a project (`macros.pipeline.assemble_site`) as the tests use it: built on
    BUILD_DATE, named "t", without git unless asked (so that results do not depend on the checkout)."""
    options.setdefault("site", Settings("t"))
    return assemble_site(project, Options(build_date=BUILD_DATE, git=git, **options))
