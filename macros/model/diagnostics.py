"""Diagnostics collected while reading the corpus: errors, warnings and health notes."""
from __future__ import annotations

from dataclasses import dataclass, field

from macros.model.data import Diagnostic


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
