"""Bounded time and memory: huge inputs are cut, YAML bombs refused, and every small hostile file of
bench/adversarial.py builds in a subprocess under RLIMIT_AS with a diagnostic."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from bench import adversarial
from hostile.corpus import (
    NOTEBOOK_IMG,
    _secret_project,
    errors_of,
    git,
    page_text,
    warnings_of,
    write,
)
from macros.fs import safe as safefs
from macros.load import corpus as corpus_mod
from macros.load.history import build_history
from macros.load.textfile import read_text
from macros.model.diagnostics import Report
from macros.read.frontmatter import load_yaml
from macros.text.sanitize import markdown_to_html
from support.pagefind_index import largest_file

# --------------------------------------------------------------------------- 13. huge inputs


def test_huge_inputs_are_cut_and_the_search_index_stays_small(hostile):
    assert largest_file(hostile.site) < 2 * 1024 * 1024
    for url, says in [("tooling/lane-a/huge.txt/", "Only the first"),
                      ("tooling/lane-a/big.ipynb/", "image/png output omitted")]:
        soup = hostile.page(url)
        assert says in page_text(soup), url  # the page says what it left out
        assert (hostile.site / url / "index.html").stat().st_size < 2 * 1024 * 1024, url
    # just over 20 MB: no raw copy (the cap), a warning instead, and no download link on its page
    assert not (hostile.site / "_raw/tooling/lane-a/huge.txt.txt").exists()
    assert re.search(r"WARNING .*tooling/lane-a/huge\.txt: raw copy not written: the file is \d+ bytes", hostile.built.log)
    assert not hostile.page("tooling/lane-a/huge.txt/").find("a", class_="corpus-raw")
    # a notebook within the limit is shown as cells, its images omitted
    small = page_text(hostile.page("tooling/lane-a/small.ipynb/"))
    assert "image/png output omitted" in small and NOTEBOOK_IMG[:200] not in small


# --------------------------------------------------------------------------- 7. YAML aliases, size caps


def test_yaml_aliases_and_deep_nesting_are_refused_at_file_and_line():
    report = Report()
    assert load_yaml(adversarial.YAML_BOMB, "tooling/gemma-family/bomb.md", report, line_offset=1) is None
    [d] = report.items
    assert d.severity == "error" and d.path == "tooling/gemma-family/bomb.md" and d.line == 2, d
    assert "alias" in d.message
    for text, line in [("a: 1\nb: &x 2\n", 2), ("a: [" * 200 + "]" * 200, 1), ("x: !!python/name:os.system\n", 1)]:
        report = Report()
        assert load_yaml(text, "tooling/sources.yaml", report) is None, text[:30]
        assert report.items[0].line == line and report.items[0].severity == "error"
    report = Report()
    assert load_yaml("name: Gemma\nmodalities: [image, text]\n", "x", report) == \
        {"name": "Gemma", "modalities": ["image", "text"]} and report.items == []


def test_shown_corpus_files_are_cut_with_a_note(tmp_path):
    _, root = _secret_project(tmp_path)
    line = "A line of a very long lane README.\n"
    write(root / "lane" / "README.md", "# Lane\n\n```\n" + line * (3 * corpus_mod.PAGE_LIMIT // len(line)))
    report = Report()
    text = read_text(root / "lane" / "README.md", "tooling/lane/README.md", report,
                                limit=corpus_mod.PAGE_LIMIT, note=True)
    assert len(text.encode()) < corpus_mod.PAGE_LIMIT + 200
    assert text.rstrip().endswith("only its first part is shown (and searchable).*")
    assert "only its first part" in markdown_to_html(text).rsplit("</pre>", 1)[-1]  # the note is not code
    assert [d.path for d in report.items] == ["tooling/lane/README.md"] and report.items[0].severity == "warning"


# --------------------------------------------------------------------------- the DoS harness


@pytest.mark.parametrize("case", adversarial.CASES, ids=lambda c: c.name)
def test_small_hostile_files_build_bounded_with_a_diagnostic(case, dos_results):
    project, result = dos_results[case.name]
    assert result.returncode is not None, f"{case.name}: the build did not finish (killed after 90 s)"
    assert "Traceback" not in result.log and "MemoryError" not in result.log, result.log[-3000:]
    assert result.returncode == 0, result.log[-3000:]
    assert (project / "site" / "index.html").is_file() and (project / "site" / "findings.json").is_file()
    if case.reported:
        said = "\n".join(warnings_of(result.log) + errors_of(result.log))
        assert case.reported in said, (case.reported, said[-2000:])
    if case.name == "lane-readme-20mb":
        lane = project / "site" / "tooling" / "lane-a"
        # the README's first 512 KB (one paragraph: a block is never cut) on the pages of a long README
        pages = [lane / "index.html"] + sorted((lane / "page").glob("*/index.html"), key=lambda p: int(p.parent.name))
        assert len(pages) > 1 and all(p.stat().st_size < 2 * 1024 * 1024 for p in pages)
        assert largest_file(project / "site") < 2 * 1024 * 1024
        # the note that the rest is not shown stands where the shown text ends: the last page
        noted = [p for p in pages if "only its first part is shown" in p.read_text(encoding="utf-8")]
        assert noted == pages[-1:]
    if case.name == "doc-20mb":  # MkDocs reads docs/ itself: the plugin hands it the cut text
        page = project / "site" / "HUGE" / "index.html"
        assert page.stat().st_size < 2 * 1024 * 1024
        assert largest_file(project / "site") < 2 * 1024 * 1024
        assert "only its first part is shown" in page.read_text(encoding="utf-8")
    if case.name == "yaml-bomb-doc":  # an error at the alias; the page is shown without its front matter
        assert re.search(r"ERROR .*docs/BOMB\.md:2: anchors and aliases", result.log), result.log[-3000:]
        page = (project / "site" / "BOMB" / "index.html").read_text(encoding="utf-8")
        assert "BODY-OF-THE-BOMB-DOC" in page and "lol" not in page


# --------------------------------------------------------------------------- round 3: bounded everything


def test_later_in_the_corpus_shows_at_most_20_with_a_link_to_the_rest(round3):
    built, _ = round3
    page = built.html("findings/many-later-facts/")
    items = page.select("ul.corpus-later > li")
    assert len(items) == 20
    more = page.select_one("p.corpus-later-more")
    assert more is not None and "10 more facts" in more.get_text(), more
    assert more.find("a")["href"].endswith("tooling/lane-a/")
    assert "2027-03-01" not in page.get_text()  # after the build date: not a fact yet
    data = {f["id"]: f for f in json.loads(built.text("findings.json"))["findings"]}
    assert len(data["many-later-facts"]["later_in_corpus"]) == 20
    assert data["many-later-facts"]["later_in_corpus_more"] == 10
    assert "later_in_corpus_more" not in data["clean-finding"]


def test_copy_file_never_writes_past_its_limit(tmp_path):
    write(tmp_path / "root" / "big.bin", b"x" * 5000)
    dest = tmp_path / "out.bin"
    with pytest.raises(OSError, match="larger than 4096 bytes"):
        safefs.copy_file(tmp_path / "root", "big.bin", dest, limit=4096)
    assert dest.stat().st_size <= 4097
    safefs.copy_file(tmp_path / "root", "big.bin", dest, limit=5000)
    assert dest.stat().st_size == 5000


NOTEBOOK_PROBE = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from macros.model.data import Artifact
from macros.views.artifacts import view
path = Path(sys.argv[1])
a = Artifact("lane/empty.ipynb", "lane", "lane/empty.ipynb", True, path.stat().st_size, "notebook", True, None)
v = view(path, a)
print(v.kind)
"""


def test_a_notebook_of_many_empty_cells_is_parsed_within_a_memory_bound(tmp_path):
    """17 million empty cells in 50 MB: json.loads would build a dict for each (over 1.5 GB). Run under
    RLIMIT_AS of 1.5 GB in a subprocess: the notebook is shown as text, nothing runs out of memory."""
    path = tmp_path / "lane" / "empty.ipynb"
    path.parent.mkdir()
    cells = "{}," * (16 * 1024 * 1024)
    path.write_text('{"cells": [' + cells + '{}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n')
    proc = subprocess.run([sys.executable, "-c", NOTEBOOK_PROBE.format(limit=1536 * 1024 * 1024), str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "code"  # shown as text, not parsed
    assert "holds about" in proc.stderr and "more than 500000" in proc.stderr


def test_a_brief_with_many_names_compiles_one_pattern(monkeypatch):
    """Names × items used to cost one regex per name per item, recompiled past re's cache (512)."""
    from macros.read import brief as brief_mod

    names = [f"Model{i:03d}" for i in range(300)]
    body = "# " + " / ".join(names) + "\n\n## What it is\n\n" + "".join(
        f"- {names[i]} is built on Gemma 3, released 2026-0{1 + i % 9}.\n" for i in range(300))
    compiled: list[str] = []
    real = re._compile

    def counting(pattern, flags):
        if isinstance(pattern, str) and "Model0" in pattern:
            compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "_compile", counting)
    facts = brief_mod.read_brief(body)
    assert len(facts.models) == 300
    assert len(set(compiled)) == 1, len(set(compiled))  # one pattern, at most MAX_NAMES names in it
    assert {g.model for g in facts.generations} >= {"Model000", "Model063"}


def _history_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "r"
    write(repo / "tooling" / "README.md", "# Index\n\n## Findings\n\n1. **One.** Body. **[flagged — later]**\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "one")
    return repo


def test_history_skips_an_old_index_over_the_size_cap(tmp_path):
    repo = _history_repo(tmp_path)
    big = "# Index\n\n## Findings\n\n" + "".join(f"{i}. **Finding {i}.** Body. **[flagged — later]**\n"
                                                 for i in range(1, 3000))
    write(repo / "tooling" / "README.md", big)  # ~130 KB, a few KB of git objects
    git(repo, "commit", "-qam", "huge")
    write(repo / "tooling" / "README.md", "# Index\n\n## Findings\n\n1. **One.** Body. **[flagged — later]**\n"
          "2. **Two.** Body. **[flagged — later]**\n")
    git(repo, "commit", "-qam", "two")
    hist = build_history(repo, "tooling/README.md", size_limit=64 * 1024)
    assert not hist.complete and "partial history" in hist.note and "larger than" in hist.note
    assert [e.subject for e in hist.entries] == ["two", "one"]
    two = hist.entries[0]  # compared with the last readable state ("one"), not with the skipped one
    assert [(c.kind, c.title) for c in two.changes] == [("added", "Two")]


def test_history_reads_a_bounded_number_of_commits(tmp_path):
    repo = _history_repo(tmp_path)
    for n in range(2, 6):
        write(repo / "tooling" / "README.md", "# Index\n\n## Findings\n\n" + "".join(
            f"{i}. **Finding {i}.** Body. **[flagged — later]**\n" for i in range(1, n + 1)))
        git(repo, "commit", "-qam", f"c{n}")
    hist = build_history(repo, "tooling/README.md", max_commits=3)
    assert "only the latest 3 commits" in hist.note
    assert [e.subject for e in hist.entries] == ["c5", "c4"]  # the oldest of the 3 is the baseline


def test_a_merge_is_compared_with_its_first_parent(tmp_path):
    repo = _history_repo(tmp_path)
    git(repo, "checkout", "-qb", "side")
    write(repo / "tooling" / "README.md", "# Index\n\n## Findings\n\n1. **One.** Body. **[flagged — later]**\n"
          "2. **From the side.** Body. **[flagged — later]**\n")
    git(repo, "commit", "-qam", "side adds two")
    git(repo, "checkout", "-q", "main")
    write(repo / "tooling" / "other.txt", "x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main elsewhere")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge side", "side")
    hist = build_history(repo, "tooling/README.md")
    kinds = [(e.subject, [c.kind for c in e.changes]) for e in hist.entries]
    assert kinds == [("merge side", ["added"]), ("one", ["added"])], kinds
