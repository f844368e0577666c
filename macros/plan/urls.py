"""Site URLs: a link from one page to another, relative, as MkDocs computes it (without importing MkDocs)."""
from __future__ import annotations

import functools
import posixpath
from urllib.parse import quote


@functools.lru_cache(maxsize=4096)
def _parts(path: str) -> tuple[str, ...]:
    """The segments of a site path, normalised: `..` climbs a folder but never above the site root."""
    normal = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return tuple(normal.split("/")) if normal else ()


def relative_path(target: str, page_url: str) -> str:
    """`target` relative to the page at `page_url`, both site paths. A page whose last segment has a dot is
    a file: links start from its folder. The same result as MkDocs' own `get_relative_url` (a test checks)."""
    folder, _, last = page_url.rpartition("/")
    start = _parts(folder if "." in last else page_url)
    dest = _parts(target)
    shared = 0
    while shared < min(len(start), len(dest)) and start[shared] == dest[shared]:
        shared += 1
    rel = "/".join([".."] * (len(start) - shared) + list(dest[shared:])) or "."
    return rel + "/" if target.endswith("/") else rel


def rel_url(target: str, page_url: str) -> str:
    """A link from the page at `page_url` to `target` (both site-root-relative, directory URLs, `""` is
    the home page); `target` may carry a `?query` and a `#fragment`. The result is percent-encoded."""
    path, _, frag = target.partition("#")
    path, _, query = path.partition("?")
    out = relative_path(path, page_url)
    if (not path or path.endswith("/")) and not out.endswith("/"):
        out += "/"  # a directory URL stays one (`..` → `../`, `.` → `./`)
    out = quote(out, safe="/.-_~") + ("?" + quote(query, safe="=&-_.~") if query else "")
    return out + ("#" + quote(frag, safe="-_.~") if frag else "")


def card_image_path(url: str) -> str:
    """Where a page's link-card image is written in the site: cards/<page path>.png (home: cards/home.png)."""
    return f"cards/{url.strip('/') or 'home'}.png"
