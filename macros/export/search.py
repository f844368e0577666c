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

`overrides/assets/corpus-search-worker.js` speaks Material's search-worker protocol over Pagefind, so the
search box, its results list, its keyboard habits and the highlight on the target page are Material's.
Pages say what search shows of them with Pagefind attributes in our templates: `data-pagefind-meta`
(a finding's claim and state, an artifact's lane, kind and mirrored state) and
`data-pagefind-filter="finding"` (a finding's number, for the "finding N" / "#N" shortcut).
"""
from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

#: The part of each page that is indexed: Material's article (no header, navigation or footer).
ROOT_SELECTOR = "article.md-content__inner"
#: Left out of the index: Material's and our "not for search" markers, permalinks, buttons, the edit links.
EXCLUDE = ("[data-search-exclude]", ".headerlink", "button", ".md-content__button", ".md-source-file",
           ".corpus-print-only")
#: Indexed as part of words, so model tokens such as `<|turn>` are found as written.
INCLUDE = "<|>"
OUTPUT = "pagefind"
#: Pagefind's UI bundles and playground: this site uses its own client (the worker), so they are not shipped.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")


def write_pagefind(site_dir: Path, *, language: str = "en") -> int:
    """Index the built site into `<site_dir>/pagefind/`; the number of pages indexed."""
    out = site_dir / OUTPUT
    shutil.rmtree(out, ignore_errors=True)
    config = IndexConfig(root_selector=ROOT_SELECTOR, exclude_selectors=list(EXCLUDE), force_language=language,
                         include_characters=INCLUDE,
                         output_path=str(out))

    async def run() -> int:
        async with PagefindIndex(config=config) as index:
            return int((await index.add_directory(str(site_dir)))["page_count"])

    pages = asyncio.run(run())
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    for unused in out.glob("wasm.unknown.pagefind"):
        unused.unlink()
    return pages


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
