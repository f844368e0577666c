"""The golden-file switch: comparing fails on a difference; updating rewrites only what it should."""
from __future__ import annotations

import pytest
import yaml

from support.golden_util import Golden
from support.paths import TESTS


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


def test_pytest_update_goldens_rewrites_a_stale_case_file(tmp_path):
    """The switch end to end: on a copy of the tests with one stale expectation, plain pytest fails,
    `pytest --update-goldens` rewrites that file (and only it), and plain pytest passes again."""
    import shutil
    import subprocess
    import sys

    tests = TESTS
    copy = tmp_path / "tests"
    copy.mkdir()
    shutil.copy(tests / "conftest.py", copy / "conftest.py")
    shutil.copytree(tests / "support", copy / "support", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(tests / "unit" / "read" / "test_index.py", copy / "test_index.py")
    cases = copy / "golden" / "cases"
    shutil.copytree(tests / "golden" / "cases", cases)
    stale = cases / "crlf.yaml"
    data = yaml.safe_load(stale.read_text(encoding="utf-8"))
    right = data["expect"]["findings"][0]["title"]
    data["expect"]["findings"][0]["title"] = "A stale title"
    stale.write_text("# what the case is about\n" + yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    untouched = {p.name: p.read_bytes() for p in cases.iterdir() if p != stale}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir",
                               str(tmp_path), "-c", "/dev/null", str(copy / "test_index.py"), "-k", "golden_case",
                               *args], cwd=tmp_path, capture_output=True, text=True, timeout=300)

    failed = run()
    assert failed.returncode == 1 and "crlf" in failed.stdout, failed.stdout[-2000:]
    updated = run("--update-goldens")
    assert updated.returncode == 0, updated.stdout[-2000:]
    text = stale.read_text(encoding="utf-8")
    assert text.startswith("# what the case is about\n")
    assert yaml.safe_load(text)["expect"]["findings"][0]["title"] == right
    assert {p.name: p.read_bytes() for p in cases.iterdir() if p != stale} == untouched
    assert run().returncode == 0
