"""The golden-file switch: comparing fails on a difference; updating rewrites only what it should."""
from __future__ import annotations

import pytest
import yaml

from golden_util import Golden


def test_compare_fails_on_a_difference(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(yaml.safe_dump({"a": 1}), encoding="utf-8")
    Golden(update=False).check(path, {"a": 1})
    with pytest.raises(AssertionError, match="--update-goldens"):
        Golden(update=False).check(path, {"a": 2})


def test_update_rewrites_the_expectation_and_keeps_the_input(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump({"index": "# X\n", "expect": {"lanes": ["old"]}}), encoding="utf-8")
    got = {"lanes": ["new"], "findings": [], "diagnostics": []}
    with pytest.raises(AssertionError):
        Golden(update=False).check(path, got, key="expect")
    Golden(update=True).check(path, got, key="expect")
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == {"index": "# X\n", "expect": {"lanes": ["new"]}}
    Golden(update=False).check(path, got, key="expect")


def test_the_option_reaches_the_fixture(golden, request):
    assert golden.update is request.config.getoption("--update-goldens")
