"""Read a sibling-model brief written as prose (no front matter) into facts, each with its source line.

A brief in the maintainer's format: an H1 naming the models (`# XGemma / XGemma 2`), a lead paragraph
saying what the model is built on and whether a Gemma 4 generation exists, then `##` sections whose
names vary — "What it is" (one item per model, often with the release month), "Sizes…" (a list with
bold sizes or a table with a total column), "Model card(s)" (URLs, some labelled). The patterns are
deterministic and run on bounded text (one sentence or one item at a time). What cannot be read is None
or empty; the loader turns that into an info note, never a warning. No mkdocs import.
"""
from __future__ import annotations

import re

from macros.model.briefs import BriefFacts, CardLink, Fact
from macros.text.blocks import Block, markdown_blocks, strong_texts, text_of, words_start
from macros.text.plain import squash

SENTENCE_LIMIT = 2000  # characters of one sentence or item the patterns look at

_GEN = r"Gemma[\s-]?(\d{1,2})(?!\d|\.\d|[A-Za-z])"

_GENERATION = [re.compile(p, re.IGNORECASE) for p in (
    r"\b(?:built|based|trained|fine-?tuned|derived|initiali[sz]ed|made)\s+(?:up)?(?:on|from)\s+"
    r"(?:top\s+of\s+)?(?:the\s+|a\s+)?" + _GEN,
    _GEN + r"[\s-]+based\b",
    r"\bstill\s+on\s+(?:the\s+)?" + _GEN,
    r"\bon\s+(?:the\s+)?" + _GEN + r"\s+as\s+of\b",
    r"\ba\s+" + _GEN + r"\s+(?:model|sibling|variant|derivative)\b",
)]

_NO_GEMMA4 = re.compile(
    r"\b(?:no|not\s+yet\s+an?|there\s+is\s+no|without\s+an?)\s+Gemma[\s-]?4\b[^.;:]{0,200}"
    r"|\bnot\s+(?:yet\s+)?(?:been\s+)?(?:built\s+|based\s+|released\s+)?on\s+Gemma[\s-]?4\b[^.;:]{0,200}",
    re.IGNORECASE)

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")

_DATE = rf"(?:{_MONTH}\.?\s+\d{{4}}|\d{{4}}-\d{{2}}(?:-\d{{2}})?)"

_PAREN_DATE = re.compile(rf"\(\s*(?:released\s+|launched\s+|announced\s+)?(?:in\s+|on\s+)?({_DATE})\b[^()]{{0,60}}\)",
                         re.IGNORECASE)

_RELEASED = re.compile(rf"\breleased\s+(?:in\s+|on\s+)?({_DATE})\b", re.IGNORECASE)

#: a sentence saying when the brief joined the lane: "Added on 2026-11-28, after …", "This brief was added
#: 2026-11-28." Only at the start of a sentence, so "the library added it on …" is not read as one.
_ADDED = re.compile(r"^(?:this\s+(?:brief|page|file|entry)\s+was\s+)?added\s+(?:on\s+)?\(?(\d{4}-\d{2}-\d{2})\b",
                    re.IGNORECASE)

_SIZE = re.compile(r"~?\d+(?:\.\d+)?\s?[KMBT]\b")

_SIZE_SPLIT = re.compile(r"\s*(?:,|/|\band\b|\bor\b|;)\s*")

_LABEL = re.compile(r"([A-Za-z][\w.&+-]{0,20}(?:[ \t][A-Za-z][\w.&+-]{0,20}){0,2})\s*:\s*$")

_CONNECTIVE = re.compile(r"^(?:and|or|also|plus|see)\s+", re.IGNORECASE)

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*(\[])")


Part = tuple[Block | None, list[Block]]  # a heading (None: the lead) and the blocks under it


def read_brief(markdown: str, line_offset: int = 0) -> BriefFacts:
    """The facts of one brief (Markdown body without front matter; `line_offset` = lines before it)."""
    bs = markdown_blocks(markdown, line_offset)
    h1 = next((b for b in bs if b.kind == "heading" and b.level == 1), None)
    title = text_of(h1.inline) if h1 else None
    models = tuple(Fact(n, h1.line) for n in (squash(p) for p in (title or "").split(" / ")) if n) if h1 else ()
    names = [m.value for m in models]
    lead_blocks, body_parts = _split_parts(bs)
    what = [b for _, content in _section(body_parts, "what it is", "what they are", "what") for b in content
            if b.kind == "item"]
    lead_paras = [b for b in lead_blocks if b.kind in ("para", "item")]
    lead = next((Fact(b.text[:SENTENCE_LIMIT], b.line) for b in lead_paras if b.kind == "para" and b.text), None)
    single = names[0] if len(names) == 1 else None
    generations, no4 = _read_generations(lead_paras + what, names, single)
    if no4 is None:  # the statement may stand anywhere in the brief
        no4 = _no_gemma4_anywhere(body_parts)
    return BriefFacts(title=title, title_line=h1.line if h1 else None, models=models, lead=lead,
                      generations=_unique(generations), sizes=_unique(_read_sizes(body_parts, names, single)),
                      released=_unique(_read_released(what, names, single)),
                      cards=tuple(dict.fromkeys(_read_cards(body_parts))), no_gemma4=no4,
                      added=_read_added(lead_paras, body_parts))


def _split_parts(bs: list[Block]) -> tuple[list[Block], list[Part]]:
    """The lead (everything before the first heading below the H1) and each later heading's blocks."""
    parts: list[Part] = []
    for b in bs:
        if b.kind == "heading" and b.level >= 2:
            parts.append((b, []))
        elif b.kind == "heading":
            continue
        elif parts:
            parts[-1][1].append(b)
        else:
            parts.append((None, [b]))
    lead_blocks = parts[0][1] if parts and parts[0][0] is None else []
    body_parts = parts[1:] if parts and parts[0][0] is None else parts
    return lead_blocks, body_parts


def _section(body_parts: list[Part], *prefixes: str) -> list[tuple[Block, list[Block]]]:
    return [(h, content) for h, content in body_parts if h is not None and words_start(h.text, *prefixes)]


def _read_generations(blocks: list[Block], names: list[str], single: str | None) -> tuple[list[Fact], Fact | None]:
    """The base generations the lead and "What it is" state, and the first "no Gemma 4 yet" sentence."""
    generations: list[Fact] = []
    no4: Fact | None = None
    for b in blocks:
        model = _model_in(b.text, names) or single
        for sentence in _sentences(b.text):
            m4 = _NO_GEMMA4.search(sentence)
            if m4 and no4 is None:
                no4 = Fact(sentence, b.line)
            rest = _NO_GEMMA4.sub(" ", sentence)
            for pos, g in _generations(rest):
                generations.append(Fact(g, b.line, _model_before(rest, pos, names) or model))
    return generations, no4


def _no_gemma4_anywhere(body_parts: list[Part]) -> Fact | None:
    for _, content in body_parts:
        for b in content:
            if b.kind in ("para", "item"):
                for sentence in _sentences(b.text):
                    if _NO_GEMMA4.search(sentence):
                        return Fact(sentence, b.line)
    return None


def _read_added(lead_paras: list[Block], body_parts: list[Part]) -> Fact | None:
    """The lead first, then any paragraph: the first sentence that says when the brief was added."""
    for b in lead_paras + [b for _, content in body_parts for b in content if b.kind == "para"]:
        m = next((m for m in (_ADDED.match(s.strip()) for s in _sentences(b.text)) if m), None)
        if m:
            return Fact(m.group(1), b.line)
    return None


def _read_released(what: list[Block], names: list[str], single: str | None) -> list[Fact]:
    released: list[Fact] = []
    for b in what:
        text = b.text[:SENTENCE_LIMIT]
        m = _PAREN_DATE.search(text) or _RELEASED.search(text)
        if m:
            released.append(Fact(squash(m.group(1)), b.line, _model_in(text, names) or single))
    return released


def _read_sizes(body_parts: list[Part], names: list[str], single: str | None) -> list[Fact]:
    sizes: list[Fact] = []
    for h, content in _section(body_parts, "size", "parameter", "params"):
        sec_model = _model_in(h.text, names) or single
        for b in content:
            if b.kind in ("item", "para"):
                model = _model_in(b.text, names) or sec_model
                for strong in (s for inl in b.inlines for s in strong_texts(inl)):
                    for token in _SIZE_SPLIT.split(strong[:SENTENCE_LIMIT]):
                        if _SIZE.fullmatch(token.strip()):
                            sizes.append(Fact(token.strip(), b.line, model))
            elif b.kind == "table":
                sizes.extend(_table_sizes(b, names, sec_model))
    return sizes


def _read_cards(body_parts: list[Part]) -> list[CardLink]:
    cards: list[CardLink] = []
    for _, content in _section(body_parts, "model card", "model-card", "card"):
        for b in content:
            for inline in b.inlines if b.kind in ("item", "para") else [c for _, row in b.rows for c in row]:
                cards.extend(_card_links(inline, b.line))
    return cards


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text[:SENTENCE_LIMIT]) if s.strip()]


def _generations(sentence: str) -> list[tuple[int, str]]:
    """(position, "Gemma N") of each base-generation statement in one sentence, in order."""
    found: list[tuple[int, str]] = []
    for pattern in _GENERATION:
        for m in pattern.finditer(sentence):
            found.append((m.start(), f"Gemma {int(m.group(1))}"))
    return sorted(found)


def _model_before(text: str, pos: int, names: list[str]) -> str | None:
    """The model named nearest before `pos` in the same clause (a "; " or ", while" starts a new one)."""
    start = max(text.rfind(";", 0, pos), text.rfind(" while ", 0, pos), text.rfind(" whereas ", 0, pos)) + 1
    clause = text[start:pos]
    best: tuple[int, int, str] | None = None
    for name in names:
        for m in re.finditer(rf"(?<![\w]){re.escape(name)}(?![\w])", clause, re.IGNORECASE):
            key = (m.start(), len(name))
            if best is None or key > (best[0], best[1]):
                best = (m.start(), len(name), name)
    return best[2] if best else _model_in(text[pos:], names) if start == 0 else None


def _model_in(text: str, names: list[str]) -> str | None:
    """The model name the text mentions first (the longer name when two start at the same place)."""
    best: tuple[int, int, str] | None = None
    for name in names:
        m = re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text[:SENTENCE_LIMIT], re.IGNORECASE)
        if m and (best is None or (m.start(), -len(name)) < (best[0], best[1])):
            best = (m.start(), -len(name), name)
    return best[2] if best else None


def _table_sizes(table: Block, names: list[str], model: str | None) -> list[Fact]:
    heads = [text_of(c).lower() for c in table.header]
    col = next((i for i, h in enumerate(heads) if "total" in h), None)
    if col is None:
        col = next((i for i, h in enumerate(heads) if words_start(h, "size", "param", "parameter")), None)
    if col is None:
        return []
    out = []
    for line, row in table.rows:
        if col < len(row):
            value = text_of(row[col])
            if value and value not in ("—", "-", "?"):
                label = " ".join(text_of(c) for c in row[:col])
                out.append(Fact(value[:200], line, _model_in(label, names) or model))
    return out


def _card_links(inline, line: int) -> list[CardLink]:
    out: list[CardLink] = []
    if inline is None or not inline.children:
        return out
    before: list[str] = []
    href: str | None = None
    text: list[str] = []
    for c in inline.children:
        if c.type == "link_open":
            href, text = str(c.attrGet("href") or ""), []
        elif c.type == "link_close" and href is not None:
            if re.match(r"^https?://", href, re.IGNORECASE):
                m = _LABEL.search("".join(before)[-200:])
                label = _CONNECTIVE.sub("", squash(m.group(1))) if m else None
                shown = squash("".join(text))
                if label is None and shown and shown != href and not re.match(r"^https?://", shown):
                    label = shown
                out.append(CardLink(href, label, line))
            href, before = None, []
        elif href is not None and c.type in ("text", "code_inline"):
            text.append(c.content)
        elif c.type in ("text", "code_inline"):
            before.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            before.append(" ")
    return out


def _unique(facts: list[Fact]) -> tuple[Fact, ...]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for f in facts:
        key = (f.value.casefold(), f.model)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return tuple(out)
