"""Names from the corpus never take a name the site writes: odd file names, anchors, map rows, ids,
aliases and URL collisions."""
from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest

from hostile.corpus import (
    HOSTILE_ARTIFACTS,
    _line_of,
    soup_of,
)
from macros.plan.pages import reserved_output

# --------------------------------------------------------------------------- 9. file names


def test_odd_file_names_get_unique_working_urls(hostile):
    found = hostile.artifact_pages()
    odd = [p for p in HOSTILE_ARTIFACTS if p.startswith("lane-b/")] + ["lane-a/<img src=x onerror=alert('fname')>.txt"]
    raws = set()
    for rel in odd:
        assert rel in found, f"no page for {rel}"
        soup = soup_of(found[rel])
        link = soup.find("a", class_="corpus-raw")
        raw = (found[rel].parent / unquote(link["href"])).resolve()
        assert raw.read_bytes() == (hostile.project / "tooling" / rel).read_bytes(), rel
        raws.add(raw)
    assert len({found[r] for r in odd}) == len(odd) and len(raws) == len(odd)
    # the lane's inventory links reach each page
    lane = hostile.site / "tooling/lane-b"
    lane_soup = soup_of(lane / "index.html")
    assert lane_soup.find(id="lane-title") is not None, "the lane page was overwritten"
    hrefs = [a["href"] for a in lane_soup.select("table.corpus-inventory td:first-child a")]
    targets = {(lane / unquote(h) / "index.html").resolve() for h in hrefs}
    assert targets == {found[r].resolve() for r in odd if r.startswith("lane-b/")}
    assert hostile.page("tooling/gemma-family/evilgemma/").find(id="brief-title") is not None


# --------------------------------------------------------------------------- 11. anchors


def test_non_ascii_and_duplicate_heading_anchors_are_stable(clean):
    first, second = clean
    assert first.returncode == 0 and second.returncode == 0, second.log[-3000:]

    def ids(built):
        hs = [(h.get_text().replace("¶", "").strip(), h["id"]) for h in built.html("DOC/").find_all("h2")]
        return [x for x in hs if x[0] in ("Überblick", "日本語の見出し", "Some Section")]

    a, b = ids(first), ids(second)
    assert [t for t, _ in a] == ["Some Section", "Überblick", "日本語の見出し", "Überblick"]
    assert a == b, (a, b)
    assert len({i for _, i in a}) == 4
    for built in (first, second):
        data = json.loads((built.site / "findings.json").read_text(encoding="utf-8"))
        target = data["findings"][2]["targets"][0]
        assert target["section"] == "Überblick" and target["url"] == f"DOC/#{a[1][1]}"


def test_map_rows_never_write_outside_the_site_or_over_a_page(round2):
    built, index, _, escape = round2
    assert list(escape.iterdir()) == [], "a map row wrote outside the site"
    assert not (built.site.parent / "escape-target").exists()
    for row in ("`../../escape-target/`", "`..`", "`../findings/`"):
        line = _line_of(index, row)
        assert re.search(rf"ERROR .*tooling/README\.md:{line}: directory map row", built.log), row
    assert built.html("").find(class_="corpus-stats") is not None, "the home page was overwritten"
    listing = built.html("findings/")
    assert listing.find("h1", id="findings") is not None, "the findings list was overwritten"
    assert len(listing.select("li.corpus-finding-item")) == 6


def test_finding_ids_never_take_a_reserved_name(round2):
    built, index, _, _ = round2
    data = json.loads((built.site / "findings.json").read_text(encoding="utf-8"))
    ids = [f["id"] for f in data["findings"]]
    assert len(ids) == 6 and len(set(ids)) == 6
    assert not {i.casefold() for i in ids} & {"index"}
    for f in data["findings"]:
        assert built.html(f["url"]).find("h1", id="finding-title") is not None, f["url"]
    line = _line_of(index, "**Index.**")
    assert re.search(rf"ERROR .*tooling/README\.md:{line}: finding 2 .* names a page the site makes", built.log)
    line = _line_of(index, "**Pinned to index.**")  # (its id is also the first one's: that error comes first)
    assert re.search(rf"ERROR .*tooling/README\.md:{line}: finding 3 ", built.log)
    # the alias `index` makes no redirect over the list
    assert built.html("findings/").find("meta", attrs={"http-equiv": "refresh"}) is None


def test_a_url_collision_is_an_error_naming_both_and_nothing_is_overwritten(round2):
    built = round2[0]
    assert re.search(r"ERROR .*docs/findings\.md: this page would be published at /findings/, the address of the "
                     r"findings page of tooling/README\.md", built.log), built.log[-3000:]
    assert built.html("findings/").find("h1", id="findings") is not None


def test_brace_expansion_is_capped_with_a_warning(round2):
    built, index, _, _ = round2
    line = _line_of(index, "**Brace bomb.**")
    assert re.search(rf"WARNING .*tooling/README\.md:{line}: finding 6 .* more than 64 paths", built.log)


def test_cross_links_never_touch_entities(round2):
    built = round2[0]
    html = str(built.html("findings/tom-jerry-and-amp/").find("div", class_="corpus-finding-body"))
    assert "Tom &amp; Jerry" in html
    assert "&<a" not in html and ">amp</a>;" not in html
    links = [a for a in built.html("findings/tom-jerry-and-amp/").select(".corpus-finding-body a.corpus-xref")]
    assert [a.get_text() for a in links] == ["amp"]  # the name as a word is still linked, once


# --------------------------------------------------------------------------- round 3: names the site writes


@pytest.mark.parametrize("url, ours", [
    ("findings/index.html/", "/findings/index.html, the page file of /findings/"),
    ("tooling/lane/index.html/", "/tooling/lane/index.html, the page file of /tooling/lane/"),
    ("index.html/", "/index.html, the page file of /"), ("sitemap.xml/", "/sitemap.xml, which the site writes itself"),
    ("search/x/", "/search, which the site writes itself"), ("assets/", "/assets, which the site writes itself"),
    ("404.html/", "/404.html, which the site writes itself"), ("findings.json/", "/findings.json, which the site writes itself"),
    ("Assets/", "/Assets, which the site writes itself"),
])
def test_reserved_outputs_name_what_the_site_writes_there(url, ours):
    assert reserved_output(url) == ours


@pytest.mark.parametrize("url", ["findings/search/", "tooling/assets/", "tooling/lane/index-html/", "findings/x/"])
def test_ordinary_urls_are_not_reserved(url):
    assert reserved_output(url) is None


def test_an_html_snapshot_named_index_html_gets_a_page_of_its_own(round3):
    built, _ = round3
    lane = (built.site / "tooling" / "lane-a" / "index.html").read_text(encoding="utf-8")
    assert "Lane A" in lane and "SNAPSHOT-INDEX" not in lane  # the lane page was not overwritten
    snap = built.html("tooling/lane-a/index-html/")
    assert "SNAPSHOT-INDEX" in snap.get_text()


def test_an_id_index_html_is_an_error_and_never_overwrites_the_list(round3):
    built, _ = round3
    assert re.search(r"ERROR .*tooling/README\.md:\d+: finding 5 \"Index id\" has the id 'index\.html', which names "
                     r"a page the site makes under findings/; it is published as findings/index\.html-2/", built.log)
    assert (built.site / "findings" / "index.html").is_file()  # the list, still a file
    assert "Index id" in built.html("findings/index.html-2/").get_text()


def test_reserved_aliases_and_aliases_after_a_colon_are_errors(round3):
    built, _ = round3
    assert re.search(r"ERROR .*finding 6 \"Aliases\" declares the alias 'index\.html', but findings/index\.html/ "
                     r"would be written over /findings/index\.html, the page file of /findings/", built.log)
    assert re.search(r"ERROR .*finding 6: alias 'history: after-colon' is not a valid id", built.log)
    assert (built.site / "findings" / "old-aliases" / "index.html").is_file()  # the valid alias still works
    assert not (built.site / "findings" / "index.html").is_dir()


def test_a_docs_page_at_a_file_the_site_writes_is_left_out(round3):
    built, _ = round3
    assert re.search(r"ERROR .*docs/sitemap\.xml\.md: this page would be published at /sitemap\.xml/, over "
                     r"/sitemap\.xml, which the site writes itself", built.log), built.log[-3000:]
    assert (built.site / "sitemap.xml").is_file()


def test_non_utf8_names_are_escaped_warned_and_skipped(round3):
    built, _ = round3
    assert re.search(r"WARNING .*tooling/lane-b/bad-\\xff-name\.txt: file skipped: its name is not valid UTF-8",
                     built.log), built.log[-3000:]
    assert not list((built.site / "tooling" / "lane-b").glob("bad-*"))


def test_control_characters_in_names_cannot_forge_log_lines(round3):
    built, _ = round3
    lines = built.log.split("\n")
    assert not [line for line in lines if line.startswith("WARNING -  forged")]
    assert "\x1b" not in built.log and "\u2028" not in built.log
    assert "new\\nWARNING -  forged line.txt" in built.log and "esc\\x1b[31mred.txt" in built.log
