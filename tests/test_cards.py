"""Link-card images (macros/cards.py): size, difference between findings, content-keyed cache."""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw

from macros.render import cards

FIELDS = dict(corpus_name="Gemma 4 Tooling Corpus", number=7, title="No Gemma 4 technical report PDF exists yet",
              state_label="flagged · overdue", date="2026-07-01", kind="finding")


def test_card_is_a_1200_by_630_png():
    image = Image.open(io.BytesIO(cards.card_png(**FIELDS)))
    assert image.format == "PNG"
    assert image.size == (1200, 630)


def test_two_findings_give_different_cards_and_the_same_one_the_same_bytes():
    seven = cards.card_png(**FIELDS)
    eight = cards.card_png(**{**FIELDS, "number": 8, "title": "Native system role support", "state_label": "merged"})
    assert seven != eight
    assert cards.card_png(**FIELDS) == seven  # reproducible builds


def test_long_and_hostile_titles_are_wrapped_within_three_lines():
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    font = cards._font(True, 60)
    width = cards.WIDTH - 2 * cards.MARGIN
    for title in ("word " * 500, "x" * 5000, "AutoModelForMultimodalLM " * 3, "</title><script>"):
        lines = cards.wrap(draw, title, font, width, 3)
        assert 1 <= len(lines) <= 3, (title[:20], lines)
        assert all(draw.textlength(line, font=font) <= width for line in lines), lines
    assert cards.wrap(draw, "word " * 500, font, width, 3)[-1].endswith("…")
    assert cards.wrap(draw, "Short title", font, width, 3) == ["Short title"]
    assert Image.open(io.BytesIO(cards.card_png(**{**FIELDS, "title": "x" * 100_000}))).size == (1200, 630)


def test_pages_without_a_number_or_state_get_a_card():
    data = cards.card_png(corpus_name="Gemma 4 Tooling Corpus", number=None, title="Findings", state_label=None,
                          date=None, kind="list")
    assert Image.open(io.BytesIO(data)).size == (1200, 630)


def test_cache_hit_does_not_redraw(tmp_path: Path, monkeypatch):
    drawn = []
    real = cards.card_png

    def counting(**fields):
        drawn.append(fields["number"])
        return real(**fields)

    monkeypatch.setattr(cards, "card_png", counting)
    cache = tmp_path / "cache"
    assert cards.write_card(cache, tmp_path / "site" / "a.png", **FIELDS) is True
    assert cards.write_card(cache, tmp_path / "site" / "b.png", **FIELDS) is False
    assert drawn == [7]
    assert (tmp_path / "site" / "a.png").read_bytes() == (tmp_path / "site" / "b.png").read_bytes()
    # a changed finding is drawn again; the cache holds one file per version, named by its key
    assert cards.write_card(cache, tmp_path / "site" / "c.png", **{**FIELDS, "date": "2026-08-01"}) is True
    assert drawn == [7, 7]
    assert sorted(p.suffix for p in cache.iterdir()) == [".png", ".png"]
    assert (cache / f"{cards.cache_key(**FIELDS)}.png").is_file()
    # the cache is safe to delete: the next write draws again
    for p in cache.iterdir():
        p.unlink()
    assert cards.write_card(cache, tmp_path / "site" / "a.png", **FIELDS) is True


def test_many_cards_are_drawn_in_parallel_once_each_and_match_serial(tmp_path):
    """A cold build draws its cards on a worker pool; the bytes are those of drawing one by one, and equal
    inputs are drawn once."""
    jobs = {tmp_path / "site" / f"cards/{i}.png": {**FIELDS, "number": i % 20} for i in range(40)}
    drawn = cards.write_cards(tmp_path / "cache", jobs, workers=2)
    assert drawn == 20 and len(list((tmp_path / "cache").glob("*.png"))) == 20
    for out, fields in jobs.items():
        assert out.read_bytes() == cards.card_png(**fields)
    assert cards.write_cards(tmp_path / "cache", jobs, workers=2) == 0  # warm: nothing drawn
