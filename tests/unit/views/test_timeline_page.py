"""The timeline page lists the newest whole months up to MARK_LIMIT marks and counts the older ones."""
from __future__ import annotations

from datetime import date

from macros.views.timeline import MARK_LIMIT, Mark, _newest


def _marks(month: int, n: int, kind: str = "claim") -> list[Mark]:
    return [Mark(date(2026, month, 1 + i % 28), kind, "x", "", "findings/x/", "") for i in range(n)]


def test_whole_months_from_the_newest_back_while_they_fit():
    by_month = {"2026-01": _marks(1, 5), "2026-02": _marks(2, MARK_LIMIT - 10, "update"), "2026-03": _marks(3, 8)}
    shown, earlier = _newest(by_month)
    assert [m.key for m in shown] == ["2026-02", "2026-03"]
    assert sum(len(m.marks) for m in shown) == MARK_LIMIT - 2
    assert [(e.key, e.total, e.kinds) for e in earlier] == [("2026-01", 5, "claim: 5")]


def test_a_newest_month_over_the_limit_shows_its_newest_marks_and_counts_the_rest():
    big = _marks(3, MARK_LIMIT + 7)
    shown, earlier = _newest({"2026-02": _marks(2, 3), "2026-03": big})
    assert [m.key for m in shown] == ["2026-03"] and shown[0].marks == tuple(big[7:])
    assert [(e.key, e.total) for e in earlier] == [("2026-03", 7), ("2026-02", 3)]


def test_a_small_timeline_is_listed_whole():
    shown, earlier = _newest({"2026-02": _marks(2, 3), "2026-03": _marks(3, 4)})
    assert [len(m.marks) for m in shown] == [3, 4] and earlier == []
