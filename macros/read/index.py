"""Pure parsers: corpus text in, model objects and diagnostics out. No mkdocs import here."""
from __future__ import annotations

import calendar
import html as htmllib
import re
from dataclasses import dataclass, field
from datetime import date

import yaml

#: libyaml's safe loader when PyYAML was built with it (several times faster), else the pure one.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
from markdown_it.token import Token

from macros.text import reader
from macros.model.data import Diagnostic, Finding, Heading, Index, MapRow, Section, SourceEntry, Target
from macros.text.sanitize import docs_markdown, safe_anchor, sanitize, slugify, squash
from macros.text.plain import html_to_text

MERGED_EXAMPLE = "**[merged: GOTCHAS.md — MEDIUM severity section]**"
FINDING_EXAMPLE = (
    "1. **Short title.** What changed, with `code/paths.md`. " + MERGED_EXAMPLE
)
MAP_EXAMPLE = "| `lane-name/` | what's there | when to open it |"


@dataclass
class Report:
    """Diagnostics collected while parsing; errors and warnings alike."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int | None, message: str, example: str | None = None) -> None:
        self.items.append(Diagnostic("error", path, line, message, example))

    def warning(self, path: str, line: int | None, message: str, example: str | None = None) -> None:
        self.items.append(Diagnostic("warning", path, line, message, example))

    def info(self, path: str, line: int | None, message: str) -> None:
        self.items.append(Diagnostic("info", path, line, message))


# --------------------------------------------------------------------------- headings


def doc_headings(text: str, md=None) -> tuple[Heading, ...]:
    """Headings of a Markdown doc with the ids the site gives them.

    `md` is the converter MkDocs would use for the page (the glue passes one built from mkdocs.yml's
    `markdown_extensions`); without it, the corpus set plus attr_list.
    """
    md = md.reset() if md is not None else docs_markdown()
    md.convert(text)
    out: list[Heading] = []

    def walk(tokens: list[dict]) -> None:
        for tok in tokens:
            # the page shows a reserved id (`__config`, `findings` …) prefixed: so does the anchor
            out.append(Heading(tok["level"], html_to_text(tok["name"]), safe_anchor(tok["id"])))
            walk(tok["children"])

    walk(md.toc_tokens)  # type: ignore[attr-defined]
    return tuple(out)


# --------------------------------------------------------------------------- markers

_FILLER = {"section", "sections", "added", "add", "under", "now", "the", "a", "an", "new", "in", "to", "of", "heading"}
_WORD = re.compile(r"[\w]+", re.UNICODE)
_DASH_SPLIT = re.compile(r"\s+[—–-]\s+|\s*[—–]\s*")
_FILE_TOKEN = re.compile(r"^\s*`?(?P<file>[^\s`;—–]+?\.(?:md|markdown))`?(?=\s|$|[—–;,])", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“”']([^\"“”]{2,}?)[\"“”']")
_UNDER = re.compile(r"\bunder\s+(.+)$", re.IGNORECASE)
_SECTION = re.compile(r"(?:^|[,;(]\s*)([^,;()]*?)\s+section\b", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower().replace("_", " "))]


def _content_words(text: str) -> list[str]:
    return [w for w in _words(text) if w not in _FILLER]


def resolve_section(note: str, headings: tuple[Heading, ...]) -> tuple[Heading | None, str | None]:
    """Find the heading a merge note names.

    Returns (heading, named): `named` is the section phrase when the note clearly names one
    (quoted, "under …", "… section"), so that a miss is an error; None when the note is free text.
    """
    named: str | None = None
    m = _QUOTED.search(note)
    if m:
        named = m.group(1)
    else:
        m = _UNDER.search(note)
        if m:
            named = re.split(r"[;(]", m.group(1))[0]
        else:
            m = _SECTION.search(note)
            if m:
                named = m.group(1)
    if named is not None:
        return _match_heading(named, headings, loose=True), squash(named)
    return _match_heading(note, headings, loose=False), None


def _match_heading(phrase: str, headings: tuple[Heading, ...], *, loose: bool) -> Heading | None:
    want = _content_words(phrase)
    if not want:
        return None
    normal = [(h, _content_words(h.text)) for h in headings]
    for h, words in normal:  # exact
        if words == want:
            return h
    if not loose:
        return None
    # the heading is the phrase plus qualifiers ("MEDIUM" for "MEDIUM severity")
    best = [(len(words), h) for h, words in normal if words and _contains(want, words)]
    if best:
        return max(best, key=lambda t: t[0])[1]
    # the phrase is part of the heading, trying the words nearest "section" first
    for start in range(len(want)):
        tail = want[start:]
        for h, words in normal:
            if _contains(words, tail):
                return h
    return None


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


_SEASONS = {"early": 4, "mid": 7, "late": 10}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SEASON = re.compile(r"\b(early|mid|late)[-\s]?(\d{4})\b", re.IGNORECASE)
_MONTH = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{4})\b")


def _recheck(reason: str) -> tuple[date | None, str | None]:
    """(re-check date, None), or (None, what is wrong) when the reason names a date no calendar has."""
    m = _ISO.search(reason)
    if m:
        return _calendar(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(0))
    m = _SEASON.search(reason)
    if m:
        return _calendar(int(m.group(2)), _SEASONS[m.group(1).lower()], 1, m.group(0))
    for m in _MONTH.finditer(reason):
        month = _MONTHS.get(m.group(1).lower())
        if month:
            year = int(m.group(2))
            return _calendar(year + 1, 1, 1, m.group(0)) if month == 12 else _calendar(year, month + 1, 1, m.group(0))
    return None, None


def _calendar(year: int, month: int, day: int, written: str) -> tuple[date | None, str | None]:
    try:
        return date(year, month, day), None
    except (ValueError, OverflowError):
        return None, (f"the re-check time {written!r} is not a date the calendar can show (years 1 to 9998, "
                      "real months and days): no due date is set; write e.g. 'check back mid-2027'")


def recheck_date(reason: str) -> date | None:
    """The re-check date a flag reason names: early/mid/late YYYY, Month YYYY, or an ISO date."""
    return _recheck(reason)[0]


def recheck_problem(reason: str) -> str | None:
    """Why a flag reason's re-check time gives no date (out of the calendar's range), or None."""
    return _recheck(reason)[1]


@dataclass(frozen=True)
class Marker:
    status: str  # merged | flagged
    raw: str
    targets: tuple[tuple[str, str | None], ...] = ()  # (file, note)
    reason: str | None = None


def find_marker(text: str) -> tuple[int, int] | None | str:
    """Locate the last `[merged:`/`[flagged` group in plain text.

    Returns (start, end) offsets, None when there is none, or "unterminated".
    """
    lower = text.lower()
    start = max(lower.rfind("[merged:"), lower.rfind("[merged "), lower.rfind("[flagged"))
    if start < 0:
        return None
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return start, i + 1
    return "unterminated"


def parse_marker(raw: str) -> Marker:
    """Split a marker (with brackets) into status, targets and reason. Raises ValueError."""
    inner = squash(raw[1:-1])
    status, rest = inner[:7].lower(), inner[7:]
    if status.startswith("merged"):
        return Marker("merged", raw, _parse_targets(inner[6:].lstrip(" :").strip()))
    if status == "flagged":
        reason = re.sub(r"^[—–:-]+\s*", "", rest.strip()).strip()
        return Marker("flagged", raw, reason=reason or None)
    raise ValueError("marker must start with 'merged:' or 'flagged'")


def _parse_targets(text: str) -> tuple[tuple[str, str | None], ...]:
    if not text:
        raise ValueError("merged marker names no target file")
    targets: list[list] = []
    for segment in text.split(";"):
        segment = segment.strip()
        m = _FILE_TOKEN.match(segment)
        if not m:
            if not targets:
                raise ValueError(f"expected a doc file name (FILE.md) at the start, found {segment!r}")
            if segment:
                prev_note = targets[-1][1]
                targets[-1][1] = f"{prev_note}; {segment}" if prev_note else segment
            continue
        files_part = segment
        note: str | None = None
        parts = _DASH_SPLIT.split(segment, maxsplit=1)
        if len(parts) == 2:
            files_part, note = parts[0], parts[1].strip() or None
        files = [f.strip(" `") for f in re.split(r"\s+and\s+|\s*,\s*", files_part.strip())]
        if not all(_FILE_TOKEN.match(f) for f in files):
            files = [m.group("file")]
            note = squash(segment[m.end():].lstrip(" —–-")) or note
        for i, f in enumerate(files):
            targets.append([f, note if i == len(files) - 1 else None])
    return tuple((f, n) for f, n in targets)


# --------------------------------------------------------------------------- ids

_ID_COMMENT = re.compile(r"finding-id\s*:\s*([A-Za-z0-9][A-Za-z0-9._-]*)", re.IGNORECASE)
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_ALIAS_COMMENT = re.compile(r"finding-aliases?\s*:\s*([^<>]*)", re.IGNORECASE)  # to the comment's end
ID_MAX_WORDS = 8
ID_MAX_CHARS = 64


def derive_id(title: str) -> str:
    """A URL slug from a finding title: lower-case ASCII words, at most 8 words / 64 chars."""
    ascii_slug = _make_ascii_slug(title)
    words = [w for w in ascii_slug.split("-") if w]
    out: list[str] = []
    for w in words[:ID_MAX_WORDS]:
        if len("-".join(out + [w])) > ID_MAX_CHARS:
            break
        out.append(w)
    return "-".join(out) or "finding"


def _make_ascii_slug(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text.lower())
    return text.strip("-")


# --------------------------------------------------------------------------- the index


FENCE_EXAMPLE = "```text\n[merged: quoted.md — not a marker]\n```"
NESTING_EXAMPLE = "- a list\n  - nested a few levels at most"
_ITEM_LINE = re.compile(r"^[ \t]{0,3}\d{1,9}[.)][ \t]")  # a numbered item, on one line of raw HTML


def parse_index(text: str, path: str, report: Report) -> Index:
    """Parse the corpus index (tooling/README.md): directory map, findings and other sections.

    The file is read as GitHub reads it (macros/reader.py); every line number comes from the parser's
    token map, so it is the line GitHub shows.
    """
    lines = text.splitlines()
    tokens = reader.parse(text)
    reader.heading_ids(tokens, slugify)
    deep = reader.too_deep(tokens)
    if deep is not None:
        report.warning(path, deep, f"lists or quotes are nested more than {reader.MAX_NESTING // 2} levels "
                       "deep here: the deeper content is not shown", NESTING_EXAMPLE)
    for t in tokens:
        if t.type == "fence" and not reader.fence_closed(t, lines):
            report.warning(path, t.map[0] + 1 if t.map else None, f"this code fence ({t.markup}) is never "
                           "closed: everything after it, to the end of its list item or of the file, is "
                           "code (findings in it are not read)", FENCE_EXAMPLE)

    title = "Corpus index"
    seen_title = False
    intro: list[tuple[int, int]] = []
    sections: list[tuple[int, list[tuple[int, int]]]] = []  # (heading_open index, content blocks)
    for start, stop in reader.blocks(tokens):
        tok = tokens[start]
        if tok.type == "heading_open" and tok.tag == "h1":
            if not seen_title:
                title, seen_title = reader.squash(reader.inline_text(tokens[start + 1].children)), True
            continue
        if tok.type == "heading_open" and tok.tag == "h2":
            sections.append((start, []))
        elif sections:
            sections[-1][1].append((start, stop))
        else:
            intro.append((start, stop))

    map_rows: tuple[MapRow, ...] = ()
    findings: tuple[Finding, ...] = ()
    findings_intro = ""
    others: list[Section] = []
    map_heading = findings_heading = map_anchor = None
    findings_parts: list[tuple[int, list[tuple[int, int]]]] = []
    for hstart, content in sections:
        htext = reader.squash(reader.inline_text(tokens[hstart + 1].children))
        hline = _line(tokens[hstart])
        if htext.lower().startswith("directory map") and map_heading is None:
            map_heading = htext
            map_anchor = safe_anchor(tokens[hstart].attrGet("id") or slugify(htext, "-"))
            map_rows = _parse_map(tokens, content, hline, path, report)
        elif htext.lower().startswith("findings"):
            if findings_heading is None:
                findings_heading = htext
            else:
                report.warning(path, hline, f"a second findings heading '{htext}': its findings are read as "
                               f"continuing the list under '{findings_heading}'; keep every finding under one "
                               "'## Findings …' heading", "## Findings that update / contradict the existing corpus")
            findings_parts.append((hline, content))
        else:
            # a corpus heading's id, kept (published anchors stay put) unless the page itself uses it
            others.append(Section(htext, safe_anchor(tokens[hstart].attrGet("id") or slugify(htext, "-")),
                                  sanitize(_render_blocks(tokens, content))))
    if findings_parts:
        findings, findings_intro = _parse_findings(tokens, findings_parts, lines, path, report)
    if map_heading is None:
        report.error(path, 1, "no '## Directory map' heading: expected a level-2 heading starting "
                     "'Directory map' followed by a table | Dir | What's there | When to open it |",
                     "## Directory map")
    if findings_heading is None:
        report.error(path, 1, "no '## Findings' heading: expected a level-2 heading starting "
                     "'Findings' followed by a numbered list of findings", "## Findings that update / contradict the existing corpus")
    return Index(path, title, sanitize(_render_blocks(tokens, intro)), map_rows, findings, findings_intro,
                 tuple(others), map_heading, findings_heading, map_anchor)


def _line(tok: Token) -> int:
    return tok.map[0] + 1 if tok.map else 1


def _render_blocks(tokens: list[Token], ranges: list[tuple[int, int]]) -> str:
    return "".join(reader.render(tokens[a:b]) for a, b in ranges)


def _cell_dir(cell: Token) -> str:
    code = next((c for c in cell.children or () if c.type == "code_inline"), None)
    text = reader.squash(code.content if code else reader.inline_text(cell.children))
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
            row_line = _line(tok)
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
                sanitize(reader.render_inline(cells[1].children or [])) if len(cells) > 1 else "",
                sanitize(reader.render_inline(cells[2].children or [])) if len(cells) > 2 else "",
                row_line,
            ))
    return tuple(rows)


def _has_marker(tokens: list[Token], a: int, b: int) -> bool:
    return any(t.type == "inline" and isinstance(find_marker(_prose(t)[0]), tuple) for t in tokens[a:b])


def _parse_findings(tokens: list[Token], parts: list[tuple[int, list[tuple[int, int]]]], lines: list[str],
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
                    report.warning(path, _line(tok), "a numbered list before the first finding has no provenance "
                                   "marker, so it is read as the findings intro, not as findings; if these are "
                                   "findings, give each a bold title and a marker", FINDING_EXAMPLE)
                    intro.append((a, b))
                    continue
                first = int(tok.attrGet("start") or 1)
                if started and first != len(findings) + 1:
                    report.warning(path, _line(tok), f"the numbered list restarts here at {first}: GitHub shows "
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
    return tuple(findings), sanitize(_render_blocks(tokens, intro))


_COMMENTS_ONLY = re.compile(r"\s*(?:<!--.*?-->\s*)+", re.DOTALL)


def _stray_block(tok: Token, path: str, report: Report) -> None:
    raw = tok.content if tok.type == "html_block" else ""
    if raw and _COMMENTS_ONLY.fullmatch(raw):
        return  # a comment between findings shows nothing, on GitHub or here
    if any(_ITEM_LINE.match(line) for line in raw.splitlines()):
        report.error(path, _line(tok), "numbered items inside an HTML block are not read as findings (GitHub "
                     "shows them as raw text): leave a blank line after an HTML tag line such as <details> "
                     "or <summary>", "<details>\n<summary>More</summary>\n\n1. **Title.** … **[flagged — x]**"
                     "\n\n</details>")
        return
    what = "an HTML block" if tok.type == "html_block" else f"a {tok.type.removesuffix('_open').replace('_', ' ')}"
    report.warning(path, _line(tok), f"{what} between or after the findings is not part of any finding and is "
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
    while out and (out[-1].type in ("softbreak", "hardbreak") or (out[-1].type == "text" and not out[-1].content.strip())):
        out.pop()  # what separated the text from the marker
    if out and out[-1].type == "text":
        out[-1].content = out[-1].content.rstrip()
    return out


def _parse_finding(tokens: list[Token], start: int, stop: int, number: int, lines: list[str], path: str,
                   report: Report) -> Finding:
    item = tokens[start]
    line = _line(item)
    end = item.map[1] if item.map else line
    end = _last_text_line(lines, line, end)
    inner = tokens[start + 1: stop - 1]
    level = item.level + 1

    explicit = None
    aliases: list[str] = []
    nested: list[tuple[int, int]] = []
    inlines = []
    own = []  # inline tokens of the item's own prose, outside nested lists: where its marker is
    lists = 0  # depth of nested lists at the current token
    for t in inner:
        if t.type in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        if t.type == "inline":
            inlines.append(t)
            if lists == 0:
                own.append(t)
            comments = [c.content for c in t.children or () if c.type == "html_inline" and c.content.startswith("<!--")]
        elif t.type == "html_block":
            comments = [t.content] if "<!--" in t.content else []
        else:
            comments = []
            if t.type == "list_item_open" and t.map:
                nested.append((t.map[0] + 1, _last_text_line(lines, t.map[0] + 1, t.map[1])))
        for c in comments:
            c = c.replace("-->", ",")  # the comment's end is not part of the last alias
            m = _ID_COMMENT.search(c)
            if m:
                explicit = m.group(1).lower()
            m = _ALIAS_COMMENT.search(c)
            if m:
                for a in (a.strip().lower() for a in m.group(1).split(",") if a.strip()):
                    if _SAFE_ID.fullmatch(a):
                        aliases.append(a)
                    else:  # ".." would put a redirect page over the home page
                        report.error(path, line, f"finding {number}: alias {a!r} is not a valid id (letters, "
                                     "digits, '.', '_', '-'; starting with a letter or digit)")
    cited = tuple(dict.fromkeys(reader.squash(c.content) for t in inlines for c in t.children or ()
                                if c.type == "code_inline"))

    # title: the leading bold text of the item's first paragraph, as GitHub renders it
    lead = inner[1] if len(inner) > 1 and inner[0].type == "paragraph_open" and inner[0].level == level else None
    kids = [c for c in lead.children or () if c.type != "text" or c.content] if lead is not None else []
    close = reader.matching_close(kids, 0) if kids and kids[0].type == "strong_open" else None
    title_kids = kids[1:close] if close is not None else []
    title = reader.squash(reader.inline_text(title_kids)).rstrip(".:").strip()
    if close is not None and title and not title.lower().startswith(("[merged", "[flagged")):
        title_html = re.sub(r"[.:]\s*$", "", sanitize(reader.render_inline(title_kids)).strip())
        lead.children = _after_title(kids[close + 1:])
    else:
        text_all = reader.squash(" ".join(reader.inline_text(t.children) for t in inlines))
        title = _first_sentence(text_all)
        title_html = sanitize(htmllib.escape(title))
        if lead is not None and lead.content.lstrip().startswith(("**", "__")):
            report.error(path, line, f"finding {number}: the bold title is not closed: expected the item to "
                         "start with a **bold lead sentence** closed by a second '**' (or '__')", FINDING_EXAMPLE)
        else:
            report.error(path, line, f"finding {number} has no bold title: expected the item to start "
                         "with a **bold lead sentence**", FINDING_EXAMPLE)

    # marker: the last bracketed [merged: …] / [flagged …] group in the item's prose
    status = "error"
    marker = None
    targets: tuple[Target, ...] = ()
    reason = None
    recheck = None
    label = f'finding {number} "{title}"'
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
    else:
        t, prose, spans, located = found
        if located == "unterminated":
            report.error(path, line, f"{label}: the provenance marker is not closed with ']'", MERGED_EXAMPLE)
            s, e = prose.lower().rfind("["), len(prose)
        else:
            s, e = located
            marker = reader.squash("".join(_child_text(c)[max(s, a) - a: min(e, b) - a] for c, a, b in spans
                                           if a < e and b > s))
            try:
                parsed = parse_marker(marker)
            except ValueError as exc:
                report.error(path, line, f"{label}: {exc}; found {marker!r}", MERGED_EXAMPLE)
            else:
                status = parsed.status
                targets = tuple(Target(f, n) for f, n in parsed.targets)
                reason = parsed.reason
                recheck = recheck_date(reason) if reason else None
                problem = recheck_problem(reason) if reason and recheck is None else None
                if problem and parsed.status == "flagged":
                    report.warning(path, line, f"{label}: {problem}", "**[flagged — check back mid-2027]**")
        t.children = _cut(list(t.children or ()), spans, s, e)

    body_inner, note_items = _split_notes(inner, level)
    body_html = sanitize(reader.render(_body_tokens(body_inner, level))).strip()
    return Finding(
        number=number,
        id=explicit or derive_id(title),
        title=title,
        title_html=title_html,
        body_html=body_html,
        summary=html_to_text(body_html),
        status=status,  # type: ignore[arg-type]
        marker=marker,
        targets=targets,
        reason=reason,
        recheck=recheck,
        aliases=tuple(dict.fromkeys(aliases)),
        line=line,
        end_line=max(end, line),
        source=path,
        cited=cited,
        nested=tuple(nested),
        note_items=note_items,
    )


def _note_shaped(tokens: list[Token], i: int) -> bool:
    """Whether the list item opening at tokens[i] starts with a note-shaped bold lead (**Update 2026-10-06:**)."""
    from macros.read.notes import read_lead  # notes reads markers with this module: imported when first needed

    if i + 2 >= len(tokens) or tokens[i + 1].type != "paragraph_open" or tokens[i + 2].type != "inline":
        return False
    kids = [c for c in tokens[i + 2].children or () if c.type != "text" or c.content.strip()]
    if not kids or kids[0].type != "strong_open":
        return False
    close = reader.matching_close(kids, 0)
    return close is not None and read_lead(reader.inline_text(kids[1:close])) is not None


def _split_notes(inner: list[Token], level: int) -> tuple[list[Token], tuple[tuple[str, int], ...]]:
    """The item's tokens without its note items, and each note item's HTML (not sanitised) and line.

    Notes are the items of lists nested directly in the finding whose bold lead is note-shaped
    (`notes.read_lead`); whether each is a valid note is decided by the loader, which knows the build
    date. A list left with no items is dropped.
    """
    notes: list[tuple[str, int]] = []
    drop: set[int] = set()
    i = 0
    while i < len(inner):
        t = inner[i]
        if t.type in ("bullet_list_open", "ordered_list_open") and t.level == level:
            close = _close_of(inner, i)
            kept = 0
            for a, b in reader.blocks(inner, i + 1, close):
                if inner[a].type == "list_item_open" and _note_shaped(inner, a):
                    notes.append((reader.render(inner[a + 1:b - 1]), _line(inner[a])))
                    drop.update(range(a, b))
                else:
                    kept += 1
            if not kept:
                drop.update((i, close))
            i = close + 1
            continue
        i += 1
    if not notes:
        return inner, ()
    return [t for k, t in enumerate(inner) if k not in drop], tuple(notes)


def _close_of(tokens: list[Token], i: int) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


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


def _body_tokens(inner: list[Token], level: int) -> list[Token]:
    """The item's blocks for the finding page: empty paragraphs dropped, its own paragraphs as <p>."""
    out: list[Token] = []
    i = 0
    while i < len(inner):
        t = inner[i]
        if t.type == "paragraph_open" and i + 2 < len(inner) and inner[i + 1].type == "inline":
            kids = inner[i + 1].children or []
            if not any(c.type not in ("softbreak", "hardbreak", "html_inline") and (c.type != "text" or c.content.strip())
                       for c in kids):
                i += 3
                continue
            if t.level == level:
                t.hidden = inner[i + 2].hidden = False
        out.append(t)
        i += 1
    return out


def _first_sentence(text: str) -> str:
    m = re.match(r"(.{1,120}?[.!?])(\s|$)", text)
    return (m.group(1) if m else text[:80]).rstrip(".") or "(untitled)"


# --------------------------------------------------------------------------- front matter, manifest


_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (yaml text or None, body, line number where the body starts)."""
    m = _FRONT.match(text)
    if not m:
        return None, text, 1
    return m.group(1), text[m.end():], text[: m.end()].count("\n") + 1


YAML_DEPTH = 50  # corpus YAML nests 2-3 levels; deeper is refused before the (recursive) constructor runs
YAML_NO_ALIASES = ("anchors and aliases (&name, *name) are not allowed in corpus YAML: write each value out "
                   "where it is used")


def load_yaml(text: str, path: str, report: Report, *, line_offset: int = 0):
    """yaml.safe_load with errors reported at file:line; None on failure.

    Corpus YAML is untrusted: an alias (`*a`) can expand a 1 KB file into gigabytes ("billion laughs"),
    and deep nesting exhausts the recursive constructor. So the event stream is scanned first (libyaml's
    parser, linear, no recursion): any anchor or alias, or nesting deeper than YAML_DEPTH, is an error
    at its line and nothing is built.
    """
    def where(mark) -> int | None:
        return (mark.line + 1 + line_offset) if mark else None

    try:
        depth = 0
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                report.error(path, where(event.start_mark), YAML_NO_ALIASES, "modalities: [image, text]")
                return None
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > YAML_DEPTH:
                    report.error(path, where(event.start_mark), f"YAML nests deeper than {YAML_DEPTH} levels")
                    return None
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        report.error(path, where(mark), f"invalid YAML: {problem}")
        return None
    except RecursionError:
        report.error(path, None, "YAML nests too deeply")
        return None
    except (ValueError, OverflowError) as exc:  # a date such as 0000-01-01, which YAML reads but no calendar has
        report.error(path, line_offset + 1 if line_offset else None, f"invalid YAML value: {exc} "
                     "(dates run from 0001-01-01 to 9999-12-31)", "retrieved: 2026-04-18")
        return None


ORIGINAL = "original"  # manifest kind of a file written for the corpus itself: it has no upstream URL
MANIFEST_EXAMPLE = ("artifacts:\n  - path: huggingface/model-cards/gemma-4-31B-it-chat_template.jinja\n"
                    "    url: https://huggingface.co/google/gemma-4-31B-it/blob/main/chat_template.jinja\n"
                    "    retrieved: 2026-04-18")


def parse_manifest(text: str, path: str, report: Report) -> tuple[SourceEntry, ...]:
    """The source manifest: a list of {path, url, retrieved, kind?, license?, note?}."""
    data = load_yaml(text, path, report)
    if data is None:
        return ()
    items = data.get("artifacts") if isinstance(data, dict) else data
    if not isinstance(items, list):
        report.error(path, 1, "expected a top-level 'artifacts:' list", MANIFEST_EXAMPLE)
        return ()
    lines = text.splitlines()
    path_lines = [n for n, l in enumerate(lines, 1) if re.match(r"^\s*-\s*path\s*:", l)]
    out: list[SourceEntry] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        line = path_lines[i] if i < len(path_lines) else None
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or not item["path"].strip():
            report.error(path, line, f"entry {i + 1} has no 'path' string", MANIFEST_EXAMPLE)
            continue
        p = item["path"].strip().lstrip("./")
        if item["path"].strip().startswith("/") or ".." in item["path"].replace("\\", "/").split("/"):
            report.error(path, line, f"{item['path']!r}: a manifest path must stay inside the corpus "
                         "(no leading '/', no '..')", MANIFEST_EXAMPLE)
            continue
        url = item.get("url")
        if url is not None and not (isinstance(url, str) and re.match(r"^https?://", url)):
            report.error(path, line, f"{p}: 'url' must be an http(s) URL, found {url!r}", MANIFEST_EXAMPLE)
            url = None
        if url is None and item.get("kind") != ORIGINAL:
            report.warning(path, line, f"{p}: no source 'url' recorded (files written for the corpus "
                           f"itself say `kind: {ORIGINAL}` instead)", MANIFEST_EXAMPLE)
        retrieved = item.get("retrieved")
        if p in seen:
            report.error(path, line, f"{p}: listed twice in the manifest")
            continue
        seen.add(p)
        out.append(SourceEntry(
            path=p,
            url=url,
            retrieved=str(retrieved) if retrieved is not None else None,
            kind=_opt_str(item.get("kind")),
            license=_opt_str(item.get("license")),
            note=_opt_str(item.get("note")),
            line=line,
        ))
    return tuple(out)


def _opt_str(v) -> str | None:
    return None if v is None else str(v)


__all__ = [
    "Report", "doc_headings", "resolve_section", "recheck_date", "parse_marker", "find_marker",
    "derive_id", "parse_index", "split_front_matter", "load_yaml", "parse_manifest",
]
