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


def test_long_and_hostile_titles_are_wrapped_within_their_lines():
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    font = cards._font(True, 60)
    width = cards.WIDTH - 2 * cards.MARGIN
    for title in ("word " * 500, "x" * 5000, "AutoModelForMultimodalLM " * 3, "</title><script>"):
        lines = cards.wrap(draw, title, font, width, 3)
        assert 1 <= len(lines) <= 3, (title[:20], lines)
        assert all(draw.textlength(line, font=font) <= width for line in lines), lines
        size, fitted = cards.fit_title(draw, title, width)
        assert 1 <= len(fitted) <= cards.TITLE_LINES and size in cards.TITLE_SIZES
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


TITLE_200 = ("Gemma 4 chat templates, processors and tokenizer configs behave differently across transformers, "
             "vLLM, llama.cpp and Ollama releases, so pin every runtime version before trusting any tool-call parsers")


def _inside(box, outer=(0, 0, cards.WIDTH, cards.HEIGHT)) -> bool:
    return outer[0] <= box[0] <= box[2] <= outer[2] and outer[1] <= box[1] <= box[3] <= outer[3]


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_a_200_character_title_and_the_state_pill_stay_inside_the_card():
    assert len(TITLE_200) == 200
    parts = cards.layout(corpus_name="Gemma 4 Tooling Corpus", number=7, title=TITLE_200,
                         state_label="Re-checked, now merged · 2026-11-28", state_key="merged",
                         date="first recorded in git 2026-11-28", kind="finding",
                         claim="DeepMind repo says the report is coming soon. A second sentence is not shown.")
    boxes = {}
    for part, text, box in parts:
        assert _inside(box), (part, text, box)
        boxes.setdefault(part, []).append((text, box))
    title = boxes["title"]
    assert 1 < len(title) <= cards.TITLE_LINES
    # the whole title is there, shrunk rather than cut: its words, in order, none of them broken
    assert " ".join(t for t, _ in title) == TITLE_200
    (pill_text, pill), = boxes["pill"]
    assert pill_text == "RE-CHECKED, NOW MERGED · 2026-11-28"
    assert not any(_overlap(pill, box) for part, _, box in parts if part != "pill")
    assert boxes["claim"][0][0] == "DeepMind repo says the report is coming soon."
    assert boxes["dates"][0][0] == "first recorded in git 2026-11-28" and boxes["site"][0][0] == "Gemma 4 Tooling Corpus"
    for a, b in zip(title, title[1:], strict=False):  # lines do not run into each other
        assert a[1][3] <= b[1][1] + 2


def test_a_title_too_long_for_four_lines_ends_after_a_whole_word():
    long = TITLE_200 + " and then a good deal more text that cannot possibly fit on the card at any size"
    parts = cards.layout(corpus_name="c", number=1, title=long, state_label="Merged", state_key="merged",
                         date="claimed 2026-04-18", kind="finding")
    lines = [t for p, t, _ in parts if p == "title"]
    assert len(lines) == cards.TITLE_LINES and lines[-1].endswith(" …")
    words = long.split()
    shown = " ".join(lines)[:-2].split()
    assert shown == words[:len(shown)]  # every word shown whole


def test_finding_cards_differ_by_state_colour_and_pill():
    merged = cards.card_png(**{**FIELDS, "state_label": "Merged", "state_key": "merged"})
    superseded = cards.card_png(**{**FIELDS, "state_label": "Superseded, no longer holds · 2026-06-10",
                                   "state_key": "superseded"})
    image = Image.open(io.BytesIO(superseded)).convert("RGB")
    assert image.getpixel((5, 5)) == cards.STATE_COLOURS["superseded"]  # the top band takes the state's colour
    assert merged != superseded


def test_many_cards_are_drawn_in_parallel_once_each_and_match_serial(tmp_path):
    """A cold build draws its cards on a worker pool; the bytes are those of drawing one by one, and equal
    inputs are drawn once."""
    jobs = {tmp_path / "site" / f"cards/{i}.png": {**FIELDS, "number": i % 20} for i in range(40)}
    drawn = cards.write_cards(tmp_path / "cache", jobs, workers=2)
    assert drawn == 20 and len(list((tmp_path / "cache").glob("*.png"))) == 20
    for out, fields in jobs.items():
        assert out.read_bytes() == cards.card_png(**fields)
    assert cards.write_cards(tmp_path / "cache", jobs, workers=2) == 0  # warm: nothing drawn


def test_the_palette_png_keeps_every_card_colour_and_stays_close_to_the_drawing():
    """Cards are mapped onto one fixed palette: the flat colours come out exact for every state, and an
    anti-aliased edge is at most a few levels off in any channel (a missing ramp would be far off)."""
    from PIL import ImageChops

    for state in (*cards.STATE_COLOURS, "unknown"):
        fields = {**FIELDS, "state_label": f"{state} · 2026-06-10", "state_key": state,
                  "claim": "A claim whose first sentence is drawn in the muted colour. Then more."}
        drawn = cards.card_image(**fields)
        png = Image.open(io.BytesIO(cards.card_png(**fields)))
        assert png.mode == "P"
        shown = png.convert("RGB")
        for colour in (cards.BG, cards.FG, cards.MUTED, cards.STATE_COLOURS.get(state, cards.DEFAULT_BADGE)):
            assert shown.getcolors(1 << 16) and colour in {c for _, c in shown.getcolors(1 << 16)}
        worst = max(high for _, high in ImageChops.difference(drawn, shown).getextrema())
        assert worst <= 16, f"{state}: a pixel is {worst} levels off"
