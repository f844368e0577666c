"""The corpus index (tooling/README.md): its title, directory map, findings and other sections."""
from __future__ import annotations

from markdown_it.token import Token

from macros.model.data import Finding, Index, MapRow, Section
from macros.model.diagnostics import Report
from macros.read.findings import parse_findings
from macros.read.tokens import render_blocks, token_line
from macros.text import reader
from macros.text.plain import squash
from macros.text.safehtml import SafeHtml
from macros.text.sanitize import safe_anchor, sanitize
from macros.text.urls import token_urls

MAP_EXAMPLE = "| `lane-name/` | what's there | when to open it |"

FENCE_EXAMPLE = "```text\n[merged: quoted.md — not a marker]\n```"

NESTING_EXAMPLE = "- a list\n  - nested a few levels at most"


def parse_index(text: str, path: str, report: Report) -> Index:
    """Parse the corpus index (tooling/README.md): directory map, findings and other sections.

    The file is read as GitHub reads it (macros/reader.py); every line number comes from the parser's
    token map, so it is the line GitHub shows.
    """
    lines = text.splitlines()
    tokens = reader.parse(text)
    # the URLs each line cites, listed before the findings' reader cuts their markers out of the tokens (a
    # file that may open with front matter is left to the verifier's reader, which parses that too)
    urls = None if text.startswith("---") else tuple(token_urls(tokens))
    aliases = reader.heading_ids(tokens)  # the forge's ids; the ones the site gave before stay as aliases
    _warn_shape(tokens, lines, path, report)
    title, intro, sections = _split_sections(tokens)
    title_anchor = next((safe_anchor(str(t.attrGet("id"))) for t in tokens if t.type == "heading_open"
                         and t.tag == "h1"), None)

    map_rows: tuple[MapRow, ...] = ()
    findings: tuple[Finding, ...] = ()
    findings_intro = SafeHtml("")
    others: list[Section] = []
    map_heading = findings_heading = map_anchor = findings_anchor = None
    findings_parts: list[tuple[int, list[tuple[int, int]]]] = []
    for hstart, content in sections:
        htext = squash(reader.inline_text(tokens[hstart + 1].children))
        hline = token_line(tokens[hstart])
        if htext.lower().startswith("directory map") and map_heading is None:
            map_heading = htext
            map_anchor = safe_anchor(str(tokens[hstart].attrGet("id")))
            map_rows = _parse_map(tokens, content, hline, path, report)
        elif htext.lower().startswith("findings"):
            if findings_heading is None:
                findings_heading, findings_anchor = htext, safe_anchor(str(tokens[hstart].attrGet("id")))
            else:
                report.warning(path, hline, f"a second findings heading '{htext}': its findings are read as "
                               f"continuing the list under '{findings_heading}'; keep every finding under one "
                               "'## Findings …' heading", "## Findings that update / contradict the existing corpus")
            findings_parts.append((hline, content))
        else:
            # a corpus heading's id, kept (published anchors stay put) unless the page itself uses it
            others.append(Section(htext, safe_anchor(str(tokens[hstart].attrGet("id"))),
                                  sanitize(render_blocks(tokens, content))))
    if findings_parts:
        findings, findings_intro = parse_findings(tokens, findings_parts, lines, path, report)
    if map_heading is None:
        report.error(path, 1, "no '## Directory map' heading: expected a level-2 heading starting "
                     "'Directory map' followed by a table | Dir | What's there | When to open it |",
                     "## Directory map")
    if findings_heading is None:
        report.error(path, 1, "no '## Findings' heading: expected a level-2 heading starting "
                     "'Findings' followed by a numbered list of findings",
                     "## Findings that update / contradict the existing corpus")
    return Index(path, title, sanitize(render_blocks(tokens, intro)), map_rows, findings, findings_intro,
                 tuple(others), map_heading, findings_heading, map_anchor, title_anchor, findings_anchor,
                 tuple((safe_anchor(a), b) for a, b in aliases.items()), urls=urls)


def _warn_shape(tokens: list[Token], lines: list[str], path: str, report: Report) -> None:
    """Warn about too-deep nesting and unclosed code fences."""
    deep = reader.too_deep(tokens)
    if deep is not None:
        report.warning(path, deep, f"lists or quotes are nested more than {reader.MAX_NESTING // 2} levels "
                       "deep here: the deeper content is not shown", NESTING_EXAMPLE)
    for t in tokens:
        if t.type == "fence" and not reader.fence_closed(t, lines):
            report.warning(path, t.map[0] + 1 if t.map else None, f"this code fence ({t.markup}) is never "
                           "closed: everything after it, to the end of its list item or of the file, is "
                           "code (findings in it are not read)", FENCE_EXAMPLE)


def _split_sections(tokens: list[Token]) -> tuple[str, list[tuple[int, int]], list[tuple[int, list[tuple[int, int]]]]]:
    """The index's title (first h1), the blocks before the first h2, and each h2 with its blocks."""
    title = "Corpus index"
    seen_title = False
    intro: list[tuple[int, int]] = []
    sections: list[tuple[int, list[tuple[int, int]]]] = []  # (heading_open index, content blocks)
    for start, stop in reader.blocks(tokens):
        tok = tokens[start]
        if tok.type == "heading_open" and tok.tag == "h1":
            if not seen_title:
                title, seen_title = squash(reader.inline_text(tokens[start + 1].children)), True
            continue
        if tok.type == "heading_open" and tok.tag == "h2":
            sections.append((start, []))
        elif sections:
            sections[-1][1].append((start, stop))
        else:
            intro.append((start, stop))

    return title, intro, sections


def _cell_dir(cell: Token) -> str:
    code = next((c for c in cell.children or () if c.type == "code_inline"), None)
    text = squash(code.content if code else reader.inline_text(cell.children))
    return text.strip().strip("/").strip()


def _parse_map(tokens: list[Token], content: list[tuple[int, int]], hline: int, path: str,
               report: Report) -> tuple[MapRow, ...]:
    table = next(((a, b) for a, b in content if tokens[a].type == "table_open"), None)
    if table is None:
        report.error(path, hline, "the directory map has no table: expected | Dir | What's there | "
                     "When to open it |", MAP_EXAMPLE)
        return ()
    rows: list[MapRow] = []
    in_body = False
    cells: list[Token] = []
    for i in range(*table):
        tok = tokens[i]
        if tok.type == "tbody_open":
            in_body = True
        elif tok.type == "tr_open":
            cells = []
            row_line = token_line(tok)
        elif tok.type == "inline" and in_body:
            cells.append(tok)
        elif tok.type == "tr_close" and in_body:
            filled = [c for c in cells if c.content.strip()]
            if len(filled) < 3:
                report.error(path, row_line, f"directory map row has {len(filled)} filled cells, expected 3 "
                             "(Dir, What's there, When to open it)", MAP_EXAMPLE)
            if not cells or not cells[0].content.strip():
                continue
            rows.append(MapRow(
                _cell_dir(cells[0]),
                sanitize(reader.render_inline(cells[1].children or [])) if len(cells) > 1 else SafeHtml(""),
                sanitize(reader.render_inline(cells[2].children or [])) if len(cells) > 2 else SafeHtml(""),
                row_line,
            ))
    return tuple(rows)

