"""The findings timeline (/findings/timeline/): what changed when, on one time axis.

Five kinds of mark, each linking to its finding, note or page: a finding's claim (its "as of" date or
when git first recorded it), its dated notes, the "later in the corpus" lines of the files it cites, its
re-check due date, and each day `make verify` checked sources. Marks carry their finding's state tokens
(the findings list's: status, `overdue`, the latest state) so that `?status=` filters them the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from macros.model.notes import note_fragments
from macros.text.plain import one_line as clean

if TYPE_CHECKING:
    from macros.model.data import Finding
    from macros.pipeline import Site
    from macros.views.links import PageLinks

TEXT_MAX = 160  # characters of a note or later line shown on a mark (the full text is one click away)
#: the most marks the page lists (about 0.5 KB each: the page stays under 100 KB); older months are listed
#: with their counts, and each finding's page keeps its own timeline
MARK_LIMIT = 140

KIND_LABELS = {"claim": "Claim", "update": "Update", "re-checked": "Re-checked", "superseded": "Superseded",
               "withdrawn": "Withdrawn", "later": "Later in the corpus", "due": "Re-check due",
               "verify": "Sources verified"}


@dataclass(frozen=True)
class Mark:
    day: date
    kind: str  # claim, update, re-checked, superseded, withdrawn, later, due, verify
    title: str  # plain text: "Finding 7: No Gemma 4 technical report PDF exists yet"
    text: str  # plain text, capped
    url: str  # site-root-relative, maybe with a #fragment
    states: str  # the filter tokens ("" for marks that belong to no finding)
    future: bool = False  # after the build date (a re-check not yet due)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def states(site: Site, f: Finding) -> str:
    """The findings list's filter tokens for a finding (its current state's, as macro finding_item writes)."""
    return " ".join(site.corpus.state(f).tokens)


def marks(site: Site) -> list[Mark]:
    """Every mark of the build, oldest first (same day: claims, notes, later lines, due dates, runs)."""
    tl = site.timeline  # assembled with the site (macros/timeline/collect.py)
    urls = site.plan.urls
    build = site.corpus.build_date
    out: list[Mark] = []
    later_seen: dict[tuple[str, int | None, date], int] = {}
    for f in site.corpus.findings:
        url, tokens = urls[("finding", f.id)], states(site, f)
        head = clean(f"Finding {f.number}: {f.title}", TEXT_MAX)
        state = site.corpus.state(f)
        claim = state.claim.date
        if claim is not None:
            out.append(Mark(claim, "claim", head, clean(f.summary, TEXT_MAX), url, tokens))
        for n, frag in zip(f.notes, note_fragments(f.notes), strict=True):
            out.append(Mark(n.date, n.kind, head, clean(n.text, TEXT_MAX), f"{url}#{frag}", tokens))
        for ln in tl.later(f):
            key = (ln.path, ln.line, ln.date)
            if key in later_seen:  # one line later than several findings: one mark, every finding's tokens
                i = later_seen[key]
                merged = " ".join(dict.fromkeys((out[i].states + " " + tokens).split()))
                out[i] = Mark(ln.date, "later", out[i].title, out[i].text, out[i].url, merged)
                continue
            later_seen[key] = len(out)
            page = tl.urls.get(ln.path, url)
            out.append(Mark(ln.date, "later", clean(f"In {ln.path.split('/', 1)[-1]} (after finding {f.number})",
                                                    TEXT_MAX), clean(ln.text, TEXT_MAX), page, tokens))
        if state.key not in ("superseded", "withdrawn"):  # the marker's due date, and a later one in force
            for due in dict.fromkeys(d for d in (state.recheck, state.due) if d is not None):
                out.append(Mark(due, "due", head, clean(f.reason or "", TEXT_MAX), url, tokens, future=due > build))
    out += _runs(site)
    order = {k: i for i, k in enumerate(KIND_LABELS)}
    out.sort(key=lambda m: (m.day, order[m.kind], m.url))
    return out


def _runs(site: Site) -> list[Mark]:
    """One mark per day the verification results record a check: how many sources, in which states."""
    s = site.sources
    if s is None or not s.results:
        return []
    days: dict[str, dict[str, int]] = {}
    for r in s.results.values():
        if r.checked:
            states_of_day = days.setdefault(r.checked, {})
            states_of_day[r.state] = states_of_day.get(r.state, 0) + 1
    health = site.plan.urls.get(("health", ""), "")
    out = []
    for day, by_state in sorted(days.items()):
        try:
            when = date.fromisoformat(day)
        except ValueError:
            continue
        total = sum(by_state.values())
        text = f"{total} source{'s' if total != 1 else ''} checked: " + ", ".join(
            f"{n} {state}" for state, n in sorted(by_state.items()))
        out.append(Mark(when, "verify", "Source verification run", text, health, ""))
    return out


@dataclass(frozen=True)
class Month:
    key: str  # YYYY-MM
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class Earlier:
    """A month whose marks the page does not list: how many of each kind."""

    key: str  # YYYY-MM
    total: int
    kinds: str  # "3 claims, 2 notes"


def timeline_context(links: PageLinks, spec) -> dict:
    """The timeline page: the newest months' marks (at most `MARK_LIMIT`), the older months' counts, the
    filter's counts, the build date."""
    site = links.site
    every = marks(site)
    by_month: dict[str, list[Mark]] = {}
    for m in every:
        by_month.setdefault(m.day.strftime("%Y-%m"), []).append(m)
    shown, earlier = _newest(by_month)
    kinds: dict[str, int] = {}
    for m in every:
        kinds[m.kind] = kinds.get(m.kind, 0) + 1
    return {"months": shown, "left_out": sum(e.total for e in earlier), "earlier": earlier,
            "counts": site.counts, "kinds": [(k, KIND_LABELS[k], kinds[k]) for k in KIND_LABELS if k in kinds],
            "total": len(every), "today": site.corpus.build_date}


def _newest(by_month: dict[str, list[Mark]]) -> tuple[list[Month], list[Earlier]]:
    """Whole months from the newest back while they fit in MARK_LIMIT (the newest month's newest marks when
    it alone does not), oldest first; the months before them, newest first, as counts."""
    keys = sorted(by_month)
    shown: list[Month] = []
    room = MARK_LIMIT
    while keys and (len(by_month[keys[-1]]) <= room or not shown):
        key = keys.pop()
        month = by_month[key][-room:]
        shown.insert(0, Month(key, tuple(month)))
        room -= len(month)
        if len(month) < len(by_month[key]):  # the newest month alone is over the limit: its older marks
            keys.append(key)
            by_month = {**by_month, key: by_month[key][:-len(month)]}
            break
    earlier = [Earlier(k, len(by_month[k]), _kinds(by_month[k])) for k in reversed(keys)]
    return shown, earlier


def _kinds(month: list[Mark]) -> str:
    n: dict[str, int] = {}
    for m in month:
        n[m.kind] = n.get(m.kind, 0) + 1
    return ", ".join(f"{KIND_LABELS[k].lower()}: {n[k]}" for k in KIND_LABELS if k in n)
