"""The same site as plain files: every generated page pre-rendered into Markdown, no macros, no hook.

`materialise(project, dest)` plans the site in-process exactly as the hook does (load_corpus → Site),
writes `site.render(src_uri)` for each generated page into `dest/docs/<src_uri>` (front matter title +
the raw HTML body), copies the corpus docs with the "findings merged here" fragment the hook appends,
the home page with its macros expanded, the raw artifact copies and findings.json, and writes
`dest/mkdocs.yml` (plain mkdocs-material: same theme, features, extensions and nav; no macros plugin,
no hooks) and `dest/zensical.yml` (the same for `zensical build`).
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
    from macros import build, gitdates, ids  # noqa: F401
    from macros.corpus import load_corpus
    from macros.site import Site
    return build, gitdates, ids, load_corpus, Site


def load_config(project: Path):
    """The project's mkdocs.yml, validated by MkDocs (plugins loaded, none run): (config, corpus plugin)."""
    from mkdocs.config import load_config as mkdocs_load_config

    from macros.plugin import find

    env = dict(os.environ)
    os.environ["SITE_URL"] = os.environ.get("SITE_URL", SITE_URL)
    try:
        cfg = mkdocs_load_config(str(project / "mkdocs.yml"))
    finally:
        os.environ.clear()
        os.environ.update(env)
    return cfg, find(cfg)


def plan_site(project: Path, *, diagnostics: bool = True):
    """What `build.add_pages` times as corpus_stage_s: parse, validate, plan, cross-reference, diagnose.

    Returns (site, seconds spent after reading mkdocs.yml).
    """
    build, gitdates, ids, load_corpus, Site = _import_macros(project)
    from datetime import date

    cfg, plugin = load_config(project)
    settings = plugin.config
    t0 = time.perf_counter()
    corpus_dir = settings.corpus_folder()
    corpus = load_corpus(project, corpus_dir=corpus_dir, docs_dir="docs",
                         build_date=date(2026, 11, 28), briefs_lane=settings.briefs_lane)
    git = gitdates.collect(project, blame=[corpus.index.path], tree=corpus_dir)
    templates = [d for d in (project / "overrides" / "corpus",) if d.is_dir()]
    site = Site(corpus, project=project, templates=templates, site_url=cfg.get("site_url") or "",
                repo_url=cfg.get("repo_url"), branch=settings.repo_branch, git=git,
                site_name=cfg.get("site_name") or "")
    if diagnostics:
        record = f"{corpus_dir}/{settings.published_ids}"
        site.extra_diagnostics = ids.check(site, project / record, record)
        site.diagnostics()
    return site, time.perf_counter() - t0


def _front_matter(title: str, description: str = "") -> str:
    fm = {"title": title}
    if description:
        fm["description"] = description
    return "---\n" + yaml.safe_dump(fm, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


class _Doc:
    generated_by = None

    def __init__(self, src_uri: str):
        self.src_uri = src_uri


class _Files:
    """Just enough of mkdocs' Files for build._nav: the docs/ pages."""

    def __init__(self, uris: list[str]):
        self.docs = [_Doc(u) for u in uris]

    def documentation_pages(self):
        return self.docs

    def get_file_from_path(self, uri: str):
        return next((d for d in self.docs if d.src_uri == uri), None)


def _nav(site, docs: list[str]) -> list:
    """The hook's own nav (build._nav) when it can be called; else the nav it built when this was written."""
    from macros import build

    try:
        return build._nav(site, _Files(["index.md", *docs]))
    except Exception:  # noqa: BLE001 - the hook's private helper changed shape
        pass
    c = site.corpus
    nav: list = [{"Home": "index.md"}, {"Findings": "findings/index.md"}, {"Tooling corpus": f"{c.root}/index.md"}]
    if docs:
        nav.append({"Corpus docs": sorted(docs)})
    nav.append({"Health": "health.md"})
    return nav


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
            skip_item = line.strip() in ("- macros:", "- macros", "- macros.mdext", "- corpus", "- corpus:")
        if skip_top or skip_item:
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def materialise(project: Path, dest: Path) -> dict:
    """Write the plain-files project at dest; return {'pages': n, 'generated': n}."""
    project, dest = project.resolve(), dest.resolve()
    build, *_ = _import_macros(project)
    site, _ = plan_site(project)
    state = build.CorpusBuild(None, site=site)
    if dest.exists():
        shutil.rmtree(dest)
    docs_out = dest / "docs"
    docs_out.mkdir(parents=True)
    shutil.copytree(project / "overrides", dest / "overrides", ignore=shutil.ignore_patterns("__pycache__", "corpus"))

    # the generated pages
    for src_uri, spec in site.pages.items():
        body = site.render(src_uri)
        p = docs_out / src_uri
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(_front_matter(spec.title, spec.description) + '<div class="corpus-page">\n' + body
                     + "\n</div>\n", encoding="utf-8")

    # the corpus docs (+ the fragment the hook appends) and the home page (macros expanded)
    doc_uris = []
    for d in site.corpus.docs:
        src = project / "docs" / d.src_uri
        text = src.read_text(encoding="utf-8")
        out = docs_out / d.src_uri
        out.parent.mkdir(parents=True, exist_ok=True)
        if d.src_uri == "index.md":
            url = ""
            text = re.sub(r"^render_macros:.*\n", "", text, flags=re.M)
            text = text.replace("{{ corpus_stats() }}",
                                site.render_fragment("stats.html", url, counts=site.counts()))
            text = text.replace("{{ corpus_ways_in() }}", build.macro_ways_in(state, None))
            out.write_text(text, encoding="utf-8")
            continue
        doc_uris.append(d.src_uri)
        url = site.urls[("doc", d.file)]
        items = site.merged_here(d.file, url)
        if items:
            text += "\n\n" + site.render_fragment("merged_here.html", url, items=items) + "\n"
        out.write_text(text, encoding="utf-8")

    # what post_build writes: findings.json and the raw artifact copies
    (docs_out / "findings.json").write_text(site.findings_json(), encoding="utf-8")
    from macros import artifacts as artifact_view

    root = project / site.corpus.root
    for a in site.corpus.artifacts:
        if a.on_disk:
            target = docs_out / artifact_view.raw_url(site.corpus.root, a)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile((root / a.path).resolve(), target)

    # configs
    base = _strip_blocks((project / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = yaml.safe_dump({"nav": _nav(site, doc_uris)}, sort_keys=False, allow_unicode=True)
    not_in_nav = "not_in_nav: |\n  /findings/**\n  /tooling/**\n"
    (dest / "mkdocs.yml").write_text(base + "\n" + not_in_nav + nav, encoding="utf-8")
    # Zensical: the classic (Material-compatible) variant; the modern one needs zensical-ui's icon set
    zbase = base.replace("theme:\n  name: material\n", "theme:\n  name: material\n  variant: classic\n", 1)
    (dest / "zensical.yml").write_text(zbase + "\nsite_dir: site-zensical\n" + nav, encoding="utf-8")
    return {"generated": len(site.pages), "docs": len(site.corpus.docs)}


if __name__ == "__main__":
    print(json.dumps(materialise(Path(sys.argv[1]), Path(sys.argv[2]))))
