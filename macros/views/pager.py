"""Pages of a long list (the findings, the sibling-model catalog): which slice a page shows and its links.

Page 1 keeps the list's URL; page k is <list>/page/<k>/ (macros.plan.pages.list_page_url). Each link to a
page of the findings carries how many of its findings are in each state, so the list's filter can say on
which pages the rest of its matches are (overrides/assets/corpus.js).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Sequence, TypeVar

from macros.plan.paging import PER_PAGE, page_count

T = TypeVar("T")


@dataclass(frozen=True)
class PagerLink:
    number: int
    href: str
    current: bool
    first: int  # the first and last item numbers on that page (1-based)
    last: int
    states: str = ""  # JSON {state: count} of that page's items, for the filter


@dataclass(frozen=True)
class Pager:
    current: int
    links: tuple[PagerLink, ...] = field(default_factory=tuple)

    @property
    def prev(self) -> PagerLink | None:
        return self.links[self.current - 2] if self.current > 1 else None

    @property
    def next(self) -> PagerLink | None:
        return self.links[self.current] if self.current < len(self.links) else None

    @property
    def many(self) -> bool:
        return len(self.links) > 1


def page_number(key: str) -> int:
    """The page number from a list page's key ("" is page 1)."""
    return int(key) if key.isdigit() else 1


def page_slice(items: Sequence[T], number: int, per: int = PER_PAGE) -> Sequence[T]:
    return items[(number - 1) * per: number * per]


def pager(items: Sequence[T], number: int, href: Callable[[int], str],
          states: Callable[[T], Sequence[str]] | None = None, per: int = PER_PAGE) -> Pager:
    """The pager of page `number` of `items`; `href(k)` links page k from the current page; `states(item)`
    gives an item's filter tokens (the link then carries the per-state counts of its page)."""
    links = []
    for k in range(1, page_count(len(items), per) + 1):
        chunk = page_slice(items, k, per)
        counts: dict[str, int] = {}
        for item in chunk if states is not None else ():
            for s in states(item):
                counts[s] = counts.get(s, 0) + 1
        links.append(PagerLink(k, href(k), k == number, (k - 1) * per + 1, (k - 1) * per + len(chunk),
                               json.dumps(dict(sorted(counts.items())), separators=(",", ":")) if states else ""))
    return Pager(number, tuple(links))
