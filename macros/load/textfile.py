"""Reading one corpus file as text, safely and within a size limit, with a warning for each problem."""
from __future__ import annotations

import codecs
import os
from pathlib import Path

from macros.fs import safe as safefs
from macros.model.defaults import (
    TEXT_LIMIT,
)
from macros.model.diagnostics import Report
from macros.text.reader import outline


def read_text(path: Path, rel: str, report: Report, *, root: Path | None = None,
              limit: int = TEXT_LIMIT, note: bool = False) -> str | None:
    """Read a corpus file as text; warn (naming the file) on BOM, NUL, bad encoding, emptiness or size.

    `rel` is the file as shown ('tooling/lane/README.md'); the file is opened through `safefs` under
    `root` (by default the top folder of `rel`, e.g. <project>/tooling), so a link out of it, a loop or
    a file swapped for a link during the build is refused with a warning, never read or quoted. At most
    `limit` bytes are read; a longer file is cut at a line end with a warning (and, with `note`, a
    closing line saying so: for text shown as a page).
    None: unreadable or binary.
    """
    if root is None:
        root, inner = safefs.split(path, rel)
    else:
        inner = path.relative_to(root).as_posix()
    try:
        data, size = safefs.read_bytes(root, inner, limit + 1)
    except safefs.Refused as exc:
        report.warning(rel, None, f"file skipped: {exc.strerror}")
        return None
    except OSError as exc:
        report.warning(rel, None, f"file could not be read ({exc.strerror or type(exc).__name__})")
        return None
    cut = len(data) > limit
    if cut:
        data = data[:limit]
        data = data[: data.rfind(b"\n") + 1] or data
        report.warning(rel, None, f"file is {_mb(size)}; only its first {_mb(len(data))} are shown and "
                       f"indexed (the limit is {_mb(limit)})")
    if not data.strip():
        report.warning(rel, None, "file is empty")
        return ""
    if b"\x00" in data[:8192]:
        report.warning(rel, None, "file contains NUL bytes; treated as binary")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        report.warning(rel, None, "file starts with a UTF-8 byte-order mark; it was ignored")
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.warning(rel, line, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                       "undecodable bytes are shown as \ufffd")
        text = data.decode("utf-8", errors="replace")
    return cut_note(text, limit) if cut and note else text


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def cut_note(text: str, limit: int) -> str:
    """`text` (a file cut at `limit` bytes) with a closing note, so the page itself says it was cut."""
    text = text.rstrip("\n") + "\n"
    if sum(1 for line in text.splitlines() if line.lstrip().startswith("```")) % 2:
        text += "```\n"  # the cut fell inside a code fence: close it, or the note would be code
    return text + f"\n*This file is longer than {_mb(limit)}: only its first part is shown (and searchable).*\n"


#: Formats that are binary whatever their first bytes hold (a PDF's first 8 KB can be plain ASCII).
BINARY_EXTENSIONS = frozenset({
    ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".tif", ".tiff", ".avif", ".heic",
    ".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".tar", ".whl", ".jar",
    ".mp3", ".mp4", ".wav", ".ogg", ".flac", ".webm", ".mov", ".avi", ".mkv",
    ".woff", ".woff2", ".ttf", ".otf", ".eot", ".exe", ".dll", ".so", ".dylib", ".bin", ".o", ".a",
    ".safetensors", ".gguf", ".onnx", ".pt", ".pth", ".ckpt", ".npy", ".npz", ".pkl", ".parquet", ".arrow",
    ".sqlite", ".db", ".docx", ".xlsx", ".pptx", ".odt", ".epub",
})


def is_text(data: bytes, rel: str = "") -> bool:
    """Whether a file is shown as text: not a known binary format, and no NUL byte in its first 8 KB."""
    return os.path.splitext(rel)[1].lower() not in BINARY_EXTENSIONS and b"\x00" not in data[:8192]


def utf8_head(data: bytes, *, complete: bool) -> bool:
    """Whether `data` (the start of a file) is valid UTF-8; a character cut at the end is fine."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def h1_text(markdown: str, where: str | None = None, line_offset: int = 0, report: Report | None = None) -> str:
    """The text of the first level-1 heading as GitHub shows it; warns (when given a report) about
    nesting too deep to be read."""
    title, deep = outline(markdown)
    if deep is not None and report is not None and where:
        report.warning(where, deep + line_offset, "lists or quotes are nested too deep here: the deeper "
                       "content is not shown", "- a list\n  - nested a few levels at most")
    return title
