"""Load the corpus from disk into the model: walk files, parse, validate, cross-reference.

No mkdocs import: the glue hands in folders and a build date and gets a Corpus back.
"""
from __future__ import annotations

import codecs
import os
import re
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

from .model import Artifact, Brief, Corpus, Doc, Finding, Lane, SourceEntry
from .parse import (
    MERGED_EXAMPLE, Report, doc_headings, load_yaml, parse_index, parse_manifest, resolve_section,
    split_front_matter,
)
from .safehtml import markdown_to_html
from .text import html_to_text, unique_name

INDEX_NAME = "README.md"
MANIFEST_NAME = "sources.yaml"
RECORD_NAME = "published-ids.txt"  # the record of published finding ids (macros/ids.py): site data, not an artifact
LANE_INDEX_NAMES = ("readme.md", "index.md")  # compared case-insensitively, README.md first
TEXT_LIMIT = 20 * 1024 * 1024  # never read more than this of one file

BRIEF_REQUIRED = {"name": str, "base_generation": str, "params": str, "modalities": list,
                  "purpose": str, "sources": list}
BRIEF_OPTIONAL = {"released": str, "license": str, "hf_ids": list, "verified": bool, "homelab": str,
                  "added": str, "title": str}
BRIEF_EXAMPLE = ("---\nname: ShieldGemma 2\nbase_generation: Gemma 3\nparams: 4B\nmodalities: [image, text]\n"
                 "purpose: Image safety classifier\nsources:\n  - https://ai.google.dev/gemma/docs/shieldgemma\n---")


def read_text(path: Path, rel: str, report: Report) -> str | None:
    """Read a corpus file as text; warn (naming the file) on BOM, NUL, bad encoding or emptiness."""
    data = path.read_bytes()[:TEXT_LIMIT]
    if not data.strip():
        report.warning(rel, None, "file is empty")
        return ""
    if b"\x00" in data[:8192]:
        report.warning(rel, None, "file contains NUL bytes; treated as binary")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        report.warning(rel, None, "file starts with a UTF-8 byte-order mark; it was ignored")
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.warning(rel, line, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                       "undecodable bytes are shown as \ufffd")
        return data.decode("utf-8", errors="replace")


def _is_text(data: bytes) -> bool:
    return b"\x00" not in data[:8192]


def _utf8_head(data: bytes, *, complete: bool) -> bool:
    """Whether `data` (the start of a file) is valid UTF-8; a character cut at the end is fine."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)
    except UnicodeDecodeError:
        return False
    return True


_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_segment(name: str) -> str:
    """A URL-safe form of one path segment (keeps letters of any script, digits, . _ -)."""
    name = unicodedata.normalize("NFC", name)
    seg = _UNSAFE.sub("-", name).strip("-")
    if seg in ("", ".", ".."):
        seg = "file"
    return seg


def _walk(root: Path, report: Report, rootname: str) -> list[tuple[str, Path]]:
    """Every regular file under root (posix relative path, real path); symlinks out or looping skipped."""
    out: list[tuple[str, Path]] = []
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        d = Path(dirpath)
        dirnames.sort()
        for name in list(dirnames):
            p = d / name
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
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
            if p.is_symlink():
                try:
                    target = p.resolve(strict=True)
                except (OSError, RuntimeError):
                    report.warning(f"{rootname}/{rel}", None, "symlink is broken or loops; skipped")
                    continue
                if real_root not in target.parents or not target.is_file():
                    report.warning(f"{rootname}/{rel}", None, "symlink points outside the corpus; skipped")
                    continue
                out.append((rel, target))
                continue
            if p.is_file():
                out.append((rel, p))
    return out


def load_corpus(project: Path, *, corpus_dir: str = "tooling", docs_dir: str = "docs",
                build_date: date, briefs_lane: str = "gemma-family", docs_markdown=None) -> Corpus:
    """Parse and validate the whole corpus.

    `docs_markdown` is the Markdown converter of the docs pages (see `parse.doc_headings`).
    """
    report = Report()
    root = project / corpus_dir
    files = _walk(root, report, corpus_dir) if root.is_dir() else []
    if not root.is_dir():
        report.error(corpus_dir, None, f"corpus folder '{corpus_dir}/' not found")
    by_rel = dict(files)

    # the index
    index_rel = f"{corpus_dir}/{INDEX_NAME}"
    index_text = read_text(by_rel[INDEX_NAME], index_rel, report) if INDEX_NAME in by_rel else None
    if index_text is None:
        report.error(index_rel, None, "the corpus index is missing or unreadable")
        index_text = ""
    index = parse_index(index_text, index_rel, report)

    # docs where findings are merged
    docs = _load_docs(project / docs_dir, docs_dir, report, docs_markdown)
    findings = _check_findings(index.findings, docs, report, index_rel)
    index = replace(index, findings=findings)

    # manifest
    manifest: tuple[SourceEntry, ...] = ()
    if MANIFEST_NAME in by_rel:
        text = read_text(by_rel[MANIFEST_NAME], f"{corpus_dir}/{MANIFEST_NAME}", report)
        manifest = parse_manifest(text or "", f"{corpus_dir}/{MANIFEST_NAME}", report)
    else:
        report.warning(f"{corpus_dir}/{MANIFEST_NAME}", None, "no source manifest: artifacts have no "
                       "recorded source URL")

    # lanes
    lane_names = [r.dir for r in index.map_rows]
    rows = {r.dir: r for r in index.map_rows}
    on_disk_lanes = sorted({rel.split("/", 1)[0] for rel in by_rel if "/" in rel})
    for name in on_disk_lanes:
        if name not in rows:
            report.warning(f"{corpus_dir}/{name}", None, f"folder '{name}/' is not in the directory map of "
                           f"{index_rel}; it is shown, but add a row for it", "| `" + name + "/` | … | … |")
            lane_names.append(name)
    lanes = []
    lane_files: set[str] = set()
    for name in lane_names:
        row = rows.get(name)
        if not (root / name).is_dir() or (root / name).is_symlink():
            if row:
                report.error(index_rel, row.line, f"directory map row '{name}/' names a folder that does "
                             f"not exist under {corpus_dir}/")
            lanes.append(Lane(name, None, None, "", row, name))
            continue
        readme = next((rel for n in LANE_INDEX_NAMES for rel in sorted(by_rel)
                       if rel.count("/") == 1 and rel.lower() == f"{name}/{n}".lower()), None)
        body, title = "", name
        if readme:
            lane_files.add(readme)
            _, body, _ = split_front_matter(read_text(by_rel[readme], f"{corpus_dir}/{readme}", report) or "")
            title = h1_text(body) or name
        else:
            report.warning(f"{corpus_dir}/{name}", None, "lane has no README.md or index.md")
        lanes.append(Lane(name, f"{corpus_dir}/{readme}" if readme else None, readme, body, row, title))

    # briefs
    briefs = []
    for rel in sorted(by_rel):
        parts = rel.split("/")
        if len(parts) == 2 and parts[0] == briefs_lane and parts[1].endswith(".md") \
                and parts[1].lower() not in LANE_INDEX_NAMES and rel not in lane_files:
            briefs.append(_load_brief(by_rel[rel], rel, corpus_dir, report))
            lane_files.add(rel)
    briefs = _unique_slugs(briefs)

    # artifacts: files on disk ∪ manifest entries
    manifest_by_path = {e.path: e for e in manifest}
    paths = sorted((set(by_rel) - lane_files - {INDEX_NAME, MANIFEST_NAME, RECORD_NAME}) | set(manifest_by_path))
    artifacts = []
    # the lane and brief pages own these URLs: an artifact named `lane/index` or `briefs/<slug>` gets `-2`
    taken: set[str] = {"index"} | {n.casefold() for n in lane_names} \
        | {f"{n}/index".casefold() for n in lane_names} | {f"{briefs_lane}/{b.slug}".casefold() for b in briefs}
    for rel in paths:
        if rel in lane_files:
            continue
        lane = rel.split("/", 1)[0] if "/" in rel else ""
        slug = _unique_slug(rel, taken)
        src = manifest_by_path.get(rel)
        if rel in by_rel:
            p = by_rel[rel]
            size = p.stat().st_size
            with p.open("rb") as fh:
                head = fh.read(8192)
            artifacts.append(Artifact(rel, lane, slug, True, size, (src.kind if src else None) or _kind(rel),
                                      _is_text(head), src))
            if not head.strip():
                report.warning(f"{corpus_dir}/{rel}", None, "file is empty")
            elif _is_text(head) and not _utf8_head(head, complete=size <= len(head)):
                report.warning(f"{corpus_dir}/{rel}", None, "file is not valid UTF-8; its page shows undecodable "
                               "bytes as \ufffd (the raw copy is byte-exact)")
            if src is None:
                report.info(f"{corpus_dir}/{rel}", None, f"not in {MANIFEST_NAME}: no source URL recorded")
        else:
            artifacts.append(Artifact(rel, lane, slug, False, None, (src.kind if src else None) or _kind(rel),
                                      False, src))
    return Corpus(corpus_dir, index, tuple(lanes), tuple(artifacts), tuple(briefs), docs,
                  tuple(report.items), build_date, briefs_lane)


_KINDS = {".ipynb": "notebook", ".jinja": "chat-template", ".j2": "chat-template", ".html": "html-snapshot",
          ".htm": "html-snapshot", ".pdf": "pdf", ".py": "script", ".sh": "script", ".json": "config",
          ".yaml": "yaml", ".yml": "yaml", ".md": "markdown", ".txt": "text", ".toml": "config"}


def _kind(rel: str) -> str:
    return _KINDS.get(os.path.splitext(rel)[1].lower(), "file")


def _unique_slug(rel: str, taken: set[str]) -> str:
    slug = unique_name("/".join(safe_segment(s) for s in rel.split("/")), taken, fold=str.casefold)
    taken.add(slug.casefold())
    return slug


def _unique_slugs(briefs: list[Brief]) -> list[Brief]:
    taken: set[str] = set()
    out = []
    for b in briefs:
        slug = unique_name(b.slug, taken, fold=str.casefold)
        taken.add(slug.casefold())
        out.append(replace(b, slug=slug))
    return out


def _load_brief(path: Path, rel: str, corpus_dir: str, report: Report) -> Brief:
    where = f"{corpus_dir}/{rel}"
    slug = safe_segment(Path(rel).stem)
    text = read_text(path, where, report)
    if text is None:
        return Brief(slug, rel, Path(rel).stem, {}, "", False)
    fm, body, body_line = split_front_matter(text)
    meta: dict = {}
    valid = True
    if fm is None:
        report.warning(where, 1, "brief has no YAML front matter; its title is taken from the first heading",
                       BRIEF_EXAMPLE)
        valid = False
    else:
        data = load_yaml(fm, where, report, line_offset=1)
        if data is None:
            valid = False
        elif not isinstance(data, dict):
            report.error(where, 2, f"front matter must be a mapping, found {type(data).__name__}", BRIEF_EXAMPLE)
            valid = False
        else:
            meta, valid = _validate_brief(data, where, fm, report)
    name = meta.get("name") or h1_text(body) or Path(rel).stem
    return Brief(slug, rel, str(name), meta, body, valid)


_ATX_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)[ \t#]*$|^ {0,3}(\S.*)\n {0,3}=+[ \t]*$", re.MULTILINE)


def h1_text(markdown: str) -> str:
    """The text of the first `# heading` as a reader sees it (its line rendered, tags dropped)."""
    m = _ATX_H1.search(markdown)
    if not m:
        return ""
    return html_to_text(markdown_to_html("# " + (m.group(1) or m.group(2))))


def _validate_brief(data: dict, where: str, fm: str, report: Report) -> tuple[dict, bool]:
    lines = fm.splitlines()

    def line_of(key: str) -> int:
        for n, line in enumerate(lines, 2):
            if re.match(rf"^{re.escape(key)}\s*:", line):
                return n
        return 2

    meta: dict = {}
    ok = True
    for key, typ in {**BRIEF_REQUIRED, **BRIEF_OPTIONAL}.items():
        if key not in data:
            if key in BRIEF_REQUIRED:
                report.error(where, 2, f"front matter is missing the required field '{key}'", BRIEF_EXAMPLE)
                ok = False
            continue
        value = data[key]
        if typ is str and isinstance(value, (int, float, date)) and not isinstance(value, bool):
            value = str(value)  # 2025-03, 4B … are fine as strings
        if typ is list and isinstance(value, str) and key != "sources":
            value = [value]
        if not isinstance(value, typ) or (typ is list and not all(isinstance(v, (str, int, float)) for v in value)):
            report.error(where, line_of(key), f"front matter field '{key}' must be a "
                         f"{'list of strings' if typ is list else typ.__name__}, found {type(value).__name__} "
                         f"{value!r}", BRIEF_EXAMPLE)
            ok = False
            continue
        if typ is list:
            value = [str(v) for v in value]
        meta[key] = value
    for url in meta.get("sources", []):
        if not re.match(r"^https?://\S+$", url):
            report.error(where, line_of("sources"), f"source {url!r} is not an http(s) URL", BRIEF_EXAMPLE)
            ok = False
    for key in sorted(set(data) - set(BRIEF_REQUIRED) - set(BRIEF_OPTIONAL)):
        report.info(where, line_of(str(key)), f"front matter field '{key}' is not used by the site")
    return meta, ok


def _load_docs(docs_root: Path, docs_dir: str, report: Report, md=None) -> tuple[Doc, ...]:
    docs = []
    seen: dict[str, str] = {}
    if not docs_root.is_dir():
        return ()
    for p in sorted(docs_root.rglob("*.md")):
        rel = p.relative_to(docs_root).as_posix()
        if any(part.startswith(".") for part in p.relative_to(docs_root).parts):
            continue
        text = read_text(p, f"{docs_dir}/{rel}", report)
        if text is None:
            continue
        if p.name in seen:
            report.warning(f"{docs_dir}/{rel}", None, f"another doc is also named {p.name} "
                           f"({docs_dir}/{seen[p.name]}); markers naming it go to the first")
            continue
        seen[p.name] = rel
        _, body, _ = split_front_matter(text)
        docs.append(Doc(p.name, rel, doc_headings(body, md)))
    return tuple(docs)


def _check_findings(findings: tuple[Finding, ...], docs: tuple[Doc, ...], report: Report,
                    path: str) -> tuple[Finding, ...]:
    by_name = {d.file: d for d in docs}
    by_lower = {d.file.lower(): d for d in docs}
    out: list[Finding] = []
    ids: dict[str, Finding] = {}
    for f in findings:
        label = f'finding {f.number} "{f.title}"'
        targets = []
        status = f.status
        for t in f.targets:
            doc = by_name.get(t.file) or by_lower.get(t.file.lower())
            if doc is None:
                known = ", ".join(sorted(by_name)) or "(none)"
                report.error(path, f.line, f"{label}: merged target '{t.file}' is not a doc; known docs: "
                             f"{known}.", MERGED_EXAMPLE)
                targets.append(replace(t, known=False))
                status = "error"
                continue
            heading, named = resolve_section(t.note, doc.headings) if t.note else (None, None)
            if named and heading is None:
                heads = "; ".join(h.text for h in doc.headings if h.level > 1) or "(none)"
                report.error(path, f.line, f"{label}: the note '{t.note}' names a section '{named}' that is "
                             f"not a heading of {doc.file}; its headings: {heads}.", MERGED_EXAMPLE)
                status = "error"
            targets.append(replace(t, file=doc.file, section=heading.text if heading else None,
                                   anchor=heading.anchor if heading else None))
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
