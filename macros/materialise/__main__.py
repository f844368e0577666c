"""`python -m macros.materialise DEST [-f mkdocs.yml]`: write the materialised site (macros/materialise/site.py).

Then build it with any engine that builds plain Material pages, e.g. `mkdocs build -f DEST/mkdocs.yml` or
`zensical build -f DEST/zensical.yml`. SOURCE_DATE_EPOCH fixes the build date, as for the plugin.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from macros.materialise.site import materialise


def build_date():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), tz=timezone.utc) if epoch else datetime.now(tz=timezone.utc)
    return moment.date()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m macros.materialise", description=__doc__.splitlines()[0])
    ap.add_argument("dest", type=Path, help="folder to write (replaced if it exists)")
    ap.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="the project's mkdocs.yml")
    args = ap.parse_args(argv)
    if not args.config_file.is_file():
        print(f"{args.config_file}: not found; expected the project's mkdocs.yml (-f path/to/mkdocs.yml)",
              file=sys.stderr)
        return 2
    if args.dest.resolve() in (args.config_file.resolve().parent, *args.config_file.resolve().parents):
        print(f"{args.dest}: would replace the project itself; give a new folder, e.g. site-src/", file=sys.stderr)
        return 2
    counts = materialise(args.config_file, args.dest, build_date=build_date())
    print(json.dumps(counts))
    return 1 if counts["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
