"""Stable finding ids: the committed record of published ids, aliases and their redirect pages."""
from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import jinja2

from macros.load.corpus import load_corpus
from macros.load.history import build_history
from macros.load.record import read_record
from macros.model.data import Finding
from macros.model.defaults import INDEX_NAME, RECORD_NAME
from macros.pipeline import Site, old_ids
from macros.plan import moved
from macros.plan.describe import card_description, card_title
from macros.plan.urls import card_image_path, rel_url
from macros.plan.aliases import alias_taken

def redirect_html(site: Site, env: jinja2.Environment, f: Finding, page_url: str, *, note: str | None = None,
                  title: str | None = None) -> str:
    """A page at `page_url` that sends readers to finding `f` and unfurls as its full link card: canonical
    link, meta refresh (relative: a redirect never leaves the site), og:title/description/image and
    `summary_large_image`, all with the finding's current state."""
    target_url = site.plan.urls[("finding", f.id)]
    return env.get_template("redirect.html").render(
        title=title or f.title, card_title=card_title(f, site.corpus), canonical=site.settings.absolute(target_url),
        target=rel_url(target_url, page_url), description=card_description(f, site.corpus),
        image=site.settings.absolute(card_image_path(target_url)), site_name=site.settings.site_name, note=note)


def redirect_names(site: Site) -> list[tuple[str, Finding, str | None]]:
    """(name under findings/, finding, note) for each redirect page: aliases, then every id a finding had on
    a commit of the branch (from git history, no `make ids` needed), then number shortcuts. A name is used
    once, and never one that a page, a finding or an alias has, or that is not a plain id."""
    findings = list(site.corpus.findings)
    pages = {src.casefold() for src in site.plan.pages}
    by_id = {f.id: f for f in findings}
    used = moved.taken(findings)
    out: list[tuple[str, Finding, str | None]] = []
    names: set[str] = set()

    def add(name: str, f: Finding, note: str | None, *, taken_ok: bool) -> None:
        if name in names or f"findings/{name}.md".casefold() in pages or not moved.SAFE_ID.fullmatch(name) \
                or alias_taken(site.plan, name):
            return  # never let a redirect name another page (`..`, `.`, `index`, `index.html`, another finding)
        if name in used and not taken_ok:
            return
        names.add(name)
        out.append((name, f, note))

    for f in findings:
        for a in f.aliases:
            add(a, f, None, taken_ok=a not in by_id)
    for old, fid in old_ids(site).items():
        if not old.isdigit():
            add(old, by_id[fid], "This finding was retitled; its address is now", taken_ok=False)
    for name, f in moved.number_shortcuts(findings):
        add(name, f, f"Finding {f.number} is at", taken_ok=False)
    return out


def write_redirects(site: Site, env: jinja2.Environment, out: Path) -> None:
    """The redirect pages of `redirect_names`, each carrying its finding's full link card."""
    for name, f, note in redirect_names(site):
        page_url = f"findings/{name}/"
        dest = out / page_url / "index.html"
        dest.parent.mkdir(parents=True, exist_ok=True)
        title = f"Finding {f.number}: {f.title}" if name == str(f.number) else None
        dest.write_text(redirect_html(site, env, f, page_url, note=note, title=title), encoding="utf-8")


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


def kept_by_git(project: Path, corpus_dir: str) -> bool:
    """True when git's history of the index keeps every old id (complete history with commits): the build
    then redirects retitled ids itself and the record is not needed."""
    history = build_history(project, f"{corpus_dir}/{INDEX_NAME}")
    return history.complete and bool(history.entries)


if __name__ == "__main__":
    root = Path.cwd()
    corpus_dir = (sys.argv[1:2] or ["tooling"])[0]
    if kept_by_git(root, corpus_dir) and "--force" not in sys.argv:
        print(f"{corpus_dir}/{INDEX_NAME} has a git history: every id a finding had on this branch already redirects "
              f"to its page, so nothing needs recording ({corpus_dir}/{RECORD_NAME} is for corpora without git "
              "history; add --force to record anyway)")
        sys.exit(0)
    added = record(root, root / corpus_dir / RECORD_NAME, corpus_dir)
    print(f"{corpus_dir}/{RECORD_NAME}: {len(added)} id(s) added" + (": " + ", ".join(added) if added else ""))
