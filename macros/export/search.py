"""The site's search index: Pagefind's chunked static index, served to Material's own search box.

Material for MkDocs ships one lunr index (`search/search_index.json`) that every reader downloads whole
before the first result: 22.5 MB at 50x the corpus (bench/README.md). Pagefind splits its index into
chunks, so a query fetches only the words it needs and the excerpts of the results it shows.

What this module does after the build (the plugin's on_post_build, after Material's search plugin):

* `write_pagefind(site_dir)` indexes the built pages (only their `<article>`, without the parts marked
  `data-search-exclude`, the heading permalinks and the buttons) into `<site>/pagefind/`;
* `trim_lunr(site_dir)` keeps Material's `search_index.json` but empties its documents: Material's page
  script still fetches it at load and reads its `config` (the separator that highlights a match on the
  page a result opens), and nothing else.
  Material's plugin indexes no page in the first place (macros/mkdocs/lunr.py takes it off the
  page_context event), so this only makes sure of it.

`overrides/assets/corpus-search-worker.js` speaks Material's search-worker protocol over Pagefind, so the
search box, its results list, its keyboard habits and the highlight on the target page are Material's.
Pages say what search shows of them with Pagefind attributes in our templates: `data-pagefind-meta`
(a finding's claim and state, an artifact's lane, kind and mirrored state) and
a word only a finding's page holds (`corpusfinding7n`, for the "finding N" / "#N" shortcut: Pagefind's
filters would do, but its filter files differ from build to build, and builds must be byte-identical).
"""
from __future__ import annotations

import hashlib
import html as htmllib
import importlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from macros.export import search_parts as parts
from macros.fs.cache import FolderCache, code_digest, prune
from macros.fs.tmp import owned_tmpdir
from macros.text.plain import html_to_text

#: The part of each page that is indexed: Material's article (no header, navigation or footer).
ROOT_SELECTOR = "article.md-content__inner"
#: Left out of the index: Material's and our "not for search" markers, permalinks, buttons, the edit links.
EXCLUDE = ("[data-search-exclude]", ".headerlink", "button", ".md-content__button", ".md-source-file",
           ".corpus-print-only")
#: Indexed as part of words, so model tokens such as `<|turn>` are found as written.
INCLUDE = "<|>"
OUTPUT = "pagefind"
RUN_TIMEOUT_S = 600  # one Pagefind run over the whole site
#: The pages indexed: every page of the site is a folder's index.html. (Pagefind's default, **/*.html, also
#: matches the folders of artifact pages named like `snapshot.html/`, and retries reading each one as a file
#: with pauses: 100 s of a build at 50x. The 404 page is not indexed: a search never needs to land there.)
GLOB = "**/index.html"
_PUNCT = "()[]{}<>\"'`,;:!?.*"
# (starts only where a run of letters and digits starts: the same matches, without retrying inside each word)
_COMPOUND = re.compile(r"(?<![^\W_])[^\W_]+(?:[-/_.:+][^\W_]+)+")
_PART_SPLIT = re.compile(r"[-/_.:+]")
MAX_PARTS = 2000  # bounded on any page
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(r"<title>[^<]*</title>", re.IGNORECASE)
_PRE_OPEN = re.compile(r"<pre[\s>]")
_SPAN = re.compile(r"</?span\b[^>]*>")
#: Pagefind's UI bundles and playground: this site uses its own client (the worker), so they are not shipped.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")


def write_pagefind(site_dir: Path, *, language: str = "en", cache_dir: Path | None = None,
                   part_bytes: int = parts.PART_BYTES) -> int:
    """Index the built site into `<site_dir>/pagefind/`; the number of pages indexed.

    The pages that have an article are staged (with their word parts, `pagefind_page`) in a private
    folder and indexed by Pagefind's own command, one run per part of the site (`search_parts`), each part
    kept in `cache_dir` when one is given. (Pagefind's Python API answers one page per 0.1 s poll of its
    service: 12 s for the 124 pages of our corpus, minutes at 50x.)"""
    out = site_dir / OUTPUT
    shutil.rmtree(out, ignore_errors=True)
    cache = FolderCache(cache_dir, parts.SUFFIX) if cache_dir is not None else None
    with tempfile.TemporaryDirectory(prefix="corpus-pagefind-") as tmp:
        work = Path(tmp)
        # held in memory up to one part's bytes: a site of one part whose index the cache has is never written
        stage = parts.Stage(work / "site", hold=part_bytes if cache is not None else 0)
        _, _, staged = _write_stage(_read_pages(site_dir, out, None), stage, None)
        keys = parts.write(work, staged, out, lambda site, target: _run(site, target, language),
                           _settings(language), cache, part_bytes, ready=stage.flush)
    if cache is not None:
        prune(cache.folder, set(keys), parts.SUFFIX)
    return len(staged)


def _settings(language: str) -> str:
    """Everything besides the pages that makes an index: the binary, its options, the code that stages
    pages and finishes the index."""
    binary = _binary()
    try:
        st = binary.stat()
        made = f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        made = "?"
    return json.dumps([str(binary), made, _config(Path(), Path(), language),
                       code_digest("export/search.py", "export/search_parts.py", "text/plain.py")])


def _config(site: Path, out: Path, language: str) -> dict:
    return {"site": str(site), "output_path": str(out), "root_selector": ROOT_SELECTOR,
            "exclude_selectors": list(EXCLUDE), "force_language": language, "include_characters": INCLUDE,
            "glob": GLOB}


def _run(site: Path, out: Path, language: str) -> None:
    """Pagefind over the pages staged in the folder `site`, its index written to `out` (its settings file
    beside `site`)."""
    work = site.parent
    config = _config(site, out.resolve(), language)
    (work / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
    run = subprocess.run([str(_binary()), "--silent"], cwd=work, capture_output=True, text=True,
                         timeout=RUN_TIMEOUT_S, env=_clean_env())
    if run.returncode != 0 or not (out / "pagefind-entry.json").is_file():
        raise RuntimeError(f"Pagefind failed (exit {run.returncode}): {(run.stdout + run.stderr)[-2000:]}")
    _stable_entry(out / "pagefind-entry.json")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    for unused in out.glob("wasm.unknown.pagefind"):
        unused.unlink()


class PreviewIndex:
    """The search index under `mkdocs serve`: made after the browsers reload, not before.

    `update(site_dir)` reads the rebuilt pages at once (the next rebuild rewrites the site folder) and
    puts the index it made last into the new site, so search works at once, one edit behind. The new index
    is made in a thread: what Pagefind is given of each page (only the pages whose text changed since the
    last run are parsed again), then Pagefind's run. Its index replaces that copy when it is done, unless a
    newer rebuild has started by then (whose own thread replaces it). The first build of a `serve` indexes
    before it returns. One instance per `serve` process (the plugin's); `wait()` joins the thread (tests,
    shutdown). Its working folders and its copy of the last index live in one folder of this process's own,
    removed by `close()` (the plugin's on_shutdown), at exit, or by the next preview once this process is gone.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()  # (re-entered: `_keep` makes a folder)
        self._generation = 0
        self._last: Path | None = None  # a private copy of the newest finished index
        self._thread: threading.Thread | None = None
        self.errors: list[str] = []  # what a background run raised (logged by the caller's next update)
        self._staged: dict[bytes, str | None] = {}  # a page's digest → what Pagefind was given of it last time
        self._root = owned_tmpdir("corpus-pagefind-preview-", self)
        self._closed = False

    def update(self, site_dir: Path, *, language: str = "en") -> int:
        """The rebuilt site's index: at once the last one, Pagefind's new one later; the pages read for it."""
        with self._lock:
            self._generation += 1
            generation, first = self._generation, self._last is None
            if not first:
                shutil.copytree(self._last, site_dir / OUTPUT, dirs_exist_ok=True, copy_function=_link_or_copy)
        known = self._staged
        if first:  # the first build: the site is not open in a browser yet (pages read one by one)
            return self._make(_read_pages(site_dir, site_dir / OUTPUT, known), known, site_dir, language, generation)
        # read now (the next rebuild rewrites the site folder), holding the text of the changed pages only;
        # what Pagefind is given is made in the thread
        pages = list(_read_pages(site_dir, site_dir / OUTPUT, known))
        self._thread = threading.Thread(target=self._index, args=(pages, known, site_dir, language, generation),
                                        name="corpus-pagefind", daemon=True)
        self._thread.start()
        return len(pages)

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Let a run in progress end (up to `timeout` s), then remove this preview's working folder."""
        self.wait(timeout)
        with self._lock:
            self._generation += 1  # a run still going keeps nothing
            self._closed, self._last = True, None
            shutil.rmtree(self._root, ignore_errors=True)

    def _folder(self, prefix: str) -> Path:
        with self._lock:  # (never after `close` removed the root)
            if self._closed:
                raise RuntimeError("the preview's search index was closed")
            self._root.mkdir(parents=True, exist_ok=True)  # (a cleaner of the temporary folder may remove it)
            return Path(tempfile.mkdtemp(prefix=prefix, dir=self._root))

    def _index(self, pages: list[Read], known: Mapping[bytes, str | None], site_dir: Path, language: str,
               generation: int) -> None:
        try:
            self._make(pages, known, site_dir, language, generation)
        except Exception as exc:  # noqa: BLE001 - a thread has no caller: kept for the next update's log
            self.errors.append(f"search index of the preview: {exc}")

    def _make(self, pages: Iterable[Read], known: Mapping[bytes, str | None], site_dir: Path, language: str,
              generation: int) -> int:
        """Pagefind's index of `pages` (read against `known`) into the site, unless a newer rebuild started
        meanwhile; the number of pages read."""
        work = self._folder("run-")
        try:
            self._staged, count, staged = _write_stage(pages, parts.Stage(work / "site"), known)
            out = work / OUTPUT
            parts.write(work, staged, out, lambda site, target: _run(site, target, language), "", None)
            if self._keep(out, generation) and site_dir.is_dir():
                _swap_in(out, site_dir / OUTPUT)
            return count
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _keep(self, out: Path, generation: int) -> bool:
        """Keep `out` as the newest index, unless a newer rebuild started; whether it was kept."""
        with self._lock:
            if generation != self._generation:
                return False
            keep = self._folder("last-")
            shutil.copytree(out, keep / OUTPUT)
            old, self._last = self._last, keep / OUTPUT
            if old is not None:
                shutil.rmtree(old.parent, ignore_errors=True)
        return True


def _link_or_copy(src: str, dst: str) -> None:
    """A hard link to an index file (they are only ever written new, never changed in place), or a copy
    where the two folders cannot share one (another file system)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _swap_in(new: Path, target: Path) -> None:
    """Replace the folder `target` by a copy of `new`, renamed into place (a reader never sees it half-written)."""
    fresh = target.with_name(target.name + ".new")
    stale = target.with_name(target.name + ".old")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(new, fresh)
    shutil.rmtree(stale, ignore_errors=True)
    if target.exists():
        target.rename(stale)
    fresh.rename(target)
    shutil.rmtree(stale, ignore_errors=True)


#: a page read for the index: (its path in the site, its text's digest (None outside `mkdocs serve`), its
#: text; None when the index's last run had the same text, whose staged form is kept by digest)
Read = tuple[str, "bytes | None", "str | None"]


def _read_pages(site_dir: Path, out: Path, known: Mapping[bytes, object] | None) -> Iterator[Read]:
    """Every page of the site outside the index folder `out`, read one by one. With `known` (the preview's
    last run), each page's digest, and no text for a page whose digest `known` holds."""
    for path in sorted(site_dir.rglob("index.html")):
        if path.is_relative_to(out) or not path.is_file() or path.is_symlink():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(site_dir).as_posix()
        if known is None:
            yield rel, None, text
            continue
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        yield rel, digest, (None if digest in known else text)


def _write_stage(pages: Iterable[Read], stage: parts.Stage, known: Mapping[bytes, str | None] | None
                 ) -> tuple[dict[bytes, str | None], int, list[parts.Staged]]:
    """What Pagefind is given of each page (`pagefind_page`), put in `stage`; a page read without its
    text has it in `known` (the previous run's). Returns this run's staged forms by digest (kept only with
    `known`: a plain build holds none), the number of pages read and the pages staged."""
    made: dict[bytes, str | None] = {}
    read, staged = 0, []
    for rel, digest, text in pages:
        read += 1
        html = pagefind_page(text) if text is not None else known[digest]  # type: ignore[index]
        if known is not None and digest is not None:
            made[digest] = html
        if html is None:  # no article: a redirect, a number shortcut
            continue
        data = html.encode("utf-8")
        stage.put(rel, data)
        staged.append(parts.Staged(rel, len(data), hashlib.blake2b(data, digest_size=16).hexdigest()))
    return made, read, staged


def _binary() -> Path:
    """Pagefind's binary: PAGEFIND_BINARY_PATH when set, else the one its wheel installs (pyproject.toml pins
    pagefind-bin-extended), asked of that wheel's module (Pagefind's own Python package would import asyncio
    to find it: ~10 ms of every build)."""
    path = os.environ.get("PAGEFIND_BINARY_PATH")
    if path:
        return Path(path)
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return Path(importlib.import_module(module).get_executable())
        except (ImportError, FileNotFoundError):
            continue
    raise RuntimeError("Pagefind's binary was not found: reinstall with `make` (pagefind-bin-extended)")


def _clean_env() -> dict[str, str]:
    """The environment without PAGEFIND_* settings: the index is configured here only."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}


def pagefind_page(html: str) -> str | None:
    """What Pagefind is given of a page: its language, title and article, with the parts of its compound
    words added to the article, unshown; None without an article.

    Pagefind indexes `google/gemma-4-E4B-it` as one word (found by its prefix only), so "E4B" would not
    find the pages that name the model that way. Each part of such a word that the article does not
    already hold as a word of its own is added once, in a hidden paragraph at the article's end."""
    start = html.find('<article class="md-content__inner')
    end = html.rfind("</article>")
    if start == -1 or end < start:
        return None
    text = html_to_text(html[start:end])
    own = {w.strip(_PUNCT).casefold() for w in text.split()}  # the words Pagefind indexes as they stand
    parts: dict[str, None] = {}
    for compound in _COMPOUND.findall(text):
        for part in _PART_SPLIT.split(compound):
            if len(part) > 1 and part.casefold() not in own:
                parts.setdefault(part.casefold(), None)
    extra = '<p hidden data-pagefind-weight="0.5">' + htmllib.escape(" ".join(list(parts)[:MAX_PARTS])) + "</p>" \
        if parts else ""
    # only what Pagefind reads: the page's language, its title and the article (a third of the page's bytes
    # at 50×, and of what Pagefind holds in memory while it indexes)
    lang = _HTML_TAG.search(html, 0, start)
    title = _TITLE.search(html, 0, start)
    return (f"<!doctype html>\n{lang.group(0) if lang else '<html>'}<head><meta charset=\"utf-8\">"
            f"{title.group(0) if title else ''}</head><body>\n{_plain_code(html[start:end])}{extra}</article>\n"
            "</body></html>\n")


def _plain_code(html: str) -> str:
    """`html` without the highlighting spans inside its <pre> blocks: the same text, so Pagefind's index comes
    out byte for byte the same, from a quarter fewer bytes (at 10x: 6 % less of Pagefind's time). Linear:
    each block is looked for once, and an unclosed one ends the search."""
    out, pos = [], 0
    while (found := _PRE_OPEN.search(html, pos)) is not None:
        end = html.find("</pre>", found.start())
        if end < 0:
            break
        out += [html[pos:found.start()], _SPAN.sub("", html[found.start():end])]
        pos = end
    out.append(html[pos:])
    return "".join(out)


def _stable_entry(path: Path) -> None:
    """Pagefind lists its word characters in hash-set order, which changes from run to run: sorted, two
    builds of the same site are byte-identical."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["include_characters"] = sorted(data.get("include_characters") or [])
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def trim_lunr(site_dir: Path) -> None:
    """Keep Material's search_index.json's config (its separator highlights matches on target pages) with
    no documents: Material's page script fetches this file on every page, the search runs on Pagefind."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({"config": data.get("config", {}), "docs": []}, separators=(",", ":")),
                    encoding="utf-8")
    (site_dir / "search" / "search_index.js").unlink(missing_ok=True)
