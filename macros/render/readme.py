"""A lane README as the lane page shows it: sanitised, file rows anchored and linked, cut into the parts
of the plan (`macros.plan.paging`), the top-line findings list marked for the page to show as sections."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from macros.model.data import Lane
from macros.pipeline import Site
from macros.plan.paging import cut_tokens
from macros.text import reader
from macros.text.sanitize import sanitize
from macros.views.links import PageLinks
from macros.views.pager import Pager, PagerLink


def readme_pager(links: PageLinks, lane: Lane, urls: list[str], cuts: Sequence[int], number: int) -> Pager:
    """The pages of a long README, each link titled with the README lines it shows."""
    starts = [lane.body_line] + [x + lane.body_line for x in cuts]
    end = lane.body_line + len(lane.readme_body.splitlines()) - 1
    return Pager(number, tuple(PagerLink(i + 1, links.rel(url), i + 1 == number, starts[i],
                                         (starts[i + 1] - 1) if i + 1 < len(starts) else end)
                               for i, url in enumerate(urls)))


@dataclass(frozen=True)
class ReadmeParts:
    """A lane README as sanitised HTML, in the parts the plan cut it into (one part for most READMEs)."""

    parts: tuple[str, ...]
    marker: str  # stands where the README's top-line findings list was, in one of the parts

    @property
    def findings_part(self) -> int | None:
        """The 1-based part where the top-line findings list was (None: the README has none)."""
        return next((i + 1 for i, p in enumerate(self.parts) if self.marker in p), None)

    def halves(self, number: int) -> tuple[str, str]:
        """Part `number` split where the findings list was: (before, after); after is "" without one."""
        before, _, after = self.parts[number - 1].partition(self.marker)
        return before, after


def lane_readme(site: Site, lane: Lane) -> ReadmeParts:
    """A lane README as sanitised HTML, in the parts of the plan (`Plan.readme_cuts`).

    The page shows the README's top-line findings as sections of their own (anchor, copy-link button, a
    search entry each), where the list was. Each file-table row naming an artifact gets its stable id
    (`Site.row_anchors`), and the file names in its first cell link to the files' pages. Our ids, the
    findings list's place and the cuts between parts are marked before sanitising with a token derived
    from the README's own text, which the README therefore cannot contain.
    """
    body = lane.readme_body
    nonce = "corpus" + hashlib.sha256(body.encode("utf-8", "replace")).hexdigest()[:20]
    marker = f"<p>{nonce}</p>"
    cuts = site.plan.readme_cuts.get(lane.name, ())
    if not body:
        return ReadmeParts(("",) * (len(cuts) + 1), marker)
    offset = lane.body_line - 1
    rows = {line: anchor for (readme, line), anchor in site.row_anchors.items() if readme == lane.readme}
    names = _row_names(site, lane)
    first = lane.facts.findings[0].line if lane.facts and lane.facts.findings else None
    tokens = reader.parse(body)
    aliases = reader.heading_ids(tokens)
    if cuts:
        cut = Token("html_block", "", 0)
        cut.content = f"<p>{nonce}-part</p>\n"
        tokens = cut_tokens(tokens, cuts, cut)
    out: list[Token] = []
    link_row: dict[str, str] | None = None
    i = 0
    while i < len(tokens):
        t = tokens[i]
        line = t.map[0] + 1 + offset if t.map else None
        if first is not None and t.type == "ordered_list_open" and line == first:
            depth, j = 0, i
            while j < len(tokens):  # skip the list: the page shows its items as sections
                depth += tokens[j].nesting
                j += 1
                if depth <= 0:
                    break
            cut = Token("html_block", "", 0)
            cut.content = f"{marker}\n"
            out.append(cut)
            first, i = None, j
            continue
        if t.type == "tr_open" and line in rows:
            t.attrSet("id", f"{nonce}-{line}")
            link_row = names.get(line, {})
        elif t.type == "inline" and link_row is not None:
            t.children = _link_names(t.children or [], link_row)
            link_row = None  # only the first cell names files
        out.append(t)
        i += 1
    html = str(sanitize(reader.render(out), aliases))  # plain text to edit: re.sub on a SafeHtml escapes
    html = re.sub(rf'id="user-content-{nonce}-(\d+)"', lambda m: f'id="{rows[int(m.group(1))]}"', html)
    return ReadmeParts(tuple(html.split(f"<p>{nonce}-part</p>")), marker)


def _row_names(site: Site, lane: Lane) -> dict[int, dict[str, str]]:
    """File-table row line → {file name as written: path from the lane}, for the files the row lists."""
    names: dict[int, dict[str, str]] = {}
    for a in site.artifacts_by_lane.get(lane.name, ()):
        rel = a.path[len(lane.name) + 1:]
        for item in a.listings:
            if item.readme == lane.readme:
                found = names.setdefault(item.line, {})
                found[rel] = rel
                if item.folder and rel.startswith(item.folder + "/"):
                    found[rel[len(item.folder) + 1:]] = rel
    return names


def _link_names(children: list[Token], names: dict[str, str]) -> list[Token]:
    """Code spans of a file-table cell naming a listed file, wrapped in a link to it (relative to the lane)."""
    out: list[Token] = []
    for c in children:
        name = c.content.strip().removeprefix("./").lstrip("/") if c.type == "code_inline" else ""
        if name in names:
            link = Token("link_open", "a", 1)
            link.attrSet("href", names[name])
            out += [link, c, Token("link_close", "a", -1)]
        else:
            out.append(c)
    return out
