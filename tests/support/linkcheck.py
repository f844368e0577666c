"""A link checker for a built site: every internal href/src resolves to a file, every #fragment to an id.

`check_site(site_dir)` returns a list of problems, one string "page: href" each (page is the HTML file
relative to the site root, href is the attribute value exactly as written). Pure: reads files only.

Rules:
- every `href` and `src` attribute of every element is checked (raw `<a>` tags from the corpus included);
- external links (`http:`, `https:`, protocol-relative `//host`), `mailto:`, `tel:`, `javascript:` and
  `data:` are ignored, except absolute links under the site's own URL (`site_url`, detected from the home
  page's `<link rel="canonical">` unless given) which are checked like relative ones; canonical links
  themselves are skipped (they are the page's own address by construction);
- root-absolute paths (`/x/`) are resolved against the path of `site_url` (`/gemma/x/` with
  https://host/gemma/): a root-absolute path outside it is a problem, since it leaves the site;
- paths are URL-decoded; a directory URL means its `index.html`; a query string is ignored;
- a fragment must name an element `id` (or an `<a name>`) in the target HTML page. An empty fragment
  (`#`) and `#top` are always fine (the browser scrolls to the top). A fragment on a non-HTML file is a
  problem (nothing can resolve it).
"""
from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup

IGNORED_SCHEMES = {"mailto", "tel", "javascript", "data", "blob", "about"}
EXTERNAL_SCHEMES = {"http", "https", "ftp"}
ALWAYS_OK_FRAGMENTS = {"", "top"}


def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")


def detect_site_url(site: Path) -> str | None:
    """The site's own URL, from the home page's canonical link (Material emits it when site_url is set)."""
    home = site / "index.html"
    if not home.is_file():
        return None
    link = _parse(home).find("link", rel="canonical")
    href = link.get("href") if link else None
    return href if href and urlsplit(href).scheme in ("http", "https") else None


class _Site:
    def __init__(self, root: Path, site_url: str | None):
        self.root = root.resolve()
        self.site_url = site_url
        base = urlsplit(site_url) if site_url else None
        self.netloc = base.netloc if base else None
        self.scheme = base.scheme if base else None
        prefix = base.path if base else "/"
        self.prefix = prefix if prefix.endswith("/") else prefix + "/"

        self.ids: dict[Path, frozenset[str]] = {}

    def anchors(self, target: Path) -> frozenset[str]:
        key = target.resolve()
        if key not in self.ids:
            self.ids[key] = _ids(_parse(target))
        return self.ids[key]

    def target_file(self, site_path: str) -> Path | None:
        """The file a site-root-relative, decoded path (no leading slash) is served from, or None."""
        candidate = (self.root / site_path) if site_path else self.root
        try:
            candidate.resolve().relative_to(self.root)
        except ValueError:
            return None  # escapes the site (../../..)
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def problem(self, page_url: str, href: str) -> str | None:
        """Why `href` on the page at `page_url` (a root-absolute URL path) is broken, or None if fine."""
        value = href.strip()
        if not value:
            return None  # href="" is the page itself
        parts = urlsplit(value)
        scheme = parts.scheme.lower()
        if scheme in IGNORED_SCHEMES:
            return None
        if scheme in EXTERNAL_SCHEMES or (not scheme and value.startswith("//")):
            own_path = parts.path or "/"
            own = (self.netloc is not None and parts.netloc == self.netloc
                   and (parts.scheme or self.scheme) == self.scheme
                   and (own_path.startswith(self.prefix) or own_path + "/" == self.prefix))
            if not own:
                return None
            value = urlunsplit(("", "", own_path, parts.query, parts.fragment))
        elif scheme:
            return f"unknown scheme {scheme!r}"
        resolved = urlsplit(urljoin(page_url, value))
        path = unquote(resolved.path)
        if not path.startswith(self.prefix):
            if path + "/" == self.prefix:
                path = self.prefix
            else:
                return f"outside the site root {self.prefix}"
        site_path = path[len(self.prefix):]
        normalised = PurePosixPath("/" + site_path)
        if ".." in normalised.parts:
            return "escapes the site root"
        target = self.target_file(site_path)
        if target is None:
            return "no such file"
        fragment = unquote(resolved.fragment)
        if fragment in ALWAYS_OK_FRAGMENTS:
            return None
        if target.suffix.lower() not in (".html", ".htm"):
            return f"fragment #{fragment} on a non-HTML file"
        if fragment not in self.anchors(target):
            return f"no element with id {fragment!r}"
        return None


def _ids(soup: BeautifulSoup) -> frozenset[str]:
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids)


def find_problems(site_dir: Path | str, site_url: str | None = None) -> list[tuple[str, str, str]]:
    """(page, href, reason) for every broken internal link in the built site at `site_dir`."""
    root = Path(site_dir)
    site = _Site(root, site_url if site_url is not None else detect_site_url(root))
    links: list[tuple[str, str]] = []  # (page, href/src value), in document order, pages sorted
    for html in sorted(p for p in root.rglob("*.html") if p.is_file()):
        rel = html.relative_to(root).as_posix()
        soup = _parse(html)
        site.ids[html.resolve()] = _ids(soup)  # each page is parsed once
        for tag in soup.find_all(True):
            if tag.name == "link" and "canonical" in (tag.get("rel") or []):
                continue
            for attr in ("href", "src"):
                value = tag.get(attr)
                if isinstance(value, str):
                    links.append((rel, value))
    problems: list[tuple[str, str, str]] = []
    for rel, value in links:
        reason = site.problem(site.prefix + rel, value)
        if reason:
            problems.append((rel, value, reason))
    return problems


def check_site(site_dir: Path | str, site_url: str | None = None) -> list[str]:
    """Every broken internal link in the built site, as "page: href" strings (empty when all resolve)."""
    return [f"{page}: {href}" for page, href, _ in find_problems(site_dir, site_url)]


if __name__ == "__main__":  # python tests/support/linkcheck.py site
    found = find_problems(sys.argv[1] if len(sys.argv) > 1 else "site")
    for page, href, reason in found:
        print(f"{page}: {href}  ({reason})")
    sys.exit(1 if found else 0)
