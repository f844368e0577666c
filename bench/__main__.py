"""`python -m bench`: build times of our site vs the same pages as plain files (mkdocs, Zensical).

For each scale: a synthetic corpus (bench/synth.py), its pages materialised as plain files
(bench/materialise.py), then the median of N cold builds (subprocess, fresh site dir) of
  ours      mkdocs build of the project (macros plugin + corpus hook),
  plain     mkdocs build of the materialised pages (no macros, no hook),
  zensical  zensical build of the same materialised pages,
  cold      ours without the project's .cache/,
  edited    ours after one brief was edited (what a maintainer's next build does),
plus the corpus stage alone in-process, peak RSS of our build, and the size of what it wrote.
At 1x also the `mkdocs serve` rebuild time after an edit of tooling/README.md.
Writes a table to stdout and bench/out/results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from macros.render.maps import make_maps

from . import adversarial, many, search_bytes
from .materialise import load_site, materialise
from .runs import TOOLS, build_runs, serve_rebuild, zensical_command
from .synth import snapshot, write_corpus
from .verify_bench import report as verify_report

HERE = Path(__file__).resolve().parent
KEYS = ("ours_s", "plain_s", "zensical_s", "corpus_stage_s", "peak_rss_mb", "pages", "site_bytes",
        "max_page_bytes", "search_index_bytes")


def ratios(builds: dict) -> dict:
    """ours/plain, ours/zensical and cold/warm (ours), by wall and CPU time (medians)."""
    wall = {t: builds.get(t, {}).get("median_s") for t in TOOLS}
    cpu = {t: builds.get(t, {}).get("median_cpu_s") for t in TOOLS}

    def r(a, b):
        return round(a / b, 3) if a and b else None

    return {"cpu_s": cpu, "ours_over_plain": r(wall["ours"], wall["plain"]),
            "ours_over_zensical": r(wall["ours"], wall["zensical"]),
            "cpu_ours_over_plain": r(cpu["ours"], cpu["plain"]),
            "cpu_ours_over_zensical": r(cpu["ours"], cpu["zensical"]),
            "cold_over_warm": r(wall["cold"], wall["ours"]), "cpu_cold_over_warm": r(cpu["cold"], cpu["ours"]),
            "cpu_edited_over_plain": r(cpu["edited"], cpu["plain"]),
            "edited_over_plain": r(wall["edited"], wall["plain"])}


def map_stage(project: Path, runs: int) -> dict:
    """The provenance maps (macros/render/maps.py: the graph, every map laid out by one dot run), in-process
    on an assembled site; median of `runs`."""
    site = load_site(project)[0]
    times = []
    for _ in range(max(runs, 1)):
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
    """assemble_site (load, git dates, plan, cross-reference, diagnostics, timeline, history), in-process; one
    warm-up, then `runs` timed."""
    first = load_site(project)[2]
    times = [load_site(project)[2] for _ in range(runs)]
    return {"cold_s": round(first, 4), "median_s": round(statistics.median(times), 4),
            "runs_s": [round(t, 4) for t in times]}


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
    """The targets of issues 7 and 26, each with the measured value and pass/fail (None when not measured).
    Ratios of ours to plain are CPU time (user+sys): the machine is shared, so wall time is noisier."""
    s = res["scales"]
    one, ten, many_ = s.get("1") or {}, s.get("10") or {}, res.get("many_findings") or {}
    t: dict = {}

    def put(name, value, limit, below=True, strict=False):
        ok = None if value is None else (value < limit if strict else value <= limit) if below else value >= limit
        t[name] = {"value": value, "target": limit, "pass": ok}

    put("1x ours/plain CPU <= 1.10", one.get("cpu_ours_over_plain"), 1.10)
    put("10x ours/plain CPU < 1.00", ten.get("cpu_ours_over_plain"), 1.00, strict=True)
    put("5,000 findings ours/plain CPU <= 1.0", many_.get("cpu_ours_over_plain"), 1.0)
    put("serve edit -> reload 1x <= 1.0 s", res.get("serve_rebuild_s"), 1.0)
    put("serve edit -> reload 10x <= 3.0 s", res.get("serve_rebuild_10x_s"), 3.0)
    put("cold/warm 1x (wall) <= 1.3", one.get("cold_over_warm"), 1.3)
    put("cold/warm 5,000 findings (wall) <= 2", many_.get("cold_over_warm"), 2.0)
    put("10x ours < Zensical (wall)", ten.get("ours_over_zensical"), 1.0, strict=True)
    put("50x peak RSS <= 300 MB (any build of ours)", (s.get("50") or {}).get("peak_rss_mb"), 300)
    put("1x search_index <= 1 MB", one.get("search_index_bytes"), 1_000_000)
    put("10x largest page <= 100 KB", ten.get("max_page_bytes"), 100 * 1024)
    for scale, row in s.items():  # issue 23: every scale
        put(f"{scale}x largest page <= 100 KB", row.get("max_page_bytes"), 100 * 1024)
        sq = [b for b in (row.get("search_first_query_bytes") or {}).values() if isinstance(b, int)]
        put(f"{scale}x search bytes before the first result <= 1 MB", max(sq) if sq else None, 1_000_000)
    sizes = [v for v in (ten.get("map_bytes"), ten.get("map_cluster_max_bytes")) if v is not None]
    put("10x largest map page <= 300 KB", max(sizes) if sizes else None, 300 * 1024)
    put("10x provenance maps <= 10% of our build", ten.get("map_share"), 0.10)
    return t


def fmt(v, unit="") -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.3f}{unit}" if v < 100 else f"{v:.1f}{unit}"
    return f"{v}{unit}"


def table(res: dict) -> str:
    scales = list(res["scales"])
    rows = [("ours_s (median, warm)", "ours_s"), ("cold_s (median, no .cache/)", "cold_s"),
            ("plain_s (median)", "plain_s"), ("zensical_s (median)", "zensical_s"),
            ("edited_s (median, warm, one brief edited)", "edited_s"),
            ("cold / warm (wall)", "cold_over_warm"), ("cold / warm (CPU time)", "cpu_cold_over_warm"),
            ("edited / plain (CPU time)", "cpu_edited_over_plain"),
            ("ours / plain", "ours_over_plain"), ("ours / zensical", "ours_over_zensical"),
            ("ours / plain (CPU time)", "cpu_ours_over_plain"),
            ("ours / zensical (CPU time)", "cpu_ours_over_zensical"),
            ("corpus_stage_s (in-process)", "corpus_stage_s"), ("corpus stage share of ours", "corpus_stage_share"),
            ("peak_rss_mb (ours, cold, edited)", "peak_rss_mb"), ("pages (index.html)", "pages"),
            ("site_bytes", "site_bytes"),
            ("max_page_bytes", "max_page_bytes"), ("largest page", "max_page"),
            ("search_index_bytes", "search_index_bytes"), ("map_bytes (findings/map/)", "map_bytes"),
            ("largest per-doc/per-lane map", "map_cluster_max_bytes"), ("map_s (maps, in-process)", "map_s"),
            ("maps share of ours", "map_share")]
    head = "| metric | " + " | ".join(f"{s}x" for s in scales) + " |"
    lines = [head, "|---|" + "---|" * len(scales)]
    for label, key in rows:
        lines.append(f"| {label} | " + " | ".join(fmt(res["scales"][s].get(key)) for s in scales) + " |")
    for q in search_bytes.QUERIES:
        lines.append(f"| search bytes before the first result: {q} | " + " | ".join(
            fmt((res["scales"][s].get("search_first_query_bytes") or {}).get(q)) for s in scales) + " |")
    lines.append("")
    lines.append(f"scale_ratio (ours 10x / ours 1x): {fmt(res.get('scale_ratio'))} wall, "
                 f"{fmt(res.get('cpu_scale_ratio'))} CPU time")
    for scale, serve in (res.get("serve") or {}).items():
        lines.append(f"serve rebuild ({scale}x, edit of tooling/README.md → 'Reloading browsers'): "
                     f"median {fmt(serve.get('median_s'))} s, runs {serve.get('runs_s')}")
    m = res.get("many_findings")
    if m and m.get("ok"):
        lines.append(f"5,000 findings: ours {fmt(m['ours_s'])} s, plain {fmt(m['plain_s'])} s, "
                     f"cold {fmt(m['cold_s'])} s; "
                     f"ours/plain CPU {fmt(m['cpu_ours_over_plain'])}, wall {fmt(m['ours_over_plain'])}; "
                     f"cold/warm wall {fmt(m['cold_over_warm'])}; "
                     f"edited/plain CPU {fmt(m.get('cpu_edited_over_plain'))}; "
                     f"peak RSS {fmt(m.get('peak_rss_mb'))} MB")
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
    ap.add_argument("--keep-sites", action="store_true", help="keep each scale's last site of ours")
    ap.add_argument("--no-search", action="store_true",
                    help="skip search_first_query_bytes (Chromium, cold cache, bench/search_bytes.py)")
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
            "cold_s": builds.get("cold", {}).get("median_s"),
            "corpus_stage_s": stage["median_s"],
            "edited_s": builds.get("edited", {}).get("median_s"),
            # any build of ours: a warm one reuses the search index, a cold or edited one runs Pagefind
            "peak_rss_mb": max((b["peak_rss_mb"] for t, b in builds.items()
                                if t in ("ours", "cold", "edited") and b.get("peak_rss_mb")), default=None),
            "pages": ours.get("pages"),
            "site_bytes": ours.get("site_bytes"),
            "max_page_bytes": ours.get("max_page_bytes"),
            "max_page": ours.get("max_page"),
            "search_index_bytes": ours.get("search_index_bytes"),
            "pagefind_bytes": ours.get("pagefind_bytes"),
            "map_s": maps_stage["median_s"],
            **(map_metrics(Path(ours["site_dir"])) if ours.get("site_dir") else {}),
        })
        row.update(ratios(builds))
        row["map_share"] = round(row["map_s"] / row["ours_s"], 4) if row["ours_s"] else None
        row["map_stage"] = maps_stage
        row["corpus_stage_share"] = round(row["corpus_stage_s"] / row["ours_s"], 4) if row["ours_s"] else None
        row["corpus_stage"] = stage
        row["builds"] = builds
        if not args.no_search and ours.get("site_dir"):
            measured = search_bytes.measure(Path(ours["site_dir"]))
            row["search_first_query"] = measured
            row["search_first_query_bytes"] = {q: m.get("bytes") for q, m in measured.items() if isinstance(m, dict)}
            print(f"[bench]   search_first_query_bytes: {row['search_first_query_bytes']}", file=sys.stderr, flush=True)
        res["scales"][str(scale)] = row
        for name, b in builds.items():  # keep results, not the sites
            if b.get("site_dir") and not (args.keep_sites and name == "ours"):
                shutil.rmtree(b["site_dir"], ignore_errors=True)
    s1, s10 = res["scales"].get("1", {}), res["scales"].get("10", {})
    res["scale_ratio"] = round(s10["ours_s"] / s1["ours_s"], 3) if s1.get("ours_s") and s10.get("ours_s") else None
    res["cpu_scale_ratio"] = (round(s10["cpu_s"]["ours"] / s1["cpu_s"]["ours"], 3)
                              if s1.get("ours_s") and s10.get("ours_s") else None)
    res["serve"] = {}
    for scale in ("1", "10") if not args.no_serve and "ours" in args.tools else ():
        if scale in res["scales"]:
            d = args.work / f"scale-{scale}"
            serve = serve_rebuild(d / "project", d / "logs")
            res["serve"][scale] = serve
            print(f"[bench] serve rebuild {scale}x: {serve.get('runs_s')} ok={serve['ok']}", file=sys.stderr,
                  flush=True)
    res["serve_rebuild_s"] = res["serve"].get("1", {}).get("median_s")
    res["serve_rebuild_10x_s"] = res["serve"].get("10", {}).get("median_s")
    res["adversarial"] = None if args.no_adversarial else adversarial.run(args.work / "adversarial", min(args.runs, 3))
    res["many_findings"] = many.run(args.work / "many", min(args.runs, 3), src) if args.many else None
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
