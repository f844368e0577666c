"""Statistics of a corpus: the counts the home page and the health page show."""
from __future__ import annotations

from macros.model.data import Corpus


def counts(corpus: Corpus) -> dict:
    """The home page's and the list's counts, all from the findings' current states: merged + flagged +
    updated + superseded + withdrawn (+ errors) add up to the findings; overdue and answered are parts."""
    fs = corpus.findings
    states = [corpus.state(f) for f in fs]
    bucket = {name: sum(1 for s in states if s.bucket == name) for name in BUCKET_ORDER}
    return {
        "lanes": len(corpus.lanes),
        "artifacts": len(corpus.artifacts),
        "mirrored": sum(1 for a in corpus.artifacts if a.on_disk),
        "findings": len(fs),
        **bucket,
        "overdue": sum(1 for s in states if s.overdue),
        "answered": sum(1 for s in states if s.answered),
        "original": {st: sum(1 for f in fs if f.status == st) for st in ("merged", "flagged", "error")},
        "briefs": len(corpus.briefs),
        "docs": len(corpus.docs),
        # the later states, for the list's filter buttons (a button per state some finding is in); "re-checked"
        # is any re-check, whatever it found (the first release's filter value)
        "states": {key: sum(1 for s in states if key in s.tokens) for key in LATER_STATES},
    }


#: the buckets of the counts, in the order the home page shows them
BUCKET_ORDER = ("merged", "flagged", "updated", "superseded", "withdrawn", "error")
#: the states a note can put a finding in that have a filter button of their own
LATER_STATES = ("updated", "re-checked", "superseded", "withdrawn")
