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
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
# Bump when the drawing changes: it is part of every cache key, so old images are never reused.
RENDERER_VERSION = "1"
MAX_TITLE_CHARS = 300  # what is measured at all; the card shows at most three lines of it
TITLE_LINES = 3
MARGIN = 72
# zlib's default level: level 9 made PNG compression 90 % of a card's time for 5 % smaller files
COMPRESS_LEVEL = 6

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"

BG = (40, 53, 147)  # Material indigo 800: the site's header colour, a shade darker for contrast
FG = (255, 255, 255)
MUTED = (197, 202, 233)
STATE_COLOURS = {  # the badge colours of corpus.css
    "merged": (27, 94, 32),
    "flagged": (138, 75, 0),
    "error": (183, 28, 28),
    "needs": (183, 28, 28),
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


def wrap(draw: ImageDraw.ImageDraw, text: str, font, width: float, max_lines: int) -> list[str]:
    """Greedy word wrap into at most `max_lines` lines. A word wider than a line is cut; when the text does
    not fit, the last line ends with an ellipsis. The text is capped first, so the work is bounded."""
    clipped = " ".join(text[:MAX_TITLE_CHARS].split())
    lines: list[str] = []
    current = ""
    for word in clipped.split(" "):
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
    more = len(clipped) < len(" ".join(text.split()))
    if len(lines) > max_lines or more:
        rest = " ".join(lines[max_lines - 1:]) if len(lines) >= max_lines else lines.pop()
        lines = lines[:max_lines - 1] + [_fit(draw, rest + " …", font, width)]
        if not lines[-1].endswith("…"):
            lines[-1] = lines[-1][:-2] + "…"
    return lines


def card_png(**fields) -> bytes:
    """A 1200x630 PNG: corpus name, "Finding N" (or the kind of page), the title, the state badge, the date."""
    return _encode(card_image(**fields))


def _encode(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=COMPRESS_LEVEL)
    return out.getvalue()


def card_image(*, corpus_name: str, number: int | None, title: str, state_label: str | None,
               date: str | None, kind: str):
    """The card as a Pillow image (see card_png)."""
    Image, ImageDraw, _ = _pil()
    image = Image.new("RGB", (WIDTH, HEIGHT), BG)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, 12), fill=DEFAULT_BADGE)

    draw.text((MARGIN, 60), _fit(draw, corpus_name, _font(False, 34), inner), font=_font(False, 34), fill=MUTED)
    label = f"Finding {number}" if number is not None else kind.capitalize()
    draw.text((MARGIN, 118), _fit(draw, label, _font(True, 40), inner), font=_font(True, 40), fill=FG)

    title_font = _font(True, 60)
    y = 196
    for line in wrap(draw, title, title_font, inner, TITLE_LINES):
        draw.text((MARGIN, y), line, font=title_font, fill=FG)
        y += 76

    x, base = MARGIN, HEIGHT - 68
    if state_label:
        badge_font = _font(True, 30)
        text = _fit(draw, state_label.upper(), badge_font, inner // 2)
        w = _width(draw, text, badge_font)
        colour = STATE_COLOURS.get(state_label.lower().split(" ")[0], DEFAULT_BADGE)
        draw.rounded_rectangle((x, base - 44, x + w + 40, base + 8), radius=26, fill=colour, outline=FG, width=2)
        draw.text((x + 20, base - 38), text, font=badge_font, fill=FG)
        x += int(w) + 72
    if date:
        date_font = _font(False, 30)
        draw.text((x, base - 38), _fit(draw, date, date_font, WIDTH - MARGIN - x), font=date_font, fill=MUTED)

    return image


def cache_key(**fields) -> str:
    """sha256 of the inputs, the renderer version and the fonts: equal keys mean byte-equal images."""
    payload = json.dumps({"fields": fields, "renderer": RENDERER_VERSION, "fonts": font_identity(),
                          "png": COMPRESS_LEVEL},
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
    """One card, in a worker thread: drawn under the lock, encoded (most of the time, outside the GIL)
    in parallel with the other workers."""
    with _DRAW:
        image = card_image(**fields)
    return _encode(image)


def write_card(cache_dir: str | os.PathLike[str], out_path: str | os.PathLike[str], **fields) -> bool:
    """Write the card for `fields` (card_png's arguments) to `out_path`, drawing it only when `cache_dir`
    has no image for these inputs yet. Returns True when it drew. The cache lives outside site/ and may be
    deleted at any time."""
    return write_cards(cache_dir, {Path(out_path): fields}) == 1


def write_cards(cache_dir: str | os.PathLike[str], cards: dict[Path, dict], *, workers: int | None = None) -> int:
    """Write every card of `cards` (output path → card_png's arguments), drawing only those the cache does
    not have, on every core (worker threads: fonts loaded once and shared under a lock, PNG encoding in
    parallel). Returns how many were drawn. Cards with equal inputs are drawn once."""
    cache = Path(cache_dir)
    keys = {out: cache_key(**fields) for out, fields in cards.items()}
    missing: dict[str, dict] = {}
    for out, key in keys.items():
        if key not in missing and not (cache / f"{key}.png").is_file():
            missing[key] = cards[out]
    workers = min(workers or os.cpu_count() or 1, len(missing))
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for key, data in zip(missing, pool.map(_draw, missing.values()), strict=True):
                _store(cache, key, data)
    else:
        for key, fields in missing.items():
            _store(cache, key, card_png(**fields))
    for out, key in keys.items():
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cache / f"{key}.png", out)
    return len(missing)
