"""Site URLs: a link from one page to another, relative, as MkDocs computes it (no MkDocs needed)."""
from __future__ import annotations

from urllib.parse import quote


def _segments(path: str) -> list[str]:
    """A slash-separated path as its segments, `.` and empty ones dropped and `..` applied (never above
    the root)."""
    out: list[str] = []
    for seg in path.split("/"):
        if seg == "..":
            if out:
                out.pop()
        elif seg not in ("", "."):
            out.append(seg)
    return out


def relative_url(target: str, page: str) -> str:
    """`target` relative to `page` (both paths from the site root); a last segment of `page` with a dot
    in it is a file name, so the link starts from its folder. The same result as MkDocs' own."""
    folder, _, last = page.rpartition("/")
    here, there = _segments(folder if "." in last else page), _segments(target)
    shared = 0
    while shared < min(len(here), len(there)) and here[shared] == there[shared]:
        shared += 1
    out = "/".join([".."] * (len(here) - shared) + there[shared:]) or "."
    return out + "/" if target.endswith("/") else out


def rel_url(target: str, page_url: str) -> str:
    """A link from the page at `page_url` to `target` (both site-root-relative, directory URLs, `""` is
    the home page); `target` may carry a `#fragment`. The result is percent-encoded."""
    path, _, frag = target.partition("#")
    out = relative_url(path, page_url)
    if (not path or path.endswith("/")) and not out.endswith("/"):
        out += "/"  # a directory URL stays one (`..` → `../`, `.` → `./`)
    out = quote(out, safe="/.-_~")
    return out + ("#" + quote(frag, safe="-_.~") if frag else "")
