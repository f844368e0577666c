"""Provenance markers: `[merged: FILE — NOTE]` and `[flagged — REASON]`, and the re-check date a reason names."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from macros.text.plain import squash

MERGED_EXAMPLE = "**[merged: GOTCHAS.md — MEDIUM severity section]**"

_DASH_SPLIT = re.compile(r"\s+[—–-]\s+|\s*[—–]\s*")

_FILE_TOKEN = re.compile(r"^\s*`?(?P<file>[^\s`;—–]+?\.(?:md|markdown))`?(?=\s|$|[—–;,])", re.IGNORECASE)

_SEASONS = {"early": 4, "mid": 7, "late": 10}

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}

_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

_SEASON = re.compile(r"\b(early|mid|late)[-\s]?(\d{4})\b", re.IGNORECASE)

_MONTH = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{4})\b")


def _recheck(reason: str) -> tuple[date | None, str | None]:
    """(re-check date, None), or (None, what is wrong) when the reason names a date no calendar has."""
    m = _ISO.search(reason)
    if m:
        return _calendar(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(0))
    m = _SEASON.search(reason)
    if m:
        return _calendar(int(m.group(2)), _SEASONS[m.group(1).lower()], 1, m.group(0))
    for m in _MONTH.finditer(reason):
        month = _MONTHS.get(m.group(1).lower())
        if month:
            year = int(m.group(2))
            return _calendar(year + 1, 1, 1, m.group(0)) if month == 12 else _calendar(year, month + 1, 1, m.group(0))
    return None, None


def _calendar(year: int, month: int, day: int, written: str) -> tuple[date | None, str | None]:
    try:
        return date(year, month, day), None
    except (ValueError, OverflowError):
        return None, (f"the re-check time {written!r} is not a date the calendar can show (years 1 to 9998, "
                      "real months and days): no due date is set; write e.g. 'check back mid-2027'")


def recheck_date(reason: str) -> date | None:
    """The re-check date a flag reason names: early/mid/late YYYY, Month YYYY, or an ISO date."""
    return _recheck(reason)[0]


def recheck_problem(reason: str) -> str | None:
    """Why a flag reason's re-check time gives no date (out of the calendar's range), or None."""
    return _recheck(reason)[1]


@dataclass(frozen=True)
class Marker:
    status: str  # merged | flagged
    raw: str
    targets: tuple[tuple[str, str | None], ...] = ()  # (file, note)
    reason: str | None = None


@dataclass(frozen=True)
class MarkerSpan:
    """Where the last marker group sits in plain text; `closed` is False when its `]` never comes."""

    start: int
    end: int
    closed: bool = True


def find_marker(text: str) -> MarkerSpan | None:
    """Locate the last `[merged:`/`[flagged` group in plain text; None when there is none.

    An unterminated group is a span to the end of the text with `closed=False`.
    """
    lower = text.lower()
    start = max(lower.rfind("[merged:"), lower.rfind("[merged "), lower.rfind("[flagged"))
    if start < 0:
        return None
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return MarkerSpan(start, i + 1)
    return MarkerSpan(start, len(text), closed=False)


def parse_marker(raw: str) -> Marker:
    """Split a marker (with brackets) into status, targets and reason. Raises ValueError."""
    inner = squash(raw[1:-1])
    status, rest = inner[:7].lower(), inner[7:]
    if status.startswith("merged"):
        return Marker("merged", raw, _parse_targets(inner[6:].lstrip(" :").strip()))
    if status == "flagged":
        reason = re.sub(r"^[—–:-]+\s*", "", rest.strip()).strip()
        return Marker("flagged", raw, reason=reason or None)
    raise ValueError("marker must start with 'merged:' or 'flagged'")


def _parse_targets(text: str) -> tuple[tuple[str, str | None], ...]:
    if not text:
        raise ValueError("merged marker names no target file")
    targets: list[list] = []
    for segment in text.split(";"):
        segment = segment.strip()
        m = _FILE_TOKEN.match(segment)
        if not m:
            if not targets:
                raise ValueError(f"expected a doc file name (FILE.md) at the start, found {segment!r}")
            if segment:
                prev_note = targets[-1][1]
                targets[-1][1] = f"{prev_note}; {segment}" if prev_note else segment
            continue
        files_part = segment
        note: str | None = None
        parts = _DASH_SPLIT.split(segment, maxsplit=1)
        if len(parts) == 2:
            files_part, note = parts[0], parts[1].strip() or None
        files = [f.strip(" `") for f in re.split(r"\s+and\s+|\s*,\s*", files_part.strip())]
        if not all(_FILE_TOKEN.match(f) for f in files):
            files = [m.group("file")]
            note = squash(segment[m.end():].lstrip(" —–-")) or note
        for i, f in enumerate(files):
            targets.append([f, note if i == len(files) - 1 else None])
    return tuple((f, n) for f, n in targets)
