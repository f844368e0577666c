"""Site URLs: a link from one page to another, relative, as MkDocs computes it."""
from __future__ import annotations

from urllib.parse import quote

from mkdocs.utils import get_relative_url


def rel_url(target: str, page_url: str) -> str:
    """A link from the page at `page_url` to `target` (both site-root-relative, directory URLs, `""` is
    the home page); `target` may carry a `?query` and a `#fragment`. The result is percent-encoded."""
    path, _, frag = target.partition("#")
    path, _, query = path.partition("?")
    out = get_relative_url(path, page_url)
    if (not path or path.endswith("/")) and not out.endswith("/"):
        out += "/"  # a directory URL stays one (`..` → `../`, `.` → `./`)
    out = quote(out, safe="/.-_~") + ("?" + quote(query, safe="=&-_.~") if query else "")
    return out + ("#" + quote(frag, safe="-_.~") if frag else "")
