"""Links to a line of a source file on the forge (GitHub's URL scheme)."""
from __future__ import annotations

from urllib.parse import quote

#: GitHub renders these, and ignores `#L` on a rendered page: their lines are linked in the plain view.
RENDERED = (".md", ".markdown")


def source_url(repo_url: str, branch: str, path: str, line: int | None = None, end_line: int | None = None) -> str:
    """The URL of `path` on `branch`, at `line` (or the range line–end_line) when given.

    Markdown files link to `?plain=1#L19` (or `#L19-L23`), where GitHub shows source lines; other files
    keep `#L19`.
    """
    url = f"{repo_url.rstrip('/')}/blob/{quote(branch)}/{quote(path)}"
    if not line:
        return url
    plain = path.lower().endswith(RENDERED)
    anchor = f"#L{line}"
    if plain and end_line and end_line > line:
        anchor += f"-L{end_line}"
    return url + ("?plain=1" if plain else "") + anchor
