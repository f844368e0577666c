"""Long READMEs cut into parts (macros/plan/paging.py): where the cuts go, and the token stream cut there."""
from __future__ import annotations

import re

from markdown_it.token import Token

from macros.plan.paging import PART_WEIGHT, cut_tokens, line_weight, part_of, readme_cuts
from macros.text import reader


def _table(rows: int, start: int = 1) -> str:
    return "| Brief | Purpose |\n|---|---|\n" + "".join(
        f"| [Model {i}](model-{i}.md) | {'word ' * 12}{i} |\n" for i in range(start, start + rows))


def _parts(body: str, cuts: tuple[int, ...]) -> list[str]:
    marker = Token("html_block", "", 0)
    marker.content = "<p>CUT</p>\n"
    html = reader.render(cut_tokens(reader.parse(body), cuts, marker))
    return html.split("<p>CUT</p>")


def test_a_short_readme_is_one_page():
    assert readme_cuts("# Lane\n\nA paragraph.\n\n" + _table(20)) == ()
    assert readme_cuts("") == ()


def test_a_long_table_is_cut_between_rows_and_every_part_repeats_its_header():
    body = "# Lane\n\nIntro.\n\n" + _table(600) + "\n## After\n\nThe end.\n"
    cuts = readme_cuts(body)
    assert len(cuts) >= 2
    lines = body.split("\n")
    assert all(lines[c].startswith("| [Model ") for c in cuts)  # every cut is at a row of the table
    parts = _parts(body, cuts)
    assert len(parts) == len(cuts) + 1
    for part in parts:
        assert part.count("<thead>") == 1 and part.count("<table>") == part.count("</table>") == 1
    numbers = [int(n) for part in parts for n in re.findall(r'href="model-(\d+)\.md"', part)]
    assert numbers == list(range(1, 601))  # each row exactly once, in order
    assert parts[0].startswith("<h1>Lane</h1>") and "<h2>After</h2>" in parts[-1]


def test_each_part_stays_within_the_budget():
    body = "\n".join(f"Paragraph {i}: " + "text " * 60 + "\n" for i in range(400))
    cuts = readme_cuts(body)
    lines = body.split("\n")
    bounds = [0, *cuts, len(lines)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        assert sum(line_weight(x) for x in lines[a:b]) <= PART_WEIGHT
    assert all(lines[c].startswith("Paragraph") for c in cuts)  # between paragraphs, never inside one


def test_a_code_block_is_never_split_and_counts_as_heavier():
    code = "```python\n" + "x = '<tag>'\n" * 900 + "```\n"
    body = "Before.\n\n" + code + "\nAfter.\n"
    cuts = readme_cuts(body)
    assert all(not (2 < c <= 902) for c in cuts), cuts  # no cut inside the fence (lines 2–902)
    assert len(_parts(body, cuts)) == len(cuts) + 1
    plain = "\n\n".join("x = '<tag>'" for _ in range(900))  # the same text as paragraphs
    assert len(readme_cuts(plain)) < len(cuts) or not readme_cuts(plain)


def test_part_of_maps_a_line_to_its_page():
    assert part_of((), 5) == 1
    assert part_of((10, 20), 0) == 1 and part_of((10, 20), 9) == 1
    assert part_of((10, 20), 10) == 2 and part_of((10, 20), 19) == 2 and part_of((10, 20), 25) == 3


def test_cuts_past_the_last_block_still_make_their_parts():
    body = "One.\n\nTwo.\n"
    assert len(_parts(body, (2, 50, 60))) == 4  # the renderer always gets len(cuts) + 1 parts
