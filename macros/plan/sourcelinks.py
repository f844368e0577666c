"""Links to the corpus on its forge: a file, its source lines, its raw bytes, its edit page, a commit.

GitHub, GitLab and Gitea/Forgejo (Codeberg) each spell these URLs their own way; `detect_forge` (pure)
tells them apart from the repository's address, and `Forge` makes each kind of link. A host we do not know
gets a link to the repository only (no guessed paths), and the glue says so once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

#: Forges rendered Markdown on: `#L19` means nothing on the rendered page, so lines link to the source view.
RENDERED = (".md", ".markdown")
FORGES = ("github", "gitlab", "gitea")

_GITLAB_HOSTS = ("gitlab.com",)
_GITEA_HOSTS = ("codeberg.org", "gitea.com", "try.gitea.io", "next.forgejo.org")


def detect_forge(repo_url: str | None, declared: str = "auto") -> str:
    """`github`, `gitlab`, `gitea` (also Forgejo and Codeberg) or `unknown`, from the repository's address.

    `declared` (the `forge` option) wins when it is not `auto`: a self-hosted forge's host name says nothing.
    """
    if declared in FORGES:
        return declared
    host = (urlsplit(repo_url or "").hostname or "").lower()
    if not host:
        return "unknown"
    labels = host.split(".")
    if host == "github.com" or host.endswith(".github.com") or "github" in labels:
        return "github"
    if host in _GITLAB_HOSTS or "gitlab" in labels:
        return "gitlab"
    if host in _GITEA_HOSTS or {"gitea", "forgejo", "codeberg"} & set(labels):
        return "gitea"
    return "unknown"


_SCP = re.compile(r"^(?:[\w.-]+@)?([\w.-]+):(?!//)(.+)$")  # git@host:owner/repo.git


def web_url(remote: str | None) -> str | None:
    """The web address of a git remote (`git@host:o/r.git`, `ssh://git@host/o/r`, `https://host/o/r.git`)."""
    remote = (remote or "").strip()
    if not remote:
        return None
    m = _SCP.match(remote)
    if m and "://" not in remote:
        host, path = m.group(1), m.group(2)
    else:
        parts = urlsplit(remote)
        if parts.scheme not in ("http", "https", "ssh", "git") or not parts.hostname:
            return None
        host, path = parts.hostname + (f":{parts.port}" if parts.port and parts.scheme in ("http", "https") else ""), \
            parts.path
    path = path.strip("/").removesuffix(".git")
    return f"https://{host}/{path}" if path else None


def _lines(line: int | None, end_line: int | None, *, gitlab: bool = False) -> str:
    if not line:
        return ""
    if end_line and end_line > line:
        return f"#L{line}-{end_line}" if gitlab else f"#L{line}-L{end_line}"
    return f"#L{line}"


@dataclass(frozen=True)
class Forge:
    """The URL forms of one repository (`kind` from `detect_forge`) on one branch."""

    kind: str
    repo_url: str
    branch: str = "main"

    def _path(self, path: str) -> str:
        return quote(path)

    def _ref(self) -> str:
        return quote(self.branch)

    def file(self, path: str) -> str:
        """The file as the forge shows it (rendered when it is Markdown)."""
        r, b, p = self.repo_url.rstrip("/"), self._ref(), self._path(path)
        return {"github": f"{r}/blob/{b}/{p}", "gitlab": f"{r}/-/blob/{b}/{p}",
                "gitea": f"{r}/src/branch/{b}/{p}"}.get(self.kind, r)

    def source(self, path: str, line: int | None = None, end_line: int | None = None) -> str:
        """The file's source at a line or a range of lines (Markdown in the forge's source view)."""
        if self.kind not in FORGES:
            return self.file(path)
        plain = path.lower().endswith(RENDERED) and bool(line)
        query = {"github": "?plain=1", "gitlab": "?plain=1", "gitea": "?display=source"}[self.kind] if plain else ""
        return self.file(path) + query + _lines(line, end_line, gitlab=self.kind == "gitlab")

    def raw(self, path: str) -> str | None:
        r, b, p = self.repo_url.rstrip("/"), self._ref(), self._path(path)
        return {"github": f"{r}/raw/{b}/{p}", "gitlab": f"{r}/-/raw/{b}/{p}",
                "gitea": f"{r}/raw/branch/{b}/{p}"}.get(self.kind)

    def edit(self, path: str) -> str | None:
        r, b, p = self.repo_url.rstrip("/"), self._ref(), self._path(path)
        return {"github": f"{r}/edit/{b}/{p}", "gitlab": f"{r}/-/edit/{b}/{p}",
                "gitea": f"{r}/_edit/{b}/{p}"}.get(self.kind)

    def commit(self, sha: str) -> str | None:
        r = self.repo_url.rstrip("/")
        return {"github": f"{r}/commit/{sha}", "gitlab": f"{r}/-/commit/{sha}",
                "gitea": f"{r}/commit/{sha}"}.get(self.kind)

    def tree(self, sha: str) -> str | None:
        """The whole repository at a commit."""
        r = self.repo_url.rstrip("/")
        return {"github": f"{r}/tree/{sha}", "gitlab": f"{r}/-/tree/{sha}",
                "gitea": f"{r}/src/commit/{sha}"}.get(self.kind)


def source_url(repo_url: str, branch: str, path: str, line: int | None = None, end_line: int | None = None,
               *, forge: str = "auto") -> str:
    """The URL of `path` on `branch` at `line` (or the range line–end_line) on the repository's forge."""
    return Forge(detect_forge(repo_url, forge), repo_url, branch).source(path, line, end_line)


__all__ = ["FORGES", "Forge", "detect_forge", "source_url", "web_url"]
