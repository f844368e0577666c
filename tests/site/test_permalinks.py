"""Links people paste: stable ids, aliases and redirects, link cards, citations, source lines, git dates."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path


from support.gitrepo import git
from support.project import build, make_project
from macros.load.corpus import load_corpus
from datetime import date

INDEX = """# Corpus

## Directory map

| Dir | What's there | When to open it |
|---|---|---|
| `lane-a/` | things | always |

## Findings that update / contradict the existing corpus

{items}
"""
DOC = "# Doc\n\n## Some Section\n\ntext\n"
ITEMS = [
    "**Prompt-token format changed in Gemma 4.** body one **[merged: DOC.md — Some Section section]**",
    "**Second finding.** body two **[flagged — check back mid-2026]**",
    "**Third finding.** body three **[flagged — reference material]**",
]


def _corpus(tmp: Path, items: list[str]) -> Path:
    root = tmp / "tooling"
    (root / "lane-a").mkdir(parents=True, exist_ok=True)
    (root / "lane-a" / "README.md").write_text("# Lane A\n", encoding="utf-8")
    (root / "sources.yaml").write_text("artifacts: []\n", encoding="utf-8")
    body = "\n".join(f"{n}. {t}" for n, t in enumerate(items, 1))
    (root / "README.md").write_text(INDEX.format(items=body), encoding="utf-8")
    (tmp / "docs").mkdir(exist_ok=True)
    (tmp / "docs" / "DOC.md").write_text(DOC, encoding="utf-8")
    return tmp


def _ids(tmp: Path, items: list[str]) -> dict[str, str]:
    c = load_corpus(_corpus(tmp, items), build_date=date(2026, 11, 28))
    return {f.title: f.id for f in c.findings}


def test_ids_survive_reorder_insert_delete_and_edits(tmp_path):
    base = _ids(tmp_path / "a", ITEMS)
    assert _ids(tmp_path / "b", list(reversed(ITEMS))) == base
    inserted = _ids(tmp_path / "c", ITEMS[:1] + ["**New one.** x **[flagged — y]**"] + ITEMS[1:])
    assert {k: v for k, v in inserted.items() if k in base} == base
    deleted = _ids(tmp_path / "d", ITEMS[1:])
    assert deleted == {k: v for k, v in base.items() if k in deleted}
    edited = [ITEMS[0].replace("body one", "a rewritten body").replace("Some Section section", "Some Section"),
              ITEMS[1].replace("mid-2026", "late-2026"), ITEMS[2]]
    assert _ids(tmp_path / "e", edited) == base


def test_explicit_id_wins(tmp_path):
    items = [ITEMS[0].replace("body one", "body one <!-- finding-id: prompt-tokens -->")] + ITEMS[1:]
    ids = _ids(tmp_path, items)
    assert ids["Prompt-token format changed in Gemma 4"] == "prompt-tokens"


def _project(tmp: Path, items: list[str], published: str) -> Path:
    src = _corpus(tmp / "src", items)
    return make_project(tmp / "p", corpus=src / "tooling", docs=src / "docs", published_ids=published)


PUBLISHED = "prompt-token-format-changed-in-gemma-4\nsecond-finding\nthird-finding\n"


def test_retitled_with_alias_redirects(tmp_path):
    items = ["**Prompt tokens were redesigned in Gemma 4.** body <!-- finding-aliases: prompt-token-format-changed-in-gemma-4 --> "
             "**[merged: DOC.md — Some Section section]**"] + ITEMS[1:]
    result = build(_project(tmp_path, items, PUBLISHED), strict=True)
    assert result.returncode == 0, result.log
    page = result.html("findings/prompt-token-format-changed-in-gemma-4/")
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == "0; url=../prompt-tokens-were-redesigned-in-gemma-4/"
    assert page.find("link", rel="canonical")["href"] == \
        "https://corpus.example.org/gemma/findings/prompt-tokens-were-redesigned-in-gemma-4/"
    assert page.find("meta", property="og:title")["content"] == "Prompt tokens were redesigned in Gemma 4"


def test_retitled_without_alias_fails_strict(tmp_path):
    items = ["**Prompt tokens were redesigned in Gemma 4.** body **[merged: DOC.md — Some Section section]**"] + ITEMS[1:]
    result = build(_project(tmp_path, items, PUBLISHED), strict=True)
    assert result.returncode != 0
    assert "the published finding id 'prompt-token-format-changed-in-gemma-4' (in tooling/published-ids.txt) no longer exists" \
        in result.log
    assert "<!-- finding-aliases: prompt-token-format-changed-in-gemma-4 -->" in result.log
    lenient = build(result.project, site=tmp_path / "lenient")
    assert lenient.returncode == 0
    errors = lenient.html("health/").find(id="errors").find_next("ul").get_text()
    assert "'prompt-token-format-changed-in-gemma-4'" in errors


def test_cards_on_every_finding_page(shipped):
    data = json.loads(shipped.text("findings.json"))
    for f in data["findings"]:
        page = shipped.html(f["url"])
        meta = {m.get("property") or m.get("name"): m.get("content") for m in page.find_all("meta")}
        noted = f["state"]["note"] is not None  # a note changed its state: the card says so, dated
        if noted:
            assert meta["og:title"].startswith(f"{f['title']} ({f['state']['words']}, ")
            assert meta["og:title"].endswith(f"{f['state']['note']['date']})")
        else:
            assert meta["og:title"] == f["title"]
        assert meta["og:url"] == "https://corpus.example.org/gemma/" + f["url"]
        assert meta["og:type"] == "article" and meta["og:site_name"] == "Gemma 4 Tooling Corpus"
        assert meta["twitter:card"] == "summary_large_image"  # with the og:image (issue 16.18)
        desc = meta["og:description"]
        assert len(desc) <= 200
        assert f["state"]["note"]["date"] in desc[:40] if noted else \
            desc.startswith("Merged into" if f["status"] == "merged" else "Flagged")
        assert "`" not in desc and "`" not in meta["og:title"]
        assert not re.search(r"</?(code|a|p|strong|em|span)\b", desc), desc  # plain text, not markup
    home = shipped.html("")
    assert home.find("meta", property="og:url")["content"] == "https://corpus.example.org/gemma/"


def test_hostile_title_escaped_in_meta_and_title(tmp_path):
    title = 'Tags <b>&amp; "quotes" & </title><script>alert(1)</script>'
    items = [f"**{title}.** body **[flagged — reference material]**"] + ITEMS[1:]
    result = build(_project(tmp_path, items, ""))
    assert result.returncode == 0, result.log
    fid = json.loads((result.site / "findings.json").read_text())["findings"][0]
    assert "<script>alert" not in (result.site / fid["url"] / "index.html").read_text()
    page = result.html(fid["url"])
    expected = fid["title"]
    assert page.find("meta", property="og:title")["content"] == expected
    assert page.find("meta", attrs={"name": "twitter:title"})["content"] == expected
    assert page.title.get_text() == f"{expected} - Gemma 4 Tooling Corpus"
    assert not page.find("script", string=re.compile("alert"))


def test_citation_text(shipped):
    page = shipped.html("findings/prompt-token-format-changed-in-gemma-4/")
    button = page.find("button", attrs={"data-citation": True})
    assert button["data-citation"] == (
        "[Finding 1: Prompt-token format changed in Gemma 4](https://corpus.example.org/gemma/findings/"
        "prompt-token-format-changed-in-gemma-4/) — merged into CORPUS_tool_calling_format.md § Chat Template Context"
        " (Gemma 4 Tooling Corpus, claimed 2026-04-18)")  # the research pass the index names (no git, no "as of")
    # the list sends each item's citation after its link; corpus.js makes the buttons (test_browser.py)
    items = shipped.html("findings/").select("ol.corpus-findings[data-base] > li[data-cite]")
    assert len(items) == 13
    assert items[0]["data-cite"] == "merged into CORPUS_tool_calling_format.md § Chat Template Context"


def test_source_line_and_git_dates(tmp_path):
    project = _project(tmp_path, ITEMS, PUBLISHED)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "first", when="2026-01-10T12:00:00Z")
    readme = project / "tooling" / "README.md"
    readme.write_text(readme.read_text().replace("body two", "body two, edited"), encoding="utf-8")
    (project / "tooling" / "lane-a" / "README.md").write_text("# Lane A\n\nMore.\n", encoding="utf-8")
    git(project, "commit", "-qam", "second", when="2026-03-05T12:00:00Z")
    result = build(project, strict=True, env={"REPO_URL": "https://github.com/example/corpus"})
    assert result.returncode == 0, result.log
    first = result.html("findings/prompt-token-format-changed-in-gemma-4/")
    times = [t["datetime"] for t in first.find(id="source").find_next("p").find_all("time")]
    assert times == ["2026-01-10", "2026-01-10"]
    second = result.html("findings/second-finding/")
    times = [t["datetime"] for t in second.find(id="source").find_next("p").find_all("time")]
    assert times == ["2026-03-05", "2026-03-05"]
    link = second.find("a", string=re.compile("view the source line"))["href"]
    assert link == "https://github.com/example/corpus/blob/main/tooling/README.md?plain=1#L12"
    edit = second.find("a", rel="edit")["href"]
    assert edit == "https://github.com/example/corpus/edit/main/tooling/README.md"
    lane = result.html("tooling/lane-a/")
    assert lane.select_one(".corpus-dates time")["datetime"] == "2026-03-05"
    # the same commit gives the same dates, whatever day it is built
    again = build(project, site=tmp_path / "again", env={"SOURCE_DATE_EPOCH": "1830000000",
                                                          "REPO_URL": "https://github.com/example/corpus"})
    assert again.html("findings/second-finding/").find(id="source").find_next("p").find_all("time")[0]["datetime"] \
        == "2026-03-05"


def test_outside_git_dates_are_omitted_with_a_note(shipped):
    page = shipped.html("findings/prompt-token-format-changed-in-gemma-4/")
    assert not page.find(id="source").find_next("p").find_all("time")
    assert "not inside a git repository" in shipped.html("health/").get_text()
