"""Content-keyed caches of the build (.cache/): a hit is the value made from the same inputs."""
from __future__ import annotations

import os
import time

from macros.fs.cache import FolderCache, TextCache, content_key, prune
from macros.render import cards
from macros.views import artifacts


def test_highlighted_code_comes_from_the_cache_by_content(tmp_path):
    cache = TextCache(tmp_path / "highlight", ".html")
    text = "def f(x):\n    return x + 1\n"
    first = artifacts.code_html(text, "lane/a.py", cache)
    assert first == artifacts.code_html(text, "lane/a.py")  # the cache changes nothing
    (entry,) = (tmp_path / "highlight").iterdir()
    entry.write_text("<pre>from the cache</pre>", encoding="utf-8")
    assert artifacts.code_html(text, "other/b.py", cache) == "<pre>from the cache</pre>"  # same text, same lexer
    assert artifacts.code_html(text, "lane/a.sh", cache) != "<pre>from the cache</pre>"  # another lexer
    assert artifacts.code_html(text + "\n", "lane/a.py", cache) != "<pre>from the cache</pre>"  # other text


def test_keys_do_not_run_parts_together():
    assert content_key("ab", "c") != content_key("a", "bc")


def test_an_unwritable_cache_turns_itself_off(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    cache = TextCache(blocker / "sub")
    cache.put("k", "v")
    assert cache.get("k") is None and cache.enabled is False


def test_prune_deletes_old_entries_no_build_used_and_nothing_else(tmp_path):
    used, stale, fresh = content_key("used"), content_key("stale"), content_key("fresh")
    names = [f"{used}.png", f"{stale}.png", f"{fresh}.png", "notes.png", f"{stale}.txt", "tmpab12.tmp"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    old = time.time() - 7200
    for name in names:
        if not name.startswith(fresh):
            os.utime(tmp_path / name, (old, old))
    assert prune(tmp_path, {used}, ".png") == 1
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(n for n in names if n != f"{stale}.png")  # kept: used, young, not an entry
    assert prune(tmp_path / "missing", set(), ".png") == 0


def test_a_build_prunes_the_cards_it_no_longer_uses(tmp_path):
    fields = dict(corpus_name="c", number=1, title="One", state_label="merged", date="2026-07-01", kind="finding")
    site, cache = tmp_path / "site", tmp_path / "cache"
    cards.write_cards(cache, {site / "1.png": fields}, prune=True)
    (first,) = cache.glob("*.png")
    old = time.time() - 7200
    os.utime(first, (old, old))
    cards.write_cards(cache, {site / "1.png": {**fields, "title": "One, retitled"}}, prune=True)
    (second,) = cache.glob("*.png")
    assert second != first and (site / "1.png").read_bytes() == second.read_bytes()


def test_upstream_markdown_and_html_pages_come_from_the_cache_by_content(tmp_path):
    from macros.model.data import Artifact

    cache = TextCache(tmp_path / "highlight", ".html")
    lane = tmp_path / "lane"
    lane.mkdir()
    for name, text in (("a.md", "# Title\n\nSome *text*.\n"), ("b.html", "<html><title>T</title><p>Hi</p></html>")):
        path = lane / name
        path.write_text(text, encoding="utf-8")
        art = Artifact(f"lane/{name}", "lane", f"lane/{name}", True, path.stat().st_size, None, True)
        first = artifacts.view(path, art, cache)
        assert first.html == artifacts.view(path, art).html  # the cache changes nothing
        entries = sorted((tmp_path / "highlight").iterdir())
        for entry in entries:
            entry.write_text("<p>from the cache</p>", encoding="utf-8")
        assert artifacts.view(path, art, cache).html == "<p>from the cache</p>"
        path.write_text(text + "\n\nMore.\n", encoding="utf-8")  # other text: made again
        art = Artifact(f"lane/{name}", "lane", f"lane/{name}", True, path.stat().st_size, None, True)
        assert artifacts.view(path, art, cache).html != "<p>from the cache</p>"


def test_notebook_cells_come_from_the_cache_by_content(tmp_path):
    import json

    from macros.model.data import Artifact

    cache = TextCache(tmp_path / "highlight", ".html")
    nb = {"cells": [{"cell_type": "markdown", "source": ["# Title\n", "Some *text*."]},
                    {"cell_type": "code", "source": "print(1)\n", "outputs": [], "execution_count": 1}],
          "metadata": {"language_info": {"name": "python"}}, "nbformat": 4}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    art = Artifact("lane/nb.ipynb", "lane", "lane/nb.ipynb", True, path.stat().st_size, "notebook", True)
    first = artifacts.view(path, art, cache)
    assert [str(c.html) for c in first.cells] == [str(c.html) for c in artifacts.view(path, art).cells]
    entries = sorted((tmp_path / "highlight").iterdir())
    assert len(entries) == 2  # one per cell
    for entry in entries:
        entry.write_text("<p>from the cache</p>", encoding="utf-8")
    assert [str(c.html) for c in artifacts.view(path, art, cache).cells] == ["<p>from the cache</p>"] * 2


def test_a_folder_entry_is_whole_or_absent_and_pruned_like_a_file(tmp_path):
    source = tmp_path / "made"
    (source / "index").mkdir(parents=True)
    (source / "index" / "chunk").write_bytes(b"chunk")
    (source / "entry.json").write_text("{}", encoding="utf-8")
    cache = FolderCache(tmp_path / "cache", ".pagefind")
    key, other = content_key("a"), content_key("b")
    assert cache.get(key) is None
    cache.put(key, source)
    hit = cache.get(key)
    assert hit == tmp_path / "cache" / f"{key}.pagefind" and (hit / "index" / "chunk").read_bytes() == b"chunk"
    (source / "entry.json").write_text("changed", encoding="utf-8")
    cache.put(key, source)  # a key kept is never written again
    assert (cache.get(key) / "entry.json").read_text(encoding="utf-8") == "{}"
    cache.put(other, source)
    (tmp_path / "cache" / ".tmp-killed").mkdir()  # what a build killed while copying leaves
    old = time.time() - 7200
    for entry in (tmp_path / "cache").iterdir():
        os.utime(entry, (old, old))
    assert cache.get(key) is not None  # a hit makes the entry young again
    assert prune(tmp_path / "cache", {other}, ".pagefind") == 1  # the killed copy; `key` is young, `other` used
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted([f"{key}.pagefind", f"{other}.pagefind"])


def test_an_unwritable_folder_cache_turns_itself_off(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    (tmp_path / "src").mkdir()
    cache = FolderCache(blocker / "sub", ".pagefind")
    cache.put(content_key("k"), tmp_path / "src")
    assert cache.get(content_key("k")) is None and cache.enabled is False
