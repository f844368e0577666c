"""Link-card images (og:image): a 1200x630 PNG per finding or page, drawn with Pillow, cached by content.

Pure: no MkDocs, no network. Fonts come from the machine (Debian's fonts-dejavu-core, installed by the
Makefile) with Pillow's built-in font as the fallback, so a build never downloads anything. The same
inputs on the same machine give the same bytes (Pillow writes no timestamps into PNGs, and text is laid
out with the basic engine so an optional libraqm cannot change the pixels).
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from macros.fs.cache import code_digest, prune as prune_cache

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
# Bump when the drawing changes: it is part of every cache key, so old images are never reused.
RENDERER_VERSION = "2"
MAX_TITLE_CHARS = 300  # what is measured at all; the card shows at most four lines of it
TITLE_LINES = 4
TITLE_SIZES = (60, 54, 48, 44, 40, 36, 32)  # the title shrinks through these until it fits in TITLE_LINES lines
MARGIN = 72
BOTTOM = HEIGHT - 56  # the baseline area of the pill and the dates
# zlib's default level: level 9 made PNG compression 90 % of a card's time for 5 % smaller files
COMPRESS_LEVEL = 6

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"

BG = (40, 53, 147)  # Material indigo 800: the site's header colour, a shade darker for contrast
FG = (255, 255, 255)
MUTED = (197, 202, 233)
STATE_COLOURS = {  # the badge colours of corpus.css, by the state's bucket (macros/model/state.py BUCKETS)
    "merged": (27, 94, 32),
    "flagged": (138, 75, 0),
    "error": (183, 28, 28),
    "needs": (183, 28, 28),
    "updated": (13, 71, 161),
    "superseded": (74, 20, 140),
    "withdrawn": (66, 66, 66),
}
DEFAULT_BADGE = (92, 107, 192)


def _font_file(name: str) -> Path | None:
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None


def _pil():
    """Pillow's modules, imported when a card is drawn (lazy for speed: a build whose cards are all
    cached never pays for importing Pillow)."""
    from PIL import Image, ImageDraw, ImageFont

    return Image, ImageDraw, ImageFont


@functools.lru_cache(maxsize=32)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    ImageFont = _pil()[2]
    path = _font_file(BOLD if bold else REGULAR)
    if path is not None:
        return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
    return ImageFont.load_default(size=size)


@functools.lru_cache(maxsize=1)
def font_identity() -> str:
    """Which fonts this machine draws with: part of the cache key, so a font change redraws every card."""
    parts = []
    for name in (REGULAR, BOLD):
        path = _font_file(name)
        parts.append(f"{name}:{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}" if path else f"{name}:builtin")
    return ";".join(parts)


def _width(draw: ImageDraw.ImageDraw, text: str, font) -> float:
    return draw.textlength(text, font=font)


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: float) -> str:
    """The longest prefix of `text` that fits `width` with an ellipsis (binary search: O(log n) measures)."""
    if _width(draw, text, font) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _width(draw, text[:mid].rstrip() + "…", font) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def _words_into_lines(draw, words: list[str], font, width: float) -> list[str]:
    """Greedy word wrap; a single word wider than a line is broken (the only cut inside a word)."""
    lines: list[str] = []
    current = ""
    for word in words:
        while word:
            candidate = f"{current} {word}" if current else word
            if _width(draw, candidate, font) <= width:
                current, word = candidate, ""
            elif current:
                lines.append(current)
                current = ""
            else:  # one word wider than a whole line
                cut = _fit(draw, word, font, width)[:-1] or word[:1]
                lines.append(cut)
                word = word[len(cut):]
    if current:
        lines.append(current)
    return lines


def wrap(draw: ImageDraw.ImageDraw, text: str, font, width: float, max_lines: int) -> list[str]:
    """Word wrap into at most `max_lines` lines. When the text does not fit, the last line ends with an
    ellipsis after its last whole word (never inside one). The text is capped first, so the work is bounded."""
    clipped = " ".join(text[:MAX_TITLE_CHARS].split())
    lines = _words_into_lines(draw, clipped.split(" "), font, width)
    more = len(clipped) < len(" ".join(text.split()))
    if len(lines) <= max_lines and not more:
        return lines
    lines = lines[:max_lines]
    words = lines[-1].split(" ")
    while len(words) > 1 and _width(draw, " ".join(words) + " …", font) > width:
        words.pop()
    last = " ".join(words)
    lines[-1] = last + " …" if _width(draw, last + " …", font) <= width else _fit(draw, last, font, width - 1)
    return lines


def fit_title(draw: ImageDraw.ImageDraw, title: str, width: float) -> tuple[int, list[str]]:
    """(font size, lines) of a title: the largest size at which it fits in TITLE_LINES lines, else the
    smallest size, its last line ending with an ellipsis at a word boundary."""
    clipped = " ".join(title[:MAX_TITLE_CHARS].split())
    for size in TITLE_SIZES:
        lines = _words_into_lines(draw, clipped.split(" "), _font(True, size), width)
        if len(lines) <= TITLE_LINES and len(clipped) == len(" ".join(title.split())):
            return size, lines
    size = TITLE_SIZES[-1]
    return size, wrap(draw, title, _font(True, size), width, TITLE_LINES)


def first_sentence(text: str, limit: int = 220) -> str:
    """The first sentence of a claim's text (to its first '. ', '! ' or '? '), at most `limit` characters."""
    text = " ".join(text[:2000].split())
    for i, ch in enumerate(text[:limit]):
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " "):
            return text[:i + 1]
    return text[:limit]


def layout(*, corpus_name: str, number: int | None, title: str, state_label: str | None, date: str | None,
           kind: str, state_key: str | None = None, claim: str | None = None) -> list[tuple[str, str, tuple]]:
    """What the card shows and where: (part, text, box) with box = (left, top, right, bottom) of the drawn
    text (the pill's box for the state). Tests measure these; `card_png` draws them."""
    parts, _ = _layout(corpus_name=corpus_name, number=number, title=title, state_label=state_label, date=date,
                       kind=kind, claim=claim)
    return [(part, value, box) for part, value, box, _ in parts]


def _layout(*, corpus_name: str, number: int | None, title: str, state_label: str | None, date: str | None,
            kind: str, claim: str | None) -> tuple[list[tuple[str, str, tuple, tuple | None]], int]:
    """(layout's parts, each with the origin its text is drawn at (None: the pill), the title's font size):
    the title is fitted once per card, and nothing is measured again to draw it."""
    Image, ImageDraw, _ = _pil()
    draw = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    inner = WIDTH - 2 * MARGIN
    parts: list[tuple[str, str, tuple, tuple | None]] = []

    def text(part: str, xy: tuple[int, int], value: str, font) -> int:
        box = draw.textbbox(xy, value, font=font)
        parts.append((part, value, box, xy))
        return box[3]

    text("site", (MARGIN, 44), _fit(draw, corpus_name, _font(False, 30), inner), _font(False, 30))
    label = f"Finding {number}" if number is not None else kind.capitalize()
    text("label", (MARGIN, 92), _fit(draw, label, _font(True, 36), inner), _font(True, 36))

    bottom_top = BOTTOM - 56  # the pill row's top: nothing above may reach it
    size, lines = fit_title(draw, title, inner)
    font = _font(True, size)
    y = 150
    for line in lines:
        text("title", (MARGIN, y), line, font)
        y += int(size * 1.22)
    if claim:
        small = _font(False, 28)
        room = max(0, (bottom_top - 16 - (y + 10)) // 36)
        for line in wrap(draw, first_sentence(claim), small, inner, min(2, room)) if room else []:
            text("claim", (MARGIN, y + 10), line, small)
            y += 36

    x = MARGIN
    if state_label:
        badge_font = _font(True, 26)
        value = _fit(draw, state_label.upper(), badge_font, inner - 40)
        w = _width(draw, value, badge_font)
        parts.append(("pill", value, (x, BOTTOM - 46, x + int(w) + 40, BOTTOM + 4), None))
        x += int(w) + 64
    if date:
        date_font = _font(False, 26)
        if x > MARGIN and _width(draw, date, date_font) > WIDTH - MARGIN - x:
            x, y_date = MARGIN, BOTTOM - 92  # no room beside the pill: the dates go above it
            parts = [p for p in parts if p[0] != "claim" or p[2][3] < y_date - 4]
        else:
            y_date = BOTTOM - 38
        text("dates", (x, y_date), _fit(draw, date, date_font, WIDTH - MARGIN - x), date_font)
    return parts, size


def card_png(**fields) -> bytes:
    """A 1200x630 PNG: the site name, "Finding N" (or the kind of page), the title (up to four lines, then
    smaller), the claim's first sentence, the current-state pill and the labelled dates."""
    return _encode(card_image(**fields))


def _ramp(a: tuple, b: tuple, steps: int) -> list[tuple]:
    return [tuple(round(x + (y - x) * k / (steps - 1)) for x, y in zip(a, b, strict=True)) for k in range(steps)]


@functools.lru_cache(maxsize=1)
def _palette():
    """The cards' fixed palette: every flat colour a card uses and ramps for the anti-aliased edges between
    the pairs that meet (text on the background, white on a badge), under 256 colours. Mapping a card onto
    it takes a fifth of the time of working out a palette per card. Pillow maps colours through a cache of
    4-level cells, so the ramps are coarse enough that no step shadows a flat colour: the flat colours stay
    exact, and an edge pixel is at most about ten levels off (test_cards checks both for every state)."""
    Image = _pil()[0]
    colours = _ramp(BG, FG, 24) + _ramp(BG, MUTED, 16)
    for badge in (*STATE_COLOURS.values(), DEFAULT_BADGE):
        colours += _ramp(badge, FG, 16)
    unique = list(dict.fromkeys(colours))
    if len(unique) > 256:
        raise ValueError(f"the card palette has {len(unique)} colours; a PNG palette holds 256")
    image = Image.new("P", (1, 1))
    image.putpalette([v for c in unique for v in c] + [0, 0, 0] * (256 - len(unique)))
    return image


def _encode(image) -> bytes:
    """The card as a palette PNG (`_palette`): the flat colours stay exact, at about a quarter of the bytes of
    an RGB PNG and faster to encode."""
    Image = _pil()[0]
    out = io.BytesIO()
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(out, format="PNG", optimize=False,
                                                                      compress_level=COMPRESS_LEVEL)
    return out.getvalue()


def card_image(*, corpus_name: str, number: int | None, title: str, state_label: str | None,
               date: str | None, kind: str, state_key: str | None = None, claim: str | None = None):
    """The card as a Pillow image (see card_png)."""
    Image, ImageDraw, _ = _pil()
    image = Image.new("RGB", (WIDTH, HEIGHT), BG)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 12), fill=STATE_COLOURS.get(state_key or "", DEFAULT_BADGE))
    parts, title_size = _layout(corpus_name=corpus_name, number=number, title=title, state_label=state_label,
                                date=date, kind=kind, claim=claim)
    fonts = {"site": (_font(False, 30), MUTED), "label": (_font(True, 36), FG), "title": (_font(True, title_size), FG),
             "claim": (_font(False, 28), MUTED), "dates": (_font(False, 26), MUTED)}
    for part, value, box, origin in parts:
        if origin is None:  # the pill
            colour = STATE_COLOURS.get(state_key or (value.lower().split(" ")[0]), DEFAULT_BADGE)
            draw.rounded_rectangle(box, radius=25, fill=colour, outline=FG, width=2)
            draw.text((box[0] + 20, box[1] + 11), value, font=_font(True, 26), fill=FG)
            continue
        font, fill = fonts[part]
        draw.text(origin, value, font=font, fill=fill)  # where layout measured it (its box is below by the ascent gap)
    return image


def cache_key(**fields) -> str:
    """sha256 of the inputs, the renderer's code and the fonts: equal keys mean byte-equal images."""
    payload = json.dumps({"fields": fields, "renderer": RENDERER_VERSION, "code": code_digest("render/cards.py"),
                          "fonts": font_identity(), "png": COMPRESS_LEVEL},
                         sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _store(cache: Path, key: str, data: bytes) -> None:
    """Put an image in the cache: written then renamed, so a build killed half-way never leaves a
    truncated image there."""
    cache.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, cache / f"{key}.png")


_DRAW = threading.Lock()  # Pillow's font objects are not safe to share between threads; PNG encoding is


def _draw(fields: dict) -> bytes:
    """One card, in a worker thread: drawn under the lock, encoded (partly outside the GIL)
    in parallel with the other workers."""
    with _DRAW:
        image = card_image(**fields)
    return _encode(image)


def write_card(cache_dir: str | os.PathLike[str], out_path: str | os.PathLike[str], **fields) -> bool:
    """Write the card for `fields` to `out_path`, drawn only when `cache_dir` has no image for these inputs
    yet (the cache is outside site/, safe to delete); whether it drew."""
    return write_cards(cache_dir, {Path(out_path): fields}) == 1


def missing(cache_dir: str | os.PathLike[str], cards: Iterable[dict]) -> dict[str, dict]:
    """key → fields of the cards of `cards` (card_png's arguments) that `cache_dir` has no image of."""
    cache = Path(cache_dir)
    out: dict[str, dict] = {}
    for fields in cards:
        key = cache_key(**fields)
        if key not in out and not (cache / f"{key}.png").is_file():
            out[key] = fields
    return out


def draw(cache_dir: str | os.PathLike[str], todo: dict[str, dict], *, workers: int | None = None) -> None:
    """Draw the cards of `todo` (key → fields) into the cache, on `workers` threads (default: every core;
    fonts loaded once and shared under a lock, PNG encoding in parallel)."""
    cache = Path(cache_dir)
    workers = min(workers or os.cpu_count() or 1, len(todo))
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for key, data in zip(todo, pool.map(_draw, todo.values()), strict=True):
                _store(cache, key, data)
    else:
        for key, fields in todo.items():
            if not (cache / f"{key}.png").is_file():  # (drawn meanwhile by the build: `draw_until_drawn`)
                _store(cache, key, card_png(**fields))


def draw_until_drawn(cache_dir: str | os.PathLike[str], todo: dict[str, dict]) -> int:
    """Draw the cards of `todo` from the last one back, until one is in the cache: the build's share of
    what the process beside it (`main`, drawing from the first one on) has not drawn yet; how many."""
    cache, drawn = Path(cache_dir), 0
    for key in reversed(list(todo)):
        if (cache / f"{key}.png").is_file():
            break
        _store(cache, key, card_png(**todo[key]))
        drawn += 1
    return drawn


def write_cards(cache_dir: str | os.PathLike[str], cards: dict[Path, dict], *, workers: int | None = None,
                prune: bool = False) -> int:
    """Write every card of `cards` (output path → card_png's arguments), drawing only those the cache does
    not have (`draw`). Returns how many were drawn. Cards with equal inputs are drawn once. `prune`:
    `cards` is every card of the site, so the cache's other images (older inputs, older code) are deleted
    after."""
    cache = Path(cache_dir)
    keys = {out: cache_key(**fields) for out, fields in cards.items()}
    todo = missing(cache, cards.values())
    draw(cache, todo, workers=workers)
    for out, key in keys.items():
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(cache / f"{key}.png", out)
        except FileNotFoundError:  # pruned by another build of this project since it was looked up
            out.write_bytes(card_png(**cards[out]))
    if prune:
        prune_cache(cache, set(keys.values()), ".png")
    return len(todo)


def main(argv: list[str] | None = None) -> int:
    """`python -m macros.render.cards CACHE_DIR JOBS_JSON`: draw the cards listed in JOBS_JSON (a JSON list
    of card_png's arguments) that CACHE_DIR has no image of, in order, on one thread, skipping any that
    appears meanwhile. A cold build starts this beside itself (macros/mkdocs/linkcards.py), so the cards
    are drawn on another core while it renders pages; once the pages are done, the build draws from the
    end of the list (`draw_until_drawn`) until the two meet."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m macros.render.cards CACHE_DIR JOBS_JSON", file=sys.stderr)
        return 2
    jobs = json.loads(Path(args[1]).read_text(encoding="utf-8"))
    draw(args[0], missing(args[0], jobs), workers=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
