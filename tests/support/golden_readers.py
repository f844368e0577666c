"""Golden cases for the prose readers: each YAML file holds `markdown` and the `expected` facts.

Regenerate after an intended change with `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/read/test_brief.py
tests/unit/read/test_lane.py`, then review the diff.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import yaml


def plain(obj):
    """Facts as plain data (tuples → lists, dataclasses → dicts, properties left out)."""
    if dataclasses.is_dataclass(obj):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [plain(x) for x in obj]
    return obj


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value and not any(c in value for c in "\t\r") and value == value.rstrip(" ") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def check(case: Path, actual) -> None:
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    got = plain(actual)
    if os.environ.get("UPDATE_GOLDEN"):
        data["expected"] = got
        case.write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")
    assert got == data["expected"]
