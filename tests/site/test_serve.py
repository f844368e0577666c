"""`mkdocs serve` keeps serving when the corpus breaks (issue 12, item 9).

MkDocs' dev server answers requests only once a build has finished: a build that raises leaves every
request waiting ("the server will appear stuck"). So a broken corpus file must never make our plugin
raise. The server runs on a free 127.0.0.1 port; nothing leaves loopback.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from bench import adversarial, runs
from support.project import BUILD_EPOCH, make_project

TIMEOUT = 180  # seconds for one (re)build on a loaded machine


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, project: Path):
        self.port = _free_port()
        # a temporary folder of its own: what the server leaves behind when it stops is checked
        self.tmp = project.parent / f"{project.name}-tmp"
        self.tmp.mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SITE_URL", "REPO_URL", "CORPUS_DIR"))}
        env.update({"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH, "NO_COLOR": "1",
                    "TMPDIR": str(self.tmp)})
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}", "-f",
             str(project / "mkdocs.yml")], cwd=project, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, preexec_fn=runs.ctrl_c_stops_it)
        self.lines: list[str] = []
        self._cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()

    def wait_for(self, *texts: str, after: int = 0) -> int:
        """Index of the first log line from `after` on that contains one of `texts` (fails after TIMEOUT)."""
        def found():
            return next((i for i in range(after, len(self.lines)) if any(t in self.lines[i] for t in texts)), None)
        with self._cond:
            ok = self._cond.wait_for(lambda: found() is not None or self.proc.poll() is not None, timeout=TIMEOUT)
            i = found()
        assert ok and i is not None, f"none of {texts} in the server log:\n" + "\n".join(self.lines[-60:])
        return i

    def get(self, path: str) -> tuple[int, str]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=60) as r:
            return r.status, r.read().decode("utf-8", "replace")

    def stop(self) -> None:
        """Stop it as a maintainer does (Ctrl-C), so it can clean up; terminated if it does not stop."""
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def server(tmp_path):
    project = adversarial.base_project(tmp_path / "p")
    s = Server(project)
    try:
        s.wait_for("Serving on")
        yield project, s
    finally:
        s.stop()


def _rebuilt(s: Server, start: int) -> None:
    """Wait for the rebuild after an edit: it must finish (no 'error happened during the rebuild')."""
    at = s.wait_for("Detected file changes", after=start)
    done = s.wait_for("Reloading browsers", "error happened during the rebuild", after=at)
    failed = [line for line in s.lines[at:done] if "error happened during the rebuild" in line or "Traceback" in line]
    assert failed == [], "\n".join(s.lines[at:])


def test_serve_keeps_serving_a_broken_corpus(server):
    project, s = server
    assert s.get("")[0] == 200
    start = len(s.lines)
    adversarial._nested_list(project)       # a list nested 250 levels deep in the index
    adversarial._deep_notebook(project)     # notebook JSON nested 100,000 levels deep
    adversarial._bad_record(project)        # invalid UTF-8 in published-ids.txt
    _rebuilt(s, start)
    status, health = s.get("health/")
    assert status == 200
    for name in ("tooling/published-ids.txt", "lane-a/deep.ipynb"):
        assert name in health, name
    assert s.get("findings/")[0] == 200 and s.get("tooling/lane-a/")[0] == 200

    # a docs file at a generated page's path that the plan cannot see (the second index.md): this used to
    # raise in the plugin, and the server then answered nothing until the file was fixed
    start = len(s.lines)
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "docs" / "findings").mkdir()
    (project / "docs" / "findings" / "index.md").write_text("# Not the findings list\n", encoding="utf-8")
    _rebuilt(s, start)
    status, health = s.get("health/")
    assert status == 200 and "docs/findings/index.md" in health
    status, listing = s.get("findings/")
    assert status == 200 and "Not the findings list" not in listing


def test_a_stopped_serve_leaves_nothing_in_the_temporary_folder(tmp_path):
    """Ctrl-C ends `serve` with its preview site and its search index's working folder removed: under
    `make serve` they live in /dev/shm, which is memory until a reboot. A serve killed outright runs no exit
    handler; its search folder is removed by the next serve."""
    project = make_project(tmp_path / "p")
    s = Server(project)
    try:
        s.wait_for("Serving on")
        start = len(s.lines)
        index = project / "tooling" / "README.md"
        index.write_text(index.read_text(encoding="utf-8") + "\nA line added while serving.\n", encoding="utf-8")
        _rebuilt(s, start)
        assert any(p.name.startswith(f"corpus-pagefind-preview-{s.proc.pid}-") for p in s.tmp.iterdir())
    finally:
        s.stop()
    assert s.proc.returncode == 0, "\n".join(s.lines[-40:])
    assert sorted(p.name for p in s.tmp.iterdir()) == []

    killed = Server(project)
    try:
        killed.wait_for("Serving on")
    finally:
        killed.proc.kill()
        killed.proc.wait()
    left = [p.name for p in killed.tmp.iterdir() if p.name.startswith("corpus-pagefind-preview-")]
    assert left, "a killed serve cannot clean up: the case the sweep is for"
    again = Server(project)
    try:
        again.wait_for("Serving on")
        names = [p.name for p in again.tmp.iterdir()]
        assert not set(left) & set(names), names
    finally:
        again.stop()


def test_serve_watches_the_working_docs_at_the_root(tmp_path):
    """The shipped working docs sit at the project root, outside docs/ and the `watch:` folders: the corpus
    plugin watches each one it found, so editing one rebuilds its page."""
    project = make_project(tmp_path / "p")
    s = Server(project)
    try:
        s.wait_for("Serving on")
        start = len(s.lines)
        gotchas = project / "GOTCHAS.md"
        gotchas.write_text(gotchas.read_text(encoding="utf-8") + "\nA line added while serving.\n", encoding="utf-8")
        _rebuilt(s, start)
        status, page = s.get("GOTCHAS/")
        assert status == 200 and "A line added while serving." in page
    finally:
        s.stop()


def test_serve_log_is_quiet_and_a_retitle_names_its_fix(tmp_path):
    """One `mkdocs serve` process, two builds: the notices about the build's surroundings (local site_url, no
    repository) print once, each build ends with its summary line, nothing is a WARNING, and a retitle (no git
    history here) names the retitled finding and the exact comment to add."""
    project = make_project(tmp_path / "p")
    s = Server(project)
    try:
        s.wait_for("Serving on")
        first = "\n".join(s.lines)
        assert "a local address" in first and "no repo_url" in first
        assert " corpus: built " in first and "WARNING" not in first, first
        assert "Found local Python module" not in first
        start = len(s.lines)
        index = project / "tooling" / "README.md"
        text = index.read_text(encoding="utf-8")
        old = "11. **Native object detection with bbox output.**"
        assert old in text
        index.write_text(text.replace(old, "11. **Native object detection with box output.**"), encoding="utf-8")
        _rebuilt(s, start)
        done = s.wait_for(" corpus: built ", after=start)
        again = "\n".join(s.lines[start:done + 1])
        assert "a local address" not in again and "no repo_url" not in again  # once per process
        error = next(line for line in s.lines[start:] if "no longer exists" in line)
        assert 'finding 11 "Native object detection with box output"' in error, error
        assert "<!-- finding-aliases: native-object-detection-with-bbox-output -->" in error
        assert "#id-retitled" in error  # and where the guide explains it
        status, moved = s.get("findings/native-object-detection-with-bbox-output/")
        assert status == 200 and "native-object-detection-with-box-output/" in moved
    finally:
        s.stop()


def test_serve_retitle_with_git_history_needs_no_alias(tmp_path):
    """In a git repository, a retitle while serving is understood: the old address redirects to the finding,
    the build shows no error, and one info line names the old and the new id."""
    project = make_project(tmp_path / "p")
    git = ["git", "-C", str(project), "-c", "user.name=T", "-c", "user.email=t@example.org",
           "-c", "commit.gpgsign=false"]
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "corpus"]):
        subprocess.run(git + args, check=True, capture_output=True, env=env)
    s = Server(project)
    try:
        s.wait_for("Serving on")
        start = len(s.lines)
        index = project / "tooling" / "README.md"
        text = index.read_text(encoding="utf-8")
        old = "11. **Native object detection with bbox output.**"
        index.write_text(text.replace(old, "11. **Native object detection with box output.**"), encoding="utf-8")
        _rebuilt(s, start)
        done = s.wait_for(" corpus: built ", after=start)
        rebuild = s.lines[start:done + 1]
        assert not [line for line in rebuild if line.startswith(("ERROR", "WARNING"))], "\n".join(rebuild)
        retitled = [line for line in rebuild if "was retitled" in line]
        assert len(retitled) == 1, "\n".join(rebuild)
        assert "'native-object-detection-with-bbox-output' now redirects to 'native-object-detection-with-box-output'" \
            in retitled[0]
        assert not [line for line in rebuild if "has the new id 'native-object-detection-with-box-output'" in line]
        status, page = s.get("findings/native-object-detection-with-bbox-output/")
        assert status == 200 and "native-object-detection-with-box-output/" in page
    finally:
        s.stop()
def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _index_with(findings: str):
    def write(project: Path) -> None:
        (project / "tooling" / "README.md").write_text(adversarial.index(findings=adversarial.FINDINGS + findings),
                                                       encoding="utf-8")
    return write


def _non_utf8_name(project: Path) -> None:
    folder = os.fsencode(project / "tooling" / "lane-a")
    with open(os.path.join(folder, b"bad-\xff.txt"), "wb") as fh:
        fh.write(b"x\n")


def _remove_non_utf8_name(project: Path) -> None:
    os.unlink(os.path.join(os.fsencode(project / "tooling" / "lane-a"), b"bad-\xff.txt"))


def _bad_brief_sources(project: Path) -> None:
    brief = project / "tooling" / "gemma-family" / "goodgemma.md"
    brief.write_text(adversarial.GOOD_BRIEF.replace("sources:\n", "sources:\n  - \"javascript:alert('SERVE')\"\n"),
                     encoding="utf-8")


def _restore(rel: str, content: str):
    def fix(project: Path) -> None:
        (project / rel).write_text(content, encoding="utf-8")
    return fix


def _unlink(rel: str):
    def fix(project: Path) -> None:
        (project / rel).unlink()
    return fix


def _hard_link(project: Path) -> None:
    os.link(project / "tooling" / "lane-a" / "notes.txt", project / "tooling" / "lane-a" / "linked.txt")


# (name, break it, fix it, what /health/ says while it is broken)
BREAKS = [
    ("fifo-docs-asset", lambda p: _fifo(p / "docs" / "pipe.png"), _unlink("docs/pipe.png"), None),
    ("fifo-corpus", lambda p: _fifo(p / "tooling" / "lane-a" / "pipe.txt"), _unlink("tooling/lane-a/pipe.txt"),
     "tooling/lane-a/pipe.txt"),
    ("index-html-snapshot", lambda p: (p / "tooling" / "lane-a" / "index.html").write_text("<p>SNAP</p>"),
     _unlink("tooling/lane-a/index.html"), None),
    ("reserved-id-and-alias", _index_with("3. **Idx.** B. <!-- finding-id: index.html --> **[flagged — later]**\n"
                                          "4. **Al.** B. <!-- finding-aliases: index.html, a: b --> "
                                          "**[flagged — later]**\n"),
     _restore("tooling/README.md", adversarial.index()), "findings/index.html-2"),
    ("dates-out-of-range", _index_with("3. **Far.** B. **[flagged — check back December 9999]**\n"
                                       "   - **Update 0000-01-01:** zero.\n"),
     _restore("tooling/README.md", adversarial.index()), "0000-01-01"),
    ("non-utf8-name", _non_utf8_name, _remove_non_utf8_name, "tooling/lane-a/bad-\\xff.txt"),
    ("javascript-source", _bad_brief_sources, _restore("tooling/gemma-family/goodgemma.md", adversarial.GOOD_BRIEF),
     "javascript:alert("),
    ("hard-link", _hard_link, _unlink("tooling/lane-a/linked.txt"), "tooling/lane-a/linked.txt"),
]


def test_serve_answers_through_every_break_and_recovers(server):
    """Each break of issue 22 while serving: the rebuild finishes, every page answers, /health/ names the
    problem; once the file is fixed the next rebuild is clean again."""
    project, s = server
    for name, breaks, fixes, health_says in BREAKS:
        start = len(s.lines)
        breaks(project)
        _rebuilt(s, start)
        for path in ("", "findings/", "health/", "tooling/lane-a/"):
            status, _ = s.get(path)
            assert status == 200, (name, path)
        if health_says:
            assert health_says in s.get("health/")[1], name
        start = len(s.lines)
        fixes(project)
        _rebuilt(s, start)
        status, health = s.get("health/")
        assert status == 200, name
        if health_says:
            assert health_says not in health, name
