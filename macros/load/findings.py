"""Findings checked against the docs: merge targets resolved, ids made unique, dated notes read."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from macros.model.data import Doc, Finding
from macros.model.diagnostics import Report
from macros.model.provenance import Target
from macros.read.headings import resolve_section
from macros.read.markers import MERGED_EXAMPLE
from macros.read.notes import NOTE_EXAMPLE, parse_notes
from macros.text.plain import unique_name
from macros.text.safehtml import SafeHtml
from macros.text.sanitize import sanitize


def _resolve_targets(targets: tuple[Target, ...], docs: tuple[Doc, ...], label: str, path: str, line: int,
                     report: Report, example: str) -> tuple[tuple[Target, ...], bool]:
    """Targets resolved against the docs (file, section, anchor); False when one is in error (reported)."""
    by_name = {d.file: d for d in docs}
    by_lower = {d.file.lower(): d for d in docs}
    out = []
    ok = True
    for t in targets:
        doc = by_name.get(t.file) or by_lower.get(t.file.lower())
        if doc is None:
            known = ", ".join(sorted(by_name)) or "(none)"
            report.error(path, line, f"{label}: merged target '{t.file}' is not a doc; known docs: "
                         f"{known}.", example)
            out.append(replace(t, known=False))
            ok = False
            continue
        heading, named = resolve_section(t.note, doc.headings) if t.note else (None, None)
        if named and heading is None:
            heads = "; ".join(h.text for h in doc.headings if h.level > 1) or "(none)"
            report.error(path, line, f"{label}: the note '{t.note}' names a section '{named}' that is "
                         f"not a heading of {doc.file}; its headings: {heads}.", example)
            ok = False
        out.append(replace(t, file=doc.file, section=heading.text if heading else None,
                           anchor=heading.anchor if heading else None))
    return tuple(out), ok


def read_notes(findings: tuple[Finding, ...], docs: tuple[Doc, ...], report: Report,
                build_date: date) -> tuple[Finding, ...]:
    """Each finding's dated notes (macros/notes.py), their targets resolved like the finding's.

    A malformed note is an error at its line and stays in the body as written, so nothing disappears.
    """

    out = []
    for f in findings:
        if not f.note_items:
            out.append(f)
            continue
        notes, problems, body = parse_notes(f.note_items, path=f.source, build_date=build_date)
        for d in problems:
            report.items.append(d)
        resolved = []
        for n in notes:
            label = f'finding {f.number} "{f.title}", note {n.label}'
            targets, _ok = _resolve_targets(n.targets, docs, label, f.source, n.line, report, NOTE_EXAMPLE.strip())
            resolved.append(replace(n, targets=targets))
        body_html = f.body_html
        if body:  # malformed notes: shown where they were written, after the body
            items = "".join(f"<li>{sanitize(f.note_items[i][0]).strip()}</li>\n" for i in body)
            body_html = SafeHtml(f"{body_html}\n<ul>\n{items}</ul>")
        out.append(replace(f, notes=tuple(resolved), body_html=body_html))
    return tuple(out)


def check_findings(findings: tuple[Finding, ...], docs: tuple[Doc, ...], report: Report,
                    path: str) -> tuple[Finding, ...]:
    out: list[Finding] = []
    ids: dict[str, Finding] = {}
    for f in findings:
        label = f'finding {f.number} "{f.title}"'
        status = f.status
        targets, ok = _resolve_targets(f.targets, docs, label, path, f.line, report, MERGED_EXAMPLE)
        if not ok:
            status = "error"
        fid = f.id
        if fid in ids:
            other = ids[fid]
            report.error(path, f.line, f"{label} has the id '{fid}', already used by finding {other.number} "
                         f"(line {other.line}); give one of them an explicit id: <!-- finding-id: other-id -->")
            fid = unique_name(fid, ids)
            status = "error"
        f = replace(f, id=fid, targets=tuple(targets), status=status if f.status != "error" else "error")
        ids[fid] = f
        out.append(f)
    return tuple(out)
