"""Source links land on the finding's own lines on GitHub."""
from __future__ import annotations

import pytest

from macros.plan.sourcelinks import source_url

REPO = "https://github.com/example/corpus"


@pytest.mark.parametrize("path, line, end, expected", [
    # GitHub renders Markdown and ignores #L there: its plain view shows the lines
    ("tooling/README.md", 19, None, f"{REPO}/blob/main/tooling/README.md?plain=1#L19"),
    ("tooling/README.md", 19, 19, f"{REPO}/blob/main/tooling/README.md?plain=1#L19"),
    ("tooling/README.md", 19, 23, f"{REPO}/blob/main/tooling/README.md?plain=1#L19-L23"),
    ("tooling/Notes.MARKDOWN", 2, 4, f"{REPO}/blob/main/tooling/Notes.MARKDOWN?plain=1#L2-L4"),
    # other files are shown as source already
    ("tooling/sources.yaml", 7, None, f"{REPO}/blob/main/tooling/sources.yaml#L7"),
    ("tooling/sources.yaml", 7, 9, f"{REPO}/blob/main/tooling/sources.yaml#L7"),
    # no line: the file itself
    ("tooling/README.md", None, None, f"{REPO}/blob/main/tooling/README.md"),
    ("tooling/a b/ü.md", 3, None, f"{REPO}/blob/main/tooling/a%20b/%C3%BC.md?plain=1#L3"),
])
def test_source_url(path, line, end, expected):
    assert source_url(REPO, "main", path, line, end) == expected


def test_source_url_trailing_slash_and_branch():
    assert source_url(REPO + "/", "dev/x", "a.py", 1) == f"{REPO}/blob/dev/x/a.py#L1"
