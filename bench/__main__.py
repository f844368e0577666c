"""`python -m bench`: build times of our site vs the same pages as plain files (mkdocs, Zensical).

For each scale: a synthetic corpus (bench/synth.py), its pages materialised as plain files
(bench/materialise.py), then the median of N cold builds (subprocess, fresh site dir) of
  ours      mkdocs build of the project (macros plugin + corpus hook),
  plain     mkdocs build of the materialised pages (no macros, no hook),
  zensical  zensical build of the same materialised pages,
plus the corpus stage alone in-process, peak RSS of our build, and the size of what it wrote.
At 1x also the `mkdocs serve` rebuild time after an edit of tooling/README.md.
Writes a table to stdout and bench/out/results.json.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from macros.render.maps import make_maps

from . import adversarial, many
from .materialise import load_site, materialise
from .synth import snapshot, write_corpus
from .verify_bench import report as verify_report

HERE = Path(__file__).resolve().parent
BUILD_EPOCH = "1795824000"  # 2026-11-28T00:00:00Z, as in tests/conftest.py
SITE_URL = "https://corpus.example.org/gemma/"
TOOLS = ("ours", "plain", "zensical")
KEYS = ("ours_s", "plain_s", "zensical_s", "corpus_stage_s", "peak_rss_mb", "pages", "site_bytes",
        "max_page_bytes", "search_index_bytes")


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
        # the provenance maps have a budget of their own (300 KB, see map_metrics and evaluate)
        if p.suffix == ".html" and n > max_bytes and not rel.startswith("findings/map/"):
            max_bytes, max_page = n, rel
    idx = site / search_rel
    return {"pages": pages, "site_bytes": total, "max_page_bytes": max_bytes, "max_page": max_page,
            "search_index_bytes": idx.stat().st_size if idx.is_file() else None}


def one_build(tool: str, scale_dir: Path, i: int, zcmd: tuple) -> dict:
    """One cold build: a fresh site dir (and no Zensical cache)."""
    project, plain = scale_dir / "project", scale_dir / "plain"
    logs = scale_dir / "logs"
    logs.mkdir(exist_ok=True)
    if tool == "ours":
        site = scale_dir / f"site-ours-{i}"
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


def build_runs(tools: list[str], scale_dir: Path, runs: int, zcmd: tuple) -> dict:
    """`runs` cold builds of each tool, interleaved (ours, plain, zensical, ours, …) so that other load on
    the machine falls on all of them alike; medians of wall and CPU time, metrics of the last site."""
    per: dict[str, list[dict]] = {t: [] for t in tools}
    failed: dict[str, str] = {}
    for i in range(runs):
        for tool in tools:
            if tool in failed:
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


def map_stage(project: Path, runs: int) -> dict:
    """The provenance maps (macros/render/maps.py: the graph, every map laid out by one dot run), in-process
    on a loaded site; median of `runs`."""
    site = load_site(project)[0]
    times = []
    for _ in range(max(runs, 1)):
        for attr in ("_provenance", "_maps"):
            site.__dict__.pop(attr, None)
        t0 = time.perf_counter()
        made = make_maps(site)
        times.append(time.perf_counter() - t0)
    return {"median_s": round(statistics.median(times), 4), "runs_s": [round(t, 4) for t in times],
            "drawn": made.reason is None, "detailed": made.detailed, "reason": made.reason}


def map_metrics(site: Path) -> dict:
    """Bytes of the map page, of the largest per-doc/per-lane map page, and how many of those there are."""
    main = site / "findings" / "map" / "index.html"
    clusters = [p.stat().st_size for p in (site / "findings" / "map").glob("*/*/index.html")]
    return {"map_bytes": main.stat().st_size if main.is_file() else None,
            "map_cluster_max_bytes": max(clusters, default=None), "map_cluster_pages": len(clusters)}


def corpus_stage(project: Path, runs: int) -> dict:
    """load_corpus + git dates + Site planning + diagnostics, in-process; one warm-up, then `runs` timed."""
    first = load_site(project)[2]
    times = [load_site(project)[2] for _ in range(runs)]
    return {"cold_s": round(first, 4), "median_s": round(statistics.median(times), 4),
            "runs_s": [round(t, 4) for t in times]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_rebuild(project: Path, logs: Path, edits: int = 3, timeout: float = 300.0) -> dict:
    """Start `mkdocs serve`, edit tooling/README.md, time until the server logs 'Reloading browsers'."""
    index = project / "tooling" / "README.md"
    original = index.read_bytes()
    port = _free_port()
    log = logs / "serve.log"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")]
    fh = open(log, "wb")
    proc = subprocess.Popen(cmd, cwd=project, env=bench_env(), stdout=fh, stderr=subprocess.STDOUT)

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

    result: dict = {"ok": False, "runs_s": [], "reported_build_s": []}
    try:
        if not wait_for(lambda t: "Serving on" in t, timeout):
            result["error"] = text()[-2000:]
            return result
        time.sleep(1.0)  # let the watcher settle
        for i in range(edits):
            n = text().count("Reloading browsers")
            t0 = time.perf_counter()
            index.write_bytes(original + f"\nEdited for the serve benchmark ({i + 1}).\n".encode())
            if not wait_for(lambda t, n=n: t.count("Reloading browsers") > n, timeout):
                result["error"] = text()[-2000:]
                return result
            result["runs_s"].append(round(time.perf_counter() - t0, 3))
            built = [ln for ln in text().splitlines() if "Documentation built in" in ln]
            if built:
                result["reported_build_s"].append(float(built[-1].split("built in")[1].split()[0]))
            time.sleep(0.5)
        result["ok"] = True
        result["median_s"] = statistics.median(result["runs_s"])
        return result
    finally:
        index.write_bytes(original)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        fh.close()


def _source_rev() -> str:
    """The commit the site's code came from, '+dirty' when macros/ or overrides/ had local edits."""
    root = HERE.parent
    try:
        rev = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "macros", "overrides",
                                "mkdocs.yml", "docs/index.md"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> dict:
    return {"uname": " ".join(platform.uname()), "cores": os.cpu_count(), "python": platform.python_version(),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def evaluate(res: dict) -> dict:
    """The issue's targets, each with the measured value and pass/fail (None when not measured)."""
    s = res["scales"]
    one, ten = s.get("1"), s.get("10")
    t: dict = {}

    def put(name, value, limit, ok):
        t[name] = {"value": value, "target": limit, "pass": ok}

    if one:
        r = one.get("ours_over_plain")
        put("1x ours <= 1.10 x plain", r, 1.10, None if r is None else r <= 1.10)
        share = one.get("corpus_stage_share")
        put("1x corpus stage <= 5% of our build", share, 0.05, None if share is None else share <= 0.05)
        si = one.get("search_index_bytes")
        put("1x search_index <= 1 MB", si, 1_000_000, None if si is None else si <= 1_000_000)
    if ten:
        sr = res.get("scale_ratio")
        put("10x scale_ratio <= 10.5", sr, 10.5, None if sr is None else sr <= 10.5)
        mp = ten.get("max_page_bytes")
        put("10x largest page (maps aside) <= 100 KB", mp, 100 * 1024, None if mp is None else mp <= 100 * 1024)
        sizes = [v for v in (ten.get("map_bytes"), ten.get("map_cluster_max_bytes")) if v is not None]
        mb = max(sizes) if sizes else None
        put("10x largest map page <= 300 KB", mb, 300 * 1024, None if mb is None else mb <= 300 * 1024)
        ms = ten.get("map_share")
        put("10x provenance maps <= 10% of our build", ms, 0.10, None if ms is None else ms <= 0.10)
        z = ten.get("ours_over_zensical")
        put("10x ours faster than Zensical", z, 1.0, None if z is None else z < 1.0)
    return t


def fmt(v, unit="") -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.3f}{unit}" if v < 100 else f"{v:.1f}{unit}"
    return f"{v}{unit}"


def table(res: dict) -> str:
    scales = list(res["scales"])
    rows = [("ours_s (median)", "ours_s"), ("plain_s (median)", "plain_s"), ("zensical_s (median)", "zensical_s"),
            ("ours / plain", "ours_over_plain"), ("ours / zensical", "ours_over_zensical"),
            ("ours / plain (CPU time)", "cpu_ours_over_plain"),
            ("ours / zensical (CPU time)", "cpu_ours_over_zensical"),
            ("corpus_stage_s (in-process)", "corpus_stage_s"), ("corpus stage share of ours", "corpus_stage_share"),
            ("peak_rss_mb (ours)", "peak_rss_mb"), ("pages (index.html)", "pages"), ("site_bytes", "site_bytes"),
            ("max_page_bytes", "max_page_bytes"), ("largest page", "max_page"),
            ("search_index_bytes", "search_index_bytes"), ("map_bytes (findings/map/)", "map_bytes"),
            ("largest per-doc/per-lane map", "map_cluster_max_bytes"), ("map_s (maps, in-process)", "map_s"),
            ("maps share of ours", "map_share")]
    head = "| metric | " + " | ".join(f"{s}x" for s in scales) + " |"
    lines = [head, "|---|" + "---|" * len(scales)]
    for label, key in rows:
        lines.append(f"| {label} | " + " | ".join(fmt(res["scales"][s].get(key)) for s in scales) + " |")
    lines.append("")
    lines.append(f"scale_ratio (ours 10x / ours 1x): {fmt(res.get('scale_ratio'))} wall, "
                 f"{fmt(res.get('cpu_scale_ratio'))} CPU time")
    if res.get("serve_rebuild_s") is not None:
        lines.append(f"serve_rebuild_s (1x, edit of tooling/README.md → 'Reloading browsers'): "
                     f"{fmt(res['serve_rebuild_s'])}")
    lines.append("")
    lines.append("| target | measured | pass |")
    lines.append("|---|---|---|")
    for name, v in res["targets"].items():
        lines.append(f"| {name} | {fmt(v['value'])} | {'—' if v['pass'] is None else ('yes' if v['pass'] else 'NO')} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--runs", type=int, default=5, help="cold builds per tool and scale (median reported)")
    ap.add_argument("--tools", nargs="+", choices=TOOLS, default=list(TOOLS))
    ap.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild measurement")
    ap.add_argument("--many", action="store_true", help="also time 500 vs 5,000 findings (bench/many.py)")
    ap.add_argument("--work", type=Path, default=HERE / "out" / "work", help="where projects and sites are written")
    ap.add_argument("--out", type=Path, default=HERE / "out" / "results.json")
    ap.add_argument("--no-adversarial", action="store_true", help="skip the hostile-file build times")
    args = ap.parse_args(argv)

    zcmd = zensical_command()
    res: dict = {"machine": machine(), "runs": args.runs, "tools": args.tools, "zensical": zcmd[2],
                 "scales": {}}
    args.work.mkdir(parents=True, exist_ok=True)
    src = snapshot(args.work / "src")  # one copy of the site's code for every scale of this run
    res["source"] = _source_rev()
    ok = True
    for scale in args.scales:
        d = args.work / f"scale-{scale}"
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        counts = write_corpus(d / "project", scale, source=src)
        materialise(d / "project", d / "plain")
        print(f"[bench] scale {scale}x: {counts}", file=sys.stderr, flush=True)
        row: dict = {"counts": counts}
        tools = [t for t in args.tools if not (t == "zensical" and zcmd[0] is None)]
        load_before = os.getloadavg()
        builds = build_runs(tools, d, args.runs, zcmd)
        row["loadavg_before_after"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
        if "zensical" in args.tools and zcmd[0] is None:
            builds["zensical"] = {"ok": None, "error": zcmd[2]}
        ok = ok and all(b["ok"] is not False for b in builds.values())
        stage = corpus_stage(d / "project", args.runs)
        maps_stage = map_stage(d / "project", args.runs)
        ours = builds.get("ours", {})
        row.update({
            "ours_s": ours.get("median_s"),
            "plain_s": builds.get("plain", {}).get("median_s"),
            "zensical_s": builds.get("zensical", {}).get("median_s"),
            "corpus_stage_s": stage["median_s"],
            "peak_rss_mb": ours.get("peak_rss_mb"),
            "pages": ours.get("pages"),
            "site_bytes": ours.get("site_bytes"),
            "max_page_bytes": ours.get("max_page_bytes"),
            "max_page": ours.get("max_page"),
            "search_index_bytes": ours.get("search_index_bytes"),
            "map_s": maps_stage["median_s"],
            **(map_metrics(Path(ours["site_dir"])) if ours.get("site_dir") else {}),
        })
        row["map_share"] = round(row["map_s"] / row["ours_s"], 4) if row["ours_s"] else None
        row["map_stage"] = maps_stage
        row["ours_over_plain"] = round(row["ours_s"] / row["plain_s"], 3) if row["ours_s"] and row["plain_s"] else None
        row["ours_over_zensical"] = (round(row["ours_s"] / row["zensical_s"], 3)
                                     if row["ours_s"] and row["zensical_s"] else None)
        cpu = {t: builds.get(t, {}).get("median_cpu_s") for t in TOOLS}
        row["cpu_s"] = cpu
        row["cpu_ours_over_plain"] = round(cpu["ours"] / cpu["plain"], 3) if cpu["ours"] and cpu["plain"] else None
        row["cpu_ours_over_zensical"] = (round(cpu["ours"] / cpu["zensical"], 3)
                                         if cpu["ours"] and cpu["zensical"] else None)
        row["corpus_stage_share"] = round(row["corpus_stage_s"] / row["ours_s"], 4) if row["ours_s"] else None
        row["corpus_stage"] = stage
        row["builds"] = builds
        res["scales"][str(scale)] = row
        for b in builds.values():  # keep results, not the sites
            if b.get("site_dir"):
                shutil.rmtree(b["site_dir"], ignore_errors=True)
    s1, s10 = res["scales"].get("1", {}), res["scales"].get("10", {})
    res["scale_ratio"] = round(s10["ours_s"] / s1["ours_s"], 3) if s1.get("ours_s") and s10.get("ours_s") else None
    res["cpu_scale_ratio"] = (round(s10["cpu_s"]["ours"] / s1["cpu_s"]["ours"], 3)
                              if s1.get("ours_s") and s10.get("ours_s") else None)
    res["serve_rebuild_s"] = None
    if not args.no_serve and "1" in res["scales"] and "ours" in args.tools:
        serve = serve_rebuild(args.work / "scale-1" / "project", args.work / "scale-1" / "logs")
        res["serve"] = serve
        res["serve_rebuild_s"] = serve.get("median_s")
        print(f"[bench] serve rebuild: {serve.get('runs_s')} ok={serve['ok']}", file=sys.stderr, flush=True)
    res["adversarial"] = None if args.no_adversarial else adversarial.run(args.work / "adversarial", min(args.runs, 3))
    res["many_findings"] = many.run(args.work / "many", args.runs, bench_env()) if args.many else None
    res["targets"] = evaluate(res)
    res["verify"] = verify_report()  # 500 URLs, at most 8 in flight, vs the serial sum (bench/verify_bench.py)
    res["ok"] = ok
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(table(res) + (adversarial.table(res["adversarial"]) if res["adversarial"] else ""))
    print(f"\nresults: {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
