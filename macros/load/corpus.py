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

from macros.read.brief import BriefFacts, read_brief
from macros.read.lane import LaneFacts, read_lane
from macros.model.data import Artifact, Brief, Corpus, Doc, Finding, Lane, Listing, SourceEntry, Target
from macros.read.index import (
    MERGED_EXAMPLE, Report, doc_headings, load_yaml, parse_index, parse_manifest, resolve_section,
    split_front_matter,
)
from macros.fs import safe as safefs
from macros.text.reader import outline
from macros.text.sanitize import sanitize, squash
from macros.text.plain import unique_name

INDEX_NAME = "README.md"
MANIFEST_NAME = "sources.yaml"
RECORD_NAME = "published-ids.txt"  # the record of published finding ids (macros/ids.py): site data, not an artifact
RESULTS_NAME = "verification.yaml"  # `make verify`'s results (macros/verify_results.py): site data, not an artifact
LANE_INDEX_NAMES = ("readme.md", "index.md")  # compared case-insensitively, README.md first
TEXT_LIMIT = 20 * 1024 * 1024  # never read more than this of one file
INDEX_LIMIT = 4 * 1024 * 1024  # the index: findings past this are cut, with a warning (5,000 findings ≈ 1.5 MB)
PAGE_LIMIT = 128 * 1024  # a lane README, brief or doc: shown (and indexed) up to this, then cut with a note

# the catalog's fields; front matter may give any of them (it overrides the prose field by field)
BRIEF_REQUIRED = {"name": str, "base_generation": str, "params": str, "modalities": list,
                  "purpose": str, "sources": list}
BRIEF_OPTIONAL = {"released": str, "license": str, "hf_ids": list, "verified": bool, "homelab": str,
                  "added": str, "title": str}
BRIEF_EXAMPLE = ("---\nname: ShieldGemma 2\nbase_generation: Gemma 3\nparams: 4B\nmodalities: [image, text]\n"
                 "purpose: Image safety classifier\nsources:\n  - https://ai.google.dev/gemma/docs/shieldgemma\n---")


def read_text(path: Path, rel: str, report: Report, *, root: Path | None = None,
              limit: int = TEXT_LIMIT, note: bool = False) -> str | None:
    """Read a corpus file as text; warn (naming the file) on BOM, NUL, bad encoding, emptiness or size.

    `rel` is the file as shown ('tooling/lane/README.md'); the file is opened through `safefs` under
    `root` (by default the top folder of `rel`, e.g. <project>/tooling), so a link out of it, a loop or
    a file swapped for a link during the build is refused with a warning, never read or quoted. At most
    `limit` bytes are read; a longer file is cut at a line end with a warning (and, with `note`, a
    closing line saying so: for text shown as a page).
    None: unreadable or binary.
    """
    if root is None:
        root, inner = safefs.split(path, rel)
    else:
        inner = path.relative_to(root).as_posix()
    try:
        data, size = safefs.read_bytes(root, inner, limit + 1)
    except safefs.Refused as exc:
        report.warning(rel, None, f"file skipped: {exc.strerror}")
        return None
    except OSError as exc:
        report.warning(rel, None, f"file could not be read ({exc.strerror or type(exc).__name__})")
        return None
    cut = len(data) > limit
    if cut:
        data = data[:limit]
        data = data[: data.rfind(b"\n") + 1] or data
        report.warning(rel, None, f"file is {_mb(size)}; only its first {_mb(len(data))} are shown and "
                       f"indexed (the limit is {_mb(limit)})")
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
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.warning(rel, line, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                       "undecodable bytes are shown as \ufffd")
        text = data.decode("utf-8", errors="replace")
    return cut_note(text, limit) if cut and note else text


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def cut_note(text: str, limit: int) -> str:
    """`text` (a file cut at `limit` bytes) with a closing note, so the page itself says it was cut."""
    text = text.rstrip("\n") + "\n"
    if sum(1 for line in text.splitlines() if line.lstrip().startswith("```")) % 2:
        text += "```\n"  # the cut fell inside a code fence: close it, or the note would be code
    return text + f"\n*This file is longer than {_mb(limit)}: only its first part is shown (and searchable).*\n"


def _is_text(data: bytes) -> bool:
    return b"\x00" not in data[:8192]


def _utf8_head(data: bytes, *, complete: bool) -> bool:
    """Whether `data` (the start of a file) is valid UTF-8; a character cut at the end is fine."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
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


def load_corpus(project: Path, *, corpus_dir: str = "tooling", docs_dir: str = "docs",
                build_date: date, briefs_lane: str = "gemma-family", docs_markdown=None,
                hard_links: bool = False) -> Corpus:
    """Parse and validate the whole corpus.

    `docs_markdown` is the Markdown converter of the docs pages (see `parse.doc_headings`).
    """
    report = Report()
    root = project / corpus_dir
    files = _walk(root, report, corpus_dir, hard_links) if root.is_dir() else []
    if not root.is_dir():
        report.error(corpus_dir, None, f"corpus folder '{corpus_dir}/' not found")
    by_rel = dict(files)

    # the index
    index_rel = f"{corpus_dir}/{INDEX_NAME}"
    index_text = read_text(by_rel[INDEX_NAME], index_rel, report, root=root, limit=INDEX_LIMIT) \
        if INDEX_NAME in by_rel else None
    if index_text is None:
        report.error(index_rel, None, "the corpus index is missing or unreadable")
        index_text = ""
    index = parse_index(index_text, index_rel, report)

    # docs where findings are merged: docs/ first, then the project root beside the corpus folder
    docs = _load_docs(project / docs_dir, docs_dir, report, docs_markdown, hard_links)
    named = [t.file for f in index.findings for t in f.targets]
    docs = docs + _load_root_docs(project, named, docs, report, docs_markdown, hard_links)
    findings = _check_findings(index.findings, docs, report, index_rel)
    findings = _read_notes(findings, docs, report, build_date)
    index = replace(index, findings=findings)

    # manifest
    manifest: tuple[SourceEntry, ...] = ()
    if MANIFEST_NAME in by_rel:
        text = read_text(by_rel[MANIFEST_NAME], f"{corpus_dir}/{MANIFEST_NAME}", report, root=root)
        manifest = parse_manifest(text or "", f"{corpus_dir}/{MANIFEST_NAME}", report)
    else:  # the maintainer's corpus has none: the lane READMEs' file tables say where files came from
        report.info(f"{corpus_dir}/{MANIFEST_NAME}", None, "no source manifest (optional): sources come from "
                    "the lane READMEs' file tables")

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
    manifest_paths = {e.path for e in manifest}
    listings: dict[str, list[Listing]] = {}
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
        body, title, body_line = "", name, 1
        if readme:
            lane_files.add(readme)
            _, body, body_line = split_front_matter(read_text(by_rel[readme], f"{corpus_dir}/{readme}", report,
                                                              root=root, limit=PAGE_LIMIT, note=True) or "")
            title = h1_text(body, f"{corpus_dir}/{readme}", report, body_line - 1) or name
            facts = read_lane(body, body_line - 1)
            _collect_listings(name, readme, facts, by_rel, manifest_paths, listings, corpus_dir, report)
        else:
            report.warning(f"{corpus_dir}/{name}", None, "lane has no README.md or index.md")
            facts = None
        lanes.append(Lane(name, f"{corpus_dir}/{readme}" if readme else None, readme, body, row, title, facts,
                          body_line))

    # briefs
    briefs = []
    for rel in sorted(by_rel):
        parts = rel.split("/")
        if len(parts) == 2 and parts[0] == briefs_lane and parts[1].endswith(".md") \
                and parts[1].lower() not in LANE_INDEX_NAMES and rel not in lane_files:
            briefs.append(_load_brief(by_rel[rel], rel, corpus_dir, report))
            lane_files.add(rel)
    briefs = _unique_slugs(briefs)
    _check_model_names(briefs, corpus_dir, report)

    # artifacts: files on disk ∪ manifest entries
    manifest_by_path = {e.path: e for e in manifest}
    site_data = {INDEX_NAME, MANIFEST_NAME, RECORD_NAME, RESULTS_NAME}
    paths = sorted((set(by_rel) - lane_files - site_data) | set(manifest_by_path))
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
        listed = tuple(listings.get(rel, ()))
        if rel in by_rel:
            try:
                head, size = safefs.read_bytes(root, rel, 8192)
            except OSError as exc:  # gone or swapped for a link since the walk: never read, never quoted
                report.warning(f"{corpus_dir}/{rel}", None, f"file skipped: {exc.strerror or 'unreadable'}")
                continue
            artifacts.append(Artifact(rel, lane, slug, True, size, (src.kind if src else None) or _kind(rel),
                                      _is_text(head), src, listings=listed))
            if not head.strip():
                report.warning(f"{corpus_dir}/{rel}", None, "file is empty")
            elif _is_text(head) and not _utf8_head(head, complete=size <= len(head)):
                report.warning(f"{corpus_dir}/{rel}", None, "file is not valid UTF-8; its page shows undecodable "
                               "bytes as \ufffd (the raw copy is byte-exact)")
            if src is None and not listed:
                report.info(f"{corpus_dir}/{rel}", None, f"named in no file table of its lane README and not in "
                            f"{MANIFEST_NAME}: no description or source recorded")
        else:
            artifacts.append(Artifact(rel, lane, slug, False, None, (src.kind if src else None) or _kind(rel),
                                      False, src, listings=listed))
    return Corpus(corpus_dir, index, tuple(lanes), tuple(artifacts), tuple(briefs), docs,
                  tuple(report.items), build_date, briefs_lane)


_KINDS = {".ipynb": "notebook", ".jinja": "chat-template", ".j2": "chat-template", ".html": "html-snapshot",
          ".htm": "html-snapshot", ".pdf": "pdf", ".py": "script", ".sh": "script", ".json": "config",
          ".yaml": "yaml", ".yml": "yaml", ".md": "markdown", ".txt": "text", ".toml": "config"}


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


def _unique_slugs(briefs: list[Brief]) -> list[Brief]:
    taken: set[str] = set()
    out = []
    for b in briefs:
        slug = unique_name(b.slug, taken, fold=str.casefold)
        taken.add(slug.casefold())
        out.append(replace(b, slug=slug))
    return out


def _load_brief(path: Path, rel: str, corpus_dir: str, report: Report) -> Brief:
    """A brief as written: prose read by `briefread`; YAML front matter, when present, overrides field by field."""
    where = f"{corpus_dir}/{rel}"
    slug = safe_segment(Path(rel).stem)
    text = read_text(path, where, report, limit=PAGE_LIMIT, note=True)
    if text is None:
        return Brief(slug, rel, Path(rel).stem, {}, "", False)
    fm, body, body_line = split_front_matter(text)
    facts = read_brief(body, body_line - 1)
    meta: dict = {}
    valid = True
    if fm is not None:  # our optional enrichment: validated as before, and it wins where a field is present
        data = load_yaml(fm, where, report, line_offset=1)
        if data is None:
            valid = False
        elif not isinstance(data, dict):
            report.error(where, 2, f"front matter must be a mapping, found {type(data).__name__}", BRIEF_EXAMPLE)
            valid = False
        else:
            meta, valid = _validate_brief(data, where, fm, report)
    else:
        missing = facts.missing()
        if missing:
            report.info(where, facts.title_line or 1, "could not read " + ", ".join(missing) + " from the prose; "
                        "shown as —")
    if not facts.title:
        report.info(where, 1, f"brief has no '# Title' heading: its title is taken from the file name "
                    f"'{Path(rel).name}'")
    meta = {**facts_meta(facts), **meta}
    if fm is not None:
        unknown = [k for k in BRIEF_REQUIRED if k != "name" and not meta.get(k)]
        if unknown:
            report.info(where, 1, "neither the front matter nor the prose gives " + ", ".join(unknown)
                        + "; shown as —")
    name = meta.get("name") or facts.title or Path(rel).stem
    meta["name"] = str(name)
    return Brief(slug, rel, str(name), meta, body, valid, facts, body_line)


def facts_meta(facts: BriefFacts) -> dict:
    """The front-matter keys the site's templates read, filled from what the prose states."""
    meta: dict = {}
    if facts.title:
        meta["name"] = facts.title
    several = len(facts.models) > 1

    def joined(items) -> str:
        values = list(dict.fromkeys(f"{f.value} ({f.model})" if several and f.model else f.value for f in items))
        return ", ".join(values)

    gens = list(dict.fromkeys(f.value for f in facts.generations))
    if gens:
        # one generation for all models reads plainly; different ones say which model is on which
        meta["base_generation"] = gens[0] if len(gens) == 1 else joined(facts.generations)
    if facts.sizes:
        models = {f.model for f in facts.sizes}
        meta["params"] = joined(facts.sizes) if several and len(models) > 1 else \
            ", ".join(dict.fromkeys(f.value for f in facts.sizes))
    if facts.released:
        meta["released"] = joined(facts.released)
    if facts.cards:
        meta["sources"] = [c.url for c in facts.cards]
    if facts.lead:
        first = re.match(r"(.{1,300}?[.!?])(?:\s|$)", facts.lead.value)
        meta["purpose"] = first.group(1) if first else facts.lead.value[:300]
    return meta


def _check_model_names(briefs: list[Brief], corpus_dir: str, report: Report) -> None:
    """Two briefs claiming the same model name is a warning naming both files."""
    owner: dict[str, Brief] = {}
    for b in briefs:
        for name in b.models:
            key = squash(name).casefold()
            other = owner.get(key)
            if other is not None and other is not b:
                line = b.facts.title_line if b.facts and b.facts.title_line else 1
                report.warning(f"{corpus_dir}/{b.path}", line, f"the model name '{name}' is also claimed by "
                               f"{corpus_dir}/{other.path}; each model belongs in one brief (its H1 names the "
                               f"models it covers)", "# XGemma / XGemma 2")
            else:
                owner[key] = b


def _collect_listings(lane: str, readme: str, facts: LaneFacts, by_rel: dict[str, Path], manifest_paths: set[str],
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


def h1_text(markdown: str, where: str | None = None, report: Report | None = None, line_offset: int = 0) -> str:
    """The text of the first level-1 heading as GitHub shows it; warns (when given a report) about
    nesting too deep to be read."""
    title, deep = outline(markdown)
    if deep is not None and report is not None and where:
        report.warning(where, deep + line_offset, "lists or quotes are nested too deep here: the deeper "
                       "content is not shown", "- a list\n  - nested a few levels at most")
    return title


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
        if key not in data:  # front matter overrides field by field: the prose gives what it leaves out
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


def _load_docs(docs_root: Path, docs_dir: str, report: Report, md=None, hard_links: bool = False
               ) -> tuple[Doc, ...]:
    docs = []
    seen: dict[str, str] = {}
    if not docs_root.is_dir():
        return ()
    for p in sorted(docs_root.rglob("*.md")):
        rel = p.relative_to(docs_root).as_posix()
        if any(part.startswith(".") for part in p.relative_to(docs_root).parts):
            continue
        if safefs.kind_problem(p, hard_links=hard_links):
            continue  # reported by the glue, which publishes the docs folder (check_docs)
        text = read_text(p, f"{docs_dir}/{rel}", report, root=docs_root, limit=PAGE_LIMIT)
        if text is None:
            continue
        if p.name in seen:
            report.warning(f"{docs_dir}/{rel}", None, f"another doc is also named {p.name} "
                           f"({docs_dir}/{seen[p.name]}); markers naming it go to the first")
            continue
        seen[p.name] = rel
        _, body, _ = split_front_matter(text)
        docs.append(Doc(p.name, rel, doc_headings(body, md), repo_path=f"{docs_dir}/{rel}"))
    return tuple(docs)


ROOT_DOC_PATTERNS = ("CORPUS_*.md", "GOTCHAS.md", "SYNTHESIS.md")  # the maintainer's working docs


def _load_root_docs(project: Path, named: list[str], docs: tuple[Doc, ...], report: Report,
                    md=None, hard_links: bool = False) -> tuple[Doc, ...]:
    """Working docs at the project root (where the maintainer keeps them) that docs/ does not have.

    The candidates are the usual working-doc names and any *.md a marker names; a doc in docs/ wins. A root
    doc is published under its file name (src_uri), and keeps its real path for edit/view links.
    """
    have = {d.file.lower() for d in docs}
    candidates: dict[str, Path] = {}
    real_root = project.resolve()
    for pattern in ROOT_DOC_PATTERNS:
        for p in sorted(project.glob(pattern)):
            candidates.setdefault(p.name.lower(), p)
    for name in named:
        if "/" not in name and "\\" not in name and name.lower().endswith(".md") and not name.startswith("."):
            p = project / name
            if not p.is_file():  # a marker may differ in case from the file name
                p = next((q for q in sorted(project.glob("*.md")) if q.name.lower() == name.lower()), p)
            candidates.setdefault(name.lower(), p)
    out = []
    for key, p in sorted(candidates.items()):
        if key in have or key in ("readme.md", "index.md") or not os.path.lexists(p):
            continue
        problem = safefs.kind_problem(p, hard_links=hard_links)
        if problem:
            report.warning(p.name, None, f"doc skipped: {problem}")
            continue
        if p.is_symlink() and real_root not in p.resolve().parents:
            report.warning(p.name, None, "symlinked doc points outside the project; skipped")
            continue
        text = read_text(p, p.name, report)
        if text is None:
            continue
        _, body, _ = split_front_matter(text)
        out.append(Doc(p.name, p.name, doc_headings(body, md), repo_path=p.name, at_root=True))
        have.add(key)
    return tuple(out)


def root_doc_files(corpus: Corpus, project: Path) -> list[tuple[Path, str, str]]:
    """For the glue: (absolute path, path from the project root, src_uri to publish under) of each root doc."""
    return [(project / d.repo_path, d.repo_path, d.src_uri) for d in corpus.docs if d.at_root]


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


def _read_notes(findings: tuple[Finding, ...], docs: tuple[Doc, ...], report: Report,
                build_date: date) -> tuple[Finding, ...]:
    """Each finding's dated notes (macros/notes.py), their targets resolved like the finding's.

    A malformed note is an error at its line and stays in the body as written, so nothing disappears.
    """
    from macros.read.notes import NOTE_EXAMPLE, parse_notes

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
            body_html += "\n<ul>\n" + "".join(f"<li>{sanitize(f.note_items[i][0]).strip()}</li>\n"
                                              for i in body) + "</ul>"
        out.append(replace(f, notes=tuple(resolved), body_html=body_html))
    return tuple(out)


def _check_findings(findings: tuple[Finding, ...], docs: tuple[Doc, ...], report: Report,
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
