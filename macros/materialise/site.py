"""The materialised site: every page of the corpus site as a plain file, plus a config for an engine that
runs no plugin of ours (plain MkDocs/Material or a fork of it, Zensical).

`materialise(config_file, dest)` assembles the site the way the plugin does (`pipeline.assemble_site`),
then writes under `dest/`:

- `docs/<src_uri>`: each generated page (front matter title and description, then the HTML our renderer
  made, in a `corpus-page` div); each corpus doc as sanitised HTML with its "Findings merged here" block;
  the site's own pages of docs/ as they are, with the corpus macros of the home page expanded;
- `docs/findings.json`, its schema, `findings.atom`, the raw artifact copies and the redirect pages of
  finding aliases (the plugin's number shortcuts and moved-id pages are not exported);
- `mkdocs.yml`: the project's config without the macros and corpus plugins, our Markdown extension, the
  hooks and the watch list, with the nav written out; `zensical.yml`: the same for `zensical build`
  (Material's classic variant);
- `overrides/` without our page templates (`corpus/`), which only the plugin uses.

Corpus text never reaches an engine as Markdown or template source: pages are HTML we rendered and
sanitised, so a Markdown converter passes them through.
"""
from __future__ import annotations

import fnmatch
import re
import shutil
from datetime import date
from pathlib import Path

import yaml

from macros.export import ids, report
from macros.export.files import write_data_files
from macros.fs.cache import TextCache
from macros.load.textfile import read_text
from macros.materialise.project import Project, read_project
from macros.model.data import Diagnostic
from macros.model.defaults import MACRO_PAGES, PAGE_LIMIT
from macros.model.diagnostics import Report
from macros.pipeline import Options, Site, assemble_site
from macros.plan.nav import nav
from macros.read.frontmatter import split_front_matter
from macros.render.renderer import Renderer
from macros.text.docsmd import docs_markdown
from macros.text.sanitize import sanitize_doc
from macros.views.findings import merged_here
from macros.views.links import PageLinks
from macros.xref.links import link_html

PACKAGE_TEMPLATES = Path(__file__).resolve().parents[2] / "overrides" / "corpus"
#: top-level keys of mkdocs.yml that belong to the plugin build only
DROPPED_KEYS = ("hooks", "watch")
#: plugin and extension entries (list items under plugins: / markdown_extensions:) the export drops
DROPPED_ITEMS = ("macros", "corpus", "macros.mkdocs.mdext")
_MACRO = re.compile(r"\{\{\s*(corpus_stats|corpus_ways_in|corpus_findings)\(\s*(?:(['\"])(\w+)\2)?\s*\)\s*\}\}")


def load(project: Project, build_date: date) -> tuple[Site, list[Diagnostic]]:
    """The assembled site of the project and what its corpus stage reported (the published-ids check too)."""
    site = assemble_site(project.root, Options(build_date=build_date, site=project.settings(),
                                               corpus_dir=project.corpus_dir, docs_dir=project.docs_dir,
                                               briefs_lane=project.briefs_lane, published_ids=project.published_ids,
                                               site_pages=project.site_pages))
    return site, report.diagnostics(site)


def template_dirs(project: Project) -> list[Path]:
    dirs = [project.root / project.custom_dir / "corpus"] if project.custom_dir else []
    return [d for d in dict.fromkeys([*dirs, PACKAGE_TEMPLATES]) if d.is_dir()]


def materialise(config_file: Path, dest: Path, *, build_date: date) -> dict:
    """Write the materialised site of the project of `config_file` into `dest` (replaced if it exists).
    Returns counts: generated pages, docs pages, diagnostics by severity."""
    project = read_project(config_file)
    site, diagnostics = load(project, build_date)
    cache = project.root / ".cache"
    renderer = Renderer(site, template_dirs(project), cache_dir=cache / "templates",
                        code_cache=TextCache(cache / "highlight", ".html"))
    dest = dest.resolve()
    if dest.exists():
        shutil.rmtree(dest)
    docs_out = dest / "docs"
    docs_out.mkdir(parents=True)
    if project.custom_dir and (project.root / project.custom_dir).is_dir():
        shutil.copytree(project.root / project.custom_dir, dest / project.custom_dir,
                        ignore=shutil.ignore_patterns("__pycache__", "corpus"))
    write_generated(site, renderer, docs_out)
    doc_uris = write_docs(site, renderer, project, docs_out)
    guide = copy_site_pages(project, docs_out)
    diagnostics += write_data_files(site, docs_out)
    ids.write_redirects(site, renderer.env, docs_out)  # old ids and aliases: static pages the engine copies
    write_configs(project, site, dest, doc_uris, build_date, guide)
    severities = [d.severity for d in diagnostics]
    return {"generated": len(site.plan.pages), "docs": len(doc_uris), "home": (docs_out / "index.md").is_file(),
            "errors": severities.count("error"), "warnings": severities.count("warning")}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def front_matter(title: str, description: str = "") -> str:
    fm = {"title": title, **({"description": description} if description else {})}
    return "---\n" + yaml.safe_dump(fm, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def write_generated(site: Site, renderer: Renderer, docs_out: Path) -> None:
    for src_uri, spec in site.plan.pages.items():
        body = renderer.page(spec).html
        _write(docs_out / src_uri, front_matter(spec.title, spec.description)
               + '<div class="corpus-page">\n' + body + "\n</div>\n")


def _own_page(project: Project, src_uri: str) -> bool:
    """One of the site's own pages of docs/ (the `macro_pages` option of the corpus plugin)."""
    return any(fnmatch.fnmatchcase(src_uri, g) for g in project.plugin_options.get("macro_pages", MACRO_PAGES))


def write_docs(site: Site, renderer: Renderer, project: Project, docs_out: Path) -> list[str]:
    """The corpus docs as sanitised HTML with their merged findings, and the site's own pages with their
    macros expanded. Returns the src_uris of the docs other than the home page (for the nav)."""
    uris = []
    for d in site.corpus.docs:
        url = site.plan.urls[("doc", d.file)]
        if d.repo_path is None or not _own_page(project, d.src_uri):
            where = d.repo_path or f"{project.docs_dir}/{d.src_uri}"
            text = read_text(project.root / where, where, Report(), root=project.root, limit=PAGE_LIMIT,
                             note=True) or ""
        else:
            text = (project.root / d.repo_path).read_text(encoding="utf-8")  # the site's own page
        if d.src_uri != "index.md":
            uris.append(d.src_uri)
        if _own_page(project, d.src_uri) and not d.at_root:
            text = re.sub(r"^render_macros:.*\n", "", text, flags=re.M)
            _write(docs_out / d.src_uri, _MACRO.sub(lambda m, url=url: _expand(renderer, url, m), text))
            continue
        fm, body, _ = split_front_matter(text)
        links = PageLinks(site, url)
        html = link_html(sanitize_doc(docs_markdown().convert(body)), site.index, url).html
        html += "\n" + renderer.fragment("merged_here.html", links, items=merged_here(links, d))
        title = fm.get("title") if isinstance(fm, dict) and isinstance(fm.get("title"), str) else ""
        _write(docs_out / d.src_uri, (front_matter(title) if title else "") + html + "\n")
    return uris


def _expand(renderer: Renderer, url: str, m: re.Match) -> str:
    name, status = m.group(1), m.group(3)
    if name == "corpus_stats":
        return renderer.stats(url)
    if name == "corpus_ways_in":
        return renderer.ways_in(url)
    return renderer.findings_list(url, status)


def strip_config(text: str) -> str:
    """mkdocs.yml without the blocks and list items only our plugin build uses (text in, text out, so
    comments, tags and order are kept)."""
    out: list[str] = []
    skip_top = skip_item = False
    for line in text.splitlines():
        top = bool(line) and not line[0].isspace() and not line.startswith("#")
        if top:
            skip_top = line.split(":", 1)[0] in DROPPED_KEYS
            skip_item = False
        elif re.match(r"\s*- ", line) and len(line) - len(line.lstrip()) <= 2:
            skip_item = line.strip()[2:].rstrip(":").strip() in DROPPED_ITEMS
        if skip_top or skip_item:
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def copy_site_pages(project: Project, docs_out: Path) -> list[str]:
    """The site's own pages of docs/ (the guide: the `site_pages` globs), copied as they are; their src_uris."""
    docs_root = project.root / project.docs_dir
    uris = sorted(p.relative_to(docs_root).as_posix() for p in docs_root.rglob("*.md")
                  if p.is_file() and not p.is_symlink())
    uris = [u for u in uris if any(fnmatch.fnmatchcase(u, g) for g in project.site_pages)]
    for u in uris:
        _write(docs_out / u, (docs_root / u).read_text(encoding="utf-8"))
    return uris


def write_configs(project: Project, site: Site, dest: Path, doc_uris: list[str], build_date: date,
                  guide: list[str] = ()) -> None:
    base = strip_config(project.config_file.read_text(encoding="utf-8"))
    # the footer's build date (the plugin sets it in config.extra at build time)
    stamp = f"  build_date: '{build_date.isoformat()}'\n"
    base = re.sub(r"^extra:\n", lambda m: m.group(0) + stamp, base, count=1, flags=re.M) \
        if re.search(r"^extra:\n", base, flags=re.M) else base + "\nextra:\n" + stamp
    has_home = (dest / "docs" / "index.md").is_file()
    nav_yaml = yaml.safe_dump({"nav": nav(site.plan, doc_uris, has_home=has_home, guide=guide)}, sort_keys=False,
                              allow_unicode=True)
    root = site.corpus.root
    not_in_nav = f"not_in_nav: |\n  /findings/**\n  /{root}/**\n"
    _write(dest / "mkdocs.yml", base + "\n" + not_in_nav + nav_yaml)
    # Zensical: Material's classic variant (the modern one needs zensical-ui's own icon set)
    zbase = re.sub(r"^theme:\n  name: material\n", "theme:\n  name: material\n  variant: classic\n", base,
                   count=1, flags=re.M)
    _write(dest / "zensical.yml", zbase + "\nsite_dir: site-zensical\n" + nav_yaml)
