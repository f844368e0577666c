"""Addresses under findings/ that are not finding pages: number shortcuts and retitled findings. Pure.

- `findings/7/` leads to finding 7 (a redirect page). Numbers are reserved names under findings/: a real
  finding id or alias that happens to be a number keeps its page, the shortcut is left out.
- A finding id that was published (the record, or seen earlier in this `mkdocs serve` process) but is
  now neither an id nor an alias gets a page saying where the finding probably is now: the finding whose
  title words are closest. It is a guess, so the page links, it does not redirect; the build still reports
  the missing id (macros/ids.py) until the maintainer adds the alias.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from macros.load.record import closest
from macros.model.data import Finding

SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,127}")
MOVED_LIMIT = 200  # pages written for vanished ids per build: a huge hostile record stays cheap


@dataclass(frozen=True)
class Moved:
    old_id: str
    finding: Finding  # the finding with the closest title
    old_title: str | None  # when known (seen earlier in this serve process)


def taken(findings: Iterable[Finding]) -> set[str]:
    """Every name under findings/ that a finding page or an alias redirect uses."""
    names: set[str] = set()
    for f in findings:
        names.add(f.id)
        names.update(f.aliases)
    return names


def number_shortcuts(findings: list[Finding]) -> list[tuple[str, Finding]]:
    """(name, finding) for each `findings/<number>/` page to write: never a name a finding or alias uses."""
    used = taken(findings)
    return [(str(f.number), f) for f in findings if str(f.number) not in used]


def moved(findings: list[Finding], published: Iterable[str], seen: dict[str, str] | None = None) -> list[Moved]:
    """The vanished ids (published or seen, now neither an id nor an alias) with their likely new finding."""
    if not findings:
        return []
    used = taken(findings) | {str(f.number) for f in findings}
    seen = seen or {}
    out: list[Moved] = []
    for old in dict.fromkeys([*published, *seen]):
        if old in used or not SAFE_ID.fullmatch(old) or old.isdigit():
            continue
        if len(out) >= MOVED_LIMIT:
            break
        title = seen.get(old)
        target = closest(f"{old} {title or ''}", findings)
        if target is not None:
            out.append(Moved(old, target, title))
    return out
