"""Where the repository lives on the web: from the git remote `origin` when mkdocs.yml does not say."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

# scp-like remotes: git@github.com:owner/repo.git
_SCP = re.compile(r"^(?:[A-Za-z0-9._-]+@)?(?P<host>[A-Za-z0-9.-]+\.[A-Za-z]{2,}):(?P<path>[^/\\][^\\]*)$")
_PATH = re.compile(r"^[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)+$")


def web_url(remote: str | None) -> str | None:
    """The https address of a repository from its git remote URL, or None when it has none.

    `https://github.com/o/r.git`, `git@github.com:o/r.git` and `ssh://git@github.com/o/r` all give
    `https://github.com/o/r`. Credentials and ports are dropped (they must never reach a page); a local
    path, a `file:` URL or anything else that is not a host and an owner/name path gives None.
    """
    text = (remote or "").strip()
    m = _SCP.match(text)
    if m and "://" not in text:
        host, path = m["host"], m["path"]
    else:
        parts = urlsplit(text)
        if parts.scheme not in ("https", "http", "ssh", "git", "git+ssh") or not parts.hostname:
            return None
        host, path = parts.hostname, parts.path
    path = path.strip("/")
    path = path[:-4] if path.endswith(".git") else path
    if "." not in host or not _PATH.match(path):
        return None
    return f"https://{host.lower()}/{path}"


def origin_url(repo: Path) -> str | None:
    """The URL of the remote `origin` of the git repository holding `repo`, or None."""
    try:
        out = subprocess.run(["git", "-C", str(repo), "config", "--get", "remote.origin.url"],
                             capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return (out.stdout.strip() or None) if out.returncode == 0 else None
