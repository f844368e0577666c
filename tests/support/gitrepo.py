"""git in a throw-away repository of a test: no user or system config, a fixed author, a given date."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

WHEN = "2026-05-01T12:00:00Z"


def git(repo: Path, *args: str, when: str = WHEN) -> str:
    """Run `git -C repo args…` with author and committer dated `when`; its stdout."""
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.org",
                           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          check=True, capture_output=True, text=True, env=env).stdout
