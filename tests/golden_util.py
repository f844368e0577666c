"""Projection of parsed findings to plain data, for golden files."""
from __future__ import annotations

from macros.model import Corpus


def project(corpus: Corpus) -> dict:
    out = []
    for f in corpus.findings:
        item = {"number": f.number, "id": f.id, "title": f.title, "status": f.status, "line": f.line}
        if f.targets:
            item["targets"] = [{"file": t.file, "section": t.section, "anchor": t.anchor} for t in f.targets]
        if f.reason:
            item["reason"] = f.reason
        if f.recheck:
            item["recheck"] = f.recheck.isoformat()
            item["overdue"] = corpus.overdue(f)
        out.append(item)
    return {
        "findings": out,
        "lanes": [r.dir for r in corpus.index.map_rows],
        "diagnostics": [str(d) for d in corpus.diagnostics if d.severity != "info"],
    }
