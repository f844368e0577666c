"""`make serve` gives `mkdocs serve` a temporary folder in memory when there is room (scripts/preview_tmpdir.py):
the preview writes every page again on each save, and a slow disk made that most of a large rebuild."""
from __future__ import annotations

import importlib.util
import subprocess
import sys

from support.paths import ROOT

_spec = importlib.util.spec_from_file_location("preview_tmpdir", ROOT / "scripts" / "preview_tmpdir.py")
preview = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(preview)


def test_memory_when_it_has_room_else_the_default_and_a_users_tmpdir_always(tmp_path, monkeypatch):
    shm = tmp_path / "shm"
    shm.mkdir()
    monkeypatch.setattr(preview, "MIN_FREE", 1)
    assert preview.preview_tmpdir({}, str(shm)) == str(shm)
    assert preview.preview_tmpdir({"TMPDIR": "/var/tmp"}, str(shm)) == "/var/tmp"  # the user's choice stays
    assert preview.preview_tmpdir({"TMPDIR": ""}, str(shm)) == str(shm)
    assert preview.preview_tmpdir({}, str(tmp_path / "missing")) == ""
    monkeypatch.setattr(preview, "MIN_FREE", 1 << 62)  # no room (a container's 64 MB /dev/shm, say)
    assert preview.preview_tmpdir({}, str(shm)) == ""
    shm.chmod(0o500)
    try:
        monkeypatch.setattr(preview, "MIN_FREE", 1)
        if not preview.os.access(str(shm), preview.os.W_OK):  # (root may write anywhere)
            assert preview.preview_tmpdir({}, str(shm)) == ""
    finally:
        shm.chmod(0o700)


def test_the_makefile_serves_with_it():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert 'TMPDIR="$$($(BIN)/python scripts/preview_tmpdir.py)" $(BIN)/mkdocs serve' in makefile
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "preview_tmpdir.py")], capture_output=True,
                         text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "TMPDIR": "/var/tmp"})
    assert run.returncode == 0 and run.stdout.strip() == "/var/tmp"
