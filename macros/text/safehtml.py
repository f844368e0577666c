"""`SafeHtml`: HTML that may go into a page as it is.

Only the sanitiser (macros/text/sanitize.py: corpus HTML through nh3) and our own escaping and rewriting
of HTML they made (cross-links, syntax highlighting) make one; every `*_html` field of the model and the
views holds one. A `markupsafe.Markup`, so Jinja's autoescape leaves it as it is and escapes anything else.
Build a new one from parts with an f-string or `str` operations and wrap the result: `+`, `%`, `.join`
and `.replace` on a Markup escape their plain-string operands.
"""
from __future__ import annotations

from markupsafe import Markup


class SafeHtml(Markup):
    __slots__ = ()
