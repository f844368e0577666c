"""The search index in parts (macros/export/search_parts.py): Pagefind's memory grows with what one run
indexes, so a large site is indexed in parts, each kept in the cache by what it was made from."""
from __future__ import annotations

import json
import os
from pathlib import Path

from macros.export import search_parts as parts
from macros.export.search import write_pagefind
from macros.export.search_parts import Staged
from support.pagefind_index import by_url, folders, fragments


def _pages(n: int, size: int = 100) -> list[Staged]:
    return [Staged(f"p{i}/index.html", size, f"d{i}") for i in range(n)]


def test_parts_are_as_many_as_the_bytes_need_and_a_page_stays_in_its_part():
    assert len(parts.split(_pages(50), part_bytes=10_000)) == 1
    split = parts.split(_pages(50), part_bytes=1_000)
    assert len(split) == 5 and sorted(p.rel for part in split for p in part) == sorted(p.rel for p in _pages(50))
    assert all(part for part in split)
    # a page's part depends on its path alone: another text, or another page, does not move it
    where = {p.rel: i for i, part in enumerate(split) for p in part}
    edited = [Staged(p.rel, p.size, p.digest + "x") for p in _pages(50)]
    assert {p.rel: i for i, part in enumerate(parts.split(edited, 1_000)) for p in part} == where


def test_no_empty_part_and_one_for_an_empty_site():
    assert parts.split([], part_bytes=1) == [[]]
    assert len(parts.split(_pages(3, size=10**9), part_bytes=1)) <= 3  # never more parts than pages
    assert all(parts.split(_pages(3, size=10**9), part_bytes=1))


class FakeRun:
    def __init__(self):
        self.runs: list[list[str]] = []

    def __call__(self, site: Path, target: Path) -> None:
        pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
        self.runs.append(pages)
        target.mkdir(parents=True, exist_ok=True)
        for name in ("pagefind.js", "wasm.en.pagefind", "pagefind-entry.json"):
            (target / name).write_text(json.dumps(pages), encoding="utf-8")


def _stage(work: Path, texts: dict[str, str]) -> list[Staged]:
    staged = []
    for rel, text in texts.items():
        path = work / "site" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        staged.append(Staged(rel, len(text), text))
    return staged


def test_parts_are_laid_out_listed_and_reused_from_the_cache(tmp_path):
    from macros.fs.cache import FolderCache

    texts = {f"p{i}/index.html": f"page {i} " * 20 for i in range(12)}
    cache = FolderCache(tmp_path / "cache", parts.SUFFIX)
    run = FakeRun()
    out = tmp_path / "out1"
    keys = parts.write(tmp_path / "w1", _stage(tmp_path / "w1", texts), out, run, "settings", cache, 400)
    count = len(keys)
    assert count >= 3 and len(run.runs) == count
    assert json.loads((out / parts.MANIFEST).read_text()) == {"parts": [f"parts/{n}/" for n in range(1, count)]}
    assert (out / "pagefind.js").is_file() and (out / "wasm.en.pagefind").is_file()
    for n in range(1, count):  # a merged part uses the primary's script and WebAssembly module
        assert sorted(p.name for p in (out / "parts" / str(n)).iterdir()) == ["pagefind-entry.json"]
    indexed = [page for n in range(count) for page in json.loads(
        ((out / "parts" / str(n)) if n else out).joinpath("pagefind-entry.json").read_text())]
    assert sorted(indexed) == sorted(texts)  # every page in one part

    # the same pages again: every part from the cache, no run
    run2 = FakeRun()
    out2 = tmp_path / "out2"
    assert parts.write(tmp_path / "w2", _stage(tmp_path / "w2", texts), out2, run2, "settings", cache, 400) == keys
    assert run2.runs == []
    assert sorted(p.relative_to(out2) for p in out2.rglob("*")) == sorted(p.relative_to(out) for p in out.rglob("*"))

    # one page edited: only its part is indexed again
    texts["p3/index.html"] = "an edited page " * 10
    run3 = FakeRun()
    keys3 = parts.write(tmp_path / "w3", _stage(tmp_path / "w3", texts), tmp_path / "out3", run3, "settings",
                        cache, 400)
    assert len(run3.runs) == 1 and "p3/index.html" in run3.runs[0]
    assert len(set(keys3) - set(keys)) == 1

    # other settings (another binary, our code changed): indexed again
    run4 = FakeRun()
    parts.write(tmp_path / "w4", _stage(tmp_path / "w4", texts), tmp_path / "out4", run4, "other", cache, 400)
    assert len(run4.runs) == count


def _site(tmp_path: Path, n: int) -> Path:
    site = tmp_path / "site"
    for i in range(n):
        (site / f"p{i}").mkdir(parents=True)
        (site / f"p{i}" / "index.html").write_text(
            '<html lang="en"><title>T</title><body><article class="md-content__inner md-typeset">'
            f"<h1>Page {i}</h1><p>{'filler words ' * 40} marker{i}</p></article></body></html>", encoding="utf-8")
    return site


def test_a_site_indexed_in_parts_holds_every_page_once_and_the_cache_is_pruned(tmp_path):
    site = _site(tmp_path, 9)
    cache = tmp_path / "cache"
    assert write_pagefind(site, cache_dir=cache, part_bytes=1500) == 9
    manifest = json.loads((site / "pagefind" / parts.MANIFEST).read_text())
    assert len(manifest["parts"]) >= 2
    assert [f.name for f in folders(site)[1:]] == [p.strip("/").split("/")[-1] for p in manifest["parts"]]
    urls = [f["url"] for f in fragments(site)]
    assert sorted(urls) == sorted(f"/p{i}/" for i in range(9))  # every page once
    assert "marker4" in by_url(site)["p4/"]["content"]
    assert len(list(cache.iterdir())) == len(manifest["parts"]) + 1
    # an unused entry is pruned once it is old (the grace spares a build beside this one)
    stale = cache / ("0" * 64 + parts.SUFFIX)
    stale.mkdir()
    os.utime(stale, (0, 0))
    write_pagefind(site, cache_dir=cache, part_bytes=1500)
    assert not stale.exists() and len(list(cache.iterdir())) == len(manifest["parts"]) + 1


def test_a_site_whose_index_the_cache_has_is_not_staged_on_disk(tmp_path, monkeypatch):
    site = _site(tmp_path, 4)
    written: list[str] = []
    real = parts.Stage._write
    monkeypatch.setattr(parts.Stage, "_write", lambda self, rel, data: written.append(rel) or real(self, rel, data))
    cache = tmp_path / "cache"
    write_pagefind(site, cache_dir=cache)
    assert len(written) == 4  # a miss: written, then indexed
    first = {p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    written.clear()
    write_pagefind(site, cache_dir=cache)
    assert written == []  # every part from the cache: the pages were held in memory, never written
    assert {p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()} == first
    write_pagefind(site, cache_dir=cache, part_bytes=1500)  # more than one part: staged on disk
    assert len(written) == 4


def test_a_stage_holds_pages_up_to_its_bytes_then_writes_them_all(tmp_path):
    stage = parts.Stage(tmp_path / "s", hold=10)
    stage.put("a/index.html", b"12345")
    stage.put("b/index.html", b"12345")
    assert not (tmp_path / "s").exists()
    stage.put("c/index.html", b"1")  # over: what was held is written, and this page
    assert sorted(p.relative_to(tmp_path / "s").as_posix() for p in (tmp_path / "s").rglob("*.html")) == [
        "a/index.html", "b/index.html", "c/index.html"]
    stage.put("d/index.html", b"2")
    assert (tmp_path / "s" / "d" / "index.html").read_bytes() == b"2"
    held = parts.Stage(tmp_path / "t", hold=100)
    held.put("a/index.html", b"x")
    held.flush()
    assert (tmp_path / "t" / "a" / "index.html").read_bytes() == b"x"
