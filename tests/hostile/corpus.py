"""The hostile corpus the tests under tests/hostile/ build: its payloads, writers and checks.

A hostile corpus is written programmatically into tmp_path and built once per test session
(the fixtures in tests/hostile/conftest.py). Builds run without `-q`: `mkdocs build -q` sets the log
level to ERROR, which hides (and, with `--strict`, stops counting) the warnings the tests assert on.
"""
from __future__ import annotations

import base64
import gzip
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from conftest import SITE_URL, build, make_project

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


def _all_bytes(site: Path):
    for p in site.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            yield p, gzip.decompress(data) if p.suffix == ".gz" else data


def _line_of(text: str, needle: str) -> int:
    return next(n for n, l in enumerate(text.splitlines(), 1) if needle in l)


def _no_traceback_in(site: Path) -> None:
    if not site.exists():
        return
    for p, data in _all_bytes(site):
        assert b"Traceback" not in data and b'File "/' not in data, p


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _secret_project(tmp_path: Path) -> tuple[Path, Path]:
    project = tmp_path / "p"
    root = project / "tooling"
    write(project / ".env", f"API_KEY={SECRET}\n")
    write(root / "lane" / "README.md", "# Lane\n")
    write(root / "lane" / "notes.txt", "notes\n")
    return project, root


# --------------------------------------------------------------------------- 2. DOM clobbering


CLOBBER = ('<h2 id="__config">{"base": "https://evil.example", "features": []}</h2>\n\n'
           '<a name="__search">search</a> <a href="#__search">jump</a> <div id="corpus-live">live</div>\n\n'
           '## __config\n\n## Findings\n\n## An ordinary heading\n\n[to ordinary](#an-ordinary-heading)\n')


# --------------------------------------------------------------------------- round 3: names, files, dates, growth

BAD_URLS = ("javascript:alert('JSURL')", "data:text/html,<script>alert('DATAURL')</script>", "vbscript:msgbox('VB')",
            " javascript:alert('SPACED')", "java\tscript:alert('TABBED')", "JaVaScRiPt:alert('CASED')")
UNSAFE_SCHEME = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.IGNORECASE)
FUTURE_TS = "300000000000"  # 11476-11-22: git accepts it, Python's datetime does not
LATER_LINES = 30  # dated update lines in lane-a's README, over the cap of 20 per finding


def git(repo: Path, *args: str, env: dict | None = None) -> str:
    """git in `repo` with a fixed identity (and any dates in `env`); the output as text."""
    import subprocess

    base = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
            "PATH": os.environ.get("PATH", "")}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env={**base, **(env or {})}).stdout


def hrefs_and_srcs(site: Path):
    """(page, attribute, value) of every href and src in the built pages."""
    for path in pages(site):
        for tag in soup_of(path).find_all(True):
            for attr in ("href", "src"):
                value = tag.get(attr)
                if isinstance(value, str):
                    yield path.relative_to(site).as_posix(), attr, value


ROUND3_FINDINGS = """1. **Clean finding.** Cites `lane-a/notes.txt`. **[merged: DOC.md — Some Section section]**
2. **Second finding.** Another body. **[flagged — check back mid-2026]**
   - **Update 2026-09-01:** see [the note link](javascript:alert('NOTELINK')) and <a href="data:text/html,x">raw</a>.
3. **Far future.** A re-check no calendar has. **[flagged — check back December 9999]**
4. **Year zero.** Another one. **[flagged — check back early 0000]**
   - **Update 0000-01-01:** a note from year zero.
5. **Index id.** An id naming a page file. <!-- finding-id: index.html --> **[flagged — check back mid-2026]**
6. **Aliases.** Aliases, one reserved, one after a colon. <!-- finding-aliases: old-aliases, index.html, history: after-colon --> **[flagged — check back mid-2026]**
7. **Comment note.** A note whose marker follows an HTML comment. **[flagged — check back mid-2026]**
   - **Update 2026-10-01:** the doc has it now <!-- a comment --> **[merged: DOC.md — Some Section section]**
8. **Many later facts.** As of 2026-01-01 the lane `lane-a/` said little. **[flagged — check back mid-2026]**
"""


def round3_lane_readme() -> str:
    lines = [f"Update (2026-{1 + i // 28:02d}-{1 + i % 28:02d}): later fact number {i} in the lane." for i in
             range(1, LATER_LINES + 1)]
    lines[0] += " See [the later link](javascript:alert('LATERLINK'))."
    return ("# Lane A\n\nThe first lane.\n\n| File | What |\n|---|---|\n"
            "| `notes.txt` | Notes, [a table link](javascript:alert('LANETABLE')) |\n"
            "| `../../outside/secret.txt` | Climbs out |\n\n" + "\n\n".join(lines)
            + "\n\nUpdate (2027-03-01): a date after the build date, not a fact yet.\n")


def write_round3(dest: Path) -> tuple[Path, Path]:
    """A small git project (bench/adversarial.py's base) with every round-3 payload; (project, outside)."""
    from bench import adversarial as adv

    project = adv.base_project(dest / "project")
    outside = dest / "outside"
    write(outside / "secret.txt", f"{SECRET}\n")
    t = project / "tooling"
    write(t / "README.md", adv.index(findings=ROUND3_FINDINGS))
    write(t / "lane-a" / "README.md", round3_lane_readme())
    write(t / "lane-a" / "index.html", "<html><head><title>Snap</title></head><body><p>SNAPSHOT-INDEX</p></body></html>")
    sources = "\n".join(f"  - {json.dumps(u)}" for u in BAD_URLS)
    write(t / "gemma-family" / "goodgemma.md", adv.GOOD_BRIEF.replace("sources:\n", f"sources:\n{sources}\n"))
    write(t / "sources.yaml", "artifacts:\n  - path: lane-a/notes.txt\n    url: \"javascript:alert('MANIFEST')\"\n"
          "    retrieved: 2026-04-18\n")
    write(t / "verification.yaml", "schema: 1\nsources:\n  - url: https://example.org/goodgemma\n    state: moved\n"
          "    status: 301\n    final_url: \"javascript:alert('MOVED')\"\n    sha256_match: null\n"
          "    checked: '2026-11-20'\n    detail: ''\n    cited:\n      - tooling/gemma-family/goodgemma.md:8\n")
    write(project / "docs" / "sitemap.xml.md", "# Not the sitemap\n")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "base")
    write(t / "lane-b" / "README.md", "# Lane B\n\nOdd names.\n")
    write(t / "lane-b" / "line\u2028sep.txt", "u2028\n")
    git(project, "add", "-A")
    dates = {"GIT_AUTHOR_DATE": f"@{FUTURE_TS} +0000", "GIT_COMMITTER_DATE": f"@{FUTURE_TS} +0000"}
    git(project, "commit", "-qm", "a commit from the year 11476\u2028with a line separator", env=dates)
    # what git does not track, planted after the commits
    os.mkfifo(t / "lane-b" / "pipe.txt")
    os.mkfifo(project / "docs" / "pipe.png")  # matches the docs_assets patterns
    os.link(outside / "secret.txt", t / "lane-b" / "hardlink.txt")
    write(Path(os.fsdecode(os.path.join(os.fsencode(t / "lane-b"), b"bad-\xff-name.txt"))), "not utf-8 name\n")
    write(t / "lane-b" / "new\nWARNING -  forged line.txt", "newline\n")
    write(t / "lane-b" / "esc\x1b[31mred.txt", "escape\n")
    with open(t / "lane-b" / "sparse.bin", "wb") as fh:  # 1 GiB apparent, nothing on disk
        fh.truncate(1024 ** 3)
    return project, outside
