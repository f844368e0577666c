"""Link cards (Open Graph / Twitter meta) of each page and the card images drawn after the build."""
from __future__ import annotations

from pathlib import Path

from macros.mkdocs.state import CorpusBuild
from macros.pipeline import Site
from macros.plan.pages import PageKind, PageSpec
from macros.plan.urls import card_image_path
from macros.render import cards

#: the page kinds whose link card carries an image: each finding, the home page and the list pages
CARD_IMAGE_KINDS: tuple[PageKind, ...] = ("finding", "findings", "tooling", "lane", "home")


def card_image(state: CorpusBuild, card: dict, spec: PageSpec | None) -> None:
    """Give the card an og:image (absolute URL) and remember what to draw after the build (post_build)."""
    site = state.site
    if site is None or (spec is not None and spec.kind not in CARD_IMAGE_KINDS):
        return
    url = spec.url if spec is not None else ""
    fields = {"corpus_name": site.settings.site_name, "number": None, "title": card["title"],
              "state_label": None, "date": None, "kind": "page" if spec is None else spec.kind}
    if spec is not None and spec.kind == "finding":
        f = site.corpus.findings[site.findings_by_id[spec.key[1]]]
        s = site.corpus.state(f)
        pill = f"{s.words} · {s.date.isoformat()}" if s.changed and s.date else s.words
        fields.update(number=f.number, title=f.title, state_label=pill, state_key=s.bucket, date=s.claim.label,
                      claim=f.summary, kind="finding")
    elif spec is None or spec.kind == "home":
        fields.update(title=site.settings.site_name, kind="home",
                      date=f"built {site.corpus.build_date.isoformat()}")
    path = card_image_path(url)
    state.cards[path] = fields
    card["image"] = site.settings.absolute(path)


def write_cards(state: CorpusBuild, out: Path) -> int:
    """Draw the card images of this build into the site (cached by content in .cache/cards/, outside the
    site, so an unchanged finding is not drawn again; images no page of this build uses are deleted from it
    after an hour). Returns how many were drawn."""
    cache = state.project / ".cache" / "cards"
    return cards.write_cards(cache, {out / path: fields for path, fields in state.cards.items()}, prune=True)


def card(site: Site, url: str, title: str, description: str, kind: str) -> dict:
    return {"title": title, "description": description, "url": site.settings.absolute(url), "type": kind,
            "site_name": site.settings.site_name}
