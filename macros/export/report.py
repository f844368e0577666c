"""Reporting: the diagnostics of a build, the health page's data and findings.json."""
from __future__ import annotations

import json
from typing import Sequence

from macros.model.codes import code_of
from macros.model.data import Diagnostic
from macros.model.notes import update_record
from macros.model.state import state_record
from macros.pipeline import Site
from macros.read.manifest import ORIGINAL
from macros.views.catalog import artifact_row
from macros.views.findings import finding_view
from macros.views.links import PageLinks
from macros.views.sources import source_counts, source_groups


def diagnostics(site: Site, found: Sequence[Diagnostic] = ()) -> list[Diagnostic]:
    """Everything validation found: the core's (`Site.diagnostics`), then `found` by the glue while building."""
    return list(site.diagnostics) + list(found)


def health(links: PageLinks, found: Sequence[Diagnostic] = ()) -> dict:
    """The health page: diagnostics by severity, re-checks, artifacts with no recorded source."""
    site = links.site
    corpus = site.corpus
    diags = diagnostics(site, found)
    return {
        "errors": [d for d in diags if d.severity == "error"],
        "warnings": [d for d in diags if d.severity == "warning"],
        "infos": [d for d in diags if d.severity == "info"],
        "overdue": [finding_view(links, f) for f in corpus.findings if corpus.overdue(f)],
        "upcoming": [finding_view(links, f) for f in corpus.findings
                     if corpus.state(f).due and not corpus.overdue(f)],
        "unsourced": [artifact_row(links, a) for a in corpus.artifacts
                      if not a.listings and not (a.source and (a.source.url or a.source.kind == ORIGINAL))],
        "git_note": None if site.git.available else site.git.note,
        "counts": site.counts,
        "source_groups": source_groups(links),
        "source_counts": source_counts(site),
        "sources_present": site.sources.present if site.sources is not None else False,
        # each diagnostic links to its section of the guide, when the site has the guide
        "guide": links.rel(site.settings.guide) if site.settings.guide else None,
        "code_of": code_of,
    }


def _target_records(site: Site, targets) -> list[dict]:
    urls = site.plan.urls
    return [{"file": t.file, "section": t.section,
             "url": (urls[("doc", t.file)] + (f"#{t.anchor}" if t.anchor else ""))
             if t.known and ("doc", t.file) in urls else None}
            for t in targets]


def findings_json(site: Site) -> str:
    """findings.json (schema 2, described in the README; JSON Schema in macros/findings.schema.json)."""
    urls = site.plan.urls
    tl = site.timeline
    out = []
    for f in site.corpus.findings:
        state = site.corpus.state(f)
        later = tl.later(f)
        out.append({
            "id": f.id,
            "number": f.number,
            "title": f.title,
            "summary": f.summary,
            "status": f.status,
            "targets": _target_records(site, f.targets),
            "reason": f.reason,
            "recheck": state.recheck.isoformat() if state.recheck else None,  # the marker's own date
            "due": state.due.isoformat() if state.due else None,
            "overdue": state.overdue,
            "claim": {"date": state.claim.date.isoformat() if state.claim.date else None,
                      "from": state.claim.source, "label": state.claim.label},
            "paths": [r.key for r in site.xrefs.refs.get(f.id, ()) if r.kind in ("artifact", "lane", "brief")],
            "url": urls[("finding", f.id)],
            "aliases": list(f.aliases),
            "source": {"path": f.source, "line": f.line},
            "state": state_record(state, _target_records(site, state.merged_targets)),
            "updates": [update_record(n, _target_records(site, n.targets)) for n in f.notes],
            "later_in_corpus": [n.record(tl.urls.get(n.path)) for n in later],
            **({"later_in_corpus_more": tl.more(f)[0]} if tl.more(f)[0] else {}),
        })
    return json.dumps({"schema": 2, "generated": site.corpus.build_date.isoformat(), "findings": out},
                      ensure_ascii=False, indent=2, sort_keys=False) + "\n"
