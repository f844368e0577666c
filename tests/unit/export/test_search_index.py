"""The Pagefind index is written whatever the caller's event loop is doing."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from macros.export.search import write_pagefind
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
