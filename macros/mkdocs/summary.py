"""What the build log says once per build, and what it says only once per `mkdocs serve` process."""
from __future__ import annotations

from collections import Counter

from macros.export.report import diagnostics
from macros.model.codes import code_of
from macros.model.data import Diagnostic
from macros.pipeline import Site

#: notices about the build's surroundings (not the corpus): logged by the first build of a serve process
#: only, since a rebuild cannot change them; /health/ still lists them
ONCE_PER_PROCESS = frozenset({"site-url-local", "repo-url-missing", "git-history"})

#: where findings stand now (the buckets of their current states, which add up to all findings), in order
STATES = ("merged", "flagged", "updated", "superseded", "withdrawn", "error")


def already_said(d: Diagnostic, said: set[str]) -> bool:
    """True when `d` is a once-per-process notice this process has logged before (and remember it)."""
    if d.severity != "info" or code_of(d) not in ONCE_PER_PROCESS:
        return False
    key = str(d)
    if key in said:
        return True
    said.add(key)
    return False


def summary_line(site: Site, *, pages: int, seconds: float) -> str:
    """One line at the end of a build: pages, findings by state, diagnostics by level, time."""
    corpus = site.corpus
    states = Counter(corpus.state(f).bucket for f in corpus.findings)
    by_state = ", ".join(f"{states[s]} {s}" for s in STATES if states[s])
    levels = Counter(d.severity for d in diagnostics(site))
    found = f"{levels['error']} {_plural(levels['error'], 'error')}, {levels['warning']} " \
            f"{_plural(levels['warning'], 'warning')}, {levels['info']} {_plural(levels['info'], 'note')}"
    findings = f"{len(corpus.findings)} {_plural(len(corpus.findings), 'finding')}"
    return f"built {pages} {_plural(pages, 'page')}; {findings}" + (f" ({by_state})" if by_state else "") + \
        f"; {found}; {seconds:.1f} s"


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"
