"""Read a lane README in the maintainer's format: title, provenance date, top-line findings, file tables.

- H1, possibly dated: `# Hugging Face sources (as of 2026-04-18)`.
- A provenance statement in prose or a blockquote: "Downloaded April 2026.", "Research captured
  2026-04-18.", "Verified against upstream repos … on **2026-04-18**". The date is kept at the precision
  the lane states it ("April 2026" stays a month).
- Optionally `## Top-line findings`: a numbered list with bold lead titles.
- Per-subfolder sections headed by the folder as a code span (`` ### `model-cards/` ``): a prose source
  statement and a table whose first column is headed `File`, names relative to that folder. A `File`
  table outside such a section lists names relative to the lane. Tables without a `File` first column
  (wide summaries) are not file tables.
No mkdocs import; lines are 1-based source lines of the README.
"""
from __future__ import annotations

import html as htmllib
import re
import unicodedata

from macros.model.lanes import FileSection, LaneFacts, LaneFinding, LaneRow, Provenance
from macros.text.blocks import (
    Block, code_spans, html_of, item_html, lead_strong, links_of, markdown_blocks, text_of, words_start,
)
from macros.text.plain import squash
from macros.text.safehtml import SafeHtml
from macros.text.sanitize import sanitize

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")

_DATE = (rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{4}}-\d{{2}}|{_MONTH}\.?\s+(?:\d{{1,2}},?\s+)?\d{{4}}"
         rf"|(?:early|mid|late)[-\s]\d{{4}})")


_PROVENANCE = re.compile(
    r"\b(?:downloaded|captured|verified|retrieved|fetched|pulled|populated|collected|snapshotted|mirrored|"
    r"gathered|checked|compiled|researched|copied|saved)\b[^.]{0,300}?" + f"({_DATE})", re.IGNORECASE)

_AS_OF = re.compile(r"\(\s*as\s+of\s+(" + _DATE + r")\s*\)", re.IGNORECASE)

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*(\[>])")

TEXT_LIMIT = 4000


def github_anchor(text: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces to '-'."""
    text = text.strip().lower()
    return re.sub(r"[^\w\- ]", "", text, flags=re.UNICODE).replace(" ", "-")


def finding_anchor(title: str) -> str:
    """A stable anchor for a lane's top-line finding: ASCII words of its title, at most 8 / 64 characters."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w][:8]
    out: list[str] = []
    for w in words:
        if len("-".join(out + [w])) > 64:
            break
        out.append(w)
    return "finding-" + ("-".join(out) or "untitled")


def read_lane(markdown: str, line_offset: int = 0) -> LaneFacts:
    bs = markdown_blocks(markdown, line_offset)
    h1 = next((b for b in bs if b.kind == "heading" and b.level == 1), None)
    title = text_of(h1.inline) if h1 else None
    as_of = _AS_OF.search(title or "")
    provenance = _provenance(bs)

    findings: list[LaneFinding] = []
    sections: list[FileSection] = []
    current: dict | None = None  # the open `folder/` section
    anchors: set[str] = set()
    heading_ids: dict[str, int] = {}
    in_findings = False
    outside: list[tuple[int, str]] = []
    for b in bs:
        if b.kind == "heading":
            hid = _unique_heading_id(text_of(b.inline), heading_ids)
            if current is not None and b.level <= current["level"]:
                _close(current, sections)
                current = None
            if b.level <= 2:
                in_findings = words_start(text_of(b.inline), "top-line findings", "top line findings",
                                          "topline findings", "top findings")
            folder = _folder(b, outside)
            if folder is not None:
                if current is not None:
                    _close(current, sections)
                current = {"folder": folder, "heading": text_of(b.inline), "anchor": hid, "line": b.line,
                           "level": b.level, "prose": [], "rows": []}
                in_findings = False
            continue
        if in_findings and b.kind == "item" and b.ordered and b.depth == 1:
            findings.append(_finding(b, len(findings) + 1, anchors))
            continue
        if b.kind == "para" and current is not None and not current["rows"]:
            current["prose"].append(b)
        elif b.kind == "table" and _is_file_table(b):
            if current is not None:
                current["rows"].extend(_rows(b, current["folder"], outside))
            else:
                sections.append(FileSection("", None, None, b.line, "", SafeHtml(""), (), tuple(_rows(b, "", outside))))
    if current is not None:
        _close(current, sections)
    return LaneFacts(title, h1.line if h1 else None, as_of.group(1) if as_of else None, provenance,
                     tuple(findings), tuple(sections), tuple(outside))


def _unique_heading_id(text: str, seen: dict[str, int]) -> str:
    base = github_anchor(text)
    n = seen.get(base, 0)
    seen[base] = n + 1
    return base if n == 0 else f"{base}-{n}"


def _folder(b: Block, outside: list[tuple[int, str]]) -> str | None:
    """The folder a heading names when it is (or starts with) a code span ending in '/'."""
    inline = b.inline
    if inline is None or not inline.children:
        return None
    kids = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
    if not kids or kids[0].type != "code_inline":
        return None
    name = kids[0].content.strip()
    if not name.endswith("/") or len(name) < 2:
        return None
    name = name.strip("/")
    if name.startswith("./"):
        name = name[2:]
    if not name or ".." in name.split("/"):
        if name:
            outside.append((b.line, name + "/"))
        return None
    return name


def _close(current: dict, sections: list[FileSection]) -> None:
    prose: list[Block] = current["prose"]
    urls: list[str] = []
    for b in prose:
        for inline in b.inlines:
            urls.extend(h for h, _ in links_of(inline) if re.match(r"^https?://", h, re.IGNORECASE))
    sections.append(FileSection(
        current["folder"], current["heading"], current["anchor"], current["line"],
        squash(" ".join(b.text for b in prose))[:TEXT_LIMIT],
        SafeHtml("".join(f"<p>{html_of(b.inline)}</p>" for b in prose)),
        tuple(dict.fromkeys(urls)), tuple(current["rows"])))


def _is_file_table(b: Block) -> bool:
    return bool(b.header) and text_of(b.header[0]).strip().lower() in ("file", "files", "filename", "file name")


def _rows(table: Block, folder: str, outside: list[tuple[int, str]]) -> list[LaneRow]:
    heads = [text_of(c) for c in table.header]
    lower = [h.lower() for h in heads]
    desc = next((i for i, h in enumerate(lower) if i > 0 and words_start(h, "what", "description", "purpose",
                                                                         "notes", "contents")), None)
    if desc is None:
        desc = len(heads) - 1 if len(heads) > 1 else None
    out: list[LaneRow] = []
    for line, cells in table.rows:
        if not cells:
            continue
        names = code_spans(cells[0]) or [text_of(cells[0])]
        d_cell = cells[desc] if desc is not None and desc < len(cells) else None
        others = tuple((heads[i], text_of(c)) for i, c in enumerate(cells) if 0 < i < len(heads) and i != desc)
        for raw in names:
            name = raw.strip()
            if name.startswith("./"):
                name = name[2:]
            name = name.lstrip("/")
            if not name or name in ("—", "-"):
                continue
            if ".." in name.split("/"):
                outside.append((line, raw.strip()))
                continue
            out.append(LaneRow(name, f"{folder}/{name}" if folder else name, text_of(d_cell)[:TEXT_LIMIT],
                               html_of(d_cell), line, others))
    return out


def _finding(b: Block, number: int, anchors: set[str]) -> LaneFinding:
    strong = lead_strong(b.inline)
    title = text_of(strong).rstrip(".:").strip() if strong is not None else _first_sentence(b.text)
    anchor, n = finding_anchor(title), 2
    base = anchor
    while anchor in anchors:
        anchor, n = f"{base}-{n}", n + 1
    anchors.add(anchor)
    # a title without a bold lead is plain text: escaped, like a finding's of the index
    title_html = SafeHtml(re.sub(r"[.:]\s*$", "", html_of(strong))) if strong is not None \
        else sanitize(htmllib.escape(title))
    body = item_html(b)  # nested lists, code blocks, tables and quotes too
    return LaneFinding(number, title, title_html, body, anchor, b.line)


def _first_sentence(text: str) -> str:
    m = re.match(r"(.{1,120}?[.!?])(\s|$)", text)
    return (m.group(1) if m else text[:80]).rstrip(".") or "(untitled)"


def _provenance(bs: list[Block]) -> Provenance | None:
    """The first sentence, in prose or a blockquote, that says when the lane's files were obtained."""
    for b in bs:
        if b.kind != "para":
            continue
        for sentence in _SENTENCE.split(b.text[:TEXT_LIMIT]):
            m = _PROVENANCE.search(sentence)
            if m:
                return Provenance(sentence.strip(), squash(m.group(1)), b.line)
    return None
