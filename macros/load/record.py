"""The committed record of published finding ids (`<corpus>/published-ids.txt`): read it, compare it with
the findings (a published id must never disappear without an alias). The ids command writes it
(macros/export/ids.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from macros.fs import safe as safefs
from macros.model.data import Corpus, Diagnostic

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


def check_record(corpus: Corpus, record: Path, rel: str, former: Mapping[str, str]) -> list[Diagnostic]:
    """Compare current ids and aliases with the record of published ids (`rel`: its path as shown); `former`:
    every id a finding had on a commit of the branch → its current id (those redirect, so they are not lost)."""
    findings = corpus.findings
    index = corpus.index.path
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
        if pid not in current and pid not in aliases and pid not in former:
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
