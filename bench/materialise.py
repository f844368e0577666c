"""The same site as plain files: every generated page pre-rendered into Markdown, no macros, no plugin.

`materialise(project, dest)` runs the plugin's corpus stage in-process (`build.load_site`, which plans
with `macros.plan.pages.plan_site`), writes the rendered body of each generated page into
`dest/docs/<src_uri>` (front matter title + the raw HTML body), copies the corpus docs with the
"findings merged here" fragment the plugin appends, the home page with its macros expanded, the raw
artifact copies and findings.json, and writes `dest/mkdocs.yml` (plain mkdocs-material: same theme,
features, extensions and nav; no macros or corpus plugin) and `dest/zensical.yml` (the same for
`zensical build`).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://corpus.example.org/gemma/"


def _import_macros(project: Path):
    """The project's own copy of macros/ (what its build runs), re-imported if another copy is loaded."""
    loaded = sys.modules.get("macros")
    if loaded is not None and Path(loaded.__file__).resolve().parent != (project / "macros").resolve():
        for name in [m for m in sys.modules if m == "macros" or m.startswith("macros.")]:
            del sys.modules[name]
    if str(project) in sys.path:
        sys.path.remove(str(project))
    sys.path.insert(0, str(project))
    from macros.mkdocs import build
    return build


def load_config(project: Path):
    """The project's mkdocs.yml, validated by MkDocs (plugins loaded, none run): (config, corpus plugin)."""
    from mkdocs.config import load_config as mkdocs_load_config

    env = dict(os.environ)
    os.environ["SITE_URL"] = os.environ.get("SITE_URL", SITE_URL)
    try:
        cfg = mkdocs_load_config(str(project / "mkdocs.yml"))
    finally:
        os.environ.clear()
        os.environ.update(env)
    # by its registered name: the project's macros/ may be a fresh import of another copy (the next scale),
    # so the instance's class need not be the CorpusPlugin this process imported first
    return cfg, cfg.plugins["corpus"]


def load_site(project: Path):
    """The plugin's corpus stage (`build.load_site`: parse, validate, plan_site, cross-reference, check
    the published ids), as the build runs it; returns (site, config, seconds after reading mkdocs.yml)."""
    from datetime import date

    build = _import_macros(project)
    from macros.export import report

    cfg, plugin = load_config(project)
    t0 = time.perf_counter()
    site = build.load_site(project, plugin.config, cfg, build_date=date(2026, 11, 28))
    report.diagnostics(site)
    return site, cfg, time.perf_counter() - t0


def _front_matter(title: str, description: str = "") -> str:
    fm = {"title": title}
    if description:
        fm["description"] = description
    return "---\n" + yaml.safe_dump(fm, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def _strip_blocks(text: str) -> str:
    """Our mkdocs.yml without the macros plugin, the hooks, the watch list and our Markdown extension
    (its job, pointing docs links at generated pages, is done: materialised pages are plain files)."""
    out: list[str] = []
    skip_top = skip_item = False
    for line in text.splitlines():
        top = bool(line) and not line[0].isspace() and not line.startswith("#")
        if top:
            skip_top = line.split(":", 1)[0] in ("hooks", "watch")
            skip_item = False
        elif line.startswith("  - "):
            skip_item = line.strip() in ("- macros:", "- macros", "- macros.mkdocs.mdext", "- corpus", "- corpus:")
        if skip_top or skip_item:
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def materialise(project: Path, dest: Path) -> dict:
    """Write the plain-files project at dest; return {'pages': n, 'generated': n}."""
    project, dest = project.resolve(), dest.resolve()
    site, _, _ = load_site(project)
    from macros.export import report
    from macros.mkdocs import site_macros
    from macros.mkdocs.state import CorpusBuild
    from macros.plan.pages import nav
    from macros.render.renderer import Renderer
    from macros.views.findings import merged_here
    from macros.views.links import PageLinks

    renderer = Renderer(site, [project / "overrides" / "corpus"])
    state = CorpusBuild(None, site=site, renderer=renderer)
    if dest.exists():
        shutil.rmtree(dest)
    docs_out = dest / "docs"
    docs_out.mkdir(parents=True)
    shutil.copytree(project / "overrides", dest / "overrides", ignore=shutil.ignore_patterns("__pycache__", "corpus"))

    # the generated pages
    for src_uri, spec in site.plan.pages.items():
        body = renderer.page(spec).html
        p = docs_out / src_uri
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(_front_matter(spec.title, spec.description) + '<div class="corpus-page">\n' + body
                     + "\n</div>\n", encoding="utf-8")

    # the corpus docs (+ the fragment the hook appends) and the home page (macros expanded)
    doc_uris = []
    for d in site.corpus.docs:
        src = project / (d.repo_path or f"docs/{d.src_uri}")  # a root doc sits beside the corpus folder
        text = src.read_text(encoding="utf-8")
        out = docs_out / d.src_uri
        out.parent.mkdir(parents=True, exist_ok=True)
        if d.src_uri == "index.md":
            text = re.sub(r"^render_macros:.*\n", "", text, flags=re.M)
            text = text.replace("{{ corpus_stats() }}", site_macros.macro_stats(state, None))
            text = text.replace("{{ corpus_ways_in() }}", site_macros.macro_ways_in(state, None))
            out.write_text(text, encoding="utf-8")
            continue
        doc_uris.append(d.src_uri)
        links = PageLinks(site, site.plan.urls[("doc", d.file)])
        items = merged_here(links, d)
        if items:
            text += "\n\n" + renderer.fragment("merged_here.html", links, items=items) + "\n"
        out.write_text(text, encoding="utf-8")

    # what post_build writes: findings.json and the raw artifact copies (alias redirects are not timed)
    (docs_out / "findings.json").write_text(report.findings_json(site), encoding="utf-8")
    from macros.views import artifacts as artifact_view

    root = project / site.corpus.root
    for a in site.corpus.artifacts:
        if a.on_disk:
            target = docs_out / artifact_view.raw_url(site.corpus.root, a)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile((root / a.path).resolve(), target)

    # configs
    base = _strip_blocks((project / "mkdocs.yml").read_text(encoding="utf-8"))
    nav_yaml = yaml.safe_dump({"nav": nav(site.plan, doc_uris, has_home=True)}, sort_keys=False, allow_unicode=True)
    not_in_nav = "not_in_nav: |\n  /findings/**\n  /tooling/**\n"
    (dest / "mkdocs.yml").write_text(base + "\n" + not_in_nav + nav_yaml, encoding="utf-8")
    # Zensical: the classic (Material-compatible) variant; the modern one needs zensical-ui's icon set
    zbase = base.replace("theme:\n  name: material\n", "theme:\n  name: material\n  variant: classic\n", 1)
    (dest / "zensical.yml").write_text(zbase + "\nsite_dir: site-zensical\n" + nav_yaml, encoding="utf-8")
    return {"generated": len(site.plan.pages), "docs": len(site.corpus.docs)}


if __name__ == "__main__":
    print(json.dumps(materialise(Path(sys.argv[1]), Path(sys.argv[2]))))
