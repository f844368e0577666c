"""The files a site has besides its pages: findings.json and its schema, the Atom feed and the raw copies
of the on-disk artifacts. Written by the plugin after the build and by the materialised export."""
from __future__ import annotations

import shutil
from pathlib import Path

from macros.export import report
from macros.export.feed import atom_feed, finding_entries
from macros.fs import safe as safefs
from macros.model.data import Diagnostic
from macros.pipeline import Site
from macros.plan.describe import card_description
from macros.views import artifacts as artifact_view

SCHEMA = Path(__file__).resolve().parent / "findings.schema.json"  # published as /findings.schema.json


def findings_feed(site: Site) -> str:
    """/findings.atom: one entry per finding (dated when git first recorded its lines) and per note; a
    finding's entry names its current state and describes it as its link card does."""
    tl = site.timeline
    entries = []
    for f in site.corpus.findings:
        s = site.corpus.state(f)
        entries += finding_entries(site_url=site.settings.site_url or "/", url=site.plan.urls[("finding", f.id)],
                                   number=f.number, title=f.title, summary=card_description(f, site.corpus),
                                   recorded=tl.recorded(f), notes=f.notes, state=s.words if s.changed else None)
    return atom_feed(entries, title=f"Findings — {site.settings.site_name}", site_url=site.settings.site_url or "/")


def write_data_files(site: Site, out: Path) -> list[Diagnostic]:
    """findings.json, its schema, the feed and the raw artifact copies into `out`; returns the warnings
    (a raw copy that could not be written)."""
    (out / "findings.json").write_text(report.findings_json(site), encoding="utf-8")
    shutil.copyfile(SCHEMA, out / "findings.schema.json")
    (out / "findings.atom").write_text(findings_feed(site), encoding="utf-8")
    root = site.project / site.corpus.root
    notes = []
    for a in site.corpus.artifacts:
        if a.on_disk and not artifact_view.has_raw(a):
            notes.append(Diagnostic("warning", f"{site.corpus.root}/{a.path}", None, "raw copy not written: the file "
                                    f"is {a.size} bytes (a sparse file counts at its full size), over the "
                                    f"{artifact_view.RAW_LIMIT // (1024 * 1024)} MB limit of a raw copy"))
        elif a.on_disk:
            dest = out / artifact_view.raw_url(site.corpus.root, a)
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:  # opened again safely: the file may have been swapped for a link since it was listed
                safefs.copy_file(root, a.path, dest, limit=artifact_view.RAW_LIMIT)
            except OSError as exc:
                dest.unlink(missing_ok=True)
                notes.append(Diagnostic("warning", f"{site.corpus.root}/{a.path}", None,
                                        f"raw copy not written: {exc.strerror or type(exc).__name__}"))
    return notes
