"""The same site as plain files: a thin caller of the supported export (`python -m macros.materialise`,
macros/materialise/site.py), run with the project's own copy of macros/ so that each scale builds the
code it snapshotted.

`materialise(project, dest)` writes every generated page, the corpus docs, the home page with its macros
expanded, findings.json, the feed and the raw copies into `dest/docs/`, and `dest/mkdocs.yml` (plain
Material, no plugin of ours) and `dest/zensical.yml`.
"""
from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from pathlib import Path

SITE_URL = "https://corpus.example.org/gemma/"
BUILD_DATE = date(2026, 11, 28)


def _import_export(project: Path):
    """The project's own copy of macros/ (what its build runs), re-imported if another copy is loaded."""
    loaded = sys.modules.get("macros")
    if loaded is not None and Path(loaded.__file__).resolve().parent != (project / "macros").resolve():
        for name in [m for m in sys.modules if m == "macros" or m.startswith("macros.")]:
            del sys.modules[name]
    if str(project) in sys.path:
        sys.path.remove(str(project))
    sys.path.insert(0, str(project))
    from macros.materialise import site as export
    from macros.materialise import project as export_project
    return export, export_project


class _site_url:
    """SITE_URL set while the project's mkdocs.yml is read (its `site_url: !ENV [SITE_URL, …]`)."""

    def __enter__(self):
        self.saved = os.environ.get("SITE_URL")
        os.environ["SITE_URL"] = self.saved or SITE_URL

    def __exit__(self, *exc):
        if self.saved is None:
            os.environ.pop("SITE_URL", None)
        else:
            os.environ["SITE_URL"] = self.saved


def load_site(project: Path):
    """The core entry point alone (`pipeline.assemble_site` + the published-ids check + diagnostics), as
    the build runs it; returns (site, project settings, seconds after reading mkdocs.yml)."""
    export, export_project = _import_export(project)
    with _site_url():
        settings = export_project.read_project(project / "mkdocs.yml")
    t0 = time.perf_counter()
    site, _ = export.load(settings, BUILD_DATE)
    return site, settings, time.perf_counter() - t0


def materialise(project: Path, dest: Path) -> dict:
    """Write the plain-files project at dest (`python -m macros.materialise dest -f project/mkdocs.yml`)."""
    export, _ = _import_export(project.resolve())
    with _site_url():
        return export.materialise(project.resolve() / "mkdocs.yml", dest, build_date=BUILD_DATE)


if __name__ == "__main__":
    print(json.dumps(materialise(Path(sys.argv[1]), Path(sys.argv[2]))))
