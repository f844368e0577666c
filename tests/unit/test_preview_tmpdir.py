"""`make serve`'s preview goes to memory when there is room (macros/fs/tmp.py, scripts/preview_tmpdir.py): it
writes every page again on each save."""
from __future__ import annotations

import os
import subprocess
import sys

from support.paths import ROOT
from macros.fs import tmp


def test_memory_when_it_has_room_else_the_default_and_a_users_tmpdir_always(tmp_path, monkeypatch):
    shm = tmp_path / "shm"
    shm.mkdir()
    monkeypatch.setattr(tmp, "MIN_FREE", 1)
    assert tmp.memory_tmpdir({}, str(shm)) == str(shm)
    assert tmp.memory_tmpdir({"TMPDIR": "/var/tmp"}, str(shm)) is None  # tempfile then uses the user's
    assert tmp.memory_tmpdir({"TMPDIR": ""}, str(shm)) == str(shm)
    assert tmp.memory_tmpdir({}, str(tmp_path / "missing")) is None
    monkeypatch.setattr(tmp, "MIN_FREE", 1 << 62)  # no room (a container's 64 MB /dev/shm, say)
    assert tmp.memory_tmpdir({}, str(shm)) is None


def test_make_serve_gives_mkdocs_serve_the_same_choice():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert 'TMPDIR="$$($(BIN)/python scripts/preview_tmpdir.py)" $(BIN)/mkdocs serve' in makefile
    script = [sys.executable, str(ROOT / "scripts" / "preview_tmpdir.py")]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    run = subprocess.run(script, capture_output=True, text=True, timeout=60, env={**env, "TMPDIR": "/var/tmp"})
    assert run.returncode == 0 and run.stdout.strip() == "/var/tmp"  # the user's, kept
    run = subprocess.run(script, capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 0 and run.stdout.strip() == (tmp.memory_tmpdir({}) or "")
