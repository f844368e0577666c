"""`make serve`'s preview goes to memory when there is room (macros/fs/tmp.py, scripts/preview_tmpdir.py): it
writes every page again on each save."""
from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile

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


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, timeout=60, check=True)
    return int(done.stdout)


def test_a_folder_of_a_process_that_is_gone_is_swept_and_nothing_else(tmp_path):
    dead, me = _dead_pid(), os.getpid()
    for name in (f"pfx-{dead}-a", f"pfx-{me}-b", "pfx-notapid-c", f"other-{dead}-d", f"pfx-{dead}"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("x", encoding="utf-8")
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep").write_text("x", encoding="utf-8")
    (tmp_path / f"pfx-{dead}-link").symlink_to(target)  # a link is never followed
    (tmp_path / f"pfx-{dead}-file").write_text("x", encoding="utf-8")
    assert tmp.sweep_dead("pfx-", str(tmp_path)) == [f"pfx-{dead}-a"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["elsewhere", f"pfx-{me}-b", "pfx-notapid-c", f"other-{dead}-d", f"pfx-{dead}", f"pfx-{dead}-link",
         f"pfx-{dead}-file"])
    assert (target / "keep").is_file()


def test_an_owned_folder_goes_with_its_owner(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    class Owner:
        pass

    owner = Owner()
    folder = tmp.owned_tmpdir("pfx-", owner)
    assert folder.parent == tmp_path and folder.name.startswith(f"pfx-{os.getpid()}-")
    (folder / "deep").mkdir()
    (folder / "deep" / "page.html").write_text("x", encoding="utf-8")
    del owner
    gc.collect()
    assert not folder.exists()
