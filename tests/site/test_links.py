"""Every internal link of the built site resolves (tests/support/linkcheck.py), and the checker can fail."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support.linkcheck import check_site, detect_site_url, find_problems

SITE_URL = "https://corpus.example.org/gemma/"


def test_site_url_is_detected(shipped):
    assert detect_site_url(shipped.site) == SITE_URL


def test_shipped_site_has_no_broken_links(shipped):
    problems = find_problems(shipped.site)
    assert not problems, "broken internal links:\n" + "\n".join(f"{p}: {h}  ({why})" for p, h, why in problems)


@pytest.fixture(scope="module")
def broken_site(shipped, tmp_path_factory) -> Path:
    """A copy of the shipped site with one page of deliberately broken (and some good) links."""
    site = tmp_path_factory.mktemp("broken") / "site"
    shutil.copytree(shipped.site, site)
    page = site / "findings" / "broken-page" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("""<!doctype html><html><head>
<link rel="canonical" href="https://corpus.example.org/gemma/findings/broken-page/">
<link rel="stylesheet" href="../../assets/no-such.css">
<script src="../../assets/corpus.js"></script>
</head><body>
<h1 id="here">Broken</h1>
<a href="../no-such-finding/">missing page</a>
<a href="../../GOTCHAS/#no-such-anchor">missing anchor</a>
<a href="../../GOTCHAS/#medium">good anchor</a>
<a href="#here">good local anchor</a>
<a href="#nowhere">missing local anchor</a>
<a href="../../findings.json">good json</a>
<a href="../../findings.json#x">fragment on json</a>
<a href="../../_raw/tooling/no-such-file.txt">missing raw file</a>
<img src="../../assets/missing.png" alt="">
<a href="/gemma/findings/">good root-absolute</a>
<a href="/findings/">root-absolute outside the site path</a>
<a href="https://corpus.example.org/gemma/no-such-page/">own absolute URL, missing</a>
<a href="https://corpus.example.org/gemma/health/">own absolute URL, good</a>
<a href="https://example.com/missing/">external</a>
<a href="mailto:someone@example.org">mail</a>
<a href="../../../../../../etc/passwd">escapes</a>
</body></html>""", encoding="utf-8")
    return site


def test_broken_page_is_reported_with_page_and_href(broken_site):
    page = "findings/broken-page/index.html"
    reported = {p for p in check_site(broken_site) if p.startswith(page + ": ")}
    assert reported == {f"{page}: {href}" for href in (
        "../../assets/no-such.css",
        "../no-such-finding/",
        "../../GOTCHAS/#no-such-anchor",
        "#nowhere",
        "../../findings.json#x",
        "../../_raw/tooling/no-such-file.txt",
        "../../assets/missing.png",
        "/findings/",
        "https://corpus.example.org/gemma/no-such-page/",
        "../../../../../../etc/passwd",
    )}


def test_a_removed_page_is_caught(shipped, tmp_path):
    """Pages linking to a page that disappeared are reported."""
    site = tmp_path / "site"
    shutil.copytree(shipped.site, site)
    shutil.rmtree(site / "health")
    problems = check_site(site)
    assert "index.html: health/" in problems, problems
    assert "findings/index.html: ../health/" in problems, problems


def _mini(tmp_path: Path, pages: dict[str, str]) -> Path:
    for rel, body in pages.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return tmp_path


def test_rules_on_a_small_site(tmp_path):
    site = _mini(tmp_path, {
        "index.html": '<a href="caf%C3%A9/">decoded</a><a href="a%20b/x.txt">space</a>'
                      '<a href="doc/#old">a name</a><a href="doc">no slash dir</a><a href="doc/?q=1#">query</a>'
                      '<a href="">self</a><a href="#">top</a><a href="#top">top</a><a href="javascript:void(0)">js</a>'
                      '<a href="doc/#Old">case matters</a><a href="café/#Ünï">decoded fragment</a>',
        "café/index.html": '<h2 id="Ünï">x</h2><a href="../index.html">up</a><a href="..">up dir</a>',
        "a b/x.txt": "raw",
        "doc/index.html": '<a name="old"></a>',
    })
    assert check_site(site) == ["index.html: doc/#Old"]


def test_one_canonical_link_per_page(shipped):
    from bs4 import BeautifulSoup
    doubled = []
    for page in ("index.html", "findings/index.html", "GOTCHAS/index.html"):
        soup = BeautifulSoup((shipped.site / page).read_text(encoding="utf-8"), "html.parser")
        if len(soup.select('link[rel="canonical"]')) != 1:
            doubled.append(page)
    assert not doubled, doubled


# ------------------------------------------------------------------ whole names, paths relative to their file

from macros.xref.links import NAME_END, _alternation  # noqa: E402


@pytest.mark.parametrize("text, name", [
    ("PaliGemma 3 is not out", None),  # another model
    ("PaliGemma-on-Gemma-4", None),
    ("PaliGemma2", None),
    ("PaliGemma 2.5 soon", None),
    ("PaliGemma 2 mix", "PaliGemma 2"),
    ("use PaliGemma.", "PaliGemma"),
    ("PaliGemma 3B weights", "PaliGemma"),  # a size of it
])
def test_names_match_whole(text, name):
    m = _alternation({"PaliGemma", "PaliGemma 2"}, r"(?<![\w-])(", NAME_END).search(text)
    assert (m.group(1) if m else None) == name
