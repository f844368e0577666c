"""How long content is split across pages, so that no page passes 100 KB at any corpus size (issue 23).

Long lists (the findings, the sibling-model catalog, the directory map) go in pages of N items. A long
lane README is cut into parts: it is the maintainer's own file, and at 50× the stand-in's briefs lane
holds a table of 700 briefs. A README whose estimated HTML passes
`PART_WEIGHT` is cut into parts between its top-level blocks, or between the rows of a table too long
for one part (each part repeats the table's header). Part 1 stays at the lane's URL; part k is
`<lane>/page/<k>/`, as for the findings list (`list_page_url`).

The cuts are body-relative 0-based source lines (markdown-it's `token.map`), computed here from the text
alone with the block grammar, so the plan knows the pages before anything is rendered; the renderer cuts
the same token stream at the same lines (`macros.render.readme.lane_readme`).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from markdown_it.token import Token

from macros.text import reader

#: Long lists (the findings, the sibling-model catalog) are split into pages of this many items: page 1
#: keeps the list's URL, the others are <list>/page/<k>/.
#: A findings row weighs about 0.8 KB at 50x (100 a page made 104 KB): 80 a page.
PER_PAGE = 80
#: A catalog row (five cells, model-card links, source lines) weighs about 1.3 KB at 50x: 50 rows a page.
CATALOG_PER_PAGE = 50
#: The corpus index shows this many rows of the directory map (about 0.4 KB each at 50×) and of the
#: findings (0.3 KB each, compact), beside the README's other sections; the rest of the map is on pages
#: <corpus>/page/<k>/, the rest of the findings on the findings list.
MAP_PER_PAGE = 30
INDEX_FINDINGS = 30


def page_count(n: int, per: int = PER_PAGE) -> int:
    return max(1, -(-n // per))


def list_page_url(first: str, k: int) -> str:
    """The URL of page k of a list whose first page is at `first` ("findings/" → "findings/page/2/")."""
    return first if k == 1 else f"{first}page/{k}/"


#: the estimated HTML bytes of one part of a README: a page adds its header, the nav and its backlinks
#: (at 50× about 45 KB on the briefs lane's first page)
PART_WEIGHT = 32_000
_LINES = re.compile(r"\r\n|\r|\n")  # how markdown-it splits its source into the lines of `token.map`


def line_weight(line: str) -> int:
    """A source line's estimated HTML bytes: its text, a cell's tags per `|`, a link's class and attributes
    per `](`, a line's markup."""
    return len(line.encode("utf-8", "replace")) + 10 * line.count("|") + 30 * line.count("](") + 10


def _weights(lines: Sequence[str], start: int, end: int, code: bool) -> int:
    # a highlighted code block wraps every token in a span: four times its text is a safe estimate
    return sum(line_weight(x) for x in lines[start:end]) * (4 if code else 1)


def readme_cuts(body: str, budget: int = PART_WEIGHT) -> tuple[int, ...]:
    """The lines where parts 2, 3, … of a README begin (empty: one page holds it all)."""
    lines = _LINES.split(body)
    if _weights(lines, 0, len(lines), True) <= budget:
        return ()  # cannot pass the budget, even all code: no parse
    tokens = reader.block_parse(body)
    units: list[tuple[int, bool]] = []  # (first line, code?) of each block, or of each row of a long table
    for i, j in reader.blocks(tokens):
        t = tokens[i]
        if t.map is None:
            continue
        start, end = t.map
        code = t.type in ("fence", "code_block")
        rows = [x for x in tokens[i:j] if x.type == "tr_open" and x.level == 2 and x.map] \
            if t.type == "table_open" and _weights(lines, start, end, False) > budget // 2 else []
        # the header goes with the first row; each part after a cut repeats it
        units += [(start, code)] + [(r.map[0], False) for r in rows[1:]]
    starts = [u[0] for u in units[1:]] + [len(lines)]  # a unit runs to the next one (blank lines included)
    cuts: list[int] = []
    total = 0
    for (line, code), stop in zip(units, starts, strict=True):
        weight = _weights(lines, line, stop, code)
        if total and total + weight > budget:
            cuts.append(line)
            total = 0
        total += weight
    return tuple(cuts)


def part_of(cuts: Sequence[int], line: int) -> int:
    """The 1-based part that holds body-relative 0-based `line`."""
    return bisect_right(cuts, line) + 1


def cut_tokens(tokens: list[Token], cuts: Sequence[int], marker: Token) -> list[Token]:
    """The token stream with a copy of `marker` (an html_block) where each part after the first begins.

    A cut inside a table closes it and opens it again with the same header. Every cut gets its marker,
    at the end if no block starts after it, so the rendered HTML always splits into len(cuts) + 1 parts.
    """
    out: list[Token] = []
    pending = list(cuts)
    head: list[Token] = []  # the open table's tokens up to and including tbody_open
    in_table = False
    for t in tokens:
        if t.type == "table_open" and t.level == 0:
            in_table, head = True, []
        at_block = t.level == 0 and t.nesting >= 0 and t.map is not None
        at_row = in_table and t.type == "tr_open" and t.level == 2 and t.map is not None and head \
            and head[-1].type == "tbody_open"
        if pending and (at_block or at_row) and t.map[0] >= pending[0]:
            if at_row:
                out += [Token("tbody_close", "tbody", -1), Token("table_close", "table", -1)]
            while pending and t.map[0] >= pending[0]:
                pending.pop(0)
                out.append(marker)
            if at_row:
                out += head
        if in_table and (not head or head[-1].type != "tbody_open"):
            head.append(t)
        if t.type == "table_close" and t.level == 0:
            in_table = False
        out.append(t)
    out += [marker] * len(pending)
    return out
