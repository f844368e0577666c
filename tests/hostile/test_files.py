"""Only regular files inside the project are read or published: symlinks out, loops, swapped files,
secrets next to the corpus; what is published is complete and reproducible."""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
from pathlib import Path

import pytest
from conftest import SITE_URL, build, make_project

from bench import adversarial
from hostile.corpus import (
    BRIEF_PATHS,
    CLEAN_FINDINGS,
    HOSTILE_ARTIFACTS,
    LANES,
    PNG,
    SECRET,
    _all_bytes,
    _secret_project,
    _tree,
    base_index,
    page_text,
    soup_of,
    vbuild,
    warnings_of,
    write,
    write_base,
)
from macros.fs import safe as safefs
from macros.load import corpus as corpus_mod
from macros.model.data import Artifact
from macros.views.artifacts import view


def test_symlinks_out_of_the_corpus_and_loops_are_skipped_with_a_warning(hostile):
    warnings = "\n".join(warnings_of(hostile.built.log))
    for name in ["lane-a/leak.txt", "lane-a/linkdir", "outlane", "lane-a/loop1", "lane-a/loop2",
                 "lane-a/selfloop", "lane-a/dotloop"]:
        assert f"tooling/{name}:" in warnings, name
    assert "Traceback" not in hostile.built.log
    # a link that stays inside the corpus is a normal artifact
    assert "SSTI-artifact-a" in page_text(hostile.page("tooling/lane-a/inside-link.txt/"))
    assert not (hostile.site / "tooling/lane-a/leak.txt").exists()
    assert not (hostile.site / "tooling/outlane").exists()


# --------------------------------------------------------------------------- 15. nothing lost


def test_nothing_is_lost(hostile):
    site = hostile.site
    data = json.loads((site / "findings.json").read_text(encoding="utf-8"))
    ids = [f["id"] for f in data["findings"]]
    assert len(ids) == 7 and len(set(ids)) == 7
    assert [f["number"] for f in data["findings"]] == list(range(1, 8))
    for fid in ids:
        assert soup_of(site / "findings" / fid / "index.html").find("h1", id="finding-title"), fid
    for lane in LANES:
        assert soup_of(site / "tooling" / lane / "index.html").find(id="lane-title"), lane
    for brief in BRIEF_PATHS:
        stem = Path(brief).stem
        assert soup_of(site / "tooling/gemma-family" / stem / "index.html").find(id="brief-title"), brief
    expected = set(HOSTILE_ARTIFACTS) | {"lane-a/not-mirrored.txt"}
    assert set(hostile.artifact_pages()) == expected
    # a manifest path that climbs out of the corpus is rejected, not followed
    assert re.search(r"ERROR.*tooling/sources\.yaml:\d+: 'lane-a/\.\./\.\./outside/secret\.txt'", hostile.built.log)
    assert (hostile.project / "mkdocs.yml").read_bytes() == hostile.mkdocs_yml
    # an alias comment cannot put a redirect over another page (`..` would be the home page)
    assert hostile.page("").find(class_="corpus-stats") is not None, "the home page was overwritten"
    assert hostile.page("findings/").find("h1", id="findings") is not None, "the findings list was overwritten"
    assert hostile.page("findings/old-evil-title/").find("meta", attrs={"http-equiv": "refresh"}) is not None
    assert re.search(r"ERROR.*tooling/README\.md:\d+: finding 3: alias '\.\.' is not a valid id", hostile.built.log)
    # hidden files are left out on purpose, and the health page says so
    assert "lane-a/.hidden-secret" in page_text(hostile.page("health/"))


def test_builds_are_reproducible_across_paths_and_environments(hostile, tmp_path):
    copy = tmp_path / "elsewhere" / "a-longer-project-directory"
    shutil.copytree(hostile.project, copy, symlinks=True, ignore=shutil.ignore_patterns("site"))
    env = {"PYTHONHASHSEED": "12345", "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    other = vbuild(copy, env=env, site=tmp_path / "out" / "site-dir")
    assert other.returncode == 0, other.log[-3000:]
    a, b = _tree(hostile.site), _tree(other.site)
    assert sorted(a) == sorted(b)
    differ = [k for k in a if a[k] != b[k]]
    assert differ == [], differ[:10]
    for tree, project, site in ((a, hostile.project, hostile.site), (b, copy, other.site)):
        for rel, data in tree.items():
            if rel.endswith(".gz"):
                data = gzip.decompress(data)
            for leak in (str(project), str(site)):
                assert leak.encode() not in data, (rel, leak)


# --------------------------------------------------------------------------- 4. symlinks (safefs)


def test_safefs_reads_inside_and_refuses_links_out_loops_folders_and_fifos(tmp_path):
    project, root = _secret_project(tmp_path)
    os.symlink("notes.txt", root / "lane" / "inside.txt")
    os.symlink("../lane/notes.txt", root / "lane" / "inside2.txt")
    os.symlink("../../.env", root / "lane" / "env.txt")          # inside the project, outside the corpus
    os.symlink(project / ".env", root / "lane" / "abs.txt")
    os.symlink("/etc/os-release", root / "lane" / "os-release.md")
    os.symlink("l2", root / "lane" / "l1")
    os.symlink("l1", root / "lane" / "l2")
    os.symlink("../lane", root / "linked")                        # a linked folder
    os.symlink(".", root / "lane" / "dot")
    os.mkfifo(root / "lane" / "fifo")
    assert safefs.read_bytes(root, "lane/inside.txt", 100) == (b"notes\n", 6)
    assert safefs.read_bytes(root, "lane/inside2.txt", 100)[0] == b"notes\n"
    for rel in ["lane/env.txt", "lane/abs.txt", "lane/os-release.md", "lane/l1", "linked/notes.txt", "lane/dot",
                "lane/fifo", "../.env", "lane/../../.env"]:
        with pytest.raises(safefs.Refused) as exc:
            safefs.read_bytes(root, rel, 100)
        assert SECRET not in str(exc.value) and "API_KEY" not in str(exc.value), rel
    dest = tmp_path / "copy.txt"
    safefs.copy_file(root, "lane/inside.txt", dest)
    assert dest.read_bytes() == b"notes\n"
    with pytest.raises(safefs.Refused):
        safefs.copy_file(root, "lane/env.txt", tmp_path / "leak.txt")
    assert not (tmp_path / "leak.txt").exists() or SECRET not in (tmp_path / "leak.txt").read_text()


def test_a_file_swapped_for_a_symlink_after_listing_is_never_read(tmp_path, monkeypatch):
    project, root = _secret_project(tmp_path)
    write(root / "README.md", base_index(CLEAN_FINDINGS).replace("lane-a", "lane"))
    real_walk = corpus_mod._walk

    def walk_then_swap(*args, **kwargs):
        listed = real_walk(*args, **kwargs)
        for rel in ("lane/README.md", "lane/notes.txt"):  # a slow build: the files become links to .env
            (root / rel).unlink()
            os.symlink("../../.env", root / rel)
        return listed

    monkeypatch.setattr(corpus_mod, "_walk", walk_then_swap)
    from datetime import date
    c = corpus_mod.load_corpus(project, build_date=date(2026, 11, 28))
    lane = next(l for l in c.lanes if l.name == "lane")
    assert SECRET not in lane.readme_body
    said = [str(d) for d in c.diagnostics]
    assert any("tooling/lane/README.md" in d and "skipped" in d for d in said), said
    assert all(SECRET not in d for d in said)
    # the artifact view and the raw copy refuse the swapped file too
    a = Artifact("lane/notes.txt", "lane", "lane/notes.txt", True, 6, "text", True)
    v = view(root / "lane" / "notes.txt", a)
    assert v.kind == "unreadable" and SECRET not in str(v.html) and SECRET not in (v.note or "")
    with pytest.raises(safefs.Refused):
        safefs.copy_file(root, "lane/notes.txt", tmp_path / "raw.txt")


def test_published_ids_linked_to_the_env_file_leaks_nothing(tmp_path):
    corpus, docs = write_base(tmp_path / "src")
    os.symlink("../.env", corpus / "published-ids.txt")
    project = make_project(tmp_path / "p", corpus=corpus, docs=docs)
    write(project / ".env", f"{SECRET}\nsecond-{SECRET}\n")
    built = vbuild(project)
    assert built.returncode == 0 and "Traceback" not in built.log, built.log[-3000:]
    assert SECRET not in built.log
    assert re.search(r"(WARNING|ERROR).*tooling/published-ids\.txt", built.log), built.log[-3000:]
    for p, data in _all_bytes(built.site):
        assert SECRET.encode() not in data, p


def test_unsafe_docs_files_lists_links_leaving_the_docs_folder(tmp_path):
    project = tmp_path / "p"
    docs = project / "docs"
    write(docs / "ok.md", "# ok\n")
    write(project / ".env", SECRET)
    write(tmp_path / "outside" / "a.md", "# outside\n")
    os.symlink("/etc/os-release", docs / "x.md")
    os.symlink("../.env", docs / "env.md")
    os.symlink("ok.md", docs / "alias.md")                      # stays inside docs: fine
    os.symlink(tmp_path / "outside", docs / "linked")
    os.symlink("nowhere.md", docs / "broken.md")
    os.symlink("loop.md", docs / "loop.md")
    found = dict(safefs.unsafe_docs_files(docs, project))
    assert set(found) == {"x.md", "env.md", "linked/", "broken.md", "loop.md"}, found
    assert all(SECRET not in reason for reason in found.values())


def test_docs_folder_publishes_markdown_and_allow_listed_assets_only(round2):
    built = round2[0]
    for name in ("evil.html", "evil.svg", "evil.js"):
        assert not (built.site / name).exists(), name
        assert re.search(rf"WARNING .*docs/{re.escape(name)}: not published", built.log), name
    for p, data in _all_bytes(built.site):
        for mark in (b"EVILHTML", b"EVILSVG", b"EVILJS"):
            assert mark not in data, (p, mark)
    assert (built.site / "img" / "ok.png").read_bytes() == PNG


# --------------------------------------------------------------------------- docs read like the corpus


def test_docs_symlinks_leaving_the_project_are_dropped_with_a_warning(tmp_path):
    corpus, docs = write_base(tmp_path / "src")
    project = make_project(tmp_path / "p", corpus=corpus, docs=docs)
    outside = tmp_path / "outside"
    write(outside / "a.md", f"# Outside\n\n{SECRET}\n")
    write(project / ".env", f"API_KEY={SECRET}\n")
    d = project / "docs"
    os.symlink("/etc/os-release", d / "x.md")
    os.symlink("../.env", d / "env.md")
    os.symlink(outside, d / "linked")
    os.symlink(outside / "a.md", d / "deep.md")
    os.symlink("DOC.md", d / "alias.md")  # inside the docs folder: an ordinary page
    built = vbuild(project)
    assert built.returncode == 0 and "Traceback" not in built.log, built.log[-3000:]
    for name in ("x.md", "env.md", "linked/", "deep.md"):
        assert re.search(rf"WARNING .*docs/{re.escape(name)}: not published", built.log), name
    for url in ("x", "env", "linked/a", "deep"):
        assert not (built.site / url).exists(), url
    os_release = Path("/etc/os-release").read_bytes() if Path("/etc/os-release").is_file() else b""
    marks = [SECRET.encode()] + [line for line in os_release.splitlines() if line.startswith(b"PRETTY_NAME=")]
    for p, data in _all_bytes(built.site):
        for mark in marks:
            assert mark not in data, (p, mark)
    assert SECRET not in built.log
    assert built.html("alias/").find("h1") is not None


def test_a_raw_copy_swapped_for_a_symlink_before_post_build_is_refused(tmp_path, monkeypatch, caplog):
    """The build-level race: the artifact is listed (and shown), then replaced by a link to a secret
    before the raw copies are written; the copy is refused with a warning, nothing leaks."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from macros.mkdocs import build as glue

    corpus, docs = write_base(tmp_path / "src")
    write(corpus / "lane-a" / "notes.txt", "ordinary notes\n")
    project = make_project(tmp_path / "p", corpus=corpus, docs=docs)
    write(tmp_path / "secret.txt", SECRET + "\n")
    target = project / "tooling" / "lane-a" / "notes.txt"
    original = glue.write_exports

    def swap_then_export(site, renderer, out, **kwargs):
        target.unlink()
        os.symlink(tmp_path / "secret.txt", target)
        original(site, renderer, out, **kwargs)

    monkeypatch.setattr(glue, "write_exports", swap_then_export)
    monkeypatch.chdir(project)
    for key, value in {"SOURCE_DATE_EPOCH": "1795824000", "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("CORPUS_DIR", raising=False)
    site = tmp_path / "site"
    with caplog.at_level("WARNING"):
        mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    said = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("tooling/lane-a/notes.txt: raw copy not written" in m for m in said), said
    assert all(SECRET not in m for m in said)
    for p, data in _all_bytes(site):
        assert SECRET.encode() not in data, p
    assert (site / "tooling" / "lane-a" / "notes.txt" / "index.html").is_file()  # the page was built before


# --------------------------------------------------------------------------- round 3: only regular files


def test_fifos_in_the_corpus_and_docs_are_skipped_never_opened(round3):
    built, _ = round3  # the fixture's build finished: nothing blocked on a FIFO
    assert re.search(r"WARNING .*tooling/lane-b/pipe\.txt: file skipped: it is a named pipe \(FIFO\)", built.log)
    assert re.search(r"WARNING .*docs/pipe\.png: not published: it is a named pipe \(FIFO\)", built.log)
    assert not (built.site / "pipe.png").exists()
    assert not (built.site / "tooling" / "lane-b" / "pipe.txt").exists()


def test_a_hard_link_to_a_file_outside_the_project_is_not_published(round3):
    built, _ = round3
    assert re.search(r"WARNING .*tooling/lane-b/hardlink\.txt: file skipped: it has 2 hard links", built.log)
    assert not any(SECRET.encode() in data for _, data in _all_bytes(built.site))


def test_kind_problem_names_each_kind_and_allows_hard_links_on_request(tmp_path):
    regular = write(tmp_path / "f.txt", "x")
    assert safefs.kind_problem(regular) is None
    os.link(regular, tmp_path / "g.txt")
    assert "2 hard links" in safefs.kind_problem(regular)
    assert safefs.kind_problem(regular, hard_links=True) is None
    os.mkfifo(tmp_path / "fifo")
    assert "named pipe" in safefs.kind_problem(tmp_path / "fifo")
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(tmp_path / "sock"))
        assert "a socket" in safefs.kind_problem(tmp_path / "sock")
    assert "a device" in safefs.kind_problem(Path("/dev/null"))
    assert "not valid UTF-8" in safefs.kind_problem(Path(os.fsdecode(b"/tmp/bad-\xff")))


def test_allow_hard_links_publishes_them(tmp_path):
    project = adversarial.base_project(tmp_path / "p")
    os.link(project / "tooling" / "lane-a" / "notes.txt", project / "tooling" / "lane-a" / "linked.txt")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - corpus\n" in text
    config.write_text(text.replace("  - corpus\n", "  - corpus:\n      allow_hard_links: true\n"), encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.log[-3000:]
    assert "hard links" not in built.log
    assert (built.site / "tooling" / "lane-a" / "linked.txt" / "index.html").is_file()


def test_a_sparse_file_is_never_expanded_into_the_site(round3):
    built, _ = round3
    assert re.search(r"WARNING .*tooling/lane-b/sparse\.bin: raw copy not written: the file is 1073741824 bytes",
                     built.log), built.log[-3000:]
    assert sum(p.stat().st_size for p in built.site.rglob("*") if p.is_file()) < 200 * 1024 * 1024
    page = built.html("tooling/lane-b/sparse.bin/")
    assert not page.find("a", class_="corpus-raw")
