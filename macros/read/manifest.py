"""The corpus manifest: which upstream URL each file was written from."""
from __future__ import annotations

import re

from macros.model.data import SourceEntry
from macros.model.diagnostics import Report
from macros.read.frontmatter import load_yaml

ORIGINAL = "original"  # manifest kind of a file written for the corpus itself: it has no upstream URL

MANIFEST_EXAMPLE = ("artifacts:\n  - path: huggingface/model-cards/gemma-4-31B-it-chat_template.jinja\n"
                    "    url: https://huggingface.co/google/gemma-4-31B-it/blob/main/chat_template.jinja\n"
                    "    retrieved: 2026-04-18")


def parse_manifest(text: str, path: str, report: Report) -> tuple[SourceEntry, ...]:
    """The source manifest: a list of {path, url, retrieved, kind?, license?, note?}."""
    data = load_yaml(text, path, report)
    if data is None:
        return ()
    items = data.get("artifacts") if isinstance(data, dict) else data
    if not isinstance(items, list):
        report.error(path, 1, "expected a top-level 'artifacts:' list", MANIFEST_EXAMPLE)
        return ()
    lines = text.splitlines()
    path_lines = [n for n, l in enumerate(lines, 1) if re.match(r"^\s*-\s*path\s*:", l)]
    out: list[SourceEntry] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        line = path_lines[i] if i < len(path_lines) else None
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or not item["path"].strip():
            report.error(path, line, f"entry {i + 1} has no 'path' string", MANIFEST_EXAMPLE)
            continue
        p = item["path"].strip().lstrip("./")
        if item["path"].strip().startswith("/") or ".." in item["path"].replace("\\", "/").split("/"):
            report.error(path, line, f"{item['path']!r}: a manifest path must stay inside the corpus "
                         "(no leading '/', no '..')", MANIFEST_EXAMPLE)
            continue
        url = item.get("url")
        if url is not None and not (isinstance(url, str) and re.match(r"^https?://", url)):
            report.error(path, line, f"{p}: 'url' must be an http(s) URL, found {url!r}", MANIFEST_EXAMPLE)
            url = None
        if url is None and item.get("kind") != ORIGINAL:
            report.warning(path, line, f"{p}: no source 'url' recorded (files written for the corpus "
                           f"itself say `kind: {ORIGINAL}` instead)", MANIFEST_EXAMPLE)
        retrieved = item.get("retrieved")
        if p in seen:
            report.error(path, line, f"{p}: listed twice in the manifest")
            continue
        seen.add(p)
        out.append(SourceEntry(
            path=p,
            url=url,
            retrieved=str(retrieved) if retrieved is not None else None,
            kind=_opt_str(item.get("kind")),
            license=_opt_str(item.get("license")),
            note=_opt_str(item.get("note")),
            line=line,
        ))
    return tuple(out)


def _opt_str(v) -> str | None:
    return None if v is None else str(v)
