"""Link cards of a cold build are drawn beside it (macros/mkdocs/linkcards.py): a process of their own draws
the findings' cards into the cache while the build renders pages; the build copies them afterwards and
draws whatever that process did not (it failed, it could not start)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from support.paths import ROOT
from support.project import assemble
from macros.mkdocs import linkcards
from macros.mkdocs.state import CorpusBuild
from macros.render import cards


@pytest.fixture(scope="module")
def site():
    return assemble(ROOT)


def _state(site, tmp_path) -> CorpusBuild:
    state = CorpusBuild(settings=None, project=tmp_path, site=site)
    state.cards = {f"cards/{f.id}.png": linkcards.finding_fields(site, f) for f in site.corpus.findings}
    return state


def test_a_cold_build_draws_the_finding_cards_beside_itself(site, tmp_path, monkeypatch):
    monkeypatch.setattr(linkcards.os, "cpu_count", lambda: 2)
    state = _state(site, tmp_path)
    linkcards.start_drawing(state)
    assert state.drawing is not None
    proc, jobs, _, _ = state.drawing
    proc.wait(120)  # (else the build draws its share from the end: test_the_build_draws_from_the_end…)
    drawn_here = linkcards.write_cards(state, tmp_path / "site")
    assert drawn_here == 0  # every card came from the process beside the build
    assert state.drawing is None and not jobs.exists()  # its list of cards is deleted
    for path, fields in state.cards.items():
        assert (tmp_path / "site" / path).read_bytes() == cards.card_png(**fields)
    warm = _state(site, tmp_path)
    linkcards.start_drawing(warm)
    assert warm.drawing is None  # nothing missing: no process


@pytest.mark.parametrize("breakage", ["cannot start", "fails"])
def test_the_build_draws_every_card_when_the_process_beside_it_does_not(site, tmp_path, monkeypatch, breakage):
    monkeypatch.setattr(linkcards.os, "cpu_count", lambda: 2)
    if breakage == "cannot start":
        def refuse(*args, **kwargs):
            raise OSError("no processes left")
        monkeypatch.setattr(linkcards.subprocess, "Popen", refuse)
    else:
        monkeypatch.setattr(linkcards.sys, "executable", "/bin/false")
    state = _state(site, tmp_path)
    linkcards.start_drawing(state)
    assert linkcards.write_cards(state, tmp_path / "site") == len(state.cards)
    for path, fields in state.cards.items():
        assert (tmp_path / "site" / path).read_bytes() == cards.card_png(**fields)


def test_one_core_draws_after_the_build(site, tmp_path, monkeypatch):
    monkeypatch.setattr(linkcards.os, "cpu_count", lambda: 1)
    state = _state(site, tmp_path)
    linkcards.start_drawing(state)
    assert state.drawing is None


def test_the_card_command_draws_what_its_jobs_list_and_nothing_twice(site, tmp_path):
    jobs = [linkcards.finding_fields(site, f) for f in site.corpus.findings[:3]]
    (tmp_path / "jobs.json").write_text(json.dumps(jobs + jobs[:1]), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "macros.render.cards", str(tmp_path / "c"), str(tmp_path / "jobs.json")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert sorted(p.stem for p in (tmp_path / "c").glob("*.png")) == sorted({cards.cache_key(**j) for j in jobs})
    assert subprocess.run([sys.executable, "-m", "macros.render.cards"], cwd=ROOT, capture_output=True).returncode == 2


def test_the_build_draws_from_the_end_until_it_meets_the_process(site, tmp_path):
    todo = {cards.cache_key(**f): f for f in (linkcards.finding_fields(site, f) for f in site.corpus.findings)}
    keys = list(todo)
    cache = tmp_path / "c"
    cards._store(cache, keys[4], cards.card_png(**todo[keys[4]]))  # the process beside got this far
    assert cards.draw_until_drawn(cache, todo) == len(keys) - 5
    assert sorted(p.stem for p in cache.glob("*.png")) == sorted(keys[4:])
    assert cards.draw_until_drawn(cache, todo) == 0  # met at once: nothing drawn twice
    # and the process skips what the build drew meanwhile: it draws the first four only
    (tmp_path / "jobs.json").write_text(json.dumps(list(todo.values())), encoding="utf-8")
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.png")}
    run = subprocess.run([sys.executable, "-m", "macros.render.cards", str(cache), str(tmp_path / "jobs.json")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.png") if p.name in before} == before
    assert sorted(p.stem for p in cache.glob("*.png")) == sorted(keys)
    for key in keys:
        assert (cache / f"{key}.png").read_bytes() == cards.card_png(**todo[key])
