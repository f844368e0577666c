"""axe-core in Chromium: the serious and critical violations on a page, less the ones Material itself causes."""
from __future__ import annotations

import functools
from pathlib import Path

# Violations that come from Material for MkDocs itself, not from our templates/CSS: (rule id, node target).
KNOWN_MATERIAL = {
    # Material's search overlay is role="dialog" with no accessible name (partials/search.html).
    ("aria-dialog-name", ".md-search"),
}


@functools.cache
def axe_source() -> str:
    import axe_playwright_python
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def serious_violations(page, parts: list | None = None) -> list[dict]:
    """Run axe on the page (or only on `parts`, axe's include selectors); its serious and critical
    violations, each with only the nodes that are not Material's own known ones."""
    page.add_script_tag(content=axe_source())
    result = page.evaluate("(parts) => axe.run(parts ? {include: parts} : document, {resultTypes: ['violations']})",
                           parts)
    serious = []
    for v in result["violations"]:
        nodes = [n for n in v["nodes"] if (v["id"], " ".join(map(str, n["target"]))) not in KNOWN_MATERIAL]
        if v["impact"] in ("serious", "critical") and nodes:
            serious.append({**v, "nodes": nodes})
    return serious


def describe(violations: list[dict]) -> str:
    """The violations as lines an assertion message can show."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"      {summary[:300]}")
    return "\n".join(lines)
