"""The numbered findings of the corpus index: title, provenance marker, ids, body and note items."""
from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field
from datetime import date

from markdown_it.token import Token

from macros.model.data import Finding
from macros.model.diagnostics import Report
from macros.model.provenance import Target
from macros.read.finding_body import body_tokens, split_notes
from macros.read.ids import ALIAS_COMMENT, ID_COMMENT, SAFE_ID, derive_id
from macros.read.markers import MERGED_EXAMPLE, MarkerSpan, find_marker, parse_marker, recheck_date, recheck_problem
from macros.read.tokens import render_blocks, token_line
from macros.text import reader
from macros.text.plain import html_to_text, squash
from macros.text.safehtml import SafeHtml
from macros.text.sanitize import sanitize

FINDING_EXAMPLE = (
    "1. **Short title.** What changed, with `code/paths.md`. " + MERGED_EXAMPLE
)

_ITEM_LINE = re.compile(r"^[ \t]{0,3}\d{1,9}[.)][ \t]")  # a numbered item, on one line of raw HTML


def _closed(span: MarkerSpan | None) -> bool:
    return span is not None and span.closed


def _has_marker(tokens: list[Token], a: int, b: int) -> bool:
    return any(t.type == "inline" and _closed(find_marker(_prose(t)[0])) for t in tokens[a:b])


def parse_findings(tokens: list[Token], parts: list[tuple[int, list[tuple[int, int]]]], lines: list[str],
                    path: str, report: Report) -> tuple[tuple[Finding, ...], str]:
    """Findings are the items of the numbered lists under the findings heading(s), numbered on from 1.

    Nothing is dropped or renumbered without a word: a numbered list before the first finding that has no
    marker is intro (warned), any block between or after the findings lists is warned, and a list that
    restarts its numbering is warned.
    """
    intro: list[tuple[int, int]] = []
    findings: list[Finding] = []
    started = False
    for _hline, content in parts:
        for a, b in content:
            tok = tokens[a]
            if tok.type == "ordered_list_open":
                if not started and not _has_marker(tokens, a, b):
                    report.warning(path, token_line(tok), "a numbered list before the first finding has no provenance "
                                   "marker, so it is read as the findings intro, not as findings; if these are "
                                   "findings, give each a bold title and a marker", FINDING_EXAMPLE)
                    intro.append((a, b))
                    continue
                first = int(tok.attrGet("start") or 1)
                if started and first != len(findings) + 1:
                    report.warning(path, token_line(tok), f"the numbered list restarts here at {first}: GitHub shows "
                                   f"this finding as {first}, the site numbers it {len(findings) + 1}; keep the "
                                   "findings in one list (no text, headings or HTML between items)", FINDING_EXAMPLE)
                started = True
                for s, e in reader.blocks(tokens, a + 1, b - 1):
                    findings.append(_parse_finding(tokens, s, e, len(findings) + 1, lines, path, report))
            elif not started:
                intro.append((a, b))
            else:
                _stray_block(tokens[a], path, report)
    if not started:
        line = parts[0][0]
        report.error(path, line, "the findings section has no numbered list: each finding is an "
                     "item '1. **Title.** body **[merged: …]**'", FINDING_EXAMPLE)
    return tuple(findings), sanitize(render_blocks(tokens, intro))

_COMMENTS_ONLY = re.compile(r"\s*(?:<!--.*?-->\s*)+", re.DOTALL)


def _stray_block(tok: Token, path: str, report: Report) -> None:
    raw = tok.content if tok.type == "html_block" else ""
    if raw and _COMMENTS_ONLY.fullmatch(raw):
        return  # a comment between findings shows nothing, on GitHub or here
    if any(_ITEM_LINE.match(line) for line in raw.splitlines()):
        report.error(path, token_line(tok), "numbered items inside an HTML block are not read as findings (GitHub "
                     "shows them as raw text): leave a blank line after an HTML tag line such as <details> "
                     "or <summary>", "<details>\n<summary>More</summary>\n\n1. **Title.** … **[flagged — x]**"
                     "\n\n</details>")
        return
    what = "an HTML block" if tok.type == "html_block" else f"a {tok.type.removesuffix('_open').replace('_', ' ')}"
    report.warning(path, token_line(tok), f"{what} between or after the findings is not part of any finding and is "
                   "not shown on the site; indent it under a finding (to the item's text column) or move it "
                   "above the list", FINDING_EXAMPLE)


def _prose(inline: Token) -> tuple[str, list[tuple[Token, int, int]]]:
    """An inline token's text for marker search, with code spans blanked; and where each child sits in it."""
    parts: list[str] = []
    spans: list[tuple[Token, int, int]] = []
    pos = 0
    for c in inline.children or ():
        if c.type == "text":
            s = c.content
        elif c.type == "code_inline":
            s = "\x00" * len(c.content)  # a marker quoted in code is not a marker
        elif c.type in ("softbreak", "hardbreak"):
            s = " "
        else:
            continue
        parts.append(s)
        spans.append((c, pos, pos + len(s)))
        pos += len(s)
    return "".join(parts), spans


def _child_text(c: Token) -> str:
    return c.content if c.type in ("text", "code_inline") else " "


def _marker_piece(c: Token, a: int, b: int, s: int, e: int) -> str:
    """The part of child `c` (at [a, b) of the prose) inside the marker at [s, e); a code span stays one,
    backticks included, so the note shows it as code (and links the path it names)."""
    if c.type == "code_inline" and s <= a and b <= e:
        fence = "``" if "`" in c.content else "`"
        pad = " " if fence == "``" else ""
        return f"{fence}{pad}{c.content}{pad}{fence}"
    return _child_text(c)[max(s, a) - a: min(e, b) - a]


def _cut(children: list[Token], spans: list[tuple[Token, int, int]], start: int, end: int) -> list[Token]:
    """children without the characters [start, end) of their prose, and without tags left empty."""
    gone: set[int] = set()
    for c, a, b in spans:
        lo, hi = max(start, a), min(end, b)
        if lo >= hi:
            continue
        if c.type == "text" and (lo > a or hi < b):
            c.content = c.content[: lo - a] + c.content[hi - a:]
        else:
            gone.add(id(c))
    out: list[Token] = []
    for c in children:
        if id(c) in gone or (c.type == "text" and not c.content):
            continue
        if c.nesting == -1 and out and out[-1].nesting == 1 and out[-1].tag == c.tag:
            out.pop()  # an opening tag left with nothing inside
            continue
        out.append(c)
    while out and (out[-1].type in ("softbreak", "hardbreak")
                   or (out[-1].type == "text" and not out[-1].content.strip())):
        out.pop()  # what separated the text from the marker
    if out and out[-1].type == "text":
        out[-1].content = out[-1].content.rstrip()
    return out


@dataclass
class _ItemScan:
    """What one walk over a finding item's tokens collects."""

    explicit: str | None = None  # the id a finding-id comment gives
    aliases: list[str] = field(default_factory=list)
    nested: list[tuple[int, int]] = field(default_factory=list)
    inlines: list[Token] = field(default_factory=list)
    own: list[Token] = field(default_factory=list)  # inline tokens of the item's own prose, outside nested lists


@dataclass
class _MarkerFields:
    status: str = "error"
    marker: str | None = None
    targets: tuple[Target, ...] = ()
    reason: str | None = None
    recheck: date | None = None


def _parse_finding(tokens: list[Token], start: int, stop: int, number: int, lines: list[str], path: str,
                   report: Report) -> Finding:
    item = tokens[start]
    line = token_line(item)
    end = item.map[1] if item.map else line
    end = _last_text_line(lines, line, end)
    inner = tokens[start + 1: stop - 1]
    level = item.level + 1

    scan = _scan_item(inner, lines, number, line, path, report)
    cited = tuple(dict.fromkeys(squash(c.content) for t in scan.inlines for c in t.children or ()
                                if c.type == "code_inline"))
    title, title_html = _finding_title(inner, level, scan.inlines, number, line, path, report)
    mark = _finding_marker(scan.own, f'finding {number} "{title}"', line, path, report)

    body_inner, note_items = split_notes(inner, level)
    body_html = sanitize(reader.render(body_tokens(body_inner, level))).strip()
    return Finding(
        number=number,
        id=scan.explicit or derive_id(title),
        title=title,
        title_html=title_html,
        body_html=body_html,
        summary=html_to_text(body_html),
        status=mark.status,  # type: ignore[arg-type]
        marker=mark.marker,
        targets=mark.targets,
        reason=mark.reason,
        recheck=mark.recheck,
        aliases=tuple(dict.fromkeys(scan.aliases)),
        line=line,
        end_line=max(end, line),
        source=path,
        cited=cited,
        nested=tuple(scan.nested),
        note_items=note_items,
    )


def _scan_item(inner: list[Token], lines: list[str], number: int, line: int, path: str,
               report: Report) -> _ItemScan:
    """Walk an item's tokens once: its id and alias comments, nested items, inline tokens."""
    scan = _ItemScan()
    lists = 0  # depth of nested lists at the current token
    for t in inner:
        if t.type in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        if t.type == "inline":
            scan.inlines.append(t)
            if lists == 0:
                scan.own.append(t)
            comments = [c.content for c in t.children or () if c.type == "html_inline" and c.content.startswith("<!--")]
        elif t.type == "html_block":
            comments = [t.content] if "<!--" in t.content else []
        else:
            comments = []
            if t.type == "list_item_open" and t.map:
                scan.nested.append((t.map[0] + 1, _last_text_line(lines, t.map[0] + 1, t.map[1])))
        for c in comments:
            _read_id_comment(c, scan, number, line, path, report)
    return scan


def _read_id_comment(c: str, scan: _ItemScan, number: int, line: int, path: str, report: Report) -> None:
    c = c.replace("-->", ",")  # the comment's end is not part of the last alias
    m = ID_COMMENT.search(c)
    if m:
        scan.explicit = m.group(1).lower()
    m = ALIAS_COMMENT.search(c)
    if m:
        for a in (a.strip().lower() for a in m.group(1).split(",") if a.strip()):
            if SAFE_ID.fullmatch(a):
                scan.aliases.append(a)
            else:  # ".." would put a redirect page over the home page
                report.error(path, line, f"finding {number}: alias {a!r} is not a valid id (letters, "
                             "digits, '.', '_', '-'; starting with a letter or digit)")


def _finding_title(inner: list[Token], level: int, inlines: list[Token], number: int, line: int, path: str,
                   report: Report) -> tuple[str, str]:
    """The leading bold text of the item's first paragraph, as GitHub renders it: (text, html)."""
    lead = inner[1] if len(inner) > 1 and inner[0].type == "paragraph_open" and inner[0].level == level else None
    kids = [c for c in lead.children or () if c.type != "text" or c.content] if lead is not None else []
    close = reader.matching_close(kids, 0) if kids and kids[0].type == "strong_open" else None
    title_kids = kids[1:close] if close is not None else []
    title = squash(reader.inline_text(title_kids)).rstrip(".:").strip()
    if close is not None and title and not title.lower().startswith(("[merged", "[flagged")):
        title_html = SafeHtml(re.sub(r"[.:]\s*$", "", sanitize(reader.render_inline(title_kids)).strip()))
        lead.children = _after_title(kids[close + 1:])
        return title, title_html
    text_all = squash(" ".join(reader.inline_text(t.children) for t in inlines))
    title = _first_sentence(text_all)
    title_html = sanitize(htmllib.escape(title))
    if lead is not None and lead.content.lstrip().startswith(("**", "__")):
        report.error(path, line, f"finding {number}: the bold title is not closed: expected the item to "
                     "start with a **bold lead sentence** closed by a second '**' (or '__')", FINDING_EXAMPLE)
    else:
        report.error(path, line, f"finding {number} has no bold title: expected the item to start "
                     "with a **bold lead sentence**", FINDING_EXAMPLE)
    return title, title_html


def _finding_marker(own: list[Token], label: str, line: int, path: str, report: Report) -> _MarkerFields:
    """The last bracketed [merged: …] / [flagged …] group in the item's prose, cut out of it."""
    out = _MarkerFields()
    found = None
    for t in reversed(own):  # a nested note's own marker is not the finding's
        prose, spans = _prose(t)
        located = find_marker(prose)
        if located is not None:
            found = (t, prose, spans, located)
            break
    if found is None:
        report.error(path, line, f"{label} has no provenance marker: expected [merged: FILE — NOTE] "
                     "or [flagged — REASON] at the end of the item", MERGED_EXAMPLE)
        return out
    t, prose, spans, located = found
    if not located.closed:
        report.error(path, line, f"{label}: the provenance marker is not closed with ']'", MERGED_EXAMPLE)
        s, e = prose.lower().rfind("["), len(prose)
    else:
        s, e = located.start, located.end
        out.marker = squash("".join(_marker_piece(c, a, b, s, e) for c, a, b in spans if a < e and b > s))
        try:
            parsed = parse_marker(out.marker)
        except ValueError as exc:
            report.error(path, line, f"{label}: {exc}; found {out.marker!r}", MERGED_EXAMPLE)
        else:
            out.status = parsed.status
            out.targets = tuple(Target(f, n) for f, n in parsed.targets)
            out.reason = parsed.reason
            out.recheck = recheck_date(out.reason) if out.reason else None
            problem = recheck_problem(out.reason) if out.reason and out.recheck is None else None
            if problem and parsed.status == "flagged":
                report.warning(path, line, f"{label}: {problem}", "**[flagged — check back mid-2027]**")
    t.children = _cut(list(t.children or ()), spans, s, e)
    return out


def _last_text_line(lines: list[str], first: int, end: int) -> int:
    """The last non-blank line of [first, end] (a list item's map takes in the blank lines after it)."""
    while end > first and (end > len(lines) or not lines[end - 1].strip()):
        end -= 1
    return end

_LEAD = re.compile(r"[ \t]*(?:[.:—–-](?=\s|$))?[ \t]*")  # "**T**: body", not "--8<--"


def _after_title(rest: list[Token]) -> list[Token]:
    """What follows the title in its paragraph, without the separator and the line break after it."""
    while rest:
        c = rest[0]
        if c.type == "text":
            c.content = c.content[_LEAD.match(c.content).end():]
            if c.content:
                break
        elif c.type not in ("softbreak", "hardbreak"):
            break
        rest = rest[1:]
    return rest


def _first_sentence(text: str) -> str:
    m = re.match(r"(.{1,120}?[.!?])(\s|$)", text)
    return (m.group(1) if m else text[:80]).rstrip(".") or "(untitled)"
