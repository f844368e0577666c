"""YAML front matter and bounded YAML loading (depth, aliases) for corpus files."""
from __future__ import annotations

import re

import yaml

from macros.model.diagnostics import Report

#: libyaml's safe loader when PyYAML was built with it (several times faster), else the pure one.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (yaml text or None, body, line number where the body starts)."""
    m = _FRONT.match(text)
    if not m:
        return None, text, 1
    return m.group(1), text[m.end():], text[: m.end()].count("\n") + 1

YAML_DEPTH = 50  # corpus YAML nests 2-3 levels; deeper is refused before the (recursive) constructor runs

YAML_NO_ALIASES = ("anchors and aliases (&name, *name) are not allowed in corpus YAML: write each value out "
                   "where it is used")


def load_yaml(text: str, path: str, report: Report, *, line_offset: int = 0):
    """yaml.safe_load with errors reported at file:line; None on failure.

    Corpus YAML is untrusted: an alias (`*a`) can expand a 1 KB file into gigabytes ("billion laughs"),
    and deep nesting exhausts the recursive constructor. So the event stream is scanned first (libyaml's
    parser, linear, no recursion): any anchor or alias, or nesting deeper than YAML_DEPTH, is an error
    at its line and nothing is built.
    """
    def where(mark) -> int | None:
        return (mark.line + 1 + line_offset) if mark else None

    try:
        depth = 0
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                report.error(path, where(event.start_mark), YAML_NO_ALIASES, "modalities: [image, text]")
                return None
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > YAML_DEPTH:
                    report.error(path, where(event.start_mark), f"YAML nests deeper than {YAML_DEPTH} levels")
                    return None
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        report.error(path, where(mark), f"invalid YAML: {problem}")
        return None
    except RecursionError:
        report.error(path, None, "YAML nests too deeply")
        return None
    except (ValueError, OverflowError) as exc:  # a date such as 0000-01-01, which YAML reads but no calendar has
        report.error(path, line_offset + 1 if line_offset else None, f"invalid YAML value: {exc} "
                     "(dates run from 0001-01-01 to 9999-12-31)", "retrieved: 2026-04-18")
        return None
