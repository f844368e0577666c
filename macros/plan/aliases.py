"""A finding's old ids (aliases): where a redirect for one would overwrite a page or file of the site."""
from __future__ import annotations

from macros.model.data import Diagnostic
from macros.plan.pages import Plan, reserved_output


def alias_taken(plan: Plan, alias: str) -> str | None:
    """What the site writes at findings/<alias>/ other than a redirect (another page of ours), or None."""
    ours = plan.by_src_casefold.get(f"findings/{alias}.md".casefold())
    if ours is not None and ours.kind != "finding":
        return f"the {ours.kind} page /{ours.url}"
    return reserved_output(f"findings/{alias}/")


def alias_problems(plan: Plan) -> list[Diagnostic]:
    """An error for each alias whose redirect would be written over a page or file the site writes itself."""
    out = []
    for f in plan.corpus.findings:
        for a in f.aliases:
            taken = alias_taken(plan, a)
            if taken:
                out.append(Diagnostic("error", f.source, f.line, f'finding {f.number} "{f.title}" declares the '
                                      f"alias '{a}', but findings/{a}/ would be written over {taken}; no "
                                      "redirect is written for it. Remove the alias.",
                                      "<!-- finding-aliases: an-old-id -->"))
    return out

