"""Golden cases for the lane README reader (macros/laneread.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from support.golden_readers import check
from macros.read.lane import finding_anchor, read_lane
from support.paths import GOLDEN

CASES = sorted((GOLDEN / "laneread").glob("*.yaml"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_golden(case: Path):
    markdown = yaml.safe_load(case.read_text(encoding="utf-8"))["markdown"]
    check(case, read_lane(markdown))


def test_date_precision_is_kept():
    assert read_lane("# L\n\nDownloaded April 2026.\n").date == "April 2026"
    assert read_lane("# L\n\nResearch captured 2026-04-18.\n").date == "2026-04-18"
    assert read_lane("# L (as of 2026-04-18)\n\nFiles.\n").date == "2026-04-18"
    assert read_lane("# L\n\nFiles.\n").date is None


def test_finding_anchor_is_stable_ascii():
    assert finding_anchor("Ünïcode & `code` titles: stay stable") == "finding-unicode-code-titles-stay-stable"


def test_wide_table_is_not_a_file_table():
    facts = read_lane("# L\n\n| Runtime | Files |\n|---|---|\n| vllm | `a.py` |\n")
    assert facts.sections == ()
