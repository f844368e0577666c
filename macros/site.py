"""Render: the corpus model becomes site pages (HTML bodies from templates in overrides/corpus/).

Every page the generator adds is described by a `PageSpec`; its body is rendered lazily, when
MkDocs reaches the page, through a Jinja environment with autoescaping on. Corpus text enters
templates only as data: plain strings (escaped by Jinja) or HTML already sanitised by safehtml.
"""
from __future__ import annotations

import html as htmllib
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from . import artifacts as artifact_view
from .gitdates import GitDates
from .corpus import BRIEF_OPTIONAL, BRIEF_REQUIRED, MANIFEST_NAME
from .links import Ref, Resolver
from .model import Artifact, Brief, Corpus, Diagnostic, Finding, Lane
from .parse import ORIGINAL, plain_text
from .safehtml import markdown_to_html, squash, truncate
from .sourcelinks import source_url

DESCRIPTION_LIMIT = 200
STATUS_LABEL = {"merged": "merged", "flagged": "flagged", "error": "error"}


@dataclass
class PageSpec:
    """One generated page: where it lives, what it shows, where it came from."""

    key: tuple[str, str]  # (kind, key), e.g. ("finding", "prompt-token-format-changed-in-gemma-4")
    src_uri: str  # virtual Markdown path under docs/, e.g. findings/<id>.md
    url: str  # site-root-relative URL, e.g. findings/<id>/
    title: str  # plain text
    template: str
    source: str | None = None  # repo-relative file it was generated from
    source_line: int | None = None
    description: str = ""
    in_nav: bool = False
    search_boost: float | None = None


def rel_url(target: str, page_url: str) -> str:
    """A link from the page at `page_url` to `target` (both site-root-relative, directory URLs)."""
    path, _, frag = target.partition("#")
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    if not path:
        out = ""
    else:
        out = posixpath.relpath("/" + path, "/" + base) if base else path
        if path.endswith("/") and not out.endswith("/"):
            out += "/"
        if out == "./":
            out = "./"
    out = quote(out, safe="/.-_~") if out else out
    return out + ("#" + quote(frag, safe="-_.~") if frag else "")


class Site:
    """The generated part of the site for one build."""

    def __init__(self, corpus: Corpus, *, project: Path, templates: list[Path], site_url: str,
                 repo_url: str | None, branch: str, git: GitDates, site_name: str):
        self.corpus = corpus
        self.project = project
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.repo_url = repo_url.rstrip("/") if repo_url else None
        self.branch = branch
        self.git = git
        self.site_name = site_name
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(t) for t in templates]),
                                      autoescape=True, undefined=jinja2.StrictUndefined,
                                      trim_blocks=True, lstrip_blocks=True)
        self.urls: dict[tuple[str, str], str] = {}
        self.pages: dict[str, PageSpec] = {}
        self.pages_by_key: dict[tuple[str, str], PageSpec] = {}
        self._plan()
        self.resolver = Resolver(corpus, self.urls)
        self.backlinks: dict[tuple[str, str], list[Finding]] = {}
        self.finding_refs: dict[str, list[Ref]] = {}
        self.extra_diagnostics: list = []  # checks made by the glue (the published-ids record)
        self._cross_reference()

    # ------------------------------------------------------------------ planning

    def _plan(self) -> None:
        c = self.corpus
        root = c.root
        for d in c.docs:
            stem = d.src_uri[:-3]
            url = "" if stem == "index" else (stem[:-5] if stem.endswith("/index") else stem + "/")
            self.urls[("doc", d.file)] = url
        self._add(PageSpec(("findings", ""), "findings/index.md", "findings/", "Findings", "findings.html",
                           source=c.index.path, in_nav=True))
        for f in c.findings:
            self._add(PageSpec(("finding", f.id), f"findings/{f.id}.md", f"findings/{f.id}/", f.title,
                               "finding.html", source=f.source, source_line=f.line,
                               description=self.card_description(f), search_boost=2))
        self._add(PageSpec(("tooling", ""), f"{root}/index.md", f"{root}/", "Tooling corpus", "tooling.html",
                           source=c.index.path, in_nav=True))
        for lane in c.lanes:
            self._add(PageSpec(("lane", lane.name), f"{root}/{lane.name}/index.md", f"{root}/{lane.name}/",
                               lane.title, "lane.html", source=lane.path or f"{root}/{lane.name}", in_nav=True,
                               description=squash(_text(lane.row.what_html) if lane.row else "")))
        for b in c.briefs:
            url = f"{root}/{c.briefs_lane}/{b.slug}/"
            self._add(PageSpec(("brief", b.slug), f"{root}/{c.briefs_lane}/{b.slug}.md", url, b.name,
                               "brief.html", source=f"{root}/{b.path}",
                               description=str(b.meta.get("purpose", "")), search_boost=1.5))
        for a in c.artifacts:
            self._add(PageSpec(("artifact", a.path), f"{root}/{a.slug}.md", f"{root}/{a.slug}/", a.path,
                               "artifact.html",
                               source=f"{root}/{a.path}" if a.on_disk else (f"{root}/{MANIFEST_NAME}" if a.source else None),
                               source_line=None if a.on_disk or not a.source else a.source.line,
                               description=self._artifact_description(a)))
        self._add(PageSpec(("health", ""), "health.md", "health/", "Health", "health.html", in_nav=True))
        if not any(d.src_uri == "index.md" for d in c.docs):  # docs/ brought no home page: use ours
            self._add(PageSpec(("home", ""), "index.md", "", self.site_name, "home.html", in_nav=True))

    def _add(self, spec: PageSpec) -> None:
        self.urls[spec.key] = spec.url
        self.pages[spec.src_uri] = spec
        self.pages_by_key[spec.key] = spec

    def _artifact_description(self, a: Artifact) -> str:
        src = a.source
        bits = [f"{a.kind or 'file'} in the {a.lane or 'top-level'} lane"]
        if src and src.url:
            bits.append(f"from {src.url}")
        if src and src.retrieved:
            bits.append(f"retrieved {src.retrieved}")
        if src and src.note:
            bits.append(src.note)
        return truncate(", ".join(bits), DESCRIPTION_LIMIT)

    def _cross_reference(self) -> None:
        for f in self.corpus.findings:
            refs: list[Ref] = []
            for code in f.cited:
                refs += [r for _, r in self.resolver.resolve(code)]
            _, named = self.resolver.link_html(f"<p>{htmllib.escape(f.title)} {htmllib.escape(f.summary)}</p>",
                                               lambda u: u)
            refs += [r for r in named if r.kind == "brief"]
            for t in f.targets:
                if t.known and ("doc", t.file) in self.urls:
                    refs.append(Ref("doc", t.file, self.urls[("doc", t.file)]))
            if f.marker:
                refs += [r for code in re.findall(r"`([^`]+)`|(\S+/\S+\.\w+)", f.marker)
                         for r in ([x for _, x in self.resolver.resolve(code[0] or code[1])])]
            unique = list({(r.kind, r.key): r for r in refs}.values())
            self.finding_refs[f.id] = unique
            for r in unique:
                self.backlinks.setdefault((r.kind, r.key), []).append(f)
                if r.kind == "artifact":
                    lane = r.key.split("/", 1)[0]
                    if lane != r.key and f not in self.backlinks.setdefault(("lane", lane), []):
                        self.backlinks[("lane", lane)].append(f)

    def src_uri_for(self, corpus_path: str) -> str | None:
        """The generated page (its virtual Markdown path) of a corpus file or folder, if any."""
        corpus_path = corpus_path.strip("/")
        if corpus_path in ("", "README.md", "index.md"):
            return self.pages_by_key[("tooling", "")].src_uri
        ref = self.resolver.paths.get(corpus_path)
        if ref is None:
            return None
        spec = self.pages_by_key.get((ref.kind, ref.key))
        return spec.src_uri if spec else None

    def merged_here(self, doc_file: str, page_url: str) -> list[tuple[dict, dict]]:
        """(finding view, target) for each finding merged into the doc, with the section anchor."""
        items = []
        for f in self.corpus.findings:
            if not any(t.file == doc_file and t.known for t in f.targets):
                continue
            v = self.finding_view(f, page_url)
            for t, view_t in zip(f.targets, v["targets"]):
                if t.file == doc_file and t.known:
                    items.append((v, {**view_t, "anchor": t.anchor}))
        return items

    def unresolved(self) -> list[tuple[Finding, str]]:
        """Code spans in findings that look like corpus files but resolve to nothing."""
        return [(f, p) for f in self.corpus.findings for p in self.resolver.unresolved_paths(f.cited)]

    # ------------------------------------------------------------------ helpers for templates

    def absolute(self, url: str) -> str:
        return self.site_url + url if self.site_url else url

    def source_link(self, path: str | None, line: int | None = None, end_line: int | None = None) -> str | None:
        if not (self.repo_url and path):
            return None
        return source_url(self.repo_url, self.branch, path, line, end_line)

    def edit_link(self, path: str | None) -> str | None:
        if not (self.repo_url and path):
            return None
        return f"{self.repo_url}/edit/{self.branch}/{quote(path)}"

    def provenance_phrase(self, f: Finding) -> str:
        """'merged into FILE § Section; …', 'flagged: reason' or the error note, for cards and citations."""
        if f.status == "merged":
            return "merged into " + "; ".join(_target_label(t) for t in f.targets)
        if f.status == "flagged":
            return "flagged" + (f": {f.reason}" if f.reason else "")
        return "provenance marker needs attention"

    def card_description(self, f: Finding) -> str:
        phrase = self.provenance_phrase(f)
        return truncate(f"{phrase[:1].upper()}{phrase[1:]}. {f.summary}", DESCRIPTION_LIMIT)

    def citation(self, f: Finding) -> str:
        url = self.absolute(self.urls[("finding", f.id)])
        title = f.title.replace("[", "\\[").replace("]", "\\]")
        return f"[{title}]({url}) — {self.provenance_phrase(f)}"

    def finding_view(self, f: Finding, page_url: str, *, body: bool = False) -> dict:
        """What templates show of a finding, with links relative to `page_url` (the body only on request)."""
        rel = lambda u: rel_url(u, page_url)  # noqa: E731
        body_html = self.resolver.link_html(f.body_html, rel, base="", source=f.source)[0] if body else ""
        dates = self.git.span(f.source, f.line, f.end_line) if self.git.available else None
        targets = []
        for t in f.targets:
            url = self.urls.get(("doc", t.file))
            href = rel(url + ("#" + t.anchor if t.anchor else "")) if (url is not None and t.known) else None
            note_html, _ = self.resolver.link_html(htmllib.escape(t.note or ""), rel, names=False) if t.note else ("", [])
            targets.append({"file": t.file, "section": t.section, "href": href, "note_html": Markup(note_html),
                            "known": t.known})
        return {
            "f": f,
            "url": self.urls[("finding", f.id)],
            "href": rel(self.urls[("finding", f.id)]),
            "abs_url": self.absolute(self.urls[("finding", f.id)]),
            "title_html": Markup(self.resolver.link_html(f.title_html, rel, names=False)[0]),
            "body_html": Markup(body_html),
            "targets": targets,
            "overdue": self.corpus.overdue(f),
            "citation": self.citation(f),
            "source_href": self.source_link(f.source, f.line, f.end_line),
            "dates": dates,
            "refs": [(r, rel(r.url)) for r in self.finding_refs.get(f.id, []) if r.kind != "doc"],
        }

    def backlinks_view(self, key: tuple[str, str], page_url: str) -> list[dict]:
        return [{"f": f, "href": rel_url(self.urls[("finding", f.id)], page_url)}
                for f in self.backlinks.get(key, [])]

    # ------------------------------------------------------------------ rendering

    def render(self, src_uri: str) -> str:
        spec = self.pages[src_uri]
        tpl = self.env.get_template(spec.template)
        ctx = self._context(spec)
        return tpl.render(**ctx)

    def render_fragment(self, template: str, page_url: str, **ctx) -> str:
        base = {"site": self, "corpus": self.corpus, "page_url": page_url,
                "rel": lambda u: rel_url(u, page_url), "build_date": self.corpus.build_date.isoformat()}
        base.update(ctx)
        return self.env.get_template(template).render(**base)

    def _context(self, spec: PageSpec) -> dict:
        c = self.corpus
        url = spec.url
        rel = lambda u: rel_url(u, url)  # noqa: E731
        ctx: dict = {"site": self, "corpus": c, "spec": spec, "page_url": url, "rel": rel,
                     "build_date": c.build_date.isoformat()}
        kind, key = spec.key
        if kind == "finding":
            f = next(x for x in c.findings if x.id == key)
            i = c.findings.index(f)
            ctx["view"] = self.finding_view(f, url, body=True)
            ctx["prev"] = self.finding_view(c.findings[i - 1], url) if i > 0 else None
            ctx["next"] = self.finding_view(c.findings[i + 1], url) if i + 1 < len(c.findings) else None
        elif kind == "findings":
            ctx["views"] = [self.finding_view(f, url) for f in c.findings]
            ctx["counts"] = self.counts()
        elif kind == "tooling":
            ctx["views"] = [self.finding_view(f, url) for f in c.findings]
            ctx["intro_html"] = self._linked(c.index.intro_html, rel, base="", source=c.index.path)
            ctx["findings_intro_html"] = self._linked(c.index.findings_intro_html, rel, base="", source=c.index.path)
            ctx["lanes"] = [self._lane_row(l, url) for l in c.lanes]
            ctx["sections"] = [(s, self._linked(s.html, rel, base="", source=c.index.path)) for s in c.index.sections]
            ctx["top_files"] = [self._artifact_row(a, url) for a in c.artifacts if not a.lane]
        elif kind == "lane":
            lane = next(l for l in c.lanes if l.name == key)
            ctx["lane"] = lane
            ctx["row"] = self._lane_row(lane, url)
            ctx["readme_html"] = self._linked(_drop_h1(markdown_to_html(lane.readme_body)), rel, base=lane.name,
                                              source=lane.path)
            ctx["artifacts"] = [self._artifact_row(a, url) for a in c.artifacts if a.lane == lane.name]
            ctx["briefs"] = [self._brief_row(b, url) for b in c.briefs] if lane.name == c.briefs_lane else []
            ctx["backlinks"] = self.backlinks_view(("lane", lane.name), url)
            ctx["changed"] = self.git.last_change(lane.path) if (self.git.available and lane.path) else None
        elif kind == "brief":
            b = next(x for x in c.briefs if x.slug == key)
            ctx["brief"] = b
            ctx["row"] = self._brief_row(b, url)
            ctx["body_html"] = self._linked(_drop_h1(markdown_to_html(b.body)), rel, base=c.briefs_lane,
                                            source=spec.source)
            ctx["backlinks"] = self.backlinks_view(("brief", b.slug), url)
            ctx["lane_href"] = rel(self.urls[("lane", c.briefs_lane)]) if ("lane", c.briefs_lane) in self.urls else None
            ctx["changed"] = self.git.last_change(spec.source) if self.git.available else None
        elif kind == "artifact":
            a = next(x for x in c.artifacts if x.path == key)
            ctx["a"] = a
            ctx["row"] = self._artifact_row(a, url)
            view = artifact_view.view(self.project / c.root / a.path, a) if a.on_disk else None
            if view is not None and view.kind in ("markdown", "html"):
                before = len(self.resolver.broken)
                view.html = Markup(self.resolver.link_html(str(view.html), rel, names=False,
                                                           base=posixpath.dirname(a.path), source=spec.source)[0])
                del self.resolver.broken[before:]  # upstream files link to their own repos: not our error
            ctx["view"] = view
            ctx["backlinks"] = self.backlinks_view(("artifact", a.path), url)
            ctx["lane_href"] = rel(self.urls[("lane", a.lane)]) if ("lane", a.lane) in self.urls else rel(self.urls[("tooling", "")])
            ctx["changed"] = self.git.last_change(spec.source) if (self.git.available and a.on_disk) else None
            ctx["manifest_href"] = self.source_link(spec.source, spec.source_line) if not a.on_disk else None
        elif kind == "health":
            ctx.update(self.health())
        elif kind == "home":
            ctx.update(self.ways_in(url))
        return ctx

    def _linked(self, html: str, rel, *, base: str | None = None, source: str | None = None) -> Markup:
        """Sanitised corpus HTML with its cross-links, ready for a template."""
        return Markup(self.resolver.link_html(html, rel, base=base, source=source)[0])

    def _lane_row(self, lane: Lane, page_url: str) -> dict:
        rel = lambda u: rel_url(u, page_url)  # noqa: E731
        index = self.corpus.index.path
        return {"lane": lane, "href": rel(self.urls[("lane", lane.name)]),
                "what_html": self._linked(lane.row.what_html, rel, base="", source=index) if lane.row else "",
                "when_html": self._linked(lane.row.when_html, rel, base="", source=index) if lane.row else "",
                "count": sum(1 for a in self.corpus.artifacts if a.lane == lane.name)}

    def _artifact_row(self, a: Artifact, page_url: str) -> dict:
        return {"a": a, "href": rel_url(self.urls[("artifact", a.path)], page_url),
                "name": a.path.split("/", 1)[1] if a.lane else a.path,
                "size": _size(a.size) if a.size is not None else None,
                "raw": rel_url(artifact_view.raw_url(self.corpus.root, a), page_url) if a.on_disk else None}

    def _brief_row(self, b: Brief, page_url: str) -> dict:
        m = b.meta
        return {"b": b, "href": rel_url(self.urls[("brief", b.slug)], page_url),
                "base": m.get("base_generation", ""), "params": m.get("params", ""),
                "modalities": ", ".join(m.get("modalities", [])), "purpose": m.get("purpose", ""),
                "released": m.get("released", ""), "verified": m.get("verified"),
                "added": m.get("added"),
                "meta": {k: m.get(k) for k in (*BRIEF_REQUIRED, *BRIEF_OPTIONAL)}}

    # ------------------------------------------------------------------ aggregates

    def ways_in(self, page_url: str) -> dict:
        """What the home page's counts and 'ways in' list show."""
        c = self.corpus
        lane = ("lane", c.briefs_lane)
        docs = [(d, rel_url(self.urls[("doc", d.file)], page_url)) for d in c.docs if d.src_uri != "index.md"]
        return {"counts": self.counts(), "docs": docs,
                "briefs_href": rel_url(self.urls[lane], page_url) if lane in self.urls else None}

    def counts(self) -> dict:
        fs = self.corpus.findings
        return {
            "lanes": len(self.corpus.lanes),
            "artifacts": len(self.corpus.artifacts),
            "mirrored": sum(1 for a in self.corpus.artifacts if a.on_disk),
            "findings": len(fs),
            "merged": sum(1 for f in fs if f.status == "merged"),
            "flagged": sum(1 for f in fs if f.status == "flagged"),
            "error": sum(1 for f in fs if f.status == "error"),
            "overdue": sum(1 for f in fs if self.corpus.overdue(f)),
            "briefs": len(self.corpus.briefs),
            "docs": len(self.corpus.docs),
        }

    def diagnostics(self):
        """Everything validation found, including render-time checks (unresolved paths)."""
        out = list(self.corpus.diagnostics)
        for f, p in self.unresolved():
            out.append(Diagnostic("warning", f.source, f.line,
                                  f'finding {f.number} "{f.title}" cites `{p}`, which looks like a corpus '
                                  f"file but is neither in {self.corpus.root}/ nor in the source manifest"))
        if not self.git.available and self.git.note:
            out.append(Diagnostic("info", self.corpus.root, None, self.git.note))
        return out + self.extra_diagnostics

    def health(self) -> dict:
        diags = self.diagnostics()
        return {
            "errors": [d for d in diags if d.severity == "error"],
            "warnings": [d for d in diags if d.severity == "warning"],
            "infos": [d for d in diags if d.severity == "info"],
            "overdue": [self.finding_view(f, "health/") for f in self.corpus.findings if self.corpus.overdue(f)],
            "upcoming": [self.finding_view(f, "health/") for f in self.corpus.findings
                         if f.recheck and not self.corpus.overdue(f)],
            "unsourced": [self._artifact_row(a, "health/") for a in self.corpus.artifacts
                          if not (a.source and (a.source.url or a.source.kind == ORIGINAL))],
            "git_note": None if self.git.available else self.git.note,
            "counts": self.counts(),
        }

    def findings_json(self) -> str:
        out = []
        for f in self.corpus.findings:
            out.append({
                "id": f.id,
                "number": f.number,
                "title": f.title,
                "summary": f.summary,
                "status": f.status,
                "targets": [{"file": t.file, "section": t.section,
                             "url": (self.urls[("doc", t.file)] + (f"#{t.anchor}" if t.anchor else ""))
                             if t.known and ("doc", t.file) in self.urls else None}
                            for t in f.targets],
                "reason": f.reason,
                "recheck": f.recheck.isoformat() if f.recheck else None,
                "overdue": self.corpus.overdue(f),
                "paths": [r.key for r in self.finding_refs.get(f.id, []) if r.kind in ("artifact", "lane", "brief")],
                "url": self.urls[("finding", f.id)],
                "aliases": list(f.aliases),
                "source": {"path": f.source, "line": f.line},
            })
        return json.dumps({"schema": 1, "generated": self.corpus.build_date.isoformat(), "findings": out},
                          ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _target_label(t) -> str:
    return f"{t.file} § {t.section}" if t.section else t.file


def _text(html: str) -> str:
    return plain_text(html) if html else ""


def _drop_h1(html: str) -> str:
    return re.sub(r"^\s*<h1[^>]*>.*?</h1>\s*", "", html, count=1, flags=re.DOTALL)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)
