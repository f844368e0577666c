"""Golden files: the projection of parsed findings to plain data, and the check/update switch.

`pytest --update-goldens` rewrites golden files from the current output instead of comparing, so a
deliberate change is one command and a reviewed diff (tests/conftest.py adds the option).
"""
from __future__ import annotations

from pathlib import Path

import yaml

from macros.model.data import Corpus


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
        if f.notes:
            item["notes"] = [{"kind": n.kind, "date": n.date.isoformat(), "line": n.line, "text": n.text,
                              **({"marker": n.marker} if n.marker else {}),
                              **({"targets": [{"file": t.file, "section": t.section} for t in n.targets]}
                                 if n.targets else {})}
                             for n in f.notes]
            item["state"] = corpus.state(f).label
        out.append(item)
    return {
        "findings": out,
        "lanes": [r.dir for r in corpus.index.map_rows],
        "diagnostics": [str(d) for d in corpus.diagnostics if d.severity != "info"],
    }


class _Dumper(yaml.SafeDumper):
    """Multi-line strings as literal blocks, so a rewritten case stays readable and its diff small."""


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value and not any(line != line.rstrip() for line in value.split("\n")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _leading_comments(text: str) -> str:
    """The comment lines a golden file starts with (what the case is about): kept on update."""
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


class Golden:
    """Compares output with a golden YAML file, or rewrites the file when updating."""

    def __init__(self, update: bool):
        self.update = update

    def check(self, path: Path, got, *, key: str | None = None, partial: bool = True) -> None:
        """`got` must equal the file's data (or its `key` entry, for case files that also hold input).

        With `partial`, when a case's expectation lists only some keys, only those are compared (and
        rewritten)."""
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        data = (yaml.safe_load(text) or {}) if text else {}
        expected = data.get(key) if key else data
        if key and partial and isinstance(expected, dict) and expected and isinstance(got, dict):
            got = {k: got[k] for k in expected}
        if self.update:
            if got == expected:
                return  # unchanged: the file keeps its layout
            new = {**data, key: got} if key else got
            path.write_text(_leading_comments(text) + dump(new), encoding="utf-8")
            return
        assert got == expected, f"{path} differs from the output; review and run `pytest --update-goldens`"
