"""The benchmark machinery runs end to end at 1x (one run, ours + plain): no timing assertions."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from support.paths import ROOT

KEYS = ("ours_s", "plain_s", "zensical_s", "corpus_stage_s", "peak_rss_mb", "pages", "site_bytes",
        "max_page_bytes", "search_index_bytes", "ours_over_plain", "ours_over_zensical")


def test_bench_smoke(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, "-m", "bench", "--scales", "1", "--runs", "1", "--tools", "ours", "plain", "edited",
                           "--no-serve", "--no-adversarial", "--no-search", "--work", str(tmp_path / "work"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    res = json.loads(out.read_text(encoding="utf-8"))
    row = res["scales"]["1"]
    for key in KEYS:
        assert key in row, key
    assert "scale_ratio" in res and "serve_rebuild_s" in res and "targets" in res
    for tool in ("ours", "plain", "edited"):
        assert row["builds"][tool]["ok"] is True, row["builds"][tool]
    assert row["edited_s"] > 0 and row["cpu_edited_over_plain"] > 0
    assert row["ours_s"] > 0 and row["plain_s"] > 0 and row["corpus_stage_s"] > 0
    assert row["pages"] == row["builds"]["plain"]["pages"] > 90
    assert row["search_index_bytes"] > 0 and row["max_page_bytes"] > 0
    counts = row["counts"]
    assert (counts["lanes"], counts["artifacts"], counts["briefs"], counts["findings"], counts["docs"]) == (5, 62, 14, 13, 5)
    assert "| ours / plain |" in proc.stdout


def test_synth_is_deterministic(tmp_path):
    sys.path.insert(0, str(ROOT))
    from bench.synth import write_corpus

    write_corpus(tmp_path / "a", 1)
    write_corpus(tmp_path / "b", 1)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a" / "tooling").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b" / "tooling").rglob("*") if p.is_file())
    assert files_a == files_b and len(files_a) > 50
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_serve_saves_are_spread_over_one_poll_of_the_watcher():
    """The serve benchmark saves at moments spread evenly over the watcher's poll (never phase-locked to
    it by its own idle check, which looks as often as the watcher polls)."""
    sys.path.insert(0, str(ROOT))
    from bench.runs import POLL_S, save_moments

    for n in (1, 3, 5):
        moments = save_moments(n)
        assert len(moments) == n and all(0 <= m < POLL_S for m in moments)
        gaps = [b - a for a, b in zip(moments, moments[1:], strict=False)]
        assert all(abs(g - POLL_S / n) < 1e-9 for g in gaps)  # evenly spread, one per n-th of the poll
    assert save_moments(1) == [POLL_S / 2]  # one save: the middle of a poll


def test_an_edited_build_changes_one_brief_by_one_sentence(tmp_path):
    sys.path.insert(0, str(ROOT))
    from bench.runs import EDIT_MARK, edit_one_brief
    from bench.synth import write_corpus

    write_corpus(tmp_path / "p", 1)
    before = {p: p.read_text(encoding="utf-8") for p in (tmp_path / "p" / "tooling").rglob("*.md")}
    brief = edit_one_brief(tmp_path / "p", 0)
    brief = edit_one_brief(tmp_path / "p", 1)
    after = {p: p.read_text(encoding="utf-8") for p in before}
    assert [p for p in before if before[p] != after[p]] == [brief] and brief.parent.name == "gemma-family"
    assert after[brief].count(EDIT_MARK) == 1 and after[brief].rstrip().endswith(f"{EDIT_MARK}1.")
