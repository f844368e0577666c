"""Sibling-model briefs: prose read by read/brief.py, YAML front matter overriding it field by field."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from macros.fs.memo import Memo, read_with
from macros.load.textfile import read_text
from macros.model.briefs import BriefFacts
from macros.model.data import Brief
from macros.model.defaults import (
    PAGE_LIMIT,
)
from macros.model.diagnostics import Report
from macros.read.brief import read_brief
from macros.read.frontmatter import load_yaml, split_front_matter
from macros.text.plain import squash, unique_name
from macros.text.slug import safe_segment

# the catalog's fields; front matter may give any of them (it overrides the prose field by field)
BRIEF_REQUIRED = {"name": str, "base_generation": str, "params": str, "modalities": list,
                  "purpose": str, "sources": list}

BRIEF_OPTIONAL = {"released": str, "license": str, "hf_ids": list, "verified": bool, "homelab": str,
                  "added": str, "title": str}

BRIEF_EXAMPLE = ("---\nname: ShieldGemma 2\nbase_generation: Gemma 3\nparams: 4B\nmodalities: [image, text]\n"
                 "purpose: Image safety classifier\nsources:\n  - https://ai.google.dev/gemma/docs/shieldgemma\n---")


def unique_slugs(briefs: list[Brief]) -> list[Brief]:
    taken: set[str] = set()
    out = []
    for b in briefs:
        slug = unique_name(b.slug, taken, fold=str.casefold)
        taken.add(slug.casefold())
        out.append(replace(b, slug=slug))
    return out


def load_brief(path: Path, rel: str, corpus_dir: str, report: Report, memo: Memo | None = None) -> Brief:
    """A brief as written: prose read by `briefread`; YAML front matter, when present, overrides field by field."""
    where = f"{corpus_dir}/{rel}"
    slug = safe_segment(Path(rel).stem)
    text = read_text(path, where, report, limit=PAGE_LIMIT, note=True)
    if text is None:
        return Brief(slug, rel, Path(rel).stem, {}, "", False)
    fm, body, body_line = split_front_matter(text)
    facts = read_with(memo, read_brief, body, body_line - 1)  # (unchanged text under serve: not read again)
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
    # several models: the title names them, or per-model lines give values to different models
    several = len(facts.models) > 1 or \
        len({f.model for f in (*facts.generations, *facts.sizes, *facts.released) if f.model}) > 1

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


def check_model_names(briefs: list[Brief], corpus_dir: str, report: Report) -> None:
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
