"""Pages of built sites, side by side: `python scripts/count_pages.py SITE [SITE ...]`.

A page is an `index.html` that is not a redirect (number shortcuts, aliases and moved ids are meta-refresh
pages some builds write and others do not). Prints one line per site; exits 1 when the counts differ, so
CI can check that every engine built every page.
"""
from __future__ import annotations

import sys
from pathlib import Path


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")
            if b'http-equiv="refresh"' not in p.read_bytes()[:1024]}


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    found = {arg: pages(Path(arg)) for arg in argv}
    first = found[argv[0]]
    for arg, got in found.items():
        extra, missing = sorted(got - first), sorted(first - got)
        print(f"{arg}: {len(got)} pages" + (f"; not in {argv[0]}: {extra[:5]}" if extra else "")
              + (f"; missing: {missing[:5]}" if missing else ""))
    return 0 if all(got == first for got in found.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
