"""Issue 16, build side: retitled findings, the renamed findings heading, number shortcuts, the footer."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from support.project import BUILD_EPOCH, SITE_URL, build, make_project
from macros.fs import gitdates
from macros.plan import moved
from macros.model.data import Finding

SEVENTH = "7. **No Gemma 4 technical report PDF exists yet as of 2026-04-18.**"
RETITLED = "7. **No Gemma 4 technical report PDF has been published as of 2026-04-18.**"
OLD_ID = "no-gemma-4-technical-report-pdf-exists-yet"


def _retitle(project: Path) -> None:
    readme = project / "tooling" / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert SEVENTH in text
    readme.write_text(text.replace(SEVENTH, RETITLED), encoding="utf-8")


def test_a_retitled_finding_leaves_a_page_at_its_old_address(tmp_path):
    project = make_project(tmp_path / "p")
    _retitle(project)
    built = build(project)
    assert built.returncode == 0, built.log
    page = built.html(f"findings/{OLD_ID}/")
    link = page.find("main").find("strong").find("a")
    assert link["href"] == "../no-gemma-4-technical-report-pdf-has-been/"
    assert "Finding 7:" in link.get_text()
    # for readers: the site's own frame, a canonical link to the finding, no maintainer's instructions
    assert "finding-aliases" not in page.get_text() and "maintainer" not in page.get_text()
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("link", rel="canonical")["href"] == f"{SITE_URL}findings/no-gemma-4-technical-report-pdf-has-been/"
    assert page.select_one("header.md-header") is not None and page.select_one("link[href$='corpus.css']")
    assert page.title.get_text().startswith("Finding moved")
    # and it is still an error for a strict build, which names the fix
    strict = build(project, strict=True, site=tmp_path / "strict")
    assert strict.returncode != 0 and f"'{OLD_ID}'" in strict.log
    # the message names the finding that was retitled and the exact comment to add to it
    error = next(line for line in strict.log.splitlines() if f"'{OLD_ID}'" in line)
    assert 'finding 7 "No Gemma 4 technical report PDF has been published as of 2026-04-18"' in error
    assert f"<!-- finding-aliases: {OLD_ID} -->" in error and "New title" not in error
    assert "has the new id 'no-gemma-4-technical-report-pdf-has-been'" not in strict.log  # not `make ids`


def test_serve_remembers_the_ids_it_built(tmp_path, monkeypatch):
    """Two builds by one process, as `mkdocs serve` does: MkDocs keeps our plugin (it has on_startup)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    project = make_project(tmp_path / "p", published_ids="")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    monkeypatch.setenv("SITE_URL", SITE_URL)
    monkeypatch.chdir(project)
    site = tmp_path / "site"
    first = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    first.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(first)
    assert not (site / "findings" / OLD_ID / "index.html").read_text().count("This finding has moved")
    _retitle(project)
    second = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    assert second.plugins["corpus"] is first.plugins["corpus"]
    mkdocs_build(second)
    text = (site / "findings" / OLD_ID / "index.html").read_text(encoding="utf-8")
    assert "This finding has moved" in text and "pdf-has-been/" in text
    assert "No Gemma 4 technical report PDF exists yet" in text  # the old title, remembered
    first.plugins.on_shutdown()


def test_renaming_the_findings_heading_shows_the_error_on_the_findings_page(tmp_path):
    project = make_project(tmp_path / "p")
    readme = project / "tooling" / "README.md"
    text = readme.read_text(encoding="utf-8")
    head = next(line for line in text.splitlines() if line.startswith("## Findings"))
    readme.write_text(text.replace(head, "## What we found"), encoding="utf-8")
    built = build(project)
    page = built.html("findings/")
    box = page.select_one(".corpus-list-problem")
    assert box is not None and box.get("role") == "alert"
    assert "no '## Findings' heading" in box.get_text()
    assert "tooling/README.md:1" in box.get_text()


def test_number_shortcuts_lead_to_the_finding(shipped):
    import json

    findings = json.loads(shipped.text("findings.json"))["findings"]
    for f in findings:
        page = shipped.html(f"findings/{f['number']}/")
        assert page.find("link", rel="canonical")["href"] == SITE_URL + f["url"]
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
        assert refresh == f"0; url=../{f['id']}/"


def _finding(n: int, fid: str, title: str, aliases: tuple[str, ...] = ()) -> Finding:
    return Finding(number=n, id=fid, title=title, title_html=title, body_html="", summary="", marker=None,
                   status="merged", targets=(), reason=None, recheck=None, line=n, end_line=n,
                   source="tooling/README.md", aliases=aliases)


def test_numbers_never_clobber_a_finding_id_or_alias():
    fs = [_finding(1, "2", "Two as an id"), _finding(2, "b", "Bee", aliases=("1",)), _finding(3, "c", "See")]
    assert [name for name, _ in moved.number_shortcuts(fs)] == ["3"]


def test_moved_picks_the_closest_title_and_is_bounded():
    fs = [_finding(1, "flash-attention-breaks", "Flash attention breaks"),
          _finding(2, "the-26b-variant-is-a-moe", "The 26B variant is a MoE")]
    got = moved.moved(fs, ["the-26b-model-is-a-moe", "flash-attention-breaks", "../etc", "7"], {})
    assert [(m.old_id, m.finding.number) for m in got] == [("the-26b-model-is-a-moe", 2)]
    many = [f"gone-{i}" for i in range(10_000)]
    assert len(moved.moved(fs, many, {})) == moved.MOVED_LIMIT


def test_head_commit_outside_git_and_inside(tmp_path):
    assert gitdates.head_commit(tmp_path) is None
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    assert gitdates.head_commit(tmp_path) is None  # no commit yet
    (tmp_path / "a").write_text("a")
    subprocess.run(["git", "-C", str(tmp_path), "add", "a"], check=True, env=env)
    subprocess.run(["git", "-C", str(tmp_path), "commit", "-qm", "a"], check=True, env=env)
    head = subprocess.run(["git", "-C", str(tmp_path), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    assert gitdates.head_commit(tmp_path) == head


def test_footer_shows_the_build_date_and_source(shipped):
    foot = shipped.html("findings/").select_one(".corpus-site-footer")
    assert foot is not None
    assert foot.find("time")["datetime"] == "2026-11-28"  # SOURCE_DATE_EPOCH
    assert foot.find("a", string="source repository")["href"].startswith("https://")


def _og_image(built, url: str) -> Path:
    page = built.html(url)
    image = page.find("meta", property="og:image")["content"]
    assert image.startswith(SITE_URL) and image.endswith(".png"), image
    assert page.find("meta", attrs={"name": "twitter:image"})["content"] == image
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    return built.site / image.removeprefix(SITE_URL)


def test_findings_home_and_lists_have_a_link_card_image(shipped):
    from PIL import Image

    import json

    findings = json.loads(shipped.text("findings.json"))["findings"]
    first, second = (_og_image(shipped, f["url"]) for f in findings[:2])
    for path in (first, second, _og_image(shipped, ""), _og_image(shipped, "findings/"),
                 _og_image(shipped, "tooling/")):
        with Image.open(path) as im:
            assert im.format == "PNG" and im.size == (1200, 630), path
    assert first.read_bytes() != second.read_bytes()
    assert not (shipped.site / ".cache").exists()  # the cache lives beside the project, not in the site
    assert (shipped.project / ".cache" / "cards").is_dir()
