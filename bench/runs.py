"""One timed build, interleaved runs of several tools, and the `mkdocs serve` rebuild time (bench/__main__.py
puts them together).

Tools: `ours` (mkdocs build of the project, warm: its .cache/ kept between runs), `cold` (the same with
.cache/ removed first: link cards drawn, code highlighted, templates compiled), `plain` (mkdocs build of the
materialised export), `zensical` (zensical build of the same export).
"""
from __future__ import annotations

import importlib.util
import os
import signal
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # the checkout (scripts/preview_tmpdir.py)
BUILD_EPOCH = "1795824000"  # 2026-11-28T00:00:00Z, as in tests/conftest.py
SITE_URL = "https://corpus.example.org/gemma/"
TOOLS = ("ours", "plain", "zensical", "cold", "edited")
EDIT_MARK = "Edited for the benchmark, run "  # the line `edited` builds append to one brief


def bench_env(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SITE_URL", "REPO_URL", "CORPUS_DIR"))}
    env.update({"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH, "SITE_URL": SITE_URL,
                "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"})
    env.update(extra or {})
    return env


def run_timed(cmd: list[str], cwd: Path, env: dict, log: Path) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user+sys), peak RSS (MB) of this child alone (os.wait4), exit code."""
    with open(log, "wb") as fh:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        dt = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return dt, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def zensical_command() -> tuple[list[str] | None, dict, str]:
    """How to run zensical here: (argv prefix or None, extra env, note)."""
    if importlib.util.find_spec("zensical") is None:
        return None, {}, "zensical is not installed (make bench installs it)"
    exe = Path(sys.executable).parent / "zensical"
    argv = [str(exe)] if exe.exists() else [sys.executable, "-m", "zensical"]
    if importlib.util.find_spec("zensical_ui") is None:
        shim = str(HERE / "zensical_shim")
        pp = os.environ.get("PYTHONPATH")
        return argv, {"PYTHONPATH": shim + (os.pathsep + pp if pp else "")}, \
            "zensical-ui missing: ran with bench/zensical_shim (Material's templates, classic variant)"
    return argv, {}, "zensical with zensical-ui"


def _redirect(page: Path) -> bool:
    with page.open("rb") as fh:
        return b'http-equiv="refresh"' in fh.read(1024)


def site_metrics(site: Path, search_rel: str) -> dict:
    pages = 0
    total = 0
    max_bytes, max_page = 0, ""
    for p in site.rglob("*"):
        if not p.is_file():
            continue
        n = p.stat().st_size
        total += n
        if p.name == "index.html" and not _redirect(p):  # number shortcuts and aliases are not pages
            pages += 1
        rel = p.relative_to(site).as_posix()
        # the provenance maps have a budget of their own (300 KB: bench/__main__.py, map_metrics)
        if p.suffix == ".html" and n > max_bytes and not rel.startswith("findings/map/"):
            max_bytes, max_page = n, rel
    idx = site / search_rel
    # the search index: Material's/Zensical's one file, plus Pagefind's chunked index where the site has one
    # (a reader fetches only some of its chunks: search_first_query_bytes measures that)
    chunks = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    return {"pages": pages, "site_bytes": total, "max_page_bytes": max_bytes, "max_page": max_page,
            "search_index_bytes": ((idx.stat().st_size if idx.is_file() else 0) + chunks) or None,
            "pagefind_bytes": chunks or None}


def one_build(tool: str, scale_dir: Path, i: int, zcmd: tuple) -> dict:
    """One build into a fresh site dir (no Zensical cache); `cold` also without the project's .cache/."""
    project, plain = scale_dir / "project", scale_dir / "plain"
    logs = scale_dir / "logs"
    logs.mkdir(exist_ok=True)
    if tool in ("ours", "cold", "edited"):
        if tool == "cold":
            shutil.rmtree(project / ".cache", ignore_errors=True)
        if tool == "edited":
            edit_one_brief(project, i)
        site = scale_dir / f"site-{tool}-{i}"
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site), "-f", str(project / "mkdocs.yml")]
        cwd, env = project, bench_env()
    elif tool == "plain":
        site = scale_dir / f"site-plain-{i}"
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site), "-f", str(plain / "mkdocs.yml")]
        cwd, env = plain, bench_env()
    else:
        argv, extra, _ = zcmd
        site = plain / "site-zensical"  # site_dir is set in zensical.yml
        shutil.rmtree(plain / ".cache", ignore_errors=True)
        cmd = argv + ["build", "--clean", "-f", str(plain / "zensical.yml")]
        cwd, env = plain, bench_env(extra)
    shutil.rmtree(site, ignore_errors=True)
    log = logs / f"{tool}-{i}.log"
    dt, cpu, mb, rc = run_timed(cmd, cwd, env, log)
    out = {"s": dt, "cpu_s": cpu, "rss_mb": mb, "rc": rc, "site": site}
    if rc != 0:
        out["error"] = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    return out


def first_brief(project: Path) -> str:
    """The first brief of the synthetic project's briefs lane (not its README), relative to the project."""
    briefs = sorted((project / "tooling" / "gemma-family").glob("*.md"))
    return next(str(p.relative_to(project)) for p in briefs if p.name.lower() not in ("readme.md", "index.md"))


def edit_one_brief(project: Path, i: int) -> Path:
    """What a maintainer's next build sees: one brief with a new sentence (a new one for each run `i`), the
    rest of the corpus and the project's .cache/ as the last build left them. Its page, the catalog and the
    search index (the part that holds the page) change; the rest is as warm as `ours`."""
    brief = project / first_brief(project)
    lines = [ln for ln in brief.read_text(encoding="utf-8").splitlines() if not ln.startswith(EDIT_MARK)]
    brief.write_text("\n".join(lines) + f"\n\n{EDIT_MARK}{i}.\n", encoding="utf-8")
    return brief


def build_runs(tools: list[str], scale_dir: Path, runs: int, zcmd: tuple, *, cold_runs: int | None = None) -> dict:
    """`runs` builds of each tool, interleaved (ours, plain, zensical, cold, ours, …) so that other load on
    the machine falls on all of them alike (`cold` only in the first `cold_runs` rounds); medians of wall
    and CPU time, metrics of the last site. One untimed build of ours first fills the project's .cache/,
    so that `ours` is a warm build from its first run."""
    per: dict[str, list[dict]] = {t: [] for t in tools}
    failed: dict[str, str] = {}
    if "ours" in tools:
        shutil.rmtree(one_build("ours", scale_dir, runs, zcmd)["site"], ignore_errors=True)
    for i in range(runs):
        for tool in tools:
            if tool in failed or (tool == "cold" and cold_runs is not None and i >= cold_runs):
                continue
            r = one_build(tool, scale_dir, i, zcmd)
            if r["rc"] != 0:
                failed[tool] = r["error"]
                continue
            if per[tool]:
                prev = per[tool][-1]["site"]
                if prev != r["site"]:
                    shutil.rmtree(prev, ignore_errors=True)
            per[tool].append(r)
        print(f"[bench]   run {i + 1}/{runs}: " + ", ".join(
            f"{t} {per[t][-1]['s']:.2f}s" for t in tools if per[t] and t not in failed), file=sys.stderr, flush=True)
    out = {}
    for tool in tools:
        rs = per[tool]
        if tool in failed:
            out[tool] = {"ok": False, "error": failed[tool], "runs_s": [round(r["s"], 3) for r in rs]}
            continue
        b = {"ok": True, "runs_s": [round(r["s"], 3) for r in rs], "cpu_runs_s": [round(r["cpu_s"], 3) for r in rs],
             "median_s": round(statistics.median(r["s"] for r in rs), 3), "min_s": round(min(r["s"] for r in rs), 3),
             "median_cpu_s": round(statistics.median(r["cpu_s"] for r in rs), 3),
             "peak_rss_mb": round(max(r["rss_mb"] for r in rs), 1)}
        site = rs[-1]["site"]
        b.update(site_metrics(site, "search.json" if tool == "zensical" else "search/search_index.json"))
        b["site_dir"] = str(site)
        out[tool] = b
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settle(pid: int, quiet: float = 0.5, limit: float = 120.0) -> None:
    """Wait until process `pid` is idle: no child process (Pagefind) and under 30 % of a core for `quiet`
    seconds (an idle `mkdocs serve` polls the watched files: about 11 % of a core at 10x). Without /proc:
    wait `quiet` seconds."""
    def fields(stat: Path) -> list[str]:
        return stat.read_text().rsplit(")", 1)[1].split()

    def busy() -> tuple[float, bool]:
        own = fields(Path(f"/proc/{pid}/stat"))
        children = False
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                children = children or fields(stat)[1] == str(pid)
            except (OSError, IndexError):
                continue  # a process that ended meanwhile
        return (int(own[11]) + int(own[12])) / os.sysconf("SC_CLK_TCK"), children

    end = time.monotonic() + limit
    try:
        before, _ = busy()
        while time.monotonic() < end:
            time.sleep(quiet)
            now, children = busy()
            if not children and now - before < 0.3 * quiet:
                return
            before = now
    except (OSError, ValueError, IndexError):
        time.sleep(quiet)


def _preview_tmpdir(env: dict) -> str:
    """scripts/preview_tmpdir.py's choice (the folder `make serve` gives mkdocs serve for its site)."""
    spec = importlib.util.spec_from_file_location("preview_tmpdir", ROOT / "scripts" / "preview_tmpdir.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.preview_tmpdir(env)


POLL_S = 0.5  # MkDocs' file watcher looks for changes this often (mkdocs/livereload: PollingObserver)


def ctrl_c_stops_it() -> None:
    """A `preexec_fn` for a server this process stops with Ctrl-C (SIGINT): Ctrl-C is its default again. A
    shell that starts a command in the background without job control makes it ignore SIGINT, and so
    every process it starts; Python then never raises KeyboardInterrupt, and `mkdocs serve` could only be
    killed, leaving its temporary folders behind."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def save_moments(edits: int) -> list[float]:
    """When, after the server is idle, each edit is saved: spread evenly over one poll of the watcher.

    `settle` looks at the server every 0.5 s, as often as the watcher polls, so an edit saved right after
    it always met the watcher at the same point of its poll: one serve session measured 0.5 s, another
    1.0 s, for the same code. A maintainer saves at any moment; spreading the saves over the poll measures
    that, and the median is the save in the middle of a poll."""
    return [POLL_S * (i + 0.5) / edits for i in range(edits)]


def serve_rebuild(project: Path, logs: Path, edits: int = 5, timeout: float = 300.0,
                  edit: str = "tooling/README.md") -> dict:
    """Start `mkdocs serve`, append a line to `edit` (the corpus index by default), time until the server logs
    'Reloading browsers' (`edits` saves, at moments spread over one poll of the watcher: `save_moments`)."""
    index = project / edit
    original = index.read_bytes()
    port = _free_port()
    log = logs / f"serve-{edit.replace('/', '_')}.log"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")]
    fh = open(log, "wb")
    env = bench_env()
    env["TMPDIR"] = _preview_tmpdir(env)  # as `make serve` sets it
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=fh, stderr=subprocess.STDOUT,
                            preexec_fn=ctrl_c_stops_it)

    def text() -> str:
        return log.read_text(encoding="utf-8", errors="replace")

    def wait_for(pred, limit: float) -> bool:
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if pred(text()):
                return True
            if proc.poll() is not None:
                return False
            time.sleep(0.02)
        return False

    def cpu() -> float | None:
        """The server's CPU time so far (user + system, from /proc; None where there is no /proc)."""
        try:
            fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return None

    result: dict = {"ok": False, "runs_s": [], "reported_build_s": [], "cpu_s": []}
    try:
        if not wait_for(lambda t: "Serving on" in t, timeout):
            result["error"] = text()[-2000:]
            return result
        settle(proc.pid)  # a maintainer saves again after reading the page: the server is idle by then
        for i, moment in enumerate(save_moments(edits)):
            n = text().count("Reloading browsers")
            time.sleep(moment)
            t0, c0 = time.perf_counter(), cpu()
            index.write_bytes(original + f"\nEdited for the serve benchmark ({i + 1}).\n".encode())
            if not wait_for(lambda t, n=n: t.count("Reloading browsers") > n, timeout):
                result["error"] = text()[-2000:]
                return result
            result["runs_s"].append(round(time.perf_counter() - t0, 3))
            c1 = cpu()
            if c0 is not None and c1 is not None:  # (CPU time says more than wall time on a loaded machine)
                result["cpu_s"].append(round(c1 - c0, 3))
            built = [ln for ln in text().splitlines() if "Documentation built in" in ln]
            if built:
                result["reported_build_s"].append(float(built[-1].split("built in")[1].split()[0]))
            settle(proc.pid)  # (the preview's search index is made after the reload, in the background)
        result["ok"] = True
        result["median_s"] = statistics.median(result["runs_s"])
        result["cpu_median_s"] = statistics.median(result["cpu_s"]) if result["cpu_s"] else None
        return result
    finally:
        index.write_bytes(original)
        proc.send_signal(signal.SIGINT)  # Ctrl-C: serve removes its temporary folders
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        fh.close()
