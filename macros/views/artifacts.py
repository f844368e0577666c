"""How one on-disk artifact is shown: highlighted text, notebook cells, sanitised HTML or a download.

Bounded by design: at most SHOW_BYTES of a file is rendered (and so indexed by search); the page says
when it was cut. The raw file is published under _raw/ with a name that cannot execute in a browser.
"""
from __future__ import annotations

import fnmatch
import functools
import importlib.metadata
import html as htmllib
import itertools
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import Markup
import pygments
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, find_lexer_class_by_name, get_all_lexers, get_lexer_by_name
from pygments.util import ClassNotFound

from macros.fs import safe as safefs
from macros.fs.cache import TextCache, code_digest, content_key
from macros.model.data import Artifact
from macros.text.safeurl import http_url
from macros.text.sanitize import markdown_to_html, sanitize

SHOW_BYTES = 256 * 1024
NOTEBOOK_CELLS = 200
NOTEBOOK_BYTES = 50 * 1024 * 1024  # parse notebooks up to this size (images inflate them)
OUTPUT_CHARS = 4000
INERT_BINARY = {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip", ".gz", ".tgz", ".bz2", ".xz",
                ".zst", ".tar", ".gguf", ".safetensors", ".npz", ".npy", ".pt", ".onnx", ".parquet",
                ".mp3", ".wav", ".flac", ".ogg", ".mp4", ".webm"}
# the logger MkDocs counts for --strict (macros/build.py's plugin logger), without importing mkdocs
log = logging.getLogger("mkdocs.plugins.corpus")
_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)
_LEXER_OPTS = {"stripnl": False, "ensurenl": False}


RAW_LIMIT = 20 * 1024 * 1024  # a raw copy is written up to this size (the apparent size: a sparse file counts whole)


def has_raw(a: Artifact) -> bool:
    """Whether the artifact gets a raw copy in the site: on disk and not over RAW_LIMIT."""
    return a.on_disk and a.size is not None and a.size <= RAW_LIMIT


def raw_url(root: str, a: Artifact) -> str:
    """Where the raw copy of an on-disk artifact is published (site-root-relative)."""
    return f"_raw/{root}/{a.slug}{raw_suffix(a)}"


def raw_suffix(a: Artifact) -> str:
    ext = os.path.splitext(a.path)[1].lower()
    if a.text:
        return ".txt"  # served as text/plain: an HTML or SVG snapshot cannot run
    return "" if ext in INERT_BINARY else ".bin"  # `.bin` is not inert: `x` and `x.bin` must not collide


@dataclass
class View:
    kind: str  # code | markdown | notebook | html | binary | empty | unreadable
    html: Markup
    truncated: bool = False
    shown_bytes: int = 0
    total_bytes: int = 0
    note: str | None = None
    cells: list = field(default_factory=list)
    cell_count: int = 0
    title: str | None = None  # an HTML snapshot's <title>: metadata, not body text


def _lexer(path: str):
    name = os.path.basename(path)
    return _lexer_for(os.path.splitext(name)[1].lower() or name)()


@functools.lru_cache(maxsize=None)
def _lexer_for(key: str):
    """A lexer factory per extension (or bare file name), from Pygments' built-in lexers.

    `get_lexer_for_filename` first scans the installed packages for lexer plugins (~0.1 s, more than
    the rest of a small build's highlighting), so match the built-in filename patterns directly;
    where several lexers claim a name, the highest `priority` wins, as in Pygments.
    """
    if key in (".jinja", ".j2", ".jinja2"):
        cls = find_lexer_class_by_name("jinja")
    else:
        name = f"x{key}" if key.startswith(".") else key
        simple, other = _filename_patterns()
        aliases = list(simple.get(name.lower(), ()))
        aliases += [alias for alias, pattern in other if fnmatch.fnmatchcase(name, pattern)]
        matches = [find_lexer_class_by_name(alias) for alias in aliases]
        cls = max(matches, key=lambda c: c.priority) if matches else TextLexer
    return functools.partial(cls, **_LEXER_OPTS)


@functools.lru_cache(maxsize=1)
def _filename_patterns() -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """Built-in lexers' filename patterns: plain `*.ext` ones by name, the rest for fnmatch."""
    simple: dict[str, list[str]] = {}
    other: list[tuple[str, str]] = []
    for _, aliases, patterns, _ in get_all_lexers(plugins=False):
        for pattern in patterns if aliases else ():
            if pattern.startswith("*.") and not any(c in pattern[2:] for c in "*?[]"):
                simple.setdefault(("x" + pattern[1:]).lower(), []).append(aliases[0])
            else:
                other.append((aliases[0], pattern))
    return simple, other


def code_html(text: str, path: str, cache: TextCache | None = None) -> str:
    """The file's text highlighted by Pygments (the same lexer for the same file name), from `cache` when
    the same text was highlighted before: highlighting is most of an artifact page's cost."""
    name = os.path.basename(path)
    key = content_key("highlight", pygments.__version__, code_digest("views/artifacts.py"),
                      os.path.splitext(name)[1].lower() or name, text) if cache is not None else ""
    hit = cache.get(key) if cache is not None else None
    if hit is not None:
        return hit
    out = highlight(text, _lexer(path), _FORMATTER)
    if cache is not None:
        cache.put(key, out)
    return out


@functools.lru_cache(maxsize=1)
def _text_code() -> str:
    """What an artifact page's cached HTML is made by: our code and the libraries it uses."""
    libraries = ("markdown-it-py", "mdit-py-plugins", "nh3", "pygments", "markdown", "pymdown-extensions")
    versions = ";".join(f"{name}={importlib.metadata.version(name)}" for name in libraries)
    return versions + code_digest("text", "views/artifacts.py")


def _cached(cache: TextCache | None, kind: str, text: str, make) -> str:
    """`make(text)` (an upstream Markdown file's, HTML snapshot's or notebook cell's HTML), from `cache` when
    the same text was made by the same code before: a pure function of the text, like highlighting."""
    if cache is None:
        return make(text)
    key = content_key(kind, _text_code(), text)
    hit = cache.get(key)
    if hit is None:
        hit = str(make(text))
        cache.put(key, hit)
    return hit


def view(path: Path, a: Artifact, cache: TextCache | None = None) -> View:
    """Render an on-disk artifact for its page (`path`: the corpus root joined with `a.path`).

    Never raises for what the file contains or how it is linked: a refused or unreadable file, or a
    notebook nested too deeply, gets a page that says so and a warning naming the file.
    """
    if path.as_posix().endswith("/" + a.path):
        root, rel = path.parents[a.path.count("/")], a.path
    else:  # a file given on its own: opened inside its folder
        root, rel = path.parent, path.name
    where = f"{root.name}/{rel}"
    try:
        return _view(root, rel, a, where, cache)
    except safefs.Refused as exc:
        return _unreadable(where, f"file skipped: {exc.strerror}")
    except OSError as exc:
        return _unreadable(where, f"file could not be read ({exc.strerror or type(exc).__name__})")
    except RecursionError:
        return _unreadable(where, "file is nested too deeply to show")


def _unreadable(where: str, why: str) -> View:
    log.warning(f"{where}: {why}")
    return View("unreadable", Markup(""), note=f"This file cannot be shown: {why}.")


def _view(root: Path, rel: str, a: Artifact, where: str, cache: TextCache | None) -> View:
    total = a.size or 0
    if not a.text:
        return View("binary", Markup(""), total_bytes=total)
    ext = os.path.splitext(a.path)[1].lower()
    with safefs.open_file(root, rel) as fh:
        total = os.fstat(fh.fileno()).st_size
        whole = ext == ".ipynb" and total <= NOTEBOOK_BYTES  # notebooks are parsed whole (images make them big)
        data = fh.read(total + 1 if whole else SHOW_BYTES + 1)
    if whole:
        nb = _notebook(data, where)
        if isinstance(nb, View):
            return nb
        if nb is not None:
            try:
                cells, count, cut = notebook_cells(nb, cache)
                return View("notebook", Markup(""), cut, sum(len(c.source) for c in cells), total,
                            cells=cells, cell_count=count)
            except (ValueError, TypeError, AttributeError):
                pass  # JSON, but not shaped like a notebook
        data = data[: SHOW_BYTES + 1]  # not a notebook after all: show the text
    truncated = len(data) > SHOW_BYTES
    data = data[:SHOW_BYTES]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8", errors="replace")
    if truncated:
        text = text[: text.rfind("\n") + 1] or text
    if not text.strip():
        return View("empty", Markup(""), total_bytes=total)
    shown = len(text.encode("utf-8"))
    if ext in (".md", ".markdown") and not truncated:
        return View("markdown", Markup(_cached(cache, "markdown", text, markdown_to_html)), False, shown, total)
    if ext in (".html", ".htm"):
        title, text = page_title(text)
        return View("html", Markup(_cached(cache, "html", text, sanitize)), truncated, shown, total,
                    note="Shown sanitised: scripts, styles, frames and forms were removed. The raw file is "
                         "offered as plain text.", title=title)
    return View("code", Markup(code_html(text, a.path, cache)), truncated, shown, total)


TITLE_CHARS = 300


def page_title(text: str) -> tuple[str | None, str]:
    """(the <title> text, the document without its title element) of an HTML snapshot. Linear: plain
    searches, no backtracking; the title is plain text (entities decoded, spaces squashed, bounded)."""
    lower = text.lower()
    start = lower.find("<title")
    if start < 0 or lower[start + 6: start + 7] not in (">", " ", "\t", "\n", "\r", "/"):
        return None, text
    open_end = lower.find(">", start)
    close = lower.find("</title", open_end) if open_end >= 0 else -1
    if close < 0:
        return None, text
    close_end = lower.find(">", close)
    end = close_end + 1 if close_end >= 0 else len(text)
    title = " ".join(htmllib.unescape(text[open_end + 1: close]).split())
    if len(title) > TITLE_CHARS:
        title = title[:TITLE_CHARS].rstrip() + "…"
    return title or None, text[:start] + text[end:]


_A_HREF = re.compile(r'(<a\b[^>]*?)\shref="([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def resolve_links(html_text: str, base_url: str | None) -> str:
    """Links of an HTML snapshot as they work on its upstream page: a relative href (`/gemma/docs/core`,
    `../x`) is resolved against the snapshot's source URL; with no known source URL it becomes plain
    text (an <a> without href), never a link into this site. In-page anchors and absolute URLs stay."""
    base = base_url if base_url and base_url.lower().startswith(("http://", "https://")) else None

    def fix(m: re.Match) -> str:
        href = htmllib.unescape(m.group(2))
        if href.startswith("#") or (_SCHEME.match(href) and http_url(href)):
            return m.group(0)
        if _SCHEME.match(href):
            return m.group(1)  # mailto:, javascript: …: plain text (nh3 removed the worst already)
        new = urljoin(base, href) if base else None
        if new is None or not new.lower().startswith(("http://", "https://")):
            return m.group(1)  # plain text
        return f'{m.group(1)} href="{htmllib.escape(new, quote=True)}"'

    return _A_HREF.sub(fix, html_text)


JSON_DEPTH = 64  # nbformat nests 5 levels; deeper JSON is refused before the (recursive) decoder sees it
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_too_deep(text: str, limit: int = JSON_DEPTH) -> int | None:
    """The line where JSON text first nests deeper than `limit`, or None. Linear, no recursion."""
    brackets = re.sub(r"[^\[\]{}]+", "", _JSON_STRING.sub("", text))
    if not brackets or max(itertools.accumulate(map(_DEPTH_STEP.__getitem__, brackets))) <= limit:
        return None
    depth = 0
    for m in _JSON_TOKENS.finditer(text):  # only on the error path: find where, for the message
        tok = m.group(0)
        if tok in _DEPTH_STEP:
            depth += _DEPTH_STEP[tok]
            if depth > limit:
                return text.count("\n", 0, m.start()) + 1
    return None


JSON_NODES = 500_000  # values a notebook may hold before it is parsed (a 200-cell notebook has a few thousand)


def json_nodes(text: str) -> int:
    """About how many values JSON text holds (containers opened and separators, outside strings). Linear.

    json.loads builds a Python object per value: 50 MB of `{},{},…` is 17 million dicts, over 1.5 GB,
    so a notebook's size is checked in values as well as in bytes before it is parsed."""
    quotes = text.count('"')
    if quotes > 4 * JSON_NODES:  # over a million strings (escaped quotes count too): no need to look closer
        return quotes // 2
    bare = _JSON_STRING.sub("", text)
    return bare.count("[") + bare.count("{") + bare.count(",")


def _notebook(data: bytes, where: str):
    """The notebook's JSON; None when it is not JSON (shown as text); a View when it is refused."""
    text = data.decode("utf-8-sig", errors="replace")
    nodes = json_nodes(text)
    if nodes > JSON_NODES:
        log.warning(f"{where}: notebook JSON holds about {nodes} values, more than {JSON_NODES}; it is shown as "
                    "text (parsing it would take memory out of proportion to its size)")
        return None
    line = json_too_deep(text)
    if line is not None:
        log.warning(f"{where}:{line}: notebook JSON nests deeper than {JSON_DEPTH} levels; it is shown as "
                    "text (a notebook is a few levels deep: cells → outputs → data)")
        return None
    try:
        nb = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return nb if isinstance(nb, dict) else None


@dataclass
class Cell:
    kind: str  # markdown | code | raw
    html: Markup  # sanitised Markdown or highlighted code
    number: int
    outputs: list[dict]  # {"text": str} or {"omitted": str}
    source: str = ""
    execution_count: int | None = None  # a code cell's "In [N]" (None: never run, shown blank)


def notebook_cells(nb: dict, cache: TextCache | None = None) -> tuple[list[Cell], int, bool]:
    """Notebook cells (at most NOTEBOOK_CELLS, SHOW_BYTES of source), the total count, and whether
    some were left out; outputs as bounded text, images named but not embedded (cells' HTML from `cache`)."""
    lang = (nb.get("metadata", {}).get("language_info", {}) or {}).get("name") or "python"
    try:
        lexer = get_lexer_by_name(lang, **_LEXER_OPTS)
    except ClassNotFound:
        lexer = TextLexer(**_LEXER_OPTS)
    cells = nb.get("cells", [])
    out: list[Cell] = []
    budget = SHOW_BYTES
    for i, cell in enumerate(cells[:NOTEBOOK_CELLS]):
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else str(src)
        if len(src) > budget:
            return out, len(cells), True
        budget -= len(src)
        kind = cell.get("cell_type")
        if kind == "markdown":
            out.append(Cell("markdown", Markup(demote_headings(_cached(cache, "markdown", src, markdown_to_html))),
                            i + 1, [], src))
        elif kind == "code":
            count = cell.get("execution_count")
            code = _cached(cache, f"cell:{lexer.name}", src, lambda text: highlight(text, lexer, _FORMATTER))
            out.append(Cell("code", Markup(code), i + 1,
                            _outputs(cell.get("outputs", [])), src,
                            count if isinstance(count, int) and not isinstance(count, bool) else None))
        else:
            out.append(Cell("raw", Markup(highlight(src, TextLexer(**_LEXER_OPTS), _FORMATTER)), i + 1, [], src))
    return out, len(cells), len(cells) > NOTEBOOK_CELLS


_HEADING_TAG = re.compile(r"<(/?)h([1-5])\b")


def demote_headings(html_text: str) -> str:
    """Headings one level down (h1 → h2 … h5 → h6): a notebook's own title must not be a second page H1."""
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html_text)


def _outputs(outputs: list) -> list[dict]:
    out: list[dict] = []
    for o in outputs or []:
        if not isinstance(o, dict):
            continue
        text = ""
        omitted = []
        if o.get("output_type") == "stream":
            text = o.get("text", "")
        else:
            data = o.get("data", {}) or {}
            for mime, value in data.items():
                if mime == "text/plain":
                    text = value
                elif not mime.startswith("text/"):
                    size = len("".join(value) if isinstance(value, list) else str(value))
                    omitted.append(f"{mime} output omitted ({size // 1024} KB)")
            if o.get("output_type") == "error":
                text = f"{o.get('ename', '')}: {o.get('evalue', '')}"
        text = "".join(text) if isinstance(text, list) else str(text)
        if len(text) > OUTPUT_CHARS:
            text = text[:OUTPUT_CHARS] + f"\n… ({len(text) - OUTPUT_CHARS} more characters not shown)"
        if text:
            out.append({"text": text})
        out += [{"omitted": note} for note in omitted]
    return out
