"""Stable finding ids: the committed record of published ids, aliases and their redirect pages."""
from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import jinja2

from macros.load.corpus import load_corpus
from macros.load.record import read_record
from macros.model.defaults import RECORD_NAME
from macros.pipeline import Site
from macros.plan.pages import card_description
from macros.plan.urls import rel_url


def write_redirects(site: Site, env: jinja2.Environment, out: Path) -> None:
    """A page at findings/<alias>/ for each alias: canonical link, meta refresh, the finding's card."""
    tpl = env.get_template("redirect.html")
    urls = site.plan.urls
    pages = {src.casefold() for src in site.plan.pages}
    for f in site.corpus.findings:
        target_url = urls[("finding", f.id)]
        for a in f.aliases:
            if f"findings/{a}.md".casefold() in pages or not a[:1].isalnum() or "/" in a or "\\" in a:
                continue  # never let an alias name another page (`..`, `.`, `index`, another finding)
            page_url = f"findings/{a}/"
            dest = out / page_url / "index.html"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(tpl.render(title=f.title, canonical=site.settings.absolute(target_url),
                                       target=rel_url(target_url, page_url),
                                       description=card_description(f, site.corpus), site_name=site.settings.site_name),
                            encoding="utf-8")


def record(project: Path, record_path: Path, corpus_dir: str = "tooling") -> list[str]:
    """Add the current ids to the record (never drops one); returns the new ids."""
    corpus = load_corpus(project, corpus_dir=corpus_dir, build_date=date.today())
    existing = read_record(record_path)
    new = [f.id for f in corpus.findings if f.id not in existing and f.status != "error"]
    lines = ["# Finding ids published at findings/<id>/. The build fails when one disappears without an",
             "# alias. Add lines with `make ids`; delete a line only to retire a URL on purpose."]
    # O_NOFOLLOW: a record that is a symlink (to ../.env, say) is refused, never written through
    fd = os.open(record_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines + existing + new) + "\n")
    return new


if __name__ == "__main__":
    root = Path.cwd()
    corpus_dir = (sys.argv[1:2] or ["tooling"])[0]
    added = record(root, root / corpus_dir / RECORD_NAME, corpus_dir)
    print(f"{corpus_dir}/{RECORD_NAME}: {len(added)} id(s) added" + (": " + ", ".join(added) if added else ""))
