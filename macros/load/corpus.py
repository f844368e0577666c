"""Load the corpus from disk into the model: walk files, parse, validate, cross-reference.

No mkdocs import: the glue hands in folders and a build date and gets a Corpus back.
"""
from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from macros.fs import safe as safefs
from macros.load.artifacts import collect_listings, load_artifacts
from macros.load.briefs import check_model_names, load_brief, unique_slugs
from macros.load.docs import load_docs, load_root_docs
from macros.load.findings import check_findings, read_notes
from macros.load.states import attach_states
from macros.fs.memo import Memo, read_reporting, read_with
from macros.load.textfile import h1_text, read_text
from macros.model.data import Brief, Corpus, Index, Lane, Listing, SourceEntry
from macros.model.defaults import (
    BRIEFS_LANE,
    CORPUS_DIR,
    INDEX_LIMIT,
    INDEX_NAME,
    LANE_INDEX_NAMES,
    MANIFEST_NAME,
    PAGE_LIMIT,
    RECORD_NAME,
    RESULTS_NAME,
    SITE_PAGES,
)
from macros.model.diagnostics import Report
from macros.read.frontmatter import split_front_matter
from macros.read.index import parse_index
from macros.read.lane import read_lane
from macros.read.manifest import parse_manifest


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _walk(root: Path, report: Report, rootname: str, hard_links: bool = False) -> list[tuple[str, Path]]:
    """Every regular file under root: (posix relative path, root / that path).

    Symlinked folders are not entered; a file symlink is kept only when `safefs` can open it inside
    root (links out, loops and links to folders are skipped with a warning). Listing is not trust:
    every later read goes through `safefs` again, so a file swapped for a link afterwards is refused.
    """
    out: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        d = Path(dirpath)
        dirnames.sort()
        for name in list(dirnames):
            p = d / name
            rel = p.relative_to(root).as_posix()
            if not _utf8(name):
                report.warning(f"{rootname}/{rel}", None, "folder skipped: its name is not valid UTF-8 "
                               "(undecodable bytes shown as \\xNN); rename it")
                dirnames.remove(name)
            elif p.is_symlink():
                report.warning(f"{rootname}/{rel}", None, "symlinked folder skipped: the corpus is read "
                               "without following folder links")
                dirnames.remove(name)
            elif name.startswith("."):
                report.info(f"{rootname}/{rel}", None, "hidden folder skipped")
                dirnames.remove(name)
        for name in sorted(filenames):
            p = d / name
            rel = p.relative_to(root).as_posix()
            if name.startswith("."):
                report.info(f"{rootname}/{rel}", None, "hidden file skipped")
                continue
            problem = safefs.kind_problem(p, hard_links=hard_links)
            if problem:
                report.warning(f"{rootname}/{rel}", None, f"file skipped: {problem}")
                continue
            if p.is_symlink():
                try:
                    os.close(safefs.open_fd(root, rel))
                except safefs.Refused as exc:
                    report.warning(f"{rootname}/{rel}", None, f"symlink skipped: {exc.strerror}")
                    continue
                except OSError:
                    report.warning(f"{rootname}/{rel}", None, "symlink is broken or loops; skipped")
                    continue
                out.append((rel, p))
                continue
            if p.is_file():
                out.append((rel, p))
    return out


def load_corpus(project: Path, *, corpus_dir: str = CORPUS_DIR, docs_dir: str = "docs",
                build_date: date, briefs_lane: str = BRIEFS_LANE, docs_markdown=None,
                record_name: str = RECORD_NAME, site_pages: tuple[str, ...] = SITE_PAGES,
                hard_links: bool = False, memo: Memo | None = None) -> Corpus:
    """Parse and validate the whole corpus.

    `docs_markdown` is the Markdown converter of the docs pages (see `headings.doc_headings`);
    `record_name` the record of published ids (the `published_ids` option): site data, not an artifact;
    `site_pages` globs of the pages of docs/ that are the site's own (the guide), not corpus docs.
    `hard_links` publishes files with more than one hard link (the `allow_hard_links` option).
    `memo` keeps the per-file readers' results between the builds of one `mkdocs serve` (by content).
    """
    report = Report()
    root = project / corpus_dir
    files = _walk(root, report, corpus_dir, hard_links) if root.is_dir() else []
    if not root.is_dir():
        report.error(corpus_dir, None, f"corpus folder '{corpus_dir}/' not found")
    by_rel = dict(files)
    index = _load_index(root, by_rel, corpus_dir, report, memo)

    # docs where findings are merged: docs/ first, then the project root beside the corpus folder
    named = [t.file for f in index.findings for t in f.targets]
    docs = load_docs(project / docs_dir, docs_dir, report, docs_markdown, named, site_pages, hard_links, memo=memo)
    docs = docs + load_root_docs(project, named, docs, report, hard_links, memo=memo)
    findings = check_findings(index.findings, docs, report, index.path)
    findings = read_notes(findings, docs, report, build_date)
    index = replace(index, findings=findings)

    manifest = _load_manifest(root, by_rel, corpus_dir, report, memo)
    lanes, listings = _load_lanes(root, by_rel, corpus_dir, index, manifest, report, memo)
    lane_files = {lane.readme for lane in lanes if lane.readme}
    briefs = _load_briefs(by_rel, corpus_dir, briefs_lane, lane_files, report, memo)
    lane_files |= {b.path for b in briefs}

    site_data = {INDEX_NAME, MANIFEST_NAME, RECORD_NAME, record_name, RESULTS_NAME}
    # the lane and brief pages own these URLs: an artifact named `lane/index` or `briefs/<slug>` gets `-2`
    lane_names = [lane.name for lane in lanes]
    taken: set[str] = {"index"} | {n.casefold() for n in lane_names} \
        | {f"{n}/index".casefold() for n in lane_names} | {f"{briefs_lane}/{b.slug}".casefold() for b in briefs}
    artifacts = load_artifacts(root, by_rel, corpus_dir, manifest, listings, lane_files, site_data, taken, report)
    return attach_states(Corpus(corpus_dir, index, tuple(lanes), tuple(artifacts), tuple(briefs), docs,
                                tuple(report.items), build_date, briefs_lane))


def _load_index(root: Path, by_rel: dict[str, Path], corpus_dir: str, report: Report,
                memo: Memo | None = None) -> Index:
    index_rel = f"{corpus_dir}/{INDEX_NAME}"
    index_text = read_text(by_rel[INDEX_NAME], index_rel, report, root=root, limit=INDEX_LIMIT) \
        if INDEX_NAME in by_rel else None
    if index_text is None:
        report.error(index_rel, None, "the corpus index is missing or unreadable")
        index_text = ""
    return replace(read_reporting(memo, parse_index, index_text, index_rel, report=report), text=index_text)


def _load_manifest(root: Path, by_rel: dict[str, Path], corpus_dir: str, report: Report,
                   memo: Memo | None = None) -> tuple[SourceEntry, ...]:
    if MANIFEST_NAME in by_rel:
        text = read_text(by_rel[MANIFEST_NAME], f"{corpus_dir}/{MANIFEST_NAME}", report, root=root)
        return read_reporting(memo, parse_manifest, text or "", f"{corpus_dir}/{MANIFEST_NAME}", report=report)
    # the maintainer's corpus has none: the lane READMEs' file tables say where files came from
    report.info(f"{corpus_dir}/{MANIFEST_NAME}", None, "no source manifest (optional): sources come from "
                "the lane READMEs' file tables")
    return ()


def _load_lanes(root: Path, by_rel: dict[str, Path], corpus_dir: str, index: Index,
                manifest: tuple[SourceEntry, ...], report: Report,
                memo: Memo | None = None) -> tuple[list[Lane], dict[str, list[Listing]]]:
    """Each lane of the directory map (then each folder on disk it lacks) and the listings of its README."""
    lane_names = [r.dir for r in index.map_rows]
    rows = {r.dir: r for r in index.map_rows}
    on_disk_lanes = sorted({rel.split("/", 1)[0] for rel in by_rel if "/" in rel})
    for name in on_disk_lanes:
        if name not in rows:
            report.warning(f"{corpus_dir}/{name}", None, f"folder '{name}/' is not in the directory map of "
                           f"{index.path}; it is shown, but add a row for it", "| `" + name + "/` | … | … |")
            lane_names.append(name)
    lanes = []
    manifest_paths = {e.path for e in manifest}
    listings: dict[str, list[Listing]] = {}
    for name in lane_names:
        row = rows.get(name)
        if not (root / name).is_dir() or (root / name).is_symlink():
            if row:
                report.error(index.path, row.line, f"directory map row '{name}/' names a folder that does "
                             f"not exist under {corpus_dir}/")
            lanes.append(Lane(name, None, None, "", row, name))
            continue
        readme = next((rel for n in LANE_INDEX_NAMES for rel in sorted(by_rel)
                       if rel.count("/") == 1 and rel.lower() == f"{name}/{n}".lower()), None)
        body, title, body_line = "", name, 1
        if readme:
            _, body, body_line = split_front_matter(read_text(by_rel[readme], f"{corpus_dir}/{readme}", report,
                                                              root=root, limit=PAGE_LIMIT, note=True) or "")
            title = read_reporting(memo, h1_text, body, f"{corpus_dir}/{readme}", body_line - 1, report=report) or name
            facts = read_with(memo, read_lane, body, body_line - 1)
            collect_listings(name, readme, facts, by_rel, manifest_paths, listings, corpus_dir, report)
        else:
            report.warning(f"{corpus_dir}/{name}", None, "lane has no README.md or index.md")
            facts = None
        lanes.append(Lane(name, f"{corpus_dir}/{readme}" if readme else None, readme, body, row, title, facts,
                          body_line))
    return lanes, listings


def _load_briefs(by_rel: dict[str, Path], corpus_dir: str, briefs_lane: str, lane_files: set[str],
                 report: Report, memo: Memo | None = None) -> list[Brief]:
    briefs = []
    for rel in sorted(by_rel):
        parts = rel.split("/")
        if len(parts) == 2 and parts[0] == briefs_lane and parts[1].endswith(".md") \
                and parts[1].lower() not in LANE_INDEX_NAMES and rel not in lane_files:
            briefs.append(load_brief(by_rel[rel], rel, corpus_dir, report, memo))
    briefs = unique_slugs(briefs)
    check_model_names(briefs, corpus_dir, report)
    return briefs
