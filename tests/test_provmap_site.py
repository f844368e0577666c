"""The provenance map, the per-doc/per-lane maps, the neighbourhood maps and the timeline in a built site.

One project in tmp_path: the shipped corpus plus findings with hostile titles (`<script>`, `"]; evil`, a
5 KB title), built twice (the pages must be byte-identical) and once without Graphviz on the PATH.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import build, make_project

LONG = "Long " + "x" * 5000
HOSTILE_FINDINGS = f"""
14. **`<script>alert("map")</script>` in a title.** Cites `huggingface/README.md` as of 2026-05-01. **[merged: GOTCHAS.md — MEDIUM severity section]**
15. **Quote break "]; evil [label="x"]; n0 -> n1 \\N {{{{ 7*7 }}}}.** Body. **[merged: GOTCHAS.md]**
    - **Superseded 2026-06-10:** see `gemma-family/diffusiongemma.md` <img src=x onerror=alert(1)>.
16. **{LONG}.** Body. **[flagged — check back mid-2026]**
17. **Cites four lanes.** See `huggingface/README.md`, `fine-tuning/README.md`, `google-official/README.md` and `inference-frameworks/README.md`. **[merged: GOTCHAS.md — MEDIUM severity section; SYNTHESIS.md]**
"""
EPOCH_ENV = {"SOURCE_DATE_EPOCH": "1795824000", "PYTHONHASHSEED": "1"}
VERIFICATION = """schema: 1
sources:
  - url: https://ai.google.dev/gemma/docs
    state: ok
    status: 200
    final_url: null
    sha256_match: null
    checked: '2026-11-20'
    detail: ''
    cited:
      - tooling/google-official/README.md:24
  - url: https://github.com/google/gemma.cpp
    state: gone
    status: 404
    final_url: null
    sha256_match: null
    checked: '2026-11-20'
    detail: ''
    cited:
      - tooling/google-official/README.md:36
"""


def add_findings(index: Path) -> None:
    """The hostile findings, after the last item of the shipped findings list (and its notes)."""
    lines = index.read_text(encoding="utf-8").splitlines()
    last = max(i for i, line in enumerate(lines) if re.match(r"\d+\. \*\*", line))
    end = last + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    lines[end:end] = HOSTILE_FINDINGS.strip("\n").splitlines()
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    p = make_project(tmp_path_factory.mktemp("provmap"))
    add_findings(p / "tooling" / "README.md")
    (p / "tooling" / "verification.yaml").write_text(VERIFICATION, encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def built(project):
    result = build(project, env=EPOCH_ENV)
    assert result.returncode == 0, result.log
    return result


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def resolves(site: Path, page_url: str, href: str) -> bool:
    """Whether a relative link from the page at `page_url` lands on a file of the built site."""
    assert not urlsplit(href).scheme and not href.startswith("/"), href
    path = unquote(urlsplit(urljoin("http://x/" + page_url, href)).path).lstrip("/")
    target = site / path
    return (target / "index.html").is_file() if (not path or path.endswith("/")) else target.is_file()


def test_map_draws_every_finding_doc_and_lane_as_links_that_land(built):
    page = soup(built.site, "findings/map/")
    svg = page.select_one("svg.cg-svg")
    assert svg is not None
    links = svg.find_all("a")
    labels = {a.find("text").get_text() for a in links if a.find("text") is not None}
    assert {"GOTCHAS.md", "huggingface/"} <= labels or "GOTCHAS.md" in " ".join(labels)
    assert sum(1 for a in links if "cg-finding" in a.get("class", [])) == 17
    for a in links:
        assert resolves(built.site, "findings/map/", a["href"]), a["href"]


def test_map_has_its_edges_as_a_table(built):
    page = soup(built.site, "findings/map/")
    table = page.find("h2", id="the-map-as-a-table").find_next("table")
    rows = [(tr.th.get_text(" ", strip=True), tr.find_all("td")[0].get_text(), tr.find_all("td")[1])
            for tr in table.tbody.find_all("tr")]
    svg_edges = page.select("svg.cg-svg .cg-edge")
    assert sum(len(cell.find_all("a")) for _, _, cell in rows) == len(svg_edges) > 0  # every edge, once
    assert len({(src, word) for src, word, _ in rows}) == len(rows)  # one row per node and relation
    relations = {r[1] for r in rows}
    assert {"merged into", "cites", "superseded by"} <= relations
    assert any(src.startswith("15. Quote break") and word == "superseded by" and "DiffusionGemma" in cell.get_text()
               for src, word, cell in rows)
    for a in table.find_all("a"):
        assert resolves(built.site, "findings/map/", a["href"]), a["href"]


def test_hostile_titles_are_text_in_the_map_and_the_timeline(built):
    for url in ("findings/map/", "findings/timeline/", "findings/map/doc/GOTCHAS/", ""):
        html = (built.site / url / "index.html").read_text(encoding="utf-8")
        page = BeautifulSoup(html, "html.parser")
        main = page.select_one("article") or page
        assert not main.find_all("script"), url
        assert not any(k.startswith("on") for t in main.find_all(True) for k in t.attrs), url
        assert "<img src=x" not in html and '<script>alert("map")' not in html
        for svg in main.select("svg.cg-svg"):
            assert all(t["id"].startswith("cg-") for t in svg.find_all(id=True))
            assert all(len(t.get_text()) <= 40 for t in svg.find_all("text"))
    timeline = soup(built.site, "findings/timeline/")
    text = timeline.get_text(" ")
    assert '<script>alert("map")</script> in a title' in text
    assert 'Quote break "]; evil [label="x"]; n0 -> n1' in text
    assert "x" * 5000 not in text  # capped on the mark; the finding page has it whole


def test_timeline_marks_link_to_their_notes_and_findings_and_carry_the_filter_tokens(built):
    page = soup(built.site, "findings/timeline/")
    marks = page.select("li.cg-mark")
    assert marks
    kinds = {m["data-kind"] for m in marks}
    assert {"claim", "superseded", "re-checked", "update", "later", "due", "verify"} <= kinds
    [run] = [m for m in marks if m["data-kind"] == "verify"]
    assert run.find("time")["datetime"] == "2026-11-20" and "2 sources checked: 1 gone, 1 ok" in run.get_text()
    assert run.find("a")["href"] == "../../health/"
    for m in marks:
        href = m.find("a")["href"]
        assert resolves(built.site, "findings/timeline/", href), href
        frag = urlsplit(href).fragment
        if frag:  # a note: its anchor is on the finding page
            target = unquote(urlsplit(urljoin("http://x/findings/timeline/", href)).path).lstrip("/")
            assert soup(built.site, target).find(id=frag) is not None, href
    superseded = [m for m in marks if m["data-kind"] == "superseded"]
    assert all("superseded" in m["data-states"].split() for m in superseded)
    days = [m.find("time")["datetime"] for m in marks]
    assert days == sorted(days)
    buttons = {b["data-filter"] for b in page.select(".corpus-filter-btn")}
    assert {"all", "merged", "flagged", "overdue", "superseded"} <= buttons


def test_finding_page_has_its_neighbourhood(built):
    page = soup(built.site, "findings/no-gemma-4-generation-specialized-siblings-yet/")
    svg = page.find("h2", id="where-it-went").find_next("svg")
    hrefs = [a["href"] for a in svg.find_all("a")]
    assert any("diffusiongemma" in h for h in hrefs) and any("CORPUS_capabilities" in h for h in hrefs)
    for h in hrefs:
        assert resolves(built.site, "findings/no-gemma-4-generation-specialized-siblings-yet/", h), h
    centre = svg.select_one("a.cg-centre")
    assert centre.find("text").get_text().startswith("8. No Gemma-4-generation")


def test_cluster_maps_exist_for_every_doc_and_lane(built):
    page = soup(built.site, "findings/map/")
    for h2 in ("maps-by-doc", "maps-by-lane"):
        items = page.find("h2", id=h2).find_next("ul").find_all("a")
        assert items
        for a in items:
            assert resolves(built.site, "findings/map/", a["href"]), a["href"]
    gotchas = soup(built.site, "findings/map/doc/GOTCHAS/")
    drawn = [(a.find("title") or a.find("text")).get_text() for a in gotchas.select("svg a.cg-finding")]
    assert any(t.startswith("14. <script>") for t in drawn) and any(t.startswith("15. Quote break") for t in drawn)


def test_home_page_has_map_and_timeline_ways_in_with_a_thumbnail(built):
    page = soup(built.site, "")
    ways = page.select_one(".corpus-ways-in")
    assert ways.find("a", href="findings/map/") and ways.find("a", href="findings/timeline/")
    thumb = ways.select_one("a.cg-thumb svg")
    assert thumb["aria-hidden"] == "true" and not thumb.find_all(["a", "text"])


def test_two_builds_are_byte_identical(project, built, tmp_path):
    """Whatever Python's string hashing (a set's order): finding 17's four lanes and two docs."""
    again = build(project, env={**EPOCH_ENV, "PYTHONHASHSEED": "2"}, site=tmp_path / "again")
    assert again.returncode == 0, again.log
    for url in ("findings/map/", "findings/map/doc/GOTCHAS/", "findings/map/lane/huggingface/",
                "findings/timeline/", "", "findings/no-gemma-4-generation-specialized-siblings-yet/"):
        assert (built.site / url / "index.html").read_bytes() == (again.site / url / "index.html").read_bytes(), url


def test_without_graphviz_the_maps_are_tables_and_the_log_says_so_once(project, tmp_path):
    bindir = tmp_path / "bin"  # a PATH with python and git but no dot
    bindir.mkdir()
    for tool in ("git",):
        found = shutil.which(tool)
        if found:
            (bindir / tool).symlink_to(found)
    result = build(project, env={**EPOCH_ENV, "PATH": str(bindir)}, site=tmp_path / "site")
    assert result.returncode == 0, result.log
    assert result.log.count("provenance maps are not drawn") == 1
    assert "INFO" in next(line for line in result.log.splitlines() if "provenance maps are not drawn" in line)
    page = soup(result.site, "findings/map/")
    assert page.select_one("svg.cg-svg") is None and page.select_one(".cg-nodraw") is not None
    assert page.find("h2", id="the-map-as-a-table").find_next("table").find("td") is not None
    assert os.environ.get("PATH")  # the test's own PATH is untouched
