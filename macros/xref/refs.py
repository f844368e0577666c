"""Cross-references: what each finding cites, and the findings that cite each page (backlinks).

Computed once per build into dicts, so a page looks its findings up instead of scanning them all.
"""
from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from macros.xref.links import PathIndex, Ref, link_html, resolve
from macros.model.data import Corpus, Finding

_MARKER_PATH = re.compile(r"`([^`]+)`|(\S+/\S+\.\w+)")


@dataclass(frozen=True)
class XRefs:
    refs: Mapping[str, tuple[Ref, ...]]  # finding id → the pages it cites (each once, in order)
    backlinks: Mapping[tuple[str, str], tuple[Finding, ...]]  # page key → the findings citing it
    merged_into: Mapping[str, tuple[Finding, ...]]  # doc file → findings with a known current target in it


def cited_refs(f: Finding, index: PathIndex, urls: Mapping[tuple[str, str], str]) -> tuple[Ref, ...]:
    """What a finding points at: code spans, brief names in its title and summary, targets, marker paths."""
    refs: list[Ref] = []
    for code in f.cited:
        refs += [r for _, r in resolve(index, code)]
    named = link_html(f"<p>{htmllib.escape(f.title)} {htmllib.escape(f.summary)}</p>", index, "").cited
    refs += [r for r in named if r.kind == "brief"]
    for t in f.targets:
        if t.known and ("doc", t.file) in urls:
            refs.append(Ref("doc", t.file, urls[("doc", t.file)]))
    if f.marker:
        for quoted, bare in _MARKER_PATH.findall(f.marker):
            refs += [r for _, r in resolve(index, quoted or bare)]
    return tuple({(r.kind, r.key): r for r in refs}.values())


def cross_reference(corpus: Corpus, index: PathIndex, urls: Mapping[tuple[str, str], str]) -> XRefs:
    refs: dict[str, tuple[Ref, ...]] = {}
    backlinks: dict[tuple[str, str], list[Finding]] = {}
    merged: dict[str, list[Finding]] = {}
    for f in corpus.findings:
        cited = refs[f.id] = cited_refs(f, index, urls)
        keys: dict[tuple[str, str], None] = {}  # ordered set: a finding cites a page once
        for r in cited:
            keys[(r.kind, r.key)] = None
            if r.kind == "artifact":  # citing a file cites its lane too
                lane = r.key.split("/", 1)[0]
                if lane != r.key:
                    keys.setdefault(("lane", lane), None)
        for key in keys:
            backlinks.setdefault(key, []).append(f)
        for doc in dict.fromkeys(t.file for t in corpus.state(f).merged_targets if t.known):
            merged.setdefault(doc, []).append(f)
    return XRefs(MappingProxyType(refs), MappingProxyType({k: tuple(v) for k, v in backlinks.items()}),
                 MappingProxyType({k: tuple(v) for k, v in merged.items()}))
