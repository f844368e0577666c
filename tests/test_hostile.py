"""Issue 5: untrusted corpus files — nothing runs, nothing leaks, nothing is lost.

A hostile corpus is written programmatically into tmp_path and built once (module fixture); a few
cases (malformed index, failing macro/template, anchors, reproducibility) need builds of their own.
Builds here run without `-q`: `mkdocs build -q` sets the log level to ERROR, which hides (and, with
`--strict`, stops counting) the warnings these tests assert on.
"""
from __future__ import annotations

import base64
import gzip
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITE_URL, build, make_project

SECRET = "S3CRET-hostile-7f1c2e"          # planted outside tooling/ (symlink targets, .env)
SNAPSHOT_MARK = "SNAPSHOT_SCRIPT_9b3d"      # inside the upstream HTML snapshot's <script>
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


# --------------------------------------------------------------------------- building

vbuild = build  # warnings reach the log, so --strict counts them


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.is_file())  # (an artifact's folder may end in .html)


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def warnings_of(log: str) -> list[str]:
    return [l for l in log.splitlines() if l.startswith("WARNING")]


def errors_of(log: str) -> list[str]:
    return [l for l in log.splitlines() if l.startswith("ERROR")]


# --------------------------------------------------------------------------- the base (valid) corpus

CHAT_TEMPLATE = """{{- bos_token -}}
{#- A real-looking Gemma chat template: loops, whitespace control, comments, raise_exception. -#}
{%- if messages[0]['role'] == 'system' -%}
    {%- set first_user_prefix = messages[0]['content'] + '\\n\\n' -%}
    {%- set loop_messages = messages[1:] -%}
{%- else -%}
    {%- set first_user_prefix = "" -%}
    {%- set loop_messages = messages -%}
{%- endif -%}
{%- for message in loop_messages -%}
    {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}
        {{ raise_exception("Conversation roles must alternate user/assistant/user/assistant/...") }}
    {%- endif -%}
    {%- if (message['role'] == 'assistant') -%}
        {%- set role = "model" -%}
    {%- else -%}
        {%- set role = message['role'] -%}
    {%- endif -%}
    {{ '<|turn>' + role + '\\n' + (first_user_prefix if loop.first else "") }}
    {%- if message['content'] is string -%}
        {{ message['content'] | trim }}
    {%- elif message['content'] is iterable -%}
        {%- for item in message['content'] -%}
            {%- if item['type'] == 'image' -%}{{ '<|image|>' }}{%- elif item['type'] == 'text' -%}{{ item['text'] | trim }}{%- endif -%}
        {%- endfor -%}
    {%- else -%}
        {{ raise_exception("Invalid content type") }}
    {%- endif -%}
    {{ '<turn|>\\n' }}
{%- endfor -%}
{#id} {% raw %}literal{% endraw %} {{ "{{" }} <start_of_turn> & "quotes" 'single'
{%- if add_generation_prompt -%}
    {{'<|turn>model\\n'}}
{%- endif -%}
"""

GOOD_BRIEF = """---
name: GoodGemma
base_generation: Gemma 3
params: 4B
modalities: [text]
purpose: A well-formed brief.
sources:
  - https://example.org/goodgemma
---

# GoodGemma

## What it is

A perfectly ordinary brief.
"""

DOC_MD = """---
title: 'Doc </title><script>alert("doc-title")</script> "dq" ''sq'''
description: '"><script>alert("doc-desc")</script>'
---
# The doc

Intro of the doc.

{extra}## Some Section

Text of some section.

## Überblick

First non-ASCII heading.

## 日本語の見出し

Second non-ASCII heading.

## Überblick

A duplicate heading.
"""


def base_index(findings: str, rows: str = "", extra: str = "") -> str:
    return f"""# Test Corpus

Intro paragraph of the index.

## Directory map

| Dir | What's there | When to open it |
|---|---|---|
| `lane-a/` | Lane A files | When testing |
| `gemma-family/` | Sibling briefs | When scoping |
{rows}
## Findings that update the corpus

{findings}
{extra}"""


CLEAN_FINDINGS = """1. **Clean finding.** Body that cites `lane-a/chat_template.jinja`. **[merged: DOC.md — Some Section section]**
2. **Second finding.** Another body. **[flagged — check back mid-2026]**
3. **Non-ASCII target.** Lands in a non-ASCII section. **[merged: DOC.md — Überblick section]**
"""


def write_base(project_src: Path, *, extra_heading: str = "") -> tuple[Path, Path]:
    """A small valid corpus (tooling/, docs/) in project_src; returns (corpus dir, docs dir)."""
    corpus, docs = project_src / "tooling", project_src / "docs"
    write(corpus / "README.md", base_index(CLEAN_FINDINGS))
    write(corpus / "lane-a" / "README.md", "# Lane A\n\nThe first lane.\n")
    write(corpus / "lane-a" / "chat_template.jinja", CHAT_TEMPLATE)
    write(corpus / "gemma-family" / "README.md", "# Gemma family\n\nBriefs.\n")
    write(corpus / "gemma-family" / "goodgemma.md", GOOD_BRIEF)
    write(corpus / "sources.yaml", "artifacts:\n  - path: lane-a/chat_template.jinja\n"
          "    url: https://huggingface.co/google/x/blob/main/chat_template.jinja\n    retrieved: 2026-04-18\n")
    write(docs / "DOC.md", DOC_MD.format(extra=extra_heading))
    return corpus, docs


# --------------------------------------------------------------------------- the hostile corpus

def ssti(pwn: Path, tag: str) -> str:
    """Template-injection payloads; each would create a file under `pwn` if it ever ran."""
    return "\n\n".join([
        f"SSTI-{tag}-a {{{{ cycler.__init__.__globals__.os.popen('touch {pwn}/{tag}-a').read() }}}}",
        f"SSTI-{tag}-b {{{{ lipsum.__globals__['os'].popen('touch {pwn}/{tag}-b').read() }}}}",
        f"SSTI-{tag}-c {{% raw %}}x{{% endraw %}}{{{{ joiner.__init__.__globals__.os.system('touch {pwn}/{tag}-c') }}}}",
        f"SSTI-{tag}-d {{% for c in ().__class__.__base__.__subclasses__() %}}"
        f"{{% if c.__name__ == 'Popen' %}}{{{{ c(['touch', '{pwn}/{tag}-d']) }}}}{{% endif %}}{{% endfor %}}",
        "SEVEN {{ 7*7 }} PRODUCT {{ 111 + 123210 }}",
    ])


RAW_HTML = """<script>alert('RAWSCRIPT')</script>
<img src="x" onerror="alert('RAWONERR')">
<iframe src="javascript:alert('RAWIFRAME')"></iframe>
<object data="javascript:alert('RAWOBJ')"></object>
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0; url=javascript:alert('RAWMETA')">
<iframe srcdoc="&lt;script&gt;alert('RAWSRCDOC')&lt;/script&gt;"></iframe>
<form><button formaction="javascript:alert('RAWFORM')">go</button></form>
<svg><script>alert('RAWSVG')</script></svg>
<a href="jav&#x09;ascript:alert('RAWOBF')">obf</a> <a href="data:text/html;base64,PHNjcmlwdD4=">data</a>
<a href=" JaVaScRiPt:alert('RAWCASE')">case</a> <div onclick="alert('RAWCLICK')" style="x">div</div>
"""

RAW_MD_LINKS = "[mdjs](javascript:alert('RAWMDLINK')) [mddata](data:text/html,<script>alert(1)</script>)"

SNIPPETS = '--8<-- ".env"\n\n--8<-- "/etc/passwd"\n\n--8<-- "../../secret.txt"\n\n;--8<-- "../.env"\n'

EVIL_BRIEF = """---
render_macros: true
name: 'Evil</title><script>alert("brief-name")</script>"Gemma'''
base_generation: Gemma 3
params: 2B
modalities: [text]
purpose: '"><script>alert("brief-purpose")</script> &lt;/title&gt;'
sources:
  - https://example.org/evil
---

# Evil heading

{ssti}

```jinja
{{{{ 7*7 }}}} in a fence {{% for x in y %}}{{{{ x }}}}{{% endfor %}}
```

{raw}

{links}

{snippets}
"""

NOTEBOOK_IMG = base64.b64encode(os.urandom(150 * 1024)).decode()


def hostile_findings(pwn: Path) -> str:
    payload = ssti(pwn, "finding").replace("\n\n", " ")
    raw = RAW_HTML.replace("\n", " ")
    return f"""1. **Clean finding.** Body that cites `lane-a/payload.txt`. **[merged: DOC.md — Some Section section]**
2. **Title with &lt;/title&gt;&lt;script&gt;alert("f2")&lt;/script&gt; "dq" 'sq' & amp.** Body two. **[flagged — check back mid-2026]**
3. **`</title><script>alert("f3")</script>` code title.** Body three. <!-- finding-aliases: old-evil-title, .., ., ... --> **[flagged — check back mid-2026]**
4. **SSTI payloads.** {payload} **[flagged — check back mid-2026]**
5. **Raw HTML body.** {raw} {RAW_MD_LINKS} **[flagged — check back mid-2026]**
6. **Snippet syntax.** --8<-- ".env" and --8<-- "/etc/passwd" and --8<-- "../../secret.txt" **[flagged — check back mid-2026]**
7. **Merged non-ASCII.** Lands in Überblick. **[merged: DOC.md — Überblick section]**
"""


HOSTILE_ARTIFACTS = {  # path under tooling/ -> content (None: written specially below)
    "lane-a/payload.txt": None,
    "lane-a/notes.md": None,
    "lane-a/chat_template.jinja": CHAT_TEMPLATE,
    "lane-a/page.html": f"<html><head><title>Snap</title><script>var x='{SNAPSHOT_MARK}';alert(x)</script>"
                        f"</head><body><h1>Snapshot heading</h1><p onclick=\"alert('{SNAPSHOT_MARK}')\">Snapshot "
                        f"body</p><iframe src=\"https://evil.example/{SNAPSHOT_MARK}\"></iframe></body></html>",
    "lane-a/image.png": PNG,
    "lane-a/pic.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert('SVGMARK')\">"
                      "<script>alert('SVGMARK')</script></svg>\n",
    "lane-a/latin1.txt": b"caf\xe9 cr\xe8me\n",
    "lane-a/nul.txt": b"text\x00with NUL\n",
    "lane-a/empty.txt": b"",
    "lane-a/bom.txt": b"\xef\xbb\xbfBOM text\n",
    "lane-a/snippets.md": SNIPPETS,
    "lane-a/<img src=x onerror=alert('fname')>.txt": "filename xss\n",
    "lane-a/huge.txt": None,
    "lane-a/big.ipynb": None,
    "lane-a/small.ipynb": None,
    "lane-a/inside-link.txt": None,  # symlink to payload.txt (inside the corpus: allowed)
    "lane-b/with space.txt": "CONTENT-space\n",
    "lane-b/hash#1.txt": "CONTENT-hash\n",
    "lane-b/pct%41.txt": "CONTENT-pct\n",
    "lane-b/pctA.txt": "CONTENT-pctA\n",
    "lane-b/q?.txt": "CONTENT-q\n",
    "lane-b/ünï cödé.txt": "CONTENT-unicode\n",
    "lane-b/Notes.txt": "CONTENT-Notes-upper\n",
    "lane-b/notes.txt": "CONTENT-notes-lower\n",
    "lane-b/a b.txt": "CONTENT-a-space-b\n",
    "lane-b/a-b.txt": "CONTENT-a-dash-b\n",
    "lane-b/index": "CONTENT-index-no-ext\n",
    "gemma-family/evilgemma": "CONTENT-collides-with-brief\n",
}
BRIEF_PATHS = ["gemma-family/goodgemma.md", "gemma-family/evilgemma.md", "gemma-family/badyaml.md",
               "gemma-family/yamlrce.md", "gemma-family/bom.md", "gemma-family/nul.md", "gemma-family/empty.md",
               "gemma-family/latin1.md"]
LANES = ["lane-a", "lane-b", "gemma-family"]


def write_hostile(src: Path, outside: Path, pwn: Path) -> tuple[Path, Path]:
    corpus, docs = write_base(src)
    rows = "| `lane-b/` | Odd file names <img src=x onerror=alert('maprow')> | Sometimes |\n"
    write(corpus / "README.md", base_index(hostile_findings(pwn), rows=rows,
                                           extra="\n## Notes {{ 7*7 }}\n\n<script>alert('section')</script>\n"))
    write(corpus / "lane-a" / "README.md",
          "---\nrender_macros: true\ntitle: '</title><script>alert(\"lane-fm\")</script>'\n---\n"
          "# Lane A &lt;/title&gt;&lt;script&gt;alert(\"lane-h1\")&lt;/script&gt;\n\n"
          + ssti(pwn, "lane") + "\n\n```jinja\n" + ssti(pwn, "lanefence") + "\n```\n\n"
          + RAW_HTML + "\n\n" + RAW_MD_LINKS + "\n\n" + SNIPPETS)
    write(corpus / "lane-b" / "README.md", "# Lane B\n\nOdd names.\n")
    for rel, content in HOSTILE_ARTIFACTS.items():
        if content is not None:
            write(corpus / rel, content)
    write(corpus / "lane-a" / "payload.txt", ssti(pwn, "artifact") + "\n")
    write(corpus / "lane-a" / "notes.md", "---\nrender_macros: true\n---\n# Notes\n\n" + ssti(pwn, "artmd")
          + "\n\n```\n" + ssti(pwn, "artfence") + "\n```\n\n" + RAW_HTML + "\n" + RAW_MD_LINKS + "\n")
    with (corpus / "lane-a" / "huge.txt").open("w", encoding="utf-8") as fh:
        line = "HUGE line of text for the twenty megabyte artifact ........................\n"
        fh.write(line * (20 * 1024 * 1024 // len(line) + 1))
    image_output = {"output_type": "display_data", "metadata": {},
                    "data": {"image/png": NOTEBOOK_IMG, "text/plain": ["<Figure>"]}}
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"language_info": {"name": "python"}},
          "cells": [{"cell_type": "code", "source": f"plot({i})", "metadata": {}, "execution_count": i,
                     "outputs": [image_output] * 3} for i in range(30)]}
    write(corpus / "lane-a" / "big.ipynb", json.dumps(nb))
    small = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
             "cells": [{"cell_type": "markdown", "source": ssti(pwn, "nbmd") + "\n\n" + RAW_HTML, "metadata": {}},
                       {"cell_type": "code", "source": "print(1)", "metadata": {}, "execution_count": 1,
                        "outputs": [{"output_type": "display_data", "metadata": {},
                                     "data": {"text/html": [f"<script>alert('{SNAPSHOT_MARK}')</script>"],
                                              "image/png": NOTEBOOK_IMG[:2000], "text/plain": ["<Fig>"]}}]}]}
    write(corpus / "lane-a" / "small.ipynb", json.dumps(small))
    os.symlink("payload.txt", corpus / "lane-a" / "inside-link.txt")
    # symlinks out of the corpus, and loops
    write(outside / "secret.txt", SECRET + "\n")
    write(outside / "dir" / "inner.txt", SECRET + "\n")
    os.symlink(outside / "secret.txt", corpus / "lane-a" / "leak.txt")
    os.symlink(outside / "dir", corpus / "lane-a" / "linkdir")
    os.symlink(outside / "dir", corpus / "outlane")
    os.symlink("loop2", corpus / "lane-a" / "loop1")
    os.symlink("loop1", corpus / "lane-a" / "loop2")
    os.symlink("selfloop", corpus / "lane-a" / "selfloop")
    os.symlink(".", corpus / "lane-a" / "dotloop")
    write(corpus / "lane-a" / ".hidden-secret", SECRET + "\n")
    # briefs
    ssti_b = ssti(pwn, "brief")
    write(corpus / "gemma-family" / "evilgemma.md",
          EVIL_BRIEF.format(ssti=ssti_b, raw=RAW_HTML, links=RAW_MD_LINKS, snippets=SNIPPETS))
    write(corpus / "gemma-family" / "badyaml.md", "---\nname: [unclosed\npurpose: : :\n---\n# Bad YAML\n\nBody.\n")
    write(corpus / "gemma-family" / "yamlrce.md",
          f"---\nname: !!python/object/apply:os.system ['touch {pwn}/yaml']\n---\n# YAML RCE\n")
    write(corpus / "gemma-family" / "bom.md", b"\xef\xbb\xbf" + GOOD_BRIEF.replace("GoodGemma", "BomGemma").encode())
    write(corpus / "gemma-family" / "nul.md", GOOD_BRIEF.replace("GoodGemma", "NulGemma").encode() + b"\x00\x00")
    write(corpus / "gemma-family" / "empty.md", b"")
    write(corpus / "gemma-family" / "latin1.md",
          GOOD_BRIEF.replace("GoodGemma", "LatinGemma").encode() + b"\ncaf\xe9\n")
    write(corpus / "sources.yaml",
          "artifacts:\n"
          "  - path: lane-a/page.html\n    url: https://ai.google.dev/page\n    retrieved: 2026-04-18\n"
          "  - path: lane-a/chat_template.jinja\n    url: https://huggingface.co/x/chat_template.jinja\n"
          "    retrieved: 2026-04-18\n"
          "  - path: lane-a/payload.txt\n    url: \"javascript:alert('manifest')\"\n    retrieved: 2026-04-18\n"
          "  - path: lane-a/../../outside/secret.txt\n    url: https://example.org/x\n    retrieved: 2026-04-18\n"
          "  - path: lane-a/not-mirrored.txt\n    url: https://example.org/not-mirrored\n"
          "    retrieved: 2026-04-18\n    note: '<script>alert(\"note\")</script> {{ 7*7 }}'\n")
    # docs
    write(docs / "ENT.md", "# Ent &lt;/title&gt;&lt;script&gt;alert(\"ent\")&lt;/script&gt;\n\n"
          "<script>alert('docscript')</script>\n\nEntity doc.\n")
    return corpus, docs


MANIFEST_ONLY = ["lane-a/not-mirrored.txt", "lane-a/../../outside/secret.txt"]
HOSTILE_ARTIFACTS.update({"lane-b/blob": b"\x00\x01binary-no-ext", "lane-b/blob.bin": b"\x00\x02binary-dot-bin"})


# --------------------------------------------------------------------------- fixtures

class Hostile:
    """The hostile corpus, written and built under `root` (shared with tests/browser/test_hostile_browser.py,
    which plants more payloads through `plant(corpus, docs)` before the build)."""

    def __init__(self, root: Path, plant=None):
        self.root = root
        self.pwn = root / "pwned"
        self.pwn.mkdir()
        self.outside = root / "outside"
        src = root / "src"
        corpus, docs = write_hostile(src, self.outside, self.pwn)
        for rel, content in HOSTILE_ARTIFACTS.items():  # written after the base, so they win
            if isinstance(content, bytes):
                write(corpus / rel, content)
        if plant is not None:
            plant(corpus, docs)
        self.project = make_project(root / "project", corpus=corpus, docs=docs)
        write(self.project / ".env", f"API_KEY={SECRET}\n")
        self.mkdocs_yml = (self.project / "mkdocs.yml").read_bytes()
        self.built = vbuild(self.project)
        self.site = self.built.site

    def page(self, url: str) -> BeautifulSoup:
        return self.built.html(url)

    def artifact_pages(self) -> dict[str, Path]:
        """corpus path (from each artifact page's h1 data-path) -> the page file."""
        out: dict[str, Path] = {}
        for p in (self.site / "tooling").rglob("index.html"):
            h1 = soup_of(p).find("h1", id="artifact-title")
            if h1 is not None:
                path = h1["data-path"]
                assert path not in out, f"two pages for {path}: {out.get(path)}, {p}"
                out[path] = p
        return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Hostile:
    h = Hostile(tmp_path_factory.mktemp("hostile"))
    assert h.built.returncode == 0, h.built.log[-4000:]
    return h


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The small valid base corpus built strictly (no warnings), and again with a heading inserted."""
    root = tmp_path_factory.mktemp("clean")
    corpus, docs = write_base(root / "src")
    first = vbuild(make_project(root / "p1", corpus=corpus, docs=docs), strict=True)
    corpus2, docs2 = write_base(root / "src2", extra_heading="## Eingefügt 新しい\n\nInserted earlier.\n\n")
    second = vbuild(make_project(root / "p2", corpus=corpus2, docs=docs2), strict=True)
    return first, second


def page_text(soup: BeautifulSoup) -> str:
    article = soup.find("article") or soup
    return article.get_text()


BAD_SCHEME = re.compile(r"^(javascript|data|vbscript|file):", re.IGNORECASE)
URL_ATTRS = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "poster", "background"}


def inline_scripts(site: Path, path: Path, soup: BeautifulSoup) -> set[str]:
    """The page's inline scripts, its own base URL replaced by BASE: the one thing the theme's inline
    scripts vary by from page to page (the first quoted string that equals it, as in `URL("..")`)."""
    depth = len(path.relative_to(site).parts) - 1
    bases = {"." if depth == 0 else "/".join([".."] * depth), urlsplit(SITE_URL).path}
    out = set()
    for s in soup.find_all("script"):
        if s.get("src") or s.get("id") == "__config":
            continue
        text = s.string or ""
        first = min(((text.find(f'"{b}"'), b) for b in bases if f'"{b}"' in text), default=None)
        if first is not None:
            text = text.replace(f'"{first[1]}"', '"BASE"', 1)
        out.add(text)
    return out


def assert_inert(site: Path, path: Path, soup: BeautifulSoup) -> None:
    """No script but the theme's own, no handlers, frames, objects or active URLs in the page.

    The theme's own inline scripts are those of the 404 page, which shows no corpus text: every page
    must carry exactly those (so corpus text cannot add one), whatever the theme writes in them.
    """
    theme = inline_scripts(site, site / "404.html", soup_of(site / "404.html"))
    assert theme, "the 404 page has no inline scripts: the check below would prove nothing"
    for s in soup.find_all("script"):
        src = s.get("src")
        if src:
            assert re.match(r"^(\.\./|\./)*(/gemma/)?assets/[\w./-]+\.js$", src), (path, src)
        elif s.get("id") == "__config":
            assert s.get("type") == "application/json" and "alert" not in (s.string or ""), path
    if soup.find("header", class_="md-header") is not None:  # a page of the theme (not an alias redirect)
        assert inline_scripts(site, path, soup) == theme, path
    for tag in soup.find_all(["iframe", "object", "embed", "base", "form", "frame", "frameset", "math",
                              "style", "applet", "foreignobject"]):
        if tag.name == "form" and any(c.startswith("md-") for c in tag.get("class", [])):
            continue  # Material's palette toggle and search box
        raise AssertionError(f"{path}: <{tag.name}> in output: {str(tag)[:200]}")
    for tag in soup.find_all(True):
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), (path, str(tag)[:200])
            if attr.lower() in URL_ATTRS:
                v = re.sub(r"[\x00-\x20]+", "", value if isinstance(value, str) else " ".join(value))
                assert not BAD_SCHEME.match(v), (path, str(tag)[:200])
    for meta in soup.find_all("meta", attrs={"http-equiv": True}):
        if meta["http-equiv"].lower() == "refresh":  # only our alias redirect pages
            assert "/findings/" in path.as_posix() and "javascript" not in meta.get("content", "").lower(), path


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
    # the search index: titles and texts are HTML that holds no live markup
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    by_loc = {d["location"]: d for d in index["docs"]}
    for url, title, _ in TITLE_CASES[:3]:
        assert BeautifulSoup(by_loc[url]["title"], "html.parser").get_text() == title, by_loc[url]
    for d in index["docs"]:
        for field in ("title", "text"):
            frag = BeautifulSoup(d[field] or "", "html.parser")
            assert frag.find(["script", "iframe", "object", "svg", "img", "base", "meta"]) is None, d
            assert not any(a.startswith("on") for t in frag.find_all(True) for a in t.attrs), d


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


# --------------------------------------------------------------------------- 6. snippets, 7. symlinks


def _all_bytes(site: Path):
    for p in site.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            yield p, gzip.decompress(data) if p.suffix == ".gz" else data


def test_snippet_syntax_is_literal_and_secrets_never_leak(hostile):
    assert (hostile.project / ".env").is_file()
    for url in ["findings/snippet-syntax/", "tooling/lane-a/", "tooling/gemma-family/evilgemma/",
                "tooling/lane-a/snippets.md/"]:
        text = page_text(hostile.page(url))
        assert '--8<-- ".env"' in text and '--8<-- "/etc/passwd"' in text, url
    for p, data in _all_bytes(hostile.site):
        assert SECRET.encode() not in data, p
        assert b"root:x:0:0" not in data, p


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


# --------------------------------------------------------------------------- 13. huge inputs


def test_huge_inputs_are_cut_and_the_search_index_stays_small(hostile):
    assert (hostile.site / "search/search_index.json").stat().st_size < 2 * 1024 * 1024
    for url, says in [("tooling/lane-a/huge.txt/", "Only the first"),
                      ("tooling/lane-a/big.ipynb/", "image/png output omitted")]:
        soup = hostile.page(url)
        assert says in page_text(soup), url  # the page says what it left out
        assert (hostile.site / url / "index.html").stat().st_size < 2 * 1024 * 1024, url
    raw = hostile.site / "_raw/tooling/lane-a/huge.txt.txt"
    assert raw.stat().st_size == (hostile.project / "tooling/lane-a/huge.txt").stat().st_size
    # a notebook within the limit is shown as cells, its images omitted
    small = page_text(hostile.page("tooling/lane-a/small.ipynb/"))
    assert "image/png output omitted" in small and NOTEBOOK_IMG[:200] not in small


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


# --------------------------------------------------------------------------- 10. malformed index

MALFORMED_FINDINGS = """1. **Good one.** A body. **[flagged — check back mid-2026]**
2. **No marker.** This finding has no provenance marker at all.
3. **Unterminated.** The marker is never closed. **[merged: DOC.md — x**
4. **Dup title.** The first of two. **[flagged — check back mid-2026]**
5. **Dup title.** The second of two. **[flagged — check back mid-2026]**
6. No bold title here at all. **[flagged — check back mid-2026]**
7. **Last good.** Still here. **[merged: DOC.md — Some Section section]**
"""


def _line_of(text: str, needle: str) -> int:
    return next(n for n, l in enumerate(text.splitlines(), 1) if needle in l)


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


# --------------------------------------------------------------------------- 12. failures


def _no_traceback_in(site: Path) -> None:
    if not site.exists():
        return
    for p, data in _all_bytes(site):
        assert b"Traceback" not in data and b'File "/' not in data, p


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


# --------------------------------------------------------------------------- 14. reproducible


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


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


# =========================================================================== issue 12: round 2
# (symlinks, DOM clobbering, YAML aliases, size caps, deep JSON, bad records, the DoS harness)

import concurrent.futures  # noqa: E402

from bench import adversarial  # noqa: E402
from macros.load import corpus as corpus_mod# noqa: E402
from macros.fs import safe as safefs# noqa: E402
from macros.views.artifacts import json_too_deep, view  # noqa: E402
from macros.export.ids import read_record  # noqa: E402
from macros.model.data import Artifact  # noqa: E402
from macros.read.index import Report, load_yaml  # noqa: E402
from macros.text.sanitize import RESERVED_IDS, USER_CONTENT, markdown_to_html, reserved_id, sanitize, sanitize_doc  # noqa: E402


def _secret_project(tmp_path: Path) -> tuple[Path, Path]:
    project = tmp_path / "p"
    root = project / "tooling"
    write(project / ".env", f"API_KEY={SECRET}\n")
    write(root / "lane" / "README.md", "# Lane\n")
    write(root / "lane" / "notes.txt", "notes\n")
    return project, root


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


# --------------------------------------------------------------------------- 2. DOM clobbering


CLOBBER = ('<h2 id="__config">{"base": "https://evil.example", "features": []}</h2>\n\n'
           '<a name="__search">search</a> <a href="#__search">jump</a> <div id="corpus-live">live</div>\n\n'
           '## __config\n\n## Findings\n\n## An ordinary heading\n\n[to ordinary](#an-ordinary-heading)\n')


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
    text = corpus_mod.read_text(root / "lane" / "README.md", "tooling/lane/README.md", report,
                                limit=corpus_mod.PAGE_LIMIT, note=True)
    assert len(text.encode()) < corpus_mod.PAGE_LIMIT + 200
    assert text.rstrip().endswith("only its first part is shown (and searchable).*")
    assert "only its first part" in markdown_to_html(text).rsplit("</pre>", 1)[-1]  # the note is not code
    assert [d.path for d in report.items] == ["tooling/lane/README.md"] and report.items[0].severity == "warning"


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


# --------------------------------------------------------------------------- the DoS harness


@pytest.fixture(scope="module")
def dos_results(tmp_path_factory) -> dict:
    """Every small hostile file built once, in parallel, each in a subprocess under RLIMIT_AS."""
    work = tmp_path_factory.mktemp("dos")
    projects = {c.name: adversarial.project_for(c, work) for c in adversarial.CASES}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        futures = {name: pool.submit(adversarial.build, p, timeout=90) for name, p in projects.items()}
        return {name: (projects[name], f.result()) for name, f in futures.items()}


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
        page = project / "site" / "tooling" / "lane-a" / "index.html"
        assert page.stat().st_size < 2 * 1024 * 1024
        assert (project / "site" / "search" / "search_index.json").stat().st_size < 2 * 1024 * 1024
        assert "only its first part is shown" in page.read_text(encoding="utf-8")
    if case.name == "doc-20mb":  # MkDocs reads docs/ itself: the plugin hands it the cut text
        page = project / "site" / "HUGE" / "index.html"
        assert page.stat().st_size < 2 * 1024 * 1024
        assert (project / "site" / "search" / "search_index.json").stat().st_size < 2 * 1024 * 1024
        assert "only its first part is shown" in page.read_text(encoding="utf-8")
    if case.name == "yaml-bomb-doc":  # an error at the alias; the page is shown without its front matter
        assert re.search(r"ERROR .*docs/BOMB\.md:2: anchors and aliases", result.log), result.log[-3000:]
        page = (project / "site" / "BOMB" / "index.html").read_text(encoding="utf-8")
        assert "BODY-OF-THE-BOMB-DOC" in page and "lol" not in page


# --------------------------------------------------------------------------- issue 12, round 2 (plugin and plan)

ROUND2_FINDINGS = """1. **Clean finding.** Body that cites `lane-a/chat_template.jinja`. **[merged: DOC.md — Some Section section]**
2. **Index.** A finding whose id comes out as `index`. **[flagged — check back mid-2026]**
3. **Pinned to index.** An explicit id naming the list page. <!-- finding-id: INDEX --> **[flagged — check back mid-2026]**
4. **Alias to index.** An alias naming the list page. <!-- finding-aliases: index --> **[flagged — check back mid-2026]**
5. **Tom & Jerry and amp.** The brief amp is named here, after an ampersand: Tom & Jerry. **[flagged — check back mid-2026]**
6. **Brace bomb.** Cites `lane-a/x{BOMB}.txt`. **[flagged — check back mid-2026]**
"""
ROUND2_ROWS = ("| `../../escape-target/` | Climbs out | Never |\n| `..` | The parent | Never |\n"
               "| `../findings/` | The findings list | Never |\n")


@pytest.fixture(scope="module")
def round2(tmp_path_factory):
    """The base corpus plus the payloads of issue 12 items 1, 3, 5, 7 and 11, built once (not strict)."""
    root = tmp_path_factory.mktemp("round2")
    pwn = root / "pwned"
    pwn.mkdir()
    corpus, docs = write_base(root / "src")
    index = base_index(ROUND2_FINDINGS.replace("{BOMB}", "{a,b}" * 26), rows=ROUND2_ROWS)
    write(corpus / "README.md", index)
    write(corpus / "gemma-family" / "amp.md", GOOD_BRIEF.replace("name: GoodGemma", "name: amp"))
    write(docs / "EVIL.md", "---\ntitle: Evil\nrender_macros: true\n---\n# Evil\n\n"
          f"MACRO {{{{ cycler.__init__.__globals__.os.popen('touch {pwn}/macro').read() }}}} SEVEN {{{{ 7*7 }}}}\n")
    write(docs / "evil.html", "<script>alert('EVILHTML')</script>\n")
    write(docs / "evil.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert('EVILSVG')\"/>\n")
    write(docs / "evil.js", "alert('EVILJS')\n")
    write(docs / "img" / "ok.png", PNG)
    write(docs / "findings.md", "# A doc at the findings list's address\n")
    project = make_project(root / "project", corpus=corpus, docs=docs)
    escape = root / "escape-target"  # what `../../escape-target/` names from project/tooling/
    escape.mkdir()
    built = vbuild(project)
    assert built.returncode == 0, built.log[-4000:]
    return built, index, pwn, escape


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


def test_docs_folder_publishes_markdown_and_allow_listed_assets_only(round2):
    built = round2[0]
    for name in ("evil.html", "evil.svg", "evil.js"):
        assert not (built.site / name).exists(), name
        assert re.search(rf"WARNING .*docs/{re.escape(name)}: not published", built.log), name
    for p, data in _all_bytes(built.site):
        for mark in (b"EVILHTML", b"EVILSVG", b"EVILJS"):
            assert mark not in data, (p, mark)
    assert (built.site / "img" / "ok.png").read_bytes() == PNG


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
