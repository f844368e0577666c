"""No corpus input crashes the build: bad encodings, malformed indexes, failing macros and templates,
deep JSON and bad records are diagnostics at file:line, and the rest builds."""
from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest
from conftest import make_project
from mkdocs.exceptions import PluginError

from hostile.corpus import (
    CLEAN_FINDINGS,
    _line_of,
    _no_traceback_in,
    base_index,
    errors_of,
    page_text,
    vbuild,
    warnings_of,
    write,
    write_base,
)
from macros.load.record import read_record
from macros.mkdocs import guard
from macros.model.data import Artifact
from macros.views.artifacts import json_too_deep, view

# --------------------------------------------------------------------------- 8. encodings, binaries


def test_bad_encodings_empty_files_and_bad_yaml_are_reported_and_the_rest_builds(hostile):
    log = hostile.built.log
    reported = "\n".join(warnings_of(log) + errors_of(log))
    for name in ["gemma-family/bom.md", "gemma-family/nul.md", "gemma-family/empty.md", "gemma-family/latin1.md",
                 "gemma-family/badyaml.md", "gemma-family/yamlrce.md", "lane-a/latin1.txt", "lane-a/empty.txt"]:
        assert re.search(rf"tooling/{re.escape(name)}(:\d+)?: ", reported), name
    assert hostile.built.returncode == 0
    assert hostile.page("tooling/gemma-family/goodgemma/").find("h1").get_text() == "GoodGemma"
    assert hostile.page("tooling/gemma-family/bom/").find("h1").get_text() == "BomGemma"
    assert "caf\ufffd" in page_text(hostile.page("tooling/lane-a/latin1.txt/"))
    assert "This file is empty" in page_text(hostile.page("tooling/lane-a/empty.txt/"))
    # binary files: a download link to a byte-exact raw copy
    for rel, page in [("lane-a/image.png", "tooling/lane-a/image.png/"), ("lane-a/nul.txt", "tooling/lane-a/nul.txt/")]:
        soup = hostile.page(page)
        assert "binary file" in page_text(soup)
        link = soup.find("a", class_="corpus-raw")
        assert link is not None and link.has_attr("download"), page
        raw = (hostile.site / page / unquote(link["href"])).resolve()
        assert raw.read_bytes() == (hostile.project / "tooling" / rel).read_bytes(), rel


# --------------------------------------------------------------------------- 10. malformed index

MALFORMED_FINDINGS = """1. **Good one.** A body. **[flagged — check back mid-2026]**
2. **No marker.** This finding has no provenance marker at all.
3. **Unterminated.** The marker is never closed. **[merged: DOC.md — x**
4. **Dup title.** The first of two. **[flagged — check back mid-2026]**
5. **Dup title.** The second of two. **[flagged — check back mid-2026]**
6. No bold title here at all. **[flagged — check back mid-2026]**
7. **Last good.** Still here. **[merged: DOC.md — Some Section section]**
"""


def test_malformed_index_reports_file_and_line_and_keeps_every_other_finding(tmp_path):
    corpus, docs = write_base(tmp_path / "src")
    index = base_index(MALFORMED_FINDINGS, rows="| `fine-tuning/` | Missing a cell |\n")
    write(corpus / "README.md", index)
    write(corpus / "fine-tuning" / "README.md", "# Fine-tuning\n")
    built = vbuild(make_project(tmp_path / "p", corpus=corpus, docs=docs), strict=True)
    assert built.returncode != 0, "--strict must fail on a malformed index"
    errors = "\n".join(errors_of(built.log))
    for needle in ["| `fine-tuning/` | Missing a cell |", "**No marker.**", "**Unterminated.**",
                   "The second of two", "No bold title here"]:
        assert f"tooling/README.md:{_line_of(index, needle)}: " in errors, (needle, errors)
    assert "Traceback" not in built.log
    data = json.loads((built.site / "findings.json").read_text(encoding="utf-8"))
    assert [f["number"] for f in data["findings"]] == list(range(1, 8))
    ids = [f["id"] for f in data["findings"]]
    assert len(set(ids)) == 7 and "good-one" in ids and "last-good" in ids
    for fid in ids:
        assert (built.site / "findings" / fid / "index.html").is_file(), fid
    status = {f["id"]: f["status"] for f in data["findings"]}
    assert status["good-one"] == "flagged" and status["last-good"] == "merged"


def test_index_without_findings_heading_fails_strict_with_a_located_error(tmp_path):
    corpus, docs = write_base(tmp_path / "src")
    write(corpus / "README.md", base_index(CLEAN_FINDINGS).replace("## Findings that update the corpus",
                                                                   "## Things we found"))
    built = vbuild(make_project(tmp_path / "p", corpus=corpus, docs=docs), strict=True)
    assert built.returncode != 0
    assert re.search(r"ERROR.*tooling/README\.md:\d+: no '## Findings' heading", built.log), built.log[-3000:]
    assert (built.site / "tooling/lane-a/chat_template.jinja/index.html").is_file()  # the rest still builds


# --------------------------------------------------------------------------- 12. failures


def test_an_undefined_macro_fails_the_build_without_a_traceback_in_any_page(tmp_path):
    corpus, docs = write_base(tmp_path / "src")
    write(docs / "index.md", "---\nrender_macros: true\n---\n# Home\n\n{{ nope() }}\n")  # an allowed page
    built = vbuild(make_project(tmp_path / "p", corpus=corpus, docs=docs))
    assert built.returncode != 0, built.log[-3000:]
    assert "nope" in built.log
    _no_traceback_in(built.site)


def test_a_template_that_raises_fails_the_build_without_a_traceback_in_any_page(tmp_path):
    corpus, docs = write_base(tmp_path / "src")
    project = make_project(tmp_path / "p", corpus=corpus, docs=docs)
    tpl = project / "overrides/corpus/finding.html"
    tpl.write_text(tpl.read_text(encoding="utf-8") + "\n{{ view.f.no_such_field.deeper }}\n", encoding="utf-8")
    built = vbuild(project)
    assert built.returncode != 0, built.log[-3000:]
    _no_traceback_in(built.site)


def test_a_corrupt_corpus_index_is_an_error_not_a_crash(tmp_path):
    corpus, docs = write_base(tmp_path / "src")
    (corpus / "README.md").unlink()
    (corpus / "README.md").mkdir()  # a folder where the index should be
    built = vbuild(make_project(tmp_path / "p", corpus=corpus, docs=docs), strict=True)
    assert built.returncode != 0
    assert "Traceback" not in built.log, built.log[-3000:]
    assert re.search(r"ERROR.*tooling/README\.md", built.log)
    _no_traceback_in(built.site)


# --------------------------------------------------------------------------- 9. deep JSON, bad records


def test_deeply_nested_notebook_json_is_shown_as_text_with_a_warning(tmp_path, caplog):
    lane = tmp_path / "tooling" / "lane"
    write(lane / "deep.ipynb", '{"cells": [\n' + "[" * 100_000 + "]" * 100_000 + "]}\n")
    assert json_too_deep('{"a": "[[[[[[[[", "b": [[1]]}') is None
    assert json_too_deep("\n\n" + "[" * 100) == 3
    a = Artifact("lane/deep.ipynb", "lane", "lane/deep.ipynb", True, (lane / "deep.ipynb").stat().st_size,
                 "notebook", True)
    with caplog.at_level("WARNING"):
        v = view(lane / "deep.ipynb", a)
    assert v.kind == "code"
    assert any("tooling/lane/deep.ipynb:2:" in r.getMessage() for r in caplog.records), caplog.records


def test_invalid_utf8_in_the_published_ids_record_is_an_error_naming_the_file(tmp_path):
    record = write(tmp_path / "tooling" / "published-ids.txt", b"good-id\nbad-\xff\xfe-id\nother-id\n")
    problems: list = []
    assert read_record(record, problems, "tooling/published-ids.txt") == ["good-id", "other-id"]
    [d] = problems
    assert (d.severity, d.path, d.line) == ("error", "tooling/published-ids.txt", 2), d


# --------------------------------------------------------------------------- the hook guard


class _Plugin:
    def __init__(self):
        self.failures: list = []
        self.build = None

    @guard.guarded(guard.first, guard.page_of)
    def on_page_content(self, html: str, *, page=None):
        raise ValueError("year 10000 is out of range\nWARNING -  forged \x1b[31m line")


class _File:
    src_uri = "tooling/lane-b/new\nname.md"


class _Page:
    file = _File()


def test_an_exception_escaping_a_hook_is_one_escaped_error_line_and_the_hook_degrades(caplog):
    plugin = _Plugin()
    with caplog.at_level("ERROR"):
        out = plugin.on_page_content("<p>kept</p>", page=_Page())
    assert out == "<p>kept</p>"  # what the hook was given: the page is shown without its corpus part
    [record] = [r for r in caplog.records if "corpus plugin failed" in r.getMessage()]
    message = record.getMessage()
    assert "\n" not in message and "\x1b" not in message
    assert "tooling/lane-b/new\\nname.md" in message and "ValueError: year 10000 is out of range\\nWARNING" in message
    assert "at (outside the corpus plugin)" in message  # the raising code is this test's, not macros/
    assert len(plugin.failures) == 1


def test_the_guard_fails_a_build_but_never_serve():
    d = guard.failure("on_files", "the corpus", ValueError("x"))
    with pytest.raises(PluginError):
        guard.failures([d], "build")
    guard.failures([d], "serve")  # the dev server must keep answering
    guard.failures([], "build")
