"""Read a built site's Pagefind index back (macros/export/search.py writes it): one dict per indexed page.

Each fragment is a gzip file holding `pagefind_dcd` and the page's JSON: url ("/findings/x/"), content
(the indexed text), meta (title, summary, kind), filters (finding number) and anchors (the headings with ids).
A large site's index comes in parts (macros/export/search_parts.py); they are read together.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

MAGIC = b"pagefind_dcd"


def folders(site: Path) -> list[Path]:
    """The index's folders: pagefind/ and the parts its corpus-parts.json lists (a large site's)."""
    primary = site / "pagefind"
    manifest = primary / "corpus-parts.json"
    listed = json.loads(manifest.read_text(encoding="utf-8"))["parts"] if manifest.is_file() else []
    return [primary] + [primary / part for part in listed]


def fragments(site: Path) -> list[dict]:
    """Every indexed page's fragment, from every part."""
    out = []
    for path in sorted(p for folder in folders(site) for p in (folder / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(MAGIC), path
        out.append(json.loads(data[len(MAGIC):]))
    return out


def by_url(site: Path) -> dict[str, dict]:
    """{site-relative URL ("findings/x/"): fragment}"""
    return {f["url"].lstrip("/"): f for f in fragments(site)}


def largest_file(site: Path) -> int:
    """The largest file of the search index: the most one request of a query can cost."""
    return max(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
