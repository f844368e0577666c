"""Content-keyed caches of the build (.cache/): a hit is the value made from the same inputs."""
from __future__ import annotations

from macros.fs.cache import TextCache, content_key
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
