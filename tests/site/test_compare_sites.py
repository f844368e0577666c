"""scripts/compare_sites.py: the byte-identical check a refactor proves itself with."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from support.paths import ROOT

_spec = importlib.util.spec_from_file_location("compare_sites", ROOT / "scripts" / "compare_sites.py")
compare_sites = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare_sites)

OLD = "120b2eb73e5302f7cbebf78b8b23a4d1589e1dbb"
NEW = "6f237d13f96b75b7db20e176524bb888b64223b5"


def _site(root: Path, commit: str, body: str = "same") -> Path:
    root.mkdir()
    (root / "index.html").write_text(f'<a href="/tree/{commit}">{commit[:12]}</a>{body}', encoding="utf-8")
    return root


def test_commit_hashes_differ_unless_ignored(tmp_path):
    a, b = _site(tmp_path / "a", OLD), _site(tmp_path / "b", NEW)
    assert compare_sites.differences(a, b) == ["differs: index.html"]
    assert compare_sites.differences(a, b, ignore_commit=True) == []


def test_ignoring_commits_still_finds_other_changes(tmp_path):
    a, b = _site(tmp_path / "a", OLD), _site(tmp_path / "b", NEW, body="changed")
    assert compare_sites.differences(a, b, ignore_commit=True) == ["differs: index.html"]
