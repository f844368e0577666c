"""The committed record of published finding ids (`<corpus>/published-ids.txt`): read it, compare it with
the findings (a published id must never disappear without an alias). The ids command writes it
(macros/export/ids.py)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from macros.fs import safe as safefs
from macros.model.data import Corpus, Diagnostic, Finding

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


def check_record(corpus: Corpus, record: Path, rel: str, former: Mapping[str, str],
                 pending: Mapping[str, str] | None = None) -> list[Diagnostic]:
    """Compare current ids and aliases with the record of published ids (`rel`: its path as shown); `former`:
    every id a finding had on a commit of the branch → its current id (those redirect, so they are not lost);
    `pending`: the retitles of the working tree not committed yet (one info line each)."""
    findings = corpus.findings
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
    new = [f for f in findings if f.id not in known]
    renamed: set[str] = set()  # findings whose new id is explained by a retitle (not `make ids`)
    for pid in published:
        if pid in current or pid in aliases:
            continue
        if pid in former:
            renamed.add(former[pid])
            if pending and pid in pending:  # one line, so the maintainer sees the retitle was understood
                out.append(_retitled(pid, current[former[pid]]))
            continue
        f = closest(pid, new or list(findings))
        out.append(_vanished(pid, f, corpus.index.path, rel))
        if f is not None:
            renamed.add(f.id)
    out += [Diagnostic("info", f.source, f.line, f"finding {f.number} has the new id '{f.id}'; {RECORD_HELP}")
            for f in new if f.id not in renamed]
    return out


def _retitled(pid: str, f: Finding) -> Diagnostic:
    return Diagnostic("info", f.source, f.line, f"finding {f.number} was retitled: its old id '{pid}' now "
                      f"redirects to '{f.id}' (findings/{pid}/ → findings/{f.id}/); commit it and git's history "
                      "keeps the redirect, no alias needed")


def _vanished(pid: str, f: Finding | None, index: str, rel: str) -> Diagnostic:
    """A published id that is neither an id, an alias nor an old id git's history accounts for: name the
    finding most likely retitled (the new finding whose title is closest) and the exact comment to add."""
    comment = f"<!-- finding-aliases: {pid} -->"
    if f is None:
        return Diagnostic("error", index, None, f"the published finding id '{pid}' (in {rel}) no longer exists, "
                          f"so its URL findings/{pid}/ would break; if it was removed on purpose, delete the "
                          f"line from {rel}.", comment)
    return Diagnostic(
        "error", f.source, f.line,
        f"the published finding id '{pid}' (in {rel}) no longer exists, so its URL findings/{pid}/ would break. "
        f'If finding {f.number} "{f.title}" is the finding that was retitled, add {comment} to its item (line '
        f"{f.line}), anywhere before the marker; if '{pid}' was removed on purpose, delete that line from {rel}.",
        comment)


_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def closest(old: str, findings: list[Finding]) -> Finding | None:
    """The finding whose id and title share the most words with `old` (Jaccard; ties: lowest number)."""
    want = _words(old)
    best, score = None, -1.0
    for f in findings:
        have = _words(f.id) | _words(f.title)
        s = len(want & have) / (len(want | have) or 1)
        if s > score:
            best, score = f, s
    return best
