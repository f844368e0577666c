"""The verification results file (`tooling/verification.yaml`): model, writer, reader, display labels.

Pure and offline: the site build reads this file and never fetches anything. `make verify`
(macros/verify.py) writes it: one entry per URL, sorted by URL, every key always present in the same
order, so that a re-run with the same outcome writes the same bytes and a changed outcome is a small diff.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from macros.verify.collect import compose_yaml

SCHEMA = 1
FILE_NAME = "verification.yaml"
# Worst first: the order of /health/ groups and of the summary table.
STATES = ("gone", "moved", "changed", "error", "refused", "not-checked", "ok")
KEYS = ("url", "state", "status", "final_url", "sha256_match", "checked", "detail", "cited")
HEADER = ("# Written by `make verify` (python -m macros.verify.command); re-run it rather than editing by hand.\n"
          "# state: ok | moved | gone | changed | error | refused | not-checked (CONTRIBUTING.md, Verifying sources)\n")
EXAMPLE = """schema: 1
sources:
  - url: https://ai.google.dev/gemma/docs/core/model_card_4
    state: ok
    status: 200
    final_url: null
    sha256_match: null
    checked: '2026-11-29'
    detail: ''
    cited:
      - tooling/google-official/README.md:16"""
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHERE = re.compile(r"^.+:\d+$")


@dataclass(frozen=True)
class Result:
    """The outcome of checking one URL.

    state: one of STATES. status: the last HTTP status (None when no response). final_url: for a move,
    the address the permanent redirect points to (the URL to cite now). sha256_match: for a mirrored file,
    whether upstream bytes equal the local copy (None when not mirrored or not compared). checked: the
    date (YYYY-MM-DD) of the check, None if never checked. detail: a short reason. cited: "path:line" places.
    """

    url: str
    state: str
    status: int | None = None
    final_url: str | None = None
    sha256_match: bool | None = None
    checked: str | None = None
    detail: str = ""
    cited: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {"url": self.url, "state": self.state, "status": self.status, "final_url": self.final_url,
                "sha256_match": self.sha256_match, "checked": self.checked, "detail": self.detail,
                "cited": list(self.cited)}


class VerificationError(ValueError):
    """A results file that cannot be read; the message starts with file:line."""

    def __init__(self, path: str, line: int, message: str):
        self.path, self.line = path, line
        super().__init__(f"{path}:{line}: {message}\nA valid file looks like:\n{EXAMPLE}")


def dump_verification(results: dict[str, Result] | list[Result]) -> str:
    """The results file text: sorted by URL, stable keys, byte-identical for identical results."""
    items = results.values() if isinstance(results, dict) else results
    entries = [r.as_dict() for r in sorted(items, key=lambda r: r.url)]
    for e in entries:
        e["cited"] = sorted(set(e["cited"]), key=_where_key)
    body = yaml.safe_dump({"schema": SCHEMA, "sources": entries}, sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=100_000, indent=2)
    return HEADER + body


def _where_key(where: str) -> tuple[str, int]:
    path, _, line = where.rpartition(":")
    return (path, int(line)) if line.isdigit() else (where, 0)


def _value(node: yaml.Node, path: str):
    """A plain Python value for a scalar node (str, int, bool, None); other shapes raise."""
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode):
        raise VerificationError(path, line, f"expected a single value, found a {node.id}")
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "null":
        return None
    if tag == "bool":
        return node.value.lower() in ("true", "yes", "on")
    if tag == "int":
        try:
            return int(node.value)
        except ValueError:
            raise VerificationError(path, line, f"expected a whole number, found {node.value!r}") from None
    return node.value  # str, and timestamps kept as written


def load_verification(text: str, path: str) -> dict[str, Result]:
    """Read a results file (safe YAML, no aliases); any problem raises VerificationError at file:line."""
    try:
        root = compose_yaml(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise VerificationError(path, mark.line + 1 if mark else 1, f"not valid YAML: {e.problem}") from None
    except yaml.YAMLError as e:
        raise VerificationError(path, 1, f"not valid YAML: {e}") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise VerificationError(path, root.start_mark.line + 1, "expected a mapping with 'schema' and 'sources'")
    top = {_value(k, path): v for k, v in root.value}
    schema = top.get("schema")
    if schema is None or _value(schema, path) != SCHEMA:
        line = schema.start_mark.line + 1 if schema is not None else 1
        raise VerificationError(path, line, f"expected 'schema: {SCHEMA}'")
    sources = top.get("sources")
    if sources is None or (isinstance(sources, yaml.ScalarNode) and _value(sources, path) is None):
        return {}
    if not isinstance(sources, yaml.SequenceNode):
        raise VerificationError(path, sources.start_mark.line + 1, "expected 'sources:' to be a list")
    out: dict[str, Result] = {}
    for item in sources.value:
        r = _entry(item, path)
        if r.url in out:
            raise VerificationError(path, item.start_mark.line + 1, f"{r.url} is listed twice")
        out[r.url] = r
    return out


def _entry(item: yaml.Node, path: str) -> Result:
    line = item.start_mark.line + 1
    if not isinstance(item, yaml.MappingNode):
        raise VerificationError(path, line, f"expected an entry with keys {', '.join(KEYS)}, found a {item.id}")
    nodes = {}
    for k, v in item.value:
        key = _value(k, path)
        if key not in KEYS:
            raise VerificationError(path, k.start_mark.line + 1,
                                    f"unknown key {key!r}; expected one of {', '.join(KEYS)}")
        nodes[key] = v

    def where(key: str) -> int:
        return nodes[key].start_mark.line + 1 if key in nodes else line

    def get(key: str, types: tuple, required: bool = False):
        if key not in nodes:
            if required:
                raise VerificationError(path, line, f"entry has no '{key}'")
            return None
        v = _value(nodes[key], path)
        if v is not None and (not isinstance(v, types) or (isinstance(v, bool) and bool not in types)):
            raise VerificationError(path, where(key), f"'{key}': expected {' or '.join(t.__name__ for t in types)}, "
                                    f"found {v!r}")
        return v

    url = get("url", (str,), required=True)
    state = get("state", (str,), required=True)
    if state not in STATES:
        raise VerificationError(path, where("state"), f"'state': expected one of {', '.join(STATES)}, found {state!r}")
    status = get("status", (int,))
    final_url = get("final_url", (str,))
    match = get("sha256_match", (bool,))
    checked = get("checked", (str,))
    if checked is not None and not _DATE.match(checked):
        raise VerificationError(path, where("checked"), f"'checked': expected a date YYYY-MM-DD, found {checked!r}")
    detail = get("detail", (str,)) or ""
    cited: list[str] = []
    if "cited" in nodes and not (isinstance(nodes["cited"], yaml.ScalarNode) and _value(nodes["cited"], path) is None):
        if not isinstance(nodes["cited"], yaml.SequenceNode):
            raise VerificationError(path, where("cited"), "'cited': expected a list of path:line")
        for n in nodes["cited"].value:
            w = _value(n, path)
            if not isinstance(w, str) or not _WHERE.match(w):
                raise VerificationError(path, n.start_mark.line + 1, f"'cited': expected path:line, found {w!r}")
            cited.append(w)
    return Result(url=url, state=state, status=status, final_url=final_url, sha256_match=match, checked=checked,
                  detail=detail, cited=tuple(cited))


def source_state(url: str, results: dict[str, Result]) -> tuple[str, str, str]:
    """(state, short label, detail) of a URL for badges: "verified 2026-11-29", "moved → URL", "gone (404)"…"""
    r = results.get(url)
    if r is None or r.state == "not-checked":
        return "not-checked", "not checked yet", (r.detail if r else "")
    when = f"checked {r.checked}" if r.checked else ""
    status = f"HTTP {r.status}" if r.status is not None else ""

    def join(*parts: str) -> str:
        return "; ".join(p for p in parts if p)

    if r.state == "ok":
        return "ok", f"verified {r.checked}" if r.checked else "verified", join(status, r.detail)
    if r.state == "moved":
        return "moved", f"moved → {r.final_url}" if r.final_url else "moved", join(status, r.detail, when)
    if r.state == "gone":
        return "gone", f"gone ({r.status})" if r.status is not None else "gone", join(r.detail, when)
    if r.state == "changed":
        return "changed", "changed upstream since retrieval", join(
            "the upstream bytes differ from the mirrored copy (sha256)", when)
    if r.state == "refused":
        return "refused", "refused (not checked)", join(r.detail, when)
    return "error", "check failed", join(status, r.detail, when)
