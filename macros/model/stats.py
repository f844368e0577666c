"""Statistics of a corpus: the counts the home page and the health page show."""
from __future__ import annotations

from macros.model.data import Corpus


def counts(corpus: Corpus) -> dict:
    fs = corpus.findings
    return {
        "lanes": len(corpus.lanes),
        "artifacts": len(corpus.artifacts),
        "mirrored": sum(1 for a in corpus.artifacts if a.on_disk),
        "findings": len(fs),
        "merged": sum(1 for f in fs if f.status == "merged"),
        "flagged": sum(1 for f in fs if f.status == "flagged"),
        "error": sum(1 for f in fs if f.status == "error"),
        "overdue": sum(1 for f in fs if corpus.overdue(f)),
        "briefs": len(corpus.briefs),
        "docs": len(corpus.docs),
        # findings whose notes put them in a later state (the list's state filter)
        "states": {key: sum(1 for f in fs if f.notes and corpus.state(f).key == key) for key in LATER_STATES},
    }


#: the states a note can put a finding in, in the order the filter shows them
LATER_STATES = ("updated", "re-checked", "superseded", "withdrawn")
