"""The Pagefind index: written whatever the caller's event loop is doing; under `serve`, after the reload."""
from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor

from macros.export.search import PreviewIndex, write_pagefind
from support.pagefind_index import by_url

PAGE = ('<html><body><article class="md-content__inner md-typeset"><h1>Ollama audio</h1>'
        "<p>Audio needs a newer runtime.</p></article></body></html>")


def _site(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "redirect.html").write_text("<html><body>moved</body></html>", encoding="utf-8")
    return tmp_path


def test_the_index_holds_each_article_page(tmp_path):
    site = _site(tmp_path)
    assert write_pagefind(site) == 1
    assert "Audio needs a newer runtime." in by_url(site)["a/"]["content"]


def test_the_index_is_written_from_inside_a_running_event_loop(tmp_path):
    """A test session with Playwright's sync API (or any embedding tool) already runs a loop in this thread."""
    site = _site(tmp_path)

    async def caller():
        return write_pagefind(site)

    # a thread of its own for the caller's loop: this session may run Playwright's loop in the main thread
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, caller()).result() == 1
    assert "a/" in by_url(site)


def _rebuild(site, pages: dict[str, str]) -> None:
    """What a `mkdocs serve` rebuild does to the site folder: emptied, then written again."""
    for child in site.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    for url, text in pages.items():
        (site / url).mkdir(parents=True)
        (site / url / "index.html").write_text(PAGE.replace("Audio needs a newer runtime.", text), encoding="utf-8")


def test_the_preview_index_is_the_last_one_at_once_and_the_new_one_when_pagefind_is_done(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    preview = PreviewIndex()
    _rebuild(site, {"a": "first words"})
    assert preview.update(site) == 1  # the first build indexes before it returns
    assert "first words" in by_url(site)["a/"]["content"]
    _rebuild(site, {"a": "second words", "b": "a new page"})
    assert preview.update(site) == 2
    assert set(by_url(site)) == {"a/"}  # at once: the last index, one edit behind, never none
    preview.wait(60)
    index = by_url(site)
    assert set(index) == {"a/", "b/"} and "second words" in index["a/"]["content"]
    assert preview.errors == []
    assert not (site / "pagefind.new").exists() and not (site / "pagefind.old").exists()


def _two_rebuilds(tmp_path) -> tuple:
    """A preview after two rebuilds of a one-page site ("one", then "two"); the second is indexed in the
    background. (site folder, preview)"""
    site = tmp_path / "site"
    site.mkdir()
    preview = PreviewIndex()
    _rebuild(site, {"a": "one"})
    preview.update(site)
    _rebuild(site, {"a": "two"})
    preview.update(site)
    return site, preview


def test_a_preview_index_overtaken_by_a_newer_rebuild_is_not_swapped_in(tmp_path):
    site, preview = _two_rebuilds(tmp_path)
    first = preview._thread
    _rebuild(site, {"a": "three", "c": "three pages"})
    preview.update(site)
    first.join(60)
    preview.wait(60)
    index = by_url(site)
    assert set(index) == {"a/", "c/"} and "three" in index["a/"]["content"]


def test_the_preview_index_reads_again_only_the_pages_that_changed(tmp_path, monkeypatch):
    from macros.export import search

    parsed: list[str] = []
    real = search.pagefind_page
    monkeypatch.setattr(search, "pagefind_page", lambda html: parsed.append(html) or real(html))
    site = tmp_path / "site"
    site.mkdir()
    preview = PreviewIndex()
    _rebuild(site, {"a": "one", "b": "two", "c": "three"})
    preview.update(site)
    assert len(parsed) == 3
    _rebuild(site, {"a": "one", "b": "two, edited", "c": "three"})
    preview.update(site)
    preview.wait(60)
    assert len(parsed) == 4 and "two, edited" in parsed[-1]
    assert "two, edited" in by_url(site)["b/"]["content"] and preview.errors == []


def test_compound_words_give_their_parts_to_the_index():
    """`google/gemma-4-E4B-it` is one word to Pagefind: its parts are added (unshown) so that `E4B` finds
    it. Compounds are found only from the start of a run of letters and digits, as without that anchor."""
    import re

    from macros.export import search

    unanchored = re.compile(r"[^\W_]+(?:[-/_.:+][^\W_]+)+")
    text = ("google/gemma-4-E4B-it x_ab-cd e.g. foo/bar-baz_qux a.b.c ünï-cödé 日本-語 __init__.py a-_b a--b "
            "-a- ab12-34 ...x.y.. Gemma4ForConditionalGeneration llama.cpp:server+cuda")
    assert search._COMPOUND.findall(text) == unanchored.findall(text)
    page = search.pagefind_page('<html lang="en"><title>T</title><article class="md-content__inner">'
                                "<p>Run google/gemma-4-E4B-it with llama.cpp.</p></article></html>")
    extra = page.split("<p hidden", 1)[1]
    for part in ("e4b", "gemma", "google", "llama", "cpp"):
        assert part in extra.split(">", 1)[1]


def test_code_is_staged_without_its_highlighting_and_the_index_is_the_same(tmp_path):
    """The <pre> blocks' highlighting spans are dropped from what Pagefind is given: the text is the same, so
    the index comes out byte for byte the same, from fewer bytes."""
    import hashlib
    from pathlib import Path

    from macros.export import search

    code = ('<pre class="highlight"><code><span class="kn">from</span> <span class="nn">x</span> '
            '<span class="kn">import</span> <span class="n">apply_chat_template</span></code></pre>')
    page = ('<html lang="en"><title>T</title><article class="md-content__inner"><h1>Script</h1>'
            f"<p>A <span>kept</span> span.</p>{code}<pre>unclosed <span>x</span></article></html>")
    staged = search.pagefind_page(page)
    assert '<span class="n">' not in staged and "apply_chat_template" in staged and "<span>kept</span>" in staged
    assert "<span>x</span>" in staged  # an unclosed block is left as it is

    def index(stage):
        site = tmp_path / stage
        (site / "site" / "a").mkdir(parents=True)
        (site / "site" / "a" / "index.html").write_text(stage_of[stage], encoding="utf-8")
        search._run(site / "site", site / "out", "en")
        return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(Path(site / "out").rglob("*"))
                                       if p.is_file())).hexdigest()

    unstripped = staged.replace(search._plain_code(code), code)
    assert unstripped != staged
    stage_of = {"plain": staged, "highlighted": unstripped}
    assert index("plain") == index("highlighted")


def test_a_preview_keeps_its_working_files_in_one_folder_that_close_removes(tmp_path, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    site, preview = _two_rebuilds(tmp_path)
    preview.wait(60)
    (owned,) = temp.iterdir()  # the runs' folders and the kept copy of the last index, all in one
    assert owned.name.startswith(f"corpus-pagefind-preview-{os.getpid()}-") and any(owned.iterdir())
    preview.close()
    assert list(temp.iterdir()) == []
    assert "two" in by_url(site)["a/"]["content"]  # the site keeps its index
