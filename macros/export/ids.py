"""Stable finding ids: the committed record of published ids, aliases and their redirect pages."""
from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import jinja2

from macros.fs import safe as safefs
from macros.load.corpus import load_corpus
from macros.model.data import Diagnostic
from macros.model.defaults import RECORD_NAME
from macros.pipeline import Site
from macros.plan.pages import card_description
from macros.plan.urls import rel_url

RECORD_HELP = "run `make ids` to record the ids of new findings"


RECORD_LIMIT = 4 * 1024 * 1024  # ids are short lines: 4 MB is far more than any real record


def read_record(path: Path, problems: list[Diagnostic] | None = None, rel: str | None = None) -> list[str]:
    """The published ids in the record file (opened with `safefs` inside its own folder).

    A symlink out of the folder, a loop or an unreadable file counts as no record; a line that is not
    UTF-8 is skipped. Each is reported into `problems` (when given) naming the file, never quoting it.
    """
    shown = rel or path.name
    try:
        data, size = safefs.read_bytes(path.parent, path.name, RECORD_LIMIT + 1)
    except FileNotFoundError:
        return []
    except OSError as exc:
        reason = exc.strerror if isinstance(exc, safefs.Refused) else f"it could not be read ({exc.strerror})"
        if problems is not None:
            problems.append(Diagnostic("error", shown, None, f"the record of published finding ids was "
                                       f"skipped: {reason}; it must be a plain file in the corpus folder"))
        return []
    if len(data) > RECORD_LIMIT:
        data = data[: data.rfind(b"\n") + 1]
        if problems is not None:
            problems.append(Diagnostic("error", shown, None, f"the record is {size} bytes; only the first "
                                       f"{RECORD_LIMIT} bytes were read"))
    out = []
    for n, raw in enumerate(data.splitlines(), 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            if problems is not None:
                problems.append(Diagnostic("error", shown, n, "line is not valid UTF-8; it was skipped "
                                           "(finding ids are lower-case ASCII words joined by '-')",
                                           "google-gemma-pytorch-is-abandoned-for-gemma-4"))
            continue
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def check(site: Site, record: Path, rel: str) -> list[Diagnostic]:
    """Compare current ids and aliases with the record of published ids (`rel`: its path as shown)."""
    findings = site.corpus.findings
    index = site.corpus.index.path
    out: list[Diagnostic] = []
    current = {f.id: f for f in findings}
    aliases: dict[str, object] = {}
    for f in findings:
        for a in f.aliases:
            if a in current and current[a] is not f:
                out.append(Diagnostic("error", f.source, f.line, f'finding {f.number} "{f.title}" declares '
                                      f"the alias '{a}', which is the id of finding {current[a].number}"))
            aliases[a] = f
    published = list(dict.fromkeys(read_record(record, out, rel)))  # in file order: stable diagnostics
    if not record.is_file() and not record.is_symlink():
        out.append(Diagnostic("info", rel, None, f"no record of published finding ids; {RECORD_HELP}"))
        return out
    known = set(published)
    for pid in published:
        if pid not in current and pid not in aliases:
            out.append(Diagnostic(
                "error", index, None,
                f"the published finding id '{pid}' (in {rel}) no longer exists, so its URL findings/{pid}/ "
                "would break. If a finding was retitled, declare the old id on it; if it was removed on "
                f"purpose, delete the line from {rel}.",
                f"3. **New title.** … <!-- finding-aliases: {pid} -->"))
    new = [f for f in findings if f.id not in known]
    for f in new:
        out.append(Diagnostic("info", f.source, f.line, f"finding {f.number} has the new id '{f.id}'; {RECORD_HELP}"))
    return out


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
