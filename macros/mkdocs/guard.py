"""The last line of defence: corpus input never raises out of the plugin.

Every reader turns what it can foresee into a diagnostic at file:line. Whatever still escapes a hook
(a reader's bug on input nobody foresaw) is caught here: logged as one error line that says which hook
and which page or file, with no traceback and every control character escaped, and the hook returns
what it was given (the page or site is degraded, the build goes on). Under `mkdocs serve` this is what
keeps the server answering: MkDocs' dev server waits for a build that raised until the file is fixed.
`mkdocs build` writes the whole site and then fails (exit 1, one line, no traceback: `failures`), since
such an exception is a bug to report. MkDocs' own exceptions for a broken configuration pass through.
"""
from __future__ import annotations

import functools
import traceback
from pathlib import Path
from typing import Callable, TypeVar

from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import get_plugin_logger

from macros.model.data import Diagnostic, printable

log = get_plugin_logger("corpus")

F = TypeVar("F", bound=Callable)
_OURS = str(Path(__file__).resolve().parents[1])  # the macros/ package: the frames worth naming


def where(exc: BaseException) -> str:
    """The innermost frame of our own code that raised, as 'macros/…/file.py:line' (for a bug report)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename.startswith(_OURS) and Path(f.filename).name != "guard.py"]
    if not frames:
        return "(outside the corpus plugin)"
    f = frames[-1]
    return f"macros/{Path(f.filename).resolve().relative_to(_OURS).as_posix()}:{f.lineno}"


def failure(hook: str, subject: str, exc: BaseException) -> Diagnostic:
    """The diagnostic for an exception that escaped a hook while it handled `subject` (a page or file)."""
    name = getattr(exc, "filename", None)
    found = f" (file {printable(str(name))})" if isinstance(name, (str, bytes)) and name else ""
    return Diagnostic("error", subject, None,
                      f"the corpus plugin failed in {hook}: {type(exc).__name__}: {printable(str(exc))[:300]}{found}"
                      f" at {where(exc)}; this item is left out or shown without its corpus part, and the "
                      "build goes on. Please report this input as a bug.")


def guarded(fallback: Callable[..., object], subject: Callable[..., str]) -> Callable[[F], F]:
    """Wrap a hook: an exception from it is logged (see `failure`) and `fallback(*args, **kw)` returned."""
    def wrap(hook: F) -> F:
        @functools.wraps(hook)
        def run(self, *args, **kw):
            try:
                return hook(self, *args, **kw)
            except MkDocsException:
                raise
            except Exception as exc:  # noqa: BLE001 — the point of this module
                d = failure(hook.__name__, subject(*args, **kw), exc)
                log.error(str(d))
                self.failures.append(d)
                state = getattr(self, "build", None)  # the build state (None before on_config)
                if state is not None:
                    state.diagnostics.append(d)  # the health page lists it (when it is still to be rendered)
                return fallback(*args, **kw)
        return run  # type: ignore[return-value]
    return wrap


def failures(found: list[Diagnostic], command: str | None) -> None:
    """At the end of `mkdocs build`: fail (PluginError, no traceback) when a hook caught an exception.
    Never under `mkdocs serve`, whose server must keep answering."""
    if found and command != "serve":
        raise PluginError(f"the corpus plugin caught {len(found)} unexpected error(s) (listed above); the site "
                          "was written with those items left out. Please report the input as a bug.")


def page_of(*args, **kw) -> str:
    """The subject of a page hook: the page's source file."""
    page = kw.get("page")
    return getattr(getattr(page, "file", None), "src_uri", None) or "(a page)"


def whole(*args, **kw) -> str:
    return "the corpus"


def first(*args, **kw):
    """Fallback of a hook that passes its first argument through (markdown, html, files, context …)."""
    return args[0] if args else None


def nothing(*args, **kw) -> None:
    return None


__all__ = ["failure", "failures", "first", "guarded", "nothing", "page_of", "where", "whole"]
