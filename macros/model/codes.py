"""A stable code for each kind of diagnostic, the anchor of its section in the guide. Pure.

The code is read from the message, so the many places that report problems stay as they are; the
guide's page `docs/guide/diagnostics.md` has one section per code (`## `marker-missing``), and the
tests build each section's example and check it yields that code. A message no rule knows gets
`other`, whose section says to read the message itself.
"""
from __future__ import annotations

import re

from macros.model.data import Diagnostic

#: the guide page the codes are anchors of, relative to the site root
GUIDE_PAGE = "guide/diagnostics/"

# (code, pattern searched in the message), first match wins: the more specific patterns come first
_RULES: tuple[tuple[str, str], ...] = (
    # the index
    ("corpus-missing", r"^corpus folder '.*' not found|^the corpus index is missing"),
    ("map-heading-missing", r"^no '## Directory map' heading|^the directory map has no table"),
    ("map-row-cells", r"^directory map row has \d+ filled cells"),
    ("map-row-folder", r"^directory map row '.*' (names a folder that does not exist|must name one folder)"),
    ("lane-not-in-map", r"is not in the directory map of"),
    ("lane-no-readme", r"^lane has no README\.md or index\.md"),
    ("findings-heading-missing", r"^no '## Findings' heading|^the findings section has no numbered list"),
    ("findings-second-heading", r"^a second findings heading"),
    ("findings-list-split", r"^the numbered list restarts here|between or after the findings is not part|"
                            r"^a numbered list before the first finding has no provenance marker"),
    ("findings-in-html", r"^numbered items inside an HTML block"),
    ("fence-unclosed", r"^this code fence .* is never closed"),
    ("nesting-too-deep", r"are nested (more than \d+ levels deep|too deep)"),
    ("title-missing", r"^finding \d+ has no bold title|^finding \d+: the bold title is not closed"),
    ("note-invalid", r"^malformed note"),
    ("marker-missing", r"has no provenance marker"),
    ("marker-unclosed", r"the provenance marker is not closed"),
    ("marker-invalid", r'^finding \d+ ".*": (marker must start|merged marker names no target|'
                        r'expected a doc file name)'),
    ("target-unknown", r"merged target '.*' is not a doc"),
    ("section-not-found", r"names a section '.*' that is not a heading of"),
    # ids and addresses
    ("id-duplicate", r"already used by finding \d+|declares the alias '.*', which is the id of finding"),
    ("alias-invalid", r"alias .* is not a valid id"),
    ("id-reserved", r"names a page the site makes under findings/"),
    ("id-retitled", r"^the published finding id .* no longer exists"),
    ("ids-record", r"record of published finding ids|^finding \d+ has the new id|^the record is \d+ bytes|"
                   r"^line is not valid UTF-8; it was skipped"),
    ("url-collision", r"would be published at /|^this path is generated from the corpus"),
    # citations and links
    ("path-braces", r"groups name more than \d+ paths"),
    ("path-not-found", r"which looks like a corpus file but is neither"),
    ("link-broken", r"^link '.*' names no file of the corpus"),
    # lanes, briefs, sources
    ("table-file-missing", r"^file table row names '"),
    ("file-unlisted", r"^named in no file table of its lane README"),
    ("model-name-duplicate", r"^the model name '.*' is also claimed by"),
    ("brief-front-matter", r"^front matter must be a mapping|^front matter field '.*' (must be|is not used)|"
                           r"^source '.*' is not an http\(s\) URL"),
    ("brief-prose", r"^could not read .* from the prose|^neither the front matter nor the prose gives|"
                    r"^brief has no '# Title' heading"),
    ("verification-results", r"source verification results|^the results file is larger|every source shows"),
    ("yaml-refused", r"YAML|^invalid YAML"),
    ("manifest-invalid", r"^expected a top-level 'artifacts:' list|^entry \d+ has no 'path' string|"
                         r"a manifest path must stay inside|'url' must be an http\(s\) URL|"
                         r"listed twice in the manifest|no source 'url' recorded"),
    ("manifest-missing", r"^no source manifest \(optional\)"),
    # docs
    ("doc-duplicate-name", r"^another doc is also named"),
    ("render-macros", r"asks for `render_macros: true`"),
    ("docs-not-published", r"^not published: the docs folder publishes"),
    # files
    ("file-too-large", r"only its first .* are shown"),
    ("file-empty", r"^file is empty"),
    ("file-encoding", r"NUL bytes|byte-order mark|not valid UTF-8"),
    ("file-skipped", r"^file skipped|^file could not be read|^symlink|^symlinked (folder|doc)|"
                     r"^not published: |record of published finding ids was skipped"),
    ("hidden-file", r"^hidden (file|folder) skipped"),
    # the build
    ("site-url-local", r"^site_url is .*, a local address"),
    ("repo-url-missing", r"^no repo_url"),
    ("git-history", r"\bgit\b"),
)
_COMPILED = tuple((code, re.compile(pattern)) for code, pattern in _RULES)

#: every code, in the guide's order (plus `other`)
CODES: tuple[str, ...] = tuple(dict.fromkeys(code for code, _ in _RULES)) + ("other",)


def code_of(d: Diagnostic) -> str:
    """The stable code of a diagnostic (the anchor of its section in the guide), `other` when unknown."""
    for code, pattern in _COMPILED:
        if pattern.search(d.message):
            return code
    return "other"


def guide_url(d: Diagnostic) -> str:
    """The guide section of a diagnostic, relative to the site root: `guide/diagnostics/#marker-missing`."""
    return f"{GUIDE_PAGE}#{code_of(d)}"
