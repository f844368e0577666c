"""The corpus files shown as artifact pages, and the lane README file tables that describe them."""
from __future__ import annotations

import os
from pathlib import Path

from macros.fs import safe as safefs
from macros.load.textfile import is_text, utf8_head
from macros.model.data import Artifact, Listing, SourceEntry
from macros.model.defaults import (
    MANIFEST_NAME,
)
from macros.model.diagnostics import Report
from macros.model.lanes import LaneFacts
from macros.text.plain import unique_name
from macros.text.slug import safe_segment

_KINDS = {".ipynb": "notebook", ".jinja": "chat-template", ".j2": "chat-template", ".html": "html-snapshot",
          ".htm": "html-snapshot", ".pdf": "pdf", ".py": "script", ".sh": "script", ".json": "config",
          ".yaml": "yaml", ".yml": "yaml", ".md": "markdown", ".txt": "text", ".toml": "config"}


def load_artifacts(root: Path, by_rel: dict[str, Path], corpus_dir: str, manifest: tuple[SourceEntry, ...],
                   listings: dict[str, list[Listing]], lane_files: set[str], site_data: set[str], taken: set[str],
                   report: Report) -> list[Artifact]:
    """Artifacts: the files on disk and the manifest's entries, less the lane READMEs, briefs and site data."""
    manifest_by_path = {e.path: e for e in manifest}
    paths = sorted((set(by_rel) - lane_files - site_data) | set(manifest_by_path))
    artifacts = []
    for rel in paths:
        if rel in lane_files:
            continue
        lane = rel.split("/", 1)[0] if "/" in rel else ""
        slug = _unique_slug(rel, taken)
        src = manifest_by_path.get(rel)
        listed = tuple(listings.get(rel, ()))
        if rel not in by_rel:
            artifacts.append(Artifact(rel, lane, slug, False, None, (src.kind if src else None) or _kind(rel),
                                      False, src, listings=listed))
            continue
        try:
            head, size = safefs.read_bytes(root, rel, 8192)
        except OSError as exc:  # gone or swapped for a link since the walk: never read, never quoted
            report.warning(f"{corpus_dir}/{rel}", None, f"file skipped: {exc.strerror or 'unreadable'}")
            continue
        artifacts.append(Artifact(rel, lane, slug, True, size, (src.kind if src else None) or _kind(rel),
                                  is_text(head, rel), src, listings=listed))
        if not head.strip():
            report.warning(f"{corpus_dir}/{rel}", None, "file is empty")
        elif is_text(head, rel) and not utf8_head(head, complete=size <= len(head)):
            report.warning(f"{corpus_dir}/{rel}", None, "file is not valid UTF-8; its page shows undecodable "
                           "bytes as \ufffd (the raw copy is byte-exact)")
        if src is None and not listed:
            report.info(f"{corpus_dir}/{rel}", None, f"named in no file table of its lane README and not in "
                        f"{MANIFEST_NAME}: no description or source recorded")
    return artifacts


def _kind(rel: str) -> str:
    return _KINDS.get(os.path.splitext(rel)[1].lower(), "file")


def _page_segment(seg: str) -> str:
    """A URL segment that is not `index.html`: a page at …/index.html/ would be written over the page file
    of the folder above it (an HTML snapshot saved as index.html keeps a page of its own, at index-html/)."""
    return "index-html" if seg.casefold() == "index.html" else seg


def _unique_slug(rel: str, taken: set[str]) -> str:
    slug = unique_name("/".join(_page_segment(safe_segment(s)) for s in rel.split("/")), taken, fold=str.casefold)
    taken.add(slug.casefold())
    return slug


def collect_listings(lane: str, readme: str, facts: LaneFacts, by_rel: dict[str, Path], manifest_paths: set[str],
                      out: dict[str, list[Listing]], corpus_dir: str, report: Report) -> None:
    """Turn a lane README's file-table rows into listings keyed by corpus path; check each names a file."""
    for line, name in facts.outside:
        report.warning(f"{corpus_dir}/{readme}", line, f"'{name}' climbs out of the lane ('..'): a lane README "
                       f"lists the files of its own folder ({corpus_dir}/{lane}/) only; it is not linked",
                       "| `notes/recipe.md` | What it is |")
    for section, row in facts.rows:
        path = f"{lane}/{row.path}"
        if path not in by_rel and path not in manifest_paths and section.folder:
            alt = f"{lane}/{row.name}"  # a row that spells the path from the lane, not from its folder
            if alt in by_rel or alt in manifest_paths:
                path = alt
        if path not in by_rel and path not in manifest_paths:
            report.warning(f"{corpus_dir}/{readme}", row.line, f"file table row names '{row.name}' "
                           f"({corpus_dir}/{path}), which is neither on disk nor declared in {MANIFEST_NAME}; "
                           "fix the name, add the file, or declare it as not mirrored",
                           f"artifacts:\n  - path: {path}\n    url: https://…\n    retrieved: 2026-04-18")
            continue
        out.setdefault(path, []).append(Listing(
            lane, readme, row.line, section.anchor, section.folder, row.description, row.description_html,
            section.source, section.source_html, section.urls, facts.date))
