"""What the site has besides its pages: findings.json and schema, the Atom feed, raw artifact copies,
redirects and moved-id pages.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from macros.export import ids, report
from macros.export.feed import atom_feed, finding_entries
from macros.fs import safe as safefs
from macros.mkdocs.state import log
from macros.model.data import Diagnostic
from macros.pipeline import Site
from macros.plan import moved
from macros.plan.describe import card_description
from macros.plan.urls import rel_url
from macros.render.renderer import Renderer
from macros.timeline.collect import timeline
from macros.views import artifacts as artifact_view

SCHEMA = Path(__file__).resolve().parents[1] / "export" / "findings.schema.json"  # published as /findings.schema.json


def findings_feed(site: Site) -> str:
    """/findings.atom: one entry per finding (dated when git first recorded its lines) and per note; a
    finding's entry names its current state and describes it as its link card does."""
    tl = timeline(site)
    entries = []
    for f in site.corpus.findings:
        s = site.corpus.state(f)
        entries += finding_entries(site_url=site.settings.site_url or "/", url=site.plan.urls[("finding", f.id)],
                                   number=f.number, title=f.title, summary=card_description(f, site.corpus),
                                   recorded=tl.recorded(f), notes=f.notes, state=s.words if s.changed else None)
    return atom_feed(entries, title=f"Findings — {site.settings.site_name}", site_url=site.settings.site_url or "/")


def write_exports(site: Site, renderer: Renderer, out: Path, *, published: list[str] | None = None,
                  seen: dict[str, str] | None = None) -> None:
    """What the site has besides its pages: findings.json and its schema, the Atom feed, the raw artifact
    copies, alias redirects, number shortcuts and the pages at vanished finding ids (`published`: the
    record; `seen`: id → title of the findings an earlier build of this serve process had)."""
    (out / "findings.json").write_text(report.findings_json(site), encoding="utf-8")
    shutil.copyfile(SCHEMA, out / "findings.schema.json")
    (out / "findings.atom").write_text(findings_feed(site), encoding="utf-8")
    root = site.project / site.corpus.root
    for a in site.corpus.artifacts:
        if a.on_disk:
            dest = out / artifact_view.raw_url(site.corpus.root, a)
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:  # opened again safely: the file may have been swapped for a link since it was listed
                safefs.copy_file(root, a.path, dest)
            except OSError as exc:
                dest.unlink(missing_ok=True)
                log.warning(str(Diagnostic("warning", f"{site.corpus.root}/{a.path}", None,
                                           f"raw copy not written: {exc.strerror or type(exc).__name__}")))
    ids.write_redirects(site, renderer.env, out)
    write_moved(site, renderer, out, published or [], seen or {})


def write_moved(site: Site, renderer: Renderer, out: Path, published: list[str], seen: dict[str, str]) -> None:
    """A vanished id that neither an alias nor git's history of the index accounts for gets a page naming the
    closest finding (a guess, so it links rather than redirects)."""
    urls, settings = site.plan.urls, site.settings
    page = renderer.env.get_template("moved.html")
    for m in moved.moved(list(site.corpus.findings), published, seen):
        page_url, target_url = f"findings/{m.old_id}/", urls[("finding", m.finding.id)]
        if (out / page_url / "index.html").exists():
            continue  # never over a page the build wrote
        _write(out / page_url / "index.html", page.render(
            old_id=m.old_id, old_title=m.old_title, number=m.finding.number, title=m.finding.title,
            target=rel_url(target_url, page_url), all_href=rel_url(urls[("findings", "")], page_url),
            index=site.corpus.index.path, site_name=settings.site_name))


def _write(dest: Path, text: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
