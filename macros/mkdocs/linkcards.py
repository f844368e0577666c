"""Link cards (Open Graph / Twitter meta) of each page, and their images: drawn beside the build when the cache
lacks many (a cold build), copied into the site after it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from macros.mkdocs.state import CorpusBuild, log
from macros.model.data import Finding
from macros.pipeline import Site
from macros.plan.pages import PageKind, PageSpec
from macros.plan.urls import card_image_path
from macros.render import cards

#: the page kinds whose link card carries an image: each finding, the home page and the list pages
CARD_IMAGE_KINDS: tuple[PageKind, ...] = ("finding", "findings", "tooling", "lane", "home")
MIN_BESIDE = 4  # fewer missing finding cards than this are drawn after the build (a process costs ~0.2 s)
# the drawing process is stopped after this (a card takes about 10 ms); what it did not draw is drawn after
DRAW_TIMEOUT_S, DRAW_TIMEOUT_PER_CARD_S = 30.0, 0.2


def card_image(state: CorpusBuild, card: dict, spec: PageSpec | None) -> None:
    """Give the card an og:image (absolute URL) and remember what to draw after the build (post_build)."""
    site = state.site
    if site is None or (spec is not None and spec.kind not in CARD_IMAGE_KINDS):
        return
    url = spec.url if spec is not None else ""
    fields = {"corpus_name": site.settings.site_name, "number": None, "title": card["title"],
              "state_label": None, "date": None, "kind": "page" if spec is None else spec.kind}
    if spec is not None and spec.kind == "finding":
        fields = finding_fields(site, site.corpus.findings[site.findings_by_id[spec.key[1]]])
    elif spec is None or spec.kind == "home":
        fields.update(title=site.settings.site_name, kind="home",
                      date=f"built {site.corpus.build_date.isoformat()}")
    path = card_image_path(url)
    state.cards[path] = fields
    card["image"] = site.settings.absolute(path)


def finding_fields(site: Site, f: Finding) -> dict:
    """What a finding's card shows (card_png's arguments): its number, title, claim and current state."""
    s = site.corpus.state(f)
    pill = f"{s.words} · {s.date.isoformat()}" if s.changed and s.date else s.words
    return {"corpus_name": site.settings.site_name, "number": f.number, "title": f.title, "state_label": pill,
            "state_key": s.bucket, "date": s.claim.label, "claim": f.summary, "kind": "finding"}


def start_drawing(state: CorpusBuild) -> None:
    """Once the corpus is read: when the cache lacks cards of findings (a cold build, edited findings), draw
    them in a process of their own on another core while this one renders the pages (`write_cards` waits
    for it). Every card is drawn by `write_cards` all the same if that process fails."""
    site = state.site
    if site is None or (os.cpu_count() or 1) < 2:
        return
    cache = _cache(state)
    todo = cards.missing(cache, (finding_fields(site, f) for f in site.corpus.findings))
    if len(todo) < MIN_BESIDE:
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        fd, jobs = tempfile.mkstemp(prefix="corpus-cards-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(list(todo.values()), fh)
        # run from the folder that holds this macros/ package, so that it is the one imported
        proc = subprocess.Popen([sys.executable, "-m", "macros.render.cards", str(cache.resolve()), jobs],
                                cwd=Path(cards.__file__).resolve().parents[2], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as exc:
        log.debug(f"link cards: not drawn beside the build ({exc}); drawn after it")
        return
    state.drawing = (proc, Path(jobs), DRAW_TIMEOUT_S + DRAW_TIMEOUT_PER_CARD_S * len(todo), todo)


def _finish_drawing(state: CorpusBuild) -> int:
    """The pages are rendered: draw the cards the process has not reached yet, from the end of its list
    back until the two meet (both cores), then wait for it; how many the build drew."""
    if state.drawing is None:
        return 0
    proc, jobs, timeout, todo = state.drawing
    state.drawing = None
    drawn = cards.draw_until_drawn(_cache(state), todo) if proc.poll() is None else 0
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    jobs.unlink(missing_ok=True)
    log.debug(f"link cards drawn beside the build: exit {proc.returncode}; {drawn} drawn by the build meanwhile")
    return drawn


def write_cards(state: CorpusBuild, out: Path) -> int:
    """Draw the card images of this build into the site (cached by content in .cache/cards/, outside the
    site, so an unchanged finding is not drawn again; images no page of this build uses are deleted from it
    after an hour). Returns how many were drawn here (not by `start_drawing`'s process)."""
    drawn = _finish_drawing(state)
    return drawn + cards.write_cards(_cache(state), {out / path: fields for path, fields in state.cards.items()},
                                     prune=True)


def _cache(state: CorpusBuild) -> Path:
    return state.project / ".cache" / "cards"


def card(site: Site, url: str, title: str, description: str, kind: str) -> dict:
    return {"title": title, "description": description, "url": site.settings.absolute(url), "type": kind,
            "site_name": site.settings.site_name}
