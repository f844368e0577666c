"""What the site has besides its pages: findings.json and schema, the Atom feed, raw artifact copies,
redirects and moved-id pages.
"""
from __future__ import annotations

from pathlib import Path

from macros.export import ids
from macros.export.files import write_data_files
from macros.mkdocs.state import log
from macros.pipeline import Site
from macros.plan import moved
from macros.plan.urls import rel_url
from macros.render.renderer import Renderer
from macros.mkdocs.shell import framed

def write_exports(site: Site, renderer: Renderer, out: Path, *, published: list[str] | None = None,
                  seen: dict[str, str] | None = None) -> None:
    """What the site has besides its pages: findings.json and its schema, the Atom feed, the raw artifact
    copies, alias redirects, number shortcuts and the pages at vanished finding ids (`published`: the
    record; `seen`: id → title of the findings an earlier build of this serve process had)."""
    for d in write_data_files(site, out):  # findings.json, schema, feed, raw copies (shared with the export)
        log.warning(str(d))
    ids.write_redirects(site, renderer.env, out)
    write_moved(site, renderer, out, published or [], seen or {})


def write_moved(site: Site, renderer: Renderer, out: Path, published: list[str], seen: dict[str, str]) -> None:
    """A vanished id that neither an alias nor git's history of the index accounts for gets a page naming the
    closest finding (a guess, so it links rather than redirects)."""
    urls, settings = site.plan.urls, site.settings
    page = renderer.env.get_template("moved.html")
    shell_path = out / "404.html"  # the site's own frame (the theme's rendering of 404.html)
    shell = shell_path.read_text(encoding="utf-8") if shell_path.is_file() else None
    for m in moved.moved(list(site.corpus.findings), published, seen):
        page_url, target_url = f"findings/{m.old_id}/", urls[("finding", m.finding.id)]
        if (out / page_url / "index.html").exists():
            continue  # never over a page the build wrote
        body = page.render(old_title=m.old_title, number=m.finding.number, title=m.finding.title,
                           target=rel_url(target_url, page_url), all_href=rel_url(urls[("findings", "")], page_url))
        _write(out / page_url / "index.html", framed(shell, title=f"Finding moved - {settings.site_name}",
                                                     canonical=settings.absolute(target_url), body=body))


def _write(dest: Path, text: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
