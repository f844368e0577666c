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
from macros.text.blocks import Block, lead_strong, markdown_blocks, strong_texts, text_of, words_start
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
    r"\b(?:the\s+)?(?:same\s+)?" + _GEN + r"\s+(?:backbone|base\s+model)\b",
)]
_NO_GEMMA4 = re.compile(
    r"\b(?:no|not\s+yet\s+an?|there\s+is\s+no|without\s+an?)\s+Gemma[\s-]?4\b[^.;:]{0,200}"
    r"|\bnot\s+(?:yet\s+)?(?:been\s+)?(?:built\s+|based\s+|released\s+)?on\s+Gemma[\s-]?4\b[^.;:]{0,200}"
    # "no PaliGemma 3 or PaliGemma-on-Gemma-4 yet"
    r"|\bno\s+[^.;:]{0,80}?-on-Gemma[\s-]?4\b[^.;:]{0,200}"
    # "No Gemma 2/3/4 generation"
    r"|\bno\s+Gemma[\s-]?(?:\d{1,2}\s*/\s*)+4\b[^.;:]{0,200}",
    re.IGNORECASE)
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# "Jan 13, 2026", "13 January 2026", "May 2024", "2026-01-13", "2025-03"
_DATE = (rf"(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\.?\s+\d{{4}}"
         rf"|{_MONTH}\.?\s+\d{{4}}|\d{{4}}-\d{{2}}(?:-\d{{2}})?)")
_PAREN_DATE = re.compile(rf"\(\s*(?:released\s+|launched\s+|announced\s+)?(?:in\s+|on\s+)?({_DATE})\b[^()]{{0,60}}\)",
                         re.IGNORECASE)
_RELEASED = re.compile(rf"\b(?:released|launched)\s+(?:in\s+|on\s+)?({_DATE})\b", re.IGNORECASE)
#: the rest of a per-model item after its bold name: `(May 2024): Gemma 1 + SigLIP …`
_MODEL_ITEM = re.compile(rf"^\s*(?:\(\s*({_DATE})[^()]{{0,60}}\))?\s*[:—–-]\s*(.*)$", re.IGNORECASE | re.DOTALL)
_LEADING_GEN = re.compile(r"^(?:the\s+|a\s+)?" + _GEN + r"(?:\s*[+(,]|\s+(?:backbone|base|decoder)\b)", re.IGNORECASE)
#: a sentence saying when the brief joined the lane: "Added on 2026-11-28, after …", "This brief was added
#: 2026-11-28." Only at the start of a sentence, so "the library added it on …" is not read as one.
_ADDED = re.compile(r"^(?:this\s+(?:brief|page|file|entry)\s+was\s+)?added\s+(?:on\s+)?\(?(\d{4}-\d{2}-\d{2})\b",
                    re.IGNORECASE)
_SIZE = re.compile(r"~?\d+(?:\.\d+)?\s?[KMBT]\b")
_SIZE_SPLIT = re.compile(r"\s*(?:,|/|\band\b|\bor\b|;)\s*")
_LABEL = re.compile(r"(?<![\w.&+-])([A-Za-z0-9][\w.&+-]{0,20}(?:[ \t][A-Za-z0-9][\w.&+-]{0,20}){0,2})\s*:\s*$")
_CONNECTIVE = re.compile(r"^(?:and|or|also|plus|see)\s+", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*(\[])")


def read_brief(markdown: str, line_offset: int = 0) -> BriefFacts:
    """The facts of one brief (Markdown body without front matter; `line_offset` = lines before it)."""
    bs = markdown_blocks(markdown, line_offset)
    h1 = next((b for b in bs if b.kind == "heading" and b.level == 1), None)
    title = text_of(h1.inline) if h1 else None
    models = tuple(Fact(n, h1.line) for n in (squash(p) for p in (title or "").split(" / ")) if n) if h1 else ()
    names = Names([m.value for m in models])
    lead_blocks, body_parts = _parts(bs)

    def section(*prefixes: str) -> list[tuple[Block, list[Block]]]:
        return [(h, content) for h, content in body_parts if h is not None and words_start(h.text, *prefixes)]

    what = [b for _, content in section("what it is", "what they are", "what") for b in content
            if b.kind == "item"]
    lead_paras = [b for b in lead_blocks if b.kind in ("para", "item")]
    lead = next((Fact(b.text[:SENTENCE_LIMIT], b.line) for b in lead_paras if b.kind == "para" and b.text), None)
    body = [b for _, content in body_parts for b in content if b.kind in ("para", "item")]
    per_model = _model_items(bs, names)
    single = names.single
    shared = [b for b in lead_paras + what if id(b) not in per_model]
    generations = [f for b in shared for f in _block_generations(b, names, single)]
    released = [f for b in what if id(b) not in per_model for f in _block_released(b, names, single)]
    for m in per_model.values():
        generations += m[0]
        released += m[1]
    if not released:  # "Released **September 2025**" in the lead or any paragraph
        released = next(([Fact(squash(m.group(1)), b.line, _model_in(b.text, names) or single)]
                         for b in lead_paras + body for m in [_RELEASED.search(b.text[:SENTENCE_LIMIT])] if m), [])
    no4 = _first_sentence(lead_paras + what, _NO_GEMMA4) or _first_sentence(body, _NO_GEMMA4)
    sizes = _sizes(section("size", "parameter", "params"), names, single)
    cards: list[CardLink] = []
    for _, content in section("model card", "model-card", "card"):
        for b in content:
            for inline in b.inlines if b.kind in ("item", "para") else [c for _, row in b.rows for c in row]:
                cards.extend(_card_links(inline, b.line))
    quotes = _quotes(lead_paras + body, section("size", "parameter", "params"), generations, sizes, released)
    return BriefFacts(title=title, title_line=h1.line if h1 else None, models=models, lead=lead,
                      generations=_unique(generations), sizes=_unique(sizes), released=_unique(released),
                      cards=tuple(dict.fromkeys(cards)), no_gemma4=no4, added=_added(lead_paras, body),
                      quotes=quotes)


def _parts(bs: list[Block]) -> tuple[list[Block], list[tuple[Block | None, list[Block]]]]:
    """(the lead: the blocks before the first heading below the H1, the sections after it)."""
    parts: list[tuple[Block | None, list[Block]]] = []
    for b in bs:
        if b.kind == "heading" and b.level >= 2:
            parts.append((b, []))
        elif b.kind == "heading":
            continue
        elif parts:
            parts[-1][1].append(b)
        else:
            parts.append((None, [b]))
    if parts and parts[0][0] is None:
        return parts[0][1], parts[1:]
    return [], parts


def _block_generations(b: Block, names: Names, single: str | None) -> list[Fact]:
    model = _model_in(b.text, names) or single
    out = []
    for sentence in _sentences(b.text):
        rest = _NO_GEMMA4.sub(" ", sentence)
        for pos, g in _generations(rest):
            out.append(Fact(g, b.line, _model_before(rest, pos, names) or model))
    return out


def _block_released(b: Block, names: Names, single: str | None) -> list[Fact]:
    text = b.text[:SENTENCE_LIMIT]
    m = _PAREN_DATE.search(text) or _RELEASED.search(text)
    return [Fact(squash(m.group(1)), b.line, _model_in(text, names) or single)] if m else []


def _model_items(bs: list[Block], names: Names) -> dict[int, tuple[list[Fact], list[Fact]]]:
    """Items that give one model its own facts: `- **PaliGemma 2** (December 2024): Gemma 2 + SigLIP …`.

    The bold lead names the model (one of the title's, or a longer name starting like one: "PaliGemma 2
    mix"); a date in parentheses is its release; `Gemma N` right after the colon (or a built-on phrase) its
    base generation. Returns id(block) → (generations, releases)."""
    firsts = {n.split()[0].casefold() for n in names if n.split()}
    out: dict[int, tuple[list[Fact], list[Fact]]] = {}
    for b in bs:
        strong = lead_strong(b.inline) if b.kind == "item" else None
        if strong is None:
            continue
        model = text_of(strong).rstrip(":").strip()
        if not model or model.split()[0].casefold() not in firsts or not b.text.startswith(text_of(strong)):
            continue
        m = _MODEL_ITEM.match(b.text[len(text_of(strong)):][:SENTENCE_LIMIT])
        if m is None:
            continue
        rest = m.group(2)
        lead_gen = _LEADING_GEN.match(rest)
        gens = [f"Gemma {int(lead_gen.group(1))}"] if lead_gen else [g for _, g in _generations(rest)][:1]
        when = m.group(1) or (lambda r: r.group(1) if r else None)(_RELEASED.search(rest))
        out[id(b)] = ([Fact(g, b.line, model) for g in gens], [Fact(squash(when), b.line, model)] if when else [])
    return out


def _first_sentence(bs: list[Block], pattern: re.Pattern) -> Fact | None:
    for b in bs:
        for sentence in _sentences(b.text):
            if pattern.search(sentence):
                return Fact(sentence, b.line)
    return None


def _added(lead_paras: list[Block], body: list[Block]) -> Fact | None:
    """The first sentence (the lead first, then any paragraph) saying when the brief was added."""
    for b in lead_paras + [b for b in body if b.kind == "para"]:
        m = next((m for m in (_ADDED.match(s.strip()) for s in _sentences(b.text)) if m), None)
        if m:
            return Fact(m.group(1), b.line)
    return None


def _sizes(sections: list[tuple[Block, list[Block]]], names: Names, single: str | None) -> list[Fact]:
    """Sizes from a Sizes section: bold sizes in its items and paragraphs, else sizes in its prose, and tables."""
    sizes: list[Fact] = []
    for h, content in sections:
        sec_model = _model_in(h.text, names) or single
        for b in content:
            if b.kind in ("item", "para"):
                model = _model_in(b.text, names) or sec_model
                found = [token.strip() for strong in (s for inl in b.inlines for s in strong_texts(inl))
                         for token in _SIZE_SPLIT.split(strong[:SENTENCE_LIMIT]) if _SIZE.fullmatch(token.strip())]
                found = found or [m.group(0) for m in _SIZE.finditer(b.text[:SENTENCE_LIMIT])]
                sizes += [Fact(v, b.line, model) for v in found]
            elif b.kind == "table":
                sizes.extend(_table_sizes(b, names, sec_model))
    return sizes


_RELEASE_WORDS = re.compile(r"\b(?:releas|launch|announc|publish|came out)", re.IGNORECASE)
_GEN_WORDS = re.compile(r"\bGemma[\s-]?\d", re.IGNORECASE)


def _quotes(prose: list[Block], size_sections, generations, sizes, released) -> tuple[tuple[str, Fact], ...]:
    """For a field the patterns could not read, the brief's own sentence about it (quoted, never guessed)."""
    out: list[tuple[str, Fact]] = []
    if not released:
        found = _first_sentence(prose, _RELEASE_WORDS)
        if found:
            out.append(("released", found))
    if not generations:
        found = _first_sentence(prose, _GEN_WORDS)
        if found:
            out.append(("base_generation", found))
    if not sizes:
        found = _first_sentence([b for _, content in size_sections for b in content if b.kind in ("para", "item")],
                                re.compile(r"\S"))
        if found:
            out.append(("params", found))
    return tuple((k, Fact(f.value[:300], f.line)) for k, f in out)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text[:SENTENCE_LIMIT]) if s.strip()]


def _generations(sentence: str) -> list[tuple[int, str]]:
    """(position, "Gemma N") of each base-generation statement in one sentence, in order."""
    found: list[tuple[int, str]] = []
    for pattern in _GENERATION:
        for m in pattern.finditer(sentence):
            found.append((m.start(), f"Gemma {int(m.group(1))}"))
    return sorted(found)


MAX_NAMES = 64  # model names read from one H1 ("A / B / …"); more is not a brief, and each costs per match


class Names:
    """The model names of one brief, matched whole and case-insensitively by one compiled pattern.

    One alternation, longest name first (so at one position the longer name wins), inside a lookahead:
    `finditer` then yields every position where some name starts, overlapping ones included. Compiled
    once per brief: a regex per name per item recompiled past `re`'s cache and grew with names × items.
    """

    def __init__(self, names: list[str]):
        self.names = list(dict.fromkeys(names))[:MAX_NAMES]
        self.single = self.names[0] if len(self.names) == 1 else None
        self._by_key = {n.lower(): n for n in self.names}
        alts = "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<![\w])(?=({alts})(?![\w]))", re.IGNORECASE) if self.names else None

    def __bool__(self) -> bool:
        return bool(self.names)

    def __iter__(self):
        return iter(self.names)

    def _name(self, found: str) -> str:
        return self._by_key.get(found.lower()) or next((n for n in self.names if n.lower() == found.lower()), found)

    def first(self, text: str) -> str | None:
        """The name the text mentions first (the longer name when two start at the same place)."""
        m = self._pattern.search(text) if self._pattern is not None else None
        return self._name(m.group(1)) if m else None

    def last(self, text: str) -> str | None:
        """The name that starts last in the text (the longer one when two start at the same place)."""
        found = None
        for m in self._pattern.finditer(text) if self._pattern is not None else ():
            found = m.group(1)
        return self._name(found) if found is not None else None


def _model_before(text: str, pos: int, names: Names) -> str | None:
    """The model named nearest before `pos` in the same clause (a "; " or ", while" starts a new one)."""
    start = max(text.rfind(";", 0, pos), text.rfind(" while ", 0, pos), text.rfind(" whereas ", 0, pos)) + 1
    best = names.last(text[start:pos])
    return best if best else _model_in(text[pos:], names) if start == 0 else None


def _model_in(text: str, names: Names) -> str | None:
    """The model name the text mentions first (the longer name when two start at the same place)."""
    return names.first(text[:SENTENCE_LIMIT])


def _table_sizes(table: Block, names: Names, model: str | None) -> list[Fact]:
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


__all__ = ["BriefFacts", "CardLink", "Fact", "read_brief"]
