"""Golden cases for the prose brief reader (macros/briefread.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from support.golden_readers import check
from macros.read.brief import read_brief
from support.paths import GOLDEN

CASES = sorted((GOLDEN / "briefread").glob("*.yaml"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_golden(case: Path):
    markdown = yaml.safe_load(case.read_text(encoding="utf-8"))["markdown"]
    check(case, read_brief(markdown))


def test_front_matter_offset_moves_lines():
    facts = read_brief("# CodeGemma\n\nBuilt on **Gemma 1**.\n", line_offset=10)
    assert facts.title_line == 11 and facts.generations[0].line == 13


def test_no_gemma4_is_not_a_generation():
    facts = read_brief("# X\n\nNo Gemma 4 generation yet; built on Gemma 2.\n")
    assert [g.value for g in facts.generations] == ["Gemma 2"]
    assert facts.no_gemma4 is not None and facts.no_gemma4.line == 3


def test_missing_fields_are_listed():
    assert read_brief("# X\n\nSomething.\n").missing() == ("base generation", "sizes", "release date",
                                                           "model-card links")


def test_long_input_is_bounded():
    text = "# X\n\n" + ("built on " * 200_000) + "Gemma 2.\n"
    facts = read_brief(text)  # must return (bounded work), not hang
    assert facts.title == "X"
