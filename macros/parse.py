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
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from .model import Diagnostic, Finding, Heading, Index, MapRow, Section, SourceEntry, Target
from .safehtml import docs_markdown, markdown_to_raw_html, sanitize, slugify, squash

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
            name = htmllib.unescape(re.sub(r"<[^>]*>", "", tok["name"]))
            out.append(Heading(tok["level"], squash(name), tok["id"]))
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


def recheck_date(reason: str) -> date | None:
    """The re-check date a flag reason names: early/mid/late YYYY, Month YYYY, or an ISO date."""
    m = _ISO.search(reason)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = _SEASON.search(reason)
    if m:
        return date(int(m.group(2)), _SEASONS[m.group(1).lower()], 1)
    for m in _MONTH.finditer(reason):
        month = _MONTHS.get(m.group(1).lower())
        if month:
            year = int(m.group(2))
            return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return None


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
_ALIAS_COMMENT = re.compile(r"finding-aliases?\s*:\s*([A-Za-z0-9._,\s-]+)", re.IGNORECASE)
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


_ITEM = re.compile(r"^ {0,3}\d{1,9}[.)](?:\s|$)")
_TABLE_ROW = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def _heading_lines(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line number, level, text) of ATX headings outside code fences."""
    out = []
    fence = None
    for n, line in enumerate(lines, 1):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            mark = stripped[:3]
            fence = None if fence == mark else (fence or mark)
            continue
        if fence:
            continue
        m = re.match(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if m:
            out.append((n, len(m.group(1)), m.group(2)))
    return out


_NAMED_REFS = {"&lt;": "&#60;", "&gt;": "&#62;", "&amp;": "&#38;", "&quot;": "&#34;", "&#x27;": "&#39;"}
_NAMED_REF = re.compile("|".join(map(re.escape, _NAMED_REFS)))


def _numeric_refs(html: str) -> str:
    """The same HTML with Python-Markdown's named references written as numeric ones.

    BeautifulSoup's html.parser builder builds a table of every HTML entity (~40 ms) the first time
    it meets a named reference; numeric references mean the same characters and skip that.
    """
    return _NAMED_REF.sub(lambda m: _NAMED_REFS[m.group(0)], html)


def plain_text(html: str) -> str:
    """The text of HTML we serialised ourselves (tags dropped, references decoded, spaces squashed)."""
    return squash(htmllib.unescape(re.sub(r"<[^>]*>", "", html)))


def parse_index(text: str, path: str, report: Report) -> Index:
    """Parse the corpus index (tooling/README.md): directory map, findings and other sections."""
    lines = text.splitlines()
    heads = _heading_lines(lines)
    soup = BeautifulSoup(_numeric_refs(markdown_to_raw_html(text)), "html.parser")

    title_tag = soup.find("h1")
    title = squash(title_tag.get_text()) if title_tag else "Corpus index"
    blocks = _split_h2(soup)
    h2_lines = [(n, t) for n, lvl, t in heads if lvl == 2]

    intro_html = sanitize("".join(str(x) for x in blocks.get(None, [])))
    map_rows: tuple[MapRow, ...] = ()
    findings: tuple[Finding, ...] = ()
    findings_intro = ""
    sections: list[Section] = []
    map_heading = findings_heading = None
    seen_map = seen_findings = False
    for i, (heading, content) in enumerate(blocks.get("sections", [])):
        htext = squash(heading.get_text())
        hline = h2_lines[i][0] if i < len(h2_lines) else 1
        next_line = h2_lines[i + 1][0] if i + 1 < len(h2_lines) else len(lines) + 1
        if htext.lower().startswith("directory map") and not seen_map:
            seen_map, map_heading = True, htext
            map_rows = _parse_map(content, lines, hline, next_line, path, report)
        elif htext.lower().startswith("findings") and not seen_findings:
            seen_findings, findings_heading = True, htext
            findings, findings_intro = _parse_findings(content, lines, hline, next_line, path, report)
        else:
            sections.append(Section(htext, heading.get("id") or slugify(htext, "-"),
                                    sanitize("".join(str(x) for x in content))))
    if not seen_map:
        report.error(path, 1, "no '## Directory map' heading: expected a level-2 heading starting "
                     "'Directory map' followed by a table | Dir | What's there | When to open it |",
                     "## Directory map")
    if not seen_findings:
        report.error(path, 1, "no '## Findings' heading: expected a level-2 heading starting "
                     "'Findings' followed by a numbered list of findings", "## Findings that update / contradict the existing corpus")
    return Index(path, title, intro_html, map_rows, findings, findings_intro, tuple(sections),
                 map_heading, findings_heading)


def _split_h2(soup: BeautifulSoup) -> dict:
    out: dict = {None: [], "sections": []}
    current: list | None = out[None]
    for node in list(soup.children):
        if isinstance(node, Tag) and node.name == "h1":
            continue
        if isinstance(node, Tag) and node.name == "h2":
            current = []
            out["sections"].append((node, current))
            continue
        current.append(node)
    return out


def _cell_dir(cell: Tag) -> str:
    code = cell.find("code")
    text = squash((code or cell).get_text())
    return text.strip().strip("/").strip()


def _parse_map(content: list, lines: list[str], start: int, stop: int, path: str,
               report: Report) -> tuple[MapRow, ...]:
    table = next((n for n in content if isinstance(n, Tag) and n.name == "table"), None)
    if table is None:
        report.error(path, start, "the directory map has no table: expected | Dir | What's there | "
                     "When to open it |", MAP_EXAMPLE)
        return ()
    row_lines = [n for n in range(start + 1, stop) if _TABLE_ROW.match(lines[n - 1])
                 and not _TABLE_RULE.match(lines[n - 1])][1:]
    rows: list[MapRow] = []
    body = table.find("tbody") or table
    for i, tr in enumerate(body.find_all("tr")):
        cells = tr.find_all(["td", "th"])
        if tr.find("th") and i == 0 and not table.find("tbody"):
            continue
        line = row_lines[i] if i < len(row_lines) else start
        raw_cells = lines[line - 1].strip().strip("|").split("|") if line != start else []
        filled = [c for c in cells if squash(c.get_text())]
        if len(filled) < 3 or (raw_cells and len([c for c in raw_cells if c.strip()]) < 3):
            report.error(path, line, f"directory map row has {len(filled)} filled cells, expected 3 "
                         "(Dir, What's there, When to open it)", MAP_EXAMPLE)
        if not cells or not squash(cells[0].get_text()):
            continue
        rows.append(MapRow(
            _cell_dir(cells[0]),
            sanitize(cells[1].decode_contents()) if len(cells) > 1 else "",
            sanitize(cells[2].decode_contents()) if len(cells) > 2 else "",
            line,
        ))
    return tuple(rows)


def _parse_findings(content: list, lines: list[str], start: int, stop: int, path: str,
                    report: Report) -> tuple[tuple[Finding, ...], str]:
    item_lines = [n for n in range(start + 1, stop) if _ITEM.match(lines[n - 1])]
    intro: list = []
    items: list[tuple[Tag, list]] = []  # (li, trailing blocks that belong to it)
    lists = [i for i, n in enumerate(content) if isinstance(n, Tag) and n.name == "ol"]
    if not lists:
        report.error(path, start, "the findings section has no numbered list: each finding is an "
                     "item '1. **Title.** body **[merged: …]**'", FINDING_EXAMPLE)
        return (), sanitize("".join(str(x) for x in content))
    last_list = lists[-1]
    for i, node in enumerate(content):
        if isinstance(node, Tag) and node.name == "ol":
            for li in node.find_all("li", recursive=False):
                items.append((li, []))
        elif not items:
            intro.append(node)
        elif i < last_list:
            items[-1][1].append(node)  # a paragraph CommonMark would keep inside the item
    trailing = [n for n in content[last_list + 1:] if not (isinstance(n, NavigableString) and not n.strip())]
    findings = []
    for number, (li, extra) in enumerate(items, 1):
        line = item_lines[number - 1] if number - 1 < len(item_lines) else start
        end = item_lines[number] - 1 if number < len(item_lines) else stop - 1
        for node in extra:
            li.append(node)
        findings.append(_parse_finding(li, number, line, end, path, report))
    if trailing:
        report.warning(path, start, "text after the findings list is not part of any finding and is "
                       "shown on the index page only")
    return tuple(findings), sanitize("".join(str(x) for x in intro))


def _parse_finding(li: Tag, number: int, line: int, end: int, path: str, report: Report) -> Finding:
    explicit = None
    aliases: list[str] = []
    for c in li.find_all(string=lambda s: isinstance(s, Comment)):
        m = _ID_COMMENT.search(c)
        if m:
            explicit = m.group(1).lower()
        m = _ALIAS_COMMENT.search(c)
        if m:
            for a in (a.strip().lower() for a in m.group(1).split(",") if a.strip()):
                if _SAFE_ID.fullmatch(a):
                    aliases.append(a)
                else:  # ".." would put a redirect page over the home page
                    report.error(path, line, f"finding {number}: alias {a!r} is not a valid id (letters, digits, "
                                 "'.', '_', '-'; starting with a letter or digit)")
        c.extract()

    cited = tuple(dict.fromkeys(squash(c.get_text()) for c in li.find_all("code")))

    # title: the leading bold text
    first = _first_meaningful(li)
    title_tag = first if isinstance(first, Tag) and first.name in ("strong", "b") else None
    text_all = squash(li.get_text())
    if title_tag is not None and not squash(title_tag.get_text()).lower().startswith(("[merged", "[flagged")):
        title = squash(title_tag.get_text()).rstrip(".:").strip()
        title_html = sanitize(title_tag.decode_contents()).strip()
        title_html = re.sub(r"[.:]\s*$", "", title_html)
        title_tag.extract()
    else:
        title = _first_sentence(text_all)
        title_html = sanitize(title)
        report.error(path, line, f"finding {number} has no bold title: expected the item to start "
                     "with a **bold lead sentence**", FINDING_EXAMPLE)

    # marker: the last bracketed [merged: …] / [flagged …] group
    status = "error"
    marker = None
    targets: tuple[Target, ...] = ()
    reason = None
    recheck = None
    label = f'finding {number} "{title}"'
    # code blocks may quote marker syntax: search the item's text with them blanked out
    prose = "".join(" " * len(t) if t.find_parent("pre") else str(t) for t in li.find_all(string=True))
    located = find_marker(prose)
    if located is None:
        report.error(path, line, f"{label} has no provenance marker: expected [merged: FILE — NOTE] "
                     "or [flagged — REASON] at the end of the item", MERGED_EXAMPLE)
    elif located == "unterminated":
        report.error(path, line, f"{label}: the provenance marker is not closed with ']'", MERGED_EXAMPLE)
        _remove_text_range(li, prose.lower().rfind("["), len(prose))
    else:
        s, e = located
        marker = squash(li.get_text()[s:e])
        _remove_text_range(li, s, e)
        try:
            parsed = parse_marker(marker)
        except ValueError as exc:
            report.error(path, line, f"{label}: {exc}; found {marker!r}", MERGED_EXAMPLE)
        else:
            status = parsed.status
            targets = tuple(Target(f, n) for f, n in parsed.targets)
            reason = parsed.reason
            recheck = recheck_date(reason) if reason else None

    body_html = sanitize(li.decode_contents()).strip()
    body_html = re.sub(r"^(<p>)?\s*(?:[.:—–-](?=\s|<|$))?\s*", r"\1", body_html)  # "**T**: body", not "--8<--"
    body_html = re.sub(r"<p>\s*</p>\s*", "", body_html)  # the title's paragraph, when it held only the title
    summary = plain_text(body_html)
    return Finding(
        number=number,
        id=explicit or derive_id(title),
        title=title,
        title_html=title_html,
        body_html=body_html,
        summary=summary,
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
    )


def _first_meaningful(li: Tag):
    node = li
    while True:
        kids = [k for k in node.children if not (isinstance(k, NavigableString) and not k.strip())]
        if not kids:
            return None
        first = kids[0]
        if isinstance(first, Tag) and first.name == "p":
            node = first
            continue
        return first


def _first_sentence(text: str) -> str:
    m = re.match(r"(.{1,120}?[.!?])(\s|$)", text)
    return (m.group(1) if m else text[:80]).rstrip(".") or "(untitled)"


def _remove_text_range(root: Tag, start: int, end: int) -> None:
    """Delete the characters [start, end) of root.get_text() from the tree, pruning empty tags."""
    pos = 0
    for s in list(root.find_all(string=True)):
        n = len(s)
        a, b = max(start, pos), min(end, pos + n)
        if a < b:
            new = s[: a - pos] + s[b - pos:]
            parent = s.parent
            s.replace_with(NavigableString(new))
            while parent is not None and parent is not root and not parent.get_text().strip() \
                    and parent.name not in ("p", "li"):
                nxt = parent.parent
                parent.extract()
                parent = nxt
        pos += n


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
