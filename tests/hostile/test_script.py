"""Script never runs: SSTI payloads, chat templates, titles, raw HTML, snapshots, snippets and ids
that would clobber the theme's own are shown as inert text."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

from bs4 import BeautifulSoup
from conftest import ROOT, make_project

from hostile.corpus import (
    CHAT_TEMPLATE,
    CLEAN_FINDINGS,
    CLOBBER,
    DOC_MD,
    GOOD_BRIEF,
    SECRET,
    SNAPSHOT_MARK,
    _all_bytes,
    assert_inert,
    base_index,
    errors_of,
    page_text,
    pages,
    soup_of,
    ssti,
    vbuild,
    warnings_of,
    write,
    write_base,
)
from macros.text.sanitize import RESERVED_IDS, USER_CONTENT, markdown_to_html, reserved_id, sanitize, sanitize_doc
from support.pagefind_index import by_url

# --------------------------------------------------------------------------- 1. SSTI


def test_ssti_payloads_are_shown_literally_and_never_run(hostile):
    assert list(hostile.pwn.iterdir()) == [], "a template payload ran during the build"
    pwn = hostile.pwn
    # In Markdown text `__init__` is bold "init" (Markdown, not Jinja): compare without _ and *.
    loose = lambda s: s.replace("_", "").replace("*", "")  # noqa: E731
    for url, tags in [
        ("findings/ssti-payloads/", ["finding"]),
        ("tooling/lane-a/", ["lane", "=lanefence"]),
        ("tooling/gemma-family/evilgemma/", ["brief"]),
        ("tooling/lane-a/payload.txt/", ["=artifact"]),
        ("tooling/lane-a/notes.md/", ["artmd", "=artfence"]),
        ("tooling/lane-a/small.ipynb/", ["nbmd"]),
    ]:
        text = page_text(hostile.page(url))
        for tag in tags:
            exact, tag = tag.startswith("="), tag.lstrip("=")
            norm = (lambda s: s) if exact else loose
            for line in ssti(pwn, tag).split("\n\n"):
                assert norm(line) in norm(text), (url, tag, line)
        assert "SEVEN {{ 7*7 }} PRODUCT {{ 111 + 123210 }}" in text, url
    assert "{{ 7*7 }}" in page_text(hostile.page("tooling/"))  # a section heading of the index
    for p in hostile.site.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            assert b"123321" not in data, f"{p}: a template payload was evaluated"
            assert b"SEVEN 49" not in data, p


# --------------------------------------------------------------------------- 2. chat templates


def _shown_code(soup: BeautifulSoup) -> str:
    content = soup.find("div", class_="corpus-content")
    assert content is not None
    pre = content.find("pre")
    return (pre.find("code") or pre).get_text()


def test_chat_template_is_shown_byte_for_byte(hostile, clean):
    first, _ = clean
    assert first.returncode == 0, first.log
    assert warnings_of(first.log) == [] and errors_of(first.log) == [], first.log
    assert _shown_code(first.html("tooling/lane-a/chat_template.jinja/")) == CHAT_TEMPLATE
    assert _shown_code(hostile.page("tooling/lane-a/chat_template.jinja/")) == CHAT_TEMPLATE
    assert "chat_template" not in "\n".join(warnings_of(hostile.built.log) + errors_of(hostile.built.log))
    raw = hostile.site / "_raw/tooling/lane-a/chat_template.jinja.txt"
    assert raw.read_text(encoding="utf-8") == CHAT_TEMPLATE


# --------------------------------------------------------------------------- 3. titles


TITLE_CASES = [  # (url, the title as the file spells it, description or None)
    ("findings/title-with-title-script-alert-f2-script-dq/",
     'Title with </title><script>alert("f2")</script> "dq" \'sq\' & amp', None),
    ("findings/title-script-alert-f3-script-code-title/", '</title><script>alert("f3")</script> code title', None),
    ("tooling/gemma-family/evilgemma/", 'Evil</title><script>alert("brief-name")</script>"Gemma\'',
     '"><script>alert("brief-purpose")</script> &lt;/title&gt;'),
    ("DOC/", 'Doc </title><script>alert("doc-title")</script> "dq" \'sq\'', '"><script>alert("doc-desc")</script>'),
    ("ENT/", 'Ent </title><script>alert("ent")</script>', None),
    ("tooling/lane-a/", 'Lane A </title><script>alert("lane-h1")</script>', None),
    ("tooling/lane-a/img-src-x-onerror-alert-fname-.txt/", "lane-a/<img src=x onerror=alert('fname')>.txt", None),
]


def test_titles_and_descriptions_are_escaped_everywhere(hostile):
    site = hostile.site
    for url, title, desc in TITLE_CASES:
        soup = hostile.page(url)
        assert soup.title.get_text() == f"{title} - Gemma 4 Tooling Corpus", url
        h1 = soup.find("h1")
        for a in h1.find_all("a", class_="headerlink"):
            a.extract()
        assert h1.get_text() == title or h1.get("data-path") == title or url == "DOC/", url
        assert soup.find("meta", property="og:title")["content"] == title, url
        assert soup.find("meta", attrs={"name": "twitter:title"})["content"] == title, url
        topic = soup.select(".md-header__topic .md-ellipsis")
        assert topic and topic[-1].get_text().strip() == title, url
        if desc is not None:
            assert soup.find("meta", attrs={"name": "description"})["content"] == desc, url
            assert soup.find("meta", property="og:description")["content"] == desc, url
    # the nav (the docs pages are in it) shows the literal title
    nav_titles = {a.get_text().strip() for a in hostile.page("DOC/").select("nav.md-nav--primary a.md-nav__link")}
    assert 'Doc </title><script>alert("doc-title")</script> "dq" \'sq\'' in nav_titles
    assert 'Ent </title><script>alert("ent")</script>' in nav_titles
    # findings.json keeps the exact title
    data = json.loads((site / "findings.json").read_text(encoding="utf-8"))
    titles = {f["id"]: f["title"] for f in data["findings"]}
    for url, title, _ in TITLE_CASES[:2]:
        assert titles[url.split("/")[1]] == title
    # the search index keeps titles as plain text (the search worker escapes what it shows: test_search.py)
    pages = by_url(site)
    for url, title, _ in TITLE_CASES[:3]:
        assert pages[url]["meta"]["title"] == title, pages[url]["meta"]
    lunr = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert lunr["docs"] == []


def test_no_live_markup_in_any_page(hostile):
    checked = 0
    for p in pages(hostile.site):
        if p.is_file():
            assert_inert(hostile.site, p, soup_of(p))
            checked += 1
    assert checked > 40


# --------------------------------------------------------------------------- 4. raw HTML


RAW_MARKS = ["RAWSCRIPT", "RAWONERR", "RAWIFRAME", "RAWOBJ", "RAWMETA", "RAWSRCDOC", "RAWFORM", "RAWSVG",
             "RAWOBF", "RAWCASE", "RAWCLICK", "RAWMDLINK", "evil.example"]


def test_raw_html_in_corpus_markdown_is_removed(hostile):
    for url in ["tooling/lane-a/", "tooling/gemma-family/evilgemma/", "findings/raw-html-body/",
                "tooling/lane-a/notes.md/", "tooling/lane-a/small.ipynb/", "ENT/", "tooling/"]:
        soup = hostile.page(url)
        assert_inert(hostile.site, hostile.site / url / "index.html", soup)
        article = soup.find("article")
        for t in article.find_all(title=True):  # [x](javascript:alert('M')) leaves a harmless title="M"
            del t["title"]
        html = str(article)
        for mark in RAW_MARKS:
            assert mark not in html, (url, mark)
    # the harmless parts survive
    assert hostile.page("tooling/lane-a/").find("a", string="obf") is not None
    assert "Raw HTML body" in hostile.page("findings/raw-html-body/").find("h1").get_text()


# --------------------------------------------------------------------------- 5. HTML snapshots


def test_upstream_html_snapshot_is_sanitised_and_raw_copy_is_text(hostile):
    soup = hostile.page("tooling/lane-a/page.html/")
    content = soup.find("div", class_="corpus-content--html")
    assert content is not None and "Snapshot heading" in content.get_text()
    assert content.find(["script", "iframe"]) is None
    raw_link = soup.find("a", class_="corpus-raw")["href"]
    assert raw_link.endswith(".txt")
    raw = (hostile.site / "tooling/lane-a/page.html" / unquote(raw_link)).resolve()
    assert raw.is_file() and SNAPSHOT_MARK in raw.read_text(encoding="utf-8")
    for p in hostile.site.rglob("*"):
        if p.is_file() and p.suffix.lower() in (".html", ".htm", ".svg", ".xhtml", ".xml", ".js"):
            assert SNAPSHOT_MARK.encode() not in p.read_bytes(), p
    assert (hostile.site / "_raw/tooling/lane-a/pic.svg.txt").is_file()
    svg = hostile.page("tooling/lane-a/pic.svg/").find("div", class_="corpus-content")
    assert "alert('SVGMARK')" in svg.get_text() and svg.find(["svg", "script"]) is None
    for p in (hostile.site / "_raw").rglob("*"):
        if p.is_file():
            assert p.suffix.lower() in (".txt", ".bin", ".png"), p


def test_snippet_syntax_is_literal_and_secrets_never_leak(hostile):
    assert (hostile.project / ".env").is_file()
    for url in ["findings/snippet-syntax/", "tooling/lane-a/", "tooling/gemma-family/evilgemma/",
                "tooling/lane-a/snippets.md/"]:
        text = page_text(hostile.page(url))
        assert '--8<-- ".env"' in text and '--8<-- "/etc/passwd"' in text, url
    for p, data in _all_bytes(hostile.site):
        assert SECRET.encode() not in data, p
        assert b"root:x:0:0" not in data, p


def test_sanitize_prefixes_corpus_ids_and_keeps_our_heading_slugs():
    html = markdown_to_html(CLOBBER)
    soup = BeautifulSoup(html, "html.parser")
    ids = [t["id"] for t in soup.find_all(id=True)]
    assert "an-ordinary-heading" in ids                                     # a published anchor stays
    assert all(i == "an-ordinary-heading" or i.startswith(USER_CONTENT) for i in ids), ids
    assert soup.find("a", attrs={"name": f"{USER_CONTENT}__search"}) is not None
    assert soup.find("a", string="jump")["href"] == f"#{USER_CONTENT}__search"  # in-page link follows
    assert soup.find("a", string="to ordinary")["href"] == "#an-ordinary-heading"
    # an HTML snapshot: every id and name prefixed, links to them rewritten
    snap = sanitize('<div id="top"><a href="#top">up</a><h1 id="__drawer">x</h1><a name="n">n</a></div>')
    assert 'id="user-content-top"' in snap and 'href="#user-content-top"' in snap
    assert 'id="user-content-__drawer"' in snap and 'name="user-content-n"' in snap
    # a doc page keeps MkDocs' heading ids but never a reserved one
    doc = sanitize_doc('<h2 id="__config">x</h2><a href="#__config">y</a><h2 id="usage">u</h2>')
    assert 'id="user-content-__config"' in doc and 'href="#user-content-__config"' in doc and 'id="usage"' in doc


def _ids_used_by_the_page() -> set[str]:
    """Every fixed id in Material's templates, our overrides and corpus.js (templated parts cut off)."""
    import material

    found: set[str] = set()
    files = list(Path(material.__file__).parent.joinpath("templates").rglob("*.html"))
    files += list((ROOT / "overrides").rglob("*.html")) + [ROOT / "overrides/assets/corpus.js"]
    for f in files:
        text = f.read_text(encoding="utf-8")
        for m in re.finditer(r'\b(?:id|for)="([^"]*)"|getElementById\(\s*["\']([^"\']+)|\.id\s*=\s*["\']([^"\']+)',
                             text):
            value = next(g for g in m.groups() if g is not None)
            value = re.split(r"\{\{|\{%|\$\{", value)[0]
            if value:
                found.add(value)
    return found


def test_reserved_ids_cover_every_id_the_theme_templates_and_js_use():
    used = _ids_used_by_the_page()
    assert {"__config", "__search", "__drawer", "__toc", "corpus-live", "findings"} <= used
    missing = sorted(i for i in used if not reserved_id(i) and not reserved_id(i + "x"))
    assert missing == [], f"add these to safehtml.RESERVED_IDS: {missing}"
    assert all(reserved_id(i) for i in RESERVED_IDS)


def test_no_corpus_element_carries_an_id_the_theme_uses(tmp_path):
    corpus, docs = write_base(tmp_path / "src")
    write(corpus / "lane-a" / "README.md", "# Lane A\n\n" + CLOBBER)
    write(corpus / "lane-a" / "snap.html", "<html><body>" + CLOBBER.split("\n\n## ")[0] + "</body></html>")
    write(docs / "DOC.md", DOC_MD.format(extra="## __config\n\n<div id=\"__search\">x</div>\n\n"))
    built = vbuild(make_project(tmp_path / "p", corpus=corpus, docs=docs))
    assert built.returncode == 0, built.log[-3000:]
    for url in ["tooling/lane-a/", "tooling/lane-a/snap.html/", "DOC/"]:
        soup = built.html(url)
        config = soup.find_all(id="__config")
        assert len(config) == 1 and config[0].name == "script", (url, config)
        assert "evil.example" not in config[0].get_text()
        for name in ("__search", "__drawer", "__toc", "corpus-live"):
            assert all(t.name in ("input", "div", "nav", "label") and "user-content" not in str(t)
                       for t in soup.find_all(id=name)), url
            article = soup.find("article")
            assert article.find(id=name) is None and article.find(attrs={"name": name}) is None, (url, name)
        # in-page anchors still land
        article = soup.find("article")
        for a in article.find_all("a", href=re.compile(r"^#")):
            target = a["href"][1:]
            assert soup.find(id=target) is not None or soup.find(attrs={"name": target}) is not None, (url, a)


def test_macros_only_render_allow_listed_pages(round2):
    built, _, pwn, _ = round2
    assert list(pwn.iterdir()) == [], "a macro payload in a corpus doc ran"
    text = page_text(built.html("EVIL/"))
    assert "SEVEN {{ 7*7 }}" in text and "MACRO {{ cycler" in text
    assert re.search(r"ERROR .*docs/EVIL\.md:3: front matter asks for `render_macros: true`", built.log), built.log
    assert "Traceback" not in built.log


def test_the_home_page_still_runs_its_macros(tmp_path):
    corpus, docs = write_base(tmp_path / "src")
    write(docs / "index.md", "---\nrender_macros: true\n---\n# Home\n\n{{ corpus_stats() }}\n")
    built = vbuild(make_project(tmp_path / "p", corpus=corpus, docs=docs), strict=True)
    assert built.returncode == 0, built.log[-3000:]
    assert built.html("").select_one(".corpus-stats") is not None


# --------------------------------------------------------------------------- reserved ids, anchors that stay


def _reserved_ids_are_ours_alone(site: Path) -> int:
    """No page carries a reserved id twice (a corpus element beside the theme's or ours); returns pages seen."""
    seen = 0
    for path in pages(site):
        soup = soup_of(path)
        counts: dict[str, int] = {}
        for tag in soup.find_all(id=True):
            counts[tag["id"]] = counts.get(tag["id"], 0) + 1
        twice = sorted(i for i, n in counts.items() if n > 1 and reserved_id(i))
        assert twice == [], (path, twice)
        article = soup.find("article")
        if article is not None:  # in-page links of the content land on an element of the page
            for a in article.find_all("a", href=re.compile(r"^#.")):
                target = unquote(a["href"][1:])
                assert soup.find(id=target) is not None or soup.find(attrs={"name": target}) is not None, (path, a)
        seen += 1
    return seen


PLANTED = ("__config", "__drawer", "HEALTH", "INVENTORY", "README", "SOURCE")  # upper case: not our headings


def test_corpus_headings_never_take_a_reserved_id_and_finding_targets_follow(tmp_path):
    corpus, docs = write_base(tmp_path / "src")
    findings = CLEAN_FINDINGS + '4. **Into config.** Body. **[merged: DOC.md — "__config" section]**\n'
    write(corpus / "README.md", base_index(findings, extra="\n## __config\n\nA section.\n\n## HEALTH\n\nText.\n"
                                           "\n[up](#__config)\n"))
    write(corpus / "lane-a" / "README.md", "# Lane A\n\n## __drawer\n\n## INVENTORY\n\n## Catalog\n\n"
                                           "[to the drawer](#__drawer)\n")
    write(corpus / "gemma-family" / "goodgemma.md", GOOD_BRIEF + "\n## README\n\n## SOURCE\n")
    write(docs / "DOC.md", DOC_MD.format(extra="## __config\n\nConfig section.\n\n## HEALTH\n\n[h](#health)\n\n"))
    built = vbuild(make_project(tmp_path / "p", corpus=corpus, docs=docs))
    assert built.returncode == 0, built.log[-3000:]
    assert _reserved_ids_are_ours_alone(built.site) > 10
    planted = 0
    for url in ("tooling/", "tooling/lane-a/", "tooling/gemma-family/goodgemma/", "DOC/"):
        article = built.html(url).find("article")
        for h in article.find_all(re.compile(r"^h[2-6]$")):
            if h.get_text().strip().strip("¶").strip() in PLANTED:
                assert h.get("id", "").startswith(USER_CONTENT), (url, str(h)[:200])
                planted += 1
    assert planted == 8
    # the finding's target points at the doc heading's mapped id
    link = next(a for a in built.html("findings/into-config/").select("a[href*='#']") if "DOC/" in a["href"])
    fragment = link["href"].split("#", 1)[1]
    assert fragment == f"{USER_CONTENT}__config"
    heading = built.html("DOC/").find(id=fragment)
    assert heading is not None and "__config" in heading.get_text()
    # the lane README's own `## Catalog` keeps its GitHub anchor
    assert built.html("tooling/lane-a/").find(id="catalog").find_parent(class_="corpus-readme") is not None


def test_shipped_anchors_stay_put_and_no_reserved_id_is_taken(shipped):
    assert _reserved_ids_are_ours_alone(shipped.site) > 50
    catalog = shipped.html("tooling/gemma-family/").find(id="catalog")
    assert catalog is not None and catalog.get_text().strip().startswith("Catalog")
    assert catalog.find_parent(class_="corpus-readme") is not None, "#catalog must be the README's own heading"
    assert shipped.html("tooling/gemma-family/").find(id="corpus-catalog") is not None  # ours moved instead
    assert shipped.html("tooling/gemma-family/catalog/").find(id="catalog") is None  # and has a page of its own
    dmap = shipped.html("tooling/").find(id="directory-map")
    assert dmap is not None and dmap.name == "h2" and dmap.get_text().strip() == "Directory map"
